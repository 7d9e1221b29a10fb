/**
 * Possible duplicates within an area, for the coordinator.
 *
 * linkage_pairs holds every pair of live records the model puts at or above the area's review
 * threshold. Training fills it for the whole area; after that, records created or changed since
 * the last look are matched online and their pairs replaced, before the list is shown. Pairs a
 * coordinator has said are not the same person are remembered in linkage_decisions and never
 * listed again.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { rows } from '../../platform/db/database.ts';
import { auditedCommand, type Actor, type RequestContext } from '../../platform/audit/audit.ts';
import { isUuid } from '../../platform/ids.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { youngPersonIdVisible } from '../young-people/index.ts';
import { scoreAgainst } from './area-model.ts';
import { FAMILY_LIKENESS_KEY } from './comparisons.ts';
import type { PairExplanation } from './explain.ts';
import { findMatches } from './online.ts';
import { loadMatchable, personVariants, type MatchablePerson } from './people.ts';
import { getAreaModel, insertPairs, type LoadedModel } from './stored-model.ts';
import { linkageDecisions, linkageModels } from './tables.ts';

/** At most this many changed records are matched before a page is shown (about a second); the rest on the next look. */
const REFRESH_BATCH = 200;

/** Matches records changed since the last look against the area, and replaces their pairs. */
export async function refreshChangedPairs(db: Db, areaId: string): Promise<{ rematched: number; remaining: boolean }> {
  const model = await getAreaModel(db, areaId);
  const startedAt = new Date();
  const [state] = await db.select({ refreshedAt: linkageModels.pairsRefreshedAt }).from(linkageModels).where(eq(linkageModels.areaId, areaId));
  if (!state) return { rematched: 0, remaining: false };
  const changed = await rows<{ id: string; updated_at: string | Date }>(
    db,
    sql`select id, updated_at from young_people where area_id = ${areaId} and updated_at > ${state.refreshedAt} order by updated_at limit ${REFRESH_BATCH}`,
  );
  if (!changed.length) return { rematched: 0, remaining: false };
  const people = await loadMatchable(db, sql`yp.id = any(${`{${changed.map((row) => row.id).join(',')}}`}::uuid[])`);
  const found: Array<{ a: string; b: string; matchProbability: number; matchWeight: number }> = [];
  for (const person of people) {
    if (person.mergedIntoId) continue;
    const { matches } = await findMatches(db, areaId, person, { excludeIds: [person.id], minProbability: model.thresholds.review, limit: 50, explain: false });
    for (const match of matches) {
      const [a, b] = person.id < match.person.id ? [person.id, match.person.id] : [match.person.id, person.id];
      found.push({ a, b, matchProbability: match.matchProbability, matchWeight: match.matchWeight });
    }
  }
  const remaining = changed.length === REFRESH_BATCH;
  const refreshedTo = remaining ? new Date(changed[changed.length - 1]!.updated_at) : startedAt;
  await db.transaction(async (tx) => {
    const ids = `{${changed.map((row) => row.id).join(',')}}`;
    await tx.execute(sql`delete from linkage_pairs where young_person_a = any(${ids}::uuid[]) or young_person_b = any(${ids}::uuid[])`);
    await insertPairs(tx as unknown as Db, areaId, found);
    await tx.update(linkageModels).set({ pairsRefreshedAt: refreshedTo }).where(eq(linkageModels.areaId, areaId));
  });
  return { rematched: people.length, remaining };
}

export interface PairView {
  a: MatchablePerson;
  b: MatchablePerson;
  matchProbability: number;
  matchWeight: number;
  explanation: PairExplanation;
}

/** Scores and explains two held records with the area's model (best way of writing each name). */
export function explainHeldPair(model: LoadedModel, a: MatchablePerson, b: MatchablePerson): { matchProbability: number; matchWeight: number; explanation: PairExplanation } {
  const scored = scoreAgainst(model, personVariants(a), personVariants(b));
  const best = scored.candidates[0];
  if (!best) throw new Error('Nothing to compare');
  return { matchProbability: best.matchProbability, matchWeight: best.matchWeight, explanation: { ...scored.explain(best), leftId: a.id, rightId: b.id } };
}

export const DUPLICATES_PAGE_SIZE = 10;

/**
 * A page of the area's possible duplicates, best first, each explained afresh. Only records the
 * actor may see (the page is for coordinators, who see the area), never pairs marked as not the
 * same person, never merged records. The page that shows them audits the ids shown.
 */
export async function listPossibleDuplicates(db: Db, actor: Actor, page: number): Promise<{ pairs: PairView[]; total: number; model: LoadedModel; stillChecking: boolean }> {
  const { remaining } = await refreshChangedPairs(db, actor.areaId);
  const model = await getAreaModel(db, actor.areaId);
  const where = sql`p.area_id = ${actor.areaId} and p.match_probability >= ${model.thresholds.review}
    and a.merged_into_id is null and b.merged_into_id is null
    and ${youngPersonIdVisible(actor, sql`p.young_person_a`)} and ${youngPersonIdVisible(actor, sql`p.young_person_b`)}
    and not exists (select 1 from linkage_decisions d where d.young_person_a = p.young_person_a and d.young_person_b = p.young_person_b)`;
  const from = sql`from linkage_pairs p join young_people a on a.id = p.young_person_a join young_people b on b.id = p.young_person_b`;
  const [count] = await rows<{ n: number }>(db, sql`select count(*)::int as n ${from} where ${where}`);
  const listed = await rows<{ a: string; b: string }>(
    db,
    sql`select p.young_person_a as a, p.young_person_b as b ${from} where ${where}
        order by p.match_weight desc, p.young_person_a, p.young_person_b limit ${DUPLICATES_PAGE_SIZE} offset ${(page - 1) * DUPLICATES_PAGE_SIZE}`,
  );
  const ids = [...new Set(listed.flatMap((pair) => [pair.a, pair.b]))];
  const people = ids.length ? await loadMatchable(db, sql`yp.id = any(${`{${ids.join(',')}}`}::uuid[])`) : [];
  const byId = new Map(people.map((person) => [person.id, person]));
  const pairs: PairView[] = [];
  for (const pair of listed) {
    const a = byId.get(pair.a);
    const b = byId.get(pair.b);
    if (!a || !b) continue;
    pairs.push({ a, b, ...explainHeldPair(model, a, b) });
  }
  return { pairs, total: count?.n ?? 0, model, stillChecking: remaining };
}

/** At most this many look-alike pairs are shown as kept apart. */
export const KEPT_APART_LIMIT = 10;

/**
 * Records Lantern keeps apart although they agree on a family name, date of birth or address: the
 * pairs where the family likeness (twins, brothers and sisters) pulled the score below the review
 * threshold, so a coordinator can see why two children who look alike are not listed above.
 */
export async function listKeptApart(db: Db, actor: Actor, model: LoadedModel): Promise<PairView[]> {
  const listed = await rows<{ a: string; b: string }>(
    db,
    sql`select a.id as a, b.id as b from young_people a join young_people b
          on b.area_id = a.area_id and b.id > a.id and b.date_of_birth = a.date_of_birth
          and upper(replace(b.postcode, ' ', '')) = upper(replace(a.postcode, ' ', ''))
          and lower(b.family_name) = lower(a.family_name)
        where a.area_id = ${actor.areaId} and a.merged_into_id is null and b.merged_into_id is null
          and ${youngPersonIdVisible(actor, sql`a.id`)} and ${youngPersonIdVisible(actor, sql`b.id`)}
        order by a.family_name, a.id, b.id limit ${KEPT_APART_LIMIT * 3}`,
  );
  const ids = [...new Set(listed.flatMap((pair) => [pair.a, pair.b]))];
  const people = ids.length ? await loadMatchable(db, sql`yp.id = any(${`{${ids.join(',')}}`}::uuid[])`) : [];
  const byId = new Map(people.map((person) => [person.id, person]));
  const pairs: PairView[] = [];
  for (const pair of listed) {
    const a = byId.get(pair.a);
    const b = byId.get(pair.b);
    if (!a || !b) continue;
    const scored = explainHeldPair(model, a, b);
    const likeness = scored.explanation.fields.some((field) => field.key === FAMILY_LIKENESS_KEY);
    if (likeness && scored.matchProbability < model.thresholds.review) pairs.push({ a, b, ...scored });
    if (pairs.length >= KEPT_APART_LIMIT) break;
  }
  return pairs;
}

/** Two live records of the actor's area that the actor may see, for the merge page; null if not. */
export async function visiblePair(db: Db, actor: Actor, firstId: string, secondId: string): Promise<[MatchablePerson, MatchablePerson] | null> {
  if (!isUuid(firstId) || !isUuid(secondId) || firstId === secondId) return null;
  const people = await loadMatchable(
    db,
    sql`yp.id in (${firstId}, ${secondId}) and yp.area_id = ${actor.areaId} and yp.merged_into_id is null and ${youngPersonIdVisible(actor, sql`yp.id`)}`,
  );
  const first = people.find((person) => person.id === firstId);
  const second = people.find((person) => person.id === secondId);
  return first && second ? [first, second] : null;
}

/** Remembers that two records are not the same young person (audited); they are not listed again. */
export async function markNotSamePerson(db: Db, ctx: RequestContext, user: SignedInUser, firstId: string, secondId: string): Promise<boolean> {
  const pair = await visiblePair(db, user, firstId, secondId);
  if (!pair) return false;
  const [a, b] = firstId < secondId ? [firstId, secondId] : [secondId, firstId];
  await auditedCommand(
    db,
    ctx,
    (id: string | null) => ({ action: 'create', recordKind: 'linkage_decision', recordId: id ?? undefined, details: { decision: 'not_same_person', youngPersonA: a, youngPersonB: b } }),
    async (tx) => {
      const [row] = await tx
        .insert(linkageDecisions)
        .values({ areaId: user.areaId, youngPersonA: a, youngPersonB: b, decision: 'not_same_person', decidedByUserId: user.userId })
        .onConflictDoNothing()
        .returning({ id: linkageDecisions.id });
      return row?.id ?? null;
    },
  );
  return true;
}

/** Whether a coordinator has said these two are not the same person. */
export async function isMarkedNotSame(db: Db, firstId: string, secondId: string): Promise<boolean> {
  const [a, b] = firstId < secondId ? [firstId, secondId] : [secondId, firstId];
  const [row] = await db.select({ id: linkageDecisions.id }).from(linkageDecisions).where(and(eq(linkageDecisions.youngPersonA, a), eq(linkageDecisions.youngPersonB, b)));
  return Boolean(row);
}

/**
 * Merging two records of one young person, and undoing it.
 *
 * The surviving record absorbs the other's concerns, chronology, team around the child,
 * identifiers (those of a kind it does not already hold), panel agenda items and emergency-access
 * grants, and gains the other's names as other names. Need-to-know follows the rows: whoever
 * could see the absorbed record through a concern they raised or a place in the team now sees the
 * surviving one. Nothing is deleted: the absorbed record is kept, marked as merged (hidden from
 * lists and search, its address leading to the survivor), and the merge row lists exactly which
 * rows moved, so undoing it moves exactly those rows back.
 *
 * A table that points at a young person must be listed in MERGE_TABLES (or NOT_MOVED_BY_MERGE);
 * a test checks the schema against the two lists.
 */
import { fail, succeed, type Outcome } from '../../platform/outcome.ts';
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { rows } from '../../platform/db/database.ts';
import { auditedCommand, writeAudit, type RequestContext } from '../../platform/audit/audit.ts';
import { isUuid } from '../../platform/ids.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { users } from '../organisation/tables.ts';
import { addChronologyEntry, searchTextFor, displayName, referenceFor, type YoungPersonRow } from '../young-people/index.ts';
import { youngPeople, youngPersonIdentifiers } from '../young-people/tables.ts';
import { refreshLinkageKeys, removeLinkageKeys } from './keys.ts';
import { youngPersonMerges } from './tables.ts';

export interface MergeMoves {
  /** Ids of the rows that moved, per registered table kind. */
  rows: Record<string, string[]>;
  /** Identifiers that moved, with their values, so one changed since can still be given back. */
  identifiers: Array<{ id: string; kind: string; value: string }>;
  /** Other names added to the surviving record. */
  aliasesAdded: string[];
}

export interface MergeTable {
  /** Short name used in the merge record, e.g. "concerns". */
  kind: string;
  /** Table with a young_person_id column and an id primary key. */
  table: string;
  /** For people: "concern", "concerns". */
  singular: string;
  plural: string;
  /** Extra condition on the row (aliased `t`) for it to move; rows failing it stay with the absorbed record. */
  condition?: (survivingId: string) => SQL;
}

/**
 * A row that must not be doubled on the surviving record moves only where the survivor has no row
 * of the same table matching it on `sameAs` (SQL over `s`, the survivor's row, and `t`).
 */
function unlessSurvivorHas(table: string, sameAs?: string): (survivingId: string) => SQL {
  const match = sameAs ? sql.raw(` and ${sameAs}`) : sql``;
  return (survivingId) => sql`not exists (select 1 from ${sql.identifier(table)} s where s.young_person_id = ${survivingId}${match})`;
}

const MERGE_TABLES: MergeTable[] = [
  { kind: 'concerns', table: 'concerns', singular: 'concern', plural: 'concerns' },
  { kind: 'chronology', table: 'chronology_entries', singular: 'chronology entry', plural: 'chronology entries' },
  {
    kind: 'team',
    table: 'team_members',
    singular: 'team member',
    plural: 'team members',
    // A current member already in the surviving record's team stays where it is; past members always move.
    condition: (survivingId) => sql`not (t.removed_at is null and exists (
      select 1 from team_members s where s.young_person_id = ${survivingId} and s.removed_at is null
        and s.agency_id = t.agency_id and s.user_id is not distinct from t.user_id))`,
  },
  // The surviving record keeps its own NHS number (etc.); a different one is shown before merging.
  { kind: 'identifiers', table: 'young_person_identifiers', singular: 'identifier', plural: 'identifiers', condition: unlessSurvivorHas('young_person_identifiers', 's.kind = t.kind') },
  { kind: 'agenda', table: 'agenda_items', singular: 'panel agenda item', plural: 'panel agenda items' },
  { kind: 'panel_referrals', table: 'panel_referrals', singular: 'panel referral', plural: 'panel referrals' },
  { kind: 'panel_actions', table: 'panel_actions', singular: 'panel action', plural: 'panel actions' },
  // Someone already in the group through the surviving record stays there once.
  { kind: 'peer_groups', table: 'peer_group_members', singular: 'peer group membership', plural: 'peer group memberships', condition: unlessSurvivorHas('peer_group_members', 's.peer_group_id = t.peer_group_id and s.removed_at is null') },
  { kind: 'break_glass', table: 'break_glass_accesses', singular: 'emergency access', plural: 'emergency accesses' },
  { kind: 'missing', table: 'missing_episodes', singular: 'missing episode', plural: 'missing episodes' },
  { kind: 'missing_mentions', table: 'missing_episode_mentions', singular: 'place or person mentioned in a missing episode', plural: 'places and people mentioned in missing episodes' },
  { kind: 'return_interviews', table: 'return_interviews', singular: 'return interview', plural: 'return interviews' },
  { kind: 'assessments', table: 'risk_assessments', singular: 'risk assessment', plural: 'risk assessments' },
  // A young person has one draft at a time: the survivor's own draft wins.
  { kind: 'assessment_drafts', table: 'assessment_drafts', singular: 'draft risk assessment', plural: 'draft risk assessments', condition: unlessSurvivorHas('assessment_drafts') },
  { kind: 'intelligence_links', table: 'intelligence_links', singular: 'link to an adult or place of concern', plural: 'links to adults and places of concern' },
  { kind: 'intelligence_subjects', table: 'intelligence_subjects', singular: 'intelligence entry', plural: 'intelligence entries' },
  { kind: 'disruption_subjects', table: 'disruption_subjects', singular: 'disruption or prosecution step', plural: 'disruption and prosecution steps' },
  { kind: 'case_notes', table: 'case_notes', singular: 'case note', plural: 'case notes' },
  // Someone in the absorbed record's network who is the surviving young person stays behind: nobody is in their own network.
  { kind: 'network', table: 'network_members', singular: 'person in the family and network', plural: 'people in the family and network', condition: (survivingId) => sql`t.linked_young_person_id is distinct from ${survivingId}` },
  { kind: 'views_and_wishes', table: 'views_and_wishes', singular: 'entry of their views and wishes', plural: 'entries of their views and wishes' },
  { kind: 'adult_children', table: 'adult_children', singular: 'link to an adult of concern as their parent or carer', plural: 'links to adults of concern as their parent or carer' },
  { kind: 'strategy_meetings', table: 'strategy_meetings', singular: 'strategy meeting', plural: 'strategy meetings' },
  { kind: 'tasks', table: 'casework_tasks', singular: 'task', plural: 'tasks' },
  // A plan's hearings hang on the plan, not on the young person, so they go where it goes.
  { kind: 'court_support', table: 'court_support_plans', singular: 'plan of support for giving evidence in court', plural: 'plans of support for giving evidence in court' },
  { kind: 'closures', table: 'cse_closures', singular: 'closure of CSE work', plural: 'closures of CSE work' },
  { kind: 'reopenings', table: 'cse_reopenings', singular: 're-opening of CSE work', plural: 're-openings of CSE work' },
  // A young person has one transition plan: the survivor's own plan wins.
  { kind: 'transition_plans', table: 'transition_plans', singular: 'transition plan', plural: 'transition plans', condition: unlessSurvivorHas('transition_plans') },
  { kind: 'transition_decisions', table: 'transition_decisions', singular: 'decision at 18', plural: 'decisions at 18' },
  { kind: 'corrections', table: 'record_corrections', singular: 'correction', plural: 'corrections' },
  // A restriction goes with the person: merging never makes a restricted record visible again.
  { kind: 'restrictions', table: 'record_restrictions', singular: 'restriction', plural: 'restrictions' },
  { kind: 'sharing_decisions', table: 'sharing_decisions', singular: 'sharing decision', plural: 'sharing decisions' },
  { kind: 'subject_access', table: 'subject_access_requests', singular: 'subject access request', plural: 'subject access requests' },
];

/**
 * Tables that point at a young person but are not part of what a merge moves: the linkage
 * engine's own bookkeeping, which is rebuilt for the surviving record instead; the figures'
 * history, which stays with the absorbed record (the figures leave merged records out, and two
 * records' periods would overlap); and transfers, which name the record as it was sent or received.
 */
export const NOT_MOVED_BY_MERGE = ['linkage_keys', 'young_person_facts', 'transfers'];

export function mergeTables(): readonly MergeTable[] {
  return MERGE_TABLES;
}

/** Rows of each kind a merge of `absorbedId` into `survivingId` would move now. */
export async function countMovable(db: Db, survivingId: string, absorbedId: string): Promise<Array<{ table: MergeTable; moving: number; staying: number }>> {
  const counts: Array<{ table: MergeTable; moving: number; staying: number }> = [];
  for (const table of MERGE_TABLES) {
    const condition = table.condition ? table.condition(survivingId) : sql`true`;
    const [row] = await rows<{ moving: number; total: number }>(
      db,
      sql`select count(*) filter (where ${condition})::int as moving, count(*)::int as total from ${sql.identifier(table.table)} t where t.young_person_id = ${absorbedId}`,
    );
    counts.push({ table, moving: row?.moving ?? 0, staying: (row?.total ?? 0) - (row?.moving ?? 0) });
  }
  return counts;
}

/** Names of the absorbed record the survivor does not already have (its name and other names). */
export function aliasesToAdd(surviving: Pick<YoungPersonRow, 'givenName' | 'familyName' | 'aliases'>, absorbed: Pick<YoungPersonRow, 'givenName' | 'familyName' | 'aliases'>): string[] {
  const known = new Set([[surviving.givenName, surviving.familyName].filter(Boolean).join(' '), ...surviving.aliases].map((name) => name.trim().toLowerCase()));
  const added: string[] = [];
  for (const name of [[absorbed.givenName, absorbed.familyName].filter(Boolean).join(' '), ...absorbed.aliases]) {
    const trimmed = name.trim();
    if (!trimmed || known.has(trimmed.toLowerCase())) continue;
    known.add(trimmed.toLowerCase());
    added.push(trimmed);
  }
  return added;
}

/** A merge that was made: its id and its M-number. */
export interface Merged {
  mergeId: string;
  number: number;
}

function describeMoves(moves: MergeMoves): string {
  const parts = MERGE_TABLES.map((table) => {
    const n = moves.rows[table.kind]?.length ?? 0;
    return n ? `${n} ${n === 1 ? table.singular : table.plural}` : '';
  }).filter(Boolean);
  return parts.length ? parts.join(', ') : 'nothing else';
}

/**
 * Merges `absorbedId` into `survivingId` (coordinator only; the caller checks the role). Both must
 * be live records of the user's area. Audited on both records, in the same transaction.
 */
/**
 * What differs between two records that a merge must be explained for: a date of birth or a
 * first name written on both and not the same. Empty when neither does.
 */
export function differencesNeedingReason(
  a: { givenName: string | null; dateOfBirth: string | null },
  b: { givenName: string | null; dateOfBirth: string | null },
): string[] {
  const differences: string[] = [];
  if (a.dateOfBirth && b.dateOfBirth && a.dateOfBirth !== b.dateOfBirth) differences.push('dates of birth');
  const first = (name: string | null) => (name ?? '').trim().toLowerCase();
  if (first(a.givenName) && first(b.givenName) && first(a.givenName) !== first(b.givenName)) differences.push('first names');
  return differences;
}

export async function mergeYoungPeople(
  db: Db,
  ctx: RequestContext,
  user: SignedInUser,
  survivingId: string,
  absorbedId: string,
  matchProbability: number | null,
  /** Why the coordinator merged records whose dates of birth or first names differ; kept with the audit. */
  reason: string | null = null,
): Promise<Outcome<Merged>> {
  if (!isUuid(survivingId) || !isUuid(absorbedId) || survivingId === absorbedId) return fail('invalid', { merge: 'Choose two different records' });
  try {
    return await auditedCommand(
      db,
      ctx,
      (result: Outcome<Merged>) => ({
        action: 'update',
        recordKind: 'young_person',
        recordId: survivingId,
        outcome: result.ok ? 'success' : 'failure',
        details: {
          change: 'merge',
          absorbedId,
          ...(result.ok ? { mergeId: result.value.mergeId } : {}),
          ...(reason ? { reason } : {}),
        },
      }),
      async (tx) => {
        // Lock both records, in id order so two merges of the same pair cannot deadlock.
        const locked = await rows<{ id: string }>(
          tx,
          sql`select id from young_people where id in (${survivingId}, ${absorbedId}) and area_id = ${user.areaId} and merged_into_id is null order by id for update`,
        );
        if (locked.length !== 2) return fail('conflict', { merge: 'One of the records has been merged already, or cannot be found' });
        const [surviving] = await tx.select().from(youngPeople).where(eq(youngPeople.id, survivingId));
        const [absorbed] = await tx.select().from(youngPeople).where(eq(youngPeople.id, absorbedId));
        if (!surviving || !absorbed) return fail('conflict', { merge: 'One of the records cannot be found' });

        const moves: MergeMoves = { rows: {}, identifiers: [], aliasesAdded: [] };
        for (const table of MERGE_TABLES) {
          const condition = table.condition ? sql`and ${table.condition(survivingId)}` : sql``;
          if (table.kind === 'identifiers') {
            moves.identifiers = await rows<{ id: string; kind: string; value: string }>(
              tx,
              sql`update young_person_identifiers t set young_person_id = ${survivingId} where t.young_person_id = ${absorbedId} ${condition} returning t.id, t.kind, t.value`,
            );
            moves.rows[table.kind] = moves.identifiers.map((row) => row.id);
            continue;
          }
          const moved = await rows<{ id: string }>(
            tx,
            sql`update ${sql.identifier(table.table)} t set young_person_id = ${survivingId} where t.young_person_id = ${absorbedId} ${condition} returning t.id`,
          );
          moves.rows[table.kind] = moved.map((row) => row.id);
        }
        moves.aliasesAdded = aliasesToAdd(surviving, absorbed);
        const aliases = [...surviving.aliases, ...moves.aliasesAdded];
        const now = new Date();
        await tx
          .update(youngPeople)
          .set({ aliases, searchText: searchTextFor({ givenName: surviving.givenName, familyName: surviving.familyName, aliases }), updatedAt: now })
          .where(eq(youngPeople.id, survivingId));
        await tx.update(youngPeople).set({ mergedIntoId: survivingId, updatedAt: now }).where(eq(youngPeople.id, absorbedId));

        const [merge] = await tx
          .insert(youngPersonMerges)
          .values({ areaId: user.areaId, survivingId, absorbedId, matchProbability, moved: moves, mergedByUserId: user.userId })
          .returning({ id: youngPersonMerges.id, number: youngPersonMerges.number });
        const what = describeMoves(moves);
        await addChronologyEntry(tx, {
          youngPersonId: survivingId,
          occurredAt: now,
          kind: 'record',
          agencyId: user.agencyId,
          sourceKind: 'young_person_merge',
          sourceId: merge!.id,
          summary: `Record ${referenceFor(absorbed.number)} (${displayName(absorbed)}) merged into this record by ${user.name} (merge M-${merge!.number}): ${what} moved here`,
        });
        await addChronologyEntry(tx, {
          youngPersonId: absorbedId,
          occurredAt: now,
          kind: 'record',
          agencyId: user.agencyId,
          sourceKind: 'young_person_merge',
          sourceId: merge!.id,
          summary: `Merged into ${referenceFor(surviving.number)} by ${user.name} (merge M-${merge!.number}): ${what} moved there`,
        });

        await removeLinkageKeys(tx, absorbedId);
        await refreshLinkageKeys(tx, [survivingId]);
        await tx.execute(sql`delete from linkage_pairs where young_person_a = ${absorbedId} or young_person_b = ${absorbedId}`);
        const counts = Object.fromEntries(Object.entries(moves.rows).map(([kind, ids]) => [kind, ids.length]));
        await writeAudit(tx, ctx, { action: 'update', recordKind: 'young_person', recordId: absorbedId, details: { change: 'merged_into', mergeId: merge!.id, survivingId, moved: counts, aliasesAdded: moves.aliasesAdded.length } });
        return succeed({ mergeId: merge!.id, number: merge!.number });
      },
    );
  } catch (error) {
    // The live-merge unique index: the same record was merged by someone else at the same moment.
    if ((error as { code?: string; cause?: { code?: string } }).code === '23505' || (error as { cause?: { code?: string } }).cause?.code === '23505') {
      return fail('conflict', { merge: 'One of the records has just been merged by someone else' });
    }
    throw error;
  }
}

/** How many rows of each kind an undone merge moved back. */
export type Restored = Record<string, number>;

/**
 * Undoes a merge: moves back exactly the rows that moved (those still on the surviving record),
 * removes the other names it added, and makes the absorbed record live again.
 */
export async function undoMerge(db: Db, ctx: RequestContext, user: SignedInUser, mergeId: string): Promise<Outcome<Restored>> {
  if (!isUuid(mergeId)) return fail('not_found', { merge: 'No such merge' });
  return auditedCommand(
    db,
    ctx,
    (result: Outcome<Restored>) => ({ action: 'update', recordKind: 'young_person_merge', recordId: mergeId, outcome: result.ok ? 'success' : 'failure', details: result.ok ? { change: 'merge_undone', restored: result.value } : { change: 'merge_undone' } }),
    async (tx) => {
      const [merge] = await tx
        .select()
        .from(youngPersonMerges)
        .where(and(eq(youngPersonMerges.id, mergeId), eq(youngPersonMerges.areaId, user.areaId)))
        .for('update');
      if (!merge) return fail('not_found', { merge: 'No such merge' });
      if (merge.undoneAt) return fail('conflict', { merge: 'This merge has already been undone' });
      const { survivingId, absorbedId } = merge;
      await rows(tx, sql`select id from young_people where id in (${survivingId}, ${absorbedId}) order by id for update`);
      const [surviving] = await tx.select().from(youngPeople).where(eq(youngPeople.id, survivingId));
      const [absorbed] = await tx.select().from(youngPeople).where(eq(youngPeople.id, absorbedId));
      if (!surviving || !absorbed) return fail('not_found', { merge: 'No such merge' });
      if (surviving.mergedIntoId) {
        const [later] = await tx
          .select({ number: youngPersonMerges.number })
          .from(youngPersonMerges)
          .where(and(eq(youngPersonMerges.absorbedId, survivingId), sql`${youngPersonMerges.undoneAt} is null`));
        return fail('conflict', { merge: `The surviving record has since been merged into another (merge M-${later?.number ?? '?'}). Undo that merge first` });
      }

      const restored: Record<string, number> = {};
      const moves = merge.moved;
      for (const table of MERGE_TABLES) {
        const ids = moves.rows[table.kind] ?? [];
        if (!ids.length) {
          restored[table.kind] = 0;
          continue;
        }
        const back = await rows<{ id: string }>(
          tx,
          sql`update ${sql.identifier(table.table)} t set young_person_id = ${absorbedId} where t.id = any(${`{${ids.join(',')}}`}::uuid[]) and t.young_person_id = ${survivingId} returning t.id`,
        );
        restored[table.kind] = back.length;
      }
      // An identifier replaced on the surviving record since the merge is given back as it was.
      const backIds = new Set(
        (await rows<{ id: string }>(tx, sql`select id from young_person_identifiers where young_person_id = ${absorbedId}`)).map((row) => row.id),
      );
      const lost = moves.identifiers.filter((identifier) => !backIds.has(identifier.id));
      if (lost.length) {
        await tx.insert(youngPersonIdentifiers).values(lost.map((identifier) => ({ youngPersonId: absorbedId, kind: identifier.kind, value: identifier.value })));
        restored.identifiersRecreated = lost.length;
      }
      // Take away exactly the names the merge added (one each), keeping any added since.
      const remaining = [...surviving.aliases];
      for (const alias of moves.aliasesAdded) {
        const at = remaining.indexOf(alias);
        if (at >= 0) remaining.splice(at, 1);
      }
      restored.aliasesRemoved = surviving.aliases.length - remaining.length;
      const now = new Date();
      await tx
        .update(youngPeople)
        .set({ aliases: remaining, searchText: searchTextFor({ givenName: surviving.givenName, familyName: surviving.familyName, aliases: remaining }), updatedAt: now })
        .where(eq(youngPeople.id, survivingId));
      await tx.update(youngPeople).set({ mergedIntoId: null, updatedAt: now }).where(eq(youngPeople.id, absorbedId));
      await tx.update(youngPersonMerges).set({ undoneAt: now, undoneByUserId: user.userId, restored }).where(eq(youngPersonMerges.id, mergeId));
      for (const [youngPersonId, other] of [
        [survivingId, absorbed],
        [absorbedId, surviving],
      ] as const) {
        await addChronologyEntry(tx, {
          youngPersonId,
          occurredAt: now,
          kind: 'record',
          agencyId: user.agencyId,
          sourceKind: 'young_person_merge',
          sourceId: mergeId,
          summary: `Merge M-${merge.number} with ${referenceFor(other.number)} undone by ${user.name}: the records are separate again`,
        });
      }
      await refreshLinkageKeys(tx, [survivingId, absorbedId]);
      await writeAudit(tx, ctx, { action: 'update', recordKind: 'young_person', recordId: absorbedId, details: { change: 'merge_undone', mergeId, survivingId } });
      return succeed(restored);
    },
  );
}

export interface MergeSummary {
  id: string;
  number: number;
  survivingId: string;
  absorbedId: string;
  survivingReference: string;
  absorbedReference: string;
  survivingName: string;
  absorbedName: string;
  mergedAt: Date;
  mergedByName: string | null;
  undoneAt: Date | null;
  undoneByName: string | null;
  matchProbability: number | null;
  moved: Array<{ label: string; count: number }>;
  aliasesAdded: string[];
  restored: Record<string, number> | null;
}

async function summarise(db: Db, where: SQL, limit: number): Promise<MergeSummary[]> {
  const list = await db
    .select({
      merge: youngPersonMerges,
      mergedByName: users.name,
    })
    .from(youngPersonMerges)
    .leftJoin(users, eq(users.id, youngPersonMerges.mergedByUserId))
    .where(where)
    .orderBy(desc(youngPersonMerges.mergedAt))
    .limit(limit);
  if (!list.length) return [];
  const ids = [...new Set(list.flatMap((row) => [row.merge.survivingId, row.merge.absorbedId]))];
  const people = await db
    .select({ id: youngPeople.id, number: youngPeople.number, givenName: youngPeople.givenName, familyName: youngPeople.familyName, aliases: youngPeople.aliases })
    .from(youngPeople)
    .where(sql`${youngPeople.id} = any(${`{${ids.join(',')}}`}::uuid[])`);
  const undoers = await db.select({ id: users.id, name: users.name }).from(users).where(sql`${users.id} = any(${`{${list.map((row) => row.merge.undoneByUserId).filter(Boolean).join(',')}}`}::uuid[])`);
  const person = new Map(people.map((p) => [p.id, p]));
  return list.map(({ merge, mergedByName }) => {
    const surviving = person.get(merge.survivingId);
    const absorbed = person.get(merge.absorbedId);
    return {
      id: merge.id,
      number: merge.number,
      survivingId: merge.survivingId,
      absorbedId: merge.absorbedId,
      survivingReference: surviving ? referenceFor(surviving.number) : '',
      absorbedReference: absorbed ? referenceFor(absorbed.number) : '',
      survivingName: surviving ? displayName(surviving) : '',
      absorbedName: absorbed ? displayName(absorbed) : '',
      mergedAt: merge.mergedAt,
      mergedByName,
      undoneAt: merge.undoneAt,
      undoneByName: undoers.find((u) => u.id === merge.undoneByUserId)?.name ?? null,
      matchProbability: merge.matchProbability,
      moved: MERGE_TABLES.map((table) => ({ label: table.plural, count: merge.moved.rows[table.kind]?.length ?? 0 })),
      aliasesAdded: merge.moved.aliasesAdded,
      restored: merge.restored,
    };
  });
}

/** One merge of the user's area. */
export async function findMerge(db: Db, areaId: string, mergeId: string): Promise<MergeSummary | null> {
  if (!isUuid(mergeId)) return null;
  const [found] = await summarise(db, and(eq(youngPersonMerges.id, mergeId), eq(youngPersonMerges.areaId, areaId))!, 1);
  return found ?? null;
}

/** The area's latest merges, newest first. */
export async function recentMerges(db: Db, areaId: string, limit = 10): Promise<MergeSummary[]> {
  return summarise(db, eq(youngPersonMerges.areaId, areaId), limit);
}

/**
 * Possible duplicate adults of concern: the same person recorded twice, often under a street name
 * by one agency and a full name by another. Candidates come from blocking on the linkage engine's
 * phonetic codes and nickname groups of every name and alias word, and from shared identifiers;
 * each is explained. Pairs an officer has decided are "not the same person" are not shown again.
 */
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../platform/db/database.ts';
import { auditedCommand, type RequestContext } from '../../platform/audit/audit.ts';
import { isUuid } from '../../platform/ids.ts';
import { jaroWinkler, nicknameCanonicals, normaliseText, phoneticCode } from '../linkage/index.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { recordsIntelligence } from './policy.ts';
import { adultDuplicateDecisions } from './tables.ts';
import { RECORD_IDENTIFIER_KINDS, adultReference, label } from './vocab.ts';

export interface DuplicatePair {
  a: { id: string; reference: string; name: string };
  b: { id: string; reference: string; name: string };
  reasons: string[];
  /** Higher is more likely the same person: shared identifiers count most. */
  strength: number;
}

/** A name word shared by more adults than this says nothing (e.g. "man", "known"). */
const MAX_PER_KEY = 50;
const SIMILAR_NAME = 0.9;
const IGNORED_WORDS = new Set(['man', 'known', 'as', 'the', 'big', 'little', 'lil', 'unknown', 'male', 'adult']);

function nameVariants(name: string, aliases: string[]): string[] {
  return [name, ...aliases].map((n) => normaliseText(n)).filter(Boolean);
}

function blockingKeys(names: string[]): Set<string> {
  const keys = new Set<string>();
  for (const name of names) {
    for (const word of name.split(' ')) {
      if (word.length < 3 || IGNORED_WORDS.has(word)) continue;
      keys.add(`p:${phoneticCode(word)}`);
      for (const canonical of nicknameCanonicals(word)) keys.add(`n:${canonical}`);
    }
  }
  return keys;
}

export async function possibleDuplicateAdults(db: Db, viewer: SignedInUser, limit = 100): Promise<DuplicatePair[]> {
  if (!recordsIntelligence(viewer)) return [];
  const [adults, shared, decided] = await Promise.all([
    rows<{ id: string; number: number; name: string; aliases: string[] }>(db, sql`select id, number::int as number, name, aliases from adults_of_concern where area_id = ${viewer.areaId} and merged_into_id is null`),
    rows<{ a: string; b: string; kind: string; as_typed: string }>(
      db,
      sql`select x.adult_id as a, y.adult_id as b, x.kind, x.as_typed from record_identifiers x
            join record_identifiers y on y.area_id = x.area_id and y.match_key = x.match_key and y.adult_id > x.adult_id
           where x.area_id = ${viewer.areaId} and x.adult_id is not null and x.match_key is not null limit 5000`,
    ),
    rows<{ a: string; b: string }>(db, sql`select adult_id as a, other_adult_id as b from adult_duplicate_decisions where area_id = ${viewer.areaId}`),
  ]);
  const byId = new Map(adults.map((a) => [a.id, { ...a, names: nameVariants(a.name, a.aliases) }]));
  const notSame = new Set(decided.map((d) => `${d.a}|${d.b}`));
  const pairs = new Map<string, { a: string; b: string; reasons: Set<string>; strength: number }>();
  const pairOf = (x: string, y: string) => {
    const [a, b] = x < y ? [x, y] : [y, x];
    const key = `${a}|${b}`;
    if (notSame.has(key)) return null;
    let pair = pairs.get(key);
    if (!pair) pairs.set(key, (pair = { a, b, reasons: new Set(), strength: 0 }));
    return pair;
  };
  for (const s of shared) {
    if (!byId.has(s.a) || !byId.has(s.b)) continue;
    const pair = pairOf(s.a, s.b);
    if (!pair) continue;
    pair.reasons.add(`Same ${label(RECORD_IDENTIFIER_KINDS, s.kind, 'identifier').toLowerCase()} (${s.as_typed})`);
    pair.strength += 2;
  }
  const blocks = new Map<string, string[]>();
  for (const adult of byId.values()) for (const key of blockingKeys(adult.names)) blocks.set(key, [...(blocks.get(key) ?? []), adult.id]);
  const compared = new Set<string>();
  for (const members of blocks.values()) {
    if (members.length < 2 || members.length > MAX_PER_KEY) continue;
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        const [x, y] = [members[i]!, members[j]!];
        const key = x < y ? `${x}|${y}` : `${y}|${x}`;
        if (compared.has(key)) continue;
        compared.add(key);
        const [ax, ay] = [byId.get(x)!, byId.get(y)!];
        let best = 0;
        let bestPair = ['', ''];
        for (const n1 of ax.names) for (const n2 of ay.names) {
          const score = jaroWinkler(n1, n2);
          if (score > best) [best, bestPair] = [score, [n1, n2]];
        }
        if (best < SIMILAR_NAME) continue;
        const pair = pairOf(x, y);
        if (!pair) continue;
        pair.reasons.add(best === 1 ? `Same name (${bestPair[0]})` : `Similar names (${bestPair[0]} and ${bestPair[1]})`);
        pair.strength += best;
      }
    }
  }
  const view = (id: string) => {
    const a = byId.get(id)!;
    return { id, reference: adultReference(a.number), name: a.name };
  };
  return [...pairs.values()]
    .sort((p, q) => q.strength - p.strength)
    .slice(0, limit)
    .map((p) => ({ a: view(p.a), b: view(p.b), reasons: [...p.reasons], strength: Math.round(p.strength * 100) / 100 }));
}

/** Remembers that two adults are not the same person, so the pair is not suggested again. */
export async function markNotSamePerson(db: Db, ctx: RequestContext, user: SignedInUser, first: string, second: string): Promise<boolean> {
  if (!recordsIntelligence(user) || !isUuid(first) || !isUuid(second) || first === second) return false;
  const [a, b] = first < second ? [first, second] : [second, first];
  const found = await rows<{ n: number }>(db, sql`select count(*)::int as n from adults_of_concern where area_id = ${user.areaId} and id in (${a}::uuid, ${b}::uuid)`);
  if (found[0]?.n !== 2) return false;
  await auditedCommand(db, ctx, { action: 'create', recordKind: 'adult_duplicate_decision', details: { adultIds: [a, b], decision: 'not_same_person' } }, async (tx) => {
    await tx.insert(adultDuplicateDecisions).values({ areaId: user.areaId, adultId: a, otherAdultId: b, decidedByUserId: user.userId }).onConflictDoNothing();
  });
  return true;
}

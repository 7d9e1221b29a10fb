/**
 * Online matching: one person against an area's records held in PostgreSQL.
 *
 *   1. the person's blocking keys (the same function that filled linkage_keys);
 *   2. one query: an indexed equality look-up per key (keys shared by very many records, like
 *      "Smith born 2011", are dropped as a batch run drops them), the records sharing the most
 *      keys first, joined to their details;
 *   3. every candidate scored in TypeScript with the area's stored model, best first, each with
 *      its explanation.
 *
 * `possibleMatchExists` answers only yes or no (a practitioner naming a new young person must
 * learn nothing of the other record); `suggestMatches` gives ranked candidates with explanations
 * to users who may see them (triage), only among records they may see, and is audited.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { rows } from '../../platform/db/database.ts';
import { auditRead, type Actor, type RequestContext } from '../../platform/audit/audit.ts';
import { youngPersonIdVisible, displayName, referenceFor } from '../young-people/index.ts';
import { scoreAgainst } from './area-model.ts';
import type { PairExplanation } from './explain.ts';
import { arrayLiteral } from './keys.ts';
import { fromDetails, keysForPerson, MATCHABLE_COLUMNS, matchableFromRow, personVariants, type MatchableDetails, type MatchablePerson } from './people.ts';
import { getAreaModel, type Thresholds } from './stored-model.ts';

/** A key shared by more records than this is too common to say anything; the other keys decide. */
export const MAX_RECORDS_PER_KEY = 300;
/** At most this many candidates (those sharing the most keys) are scored. */
export const MAX_CANDIDATES = 500;

export interface OnlineMatch {
  person: MatchablePerson;
  matchProbability: number;
  matchWeight: number;
  explanation: PairExplanation | null;
}

export interface OnlineMatchResult {
  matches: OnlineMatch[];
  thresholds: Thresholds;
  /** Candidates found by the key look-ups and scored. */
  candidates: number;
  keys: number;
}

export interface FindOptions {
  /** Only records this user may see (need-to-know applied in the query). Omit for the area as a whole. */
  visibleTo?: Actor;
  /** How many matches to return (best first); default 10. */
  limit?: number;
  /** Leave out matches below this probability; default 0. */
  minProbability?: number;
  /** Explain the matches returned; default true. */
  explain?: boolean;
  /** Records never to return (the person themselves, when matching a held record). */
  excludeIds?: string[];
  referenceDate?: Date;
  /**
   * Also take as candidates records with a name or other name spelt like one of these (trigram
   * index on search_text): details as thin as a single nickname have no blocking keys, yet a
   * coordinator triaging "a girl called Mimsy, about 14" must still see who that may be.
   */
  names?: string[];
}

/** Candidate records for these keys, by indexed look-ups on linkage_keys. */
async function candidatesFor(db: Db, areaId: string, keys: string[], options: FindOptions): Promise<MatchablePerson[]> {
  const names = (options.names ?? []).map((name) => name.trim().toLowerCase()).filter((name) => name.length >= 2);
  const nameHits: SQL = names.length
    ? sql`union all
          select 'name:' || q.name, h.id
          from unnest(${arrayLiteral(names)}::text[]) as q(name)
          cross join lateral (
            select yp.id from young_people yp where yp.area_id = ${areaId} and q.name <% yp.search_text limit ${MAX_RECORDS_PER_KEY + 1}
          ) h`
    : sql``;
  const visible: SQL = options.visibleTo ? sql`and ${youngPersonIdVisible(options.visibleTo, sql`yp.id`)}` : sql``;
  const excluded: SQL = options.excludeIds?.length ? sql`and yp.id <> all(${`{${options.excludeIds.join(',')}}`}::uuid[])` : sql``;
  const found = await rows<Parameters<typeof matchableFromRow>[0]>(
    db,
    sql`with hits as (
          select q.key, h.young_person_id
          from unnest(${arrayLiteral(keys)}::text[]) as q(key)
          cross join lateral (
            select lk.young_person_id from linkage_keys lk where lk.area_id = ${areaId} and lk.key = q.key limit ${MAX_RECORDS_PER_KEY + 1}
          ) h
          ${nameHits}
        ),
        usable as (select key from hits group by key having count(*) <= ${MAX_RECORDS_PER_KEY}),
        ranked as (
          select young_person_id, count(*) as shared from hits where key in (select key from usable)
          group by young_person_id order by shared desc limit ${MAX_CANDIDATES}
        )
        select ${MATCHABLE_COLUMNS}
        from ranked r join young_people yp on yp.id = r.young_person_id
        where yp.area_id = ${areaId} and yp.merged_into_id is null ${excluded} ${visible}`,
  );
  return found.map(matchableFromRow);
}

/** Matches one person against an area's records, best first. */
export async function findMatches(db: Db, areaId: string, person: MatchablePerson, options: FindOptions = {}): Promise<OnlineMatchResult> {
  const referenceDate = options.referenceDate ?? new Date();
  const model = await getAreaModel(db, areaId);
  const keys = keysForPerson(person, referenceDate);
  if (keys.length === 0 && !options.names?.length) return { matches: [], thresholds: model.thresholds, candidates: 0, keys: 0 };
  const candidates = await candidatesFor(db, areaId, keys, options);
  if (candidates.length === 0) return { matches: [], thresholds: model.thresholds, candidates: 0, keys: keys.length };
  const byId = new Map(candidates.map((candidate) => [candidate.id, candidate]));
  const scored = scoreAgainst(model, personVariants(person, referenceDate), candidates.flatMap((candidate) => personVariants(candidate, referenceDate)), referenceDate);
  const minProbability = options.minProbability ?? 0;
  const explain = options.explain ?? true;
  const matches: OnlineMatch[] = [];
  for (const candidate of scored.candidates) {
    if (matches.length >= (options.limit ?? 10) || candidate.matchProbability < minProbability) break;
    const held = byId.get(candidate.id);
    if (!held) continue;
    matches.push({
      person: held,
      matchProbability: candidate.matchProbability,
      matchWeight: candidate.matchWeight,
      explanation: explain ? relabel(scored.explain(candidate), person.id, held.id) : null,
    });
  }
  return { matches, thresholds: model.thresholds, candidates: candidates.length, keys: keys.length };
}

/** Explanations name the two young people, not the variants compared. */
function relabel(explanation: PairExplanation, leftId: string, rightId: string): PairExplanation {
  return { ...explanation, leftId, rightId };
}

/**
 * Whether the area already holds someone who may be this new young person (at or above the
 * area's review threshold). Only yes or no: nothing of the other record is returned, so a
 * practitioner naming a young person learns nothing they may not see; the coordinator links it.
 */
export async function possibleMatchInArea(db: Db, areaId: string, details: MatchableDetails): Promise<boolean> {
  const { matches, thresholds } = await findMatches(db, areaId, fromDetails('new', details), { limit: 1, explain: false });
  const best = matches[0];
  return best !== undefined && best.matchProbability >= thresholds.review;
}

export type MatchBand = 'likely' | 'possible' | 'unlikely';

export interface MatchSuggestion {
  youngPersonId: string;
  /** YP-<number>. */
  reference: string;
  name: string;
  aliases: string[];
  dateOfBirth: string | null;
  estimatedAge: number | null;
  postcode: string | null;
  matchProbability: number;
  matchWeight: number;
  /** likely: at or above the area's auto-suggest threshold; possible: at or above review; unlikely: below. */
  band: MatchBand;
  /** Which fields agreed, how closely, and what each contributed (bits of match weight). */
  explanation: PairExplanation;
}

export interface SuggestOptions {
  /** For the audit row (ip, request id); the actor is taken from `actor`. */
  ctx?: RequestContext;
  limit?: number;
  /** Suggestions below this probability are left out; default 0.01. */
  minProbability?: number;
  /** When the details were given: an approximate age is an age on that day (default today). */
  detailsAsOf?: Date;
  /** What the audit row says the look-up was for (ids only); default { purpose: 'match_suggestions' }. */
  auditDetails?: Record<string, unknown>;
}

export function bandFor(probability: number, thresholds: Thresholds): MatchBand {
  if (probability >= thresholds.autoSuggest) return 'likely';
  if (probability >= thresholds.review) return 'possible';
  return 'unlikely';
}

/**
 * Ranked match suggestions for a young person named in a concern (for triage): only among the
 * records `actor` may see, best first, each with its explanation. The look-up is audited (ids
 * and counts only).
 */
export async function suggestMatches(db: Db, actor: Actor, personDetails: MatchableDetails, options: SuggestOptions = {}): Promise<MatchSuggestion[]> {
  const person = { ...fromDetails('new', personDetails), estimatedAgeAt: options.detailsAsOf?.toISOString().slice(0, 10) ?? null };
  const { matches, thresholds } = await findMatches(db, actor.areaId, person, {
    visibleTo: actor,
    names: [personDetails.givenName, personDetails.familyName, ...(personDetails.aliases ?? [])].filter((name): name is string => Boolean(name)),
    limit: options.limit ?? 10,
    minProbability: options.minProbability ?? 0.01,
  });
  const suggestions = matches.map((match) => ({
    youngPersonId: match.person.id,
    reference: referenceFor(match.person.number ?? 0),
    name: displayName({ givenName: match.person.givenName, familyName: match.person.familyName, aliases: match.person.aliases, number: match.person.number ?? 0 }),
    aliases: match.person.aliases,
    dateOfBirth: match.person.dateOfBirth,
    estimatedAge: match.person.estimatedAge,
    postcode: match.person.postcode,
    matchProbability: match.matchProbability,
    matchWeight: match.matchWeight,
    band: bandFor(match.matchProbability, thresholds),
    explanation: match.explanation!,
  }));
  await auditRead(db, options.ctx ? { ...options.ctx, actor } : { actor, ip: null, requestId: null }, {
    action: 'search',
    recordKind: 'young_person',
    details: { ...(options.auditDetails ?? { purpose: 'match_suggestions' }), resultCount: suggestions.length, resultIds: suggestions.map((s) => s.youngPersonId) },
  });
  return suggestions;
}

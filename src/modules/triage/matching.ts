import type { Db } from '../../platform/db/database.ts';
import type { Actor, RequestContext } from '../../platform/audit/audit.ts';
import { parseNhsNumber, parseUpn } from '../identifiers/index.ts';
import type { ConcernSubject } from '../concerns/tables.ts';
import { suggestMatches, type MatchSuggestion } from '../linkage/index.ts';
import type { MatchableDetails } from '../linkage/index.ts';

/**
 * Match suggestions for linking a concern to a young person already held come from the linkage
 * engine (the same model that finds possible duplicates), so the coordinator sees one way of
 * judging "is this the same young person": a probability and, field by field, what agreed and
 * what it counted for.
 */

export const MATCH_LIMIT = 10;
/** Below this the engine thinks a candidate is almost certainly someone else: not worth a row. */
export const MIN_MATCH_PROBABILITY = 0.01;

const clean = (value: string | undefined | null) => (value ?? '').trim().replace(/\s+/g, ' ');

/** What the practitioner typed, as the engine reads it; identifiers that fail their check digit are dropped. */
export function matchDetailsFrom(subject: ConcernSubject): MatchableDetails | null {
  const nhs = subject.nhsNumber ? parseNhsNumber(subject.nhsNumber) : null;
  const upn = subject.upn ? parseUpn(subject.upn) : null;
  const details: MatchableDetails = {
    givenName: clean(subject.givenName) || null,
    familyName: clean(subject.familyName) || null,
    aliases: (subject.aliases ?? []).map(clean).filter(Boolean).slice(0, 20),
    dateOfBirth: subject.dateOfBirth && /^\d{4}-\d{2}-\d{2}$/.test(subject.dateOfBirth) ? subject.dateOfBirth : null,
    estimatedAge: typeof subject.estimatedAge === 'number' && Number.isFinite(subject.estimatedAge) ? Math.round(subject.estimatedAge) : null,
    postcode: clean(subject.postcode) || null,
    gender: subject.gender ?? 'not_recorded',
    nhsNumber: nhs?.ok ? nhs.value : null,
    upn: upn?.ok ? upn.value : null,
  };
  const named = details.givenName || details.familyName || details.aliases?.length;
  return named || details.dateOfBirth || details.nhsNumber || details.upn ? details : null;
}

/**
 * Up to `limit` young people the coordinator may see who may be the subject of a concern, most
 * likely first. An approximate age is read as the age on the day the concern was raised. The
 * look-up is audited with the concern's id and the ids found, never the names typed.
 */
export async function matchSuggestions(
  db: Db,
  ctx: RequestContext & { actor: Actor },
  concern: { id: string; subject: ConcernSubject; submittedAt: Date },
  limit = MATCH_LIMIT,
): Promise<MatchSuggestion[]> {
  const details = matchDetailsFrom(concern.subject);
  if (!details) return [];
  return suggestMatches(db, ctx.actor, details, {
    ctx,
    limit,
    minProbability: MIN_MATCH_PROBABILITY,
    detailsAsOf: concern.submittedAt,
    auditDetails: { purpose: 'triage_match', concernId: concern.id },
  });
}

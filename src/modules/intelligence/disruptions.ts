/**
 * The disruption and prosecution log: each step is a row, linked to adults, places and young
 * people, and written into each young person's chronology in the same transaction.
 */
import { fail, succeed, type Outcome } from '../../platform/outcome.ts';
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../platform/db/database.ts';
import { auditedCommand, type RequestContext } from '../../platform/audit/audit.ts';
import { MAX_FREE_TEXT, isOneOf, type FieldErrors } from '../../platform/http/forms.ts';
import { isUuid } from '../../platform/ids.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { addChronologyEntry, youngPersonIdVisible } from '../young-people/index.ts';
import { readSubjects } from './entries.ts';
import { adultIdVisible, disruptionVisible, placeIdVisible, recordsIntelligence } from './policy.ts';
import { readDate, recordExists, type RecordRef } from './records.ts';
import { disruptions, disruptionSubjects } from './tables.ts';
import { DISRUPTION_KINDS, DISRUPTION_OUTCOMES, adultReference, disruptionReference, type DisruptionKind } from './vocab.ts';

export interface DisruptionInput {
  kind: DisruptionKind;
  occurredOn: string;
  details: string | null;
  outcome: keyof typeof DISRUPTION_OUTCOMES | null;
  outcomeReason: string | null;
  supportGiven: string | null;
  followsId: string | null;
  subjects: RecordRef[];
}

const str = (raw: Record<string, unknown>, name: string) => (typeof raw[name] === 'string' ? (raw[name] as string).trim() : '');

function longText(raw: Record<string, unknown>, name: string, labelText: string, errors: FieldErrors): string | null {
  const value = str(raw, name);
  if (value.length > MAX_FREE_TEXT) errors[name] = `${labelText} must be ${MAX_FREE_TEXT.toLocaleString('en-GB')} characters or fewer`;
  return value || null;
}

export function readDisruption(raw: Record<string, unknown>): { input: DisruptionInput | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const kind = str(raw, 'kind');
  if (!isOneOf(DISRUPTION_KINDS, kind)) errors.kind = 'Choose what was done';
  const occurredOn = readDate(raw, 'occurredOn', 'Date', errors, { required: true, notFuture: true });
  const details = longText(raw, 'details', 'Details', errors);
  const outcomeText = str(raw, 'outcome');
  let outcome: DisruptionInput['outcome'] = null;
  if (kind === 'outcome') {
    if (!isOneOf(DISRUPTION_OUTCOMES, outcomeText)) errors.outcome = 'Choose the outcome: conviction, acquittal or no further action';
    else outcome = outcomeText as DisruptionInput['outcome'];
  }
  const outcomeReason = longText(raw, 'outcomeReason', 'The reason', errors);
  if ((outcome === 'no_further_action' || outcome === 'acquittal') && !outcomeReason) errors.outcomeReason = 'Enter the reason given for the outcome';
  const supportGiven = longText(raw, 'supportGiven', 'Support given', errors);
  const followsText = str(raw, 'followsId');
  if (followsText && !isUuid(followsText)) errors.followsId = 'Choose the earlier step from the list';
  if ((kind === 'cawn_served' || kind === 'cawn_breached') && !followsText) errors.followsId = 'Choose the notice this step follows';
  const subjects = readSubjects(raw.subjects);
  if (!subjects) errors.subjects = 'Choose the records this step concerns from the list';
  else if (!subjects.some((s) => s.kind === 'adult') && kind.startsWith('cawn')) errors.subjects = 'Choose the adult the notice was issued to';
  else if (!subjects.length) errors.subjects = 'Choose at least one adult, place or young person this step concerns';
  if (Object.keys(errors).length) return { input: null, errors };
  return { input: { kind: kind as DisruptionKind, occurredOn: occurredOn!, details, outcome, outcomeReason, supportGiven, followsId: followsText || null, subjects: subjects! }, errors };
}

export type DisruptionRow = typeof disruptions.$inferSelect;

/** Records one step. A step dated before an adult it concerns was known is kept, with a warning. */
export async function recordDisruption(db: Db, ctx: RequestContext, user: SignedInUser, input: DisruptionInput): Promise<Outcome<DisruptionRow & { warnings: string[] }>> {
  if (!recordsIntelligence(user)) return fail('forbidden', { role: 'Only intelligence officers and coordinators record disruption and prosecution' });
  for (const subject of input.subjects) {
    if (!(await recordExists(db, user, subject))) return fail('invalid', { subjects: 'Choose records that exist in your area' });
  }
  if (input.followsId) {
    const [earlier] = await rows<{ id: string }>(db, sql`select d.id from disruptions d where d.id = ${input.followsId} and ${disruptionVisible(user)}`);
    if (!earlier) return fail('invalid', { followsId: 'Choose an earlier step recorded in your area' });
  }
  const adultIds = input.subjects.filter((s) => s.kind === 'adult').map((s) => s.id);
  const earlyFor = adultIds.length
    ? await rows<{ number: number; known_since: string }>(
        db,
        sql`select number::int as number, known_since::text as known_since from adults_of_concern where id in (${sql.join(adultIds.map((id) => sql`${id}::uuid`), sql`, `)}) and known_since > ${input.occurredOn}::date order by number`,
      )
    : [];
  const warnings = earlyFor.map((a) => `This is dated before ${adultReference(Number(a.number))} was known to the partnership (known since ${a.known_since}). It has been kept; check the date is right.`);
  const adultNumbers = adultIds.length ? await rows<{ number: number }>(db, sql`select number::int as number from adults_of_concern where id in (${sql.join(adultIds.map((id) => sql`${id}::uuid`), sql`, `)}) order by number`) : [];
  const row = await auditedCommand(db, ctx, { action: 'create', recordKind: 'disruption', details: { kind: input.kind, subjects: input.subjects, datedBeforeKnown: warnings.length > 0 } }, async (tx) => {
    const [created] = await tx
      .insert(disruptions)
      .values({ areaId: user.areaId, kind: input.kind, occurredOn: input.occurredOn, details: input.details, outcome: input.outcome, outcomeReason: input.outcomeReason, supportGiven: input.supportGiven, followsId: input.followsId, recordedByUserId: user.userId, recordedByAgencyId: user.agencyId })
      .returning();
    await tx.insert(disruptionSubjects).values(input.subjects.map((s) => ({ disruptionId: created!.id, adultId: s.kind === 'adult' ? s.id : null, placeId: s.kind === 'place' ? s.id : null, youngPersonId: s.kind === 'young_person' ? s.id : null })));
    const about = adultNumbers.length ? `, concerning ${adultNumbers.map((a) => adultReference(Number(a.number))).join(', ')}` : '';
    for (const yp of input.subjects.filter((s) => s.kind === 'young_person')) {
      await addChronologyEntry(tx, {
        youngPersonId: yp.id,
        occurredAt: new Date(`${input.occurredOn}T12:00:00Z`),
        kind: 'disruption',
        agencyId: user.agencyId,
        sourceKind: 'disruption',
        sourceId: created!.id,
        summary: `${DISRUPTION_KINDS[input.kind]} (${disruptionReference(created!.number)})${about}${input.outcome ? `: ${DISRUPTION_OUTCOMES[input.outcome].toLowerCase()}` : ''}`,
      });
    }
    return created!;
  });
  return succeed({ ...row, warnings });
}

export interface DisruptionForViewer {
  id: string;
  number: number;
  kind: string;
  occurredOn: string;
  details: string | null;
  outcome: string | null;
  outcomeReason: string | null;
  supportGiven: string | null;
  followsId: string | null;
  followsNumber: number | null;
}

/** Steps the viewer may see concerning any of the given records (all of the area's when null), newest first. */
export async function disruptionsFor(db: Db, viewer: SignedInUser, about: RecordRef[] | null, limit = 200): Promise<DisruptionForViewer[]> {
  if (about && !about.length) return [];
  const aboutCondition = about
    ? sql`and exists (select 1 from disruption_subjects s where s.disruption_id = d.id and (${sql.join(
        about.map((r) => (r.kind === 'adult' ? sql`s.adult_id = ${r.id}` : r.kind === 'place' ? sql`s.place_id = ${r.id}` : sql`s.young_person_id = ${r.id}`)),
        sql` or `,
      )}))`
    : sql``;
  const found = await rows<{ id: string; number: number; kind: string; occurred_on: string; details: string | null; outcome: string | null; outcome_reason: string | null; support_given: string | null; follows_id: string | null; follows_number: number | null }>(
    db,
    sql`select d.id, d.number::int as number, d.kind, d.occurred_on::text as occurred_on, d.details, d.outcome, d.outcome_reason, d.support_given, d.follows_id, f.number::int as follows_number
          from disruptions d left join disruptions f on f.id = d.follows_id
         where ${disruptionVisible(viewer)} ${aboutCondition}
         order by d.occurred_on desc, d.number desc limit ${limit}`,
  );
  return found.map((d) => ({ id: d.id, number: Number(d.number), kind: d.kind, occurredOn: d.occurred_on, details: d.details, outcome: d.outcome, outcomeReason: d.outcome_reason, supportGiven: d.support_given, followsId: d.follows_id, followsNumber: d.follows_number === null ? null : Number(d.follows_number) }));
}

export interface DisruptionStep {
  id: string;
  number: number;
  kind: string;
  occurred_on: string;
  details: string | null;
  outcome: string | null;
  outcome_reason: string | null;
  support_given: string | null;
  follows_number: number | null;
  follows_id: string | null;
}

export interface DisruptionSubject {
  kind: string;
  id: string;
  label: string;
  known_since: string | null;
  href: string;
  visible: boolean;
}

/** One step the viewer may see, with every record it concerns marked as visible to them or not; null when not theirs to see. */
export async function disruptionWithSubjects(db: Db, viewer: SignedInUser, id: string): Promise<{ step: DisruptionStep; subjects: DisruptionSubject[] } | null> {
  if (!isUuid(id)) return null;
  const [step] = await rows<DisruptionStep>(
    db,
    sql`select d.id, d.number::int as number, d.kind, d.occurred_on::text as occurred_on, d.details, d.outcome, d.outcome_reason, d.support_given, d.follows_id, f.number::int as follows_number
          from disruptions d left join disruptions f on f.id = d.follows_id where d.id = ${id} and ${disruptionVisible(viewer)}`,
  );
  if (!step) return null;
  const subjects = await rows<DisruptionSubject>(
    db,
    sql`select 'adult' as kind, a.id, a.name || ' (A-' || a.number || ')' as label, a.known_since::text as known_since, '/intelligence/adults/' || a.id as href,
               ${adultIdVisible(viewer, sql`a.id`, sql`a.area_id`)} as visible
          from disruption_subjects s join adults_of_concern a on a.id = s.adult_id where s.disruption_id = ${id}
        union all
        select 'place', p.id, p.name || ' (P-' || p.number || ')', null, '/intelligence/places/' || p.id, ${placeIdVisible(viewer, sql`p.id`, sql`p.area_id`)}
          from disruption_subjects s join places_of_concern p on p.id = s.place_id where s.disruption_id = ${id}
        union all
        select 'young_person', y.id, coalesce(nullif(trim(coalesce(y.given_name, '') || ' ' || coalesce(y.family_name, '')), ''), 'YP-' || y.number), null, '/young-people/' || y.id,
               ${youngPersonIdVisible(viewer, sql`y.id`)}
          from disruption_subjects s join young_people y on y.id = s.young_person_id where s.disruption_id = ${id}`,
  );
  return { step, subjects };
}

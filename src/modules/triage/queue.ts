import { UK_TIME_ZONE_SQL } from '../../platform/time.ts';
import { and, asc, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { rows } from '../../platform/db/database.ts';
import { agencies } from '../organisation/tables.ts';
import { youngPeople } from '../young-people/tables.ts';
import { concerns, type ConcernSubject } from '../concerns/tables.ts';
import type { TriageSettings } from './settings.ts';
import { subtractWorkingHours, workingHoursBetween } from './working-hours.ts';

/** Concerns waiting for triage are those submitted and not yet decided (drafts live in concern_drafts). */
export const AWAITING_TRIAGE = 'new';

export const QUEUE_PAGE_SIZE = 50;

export interface QueueCounts {
  waiting: number;
  urgent: number;
  overTarget: number;
  /** When the longest-waiting concern was submitted. */
  oldest: Date | null;
}

/** What the queue may be narrowed to: concerns over the target, or urgent ones. */
export type QueueFilter = 'late' | 'urgent' | null;

/**
 * The queue's headline numbers. "Over target" is counted in SQL by turning the target into a
 * cut-off instant: every concern submitted before it has waited longer than the target in working time.
 */
export async function queueCounts(db: Db, areaId: string, settings: TriageSettings, now = new Date()): Promise<QueueCounts> {
  const cutoff = subtractWorkingHours(now, settings.targetWorkingHours);
  const [row] = await rows<QueueCounts>(
    db,
    sql`select count(*)::int as "waiting", min(${concerns.submittedAt}) as "oldest",
               (count(*) filter (where ${concerns.urgent}))::int as "urgent",
               (count(*) filter (where ${concerns.submittedAt} < ${cutoff.toISOString()}::timestamptz))::int as "overTarget"
          from ${concerns}
         where ${concerns.areaId} = ${areaId} and ${concerns.status} = ${AWAITING_TRIAGE}`,
  );
  return { waiting: Number(row?.waiting ?? 0), urgent: Number(row?.urgent ?? 0), overTarget: Number(row?.overTarget ?? 0), oldest: row?.oldest ? new Date(row.oldest) : null };
}

/** One page of the queue: urgent first, then oldest first. */
export async function queuePage(db: Db, areaId: string, page: number, filter: { show: QueueFilter; lateBefore: Date } = { show: null, lateBefore: new Date(0) }) {
  const narrowed = filter.show === 'urgent' ? eq(concerns.urgent, true) : filter.show === 'late' ? lt(concerns.submittedAt, filter.lateBefore) : undefined;
  const list = await db
    .select({
      id: concerns.id,
      number: concerns.number,
      submittedAt: concerns.submittedAt,
      urgent: concerns.urgent,
      immediateDanger: concerns.immediateDanger,
      possibleMatch: concerns.possibleMatch,
      subjectKind: concerns.subjectKind,
      subject: concerns.subject,
      youngPersonId: concerns.youngPersonId,
      raisedByAgencyId: concerns.raisedByAgencyId,
      agencyName: agencies.name,
      yp: { number: youngPeople.number, givenName: youngPeople.givenName, familyName: youngPeople.familyName, aliases: youngPeople.aliases },
    })
    .from(concerns)
    .innerJoin(agencies, eq(agencies.id, concerns.raisedByAgencyId))
    .leftJoin(youngPeople, eq(youngPeople.id, concerns.youngPersonId))
    .where(and(eq(concerns.areaId, areaId), eq(concerns.status, AWAITING_TRIAGE), narrowed))
    .orderBy(desc(concerns.urgent), asc(concerns.submittedAt), asc(concerns.number))
    .limit(QUEUE_PAGE_SIZE + 1)
    .offset((page - 1) * QUEUE_PAGE_SIZE);
  return { concerns: list.slice(0, QUEUE_PAGE_SIZE), hasNext: list.length > QUEUE_PAGE_SIZE };
}

export interface FeedbackTimes {
  /** Concerns raised in the period that have had feedback. */
  withFeedback: number;
  /** Concerns raised in the period still waiting for any feedback. */
  withoutFeedback: number;
  /** Elapsed (not working) hours from submission to first feedback. */
  medianHours: number | null;
  p90Hours: number | null;
}

export const FEEDBACK_PERIOD_DAYS = 90;

/** Median and 90th percentile time from a concern to its first feedback, over concerns raised in the last 90 days. */
export async function feedbackTimes(db: Db, areaId: string, days = FEEDBACK_PERIOD_DAYS): Promise<FeedbackTimes> {
  const times = await feedbackTimesWhere(db, sql`area_id = ${areaId} and submitted_at >= now() - make_interval(days => ${days}::int)`);
  return { withFeedback: times.withFeedback, withoutFeedback: times.withoutFeedback, medianHours: times.medianHours, p90Hours: times.p90Hours };
}

export interface FeedbackTimesWithBands extends FeedbackTimes {
  /** Concerns with feedback, by how long it took: a day or less, more than a day up to three, longer. */
  bands: { withinDay: number; withinThreeDays: number; later: number };
}

/**
 * The same measure over concerns received between two UK days (inclusive) in one or more areas,
 * optionally only those one agency raised: the problem profile's figure.
 */
export async function feedbackTimesBetween(db: Db, areaIds: string[], from: string, to: string, agencyId: string | null = null): Promise<FeedbackTimesWithBands> {
  if (!areaIds.length) return { withFeedback: 0, withoutFeedback: 0, medianHours: null, p90Hours: null, bands: { withinDay: 0, withinThreeDays: 0, later: 0 } };
  const areas = sql.join(areaIds.map((id) => sql`${id}::uuid`), sql`, `);
  return feedbackTimesWhere(
    db,
    sql`area_id in (${areas})
        and submitted_at >= ((${from}::date)::timestamp at time zone ${UK_TIME_ZONE_SQL})
        and submitted_at < (((${to}::date + 1))::timestamp at time zone ${UK_TIME_ZONE_SQL})
        ${agencyId ? sql`and raised_by_agency_id = ${agencyId}::uuid` : sql``}`,
  );
}

async function feedbackTimesWhere(db: Db, where: SQL): Promise<FeedbackTimesWithBands> {
  const [row] = await rows<{ with_feedback: number; without_feedback: number; hours: Array<number | string | null> | null; within_day: number; within_three_days: number; later: number }>(
    db,
    sql`select (count(*) filter (where first_feedback_at is not null))::int as with_feedback,
               (count(*) filter (where first_feedback_at is null))::int as without_feedback,
               -- both percentiles from one sort
               percentile_cont(array[0.5, 0.9]) within group (order by extract(epoch from first_feedback_at - submitted_at) / 3600)::float8[] as hours,
               (count(*) filter (where first_feedback_at - submitted_at <= interval '1 day'))::int as within_day,
               (count(*) filter (where first_feedback_at - submitted_at > interval '1 day' and first_feedback_at - submitted_at <= interval '3 days'))::int as within_three_days,
               (count(*) filter (where first_feedback_at - submitted_at > interval '3 days'))::int as later
          from concerns
         where ${where}`,
  );
  const num = (v: number | string | null | undefined) => (v === null || v === undefined ? null : Number(v));
  return {
    withFeedback: Number(row?.with_feedback ?? 0),
    withoutFeedback: Number(row?.without_feedback ?? 0),
    medianHours: num(row?.hours?.[0]),
    p90Hours: num(row?.hours?.[1]),
    bands: { withinDay: Number(row?.within_day ?? 0), withinThreeDays: Number(row?.within_three_days ?? 0), later: Number(row?.later ?? 0) },
  };
}

/** Who a concern is about, in words for the coordinator's queue: the record's name, or what was typed. */
export function typedSubjectSummary(subject: ConcernSubject, subjectKind: string): string {
  const name = [subject.givenName, subject.familyName].filter(Boolean).join(' ');
  const age = subject.dateOfBirth ? '' : subject.estimatedAge ? `, about ${subject.estimatedAge}` : '';
  if (name) return `${name}${subject.aliases?.length ? ` (‘${subject.aliases[0]}’)` : ''}${age}`;
  if (subject.aliases?.length) return `Known as ‘${subject.aliases[0]}’${age}`;
  if (subject.description) {
    const d = subject.description.trim();
    return d.length > 80 ? `${d.slice(0, 80)}…` : d;
  }
  return subjectKind === 'unidentified' ? 'Not yet identified' : 'No details given';
}

/**
 * Concerns received between two UK days (inclusive) in an area, and how many of them were triaged
 * within the area's target in working hours (the self-assessment's measure of timely triage).
 */
export async function triageTimesBetween(db: Db, areaId: string, from: string, to: string, settings: TriageSettings): Promise<{ received: number; triaged: number; withinTarget: number; targetWorkingHours: number }> {
  const found = await rows<{ submitted_at: Date | string; triaged_at: Date | string | null }>(
    db,
    sql`select submitted_at, triaged_at from concerns
         where area_id = ${areaId}
           and submitted_at >= ((${from}::date)::timestamp at time zone ${UK_TIME_ZONE_SQL})
           and submitted_at < (((${to}::date + 1))::timestamp at time zone ${UK_TIME_ZONE_SQL})`,
  );
  let triaged = 0;
  let withinTarget = 0;
  for (const c of found) {
    if (!c.triaged_at) continue;
    triaged += 1;
    if (workingHoursBetween(new Date(c.submitted_at), new Date(c.triaged_at)) <= settings.targetWorkingHours) withinTarget += 1;
  }
  return { received: found.length, triaged, withinTarget, targetWorkingHours: settings.targetWorkingHours };
}

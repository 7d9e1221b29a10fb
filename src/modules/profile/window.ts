/**
 * What a profile counts over: a period (from and to, whole UK days, both inclusive) or a snapshot
 * (the young people open to CSE work on one day), for one area or several (a combined profile),
 * optionally narrowed to one agency (an agency lead sees their agency's part).
 */
import { sql, type SQL } from 'drizzle-orm';
import { addDays, isIsoDate, londonDayStartSql, londonToday, UK_TIME_ZONE_SQL } from '../../platform/time.ts';

export interface Scope {
  areaIds: string[];
  /** Only concerns this agency raised and young people whose team around the child includes it. */
  agencyId?: string | null;
}

export type Window = { kind: 'period'; from: string; to: string } | { kind: 'snapshot'; date: string };

/** The last twelve whole months up to today: the default period. */
export function defaultPeriod(now = new Date()): { from: string; to: string } {
  const to = londonToday(now);
  const from = addDays(`${String(Number(to.slice(0, 4)) - 1)}${to.slice(4)}`.replace(/-02-29$/, '-02-28'), 1);
  return { from, to };
}

/** The day the window's people are described on (their age and risk level then). */
export function referenceDate(window: Window): string {
  return window.kind === 'period' ? window.to : window.date;
}

/** The instant the window ends (exclusive): the start of the day after its last day. */
export function windowEnd(window: Window): SQL {
  return londonDayStartSql(addDays(referenceDate(window), 1));
}

export function areaCondition(column: SQL, scope: Scope): SQL {
  if (!scope.areaIds.length) return sql`false`;
  return sql`${column} in (${sql.join(scope.areaIds.map((id) => sql`${id}::uuid`), sql`, `)})`;
}

/** Young people (alias yp) open to CSE work in the window, in the scope. Merged-away records never count. */
export function openYoungPeopleCondition(scope: Scope, window: Window): SQL {
  const opened = sql`coalesce(yp.opened_on, (yp.created_at at time zone ${UK_TIME_ZONE_SQL})::date)`;
  const open =
    window.kind === 'period'
      ? sql`${opened} <= ${window.to}::date and (yp.closed_on is null or yp.closed_on >= ${window.from}::date)`
      : sql`${opened} <= ${window.date}::date and (yp.closed_on is null or yp.closed_on > ${window.date}::date)`;
  const agency = scope.agencyId
    ? sql` and exists (select 1 from team_members tm where tm.young_person_id = yp.id and tm.agency_id = ${scope.agencyId}::uuid and tm.removed_at is null)`
    : sql``;
  return sql`${areaCondition(sql`yp.area_id`, scope)} and yp.merged_into_id is null and ${open}${agency}`;
}

/** Concerns (alias c) received in a period, in the scope. */
export function concernsInPeriodCondition(scope: Scope, period: { from: string; to: string }): SQL {
  const agency = scope.agencyId ? sql` and c.raised_by_agency_id = ${scope.agencyId}::uuid` : sql``;
  return sql`${areaCondition(sql`c.area_id`, scope)} and c.submitted_at >= ${londonDayStartSql(period.from)} and c.submitted_at < ${londonDayStartSql(addDays(period.to, 1))}${agency}`;
}

export interface PeriodInput {
  from: string;
  to: string;
}

/** Checks a period typed or sent by a user: real dates, in order, not more than ten years. */
export function validatePeriod(input: { from?: string; to?: string }, now = new Date()): { period: PeriodInput; errors: Record<string, string> } {
  const fallback = defaultPeriod(now);
  const from = (input.from ?? '').trim() || fallback.from;
  const to = (input.to ?? '').trim() || fallback.to;
  const errors: Record<string, string> = {};
  if (!isIsoDate(from)) errors.from = 'Enter the start of the period as a real date, like 2026-01-31';
  if (!isIsoDate(to)) errors.to = 'Enter the end of the period as a real date, like 2026-12-31';
  if (!errors.from && !errors.to) {
    if (from > to) errors.to = 'The end of the period must be the same as or after its start';
    else if (Date.parse(to) - Date.parse(from) > 3660 * 86_400_000) errors.to = 'A period can be at most ten years long';
  }
  return { period: { from, to }, errors };
}

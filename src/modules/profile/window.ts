/**
 * What a profile counts over: a period (from and to, whole UK days, both inclusive) or a snapshot
 * (the young people open to CSE work on one day), for one area or several (a combined profile),
 * optionally narrowed to one agency (an agency lead sees their agency's part).
 */
import { sql, type SQL } from 'drizzle-orm';
import { addDays, isIsoDate, londonDayStartSql, londonToday } from '../../platform/time.ts';

export interface Scope {
  areaIds: string[];
  /** Only concerns this agency raised and young people whose team around the child includes it. */
  agencyId?: string | null;
}

/**
 * Which history a window is counted from: as known now (every correction since, the default), or
 * as it was known at the end of the window (only what had been recorded by then, as it then stood).
 */
export type Known = 'now' | 'then';

export type Window = ({ kind: 'period'; from: string; to: string } | { kind: 'snapshot'; date: string }) & { known?: Known };

export function knownOf(window: Window): Known {
  return window.known === 'then' ? 'then' : 'now';
}

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

/**
 * History rows (alias f) as the window reads them: as known now, the rows no later entry has
 * superseded; as known then, the rows recorded by the end of the window and not yet superseded at
 * that moment (decision record 0029).
 */
export function historyCondition(window: Window): SQL {
  if (knownOf(window) === 'now') return sql`f.superseded_at is null`;
  const end = windowEnd(window);
  return sql`f.recorded_at < ${end} and (f.superseded_at is null or f.superseded_at >= ${end})`;
}

/** Each young person's facts on one day, as one jsonb object per young person (young_person_id, v). */
export function factsOnDay(scope: Scope, window: Window, day: string): SQL {
  return sql`select f.young_person_id, jsonb_object_agg(f.fact, f.value) as v from young_person_facts f
              where ${areaCondition(sql`f.area_id`, scope)} and f.valid_from <= ${day}::date and (f.valid_to is null or f.valid_to > ${day}::date) and ${historyCondition(window)}
              group by f.young_person_id`;
}

/**
 * The young people open to CSE work in the window, by their history: (young_person_id, first_open):
 * on the snapshot's day, or in the period (closed on its first day counts: work went on that day),
 * with the first day they were ever open. A record closed on the day it was opened was never open.
 */
export function openInWindow(scope: Scope, window: Window): SQL {
  const from = window.kind === 'period' ? window.from : window.date;
  const to = window.kind === 'period' ? window.to : window.date;
  return sql`select f.young_person_id, min(f.valid_from) as first_open from young_person_facts f
              where ${areaCondition(sql`f.area_id`, scope)} and f.fact = 'cse_work' and f.value = '"open"'::jsonb and ${historyCondition(window)} and f.valid_from <= ${to}::date
              group by f.young_person_id
             having bool_or(f.valid_to is null or f.valid_to ${window.kind === 'period' ? sql`>=` : sql`>`} ${from}::date)`;
}

/** With the window's facts joined as df (young_people yp): the agency's part, by the team on the window's last day. Merged-away records never count. */
export function openYoungPeopleCondition(scope: Scope): SQL {
  const agency = scope.agencyId ? sql` and coalesce(df.v ->> ${`team:${scope.agencyId}`}, '') = 'true'` : sql``;
  return sql`${areaCondition(sql`yp.area_id`, scope)} and yp.merged_into_id is null${agency}`;
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

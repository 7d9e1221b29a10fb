/**
 * The history behind the figures (decision record 0029): every fact the profile counts, with the
 * days it held and the day Lantern was told.
 *
 * `recordFactChanges` is the one function to call when a counted fact changes on a day other than
 * today, or when the caller wants to say so explicitly (closing and re-opening CSE work, a change
 * entered late, an import of past history). It writes the history through the database's
 * lantern_set_fact and brings the record's current columns in line with what the history says for
 * today, all inside the caller's transaction. Plain writes to the record's columns (forms, risk
 * levels, team changes) need nothing more: the database writes their history in the same
 * transaction, dated the day they are recorded.
 */
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../platform/db/database.ts';
import { fail, succeed, type Outcome } from '../../platform/outcome.ts';
import { isIsoDate, londonDate, now } from '../../platform/time.ts';
import { LIVING_ARRANGEMENTS, MONITORING_FIELDS, PRIOR_INVOLVEMENT, YES_NO } from './monitoring.ts';
import { RISK_LEVEL_SCALE } from './risk-levels.ts';

/** What may be counted on a past day. `m:<key>` is one monitoring answer; `team:<agency id>` an agency in the team around the child. */
export type CountedFact = 'cse_work' | 'closure_reason' | 'level' | 'living_arrangement' | 'looked_after' | 'prior_involvement' | 'earlier_missing_episodes' | `m:${string}` | `team:${string}`;

export type FactValue = string | string[] | number | boolean | null;

export interface FactChange {
  fact: CountedFact;
  /** null: not recorded from that day (a team agency: no longer in the team). */
  value: FactValue;
}

export interface FactTiming {
  /** The UK day the change took effect (YYYY-MM-DD): today or earlier, not before the young person was known. */
  effectiveFrom: string;
  /** When Lantern was told: now, unless history entered from another system says otherwise. */
  recordedAt?: Date;
}

/** Words for a fact in messages (import columns use the fact's own name). */
export function factLabel(fact: string): string {
  const labels: Record<string, string> = {
    cse_work: 'Open to CSE work',
    closure_reason: 'Reason CSE work closed',
    level: 'Risk level',
    living_arrangement: 'Living arrangement',
    looked_after: 'Looked after',
    prior_involvement: 'Earlier children’s services involvement',
    earlier_missing_episodes: 'Missing episodes before Lantern',
  };
  if (labels[fact]) return labels[fact]!;
  if (fact.startsWith('m:')) return MONITORING_FIELDS.find((f) => f.key === fact.slice(2))?.label ?? fact;
  if (fact.startsWith('team:')) return 'Team around the child';
  return fact;
}

/** Checks a value against what the fact may hold: a message, or null when it is allowed. */
export function factValueProblem(fact: string, value: FactValue): string | null {
  if (value === null) return null;
  const oneOf = (options: Array<{ value: string }>) => (typeof value === 'string' && options.some((o) => o.value === value) ? null : `must be one of ${options.map((o) => o.value).join(', ')}`);
  switch (fact) {
    case 'cse_work':
      return value === 'open' || value === 'closed' ? null : 'must be open or closed';
    case 'closure_reason':
      return typeof value === 'string' && value.length > 0 && value.length <= 200 ? null : 'must be a short reason of 200 characters or fewer';
    case 'level':
      return oneOf(RISK_LEVEL_SCALE.map((l) => ({ value: l.id })));
    case 'living_arrangement':
      return oneOf(LIVING_ARRANGEMENTS);
    case 'looked_after':
      return oneOf(YES_NO);
    case 'prior_involvement':
      return oneOf(PRIOR_INVOLVEMENT);
    case 'earlier_missing_episodes':
      return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 1000 ? null : 'must be a whole number from 0 to 1000';
  }
  if (fact.startsWith('team:')) return value === true ? null : 'must be true (in the team) or null (left it)';
  if (fact.startsWith('m:')) {
    const field = MONITORING_FIELDS.find((f) => f.key === fact.slice(2));
    if (!field) return 'is not a monitoring question Lantern knows';
    if (field.kind === 'many') return Array.isArray(value) && value.every((v) => field.options.some((o) => o.value === v)) ? null : `must be a list of ${field.options.map((o) => o.value).join(', ')}`;
    return oneOf(field.kind === 'yes_no' ? YES_NO : field.options);
  }
  return 'is not a fact the figures count';
}

/** The first day a young person was known: the earlier of the day CSE work opened and the day the record was made. */
export async function knownFrom(db: Db, youngPersonId: string): Promise<{ areaId: string; knownFrom: string } | null> {
  const [found] = await rows<{ area_id: string; known_from: string }>(
    db,
    sql`select area_id::text as area_id, to_char(least(coalesce(opened_on, (created_at at time zone 'Europe/London')::date), (created_at at time zone 'Europe/London')::date), 'YYYY-MM-DD') as known_from
          from young_people where id = ${youngPersonId}::uuid`,
  );
  return found ? { areaId: found.area_id, knownFrom: found.known_from } : null;
}

/**
 * Records that from `effectiveFrom` each fact has the value given (until the next change already on
 * record), as told to Lantern at `recordedAt`. Refused, with nothing written, when the day is not
 * a real day, is in the future or is before the young person was known, or a value is not one the
 * fact may hold: the errors name the fact. Runs inside the caller's transaction.
 */
export async function recordFactChanges(tx: Db, youngPersonId: string, changes: FactChange[], timing: FactTiming): Promise<Outcome<undefined, 'invalid'>> {
  const recordedAt = timing.recordedAt ?? now();
  const errors: Record<string, string> = {};
  const person = await knownFrom(tx, youngPersonId);
  if (!person) return fail('invalid', { youngPersonId: 'There is no such young person' });
  const day = timing.effectiveFrom;
  if (!isIsoDate(day)) errors.effectiveFrom = 'The day the change took effect must be a real date, like 2026-03-31';
  else if (day > londonDate(recordedAt)) errors.effectiveFrom = 'The day the change took effect cannot be after the day it is recorded';
  else if (day < person.knownFrom) errors.effectiveFrom = `The day the change took effect cannot be before the young person was known (${person.knownFrom})`;
  for (const change of changes) {
    const problem = factValueProblem(change.fact, change.value);
    if (problem) errors[change.fact] = `${factLabel(change.fact)} ${problem}`;
  }
  if (Object.keys(errors).length) return fail('invalid', errors);
  await setFacts(tx, youngPersonId, person.areaId, changes, day, recordedAt);
  await syncCurrentColumns(tx, youngPersonId, changes.map((c) => c.fact));
  return succeed();
}

async function setFacts(tx: Db, youngPersonId: string, areaId: string, changes: FactChange[], day: string, recordedAt: Date) {
  for (const change of changes) {
    const value = change.value === null ? sql`null::jsonb` : sql`${JSON.stringify(change.value)}::jsonb`;
    await tx.execute(sql`select lantern_set_fact(${youngPersonId}::uuid, ${areaId}::uuid, ${change.fact}, ${value}, ${day}::date, ${recordedAt.toISOString()}::timestamptz)`);
  }
}

/**
 * The record's columns say what holds today. After a change written as history (perhaps dated
 * earlier than a later change already on record), they are set from the history, with the
 * triggers told not to write it again.
 */
async function syncCurrentColumns(tx: Db, youngPersonId: string, facts: string[]) {
  const today = sql`(now() at time zone 'Europe/London')::date`;
  const factNow = (fact: string) => sql`(select f.value from young_person_facts f where f.young_person_id = yp.id and f.fact = ${fact} and f.superseded_at is null and f.valid_from <= ${today} and (f.valid_to is null or f.valid_to > ${today}) limit 1)`;
  const text = (fact: string, column: string) => sql`${sql.raw(column)} = coalesce(${factNow(fact)} #>> '{}', 'not_recorded')`;
  const sets = [];
  const touched = new Set(facts);
  if (touched.has('living_arrangement')) sets.push(text('living_arrangement', 'living_arrangement'));
  if (touched.has('looked_after')) sets.push(text('looked_after', 'looked_after'));
  if (touched.has('prior_involvement')) sets.push(text('prior_involvement', 'prior_involvement'));
  if (touched.has('earlier_missing_episodes')) sets.push(sql`earlier_missing_episodes = (${factNow('earlier_missing_episodes')} #>> '{}')::int`);
  if (touched.has('level')) sets.push(sql`risk_level = ${factNow('level')} #>> '{}'`);
  if (facts.some((f) => f.startsWith('m:'))) {
    sets.push(sql`monitoring = coalesce((select jsonb_object_agg(substr(f.fact, 3), f.value) from young_person_facts f where f.young_person_id = yp.id and f.fact like 'm:%' and f.superseded_at is null and f.valid_from <= ${today} and (f.valid_to is null or f.valid_to > ${today})), '{}'::jsonb)`);
  }
  if (touched.has('cse_work')) {
    const closedSince = sql`(select f.valid_from from young_person_facts f where f.young_person_id = yp.id and f.fact = 'cse_work' and f.superseded_at is null and f.value = '"closed"'::jsonb and f.valid_from <= ${today} and (f.valid_to is null or f.valid_to > ${today}) limit 1)`;
    const firstOpen = sql`(select min(f.valid_from) from young_person_facts f where f.young_person_id = yp.id and f.fact = 'cse_work' and f.superseded_at is null and f.value = '"open"'::jsonb)`;
    sets.push(sql`closed_on = ${closedSince}`, sql`opened_on = coalesce(yp.opened_on, ${firstOpen})`);
  }
  if (!sets.length) return;
  await tx.execute(sql`select set_config('lantern.facts_sync', 'on', true)`);
  await tx.execute(sql`update young_people yp set ${sql.join(sets, sql`, `)}, updated_at = now() where yp.id = ${youngPersonId}::uuid`);
  await tx.execute(sql`select set_config('lantern.facts_sync', 'off', true)`);
}

export interface FactPeriod {
  fact: CountedFact;
  value: FactValue;
  from: string;
  /** The first day it no longer held (null: still holds, or until the next period of the fact). */
  to: string | null;
}

/**
 * Checks periods of history given all at once (an import): real days, each ending after it begins,
 * none before `knownFrom` or after `today`, and no two periods of one fact overlapping. Each
 * problem names the fact and the period.
 */
export function periodProblems(periods: FactPeriod[], knownFromDay: string, today: string): string[] {
  const problems: string[] = [];
  const describe = (p: FactPeriod) => `${p.fact} from ${p.from}${p.to ? ` to ${p.to}` : ''}`;
  for (const p of periods) {
    if (!isIsoDate(p.from) || (p.to !== null && !isIsoDate(p.to))) problems.push(`${describe(p)}: the days must be real dates, like 2011-06-06`);
    else if (p.to !== null && p.to <= p.from) problems.push(`${describe(p)}: the period ends before it begins`);
    else if (p.from < knownFromDay) problems.push(`${describe(p)}: begins before the young person was known (${knownFromDay})`);
    else if (p.from > today) problems.push(`${describe(p)}: begins in the future`);
    const valueProblem = factValueProblem(p.fact, p.value);
    if (valueProblem) problems.push(`${describe(p)}: ${factLabel(p.fact).toLowerCase()} ${valueProblem}`);
  }
  const byFact = new Map<string, FactPeriod[]>();
  for (const p of periods) byFact.set(p.fact, [...(byFact.get(p.fact) ?? []), p]);
  for (const list of byFact.values()) {
    const sorted = [...list].sort((a, b) => a.from.localeCompare(b.from));
    for (let i = 1; i < sorted.length; i++) {
      const before = sorted[i - 1]!;
      const after = sorted[i]!;
      if (before.from === after.from || before.to === null || before.to > after.from) problems.push(`${describe(after)}: overlaps ${describe(before)}${before.to === null ? ' (which has no end)' : ''}`);
    }
  }
  return problems;
}

/** Writes checked periods (periodProblems first) in order of their start, each ending where it says. */
export async function recordFactPeriods(tx: Db, youngPersonId: string, periods: FactPeriod[], recordedAt = now()): Promise<void> {
  const person = await knownFrom(tx, youngPersonId);
  if (!person) throw new Error('recordFactPeriods: no such young person');
  const sorted = [...periods].sort((a, b) => a.from.localeCompare(b.from) || a.fact.localeCompare(b.fact));
  for (const [i, p] of sorted.entries()) {
    await setFacts(tx, youngPersonId, person.areaId, [{ fact: p.fact, value: p.value }], p.from, recordedAt);
    const followed = sorted.slice(i + 1).some((q) => q.fact === p.fact && q.from === p.to);
    if (p.to !== null && !followed) await setFacts(tx, youngPersonId, person.areaId, [{ fact: p.fact, value: null }], p.to, recordedAt);
  }
  await syncCurrentColumns(tx, youngPersonId, [...new Set(periods.map((p) => p.fact))]);
}

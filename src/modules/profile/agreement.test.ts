/**
 * The profile, the snapshot and the return agree with counts computed here, directly, for every
 * category including "not recorded": on the demo area and on a generated area of 3,000 young
 * people (some of them closed, so the period and the day differ). The counts below are written
 * independently of sections.ts: SQL with jsonb functions per monitoring answer, group-by queries
 * for the columns with fixed lists, and ages and overlooked groups worked out in TypeScript from
 * the rows.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { createTestLantern, type TestLantern } from '../../test-support/index.ts';
import { rows, type Db } from '../../platform/db/database.ts';
import { areas } from '../organisation/tables.ts';
import { AGENCY_KINDS } from '../../platform/auth/roles.ts';
import { generateArea } from '../demo/generate.ts';
import { ETHNICITIES, GENDERS, LIVING_ARRANGEMENTS, MONITORING_FIELDS, PRIOR_INVOLVEMENT, YES_NO } from '../young-people/monitoring.ts';
import { buildReturn } from '../returns/build.ts';
import { SMALL, WITHHELD } from '../returns/suppression.ts';
import { fullGrid } from './figure-table.ts';
import { buildProfile, findTable, type Profile } from './profile.ts';
import { AGE_BANDS, BME_VALUES, RISK_LEVELS } from './sections.ts';
import type { Window } from './window.ts';

let lantern: TestLantern;
let demoAreaId: string;
let generatedAreaId: string;
const ctx = { actor: null, ip: null, requestId: 'test' };

before(async () => {
  lantern = await createTestLantern();
  const [demo] = await lantern.db.select({ id: areas.id }).from(areas).where(eq(areas.code, 'NBR'));
  demoAreaId = demo!.id;
  ({ areaId: generatedAreaId } = await generateArea(lantern.db, ctx, { youngPeople: 3_000, concerns: 6_000, seed: 11, areaCode: 'AGR' }));
  // Close a tenth of the generated records at different dates, so being open in a period and on a day differ.
  await lantern.db.execute(sql`update young_people set closed_on = opened_on + ((abs(hashtext(id::text)) % 700) || ' days')::interval
                               where area_id = ${generatedAreaId} and abs(hashtext(id::text)) % 10 = 0`);
});
after(async () => lantern?.close());

interface Person {
  id: string;
  gender: string;
  ethnicity: string;
  living_arrangement: string;
  prior_involvement: string;
  date_of_birth: string | null;
  estimated_age: number | null;
  estimated_age_at: string | null;
  created_on: string;
  risk_level: string | null;
  monitoring: Record<string, unknown>;
}

/** Open in the window, written as plainly as possible (a record closed on the day it opened was never open). */
function openSql(areaId: string, window: Window) {
  const opened = sql`coalesce(opened_on, (created_at at time zone 'Europe/London')::date)`;
  const everOpen = sql`(closed_on is null or closed_on > ${opened})`;
  return window.kind === 'period'
    ? sql`area_id = ${areaId} and merged_into_id is null and ${everOpen} and ${opened} <= ${window.to}::date and (closed_on is null or closed_on >= ${window.from}::date)`
    : sql`area_id = ${areaId} and merged_into_id is null and ${everOpen} and ${opened} <= ${window.date}::date and (closed_on is null or closed_on > ${window.date}::date)`;
}

async function count(db: Db, where: ReturnType<typeof sql>): Promise<number> {
  const [row] = await rows<{ n: number }>(db, sql`select count(*)::int as n from young_people where ${where}`);
  return row!.n;
}

function ageOn(p: Person, onDate: string): number | null {
  const years = (from: string) => {
    const [y1, m1, d1] = from.split('-').map(Number) as [number, number, number];
    const [y2, m2, d2] = onDate.split('-').map(Number) as [number, number, number];
    return y2 - y1 - (m2 < m1 || (m2 === m1 && d2 < d1) ? 1 : 0);
  };
  if (p.date_of_birth) return years(p.date_of_birth);
  if (p.estimated_age !== null) return p.estimated_age + years(p.estimated_age_at ?? p.created_on);
  return null;
}

function profileCounts(profile: Profile, tableId: string): Map<string, number[]> {
  const t = findTable(profile, tableId);
  assert.ok(t, `the profile has the table ${tableId}`);
  return new Map(fullGrid(t).rows.map((r) => [r.key, r.values]));
}

async function checkPeople(areaId: string, window: Window) {
  const db = lantern.db;
  const profile = await buildProfile(db, { areaIds: [areaId] }, window);
  const where = openSql(areaId, window);
  const people = await rows<Person>(
    db,
    sql`select id, gender, ethnicity, living_arrangement, prior_involvement, date_of_birth::text, estimated_age, estimated_age_at::text,
               (created_at at time zone 'Europe/London')::date::text as created_on, risk_level, monitoring
          from young_people where ${where}`,
  );
  const total = people.length;
  assert.ok(total > 0, 'someone is open');
  const onDate = window.kind === 'period' ? window.to : window.date;

  // Monitoring answers: one SQL count per category, with jsonb functions rather than operators.
  for (const field of MONITORING_FIELDS) {
    const got = profileCounts(profile, `monitoring_${field.key}`);
    const notRecorded = await count(db, sql`${where} and not jsonb_exists(monitoring, ${field.key})`);
    assert.equal(got.get('not_recorded')![0], notRecorded, `${field.key}: not recorded`);
    if (field.kind === 'many') {
      for (const option of field.options) {
        const expected = await count(db, sql`${where} and jsonb_exists(monitoring, ${field.key}) and jsonb_exists(monitoring -> ${field.key}, ${option.value})`);
        assert.equal(got.get(option.value)![0], expected, `${field.key}: ${option.value}`);
      }
      const none = await count(db, sql`${where} and jsonb_typeof(monitoring -> ${field.key}) = 'array' and jsonb_array_length(monitoring -> ${field.key}) = 0`);
      assert.equal(got.get('none')![0], none, `${field.key}: none`);
      assert.equal(got.get('young_people')![0], total);
    } else {
      for (const option of field.kind === 'yes_no' ? YES_NO : field.options) {
        const expected = await count(db, sql`${where} and monitoring ->> ${field.key} = ${option.value}`);
        assert.equal(got.get(option.value)![0], expected, `${field.key}: ${option.value}`);
      }
      assert.equal(got.get('total')![0], total, `${field.key}: the rows add up to everyone`);
    }
  }

  // Columns with a fixed list: group by, and anything off the list is "not recorded".
  const fixed: Array<[string, string, string[], (v: string) => string]> = [
    ['gender', 'gender', GENDERS.map((g) => g.value), (v) => v],
    ['living_arrangement', 'living_arrangement', LIVING_ARRANGEMENTS.map((o) => o.value), (v) => v],
    ['prior_involvement', 'prior_involvement', PRIOR_INVOLVEMENT.map((o) => o.value), (v) => v],
    ['ethnicity', 'ethnicity', ETHNICITIES.map((e) => e.value), (v) => ETHNICITIES.find((e) => e.value === v)!.group.toLowerCase().replace(/[^a-z]+/g, '_')],
  ];
  for (const [tableId, column, allowed, rowKey] of fixed) {
    const grouped = await rows<{ value: string | null; n: number }>(db, sql`select ${sql.identifier(column)} as value, count(*)::int as n from young_people where ${where} group by 1`);
    const expected = new Map<string, number>();
    for (const g of grouped) {
      const key = g.value !== null && allowed.includes(g.value) ? rowKey(g.value) : 'not_recorded';
      expected.set(key, (expected.get(key) ?? 0) + g.n);
    }
    const got = profileCounts(profile, tableId);
    for (const [key, values] of got) {
      if (key === 'total') assert.equal(values[0], total, `${tableId}: total`);
      else assert.equal(values[0], expected.get(key) ?? 0, `${tableId}: ${key}`);
    }
  }

  // Risk level: the latest assessment by the end, else the level on the record.
  const levels = await rows<{ level: string | null; n: number }>(
    db,
    sql`select coalesce(last.level, case when any_ra.id is null then yp.risk_level end) as level, count(*)::int as n
          from young_people yp
          left join lateral (select level from risk_assessments ra where ra.young_person_id = yp.id and (ra.assessed_at at time zone 'Europe/London')::date <= ${onDate}::date order by assessed_at desc limit 1) last on true
          left join lateral (select id from risk_assessments ra where ra.young_person_id = yp.id limit 1) any_ra on true
         where ${where} group by 1`,
  );
  const gotLevels = profileCounts(profile, 'risk_level');
  for (const level of RISK_LEVELS) assert.equal(gotLevels.get(level.value)![0], levels.find((l) => l.level === level.value)?.n ?? 0, `level ${level.value}`);
  assert.equal(gotLevels.get('not_assessed')![0], levels.find((l) => l.level === null)?.n ?? 0, 'not assessed');

  // Ages and the overlooked groups, worked out from the rows.
  const gotAge = profileCounts(profile, 'age');
  for (const band of AGE_BANDS) {
    assert.equal(gotAge.get(band.key)![0], people.filter((p) => { const a = ageOn(p, onDate); return a !== null && a >= band.min && a <= band.max; }).length, `age ${band.key}`);
  }
  assert.equal(gotAge.get('not_recorded')![0], people.filter((p) => ageOn(p, onDate) === null).length, 'age not known');
  const genderKnown = (p: Person) => GENDERS.some((g) => g.value === p.gender);
  const groups: Array<[string, (p: Person) => boolean, (p: Person) => boolean]> = [
    ['overlooked_boys', (p) => p.gender === 'male' || p.gender === 'transgender_male', (p) => !genderKnown(p)],
    ['overlooked_aged_16_17', (p) => { const a = ageOn(p, onDate); return a === 16 || a === 17; }, (p) => ageOn(p, onDate) === null],
    ['overlooked_from_abroad', (p) => p.monitoring.from_abroad === 'yes', (p) => !('from_abroad' in p.monitoring)],
    ['overlooked_bme', (p) => BME_VALUES.includes(p.ethnicity), (p) => !ETHNICITIES.some((e) => e.value === p.ethnicity && e.value !== 'refused')],
  ];
  for (const [tableId, inGroup, notRecorded] of groups) {
    const got = profileCounts(profile, tableId);
    assert.equal(got.get('in_group')![0], people.filter(inGroup).length, `${tableId}: in the group`);
    assert.equal(got.get('not_recorded')![0], people.filter(notRecorded).length, `${tableId}: not recorded`);
    assert.equal(got.get('not_in_group')![0], people.filter((p) => !inGroup(p) && !notRecorded(p)).length, `${tableId}: not in the group`);
  }

  // The missing-episode bands.
  const missingFrom = window.kind === 'period' ? window.from : `${Number(window.date.slice(0, 4)) - 1}${window.date.slice(4)}`;
  const missing = await rows<{ n: number; people: number }>(
    db,
    sql`select n, count(*)::int as people from (
          select yp.id, (select count(*) from missing_episodes me where me.young_person_id = yp.id
                           and (me.last_seen_at at time zone 'Europe/London')::date > ${missingFrom}::date - ${window.kind === 'period' ? 1 : 0}::int
                           and (me.last_seen_at at time zone 'Europe/London')::date <= ${onDate}::date)::int as n
          from young_people yp where ${where}) x group by 1`,
  );
  const band = (f: (n: number) => boolean) => missing.filter((m) => f(m.n)).reduce((s, m) => s + m.people, 0);
  const gotMissing = profileCounts(profile, 'missing');
  assert.equal(gotMissing.get('none')![0], band((n) => n === 0));
  assert.equal(gotMissing.get('1')![0], band((n) => n === 1));
  assert.equal(gotMissing.get('2_4')![0], band((n) => n >= 2 && n <= 4));
  assert.equal(gotMissing.get('5_over')![0], band((n) => n >= 5));

  // Open, and newly identified in a period.
  const open = profileCounts(profile, 'open');
  assert.equal(open.get(window.kind === 'period' ? 'total' : 'open')![0], total);
  if (window.kind === 'period') {
    const newly = await count(db, sql`${where} and coalesce(opened_on, (created_at at time zone 'Europe/London')::date) >= ${window.from}::date`);
    assert.equal(open.get('newly_identified')![0], newly);
  }
  return profile;
}

async function checkConcerns(areaId: string, from: string, to: string) {
  const db = lantern.db;
  const profile = await buildProfile(db, { areaIds: [areaId] }, { kind: 'period', from, to });
  const inPeriod = sql`c.area_id = ${areaId} and (c.submitted_at at time zone 'Europe/London')::date between ${from}::date and ${to}::date`;
  const byKind = await rows<{ kind: string; certainty: string | null; n: number }>(db, sql`select a.kind, c.certainty, count(*)::int as n from concerns c join agencies a on a.id = c.raised_by_agency_id where ${inPeriod} group by 1, 2`);
  const got = profileCounts(profile, 'concerns_by_agency_kind');
  for (const kind of AGENCY_KINDS) {
    const cell = (f: (c: string | null) => boolean) => byKind.filter((r) => r.kind === kind && f(r.certainty)).reduce((s, r) => s + r.n, 0);
    assert.deepEqual(got.get(kind), [cell((c) => c === 'known'), cell((c) => c === 'indicated'), cell((c) => c !== 'known' && c !== 'indicated'), cell(() => true)], `concerns from ${kind}`);
  }
  const byMonth = await rows<{ month: string; urgent: number; other: number }>(
    db,
    sql`select to_char(date_trunc('month', c.submitted_at at time zone 'Europe/London'), 'YYYY-MM') as month,
               count(*) filter (where c.urgent)::int as urgent, count(*) filter (where not c.urgent)::int as other
          from concerns c where ${inPeriod} group by 1`,
  );
  const months = profileCounts(profile, 'concerns_by_month');
  for (const m of byMonth) assert.deepEqual(months.get(`m_${m.month.replace('-', '_')}`), [m.urgent, m.other, m.urgent + m.other], `concerns in ${m.month}`);
  assert.equal(months.get('total')![2], byMonth.reduce((s, m) => s + m.urgent + m.other, 0));
  const [fb] = await rows<{ day: number; three: number; later: number; none: number }>(
    db,
    sql`select count(*) filter (where extract(epoch from first_feedback_at - submitted_at) <= 86400)::int as day,
               count(*) filter (where extract(epoch from first_feedback_at - submitted_at) > 86400 and extract(epoch from first_feedback_at - submitted_at) <= 3 * 86400)::int as three,
               count(*) filter (where extract(epoch from first_feedback_at - submitted_at) > 3 * 86400)::int as later,
               count(*) filter (where first_feedback_at is null)::int as none
          from concerns c where ${inPeriod}`,
  );
  const feedback = profileCounts(profile, 'feedback_time');
  assert.deepEqual([feedback.get('within_1_day')![0], feedback.get('within_3_days')![0], feedback.get('later')![0], feedback.get('none')![0]], [fb!.day, fb!.three, fb!.later, fb!.none]);
  return profile;
}

describe('the profile agrees with counts made directly', () => {
  it('on the demo area, for a period and on a day', async () => {
    await checkPeople(demoAreaId, { kind: 'period', from: '2025-01-01', to: new Date().toISOString().slice(0, 10) });
    await checkPeople(demoAreaId, { kind: 'snapshot', date: new Date().toISOString().slice(0, 10) });
    await checkConcerns(demoAreaId, '2025-01-01', new Date().toISOString().slice(0, 10));
  });

  it('on a generated area of 3,000 young people, for a year and on a day', async () => {
    await checkPeople(generatedAreaId, { kind: 'period', from: '2025-01-01', to: '2025-12-31' });
    await checkPeople(generatedAreaId, { kind: 'snapshot', date: '2024-06-30' });
    await checkConcerns(generatedAreaId, '2025-01-01', '2025-12-31');
  });

  it('the return holds the profile’s counts, with exactly the small ones and the withheld ones hidden', async () => {
    const built = await buildReturn(lantern.db, [generatedAreaId], { from: '2025-01', to: '2025-12' });
    const profile = await buildProfile(lantern.db, { areaIds: [generatedAreaId] }, { kind: 'period', from: '2025-01-01', to: '2025-12-31' });
    assert.ok(built.document.tables.length > 30);
    for (const t of built.document.tables) {
      const grid = fullGrid(findTable(profile, t.id)!);
      t.rows.forEach((r, i) => r.values.forEach((v, j) => {
        const real = grid.rows[i]!.values[j]!;
        assert.equal(built.raw.get(t.id)![i]![j], real);
        if (v === SMALL) assert.ok(real >= 1 && real <= 4, `${t.id}: <5 for ${real}`);
        else if (v !== WITHHELD) assert.equal(v, real, `${t.id} ${r.key}`);
      }));
    }
    assert.ok(!built.document.tables.some((t) => t.id === 'concerns_by_agency'), 'agency names stay out of the return');
    assert.ok(!JSON.stringify(built.document).match(/\d{4}-\d{2}-\d{2}/), 'no dates finer than a month');
  });
});

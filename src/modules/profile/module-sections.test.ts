/**
 * The sections other modules register with the profile (hotspots and adults of concern,
 * disruption and prosecution, panel actions on time by agency) agree with counts made here
 * directly, on the demo area plus records added at the edges of the period (UK summer time, off-list
 * values, missing completion times); the return carries the tables without names and leaves out
 * the rest, and returns with them still combine.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { createTestLantern, userIdByEmail, type TestLantern } from '../../test-support/index.ts';
import { rows } from '../../platform/db/database.ts';
import { agencies, areas } from '../organisation/tables.ts';
import { AGENCY_KINDS } from '../../platform/auth/roles.ts';
import { generateArea } from '../demo/generate.ts';
import { ADULT_STATUSES, DISRUPTION_KINDS, DISRUPTION_OUTCOMES, PLACE_KINDS } from '../intelligence/vocab.ts';
import { buildReturn, combineReturns, monthPeriodDays } from '../returns/build.ts';
import { SMALL, WITHHELD } from '../returns/suppression.ts';
import { fullGrid } from './figure-table.ts';
import { buildProfile, findTable, type Profile } from './profile.ts';
import { londonToday } from '../../platform/time.ts';

let lantern: TestLantern;
let areaId: string;
const FROM = '2025-06-01';
let TO: string;
const ctx = { actor: null, ip: null, requestId: 'test' };

const daysBefore = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

before(async () => {
  lantern = await createTestLantern();
  TO = londonToday();
  const db = lantern.db;
  const [area] = await db.select({ id: areas.id }).from(areas).where(eq(areas.code, 'NBR'));
  areaId = area!.id;
  const officer = await userIdByEmail(db, 'intelligence@northbridge.example');
  const [police] = await db.select({ id: agencies.id }).from(agencies).where(eq(agencies.kind, 'police'));
  const [yp1, yp2, yp3] = await rows<{ id: string }>(db, sql`select id from young_people where area_id = ${areaId} and merged_into_id is null order by id limit 3`);

  // Places and adults: one of every kind and status, one off each list, one recorded after the period would end.
  const places = await rows<{ id: string; kind: string }>(
    db,
    sql`insert into places_of_concern (area_id, kind, name, created_by_user_id)
        select ${areaId}, k, 'Test place ' || k, ${officer} from unnest(array['hostel', 'park', 'park', 'boat']) k returning id, kind`,
  );
  await db.execute(sql`insert into adults_of_concern (area_id, name, status, created_by_user_id)
                       select ${areaId}, 'Test adult ' || s, s, ${officer} from unnest(array['charged', 'convicted', 'no_further_action', 'deported']) s`);
  const hostel = places.find((p) => p.kind === 'hostel')!.id;
  const [park] = places.filter((p) => p.kind === 'park');
  // Links: three young people at the hostel in the period, one at the park before it (not counted).
  await db.execute(sql`insert into intelligence_links (area_id, place_id, young_person_id, link_kind, occurred_on, recorded_by_user_id) values
    (${areaId}, ${hostel}, ${yp1!.id}, 'seen_at', ${FROM}::date, ${officer}),
    (${areaId}, ${hostel}, ${yp2!.id}, 'seen_at', ${TO}::date, ${officer}),
    (${areaId}, ${hostel}, ${yp3!.id}, 'seen_at', ${FROM}::date, ${officer}),
    (${areaId}, ${hostel}, ${yp3!.id}, 'seen_at', ${FROM}::date, ${officer}),
    (${areaId}, ${park!.id}, ${yp1!.id}, 'seen_at', ${daysBefore(FROM, 1)}::date, ${officer})`);

  // Disruption steps: the day before the period (summer time: not counted), its first day, off-list kind, outcomes with and without one.
  const steps: Array<[string, string, string | null]> = [
    ['cawn_issued', daysBefore(FROM, 1), null],
    ['cawn_served', FROM, null],
    ['cawn_breached', TO, null],
    ['arrest', FROM, null],
    ['outcome', FROM, 'conviction'],
    ['outcome', FROM, 'no_further_action'],
    ['outcome', FROM, null],
    ['a_kind_off_the_list', FROM, null],
  ];
  for (const [kind, on, outcome] of steps) {
    const [step] = await rows<{ id: string }>(
      db,
      sql`insert into disruptions (area_id, kind, occurred_on, outcome, recorded_by_user_id, recorded_by_agency_id) values (${areaId}, ${kind}, ${on}::date, ${outcome}, ${officer}, ${police!.id}) returning id`,
    );
    await db.execute(sql`insert into disruption_subjects (disruption_id, place_id) values (${step!.id}, ${park!.id})`);
    await db.execute(sql`insert into disruption_subjects (disruption_id, young_person_id) values (${step!.id}, ${yp2!.id})`);
  }

  // Panel actions on an existing demo item, at the edges: completed late by UK time only, done with no time, cancelled, due before the period.
  const [item] = await rows<{ meeting_id: string; agenda_item_id: string; created_by_user_id: string }>(db, sql`select meeting_id, agenda_item_id, created_by_user_id from panel_actions where area_id = ${areaId} limit 1`);
  const agencyIds = await rows<{ id: string; kind: string }>(db, sql`select id, kind from agencies where area_id = ${areaId} order by name`);
  const health = agencyIds.find((a) => a.kind === 'health')!.id;
  const actions: Array<[string, string, string, string | null]> = [
    [police!.id, FROM, 'done', '2025-06-01T22:30:00Z'], // 23:30 UK time on the day: on time
    [police!.id, FROM, 'done', '2025-06-01T23:30:00Z'], // 00:30 UK time the next day: late
    [health, FROM, 'done', null],
    [health, FROM, 'cancelled', null],
    [health, daysBefore(FROM, 1), 'open', null],
    [health, daysBefore(TO, 1), 'open', null],
    [health, TO, 'open', null],
  ];
  for (const [owner, due, status, completedAt] of actions) {
    await db.execute(sql`insert into panel_actions (area_id, meeting_id, agenda_item_id, description, owner_agency_id, due_on, status, completed_at, created_by_user_id)
                         values (${areaId}, ${item!.meeting_id}, ${item!.agenda_item_id}, 'Test action', ${owner}, ${due}::date, ${status}, ${completedAt}::timestamptz, ${item!.created_by_user_id})`);
  }
});
after(async () => lantern?.close());

function tableCounts(profile: Profile, id: string): Map<string, number[]> {
  const t = findTable(profile, id);
  assert.ok(t, `the profile has the table ${id}`);
  return new Map(fullGrid(t).rows.map((r) => [r.key, r.values]));
}

/** Expected one-column counts: each listed value, everything else "not recorded", and the total. */
function expectedByList(labels: Record<string, string>, values: string[]): Map<string, number[]> {
  const out = new Map<string, number[]>(Object.keys(labels).map((k) => [k, [values.filter((v) => v === k).length]]));
  out.set('not_recorded', [values.filter((v) => !(v in labels)).length]);
  out.set('total', [values.length]);
  return out;
}

describe('sections registered by other modules agree with counts made directly', () => {
  it('hotspots, adults of concern and disruption steps, with no names', async () => {
    const db = lantern.db;
    const profile = await buildProfile(db, { areaIds: [areaId] }, { kind: 'period', from: FROM, to: TO });
    const places = await rows<{ kind: string }>(db, sql`select kind from places_of_concern where area_id = ${areaId} and (created_at at time zone 'Europe/London')::date <= ${TO}::date`);
    assert.deepEqual(tableCounts(profile, 'places_by_kind'), expectedByList(PLACE_KINDS, places.map((p) => p.kind)));
    assert.equal(tableCounts(profile, 'places_by_kind').get('not_recorded')![0], 1, 'the boat is off the list');
    const adults = await rows<{ status: string }>(db, sql`select status from adults_of_concern where area_id = ${areaId}`);
    assert.deepEqual(tableCounts(profile, 'adults_by_status'), expectedByList(ADULT_STATUSES, adults.map((a) => a.status)));

    const steps = (await rows<{ kind: string; outcome: string | null; on: string }>(db, sql`select kind, outcome, occurred_on::text as on from disruptions where area_id = ${areaId}`)).filter((s) => s.on >= FROM && s.on <= TO);
    assert.deepEqual(tableCounts(profile, 'disruption_steps'), expectedByList(DISRUPTION_KINDS, steps.map((s) => s.kind)));
    assert.equal(tableCounts(profile, 'disruption_steps').get('cawn_issued')![0], steps.filter((s) => s.kind === 'cawn_issued').length);
    const outcomes = steps.filter((s) => s.kind === 'outcome').map((s) => s.outcome ?? 'none');
    assert.deepEqual(tableCounts(profile, 'prosecution_outcomes'), expectedByList(DISRUPTION_OUTCOMES, outcomes));
    assert.ok(tableCounts(profile, 'prosecution_outcomes').get('not_recorded')![0]! >= 1);

    // Hotspots: distinct young people per place from links, concerns at the place and disruption steps naming both, on UK days in the period.
    const links = await rows<{ place_id: string; young_person_id: string; day: string }>(
      db,
      sql`select place_id, young_person_id, (coalesce(occurred_on::timestamp at time zone 'Europe/London', created_at) at time zone 'Europe/London')::date::text as day from intelligence_links where area_id = ${areaId} and place_id is not null and young_person_id is not null
          union all select place_id, young_person_id, (submitted_at at time zone 'Europe/London')::date::text from concerns where area_id = ${areaId} and place_id is not null and young_person_id is not null
          union all select p.place_id, y.young_person_id, d.occurred_on::text from disruptions d join disruption_subjects p on p.disruption_id = d.id and p.place_id is not null
                      join disruption_subjects y on y.disruption_id = d.id and y.young_person_id is not null where d.area_id = ${areaId}`,
    );
    const perPlace = new Map<string, Set<string>>();
    for (const l of links.filter((x) => x.day >= FROM && x.day <= TO)) perPlace.set(l.place_id, (perPlace.get(l.place_id) ?? new Set()).add(l.young_person_id));
    const top = [...perPlace.values()].map((s) => s.size).sort((a, b) => b - a).slice(0, 5);
    const hotspots = findTable(profile, 'top_hotspots')!;
    assert.deepEqual(hotspots.rows.map((r) => r.values[0]), top);
    assert.ok(hotspots.rows.every((r, i) => r.key === `hotspot_${i + 1}` && /^Hotspot \d: /.test(r.label)));
    assert.ok(hotspots.rows.some((r) => r.label.endsWith('Hostel') && r.values[0] === 3), 'the hostel, three young people');

    const named = await rows<{ name: string }>(db, sql`select name from places_of_concern union all select name from adults_of_concern union all select unnest(aliases) from adults_of_concern`);
    const text = JSON.stringify(profile.sections.filter((s) => ['hotspots', 'disruptions'].includes(s.id)));
    for (const { name } of named) assert.ok(!text.includes(name), `the profile names ${name}`);
  });

  it('panel actions due in the period by how they stand, by kind of agency and by agency', async () => {
    const db = lantern.db;
    const profile = await buildProfile(db, { areaIds: [areaId] }, { kind: 'period', from: FROM, to: TO });
    const actions = await rows<{ agency: string; kind: string; due: string; status: string; done_on: string | null }>(
      db,
      sql`select a.name as agency, a.kind, pa.due_on::text as due, pa.status, to_char(pa.completed_at at time zone 'Europe/London', 'YYYY-MM-DD') as done_on
            from panel_actions pa join agencies a on a.id = pa.owner_agency_id where pa.area_id = ${areaId}`,
    );
    const standing = (a: (typeof actions)[number]) =>
      a.status === 'done' ? (a.done_on === null ? 'not_recorded' : a.done_on <= a.due ? 'on_time' : 'late') : a.status === 'open' ? (a.due < TO ? 'overdue' : 'not_yet_due') : 'not_recorded';
    const due = actions.filter((a) => a.due >= FROM && a.due <= TO && a.status !== 'cancelled');
    const columns = ['on_time', 'late', 'overdue', 'not_yet_due', 'not_recorded'];
    const cells = (list: typeof due) => {
      const values = columns.map((c) => list.filter((a) => standing(a) === c).length);
      return [...values, list.length];
    };
    const overall = tableCounts(profile, 'panel_actions');
    assert.deepEqual(columns.map((c) => overall.get(c)![0]), cells(due).slice(0, 5));
    assert.equal(overall.get('total')![0], due.length);
    for (const c of columns) assert.ok(overall.get(c)![0]! >= 1, `the test data has an action ${c}`);

    const byKind = tableCounts(profile, 'panel_actions_by_agency_kind');
    for (const kind of AGENCY_KINDS) assert.deepEqual(byKind.get(kind), cells(due.filter((a) => a.kind === kind)), kind);
    assert.deepEqual(byKind.get('total'), cells(due));

    const byAgency = findTable(profile, 'panel_actions_by_agency')!;
    const names = [...new Set(due.map((a) => a.agency))].sort((a, b) => a.localeCompare(b));
    assert.deepEqual(byAgency.rows.map((r) => r.label), names);
    for (const r of fullGrid(byAgency).rows.filter((x) => x.key !== 'total')) assert.deepEqual(r.values, cells(due.filter((a) => a.agency === r.label)), r.label);
  });

  it('narrows actions to an agency lead’s agency and leaves the partnership-wide intelligence out', async () => {
    const [health] = await rows<{ id: string }>(lantern.db, sql`select id from agencies where area_id = ${areaId} and kind = 'health' limit 1`);
    const profile = await buildProfile(lantern.db, { areaIds: [areaId], agencyId: health!.id }, { kind: 'period', from: FROM, to: TO });
    assert.deepEqual(profile.sections.find((s) => s.id === 'hotspots')!.tables, []);
    assert.deepEqual(profile.sections.find((s) => s.id === 'disruptions')!.tables, []);
    const [n] = await rows<{ n: number }>(lantern.db, sql`select count(*)::int as n from panel_actions where owner_agency_id = ${health!.id} and due_on between ${FROM}::date and ${TO}::date and status <> 'cancelled'`);
    assert.equal(tableCounts(profile, 'panel_actions').get('total')![0], n!.n);
    assert.equal(findTable(profile, 'panel_actions_by_agency')!.rows.length, 1);
  });
});

describe('the anonymised return with the new sections', () => {
  it('holds the counts by kind, suppressed, leaves out the hotspot ranks and agency names, and still combines', async () => {
    const db = lantern.db;
    const period = { from: FROM.slice(0, 7), to: TO.slice(0, 7) };
    const built = await buildReturn(db, [areaId], period);
    const ids = built.document.tables.map((t) => t.id);
    for (const id of ['places_by_kind', 'adults_by_status', 'disruption_steps', 'prosecution_outcomes', 'panel_actions', 'panel_actions_by_agency_kind']) assert.ok(ids.includes(id), `the return has ${id}`);
    for (const id of ['top_hotspots', 'panel_actions_by_agency']) assert.ok(!ids.includes(id), `the return leaves out ${id}`);
    const days = monthPeriodDays(period);
    const profile = await buildProfile(db, { areaIds: [areaId] }, { kind: 'period', from: days.from, to: days.to });
    for (const t of built.document.tables.filter((x) => ['places_by_kind', 'disruption_steps', 'panel_actions_by_agency_kind'].includes(x.id))) {
      const grid = fullGrid(findTable(profile, t.id)!);
      t.rows.forEach((r, i) =>
        r.values.forEach((v, j) => {
          const real = grid.rows[i]!.values[j]!;
          if (v === SMALL) assert.ok(real >= 1 && real <= 4, `${t.id}: <5 for ${real}`);
          else if (v !== WITHHELD) assert.equal(v, real, `${t.id} ${r.key}`);
        }),
      );
    }
    const json = JSON.stringify(built.document);
    const named = await rows<{ name: string }>(db, sql`select name from agencies union all select name from places_of_concern union all select name from adults_of_concern`);
    for (const { name } of named) assert.ok(!json.includes(name), `the return names ${name}`);

    const { areaId: otherArea } = await generateArea(db, ctx, { youngPeople: 300, concerns: 600, seed: 5, areaCode: 'MSX' });
    const other = await buildReturn(db, [otherArea], period);
    const combined = combineReturns([built.document, other.document]);
    assert.ok(combined.ok, combined.ok ? '' : combined.problems.map((p) => p.message).join('\n'));
    assert.ok(combined.value.tables.some((t) => t.id === 'panel_actions_by_agency_kind'));
  });
});

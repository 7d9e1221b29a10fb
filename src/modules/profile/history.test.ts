/**
 * Figures as they stood: the history behind the snapshot. A change after a day leaves that day's
 * snapshot alone; a change entered late moves it as known now but not as it was known then; bad
 * history is refused with nothing written; and a caseload from 2011 imported from a CSV gives, on
 * the page, in the CSV and in the anonymised return, the snapshot counted by hand.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { createTestLantern, signInAs, type TestLantern } from '../../test-support/index.ts';
import { rows } from '../../platform/db/database.ts';
import { areas } from '../organisation/tables.ts';
import { youngPeople } from '../young-people/tables.ts';
import { insertYoungPerson, personDetailsWith, setCurrentRiskLevel } from '../young-people/index.ts';
import { periodProblems, recordFactChanges } from '../young-people/index.ts';
import { importPeople } from '../linkage/import.ts';
import { buildReturn } from '../returns/build.ts';
import { SMALL, WITHHELD } from '../returns/suppression.ts';
import { youngPeopleImport } from './import-young-people.ts';
import { buildProfile, findTable } from './profile.ts';
import { fullGrid } from './figure-table.ts';
import type { Window } from './window.ts';

let lantern: TestLantern;
let areaId: string;
const ctx = { actor: null, ip: null, requestId: 'test' };

before(async () => {
  lantern = await createTestLantern();
  const [area] = await lantern.db.select({ id: areas.id }).from(areas).where(eq(areas.code, 'NBR'));
  areaId = area!.id;
});
after(async () => lantern?.close());

async function counts(window: Window, tableId: string): Promise<Record<string, number>> {
  const profile = await buildProfile(lantern.db, { areaIds: [areaId] }, window);
  const t = findTable(profile, tableId);
  assert.ok(t, `the profile has ${tableId}`);
  return Object.fromEntries(fullGrid(t).rows.map((r) => [r.key, r.values[0]!]));
}

const factRows = async () => (await rows<{ n: number }>(lantern.db, sql`select count(*)::int as n from young_person_facts`))[0]!.n;

describe('history behind the snapshot', () => {
  const DAY = '2026-03-01';
  let id: string;

  before(async () => {
    // A record made on 10 January, as Lantern was told then.
    id = await lantern.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('lantern.facts_recorded_at', '2026-01-10T12:00:00Z', true)`);
      const created = await insertYoungPerson(tx, areaId, personDetailsWith({ givenName: 'Mabli', familyName: 'Ystwyth', dateOfBirth: '2011-05-05', gender: 'female' }), null);
      await tx.update(youngPeople).set({ openedOn: '2026-01-10', livingArrangement: 'with_family', lookedAfter: 'no', monitoring: { education: 'truanting' } }).where(eq(youngPeople.id, created.id));
      return created.id;
    });
  });

  it('a change made after the day leaves that day’s snapshot as it was', async () => {
    const snapshot: Window = { kind: 'snapshot', date: DAY };
    const living = await counts(snapshot, 'living_arrangement');
    const education = await counts(snapshot, 'monitoring_education');
    await lantern.db.update(youngPeople).set({ livingArrangement: 'custody', monitoring: { education: 'excluded' } }).where(eq(youngPeople.id, id));
    assert.deepEqual(await counts(snapshot, 'living_arrangement'), living);
    assert.deepEqual(await counts(snapshot, 'monitoring_education'), education);
    const today = new Date().toISOString().slice(0, 10);
    const now = await counts({ kind: 'snapshot', date: today }, 'living_arrangement');
    assert.ok(now.custody! >= 1, 'today it is the new value');
  });

  it('a change entered late moves the day as known now, not as it was known then', async () => {
    const now: Window = { kind: 'snapshot', date: DAY };
    const then: Window = { kind: 'snapshot', date: DAY, known: 'then' };
    const beforeNow = await counts(now, 'living_arrangement');
    const beforeThen = await counts(then, 'living_arrangement');
    assert.equal(beforeThen.with_family, 1, 'on the day, Lantern knew of this one young person only');
    const outcome = await lantern.db.transaction((tx) => recordFactChanges(tx, id, [{ fact: 'living_arrangement', value: 'homeless' }], { effectiveFrom: '2026-02-01' }));
    assert.ok(outcome.ok);
    const afterNow = await counts(now, 'living_arrangement');
    assert.equal(afterNow.homeless, beforeNow.homeless! + 1);
    assert.equal(afterNow.with_family, beforeNow.with_family! - 1);
    assert.deepEqual(await counts(then, 'living_arrangement'), beforeThen, 'as known on the day, nothing changed');
    const [record] = await lantern.db.select({ living: youngPeople.livingArrangement }).from(youngPeople).where(eq(youngPeople.id, id));
    assert.equal(record!.living, 'custody', 'the later change already on record still holds today');
    // On a day between the late change and today's, it is the late one.
    assert.ok((await counts({ kind: 'snapshot', date: '2026-02-15' }, 'living_arrangement')).homeless! >= 1);
  });

  it('a risk assessment entered late takes its place in the history without changing today’s level', async () => {
    await setCurrentRiskLevel(lantern.db, id, { level: 'at_risk', at: new Date('2026-02-20T10:00:00Z'), source: 'assessment', sourceId: crypto.randomUUID() });
    await setCurrentRiskLevel(lantern.db, id, { level: 'swapping', at: new Date('2026-01-20T10:00:00Z'), source: 'panel', sourceId: crypto.randomUUID() });
    const levelOn = async (date: string) => (await rows<{ level: string | null }>(lantern.db, sql`select value #>> '{}' as level from young_person_facts where young_person_id = ${id}::uuid and fact = 'level' and superseded_at is null and valid_from <= ${date}::date and (valid_to is null or valid_to > ${date}::date)`))[0]?.level ?? null;
    assert.equal(await levelOn('2026-01-15'), null);
    assert.equal(await levelOn('2026-02-01'), 'swapping');
    assert.equal(await levelOn(DAY), 'at_risk');
    const [record] = await lantern.db.select({ level: youngPeople.riskLevel }).from(youngPeople).where(eq(youngPeople.id, id));
    assert.equal(record!.level, 'at_risk');
  });

  it('refuses a change dated before the young person was known, in the future, or with a value the fact cannot hold, and writes nothing', async () => {
    const before = await factRows();
    const early = await lantern.db.transaction((tx) => recordFactChanges(tx, id, [{ fact: 'living_arrangement', value: 'homeless' }], { effectiveFrom: '2025-12-31' }));
    assert.ok(!early.ok);
    assert.match(early.errors.effectiveFrom!, /before the young person was known \(2026-01-10\)/);
    const future = await lantern.db.transaction((tx) => recordFactChanges(tx, id, [{ fact: 'living_arrangement', value: 'homeless' }], { effectiveFrom: '2099-01-01' }));
    assert.ok(!future.ok);
    const wrong = await lantern.db.transaction((tx) => recordFactChanges(tx, id, [{ fact: 'looked_after', value: 'perhaps' }, { fact: 'm:education', value: 'nowhere' }], { effectiveFrom: '2026-02-01' }));
    assert.ok(!wrong.ok);
    assert.deepEqual(Object.keys(wrong.errors).sort(), ['looked_after', 'm:education']);
    assert.equal(await factRows(), before);
  });

  it('finds overlapping and backwards periods, and periods before the young person was known', () => {
    const problems = periodProblems(
      [
        { fact: 'level', value: 'at_risk', from: '2011-02-01', to: '2011-04-01' },
        { fact: 'level', value: 'swapping', from: '2011-03-01', to: null },
        { fact: 'living_arrangement', value: 'with_family', from: '2011-05-01', to: '2011-04-01' },
        { fact: 'looked_after', value: 'yes', from: '2010-12-01', to: null },
      ],
      '2011-01-01',
      '2026-12-01',
    );
    assert.equal(problems.length, 3);
    assert.match(problems.join('\n'), /level from 2011-03-01: overlaps level from 2011-02-01 to 2011-04-01/);
    assert.match(problems.join('\n'), /living_arrangement from 2011-05-01 to 2011-04-01: the period ends before it begins/);
    assert.match(problems.join('\n'), /looked_after from 2010-12-01: begins before the young person was known/);
  });
});

// ---- A caseload from 2011 ----

const HEADER = 'given_name,family_name,date_of_birth,gender,ethnicity,opened_on,closed_on,concern_on,risk_level,living_arrangement,looked_after,earlier_missing_episodes,history,agency_reference';
const CASELOAD = [
  'Amber,Castell,10/02/1995,female,white_british,15/01/2011,,10/01/2011,at_risk,with_family,no,0,living_arrangement=looked_after_residential from 2011-04-01 | looked_after=yes from 2011-04-01 | risk_level=entrenched from 2011-05-02,H1',
  'Bethan,Darrow,03/09/1997,female,white_not_known,01/03/2011,,20/02/2011,swapping,looked_after_foster,,12,,H2',
  'Callum,Ferris,30/11/1996,male,asian_pakistani,01/02/2011,,01/02/2011,at_risk,with_relatives_or_friends,,,,H3',
  'Dani,Holt,20/01/1994,transgender,black_caribbean,06/01/2011,,05/01/2011,at_risk,other,yes,3,,H4',
  'Ellis,Jarvis,15/08/1993,female,mixed_not_known,10/04/2011,,01/04/2011,,custody,yes,7,,H5',
  'Freya,Kemp,02/03/2001,female,,01/05/2011,,28/04/2011,no_apparent_risk,,no,1,,H6',
  'Gwen,Lacey,12/12/1998,female,white_british,20/01/2011,20/05/2011,18/01/2011,at_risk,with_family,no,0,,H7',
  'Hana,Morley,05/05/1999,female,asian_not_known,01/07/2011,,25/06/2011,at_risk,with_family,no,0,,H8',
  'Isla,Navarro,04/04/1996,female,white_other,14/02/2011,,10/02/2011,at_risk,with_family,no,0,living_arrangement=homeless from 2011-03-01 to 2011-04-01 | living_arrangement=with_family from 2011-04-01,H9',
  'Jade,Oduya,10/10/2000,female,black_african,03/03/2011,,01/03/2011,swapping,looked_after_supported,,0,risk_level=entrenched from 2011-04-15,H10',
];
const csv = (lines: string[]) => new TextEncoder().encode([HEADER, ...lines].join('\n'));

/** Counted by hand from the rows above for 6 June 2011 (Gwen closed in May; Hana opened in July). */
const EXPECTED: Record<string, Record<string, number>> = {
  open: { open: 8 },
  gender: { female: 6, male: 1, transgender_female: 0, transgender_male: 0, non_binary: 0, transgender: 1, not_recorded: 0, total: 8 },
  age: { under_10: 0, '10_11': 2, '12_13': 1, '14_15': 2, '16_17': 3, '18_over': 0, not_recorded: 0, total: 8 },
  ethnicity: { asian_or_asian_british: 1, black_black_british_caribbean_or_african: 2, mixed_or_multiple_ethnic_groups: 1, white: 3, other_ethnic_group: 0, not_given: 0, not_recorded: 1, total: 8 },
  living_arrangement: { with_family: 1, with_relatives_or_friends: 1, looked_after_foster: 1, looked_after_residential: 1, looked_after_supported: 1, looked_after_bed_and_breakfast: 0, looked_after_secure: 0, custody: 1, independent: 0, homeless: 0, other: 1, not_recorded: 1, total: 8 },
  looked_after: { yes: 5, no: 2, not_recorded: 1, total: 8 },
  looked_after_placement: { with_family: 0, with_relatives_or_friends: 0, looked_after_foster: 1, looked_after_residential: 1, looked_after_supported: 1, looked_after_bed_and_breakfast: 0, looked_after_secure: 0, custody: 1, independent: 0, homeless: 0, other: 1, not_recorded: 0, total: 5 },
  risk_level: { no_apparent_risk: 1, at_risk: 3, swapping: 1, entrenched: 2, not_assessed: 1, total: 8 },
  missing_ever: { never: 3, '1': 1, '2_5': 1, '6_10': 1, over_10: 1, not_recorded: 1, total: 8 },
};

/** A table of the page as label → count, read from its HTML. */
function pageTable(html: string, tableId: string): Map<string, number> {
  const start = html.indexOf(`id="table-${tableId}"`);
  assert.ok(start >= 0, `the page has ${tableId}`);
  const body = html.slice(start, html.indexOf('</table>', start));
  const out = new Map<string, number>();
  for (const row of body.split('<tr').slice(1)) {
    const label = /<th[^>]*>([\s\S]*?)<\/th>/.exec(row)?.[1]?.trim();
    const value = /<td[^>]*>\s*(\d+)\s*<\/td>/.exec(row)?.[1];
    if (label && value !== undefined) out.set(label.replace(/&#39;|&rsquo;/g, '’'), Number(value));
  }
  return out;
}

describe('a caseload from 2011, imported', () => {
  const AGENCY = 'Harbour Young People’s Service';

  it('refuses impossible rows by row and column, and writes nothing', async () => {
    const before = (await rows<{ n: number }>(lantern.db, sql`select count(*)::int as n from young_people`))[0]!.n;
    const facts = await factRows();
    const report = await importPeople(lantern.db, ctx, {
      file: csv([
        CASELOAD[0]!,
        'Kit,Pryce,03/03/2011,female,,01/02/2011,,01/01/2011,,,,,,X1',
        'Lowri,Quayle,01/01/1980,female,,01/02/2011,,01/01/2011,,,,,,X2',
        'Mali,Rees,01/01/1998,female,,01/02/2011,,01/01/2011,at_risk,,,,risk_level=swapping from 2011-03-01 | risk_level=entrenched from 2011-02-20 to 2011-04-01,X3',
        'Nia,Sully,01/01/1998,female,,01/02/2011,,01/01/2011,,with_family,,,living_arrangement=homeless from 2011-05-01 to 2011-04-01,X4',
        'Olwen,Teague,01/01/1998,female,,01/02/2011,,01/01/2011,,,,,looked_after=yes from 2010-06-01,X5',
        'Pari,Umber,01/01/1998,female,,01/02/2011,,01/01/2011,at_risk,,,,risk_level=swapping from 2011-02-01,X6',
      ]),
      agency: AGENCY,
      dryRun: false,
      allOrNothing: true,
      extension: youngPeopleImport,
    });
    const problems = (row: number) => report.rows.find((r) => r.row === row)!.problems.join(' | ');
    assert.equal(report.rows.find((r) => r.row === 2)!.outcome, 'create');
    assert.match(problems(3), /date_of_birth: born after the day of the concern \(2011-01-01\)/);
    assert.match(problems(4), /date_of_birth: gives an age over 25 on the day of the concern \(2011-01-01\)/);
    assert.match(problems(5), /history: risk_level from 2011-03-01: overlaps risk_level from 2011-02-20 to 2011-04-01/);
    assert.match(problems(6), /history: living_arrangement from 2011-05-01 to 2011-04-01: the period ends before it begins/);
    assert.match(problems(7), /history: looked_after from 2010-06-01: begins before the young person was known \(2011-02-01\)/);
    assert.match(problems(8), /history: risk_level changes on 2011-02-01, the day its column already holds from/);
    assert.equal(report.dryRun, true);
    assert.equal((await rows<{ n: number }>(lantern.db, sql`select count(*)::int as n from young_people`))[0]!.n, before);
    assert.equal(await factRows(), facts);
  });

  it('accepts children born 1993–2001 with their own dates, and 6 June 2011 counts as by hand on the page, in the CSV and in the return', async () => {
    const DAY = '2011-06-06';
    assert.equal((await counts({ kind: 'snapshot', date: DAY }, 'open')).open, 0, 'nobody was open in 2011 before the import');
    const dry = await importPeople(lantern.db, ctx, { file: csv(CASELOAD), agency: AGENCY, dryRun: true, allOrNothing: true, extension: youngPeopleImport });
    assert.deepEqual(dry.rows.filter((r) => r.outcome === 'refused').map((r) => `${r.row}: ${r.problems.join('; ')}`), []);
    assert.equal(dry.counts.create, 10);
    const report = await importPeople(lantern.db, ctx, { file: csv(CASELOAD), agency: AGENCY, dryRun: false, allOrNothing: true, extension: youngPeopleImport });
    assert.equal(report.counts.created, 10);

    // The profile itself.
    for (const [tableId, expected] of Object.entries(EXPECTED)) {
      const got = await counts({ kind: 'snapshot', date: DAY }, tableId);
      for (const [key, n] of Object.entries(expected)) assert.equal(got[key], n, `${tableId} ${key}`);
    }
    // As it was known on the day: Lantern was told in 2026.
    assert.equal((await counts({ kind: 'snapshot', date: DAY, known: 'then' }, 'open')).open, 0);

    // The page.
    const board = await signInAs(lantern.app, 'board.member@northbridge.example');
    const page = await board.get(`/profile/snapshot?date=${DAY}`);
    assert.equal(page.status, 200);
    const profile = await buildProfile(lantern.db, { areaIds: [areaId] }, { kind: 'snapshot', date: DAY });
    for (const [tableId, expected] of Object.entries(EXPECTED)) {
      const t = fullGrid(findTable(profile, tableId)!);
      const shown = pageTable(page.body, tableId);
      for (const row of t.rows) assert.equal(shown.get(row.label.replace(/'/g, '’')), expected[row.key], `page ${tableId} ${row.label}`);
    }
    assert.match(page.text, /Mean age on the day\s*14 years/);
    assert.match(page.text, /Median age on the day\s*14\.5 years/);
    assert.match(page.text, /Counted from the records as known now/);
    const then = await board.get(`/profile/snapshot?date=${DAY}&known=then`);
    assert.match(then.text, /as they were known on 6 June 2011/);

    // The CSV.
    const download = await board.get(`/profile/snapshot/download?date=${DAY}`);
    assert.equal(download.status, 200);
    const lines = download.body.split(/\r?\n/);
    for (const [tableId, expected] of Object.entries(EXPECTED)) {
      const t = fullGrid(findTable(profile, tableId)!);
      for (const row of t.rows) {
        const line = lines.find((l) => l.includes(`,${tableId},`) && l.includes(`,${row.label.includes(',') ? `"${row.label}"` : row.label},`));
        assert.ok(line, `CSV ${tableId} ${row.label}`);
        assert.equal(Number(line.split(',').at(-1)), expected[row.key], `CSV ${tableId} ${row.label}`);
      }
    }
    assert.ok(lines.some((l) => /,facts,Mean age on the day,,,14 years$/.test(l)));

    // The return for June 2011: nobody opened, closed or changed between the 6th and the 30th, so the same counts, small ones hidden.
    const built = await buildReturn(lantern.db, [areaId], { from: '2011-06', to: '2011-06' });
    for (const [tableId, expected] of Object.entries(EXPECTED)) {
      if (tableId === 'open') continue;
      const published = built.document.tables.find((t) => t.id === tableId);
      assert.ok(published, `the return has ${tableId}`);
      published.rows.forEach((row, i) => {
        const real = expected[row.key]!;
        assert.equal(built.raw.get(tableId)![i]![0], real, `return ${tableId} ${row.key}: counted`);
        const shown = row.values[0];
        if (real >= 1 && real <= 4) assert.ok(shown === SMALL || shown === WITHHELD, `return ${tableId} ${row.key}: ${real} is hidden`);
        else assert.ok(shown === real || shown === WITHHELD, `return ${tableId} ${row.key}: ${String(shown)} for ${real}`);
      });
    }
  });
});

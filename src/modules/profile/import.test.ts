/**
 * import young-people: monitoring data comes in with the records through import people's machinery;
 * unknown categories, impossible dates and duplicate rows are reported by row and nothing is
 * written until the file is clean and the user confirms.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { createTestLantern, type TestLantern } from '../../test-support/index.ts';
import { rows } from '../../platform/db/database.ts';
import { importPeople } from '../linkage/import.ts';
import { areas } from '../organisation/tables.ts';
import { youngPeople } from '../young-people/tables.ts';
import { youngPeopleImport } from './import-young-people.ts';
import { buildProfile, findTable } from './profile.ts';

let lantern: TestLantern;
let areaId: string;
const ctx = { actor: null, ip: null, requestId: 'test' };
const AGENCY = 'Harbour Young People’s Service';

before(async () => {
  lantern = await createTestLantern();
  const [area] = await lantern.db.select({ id: areas.id }).from(areas).where(eq(areas.code, 'NBR'));
  areaId = area!.id;
});
after(async () => lantern?.close());

const HEADER = 'given_name,family_name,date_of_birth,gender,ethnicity,opened_on,living_arrangement,prior_involvement,exploitation_models,education,from_abroad,agency_reference';
const file = (lines: string[]) => new TextEncoder().encode([HEADER, ...lines].join('\n'));
const count = async () => (await rows<{ n: number }>(lantern.db, sql`select count(*)::int as n from young_people where area_id = ${areaId}`))[0]!.n;

describe('import young-people', () => {
  it('reports unknown categories, impossible dates and duplicate rows by row number and writes nothing', async () => {
    const before = await count();
    const report = await importPeople(lantern.db, ctx, {
      file: file([
        'Ffion,Whitlock,12/03/2011,female,white_british,01/02/2026,looked_after_foster,child_in_need,older_partner;online,truanting,no,R1',
        'Osian,Marchetti,31/02/2010,male,asian_indian,,with_family,,,,,R2',
        'Tegan,Okonjo,05/05/2010,female,black_african,2026-01-10,castle,,gangs,,maybe,R3',
        'Ffion,Whitlock,12/03/2011,female,white_british,01/02/2026,looked_after_foster,child_in_need,older_partner;online,truanting,no,R4',
      ]),
      agency: AGENCY,
      dryRun: false,
      allOrNothing: true,
      extension: youngPeopleImport,
    });
    const byRow = new Map(report.rows.map((r) => [r.row, r]));
    assert.equal(byRow.get(3)!.outcome, 'refused');
    assert.match(byRow.get(3)!.problems.join(' '), /date_of_birth/);
    assert.equal(byRow.get(4)!.outcome, 'refused');
    const problems4 = byRow.get(4)!.problems.join(' ');
    assert.match(problems4, /living_arrangement: “castle” is not a category/);
    assert.match(problems4, /exploitation_models: “gangs” not known/);
    assert.match(problems4, /from_abroad: “maybe”/);
    assert.equal(byRow.get(5)!.outcome, 'held_same_as_row');
    assert.equal(byRow.get(5)!.sameAsRow!.row, 2);
    assert.equal(report.dryRun, true, 'treated as a dry run because rows were refused');
    assert.match(report.fileNotes.join(' '), /Nothing was written because 2 rows were refused/);
    assert.equal(await count(), before);
  });

  it('writes nothing on a dry run, then the records with their monitoring data once confirmed', async () => {
    const lines = [
      'Ffion,Whitlock,12/03/2011,female,white_british,01/02/2026,looked_after_foster,child_in_need,older_partner;online,truanting,no,R1',
      'Osian,Marchetti,28/02/2010,male,asian_indian,,with_family,,none,,,R2',
    ];
    const before = await count();
    const dry = await importPeople(lantern.db, ctx, { file: file(lines), agency: AGENCY, dryRun: true, allOrNothing: true, extension: youngPeopleImport });
    assert.equal(dry.counts.create, 2);
    assert.equal(await count(), before);
    const real = await importPeople(lantern.db, ctx, { file: file(lines), agency: AGENCY, dryRun: false, allOrNothing: true, extension: youngPeopleImport });
    assert.equal(real.counts.created, 2);
    const [ffion] = await lantern.db.select().from(youngPeople).where(eq(youngPeople.familyName, 'Whitlock'));
    assert.equal(ffion!.livingArrangement, 'looked_after_foster');
    assert.equal(ffion!.priorInvolvement, 'child_in_need');
    assert.equal(ffion!.openedOn, '2026-02-01');
    assert.deepEqual(ffion!.monitoring, { exploitation_models: ['older_partner', 'online'], education: 'truanting', from_abroad: 'no' });
    const [osian] = await lantern.db.select().from(youngPeople).where(eq(youngPeople.familyName, 'Marchetti'));
    assert.deepEqual(osian!.monitoring, { exploitation_models: [] }, 'blank is not recorded; none is an answer');
    assert.equal(osian!.priorInvolvement, 'not_recorded');
    const profile = await buildProfile(lantern.db, { areaIds: [areaId] }, { kind: 'snapshot', date: new Date().toISOString().slice(0, 10) });
    const models = findTable(profile, 'monitoring_exploitation_models')!;
    assert.ok(models.rows.find((r) => r.key === 'none')!.values[0]! >= 1);
  });
});

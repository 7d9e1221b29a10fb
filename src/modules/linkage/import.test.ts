/**
 * Bulk import of an agency's list: a dry run writes nothing and reports every bad row by its row
 * number; a real run creates the good rows with the agency in the team and audit rows, and
 * holds back rows that are already on Lantern or repeat an earlier row.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { rows } from '../../platform/db/database.ts';
import { agencies } from '../organisation/tables.ts';
import { teamMembers, youngPeople } from '../young-people/tables.ts';
import { ImportError, importPeople, importReportCsv, type ImportReport } from './import.ts';
import { createTestLantern, type TestLantern } from '../../test-support/index.ts';

let lantern: TestLantern;

let database: Database;
let kayleighDob: string;
const ctx = { actor: null, ip: null, requestId: 'test-import' };
const AGENCY = 'Harbour Young People’s Service';

async function counts() {
  const [row] = await rows<{ young_people: number; team_members: number; identifiers: number; chronology: number; keys: number; audit_creates: number }>(
    database.db,
    sql`select (select count(*)::int from young_people) as young_people, (select count(*)::int from team_members) as team_members,
               (select count(*)::int from young_person_identifiers) as identifiers, (select count(*)::int from chronology_entries) as chronology,
               (select count(*)::int from linkage_keys) as keys, (select count(*)::int from audit_events where request_id = 'test-import' and action = 'create') as audit_creates`,
  );
  return row!;
}

function file(lines: string[], encoding: 'utf8' | 'latin1' = 'utf8'): Uint8Array {
  return Buffer.from(`${lines.join('\r\n')}\r\n`, encoding);
}

function outcome(report: ImportReport, row: number) {
  const found = report.rows.find((r) => r.row === row);
  assert.ok(found, `row ${row} reported`);
  return found;
}

before(async () => {
  lantern = await createTestLantern();
  ({ database } = lantern);
  const [kayleigh] = await database.db.select().from(youngPeople).where(and(eq(youngPeople.givenName, 'Kayleigh'), eq(youngPeople.familyName, 'Smith')));
  kayleighDob = kayleigh!.dateOfBirth!;
});

after(async () => {
  await lantern.close();
});

function ukDate(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

function demoList(): Uint8Array {
  return file([
    'given_name,family_name,other_names,date_of_birth,gender,postcode,nhs_number,agency_reference',
    'Mia,Johnson,Mimi,12/05/2012,F,NB1 2AB,,H-1', // 2: fine
    `Kayleigh,Smith,,${ukDate(kayleighDob)},female,NB2 5RD,,H-2`, // 3: already on Lantern
    ',,,,,,,', // 4: blank
    '=HYPERLINK("http://example.com"),Evil,,,,,,H-4', // 5: formula injection
    'Noah,Patel,,31/02/2011,M,,,H-5', // 6: not a real date
    'Mia,Johnson,,12/05/2012,female,NB1 2AB,,H-6', // 7: same as row 2
    'Leo,Grant,,2011-09-09,male,12345,,H-7', // 8: bad postcode
    'Ava,Brown,,01/01/2010,female,,,H-8,one too many', // 9: over-long row
    ',,,,,,,H-9', // 10: no name
    'Zara,Iqbal,,2010-13-01,female,,,H-10', // 11: month 13
    'Ellis,Ward,,03/03/2012,non_binary,NB3 1AA,9434765918,H-11', // 12: NHS check digit wrong
    'Ruby,Hale,,14/02/1990,female,,,H-12', // 13: over 25
    'Jack,Frost,,07/07/2013,robot,,,H-13', // 14: unknown gender
  ]);
}

test('a dry run writes nothing and reports each bad row by its row number', async () => {
  const before = await counts();
  const report = await importPeople(database.db, ctx, { file: demoList(), agency: AGENCY, dryRun: true });
  assert.deepEqual(await counts(), before, 'nothing written');
  assert.equal(report.dryRun, true);
  assert.equal(outcome(report, 2).outcome, 'create');
  assert.equal(outcome(report, 3).outcome, 'held_existing_match');
  assert.match(outcome(report, 3).problems.join(' '), /very likely the same young person as YP-\d+/);
  assert.match(outcome(report, 4).problems.join(' '), /blank row/);
  assert.match(outcome(report, 5).problems.join(' '), /formula/);
  assert.match(outcome(report, 6).problems.join(' '), /date_of_birth: Date of birth must be a real date/);
  assert.equal(outcome(report, 7).outcome, 'held_same_as_row');
  assert.equal(outcome(report, 7).sameAsRow?.row, 2);
  assert.match(outcome(report, 8).problems.join(' '), /postcode: Enter a real UK postcode/);
  assert.match(outcome(report, 9).problems.join(' '), /has 9 cells but the header has 8/);
  assert.match(outcome(report, 10).problems.join(' '), /a row needs at least one name/);
  assert.match(outcome(report, 11).problems.join(' '), /date_of_birth/);
  assert.match(outcome(report, 12).problems.join(' '), /nhs_number/);
  assert.match(outcome(report, 13).problems.join(' '), /over 25/);
  assert.match(outcome(report, 14).problems.join(' '), /gender must be one of/);
  for (const row of [4, 5, 6, 8, 9, 10, 11, 12, 13, 14]) assert.equal(outcome(report, row).outcome, 'refused', `row ${row}`);
  assert.deepEqual(report.counts, { refused: 10, held_existing_match: 1, held_same_as_row: 1, create: 1, created: 0 });
  // The report file neutralises formula cells and names rows by number.
  const csv = importReportCsv(report);
  assert.match(csv, /^row,agency_reference,outcome/);
  assert.ok(!/(^|,)=/m.test(csv));
});

test('a real run creates the good rows with the agency in the team, audited, and holds back the matches', async () => {
  const before = await counts();
  const report = await importPeople(database.db, ctx, { file: demoList(), agency: AGENCY, dryRun: false, batchSize: 1 });
  assert.equal(report.counts.created, 1);
  const created = outcome(report, 2);
  assert.match(created.created ?? '', /^YP-\d+$/);
  const afterRun = await counts();
  assert.equal(afterRun.young_people, before.young_people + 1);
  assert.equal(afterRun.audit_creates, before.audit_creates + 2, 'one audit row for the record and one for the batch');
  assert.ok(afterRun.keys > before.keys, 'blocking keys written');
  const [mia] = await database.db.select().from(youngPeople).where(and(eq(youngPeople.givenName, 'Mia'), eq(youngPeople.familyName, 'Johnson')));
  assert.ok(mia);
  assert.deepEqual(mia.aliases, ['Mimi']);
  const [agency] = await database.db.select().from(agencies).where(eq(agencies.name, AGENCY));
  const team = await database.db.select().from(teamMembers).where(eq(teamMembers.youngPersonId, mia.id));
  assert.deepEqual(team.map((member) => member.agencyId), [agency!.id]);
  // Importing the same list again creates nothing new: every good row is now on Lantern.
  const again = await importPeople(database.db, ctx, { file: demoList(), agency: AGENCY, dryRun: false });
  assert.equal(again.counts.created, 0);
  assert.equal(outcome(again, 2).outcome, 'held_existing_match');
});

test('files that cannot be used at all are refused with a plain message', async () => {
  await assert.rejects(importPeople(database.db, ctx, { file: file(['colour,size', 'red,big']), agency: AGENCY, dryRun: true }), (error: Error) => error instanceof ImportError && /no name column/.test(error.message));
  await assert.rejects(importPeople(database.db, ctx, { file: file(['given_name', 'Ann']), agency: 'No Such Agency', dryRun: true }), /No agency called "No Such Agency"/);
  await assert.rejects(importPeople(database.db, ctx, { file: new Uint8Array([0x67, 0x00, 0x69]), agency: AGENCY, dryRun: true }), /NUL byte/);
});

test('a Windows-1252 file is read and reported, accents intact', async () => {
  const before = await counts();
  const report = await importPeople(database.db, ctx, { file: file(['given_name,family_name,date_of_birth', 'Zoë,Brontë,02/02/2012'], 'latin1'), agency: AGENCY, dryRun: true });
  assert.deepEqual(await counts(), before);
  assert.equal(report.encoding, 'windows-1252');
  assert.match(report.fileNotes.join(' '), /not valid UTF-8/);
  assert.equal(outcome(report, 2).outcome, 'create');
});

/**
 * The coordinator's pages, walked as the demo coordinator: possible duplicates with reasons, merge
 * (everything moves, access follows), undo (exactly what moved goes back), "not the same person"
 * (remembered), and who may not use any of it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../platform/db/database.ts';
import { rows } from '../../platform/db/database.ts';
import { youngPeople } from '../young-people/tables.ts';
import { mergeTables } from './merge.ts';
import { linkageDecisions, linkageKeys, youngPersonMerges } from './tables.ts';
import { demoDuplicatePair } from './testing.ts';
import { createTestLantern, type TestLantern, signInAs, textOf, type TestClient } from '../../test-support/index.ts';

let lantern: TestLantern;

let app: FastifyInstance;
let database: Database;
let coordinator: TestClient;
let kayleigh: typeof youngPeople.$inferSelect;
let kayley: typeof youngPeople.$inferSelect;

/** Every row pointing at a young person, per table: the ids, sorted. */
async function holdings(youngPersonId: string): Promise<Record<string, string[]>> {
  const result: Record<string, string[]> = {};
  for (const table of mergeTables()) {
    const found = await rows<{ id: string }>(database.db, sql`select id from ${sql.identifier(table.table)} where young_person_id = ${youngPersonId} order by id`);
    result[table.kind] = found.map((row) => row.id);
  }
  return result;
}

/** The same, leaving out the chronology entries the merge and its undo write about themselves. */
async function holdingsBeforeMerge(youngPersonId: string) {
  const held = await holdings(youngPersonId);
  const own = await rows<{ id: string }>(database.db, sql`select id from chronology_entries where young_person_id = ${youngPersonId} and source_kind = 'young_person_merge'`);
  const mergeEntries = new Set(own.map((row) => row.id));
  held.chronology = (held.chronology ?? []).filter((id) => !mergeEntries.has(id));
  return held;
}

async function reload(id: string) {
  const [row] = await database.db.select().from(youngPeople).where(eq(youngPeople.id, id));
  return row!;
}

before(async () => {
  lantern = await createTestLantern();
  ({ app, database } = lantern);
  ({ kayleigh, kayley } = await demoDuplicatePair(database.db));
  coordinator = await signInAs(app, 'coordinator@northbridge.example');
});

after(async () => {
  await lantern.close();
});

test('only the coordinator may use possible duplicates, merge and undo', async () => {
  const [merge] = await rows<{ id: string }>(database.db, sql`select gen_random_uuid() as id`);
  for (const email of ['school.nurse@northbridge.example', 'education.lead@northbridge.example', 'intelligence@northbridge.example', 'panel.member@northbridge.example', 'analyst@northbridge.example', 'admin@northbridge.example']) {
    const other = await signInAs(app, email);
    assert.equal((await other.get('/young-people/duplicates')).status, 403, email);
    assert.equal((await other.get(`/young-people/merge?first=${kayleigh.id}&second=${kayley.id}`)).status, 403, email);
    assert.equal((await other.post('/young-people/merge', { first: kayleigh.id, second: kayley.id, keep: kayleigh.id })).status, 403, email);
    assert.equal((await other.post('/young-people/duplicates/not-same', { first: kayleigh.id, second: kayley.id })).status, 403, email);
    assert.equal((await other.get(`/young-people/merges/${merge!.id}`)).status, 403, email);
    assert.equal((await other.post(`/young-people/merges/${merge!.id}/undo`, {})).status, 403, email);
  }
  assert.equal((await database.db.select().from(youngPersonMerges)).length, 0, 'nothing merged');
  assert.equal((await database.db.select().from(linkageDecisions)).length, 0, 'nothing decided');
  // Records outside the coordinator's reach are not found.
  assert.equal((await coordinator.get(`/young-people/merge?first=${kayleigh.id}&second=00000000-0000-4000-8000-000000000000`)).status, 404);
});

test('the coordinator sees Kayley Smyth suggested as Kayleigh Smith, with the reasons', async () => {
  const page = await coordinator.get('/young-people/duplicates');
  assert.equal(page.status, 200);
  const text = textOf(page.body, { asOnScreen: true });
  assert.match(text, new RegExp(`YP-${kayleigh.number} – Kayleigh Smith`));
  assert.match(text, new RegExp(`YP-${kayley.number} – Kayley Smyth`));
  assert.match(text, /Day and month swapped/);
  assert.match(text, /One typing slip/);
  assert.match(text, /Very likely the same|Possibly the same/);
  const [audit] = await rows<{ n: number }>(database.db, sql`select count(*)::int as n from audit_events where record_kind = 'possible_duplicates'`);
  assert.equal(audit?.n, 1, 'the view is audited');
});

test('merge moves concerns, chronology, team and identifiers; access follows; undo restores exactly', async () => {
  const db = database.db;
  await db.execute(sql`insert into young_person_identifiers (young_person_id, kind, value) values (${kayley.id}, 'local_authority_id', 'LA-55512')`);
  const kayleighBefore = await holdingsBeforeMerge(kayleigh.id);
  const kayleyBefore = await holdingsBeforeMerge(kayley.id);
  assert.ok((kayleyBefore.concerns ?? []).length >= 1 && (kayleyBefore.chronology ?? []).length >= 1 && (kayleyBefore.team ?? []).length >= 1);

  // The police officer is in Kayley's team only.
  const officer = await signInAs(app, 'police.officer@northbridge.example');
  assert.equal((await officer.get(`/young-people/${kayleigh.id}`)).status, 404);

  const confirm = await coordinator.get(`/young-people/merge?first=${kayleigh.id}&second=${kayley.id}`);
  assert.equal(confirm.status, 200);
  assert.match(textOf(confirm.body, { asOnScreen: true }), /Which record should stay\?/);
  const missingChoice = await coordinator.post('/young-people/merge', { first: kayleigh.id, second: kayley.id });
  assert.equal(missingChoice.status, 400);
  assert.match(textOf(missingChoice.body, { asOnScreen: true }), /Select which record to keep/);

  // Their birthdays and first names are written differently: the merge needs a reason.
  assert.match(textOf(confirm.body, { asOnScreen: true }), /Why are these the same young person\?/);
  const noReason = await coordinator.post('/young-people/merge', { first: kayleigh.id, second: kayley.id, keep: kayleigh.id, reason: '  ' });
  assert.equal(noReason.status, 400);
  assert.match(noReason.body, /href="#reason">Enter why these records are the same young person although their dates of birth and first names differ/);
  assert.equal((await db.select().from(youngPersonMerges)).length, 0, 'nothing merged without a reason');

  const reason = 'Same school and NHS number confirmed with the school nurse; the police report spelt her name as she said it.';
  const merged = await coordinator.post('/young-people/merge', { first: kayleigh.id, second: kayley.id, keep: kayleigh.id, reason });
  assert.equal(merged.status, 303);
  const mergeId = /\/young-people\/merges\/([0-9a-f-]{36})/.exec(merged.location ?? '')![1]!;

  const after = await holdings(kayleigh.id);
  for (const table of mergeTables()) {
    const expected = [...(kayleighBefore[table.kind] ?? []), ...(kayleyBefore[table.kind] ?? [])];
    for (const id of expected) assert.ok((after[table.kind] ?? []).includes(id), `${table.kind} ${id} is on the surviving record`);
  }
  assert.deepEqual((await holdingsBeforeMerge(kayley.id)).concerns, []);
  assert.equal((await reload(kayley.id)).mergedIntoId, kayleigh.id);
  assert.ok((await reload(kayleigh.id)).aliases.includes('Kayley Smyth'));
  assert.equal((await db.select().from(linkageKeys).where(eq(linkageKeys.youngPersonId, kayley.id))).length, 0, 'the absorbed record has no keys');

  // One chronology with both girls' concerns; the old address leads to the surviving record.
  const record = await coordinator.get(`/young-people/${kayleigh.id}`);
  const recordText = textOf(record.body, { asOnScreen: true });
  assert.match(recordText, /Northbridge Police/);
  assert.match(recordText, /Northbridge Schools and Colleges/);
  assert.match(recordText, /merged into this record/);
  const old = await coordinator.get(`/young-people/${kayley.id}`);
  assert.equal(old.status, 303);
  assert.equal(old.location, `/young-people/${kayleigh.id}`);
  // Lists and search hide the absorbed record; search finds the survivor by the absorbed name.
  const search = textOf((await coordinator.get('/young-people?q=Kayley+Smyth')).body, { asOnScreen: true });
  assert.ok(search.includes(`YP-${kayleigh.number}`));
  assert.ok(!search.includes(`YP-${kayley.number}`));
  assert.ok(!textOf((await coordinator.get('/young-people')).body, { asOnScreen: true }).includes(`YP-${kayley.number}`));
  // Need-to-know follows the merged record: the officer now sees it.
  assert.equal((await officer.get(`/young-people/${kayleigh.id}`)).status, 200);
  assert.equal((await officer.get(`/young-people/${kayley.id}`)).status, 303);
  // The pair is no longer a possible duplicate.
  assert.ok(!textOf((await coordinator.get('/young-people/duplicates')).body, { asOnScreen: true }).includes(`YP-${kayley.number} – Kayley Smyth`));

  const [row] = await db.select().from(youngPersonMerges).where(eq(youngPersonMerges.id, mergeId));
  assert.deepEqual(row!.moved.rows.concerns?.slice().sort(), kayleyBefore.concerns);
  const [audits] = await rows<{ n: number }>(db, sql`select count(*)::int as n from audit_events where details->>'mergeId' = ${mergeId}`);
  assert.equal(audits?.n, 2, 'audited on both records');
  const [reasoned] = await rows<{ reason: string }>(db, sql`select details->>'reason' as reason from audit_events where details->>'mergeId' = ${mergeId} and details->>'change' = 'merge'`);
  assert.equal(reasoned?.reason, reason, 'the reason is kept with the merge’s audit');

  const mergePage = await coordinator.get(`/young-people/merges/${mergeId}`);
  assert.match(textOf(mergePage.body, { asOnScreen: true }), /Records merged/);
  const undone = await coordinator.post(`/young-people/merges/${mergeId}/undo`, {});
  assert.equal(undone.status, 303);

  assert.deepEqual(await holdingsBeforeMerge(kayleigh.id), kayleighBefore);
  assert.deepEqual(await holdingsBeforeMerge(kayley.id), kayleyBefore);
  assert.equal((await reload(kayley.id)).mergedIntoId, null);
  assert.deepEqual((await reload(kayleigh.id)).aliases, kayleigh.aliases);
  assert.ok((await db.select().from(linkageKeys).where(eq(linkageKeys.youngPersonId, kayley.id))).length > 0, 'keys back');
  assert.equal((await officer.get(`/young-people/${kayleigh.id}`)).status, 404, 'access goes back too');
  assert.equal((await coordinator.get(`/young-people/${kayley.id}`)).status, 200);
  const again = await coordinator.post(`/young-people/merges/${mergeId}/undo`, {});
  assert.equal(again.status, 409, 'an undone merge cannot be undone twice');
  assert.match(textOf((await coordinator.get('/young-people/duplicates')).body, { asOnScreen: true }), new RegExp(`YP-${kayley.number} – Kayley Smyth`), 'listed again after the undo');
});

test('"not the same person" is remembered and audited', async () => {
  const marked = await coordinator.post('/young-people/duplicates/not-same', { first: kayley.id, second: kayleigh.id });
  assert.equal(marked.status, 303);
  const [decision] = await database.db.select().from(linkageDecisions);
  assert.ok(decision);
  assert.deepEqual([decision.youngPersonA, decision.youngPersonB], [kayleigh.id, kayley.id].sort());
  for (let i = 0; i < 2; i++) {
    const text = textOf((await coordinator.get('/young-people/duplicates')).body, { asOnScreen: true });
    assert.ok(!text.includes(`YP-${kayley.number} – Kayley Smyth`), 'not listed again');
  }
  // A change to either record does not bring the pair back.
  await database.db.update(youngPeople).set({ updatedAt: new Date() }).where(eq(youngPeople.id, kayley.id));
  assert.ok(!textOf((await coordinator.get('/young-people/duplicates')).body, { asOnScreen: true }).includes(`YP-${kayley.number} – Kayley Smyth`));
  const [audit] = await rows<{ n: number }>(database.db, sql`select count(*)::int as n from audit_events where record_kind = 'linkage_decision' and record_id = ${decision.id}`);
  assert.equal(audit?.n, 1);
  // Marking twice keeps one decision.
  await coordinator.post('/young-people/duplicates/not-same', { first: kayleigh.id, second: kayley.id });
  assert.equal((await database.db.select().from(linkageDecisions)).length, 1);
  assert.match(textOf((await coordinator.get(`/young-people/merge?first=${kayleigh.id}&second=${kayley.id}`)).body, { asOnScreen: true }), /already recorded that these are not the same person/);
});

test('twins in the demo area stay two records, and the duplicates page says why', async () => {
  const twins = await database.db.select().from(youngPeople).where(eq(youngPeople.familyName, 'Whitfield'));
  const leah = twins.find((person) => person.givenName === 'Leah');
  const erin = twins.find((person) => person.givenName === 'Erin');
  assert.ok(leah && erin && leah.dateOfBirth === erin.dateOfBirth && leah.postcode === erin.postcode, 'the demo has twin sisters at one address');
  const text = textOf((await coordinator.get('/young-people/duplicates')).body, { asOnScreen: true });
  const keptApart = text.slice(text.indexOf('Look-alikes kept apart'));
  assert.ok(text.includes('Look-alikes kept apart'), 'the page has a section for look-alikes');
  assert.ok(keptApart.includes(`YP-${leah.number} – Leah Whitfield`) || keptApart.includes(`YP-${erin.number} – Erin Whitfield`));
  assert.match(keptApart, /Different first names with the same date of birth and address: probably twins/);
  assert.match(keptApart, /Probably different/);
  // Not offered as a pair to check.
  const toCheck = text.slice(0, text.indexOf('Look-alikes kept apart'));
  assert.ok(!toCheck.includes('Leah Whitfield') && !toCheck.includes('Erin Whitfield'), 'the twins are not a possible duplicate');
  assert.equal((await reload(leah.id)).mergedIntoId, null);
  assert.equal((await reload(erin.id)).mergedIntoId, null);
});

/**
 * The database side of linkage against the demo area: stored keys, the area's model, online
 * matching with explanations, thresholds, and what a practitioner may learn.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../platform/db/database.ts';
import { rows } from '../../platform/db/database.ts';
import { createApiToken } from '../../platform/auth/api-tokens.ts';
import { areas, users } from '../organisation/tables.ts';
import { loadSignedInUser, type SignedInUser } from '../../platform/auth/users.ts';
import { possibleMatchExists } from '../concerns/submission.ts';
import { concerns } from '../concerns/tables.ts';
import { personDetailsWith } from '../young-people/details.ts';
import { insertYoungPerson, updatePersonDetails } from '../young-people/service.ts';
import { youngPeople } from '../young-people/tables.ts';
import { findMatches, suggestMatches } from './online.ts';
import { fromDetails, keysForPerson, loadMatchable } from './people.ts';
import { forgetCachedModel, getAreaModel } from './stored-model.ts';
import { linkageKeys, linkageModels } from './tables.ts';
import { demoDuplicatePair } from './testing.ts';
import { createTestLantern, type TestLantern, signInAs, textOf } from '../../test-support/index.ts';

let lantern: TestLantern;

let app: FastifyInstance;
let database: Database;
let areaId: string;
let kayleigh: typeof youngPeople.$inferSelect;
let kayley: typeof youngPeople.$inferSelect;
let coordinator: SignedInUser;
let nurse: SignedInUser;
const ctx = { actor: null, ip: '127.0.0.1', requestId: 'test' };

async function user(email: string): Promise<SignedInUser> {
  const [row] = await database.db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return (await loadSignedInUser(database.db, row!.id))!;
}

const details = personDetailsWith;

before(async () => {
  lantern = await createTestLantern();
  ({ app, database } = lantern);
  ({ kayleigh, kayley } = await demoDuplicatePair(database.db));
  areaId = kayleigh.areaId;
  coordinator = await user('coordinator@northbridge.example');
  nurse = await user('school.nurse@northbridge.example');
});

after(async () => {
  await lantern.close();
});

test('every demo record has its blocking keys stored, the same the engine computes', async () => {
  const [people] = await loadMatchable(database.db, sql`yp.id = ${kayleigh.id}`).then((list) => [list]);
  const expected = keysForPerson(people![0]!);
  const stored = await database.db.select({ key: linkageKeys.key }).from(linkageKeys).where(eq(linkageKeys.youngPersonId, kayleigh.id));
  assert.deepEqual(stored.map((row) => row.key).sort(), expected);
  assert.ok(expected.some((key) => key.startsWith('n:')), 'name keys');
  const [missing] = await rows<{ n: number }>(database.db, sql`select count(*)::int as n from young_people yp where not exists (select 1 from linkage_keys k where k.young_person_id = yp.id)`);
  assert.equal(missing?.n, 0);
});

test('keys follow a change of details and a new record', async () => {
  const db = database.db;
  const created = await insertYoungPerson(db, areaId, details({ givenName: 'Tyler', familyName: 'Okonkwo', dateOfBirth: '2011-05-20', postcode: 'NB4 2ZZ' }), coordinator.userId);
  const keysOf = async (id: string) => (await db.select({ key: linkageKeys.key }).from(linkageKeys).where(eq(linkageKeys.youngPersonId, id))).map((row) => row.key);
  const before = await keysOf(created.id);
  assert.ok(before.length > 5);
  assert.ok(before.some((key) => key.includes('NB4')));
  await updatePersonDetails(db, ctx, coordinator, created.id, details({ givenName: 'Tyler', familyName: 'Okonkwo', aliases: ['Ty'], dateOfBirth: '2011-05-20', postcode: 'NB1 7AA', nhsNumber: '9434765919' }));
  const afterChange = await keysOf(created.id);
  assert.ok(!afterChange.some((key) => key.includes('NB4')), 'old postcode keys removed');
  assert.ok(afterChange.some((key) => key.includes('NB1')), 'new postcode keys written');
  assert.ok(afterChange.includes('id:nhs_number|9434765919'), 'identifier key written');
});

test('the area model is estimated from the area and stored with when it was trained', async () => {
  const model = await getAreaModel(database.db, areaId);
  const [row] = await database.db.select().from(linkageModels).where(eq(linkageModels.areaId, areaId));
  assert.ok(row, 'stored');
  assert.ok(row.trainedAt instanceof Date);
  assert.ok(row.recordCount >= 6, 'counts the area’s own records');
  assert.ok(row.model.syntheticRecords > 0, 'a small area is topped up with fictional records');
  assert.ok(row.model.model.comparisons.some((c) => c.key === 'date_of_birth'));
  assert.deepEqual(model.thresholds, { review: 0.5, autoSuggest: 0.99 });
});

test('online matching finds Kayley Smyth for Kayleigh Smith, day and month swapped, with the reasons', async () => {
  const person = fromDetails('new', details({ givenName: 'Kayleigh', familyName: 'Smith', dateOfBirth: kayleigh.dateOfBirth, postcode: 'NB2 5RD', gender: 'female' }));
  const result = await findMatches(database.db, areaId, person, { excludeIds: [kayleigh.id] });
  const best = result.matches[0];
  assert.ok(best, 'a match');
  assert.equal(best.person.id, kayley.id);
  assert.ok(best.matchProbability >= result.thresholds.review, `probability ${best.matchProbability}`);
  const fields = Object.fromEntries(best.explanation!.fields.map((f) => [f.key, f]));
  assert.equal(fields.date_of_birth?.level, 'day and month swapped');
  assert.ok((fields.date_of_birth?.weight ?? 0) > 0);
  assert.equal(fields.family_name?.level, 'one typing slip');
  assert.deepEqual(fields.given_name?.values, ['Kayleigh', 'Kayley']);
  assert.match(best.explanation!.summary, /date of birth: day and month swapped/);
  assert.ok(result.candidates < 50, 'candidates come from key look-ups, not the whole area');
});

test('suggestMatches ranks candidates with bands and explanations, only among records the user may see', async () => {
  const typed = details({ givenName: 'Kayley', familyName: 'Smith', dateOfBirth: kayley.dateOfBirth, gender: 'female' });
  const suggestions = await suggestMatches(database.db, coordinator, typed, { ctx });
  assert.ok(suggestions.length >= 2);
  assert.deepEqual(new Set(suggestions.slice(0, 2).map((s) => s.youngPersonId)), new Set([kayley.id, kayleigh.id]));
  for (let i = 1; i < suggestions.length; i++) assert.ok(suggestions[i - 1]!.matchProbability >= suggestions[i]!.matchProbability, 'best first');
  assert.ok(suggestions[0]!.explanation.fields.length > 0);
  assert.match(suggestions[0]!.reference, /^YP-\d+$/);
  assert.ok(['likely', 'possible', 'unlikely'].includes(suggestions[0]!.band));
  // The school nurse is in neither girl's team and raised no concern about her: nothing to suggest.
  assert.deepEqual(await suggestMatches(database.db, nurse, typed, { ctx }), []);
  const [audit] = await rows<{ n: number }>(database.db, sql`select count(*)::int as n from audit_events where details->>'purpose' = 'match_suggestions'`);
  assert.ok((audit?.n ?? 0) >= 2, 'each look-up audited');
});

test('possibleMatchExists uses the engine and answers only yes or no', async () => {
  assert.equal(await possibleMatchExists(database.db, areaId, details({ givenName: 'Kayley', familyName: 'Smyth', dateOfBirth: kayleigh.dateOfBirth })), true);
  assert.equal(await possibleMatchExists(database.db, areaId, details({ givenName: 'Zbigniew', familyName: 'Quartermaine', dateOfBirth: '2010-01-01' })), false);
});

test('thresholds are configurable per area', async () => {
  const db = database.db;
  const typed = details({ givenName: 'Kayley', familyName: 'Smyth' });
  forgetCachedModel(areaId);
  const [before] = (await findMatches(db, areaId, fromDetails('x', typed))).matches;
  assert.ok(before && before.matchProbability < 0.999999, 'a name alone is not overwhelming evidence');
  await db.update(areas).set({ settings: { linkageReviewThreshold: 0.999999, linkageAutoSuggestThreshold: 0.9999999 } }).where(eq(areas.id, areaId));
  forgetCachedModel(areaId);
  const model = await getAreaModel(db, areaId);
  assert.deepEqual(model.thresholds, { review: 0.999999, autoSuggest: 0.9999999 });
  assert.equal(await possibleMatchExists(db, areaId, typed), false);
  await db.update(areas).set({ settings: {} }).where(eq(areas.id, areaId));
  forgetCachedModel(areaId);
});

test('a practitioner naming a young person they cannot see learns nothing of the match; only triage is told', async () => {
  const { token } = await createApiToken(database.db, ctx, nurse.userId, 'test');
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/concerns',
    headers: { authorization: `Bearer ${token}` },
    payload: {
      externalReference: 'nurse-1',
      immediateDanger: false,
      subject: { kind: 'new', givenName: 'Kayley', familyName: 'Smith', dateOfBirth: kayley.dateOfBirth, gender: 'female' },
      details: 'Came to the drop-in with a new phone and said an older man gave it to her.',
      howLearned: 'observed',
      youngPersonAware: 'yes',
      lawfulBasis: 'safeguarding',
    },
  });
  assert.equal(response.statusCode, 201, response.body);
  const body = response.json() as Record<string, unknown>;
  assert.deepEqual(Object.keys(body).sort(), ['id', 'reference', 'urgent']);
  const [held] = await database.db.select({ possibleMatch: concerns.possibleMatch }).from(concerns).where(eq(concerns.id, String(body.id)));
  assert.equal(held!.possibleMatch, true, 'the possible match is kept for triage');
  for (const held of [kayleigh, kayley]) {
    assert.ok(!response.body.includes(held.id));
    assert.ok(!response.body.includes(`YP-${held.number}`));
  }

  const browser = await signInAs(app, 'school.nurse@northbridge.example');
  const recorded = await browser.get(`/concerns/${String(body.id)}/recorded`);
  assert.equal(recorded.status, 200);
  const text = textOf(recorded.body, { asOnScreen: true });
  assert.doesNotMatch(text, /already hold|possible match|may be known/i);
  const read = await app.inject({ method: 'GET', url: `/api/v1/concerns/${String(body.id)}`, headers: { authorization: `Bearer ${token}` } });
  assert.equal(read.statusCode, 200);
  assert.ok(!('possibleMatch' in (read.json() as object)));
  for (const word of ['Kayleigh', 'Smyth', `YP-${kayleigh.number}`, `YP-${kayley.number}`, 'NB2 5RD']) assert.ok(!text.includes(word), `recorded page mentions ${word}`);
  assert.equal((await browser.get(`/young-people/${kayleigh.id}`)).status, 404);
  assert.equal((await browser.get(`/young-people/${kayley.id}`)).status, 404);
  const search = textOf((await browser.get('/young-people?q=Kayley+Smyth')).body, { asOnScreen: true });
  assert.ok(!search.includes(`YP-${kayley.number}`) && !search.includes(`YP-${kayleigh.number}`));
});

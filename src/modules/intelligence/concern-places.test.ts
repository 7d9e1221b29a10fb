/**
 * Concerns reach places without an officer's hand: the coordinator links a concern to a place at
 * triage (suggested from where the referrer said it happened), or records a new place from it;
 * officers link and unlink from the place's page. Each link counts in hotspots at once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { auditEvents } from '../../platform/audit/tables.ts';
import { concerns } from '../concerns/tables.ts';
import { createTestLantern, type TestLantern, signInAs, apiTokenFor, textOf, type TestClient } from '../../test-support/index.ts';
import { demoArea, makeConcern, makeYoungPerson, type DemoArea } from '../triage/testing.ts';
import { placeWords, postcodesIn, suggestPlacesForConcern } from './concern-places.ts';
import { hotspots } from './hotspots.ts';
import { intelligenceRecordChanges, placesOfConcern } from './tables.ts';
import { DEMO_TAKEAWAY } from './demo.ts';

let lantern: TestLantern;
let app: FastifyInstance;
let database: Database;
let area: DemoArea;
let takeawayId: string;
let coordinator: TestClient;
let officer: TestClient;
let nurse: TestClient;

before(async () => {
  lantern = await createTestLantern();
  ({ app, database } = lantern);
  area = await demoArea(database.db);
  takeawayId = (await database.db.select().from(placesOfConcern).where(eq(placesOfConcern.name, DEMO_TAKEAWAY)))[0]!.id;
  coordinator = await signInAs(app, 'coordinator@northbridge.example');
  officer = await signInAs(app, 'intelligence@northbridge.example');
  nurse = await signInAs(app, 'school.nurse@northbridge.example');
});
after(async () => lantern.close());

/** A concern about a new young person, happening where the referrer says. */
async function concernAt(whereText: string | null, givenName = 'Placetest') {
  const youngPersonId = await makeYoungPerson(database.db, area.areaId, { givenName, familyName: 'Fictional' });
  const concern = await makeConcern(database.db, { areaId: area.areaId, raisedBy: await area.user('school.nurse@northbridge.example'), youngPersonId });
  await database.db.update(concerns).set({ whereText }).where(eq(concerns.id, concern.id));
  return { ...concern, youngPersonId };
}

const placeOf = async (concernId: string) => (await database.db.select({ placeId: concerns.placeId }).from(concerns).where(eq(concerns.id, concernId)))[0]!.placeId;
const youngPeopleAt = async (placeId: string) => {
  const ranked = await hotspots(database.db, area.areaId, { from: new Date(Date.now() - 30 * 86_400_000), to: new Date(Date.now() + 60_000) }, 100);
  return ranked.places.find((p) => p.id === placeId)?.youngPeople ?? 0;
};
const placeCount = async () => (await database.db.select({ n: sql<number>`count(*)::int` }).from(placesOfConcern))[0]!.n;

describe('finding the place a concern happened at', () => {
  it('finds full postcodes in free text, however they are written', () => {
    assert.deepEqual(postcodesIn('outside the chip shop, nb12ms, near the bus stop'), ['NB1 2MS']);
    assert.deepEqual(postcodesIn('At NB1 2MS and again at NB2 3QT'), ['NB1 2MS', 'NB2 3QT']);
    assert.deepEqual(postcodesIn('somewhere in NB1'), [], 'an outward code alone is too vague to match');
    assert.deepEqual(postcodesIn(null), []);
  });

  it('looks up only the words that can tell places apart', () => {
    assert.deepEqual(placeWords('Seen going into the Mill St Grill, late at night, with him'), ['mill', 'grill']);
    assert.deepEqual(placeWords('Flat 4B, 22 Canal Row'), ['flat', 'canal', 'row']);
  });

  it('suggests a place by a name like the one written, or by its postcode, and nothing for unrelated text', async () => {
    const byName = await suggestPlacesForConcern(database.db, area.areaId, 'She was seen going into the Mill St Grill after school');
    assert.equal(byName[0]?.id, takeawayId);
    assert.equal(byName[0]?.postcodeMatched, false);
    const byPostcode = await suggestPlacesForConcern(database.db, area.areaId, 'a flat, postcode nb1 2ms');
    assert.equal(byPostcode[0]?.id, takeawayId);
    assert.equal(byPostcode[0]?.postcodeMatched, true);
    assert.deepEqual(await suggestPlacesForConcern(database.db, area.areaId, 'in a blue car on the ring road'), []);
    assert.deepEqual(await suggestPlacesForConcern(database.db, area.areaId, ''), []);
    assert.deepEqual(await suggestPlacesForConcern(database.db, area.areaId, 'Mill Street Grill', takeawayId), [], 'the place already linked is not suggested again');
  });
});

describe('linking a concern to a place at triage', () => {
  it('shows the suggestions to the coordinator and links one, audited, counting in hotspots', async () => {
    const concern = await concernAt('Outside Mill Street Grill, late');
    const before = await youngPeopleAt(takeawayId);
    const page = await coordinator.get(`/triage/${concern.id}`);
    assert.equal(page.status, 200);
    const text = textOf(page.body, { asOnScreen: true });
    assert.match(text, /Where it happened/);
    assert.match(text, /Places of concern that may be where it happened/);
    assert.match(text, new RegExp(`${DEMO_TAKEAWAY}.*The name or address is like what was written. Very likely the same place \\(\\d+%\\). For: its name, “${DEMO_TAKEAWAY}”`));

    const linked = await coordinator.post(`/triage/${concern.id}/place`, { action: 'link', placeId: takeawayId });
    assert.equal(linked.status, 303);
    assert.match(String(linked.location), /place=linked/);
    assert.equal(await placeOf(concern.id), takeawayId);
    assert.equal(await youngPeopleAt(takeawayId), before + 1, 'the young person now counts at the hotspot');
    const [audit] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.recordKind, 'concern'), eq(auditEvents.recordId, concern.id), eq(auditEvents.action, 'update'))).orderBy(desc(auditEvents.id)).limit(1);
    assert.equal(audit?.details?.linkedPlace, takeawayId);
    assert.equal(audit?.details?.via, 'triage');

    const after = textOf((await coordinator.get(`/triage/${concern.id}?place=linked`)).body, { asOnScreen: true });
    assert.match(after, /The concern has been linked to the place/);
    assert.match(after, new RegExp(`Place of concern ${DEMO_TAKEAWAY} \\(P-\\d+\\)`));
    const placePage = textOf((await officer.get(`/intelligence/places/${takeawayId}`)).body, { asOnScreen: true });
    assert.match(placePage, new RegExp(`Concern C-${concern.number} linked to this place`));
    assert.match(placePage, new RegExp(`C-${concern.number}.*Outside Mill Street Grill, late`));
  });

  it('links by a typed reference, and refuses an unknown reference or a second link to the same place with a message, changing nothing', async () => {
    const concern = await concernAt('somewhere we have no record of');
    const [takeaway] = await database.db.select({ number: placesOfConcern.number }).from(placesOfConcern).where(eq(placesOfConcern.id, takeawayId));

    const empty = await coordinator.post(`/triage/${concern.id}/place`, { action: 'link', placeReference: '' });
    assert.equal(empty.status, 400);
    assert.match(empty.body, /govuk-error-summary/);
    assert.match(textOf(empty.body, { asOnScreen: true }), /Enter the reference of a place of concern, like P-3/);
    assert.match(empty.body, /<title>Error: /);

    const unknown = await coordinator.post(`/triage/${concern.id}/place`, { action: 'link', placeReference: 'P-99999999' });
    assert.equal(unknown.status, 400);
    assert.match(textOf(unknown.body, { asOnScreen: true }), /Enter the reference of a place of concern in your area/);
    assert.equal(await placeOf(concern.id), null);

    const byReference = await coordinator.post(`/triage/${concern.id}/place`, { action: 'link', placeReference: `p-${takeaway!.number}` });
    assert.equal(byReference.status, 303);
    assert.equal(await placeOf(concern.id), takeawayId);

    const again = await coordinator.post(`/triage/${concern.id}/place`, { action: 'link', placeId: takeawayId });
    assert.equal(again.status, 400);
    assert.match(textOf(again.body, { asOnScreen: true }), /already linked to this place/);
  });

  it('records a new place from the concern, prefilled from what was written, and links it in one go', async () => {
    const concern = await concernAt('The garages behind Ferry Lane, NB4 7TZ');
    const page = await coordinator.get(`/triage/${concern.id}`);
    assert.match(page.body, /id="placeName" name="placeName" type="text" value="The garages behind Ferry Lane, NB4 7TZ"/);
    assert.match(page.body, /id="placePostcode" name="placePostcode" type="text" value="NB4 7TZ"/);

    const count = await placeCount();
    const refused = await coordinator.post(`/triage/${concern.id}/place`, { action: 'new', placeName: '', placePostcode: 'not a postcode' });
    assert.equal(refused.status, 400);
    const text = textOf(refused.body, { asOnScreen: true });
    assert.match(text, /Choose what kind of place it is/);
    assert.match(text, /Enter the name of the place/);
    assert.match(text, /Enter a real postcode/);
    assert.match(refused.body, /href="#placeKind"/);
    assert.equal(await placeCount(), count, 'nothing recorded');
    assert.equal(await placeOf(concern.id), null);

    const created = await coordinator.post(`/triage/${concern.id}/place`, { action: 'new', placeKind: 'other', placeName: 'Ferry Lane garages', placePostcode: 'nb47tz' });
    assert.equal(created.status, 303);
    const [place] = await database.db.select().from(placesOfConcern).where(eq(placesOfConcern.name, 'Ferry Lane garages'));
    assert.equal(place?.postcode, 'NB4 7TZ');
    assert.equal(await placeOf(concern.id), place!.id);
    assert.equal(await youngPeopleAt(place!.id), 1);
    const changes = await database.db.select().from(intelligenceRecordChanges).where(eq(intelligenceRecordChanges.placeId, place!.id));
    assert.deepEqual(changes.map((c) => c.kind), ['concern_linked']);
  });

  it('unlinks, and is for coordinators only', async () => {
    const concern = await concernAt('Mill Street Grill');
    assert.equal((await nurse.post(`/triage/${concern.id}/place`, { action: 'link', placeId: takeawayId })).status, 403);
    assert.equal((await officer.post(`/triage/${concern.id}/place`, { action: 'link', placeId: takeawayId })).status, 403);
    assert.equal(await placeOf(concern.id), null);
    assert.equal((await coordinator.post('/triage/00000000-0000-4000-8000-000000000000/place', { action: 'link', placeId: takeawayId })).status, 404);

    await coordinator.post(`/triage/${concern.id}/place`, { action: 'link', placeId: takeawayId });
    const unlinked = await coordinator.post(`/triage/${concern.id}/place`, { action: 'unlink' });
    assert.equal(unlinked.status, 303);
    assert.equal(await placeOf(concern.id), null);
    const twice = await coordinator.post(`/triage/${concern.id}/place`, { action: 'unlink' });
    assert.equal(twice.status, 400);
    assert.match(textOf(twice.body, { asOnScreen: true }), /not linked to a place/);
  });
});

describe('linking concerns from a place’s page', () => {
  it('lets an officer link a concern by its reference and unlink it, with messages for bad input', async () => {
    const concern = await concernAt(null, 'Pagelink');
    const before = await youngPeopleAt(takeawayId);

    const blank = await officer.post(`/intelligence/places/${takeawayId}/concerns`, { concernReference: '' });
    assert.equal(blank.status, 400);
    assert.match(textOf(blank.body, { asOnScreen: true }), /Enter the reference of the concern, like C-1042/);
    const unknown = await officer.post(`/intelligence/places/${takeawayId}/concerns`, { concernReference: 'C-99999999' });
    assert.equal(unknown.status, 400);
    assert.match(textOf(unknown.body, { asOnScreen: true }), /Enter the reference of a concern raised in your area/);

    const linked = await officer.post(`/intelligence/places/${takeawayId}/concerns`, { concernReference: `C-${concern.number}` });
    assert.equal(linked.status, 303);
    assert.equal(await placeOf(concern.id), takeawayId);
    assert.equal(await youngPeopleAt(takeawayId), before + 1);
    const again = await officer.post(`/intelligence/places/${takeawayId}/concerns`, { concernReference: String(concern.number) });
    assert.equal(again.status, 400);
    assert.match(textOf(again.body, { asOnScreen: true }), /already linked to this place/);

    const unlinked = await officer.post(`/intelligence/places/${takeawayId}/concerns/unlink`, { concernId: concern.id });
    assert.equal(unlinked.status, 303);
    assert.equal(await placeOf(concern.id), null);
    const stale = await officer.post(`/intelligence/places/${takeawayId}/concerns/unlink`, { concernId: concern.id });
    assert.equal(stale.status, 400);
    assert.match(textOf(stale.body, { asOnScreen: true }), /not linked to this place any more/);
    const page = textOf((await officer.get(`/intelligence/places/${takeawayId}`)).body, { asOnScreen: true });
    assert.match(page, new RegExp(`Concern C-${concern.number} unlinked from this place`));
  });

  it('is refused to practitioners, who never see the form', async () => {
    const concern = await concernAt(null, 'Pagerefuse');
    assert.equal((await nurse.post(`/intelligence/places/${takeawayId}/concerns`, { concernReference: `C-${concern.number}` })).status, 403);
    assert.equal(await placeOf(concern.id), null);
  });
});

describe('linking concerns to places through the API', () => {
  it('links and unlinks for officers, refuses practitioners and bad ids, with problem details', async () => {
    const concern = await concernAt(null, 'Apilink');
    const officerToken = await apiTokenFor(database.db, 'intelligence@northbridge.example');
    const nurseToken = await apiTokenFor(database.db, 'school.nurse@northbridge.example');
    const call = (method: 'PUT' | 'DELETE', url: string, token: string, payload?: Record<string, unknown>) => app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });

    assert.equal((await call('PUT', `/api/v1/concerns/${concern.id}/place`, nurseToken, { placeId: takeawayId })).statusCode, 403);
    const bad = await call('PUT', `/api/v1/concerns/${concern.id}/place`, officerToken, { placeId: 'not-a-place' });
    assert.equal(bad.statusCode, 400);
    const elsewhere = await call('PUT', `/api/v1/concerns/${concern.id}/place`, officerToken, { placeId: '00000000-0000-4000-8000-000000000000' });
    assert.equal(elsewhere.statusCode, 400);
    assert.match(elsewhere.body, /Choose a place of concern in your area/);
    assert.equal((await call('PUT', '/api/v1/concerns/00000000-0000-4000-8000-000000000000/place', officerToken, { placeId: takeawayId })).statusCode, 404);
    assert.equal(await placeOf(concern.id), null);

    assert.equal((await call('PUT', `/api/v1/concerns/${concern.id}/place`, officerToken, { placeId: takeawayId })).statusCode, 204);
    assert.equal(await placeOf(concern.id), takeawayId);
    assert.equal((await call('DELETE', `/api/v1/concerns/${concern.id}/place`, officerToken)).statusCode, 204);
    assert.equal(await placeOf(concern.id), null);
    assert.equal((await call('DELETE', `/api/v1/concerns/${concern.id}/place`, officerToken)).statusCode, 400);
  });
});

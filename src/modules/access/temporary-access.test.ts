/**
 * Temporary access stays temporary: raising a concern while emergency access or a panel window is
 * open keeps the concern and its feedback visible to the referrer for good, but not the young
 * person's record once the temporary path has ended (expired, closed, or ruled not appropriate).
 * Everything here goes through the pages and the API, as a user would.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { createTestLantern, signInAs, type TestClient, type TestLantern } from '../../test-support/index.ts';
import { createApiToken } from '../../platform/auth/api-tokens.ts';
import { agendaItems, panelMeetings, panelMembers, panels } from '../panels/tables.ts';
import { youngPeople } from '../young-people/tables.ts';
import { areas } from '../organisation/tables.ts';
import { demoArea, makeYoungPerson, type DemoArea } from '../triage/testing.ts';
import { concerns } from '../concerns/tables.ts';
import { breakGlassAccesses } from './tables.ts';

const YOUTH_WORKER = 'youth.worker@northbridge.example';
const COORDINATOR = 'coordinator@northbridge.example';
const ctx = { actor: null, ip: '127.0.0.1', requestId: 'test' };

let lantern: TestLantern;
let area: DemoArea;
let youthWorker: TestClient;
let coordinator: TestClient;
let youthWorkerToken: string;

before(async () => {
  lantern = await createTestLantern();
  area = await demoArea(lantern.db);
  youthWorker = await signInAs(lantern.app, YOUTH_WORKER);
  coordinator = await signInAs(lantern.app, COORDINATOR);
  // This file opens more emergency accesses for one person than the default daily limit.
  await lantern.db.update(areas).set({ settings: sql`${areas.settings} || '{"breakGlassPerDay": 20}'::jsonb` }).where(eq(areas.id, area.areaId));
  youthWorkerToken = (await createApiToken(lantern.db, ctx, (await area.user(YOUTH_WORKER)).userId, 'temporary access test')).token;
});
after(() => lantern?.close());

async function numberOf(id: string) {
  const [row] = await lantern.db.select({ number: youngPeople.number }).from(youngPeople).where(eq(youngPeople.id, id));
  return row!.number;
}

async function openEmergencyAccess(id: string) {
  const granted = await youthWorker.post(
    '/young-people/emergency-access',
    { reference: `YP-${await numberOf(id)}`, reason: 'She has been reported missing tonight and I am the on-call worker.' },
    { csrfFrom: '/young-people/emergency-access' },
  );
  assert.equal(granted.status, 303, granted.errors.join('; '));
  assert.equal((await youthWorker.get(`/young-people/${id}`)).status, 200);
}

/** The youth worker raises a concern about a young person they can see, through the API. */
async function raiseConcernAbout(id: string, externalReference: string): Promise<{ id: string; reference: string }> {
  const response = await lantern.app.inject({
    method: 'POST',
    url: '/api/v1/concerns',
    headers: { authorization: `Bearer ${youthWorkerToken}` },
    payload: {
      externalReference,
      immediateDanger: false,
      subject: { kind: 'known', youngPersonId: id },
      details: 'Seen at the bus station late at night with two older men she would not name.',
      howLearned: 'observed',
      youngPersonAware: 'no',
      lawfulBasis: 'safeguarding',
    },
  });
  assert.equal(response.statusCode, 201, response.body);
  return response.json();
}

async function assertStillSeesOwnConcern(concern: { id: string; reference: string }) {
  const list = await youthWorker.get('/my-concerns');
  assert.equal(list.status, 200);
  assert.match(list.text, new RegExp(concern.reference));
  assert.equal((await youthWorker.get(`/my-concerns/${concern.id}`)).status, 200);
}

describe('emergency access', () => {
  it('a concern raised during emergency access does not outlive a "not appropriate" review', async () => {
    const id = await makeYoungPerson(lantern.db, area.areaId, { givenName: 'Roxanne', familyName: 'Teague', dateOfBirth: '2010-02-11' });
    assert.equal((await youthWorker.get(`/young-people/${id}`)).status, 404);
    await openEmergencyAccess(id);
    const concern = await raiseConcernAbout(id, 'temporary-1');

    const [access] = await lantern.db.select({ id: breakGlassAccesses.id }).from(breakGlassAccesses).where(eq(breakGlassAccesses.youngPersonId, id));
    const reviewed = await coordinator.post(`/access/break-glass/${access!.id}/review`, { outcome: 'not_appropriate', note: 'No on-call duty that night.' }, { csrfFrom: '/access/break-glass' });
    assert.equal(reviewed.status, 303, reviewed.errors.join('; '));

    assert.equal((await youthWorker.get(`/young-people/${id}`)).status, 404);
    const api = await lantern.app.inject({ method: 'GET', url: `/api/v1/young-people/${id}`, headers: { authorization: `Bearer ${youthWorkerToken}` } });
    assert.equal(api.statusCode, 404);
    await assertStillSeesOwnConcern(concern);
  });

  it('a concern raised during emergency access does not outlive its expiry', async () => {
    const id = await makeYoungPerson(lantern.db, area.areaId, { givenName: 'Delphine', familyName: 'Marsh', dateOfBirth: '2009-09-30' });
    await openEmergencyAccess(id);
    const concern = await raiseConcernAbout(id, 'temporary-2');
    await lantern.db.update(breakGlassAccesses).set({ expiresAt: sql`now() - interval '1 minute'` }).where(eq(breakGlassAccesses.youngPersonId, id));

    assert.equal((await youthWorker.get(`/young-people/${id}`)).status, 404);
    await assertStillSeesOwnConcern(concern);
  });

  it('someone already on the team keeps the record after their emergency access ends', async () => {
    const id = await makeYoungPerson(lantern.db, area.areaId, { givenName: 'Winona', familyName: 'Prest', dateOfBirth: '2010-06-02' });
    // A referrer first: a concern about someone the worker had no other view of gives standing access.
    const first = await lantern.app.inject({
      method: 'POST',
      url: '/api/v1/concerns',
      headers: { authorization: `Bearer ${youthWorkerToken}` },
      payload: {
        externalReference: 'temporary-3a',
        immediateDanger: false,
        subject: { kind: 'new', givenName: 'Winona', familyName: 'Prest', dateOfBirth: '2010-06-02', gender: 'female' },
        details: 'Told staff an older man buys her alcohol and drives her to parties.',
        howLearned: 'told_by_young_person',
        youngPersonAware: 'yes',
        lawfulBasis: 'safeguarding',
      },
    });
    assert.equal(first.statusCode, 201, first.body);
    const linked = await coordinator.post(`/triage/${first.json().id}`, { youngPerson: id, certainty: 'indicated', outcome: 'advice_given', outcomeNote: 'Advice given to the youth project about online safety.' });
    assert.equal(linked.status, 303, linked.errors.join('; '));
    assert.equal((await youthWorker.get(`/young-people/${id}`)).status, 200);

    await openEmergencyAccess(id);
    await raiseConcernAbout(id, 'temporary-3b');
    await lantern.db.update(breakGlassAccesses).set({ expiresAt: sql`now() - interval '1 minute'` }).where(eq(breakGlassAccesses.youngPersonId, id));
    assert.equal((await youthWorker.get(`/young-people/${id}`)).status, 200);
  });

  it('a concern about a new person, linked at triage to a record the referrer sees only through emergency access, does not give the record', async () => {
    const id = await makeYoungPerson(lantern.db, area.areaId, { givenName: 'Esme', familyName: 'Varley', dateOfBirth: '2011-01-19' });
    await openEmergencyAccess(id);
    const sent = await lantern.app.inject({
      method: 'POST',
      url: '/api/v1/concerns',
      headers: { authorization: `Bearer ${youthWorkerToken}` },
      payload: {
        externalReference: 'temporary-4',
        immediateDanger: false,
        subject: { kind: 'new', givenName: 'Esme', familyName: 'Varley', dateOfBirth: '2011-01-19', gender: 'female' },
        details: 'Has a second phone she hides from staff.',
        howLearned: 'observed',
        youngPersonAware: 'no',
        lawfulBasis: 'safeguarding',
      },
    });
    assert.equal(sent.statusCode, 201, sent.body);
    const linked = await coordinator.post(`/triage/${sent.json().id}`, { youngPerson: id, certainty: 'indicated', outcome: 'advice_given', outcomeNote: 'Advice given to the youth project about online safety.' });
    assert.equal(linked.status, 303, linked.errors.join('; '));
    const [row] = await lantern.db.select({ grants: concerns.grantsRecordAccess }).from(concerns).where(eq(concerns.id, sent.json().id));
    assert.equal(row!.grants, false);
    await lantern.db.update(breakGlassAccesses).set({ expiresAt: sql`now() - interval '1 minute'` }).where(eq(breakGlassAccesses.youngPersonId, id));
    assert.equal((await youthWorker.get(`/young-people/${id}`)).status, 404);
    await assertStillSeesOwnConcern({ id: sent.json().id, reference: sent.json().reference });
  });
});

describe('a panel window', () => {
  it('a concern raised while the panel window is open does not outlive the window', async () => {
    const id = await makeYoungPerson(lantern.db, area.areaId, { givenName: 'Ottilie', familyName: 'Brack', dateOfBirth: '2010-12-12' });
    const worker = await area.user(YOUTH_WORKER);
    const [panel] = await lantern.db.insert(panels).values({ areaId: area.areaId, name: 'Window test panel', kind: 'serac', accessAfterCloseDays: 7 }).returning();
    await lantern.db.insert(panelMembers).values({ panelId: panel!.id, userId: worker.userId });
    const [meeting] = await lantern.db.insert(panelMeetings).values({ panelId: panel!.id, meetsOn: '2026-11-02', agendaIssuedAt: sql`now() - interval '1 day'` }).returning();
    await lantern.db.insert(agendaItems).values({ meetingId: meeting!.id, youngPersonId: id });
    assert.equal((await youthWorker.get(`/young-people/${id}`)).status, 200);

    const concern = await raiseConcernAbout(id, 'temporary-5');
    // The minutes closed long enough ago that the panel's access period is over.
    await lantern.db.update(panelMeetings).set({ minutesClosedAt: sql`now() - interval '8 days'` }).where(and(eq(panelMeetings.id, meeting!.id)));

    assert.equal((await youthWorker.get(`/young-people/${id}`)).status, 404);
    await assertStillSeesOwnConcern(concern);
  });
});

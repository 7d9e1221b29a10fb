/**
 * Every view of personal data is audited, including the forms that show a record to change it,
 * and every refused attempt on a record (through pages and the API) is audited as denied.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, desc, eq } from 'drizzle-orm';
import { createTestLantern, signInAs, userIdByEmail, type TestLantern } from '../../test-support/index.ts';
import { createApiToken } from '../auth/api-tokens.ts';
import { demoArea, makeYoungPerson } from '../../modules/triage/testing.ts';
import { recordEpisode } from '../../modules/missing/service.ts';
import { auditEvents } from './tables.ts';

const ctx = { actor: null, ip: '127.0.0.1', requestId: 'test' };
const YOUTH_WORKER = 'youth.worker@northbridge.example';

let lantern: TestLantern;
let strangerId: string;
let episodeId: string;

before(async () => {
  lantern = await createTestLantern();
  const area = await demoArea(lantern.db);
  strangerId = await makeYoungPerson(lantern.db, area.areaId, { givenName: 'Philippa', familyName: 'Sorrel', dateOfBirth: '2010-03-08' });
  const coordinator = await area.user('coordinator@northbridge.example');
  const recorded = await recordEpisode(
    lantern.db,
    ctx,
    coordinator,
    strangerId,
    { kind: 'missing', lastSeenAt: new Date(Date.now() - 6 * 3_600_000), lastSeenWhere: 'Outside the leisure centre', reportedAt: new Date(Date.now() - 5 * 3_600_000), reportedBy: null, policeReference: null, lookedAfter: true, placement: null },
    { source: 'web' },
  );
  assert.ok(recorded.ok);
  episodeId = recorded.value.id;
});
after(() => lantern?.close());

async function latestFor(userEmail: string, recordId: string) {
  const userId = await userIdByEmail(lantern.db, userEmail);
  const [row] = await lantern.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.actorUserId, userId), eq(auditEvents.recordId, recordId)))
    .orderBy(desc(auditEvents.id))
    .limit(1);
  return row;
}

describe('refused attempts on records', () => {
  it('a page refused with 404 is audited as denied against the record', async () => {
    const worker = await signInAs(lantern.app, YOUTH_WORKER);
    assert.equal((await worker.get(`/young-people/${strangerId}`)).status, 404);
    const row = await latestFor(YOUTH_WORKER, strangerId);
    assert.equal(row?.outcome, 'denied');
    assert.equal(row?.recordKind, 'young_person');
    assert.equal(row?.action, 'view');
    assert.deepEqual(row?.details, { route: '/young-people/:id', method: 'GET', status: 404 });
  });

  it('the API refused with 404 is audited the same way', async () => {
    const { token } = await createApiToken(lantern.db, ctx, await userIdByEmail(lantern.db, YOUTH_WORKER), 'refusal test');
    const response = await lantern.app.inject({ method: 'GET', url: `/api/v1/young-people/${strangerId}`, headers: { authorization: `Bearer ${token}` } });
    assert.equal(response.statusCode, 404);
    const row = await latestFor(YOUTH_WORKER, strangerId);
    assert.equal(row?.outcome, 'denied');
    assert.deepEqual(row?.details, { route: '/api/v1/young-people/:id', method: 'GET', status: 404 });
  });

  it('a refused page about something under a young person is audited against the young person', async () => {
    const worker = await signInAs(lantern.app, YOUTH_WORKER);
    for (const route of ['/young-people/:id/assessments', '/young-people/:id/assessments/draft']) {
      assert.equal((await worker.get(route.replace(':id', strangerId))).status, 404, route);
      const row = await latestFor(YOUTH_WORKER, strangerId);
      assert.deepEqual([row?.outcome, row?.recordKind, row?.details], ['denied', 'young_person', { route, method: 'GET', status: 404 }]);
    }
  });

  it('a page refused to the role (403) is audited too, and an unknown address is not a record', async () => {
    const worker = await signInAs(lantern.app, YOUTH_WORKER);
    assert.equal((await worker.get(`/missing/${episodeId}/strategy-meeting`)).status, 403);
    const row = await latestFor(YOUTH_WORKER, episodeId);
    assert.equal(row?.outcome, 'denied');
    assert.equal(row?.recordKind, 'missing_episode');
    assert.equal(row?.details && (row.details as { status: number }).status, 403);

    const before = await lantern.db.$count(auditEvents);
    assert.equal((await worker.get('/no-such-page/at-all')).status, 404);
    assert.equal(await lantern.db.$count(auditEvents), before);
  });
});

describe('forms that show a record', () => {
  const forms: [string, () => string, string, string][] = [
    ['the young person’s personal details', () => `/young-people/${strangerId}/details`, 'young_person', 'details'],
    ['the young person’s circumstances and monitoring', () => `/young-people/${strangerId}/circumstances`, 'young_person', 'circumstances'],
    ['adding to the team around the child', () => `/young-people/${strangerId}/team/add`, 'young_person', 'team_add'],
    ['a new missing episode', () => `/young-people/${strangerId}/missing/new`, 'young_person', 'missing_episode_new'],
    ['the return from a missing episode', () => `/missing/${episodeId}/return`, 'missing_episode', 'return'],
    ['the strategy meeting', () => `/missing/${episodeId}/strategy-meeting`, 'missing_episode', 'strategy_meeting'],
  ];
  for (const [name, url, recordKind, form] of forms) {
    it(`opening ${name} is audited as a view`, async () => {
      const coordinator = await signInAs(lantern.app, 'coordinator@northbridge.example');
      const page = await coordinator.get(url());
      assert.equal(page.status, 200, url());
      const recordId = recordKind === 'young_person' ? strangerId : episodeId;
      const row = await latestFor('coordinator@northbridge.example', recordId);
      assert.equal(row?.action, 'view');
      assert.equal(row?.outcome, 'success');
      assert.equal(row?.recordKind, recordKind);
      assert.deepEqual(row?.details, { form });
    });
  }
});

/**
 * Who may see and contribute to risk assessments: the same need-to-know as the record. Someone
 * outside the team around the child gets the same 404 as a record that does not exist; people
 * who may read the record but are not in the team may read assessments but not contribute.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import { agencies, areas, users } from '../organisation/tables.ts';
import { youngPeople } from '../young-people/tables.ts';
import { DEMO_PASSWORD } from '../demo/people.ts';
import { apiAs, completeApiBody } from './http-testing.ts';
import { currentVersion } from './versions.ts';
import { createTestLantern, type TestLantern, signInAs, textOf } from '../../test-support/index.ts';

describe('access to risk assessments', () => {
  let lantern: TestLantern;
  let app: FastifyInstance;
  let database: Database;
  let jadeId: string;
  let assessmentId: string;

  before(async () => {
    lantern = await createTestLantern();
    ({ app, database } = lantern);
    const [jade] = await database.db.select().from(youngPeople).where(eq(youngPeople.givenName, 'Jade'));
    jadeId = jade!.id;
    const { instrument } = await currentVersion(database.db, jade!.areaId);
    const nurseApi = await apiAs(app, database, 'school.nurse@northbridge.example');
    const created = await nurseApi('POST', '/api/v1/assessments', completeApiBody(instrument, jadeId, { 'ar.unknown_lifts': 'now', 'ar.older_associates': 'now' }, { level: 'at_risk' }));
    assert.equal(created.status, 201, JSON.stringify(created.json));
    assessmentId = created.json.id as string;
    // A second area with its own coordinator, for the area boundary.
    const [other] = await database.db.insert(areas).values({ name: 'Eastmoor Partnership', code: 'EMR' }).returning({ id: areas.id });
    const [agency] = await database.db.insert(agencies).values({ areaId: other!.id, name: 'Eastmoor Children’s Social Care', kind: 'childrens_social_care' }).returning({ id: agencies.id });
    await database.db.insert(users).values({ areaId: other!.id, agencyId: agency!.id, email: 'coordinator@eastmoor.example', name: 'Sam Okafor', role: 'coordinator', passwordHash: await hashPassword(DEMO_PASSWORD) });
  });
  after(async () => lantern.close());

  for (const email of ['housing.officer@northbridge.example', 'youth.worker@northbridge.example', 'coordinator@eastmoor.example']) {
    it(`${email}, outside the team around the child, gets 404 everywhere`, async () => {
      const client = await signInAs(app, email);
      for (const url of [`/young-people/${jadeId}/assessments`, `/young-people/${jadeId}/assessments/draft`, `/young-people/${jadeId}/assessments/draft/sections/about`, `/risk/assessments/${assessmentId}`]) {
        assert.equal((await client.get(url)).status, 404, url);
      }
      assert.equal((await client.post(`/young-people/${jadeId}/assessments`)).status, 404);
      const api = await apiAs(app, database, email);
      assert.equal((await api('GET', `/api/v1/young-people/${jadeId}/assessments`)).status, 404);
      const { instrument } = await currentVersion(database.db, (await database.db.select().from(youngPeople).where(eq(youngPeople.id, jadeId)))[0]!.areaId);
      assert.equal((await api('POST', '/api/v1/assessments', completeApiBody(instrument, jadeId, {}, { level: 'no_apparent_risk' }))).status, 404);
      assert.doesNotMatch(textOf((await client.get('/risk/reviews')).body), /Jade/);
    });
  }

  it('the intelligence officer may read the assessments but not contribute to one', async () => {
    const client = await signInAs(app, 'intelligence@northbridge.example');
    assert.equal((await client.get(`/risk/assessments/${assessmentId}`)).status, 200);
    assert.equal((await client.get(`/young-people/${jadeId}/assessments`)).status, 200);
    assert.equal((await client.post(`/young-people/${jadeId}/assessments`)).status, 404);
    const api = await apiAs(app, database, 'intelligence@northbridge.example');
    const { instrument } = await currentVersion(database.db, (await database.db.select().from(youngPeople).where(eq(youngPeople.id, jadeId)))[0]!.areaId);
    assert.equal((await api('POST', '/api/v1/assessments', completeApiBody(instrument, jadeId, {}, { level: 'no_apparent_risk' }))).status, 403);
  });

  it('the education lead, whose agency is in the team, may contribute', async () => {
    const client = await signInAs(app, 'education.lead@northbridge.example');
    assert.equal((await client.get(`/risk/assessments/${assessmentId}`)).status, 200);
    const started = await client.post(`/young-people/${jadeId}/assessments`);
    assert.equal(started.status, 303);
    assert.equal((await client.follow(started)).status, 200);
  });

  it('only the coordinator may change the instrument, and analysts see no reviews', async () => {
    const nurse = await signInAs(app, 'school.nurse@northbridge.example');
    assert.equal((await nurse.get('/risk/instrument')).status, 403);
    assert.equal((await nurse.post('/risk/instrument/draft')).status, 403);
    const analyst = await signInAs(app, 'analyst@northbridge.example');
    assert.equal((await analyst.get('/risk/reviews')).status, 403);
    assert.equal((await analyst.get(`/risk/assessments/${assessmentId}`)).status, 403);
  });
});

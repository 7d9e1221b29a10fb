/**
 * Further information added to a sent concern: by the referrer or their agency only, refused when
 * empty with nothing stored, in the chronology, and flagged to triage until the coordinator has
 * seen it. Fictional demo people only.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import { DEMO_PASSWORD } from '../demo/people.ts';
import { users } from '../organisation/tables.ts';
import { chronologyEntries } from '../young-people/tables.ts';
import { apiTokenFor, countRows, createTestLantern, signInAs, textOf, userIdByEmail, type TestLantern } from '../../test-support/index.ts';
import { concerns } from './tables.ts';

let lantern: TestLantern;
let app: FastifyInstance;
let database: Database;
let concern: { id: string; number: number; youngPersonId: string | null; raisedByAgencyId: string };

before(async () => {
  lantern = await createTestLantern();
  ({ app, database } = lantern);
  // The demo adds information to one of the education lead's concerns.
  const lead = await userIdByEmail(database.db, 'education.lead@northbridge.example');
  const [found] = await database.db
    .select()
    .from(concerns)
    .where(and(eq(concerns.raisedByUserId, lead), sql`exists (select 1 from concern_additions a where a.concern_id = ${concerns.id})`));
  concern = found!;
});
after(async () => lantern.close());

async function apiPost(email: string, url: string, body: unknown) {
  const token = await apiTokenFor(database.db, email);
  const response = await app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  return { status: response.statusCode, json: response.json() as Record<string, unknown> };
}

describe('information added to a sent concern', () => {
  it('the demo’s addition is flagged on the triage queue and the concern until the coordinator marks it seen', async () => {
    const coordinator = await signInAs(app, 'coordinator@northbridge.example');
    const queue = textOf((await coordinator.get('/triage')).body, { asOnScreen: true });
    assert.match(queue, new RegExp(`New information on concerns already sent.*C-${concern.number} New information.*1 addition`));
    const page = textOf((await coordinator.get(`/triage/${concern.id}`)).body, { asOnScreen: true });
    assert.match(page, /Information added since it was sent.*New.*Helen Price.*waited outside the school gate twice more/);
    const seen = await coordinator.post(`/triage/${concern.id}/additions/seen`, {});
    assert.equal(seen.status, 303);
    assert.doesNotMatch(textOf((await coordinator.get('/triage')).body), new RegExp(`C-${concern.number} New information`));
    assert.doesNotMatch(textOf((await coordinator.get(`/triage/${concern.id}`)).body), /Mark the new information as seen/);
    const lead = await signInAs(app, 'education.lead@northbridge.example');
    assert.equal((await lead.post(`/triage/${concern.id}/additions/seen`, {})).status, 403);
  });

  it('the referrer adds more through the page; an empty addition is refused and stores nothing', async () => {
    const lead = await signInAs(app, 'education.lead@northbridge.example');
    assert.match(textOf((await lead.get(`/my-concerns/${concern.id}`)).body), /Add further information to this concern/);
    assert.equal((await lead.get(`/concerns/${concern.id}/add-information`)).status, 200);
    const before = await countRows(database.db, 'concern_additions');
    const empty = await lead.post(`/concerns/${concern.id}/add-information`, { details: '   ' });
    assert.equal(empty.status, 400);
    assert.match(textOf(empty.body, { asOnScreen: true }), /There is a problem.*Enter the further information/);
    assert.equal(await countRows(database.db, 'concern_additions'), before);
    const added = await lead.post(`/concerns/${concern.id}/add-information`, { details: 'Jade missed registration this morning; her mother says she stayed at a friend’s.' });
    assert.equal(added.status, 303);
    assert.equal(await countRows(database.db, 'concern_additions'), before + 1);
    assert.equal(await countRows(database.db, 'audit_events', sql`record_kind = 'concern_addition' and action = 'create' and details->>'concernId' = ${concern.id}`), 2);
    const [entry] = await database.db.select().from(chronologyEntries).where(and(eq(chronologyEntries.youngPersonId, concern.youngPersonId!), sql`${chronologyEntries.summary} like 'Further information added%missed registration%'`));
    assert.ok(entry, 'the addition is in the chronology');
    assert.match(textOf((await lead.get(`/my-concerns/${concern.id}`)).body), /Information added since it was sent.*missed registration/);
    const coordinator = await signInAs(app, 'coordinator@northbridge.example');
    assert.match(textOf((await coordinator.get('/triage')).body), new RegExp(`C-${concern.number} New information`));
  });

  it('someone else in the referrer’s agency may add too; other agencies may not, on the page or the API', async () => {
    const [lead] = await database.db.select().from(users).where(eq(users.email, 'education.lead@northbridge.example'));
    await database.db.insert(users).values({ areaId: lead!.areaId, agencyId: lead!.agencyId, email: 'teacher@northbridge.example', name: 'Olu Bakare', role: 'practitioner', passwordHash: await hashPassword(DEMO_PASSWORD) });
    const colleague = await apiPost('teacher@northbridge.example', `/api/v1/concerns/${concern.id}/additions`, { details: 'Seen with the same man at the bus station after school.' });
    assert.equal(colleague.status, 201, JSON.stringify(colleague.json));
    for (const email of ['housing.officer@northbridge.example', 'school.nurse@northbridge.example']) {
      const client = await signInAs(app, email);
      assert.equal((await client.get(`/concerns/${concern.id}/add-information`)).status, 404, email);
      assert.equal((await client.post(`/concerns/${concern.id}/add-information`, { details: 'Not mine to add.' })).status, 404, email);
      assert.equal((await apiPost(email, `/api/v1/concerns/${concern.id}/additions`, { details: 'Not mine to add.' })).status, 404, email);
    }
    assert.equal((await apiPost('teacher@northbridge.example', `/api/v1/concerns/${concern.id}/additions`, { details: '' })).status, 400);
    assert.equal((await apiPost('teacher@northbridge.example', `/api/v1/concerns/${concern.id}/additions`, {})).status, 400);
  });
});

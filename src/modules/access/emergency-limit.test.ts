/**
 * Emergency access is capped per person per day (an area setting): reaching the cap tells every
 * coordinator in the area, and a further attempt is refused with a message and audited.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { createTestLantern, signInAs, userIdByEmail, type TestLantern } from '../../test-support/index.ts';
import { areas } from '../organisation/tables.ts';
import { feedbackMessages } from '../concerns/tables.ts';
import { youngPeople } from '../young-people/tables.ts';
import { auditEvents } from '../../platform/audit/tables.ts';
import { demoArea, makeYoungPerson, type DemoArea } from '../triage/testing.ts';
import { breakGlassAccesses } from './tables.ts';

const HOUSING = 'housing.officer@northbridge.example';
const REASON = 'Police have asked me to check where she is placed tonight, urgently.';

let lantern: TestLantern;
let area: DemoArea;

before(async () => {
  lantern = await createTestLantern();
  area = await demoArea(lantern.db);
  await lantern.db.update(areas).set({ settings: sql`${areas.settings} || '{"breakGlassPerDay": 2}'::jsonb` }).where(eq(areas.id, area.areaId));
});
after(() => lantern?.close());

async function referenceOf(id: string) {
  const [row] = await lantern.db.select({ number: youngPeople.number }).from(youngPeople).where(eq(youngPeople.id, id));
  return `YP-${row!.number}`;
}

describe('the daily limit on emergency access', () => {
  it('tells the coordinator when it is reached and refuses the next one, until 24 hours have passed', async () => {
    const housing = await signInAs(lantern.app, HOUSING);
    const ask = async (id: string) => housing.post('/young-people/emergency-access', { reference: await referenceOf(id), reason: REASON }, { csrfFrom: '/young-people/emergency-access' });
    const people = [];
    for (const [givenName, familyName] of [['Coral', 'Hatherley'], ['Imogen', 'Ruddock'], ['Saffron', 'Leckie']] as const) {
      people.push(await makeYoungPerson(lantern.db, area.areaId, { givenName, familyName, dateOfBirth: '2010-04-04' }));
    }

    assert.equal((await ask(people[0]!)).status, 303);
    const coordinatorId = await userIdByEmail(lantern.db, 'coordinator@northbridge.example');
    const alerts = () => lantern.db.$count(feedbackMessages, and(eq(feedbackMessages.recipientUserId, coordinatorId), eq(feedbackMessages.kind, 'emergency_access_limit')));
    assert.equal(await alerts(), 0, 'no alert below the limit');

    assert.equal((await ask(people[1]!)).status, 303);
    assert.equal(await alerts(), 1, 'the coordinator is told once the limit is reached');
    const coordinator = await signInAs(lantern.app, 'coordinator@northbridge.example');
    const updates = await coordinator.get('/my-concerns');
    assert.match(updates.text, /Emergency access limit reached/);
    assert.match(updates.text, /has opened 2 records through emergency access in 24 hours/);

    const refused = await ask(people[2]!);
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.errors, ['You have opened 2 records through emergency access in the last 24 hours, the most your area allows. Ask the CSE coordinator if you need to see this one now']);
    assert.equal((await housing.get(`/young-people/${people[2]}`)).status, 404);
    assert.equal(await lantern.db.$count(breakGlassAccesses, eq(breakGlassAccesses.youngPersonId, people[2]!)), 0);
    const [denied] = await lantern.db.select().from(auditEvents).where(and(eq(auditEvents.recordId, people[2]!), eq(auditEvents.action, 'break_glass')));
    assert.equal(denied?.outcome, 'denied');
    assert.equal(await alerts(), 1, 'a refused attempt does not repeat the alert');

    // A day later the limit has room again.
    await lantern.db.update(breakGlassAccesses).set({ grantedAt: sql`${breakGlassAccesses.grantedAt} - interval '25 hours'` }).where(eq(breakGlassAccesses.userId, await userIdByEmail(lantern.db, HOUSING)));
    assert.equal((await ask(people[2]!)).status, 303);
  });
});

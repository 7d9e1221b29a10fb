/**
 * The panels JSON API: panels, meetings, referrals, decisions and actions, with the refusals the
 * issue names (no owner, no due date, an item not on the agenda, a record the caller cannot see).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { createApiToken } from '../../platform/auth/api-tokens.ts';
import { agencies } from '../organisation/tables.ts';
import { youngPeople } from '../young-people/tables.ts';
import { countRows, createTestLantern, userIdByEmail, type TestLantern } from '../../test-support/index.ts';
import { addDays, londonToday } from '../../platform/time.ts';
import { agendaItems } from './tables.ts';
import { buildAgenda, issueAgenda } from './service.ts';
import { loadSignedInUser } from '../../platform/auth/users.ts';

let lantern: TestLantern;
const people: Record<string, string> = {};
const tokens: Record<string, string> = {};

before(async () => {
  lantern = await createTestLantern();
  for (const p of await lantern.db.select({ id: youngPeople.id, name: youngPeople.givenName }).from(youngPeople)) people[p.name!] = p.id;
  for (const who of ['coordinator', 'panel.member', 'youth.worker', 'analyst']) {
    const id = await userIdByEmail(lantern.db, `${who}@northbridge.example`);
    tokens[who] = (await createApiToken(lantern.db, { actor: null, ip: null, requestId: 'test' }, id, 'test')).token;
  }
});
after(() => lantern?.close());

const call = (who: string, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
  lantern.app.inject({ method, url, headers: { authorization: `Bearer ${tokens[who]}` }, ...(payload ? { payload } : {}) });

describe('the panels API', () => {
  let panelId = '';
  let meetingId = '';
  let itemId = '';

  it('sets up a panel (coordinator only) and lists it', async () => {
    const refused = await call('youth.worker', 'POST', '/api/v1/panels', { name: 'Not mine', kind: 'mase' });
    assert.equal(refused.statusCode, 403);
    const created = await call('coordinator', 'POST', '/api/v1/panels', { name: 'Northbridge MASE', kind: 'mase', accessAfterCloseDays: 14 });
    assert.equal(created.statusCode, 201, created.body);
    panelId = created.json().id;
    const list = await call('coordinator', 'GET', '/api/v1/panels');
    assert.ok(list.json().panels.some((p: { id: string; accessAfterCloseDays: number }) => p.id === panelId && p.accessAfterCloseDays === 14));
    const notMine = await call('youth.worker', 'GET', '/api/v1/panels');
    assert.deepEqual(notMine.json().panels, [], 'the youth worker sits on no panel');
    assert.equal((await call('analyst', 'GET', '/api/v1/panels')).statusCode, 403);
  });

  it('arranges a meeting; an impossible date is refused', async () => {
    const bad = await call('coordinator', 'POST', `/api/v1/panels/${panelId}/meetings`, { meetsOn: '2027-02-30' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().detail, /must be a real date/);
    const created = await call('coordinator', 'POST', `/api/v1/panels/${panelId}/meetings`, { meetsOn: addDays(londonToday(), 3) });
    assert.equal(created.statusCode, 201);
    meetingId = created.json().id;
    const meetings = await call('coordinator', 'GET', `/api/v1/panels/${panelId}/meetings`);
    assert.equal(meetings.json().meetings[0].id, meetingId);
    assert.equal((await call('youth.worker', 'GET', `/api/v1/panels/${panelId}/meetings`)).statusCode, 404);
  });

  it('refers a young person; one the caller cannot see is refused and nothing stored', async () => {
    const before = await countRows(lantern.db, 'panel_referrals');
    const hidden = await call('youth.worker', 'POST', '/api/v1/referrals', { panelId, youngPersonId: people.Ryan, source: 'other', reason: 'Worried', urgency: 'soon' });
    assert.equal(hidden.statusCode, 404);
    assert.match(hidden.json().detail, /that you can see/);
    const both = await call('coordinator', 'POST', '/api/v1/referrals', { panelId, youngPersonId: people.Ryan, peerGroupId: people.Ryan, source: 'other', reason: 'x', urgency: 'soon' });
    assert.equal(both.statusCode, 400);
    assert.equal(await countRows(lantern.db, 'panel_referrals'), before);
    const made = await call('coordinator', 'POST', '/api/v1/referrals', { panelId, youngPersonId: people.Ryan, source: 'lead_professional', reason: 'Staying with an adult who supplies cannabis', urgency: 'urgent' });
    assert.equal(made.statusCode, 201, made.body);
    assert.match(made.json().reference, /^PR-\d+$/);
    const decided = await call('coordinator', 'POST', `/api/v1/referrals/${made.json().id}/decision`, { decision: 'accept' });
    assert.equal(decided.statusCode, 200);
    assert.equal((await call('coordinator', 'POST', `/api/v1/referrals/${made.json().id}/decision`, { decision: 'accept' })).statusCode, 409);
    const listed = await call('coordinator', 'GET', '/api/v1/referrals?status=accepted');
    assert.ok(listed.json().referrals.some((r: { id: string }) => r.id === made.json().id));
  });

  it('refuses an action without an owner or a due date, and a decision on an item not on the agenda', async () => {
    // Built and issued through the services the pages use.
    const coordinator = (await loadSignedInUser(lantern.db, await userIdByEmail(lantern.db, 'coordinator@northbridge.example')))!;
    const ctx = { actor: coordinator, ip: null, requestId: 'api-test' };
    assert.ok((await buildAgenda(lantern.db, ctx, coordinator, meetingId)).ok);
    assert.ok((await issueAgenda(lantern.db, ctx, coordinator, meetingId)).ok);
    itemId = (await lantern.db.select({ id: agendaItems.id }).from(agendaItems).where(eq(agendaItems.meetingId, meetingId)))[0]!.id;

    const before = await countRows(lantern.db, 'panel_actions');
    const noOwner = await call('coordinator', 'POST', '/api/v1/actions', { meetingId, agendaItemId: itemId, description: 'Visit the address', dueOn: addDays(londonToday(), 7) });
    assert.equal(noOwner.statusCode, 400);
    assert.match(noOwner.json().detail, /every action needs an owner/);
    const [police] = await lantern.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.name, 'Northbridge Police'));
    const noDue = await call('coordinator', 'POST', '/api/v1/actions', { meetingId, agendaItemId: itemId, description: 'Visit the address', ownerAgencyId: police!.id });
    assert.equal(noDue.statusCode, 400);
    assert.match(noDue.json().detail, /every action needs a due date/);
    assert.equal(await countRows(lantern.db, 'panel_actions'), before, 'nothing stored');

    const [other] = await lantern.db.select({ id: agendaItems.id }).from(agendaItems).where(sql`${agendaItems.meetingId} <> ${meetingId}`).limit(1);
    const elsewhere = await call('coordinator', 'POST', `/api/v1/panels/${panelId}/meetings/${meetingId}/decisions`, { agendaItemId: other!.id, plan: 'x', levelAgreed: 'at_risk', childProtectionReferral: false, nextReviewOn: addDays(londonToday(), 7) });
    assert.equal(elsewhere.statusCode, 400);
    assert.match(elsewhere.json().detail, /not on the agenda of this meeting/);
    assert.equal(await countRows(lantern.db, 'agenda_items', sql`id = ${other!.id} and plan = 'x'`), 0);

    const added = await call('coordinator', 'POST', '/api/v1/actions', { meetingId, agendaItemId: itemId, description: 'Visit the address', ownerAgencyId: police!.id, dueOn: addDays(londonToday(), 7) });
    assert.equal(added.statusCode, 201, added.body);
    const decided = await call('coordinator', 'POST', `/api/v1/panels/${panelId}/meetings/${meetingId}/decisions`, { agendaItemId: itemId, plan: 'Police and youth justice to work together', levelAgreed: 'at_risk', childProtectionReferral: false, nextReviewOn: addDays(londonToday(), 28) });
    assert.equal(decided.statusCode, 200, decided.body);
  });

  it("lists the caller's and the agency's actions, with the overdue count", async () => {
    const mine = await call('panel.member', 'GET', '/api/v1/actions?scope=agency');
    assert.equal(mine.statusCode, 200);
    const body = mine.json();
    assert.ok(body.actions.some((a: { description: string }) => a.description === 'Visit the address'));
    assert.equal(body.overdue, 1, 'the demo action about Mill Street');
    const hiddenSubject = body.actions.find((a: { description: string }) => a.description.startsWith('Visit the flat'));
    assert.equal(hiddenSubject.youngPersonId, null, 'the panel member may no longer see Chloe: the id is withheld');
  });
});

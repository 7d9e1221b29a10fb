/**
 * Issue 17, items 3 and 4, through the pages and the API: every step the referrer is promised
 * reaches their My concerns once, with the status following the latest; a second referral of the
 * same young person is warned of; standing items come from the records; and an item added after
 * the agenda is issued is marked late, with the members told in Lantern and by email.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { countRows, createTestLantern, signInAs, startMailbox, textOf, userIdByEmail, type Mailbox, type TestClient, type TestLantern } from '../../test-support/index.ts';
import { auditEvents } from '../../platform/audit/tables.ts';
import { addDays, londonToday } from '../../platform/time.ts';
import { feedbackMessages } from '../concerns/tables.ts';
import { notifyConcernRaisers } from '../concerns/index.ts';
import type { Db } from '../../platform/db/database.ts';
import { currentInstrument } from '../risk/index.ts';
import { apiAs, completeApiBody } from '../risk/http-testing.ts';
import { demoArea, makeConcern, makeYoungPerson } from '../triage/testing.ts';
import { DEMO_PANEL_NAME } from './demo.ts';
import { agendaItems, panelMeetings, panelNotices, panelReferrals, panels } from './tables.ts';

let lantern: TestLantern;
let mailbox: Mailbox;
let panelId: string;
let meetingId: string;
let tamsin: string;
let nurseConcern: { id: string; number: number };
let coordinator: TestClient;
let nurse: TestClient;
let socialWorker: TestClient;
let policeMember: TestClient;

const dateForm = (prefix: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return { [`${prefix}-day`]: String(Number(d)), [`${prefix}-month`]: String(Number(m)), [`${prefix}-year`]: y! };
};

function refused(page: { status: number; title: string; errors: string[] }, message: RegExp) {
  assert.equal(page.status, 400, page.errors.join('; '));
  assert.match(page.title, /^Error: /);
  assert.ok(page.errors.some((e) => message.test(e)), `expected ${message} in ${JSON.stringify(page.errors)}`);
}

/** The card for one concern on My concerns, as text. */
async function myConcernCard(client: TestClient, number: number): Promise<string> {
  const page = await client.get('/my-concerns');
  assert.equal(page.status, 200);
  const text = textOf(page.text);
  const start = text.indexOf(`C-${number}`);
  assert.ok(start >= 0, `C-${number} is on My concerns`);
  const next = text.indexOf('See the concern and all updates', start + 1);
  const end = text.indexOf('See the concern and all updates', next + 1);
  return text.slice(start, end > 0 ? end : undefined);
}

async function messagesFor(email: string, kind: string) {
  const id = await userIdByEmail(lantern.db, email);
  return lantern.db.select().from(feedbackMessages).where(and(eq(feedbackMessages.recipientUserId, id), eq(feedbackMessages.kind, kind)));
}

async function api(email: string) {
  return apiAs(lantern.app, lantern.database, email);
}

before(async () => {
  mailbox = await startMailbox();
  lantern = await createTestLantern({ env: { SMTP_URL: mailbox.url, PUBLIC_URL: 'https://lantern.example/' } });
  const area = await demoArea(lantern.db);
  const [panel] = await lantern.db.select().from(panels).where(eq(panels.name, DEMO_PANEL_NAME));
  panelId = panel!.id;
  const [next] = await lantern.db.select().from(panelMeetings).where(and(eq(panelMeetings.panelId, panelId), sql`${panelMeetings.minutesClosedAt} is null`));
  meetingId = next!.id;
  tamsin = await makeYoungPerson(lantern.db, area.areaId, { givenName: 'Tamsin', familyName: 'Feedbackford' });
  nurseConcern = await makeConcern(lantern.db, { areaId: area.areaId, raisedBy: await area.user('school.nurse@northbridge.example'), youngPersonId: tamsin, details: 'Seen getting into a car after school' });
  await makeConcern(lantern.db, { areaId: area.areaId, raisedBy: await area.user('social.worker@northbridge.example'), youngPersonId: tamsin, details: 'Missing overnight twice' });
  coordinator = await signInAs(lantern.app, 'coordinator@northbridge.example');
  nurse = await signInAs(lantern.app, 'school.nurse@northbridge.example');
  socialWorker = await signInAs(lantern.app, 'social.worker@northbridge.example');
  policeMember = await signInAs(lantern.app, 'panel.member@northbridge.example');
});
after(async () => {
  await lantern?.close();
  await mailbox?.close();
});

describe('feedback that always arrives', () => {
  it('triage: the nurse sees the decision and the status it sets', async () => {
    const decided = await coordinator.post(`/triage/${nurseConcern.id}`, { youngPerson: tamsin, certainty: 'indicated', outcome: 'risk_assessment_requested' });
    assert.equal(decided.status, 303, decided.errors.join('; '));
    const card = await myConcernCard(nurse, nurseConcern.number);
    assert.match(card, /A risk assessment has been asked for/);
    assert.match(card, /Triage decision/);
    assert.equal((await messagesFor('school.nurse@northbridge.example', 'triage')).filter((m) => m.concernId === nurseConcern.id).length, 1);
  });

  it('risk assessment: the update arrives and the status moves on from "asked for"', async () => {
    const instrument = await currentInstrument(lantern.db, (await demoArea(lantern.db)).areaId);
    const call = await api('coordinator@northbridge.example');
    const created = await call('POST', '/api/v1/assessments', completeApiBody(instrument, tamsin, { 'ar.unknown_lifts': 'now', 'ar.older_associates': 'now' }, { level: 'at_risk' }));
    assert.equal(created.status, 201, JSON.stringify(created.json));
    const card = await myConcernCard(nurse, nurseConcern.number);
    assert.match(card, /Risk assessment completed/);
    assert.doesNotMatch(card, /A risk assessment has been asked for/);
    assert.match(card, /A multi-agency risk assessment \(RA-\d+\) has been completed/);
  });

  it('a second referral of a young person already waiting is warned of, through the page and the API, and nothing is stored until confirmed', async () => {
    const form = { panelId, subjectKind: 'young_person', youngPersonId: tamsin, source: 'lead_professional', reason: 'Going missing with older men', urgency: 'soon' };
    assert.equal((await socialWorker.post('/panels/referrals', form)).status, 303, 'the first referral goes through');
    const before = await countRows(lantern.db, 'panel_referrals');

    const shown = await nurse.get(`/panels/referrals/new?youngPersonId=${tamsin}`);
    assert.match(textOf(shown.text), /There is already an open referral about this young person: PR-\d+ to Northbridge SERAC, waiting for a decision/);

    refused(await nurse.post('/panels/referrals', { ...form, reason: 'Health worries too' }), /This young person already has an open referral \(PR-\d+ to Northbridge SERAC, waiting for a decision\)/);
    assert.equal(await countRows(lantern.db, 'panel_referrals'), before, 'nothing stored');
    const call = await api('school.nurse@northbridge.example');
    const body = { panelId, youngPersonId: tamsin, source: 'other', reason: 'Health worries too', urgency: 'routine' };
    const conflict = await call('POST', '/api/v1/referrals', body);
    assert.equal(conflict.status, 409);
    assert.match(String((conflict.json.errors as unknown as Record<string, string>).acknowledgeOpenReferral), /already has an open referral/);
    assert.equal(await countRows(lantern.db, 'panel_referrals'), before, 'nothing stored through the API either');
    const bad = await call('POST', '/api/v1/referrals', { ...body, acknowledgeOpenReferral: 'yes' });
    assert.equal(bad.status, 400, 'the same schema: a yes/no is a boolean');

    const confirmed = await nurse.post('/panels/referrals', { ...form, reason: 'Health worries too', acknowledgeOpenReferral: 'yes' });
    assert.equal(confirmed.status, 303);
    const confirmation = await nurse.get(confirmed.headers.location as string);
    assert.match(textOf(confirmation.text), /Referral sent/);
    assert.match(textOf(confirmation.text), /There is another open referral about Tamsin Feedbackford \(YP-\d+\): PR-\d+ to Northbridge SERAC, waiting for a decision The coordinator can see both/);
    const created = await lantern.db.select().from(panelReferrals).where(eq(panelReferrals.youngPersonId, tamsin)).orderBy(panelReferrals.number);
    assert.equal(created.length, 2);
    const forCoordinator = await coordinator.get(`/panels/referrals/${created[1]!.id}`);
    assert.match(textOf(forCoordinator.text), new RegExp(`There is another open referral about Tamsin Feedbackford \\(YP-\\d+\\): PR-${created[0]!.number} to Northbridge SERAC, waiting for a decision`));
    const [audit] = await lantern.db.select().from(auditEvents).where(and(eq(auditEvents.recordKind, 'panel_referral'), eq(auditEvents.recordId, created[1]!.id), eq(auditEvents.action, 'create')));
    assert.deepEqual((audit!.details as { alsoOpenReferralIds: string[] }).alsoOpenReferralIds, [created[0]!.id]);
  });

  it('panel referral accepted: the nurse who raised the concern hears, and the status says so; declining the duplicate says nothing misleading', async () => {
    const [first, second] = await lantern.db.select().from(panelReferrals).where(eq(panelReferrals.youngPersonId, tamsin)).orderBy(panelReferrals.number);
    assert.equal((await coordinator.post(`/panels/referrals/${first!.id}/decision`, { decision: 'accept' })).status, 303);
    assert.equal((await coordinator.post(`/panels/referrals/${second!.id}/decision`, { decision: 'decline', reason: 'Already accepted from social care; bring the health view to the meeting' })).status, 303);
    const card = await myConcernCard(nurse, nurseConcern.number);
    assert.match(card, /Accepted for a multi-agency panel/);
    assert.match(card, /has been accepted for discussion at a multi-agency meeting \(Northbridge SERAC\)/);
    assert.equal((await messagesFor('school.nurse@northbridge.example', 'panel_declined')).length, 0, 'the young person is still going to the panel');
    const myPage = textOf((await nurse.get('/my-concerns')).text);
    assert.match(myPage, new RegExp(`Your referral PR-${second!.number} to Northbridge SERAC has been declined`));
    assert.match(textOf((await socialWorker.get('/my-concerns')).text), new RegExp(`Your referral PR-${first!.number} to Northbridge SERAC has been accepted`));
  });

  it('panel referral declined: the status says it was not taken to the panel', async () => {
    const area = await demoArea(lantern.db);
    const olly = await makeYoungPerson(lantern.db, area.areaId, { givenName: 'Olly', familyName: 'Declinewood' });
    const concern = await makeConcern(lantern.db, { areaId: area.areaId, raisedBy: await area.user('school.nurse@northbridge.example'), youngPersonId: olly });
    const call = await api('coordinator@northbridge.example');
    const referred = await call('POST', '/api/v1/referrals', { panelId, youngPersonId: olly, source: 'triage', reason: 'One report only', urgency: 'routine' });
    assert.equal(referred.status, 201);
    assert.deepEqual(referred.json.alsoOpen, []);
    const declined = await call('POST', `/api/v1/referrals/${referred.json.id}/decision`, { decision: 'decline', reason: 'Support through school first' });
    assert.equal(declined.status, 200);
    const card = await myConcernCard(nurse, concern.number);
    assert.match(card, /Not taken to a multi-agency panel/);
    assert.match(card, /was not taken forward/);
    assert.doesNotMatch(card, /Support through school first/, "the coordinator's reason is for the referrer, not for everyone who raised a concern");
  });
});

describe('the agenda: standing items and late additions', () => {
  it('shows standing items counted from the records, and a member sees no more than they may', async () => {
    const page = textOf((await coordinator.get(`/panels/meetings/${meetingId}`)).text);
    for (const heading of ['Standing items', 'New adults of concern', 'Hotspots', 'Missing patterns', 'Disruption activity']) assert.match(page, new RegExp(heading));
    const counted = (await lantern.db.execute(sql`select count(*)::int as n from adults_of_concern where merged_into_id is null and created_at >= (select (max(meets_on)::timestamp at time zone 'Europe/London') from panel_meetings where panel_id = ${panelId} and meets_on < (select meets_on from panel_meetings where id = ${meetingId}))`)) as unknown as { rows: { n: number }[] };
    const n = counted.rows[0]!.n;
    assert.ok(n > 0, 'the demo records adults of concern');
    assert.match(page, new RegExp(`${n} ${n === 1 ? 'adult of concern was' : 'adults of concern were'} recorded`));
    assert.equal((await policeMember.get(`/panels/meetings/${meetingId}`)).text.includes('Standing items'), false, 'not before the agenda is issued');
  });

  it('builds and issues the agenda, then refuses to add nothing, and adds a referral late with members told', async () => {
    assert.equal((await coordinator.post(`/panels/meetings/${meetingId}/build`)).status, 303);
    assert.equal((await coordinator.post(`/panels/meetings/${meetingId}/issue`)).status, 303);
    const itemsBefore = await countRows(lantern.db, 'agenda_items');
    refused(await coordinator.post(`/panels/meetings/${meetingId}/items`, { referralId: '' }), /Select an accepted referral to this panel/);
    const [jadeReferral] = await lantern.db.select().from(panelReferrals).where(and(eq(panelReferrals.panelId, panelId), eq(panelReferrals.status, 'pending'), sql`${panelReferrals.youngPersonId} is not null`));
    refused(await coordinator.post(`/panels/meetings/${meetingId}/items`, { referralId: jadeReferral!.id }), /waiting for a decision: accept it first/);
    assert.equal(await countRows(lantern.db, 'agenda_items'), itemsBefore, 'nothing stored');

    // Once issued, the member sees standing items too, but only records they may open.
    const memberPage = await policeMember.get(`/panels/meetings/${meetingId}`);
    assert.match(memberPage.text, /Standing items/);
    const standing = memberPage.text.slice(memberPage.text.indexOf('id="standing"'));
    const links = [...standing.matchAll(/href="(\/(?:intelligence\/(?:adults|places|disruptions)|young-people)\/[0-9a-f-]{36})"/g)].map((m) => m[1]!);
    for (const link of links) assert.equal((await policeMember.get(link)).status, 200, `${link} is listed, so the member may open it`);
    const coordinatorPage = textOf((await coordinator.get(`/panels/meetings/${meetingId}`)).text);
    const adultsIn = (text: string) => Number(/(\d+) adults? of concern (?:was|were) recorded/.exec(text)?.[1] ?? 0);
    // The demo's adults are linked to young people this police member may not open, so they are not counted for them.
    assert.ok(adultsIn(textOf(memberPage.text)) < adultsIn(coordinatorPage), 'a member counts only the adults they may see');
    assert.doesNotMatch(textOf((await policeMember.get('/panels')).text), /Added late to the agenda/);
    const mailsBefore = mailbox.received.length;
    assert.equal((await coordinator.post(`/panels/referrals/${jadeReferral!.id}/decision`, { decision: 'accept' })).status, 303);
    const added = await coordinator.post(`/panels/meetings/${meetingId}/items`, { referralId: jadeReferral!.id });
    assert.equal(added.status, 303);
    assert.match(added.headers.location as string, /done=added-late/);
    const [item] = await lantern.db.select().from(agendaItems).where(and(eq(agendaItems.meetingId, meetingId), eq(agendaItems.referralId, jadeReferral!.id)));
    assert.ok(item!.addedLateAt);
    const agenda = textOf((await coordinator.get(`/panels/meetings/${meetingId}`)).text);
    assert.match(agenda, new RegExp(`New referral \\(PR-${jadeReferral!.number}\\) Added late, `));
    assert.match(textOf((await policeMember.get('/panels')).text), /Added late to the agenda: Northbridge SERAC/);
    const notices = await lantern.db.select().from(panelNotices).where(and(eq(panelNotices.meetingId, meetingId), eq(panelNotices.kind, 'late')));
    assert.equal(notices.length, 4, 'every member');
    refused(await coordinator.post(`/panels/meetings/${meetingId}/items`, { referralId: jadeReferral!.id }), /already on an agenda/);

    const lateMails = () => mailbox.received.slice(mailsBefore).filter((m) => m.raw.includes('A panel agenda has changed'));
    for (let i = 0; i < 200 && new Set(lateMails().flatMap((m) => m.to)).size < 4; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(new Set(lateMails().flatMap((m) => m.to)).size, 4, 'every member is emailed');
    for (const mail of lateMails()) for (const forbidden of ['Jade', 'Tamsin', 'SERAC', 'Carter', 'PR-']) assert.equal(mail.raw.includes(forbidden), false, forbidden);
  });

  it('adds through the API too, with the same refusals', async () => {
    const call = await api('coordinator@northbridge.example');
    const notAccepted = await call('POST', `/api/v1/panels/${panelId}/meetings/${meetingId}/items`, { referralId: '00000000-0000-4000-8000-000000000000' });
    assert.equal(notAccepted.status, 400);
    assert.match(String(notAccepted.json.detail), /Select an accepted referral/);
    const [jadeReferral] = await lantern.db.select().from(panelReferrals).where(and(eq(panelReferrals.panelId, panelId), eq(panelReferrals.status, 'accepted'), sql`exists (select 1 from agenda_items ai where ai.referral_id = ${panelReferrals.id} and ai.added_late_at is not null)`));
    const twice = await call('POST', `/api/v1/panels/${panelId}/meetings/${meetingId}/items`, { referralId: jadeReferral!.id });
    assert.equal(twice.status, 409);
    const member = await api('panel.member@northbridge.example');
    assert.equal((await member('POST', `/api/v1/panels/${panelId}/meetings/${meetingId}/items`, { referralId: jadeReferral!.id })).status, 403, 'a member does not change the agenda');
  });
});

describe('after the meeting', () => {
  it('closing the minutes tells the nurse and the social worker who referred – both at the meeting – that Tamsin was discussed, once', async () => {
    const members = ['panel.member', 'social.worker', 'school.nurse', 'education.lead'];
    const form: Record<string, string | string[]> = { member: [] };
    for (const m of members) {
      const id = await userIdByEmail(lantern.db, `${m}@northbridge.example`);
      (form.member as string[]).push(id);
      form[`attendance-${id}`] = 'present';
    }
    assert.equal((await coordinator.post(`/panels/meetings/${meetingId}/attendance`, form)).status, 303);
    const items = await lantern.db.select().from(agendaItems).where(eq(agendaItems.meetingId, meetingId));
    const review = addDays(londonToday(), 28);
    for (const item of items) {
      const decided = await coordinator.post(`/panels/meetings/${meetingId}/items/${item.id}/decision`, {
        levelAgreed: item.subjectKind === 'young_person' ? 'at_risk' : '',
        plan: 'Health and social care to see her together.',
        childProtectionReferral: 'no',
        ...dateForm('nextReviewOn', review),
      });
      assert.equal(decided.status, 303, decided.errors.join('; '));
    }
    const tamsinItem = items.find((i) => i.youngPersonId === tamsin)!;
    const health = (await lantern.db.execute(sql`select id from agencies where name = 'Northbridge Community Health'`)) as unknown as { rows: { id: string }[] };
    const action = await coordinator.post(`/panels/meetings/${meetingId}/items/${tamsinItem.id}/actions`, { description: 'Offer Tamsin a sexual health appointment with the school nurse.', ownerAgencyId: health.rows[0]!.id, ...dateForm('dueOn', addDays(londonToday(), 7)) });
    assert.equal(action.status, 303, action.errors.join('; '));
    const closed = await coordinator.post(`/panels/meetings/${meetingId}/close`);
    assert.equal(closed.status, 303, closed.errors.join('; '));

    const card = await myConcernCard(nurse, nurseConcern.number);
    assert.match(card, /Discussed at panel/);
    assert.match(card, /was discussed at a multi-agency meeting \(Northbridge SERAC\)/);
    assert.match(card, /Actions for your agency/);
    assert.match(card, /The panel agreed an action for Northbridge Community Health, the first due by/);
    assert.doesNotMatch(card, /sexual health appointment/, 'the action itself stays with its owner');

    const social = textOf((await socialWorker.get('/my-concerns')).text);
    assert.match(social, /Your referral PR-\d+ was discussed at Northbridge SERAC on/);
    assert.match(social, /Discussed at panel/);
    assert.equal((await messagesFor('school.nurse@northbridge.example', 'panel')).filter((m) => m.concernId === nurseConcern.id).length, 1);
  });

  it('closing again is refused and nobody is told twice, and reporting the same step again writes nothing', async () => {
    const before = await countRows(lantern.db, 'feedback_messages');
    const again = await coordinator.post(`/panels/meetings/${meetingId}/close`);
    assert.equal(again.status, 400);
    const [item] = await lantern.db.select().from(agendaItems).where(and(eq(agendaItems.meetingId, meetingId), eq(agendaItems.youngPersonId, tamsin)));
    const repeated = await lantern.db.transaction((tx) => notifyConcernRaisers(tx as unknown as Db, tamsin, 'panel', (c) => `Discussed again ${c.reference}`, `panel_discussed:${item!.id}:${tamsin}`));
    assert.deepEqual(repeated, []);
    assert.equal(await countRows(lantern.db, 'feedback_messages'), before);
  });
});

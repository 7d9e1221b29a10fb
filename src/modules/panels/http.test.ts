/**
 * Panels over HTTP with the demo users: issue 5's "Done means" walked through the pages, the
 * refusals, need-to-know and audit (places of concern: places.test.ts).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { auditEvents } from '../../platform/audit/tables.ts';
import { feedbackMessages } from '../concerns/tables.ts';
import { chronologyEntries, youngPeople } from '../young-people/tables.ts';
import { countRows, createTestLantern, signInAs, userIdByEmail, type TestClient, type TestLantern } from '../../test-support/index.ts';
import { DEMO_PANEL_NAME } from './demo.ts';
import { agendaItems, panelActions, panelMeetings, panelReferrals, panels } from './tables.ts';
import { addDays, londonToday } from '../../platform/time.ts';
import { formatDate } from '../../platform/views/filters.ts';

let lantern: TestLantern;
const people: Record<string, string> = {};
let panelId: string;
let meetingId: string;

before(async () => {
  lantern = await createTestLantern();
  for (const p of await lantern.db.select({ id: youngPeople.id, name: youngPeople.givenName }).from(youngPeople)) people[p.name!] = p.id;
  const [panel] = await lantern.db.select().from(panels).where(eq(panels.name, DEMO_PANEL_NAME));
  panelId = panel!.id;
  const [next] = await lantern.db.select().from(panelMeetings).where(and(eq(panelMeetings.panelId, panelId), sql`${panelMeetings.minutesClosedAt} is null`));
  meetingId = next!.id;
});
after(() => lantern?.close());

const dateForm = (prefix: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return { [`${prefix}-day`]: String(Number(d)), [`${prefix}-month`]: String(Number(m)), [`${prefix}-year`]: y! };
};

async function pendingReferral(name: string): Promise<string> {
  const [r] = await lantern.db.select({ id: panelReferrals.id }).from(panelReferrals).where(and(eq(panelReferrals.youngPersonId, people[name]!), eq(panelReferrals.status, 'pending')));
  return r!.id;
}

async function itemFor(name: string): Promise<string> {
  const [i] = await lantern.db.select({ id: agendaItems.id }).from(agendaItems).where(and(eq(agendaItems.meetingId, meetingId), eq(agendaItems.youngPersonId, people[name]!)));
  return i!.id;
}

function refused(page: { status: number; title: string; errors: string[] }, message: RegExp) {
  assert.equal(page.status, 400, page.errors.join('; '));
  assert.match(page.title, /^Error: /);
  assert.ok(page.errors.some((e) => message.test(e)), `expected ${message} in ${JSON.stringify(page.errors)}`);
}

describe('the panel story, from referral to feedback', () => {
  let coordinator: TestClient;
  let police: TestClient;
  let nurse: TestClient;

  before(async () => {
    coordinator = await signInAs(lantern.app, 'coordinator@northbridge.example');
    police = await signInAs(lantern.app, 'panel.member@northbridge.example');
    nurse = await signInAs(lantern.app, 'school.nurse@northbridge.example');
  });

  it("a young person's record shows where they were discussed and their open actions", async () => {
    const page = await coordinator.get(`/young-people/${people.Chloe}/panels`);
    assert.equal(page.status, 200);
    assert.match(page.text, /Multi-agency panels/);
    assert.match(page.text, /Northbridge SERAC Discussed: Swapping; review by/);
    assert.match(page.text, /1 \( ?1 overdue ?\)/);
  });

  it('shows the demo panel, its members, meetings and figures to the coordinator', async () => {
    const page = await coordinator.get(`/panels/${panelId}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /Northbridge Police/);
    assert.match(page.text, /Sgt Mark Ellis/);
    assert.match(page.text, /Referrals per month/);
    assert.match(page.text, /1 of 1/, 'the completed demo action was on time');
    assert.match(page.text, /1 overdue/);
  });

  it('a police member cannot open the young people before the agenda is issued', async () => {
    assert.equal((await police.get(`/young-people/${people.Jade}`)).status, 404);
    const meeting = await police.get(`/panels/meetings/${meetingId}`);
    assert.equal(meeting.status, 200);
    assert.match(meeting.text, /The agenda has not been issued yet/);
    assert.doesNotMatch(meeting.text, /Jade/);
  });

  it('declining needs a reason; accepting tells the referrer', async () => {
    const chloeReferral = await pendingReferral('Chloe');
    refused(await coordinator.post(`/panels/referrals/${chloeReferral}/decision`, { decision: 'decline', reason: '' }), /Enter why the referral is declined/);
    assert.equal((await lantern.db.select().from(panelReferrals).where(eq(panelReferrals.id, chloeReferral)))[0]!.status, 'pending', 'nothing stored');
    for (const name of ['Jade', 'Chloe']) {
      const accepted = await coordinator.post(`/panels/referrals/${await pendingReferral(name)}/decision`, { decision: 'accept' });
      assert.equal(accepted.status, 303);
    }
    const socialWorker = await userIdByEmail(lantern.db, 'social.worker@northbridge.example');
    const told = await lantern.db.select().from(feedbackMessages).where(and(eq(feedbackMessages.recipientUserId, socialWorker), eq(feedbackMessages.kind, 'panel_referral')));
    assert.equal(told.length, 1, 'the social worker referred Chloe and hears; the coordinator referred Jade herself');
    assert.match(told[0]!.message, /has been accepted/);
  });

  it('builds the agenda from accepted referrals, most urgent first, and issues it', async () => {
    assert.equal((await coordinator.post(`/panels/meetings/${meetingId}/build`)).status, 303);
    const page = await coordinator.get(`/panels/meetings/${meetingId}`);
    const jadeAt = page.text.indexOf('Jade Carter');
    const chloeAt = page.text.indexOf('Chloe Barnes');
    assert.ok(jadeAt > 0 && chloeAt > 0, page.text);
    assert.ok(jadeAt < chloeAt, 'the urgent referral comes first');
    assert.equal((await coordinator.post(`/panels/meetings/${meetingId}/agenda`, { itemId: await itemFor('Chloe'), change: 'up' })).status, 303);
    const reordered = await coordinator.get(`/panels/meetings/${meetingId}`);
    assert.ok(reordered.text.indexOf('Chloe Barnes') < reordered.text.indexOf('Jade Carter'), 'the chair moved Chloe up');
    assert.equal((await coordinator.post(`/panels/meetings/${meetingId}/issue`)).status, 303);
    const issued = await lantern.db.select().from(panelMeetings).where(eq(panelMeetings.id, meetingId));
    assert.ok(issued[0]!.agendaIssuedAt);
  });

  it('the police member sees the issued agenda, opens a case pack, and still cannot open a young person not on it', async () => {
    const index = await police.get('/panels');
    assert.match(index.text, /Agenda issued: Northbridge SERAC/);
    const meeting = await police.get(`/panels/meetings/${meetingId}`);
    assert.match(meeting.text, /Jade Carter/);
    const pack = await police.get(`/panels/meetings/${meetingId}/items/${await itemFor('Chloe')}/pack`);
    assert.equal(pack.status, 200);
    assert.match(pack.text, /Current level of risk and why/);
    assert.match(pack.text, /Missing episodes in the last 90 days \(\d+\)/);
    assert.match(pack.text, /Overdue/, 'the overdue demo action shows in the pack');
    assert.match(pack.text, /Says the men at the flat are her friends/, "the young person's views from the earlier referral");
    assert.match(pack.text, /Linked adults and places/);
    assert.match(pack.text, /Mill Street Grill/, 'the takeaway where a concern about Chloe was raised');
    // The summary first (what changed, their own views, the level and why, the actions), then the detail.
    const order = ['Summary', 'What has changed since the last review', 'The young person’s own views', 'Current level of risk and why', 'Open actions', 'The detail', 'How the latest risk assessment reached its level', 'Chronology highlights'].map((h) => pack.text.indexOf(h.replace('’', "'")));
    assert.ok(order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1]!)), `the pack's parts in order: ${order.join(', ')}`);
    assert.match(pack.text, /Current level of risk and why Level: Swapping\. The young person appears to be drawn into exchanges/, 'the level in plain words');
    assert.match(pack.text, /Set by: The panel's decision at Northbridge SERAC on/);
    assert.doesNotMatch(pack.text, /\b[a-z]{1,4}(\.[a-z]{1,4})*\.[a-z]+_[a-z_]+\b/, 'no indicator codes such as sw.regularly_missing');
    assert.equal((await police.get(`/young-people/${people.Jade}`)).status, 200, 'Jade is on the agenda');
    assert.equal((await police.get(`/young-people/${people.Ryan}`)).status, 404, 'Ryan is not');
    const viewed = await countRows(lantern.db, 'audit_events', sql`record_kind = 'case_pack' and action = 'view' and actor_user_id = ${await userIdByEmail(lantern.db, 'panel.member@northbridge.example')}`);
    assert.equal(viewed, 1);
  });

  it('the PDF opens and contains the case, marked and numbered on every page, tagged for screen readers, and its download is audited', async () => {
    const item = await itemFor('Chloe');
    const response = await lantern.app.inject({ method: 'GET', url: `/panels/meetings/${meetingId}/items/${item}/pack.pdf`, headers: { cookie: [...police.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'application/pdf');
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const standardFontDataUrl = path.join(process.cwd(), 'node_modules/pdfjs-dist/standard_fonts/');
    const pdf = await getDocument({ data: new Uint8Array(response.rawPayload), standardFontDataUrl }).promise;
    let text = '';
    assert.ok(pdf.numPages >= 2, 'the pack runs to more than one page');
    const [meeting] = await lantern.db.select({ meetsOn: panelMeetings.meetsOn }).from(panelMeetings).where(eq(panelMeetings.id, meetingId));
    for (let n = 1; n <= pdf.numPages; n++) {
      const content = await (await pdf.getPage(n)).getTextContent();
      const pageText = content.items.map((i) => ('str' in i ? i.str : '')).join(' ');
      assert.equal(pageText.match(/OFFICIAL-SENSITIVE/g)?.length, 2, `page ${n} is marked at its top and its foot`);
      assert.ok(pageText.includes(`Page ${n} of ${pdf.numPages}`), `page ${n} is numbered`);
      assert.ok(pageText.includes(`Northbridge SERAC, ${formatDate(meeting!.meetsOn)}`), `page ${n} names the panel and its date`);
      text += pageText;
    }
    assert.match(text, /Chloe Barnes/);
    assert.ok(text.indexOf('Current level of risk and why') < text.indexOf('The detail'), 'the summary comes first');
    assert.doesNotMatch(text, /\b[a-z]{1,4}(\.[a-z]{1,4})*\.[a-z]+_[a-z_]+\b/, 'no indicator codes');
    const info = (await pdf.getMetadata()).info as Record<string, unknown>;
    assert.match(String(info.Title), /^Case pack: Chloe Barnes \(YP-\d+\)$/);
    assert.equal(info.Language, 'en-GB');
    assert.ok(((await pdf.getMarkInfo()) as { Marked?: boolean } | null)?.Marked, 'the PDF is tagged');
    const tree = await (await pdf.getPage(1)).getStructTree();
    assert.ok(JSON.stringify(tree).includes('"role":"H1"'), 'its structure has a heading');
    const exported = await lantern.db.select().from(auditEvents).where(and(eq(auditEvents.recordKind, 'case_pack'), eq(auditEvents.action, 'export'), eq(auditEvents.recordId, item)));
    assert.equal(exported.length, 1);
  });

  it('refuses an action without an owner or due date, and a decision on an item not on the agenda', async () => {
    const item = await itemFor('Jade');
    const before = await countRows(lantern.db, 'panel_actions');
    refused(await coordinator.post(`/panels/meetings/${meetingId}/items/${item}/actions`, { description: 'Speak to the school about the man at the gate' }), /every action needs an owner/);
    refused(await coordinator.post(`/panels/meetings/${meetingId}/items/${item}/actions`, { description: 'Speak to the school', ownerAgencyId: '' }), /every action needs a due date/);
    assert.equal(await countRows(lantern.db, 'panel_actions'), before, 'nothing stored');
    const [oldItem] = await lantern.db.select({ id: agendaItems.id }).from(agendaItems).where(sql`${agendaItems.meetingId} <> ${meetingId}`);
    const notOnAgenda = await coordinator.post(`/panels/meetings/${meetingId}/items/${oldItem!.id}/decision`, { plan: 'x' });
    assert.equal(notOnAgenda.status, 404, 'a page for an item of another meeting is not found');
  });

  it('refuses to close the minutes while items are open', async () => {
    const page = await coordinator.post(`/panels/meetings/${meetingId}/close`);
    refused(page, /Record a decision on, or defer, every item/);
    assert.equal((await lantern.db.select().from(panelMeetings).where(eq(panelMeetings.id, meetingId)))[0]!.minutesClosedAt, null);
  });

  it('records attendance, decisions and actions, defers nothing, and closes the minutes', async () => {
    const members = ['panel.member', 'social.worker', 'school.nurse', 'education.lead'];
    const form: Record<string, string | string[]> = { member: [] };
    for (const m of members) {
      const id = await userIdByEmail(lantern.db, `${m}@northbridge.example`);
      (form.member as string[]).push(id);
      form[`attendance-${id}`] = m === 'school.nurse' ? 'apologies' : 'present';
    }
    assert.equal((await coordinator.post(`/panels/meetings/${meetingId}/attendance`, form)).status, 303);
    const review = addDays(londonToday(), 28);
    for (const name of ['Jade', 'Chloe']) {
      const item = await itemFor(name);
      const decided = await coordinator.post(`/panels/meetings/${meetingId}/items/${item}/decision`, {
        levelAgreed: 'at_risk',
        plan: 'School and health to build trust; police to identify the man at the gate.',
        disruption: 'Ask the phone shop about the credit top-ups.',
        childProtectionReferral: 'no',
        ...dateForm('nextReviewOn', review),
      });
      assert.equal(decided.status, 303, decided.errors.join('; '));
    }
    const police = await lantern.db.execute(sql`select id from agencies where name = 'Northbridge Police'`).then((r) => (r as unknown as { rows: { id: string }[] }).rows[0]!.id);
    const officer = await userIdByEmail(lantern.db, 'police.officer@northbridge.example');
    const added = await coordinator.post(`/panels/meetings/${meetingId}/items/${await itemFor('Jade')}/actions`, {
      description: 'Identify the man collecting Jade from school.',
      ownerAgencyId: police,
      ownerUserId: officer,
      ...dateForm('dueOn', addDays(londonToday(), 14)),
    });
    assert.equal(added.status, 303, added.errors.join('; '));
    const closed = await coordinator.post(`/panels/meetings/${meetingId}/close`);
    assert.equal(closed.status, 303, closed.errors.join('; '));
  });

  it('the school nurse who raised a concern about Jade hears it was discussed, in plain words', async () => {
    const page = await nurse.get('/my-concerns');
    assert.match(page.text, /was discussed at a multi-agency meeting \(Northbridge SERAC\)/);
    const nurseId = await userIdByEmail(lantern.db, 'school.nurse@northbridge.example');
    const [message] = await lantern.db.select().from(feedbackMessages).where(and(eq(feedbackMessages.recipientUserId, nurseId), eq(feedbackMessages.kind, 'panel')));
    assert.ok(message);
    assert.doesNotMatch(message.message, /at risk|At risk|child protection|phone shop/i, 'no level, plan or disruption detail');
  });

  it('the minutes reach attendees; the police officer completes the action and it enters the chronology', async () => {
    const minutes = await police.get(`/panels/meetings/${meetingId}/minutes`);
    assert.equal(minutes.status, 200);
    assert.match(minutes.text, /Identify the man collecting Jade from school/);
    const officer = await signInAs(lantern.app, 'police.officer@northbridge.example');
    const mine = await officer.get('/panels/actions/mine');
    assert.match(mine.text, /Identify the man collecting Jade/);
    assert.match(mine.text, /1 action is overdue/, 'the demo action about Mill Street');
    const [action] = await lantern.db.select().from(panelActions).where(sql`${panelActions.description} like 'Identify the man%'`);
    refused(await officer.post(`/panels/actions/${action!.id}/complete`, { whatWasDone: '' }), /Enter what was done/);
    assert.equal((await officer.post(`/panels/actions/${action!.id}/complete`, { whatWasDone: 'Named by the school from CCTV; passed to the intelligence officer.' })).status, 303);
    const entries = await lantern.db.select().from(chronologyEntries).where(and(eq(chronologyEntries.youngPersonId, people.Jade!), eq(chronologyEntries.kind, 'action')));
    assert.equal(entries.length, 1);
    assert.match(entries[0]!.summary, /completed by Northbridge Police/);
  });

  it('every read of the meeting is audited with the young people shown', async () => {
    const memberId = await userIdByEmail(lantern.db, 'panel.member@northbridge.example');
    const views = await lantern.db.select().from(auditEvents).where(and(eq(auditEvents.recordKind, 'panel_meeting'), eq(auditEvents.recordId, meetingId), eq(auditEvents.actorUserId, memberId)));
    assert.ok(views.some((v) => ((v.details as { youngPersonIds?: string[] })?.youngPersonIds ?? []).includes(people.Jade!)));
    const minutes = await lantern.db.select().from(auditEvents).where(and(eq(auditEvents.recordKind, 'panel_minutes'), eq(auditEvents.actorUserId, memberId)));
    assert.equal(minutes.length, 1);
  });

  it('once the access period is over, the minutes show a member only a count of what they may no longer see', async () => {
    await lantern.db.execute(sql`update panels set access_after_close_days = 0 where id = ${panelId}`);
    try {
      const minutes = await police.get(`/panels/meetings/${meetingId}/minutes`);
      assert.equal(minutes.status, 200);
      assert.doesNotMatch(minutes.text, /Jade Carter|Chloe Barnes/);
      assert.match(minutes.text, /2 other items are about young people you do not have access to/);
      assert.equal((await police.get(`/young-people/${people.Jade}`)).status, 404);
      assert.equal((await police.get(`/panels/meetings/${meetingId}/items/${await itemFor('Jade')}/pack`)).status, 404);
    } finally {
      await lantern.db.execute(sql`update panels set access_after_close_days = 30 where id = ${panelId}`);
    }
  });

  it("an overdue action shows on the agency's page, counted", async () => {
    const lead = await signInAs(lantern.app, 'police.officer@northbridge.example');
    const page = await lead.get('/panels/actions/agency');
    assert.match(page.text, /Visit the flat above the takeaway/);
    assert.match(page.text, /Overdue/);
    assert.match(page.text, /Northbridge Police 1 1 overdue/);
  });
});

describe('referrals: bad input and need-to-know', () => {
  it('a referral of someone the referrer cannot see is refused and nothing is stored', async () => {
    const youth = await signInAs(lantern.app, 'youth.worker@northbridge.example');
    const before = await countRows(lantern.db, 'panel_referrals');
    const page = await youth.post('/panels/referrals', { panelId, subjectKind: 'young_person', youngPersonId: people.Ryan!, source: 'other', reason: 'Worried', urgency: 'routine' });
    assert.equal(page.status, 404);
    assert.match(page.text, /There is no young person with this id that you can see/);
    assert.equal(await countRows(lantern.db, 'panel_referrals'), before);
  });

  it('a referral without a reason or urgency says what to do', async () => {
    const nurse = await signInAs(lantern.app, 'school.nurse@northbridge.example');
    refused(await nurse.post('/panels/referrals', { panelId, subjectKind: 'young_person', youngPersonId: people.Jade!, source: 'other', reason: '', urgency: '' }), /Enter why the panel should discuss this/);
  });
});

describe('what the referral form leaves in the audit trail', () => {
  it('audits opening the form about a young person as a view naming them', async () => {
    const worker = await signInAs(lantern.app, 'school.nurse@northbridge.example');
    const workerId = await userIdByEmail(lantern.db, 'school.nurse@northbridge.example');
    const form = await worker.get(`/panels/referrals/new?youngPersonId=${people.Jade}`);
    assert.equal(form.status, 200);
    const [row] = await lantern.db.select().from(auditEvents).where(and(eq(auditEvents.recordKind, 'panel_referral'), eq(auditEvents.action, 'view'), eq(auditEvents.actorUserId, workerId))).orderBy(sql`${auditEvents.id} desc`).limit(1);
    assert.deepEqual(row?.details, { purpose: 'new', youngPersonId: people.Jade });
  });
});

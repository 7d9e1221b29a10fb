/**
 * Closing and re-opening CSE work, and the transition at 18, through the pages and the API: what is
 * written (and that bad input writes nothing), who may do what, the prompt at triage, search,
 * the worklist and its lists, reminders' deadlines and the profile's section. Fictional demo people only.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { and, desc, eq, sql } from 'drizzle-orm';
import { rows, type Database } from '../../platform/db/database.ts';
import { addDays, londonToday } from '../../platform/time.ts';
import { dateInputValues } from '../../platform/http/date-input.ts';
import { auditEvents } from '../../platform/audit/tables.ts';
import { chronologyEntries, teamMembers, youngPeople } from '../young-people/tables.ts';
import { concerns, feedbackMessages } from '../concerns/tables.ts';
import { agencies } from '../organisation/tables.ts';
import { insertDemoConcern } from '../concerns/index.ts';
import { apiTokenFor, countRows, createTestLantern, signInAs, textOf, userIdByEmail, type TestLantern } from '../../test-support/index.ts';
import { cseClosures, cseReopenings, transitionDecisions, transitionPlans } from './tables.ts';
import { transitionDeadlines } from './worklist.ts';
import { turnedEighteen } from './profile-section.ts';
import { eighteenthBirthday, ageOnDay } from './transition.ts';

let lantern: TestLantern;
let app: FastifyInstance;
let database: Database;
let areaId: string;
const people: Record<string, string> = {};
const COORDINATOR = 'coordinator@northbridge.example';
const today = () => londonToday();

before(async () => {
  lantern = await createTestLantern();
  ({ app, database } = lantern);
  for (const p of await database.db.select({ id: youngPeople.id, name: youngPeople.givenName, areaId: youngPeople.areaId }).from(youngPeople)) {
    people[p.name!] = p.id;
    areaId = p.areaId;
  }
});
after(async () => lantern.close());

async function api(email: string) {
  const token = await apiTokenFor(database.db, email);
  return async (method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) => {
    const response = await app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) });
    return { status: response.statusCode, json: response.json() as Record<string, unknown> };
  };
}

function expectRefused(response: { status: number; body: string }, message: RegExp) {
  assert.equal(response.status, 400, textOf(response.body).slice(0, 400));
  assert.match(response.body, /There is a problem/);
  assert.match(textOf(response.body, { asOnScreen: true }), message);
}

const record = async (id: string) => (await database.db.select().from(youngPeople).where(eq(youngPeople.id, id)))[0]!;
const closureForm = (extra: Record<string, string> = {}) => ({
  ...dateInputValues('closedOn', today()),
  reason: 'risk_reduced',
  youngPersonViews: 'She said she feels safer and knows who to call.',
  familyViews: 'Her dad agreed with closing.',
  agreedBy: 'coordinator',
  ...extra,
});
async function deniedRows(recordId: string) {
  return countRows(database.db, 'audit_events', sql`record_id = ${recordId} and outcome = 'denied'`);
}
/** Sets a date of birth that makes someone turn `years` in `days` days (negative: that long ago). */
async function setAgeTurning(id: string, years: number, days: number) {
  const birthday = addDays(today(), days);
  const dob = `${Number(birthday.slice(0, 4)) - years}${birthday.slice(4)}`.replace(/-02-29$/, '-02-28');
  await database.db.update(youngPeople).set({ dateOfBirth: dob }).where(eq(youngPeople.id, id));
  return dob;
}

describe('the demo', () => {
  it('has a closed young person with two periods and a 17-year-old whose plan is due', async () => {
    const callum = await record(people.Callum!);
    assert.ok(callum.closedOn);
    assert.equal(await countRows(database.db, 'cse_closures', sql`young_person_id = ${callum.id}::uuid`), 2);
    assert.equal(await countRows(database.db, 'cse_reopenings', sql`young_person_id = ${callum.id}::uuid`), 1);
    const jordan = await record(people.Jordan!);
    assert.equal(ageOnDay(jordan.dateOfBirth!, today()), 17);
    const [plan] = await database.db.select().from(transitionPlans).where(eq(transitionPlans.youngPersonId, jordan.id));
    assert.equal(plan?.deadline, eighteenthBirthday(jordan.dateOfBirth!));
  });

  it('a closed record is still found by search, marked closed, with its periods on the record', async () => {
    const coordinator = await signInAs(app, COORDINATOR);
    const found = await coordinator.get('/young-people?q=Callum');
    assert.equal(found.status, 200);
    assert.match(textOf(found.body), /Callum Reeve/);
    assert.match(textOf(found.body), /CSE work closed/);
    const section = await coordinator.get(`/young-people/${people.Callum}/moving-on`);
    assert.equal(section.status, 200);
    const text = textOf(section.body);
    assert.match(text, /No longer consents to voluntary support/);
    assert.match(text, /Risk has reduced/);
    assert.match(text, /Re-open CSE work/);
    assert.match(text, /Panel decision, meeting of/);
  });
});

describe('closing CSE work through the pages', () => {
  it('refuses a closure without a reason, views or a panel meeting, with GOV.UK errors, writing nothing', async () => {
    const coordinator = await signInAs(app, COORDINATOR);
    const before = await countRows(database.db, 'cse_closures');
    expectRefused(await coordinator.post(`/young-people/${people.Jade}/close`, closureForm({ reason: '' })), /Choose why CSE work is closing/);
    expectRefused(await coordinator.post(`/young-people/${people.Jade}/close`, closureForm({ reason: 'other' })), /Enter the other reason for closing/);
    expectRefused(await coordinator.post(`/young-people/${people.Jade}/close`, closureForm({ youngPersonViews: '' })), /Enter what the young person said about closing/);
    expectRefused(await coordinator.post(`/young-people/${people.Jade}/close`, closureForm({ agreedBy: 'panel' })), /Choose the panel discussion, or enter the date of the panel meeting/);
    expectRefused(await coordinator.post(`/young-people/${people.Jade}/close`, closureForm(dateInputValues('closedOn', addDays(today(), 3)))), /must be today or in the past/);
    expectRefused(await coordinator.post(`/young-people/${people.Jade}/close`, closureForm({ 'closedOn-day': '31', 'closedOn-month': '2', 'closedOn-year': '2026' })), /must be a real date/);
    assert.equal(await countRows(database.db, 'cse_closures'), before);
    assert.equal((await record(people.Jade!)).closedOn, null);
  });

  it('a practitioner cannot close: refused and audited, nothing written', async () => {
    const nurse = await signInAs(app, 'school.nurse@northbridge.example');
    const denied = await deniedRows(people.Jade!);
    const page = await nurse.post(`/young-people/${people.Jade}/close`, closureForm());
    assert.equal(page.status, 403);
    assert.equal(await deniedRows(people.Jade!), denied + 1);
    assert.equal((await record(people.Jade!)).closedOn, null);
  });

  it('the coordinator closes: the closure, the record, the chronology, the audit row and feedback to every referrer', async () => {
    const coordinator = await signInAs(app, COORDINATOR);
    const raisers = await database.db.selectDistinct({ userId: concerns.raisedByUserId }).from(concerns).where(eq(concerns.youngPersonId, people.Jade!));
    assert.ok(raisers.length > 0, "the demo has concerns about Jade");
    const form = await coordinator.get(`/young-people/${people.Jade}/close`);
    assert.equal(form.status, 200);
    const saved = await coordinator.post(`/young-people/${people.Jade}/close`, closureForm());
    assert.equal(saved.status, 303, textOf(saved.body).slice(0, 300));
    const jade = await record(people.Jade!);
    assert.equal(jade.closedOn, today());
    const [closure] = await database.db.select().from(cseClosures).where(eq(cseClosures.youngPersonId, jade.id));
    assert.equal(closure?.reason, 'risk_reduced');
    assert.equal(closure?.levelAtClosure, jade.riskLevel);
    assert.equal(closure?.agreedBy, 'coordinator');
    // The figures' history knows the record closed that day, and why.
    const facts = await rows<{ fact: string; value: unknown }>(
      database.db,
      sql`select fact, value from young_person_facts where young_person_id = ${jade.id}::uuid and superseded_at is null and valid_from = ${today()}::date and fact in ('cse_work', 'closure_reason') order by fact`,
    );
    assert.deepEqual(facts.map((f) => [f.fact, f.value]), [['closure_reason', 'risk_reduced'], ['cse_work', 'closed']]);
    assert.equal(await countRows(database.db, 'chronology_entries', sql`young_person_id = ${jade.id}::uuid and kind = 'closure'`), 1);
    const [audit] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.recordId, jade.id), eq(auditEvents.action, 'update'))).orderBy(desc(auditEvents.occurredAt)).limit(1);
    assert.equal((audit?.details as Record<string, unknown>).change, 'cse_closed');
    for (const r of raisers) {
      const told = await database.db.select().from(feedbackMessages).where(and(eq(feedbackMessages.recipientUserId, r.userId), eq(feedbackMessages.kind, 'closure')));
      assert.equal(told.length, 1);
      assert.match(told[0]!.message, /was closed on/);
      assert.equal(told[0]!.eventKey, `closure:${closure!.id}:${jade.id}`);
    }
    // Closing twice is not possible: the form leads back to the record.
    const again = await coordinator.post(`/young-people/${jade.id}/close`, closureForm());
    assert.equal(again.status, 303);
    assert.equal(await countRows(database.db, 'cse_closures', sql`young_person_id = ${jade.id}::uuid`), 1);
  });

  it('a practitioner on the team sees the closure on the record and its summary, without the coordinator’s links', async () => {
    const [member] = await database.db.select({ userId: teamMembers.userId }).from(teamMembers).where(and(eq(teamMembers.youngPersonId, people.Jade!), sql`${teamMembers.userId} is not null`, sql`${teamMembers.removedAt} is null`));
    assert.ok(member?.userId);
    const [who] = await database.db.execute<{ email: string }>(sql`select email from users where id = ${member.userId}::uuid`).then((r) => (Array.isArray(r) ? r : (r as { rows: { email: string }[] }).rows));
    const practitioner = await signInAs(app, who!.email);
    const summary = await practitioner.get(`/young-people/${people.Jade}`);
    assert.equal(summary.status, 200);
    assert.match(textOf(summary.body), /CSE work closed on .*Risk has reduced/);
    const section = await practitioner.get(`/young-people/${people.Jade}/moving-on`);
    assert.match(textOf(section.body), /She said she feels safer/);
    assert.doesNotMatch(textOf(section.body), /Re-open CSE work/);
  });
});

describe('a new concern about a closed young person, and re-opening', () => {
  let concernId: string;

  it('shows the coordinator the earlier periods at triage and on the record', async () => {
    const nurse = await userIdByEmail(database.db, 'school.nurse@northbridge.example');
    const [health] = await database.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.kind, 'health'));
    ({ id: concernId } = await insertDemoConcern(database.db, { areaId, raisedByUserId: nurse, raisedByAgencyId: health!.id, youngPersonId: people.Jade!, details: 'Seen getting into a car with an older man after school.', submittedAt: new Date() }));
    const coordinator = await signInAs(app, COORDINATOR);
    const triage = await coordinator.get(`/triage/${concernId}`);
    assert.equal(triage.status, 200);
    const text = textOf(triage.body);
    assert.match(text, /CSE work with this young person has closed/);
    assert.match(text, /Risk has reduced/);
    const summary = await coordinator.get(`/young-people/${people.Jade}`);
    assert.match(textOf(summary.body), /A new concern has been raised since CSE work closed/);
  });

  it('refuses re-opening by a practitioner (audited) and bad input from the coordinator, writing nothing', async () => {
    const nurse = await signInAs(app, 'school.nurse@northbridge.example');
    const denied = await deniedRows(people.Jade!);
    const refused = await nurse.post(`/young-people/${people.Jade}/reopen`, { ...dateInputValues('reopenedOn', today()), reason: 'New concern' });
    assert.equal(refused.status, 403);
    assert.equal(await deniedRows(people.Jade!), denied + 1);
    const coordinator = await signInAs(app, COORDINATOR);
    expectRefused(await coordinator.post(`/young-people/${people.Jade}/reopen`, { ...dateInputValues('reopenedOn', today()), reason: '' }), /Enter why CSE work is opening again/);
    expectRefused(await coordinator.post(`/young-people/${people.Jade}/reopen`, { ...dateInputValues('reopenedOn', addDays(today(), -5)), reason: 'New concern' }), /must be on or after/);
    assert.equal(await countRows(database.db, 'cse_reopenings', sql`young_person_id = ${people.Jade}::uuid`), 0);
    assert.ok((await record(people.Jade!)).closedOn);
  });

  it('the coordinator re-opens with the form: a new period starts and the history is kept', async () => {
    const coordinator = await signInAs(app, COORDINATOR);
    const form = await coordinator.get(`/young-people/${people.Jade}/reopen`);
    assert.equal(form.status, 200);
    assert.match(textOf(form.body), /Earlier periods of CSE work/);
    const saved = await coordinator.post(`/young-people/${people.Jade}/reopen`, { ...dateInputValues('reopenedOn', today()), reason: 'A new concern from school.', concernId });
    assert.equal(saved.status, 303, textOf(saved.body).slice(0, 300));
    const jade = await record(people.Jade!);
    assert.equal(jade.closedOn, null);
    assert.equal(jade.openedOn, today());
    const [reopening] = await database.db.select().from(cseReopenings).where(eq(cseReopenings.youngPersonId, jade.id));
    assert.equal(reopening?.concernId, concernId);
    assert.equal(await countRows(database.db, 'chronology_entries', sql`young_person_id = ${jade.id}::uuid and kind = 'reopening'`), 1);
    const section = textOf((await coordinator.get(`/young-people/${jade.id}/moving-on`)).body);
    assert.match(section, /Open now/);
    assert.match(section, /Re-opened/);
  });
});

/** The number shown beside a worklist line whose link is `href` (the home page draws count, words, link). */
async function countInWorklist(html: string, href: string): Promise<number> {
  const at = html.indexOf(`href="${href}"`);
  assert.ok(at > 0, `the worklist links to ${href}`);
  const before = textOf(html.slice(Math.max(0, html.lastIndexOf('<li', at)), html.indexOf('</li>', at)));
  const n = /(\d+)/.exec(before);
  assert.ok(n, `a count beside ${href}: ${before}`);
  return Number(n[1]);
}

describe('transition at 18', () => {
  it('the worklist counts exactly what its lists show', async () => {
    await setAgeTurning(people.Leah!, 18, 100); // 17, no plan
    await setAgeTurning(people.Erin!, 18, -5); // turned 18 five days ago, open since long before
    await database.db.update(youngPeople).set({ openedOn: addDays(today(), -300) }).where(eq(youngPeople.id, people.Erin!));
    const coordinator = await signInAs(app, COORDINATOR);
    const home = textOf((await coordinator.get('/')).body);
    assert.match(home, /Transition at 18/);
    const homePage = (await coordinator.get('/')).body;
    for (const [show, name] of [['no-plan', 'Leah'], ['due-soon', 'Jordan'], ['decision', 'Erin']] as const) {
      const list = await coordinator.get(`/moving-on/transitions?show=${show}`);
      assert.equal(list.status, 200);
      assert.match(textOf(list.body), new RegExp(name));
      const shown = (list.body.match(/\/moving-on">/g) ?? []).length;
      const counted = await countInWorklist(homePage, `/moving-on/transitions?show=${show}`);
      assert.equal(counted, shown, `the ${show} count is its list`);
    }
    const nurse = await signInAs(app, 'school.nurse@northbridge.example');
    assert.equal((await nurse.get('/moving-on/transitions')).status, 403);
  });

  it('refuses a plan without the young person’s wishes or a referral date, then saves one from the team', async () => {
    const coordinator = await signInAs(app, COORDINATOR);
    const before = await countRows(database.db, 'transition_plans');
    expectRefused(await coordinator.post(`/young-people/${people.Leah}/transition-plan`, { adultSafeguarding: 'not_needed', wishes: '' }), /Enter what the young person wants/);
    expectRefused(await coordinator.post(`/young-people/${people.Leah}/transition-plan`, { adultSafeguarding: 'made', wishes: 'To stay near her sister.' }), /adult safeguarding referral/);
    expectRefused(await coordinator.post(`/young-people/${people.Leah}/transition-plan`, { adultSafeguarding: '', wishes: 'To stay near her sister.' }), /Choose whether an adult safeguarding referral is needed/);
    assert.equal(await countRows(database.db, 'transition_plans'), before);
    const form = await coordinator.get(`/young-people/${people.Leah}/transition-plan`);
    assert.equal(form.status, 200);
    const saved = await coordinator.post(`/young-people/${people.Leah}/transition-plan`, {
      adultServicesContact: 'Adult social care, East team',
      adultSafeguarding: 'made',
      ...dateInputValues('adultSafeguardingReferredOn', addDays(today(), -1)),
      housing: 'Supported lodgings',
      health: '',
      leavingCare: 'Personal adviser',
      wishes: 'To stay near her sister.',
    });
    assert.equal(saved.status, 303, textOf(saved.body).slice(0, 300));
    const leah = await record(people.Leah!);
    const [plan] = await database.db.select().from(transitionPlans).where(eq(transitionPlans.youngPersonId, leah.id));
    assert.equal(plan?.deadline, eighteenthBirthday(leah.dateOfBirth!));
    assert.equal(plan?.adultSafeguardingReferredOn, addDays(today(), -1));
    assert.equal(await countRows(database.db, 'chronology_entries', sql`young_person_id = ${leah.id}::uuid and kind = 'transition'`), 1);
    const noPlan = textOf((await coordinator.get('/moving-on/transitions?show=no-plan')).body);
    assert.doesNotMatch(noPlan, /Leah/);
    const section = textOf((await coordinator.get(`/young-people/${leah.id}/moving-on`)).body);
    assert.match(section, /Adult social care, East team/);
  });

  it('keeps the plan’s deadline for reminders until a decision is made', async () => {
    const due = await transitionDeadlines[0]!.due(database.db, areaId, new Date(Date.now() + 400 * 86_400_000));
    const jordan = await record(people.Jordan!);
    const mine = due.find((d) => d.reference === `YP-${jordan.number}`);
    assert.ok(mine);
    assert.deepEqual(mine.ownerRoles, ['coordinator']);
  });

  it('at 18 the record is not closed: the summary asks for a decision, and keeping it open needs a reason', async () => {
    const coordinator = await signInAs(app, COORDINATOR);
    assert.equal((await record(people.Erin!)).closedOn, null);
    assert.match(textOf((await coordinator.get(`/young-people/${people.Erin}`)).body), /Turned 18 on .*decide whether to close CSE work or keep it open/);
    assert.equal((await coordinator.get(`/young-people/${people.Erin}/turning-18`)).status, 200);
    expectRefused(await coordinator.post(`/young-people/${people.Erin}/turning-18`, {}), /Choose whether to close CSE work or keep it open/);
    expectRefused(await coordinator.post(`/young-people/${people.Erin}/turning-18`, { decision: 'keep_open', reason: '' }), /Enter why CSE work stays open after 18/);
    const close = await coordinator.post(`/young-people/${people.Erin}/turning-18`, { decision: 'close' });
    assert.equal(close.location, `/young-people/${people.Erin}/close?reason=turned_18`);
    const kept = await coordinator.post(`/young-people/${people.Erin}/turning-18`, { decision: 'keep_open', reason: 'Adult services have not yet taken over; the trial is next month.' });
    assert.equal(kept.status, 303);
    assert.equal(await countRows(database.db, 'transition_decisions', sql`young_person_id = ${people.Erin}::uuid`), 1);
    assert.doesNotMatch(textOf((await coordinator.get('/moving-on/transitions?show=decision')).body), /Erin/);
    assert.doesNotMatch(textOf((await coordinator.get(`/young-people/${people.Erin}`)).body), /decide whether to close/);
  });

  it('the profile counts young people who turned 18 while open, by outcome', async () => {
    const found = await turnedEighteen(database.db, { areaIds: [areaId] }, addDays(today(), -30), today());
    const kept = found.filter((r) => r.outcome === 'kept_open').reduce((n, r) => n + r.n, 0);
    assert.equal(kept, 1);
    const coordinator = await signInAs(app, COORDINATOR);
    const profile = await coordinator.get('/profile');
    assert.equal(profile.status, 200);
    assert.match(textOf(profile.body), /Turning 18 while open to CSE work/);
  });
});

describe('the area’s transition age', () => {
  it('moves who needs a plan when the coordinator changes it', async () => {
    await setAgeTurning(people.Kayleigh!, 17, 30); // 16 now
    const coordinator = await signInAs(app, COORDINATOR);
    assert.doesNotMatch(textOf((await coordinator.get('/moving-on/transitions?show=no-plan')).body), /Kayleigh/);
    await database.db.execute(sql`update areas set settings = settings || '{"transitionPlanAge": 16}'::jsonb where id = ${areaId}::uuid`);
    const list = textOf((await coordinator.get('/moving-on/transitions?show=no-plan')).body);
    assert.match(list, /Aged 16 or over with no transition plan/);
    assert.match(list, /Kayleigh/);
    await database.db.execute(sql`update areas set settings = settings - 'transitionPlanAge' where id = ${areaId}::uuid`);
  });
});

describe('the API', () => {
  it('closes, refuses bad input and a second closure, re-opens, and reads the periods', async () => {
    const coordinator = await api(COORDINATOR);
    const practitioner = await api('school.nurse@northbridge.example');
    const url = `/api/v1/young-people/${people.Ryan}`;
    const body = { closedOn: today(), reason: 'moved_area', youngPersonViews: 'He wants a fresh start.', familyViews: 'His aunt agrees.', agreedBy: 'coordinator' };
    const before = await countRows(database.db, 'cse_closures');
    const noReason = await coordinator('POST', `${url}/closure`, { ...body, reason: undefined });
    assert.equal(noReason.status, 400);
    const otherWithout = await coordinator('POST', `${url}/closure`, { ...body, reason: 'other' });
    assert.equal(otherWithout.status, 400);
    const future = await coordinator('POST', `${url}/closure`, { ...body, closedOn: addDays(today(), 2) });
    assert.equal(future.status, 400);
    const badItem = await coordinator('POST', `${url}/closure`, { ...body, agreedBy: 'panel', agendaItemId: '00000000-0000-4000-8000-000000000000' });
    assert.equal(badItem.status, 400);
    assert.equal((await practitioner('POST', `${url}/closure`, body)).status, 403);
    assert.equal(await countRows(database.db, 'cse_closures'), before);
    const closed = await coordinator('POST', `${url}/closure`, body);
    assert.equal(closed.status, 201, JSON.stringify(closed.json));
    assert.match(String(closed.json.reference), /^CL-\d+$/);
    assert.equal((await coordinator('POST', `${url}/closure`, body)).status, 409);
    const read = await coordinator('GET', `${url}/cse-involvement`);
    assert.equal(read.status, 200);
    assert.equal(read.json.status, 'closed');
    assert.equal((read.json.closures as unknown[]).length, 1);
    assert.equal((await practitioner('POST', `${url}/reopening`, { reopenedOn: today(), reason: 'x' })).status, 403);
    assert.equal((await coordinator('POST', `${url}/reopening`, { reopenedOn: today(), reason: '' })).status, 400);
    const reopened = await coordinator('POST', `${url}/reopening`, { reopenedOn: today(), reason: 'Returned to the area.' });
    assert.equal(reopened.status, 201);
    assert.equal((await coordinator('POST', `${url}/reopening`, { reopenedOn: today(), reason: 'Again.' })).status, 409);
    const after = await coordinator('GET', `${url}/cse-involvement`);
    assert.equal(after.json.status, 'open');
    assert.equal((after.json.periods as unknown[]).length, 2);
  });

  it('writes a transition plan and keeps work open after 18 only once they have turned 18', async () => {
    const coordinator = await api(COORDINATOR);
    const url = `/api/v1/young-people/${people.Jordan}`;
    const bad = await coordinator('PUT', `${url}/transition-plan`, { adultSafeguarding: 'made', wishes: 'Same worker.' });
    assert.equal(bad.status, 400);
    const saved = await coordinator('PUT', `${url}/transition-plan`, { adultSafeguarding: 'needed', wishes: 'Same worker.', deadline: addDays(today(), 10) });
    assert.equal(saved.status, 200, JSON.stringify(saved.json));
    assert.equal(saved.json.created, false);
    const [plan] = await database.db.select().from(transitionPlans).where(eq(transitionPlans.youngPersonId, people.Jordan!));
    assert.equal(plan?.deadline, addDays(today(), 10));
    const early = await coordinator('POST', `${url}/kept-open-after-18`, { reason: 'Not yet.' });
    assert.equal(early.status, 409);
    assert.equal(await countRows(database.db, 'transition_decisions', sql`young_person_id = ${people.Jordan}::uuid`), 0);
    void transitionDecisions;
    void chronologyEntries;
  });
});

/**
 * Strategy meetings, tasks and court support through the pages and the API: recording, refusing
 * bad input without storing anything, who may see and do what, and tasks reaching the owner's
 * home page. Fictional demo people only.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { addDays, londonToday } from '../../platform/time.ts';
import { dateInputValues } from '../../platform/http/date-input.ts';
import { youngPeople } from '../young-people/tables.ts';
import { missingEpisodes } from '../missing/tables.ts';
import { chronologyEntries } from '../young-people/tables.ts';
import { apiTokenFor, countRows, createTestLantern, signInAs, textOf, userIdByEmail, type TestLantern } from '../../test-support/index.ts';
import { dateTimeForm, londonAt } from '../missing/testing.ts';
import { completeApiBody } from '../risk/http-testing.ts';
import { currentVersion } from '../risk/versions.ts';
import { caseworkTasks, courtSupportPlans, strategyMeetings } from './tables.ts';
import { agencies } from '../organisation/tables.ts';

let lantern: TestLantern;
let app: FastifyInstance;
let database: Database;
const people: Record<string, string> = {};
const agencyIds: Record<string, string> = {};

before(async () => {
  lantern = await createTestLantern();
  ({ app, database } = lantern);
  for (const p of await database.db.select({ id: youngPeople.id, name: youngPeople.givenName }).from(youngPeople)) people[p.name!] = p.id;
  for (const a of await database.db.select({ id: agencies.id, kind: agencies.kind, name: agencies.name }).from(agencies)) agencyIds[a.name] = a.id;
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

const dueIn = (days: number, prefix: string) => dateInputValues(prefix, addDays(londonToday(), days));
const policeAgency = () => Object.entries(agencyIds).find(([name]) => /police/i.test(name))![1];

async function meetingForm(extra: Record<string, string> = {}) {
  const nurse = await userIdByEmail(database.db, 'school.nurse@northbridge.example');
  return {
    ...dateTimeForm('heldAt', londonAt(1, 10, 0)),
    'attendee-1-name': 'Priya Raman',
    'attendee-1-agency': 'Children’s social care',
    'attendee-1-role': 'Chair',
    'attendee-2-name': 'Grace Adeyemi',
    'attendee-2-agency': 'Health',
    informationShared: 'School reports lifts from an older man after school.',
    decisions: 'Section 47 enquiries to begin; safety plan agreed.',
    'action-1-description': 'Talk with Jade about the lifts.',
    'action-1-owner': `user:${nurse}`,
    ...dueIn(3, 'action-1-dueOn'),
    'action-2-description': 'Check the car seen at the school gate.',
    'action-2-owner': `agency:${policeAgency()}`,
    ...dueIn(-1, 'action-2-dueOn'),
    ...extra,
  };
}

describe('strategy meetings through the pages', () => {
  it('the coordinator records a meeting; its actions become tasks on the record, in the chronology and the audit trail', async () => {
    const coordinator = await signInAs(app, 'coordinator@northbridge.example');
    const form = await coordinator.get(`/young-people/${people.Jade}/strategy-meetings/new`);
    assert.equal(form.status, 200);
    const saved = await coordinator.post(`/young-people/${people.Jade}/strategy-meetings`, await meetingForm());
    assert.equal(saved.status, 303, textOf(saved.body).slice(0, 500));
    const meeting = await coordinator.get(saved.headers.location as string);
    const text = textOf(meeting.body, { asOnScreen: true });
    assert.match(text, /Priya Raman.*Children’s social care.*Chair/);
    assert.match(text, /Talk with Jade about the lifts.*Grace Adeyemi.*Due soon/);
    assert.match(text, /Check the car seen at the school gate.*Northbridge Police.*Overdue/);
    const [row] = await database.db.select().from(strategyMeetings).where(eq(strategyMeetings.youngPersonId, people.Jade!));
    assert.equal(await countRows(database.db, 'casework_tasks', sql`source_id = ${row!.id}`), 2);
    assert.equal(await countRows(database.db, 'audit_events', sql`record_kind = 'strategy_meeting' and record_id = ${row!.id} and action = 'create'`), 1);
    const [entry] = await database.db.select().from(chronologyEntries).where(and(eq(chronologyEntries.sourceId, row!.id), eq(chronologyEntries.kind, 'strategy_meeting')));
    assert.match(entry!.summary, /Strategy meeting SM-\d+ with Children’s social care, Health; 2 actions agreed/);
    const record = textOf((await coordinator.get(`/young-people/${people.Jade}/plans`)).body, { asOnScreen: true });
    assert.match(record, /Strategy meetings.*SM-\d+/);
    assert.match(record, /Tasks.*Check the car seen at the school gate.*Overdue/);
  });

  it('refuses an action without an owner or a due date, a lone attendee and a meeting before its episode, storing nothing', async () => {
    const coordinator = await signInAs(app, 'coordinator@northbridge.example');
    const before = await countRows(database.db, 'strategy_meetings');
    const tasksBefore = await countRows(database.db, 'casework_tasks');
    const url = `/young-people/${people.Jade}/strategy-meetings`;
    expectRefused(await coordinator.post(url, await meetingForm({ 'action-1-owner': '' })), /Choose who owns the task: a person or an agency/);
    expectRefused(await coordinator.post(url, await meetingForm({ 'action-2-dueOn-day': '', 'action-2-dueOn-month': '', 'action-2-dueOn-year': '' })), /Enter the date it is due by/);
    expectRefused(await coordinator.post(url, await meetingForm({ 'action-2-dueOn-day': '31', 'action-2-dueOn-month': '2' })), /The date it is due by must be a real date/);
    expectRefused(await coordinator.post(url, await meetingForm({ 'attendee-2-name': '', 'attendee-2-agency': '' })), /Enter at least two attendees/);
    expectRefused(await coordinator.post(url, await meetingForm({ 'attendee-2-agency': '' })), /Enter the attendee’s agency/);
    expectRefused(await coordinator.post(url, await meetingForm({ decisions: '' })), /Enter what was decided/);
    expectRefused(await coordinator.post(url, await meetingForm(dateTimeForm('heldAt', new Date(Date.now() + 86_400_000)))), /must be in the past/);
    const [episode] = await database.db.select().from(missingEpisodes).where(eq(missingEpisodes.youngPersonId, people.Chloe!)).orderBy(desc(missingEpisodes.lastSeenAt)).limit(1);
    const early = await coordinator.post(`/young-people/${people.Chloe}/strategy-meetings`, await meetingForm({ about: `episode:${episode!.id}`, ...dateTimeForm('heldAt', new Date(episode!.lastSeenAt.getTime() - 86_400_000)) }));
    expectRefused(early, /The meeting cannot be before the missing episode it is about/);
    const wrongOwner = await coordinator.post(url, await meetingForm({ 'action-1-owner': 'user:00000000-0000-4000-8000-000000000000' }));
    expectRefused(wrongOwner, /Choose an owner from the list/);
    assert.equal(await countRows(database.db, 'strategy_meetings'), before);
    assert.equal(await countRows(database.db, 'casework_tasks'), tasksBefore);
  });

  it('adds a row for another attendee without saving', async () => {
    const coordinator = await signInAs(app, 'coordinator@northbridge.example');
    const before = await countRows(database.db, 'strategy_meetings');
    const more = await coordinator.post(`/young-people/${people.Jade}/strategy-meetings`, { ...(await meetingForm()), add: 'attendee', attendeeRows: '4' });
    assert.equal(more.status, 200);
    assert.match(more.body, /name="attendee-5-name"/);
    assert.match(more.body, /value="Priya Raman"/);
    assert.equal(await countRows(database.db, 'strategy_meetings'), before);
  });

  it('need to know: outside the team the form, the post and the meeting are not found; the intelligence officer may read but not record', async () => {
    const [meeting] = await database.db.select().from(strategyMeetings).where(eq(strategyMeetings.youngPersonId, people.Jade!));
    for (const email of ['housing.officer@northbridge.example', 'youth.worker@northbridge.example']) {
      const client = await signInAs(app, email);
      assert.equal((await client.get(`/young-people/${people.Jade}/strategy-meetings/new`)).status, 404, email);
      assert.equal((await client.post(`/young-people/${people.Jade}/strategy-meetings`, await meetingForm())).status, 404, email);
      assert.equal((await client.get(`/strategy-meetings/${meeting!.id}`)).status, 404, email);
      assert.equal((await (await api(email))('GET', `/api/v1/young-people/${people.Jade}/strategy-meetings`)).status, 404, email);
    }
    const intelligence = await signInAs(app, 'intelligence@northbridge.example');
    assert.equal((await intelligence.get(`/strategy-meetings/${meeting!.id}`)).status, 200);
    assert.equal((await intelligence.get(`/young-people/${people.Jade}/strategy-meetings/new`)).status, 404);
    const analyst = await signInAs(app, 'analyst@northbridge.example');
    assert.equal((await analyst.get(`/strategy-meetings/${meeting!.id}`)).status, 403);
  });
});

describe('tasks', () => {
  it('reach the owner’s home page and their agency’s, and the owner marks one done', async () => {
    const nurse = await signInAs(app, 'school.nurse@northbridge.example');
    const home = textOf((await nurse.get('/')).body, { asOnScreen: true });
    assert.match(home, /Your tasks.*Talk with Jade about the lifts.*Jade Carter.*You/);
    // An agency's task shows to its people who may see the young person: the police officer is in
    // Chloe's team (the demo's meeting gave the police a task) but has no need to know about Jade.
    const police = await signInAs(app, 'police.officer@northbridge.example');
    const policeHome = textOf((await police.get('/')).body, { asOnScreen: true });
    assert.match(policeHome, /child abduction warning notice.*Chloe Barnes.*Northbridge Police \(your agency\)/);
    assert.doesNotMatch(policeHome, /Check the car seen at the school gate/);
    const socialWorker = await signInAs(app, 'social.worker@northbridge.example');
    const socialWorkerHome = textOf((await socialWorker.get('/')).body, { asOnScreen: true });
    assert.match(socialWorkerHome, /1 task is overdue/);
    assert.match(socialWorkerHome, /Visit Chloe at Elm House.*Chloe Barnes.*You.*Overdue/);
    const housing = await signInAs(app, 'housing.officer@northbridge.example');
    assert.doesNotMatch(textOf((await housing.get('/')).body), /Talk with Jade/);

    const [task] = await database.db.select().from(caseworkTasks).where(eq(caseworkTasks.description, 'Talk with Jade about the lifts.'));
    assert.equal((await housing.get(`/tasks/${task!.id}/complete`)).status, 404);
    assert.equal((await nurse.get(`/tasks/${task!.id}/complete`)).status, 200);
    expectRefused(await nurse.post(`/tasks/${task!.id}/complete`, { ...dueIn(0, 'completedOn'), note: '' }), /Enter what was done/);
    expectRefused(await nurse.post(`/tasks/${task!.id}/complete`, { ...dueIn(2, 'completedOn'), note: 'Talked with her.' }), /must be today or in the past/);
    const done = await nurse.post(`/tasks/${task!.id}/complete`, { ...dueIn(0, 'completedOn'), note: 'Talked with her at school; she named the driver.' });
    assert.equal(done.status, 303);
    // Back to the record's plans page, where the tasks are, showing this one done.
    assert.equal(done.headers.location, `/young-people/${people.Jade}/plans#tasks`);
    assert.match(textOf((await nurse.get(`/young-people/${people.Jade}/plans`)).body, { asOnScreen: true }), /Talk with Jade about the lifts.*Done.*she named the driver/);
    assert.equal((await nurse.get(`/tasks/${task!.id}/complete`)).status, 404, 'a done task cannot be done again');
    assert.doesNotMatch(textOf((await nurse.get('/')).body), /Talk with Jade about the lifts/);
    assert.equal(await countRows(database.db, 'audit_events', sql`record_kind = 'casework_task' and record_id = ${task!.id} and action = 'update'`), 1);
  });

  it('the risk plan’s actions are given owners and due dates; a task without either is refused', async () => {
    const { instrument } = await currentVersion(database.db, (await database.db.select().from(youngPeople).where(eq(youngPeople.id, people.Jade!)))[0]!.areaId);
    const nurseApi = await api('school.nurse@northbridge.example');
    const assessed = await nurseApi('POST', '/api/v1/assessments', completeApiBody(instrument, people.Jade!, { 'ar.unknown_lifts': 'now', 'ar.older_associates': 'now' }, { level: 'at_risk' }));
    assert.equal(assessed.status, 201, JSON.stringify(assessed.json));
    const assessmentId = assessed.json.id as string;
    const plan = assessed.json.plan as { actionId: string; text: string }[];
    assert.ok(plan.length > 0);

    const nurse = await signInAs(app, 'school.nurse@northbridge.example');
    assert.match(textOf((await nurse.get(`/young-people/${people.Jade}/plans`)).body), /Give the plan’s actions owners/);
    const page = await nurse.get(`/risk-plans/${assessmentId}/tasks/new`);
    assert.equal(page.status, 200);
    const before = await countRows(database.db, 'casework_tasks');
    expectRefused(await nurse.post(`/risk-plans/${assessmentId}/tasks`, { planActionId: plan[0]!.actionId, ...dueIn(7, 'dueOn') }), /Choose who owns the task/);
    expectRefused(await nurse.post(`/risk-plans/${assessmentId}/tasks`, { planActionId: plan[0]!.actionId, owner: `agency:${policeAgency()}` }), /Enter the date it is due by/);
    expectRefused(await nurse.post(`/risk-plans/${assessmentId}/tasks`, { planActionId: 'made.up', owner: `agency:${policeAgency()}`, ...dueIn(7, 'dueOn') }), /Choose an action from this assessment’s plan/);
    const added = await nurse.post(`/risk-plans/${assessmentId}/tasks`, { planActionId: plan[0]!.actionId, owner: `agency:${policeAgency()}`, ...dueIn(7, 'dueOn') });
    assert.equal(added.status, 303);
    assert.equal(await countRows(database.db, 'casework_tasks'), before + 1);

    const noOwner = await nurseApi('POST', '/api/v1/risk-plan-tasks', { assessmentId, planActionId: plan[0]!.actionId, dueOn: addDays(londonToday(), 7) });
    assert.equal(noOwner.status, 400);
    const noDate = await nurseApi('POST', '/api/v1/risk-plan-tasks', { assessmentId, planActionId: plan[0]!.actionId, owner: { agencyId: policeAgency() } });
    assert.equal(noDate.status, 400);
    const both = await nurseApi('POST', '/api/v1/risk-plan-tasks', { assessmentId, planActionId: plan[0]!.actionId, owner: { agencyId: policeAgency(), userId: await userIdByEmail(database.db, 'school.nurse@northbridge.example') }, dueOn: addDays(londonToday(), 7) });
    assert.equal(both.status, 400);
    const viaApi = await nurseApi('POST', '/api/v1/risk-plan-tasks', { assessmentId, planActionId: plan[0]!.actionId, owner: { userId: await userIdByEmail(database.db, 'social.worker@northbridge.example') }, dueOn: addDays(londonToday(), 7) });
    assert.equal(viaApi.status, 201, JSON.stringify(viaApi.json));
    assert.equal(await countRows(database.db, 'casework_tasks'), before + 2);
    // Owning a task puts the social worker in the team around the child, so they can see the record and do it.
    const socialWorker = await signInAs(app, 'social.worker@northbridge.example');
    assert.equal((await socialWorker.get(`/tasks/${viaApi.json.id}/complete`)).status, 200);

    const housingApi = await api('housing.officer@northbridge.example');
    assert.equal((await housingApi('POST', '/api/v1/risk-plan-tasks', { assessmentId, planActionId: plan[0]!.actionId, owner: { agencyId: policeAgency() }, dueOn: addDays(londonToday(), 7) })).status, 404);
    const tasks = await nurseApi('GET', `/api/v1/young-people/${people.Jade}/tasks`);
    assert.equal(tasks.status, 200);
    assert.ok((tasks.json.tasks as { source: string }[]).some((t) => t.source === 'risk_assessment'));
  });
});

describe('the API for strategy meetings', () => {
  it('records a meeting with the same rules as the page', async () => {
    const coordinatorApi = await api('coordinator@northbridge.example');
    const body = {
      youngPersonId: people.Jade,
      heldAt: londonAt(2, 14, 0).toISOString(),
      attendees: [
        { name: 'Priya Raman', agency: 'Social care', role: 'Chair' },
        { name: 'Dan Whitfield', agency: 'Police', role: '' },
      ],
      informationShared: 'Shared by phone.',
      decisions: 'Keep the safety plan.',
      actions: [{ description: 'Review the safety plan.', owner: { agencyId: policeAgency() }, dueOn: addDays(londonToday(), 14) }],
    };
    const before = await countRows(database.db, 'strategy_meetings');
    assert.equal((await coordinatorApi('POST', '/api/v1/strategy-meetings', { ...body, actions: [{ description: 'No owner.', dueOn: addDays(londonToday(), 14) }] })).status, 400);
    assert.equal((await coordinatorApi('POST', '/api/v1/strategy-meetings', { ...body, attendees: body.attendees.slice(0, 1) })).status, 400);
    const [episode] = await database.db.select().from(missingEpisodes).where(eq(missingEpisodes.youngPersonId, people.Chloe!)).orderBy(desc(missingEpisodes.lastSeenAt)).limit(1);
    const early = await coordinatorApi('POST', '/api/v1/strategy-meetings', { ...body, youngPersonId: people.Chloe, episodeId: episode!.id, heldAt: new Date(episode!.lastSeenAt.getTime() - 3_600_000).toISOString() });
    assert.equal(early.status, 400);
    assert.match(String(early.json.detail), /cannot be before the missing episode/);
    assert.equal(await countRows(database.db, 'strategy_meetings'), before);
    const saved = await coordinatorApi('POST', '/api/v1/strategy-meetings', body);
    assert.equal(saved.status, 201, JSON.stringify(saved.json));
    assert.match(String(saved.json.reference), /^SM-\d+$/);
    const list = await coordinatorApi('GET', `/api/v1/young-people/${people.Jade}/strategy-meetings`);
    assert.ok((list.json.meetings as { id: string }[]).some((m) => m.id === saved.json.id));
  });
});

describe('court support', () => {
  it('a plan is started on the page, refused when a measure is agreed that was not asked for, and updated through the API', async () => {
    const socialWorker = await signInAs(app, 'social.worker@northbridge.example');
    assert.equal((await socialWorker.get(`/young-people/${people.Amira}/court-support/new`)).status, 200);
    const form = {
      court: 'Northbridge Crown Court',
      caseDescription: 'Prosecution of an adult for grooming offences.',
      ...dueIn(30, 'hearing-1-hearingOn'),
      'hearing-1-purpose': 'Trial',
      specialMeasuresAsked: ['screens', 'live_link'],
      specialMeasuresAgreed: ['live_link'],
      supporterName: 'Sunita Bose',
    };
    const before = await countRows(database.db, 'court_support_plans');
    expectRefused(await socialWorker.post(`/young-people/${people.Amira}/court-support`, { ...form, specialMeasuresAgreed: ['intermediary'] }), /A special measure can only be agreed if it was asked for/);
    expectRefused(await socialWorker.post(`/young-people/${people.Amira}/court-support`, { ...form, court: '' }), /Enter the court/);
    expectRefused(await socialWorker.post(`/young-people/${people.Amira}/court-support`, { ...form, 'hearing-1-purpose': '' }), /Enter what the hearing is for/);
    expectRefused(await socialWorker.post(`/young-people/${people.Amira}/court-support`, { ...form, outcome: 'Guilty on all counts.' }), /Enter the date of the outcome/);
    assert.equal(await countRows(database.db, 'court_support_plans'), before);
    const saved = await socialWorker.post(`/young-people/${people.Amira}/court-support`, form);
    assert.equal(saved.status, 303, textOf(saved.body).slice(0, 400));
    const record = textOf((await socialWorker.get(`/young-people/${people.Amira}/plans`)).body, { asOnScreen: true });
    assert.match(record, /Support for giving evidence in court.*Northbridge Crown Court.*Trial.*Giving evidence by live link/);

    const [plan] = await database.db.select().from(courtSupportPlans).where(eq(courtSupportPlans.youngPersonId, people.Amira!));
    const swApi = await api('social.worker@northbridge.example');
    const update = { youngPersonId: people.Amira, court: 'Northbridge Crown Court', caseDescription: form.caseDescription, hearings: [], specialMeasuresAsked: ['screens', 'live_link'], specialMeasuresAgreed: ['screens', 'live_link'], supporterName: 'Sunita Bose', preTrialVisitOn: addDays(londonToday(), -3), outcome: 'Found guilty; Amira was told by her supporter.', outcomeOn: addDays(londonToday(), -1) };
    assert.equal((await swApi('PUT', `/api/v1/court-support-plans/${plan!.id}`, { ...update, specialMeasuresAgreed: ['intermediary'] })).status, 400);
    const put = await swApi('PUT', `/api/v1/court-support-plans/${plan!.id}`, update);
    assert.equal(put.status, 200, JSON.stringify(put.json));
    const edit = await socialWorker.get(`/court-support/${plan!.id}/edit`);
    assert.equal(edit.status, 200);
    assert.match(edit.body, /value="Northbridge Crown Court"/);
    assert.match(edit.body, /value="screens" checked/);
    assert.match(textOf(edit.body), /Found guilty; Amira was told by her supporter\./);
    const plans = await swApi('GET', `/api/v1/young-people/${people.Amira}/court-support-plans`);
    assert.equal((plans.json.plans as { outcome: string }[])[0]!.outcome, update.outcome);
    assert.equal(await countRows(database.db, 'audit_events', sql`record_kind = 'court_support_plan' and record_id = ${plan!.id} and action in ('create', 'update')`), 2);

    const housing = await signInAs(app, 'housing.officer@northbridge.example');
    assert.equal((await housing.get(`/court-support/${plan!.id}/edit`)).status, 404);
    assert.equal((await (await api('housing.officer@northbridge.example'))('GET', `/api/v1/young-people/${people.Amira}/court-support-plans`)).status, 404);
  });
});

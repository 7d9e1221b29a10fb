/**
 * The training register through the pages and the API: coverage, gaps and duplication from the
 * demo, recording sessions and refusing bad input without storing anything, an agency lead kept
 * to their own agency, the CSV import (dry run, all or nothing, row errors), a person's own record
 * and the team's training on a young person's record. Fictional demo data only.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { and, eq, sql } from 'drizzle-orm';
import { rows, type Database } from '../../platform/db/database.ts';
import { addDays, londonToday } from '../../platform/time.ts';
import { dateInputValues } from '../../platform/http/date-input.ts';
import { apiTokenFor, createTestLantern, signInAs, textOf, userIdByEmail, type TestLantern } from '../../test-support/index.ts';
import { agencies, areas } from '../organisation/tables.ts';
import { youngPeople } from '../young-people/tables.ts';
import { trainingAttendance, trainingCourses, trainingSessions } from './tables.ts';

let lantern: TestLantern;
let app: FastifyInstance;
let database: Database;
let areaId: string;
const agencyIds: Record<string, string> = {};
let courseId: string;

before(async () => {
  lantern = await createTestLantern();
  ({ app, database } = lantern);
  areaId = (await database.db.select({ id: areas.id }).from(areas).where(eq(areas.code, 'NBR')))[0]!.id;
  for (const a of await database.db.select({ id: agencies.id, name: agencies.name }).from(agencies).where(eq(agencies.areaId, areaId))) agencyIds[a.name] = a.id;
  courseId = (await database.db.select({ id: trainingCourses.id }).from(trainingCourses).where(eq(trainingCourses.title, 'Child sexual exploitation: spotting the signs')))[0]!.id;
});
after(async () => lantern.close());

async function api(email: string) {
  const token = await apiTokenFor(database.db, email);
  return async (method: 'GET' | 'POST', url: string, body?: unknown) => {
    const response = await app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) });
    return { status: response.statusCode, json: response.json() as Record<string, unknown> };
  };
}

const sessions = async () => Number((await database.db.select({ n: sql<number>`count(*)` }).from(trainingSessions))[0]!.n);
const attendance = async () => Number((await database.db.select({ n: sql<number>`count(*)` }).from(trainingAttendance))[0]!.n);

describe('the training register', () => {
  it('shows the board coverage by agency and role, the gaps and the duplicated content, naming nobody', async () => {
    const board = await signInAs(app, 'board.member@northbridge.example');
    const page = await board.get('/training');
    assert.equal(page.status, 200);
    const text = textOf(page.body);
    assert.match(text, /Coverage by agency and role/);
    assert.match(text, /Northbridge Housing \(no one at all\)/, 'housing has had no training');
    assert.match(text, /Open Door Youth Project, Safer Schools Trust/, 'the same schools content from two providers');
    for (const name of ['Grace Adeyemi', 'Aisha Khan', 'Priya Raman']) assert.doesNotMatch(page.body, new RegExp(name), `${name} is not named`);
    assert.doesNotMatch(page.body, /Record a session/, 'the board reads only');
    const practitioner = await signInAs(app, 'school.nurse@northbridge.example');
    assert.equal((await practitioner.get('/training')).status, 403);
  });

  it('gives coverage through the API as counts that agree with the records', async () => {
    const read = await api('analyst@northbridge.example');
    const answer = await read('GET', '/api/v1/training/coverage');
    assert.equal(answer.status, 200);
    const totals = answer.json.totals as { people: number; trained: number };
    const [row] = await rows<{ people: number; trained: number }>(database.db, sql`select count(*)::int as people, count(*) filter (where exists (select 1 from training_attendance ta where ta.user_id = u.id and ta.expires_on >= ${londonToday()}::date))::int as trained from users u where u.area_id = ${areaId} and u.active`);
    assert.equal(totals.people, row!.people);
    assert.equal(totals.trained, row!.trained);
    assert.ok((answer.json.duplication as unknown[]).length >= 1);
  });

  it('records a session through the page, and refuses attendance larger than the places and a future date, saving nothing', async () => {
    const coordinator = await signInAs(app, 'coordinator@northbridge.example');
    const housing = agencyIds['Northbridge Housing']!;
    const [s0, a0] = [await sessions(), await attendance()];
    const tooMany = await coordinator.post('/training/sessions', { courseId, ...dateInputValues('heldOn', addDays(londonToday(), -3)), places: '5', agencyId: housing, 'count-1-agency': housing, 'count-1-role': 'practitioner', 'count-1': '6' }, { csrfFrom: '/training/sessions/new' });
    assert.equal(tooMany.status, 400);
    assert.match(textOf(tooMany.body), /Attendance \(6\) is larger than the places of the session \(5\)/);
    const future = await coordinator.post('/training/sessions', { courseId, ...dateInputValues('heldOn', addDays(londonToday(), 3)), places: '5', agencyId: housing, 'count-1-agency': housing, 'count-1-role': 'practitioner', 'count-1': '2' }, { csrfFrom: '/training/sessions/new' });
    assert.equal(future.status, 400);
    assert.match(textOf(future.body), /The date of the session must be today or in the past/);
    assert.deepEqual([await sessions(), await attendance()], [s0, a0], 'nothing saved');
    const housingOfficer = await userIdByEmail(database.db, 'housing.officer@northbridge.example');
    const saved = await coordinator.post('/training/sessions', { courseId, ...dateInputValues('heldOn', addDays(londonToday(), -3)), places: '10', agencyId: housing, attendees: housingOfficer, 'count-1-agency': housing, 'count-1-role': 'practitioner', 'count-1': '4' }, { csrfFrom: '/training/sessions/new' });
    assert.equal(saved.status, 303, textOf(saved.body).slice(0, 300));
    assert.deepEqual([await sessions(), await attendance()], [s0 + 1, a0 + 2]);
    const page = await coordinator.get('/training');
    assert.doesNotMatch(textOf(page.body), /Northbridge Housing \(no one at all\)/, 'housing is no longer a gap');
  });

  it('adds a course for the partnership lead, refusing a level off the list and a reader’s attempt', async () => {
    const lead = await api('partnership.lead@northbridge.example');
    const course = { title: 'Online grooming for youth workers', topic: 'online_safety', level: 'core', provider: 'Open Door Youth Project', lengthMinutes: 120, audience: 'voluntary', validMonths: 24 };
    const before = Number((await database.db.select({ n: sql<number>`count(*)` }).from(trainingCourses))[0]!.n);
    const refused = await lead('POST', '/api/v1/training/courses', { ...course, level: 'expert' });
    assert.equal(refused.status, 400);
    assert.match(String(refused.json.detail), /level/);
    const board = await api('board.member@northbridge.example');
    assert.equal((await board('POST', '/api/v1/training/courses', course)).status, 403);
    assert.equal(Number((await database.db.select({ n: sql<number>`count(*)` }).from(trainingCourses))[0]!.n), before, 'nothing saved');
    assert.equal((await lead('POST', '/api/v1/training/courses', course)).status, 201);
    const page = await signInAs(app, 'partnership.lead@northbridge.example');
    const form = await page.post('/training/courses', { title: '', topic: 'online_safety', level: 'core', provider: 'x', lengthMinutes: '0', audience: 'voluntary', validMonths: '12' }, { csrfFrom: '/training/courses/new' });
    assert.equal(form.status, 400);
    assert.match(textOf(form.body), /Enter the course’s title/);
    assert.match(textOf(form.body), /The length in minutes must be a whole number/);
  });

  it('keeps an agency lead to their own agency’s sessions', async () => {
    const lead = await api('education.lead@northbridge.example');
    const before = await sessions();
    const other = await lead('POST', '/api/v1/training/sessions', { courseId, heldOn: addDays(londonToday(), -1), places: 10, agencyId: agencyIds['Northbridge Police'], attendance: [{ agencyId: agencyIds['Northbridge Police'], role: 'practitioner', count: 3 }] });
    assert.equal(other.status, 403);
    const own = await lead('POST', '/api/v1/training/sessions', { courseId, heldOn: addDays(londonToday(), -1), places: 10, agencyId: agencyIds['Northbridge Schools and Colleges'], attendance: [{ agencyId: agencyIds['Northbridge Schools and Colleges'], role: 'practitioner', count: 3 }] });
    assert.equal(own.status, 201);
    assert.equal(await sessions(), before + 1);
    const tooMany = await lead('POST', '/api/v1/training/sessions', { courseId, heldOn: addDays(londonToday(), -1), places: 2, agencyId: agencyIds['Northbridge Schools and Colleges'], attendance: [{ agencyId: agencyIds['Northbridge Schools and Colleges'], role: 'practitioner', count: 3 }] });
    assert.equal(tooMany.status, 400);
    assert.match(String(tooMany.json.detail), /larger than the places/);
  });

  it('imports attendance from CSV: a dry run first, a row with an unknown agency refuses the whole file, then all rows are saved', async () => {
    const lead = await signInAs(app, 'partnership.lead@northbridge.example');
    const day = addDays(londonToday(), -10);
    const header = 'course,held_on,places,agency,role,email,count';
    const good = [`Return interviews that listen,${day},20,Northbridge Police,practitioner,,5`, `Return interviews that listen,${day},20,Northbridge Police,,police.officer@northbridge.example,`];
    const before = [await sessions(), await attendance()];
    const bad = await lead.post('/training/import', { csv: [header, ...good, `Return interviews that listen,${day},20,Gotham Police,practitioner,,2`].join('\n'), confirm: 'yes' }, { csrfFrom: '/training/import' });
    assert.equal(bad.status, 400);
    assert.match(textOf(bad.body), /agency.*“Gotham Police” is not an agency of this area/);
    assert.deepEqual([await sessions(), await attendance()], before, 'nothing saved');
    const dry = await lead.post('/training/import', { csv: [header, ...good].join('\n'), confirm: 'no' }, { csrfFrom: '/training/import' });
    assert.equal(dry.status, 200);
    assert.match(textOf(dry.body), /would record 1 session and 6 people/);
    assert.deepEqual([await sessions(), await attendance()], before, 'a dry run saves nothing');
    const done = await lead.post('/training/import', { csv: [header, ...good].join('\n'), confirm: 'yes' }, { csrfFrom: '/training/import' });
    assert.equal(done.status, 200);
    assert.match(textOf(done.body), /Attendance imported/);
    assert.deepEqual([await sessions(), await attendance()], [before[0]! + 1, before[1]! + 2]);
  });

  it('imports through the API with the row’s problem named, a future date refused', async () => {
    const lead = await api('coordinator@northbridge.example');
    const csv = `course,held_on,places,agency,role,email,count\nReturn interviews that listen,${addDays(londonToday(), 5)},20,Northbridge Police,practitioner,,5`;
    const refused = await lead('POST', '/api/v1/training/attendance-import', { csv, confirm: true });
    assert.equal(refused.status, 400);
    assert.match(String(refused.json.detail), /held_on: the session is dated in the future \(row 2\)/);
  });

  it('shows a practitioner their own training record, and the coordinator the team’s training as counts on a record', async () => {
    const nurse = await signInAs(app, 'school.nurse@northbridge.example');
    const mine = await nurse.get('/my-training');
    assert.equal(mine.status, 200);
    assert.match(textOf(mine.body), /Child sexual exploitation: spotting the signs/);
    const coordinator = await signInAs(app, 'coordinator@northbridge.example');
    const [chloe] = await database.db.select({ id: youngPeople.id }).from(youngPeople).where(and(eq(youngPeople.areaId, areaId), eq(youngPeople.givenName, 'Chloe')));
    const section = await coordinator.get(`/young-people/${chloe!.id}/team-training`);
    assert.equal(section.status, 200);
    assert.match(textOf(section.body), /\d+ of the \d+ named workers? in the team (is|are) not in date with CSE training/);
    const social = await signInAs(app, 'social.worker@northbridge.example');
    assert.equal((await social.get(`/young-people/${chloe!.id}/team-training`)).status, 404);
  });
});

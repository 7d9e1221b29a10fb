/**
 * The self-assessment through the pages and the API: the demo's two years side by side, a measured
 * figure equal to a direct count in SQL, rating and planning, refusing bad input without storing
 * anything, freezing a signed-off year, who may read and who may change. Fictional demo data only.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { rows } from '../../platform/db/database.ts';
import { addDays, londonDayEnd, londonDayStart, londonToday, now } from '../../platform/time.ts';
import { dateInputValues } from '../../platform/http/date-input.ts';
import { apiTokenFor, createTestLantern, signInAs, textOf, userIdByEmail, type TestLantern } from '../../test-support/index.ts';
import { agencies, areas } from '../organisation/tables.ts';
import { selfAssessmentActions, selfAssessmentRatings, selfAssessments } from './tables.ts';
import { measureEvidence, yearPeriod } from './measures.ts';
import { buildReturn } from '../returns/index.ts';
import { loadSignedInUser } from '../../platform/auth/users.ts';
import { trainingCourses } from '../training/tables.ts';
import { recordSession } from '../training/service.ts';

let lantern: TestLantern;
let app: FastifyInstance;
let database: Database;
let areaId: string;
const thisYear = Number(londonToday(now()).slice(0, 4));
const lastYear = thisYear - 1;

before(async () => {
  lantern = await createTestLantern();
  ({ app, database } = lantern);
  areaId = (await database.db.select({ id: areas.id }).from(areas).where(eq(areas.code, 'NBR')))[0]!.id;
});
after(async () => lantern.close());

async function api(email: string) {
  const token = await apiTokenFor(database.db, email);
  return async (method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) => {
    const response = await app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) });
    return { status: response.statusCode, json: (response.body ? response.json() : null) as Record<string, unknown> };
  };
}

const count = async (table: typeof selfAssessmentRatings | typeof selfAssessmentActions) => Number((await database.db.select({ n: sql<number>`count(*)` }).from(table))[0]!.n);

describe('the self-assessment', () => {
  it('shows the board both years side by side, and each standard’s measured figure with its period and action plan', async () => {
    const board = await signInAs(app, 'board.member@northbridge.example');
    const overview = await board.get('/self-assessment');
    assert.equal(overview.status, 200);
    const text = textOf(overview.body);
    assert.match(text, new RegExp(`Self-assessment ${lastYear}.*Signed off`));
    assert.match(text, /Year against year/);
    assert.doesNotMatch(overview.body, /Start the assessment/, 'the board reads only');
    const year = await board.get(`/self-assessment/${thisYear}`);
    assert.equal(year.status, 200);
    assert.match(textOf(year.body), /Training/);
    const standard = await board.get(`/self-assessment/${thisYear}/standards/training-1`);
    assert.equal(standard.status, 200);
    const shown = textOf(standard.body);
    assert.match(shown, /People with accounts in date with training, by agency/);
    assert.match(shown, /Give housing officers the multi-agency awareness course/);
    assert.match(shown, /Northbridge Housing/);
    assert.doesNotMatch(standard.body, /Save the rating/);
  });

  it('measures return interviews and disruption steps exactly as a direct count in SQL does', async () => {
    const { from, to } = yearPeriod(thisYear, londonToday(now()));
    const read = await api('analyst@northbridge.example');
    const answer = await read('GET', `/api/v1/self-assessment/${thisYear}`);
    assert.equal(answer.status, 200);
    const standards = answer.json.standards as Array<{ id: string; figure: { numerator: number; denominator: number | null; from: string; to: string } | null }>;
    const interviews = standards.find((s) => s.id === 'missing-1')!.figure!;
    assert.deepEqual([interviews.from, interviews.to], [from, to]);
    const [direct] = await rows<{ returned: number; in_time: number }>(
      database.db,
      sql`select count(*)::int as returned,
                 count(*) filter (where ri.offered_at <= e.returned_at + interval '72 hours')::int as in_time
            from missing_episodes e left join return_interviews ri on ri.episode_id = e.id
           where e.area_id = ${areaId} and e.returned_at >= ${londonDayStart(from).toISOString()}::timestamptz and e.returned_at < ${londonDayEnd(to).toISOString()}::timestamptz`,
    );
    assert.equal(interviews.denominator, direct!.returned);
    assert.equal(interviews.numerator, direct!.in_time);
    assert.ok(direct!.returned > 0, 'the demo has episodes to count');
    const disruption = standards.find((s) => s.id === 'disruption-1')!.figure!;
    const [steps] = await rows<{ n: number }>(database.db, sql`select count(*)::int as n from disruptions where area_id = ${areaId} and occurred_on >= ${from}::date and occurred_on <= ${to}::date`);
    assert.equal(disruption.numerator, steps!.n);
  });

  it('lets the partnership lead rate a standard and plan an action, and refuses a rating off the scale naming the field', async () => {
    const lead = await signInAs(app, 'partnership.lead@northbridge.example');
    const before = await count(selfAssessmentRatings);
    const refused = await lead.post(`/self-assessment/${thisYear}/standards/panel-1/rating`, { rating: 'excellent', evidence: 'Fictional' }, { csrfFrom: `/self-assessment/${thisYear}/standards/panel-1` });
    assert.equal(refused.status, 400);
    assert.match(refused.body, /There is a problem/);
    assert.match(textOf(refused.body), /The rating must be one of/);
    assert.equal(await count(selfAssessmentRatings), before, 'nothing saved');
    const saved = await lead.post(`/self-assessment/${thisYear}/standards/panel-1/rating`, { rating: 'established', evidence: 'The panel meets monthly with every agency.' }, { csrfFrom: `/self-assessment/${thisYear}/standards/panel-1` });
    assert.equal(saved.status, 303);
    const police = (await database.db.select({ id: agencies.id }).from(agencies).where(and(eq(agencies.areaId, areaId), eq(agencies.name, 'Northbridge Police'))))[0]!.id;
    const actionsBefore = await count(selfAssessmentActions);
    const noDate = await lead.post(`/self-assessment/${thisYear}/standards/panel-1/actions`, { description: 'Invite housing to the panel.', ownerAgencyId: police, status: 'not_started' }, { csrfFrom: `/self-assessment/${thisYear}/standards/panel-1` });
    assert.equal(noDate.status, 400);
    assert.match(textOf(noDate.body), /Enter the date the action is due/);
    assert.equal(await count(selfAssessmentActions), actionsBefore);
    const added = await lead.post(`/self-assessment/${thisYear}/standards/panel-1/actions`, { description: 'Invite housing to the panel.', ownerAgencyId: police, status: 'not_started', ...dateInputValues('dueOn', addDays(londonToday(now()), 20)) }, { csrfFrom: `/self-assessment/${thisYear}/standards/panel-1` });
    assert.equal(added.status, 303);
    const page = await lead.get(`/self-assessment/${thisYear}/standards/panel-1`);
    assert.match(textOf(page.body), /Established.*Invite housing to the panel/s);
  });

  it('refuses a rating off the scale through the API too, and refuses changes from readers', async () => {
    const write = await api('coordinator@northbridge.example');
    const refused = await write('PUT', `/api/v1/self-assessment/${thisYear}/standards/panel-1/rating`, { rating: 'outstanding', evidence: '' });
    assert.equal(refused.status, 400);
    assert.match(String(refused.json.detail), /rating/i);
    const board = await api('board.member@northbridge.example');
    assert.equal((await board('PUT', `/api/v1/self-assessment/${thisYear}/standards/panel-1/rating`, { rating: 'embedded', evidence: '' })).status, 403);
    const practitioner = await signInAs(app, 'school.nurse@northbridge.example');
    assert.equal((await practitioner.get('/self-assessment')).status, 403);
  });

  it('keeps a signed-off year frozen: no more edits, and its figures as they were', async () => {
    const write = await api('coordinator@northbridge.example');
    const before = await write('GET', `/api/v1/self-assessment/${lastYear}`);
    assert.equal(before.json.status, 'signed_off');
    const refused = await write('PUT', `/api/v1/self-assessment/${lastYear}/standards/training-1/rating`, { rating: 'embedded', evidence: 'Late change' });
    assert.equal(refused.status, 409);
    const frozen = (before.json.standards as Array<{ id: string; figure: unknown }>).find((s) => s.id === 'training-1')!.figure;
    // A session recorded now, dated within that year, changes the live figure for the year but not the frozen one.
    const coordinator = (await loadSignedInUser(database.db, await userIdByEmail(database.db, 'coordinator@northbridge.example')))!;
    const [course] = await database.db.select({ id: trainingCourses.id }).from(trainingCourses).where(eq(trainingCourses.areaId, areaId)).limit(1);
    const housing = await userIdByEmail(database.db, 'housing.officer@northbridge.example');
    const recorded = await recordSession(database.db, { actor: null, ip: null, requestId: 'test' }, coordinator, { courseId: course!.id, heldOn: `${lastYear}-12-01`, places: 5, agencyId: coordinator.agencyId, attendance: [{ userId: housing }] });
    assert.ok(recorded.ok);
    const live = await measureEvidence(database.db, areaId, 'training_coverage', `${lastYear}-01-01`, `${lastYear}-12-31`);
    assert.notDeepEqual(live.numerator, (frozen as { numerator: number }).numerator, 'the live figure moved');
    const again = await write('GET', `/api/v1/self-assessment/${lastYear}`);
    assert.deepEqual((again.json.standards as Array<{ id: string; figure: unknown }>).find((s) => s.id === 'training-1')!.figure, frozen);
    const [stored] = await database.db.select({ frozen: selfAssessments.frozenEvidence }).from(selfAssessments).where(and(eq(selfAssessments.areaId, areaId), eq(selfAssessments.year, lastYear)));
    assert.ok(stored!.frozen && 'training-1' in stored!.frozen);
    const lead = await signInAs(app, 'partnership.lead@northbridge.example');
    const page = await lead.get(`/self-assessment/${lastYear}/standards/training-1`);
    assert.match(textOf(page.body), /as it stood when the year was signed off/);
    assert.doesNotMatch(page.body, /Save the rating/);
  });

  it('refuses to sign off a year with standards not rated', async () => {
    const write = await api('coordinator@northbridge.example');
    const refused = await write('POST', `/api/v1/self-assessment/${thisYear}/sign-off`);
    assert.equal(refused.status, 400);
    assert.match(String(refused.json.detail), /not rated/);
    const [row] = await database.db.select({ status: selfAssessments.status }).from(selfAssessments).where(and(eq(selfAssessments.areaId, areaId), eq(selfAssessments.year, thisYear)));
    assert.equal(row!.status, 'open');
  });

  it('adds a standard as a new framework version that the open year moves to', async () => {
    const lead = await signInAs(app, 'partnership.lead@northbridge.example');
    const added = await lead.post('/self-assessment/framework/standards', { theme: 'voice', text: 'Young people help design the awareness material.', measure: '' }, { csrfFrom: '/self-assessment/framework' });
    assert.equal(added.status, 303);
    const read = await api('analyst@northbridge.example');
    const open = await read('GET', `/api/v1/self-assessment/${thisYear}`);
    assert.equal(open.json.frameworkVersion, 2);
    assert.ok((open.json.standards as Array<{ text: string }>).some((s) => s.text === 'Young people help design the awareness material.'));
    const closed = await read('GET', `/api/v1/self-assessment/${lastYear}`);
    assert.equal(closed.json.frameworkVersion, 1);
  });

  it('puts the ratings in the problem profile and the return, counts only', async () => {
    const analyst = await signInAs(app, 'analyst@northbridge.example');
    const profile = await analyst.get('/profile');
    assert.equal(profile.status, 200);
    assert.match(textOf(profile.body), /Standards by theme and rating/);
    assert.match(textOf(profile.body), /People attending training in the period by kind of agency/);
    const month = `${thisYear}-${londonToday(now()).slice(5, 7)}`;
    const { document, raw } = await buildReturn(database.db, [areaId], { from: `${thisYear}-01`, to: month });
    const ids = document.tables.map((t) => t.id);
    for (const id of ['self_assessment_ratings', 'training_attended', 'training_in_date']) assert.ok(ids.includes(id), `${id} is in the return`);
    // The return's ratings are the stored ratings of the year, counted; small counts are withheld as everywhere else.
    const [stored] = await rows<{ n: number }>(database.db, sql`select count(*)::int as n from self_assessment_ratings r join self_assessments a on a.id = r.assessment_id where a.area_id = ${areaId} and a.year = ${thisYear}`);
    const grid = raw.get('self_assessment_ratings')!;
    assert.equal(grid[grid.length - 1]![grid[0]!.length - 1], stored!.n);
    const returned = document.tables.find((t) => t.id === 'self_assessment_ratings')!;
    assert.ok(returned.rows.flatMap((r) => r.values).some((v) => typeof v === 'string'), 'small counts are withheld');
  });
});

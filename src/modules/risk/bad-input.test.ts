/**
 * Bad input stores nothing: an unknown indicator id, answers to a retired version, an unfinished
 * section, and a judgement that differs without a reason are each refused with a message that
 * says how to fix it, through the pages and through the API.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { youngPeople } from '../young-people/tables.ts';
import type { Instrument } from './instrument/index.ts';
import { answerIndicatorSections, apiAs, assessmentTrace, completeApiBody } from './http-testing.ts';
import { currentVersion } from './versions.ts';
import { createTestLantern, type TestLantern, signInAs, textOf, type TestClient } from '../../test-support/index.ts';

type Api = Awaited<ReturnType<typeof apiAs>>;

const ABOUT = { immediateDanger: 'no', lookedAfter: 'no', missingNow: 'no', learningDisability: 'no', hasPartner: 'no', sexualActivity: 'none', penetrativeSex: 'none' };

describe('bad input to risk assessments stores nothing', () => {
  let lantern: TestLantern;
  let app: FastifyInstance;
  let database: Database;
  let nurse: TestClient;
  let coordinator: TestClient;
  let api: Api;
  let jadeId: string;
  let v1: Instrument;
  let before0: Awaited<ReturnType<typeof assessmentTrace>>;
  const draftUrl = () => `/young-people/${jadeId}/assessments/draft`;

  before(async () => {
    lantern = await createTestLantern();
    ({ app, database } = lantern);
    const [jade] = await database.db.select().from(youngPeople).where(eq(youngPeople.givenName, 'Jade'));
    jadeId = jade!.id;
    v1 = (await currentVersion(database.db, jade!.areaId)).instrument;
    nurse = await signInAs(app, 'school.nurse@northbridge.example');
    coordinator = await signInAs(app, 'coordinator@northbridge.example');
    api = await apiAs(app, database, 'school.nurse@northbridge.example');
    before0 = await assessmentTrace(database, jadeId);
    assert.deepEqual(before0, { assessments: 0, chronology: 0, feedback: 0, audits: 0, level: null });
  });
  after(async () => lantern.close());

  it('refuses an unknown indicator id from the API', async () => {
    const body = completeApiBody(v1, jadeId, {}, { level: 'no_apparent_risk' });
    body.answers['ar.made_up_sign'] = 'now';
    const r = await api('POST', '/api/v1/assessments', body);
    assert.equal(r.status, 400);
    assert.match(r.json.errors!.map((e) => e.message).join(' '), /'ar\.made_up_sign' is not an indicator in 'lantern-cse' version 1\. Remove the answer or check the id\./);
    assert.deepEqual(await assessmentTrace(database, jadeId), before0);
  });

  it('refuses answers that are the wrong shape, and fields it does not know', async () => {
    const body = completeApiBody(v1, jadeId, {}, { level: 'no_apparent_risk' });
    body.answers['ar.going_missing'] = 'sometimes';
    assert.equal((await api('POST', '/api/v1/assessments', body)).status, 400);
    assert.equal((await api('POST', '/api/v1/assessments', { ...completeApiBody(v1, jadeId, {}, { level: 'no_apparent_risk' }), score: 99 })).status, 400);
    assert.deepEqual(await assessmentTrace(database, jadeId), before0);
  });

  it('refuses an API assessment that leaves questions unanswered, naming them', async () => {
    const body = completeApiBody(v1, jadeId, {}, { level: 'no_apparent_risk' });
    delete body.answers['sw.violence'];
    const r = await api('POST', '/api/v1/assessments', body);
    assert.equal(r.status, 400);
    assert.deepEqual(r.json.errors, [{ section: 'g.contact_swapping', message: 'Finish ‘In person: swapping’: 1 question is not answered (‘Has been hurt, threatened or assaulted by people in their social circle’).' }]);
    assert.deepEqual(await assessmentTrace(database, jadeId), before0);
  });

  it('refuses to submit through the pages while a section is unfinished; the draft is kept', async () => {
    await nurse.post(`/young-people/${jadeId}/assessments`);
    // "Save and continue" with questions unanswered is refused on the page…
    const partial = await nurse.post(`${draftUrl()}/sections/g.contact_at_risk`, { action: 'continue', 'i-ar.going_missing': 'not_present' });
    assert.equal(partial.status, 400);
    assert.match(textOf(partial.body), /There is a problem Select when ‘Goes to, or talks about, places the partnership has concerns about’ applied, or that it does not apply/);
    // …while "Save and come back later" keeps what was given.
    assert.equal((await nurse.post(`${draftUrl()}/sections/g.contact_at_risk`, { action: 'later', 'i-ar.going_missing': 'not_present' })).status, 303);
    assert.equal((await nurse.post(`${draftUrl()}/sections/about`, { action: 'continue', ...ABOUT })).status, 303);
    const check = await nurse.get(`${draftUrl()}/check`);
    const draftId = /name="draftId" value="([^"]+)"/.exec(check.body)![1]!;
    const refused = await nurse.post(`${draftUrl()}/submit`, { draftId });
    assert.equal(refused.status, 400);
    const text = textOf(refused.body);
    assert.match(text, /There is a problem Finish ‘In person: early signs \(at risk\)’: 4 questions are not answered/);
    assert.match(text, /Finish ‘Professional judgement’: choose the level you judge right/);
    assert.deepEqual(await assessmentTrace(database, jadeId), before0);
    assert.equal((await nurse.get(draftUrl())).status, 200);
  });

  it('refuses a level that differs from the calculated one without a written reason', async () => {
    await answerIndicatorSections(nurse, jadeId, {});
    const page = await nurse.post(`${draftUrl()}/sections/judgement`, { action: 'continue', level: 'swapping', reason: 'worried', significantHarm: 'no' });
    assert.equal(page.status, 400);
    assert.match(textOf(page.body), /You chose 'Swapping' but the calculated level is 'No apparent risk'\. Write down why \(at least 10 characters\)/);

    const r = await api('POST', '/api/v1/assessments', completeApiBody(v1, jadeId, {}, { level: 'swapping' }));
    assert.equal(r.status, 400);
    assert.equal(r.json.errors![0]!.section, 'judgement');
    assert.match(r.json.errors![0]!.message, /Write down why/);
    // Nor can a judgement go below what a statutory rule requires, even with a reason.
    const below = await api('POST', '/api/v1/assessments', completeApiBody(v1, jadeId, { 'ar.unknown_lifts': 'now' }, { level: 'no_apparent_risk', reason: 'The man is a family friend known to her parents.' }));
    assert.equal(below.status, 400);
    assert.match(below.json.errors![0]!.message, /cannot be below 'At risk' because of a statutory rule \(A child under 13 with signs of exploitation\)/);
    assert.deepEqual(await assessmentTrace(database, jadeId), before0);
  });

  it('refuses answers to a retired version until they are carried over to the current one', async () => {
    assert.equal((await nurse.post(`${draftUrl()}/sections/judgement`, { action: 'continue', level: 'no_apparent_risk', reason: '', significantHarm: 'no' })).status, 303);
    const draftId = /name="draftId" value="([^"]+)"/.exec((await nurse.get(`${draftUrl()}/check`)).body)![1]!;

    // Meanwhile the coordinator publishes version 2.
    await coordinator.post('/risk/instrument/draft');
    const edited = await coordinator.post('/risk/instrument/draft/indicators/ar.places_of_concern', {
      wording: 'Goes to, or talks about, places that worry the people who work with them',
      hint: '',
      pointsTo: 'at_risk',
      'weight-now': '2',
      'weight-last6Months': '1',
      'weight-sixTo12Months': '1',
    });
    assert.equal(edited.status, 303);
    assert.equal((await coordinator.post('/risk/instrument/draft/publish', { changeNote: 'Plainer wording for places of concern.' })).status, 303);

    const refused = await nurse.post(`${draftUrl()}/submit`, { draftId });
    assert.equal(refused.status, 400);
    assert.match(textOf(refused.body), /These answers were given against version 1 of the risk instrument, which has been retired and takes no new assessments\. Carry the answers over to version 2, check them, then submit\./);
    const viaApi = await api('POST', '/api/v1/assessments', completeApiBody(v1, jadeId, {}, { level: 'no_apparent_risk' }));
    assert.equal(viaApi.status, 400);
    assert.match(viaApi.json.errors![0]!.message, /version 1 .* retired/);
    assert.deepEqual(await assessmentTrace(database, jadeId), before0);

    // The task list offers the way out; carrying over keeps every answer (the ids did not change).
    assert.match(textOf((await nurse.get(draftUrl())).body), /Carry answers over to version 2/);
    const carried = await nurse.post(`${draftUrl()}/carry`);
    assert.equal(carried.status, 200);
    assert.match(textOf(carried.body), /Answers carried over to version 2/);
    const submitted = await nurse.post(`${draftUrl()}/submit`, { draftId });
    assert.equal(submitted.status, 303);
    const trace = await assessmentTrace(database, jadeId);
    assert.equal(trace.assessments, 1);
    assert.equal(trace.level, 'no_apparent_risk');
  });
});

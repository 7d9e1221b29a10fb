/**
 * The demo, through the pages: the coordinator publishes an area version that replaces
 * one indicator with culturally neutral wording; the school nurse assesses Jade, 12, with two
 * concerns on file, sees the suggestions from them, submits, and sees the statutory trigger, the
 * level with its reasons and the actions; the coordinator sees the review due.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { and, eq, sql } from 'drizzle-orm';
import { rows, type Database } from '../../platform/db/database.ts';
import { users } from '../organisation/tables.ts';
import { chronologyEntries, youngPeople } from '../young-people/tables.ts';
import { feedbackMessages } from '../concerns/tables.ts';
import { apiAs, answerIndicatorSections, radioGroups } from './http-testing.ts';
import { currentVersion } from './versions.ts';
import { createTestLantern, type TestLantern, signInAs, textOf, type TestClient } from '../../test-support/index.ts';

const NEUTRAL = 'Spends time with people much older than them whom family or carers do not know';

describe('the risk assessment demo', () => {
  let lantern: TestLantern;
  let app: FastifyInstance;
  let database: Database;
  let coordinator: TestClient;
  let nurse: TestClient;
  let jadeId: string;
  let areaId: string;
  let newId: string;
  let assessmentUrl: string;

  before(async () => {
    lantern = await createTestLantern();
    ({ app, database } = lantern);
    const [jade] = await database.db.select().from(youngPeople).where(eq(youngPeople.givenName, 'Jade'));
    jadeId = jade!.id;
    areaId = jade!.areaId;
    coordinator = await signInAs(app, 'coordinator@northbridge.example');
    nurse = await signInAs(app, 'school.nurse@northbridge.example');
  });
  after(async () => lantern.close());

  it('the coordinator publishes a version that replaces one indicator with culturally neutral wording', async () => {
    const page = await coordinator.get('/risk/instrument');
    assert.equal(page.status, 200);
    assert.match(textOf(page.body), /Current version 1/);
    assert.equal((await coordinator.post('/risk/instrument/draft')).location, '/risk/instrument/draft');

    const form = await coordinator.get('/risk/instrument/draft/groups/contact_at_risk/add?replaces=ar.older_associates');
    assert.equal(form.status, 200);
    const added = await coordinator.post('/risk/instrument/draft/groups/contact_at_risk/add', {
      wording: NEUTRAL,
      hint: 'Say how they met and what worries you about the relationship, not who the young person is.',
      replaces: 'ar.older_associates',
      pointsTo: 'at_risk',
      'weight-now': '2',
      'weight-last6Months': '1',
      'weight-sixTo12Months': '1',
    });
    assert.equal(added.status, 303);
    const draft = textOf((await coordinator.get('/risk/instrument/draft')).body);
    assert.match(draft, /The draft hangs together and can be published/);
    assert.match(draft, new RegExp(`Retired Spends time with people clearly older than them.*Replaced by: ${NEUTRAL}`));
    assert.equal((await coordinator.get('/risk/instrument/draft/preview')).status, 200);

    const published = await coordinator.post('/risk/instrument/draft/publish', { changeNote: 'Neutral wording for spending time with older people.' });
    assert.equal(published.status, 303);
    const after = textOf((await coordinator.follow(published)).body);
    assert.match(after, /Version 2 is published/);
    assert.match(after, /Current version 2/);
    const current = await currentVersion(database.db, areaId);
    newId = current.instrument.indicators.find((i) => i.wording === NEUTRAL)!.id;
  });

  it('the school nurse starts an assessment of Jade, 12, and sees suggestions from her two concerns, none of them ticked', async () => {
    const record = await nurse.get(`/young-people/${jadeId}/risk`);
    assert.match(textOf(record.body), /has not had a risk assessment yet/);
    const started = await nurse.post(`/young-people/${jadeId}/assessments`);
    assert.equal(started.location, `/young-people/${jadeId}/assessments/draft`);
    const tasks = textOf((await nurse.follow(started)).body);
    assert.match(tasks, /5 indicators are already on file from concerns/);
    assert.match(tasks, /In person: early signs \(at risk\) 5 questions\. 2 suggestions from what is on file/);
    assert.match(tasks, /Online: early signs \(at risk\) 8 questions\. 3 suggestions from what is on file/);
    assert.match(tasks, /Professional judgement Cannot start yet/);

    const inPerson = await nurse.get(`/young-people/${jadeId}/assessments/draft/sections/g.contact_at_risk`);
    const inPersonText = textOf(inPerson.body);
    // The education lead's concern ticked the old wording; it is suggested as the new one, with its source.
    assert.match(inPersonText, new RegExp(`${NEUTRAL} .*Suggestion Already on file: now \\(in the last 4 weeks\\)\\. From Concern C-\\d+ raised .* by Northbridge Schools and Colleges`));
    assert.doesNotMatch(inPersonText, /Spends time with people clearly older than them/);
    const online = textOf((await nurse.get(`/young-people/${jadeId}/assessments/draft/sections/g.online_at_risk`)).body);
    assert.match(online, /Suggestion Already on file: in the last 6 months, but not now\. From Concern C-\d+ raised .* by Northbridge Community Health/);
    // Suggestions are never answers: nothing on the page is ticked.
    assert.ok(radioGroups(inPerson.body).has(`i-${newId}`));
    assert.doesNotMatch(inPerson.body, /<input[^>]*checked/);
  });

  it('she answers every section, gives her judgement and submits', async () => {
    await answerIndicatorSections(nurse, jadeId, {
      [newId]: 'now',
      'ar.unknown_lifts': 'now',
      'ol.ar.unexplained_credit': 'last_6_months',
      'ol.ar.new_distant_contacts': 'last_6_months',
      'ol.ar.online_to_offline': 'last_6_months',
    });
    const about = await nurse.post(`/young-people/${jadeId}/assessments/draft/sections/about`, {
      action: 'continue',
      immediateDanger: 'no',
      lookedAfter: 'no',
      missingNow: 'no',
      learningDisability: 'no',
      hasPartner: 'no',
      sexualActivity: 'none',
      penetrativeSex: 'none',
    });
    assert.equal(about.status, 303);
    const judgementPage = textOf((await nurse.get(`/young-people/${jadeId}/assessments/draft/sections/judgement`)).body);
    assert.match(judgementPage, /the calculated level is At risk \. The calculated level is ‘At risk’ because 5 signs of ‘At risk’ or above are present\. The total score \(7\) is for information/);
    const judged = await nurse.post(`/young-people/${jadeId}/assessments/draft/sections/judgement`, { action: 'continue', level: 'at_risk', reason: '', significantHarm: 'no' });
    assert.equal(judged.location, `/young-people/${jadeId}/assessments/draft/check`);
    const check = await nurse.follow(judged);
    assert.match(textOf(check.body), /This is what will be recorded for Jade Carter/);
    const draftId = /name="draftId" value="([^"]+)"/.exec(check.body)![1]!;

    const submitted = await nurse.post(`/young-people/${jadeId}/assessments/draft/submit`, { draftId });
    assert.equal(submitted.status, 303);
    assessmentUrl = submitted.location as string;
    assert.match(assessmentUrl, /^\/risk\/assessments\/[0-9a-f-]{36}\?submitted=1$/);
    // The same form sent again lands on the same assessment and stores nothing new.
    const again = await nurse.post(`/young-people/${jadeId}/assessments/draft/submit`, { draftId });
    assert.equal(again.location, assessmentUrl.split('?')[0]);
  });

  it('the result shows the statutory trigger first, then the level with its reasons, then the actions and the review', async () => {
    const result = await nurse.get(assessmentUrl);
    assert.equal(result.status, 200);
    const text = textOf(result.body);
    const trigger = text.indexOf('A child under 13 with signs of exploitation');
    const level = text.indexOf('Level: At risk');
    const reasons = text.indexOf('Why this level');
    const actions = text.indexOf('What should be done');
    const review = text.indexOf('Next review');
    assert.ok(trigger > 0 && trigger < level && level < reasons && reasons < actions && actions < review, 'statutory action first, then level, reasons, actions, review');
    assert.match(text, /Aged 12 on .* so under 13/);
    assert.match(text, /Risk indicators add up to 7; no strengths were recorded, so the total is 7/);
    assert.match(text, new RegExp(`\\+2: ${NEUTRAL} \\(now\\)`));
    assert.match(text, /The calculated level is ‘At risk’ because 5 signs of ‘At risk’ or above are present/);
    assert.match(text, /Signs of ‘At risk’ Is collected or dropped off/);
    assert.match(text, /the total score of 7 is shown for information only/);
    assert.doesNotMatch(text, /once panels and actions are in Lantern/);
    assert.match(text, /The rule: For a child under 13, any sign of exploitation means the level is at least ‘at risk’/);
    assert.match(text, /The assessor agreed with the calculated level/);
    assert.match(text, /Name a lead professional and bring the agencies involved together/);
    assert.match(text, /Review by .* 90 days after the assessment/);
    assert.match(text, /Instrument Version 2/);
  });

  it('submitting set Jade’s level, wrote the chronology, told the other concern raiser, and was audited', async () => {
    const [jade] = await database.db.select().from(youngPeople).where(eq(youngPeople.id, jadeId));
    assert.equal(jade!.riskLevel, 'at_risk');
    assert.ok(jade!.riskLevelSetAt);
    const entries = await database.db.select().from(chronologyEntries).where(and(eq(chronologyEntries.youngPersonId, jadeId), eq(chronologyEntries.kind, 'assessment')));
    assert.equal(entries.length, 1);
    assert.match(entries[0]!.summary, /Risk assessment RA-\d+ submitted by Grace Adeyemi \(Northbridge Community Health\): level ‘At risk’; 1 statutory action required; next review by/);
    const [lead] = await database.db.select({ id: users.id }).from(users).where(eq(users.email, 'education.lead@northbridge.example'));
    const told = await database.db.select().from(feedbackMessages).where(eq(feedbackMessages.kind, 'assessment'));
    assert.deepEqual(told.map((m) => m.recipientUserId), [lead!.id], 'the education lead is told; the nurse who submitted is not');
    assert.match(told[0]!.message, /risk assessment \(RA-\d+\) has been completed for the young person your concern C-\d+ was about/);
    assert.doesNotMatch(told[0]!.message, /Jade|Carter/);
    const [audit] = await rows<{ n: number }>(database.db, sql`select count(*)::int as n from audit_events where record_kind = 'risk_assessment' and action = 'create' and details->>'youngPersonId' = ${jadeId}`);
    assert.equal(audit!.n, 1);
  });

  it('the coordinator sees the review due, and the record shows the level over time', async () => {
    const reviews = textOf((await coordinator.get('/risk/reviews')).body);
    assert.match(reviews, /Scheduled later .*Jade Carter YP-\d+ At risk \d+ \w+ \d{4} Due in 90 days Not started Grace Adeyemi/);
    const record = await coordinator.get(`/young-people/${jadeId}/risk`);
    assert.match(record.body, /<svg class="lantern-chart"[^>]*role="img"/);
    const text = textOf(record.body);
    assert.match(text, /Current level At risk/);
    assert.match(text, /Next review .* Due in 90 days/);
    assert.match(text, /Risk level at each assessment, oldest first Assessed Assessment Level By professional judgement .* RA-\d+ At risk No/);
    // The lead professional has it on her home page.
    assert.match(textOf((await nurse.get('/')).body), /Risk assessment reviews for young people you lead for .*Jade Carter/);
  });

  it('the API lists Jade’s assessments and gives the current instrument', async () => {
    const api = await apiAs(app, database, 'school.nurse@northbridge.example');
    const list = await api('GET', `/api/v1/young-people/${jadeId}/assessments`);
    assert.equal(list.status, 200);
    const [first] = list.json.assessments as { level: string; instrumentVersion: number; triggers: { id: string }[] }[];
    assert.equal(first!.level, 'at_risk');
    assert.equal(first!.instrumentVersion, 2);
    assert.deepEqual(first!.triggers.map((t) => t.id), ['trigger.under13_minimum']);
    const current = await api('GET', '/api/v1/instruments/current');
    assert.equal(current.status, 200);
    assert.equal(current.json.version, 2);
  });
});

/**
 * Statutory triggers through the pages and the API: the looked-after-missing trigger reads the
 * missing episodes on the record (the reported false alert), an answer the record contradicts is
 * refused with nothing saved, the age-gap trigger fires for a 15-year-old with a 24-year-old
 * partner, and each fired trigger states its facts and its rule. Fictional demo records only.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { youngPeople } from '../young-people/tables.ts';
import { missingEpisodes } from '../missing/tables.ts';
import { demoUser } from '../missing/testing.ts';
import type { Instrument } from './instrument/index.ts';
import { answerIndicatorSections, apiAs, assessmentTrace, completeApiBody } from './http-testing.ts';
import { assessmentDrafts } from './tables.ts';
import { currentVersion } from './versions.ts';
import { createTestLantern, type TestLantern, signInAs, textOf, type TestClient } from '../../test-support/index.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;

describe('statutory triggers read the record', () => {
  let lantern: TestLantern;
  let app: FastifyInstance;
  let database: Database;
  let nurse: TestClient;
  let api: Awaited<ReturnType<typeof apiAs>>;
  let jadeId: string;
  let instrument: Instrument;

  const addEpisode = async (startedAgoMs: number, returnedAgoMs: number | null) => {
    const officer = await demoUser(database, 'school.nurse@northbridge.example');
    const [jade] = await database.db.select().from(youngPeople).where(eq(youngPeople.id, jadeId));
    const [row] = await database.db
      .insert(missingEpisodes)
      .values({
        areaId: jade!.areaId,
        youngPersonId: jadeId,
        kind: 'missing',
        lastSeenAt: new Date(Date.now() - startedAgoMs),
        lookedAfter: true,
        status: returnedAgoMs === null ? 'open' : 'returned',
        returnedAt: returnedAgoMs === null ? null : new Date(Date.now() - returnedAgoMs),
        recordedByUserId: officer.userId,
        recordedByAgencyId: officer.agencyId,
      })
      .returning({ id: missingEpisodes.id, number: missingEpisodes.number });
    return row!;
  };

  before(async () => {
    lantern = await createTestLantern();
    ({ app, database } = lantern);
    const [jade] = await database.db.select().from(youngPeople).where(eq(youngPeople.givenName, 'Jade'));
    jadeId = jade!.id;
    // Fifteen and looked after, for these stories.
    const born = new Date(Date.now() - (15 * 365 + 60) * DAY).toISOString().slice(0, 10);
    await database.db.update(youngPeople).set({ dateOfBirth: born, livingArrangement: 'looked_after_residential' }).where(eq(youngPeople.id, jadeId));
    assert.deepEqual(await database.db.select().from(missingEpisodes).where(eq(missingEpisodes.youngPersonId, jadeId)), []);
    instrument = (await currentVersion(database.db, jade!.areaId)).instrument;
    nurse = await signInAs(app, 'school.nurse@northbridge.example');
    api = await apiAs(app, database, 'school.nurse@northbridge.example');
  });
  after(async () => lantern.close());

  const resultPage = async (id: string) => {
    const page = await nurse.get(`/risk/assessments/${id}`);
    assert.equal(page.status, 200);
    return page;
  };

  const lookedAfterBody = (facts: Record<string, unknown>, present: Record<string, string> = {}) => {
    const body = completeApiBody(instrument, jadeId, present, { level: 'at_risk', reason: 'Checked against the record and the team’s knowledge.' });
    return { ...body, facts: { ...body.facts, lookedAfter: 'yes', ...facts } };
  };

  it('five returned episodes, "missing now: no" and the going-missing sign "now": no missing alert, and nothing says no missing time is recorded', async () => {
    for (const days of [40, 31, 22, 14, 6]) await addEpisode(days * DAY, days * DAY - 9 * HOUR);
    const r = await api('POST', '/api/v1/assessments', lookedAfterBody({ missingNow: false }, { 'ar.going_missing': 'now', 'sw.regularly_missing': 'now' }));
    assert.equal(r.status, 201, JSON.stringify(r.json));
    const triggers = r.json.triggers as { id: string; why: string[]; rule: string | null }[];
    assert.ok(!triggers.some((t) => t.id === 'trigger.looked_after_missing'), JSON.stringify(triggers));
    const page = textOf((await resultPage(r.json.id as string)).body, { asOnScreen: true });
    assert.doesNotMatch(page, /A looked-after young person is missing/);
    assert.doesNotMatch(page, /no missing episode time is recorded/);
    // The level follows the signs: a swapping sign present makes it 'Swapping', not higher.
    assert.equal(r.json.computedLevel, 'swapping');
  });

  it('an episode with no return on the record: "missing now: no" is refused on the page and in the API, saving nothing', async () => {
    const open = await addEpisode(30 * HOUR, null);
    const before0 = await assessmentTrace(database, jadeId);
    const refused = await api('POST', '/api/v1/assessments', lookedAfterBody({ missingNow: false }));
    assert.equal(refused.status, 400);
    assert.match(refused.json.errors!.map((e) => e.message).join(' '), new RegExp(`M-${open.number}\\).*Record their return on the missing episode, or answer that they are missing now`));
    assert.deepEqual(await assessmentTrace(database, jadeId), before0);

    await nurse.post(`/young-people/${jadeId}/assessments`, {});
    const aboutUrl = `/young-people/${jadeId}/assessments/draft/sections/about`;
    const aboutPage = textOf((await nurse.get(aboutUrl)).body, { asOnScreen: true });
    assert.match(aboutPage, new RegExp(`The record shows them missing since .* \\(M-${open.number}\\) with no return recorded`));
    const answer = { action: 'continue', immediateDanger: 'no', lookedAfter: 'yes', missingNow: 'no', learningDisability: 'no', hasPartner: 'no', sexualActivity: 'none', penetrativeSex: 'none' };
    const page = await nurse.post(aboutUrl, answer);
    assert.equal(page.status, 400);
    assert.match(page.body, /class="govuk-error-summary"/);
    assert.match(textOf(page.body, { asOnScreen: true }), /Select yes, or record their return on the missing episode first/);
    const [draft] = await database.db.select().from(assessmentDrafts).where(eq(assessmentDrafts.youngPersonId, jadeId));
    assert.deepEqual(draft?.state.facts ?? {}, {}, 'nothing saved');

    // Answered truthfully, the trigger fires and names the episode, its time and the answers.
    const fired = await api('POST', '/api/v1/assessments', lookedAfterBody({ missingNow: true }));
    assert.equal(fired.status, 400, 'missing now needs the time it started, from the form or the record');
    const ok = await api('POST', '/api/v1/assessments', lookedAfterBody({ missingNow: true, missingSince: new Date(Date.now() - 30 * HOUR).toISOString() }));
    assert.equal(ok.status, 201, JSON.stringify(ok.json));
    const t = (ok.json.triggers as { id: string; why: string[]; rule: string | null }[]).find((x) => x.id === 'trigger.looked_after_missing');
    assert.ok(t);
    assert.ok(t.why.some((w) => w.includes(`missing episode M-${open.number} on the record`) || w.includes('the time given in this assessment')), t.why.join(' | '));
    assert.ok(t.why.includes('Missing now: answered yes in this assessment.'));
    assert.match(t.rule ?? '', /strategy meeting within 72 hours/);
    await database.db.update(missingEpisodes).set({ status: 'returned', returnedAt: new Date() }).where(eq(missingEpisodes.id, open.id));
  });

  it('a 15-year-old with a 24-year-old partner: the age-gap trigger, citing its rule, on the page and in the API', async () => {
    const r = await api('POST', '/api/v1/assessments', { ...lookedAfterBody({ missingNow: false, hasPartner: 'yes', partnerAgeYears: 24 }) });
    assert.equal(r.status, 201, JSON.stringify(r.json));
    const t = (r.json.triggers as { id: string; why: string[]; rule: string | null }[]).find((x) => x.id === 'trigger.age_gap');
    assert.ok(t, 'the age-gap trigger fires');
    assert.ok(t.why.some((w) => /Aged 15 .* so under 16/.test(w)));
    assert.ok(t.why.some((w) => /partner: answered yes, aged 24/.test(w)));
    const page = textOf((await resultPage(r.json.id as string)).body, { asOnScreen: true });
    assert.match(page, /A child under 16 in a relationship with an adult/);
    assert.match(page, /The rule: The age of consent is 16\./);

    const seventeen = await api('POST', '/api/v1/assessments', lookedAfterBody({ missingNow: false, hasPartner: 'yes', partnerAgeYears: 17 }));
    assert.equal(seventeen.status, 201);
    assert.ok(!(seventeen.json.triggers as { id: string }[]).some((x) => x.id === 'trigger.age_gap'), 'a partner under 18 does not fire it');

    const noAge = await api('POST', '/api/v1/assessments', lookedAfterBody({ missingNow: false, hasPartner: 'yes' }));
    assert.equal(noAge.status, 400);
    assert.match(noAge.json.errors!.map((e) => e.message).join(' '), /how old their partner is/);
  });

  it('the about page refuses a partner with no age, with an error summary', async () => {
    const draft = await nurse.get(`/young-people/${jadeId}/assessments/draft`);
    if (draft.status !== 200) await nurse.post(`/young-people/${jadeId}/assessments`, {});
    const aboutUrl = `/young-people/${jadeId}/assessments/draft/sections/about`;
    const page = await nurse.post(aboutUrl, { action: 'continue', immediateDanger: 'no', lookedAfter: 'yes', missingNow: 'no', learningDisability: 'no', hasPartner: 'yes', partnerAge: '', sexualActivity: 'none', penetrativeSex: 'none' });
    assert.equal(page.status, 400);
    assert.match(page.body, /class="govuk-error-summary"/);
    assert.match(textOf(page.body, { asOnScreen: true }), /Enter how old their partner is/);
    const saved = await nurse.post(aboutUrl, { action: 'continue', immediateDanger: 'no', lookedAfter: 'yes', missingNow: 'no', learningDisability: 'no', hasPartner: 'yes', partnerAge: '24', sexualActivity: 'none', penetrativeSex: 'none' });
    assert.equal(saved.status, 303);
    await answerIndicatorSections(nurse, jadeId, { 'ar.older_associates': 'now' });
    const judgement = textOf((await nurse.get(`/young-people/${jadeId}/assessments/draft/sections/judgement`)).body, { asOnScreen: true });
    assert.match(judgement, /the calculated level is At risk/);
    assert.match(judgement, /1 statutory action applies/);
  });
});

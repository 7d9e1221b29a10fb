/**
 * The concern question pages, walked as a practitioner would through the HTTP interface: every
 * step's errors, the three kinds of subject, search with and without results, back links, a
 * double submit, and young people and drafts the sender may not reach.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { createTestLantern, signInAs, type Page, type TestClient, type TestLantern } from '../../test-support/index.ts';
import { createViewEnvironment } from '../../platform/views/environment.ts';
import { youngPeople } from '../young-people/tables.ts';
import { demoArea, makeYoungPerson, type DemoArea } from '../triage/testing.ts';
import { knownPersonChoices, knownPersonHint } from './known-person.ts';
import { auditEvents } from '../../platform/audit/tables.ts';
import { concernDrafts, concerns } from './tables.ts';

const NURSE = 'school.nurse@northbridge.example';

let lantern: TestLantern;
let area: DemoArea;
let jadeId: string;
/** A young person on the area's books whom the school nurse has no reason to see. */
let strangerId: string;

before(async () => {
  lantern = await createTestLantern();
  area = await demoArea(lantern.db);
  const [jade] = await lantern.db.select({ id: youngPeople.id }).from(youngPeople).where(and(eq(youngPeople.areaId, area.areaId), eq(youngPeople.givenName, 'Jade'), eq(youngPeople.familyName, 'Carter')));
  jadeId = jade!.id;
  strangerId = await makeYoungPerson(lantern.db, area.areaId, { givenName: 'Tamsin', familyName: 'Oakridge', dateOfBirth: '2011-05-04' });
});
after(() => lantern?.close());

const draftUrl = (page: Page) => {
  assert.equal(page.status, 303, `expected a redirect, got ${page.status}: ${page.errors.join('; ')}`);
  return page.location!;
};
const backLinkOf = (page: Page) => /<nav aria-label="Back">\s*<a href="([^"]+)"/.exec(page.body)?.[1];

/** Starts a draft and answers the first question; returns the draft's base address. */
async function startDraft(client: TestClient): Promise<string> {
  const start = await client.get('/concerns/new');
  assert.equal(start.status, 200);
  const danger = draftUrl(await client.post('/concerns/drafts', {}, { csrfFrom: '/concerns/new' }));
  assert.match(danger, /^\/concerns\/drafts\/[0-9a-f-]{36}\/danger$/);
  return danger.replace(/\/danger$/, '');
}

/** Posts one step's answers, fetching the CSRF token from the step's own page as a browser would. */
const answer = (client: TestClient, base: string, step: string, form: Record<string, string | string[]>) => client.post(`${base}/${step}`, form, { csrfFrom: `${base}/${step}` });

/** The questions after "who is it about", answered well. */
async function answerTheRest(client: TestClient, base: string) {
  assert.equal(draftUrl(await answer(client, base, 'indicators', { indicators: ['ol.ar.unexplained_credit'] })), `${base}/details`);
  assert.equal(draftUrl(await answer(client, base, 'details', { details: 'Seen getting into a car outside school with an older man.', 'occurredOn-day': '', 'occurredOn-month': '', 'occurredOn-year': '', whenText: 'After school', whereText: 'Mill Street' })), `${base}/others`);
  assert.equal(draftUrl(await answer(client, base, 'others', { 'others-vehicle': 'Silver hatchback' })), `${base}/sharing`);
  assert.equal(draftUrl(await answer(client, base, 'sharing', { howLearned: 'observed', youngPersonAware: 'no', lawfulBasis: 'safeguarding' })), `${base}/check`);
}

describe('the concern journey: a young person already on Lantern', () => {
  it('the school nurse finds Jade Carter, answers every question and the concern reaches triage, once', async () => {
    const nurse = await signInAs(lantern.app, NURSE);
    const base = await startDraft(nurse);

    const danger = await nurse.get(`${base}/danger`);
    assert.equal(backLinkOf(danger), '/concerns/new');
    const noDanger = await answer(nurse, base, 'danger', {});
    assert.equal(noDanger.status, 400);
    assert.deepEqual(noDanger.errors, ['Select yes if a child is in immediate danger now']);
    assert.equal(draftUrl(await answer(nurse, base, 'danger', { immediateDanger: 'no' })), `${base}/about`);

    const noSubject = await answer(nurse, base, 'about', {});
    assert.equal(noSubject.status, 400);
    assert.deepEqual(noSubject.errors, ['Select who the concern is about']);
    assert.equal(draftUrl(await answer(nurse, base, 'about', { subjectKind: 'known' })), `${base}/known`);

    // The list of people the nurse can see, each with what tells them apart.
    const known = await nurse.get(`${base}/known`);
    assert.equal(known.status, 200, known.text.slice(0, 300));
    assert.equal(backLinkOf(known), `${base}/about`);
    assert.match(known.text, /Young people you can see/);
    assert.match(known.text, /Jade Carter \(YP-\d+\) Born \d{1,2} \w+ \d{4}/);
    assert.doesNotMatch(known.text, /Tamsin|Oakridge/, 'only people the nurse may see are listed');

    const found = await nurse.get(`${base}/known?q=Carter`);
    assert.equal(found.status, 200);
    assert.match(found.text, /Results for “Carter”/);
    assert.match(found.text, /Jade Carter/);
    const nobody = await nurse.get(`${base}/known?q=Oakridge`);
    assert.equal(nobody.status, 200);
    assert.match(nobody.text, /No young people you can see match/, 'a person the nurse cannot see is not found');

    const unchosen = await answer(nurse, base, 'known', {});
    assert.equal(unchosen.status, 400);
    assert.deepEqual(unchosen.errors, ['Select the young person this concern is about']);
    // An id of someone the nurse may not see is refused exactly as no choice is, so it tells nothing.
    const hidden = await answer(nurse, base, 'known', { youngPersonId: strangerId });
    assert.equal(hidden.status, 400);
    assert.deepEqual(hidden.errors, ['Select the young person this concern is about']);
    assert.doesNotMatch(hidden.text, /Tamsin|Oakridge/);
    assert.equal(draftUrl(await answer(nurse, base, 'known', { youngPersonId: jadeId })), `${base}/indicators`);

    const stranger = await answer(nurse, base, 'indicators', { indicators: ['no.such.indicator'] });
    assert.equal(stranger.status, 400);
    assert.match(stranger.errors[0]!, /not in the area’s current checklist/);
    const details = await answer(nurse, base, 'details', { details: '  ', 'occurredOn-day': '1', 'occurredOn-month': '1', 'occurredOn-year': String(new Date().getFullYear() + 1) });
    assert.equal(details.status, 400);
    assert.deepEqual(details.errors, ['Describe what you saw or were told', 'The date it happened must be today or in the past']);
    const sharing = await answer(nurse, base, 'sharing', {});
    assert.equal(sharing.status, 400);
    assert.equal(sharing.errors.length, 3);

    await answerTheRest(nurse, base);
    const check = await nurse.get(`${base}/check`);
    assert.equal(check.status, 200);
    assert.match(check.text, /Young person Jade Carter \(YP-\d+\)/);
    assert.match(check.text, /Silver hatchback/);

    // Changing an answer from the check page comes back to it, and the back link says so.
    const change = await nurse.get(`${base}/details`);
    assert.equal(backLinkOf(change), `${base}/check`);
    assert.equal(draftUrl(await answer(nurse, base, 'details', { details: 'Seen getting into a silver car outside school with an older man.' })), `${base}/check`);

    const token = await nurse.csrfToken(`${base}/check`);
    const recorded = await nurse.request('POST', `${base}/submit`, { form: { _csrf: token } });
    const recordedUrl = draftUrl(recorded);
    const thanks = await nurse.get(recordedUrl);
    assert.equal(thanks.status, 200);
    const reference = /C-\d+/.exec(thanks.text)?.[0];
    assert.ok(reference, 'the recorded page gives the reference');

    // The same form sent twice lands on the same concern rather than making a second one.
    const again = await nurse.request('POST', `${base}/submit`, { form: { _csrf: await nurse.csrfToken('/concerns/new') } });
    assert.equal(draftUrl(again), recordedUrl);
    const made = await lantern.db.select({ id: concerns.id, youngPersonId: concerns.youngPersonId }).from(concerns).where(eq(concerns.submissionKey, base.split('/').pop()!));
    assert.equal(made.length, 1);
    assert.equal(made[0]!.youngPersonId, jadeId);

    const coordinator = await signInAs(lantern.app, 'coordinator@northbridge.example');
    const triage = await coordinator.get('/triage');
    assert.equal(triage.status, 200);
    assert.match(triage.text, new RegExp(`${reference}\\b`));
  });

  it('a practitioner who can see nobody is told so and offered the way to name the young person', async () => {
    const housing = await signInAs(lantern.app, 'housing.officer@northbridge.example');
    const base = await startDraft(housing);
    await answer(housing, base, 'danger', { immediateDanger: 'no' });
    await answer(housing, base, 'about', { subjectKind: 'known' });
    const known = await housing.get(`${base}/known`);
    assert.equal(known.status, 200);
    assert.match(known.text, /No young people you can see match/);
    assert.match(known.body, new RegExp(`href="${base}/about"`));
  });
});

describe('the concern journey: a young person not yet on Lantern', () => {
  it('asks for a name, refuses an impossible date of birth, and records the concern', async () => {
    const worker = await signInAs(lantern.app, 'youth.worker@northbridge.example');
    const base = await startDraft(worker);
    await answer(worker, base, 'danger', { immediateDanger: 'yes' });
    assert.equal(draftUrl(await answer(worker, base, 'about', { subjectKind: 'new' })), `${base}/person`);
    const person = await worker.get(`${base}/person`);
    assert.equal(person.status, 200);
    assert.match(person.text, /call 999 now/, 'an urgent concern says so on every page');
    assert.equal(backLinkOf(person), `${base}/about`);

    const empty = await answer(worker, base, 'person', {});
    assert.equal(empty.status, 400);
    assert.ok(empty.errors.includes('Enter their first name, last name or a name they are known by'));
    const badDate = await answer(worker, base, 'person', { givenName: 'Rhianna', 'dateOfBirth-day': '31', 'dateOfBirth-month': '2', 'dateOfBirth-year': '2012' });
    assert.equal(badDate.status, 400);
    assert.equal(badDate.errors.length, 1);
    assert.match(badDate.errors[0]!, /date of birth/i);
    assert.equal(draftUrl(await answer(worker, base, 'person', { givenName: 'Rhianna', familyName: 'Pellow', estimatedAge: '14' })), `${base}/indicators`);

    // A page that does not apply to this kind of subject does not exist for this draft.
    assert.equal((await worker.get(`${base}/known`)).status, 404);
    assert.equal((await worker.get(`${base}/unidentified`)).status, 404);

    await answerTheRest(worker, base);
    const check = await worker.get(`${base}/check`);
    assert.match(check.text, /Name Rhianna Pellow/);
    assert.match(check.text, /About 14/);
    const recorded = await worker.get(draftUrl(await worker.request('POST', `${base}/submit`, { form: { _csrf: await worker.csrfToken(`${base}/check`) } })));
    assert.equal(recorded.status, 200);
    assert.match(recorded.text, /Concern recorded/);
    assert.match(recorded.text, /call 999 now/);
  });
});

describe('the concern journey: someone not yet identified', () => {
  it('asks for a description and a sensible age, and records the concern', async () => {
    const officer = await signInAs(lantern.app, 'police.officer@northbridge.example');
    const base = await startDraft(officer);
    await answer(officer, base, 'danger', { immediateDanger: 'no' });
    assert.equal(draftUrl(await answer(officer, base, 'about', { subjectKind: 'unidentified' })), `${base}/unidentified`);
    const bad = await answer(officer, base, 'unidentified', { description: '', estimatedAge: 'fourteen', gender: 'not_recorded' });
    assert.equal(bad.status, 400);
    assert.equal(bad.errors.length, 2, bad.errors.join(' / '));
    assert.match(bad.errors[1]!, /Approximate age must be a whole number/);
    assert.equal(draftUrl(await answer(officer, base, 'unidentified', { description: 'Girl of about 14 in a red coat at the bus station late at night', estimatedAge: '14', gender: 'female' })), `${base}/indicators`);
    await answerTheRest(officer, base);
    const check = await officer.get(`${base}/check`);
    assert.match(check.text, /Description Girl of about 14 in a red coat/);
    const recorded = await officer.request('POST', `${base}/submit`, { form: { _csrf: await officer.csrfToken(`${base}/check`) } });
    assert.equal((await officer.get(draftUrl(recorded))).status, 200);
  });
});

describe('drafts belong to the person writing them', () => {
  it("another practitioner's draft is not found, and a draft of an unknown kind of step is not found", async () => {
    const nurse = await signInAs(lantern.app, NURSE);
    const base = await startDraft(nurse);
    const officer = await signInAs(lantern.app, 'police.officer@northbridge.example');
    assert.equal((await officer.get(`${base}/danger`)).status, 404);
    assert.equal((await officer.post(`${base}/danger`, { immediateDanger: 'no' }, { csrfFrom: '/concerns/new' })).status, 404);
    assert.equal((await nurse.get(`${base}/nonsense`)).status, 404);
    assert.equal((await nurse.get('/concerns/drafts/not-a-draft/danger')).status, 404);
  });
});

describe('the concern journey: every message, branch and way back', () => {
  it('each question names what is wrong in its own words', async () => {
    const worker = await signInAs(lantern.app, 'youth.worker@northbridge.example');
    const base = await startDraft(worker);
    await answer(worker, base, 'danger', { immediateDanger: 'maybe' }).then((page) => assert.deepEqual(page.errors, ['Select yes if a child is in immediate danger now']));
    await answer(worker, base, 'danger', { immediateDanger: 'no' });
    await answer(worker, base, 'about', { subjectKind: 'everyone' }).then((page) => assert.deepEqual(page.errors, ['Select who the concern is about']));
    await answer(worker, base, 'about', { subjectKind: 'unidentified' });

    const unidentified = await answer(worker, base, 'unidentified', { description: '', estimatedAge: '40', gender: 'dragon' });
    assert.equal(unidentified.status, 400);
    assert.deepEqual(unidentified.errors, [
      'Describe the young person, for example what they look like, what they are called and where they were seen',
      'Approximate age must be a whole number of years, 25 or under',
      'Select a gender from the list',
    ]);
    await answer(worker, base, 'unidentified', { description: 'Boy of about 13 in a green tracksuit', estimatedAge: '13', gender: 'male' });

    const details = await answer(worker, base, 'details', { details: 'Seen at the station.', 'occurredOn-day': '3', 'occurredOn-month': '', 'occurredOn-year': '2026', whenText: 'x'.repeat(501), whereText: 'y'.repeat(1001) });
    assert.equal(details.status, 400);
    assert.deepEqual(details.errors, ['The date it happened must include a month', 'When it happened must be 500 characters or fewer', 'Where it happened must be 1,000 characters or fewer']);

    const others = await answer(worker, base, 'others', { 'others-adult': 'z'.repeat(201), 'others-phone': Array.from({ length: 31 }, (_, i) => `07700 900${String(i).padStart(3, '0')}`).join('\n') });
    assert.equal(others.status, 400);
    assert.deepEqual(others.errors, ['Adults: enter up to 30 lines, each 200 characters or fewer', 'Phone numbers: enter up to 30 lines, each 200 characters or fewer']);

    const sharing = await answer(worker, base, 'sharing', { howLearned: 'rumour', youngPersonAware: '', lawfulBasis: 'because' });
    assert.equal(sharing.status, 400);
    assert.deepEqual(sharing.errors, ['Select how you know about this', 'Select whether the young person knows this is being shared', 'Select the basis on which you are sharing this']);

    // None of the refused answers reached the draft.
    const [draft] = await lantern.db.select({ answers: concernDrafts.answers }).from(concernDrafts).where(eq(concernDrafts.id, base.split('/').pop()!));
    assert.equal(draft!.answers.details, undefined);
    assert.equal(draft!.answers.howLearned, undefined);
  });

  it('each page links back to the one before it on its branch, and to the check page once there', async () => {
    const worker = await signInAs(lantern.app, 'youth.worker@northbridge.example');
    const back = async (base: string, step: string) => backLinkOf(await worker.get(`${base}/${step}`));

    const known = await startDraft(worker);
    await answer(worker, known, 'danger', { immediateDanger: 'no' });
    assert.equal(await back(known, 'about'), `${known}/danger`);
    await answer(worker, known, 'about', { subjectKind: 'known' });
    assert.equal(await back(known, 'indicators'), `${known}/known`);

    const unnamed = await startDraft(worker);
    await answer(worker, unnamed, 'danger', { immediateDanger: 'no' });
    await answer(worker, unnamed, 'about', { subjectKind: 'unidentified' });
    assert.equal(await back(unnamed, 'unidentified'), `${unnamed}/about`);
    assert.equal(await back(unnamed, 'indicators'), `${unnamed}/unidentified`);

    const fresh = await startDraft(worker);
    await answer(worker, fresh, 'danger', { immediateDanger: 'no' });
    await answer(worker, fresh, 'about', { subjectKind: 'new' });
    assert.equal(await back(fresh, 'indicators'), `${fresh}/person`);
    assert.equal(await back(fresh, 'details'), `${fresh}/indicators`);
    assert.equal(await back(fresh, 'others'), `${fresh}/details`);
    assert.equal(await back(fresh, 'sharing'), `${fresh}/others`);
    await answer(worker, fresh, 'person', { givenName: 'Lowen' });
    await answerTheRest(worker, fresh);
    assert.equal(await back(fresh, 'check'), `${fresh}/sharing`);
    assert.equal(await back(fresh, 'danger'), `${fresh}/check`);
  });

  it('changing who it is about from the check page asks the new branch’s question, then returns to the check page', async () => {
    const worker = await signInAs(lantern.app, 'youth.worker@northbridge.example');
    const base = await startDraft(worker);
    await answer(worker, base, 'danger', { immediateDanger: 'no' });
    await answer(worker, base, 'about', { subjectKind: 'unidentified' });
    await answer(worker, base, 'unidentified', { description: 'Girl in a yellow raincoat', estimatedAge: '', gender: 'not_recorded' });
    await answerTheRest(worker, base);
    assert.equal(draftUrl(await answer(worker, base, 'about', { subjectKind: 'new' })), `${base}/person`);
    assert.equal((await worker.get(`${base}/unidentified`)).status, 404, 'the old branch’s page no longer applies');
    assert.equal(draftUrl(await answer(worker, base, 'person', { givenName: 'Demelza', familyName: 'Rowse' })), `${base}/check`);
    assert.match((await worker.get(`${base}/check`)).text, /Name Demelza Rowse/);
    // Urgency is a branch too: saying a child is in danger puts the warning on every page that follows.
    assert.equal(draftUrl(await answer(worker, base, 'danger', { immediateDanger: 'yes' })), `${base}/check`);
    assert.match((await worker.get(`${base}/check`)).text, /call 999 now/);
  });

  it('the final step sent twice at once makes one concern', async () => {
    const worker = await signInAs(lantern.app, 'youth.worker@northbridge.example');
    const base = await startDraft(worker);
    await answer(worker, base, 'danger', { immediateDanger: 'no' });
    await answer(worker, base, 'about', { subjectKind: 'new' });
    await answer(worker, base, 'person', { givenName: 'Tressa', familyName: 'Polglase' });
    await answerTheRest(worker, base);
    const token = await worker.csrfToken(`${base}/check`);
    const [first, second] = await Promise.all([worker.request('POST', `${base}/submit`, { form: { _csrf: token } }), worker.request('POST', `${base}/submit`, { form: { _csrf: token } })]);
    const made = await lantern.db.select({ id: concerns.id }).from(concerns).where(eq(concerns.submissionKey, base.split('/').pop()!));
    assert.equal(made.length, 1);
    assert.equal(draftUrl(first), `/concerns/${made[0]!.id}/recorded`);
    assert.equal(draftUrl(second), `/concerns/${made[0]!.id}/recorded`);
  });

  it('a young person the sender cannot see is neither offered nor accepted, even planted in the draft', async () => {
    const nurse = await signInAs(lantern.app, NURSE);
    const base = await startDraft(nurse);
    await answer(nurse, base, 'danger', { immediateDanger: 'no' });
    await answer(nurse, base, 'about', { subjectKind: 'known' });
    for (const q of ['Tamsin', 'Tamsin Oakridge', '4/5/2011']) {
      const found = await nurse.get(`${base}/known?q=${encodeURIComponent(q)}`);
      assert.equal(found.status, 200);
      assert.doesNotMatch(found.text, /Tamsin|Oakridge/, q);
      assert.doesNotMatch(found.body, new RegExp(strangerId), q);
    }
    // Answers written straight into the draft (not through the pages) are still checked when it is sent.
    await answer(nurse, base, 'known', { youngPersonId: jadeId });
    await answerTheRest(nurse, base);
    const draftId = base.split('/').pop()!;
    const [draft] = await lantern.db.select({ answers: concernDrafts.answers }).from(concernDrafts).where(eq(concernDrafts.id, draftId));
    await lantern.db.update(concernDrafts).set({ answers: { ...draft!.answers, youngPersonId: strangerId } }).where(eq(concernDrafts.id, draftId));
    const check = await nurse.get(`${base}/check`);
    assert.doesNotMatch(check.text, /Tamsin|Oakridge/);
    const refused = await nurse.request('POST', `${base}/submit`, { form: { _csrf: await nurse.csrfToken(`${base}/check`) } });
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.errors, ['Select a young person from those you can see. If they are not there, choose “a young person not on Lantern yet”']);
    assert.equal((await lantern.db.select({ id: concerns.id }).from(concerns).where(eq(concerns.submissionKey, draftId))).length, 0);
  });

  it('showing a draft is audited as a view of it, with the search’s results but never the words typed', async () => {
    const nurse = await signInAs(lantern.app, NURSE);
    const base = await startDraft(nurse);
    const draftId = base.split('/').pop()!;
    await answer(nurse, base, 'danger', { immediateDanger: 'no' });
    await answer(nurse, base, 'about', { subjectKind: 'known' });
    assert.equal((await nurse.get(`${base}/known?q=Carter`)).status, 200);
    const views = await lantern.db.select({ details: auditEvents.details }).from(auditEvents).where(and(eq(auditEvents.recordKind, 'concern_draft'), eq(auditEvents.recordId, draftId), eq(auditEvents.action, 'view')));
    const search = views.map((v) => v.details as { step?: string; search?: { criteria: string[]; resultIds: string[] } }).find((d) => d.search);
    assert.equal(search?.step, 'known');
    assert.deepEqual(search?.search?.criteria, ['name']);
    assert.ok(search?.search?.resultIds.includes(jadeId));
    assert.doesNotMatch(JSON.stringify(views), /Carter/);
  });
});

describe('"Which young person is it about?" page', () => {
  const env = createViewEnvironment({ noCache: true });
  const people = [
    { id: 'a', name: 'Ava Fenwick', reference: 'YP-1', dateOfBirth: '2011-03-09', estimatedAge: null },
    { id: 'b', name: 'Kai', reference: 'YP-2', dateOfBirth: null, estimatedAge: 14 },
    { id: 'c', name: 'Unnamed young person', reference: 'YP-3', dateOfBirth: null, estimatedAge: null },
  ];
  const render = (context: Record<string, unknown>) => env.render('concerns/views/journey/known.njk', { draftId: 'd1', q: '', csrfToken: 't', ...context });

  it('describes each person by a date of birth, an estimated age, or neither', () => {
    assert.equal(knownPersonHint(people[0]!), 'Born 9 March 2011');
    assert.equal(knownPersonHint(people[1]!), 'About 14 years old');
    assert.equal(knownPersonHint(people[2]!), 'Date of birth not known');
    assert.equal(knownPersonHint({ dateOfBirth: null, estimatedAge: 0 }), 'About 0 years old');
  });

  it('renders every branch: the list, search results with the one chosen, and no results', () => {
    const html = render({ choices: knownPersonChoices(people, 'b') });
    assert.match(html, /Ava Fenwick \(YP-1\)[\s\S]*Born 9 March 2011/);
    assert.match(html, /Kai \(YP-2\)[\s\S]*About 14 years old/);
    assert.match(html, /Unnamed young person \(YP-3\)[\s\S]*Date of birth not known/);
    assert.match(html, /value="b" checked/);
    assert.match(html, /Young people you can see/);
    assert.match(render({ q: 'fenwick', choices: knownPersonChoices(people.slice(0, 1), undefined) }), /Results for “fenwick”/);
    const none = render({ q: 'nobody', choices: [] });
    assert.match(none, /No young people you can see match/);
    assert.match(none, /href="\/concerns\/drafts\/d1\/about"/);
  });
});

/**
 * Missing episodes over HTTP, as people and partner systems use them: issue 6's "Done means" walked
 * through the pages with the demo users, the refusals on the pages, need-to-know, and the JSON API.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { feedbackMessages } from '../concerns/tables.ts';
import { youngPeople } from '../young-people/tables.ts';
import { createDefaultInstrument, suggestFromMissingEpisodes } from '../risk/instrument/index.ts';
import { missingEpisodesOnFile } from './queries.ts';
import { dateTimeForm, demoUser, londonAt } from './testing.ts';
import { createTestLantern, type TestLantern, signInAs, apiTokenFor, textOf, type TestClient } from '../../test-support/index.ts';

let lantern: TestLantern;

let app: FastifyInstance;
let database: Database;
const people: Record<string, string> = {};

before(async () => {
  lantern = await createTestLantern();
  ({ app, database } = lantern);
  for (const p of await database.db.select({ id: youngPeople.id, name: youngPeople.givenName }).from(youngPeople)) people[p.name!] = p.id;
});
after(async () => lantern.close());

const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';
const episodeIdFrom = (location: string | undefined) => /\/missing\/([0-9a-f-]{36})/.exec(location ?? '')?.[1] ?? '';

function expectRefused(response: { status: number; body: string }, message: RegExp) {
  assert.equal(response.status, 400);
  assert.match(response.body, /<title>Error: /);
  assert.match(response.body, /There is a problem/);
  assert.match(textOf(response.body, { asOnScreen: true }), message);
}

describe('the JSON API', () => {
  let police: string;
  let episodeId: string;
  const base = () => ({ externalReference: 'NBP-2026-0001', youngPersonId: people.Chloe!, kind: 'missing', lastSeenAt: londonAt(10, 21, 0).toISOString(), policeReference: 'NB-MP-0800' });
  const call = (method: 'POST' | 'PATCH' | 'GET', url: string, payload?: unknown, token = police) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload: payload as Record<string, unknown> } : {}) });

  before(async () => {
    police = await apiTokenFor(database.db, 'police.officer@northbridge.example');
  });

  it('records an episode once, however often the sender resends it', async () => {
    const first = await call('POST', '/api/v1/missing-episodes', base());
    assert.equal(first.statusCode, 201, first.body);
    const body = first.json();
    assert.match(body.reference, /^M-\d+$/);
    assert.equal(body.status, 'open');
    assert.ok(body.strategyMeetingDueAt, 'Chloe is looked after, so a strategy meeting is due');
    episodeId = body.id;
    const again = await call('POST', '/api/v1/missing-episodes', base());
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().id, episodeId);
  });

  it('refuses, storing nothing: an unknown or unseen young person (404), the future (400), unknown fields (400), an overlap (409)', async () => {
    assert.equal((await call('POST', '/api/v1/missing-episodes', { ...base(), externalReference: 'x1', youngPersonId: randomUUID() })).statusCode, 404);
    const unseen = await call('POST', '/api/v1/missing-episodes', { ...base(), externalReference: 'x2', youngPersonId: people.Jade! });
    assert.equal(unseen.statusCode, 404, 'the police officer is not in Jade’s team');
    const future = await call('POST', '/api/v1/missing-episodes', { ...base(), externalReference: 'x3', lastSeenAt: new Date(Date.now() + 86_400_000).toISOString() });
    assert.equal(future.statusCode, 400);
    assert.match(future.json().errors.lastSeenAt, /must be in the past/);
    assert.equal((await call('POST', '/api/v1/missing-episodes', { ...base(), externalReference: 'x4', colour: 'red' })).statusCode, 400);
    assert.equal((await call('POST', '/api/v1/missing-episodes', { ...base(), externalReference: 'x5', lastSeenAt: '21/11/2026' })).statusCode, 400);
    const overlap = await call('POST', '/api/v1/missing-episodes', { ...base(), externalReference: 'x6', lastSeenAt: londonAt(9, 21, 0).toISOString() });
    assert.equal(overlap.statusCode, 409);
    assert.match(overlap.json().detail, /overlap another episode/);
    const list = await call('GET', `/api/v1/young-people/${people.Chloe}/missing-episodes`);
    assert.equal(list.json().episodes.filter((e: { id: string; policeReference: string | null }) => e.id !== episodeId && e.policeReference === 'NB-MP-0800').length, 0);
  });

  it('records the return (once), then the return interview; refuses a return before the start and an interview before the return', async () => {
    const early = await call('PATCH', `/api/v1/missing-episodes/${episodeId}`, { returnedAt: londonAt(10, 20, 0).toISOString(), howReturned: 'police' });
    assert.equal(early.statusCode, 400);
    assert.match(early.json().errors.returnedAt, /must be after they were last seen/);
    const returnedAt = londonAt(9, 6, 30);
    const ok = await call('PATCH', `/api/v1/missing-episodes/${episodeId}`, { returnedAt: returnedAt.toISOString(), howReturned: 'police', foundWhere: 'Northbridge bus station', foundWithAdults: ['Man known as ‘Deano’'] });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().returnInterviewDueAt, new Date(returnedAt.getTime() + 72 * 3_600_000).toISOString());
    assert.equal((await call('PATCH', `/api/v1/missing-episodes/${episodeId}`, { returnedAt: returnedAt.toISOString(), howReturned: 'police' })).statusCode, 200, 'a resend changes nothing');
    assert.equal((await call('PATCH', `/api/v1/missing-episodes/${episodeId}`, { returnedAt: londonAt(9, 8, 0).toISOString(), howReturned: 'police' })).statusCode, 409);

    const offer = { offeredAt: londonAt(10, 23, 0).toISOString(), interviewerName: 'Niamh Doyle', independent: true, response: 'accepted' };
    const before = await call('POST', `/api/v1/missing-episodes/${episodeId}/return-interview`, offer);
    assert.equal(before.statusCode, 400);
    assert.match(before.json().errors.offeredAt, /cannot be offered before they came back/);
    const held = await call('POST', `/api/v1/missing-episodes/${episodeId}/return-interview`, {
      ...offer,
      offeredAt: londonAt(9, 12, 0).toISOString(),
      outcome: { completedAt: londonAt(8, 16, 0).toISOString(), pushFactors: ['rules'], pullFactors: ['friends'], disclosure: false, learning: 'Stayed at the bus station after missing the last bus.' },
    });
    assert.equal(held.statusCode, 201, held.body);
    assert.equal(held.json().state, 'completed');

    const list = await call('GET', `/api/v1/young-people/${people.Chloe}/missing-episodes`);
    assert.equal(list.statusCode, 200);
    const mine = list.json().episodes.find((e: { id: string }) => e.id === episodeId);
    assert.equal(mine.returnInterview.state, 'completed');
    assert.deepEqual(mine.returnInterview.pullFactors, ['friends']);
    assert.ok(mine.mentions.some((m: { context: string; value: string }) => m.context === 'found_at' && m.value === 'Northbridge bus station'));
  });

  it('answers 404 to someone who may not see the young person, and lists the endpoints in OpenAPI', async () => {
    const youthWorker = await apiTokenFor(database.db, 'youth.worker@northbridge.example');
    assert.equal((await call('GET', `/api/v1/young-people/${people.Chloe}/missing-episodes`, undefined, youthWorker)).statusCode, 404);
    assert.equal((await call('PATCH', `/api/v1/missing-episodes/${episodeId}`, { returnedAt: new Date().toISOString(), howReturned: 'police' }, youthWorker)).statusCode, 404);
    const openapi = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const path of ['/api/v1/missing-episodes', '/api/v1/missing-episodes/{id}', '/api/v1/missing-episodes/{id}/return-interview', '/api/v1/young-people/{id}/missing-episodes']) {
      assert.ok(openapi.paths[path], path);
    }
  });
});

describe('issue 6, done means: a looked-after girl missing at night, through to what was learned', () => {
  let police: TestClient;
  let coordinator: TestClient;
  let harbour: TestClient;
  let episodeId = '';
  let reference = '';
  const chloe = () => `/young-people/${people.Chloe}`;
  const lastSeen = () => londonAt(2, 23, 15);
  const form = (submissionKey: string) => ({
    submissionKey,
    kind: 'missing',
    ...dateTimeForm('lastSeenAt', lastSeen()),
    lastSeenWhere: 'Leaving Elm House by the back gate',
    ...dateTimeForm('reportedAt', londonAt(2, 23, 50)),
    reportedBy: 'Night staff at Elm House',
    policeReference: 'NB-MP-0811',
    lookedAfter: 'yes',
    placement: 'Elm House children’s home',
  });

  before(async () => {
    [police, coordinator, harbour] = await Promise.all([
      signInAs(app, 'police.officer@northbridge.example'),
      signInAs(app, 'coordinator@northbridge.example'),
      signInAs(app, 'harbour.worker@northbridge.example'),
    ]);
  });

  it('the police officer records her missing at night, checking the answers first', async () => {
    const record = await police.get(`${chloe()}/missing`);
    assert.equal(record.status, 200);
    const text = textOf(record.body, { asOnScreen: true });
    assert.match(text, /Missing episodes/);
    assert.match(text, /episodes in 90 days/, 'the demo episodes already reach the repeat flag');
    assert.match(record.body, /href="\/young-people\/[0-9a-f-]+\/missing\/new"/);

    const blank = await police.get(`${chloe()}/missing/new`);
    assert.equal(blank.status, 200);
    assert.match(blank.body, /value="yes" checked/, 'looked after is filled in from her record');
    const key = hidden(blank.body, 'submissionKey');

    expectRefused(await police.post(`${chloe()}/missing/check`, { ...form(key), ...dateTimeForm('lastSeenAt', new Date(Date.now() + 2 * 86_400_000)) }), /The date and time they were last seen must be in the past/);
    expectRefused(await police.post(`${chloe()}/missing/check`, { ...form(key), kind: '', 'lastSeenAt-time': 'late' }), /Select whether they were missing or away.*Enter the time they were last seen as a real time/);

    const check = await police.post(`${chloe()}/missing/check`, form(key));
    assert.equal(check.status, 200);
    assert.match(textOf(check.body, { asOnScreen: true }), /Check your answers before recording the episode/);
    assert.match(textOf(check.body, { asOnScreen: true }), /Leaving Elm House by the back gate/);

    const recorded = await police.post(`${chloe()}/missing`, form(key));
    assert.equal(recorded.status, 303);
    episodeId = episodeIdFrom(recorded.location as string);
    assert.ok(episodeId);
    const again = await police.post(`${chloe()}/missing`, form(key));
    assert.equal(episodeIdFrom(again.location as string), episodeId, 'the same form sent twice records one episode');

    const confirmation = await police.get(`/missing/${episodeId}/recorded`);
    assert.match(textOf(confirmation.body, { asOnScreen: true }), /Missing episode recorded/);
    assert.match(textOf(confirmation.body, { asOnScreen: true }), /strategy meeting due by/);
    reference = /M-\d+/.exec(textOf(confirmation.body, { asOnScreen: true }))![0];

    const overlapping = await police.post(`${chloe()}/missing`, { ...form(randomUUID()), ...dateTimeForm('lastSeenAt', londonAt(1, 1, 0)), ...dateTimeForm('reportedAt', londonAt(1, 1, 30)) });
    expectRefused(overlapping, new RegExp(`overlap another episode for this young person \\(${reference}\\), open since`));
  });

  it('the coordinator sees her missing now, with a strategy meeting due', async () => {
    const area = await coordinator.get('/missing');
    assert.equal(area.status, 200);
    const text = textOf(area.body, { asOnScreen: true });
    assert.match(text, new RegExp(`Missing now.*Chloe Barnes.*${reference}`));
    assert.match(text, new RegExp(`Strategy meetings for looked-after young people.*Chloe Barnes.*${reference}.*Due`));
    const record = await coordinator.get(chloe());
    assert.match(textOf(record.body, { asOnScreen: true }), new RegExp(`Missing now.*Missing now \\(${reference}\\)`), 'the flag and the alert in the summary');
  });

  it('the police close it on her return next morning, with where she was found: a place linked to another young person', async () => {
    expectRefused(await police.post(`/missing/${episodeId}/return`, { ...dateTimeForm('returnedAt', londonAt(2, 22, 0)), howReturned: 'police' }), /must be after they were last seen/);
    expectRefused(await police.post(`/missing/${episodeId}/interview/offer`, { ...dateTimeForm('offeredAt', londonAt(1, 9, 0)), interviewerName: 'N', independent: 'yes', response: 'accepted' }), /Record that they have come back/);
    const returned = await police.post(`/missing/${episodeId}/return`, {
      ...dateTimeForm('returnedAt', londonAt(1, 7, 40)),
      foundWhere: 'Quay Road Snooker Hall',
      foundWithAdults: 'Man known as ‘Deano’',
      howReturned: 'police',
      whileAway: 'Cold and tired; said she had been given vodka.',
      vehicles: 'NB19 XKP',
    });
    assert.equal(returned.status, 303, returned.body);
    const page = await coordinator.get(`/missing/${episodeId}`);
    const text = textOf(page.body, { asOnScreen: true });
    assert.match(text, /Found at Quay Road Snooker Hall/);
    assert.match(text, /Linked to other young people.*Place: Quay Road Snooker Hall.*Amira Hassan/);
    assert.match(text, /Vehicle: NB19 XKP/);
    const area = textOf((await coordinator.get('/missing')).body, { asOnScreen: true });
    assert.match(area, /Weak signal Place: Quay Road Snooker Hall, linked to 2 young people: (Chloe Barnes \(YP-\d+\), Amira Hassan|Amira Hassan \(YP-\d+\), Chloe Barnes)/i);
    assert.match(area, new RegExp(`Return interviews not yet held.*${reference}.*To be offered`));
  });

  it('the return interview is offered (not before the return), accepted and held, and the police are told', async () => {
    expectRefused(await harbour.post(`/missing/${episodeId}/interview/offer`, { ...dateTimeForm('offeredAt', londonAt(1, 7, 0)), interviewerName: 'Niamh Doyle', independent: 'yes', response: 'accepted' }), /The interview cannot be offered before they came back/);
    const offered = await harbour.post(`/missing/${episodeId}/interview/offer`, { ...dateTimeForm('offeredAt', londonAt(1, 10, 0)), interviewerName: 'Niamh Doyle', independent: 'yes', response: 'accepted' });
    assert.equal(offered.status, 303);
    assert.equal(offered.location, `/missing/${episodeId}/interview/outcome`);
    const held = await harbour.post(`/missing/${episodeId}/interview/outcome`, {
      ...dateTimeForm('completedAt', londonAt(1, 15, 0)),
      pushFactors: ['rules'],
      pullFactors: ['older_partner', 'gifts_money'],
      whereTheyWere: 'At the snooker hall, then a flat nearby',
      withWhom: 'Deano and a man she did not know',
      interviewPlaces: 'Flat above the takeaway, Mill Street',
      disclosure: 'yes',
      disclosureDetails: 'Said she was told she owed money for the drink.',
      learning: 'Being drawn to the snooker hall by an older man who gives her alcohol; says she owes him money.',
    });
    assert.equal(held.status, 303, held.body);
    const [reporter] = await Promise.all([demoUser(database, 'police.officer@northbridge.example')]);
    const messages = await database.db.select().from(feedbackMessages).where(eq(feedbackMessages.recipientUserId, reporter.userId));
    assert.ok(messages.some((m) => m.kind === 'missing_interview_completed' && m.message.includes(reference)));
  });

  it('what was learned shows on her page and in her chronology; the coordinator records the strategy meeting', async () => {
    const record = textOf((await police.get(`${chloe()}/missing`)).body, { asOnScreen: true });
    const chronology = textOf((await police.get(`${chloe()}/chronology`)).body, { asOnScreen: true });
    assert.match(record, /Learned at recent return interviews.*Being drawn to the snooker hall by an older man/);
    assert.match(record, /Where they are found most.*Flat above the takeaway, Mill Street \(4 episodes\)/);
    assert.match(record, /Who they are found with most.*Man known as ‘Deano’ \(adult, 6 episodes\)/);
    assert.match(chronology, new RegExp(`Return interview held after ${reference}; pushed away by: rules or boundaries they struggle with; drawn away by: an older boyfriend or girlfriend, money, gifts, alcohol or drugs offered`));
    assert.match(chronology, new RegExp(`Came back .* \\(${reference}\\); found at Quay Road Snooker Hall`));
    assert.match(chronology, new RegExp(`Reported missing \\(${reference}\\): last seen`));
    assert.match(record, /Time of day they go missing/);
    assert.match((await police.get(`${chloe()}/missing`)).body, /<svg class="lantern-chart"/);

    const forbidden = await police.post(`/missing/${episodeId}/strategy-meeting`, { outcome: 'held', ...dateTimeForm('at', londonAt(1, 11, 0)) });
    assert.equal(forbidden.status, 403);
    // A meeting that was held is recorded in full on the record, about this episode.
    const held = await coordinator.post(`/missing/${episodeId}/strategy-meeting`, { outcome: 'held' });
    assert.equal(held.status, 303);
    assert.equal(held.headers.location, `${chloe()}/strategy-meetings/new?episode=${episodeId}`);
    const meeting = await coordinator.post(`${chloe()}/strategy-meetings`, {
      about: `episode:${episodeId}`,
      ...dateTimeForm('heldAt', londonAt(1, 11, 0)),
      'attendee-1-name': 'Priya Raman',
      'attendee-1-agency': 'Social care',
      'attendee-2-name': 'Dan Whitfield',
      'attendee-2-agency': 'Police',
      informationShared: 'Found at the snooker hall again.',
      decisions: 'Disruption of the snooker hall agreed.',
    });
    assert.equal(meeting.status, 303, textOf(meeting.body));
    const area = textOf((await coordinator.get('/missing')).body, { asOnScreen: true });
    const meetings = area.slice(area.indexOf('Strategy meetings for looked-after young people'), area.indexOf('Return interviews not yet held'));
    assert.ok(meetings.length > 0);
    assert.equal(meetings.includes(reference), false, 'the meeting is no longer waiting');
  });

  it('her next assessment gets going-missing suggestions from these episodes', async () => {
    const user = await demoUser(database, 'coordinator@northbridge.example');
    const onFile = await missingEpisodesOnFile(database.db, user, people.Chloe!);
    assert.ok(onFile?.some((e) => e.episodeId === reference));
    const suggestions = suggestFromMissingEpisodes(createDefaultInstrument(), onFile!, new Date().toISOString());
    assert.ok(suggestions.ok);
    if (!suggestions.ok) return;
    const going = suggestions.value.find((s) => s.indicatorId === 'ar.going_missing');
    assert.equal(going?.suggested, 'now');
    assert.ok(going?.sources.some((s) => s.includes(reference)));
    assert.equal(suggestions.value.find((s) => s.indicatorId === 'sw.regularly_missing')?.suggested, 'now');
  });
});

describe('need to know on the pages', () => {
  it('a practitioner with no path to the young person gets "not found" for her episodes and pages', async () => {
    const youthWorker = await signInAs(app, 'youth.worker@northbridge.example');
    const [any] = await database.db.select({ id: youngPeople.id }).from(youngPeople).where(eq(youngPeople.id, people.Chloe!));
    assert.equal((await youthWorker.get(`/young-people/${any!.id}/missing/new`)).status, 404);
    const list = (await apiCallAsCoordinator()).json().episodes as { id: string }[];
    for (const path of [`/missing/${list[0]!.id}`, `/missing/${list[0]!.id}/return`, `/missing/${list[0]!.id}/interview/offer`]) {
      assert.equal((await youthWorker.get(path)).status, 404, path);
    }
    assert.equal((await youthWorker.post(`/missing/${list[0]!.id}/return`, { howReturned: 'police' })).status, 404);
    const queue = await youthWorker.get('/missing');
    assert.equal(queue.status, 200);
    assert.doesNotMatch(textOf(queue.body, { asOnScreen: true }), /Chloe/);
    const analyst = await signInAs(app, 'analyst@northbridge.example');
    assert.equal((await analyst.get('/missing')).status, 403);
  });
});

async function apiCallAsCoordinator() {
  const token = await apiTokenFor(database.db, 'coordinator@northbridge.example');
  return app.inject({ method: 'GET', url: `/api/v1/young-people/${people.Chloe}/missing-episodes`, headers: { authorization: `Bearer ${token}` } });
}

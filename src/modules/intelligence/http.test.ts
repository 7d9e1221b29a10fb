/**
 * Issue 7's "Done means" through the pages and the API with the demo users, plus the refusals and
 * need-to-know rules: who sees what of the intelligence, and 404 for a network one may not see.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { and, desc, eq } from 'drizzle-orm';
import { auditEvents } from '../../platform/audit/tables.ts';
import type { Database } from '../../platform/db/database.ts';
import { youngPeople } from '../young-people/tables.ts';
import { createTestLantern, type TestLantern, signInAs, apiTokenFor, textOf, type TestClient } from '../../test-support/index.ts';
import { demoUser } from '../missing/testing.ts';
import { areaIntelligenceCounts } from './hotspots.ts';
import { linkedAdultsAndPlaces } from './section.ts';
import { adultsOfConcern, placesOfConcern } from './tables.ts';
import { DEMO_ADULT, DEMO_TAKEAWAY } from './demo.ts';

let lantern: TestLantern;
let app: FastifyInstance;
let database: Database;
let jade: string;
let chloe: string;
let adultId: string;
let placeId: string;
let officer: TestClient;
let nurse: TestClient;

const iso = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
const dateForm = (name: string, daysAgo: number) => {
  const [y, m, d] = iso(daysAgo).split('-');
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! };
};

before(async () => {
  // PGlite by default; a scratch PostgreSQL database when DATABASE_URL is set.
  lantern = await createTestLantern();
  ({ app, database } = lantern);
  const find = async (givenName: string) => (await database.db.select({ id: youngPeople.id }).from(youngPeople).where(eq(youngPeople.givenName, givenName)))[0]!.id;
  jade = await find('Jade');
  chloe = await find('Chloe');
  adultId = (await database.db.select().from(adultsOfConcern).where(eq(adultsOfConcern.name, DEMO_ADULT)))[0]!.id;
  placeId = (await database.db.select().from(placesOfConcern).where(and(eq(placesOfConcern.name, DEMO_TAKEAWAY))))[0]!.id;
  officer = await signInAs(app, 'intelligence@northbridge.example');
  nurse = await signInAs(app, 'school.nurse@northbridge.example');
});
after(async () => lantern.close());

describe('the story of issue 7', () => {
  it('links two agencies’ concerns naming the same car written differently, and flags it in triage', async () => {
    const coordinator = await signInAs(app, 'coordinator@northbridge.example');
    const queue = textOf((await coordinator.get('/triage')).body, { asOnScreen: true });
    assert.match(queue, /Same vehicle in a concern about another young person/);
  });

  it('draws the girl, the car, the adult and the takeaway both young people were seen at', async () => {
    const page = await officer.get(`/intelligence/network/young_person/${jade}`);
    assert.equal(page.status, 200);
    const text = textOf(page.body, { asOnScreen: true });
    assert.match(text, /Network: Jade Carter/);
    assert.match(text, /nb19xkp|NB19 XKP/);
    assert.match(text, /Dean Marsh \(A-\d+\)/);
    assert.match(text, /Mill Street Grill/);
    assert.match(text, /Chloe Barnes/, 'Chloe was seen at the same takeaway');
    assert.match(page.body, /src="\/vendor\/cytoscape\.esm\.min\.mjs" nonce="/);
    const script = await app.inject({ method: 'GET', url: '/vendor/cytoscape.esm.min.mjs' });
    assert.equal(script.statusCode, 200);
    assert.match(String(script.headers['content-type']), /javascript/);
  });

  it('shows the nurse only what she may see: not Chloe, whom she has no need to know', async () => {
    const page = await nurse.get(`/intelligence/network/young_person/${jade}`);
    assert.equal(page.status, 200);
    assert.doesNotMatch(textOf(page.body, { asOnScreen: true }), /Chloe/);
  });

  it('keeps a C-handling entry from partners, who see only its sanitised version', async () => {
    const secret = 'Registered keeper confirmed by covert source X7; he collects girls from the school gate on Fridays.';
    const sanitised = 'An adult linked to a silver car is believed to collect girls from schools on Fridays.';
    const conditions = 'Share with the school nurse and social worker only; do not approach the adult or use it as evidence.';
    const recorded = await officer.post('/intelligence/entries', {
      text: secret,
      sanitisedText: sanitised,
      sourceKind: 'covert',
      ...dateForm('receivedOn', 1),
      sourceGrade: '2',
      intelligenceGrade: 'B',
      handling: 'C',
      handlingConditions: conditions,
      adultId,
      youngPersonId: jade,
    });
    assert.equal(recorded.status, 303, textOf(recorded.body, { asOnScreen: true }));
    const officerView = textOf((await officer.get(`/intelligence/adults/${adultId}`)).body, { asOnScreen: true });
    assert.ok(officerView.includes(secret));
    assert.ok(officerView.includes('A covert or protected source'), 'the officer sees the kind of source');
    for (const url of [`/young-people/${jade}/intelligence`, `/intelligence/adults/${adultId}`]) {
      const nurseView = textOf((await nurse.get(url)).body, { asOnScreen: true });
      assert.ok(nurseView.includes(sanitised), `the nurse sees the sanitised version on ${url}`);
      assert.ok(!nurseView.includes('covert source X7'), 'and never the text');
      assert.ok(nurseView.includes(conditions), 'with the handling conditions beside it');
      assert.ok(!/covert or protected/i.test(nurseView), 'and not the kind of source');
      assert.match(nurseView, /graded 2BC/);
    }
    const nurseToken = await apiTokenFor(database.db, 'school.nurse@northbridge.example');
    const api = await app.inject({ method: 'GET', url: `/api/v1/intelligence?about=young_person:${jade}`, headers: { authorization: `Bearer ${nurseToken}` } });
    assert.equal(api.statusCode, 200, api.body);
    const item = api.json().items.find((e: { text: string }) => e.text === sanitised);
    assert.ok(item, 'the API gives the nurse the sanitised version');
    assert.equal(item.handlingConditions, conditions);
    assert.equal(item.sourceKind, null);
    assert.equal(item.fullText, false);
    assert.doesNotMatch(api.body, /covert/);
  });

  it('shows partners in the network only the identifiers the adult’s own page shows them: none from the intelligence record', async () => {
    const added = await officer.post(`/intelligence/adults/${adultId}/identifiers`, { identifierKind: 'phone', identifierValue: '07700 900461' });
    assert.equal(added.status, 303, textOf(added.body, { asOnScreen: true }));
    assert.match(textOf((await officer.get(`/intelligence/network/adult/${adultId}`)).body, { asOnScreen: true }), /07700 900461/);
    const adultPage = await nurse.get(`/intelligence/adults/${adultId}`);
    assert.equal(adultPage.status, 200, 'the nurse sees the adult, through the entry naming him with Jade');
    assert.doesNotMatch(textOf(adultPage.body, { asOnScreen: true }), /07700 900461/);
    for (const url of [`/intelligence/network/adult/${adultId}`, `/intelligence/network/young_person/${jade}`]) {
      const page = await nurse.get(url);
      assert.equal(page.status, 200, url);
      assert.doesNotMatch(page.body, /07700 ?900461|07700900461/, url);
    }
  });

  it('records a CAWN issued and later breached, in the adult’s and the young person’s chronology', async () => {
    const issued = await officer.post('/intelligence/disruptions', { kind: 'cawn_issued', ...dateForm('occurredOn', 1), adultId, youngPersonId: jade, details: 'Issued at his address.' });
    assert.equal(issued.status, 303, textOf(issued.body, { asOnScreen: true }));
    const noticeId = /disruptions\/([0-9a-f-]{36})/.exec(issued.location ?? '')![1]!;
    const breached = await officer.post('/intelligence/disruptions', { kind: 'cawn_breached', ...dateForm('occurredOn', 0), adultId, youngPersonId: jade, followsId: noticeId, details: 'Seen with her in the car.' });
    assert.equal(breached.status, 303, textOf(breached.body, { asOnScreen: true }));
    const adultPage = textOf((await officer.get(`/intelligence/adults/${adultId}`)).body, { asOnScreen: true });
    assert.match(adultPage, /Child abduction warning notice issued \(D-\d+\)/);
    assert.match(adultPage, /Child abduction warning notice breached \(D-\d+\)/);
    const chronology = textOf((await nurse.get(`/young-people/${jade}/chronology`)).body, { asOnScreen: true });
    assert.match(chronology, /Child abduction warning notice breached \(D-\d+\), concerning A-\d+/);
    const intelligence = textOf((await nurse.get(`/young-people/${jade}/intelligence`)).body, { asOnScreen: true });
    assert.match(intelligence, /Dean Marsh/, 'the nurse now sees the adult the notice concerns');
  });
});

describe('bad input', () => {
  let token: string;
  before(async () => {
    token = await apiTokenFor(database.db, 'intelligence@northbridge.example');
  });
  const call = (method: 'GET' | 'POST', url: string, payload?: unknown, bearer = token) => app.inject({ method, url, headers: { authorization: `Bearer ${bearer}` }, ...(payload ? { payload: payload as Record<string, unknown> } : {}) });

  it('refuses a grade outside 3x5x2, on the page and in the API, storing nothing', async () => {
    const page = await officer.post('/intelligence/entries', { text: 'Something', sourceKind: 'professional', ...dateForm('receivedOn', 1), sourceGrade: '4', intelligenceGrade: 'B', handling: 'P', adultId });
    assert.equal(page.status, 400);
    assert.match(page.body, /<title>Error: /);
    assert.match(textOf(page.body, { asOnScreen: true }), /Grade the source 1 \(reliable\), 2 \(untested\) or 3 \(not reliable\)/);
    const api = await call('POST', '/api/v1/intelligence', { text: 'Something', sourceKind: 'professional', receivedOn: iso(1), sourceGrade: '1', intelligenceGrade: 'F', handling: 'P', subjects: [{ kind: 'adult', id: adultId }] });
    assert.equal(api.statusCode, 400);
    assert.match(api.json().errors.intelligenceGrade, /A, B, C, D or E/);
    const list = await call('GET', `/api/v1/intelligence?about=adult:${adultId}`);
    assert.ok(!list.json().items.some((e: { text: string }) => e.text === 'Something'));
  });

  it('refuses a handling-code-C entry without its handling conditions, on the page and in the API, storing nothing', async () => {
    const text = 'A man in a grey hatchback waits outside the youth club most Thursdays.';
    const form = { text, sanitisedText: 'An adult in a car is seen near a youth club.', sourceKind: 'professional', sourceGrade: '1', intelligenceGrade: 'B', handling: 'C' };
    const page = await officer.post('/intelligence/entries', { ...form, ...dateForm('receivedOn', 1), adultId });
    assert.equal(page.status, 400);
    assert.match(page.body, /<title>Error: /);
    assert.match(page.body, /class="govuk-error-summary"/);
    assert.match(textOf(page.body, { asOnScreen: true }), /Enter the handling conditions: who may be told and what may be done with it/);
    const api = await call('POST', '/api/v1/intelligence', { ...form, receivedOn: iso(1), subjects: [{ kind: 'adult', id: adultId }] });
    assert.equal(api.statusCode, 400);
    assert.match(api.json().errors.handlingConditions, /who may be told/);
    const list = await call('GET', `/api/v1/intelligence?about=adult:${adultId}`);
    assert.ok(!list.json().items.some((e: { text: string }) => e.text === text), 'nothing was stored');
  });

  it('keeps an invalid registration or phone number as typed and flagged, not rejected', async () => {
    const created = await call('POST', '/api/v1/adults-of-concern', { name: 'Man known as ‘Tiny’', vehicles: ['NB1?'], phones: ['0770 09'] });
    assert.equal(created.statusCode, 201, created.body);
    const body = created.json();
    assert.deepEqual(body.identifiers.map((i: { asTyped: string; recognised: boolean }) => [i.asTyped, i.recognised]), [['0770 09', false], ['NB1?', false]]);
    assert.ok(body.identifiers.every((i: { recognised: boolean }) => !i.recognised));
    const page = textOf((await officer.get(`/intelligence/adults/${body.id}`)).body, { asOnScreen: true });
    assert.match(page, /NB1\? Not recognised – kept as typed/);
  });

  it('stores a disruption dated before its adult was known, with a warning', async () => {
    const api = await call('POST', '/api/v1/disruptions', { kind: 'warning_letter', occurredOn: iso(400), subjects: [{ kind: 'adult', id: adultId }] });
    assert.equal(api.statusCode, 201, api.body);
    assert.match(api.json().warnings[0], /dated before A-\d+ was known/);
    const page = textOf((await officer.get(`/intelligence/disruptions/${api.json().id}`)).body, { asOnScreen: true });
    assert.match(page, /dated before Dean Marsh \(A-\d+\) was known/);
  });

  it('answers 404 for a network the user may not see, as for one that does not exist', async () => {
    const youthWorker = await signInAs(app, 'youth.worker@northbridge.example');
    assert.equal((await youthWorker.get(`/intelligence/network/young_person/${jade}`)).status, 404);
    assert.equal((await youthWorker.get(`/intelligence/network/place/${placeId}`)).status, 404);
    assert.equal((await officer.get('/intelligence/network/young_person/00000000-0000-4000-8000-000000000000')).status, 404);
    const worker = await apiTokenFor(database.db, 'youth.worker@northbridge.example');
    assert.equal((await call('GET', `/api/v1/network/adult/${adultId}`, undefined, worker)).statusCode, 404);
    assert.equal((await call('GET', `/api/v1/network/adult/${adultId}`)).statusCode, 200);
  });

  it('changes an adult’s status, and refuses a status outside the list with a clear message', async () => {
    const refused = await officer.post(`/intelligence/adults/${adultId}/status`, { status: 'guilty', mappa: 'no' });
    assert.equal(refused.status, 400);
    assert.match(textOf(refused.body, { asOnScreen: true }), /There is a problem Choose suspected, charged, convicted or no further action/);
    const changed = await officer.post(`/intelligence/adults/${adultId}/status`, { status: 'charged', mappa: 'no' });
    assert.equal(changed.status, 303);
    assert.match(textOf((await officer.get(`/intelligence/adults/${adultId}`)).body, { asOnScreen: true }), /Status Charged/);
    assert.equal((await nurse.post(`/intelligence/adults/${adultId}/status`, { status: 'convicted', mappa: 'no' })).status, 403);
  });

  it('records a link between an adult and a young person, and refuses a link to nothing', async () => {
    const refused = await officer.post(`/intelligence/adults/${adultId}/link`, { to: '', linkKind: 'seen_with' });
    assert.equal(refused.status, 400);
    assert.match(textOf(refused.body, { asOnScreen: true }), /There is a problem Choose the record to link/);
    const linked = await officer.post(`/intelligence/adults/${adultId}/link`, { to: `young_person:${chloe}`, linkKind: 'seen_with', ...dateForm('occurredOn', 5) });
    assert.equal(linked.status, 303);
    assert.match(textOf((await officer.get(`/intelligence/adults/${adultId}`)).body, { asOnScreen: true }), /Seen with: Chloe Barnes/);
  });

  it('lets only intelligence officers and coordinators record, and refuses forms with clear messages', async () => {
    assert.equal((await nurse.get('/intelligence/adults/new')).status, 403);
    const nurseToken = await apiTokenFor(database.db, 'school.nurse@northbridge.example');
    assert.equal((await call('POST', '/api/v1/places', { kind: 'park', name: 'Rec ground' }, nurseToken)).statusCode, 403);
    const empty = await officer.post('/intelligence/places', { kind: '', name: '', postcode: 'not a postcode' });
    assert.equal(empty.status, 400);
    const text = textOf(empty.body, { asOnScreen: true });
    assert.match(text, /Choose what kind of place it is/);
    assert.match(text, /Enter a real postcode, like NB1 2MS/);
  });
});

describe('the API as partners use it', () => {
  it('gives the nurse a C-handling entry only as its sanitised text, and fewer fields of an adult', async () => {
    const nurseToken = await apiTokenFor(database.db, 'school.nurse@northbridge.example');
    const get = (url: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${nurseToken}` } });
    const entries = (await get(`/api/v1/intelligence?about=young_person:${jade}`)).json().items as { text: string; fullText: boolean; grade: string; sanitisedText: string | null }[];
    const graded = entries.find((e) => e.grade === '2BC');
    assert.ok(graded, 'the nurse knows the entry exists');
    assert.equal(graded.fullText, false);
    assert.equal(graded.sanitisedText, null);
    assert.doesNotMatch(graded.text, /covert/i);
    const adults = (await get('/api/v1/adults-of-concern')).json().items as Record<string, unknown>[];
    const dean = adults.find((a) => a.name === DEMO_ADULT);
    assert.ok(dean, 'the adult the notice concerns');
    assert.equal(dean.identifiers, undefined, 'no vehicles or phones for partners');
    assert.ok(!adults.some((a) => a.name === 'Man known as ‘Tiny’'), 'an adult linked to nobody she may see is not listed');
  });
});

describe('lookup, hotspots and what other engineers call', () => {
  it('finds every record with a registration however it is written', async () => {
    const page = textOf((await officer.get('/intelligence/identifiers?kind=vehicle&value=nb 19 xkp')).body, { asOnScreen: true });
    assert.match(page, /Adult: Dean Marsh/);
    assert.match(page, /Young person: Jade Carter/);
    assert.match(page, /Young person: Chloe Barnes/);
  });

  it('gives a place its own chronology: concerns raised there, links and intelligence', async () => {
    const page = textOf((await officer.get(`/intelligence/places/${placeId}`)).body, { asOnScreen: true });
    assert.match(page, /Concern C-\d+ raised about a young person seen here/);
    assert.match(page, /Seen at: Dean Marsh \(A-\d+\)/);
    assert.match(page, /Intelligence I-\d+ graded 2BP/);
  });

  it('ranks the takeaway first among hotspots, with two young people', async () => {
    const page = textOf((await officer.get('/intelligence/hotspots?days=90')).body, { asOnScreen: true });
    assert.match(page, /Mill Street Grill \(P-\d+\) Takeaway 2/);
  });

  it('gives the panels a viewer’s linked adults and places, and the profile counts without names', async () => {
    const nurseUser = await demoUser(database, 'school.nurse@northbridge.example');
    const linked = await linkedAdultsAndPlaces(database.db, nurseUser, jade);
    assert.ok(linked);
    assert.ok(linked.places.some((p) => p.label.startsWith('Mill Street Grill')));
    const youthWorker = await demoUser(database, 'youth.worker@northbridge.example');
    assert.equal(await linkedAdultsAndPlaces(database.db, youthWorker, jade), null);
    const counts = await areaIntelligenceCounts(database.db, nurseUser.areaId, { from: new Date(Date.now() - 365 * 86_400_000), to: new Date(Date.now() + 86_400_000) });
    assert.equal(counts.placesByKind.takeaway, 1);
    assert.ok((counts.adultsByStatus.suspected ?? 0) >= 1);
    assert.ok((counts.disruptionsByKind.cawn_issued ?? 0) >= 1);
    assert.equal(counts.topHotspotCounts[0]?.youngPeople, 2);
    assert.doesNotMatch(JSON.stringify(counts), /Mill|Dean|[0-9a-f]{8}-[0-9a-f]{4}/);
  });
});

describe('possible duplicate adults', () => {
  it('suggests the man recorded twice, by street name and by phone, and remembers “not the same person”', async () => {
    const page = await officer.get('/intelligence/duplicates');
    assert.equal(page.status, 200);
    const text = textOf(page.body, { asOnScreen: true });
    assert.match(text, /Dean Marsh \(A-\d+\) and Deano \(A-\d+\)|Deano \(A-\d+\) and Dean Marsh \(A-\d+\)/);
    assert.match(text, /Same phone number \(/);
    assert.match(text, /Same name \(dean marsh\)/);
    const [, first, second] = /name="adultId" value="([^"]+)"[\s\S]*?name="otherAdultId" value="([^"]+)"/.exec(page.body)!;
    const decided = await officer.post('/intelligence/duplicates/not-same', { adultId: first!, otherAdultId: second! });
    assert.equal(decided.status, 303);
    assert.doesNotMatch(textOf((await officer.get('/intelligence/duplicates')).body, { asOnScreen: true }), /Deano \(A-/);
    assert.equal((await nurse.get('/intelligence/duplicates')).status, 403);
  });
});

describe('what the pages leave in the audit trail', () => {
  const rowsFor = (recordKind: string, actorUserId: string) =>
    database.db.select().from(auditEvents).where(and(eq(auditEvents.recordKind, recordKind), eq(auditEvents.actorUserId, actorUserId), eq(auditEvents.action, 'view'))).orderBy(desc(auditEvents.id));

  it('writes one view of an adult’s page, naming the intelligence and steps it listed', async () => {
    const officerId = (await demoUser(database, 'intelligence@northbridge.example')).userId;
    const before = (await rowsFor('adult_of_concern', officerId)).length;
    assert.equal((await officer.get(`/intelligence/adults/${adultId}`)).status, 200);
    const rows = await rowsFor('adult_of_concern', officerId);
    assert.equal(rows.length, before + 1);
    assert.equal(rows[0]!.recordId, adultId);
    const details = rows[0]!.details as { entries?: string[]; disruptions?: string[] };
    assert.ok(Array.isArray(details.entries) && Array.isArray(details.disruptions), 'the entries and steps the page listed');
  });

  it('audits the forms that list people as views: linking an adult, recording intelligence', async () => {
    const officerId = (await demoUser(database, 'intelligence@northbridge.example')).userId;
    assert.equal((await officer.get(`/intelligence/adults/${adultId}/link`)).status, 200);
    const [link] = await rowsFor('adult_of_concern', officerId);
    assert.equal(link!.recordId, adultId);
    assert.deepEqual(link!.details, { purpose: 'link' });
    assert.equal((await officer.get(`/intelligence/entries/new?adult=${adultId}`)).status, 200);
    const [form] = await rowsFor('intelligence_entry', officerId);
    assert.deepEqual(form!.details, { purpose: 'new' });
  });

  it('answers a form that did not come from Lantern (a field sent twice) with the problem page, storing nothing', async () => {
    const before = (await database.db.select().from(adultsOfConcern)).length;
    const answer = await officer.post('/intelligence/adults', { name: ['Twice Sent', 'Again'] });
    assert.equal(answer.status, 400);
    assert.match(textOf(answer.body, { asOnScreen: true }), /There is a problem/);
    assert.equal((await database.db.select().from(adultsOfConcern)).length, before);
  });
});

/**
 * Bad input is answered with a clear 400 (a GOV.UK error on the pages, a problem document from the
 * API) and stores nothing: text PostgreSQL cannot hold, page numbers far past the end, and choices
 * that are names every JavaScript object inherits. Searching by a reference or a date of birth
 * alone works.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { createApiToken } from '../auth/api-tokens.ts';
import { youngPeople } from '../../modules/young-people/tables.ts';
import { completeApiBody } from '../../modules/risk/http-testing.ts';
import { currentVersion } from '../../modules/risk/versions.ts';
import { countRows, createTestLantern, signInAs, userIdByEmail, type TestClient, type TestLantern } from '../../test-support/index.ts';
import { MAX_PAGE, pageNumber } from './paging.ts';
import { findUnstorableText, UNSTORABLE_TEXT_MESSAGE } from './unstorable-text.ts';

const INHERITED = ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf'];

let lantern: TestLantern;
let officer: TestClient;
let coordinator: TestClient;
let nurse: TestClient;
const tokens: Record<string, string> = {};
let jade: { id: string; number: number; dateOfBirth: string | null };

before(async () => {
  lantern = await createTestLantern();
  officer = await signInAs(lantern.app, 'intelligence@northbridge.example');
  coordinator = await signInAs(lantern.app, 'coordinator@northbridge.example');
  nurse = await signInAs(lantern.app, 'school.nurse@northbridge.example');
  for (const who of ['intelligence', 'coordinator', 'school.nurse']) {
    const id = await userIdByEmail(lantern.db, `${who}@northbridge.example`);
    tokens[who] = (await createApiToken(lantern.db, { actor: null, ip: null, requestId: 'test' }, id, 'test')).token;
  }
  const [row] = await lantern.db
    .select({ id: youngPeople.id, number: youngPeople.number, dateOfBirth: youngPeople.dateOfBirth })
    .from(youngPeople)
    .where(and(eq(youngPeople.givenName, 'Jade'), eq(youngPeople.familyName, 'Carter')));
  jade = row!;
});
after(() => lantern?.close());

const api = (who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  lantern.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${tokens[who]}`, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(payload === undefined ? {} : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
  });

const adults = () => countRows(lantern.db, 'adults_of_concern');
const changes = () => countRows(lantern.db, 'audit_events', sql`action in ('create', 'update')`);

describe('text PostgreSQL cannot store', () => {
  it('finds a NUL or a broken character anywhere in a body, including a field name', () => {
    assert.equal(findUnstorableText({ name: 'Danny', aliases: ['Dee', 'Fi\u0000zz'] }, 'body'), 'body.aliases[1]');
    assert.equal(findUnstorableText({ answers: { 'ok\u0000': 'now' } }, 'body'), 'body.answers (a field name)');
    assert.equal(findUnstorableText({ text: 'half a pair \ud83d' }, 'body'), 'body.text');
    assert.equal(findUnstorableText({ text: 'a whole pair \ud83d\ude00, accents é and 漢字' }, 'body'), null);
    // Nesting deeper than the call stack allows is walked without failing.
    let deep: unknown = 'end\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    assert.match(findUnstorableText(deep, 'body') ?? '', /^body(\[0\])+$/);
  });

  it('a form with a NUL in it gets a GOV.UK error page and nothing is saved', async () => {
    const [before0, changes0] = [await adults(), await changes()];
    const page = await officer.post('/intelligence/adults', { name: 'Danny\u0000 Fenwick', status: 'suspected', mappa: 'not_known' });
    assert.equal(page.status, 400);
    assert.equal(page.title, 'Error: There is a problem – Lantern');
    assert.deepEqual(page.errors, [UNSTORABLE_TEXT_MESSAGE]);
    assert.match(page.text, /Nothing has been saved/);
    const inAList = await officer.post('/intelligence/adults', { name: 'Danny Fenwick', aliases: ['Fizz', 'Dee\u0000'], status: 'suspected', mappa: 'not_known' });
    assert.equal(inAList.status, 400);
    assert.deepEqual([await adults(), await changes()], [before0, changes0]);
    // The same form without the character is accepted, so it was the character that was refused.
    assert.equal((await officer.post('/intelligence/adults', { name: 'Danny Fenwick', status: 'suspected', mappa: 'not_known' })).status, 303);
  });

  it('a NUL in a search or in an address is refused, not sent to the database', async () => {
    const search = await nurse.get('/young-people?q=Ja%00de');
    assert.equal(search.status, 400);
    assert.deepEqual(search.errors, [UNSTORABLE_TEXT_MESSAGE]);
    assert.equal((await nurse.get('/young-people/%00')).status, 400);
    assert.equal((await api('school.nurse', 'GET', '/api/v1/young-people?q=Ja%00de')).statusCode, 400);
  });

  it('the API answers a NUL in JSON with a problem document naming the field, and saves nothing', async () => {
    const [before0, changes0] = [await adults(), await changes()];
    for (const body of [
      { name: 'Danny\u0000 Fenwick', status: 'suspected', mappa: 'not_known' },
      { name: 'Danny Fenwick', aliases: ['Fizz', 'D\u0000'], status: 'suspected', mappa: 'not_known' },
      { name: 'Danny Fenwick \udc00', status: 'suspected', mappa: 'not_known' },
    ]) {
      const response = await api('intelligence', 'POST', '/api/v1/adults-of-concern', body);
      assert.equal(response.statusCode, 400, response.body);
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
      const problem = response.json();
      assert.equal(problem.status, 400);
      assert.match(problem.detail, /^body\.(name|aliases\[1\]) contains a character Lantern cannot store/);
      assert.deepEqual(Object.values(problem.errors), ['Contains a character Lantern cannot store']);
    }
    assert.deepEqual([await adults(), await changes()], [before0, changes0]);
  });

  it('a NUL in a field name of the API is refused too', async () => {
    const assessments = await countRows(lantern.db, 'risk_assessments');
    const response = await api('school.nurse', 'POST', '/api/v1/assessments', { youngPersonId: jade.id, instrumentVersion: 1, answers: { 'ar.going\u0000': 'now' } });
    assert.equal(response.statusCode, 400);
    assert.equal(await countRows(lantern.db, 'risk_assessments'), assessments);
  });
});

describe('numbers out of range', () => {
  it('an assessment for an instrument version beyond any the database can hold is refused, not a failure', async () => {
    const assessments = await countRows(lantern.db, 'risk_assessments');
    const { instrument } = await currentVersion(lantern.db, (await lantern.db.select({ areaId: youngPeople.areaId }).from(youngPeople).where(eq(youngPeople.id, jade.id)))[0]!.areaId);
    for (const instrumentVersion of [2 ** 31, Number.MAX_SAFE_INTEGER]) {
      const body = { ...completeApiBody(instrument, jade.id, {}, { level: 'no_apparent_risk' }), instrumentVersion };
      const response = await api('coordinator', 'POST', '/api/v1/assessments', body);
      assert.equal(response.statusCode, 400, response.body);
    }
    assert.equal(await countRows(lantern.db, 'risk_assessments'), assessments);
  });
});

describe('addresses that cannot be routed', () => {
  it('a broken %-encoding or an over-long id is a GOV.UK error page, or a problem document from the API', async () => {
    const broken = await nurse.get('/young-people/%E0%A4%A');
    assert.equal(broken.status, 400);
    assert.equal(broken.h1, 'There is a problem');
    assert.match(broken.text, /This address is not written correctly/);
    const long = await nurse.get(`/young-people/${'a'.repeat(300)}`);
    assert.equal(long.status, 414);
    assert.equal(long.h1, 'There is a problem');
    for (const [url, status] of [
      ['/api/v1/concerns/%E0%A4%A', 400],
      [`/api/v1/concerns/${'a'.repeat(300)}`, 414],
    ] as const) {
      const response = await api('school.nurse', 'GET', url);
      assert.equal(response.statusCode, status, url);
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
      assert.equal(response.json().status, status);
      assert.ok(!response.body.includes('%E0') && !response.body.includes('aaaa'), 'the address is not repeated back');
    }
  });
});

describe('page numbers', () => {
  it('reads a page number leniently and never past the last page Lantern shows', () => {
    assert.equal(pageNumber(undefined), 1);
    assert.equal(pageNumber('3'), 3);
    assert.equal(pageNumber('0'), 1);
    assert.equal(pageNumber('-4'), 1);
    assert.equal(pageNumber('2.5'), 1);
    assert.equal(pageNumber('two'), 1);
    assert.equal(pageNumber(''), 1);
    assert.equal(pageNumber(['2', '3']), 1);
    assert.equal(pageNumber(String(MAX_PAGE)), MAX_PAGE);
    assert.equal(pageNumber('99999999999999999999'), MAX_PAGE);
    assert.equal(pageNumber('1e400'), 1);
  });

  it('every paged page answers a huge page number with an empty page, not an error', async () => {
    const huge = 'page=99999999999999999999';
    for (const [client, url] of [
      [nurse, `/young-people?${huge}`],
      [nurse, `/young-people/${jade.id}?${huge}`],
      [nurse, `/my-concerns?${huge}`],
      [coordinator, `/triage?${huge}`],
      [coordinator, `/young-people/duplicates?${huge}`],
      [coordinator, `/audit?${huge}`],
    ] as const) {
      const page = await client.get(url);
      assert.equal(page.status, 200, url);
      const odd = await client.get(url.replace(huge, 'page=-1&page=x'));
      assert.equal(odd.status, 200, url);
    }
  });

  it('the API refuses a page number out of range with a problem document', async () => {
    const response = await api('school.nurse', 'GET', `/api/v1/young-people/${jade.id}?page=99999999999999999999`);
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().status, 400);
    assert.equal((await api('school.nurse', 'GET', `/api/v1/young-people/${jade.id}?page=2`)).statusCode, 200);
  });
});

describe('searching young people by one thing', () => {
  it('finds a young person by reference alone or date of birth alone, on the page and in the API', async () => {
    const dob = jade.dateOfBirth!;
    const [year, month, day] = dob.split('-');
    for (const q of [`YP-${jade.number}`, `${day}/${month}/${year}`, dob]) {
      const page = await nurse.get(`/young-people?q=${encodeURIComponent(q)}`);
      assert.equal(page.status, 200, q);
      assert.ok(page.body.includes(`/young-people/${jade.id}`), `${q} finds Jade`);
      const response = await api('school.nurse', 'GET', `/api/v1/young-people?q=${encodeURIComponent(q)}`);
      assert.equal(response.statusCode, 200, q);
      assert.ok((response.json().results as { id: string }[]).some((r) => r.id === jade.id), `${q} finds Jade in the API`);
    }
    // A reference that cannot exist finds no one, without an error.
    assert.equal((await nurse.get('/young-people?q=YP-999999999999')).status, 200);
  });
});

describe('choices that every object has', () => {
  it('an adult of concern’s status or MAPPA level cannot be an inherited name, on the page or in the API', async () => {
    const [before0, changes0] = [await adults(), await changes()];
    for (const name of INHERITED) {
      const page = await officer.post('/intelligence/adults', { name: 'Kyle Orton', status: name, mappa: name });
      assert.equal(page.status, 400, name);
      assert.deepEqual(page.errors, ['Choose suspected, charged, convicted or no further action', 'Choose whether they are managed under MAPPA, or not known']);
      const response = await api('intelligence', 'POST', '/api/v1/adults-of-concern', { name: 'Kyle Orton', status: name, mappa: 'not_known' });
      assert.equal(response.statusCode, 400, name);
    }
    assert.deepEqual([await adults(), await changes()], [before0, changes0]);
  });

  it('a panel’s kind cannot be an inherited name, on the page or in the API', async () => {
    const panels = await countRows(lantern.db, 'panels');
    for (const name of INHERITED) {
      const page = await coordinator.post('/panels/new', { name: 'Northbridge MASE', kind: name, accessAfterCloseDays: '30' });
      assert.equal(page.status, 400, name);
      assert.ok(page.errors.includes('Select what kind of panel it is'), name);
      assert.equal((await api('coordinator', 'POST', '/api/v1/panels', { name: 'Northbridge MASE', kind: name })).statusCode, 400, name);
    }
    assert.equal(await countRows(lantern.db, 'panels'), panels);
  });

  it('a concern’s lawful basis for sharing cannot be an inherited name', async () => {
    const start = await nurse.post('/concerns/drafts', {}, { csrfFrom: '/concerns/new' });
    assert.equal(start.status, 303);
    const base = start.location!.replace(/\/danger$/, '');
    for (const name of INHERITED) {
      const page = await nurse.post(`${base}/sharing`, { howLearned: name, youngPersonAware: name, lawfulBasis: name }, { csrfFrom: `${base}/sharing` });
      assert.equal(page.status, 400, name);
      assert.deepEqual(page.errors, ['Select how you know about this', 'Select whether the young person knows this is being shared', 'Select the basis on which you are sharing this'], name);
    }
    const drafts = await lantern.db.execute(sql`select count(*)::int as n from concern_drafts where answers::text like '%constructor%' or answers::text like '%toString%'`);
    assert.equal((drafts as unknown as { rows: { n: number }[] }).rows[0]!.n, 0, 'no inherited name was kept in the draft');
  });

  it('an intelligence entry’s grading and a missing episode’s kind cannot be inherited names', async () => {
    const entries = await countRows(lantern.db, 'intelligence_entries');
    const page = await officer.post('/intelligence/entries', {
      text: 'Seen getting into a car outside the takeaway',
      sourceKind: 'constructor',
      sourceGrade: 'toString',
      intelligenceGrade: 'hasOwnProperty',
      handling: 'valueOf',
      receivedOn: '2026-11-01',
    });
    assert.equal(page.status, 400);
    for (const message of ['Choose what kind of source it came from', 'Grade the source 1 (reliable), 2 (untested) or 3 (not reliable)', 'Grade the intelligence A, B, C, D or E', 'Choose handling code P (may be shared) or C (may be shared with conditions)']) {
      assert.ok(page.errors.includes(message), message);
    }
    assert.equal(await countRows(lantern.db, 'intelligence_entries'), entries);

    const episodes = await countRows(lantern.db, 'missing_episodes');
    const check = await nurse.post(`/young-people/${jade.id}/missing/check`, { kind: 'constructor' }, { csrfFrom: `/young-people/${jade.id}/missing/new` });
    assert.equal(check.status, 400);
    assert.ok(check.errors.includes('Select whether they were missing or away from their placement without permission'));
    assert.equal(await countRows(lantern.db, 'missing_episodes'), episodes);
  });
});

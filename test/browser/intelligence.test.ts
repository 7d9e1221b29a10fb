/**
 * Issue 7 in a browser: Debian's Chromium driven by playwright-core, axe-core on every page
 * visited. Two agencies wrote the same car differently; the flag shows in triage; the intelligence
 * officer records a C-handling entry with a sanitised version, which is all the school nurse sees;
 * a child abduction warning notice is issued and breached and shows in both chronologies; the
 * network shows the girl, the car, the adult and the takeaway, drawn with and without JavaScript.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { youngPeople } from '../../src/modules/young-people/tables.ts';
import { adultsOfConcern } from '../../src/modules/intelligence/tables.ts';
import { DEMO_ADULT } from '../../src/modules/intelligence/demo.ts';
import { concerns } from '../../src/modules/concerns/tables.ts';
import { demoArea, makeConcern } from '../../src/modules/triage/testing.ts';
import { assertAccessible, browserSkipReason, startBrowserLantern, type BrowserLantern } from './support.ts';

let server: BrowserLantern;
let jade = '';
let adult = '';

const as = (email: string, path: string, javaScript = true): Promise<Page> => server.signedIn(email, { path, javaScriptEnabled: javaScript });

async function fillDate(page: Page, name: string, daysAgo: number) {
  const d = new Date(Date.now() - daysAgo * 86_400_000);
  await page.fill(`[name="${name}-day"]`, String(d.getUTCDate()));
  await page.fill(`[name="${name}-month"]`, String(d.getUTCMonth() + 1));
  await page.fill(`[name="${name}-year"]`, String(d.getUTCFullYear()));
}

describe('intelligence in a browser', { skip: browserSkipReason() }, () => {
  before(async () => {
    server = await startBrowserLantern();
    const db = server.lantern.database.db;
    jade = (await db.select({ id: youngPeople.id }).from(youngPeople).where(eq(youngPeople.givenName, 'Jade')))[0]!.id;
    adult = (await db.select({ id: adultsOfConcern.id }).from(adultsOfConcern).where(eq(adultsOfConcern.name, DEMO_ADULT)))[0]!.id;
  });
  after(() => server?.close());

  it('the coordinator sees the shared car flagged in the triage queue', async () => {
    const page = await as('coordinator@northbridge.example', '/triage');
    assert.match((await page.textContent('main')) ?? '', /Same vehicle in a concern about another young person/);
    await assertAccessible(page, '/triage');
  });

  it('walks the story: graded entry, sanitised for the nurse, a CAWN issued and breached, the network', async () => {
    const officer = await as('intelligence@northbridge.example', '/intelligence');
    await assertAccessible(officer, '/intelligence');
    await officer.click(`a:has-text("${DEMO_ADULT}")`);
    await assertAccessible(officer, 'adult page');
    assert.match((await officer.textContent('main')) ?? '', /NB19 X Not recognised – kept as typed/);

    // A grade outside the scheme cannot be chosen on the page, but leaving it out is refused clearly.
    await officer.click('a:has-text("Record intelligence")');
    await assertAccessible(officer, 'entry form');
    await officer.click('button:has-text("Record intelligence")');
    assert.match(await officer.title(), /^Error: /);
    await assertAccessible(officer, 'entry form with errors');
    await officer.fill('#text', 'Covert source K2 says he keeps the car at the takeaway and drives girls to Eastgate.');
    await officer.selectOption('#sourceKind', 'covert');
    await fillDate(officer, 'receivedOn', 1);
    await officer.check('#sourceGrade-2');
    await officer.check('#intelligenceGrade-2');
    await officer.check('#handling-2');
    await officer.fill('#sanitisedText', 'The adult is believed to drive girls from Northbridge to Eastgate.');
    await officer.fill('#handlingConditions', 'Social care and health only; do not raise it with the family.');
    await officer.selectOption('#youngPersonId', jade);
    await officer.click('button:has-text("Record intelligence")');
    assert.match((await officer.textContent('main')) ?? '', /graded 2BC/, (await officer.textContent('.govuk-error-summary').catch(() => '')) ?? '');
    await assertAccessible(officer, 'adult page with the entry');

    await officer.click('a:has-text("Record disruption or prosecution")');
    await assertAccessible(officer, 'disruption form');
    await officer.check('#kind');
    await fillDate(officer, 'occurredOn', 3);
    await officer.selectOption('#youngPersonId', jade);
    await officer.fill('#details', 'Served in person at his flat.');
    await officer.click('button:has-text("Record")');
    assert.match((await officer.textContent('h1')) ?? '', /Child abduction warning notice issued/);
    await assertAccessible(officer, 'notice');
    await officer.click('a:has-text("Record a breach")');
    await fillDate(officer, 'occurredOn', 1);
    await officer.selectOption('#adultId', adult);
    await officer.selectOption('#youngPersonId', jade);
    await officer.click('button:has-text("Record")');
    assert.match((await officer.textContent('h1')) ?? '', /Child abduction warning notice breached/);
    await assertAccessible(officer, 'breach');

    await officer.goto(`${server.url}/intelligence/adults/${adult}`);
    const adultText = (await officer.textContent('#chronology ~ table')) ?? '';
    assert.match(adultText, /Child abduction warning notice issued/);
    assert.match(adultText, /Child abduction warning notice breached/);

    await officer.goto(`${server.url}/intelligence/network/young_person/${jade}`);
    await officer.waitForSelector('#network-graph canvas');
    const network = (await officer.textContent('main')) ?? '';
    for (const expected of [/Jade Carter/, /nb19xkp/i, /Dean Marsh/, /Mill Street Grill/, /Chloe Barnes/]) assert.match(network, expected);
    await assertAccessible(officer, 'network');

    await officer.goto(`${server.url}/intelligence/hotspots`);
    await assertAccessible(officer, 'hotspots');
    await officer.goto(`${server.url}/intelligence/duplicates`);
    assert.match((await officer.textContent('main')) ?? '', /Deano/);
    await assertAccessible(officer, 'possible duplicates');
    await officer.goto(`${server.url}/intelligence/identifiers?kind=vehicle&value=nb19+xkp`);
    assert.match((await officer.textContent('main')) ?? '', /Young person: Chloe Barnes/);
    await assertAccessible(officer, 'identifier look-up');

    const nurse = await as('school.nurse@northbridge.example', `/young-people/${jade}/intelligence`);
    const record = (await nurse.textContent('main')) ?? '';
    assert.ok(record.includes('The adult is believed to drive girls from Northbridge to Eastgate.'), 'the nurse sees the sanitised version');
    assert.ok(!record.includes('Covert source K2'), 'never the text');
    assert.ok(record.includes('Social care and health only; do not raise it with the family.'), 'with its handling conditions');
    await assertAccessible(nurse, 'young person’s intelligence page (nurse)');
    await nurse.goto(`${server.url}/young-people/${jade}/chronology`);
    const chronology = (await nurse.textContent('main')) ?? '';
    assert.match(chronology, /Child abduction warning notice breached/);
    assert.ok(!chronology.includes('Covert source K2'), 'never the text');
    await assertAccessible(nurse, 'young person’s chronology (nurse)');
    await nurse.goto(`${server.url}/intelligence/network/young_person/${jade}`);
    assert.doesNotMatch((await nurse.textContent('main')) ?? '', /Chloe/);
    await assertAccessible(nurse, 'network (nurse)');
  });

  it('the coordinator links a concern to the place it happened at; an officer edits an adult and opens a merge', async () => {
    const db = server.lantern.database.db;
    const area = await demoArea(db);
    const concern = await makeConcern(db, { areaId: area.areaId, raisedBy: await area.user('school.nurse@northbridge.example'), youngPersonId: jade });
    await db.update(concerns).set({ whereText: 'In the back of the Mill St Grill' }).where(eq(concerns.id, concern.id));

    const coordinator = await as('coordinator@northbridge.example', `/triage/${concern.id}`);
    await assertAccessible(coordinator, 'triage page with places');
    await coordinator.click('#place ~ table button:has-text("Link")');
    assert.match((await coordinator.textContent('main')) ?? '', /Place of concern\s*Mill Street Grill/);
    await coordinator.click('summary:has-text("Record a new place")');
    await coordinator.click('button:has-text("Record the place and link the concern")');
    assert.match(await coordinator.title(), /^Error: /);
    await assertAccessible(coordinator, 'triage page with a refused place');

    const officer = await as('intelligence@northbridge.example', `/intelligence/adults/${adult}`);
    await officer.click('a:has-text("Change details")');
    await assertAccessible(officer, 'adult edit form');
    await officer.fill('#otherAreas', 'Eastgate\nWestmoor');
    await officer.click('button:has-text("Save changes")');
    assert.match((await officer.textContent('main')) ?? '', /Details changed: other areas/);
    const other = await officer.goto(`${server.url}/intelligence/adults/new`);
    assert.ok(other?.ok());
    await officer.fill('#name', 'Deano Marsh');
    await officer.click('button:has-text("Add adult")');
    await officer.goto(`${server.url}/intelligence/duplicates`);
    await officer.click('a:has-text("Merge")');
    await assertAccessible(officer, 'merge page');
    await officer.click('button:has-text("Merge the records")');
    assert.match(await officer.title(), /^Error: /);
    await assertAccessible(officer, 'merge page with errors');
  });

  it('the network works without JavaScript, as a list', async () => {
    const page = await as('intelligence@northbridge.example', `/intelligence/network/adult/${adult}`, false);
    assert.equal(await page.isHidden('#network-graph'), true);
    assert.match((await page.textContent('main')) ?? '', /Mill Street Grill/);
    // axe needs JavaScript to run; the same page with JavaScript on is checked in the story above.
  });
});

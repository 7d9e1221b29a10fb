/**
 * Issue 9 in a browser: the board member reads the problem profile, the snapshot and the return,
 * and downloads a table, without seeing a single name; the analyst combines returns and estimates
 * under-identification. axe-core's checks run on every page visited.
 *
 *   npx tsx src/test-support/run-tests.ts --test-concurrency=1 test/browser/profile.test.ts
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { youngPeople } from '../../src/modules/young-people/tables.ts';
import { adultsOfConcern, placesOfConcern } from '../../src/modules/intelligence/tables.ts';
import { assertAccessible, browserSkipReason, startBrowserLantern, type BrowserLantern } from './support.ts';

let server: BrowserLantern;
let names: string[] = [];

async function noNames(page: Page, label: string) {
  const text = await page.innerText('body');
  for (const name of names) assert.ok(!text.includes(name), `${label} shows the name ${name}`);
}

describe('the problem profile in a browser', { skip: browserSkipReason() }, () => {
  before(async () => {
    server = await startBrowserLantern();
    const people = await server.lantern.db.select({ given: youngPeople.givenName, family: youngPeople.familyName, aliases: youngPeople.aliases }).from(youngPeople);
    names = people.flatMap((p) => [p.given, p.family, ...p.aliases]).filter((n): n is string => Boolean(n && n.length > 2));
    assert.ok(names.includes('Jade'), 'the demo young people are there to look for');
    // Nor the adults and places of concern: the hotspots are numbered, not named.
    const places = await server.lantern.db.select({ name: placesOfConcern.name }).from(placesOfConcern);
    const adults = await server.lantern.db.select({ name: adultsOfConcern.name, aliases: adultsOfConcern.aliases }).from(adultsOfConcern);
    names.push(...places.map((p) => p.name), ...adults.flatMap((a) => [a.name, ...a.aliases]));
  });
  after(() => server?.close());

  it('the board member sees the profile, the snapshot and the return without a single name', async () => {
    await server.asUser('board.member@northbridge.example', async (page) => {
      await page.click('.govuk-service-navigation__link:has-text("Problem profile")');
      assert.equal(new URL(page.url()).pathname, '/profile');
      assert.match(await page.innerText('h1'), /Problem profile/);
      assert.ok(await page.isVisible('text=Boys and young men'));
      assert.ok((await page.$$('svg.lantern-chart')).length > 5, 'charts are drawn');
      await noNames(page, '/profile');
      await assertAccessible(page, '/profile');

      // An impossible period: an error summary, and nothing counted.
      await page.fill('#from-day', '31');
      await page.fill('#from-month', '2');
      await page.fill('#from-year', '2026');
      await page.click('button:has-text("Show the profile for this period")');
      await page.waitForSelector('.govuk-error-summary');
      assert.match(await page.title(), /^Error: /);
      await assertAccessible(page, '/profile with errors');

      // A table as CSV.
      await page.goto(`${server.url}/profile`);
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#table-gender a:has-text("Download this table as CSV")')]);
      assert.match(download.suggestedFilename(), /^problem-profile-gender-/);
      assert.ok(await page.isVisible('text=Hotspot 1: Takeaway'));
      const [actions] = await Promise.all([page.waitForEvent('download'), page.click('#table-panel_actions_by_agency_kind a:has-text("Download this table as CSV")')]);
      assert.match(actions.suggestedFilename(), /^problem-profile-panel_actions_by_agency_kind-/);

      await page.click('a:has-text("Snapshot of young people open on one day")');
      assert.match(await page.innerText('h1'), /Snapshot on/);
      await noNames(page, '/profile/snapshot');
      await assertAccessible(page, '/profile/snapshot');

      await page.goto(`${server.url}/returns`);
      await assertAccessible(page, '/returns');
      await page.fill('#from-month', '1');
      await page.fill('#from-year', '2025');
      await page.click('button:has-text("Prepare the return")');
      await page.waitForSelector('text=Download the return (JSON)');
      await noNames(page, '/returns');
      await assertAccessible(page, '/returns with a return');
    }, { acceptDownloads: true });
  });

  it('the analyst combines returns and estimates under-identification', async () => {
    await server.asUser('analyst@northbridge.example', async (page) => {
      const response = await page.request.get(`${server.url}/returns/download?from=2025-01&to=2025-12&format=json`);
      const doc = (await response.json()) as Record<string, unknown>;
      const other = { ...doc, areas: [{ code: 'WST', name: 'Westbridge' }] };
      await assertAccessible(page, '/returns/combine');
      await page.fill('#returns', `${JSON.stringify(doc)}\n${JSON.stringify(other)}`);
      await page.click('button:has-text("Combine the returns")');
      await page.waitForSelector('text=Download the combined return (JSON)');
      await assertAccessible(page, '/returns/combine with a result');

      await page.goto(`${server.url}/returns/combine`);
      await page.fill('#returns', JSON.stringify(doc));
      await page.click('button:has-text("Combine the returns")');
      await page.waitForSelector('.govuk-error-summary');
      await assertAccessible(page, '/returns/combine with errors');

      await page.goto(`${server.url}/returns/estimate`);
      await assertAccessible(page, '/returns/estimate');
      const csv = ['area_code,population,identified,missing_episodes,looked_after', 'AAA,24000,60,900,300', 'BBB,30000,150,1400,420', 'CCC,18000,20,700,260', 'DDD,26000,95,1000,310'].join('\n');
      await page.fill('#indicators', csv);
      await page.click('button:has-text("Estimate")');
      await page.waitForSelector('text=Identified, expected and the gap');
      await assertAccessible(page, '/returns/estimate with a result');
    }, { path: '/returns/combine' });
  });
});

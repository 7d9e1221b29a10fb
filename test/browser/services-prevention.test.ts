/**
 * The databank and the prevention log in Chromium: the coordinator searches services by need,
 * opens one, the forms, the import and a panel action's referral form; the board member reads where
 * prevention reached, with its chart. axe finds nothing and every date is written for people.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertAccessible, assertNoSidewaysScroll, browserSkipReason, DESKTOP, PHONE, startBrowserLantern, type BrowserLantern } from './support.ts';

describe('services and prevention in the browser', { skip: browserSkipReason() }, () => {
  let server: BrowserLantern;
  before(async () => {
    server = await startBrowserLantern();
  });
  after(() => server?.close());

  test('the coordinator’s databank pages and forms, and a form refused with its messages', async () => {
    await server.asUser('coordinator@northbridge.example', async (page) => {
      await page.selectOption('#need', 'sexual_health');
      await page.click('button:has-text("Search")');
      assert.match(await page.textContent('main') ?? '', /sexual health clinic/);
      await assertAccessible(page, 'services searched by need');
      await page.click('a:has-text("Read more")');
      assert.match(await page.textContent('h1') ?? '', /sexual health clinic/);
      await assertAccessible(page, 'a service');
      for (const path of ['/services/new', '/services/resources', '/services/resources/new', '/services/import', '/services?show=stale', '/prevention/sessions/new']) {
        const response = await page.goto(`${server.url}${path}`);
        assert.equal(response?.status(), 200, path);
        await assertAccessible(page, path);
      }
      await page.goto(`${server.url}/services/new`);
      await page.fill('#name', 'A service with no way to refer');
      await page.click('button:has-text("Save the service")');
      assert.match(await page.textContent('.govuk-error-summary') ?? '', /Give at least one way to refer/);
      await assertAccessible(page, 'the service form refused');
      await page.goto(`${server.url}/panels/actions/agency`);
      await page.click('a:has-text("Refer to a service")');
      assert.match(await page.textContent('h1') ?? '', /Refer to a service/);
      await assertAccessible(page, 'the referral form');
    }, { path: '/services', viewport: DESKTOP });
  });

  test('the board member sees where prevention reached, with a chart', async () => {
    await server.asUser('board.member@northbridge.example', async (page) => {
      assert.ok(await page.$('svg.lantern-chart'), 'a chart is drawn');
      assert.match(await page.textContent('main') ?? '', /No prevention sessions in NB3/);
      await assertAccessible(page, 'prevention reach');
    }, { path: '/prevention', viewport: DESKTOP });
  });

  test('on a 375px phone no page of either scrolls sideways', async () => {
    await server.asUser('coordinator@northbridge.example', async (page) => {
      for (const path of ['/services', '/services/resources', '/services/import', '/services/new', '/prevention', '/prevention/sessions/new']) {
        await page.goto(`${server.url}${path}`);
        await assertNoSidewaysScroll(page, path);
      }
      await assertAccessible(page, 'prevention form at 375px');
    }, { viewport: PHONE });
  });
});

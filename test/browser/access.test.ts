/**
 * Access in a browser, at desktop width and on a phone, with axe at every page: an administrator
 * asks for casework access and a coordinator approves it; the administrator sees and revokes an
 * API token; a practitioner uses emergency access until the area's daily limit, and the coordinator
 * is told.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { createApiToken } from '../../src/platform/auth/api-tokens.ts';
import { users } from '../../src/modules/organisation/tables.ts';
import { makeYoungPerson, demoArea } from '../../src/modules/triage/testing.ts';
import { youngPeople } from '../../src/modules/young-people/tables.ts';
import { assertAccessible, browserSkipReason, launchBrowser, signInThroughPage, startLanternServer, withContext, type LanternServer } from './support.ts';

const WIDTHS = [{ width: 1280, height: 900 }, { width: 375, height: 800 }];

describe('access: approvals, tokens and emergency access', { skip: browserSkipReason() }, () => {
  let server: LanternServer;
  let browser: Browser;

  before(async () => {
    browser = await launchBrowser();
    server = await startLanternServer();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const asUser = <T>(email: string, viewport: { width: number; height: number }, work: (page: Page) => Promise<T>): Promise<T> =>
    withContext(browser, { bypassCSP: true, viewport }, async (page) => {
      await signInThroughPage(page, server.url, email);
      return work(page);
    });

  /** axe finds nothing, and nothing makes the page scroll sideways. */
  async function check(page: Page) {
    await assertAccessible(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${page.url()} scrolls sideways by ${overflow}px at ${page.viewportSize()?.width}px`);
  }

  async function press(page: Page, button: string) {
    await Promise.all([page.waitForLoadState('load'), page.click(`button:has-text("${button}")`)]);
    await check(page);
  }

  for (const viewport of WIDTHS) {
    test(`casework access is asked for by the administrator and approved by the coordinator (${viewport.width}px)`, async () => {
      const db = server.lantern.db;
      const email = viewport.width > 400 ? 'analyst@northbridge.example' : 'board.member@northbridge.example';
      const [person] = await db.select().from(users).where(eq(users.email, email));
      await createApiToken(db, { actor: null, ip: null, requestId: 'browser-test' }, person!.id, `Reporting system ${viewport.width}`);

      await asUser('admin@northbridge.example', viewport, async (page) => {
        await page.goto(`${server.url}/admin/users/${person!.id}`);
        await check(page);
        assert.match(await page.innerText('main'), new RegExp(`Reporting system ${viewport.width}`));
        await press(page, 'Revoke');
        assert.match(await page.innerText('main'), /Revoked/);
        await page.check('input[name=role][value=practitioner]');
        await press(page, 'Save role and agency');
        assert.match(await page.innerText('main'), /waiting for a coordinator of the area to approve it/);
      });

      await asUser('coordinator@northbridge.example', viewport, async (page) => {
        await page.goto(`${server.url}/access/approvals`);
        await check(page);
        const card = page.locator('.govuk-summary-card', { hasText: person!.name });
        await card.locator('input[value=approve]').check();
        await Promise.all([page.waitForLoadState('load'), card.locator('button:has-text("Save decision")').click()]);
        await check(page);
        assert.match(await page.innerText('main'), /The change was approved/);
      });
      const [after] = await db.select().from(users).where(eq(users.id, person!.id));
      assert.equal(after!.role, 'practitioner');
    });
  }

  test('emergency access up to the daily limit, then refused, and the coordinator is told (375px)', async () => {
    const db = server.lantern.db;
    const area = await demoArea(db);
    const references: string[] = [];
    for (const [givenName, familyName] of [['Elowen', 'Carrick'], ['Tegan', 'Marlow'], ['Yasmin', 'Stroud'], ['Brooke', 'Halden']] as const) {
      const id = await makeYoungPerson(db, area.areaId, { givenName, familyName, dateOfBirth: '2010-07-07' });
      const [row] = await db.select({ number: youngPeople.number }).from(youngPeople).where(eq(youngPeople.id, id));
      references.push(`YP-${row!.number}`);
    }
    const phone = WIDTHS[1]!;
    await asUser('housing.officer@northbridge.example', phone, async (page) => {
      for (const [i, reference] of references.entries()) {
        await page.goto(`${server.url}/young-people/emergency-access`);
        await check(page);
        await page.fill('#reference', reference);
        await page.fill('#reason', 'Police have asked me to confirm where she is staying tonight, urgently.');
        await press(page, 'Open the record');
        if (i < 3) assert.match(new URL(page.url()).pathname, /^\/young-people\/[0-9a-f-]{36}$/);
        else assert.match(await page.innerText('.govuk-error-summary'), /the most your area allows/);
      }
    });
    await asUser('coordinator@northbridge.example', phone, async (page) => {
      await page.goto(`${server.url}/my-concerns`);
      await check(page);
      assert.match(await page.innerText('main'), /Emergency access limit reached/);
    });
  });
});

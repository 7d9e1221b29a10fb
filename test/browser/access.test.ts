/**
 * Access in a browser, on a 375px phone, with axe at every page: an administrator
 * asks for casework access and a coordinator approves it; the administrator sees and revokes an
 * API token; a practitioner uses emergency access until the area's daily limit, and the coordinator
 * is told.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { createApiToken } from '../../src/platform/auth/api-tokens.ts';
import { users } from '../../src/modules/organisation/tables.ts';
import { makeYoungPerson, demoArea } from '../../src/modules/triage/testing.ts';
import { youngPeople } from '../../src/modules/young-people/tables.ts';
import { assertAccessible, assertNoSidewaysScroll, browserSkipReason, PHONE, startBrowserLantern, type BrowserLantern } from './support.ts';

describe('access: approvals, tokens and emergency access', { skip: browserSkipReason() }, () => {
  let server: BrowserLantern;

  before(async () => {
    server = await startBrowserLantern();
  });
  after(() => server?.close());

  /** Every page here is seen on a phone, where these forms and lists are likeliest to crowd. */
  const asUser = <T>(email: string, path: string, work: (page: Page) => Promise<T>): Promise<T> => server.asUser(email, work, { path, viewport: PHONE });

  /** axe finds nothing, and nothing makes the page scroll sideways. */
  async function check(page: Page) {
    await assertAccessible(page);
    await assertNoSidewaysScroll(page);
  }

  async function press(page: Page, button: string) {
    await Promise.all([page.waitForLoadState('load'), page.click(`button:has-text("${button}")`)]);
    await check(page);
  }

  test('casework access is asked for by the administrator and approved by the coordinator (375px)', async () => {
    const db = server.lantern.db;
    const [person] = await db.select().from(users).where(eq(users.email, 'board.member@northbridge.example'));
    await createApiToken(db, { actor: null, ip: null, requestId: 'browser-test' }, person!.id, 'Reporting system');

    await asUser('admin@northbridge.example', `/admin/users/${person!.id}`, async (page) => {
      await check(page);
      assert.match(await page.innerText('main'), /Reporting system/);
      await press(page, 'Revoke');
      assert.match(await page.innerText('main'), /Revoked/);
      await page.check('input[name=role][value=practitioner]');
      await press(page, 'Save role and agency');
      assert.match(await page.innerText('main'), /waiting for a coordinator of the area to approve it/);
    });

    await asUser('coordinator@northbridge.example', '/access/approvals', async (page) => {
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

  test('emergency access up to the daily limit, then refused, and the coordinator is told (375px)', async () => {
    const db = server.lantern.db;
    const area = await demoArea(db);
    const references: string[] = [];
    for (const [givenName, familyName] of [['Elowen', 'Carrick'], ['Tegan', 'Marlow'], ['Yasmin', 'Stroud'], ['Brooke', 'Halden']] as const) {
      const id = await makeYoungPerson(db, area.areaId, { givenName, familyName, dateOfBirth: '2010-07-07' });
      const [row] = await db.select({ number: youngPeople.number }).from(youngPeople).where(eq(youngPeople.id, id));
      references.push(`YP-${row!.number}`);
    }
    await asUser('housing.officer@northbridge.example', '/young-people/emergency-access', async (page) => {
      for (const [i, reference] of references.entries()) {
        if (i > 0) await page.goto(`${server.url}/young-people/emergency-access`);
        await check(page);
        await page.fill('#reference', reference);
        await page.fill('#reason', 'Police have asked me to confirm where she is staying tonight, urgently.');
        await press(page, 'Open the record');
        if (i < 3) assert.match(new URL(page.url()).pathname, /^\/young-people\/[0-9a-f-]{36}$/);
        else assert.match(await page.innerText('.govuk-error-summary'), /the most your area allows/);
      }
    });
    await asUser('coordinator@northbridge.example', '/my-concerns', async (page) => {
      await check(page);
      assert.match(await page.innerText('main'), /Emergency access limit reached/);
    });
  });
});

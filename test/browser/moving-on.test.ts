/**
 * Closing and re-opening CSE work and the transition plan in a browser, as the coordinator: refused
 * a closure without a reason, closes Amira's work, sees the earlier period when re-opening it, and
 * writes Jordan's transition plan. axe-core checks each page. Skipped when Chromium is not installed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { youngPeople } from '../../src/modules/young-people/tables.ts';
import { assertAccessible, browserSkipReason, DESKTOP, startBrowserLantern, type BrowserLantern } from './support.ts';

let server: BrowserLantern;

describe('closing, re-opening and transition at 18 in a browser', { skip: browserSkipReason() }, () => {
  before(async () => {
    server = await startBrowserLantern();
  });
  after(() => server?.close());

  it('the coordinator closes, re-opens and writes a transition plan', async () => {
    const { db } = server.lantern;
    const [amira] = await db.select({ id: youngPeople.id }).from(youngPeople).where(eq(youngPeople.givenName, 'Amira'));
    const [jordan] = await db.select({ id: youngPeople.id }).from(youngPeople).where(eq(youngPeople.givenName, 'Jordan'));
    await server.asUser('coordinator@northbridge.example', async (page) => {
      await assertAccessible(page);
      await page.click('a:has-text("Close CSE work")');
      await page.waitForURL(/\/close$/);
      await assertAccessible(page);
      // No reason chosen: the error summary, and nothing closed.
      await page.fill('#youngPersonViews', 'She said she feels safer now.');
      await page.fill('#familyViews', 'Her carers agree.');
      await page.check('input[name="agreedBy"][value="coordinator"]');
      await page.click('button:has-text("Close CSE work")');
      assert.match((await page.textContent('.govuk-error-summary')) ?? '', /Choose why CSE work is closing/);
      await assertAccessible(page, 'the closure form with errors');
      await page.check('input[name="reason"][value="risk_reduced"]');
      await page.click('button:has-text("Close CSE work")');
      await page.waitForURL(/\/moving-on$/);
      assert.match((await page.textContent('main')) ?? '', /CSE work closed on/);
      await assertAccessible(page, 'the closed record');

      await page.click('a:has-text("Re-open CSE work")');
      await page.waitForURL(/\/reopen$/);
      assert.match((await page.textContent('main')) ?? '', /Earlier periods of CSE work/);
      await assertAccessible(page);
      await page.fill('#reason', 'A new concern from school.');
      await page.click('button:has-text("Re-open CSE work")');
      await page.waitForURL(/\/moving-on$/);
      assert.match((await page.textContent('main')) ?? '', /Open now/);

      await page.goto(`${server.url}/young-people/${jordan!.id}/transition-plan`);
      await assertAccessible(page);
      await page.fill('#adultServicesContact', 'Adult social care, North team');
      await page.check('input[name="adultSafeguarding"][value="not_needed"]');
      await page.fill('#wishes', 'To keep the same worker.');
      await page.click('button:has-text("Save the transition plan")');
      await page.waitForURL(/\/moving-on/);
      assert.match((await page.textContent('main')) ?? '', /Adult social care, North team/);
      await assertAccessible(page, 'the transition plan on the record');

      await page.goto(`${server.url}/moving-on/transitions?show=due-soon`);
      await assertAccessible(page);
    }, { path: `/young-people/${amira!.id}/moving-on`, viewport: DESKTOP });
  });
});

/**
 * The self-assessment in a browser as the board member: from the overview (year against year) to a
 * year, to a standard's measured figure with its period, and its action plan; axe on every page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { londonToday } from '../../src/platform/time.ts';
import { assertAccessible, browserSkipReason, DESKTOP, startBrowserLantern, type BrowserLantern } from './support.ts';

describe('self-assessment: the board member follows a standard to its evidence and action plan', { skip: browserSkipReason() }, () => {
  let server: BrowserLantern;
  const year = londonToday().slice(0, 4);

  before(async () => {
    server = await startBrowserLantern();
  });
  after(() => server?.close());

  async function follow(page: Page, selector: string) {
    await Promise.all([page.waitForLoadState('load'), page.click(selector)]);
    await assertAccessible(page);
  }

  test('from the overview to the training standard’s figure, its period and its actions', async () => {
    await server.asUser('board.member@northbridge.example', async (page) => {
      await follow(page, '.govuk-service-navigation a[href="/self-assessment"]');
      assert.match(await page.innerText('h1'), /Self-assessment/);
      assert.match(await page.innerText('#year-against-year'), /Year against year/);
      await follow(page, `a[href="/self-assessment/${year}"]`);
      assert.match(await page.innerText('h1'), new RegExp(`Self-assessment ${year}`));
      await follow(page, `a[href="/self-assessment/${year}/standards/training-1"]`);
      assert.match(await page.innerText('#evidence-figure'), /People with accounts in date with training, by agency/);
      assert.match(await page.innerText('#figure-value'), /^\d+%$/);
      assert.match(await page.innerText('#figure-period'), /measured from the records now/);
      const actions = await page.innerText('#actions + table');
      assert.match(actions, /Give housing officers the multi-agency awareness course/);
      assert.match(actions, /Northbridge Housing/);
      assert.equal(await page.locator('form[action$="/rating"]').count(), 0, 'the board reads, and does not rate');
    }, { viewport: DESKTOP });
  });

  test('the partnership lead’s forms: a rating left out is refused with the field named, and the training register reads cleanly', async () => {
    await server.asUser('partnership.lead@northbridge.example', async (page) => {
      await assertAccessible(page);
      await page.fill('#evidence', 'Fictional evidence for the test.');
      await follow(page, 'button:has-text("Save the rating")');
      assert.match(await page.innerText('.govuk-error-summary'), /The rating must be one of/);
      assert.equal(await page.inputValue('#evidence'), 'Fictional evidence for the test.', 'what was typed is kept');
      await page.goto(`${server.url}/training`);
      await assertAccessible(page);
      await follow(page, 'a:has-text("Record a session")');
      await follow(page, 'button:has-text("Record the session")');
      assert.match(await page.innerText('.govuk-error-summary'), /Choose a course from the register/);
      await page.goto(`${server.url}/my-training`);
      await assertAccessible(page);
    }, { path: `/self-assessment/${year}/standards/panel-1`, viewport: DESKTOP });
  });
});

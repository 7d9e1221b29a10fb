/**
 * Case notes and the family and network in a browser, on a 375px phone, with axe at every page: a social worker's note refused then saved, kept from other agencies when it is for
 * their agency only; someone added to Chloe's network, shown in the list and the diagram.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { londonToday } from '../../src/platform/time.ts';
import { youngPeople } from '../../src/modules/young-people/tables.ts';
import { assertAccessible, assertNoSidewaysScroll, browserSkipReason, PHONE, startBrowserLantern, type BrowserLantern } from './support.ts';

describe('casework: case notes and the family and network', { skip: browserSkipReason() }, () => {
  let server: BrowserLantern;
  let chloe = '';

  before(async () => {
    server = await startBrowserLantern();
    chloe = (await server.lantern.db.select({ id: youngPeople.id, name: youngPeople.givenName }).from(youngPeople)).find((p) => p.name === 'Chloe')!.id;
  });
  after(() => server?.close());

  /** Every page here is seen on a phone, where notes, cards and the diagram are likeliest not to fit. */
  const asUser = <T>(email: string, path: string, work: (page: Page) => Promise<T>): Promise<T> => server.asUser(email, work, { path, viewport: PHONE });

  /** axe finds nothing, and nothing makes the page scroll sideways. */
  async function check(page: Page) {
    await assertAccessible(page);
    await assertNoSidewaysScroll(page);
  }

  /**
   * The record page as a whole is left to its own tests (other modules' tables are wide on a
   * phone): here, axe, and the casework sections' notes, cards and diagram fit the screen.
   */
  async function checkRecord(page: Page) {
    await assertAccessible(page);
    const tooWide = await page.evaluate(() =>
      Array.from(document.querySelectorAll('.govuk-summary-card, svg.lantern-genogram, .govuk-inset-text')).filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).length,
    );
    assert.equal(tooWide, 0, `casework sections of ${page.url()} are wider than ${page.viewportSize()?.width}px`);
  }

  async function press(page: Page, button: string) {
    await Promise.all([page.waitForLoadState('load'), page.click(`button:has-text("${button}")`)]);
    await check(page);
  }

  test('a case note for the social worker’s agency only is refused, corrected, saved and kept from the police', async () => {
    const words = 'Spoke to Chloe about her phone';
    await asUser('social.worker@northbridge.example', `/young-people/${chloe}`, async (page) => {
      await checkRecord(page);
      await Promise.all([page.waitForLoadState('load'), page.click('.lantern-record-navigation a[href$="/case-notes"]')]);
      await checkRecord(page);
      await Promise.all([page.waitForLoadState('load'), page.click('a:has-text("Add a case note")')]);
      await check(page);
      await page.check('input[name=contactType][value=phone_call]');
      await page.fill('#text', words);
      await press(page, 'Save case note');
      assert.match(await page.innerText('.govuk-error-summary'), /Select who may read the note/);
      assert.equal(await page.inputValue('#text'), words, 'what was typed is kept');
      const [year, month, day] = londonToday().split('-');
      assert.equal(await page.inputValue('[name="contactOn-year"]'), year);
      assert.equal(await page.inputValue('[name="contactOn-month"]'), String(Number(month)));
      assert.equal(await page.inputValue('[name="contactOn-day"]'), String(Number(day)));
      await page.check('input[name=visibility][value=agency]');
      await Promise.all([page.waitForURL(/\/case-notes$/), page.click('button:has-text("Save case note")')]);
      await check(page);
      const wordsPattern = new RegExp(words);
      const main = await page.innerText('main');
      assert.match(main, wordsPattern, 'saving shows the record’s case notes with the new one');
      assert.match(main, /Northbridge Children’s Social Care only/);
      await page.goto(`${server.url}/young-people/${chloe}`);
      await checkRecord(page);
      assert.match(await page.innerText('main'), wordsPattern, 'the record’s latest chronology has the note');
    });
    await asUser('police.officer@northbridge.example', `/young-people/${chloe}/case-notes`, async (page) => {
      await check(page);
      assert.doesNotMatch(await page.innerText('main'), /Spoke to Chloe about her phone/);
      await page.goto(`${server.url}/young-people/${chloe}/chronology?kind=case_note`);
      await checkRecord(page);
      assert.doesNotMatch(await page.innerText('main'), /Spoke to Chloe about her phone/);
    });
  });

  test('someone is added to the family and network, after a refusal, and shown in the list and the diagram', async () => {
    const name = 'Auntie Rose';
    await asUser('social.worker@northbridge.example', `/young-people/${chloe}/network`, async (page) => {
      await check(page);
      assert.equal(await page.locator('svg.lantern-genogram[role=img]').count(), 1);
      await Promise.all([page.waitForLoadState('load'), page.click('a:has-text("Add someone to the family and network")')]);
      await check(page);
      await page.fill('#name', name);
      await page.selectOption('#relationship', 'other_relative');
      await page.check('input[name=parentalResponsibility][value=no]');
      await press(page, 'Save');
      assert.match(await page.innerText('.govuk-error-summary'), /Select whether the young person lives with them/);
      await page.check('input[name=livesWithYoungPerson][value=no]');
      await page.fill('#note', 'Collects her from school on Fridays');
      await press(page, 'Save');
      assert.match(page.url(), /\/network$/);
      assert.match(await page.innerText('main'), new RegExp(`${name} – Other relative`));
      assert.match(await page.locator('svg.lantern-genogram').innerHTML(), new RegExp(name));
      await page.goto(`${server.url}/young-people/${chloe}`);
      await checkRecord(page);
      await Promise.all([page.waitForLoadState('load'), page.click('.lantern-record-navigation a[href$="/network"]')]);
      await checkRecord(page);
      assert.match(await page.locator('svg.lantern-genogram').innerHTML(), new RegExp(name));
    });
  });
});

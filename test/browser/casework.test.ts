/**
 * Case notes and the family and network in a browser, at desktop width and on a phone, with axe at
 * every page: a social worker's note refused then saved, kept from other agencies when it is for
 * their agency only; someone added to Chloe's network, shown in the list and the diagram.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { londonToday } from '../../src/platform/time.ts';
import { youngPeople } from '../../src/modules/young-people/tables.ts';
import { assertAccessible, browserSkipReason, launchBrowser, signInThroughPage, startLanternServer, withContext, type LanternServer } from './support.ts';

const WIDTHS = [{ width: 1280, height: 900 }, { width: 375, height: 800 }];

describe('casework: case notes and the family and network', { skip: browserSkipReason() }, () => {
  let server: LanternServer;
  let browser: Browser;
  let chloe = '';

  before(async () => {
    browser = await launchBrowser();
    server = await startLanternServer();
    chloe = (await server.lantern.db.select({ id: youngPeople.id, name: youngPeople.givenName }).from(youngPeople)).find((p) => p.name === 'Chloe')!.id;
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

  for (const viewport of WIDTHS) {
    test(`a case note for the social worker's agency only is refused, corrected, saved and kept from the police (${viewport.width}px)`, async () => {
      const words = `Spoke to Chloe about her phone (${viewport.width})`;
      await asUser('social.worker@northbridge.example', viewport, async (page) => {
        await page.goto(`${server.url}/young-people/${chloe}`);
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
        const wordsPattern = new RegExp(words.replace(/[()]/g, '\\$&'));
        const main = await page.innerText('main');
        assert.match(main, wordsPattern, 'saving shows the record’s case notes with the new one');
        assert.match(main, /Northbridge Children’s Social Care only/);
        await page.goto(`${server.url}/young-people/${chloe}`);
        await checkRecord(page);
        assert.match(await page.innerText('main'), wordsPattern, 'the record’s latest chronology has the note');
      });
      await asUser('police.officer@northbridge.example', viewport, async (page) => {
        await page.goto(`${server.url}/young-people/${chloe}/case-notes`);
        await check(page);
        assert.doesNotMatch(await page.innerText('main'), /Spoke to Chloe about her phone/);
        await page.goto(`${server.url}/young-people/${chloe}/chronology?kind=case_note`);
        await checkRecord(page);
        assert.doesNotMatch(await page.innerText('main'), /Spoke to Chloe about her phone/);
      });
    });

    test(`someone is added to the family and network, after a refusal, and shown in the list and the diagram (${viewport.width}px)`, async () => {
      const name = `Auntie Rose ${viewport.width}`;
      await asUser('social.worker@northbridge.example', viewport, async (page) => {
        await page.goto(`${server.url}/young-people/${chloe}/network`);
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
  }
});

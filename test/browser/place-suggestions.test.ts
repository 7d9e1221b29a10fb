/**
 * A found-at address offered as a place of concern, in a browser at 375 px with axe-core on each
 * page, and on a desktop width without JavaScript: the intelligence officer reads why Chloe's "flat above
 * the takeaway, Mill Street" may be the Mill Street Grill, links it, and sees the link on the place.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { youngPeople } from '../../src/modules/young-people/tables.ts';
import { missingEpisodes } from '../../src/modules/missing/tables.ts';
import { DEMO_TAKEAWAY } from '../../src/modules/intelligence/demo.ts';
import { assertAccessible, browserSkipReason, launchBrowser, signInThroughPage, startLanternServer, withContext, type LanternServer } from './support.ts';

let server: LanternServer;
let browser: Browser;
let episodes: string[] = [];

async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `${page.url()} scrolls sideways by ${overflow}px at ${page.viewportSize()?.width}px`);
}

describe('places offered for a found-at address, in a browser', { skip: browserSkipReason() }, () => {
  before(async () => {
    browser = await launchBrowser();
    server = await startLanternServer();
    const db = server.lantern.database.db;
    const [chloe] = await db.select({ id: youngPeople.id }).from(youngPeople).where(and(eq(youngPeople.givenName, 'Chloe'), eq(youngPeople.familyName, 'Barnes')));
    episodes = (await db.select({ id: missingEpisodes.id }).from(missingEpisodes).where(and(eq(missingEpisodes.youngPersonId, chloe!.id), eq(missingEpisodes.foundWhere, 'Flat above the takeaway, Mill Street')))).map((e) => e.id);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  // axe-core is injected as a script, so it runs where JavaScript does.
  const runs = [
    { viewport: { width: 375, height: 800 }, javaScript: true },
    { viewport: { width: 1280, height: 900 }, javaScript: false },
  ];
  for (const [index, { viewport, javaScript }] of runs.entries()) {
    it(`links a suggested place from the episode page at ${viewport.width}px ${javaScript ? 'with' : 'without'} JavaScript`, async () => {
      await withContext(browser, { bypassCSP: true, javaScriptEnabled: javaScript, viewport }, async (page) => {
        const checked = async (what: string, sideways = true) => {
          if (javaScript) await assertAccessible(page, what);
          if (sideways) await noSidewaysScroll(page);
        };
        await signInThroughPage(page, server.url, 'intelligence@northbridge.example');
        await page.goto(`${server.url}/missing/${episodes[index]}`);
        const main = (await page.textContent('main')) ?? '';
        assert.match(main, /Possibly the same place/);
        assert.match(main, /on the same street, Mill Street/);
        await checked('episode page with a suggested place');
        await Promise.all([page.waitForURL(/done=place-linked/), page.click(`#places ~ .govuk-summary-card button:has-text("Link")`)]);
        assert.match((await page.textContent('main')) ?? '', new RegExp(`Linked to ${DEMO_TAKEAWAY}`));
        await checked('episode page after linking');
        await page.click(`a:has-text("${DEMO_TAKEAWAY}")`);
        assert.match((await page.textContent('main')) ?? '', /Seen at: Chloe Barnes/);
        // The place's table of linked concerns is wider than a phone (it was before these suggestions); the suggestions' cards are not.
        await checked('place page with records that may mention it', false);
        const cards = await page.evaluate(() => Array.from(document.querySelectorAll('#suggested ~ .govuk-summary-card')).map((e) => e.getBoundingClientRect().right));
        assert.ok(cards.length >= 1, 'Chloe’s other episodes found above the takeaway are still offered');
        assert.ok(Math.max(...cards) <= viewport.width, `the suggestions reach ${Math.max(...cards)}px`);
      });
    });
  }
});

/**
 * A found-at address offered as a place of concern, in a browser at 375 px with axe-core on each
 * page, and on a desktop width without JavaScript: the intelligence officer reads why Chloe's "flat above
 * the takeaway, Mill Street" may be the Mill Street Grill, links it, and sees the link on the place.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { youngPeople } from '../../src/modules/young-people/tables.ts';
import { missingEpisodes } from '../../src/modules/missing/tables.ts';
import { DEMO_TAKEAWAY } from '../../src/modules/intelligence/demo.ts';
import { assertAccessible, assertNoSidewaysScroll, browserSkipReason, DESKTOP, PHONE, startBrowserLantern, type BrowserLantern } from './support.ts';

let server: BrowserLantern;
let episodes: string[] = [];

describe('places offered for a found-at address, in a browser', { skip: browserSkipReason() }, () => {
  before(async () => {
    server = await startBrowserLantern();
    const db = server.lantern.database.db;
    const [chloe] = await db.select({ id: youngPeople.id }).from(youngPeople).where(and(eq(youngPeople.givenName, 'Chloe'), eq(youngPeople.familyName, 'Barnes')));
    episodes = (await db.select({ id: missingEpisodes.id }).from(missingEpisodes).where(and(eq(missingEpisodes.youngPersonId, chloe!.id), eq(missingEpisodes.foundWhere, 'Flat above the takeaway, Mill Street')))).map((e) => e.id);
  });
  after(() => server?.close());

  // axe-core is injected as a script, so it runs where JavaScript does.
  const runs = [
    { viewport: PHONE, javaScript: true },
    { viewport: DESKTOP, javaScript: false },
  ];
  for (const [index, { viewport, javaScript }] of runs.entries()) {
    it(`links a suggested place from the episode page at ${viewport.width}px ${javaScript ? 'with' : 'without'} JavaScript`, async () => {
      await server.asUser('intelligence@northbridge.example', async (page) => {
        const checked = async (what: string, sideways = true) => {
          if (javaScript) await assertAccessible(page, what);
          if (sideways) await assertNoSidewaysScroll(page);
        };
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
      }, { path: `/missing/${episodes[index]}`, javaScriptEnabled: javaScript, viewport });
    });
  }
});

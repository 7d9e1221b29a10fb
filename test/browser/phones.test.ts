/**
 * Lantern on a phone: every demo role, in Chromium 375 px wide, visits the pages its navigation
 * offers and the main journeys from them (a young person's record and each of its sections, a
 * missing episode, a concern at triage, a panel meeting and its case pack). No page may scroll
 * sideways, and its dates must read as GOV.UK dates. A journey is walked through one record of each
 * kind (pages of the same template for other records look the same), and axe-core, which takes most
 * of the time, runs once per template at phone width: it must find nothing. The coordinator's record
 * journey is walked at 320 px too, and the chronology must read in full (no entry cut short).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test, type TestContext } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_USERS, type DemoUser } from '../../src/modules/demo/people.ts';
import { assertAccessible, assertReadableDates, browserSkipReason, navigationLinks, PHONE, signInThroughPage, startBrowserLantern, withContext, type BrowserLantern } from './support.ts';

/** Links in the page's main content that start a journey worth walking on a phone. */
/** A page's template: its path with record ids (and numbers) replaced. */
const templateOf = (path: string) => path.split('?')[0]!.replace(/\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?=\/|$)/gi, '/:id').replace(/\/\d+(?=\/|$)/g, '/:n');

const JOURNEY_LINKS = [
  'main a[href^="/young-people/"]:not([href$="/new"])',
  'main a[href^="/missing/"]:not([href$="/new"])',
  'main a[href^="/triage/"]',
  'main a[href^="/panels/meetings/"]',
  'main a[href$="/pack"]',
  'main a[href^="/intelligence/adults/"]',
  'main a[href^="/risk/assessments/"]',
];

describe('every page on a phone', { skip: browserSkipReason() }, () => {
  let server: BrowserLantern;

  before(async () => {
    server = await startBrowserLantern();
  });
  after(() => server?.close());

  /** Templates axe-core has checked at phone width (by any role). */
  const axeChecked = new Set<string>();

  /** Opens a page, checks it does not scroll sideways, and that axe finds nothing the first time its template is seen. */
  async function visit(page: Page, path: string, who: string): Promise<void> {
    const response = await page.goto(`${server.url}${path}`);
    assert.equal(response?.status(), 200, `${who}: ${path} answered ${response?.status()}`);
    const { scrollWidth, clientWidth, wide } = await page.evaluate(() => {
      const root = document.documentElement;
      if (root.scrollWidth <= root.clientWidth) return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide: [] as string[] };
      // The innermost elements that reach past the right edge, to say what is too wide.
      const wide = Array.from(document.querySelectorAll('body *'))
        .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1 && !Array.from(el.children).some((c) => c.getBoundingClientRect().right > root.clientWidth + 1))
        .slice(0, 3)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
      return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide };
    });
    assert.ok(scrollWidth <= clientWidth, `${who}: ${path} scrolls sideways (${scrollWidth} px wide in ${clientWidth} px): ${wide.join(', ')}`);
    const template = templateOf(path);
    if (axeChecked.has(template)) await assertReadableDates(page, `${path} at ${clientWidth} px`);
    else {
      await assertAccessible(page, `${path} at ${clientWidth} px`);
      axeChecked.add(template);
    }
  }

  /** The first link of each journey on the page, not yet visited. */
  async function journeysFrom(page: Page, visited: Set<string>): Promise<string[]> {
    // One look at the page for every kind of journey: each look costs a round trip to Chromium.
    const links = await page.evaluate((selectors) => selectors.map((selector) => Array.from(document.querySelectorAll(selector), (a) => a.getAttribute('href') ?? '')), JOURNEY_LINKS);
    const found: string[] = [];
    for (const hrefs of links) {
      const next = hrefs.map((h) => h.split('#')[0]!).find((h) => h && !visited.has(h) && !found.includes(h) && !/\.(pdf|csv)$|download/.test(h));
      if (next) found.push(next);
    }
    return found;
  }

  async function walk(page: Page, user: DemoUser, start: string[], limit: number): Promise<string[]> {
    const visited = new Set<string>();
    const templates = new Set<string>();
    const queue = [...start];
    while (queue.length && visited.size < limit) {
      const path = queue.shift()!;
      // One record of each kind: the same template for another record is the same journey.
      if (visited.has(path) || templates.has(templateOf(path))) continue;
      visited.add(path);
      templates.add(templateOf(path));
      await visit(page, path, user.role);
      queue.push(...(await journeysFrom(page, visited)));
      // A record's sections, from its sub-navigation.
      if (/^\/young-people\/[0-9a-f-]{36}$/.test(path)) {
        const sections = await page.$$eval('.moj-sub-navigation__link', (links) => links.map((a) => a.getAttribute('href') ?? ''));
        queue.unshift(...sections.filter((s) => !visited.has(s)));
      }
    }
    return [...visited];
  }

  for (const user of DEMO_USERS) {
    test(`${user.description} at 375 px`, async (t: TestContext) => {
      const visited = await withContext(server.browser, { bypassCSP: true, viewport: PHONE }, async (page) => {
        await signInThroughPage(page, server.url, user.email);
        return walk(page, user, await navigationLinks(page), 30);
      });
      assert.ok(visited.includes('/'), 'the home page was checked');
      t.diagnostic(`checked: ${visited.join(' ')}`);
    });
  }

  test('the coordinator’s record journey at 320 px, with the chronology in full', async () => {
    const coordinator = DEMO_USERS.find((u) => u.role === 'coordinator')!;
    await server.asUser(coordinator.email, async (page) => {
      const record = (await page.getAttribute('main a[href^="/young-people/"]', 'href'))!;
      const visited = await walk(page, coordinator, [record], 15);
      assert.ok(visited.includes(`${record}/chronology`), 'the chronology was visited');
      await page.goto(`${server.url}${record}/chronology`);
      const entries = await page.$$eval('.moj-timeline__description', (items) => items.map((el) => ({ text: el.textContent?.trim() ?? '', fits: el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight + 1 })));
      assert.ok(entries.length > 5, 'the chronology has entries');
      assert.ok(entries.every((e) => e.fits), 'no entry is cut off');
      assert.ok(entries.some((e) => e.text.length > 200), 'long entries are shown whole');
    }, { path: '/young-people?q=Chloe', viewport: { width: 320, height: 640 } });
  });
});

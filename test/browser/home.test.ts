/**
 * The working day's first page in Chromium: the coordinator's worklists, each count opening the
 * list it counted, on a 375px phone (where a worklist is likeliest to crowd the page); axe finds
 * nothing and every date is written for people on each page visited. Then the home page of the
 * other roles with worklists.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertAccessible, assertNoSidewaysScroll, browserSkipReason, machineDatesIn, PHONE, startBrowserLantern, type BrowserLantern } from './support.ts';

describe('a date or time in a machine’s style is caught', () => {
  test('ISO dates, 24-hour stamps and UTC are found; GOV.UK dates, times and references are not', () => {
    assert.deepEqual(machineDatesIn('Due 2026-12-02 at 09:30:00, or 09:30Z (UTC)'), ['2026-12-02', '09:30:00', '09:30Z', 'UTC']);
    assert.deepEqual(machineDatesIn('Due by 2 December 2026, 9:30am. YP-2, C-10, M-12, A-3; call 0800 111 222; 2026 to 2027'), []);
  });
});

describe('the coordinator’s home page in the browser', { skip: browserSkipReason() }, () => {
  let server: BrowserLantern;
  before(async () => {
    server = await startBrowserLantern();
  });
  after(() => server?.close());

  test('shows each worklist’s counts and the lists they open, at 375px', async () => {
    await server.asUser(
      'coordinator@northbridge.example',
      async (page) => {
        const headings = await page.$$eval('.lantern-worklist h2', (hs) => hs.map((h) => h.textContent?.trim() ?? ''));
        for (const expected of ['Concerns to triage', 'Emergency access', 'Records that may be the same young person', 'Risk assessment reviews', 'Missing episodes', 'Referrals to panels', 'Panel actions overdue, by agency']) {
          assert.ok(headings.includes(expected), `the home page has “${expected}” (it has ${headings.join(', ')})`);
        }
        const triage = await page.textContent('.lantern-worklist a[href="/triage"]');
        assert.match(triage ?? '', /^\d+ concerns? waiting for triage$/);
        await assertAccessible(page, 'home');
        await assertNoSidewaysScroll(page, 'home');

        const links = await page.$$eval('.lantern-worklist a', (as) => as.map((a) => a.getAttribute('href') ?? ''));
        assert.ok(links.length >= 10, 'a link for each count');
        for (const href of new Set(links)) {
          const response = await page.goto(`${server.url}${href}`);
          assert.equal(response?.status(), 200, `${href} answered ${response?.status()}`);
          await assertAccessible(page, href);
        }
      },
      { viewport: PHONE },
    );
  });

  test('the other roles with work see their own counts', async () => {
    const expected: Record<string, RegExp> = {
      'police.officer@northbridge.example': /\d+ open actions? of yours/,
      'education.lead@northbridge.example': /\d+ open actions? for Northbridge Schools and Colleges/,
      'intelligence@northbridge.example': /\d+ identifiers? not recognised/,
    };
    for (const [email, pattern] of Object.entries(expected)) {
      await server.asUser(
        email,
        async (page) => {
          assert.match(await page.evaluate(() => document.body.innerText), pattern, email);
          await assertAccessible(page, `home of ${email}`);
          await assertNoSidewaysScroll(page, `home of ${email}`);
        },
        { viewport: PHONE },
      );
    }
  });
});

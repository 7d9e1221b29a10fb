/**
 * Issue 6 in a browser: Debian's Chromium driven by playwright-core, with axe-core's checks on
 * every page visited. Skipped when Chromium is not installed.
 *
 *   npm run test:browser
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { youngPeople } from '../../src/modules/young-people/tables.ts';
import { dateTimeForm, londonAt } from '../../src/modules/missing/testing.ts';
import { assertAccessible, browserSkipReason, startBrowserLantern, type BrowserLantern } from './support.ts';

let server: BrowserLantern;
let base = '';
let chloe = '';

async function fillDateTime(page: Page, prefix: string, when: Date) {
  for (const [name, value] of Object.entries(dateTimeForm(prefix, when))) await page.fill(`[name="${name}"]`, value);
}

describe('missing episodes in a browser', { skip: browserSkipReason() }, () => {
  before(async () => {
    server = await startBrowserLantern();
    base = server.url;
    chloe = (await server.lantern.db.select({ id: youngPeople.id, name: youngPeople.givenName }).from(youngPeople)).find((p) => p.name === 'Chloe')!.id;
  });
  after(() => server?.close());

  it('police record a looked-after girl missing at night; the coordinator sees the meeting due; she comes back; the interview is held; the learning shows', async () => {
    const police = await server.signedIn('police.officer@northbridge.example', { path: `/young-people/${chloe}/missing` });
    await assertAccessible(police);
    await police.click('text=Record a missing episode');
    await assertAccessible(police);
    await police.click('button:has-text("Continue")');
    assert.match(await police.title(), /^Error: /);
    await assertAccessible(police);
    await police.check('#kind');
    await fillDateTime(police, 'lastSeenAt', londonAt(2, 23, 15));
    await police.fill('#lastSeenWhere', 'Leaving Elm House by the back gate');
    await police.fill('#reportedBy', 'Night staff at Elm House');
    await police.click('button:has-text("Continue")');
    await assertAccessible(police);
    await police.click('button:has-text("Record missing episode")');
    assert.match(await police.textContent('h1') ?? '', /Missing episode recorded/);
    await assertAccessible(police);
    await police.click('text=View the episode');
    const episodeUrl = police.url();

    const coordinator = await server.signedIn('coordinator@northbridge.example', { path: '/missing' });
    assert.match(await coordinator.textContent('main') ?? '', /Strategy meetings for looked-after young people[\s\S]*Chloe Barnes[\s\S]*Due/);
    await assertAccessible(coordinator);

    await police.click('text=Record their return');
    await assertAccessible(police);
    await fillDateTime(police, 'returnedAt', londonAt(1, 7, 40));
    await police.fill('#foundWhere', 'Quay Road Snooker Hall');
    await police.fill('#foundWithAdults', 'Man known as ‘Deano’');
    await police.check('#howReturned-2');
    await police.click('button:has-text("Record their return")');
    await assertAccessible(police);

    await coordinator.goto(episodeUrl);
    assert.match(await coordinator.textContent('main') ?? '', /Linked to other young people[\s\S]*Quay Road Snooker Hall[\s\S]*Amira Hassan/);
    await assertAccessible(coordinator);

    const harbour = await server.signedIn('harbour.worker@northbridge.example', { path: new URL(episodeUrl).pathname });
    await harbour.click('text=Record the offer of a return interview');
    await assertAccessible(harbour);
    await fillDateTime(harbour, 'offeredAt', londonAt(1, 10, 0));
    await harbour.fill('#interviewerName', 'Niamh Doyle');
    await harbour.check('#independent');
    await harbour.check('#response-2');
    await harbour.click('button:has-text("Save and continue")');
    await assertAccessible(harbour);
    await fillDateTime(harbour, 'completedAt', londonAt(1, 15, 0));
    await harbour.check('input[name="pullFactors"][value="older_partner"]');
    await harbour.check('#disclosure-2');
    await harbour.fill('#learning', 'Drawn to the snooker hall by an older man who gives her alcohol.');
    await harbour.click('button:has-text("Save what was learned")');
    await assertAccessible(harbour);

    await police.goto(`${base}/young-people/${chloe}/missing`);
    assert.match(await police.textContent('main') ?? '', /Learned at recent return interviews[\s\S]*Drawn to the snooker hall/);
    await assertAccessible(police);
    await coordinator.goto(`${base}/missing`);
    await assertAccessible(coordinator);
  });
});

/**
 * Issue 6 in a browser: Debian's Chromium driven by playwright-core, with axe-core's WCAG 2.1 AA
 * checks on every page visited. Skipped when Chromium is not installed.
 *
 *   npm run test:browser
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { youngPeople } from '../../src/modules/young-people/tables.ts';
import { dateTimeForm, londonAt } from '../../src/modules/missing/testing.ts';
import { signInThroughPage, startLanternServer, type LanternServer } from './support.ts';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
const AXE = fs.readFileSync(path.resolve('node_modules/axe-core/axe.min.js'), 'utf8');

let server: LanternServer;
let browser: Browser;
let base = '';
let chloe = '';

async function axe(page: Page) {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(async () => (window as unknown as { axe: { run: (d: Document, o: unknown) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
  assert.deepEqual(
    result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    [],
    `accessibility problems on ${page.url()}`,
  );
}

async function signIn(email: string): Promise<Page> {
  // axe is injected as a script; the pages' content security policy would (rightly) refuse it.
  const page = await (await browser.newContext({ bypassCSP: true })).newPage();
  await signInThroughPage(page, base, email);
  return page;
}

async function fillDateTime(page: Page, prefix: string, when: Date) {
  for (const [name, value] of Object.entries(dateTimeForm(prefix, when))) await page.fill(`[name="${name}"]`, value);
}

describe('missing episodes in a browser', { skip: CHROMIUM ? false : 'Chromium is not installed' }, () => {
  before(async () => {
    server = await startLanternServer();
    base = server.url;
    chloe = (await server.lantern.db.select({ id: youngPeople.id, name: youngPeople.givenName }).from(youngPeople)).find((p) => p.name === 'Chloe')!.id;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('police record a looked-after girl missing at night; the coordinator sees the meeting due; she comes back; the interview is held; the learning shows', async () => {
    const police = await signIn('police.officer@northbridge.example');
    await police.goto(`${base}/young-people/${chloe}/missing`);
    await axe(police);
    await police.click('text=Record a missing episode');
    await axe(police);
    await police.click('button:has-text("Continue")');
    assert.match(await police.title(), /^Error: /);
    await axe(police);
    await police.check('#kind');
    await fillDateTime(police, 'lastSeenAt', londonAt(2, 23, 15));
    await police.fill('#lastSeenWhere', 'Leaving Elm House by the back gate');
    await police.fill('#reportedBy', 'Night staff at Elm House');
    await police.click('button:has-text("Continue")');
    await axe(police);
    await police.click('button:has-text("Record missing episode")');
    assert.match(await police.textContent('h1') ?? '', /Missing episode recorded/);
    await axe(police);
    await police.click('text=View the episode');
    const episodeUrl = police.url();

    const coordinator = await signIn('coordinator@northbridge.example');
    await coordinator.goto(`${base}/missing`);
    assert.match(await coordinator.textContent('main') ?? '', /Strategy meetings for looked-after young people[\s\S]*Chloe Barnes[\s\S]*Due/);
    await axe(coordinator);

    await police.click('text=Record their return');
    await axe(police);
    await fillDateTime(police, 'returnedAt', londonAt(1, 7, 40));
    await police.fill('#foundWhere', 'Quay Road Snooker Hall');
    await police.fill('#foundWithAdults', 'Man known as ‘Deano’');
    await police.check('#howReturned-2');
    await police.click('button:has-text("Record their return")');
    await axe(police);

    await coordinator.goto(episodeUrl);
    assert.match(await coordinator.textContent('main') ?? '', /Linked to other young people[\s\S]*Quay Road Snooker Hall[\s\S]*Amira Hassan/);
    await axe(coordinator);

    const harbour = await signIn('harbour.worker@northbridge.example');
    await harbour.goto(episodeUrl);
    await harbour.click('text=Record the offer of a return interview');
    await axe(harbour);
    await fillDateTime(harbour, 'offeredAt', londonAt(1, 10, 0));
    await harbour.fill('#interviewerName', 'Niamh Doyle');
    await harbour.check('#independent');
    await harbour.check('#response-2');
    await harbour.click('button:has-text("Save and continue")');
    await axe(harbour);
    await fillDateTime(harbour, 'completedAt', londonAt(1, 15, 0));
    await harbour.check('input[name="pullFactors"][value="older_partner"]');
    await harbour.check('#disclosure-2');
    await harbour.fill('#learning', 'Drawn to the snooker hall by an older man who gives her alcohol.');
    await harbour.click('button:has-text("Save what was learned")');
    await axe(harbour);

    await police.goto(`${base}/young-people/${chloe}/missing`);
    assert.match(await police.textContent('main') ?? '', /Learned at recent return interviews[\s\S]*Drawn to the snooker hall/);
    await axe(police);
    await coordinator.goto(`${base}/missing`);
    await axe(coordinator);
  });
});

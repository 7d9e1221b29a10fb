/**
 * Issue 5 in a browser: the "Done means" story with the demo data, axe-core on every page visited:
 * two young people and the demo takeaway (a place of concern) accepted, discussed and minuted.
 *
 *   npx tsx src/test-support/run-tests.ts --test-concurrency=1 test/browser/panels.test.ts
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { and, eq, sql } from 'drizzle-orm';
import { youngPeople } from '../../src/modules/young-people/tables.ts';
import { panelMeetings, panels } from '../../src/modules/panels/tables.ts';
import { DEMO_PANEL_NAME } from '../../src/modules/panels/demo.ts';
import { addDays, londonToday } from '../../src/platform/time.ts';
import { assertAccessible, browserSkipReason, startBrowserLantern, type BrowserLantern } from './support.ts';

let server: BrowserLantern;
const people: Record<string, string> = {};
let meetingId = '';

/** A page signed in as `email` at `url`, checked as go() checks it. */
async function open(email: string, url: string): Promise<Page> {
  const page = await server.signedIn(email, { path: url, acceptDownloads: true });
  assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, url);
  await assertAccessible(page);
  return page;
}

async function go(page: Page, url: string) {
  const response = await page.goto(`${server.url}${url}`);
  assert.equal(response?.status(), 200, `${url} answered ${response?.status()}`);
  await assertAccessible(page);
}

async function submit(page: Page, button: string) {
  await Promise.all([page.waitForLoadState('load'), page.click(`button:has-text("${button}")`)]);
  await assertAccessible(page);
}

async function fillDate(page: Page, prefix: string, iso: string) {
  const [y, m, d] = iso.split('-');
  await page.fill(`[name="${prefix}-day"]`, String(Number(d)));
  await page.fill(`[name="${prefix}-month"]`, String(Number(m)));
  await page.fill(`[name="${prefix}-year"]`, y!);
}

describe('multi-agency panels in a browser', { skip: browserSkipReason() }, () => {
  before(async () => {
    server = await startBrowserLantern();
    const db = server.lantern.db;
    for (const p of await db.select({ id: youngPeople.id, name: youngPeople.givenName }).from(youngPeople)) people[p.name!] = p.id;
    const [panel] = await db.select().from(panels).where(eq(panels.name, DEMO_PANEL_NAME));
    const [next] = await db.select().from(panelMeetings).where(and(eq(panelMeetings.panelId, panel!.id), sql`${panelMeetings.minutesClosedAt} is null`));
    meetingId = next!.id;
  });
  after(() => server?.close());

  it('referral to feedback: accept, agenda, case pack, meeting, minutes, feedback, overdue action', async () => {
    // The coordinator accepts the three waiting referrals: two young people and a place of concern.
    const coordinator = await open('coordinator@northbridge.example', '/panels');
    assert.match(await coordinator.textContent('main') ?? '', /Referrals waiting for a decision/);
    for (const name of ['Jade Carter', 'Chloe Barnes', 'Mill Street Grill']) {
      await go(coordinator, '/panels');
      await Promise.all([coordinator.waitForLoadState('load'), coordinator.click(`tr:has-text("${name}") a`)]);
      await assertAccessible(coordinator);
      await submit(coordinator, 'Save decision');
      assert.match(await coordinator.title(), /^Error: /, 'no decision chosen');
      await coordinator.check('input[name="decision"][value="accept"]');
      await submit(coordinator, 'Save decision');
      assert.match(await coordinator.textContent('main') ?? '', /has been accepted/);
    }

    // Builds and issues the agenda.
    await go(coordinator, `/panels/meetings/${meetingId}`);
    await submit(coordinator, 'Add accepted referrals and reviews due');
    assert.match(await coordinator.textContent('main') ?? '', /Jade Carter/);
    assert.match(await coordinator.textContent('main') ?? '', /Mill Street Grill \(P-\d+\)/);
    await submit(coordinator, 'Issue the agenda to members');
    assert.match(await coordinator.textContent('main') ?? '', /The agenda has been issued/);

    // The police panel member opens a case pack, downloads the PDF, and cannot open Ryan.
    const police = await open('panel.member@northbridge.example', '/panels');
    await Promise.all([police.waitForLoadState('load'), police.click('a:has-text("Agenda issued")')]);
    await assertAccessible(police);
    await Promise.all([police.waitForLoadState('load'), police.click('a:has-text("Jade Carter")')]);
    await assertAccessible(police);
    await Promise.all([police.waitForLoadState('load'), police.click('a:has-text("Open the case pack")')]);
    await assertAccessible(police);
    assert.match(await police.textContent('main') ?? '', /Current level of risk and why/);
    assert.match(await police.textContent('main') ?? '', /Linked adults and places[\s\S]*Mill Street Grill/, "the takeaway where Jade was seen, in her pack");
    const [download] = await Promise.all([police.waitForEvent('download'), police.click('a:has-text("Download as PDF")')]);
    const file = await download.path();
    const { readFile } = await import('node:fs/promises');
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const pdf = await getDocument({ data: new Uint8Array(await readFile(file)), standardFontDataUrl: path.join(process.cwd(), 'node_modules/pdfjs-dist/standard_fonts/') }).promise;
    const firstPage = await (await pdf.getPage(1)).getTextContent();
    assert.match(firstPage.items.map((i) => ('str' in i ? i.str : '')).join(' '), /Jade Carter/);
    // The place's own pack: its details, the young people linked to it, intelligence and disruption.
    await go(police, `/panels/meetings/${meetingId}`);
    await Promise.all([police.waitForLoadState('load'), police.click('a:has-text("Mill Street Grill")')]);
    await assertAccessible(police);
    await Promise.all([police.waitForLoadState('load'), police.click('a:has-text("Open the case pack")')]);
    await assertAccessible(police);
    const placePack = (await police.textContent('main')) ?? '';
    assert.match(placePack, /Young people linked to the place/);
    assert.match(placePack, /Jade Carter/);
    assert.match(placePack, /stays open after its licensed hours/, 'the P-handling demo intelligence');
    const ryan = await police.goto(`${server.url}/young-people/${people.Ryan}`);
    assert.equal(ryan?.status(), 404, 'Ryan is not on the agenda');
    await assertAccessible(police);

    // The meeting: attendance, a decision refused then saved, an action refused then added.
    await go(coordinator, `/panels/meetings/${meetingId}`);
    for (const radio of await coordinator.$$('input[type="radio"][value="present"]')) await radio.check();
    await coordinator.check('fieldset:has-text("Grace Adeyemi") input[value="apologies"]');
    await submit(coordinator, 'Save attendance');
    await submit(coordinator, 'Close and publish the minutes');
    assert.match(await coordinator.title(), /^Error: /, 'items still open');
    const review = addDays(londonToday(), 28);
    for (const name of ['Jade Carter', 'Chloe Barnes']) {
      await go(coordinator, `/panels/meetings/${meetingId}`);
      await Promise.all([coordinator.waitForLoadState('load'), coordinator.click(`a:has-text("${name}")`)]);
      await assertAccessible(coordinator);
      await submit(coordinator, 'Save decision');
      assert.match(await coordinator.title(), /^Error: /);
      await coordinator.check('input[name="levelAgreed"][value="at_risk"]');
      await coordinator.fill('#plan', 'Agencies to share what they see each week; police to identify the adults involved.');
      await coordinator.check('input[name="childProtectionReferral"][value="no"]');
      await fillDate(coordinator, 'nextReviewOn', review);
      await submit(coordinator, 'Save decision');
      assert.doesNotMatch(await coordinator.title(), /^Error: /);
      await coordinator.fill('#description', `Follow up the adults around ${name.split(' ')[0]}.`);
      await submit(coordinator, 'Add action');
      assert.match(await coordinator.title(), /^Error: /, 'no owner, no due date');
      await coordinator.selectOption('#ownerAgencyId', { label: 'Northbridge Police' });
      await fillDate(coordinator, 'dueOn', addDays(londonToday(), 14));
      await submit(coordinator, 'Add action');
      assert.doesNotMatch(await coordinator.title(), /^Error: /);
    }
    // The place: no level of risk to agree, a plan and disruption instead.
    await go(coordinator, `/panels/meetings/${meetingId}`);
    await Promise.all([coordinator.waitForLoadState('load'), coordinator.click('a:has-text("Mill Street Grill")')]);
    await assertAccessible(coordinator);
    await coordinator.fill('#plan', 'Licensing review of the late opening; patrols on Thursday to Saturday nights.');
    await coordinator.fill('#disruption', 'Ask the council to review the takeaway licence.');
    await coordinator.check('input[name="childProtectionReferral"][value="no"]');
    await fillDate(coordinator, 'nextReviewOn', review);
    await submit(coordinator, 'Save decision');
    assert.doesNotMatch(await coordinator.title(), /^Error: /);
    await go(coordinator, `/panels/meetings/${meetingId}`);
    await submit(coordinator, 'Close and publish the minutes');
    assert.match(await coordinator.textContent('main') ?? '', /The minutes have been published/);
    await go(police, `/panels/meetings/${meetingId}/minutes`);

    // The school nurse who raised a concern about Jade hears about it.
    const nurse = await open('school.nurse@northbridge.example', '/my-concerns');
    assert.match(await nurse.textContent('main') ?? '', /was discussed at a multi-agency meeting/);

    // The police agency's page shows its overdue action.
    const officer = await open('police.officer@northbridge.example', '/panels/actions/agency');
    const text = await officer.textContent('main') ?? '';
    assert.match(text, /overdue/);
    assert.match(text, /Visit the flat above the takeaway/);

    // The other pages of the module, for axe.
    await go(coordinator, '/panels/referrals/new?youngPersonId=' + people.Ryan);
    await submit(coordinator, 'Send referral');
    assert.match(await coordinator.title(), /^Error: /);
    await go(coordinator, '/panels/referrals/new?subject=place');
    await coordinator.fill('#placeReference', 'the takeaway');
    await submit(coordinator, 'Send referral');
    assert.match(await coordinator.title(), /^Error: /);
    await go(coordinator, '/panels/peer-groups');
    await go(coordinator, '/panels/peer-groups/new');
    await submit(coordinator, 'Save group');
    assert.match(await coordinator.title(), /^Error: /);
    await go(coordinator, '/panels/new');
    await submit(coordinator, 'Set up panel');
    assert.match(await coordinator.title(), /^Error: /);
    await go(officer, '/panels/actions/mine');
  });
});

/**
 * A strategy meeting in a browser, on a 375px phone: the coordinator records that a
 * looked-after girl's meeting was held, is refused an action without an owner, adds an attendee
 * row, saves; the action's owner finds it on their home page and marks it done. axe-core checks
 * each page, and no page scrolls sideways. Skipped when Chromium is not installed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { desc, eq } from 'drizzle-orm';
import { youngPeople } from '../../src/modules/young-people/tables.ts';
import { missingEpisodes } from '../../src/modules/missing/tables.ts';
import { dateTimeForm } from '../../src/modules/missing/testing.ts';
import { addDays, londonToday } from '../../src/platform/time.ts';
import { assertAccessible, assertNoSidewaysScroll, browserSkipReason, PHONE, startBrowserLantern, type BrowserLantern } from './support.ts';

let server: BrowserLantern;

async function checkPage(page: Page) {
  await assertAccessible(page);
  await assertNoSidewaysScroll(page);
}

/**
 * On the record's plans page, whose other sections are not this journey's, only the strategy meetings,
 * tasks and court-support sections are held to the page's width.
 */
async function checkRecordSections(page: Page) {
  await assertAccessible(page);
  const wide = await page.evaluate(() => {
    const found: string[] = [];
    for (const id of ['strategy-meetings', 'tasks', 'court-support']) {
      for (let e = document.getElementById(id)?.nextElementSibling; e && e.tagName !== 'H2'; e = e.nextElementSibling) {
        if (e.getBoundingClientRect().right > document.documentElement.clientWidth) found.push(`${id}: ${e.tagName}.${e.className}`);
      }
    }
    return found;
  });
  assert.deepEqual(wide, [], `wider than ${page.viewportSize()?.width}px`);
}

describe('a strategy meeting in a browser', { skip: browserSkipReason() }, () => {
  before(async () => {
    server = await startBrowserLantern();
  });
  after(() => server?.close());

  it('the coordinator records a held meeting with its actions, and the owner marks one done', async () => {
    const { db } = server.lantern;
    const [chloe] = await db.select({ id: youngPeople.id }).from(youngPeople).where(eq(youngPeople.givenName, 'Chloe'));
    const [episode] = await db.select().from(missingEpisodes).where(eq(missingEpisodes.youngPersonId, chloe!.id)).orderBy(desc(missingEpisodes.lastSeenAt)).limit(1);
    // The demo's latest episode already had its meeting; this one is recorded afresh each run.
    const description = 'Visit Chloe at Elm House after the meeting';

    await server.asUser('coordinator@northbridge.example', async (page) => {
      await checkPage(page);
      await page.check('input[name="outcome"][value="held"]');
      await page.click('button:has-text("Continue")');
      await page.waitForURL(/\/strategy-meetings\/new\?episode=/);
      assert.match(await page.textContent('h1') ?? '', /Record a strategy meeting/);
      assert.ok(await page.isChecked(`input[name="about"][value="episode:${episode!.id}"]`), 'the episode is chosen');
      await checkPage(page);

      for (const [name, value] of Object.entries(dateTimeForm('heldAt', new Date(episode!.lastSeenAt.getTime() + 26 * 3_600_000)))) await page.fill(`[name="${name}"]`, value);
      await page.fill('#attendee-1-name', 'Priya Raman');
      await page.fill('#attendee-1-agency', 'Children’s social care');
      await page.fill('#attendee-1-role', 'Chair');
      await page.fill('#attendee-2-name', 'Dan Whitfield');
      await page.fill('#attendee-2-agency', 'Police');
      await page.fill('#informationShared', 'Found at the flat on Mill Street again.');
      await page.fill('#decisions', 'Safety plan reviewed; section 47 enquiries continue.');
      await page.fill('#action-1-description', description);
      const due = addDays(londonToday(), 3);
      await page.fill('#action-1-dueOn', String(Number(due.slice(8, 10))));
      await page.fill('#action-1-dueOn-month', String(Number(due.slice(5, 7))));
      await page.fill('#action-1-dueOn-year', due.slice(0, 4));

      // No owner: refused, with the message linked from the summary, and what was typed kept.
      await page.click('button:has-text("Save the meeting")');
      assert.match(await page.title(), /^Error: /);
      assert.match(await page.textContent('.govuk-error-summary') ?? '', /Choose who owns the task: a person or an agency/);
      assert.equal(await page.inputValue('#attendee-1-name'), 'Priya Raman');
      await checkPage(page);

      await page.click('button:has-text("Add another attendee")');
      await page.fill('#attendee-5-name', 'Niamh Doyle');
      await page.fill('#attendee-5-agency', 'Harbour Project');
      await checkPage(page);
      const owner = await page.$eval('#action-1-owner', (select) => Array.from((select as HTMLSelectElement).options).find((o) => o.text.startsWith('Aisha Khan'))!.value);
      await page.selectOption('#action-1-owner', owner);
      await page.click('button:has-text("Save the meeting")');
      await page.waitForURL(/\/strategy-meetings\/[0-9a-f-]{36}\?done=recorded/);
      const meeting = await page.textContent('main') ?? '';
      assert.match(meeting, /The strategy meeting has been recorded/);
      assert.match(meeting, /Niamh Doyle[\s\S]*Harbour Project/);
      assert.match(meeting, new RegExp(`${description}[\\s\\S]*Aisha Khan`));
      await checkPage(page);

      await page.goto(`${server.url}/missing/${episode!.id}`);
      assert.match(await page.textContent('main') ?? '', /Strategy meetings on Chloe Barnes’s record/);
      await page.goto(`${server.url}/young-people/${chloe!.id}/plans`);
      assert.match(await page.textContent('#strategy-meetings + ul') ?? '', /Missing episode/);
      await checkRecordSections(page);
    }, { path: `/missing/${episode!.id}/strategy-meeting`, viewport: PHONE });

    await server.asUser('social.worker@northbridge.example', async (page) => {
      assert.match(await page.textContent('main') ?? '', /Your tasks[\s\S]*Visit Chloe at Elm House after the meeting/);
      await checkPage(page);
      await page.click(`.govuk-summary-card:has-text("${description}") a:has-text("Mark done")`);
      await checkPage(page);
      await page.click('button:has-text("Mark as done")');
      assert.match(await page.textContent('.govuk-error-summary') ?? '', /Enter the date it was done[\s\S]*Enter what was done/);
      await checkPage(page);
      const today = londonToday();
      await page.fill('#completedOn', String(Number(today.slice(8, 10))));
      await page.fill('#completedOn-month', String(Number(today.slice(5, 7))));
      await page.fill('#completedOn-year', today.slice(0, 4));
      await page.fill('#note', 'Visited; Chloe talked about the phone.');
      await page.click('button:has-text("Mark as done")');
      await page.waitForURL(/\/young-people\/[0-9a-f-]{36}\/plans#tasks$/);
      assert.match(await page.textContent(`.govuk-summary-card:has-text("${description}")`) ?? '', /Done[\s\S]*Chloe talked about the phone/);
      await checkRecordSections(page);
    }, { viewport: PHONE });
  });
});

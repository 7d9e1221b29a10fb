/**
 * Issue 17's feedback-after-panel journey in Chromium, with axe on every page: a school nurse
 * records a concern about a girl new to Lantern; the coordinator triages it, refers her to the
 * SERAC, adds her to the agenda, holds the meeting and closes the minutes; the nurse – who sat at
 * the meeting herself – finds her concern marked "Discussed at panel" on My concerns.
 *
 *   npx tsx src/test-support/run-tests.ts --test-concurrency=1 test/browser/feedback-after-panel.test.ts
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { and, eq, sql } from 'drizzle-orm';
import { youngPeople } from '../../src/modules/young-people/tables.ts';
import { panelMeetings, panels } from '../../src/modules/panels/tables.ts';
import { DEMO_PANEL_NAME } from '../../src/modules/panels/demo.ts';
import { addDays, londonToday } from '../../src/platform/time.ts';
import { assertAccessible, browserSkipReason, startBrowserLantern, type BrowserLantern } from './support.ts';

let server: BrowserLantern;
let meetingId = '';

async function go(page: Page, url: string) {
  const response = await page.goto(`${server.url}${url}`);
  assert.equal(response?.status(), 200, `${url} answered ${response?.status()}`);
  await assertAccessible(page);
}

async function submit(page: Page, button: string) {
  await Promise.all([page.waitForLoadState('load'), page.click(`button:has-text("${button}")`)]);
  await assertAccessible(page);
}

async function follow(page: Page, link: string) {
  await Promise.all([page.waitForLoadState('load'), page.click(`a:has-text("${link}")`)]);
  await assertAccessible(page);
}

const main = async (page: Page) => (await page.locator('main').innerText()) ?? '';

describe('feedback after the panel, in a browser', { skip: browserSkipReason() }, () => {
  before(async () => {
    server = await startBrowserLantern();
    const [panel] = await server.lantern.db.select().from(panels).where(eq(panels.name, DEMO_PANEL_NAME));
    const [next] = await server.lantern.db.select().from(panelMeetings).where(and(eq(panelMeetings.panelId, panel!.id), sql`${panelMeetings.minutesClosedAt} is null`));
    meetingId = next!.id;
  });
  after(() => server?.close());

  it('the nurse records a concern, it goes to panel, the minutes close, and My concerns says "Discussed at panel"', async () => {
    const nurse = await server.signedIn('school.nurse@northbridge.example', { path: '/concerns/new' });
    await assertAccessible(nurse);
    await submit(nurse, 'Start');
    await nurse.check('input[name=immediateDanger][value=no]');
    await submit(nurse, 'Continue');
    await nurse.check('input[name=subjectKind][value=new]');
    await submit(nurse, 'Continue');
    await nurse.fill('#givenName', 'Poppy');
    await nurse.fill('#familyName', 'Lanternfield');
    await nurse.fill('#estimatedAge', '14');
    await nurse.selectOption('#gender', 'female');
    await submit(nurse, 'Continue');
    await nurse.locator('input[name=indicators]').first().check();
    await submit(nurse, 'Continue');
    await nurse.fill('#details', 'Picked up from the school gate by a man in his twenties who is not family; she has new clothes and a second phone.');
    await submit(nurse, 'Continue');
    await submit(nurse, 'Continue');
    await nurse.check('input[name=howLearned][value=observed]');
    await nurse.check('input[name=youngPersonAware][value=not_known]');
    await nurse.check('input[name=lawfulBasis][value=safeguarding]');
    await submit(nurse, 'Continue');
    await submit(nurse, 'Record concern');
    assert.match(await nurse.locator('h1').innerText(), /Concern recorded/);
    const reference = (await nurse.locator('.govuk-panel__body strong').innerText()).trim();

    // Triage: a new record, and a referral to the panel.
    const coordinator = await server.signedIn('coordinator@northbridge.example', { path: '/triage' });
    await assertAccessible(coordinator);
    await follow(coordinator, reference);
    await follow(coordinator, 'Create a new record from the details in this concern');
    await coordinator.check('input[name=certainty][value=indicated]');
    await coordinator.check('input[name=outcome][value=referred_to_panel]');
    await submit(coordinator, 'Record decision and tell the referrer');
    const [poppy] = await server.lantern.db.select({ id: youngPeople.id }).from(youngPeople).where(eq(youngPeople.familyName, 'Lanternfield'));
    assert.ok(poppy, 'triage created her record');

    await go(coordinator, `/panels/referrals/new?youngPersonId=${poppy.id}`);
    await coordinator.selectOption('#panelId', { label: DEMO_PANEL_NAME });
    await coordinator.check('input[name=source][value=triage]');
    await coordinator.fill('#reason', 'An older man collecting her from school; gifts and a second phone.');
    await coordinator.check('input[name=urgency][value=urgent]');
    await submit(coordinator, 'Send referral');
    assert.match(await main(coordinator), /Referral sent/);
    await coordinator.check('input[name="decision"][value="accept"]');
    await submit(coordinator, 'Save decision');
    assert.match(await main(coordinator), /has been accepted/);

    // The meeting: added to the agenda, issued, attended (the nurse among those present), decided, closed.
    await go(coordinator, `/panels/meetings/${meetingId}`);
    assert.match(await main(coordinator), /Standing items[\s\S]*New adults of concern[\s\S]*Hotspots[\s\S]*Missing patterns[\s\S]*Disruption activity/);
    await submit(coordinator, 'Add to the agenda');
    assert.match(await coordinator.title(), /^Error: /, 'no referral chosen');
    await coordinator.selectOption('#referralId', { index: 1 });
    await submit(coordinator, 'Add to the agenda');
    assert.match(await main(coordinator), /Poppy Lanternfield/);
    await submit(coordinator, 'Issue the agenda to members');
    for (const radio of await coordinator.$$('input[type="radio"][value="present"]')) await radio.check();
    await submit(coordinator, 'Save attendance');
    await follow(coordinator, 'Poppy Lanternfield');
    await coordinator.check('input[name="levelAgreed"][value="at_risk"]');
    await coordinator.fill('#plan', 'School and health to meet her together; police to identify the man at the gate.');
    await coordinator.check('input[name="childProtectionReferral"][value="no"]');
    const [y, m, d] = addDays(londonToday(), 28).split('-');
    await coordinator.fill('[name="nextReviewOn-day"]', String(Number(d)));
    await coordinator.fill('[name="nextReviewOn-month"]', String(Number(m)));
    await coordinator.fill('[name="nextReviewOn-year"]', y!);
    await submit(coordinator, 'Save decision');
    assert.doesNotMatch(await coordinator.title(), /^Error: /);
    await go(coordinator, `/panels/meetings/${meetingId}`);
    await submit(coordinator, 'Close and publish the minutes');
    assert.match(await main(coordinator), /The minutes have been published/);

    await go(nurse, '/my-concerns');
    const mine = await main(nurse);
    assert.match(mine, new RegExp(`${reference}[\\s\\S]*Discussed at panel`));
    assert.match(mine, /was discussed at a multi-agency meeting \(Northbridge SERAC\)/);
    await follow(nurse, 'See the concern and all updates');
  });
});

/**
 * The risk assessment demo in a real browser (Debian's Chromium through playwright-core), with an
 * axe-core accessibility check on every page visited: the coordinator publishes an area version
 * with culturally neutral wording; the school nurse assesses Jade, 12, sees the suggestions from
 * her two concerns, submits and sees the statutory trigger, the level with its reasons and the
 * actions; the coordinator sees the review due and the trajectory on Jade's record.
 *
 *   npm run test:browser
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { youngPeople } from '../../src/modules/young-people/tables.ts';
import { assertAccessible, browserSkipReason, startBrowserLantern, type BrowserLantern } from './support.ts';

const NEUTRAL = 'Spends time with people much older than them whom family or carers do not know';

describe('risk assessment in the browser', { skip: browserSkipReason(), timeout: 240_000 }, () => {
  let server: BrowserLantern;
  let base: string;
  let jadeId: string;

  before(async () => {
    server = await startBrowserLantern();
    const [jade] = await server.lantern.db.select({ id: youngPeople.id }).from(youngPeople).where(eq(youngPeople.givenName, 'Jade'));
    jadeId = jade!.id;
    base = server.url;
  });
  after(() => server?.close());

  async function go(page: Page, path: string): Promise<void> {
    await page.goto(`${base}${path}`);
    await assertAccessible(page);
  }

  async function submit(page: Page, button: string, expectedPath?: RegExp): Promise<void> {
    await page.getByRole('button', { name: button, exact: true }).click();
    if (expectedPath) await page.waitForURL(expectedPath);
    await page.waitForLoadState('load');
    await assertAccessible(page);
  }

  it('the coordinator publishes a version with culturally neutral wording', async () => {
    const page = await server.signedIn('coordinator@northbridge.example', { path: '/risk/instrument' });
    await assertAccessible(page);
    await submit(page, 'Start a new version', /\/risk\/instrument\/draft$/);
    await go(page, '/risk/instrument/draft/groups/contact_at_risk/add?replaces=ar.older_associates');
    await page.fill('#wording', NEUTRAL);
    await page.fill('#hint', 'Say how they met and what worries you about the relationship.');
    await submit(page, 'Add indicator', /\/risk\/instrument\/draft$/);
    assert.match(await page.innerText('main'), /The draft hangs together and can be published/);
    // The other forms of the draft, checked for accessibility too.
    for (const path of ['/risk/instrument/draft/scoring', '/risk/instrument/draft/actions/at_risk', '/risk/instrument/draft/indicators/ar.going_missing', '/risk/instrument/draft/indicators/ar.going_missing/retire', '/risk/instrument/draft/indicators/pro.trusted_adult']) {
      await go(page, path);
    }
    await go(page, '/risk/instrument/draft/preview');
    await go(page, '/risk/instrument/draft/publish');
    await page.fill('#changeNote', 'Neutral wording for spending time with older people.');
    await submit(page, 'Publish version 2', /\/risk\/instrument\?published=2$/);
    assert.match(await page.innerText('main'), /Current version\s*2/);
    await page.context().close();
  });

  it('the school nurse assesses Jade and sees the statutory trigger, the level with its reasons and the actions', async () => {
    const page = await server.signedIn('school.nurse@northbridge.example', { path: `/young-people/${jadeId}/risk` });
    await assertAccessible(page);
    await submit(page, 'Start a risk assessment', /\/assessments\/draft$/);
    assert.match(await page.innerText('main'), /5 indicators are already on file from concerns/);

    const present: Record<string, string> = { 'ar.unknown_lifts': 'now', 'ol.ar.unexplained_credit': 'last_6_months', 'ol.ar.new_distant_contacts': 'last_6_months', 'ol.ar.online_to_offline': 'last_6_months' };
    const sections = await page.locator('a[href*="/assessments/draft/sections/g."]').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
    for (const href of sections) {
      await go(page, href);
      if (href.endsWith('g.contact_at_risk')) {
        const text = await page.innerText('main');
        assert.match(text, new RegExp(`${NEUTRAL}[\\s\\S]*Suggestion[\\s\\S]*by Northbridge Schools and Colleges`));
        assert.equal(await page.locator('input[type="radio"]:checked').count(), 0, 'suggestions are never ticked');
      }
      const names = await page.locator('input[type="radio"]').evaluateAll((inputs) => [...new Set(inputs.map((i) => (i as HTMLInputElement).name))]);
      for (const name of names) {
        const id = name.slice(2);
        const wanted = present[id] ?? (id.startsWith('area.') ? 'now' : 'not_present');
        await page.check(`input[name="${name}"][value="${wanted}"]`);
      }
      await submit(page, 'Save and continue', /\/assessments\/draft$/);
    }

    await go(page, `/young-people/${jadeId}/assessments/draft/sections/about`);
    for (const [name, value] of Object.entries({ immediateDanger: 'no', lookedAfter: 'no', missingNow: 'no', learningDisability: 'no', hasPartner: 'no', sexualActivity: 'none', penetrativeSex: 'none' })) {
      await page.check(`input[name="${name}"][value="${value}"]`);
    }
    await submit(page, 'Save and continue', /\/assessments\/draft$/);

    await go(page, `/young-people/${jadeId}/assessments/draft/sections/judgement`);
    assert.match(await page.innerText('main'), /the calculated level is At risk/);
    await page.check('input[name="level"][value="at_risk"]');
    await page.check('input[name="significantHarm"][value="no"]');
    await submit(page, 'Save and check the assessment', /\/assessments\/draft\/check$/);
    await submit(page, 'Submit assessment', /\/risk\/assessments\/[0-9a-f-]+\?submitted=1$/);

    const text = (await page.innerText('main')).replace(/\s+/g, ' ');
    const trigger = text.indexOf('A child under 13 with signs of exploitation');
    const level = text.indexOf('Level: At risk');
    const actions = text.indexOf('What should be done');
    assert.ok(trigger > 0 && trigger < level && level < actions, 'the statutory trigger comes first, then the level, then the actions');
    assert.match(text, /Why this level/);
    assert.match(text, /Name a lead professional/);
    await page.context().close();
  });

  it('the coordinator sees the review due and Jade’s level over time', async () => {
    const page = await server.signedIn('coordinator@northbridge.example', { path: '/risk/reviews' });
    await assertAccessible(page);
    assert.match((await page.innerText('main')).replace(/\s+/g, ' '), /Jade Carter YP-\d+ At risk .* Due in 90 days/);
    await go(page, `/young-people/${jadeId}`);
    assert.match((await page.innerText('main')).replace(/\s+/g, ' '), /Risk: At risk[\s\S]*Current level of risk At risk From a risk assessment on/i, 'the record’s first screen gives the new level and where it came from');
    await go(page, `/young-people/${jadeId}/risk`);
    assert.equal(await page.locator('svg.lantern-chart[role="img"]').count(), 1);
    assert.match(await page.innerText('main'), /Risk level at each assessment, oldest first/);
    await go(page, `/young-people/${jadeId}/assessments`);
    await go(page, '/risk/instrument/versions/1');
    await page.context().close();
  });
});

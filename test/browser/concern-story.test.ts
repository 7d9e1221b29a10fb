/**
 * Issue 3's story in Chromium, checked with axe at every page: a youth worker records a low-level
 * concern about a girl nobody can name yet; a school nurse records one about a named girl; the
 * coordinator links both to one record, sees the two-agency flag, records outcomes; and both
 * referrers see what happened.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { assertAccessible, browserSkipReason, startBrowserLantern, type BrowserLantern } from './support.ts';

describe('a concern from two agencies, triaged and fed back', { skip: browserSkipReason() }, () => {
  let server: BrowserLantern;

  before(async () => {
    server = await startBrowserLantern();
  });
  after(() => server?.close());

  async function asUser<T>(email: string, path: string, work: (page: Page) => Promise<T>, options: { javaScript?: boolean } = {}): Promise<T> {
    return server.asUser(
      email,
      (page) => {
        if (options.javaScript === false) withoutJavaScript.add(page);
        return work(page);
      },
      { path, javaScriptEnabled: options.javaScript ?? true },
    );
  }

  /** axe-core needs JavaScript to run; pages seen with it off are the same pages checked with it on. */
  const withoutJavaScript = new WeakSet<Page>();

  async function accessible(page: Page) {
    if (!withoutJavaScript.has(page)) await assertAccessible(page);
  }

  /** Presses the page's main button and checks the page it leads to. */
  async function next(page: Page, button = 'Continue') {
    await Promise.all([page.waitForLoadState('load'), page.click(`button:has-text("${button}")`)]);
    await accessible(page);
  }

  /** From the start page of a new concern to its reference. */
  async function recordConcern(page: Page, about: (page: Page) => Promise<void>, vehicle: string): Promise<string> {
    await accessible(page);
    await next(page, 'Start');
    await page.check('input[name=immediateDanger][value=no]');
    await next(page);
    await about(page);
    await page.locator('input[name=indicators]').first().check();
    await next(page);
    await page.fill('#details', 'Seen getting into a silver car with two older men outside the takeaway on Mill Street after 10pm.');
    await next(page);
    await page.fill('#others-vehicle', vehicle);
    await next(page);
    await page.check('input[name=howLearned][value=observed]');
    await page.check('input[name=youngPersonAware][value=not_known]');
    await page.check('input[name=lawfulBasis][value=safeguarding]');
    await next(page);
    assert.match(await page.locator('h1').innerText(), /Check your answers/);
    await next(page, 'Record concern');
    assert.match(await page.locator('h1').innerText(), /Concern recorded/);
    return (await page.locator('.govuk-panel__body strong').innerText()).trim();
  }

  test('the whole story', async () => {
    const youthWorkerRef = await asUser('youth.worker@northbridge.example', '/concerns/new', (page) =>
      recordConcern(
        page,
        async (p) => {
          await p.check('input[name=subjectKind][value=unidentified]');
          await next(p);
          await p.fill('#description', 'A girl of about 14 who calls herself ‘Mimi’, seen most Friday nights at the Mill Street takeaway.');
          await p.fill('#estimatedAge', '14');
          await p.selectOption('#gender', 'female');
          await next(p);
        },
        'AB12 CDE',
      ),
    );

    const nurseRef = await asUser('school.nurse@northbridge.example', '/concerns/new', (page) =>
      recordConcern(
        page,
        async (p) => {
          await p.check('input[name=subjectKind][value=new]');
          await next(p);
          await p.fill('#givenName', 'Mia');
          await p.fill('#familyName', 'Thornbury');
          await p.fill('#aliases', 'Mimi');
          await p.fill('#estimatedAge', '14');
          await p.selectOption('#gender', 'female');
          await next(p);
        },
        'ab12cde',
      ),
    );

    await asUser('coordinator@northbridge.example', '/triage', async (page) => {
      await accessible(page);
      // The same car, written differently by two agencies, is flagged on both concerns.
      await Promise.all([page.waitForLoadState('load'), page.click(`a:has-text("${nurseRef}")`)]);
      await accessible(page);
      await Promise.all([page.waitForLoadState('load'), page.click('a:has-text("Create a new record from the details in this concern")')]);
      await page.check('input[name=certainty][value=indicated]');
      await page.check('input[name=outcome][value=risk_assessment_requested]');
      await next(page, 'Record decision and tell the referrer');
      assert.match(await page.locator('main').innerText(), new RegExp(`${nurseRef} has been triaged`));
      // The youth worker's concern now shows the same car as a concern about another young person.
      assert.match(await page.locator('main').innerText(), /Same vehicle in a concern about another young person/);
      await Promise.all([page.waitForLoadState('load'), page.click(`a:has-text("${youthWorkerRef}")`)]);
      await accessible(page);
      await page.fill('#q', 'Mimi');
      await next(page, 'Search');
      await Promise.all([page.waitForLoadState('load'), page.locator('a:has-text("Choose")').first().click()]);
      await accessible(page);
      assert.match(await page.locator('main').innerText(), /from 2 agencies within 30 days/);
      await page.check('input[name=certainty][value=indicated]');
      await page.check('input[name=outcome][value=referred_to_panel]');
      await next(page, 'Record decision and tell the referrer');
      assert.match(await page.locator('main').innerText(), new RegExp(`${youthWorkerRef} has been triaged`));
    });

    for (const [email, reference] of [
      ['youth.worker@northbridge.example', youthWorkerRef],
      ['school.nurse@northbridge.example', nurseRef],
    ] as const) {
      await asUser(email, '/', async (page) => {
        assert.match(await page.locator('.govuk-service-navigation').innerText(), /My concerns\s*1\s*unread/);
        await page.goto(`${server.url}/my-concerns`);
        await accessible(page);
        assert.match(await page.locator('main').innerText(), new RegExp(`${reference}[\\s\\S]*coordinator reviewed your concern ${reference}`));
      });
    }
  });

  for (const javaScript of [true, false]) {
    test(`the school nurse raises a concern about Jade Carter, already on Lantern, and it reaches triage (JavaScript ${javaScript ? 'on' : 'off'})`, async () => {
      const reference = await asUser(
        'school.nurse@northbridge.example',
        '/concerns/new',
        (page) =>
          recordConcern(
            page,
            async (p) => {
              await p.check('input[name=subjectKind][value=known]');
              await next(p);
              assert.match(await p.locator('main').innerText(), /Jade Carter \(YP-\d+\)\s*Born \d{1,2} \w+ \d{4}/);
              await p.fill('#q', 'Jade');
              await next(p, 'Search');
              assert.match(await p.locator('legend').innerText(), /Results for “Jade”/);
              await p.locator('label:has-text("Jade Carter")').click();
              await next(p);
            },
            'Blue estate car',
          ),
        { javaScript },
      );
      await asUser('coordinator@northbridge.example', '/triage', async (page) => {
        await accessible(page);
        await Promise.all([page.waitForLoadState('load'), page.click(`a:has-text("${reference}")`)]);
        await accessible(page);
        assert.match(await page.locator('main').innerText(), /Jade Carter/);
      });
    });
  }
});

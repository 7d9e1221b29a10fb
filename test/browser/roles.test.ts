/**
 * Every demo user, in Chromium: sign in through the page, visit every link in the service
 * navigation (and the administration pages for the administrator), check each with axe-core, then
 * do it again with JavaScript switched off.
 * Every link a role is shown must answer 200: a 403, 404 or 500 behind one is a failure.
 * And GOV.UK Frontend starts under the pages' own Content-Security-Policy, with nothing blocked.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test, type TestContext } from 'node:test';
import type { Page } from 'playwright-core';
import { DEMO_USERS, type DemoUser } from '../../src/modules/demo/people.ts';
import { assertAccessible, browserSkipReason, navigationLinks, signInThroughPage, startBrowserLantern, withContext, type BrowserLantern } from './support.ts';

describe('every demo role in the browser', { skip: browserSkipReason() }, () => {
  let server: BrowserLantern;

  before(async () => {
    server = await startBrowserLantern();
  });
  after(() => server?.close());

  /** Opens a page and checks it with axe. */
  async function visitAndCheck(page: Page, path: string, user: DemoUser): Promise<void> {
    const response = await page.goto(`${server.url}${path}`);
    const status = response?.status();
    assert.equal(status, 200, `${user.role}: ${path} answered ${status}`);
    assert.notEqual(new URL(page.url()).pathname, '/sign-in', `${user.role}: ${path} sent the user to sign in`);
    await assertAccessible(page, path);
  }

  test('the sign-in page, empty and with errors, has no accessibility problems', async () => {
    await withContext(server.browser, { bypassCSP: true }, async (page) => {
      await page.goto(`${server.url}/sign-in`);
      await assertAccessible(page, '/sign-in');
      await page.click('button:has-text("Sign in")');
      await page.waitForSelector('.govuk-error-summary');
      assert.match(await page.title(), /^Error: /);
      await assertAccessible(page, '/sign-in with errors');
    });
  });

  for (const user of DEMO_USERS) {
    test(`${user.description} (${user.email})`, async (t: TestContext) => {
      // 1. JavaScript on. The context bypasses the page's CSP only so that axe-core can be injected.
      const checked = await withContext(server.browser, { bypassCSP: true }, async (page) => {
        await signInThroughPage(page, server.url, user.email);
        assert.equal(new URL(page.url()).pathname, '/');
        assert.ok(await page.isVisible(`text=${user.name}`), 'the header names the user');
        const links = await navigationLinks(page);
        assert.ok(links.includes('/'), 'the navigation has Home');
        const checked: string[] = [];
        for (const href of links) {
          await visitAndCheck(page, href, user);
          checked.push(href);
        }
        if (user.role === 'administrator') checked.push(...(await checkAdministrationPages(page)));
        return { links, checked };
      });
      assert.ok(checked.checked.includes('/'), 'the home page was checked');
      t.diagnostic(`checked: ${checked.checked.join(' ')}`);

      // 2. JavaScript off: signing in, a page, and signing out still work.
      await withContext(server.browser, { javaScriptEnabled: false }, async (page) => {
        await signInThroughPage(page, server.url, user.email);
        assert.equal(new URL(page.url()).pathname, '/');
        const other = checked.checked.find((href) => href !== '/' && !href.startsWith('/admin/'));
        if (other) {
          const response = await page.goto(`${server.url}${other}`);
          assert.equal(response?.status(), 200, `${other} without JavaScript`);
        }
        if (user.role === 'administrator') await submitFormWithErrors(page);
        await Promise.all([page.waitForURL((url) => url.pathname === '/sign-in'), page.click('button:has-text("Sign out")')]);
        assert.ok(await page.isVisible('text=You have signed out'));
        await page.goto(`${server.url}/`);
        assert.equal(new URL(page.url()).pathname, '/sign-in', 'signed out for real');
      });
    });
  }

  /** The area page, a user page and the add-user form, with the form also sent with errors. */
  async function checkAdministrationPages(page: Page): Promise<string[]> {
    await page.goto(`${server.url}/admin`);
    const areaHref = await page.getAttribute('main a[href^="/admin/areas/"]:not([href$="/new"])', 'href');
    assert.ok(areaHref, 'the administration page links to an area');
    const area = await page.goto(`${server.url}${areaHref}`);
    assert.equal(area?.status(), 200);
    await assertAccessible(page, areaHref);
    const userHref = await page.getAttribute('main a[href^="/admin/users/"]', 'href');
    assert.ok(userHref, 'the area page links to a user');
    assert.equal((await page.goto(`${server.url}${userHref}`))?.status(), 200);
    await assertAccessible(page, userHref);
    const formHref = `${areaHref}/users/new`;
    assert.equal((await page.goto(`${server.url}${formHref}`))?.status(), 200);
    await assertAccessible(page, formHref);
    await submitFormWithErrors(page);
    await assertAccessible(page, `${formHref} with errors`);
    return [areaHref, userHref, formHref];
  }

  /** Sends the add-user form empty: the GOV.UK error summary lists every problem. */
  async function submitFormWithErrors(page: Page) {
    if (!new URL(page.url()).pathname.endsWith('/users/new')) {
      await page.goto(`${server.url}/admin`);
      const areaHref = await page.getAttribute('main a[href^="/admin/areas/"]:not([href$="/new"])', 'href');
      await page.goto(`${server.url}${areaHref}/users/new`);
    }
    await Promise.all([page.waitForLoadState('load'), page.click('button:has-text("Add user")')]);
    await page.waitForSelector('.govuk-error-summary');
    assert.match(await page.title(), /^Error: Add a user/);
    const messages = await page.$$eval('.govuk-error-summary__list li', (items) => items.map((li) => li.textContent?.trim()));
    assert.ok(messages.includes('Enter the person’s full name'), messages.join(' | '));
  }

  test('GOV.UK Frontend starts with the nonce and nothing is blocked', async () => {
    const context = await server.browser.newContext(); // the page's own CSP applies
    const page = await context.newPage();
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) blocked.push(message.text());
    });
    page.on('pageerror', (error) => blocked.push(error.message));
    try {
      await page.goto(`${server.url}/sign-in`);
      await page.click('button:has-text("Sign in")');
      await page.waitForSelector('.govuk-error-summary');
      assert.equal(await page.evaluate(() => document.body.classList.contains('govuk-frontend-supported')), true, 'lantern.js ran');
      // GOV.UK Frontend moves focus to the error summary when it starts.
      await page.waitForFunction(() => document.activeElement?.classList.contains('govuk-error-summary'));
      await signInThroughPage(page, server.url, DEMO_USERS[0]!.email);
      assert.deepEqual(blocked, []);
    } finally {
      await context.close();
    }
  });
});

/**
 * Two-factor sign-in in Chromium: setting it up from the account page, signing in with a code and
 * with a recovery code, and a coordinator's reset page, each page checked with axe-core (with its
 * errors too); then signing in with a code with JavaScript switched off.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { generate } from 'otplib';
import { assertAccessible, browserSkipReason, signInThroughPage, startBrowserLantern, withContext, type BrowserLantern } from './support.ts';

const PRACTITIONER = 'youth.worker@northbridge.example';
const COORDINATOR = 'coordinator@northbridge.example';

/** The code the person's app would show `offsetSteps` 30-second steps from now. */
function codeFor(secret: string, offsetSteps = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSteps * 30 });
}

describe('two-factor sign-in in the browser', { skip: browserSkipReason() }, () => {
  let server: BrowserLantern;
  let secret = '';
  let recoveryCodes: string[] = [];

  // Each test here signs in through the form itself: signing in is what it tests.
  before(async () => {
    server = await startBrowserLantern();
  });
  after(() => server?.close());

  async function signOut(page: Page) {
    await Promise.all([page.waitForURL((url) => url.pathname === '/sign-in'), page.click('button:has-text("Sign out")')]);
  }

  test('set up from the account page, then sign in with a code and with a recovery code', async () => {
    await withContext(server.browser, { bypassCSP: true }, async (page) => {
      await signInThroughPage(page, server.url, PRACTITIONER);
      await Promise.all([page.waitForURL((url) => url.pathname === '/account'), page.click('a:has-text("Your account")')]);
      await assertAccessible(page, '/account');
      await Promise.all([page.waitForURL((url) => url.pathname === '/account/two-factor/set-up'), page.click('a:has-text("Set up two-factor sign-in")')]);
      assert.ok(await page.isVisible('img[alt^="QR code"]'), 'the QR code is shown');
      await assertAccessible(page, '/account/two-factor/set-up');
      await page.click('button:has-text("Turn on two-factor sign-in")');
      await page.waitForSelector('.govuk-error-summary');
      assert.match(await page.title(), /^Error: /);
      await assertAccessible(page, '/account/two-factor/set-up with errors');

      secret = (await page.textContent('#set-up-key'))!.replace(/\s/g, '');
      await page.fill('#code', await codeFor(secret));
      await page.click('button:has-text("Turn on two-factor sign-in")');
      await page.waitForSelector('#recovery-codes');
      recoveryCodes = await page.$$eval('#recovery-codes code', (codes) => codes.map((c) => c.textContent ?? ''));
      assert.equal(recoveryCodes.length, 10);
      await assertAccessible(page, 'recovery codes');
      await signOut(page);

      // The code just used at set-up has spent this step: the next step's code, as 30 seconds later.
      await page.goto(`${server.url}/sign-in`);
      await page.fill('#email', PRACTITIONER);
      await page.fill('#password', 'lantern-demo-password');
      await Promise.all([page.waitForURL((url) => url.pathname === '/sign-in/code'), page.click('button:has-text("Sign in")')]);
      await assertAccessible(page, '/sign-in/code');
      await page.fill('#code', '12');
      await page.click('button:has-text("Continue")');
      await page.waitForSelector('.govuk-error-summary');
      await assertAccessible(page, '/sign-in/code with errors');
      await page.fill('#code', await codeFor(secret, 1));
      await Promise.all([page.waitForURL((url) => url.pathname === '/'), page.click('button:has-text("Continue")')]);
      await signOut(page);

      await page.fill('#email', PRACTITIONER);
      await page.fill('#password', 'lantern-demo-password');
      await Promise.all([page.waitForURL((url) => url.pathname === '/sign-in/code'), page.click('button:has-text("Sign in")')]);
      await Promise.all([page.waitForURL((url) => url.pathname === '/sign-in/recovery-code'), page.click('a:has-text("use a recovery code")')]);
      await assertAccessible(page, '/sign-in/recovery-code');
      await page.fill('#recoveryCode', recoveryCodes[0]!);
      await Promise.all([page.waitForURL((url) => url.pathname === '/account/recovery-code-used'), page.click('button:has-text("Continue")')]);
      assert.equal((await page.textContent('#recovery-codes-left'))?.trim(), '9');
      await assertAccessible(page, '/account/recovery-code-used');
      await signOut(page);
    });
  });

  test('the coordinator’s reset page has no accessibility problems', async () => {
    await withContext(server.browser, { bypassCSP: true }, async (page) => {
      await signInThroughPage(page, server.url, COORDINATOR);
      await page.goto(`${server.url}/account`);
      await Promise.all([page.waitForURL((url) => url.pathname === '/two-factor/people'), page.click('a:has-text("Reset someone’s two-factor sign-in")')]);
      assert.ok(await page.isVisible('button[aria-label^="Reset two-factor sign-in for Tom Brennan"]'));
      await assertAccessible(page, '/two-factor/people');
    });
  });

  test('with JavaScript off, signing in with a recovery code and resetting still work', async () => {
    await withContext(server.browser, { javaScriptEnabled: false }, async (page) => {
      await page.goto(`${server.url}/sign-in`);
      await page.fill('#email', PRACTITIONER);
      await page.fill('#password', 'lantern-demo-password');
      await Promise.all([page.waitForURL((url) => url.pathname === '/sign-in/code'), page.click('button:has-text("Sign in")')]);
      await page.click('a:has-text("use a recovery code")');
      await page.fill('#recoveryCode', recoveryCodes[1]!);
      await Promise.all([page.waitForURL((url) => url.pathname === '/account/recovery-code-used'), page.click('button:has-text("Continue")')]);
      assert.equal((await page.textContent('#recovery-codes-left'))?.trim(), '8');
      await signOut(page);

      await signInThroughPage(page, server.url, COORDINATOR);
      await page.goto(`${server.url}/two-factor/people`);
      await Promise.all([page.waitForURL((url) => url.search === '?reset=1'), page.click('button[aria-label^="Reset two-factor sign-in for Tom Brennan"]')]);
      assert.ok(await page.isVisible('text=was reset and the person was signed out'));
    });
  });
});

/**
 * Shared by the browser tests: Debian's Chromium through playwright-core (never a downloaded
 * browser), a real Lantern listening on 127.0.0.1 with the demo area, and axe-core.
 *
 * A test file starts one of each with startBrowserLantern() in its `before` hook, and opens a
 * context per person with signedIn() or asUser(): each demo user signs in through the sign-in form
 * once per file, and later contexts for them start from that session.
 */
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import assert from 'node:assert/strict';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import type axe from 'axe-core';
import { createTestLantern, type TestLantern } from '../../src/test-support/index.ts';
import { DEMO_PASSWORD } from '../../src/modules/demo/people.ts';

export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * Why the browser tests cannot run here, or false when they can. Outside CI a missing Chromium
 * skips them with this message; in CI (CI=true) it is an error, reported by requireChromium().
 */
export function browserSkipReason(): string | false {
  if (fs.existsSync(CHROMIUM) || process.env.CI === 'true') return false;
  return `${CHROMIUM} is not installed: browser tests skipped (install it with: apt-get install -y chromium)`;
}

export function requireChromium(): void {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is required in CI but is not installed`);
}

export function launchBrowser(): Promise<Browser> {
  requireChromium();
  // headless: true makes Playwright pass --headless itself.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

export interface LanternServer {
  url: string;
  lantern: TestLantern;
  close(): Promise<void>;
}

/** The real app, in this process, on a random port, on in-memory PGlite with the demo area. */
export async function startLanternServer(): Promise<LanternServer> {
  const lantern = await createTestLantern({ pglite: true });
  await lantern.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = lantern.app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, lantern, close: () => lantern.close() };
}

/** A browser context's settings (`bypassCSP` is on unless said otherwise, as axe-core is added to the pages), and the page to open. */
export type SignedInOptions = BrowserContextOptions & {
  /** The page to open once signed in: the home page unless said. */
  path?: string;
};

/** The phone width the browser tests walk journeys at (phones.test.ts walks every role's pages there too). */
export const PHONE = { width: 375, height: 800 } as const;
export const DESKTOP = { width: 1280, height: 900 } as const;

export interface BrowserLantern extends LanternServer {
  browser: Browser;
  /** A page in a new context, signed in as the demo user `email` and showing `options.path`; the context is closed with the browser. */
  signedIn(email: string, options?: SignedInOptions): Promise<Page>;
  /** Runs `work` on a page signed in as `email`, in a context of its own that is always closed. */
  asUser<T>(email: string, work: (page: Page) => Promise<T>, options?: SignedInOptions): Promise<T>;
  /** Closes the browser, then Lantern. */
  close(): Promise<void>;
}

/**
 * Chromium and a Lantern for one test file, started side by side. The first context for a person
 * signs in through the form as a person would; later ones start with that session's cookies
 * (the same session, as another tab would have), which saves a sign-in each time. A test that
 * signs a person out, or is about signing in, signs in with signInThroughPage itself.
 */
export async function startBrowserLantern(): Promise<BrowserLantern> {
  const [browser, server] = await Promise.all([launchBrowser(), startLanternServer()]);
  const sessions = new Map<string, Awaited<ReturnType<BrowserContext['storageState']>>>();

  async function signedIn(email: string, { path = '/', ...options }: SignedInOptions = {}): Promise<Page> {
    const session = sessions.get(email);
    const context = await browser.newContext({ bypassCSP: true, ...options, ...(session ? { storageState: session } : {}) });
    const page = await context.newPage();
    if (session) {
      await page.goto(`${server.url}${path}`);
    } else {
      await signInThroughPage(page, server.url, email, { returnTo: path });
      sessions.set(email, await context.storageState());
    }
    return page;
  }

  return {
    ...server,
    browser,
    signedIn,
    async asUser(email, work, options) {
      const page = await signedIn(email, options);
      try {
        return await work(page);
      } finally {
        await page.context().close();
      }
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** Signs in through the sign-in form, as a person would, landing on `returnTo` (the home page unless said). */
export async function signInThroughPage(page: Page, baseUrl: string, email: string, { returnTo = '/' }: { returnTo?: string } = {}): Promise<void> {
  await page.goto(returnTo === '/' ? `${baseUrl}/sign-in` : `${baseUrl}/sign-in?${new URLSearchParams({ returnTo })}`);
  await page.fill('#email', email);
  await page.fill('#password', DEMO_PASSWORD);
  await Promise.all([page.waitForURL((url) => url.pathname !== '/sign-in'), page.click('button:has-text("Sign in")')]);
}

/** The service navigation's links, in order. */
export function navigationLinks(page: Page): Promise<string[]> {
  return page.$$eval('.govuk-service-navigation__link', (links) => links.map((a) => a.getAttribute('href') ?? ''));
}

export interface AxeProblem {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/**
 * axe-core's minified build, served to the pages by a small server of this process's own with a
 * year's caching: each context fetches it once, and Chromium then reads it from its cache for
 * every page checked, which costs a third of sending the script through Playwright each time.
 */
let axeScriptUrl: Promise<string> | undefined;
function axeScript(): Promise<string> {
  axeScriptUrl ??= new Promise((resolve, reject) => {
    const source = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'));
    const server = http.createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=31536000, immutable' });
      response.end(source);
    });
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/axe.min.js`));
    // It never keeps a test process alive (nor does Chromium's connection, closed with the browser).
    server.unref();
  });
  return axeScriptUrl;
}

/**
 * Runs axe-core on the page as it is now. The page's CSP forbids scripts from elsewhere, so the
 * context the page lives in must be created with `bypassCSP: true` for axe to be added to it.
 */
export async function axeViolations(page: Page): Promise<AxeProblem[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ url: await axeScript() });
  const results = await page.evaluate(() => (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] }));
  if (results.passes.length === 0) throw new Error('axe-core checked nothing: is the page empty?');
  return results.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
}

export function describeViolations(url: string, problems: AxeProblem[]): string {
  return problems.map((p) => `${url}: ${p.id} (${p.impact}): ${p.help} at ${p.targets.slice(0, 3).join(', ')}`).join('\n');
}

/** Runs `work` in a fresh browser context (its own cookies and settings), and always closes it. */
export async function withContext<T>(browser: Browser, options: Parameters<Browser['newContext']>[0], work: (page: Page, context: BrowserContext) => Promise<T>): Promise<T> {
  const context = await browser.newContext(options);
  try {
    return await work(await context.newPage(), context);
  } finally {
    await context.close();
  }
}

/**
 * axe-core finds nothing on the page, and every date and time on it is written for people
 * (assertReadableDates): every page a browser test checks is checked for both.
 */
export async function assertAccessible(page: Page, label: string = page.url()): Promise<void> {
  const problems = await axeViolations(page);
  assert.equal(problems.length, 0, `axe-core found problems:\n${describeViolations(label, problems)}`);
  await assertReadableDates(page, label);
}

/**
 * Dates and times a person reads are in GOV.UK style in UK time ("2 December 2026", "9:30am"):
 * returns the machine-style ones found in the page's text or title (an ISO date such as
 * 2026-12-02, a 24-hour or UTC time stamp such as 09:30Z, 09:30:00 or "UTC").
 */
export function machineDatesIn(text: string): string[] {
  const patterns = [/\b\d{4}-\d{2}-\d{2}\b/g, /\b\d{1,2}:\d{2}:\d{2}\b/g, /\b\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?Z\b/g, /\bT\d{2}:\d{2}/g, /\bUTC\b|\bGMT\b/g];
  return patterns.flatMap((p) => [...text.matchAll(p)].map((m) => m[0]));
}

/** Fails if the page's visible text or title shows a date or time in a machine's style rather than GOV.UK's. */
/** Fails if the page is wider than its window, naming the page and the width. */
export async function assertNoSidewaysScroll(page: Page, label: string = page.url()): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `${label} scrolls sideways by ${overflow}px at ${page.viewportSize()?.width}px`);
}

export async function assertReadableDates(page: Page, label: string = page.url()): Promise<void> {
  const text = await page.evaluate(() => `${document.title}\n${document.body.innerText}`);
  const found = machineDatesIn(text);
  assert.deepEqual(found, [], `${label} shows dates or times not in GOV.UK style: ${found.slice(0, 5).join(', ')}`);
}

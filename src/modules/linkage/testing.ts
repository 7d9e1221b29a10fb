/**
 * Test helpers for the linkage pages: one demo Lantern per test file, signing in through the
 * pages (CSRF token and cookie as a browser would), and form posts.
 */
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../platform/config.ts';
import { openDatabase, type Database } from '../../platform/db/database.ts';
import { startLantern } from '../../server.ts';
import { DEMO_PASSWORD } from '../demo/people.ts';

export async function startDemoLantern(): Promise<{ app: FastifyInstance; database: Database }> {
  const database = await openDatabase({});
  const { app } = await startLantern(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: process.env.LK_DEBUG ? 'error' : 'silent', LANTERN_DEMO: 'true', SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000' }), database);
  return { app, database };
}

export interface Browser {
  get(url: string): Promise<{ status: number; body: string; location?: string }>;
  post(url: string, form: Record<string, string>): Promise<{ status: number; body: string; location?: string }>;
  /** The CSRF token of the last page fetched. */
  csrf: string;
}

function cookiesFrom(setCookie: string | string[] | undefined, jar: Map<string, string>): void {
  for (const header of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
    const [pair] = header.split(';');
    const at = pair!.indexOf('=');
    jar.set(pair!.slice(0, at), pair!.slice(at + 1));
  }
}

/** Signs in as a demo user and returns a small browser that keeps cookies and the CSRF token. */
export async function signIn(app: FastifyInstance, email: string): Promise<Browser> {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const browser: Browser = {
    csrf: '',
    async get(url) {
      const response = await app.inject({ method: 'GET', url, headers: { cookie: cookie() } });
      cookiesFrom(response.headers['set-cookie'], jar);
      const token = /name="_csrf" value="([^"]+)"/.exec(response.body);
      if (token) browser.csrf = token[1]!;
      return { status: response.statusCode, body: response.body, location: response.headers.location as string | undefined };
    },
    async post(url, form) {
      const response = await app.inject({
        method: 'POST',
        url,
        headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: browser.csrf, ...form }).toString(),
      });
      cookiesFrom(response.headers['set-cookie'], jar);
      const token = /name="_csrf" value="([^"]+)"/.exec(response.body);
      if (token) browser.csrf = token[1]!;
      return { status: response.statusCode, body: response.body, location: response.headers.location as string | undefined };
    },
  };
  await browser.get('/sign-in');
  const signedIn = await browser.post('/sign-in', { email, password: DEMO_PASSWORD });
  if (signedIn.status !== 303) throw new Error(`Sign-in failed for ${email} (${signedIn.status})`);
  return browser;
}

/** Text of a page without tags, for assertions about what a user can read. */
export function visibleText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/**
 * Test helpers for this module: a Lantern with the demo area on an in-memory PGlite, and signed-in
 * browser-like sessions driven through app.inject. (src/test-support may gain shared helpers; these
 * follow the same steps: sign-in page for the CSRF cookie and token, then the session cookie.)
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../../platform/config.ts';
import { openDatabase, type Database } from '../../platform/db/database.ts';
import { createApiToken } from '../../platform/auth/api-tokens.ts';
import { startLantern } from '../../server.ts';
import { DEMO_PASSWORD } from '../demo/people.ts';
import { findUserByEmail, loadSignedInUser, type SignedInUser } from '../../platform/auth/users.ts';
import { fromLondon, londonParts } from './times.ts';

export async function startTestLantern(): Promise<{ app: FastifyInstance; database: Database }> {
  const database = await openDatabase({});
  const { app } = await startLantern(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', LANTERN_DEMO: 'true', SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000' }), database);
  return { app, database };
}

export async function demoUser(database: Database, email: string): Promise<SignedInUser> {
  const row = await findUserByEmail(database.db, email);
  return (await loadSignedInUser(database.db, row!.id))!;
}

function cookiesFrom(response: LightMyRequestResponse, jar: Map<string, string>) {
  for (const c of response.cookies as { name: string; value: string }[]) {
    if (c.value === '') jar.delete(c.name);
    else jar.set(c.name, c.value);
  }
}

const csrfIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

export interface Session {
  get(url: string): Promise<LightMyRequestResponse>;
  /** Posts a form with a fresh CSRF token taken from `tokenFrom` (default: the home page). */
  post(url: string, form: Record<string, string | string[]>): Promise<LightMyRequestResponse>;
}

export async function signIn(app: FastifyInstance, email: string): Promise<Session> {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const page = await app.inject({ method: 'GET', url: '/sign-in' });
  cookiesFrom(page, jar);
  const signedIn = await app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ email, password: DEMO_PASSWORD, _csrf: csrfIn(page.body), returnTo: '/' }).toString(),
  });
  if (signedIn.statusCode !== 303) throw new Error(`Sign-in failed for ${email}: ${signedIn.statusCode}`);
  cookiesFrom(signedIn, jar);
  const session: Session = {
    async get(url) {
      const response = await app.inject({ method: 'GET', url, headers: { cookie: cookie() } });
      cookiesFrom(response, jar);
      return response;
    },
    async post(url, form) {
      const home = await session.get('/');
      const body = new URLSearchParams();
      for (const [k, v] of Object.entries(form)) for (const value of Array.isArray(v) ? v : [v]) body.append(k, value);
      body.set('_csrf', csrfIn(home.body));
      const response = await app.inject({ method: 'POST', url, headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() });
      cookiesFrom(response, jar);
      return response;
    },
  };
  return session;
}

export async function apiToken(database: Database, email: string): Promise<string> {
  const user = await findUserByEmail(database.db, email);
  return (await createApiToken(database.db, { actor: null, ip: null, requestId: 'test' }, user!.id, 'test')).token;
}

/** The date-and-time form fields for an instant, in UK time. */
export function dateTimeForm(prefix: string, date: Date): Record<string, string> {
  const p = londonParts(date);
  return { [`${prefix}-day`]: String(p.day), [`${prefix}-month`]: String(p.month), [`${prefix}-year`]: String(p.year), [`${prefix}-time`]: `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}` };
}

/** UK local time `daysAgo` days before now, at hour:minute. */
export function londonAt(daysAgo: number, hour: number, minute = 0, now = new Date()): Date {
  const d = londonParts(new Date(now.getTime() - daysAgo * 86_400_000));
  return fromLondon(`${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`, hour, minute);
}

/** Visible text of an HTML page, tags dropped and whitespace collapsed, for assertions. */
export function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<svg[\s\S]*?<\/svg>/g, ' ')
    .replace(/<\/?(a|strong|span|b|em)\b[^>]*>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/&quot;|&#34;/g, '"')
    .replace(/\s+/g, ' ');
}

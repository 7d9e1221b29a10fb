/**
 * Test helpers: one Lantern per test file on a fresh in-memory PGlite with the demo area, and a
 * signed-in browser-like client that keeps cookies and sends the CSRF token with every form.
 * Fictional demo users only.
 */
import type { FastifyInstance } from 'fastify';
import type { LightMyRequestResponse } from 'fastify';
import { eq, sql } from 'drizzle-orm';
import { openDatabase, rows, type Database } from '../../platform/db/database.ts';
import { createApiToken } from '../../platform/auth/api-tokens.ts';
import { users } from '../organisation/tables.ts';
import type { Instrument } from './instrument/index.ts';
import { loadConfig } from '../../platform/config.ts';
import { startLantern } from '../../server.ts';
import { DEMO_PASSWORD } from '../demo/people.ts';

export async function startTestLantern(): Promise<{ app: FastifyInstance; database: Database }> {
  const database = await openDatabase({});
  const { app } = await startLantern(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', LANTERN_DEMO: 'true', SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000' }), database);
  return { app, database };
}

export type Form = Record<string, string | string[]>;

export class TestClient {
  private cookies = new Map<string, string>();
  private csrf = '';

  constructor(private readonly app: FastifyInstance) {}

  private remember(response: LightMyRequestResponse): void {
    for (const c of response.cookies as { name: string; value: string }[]) {
      if (c.value === '') this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
    if (token) this.csrf = token;
  }

  private cookieHeader(): string {
    return [...this.cookies.entries()].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader() } });
    this.remember(response);
    return response;
  }

  async post(url: string, form: Form = {}): Promise<LightMyRequestResponse> {
    if (!this.csrf) await this.get('/sign-in');
    const body = new URLSearchParams();
    body.append('_csrf', this.csrf);
    for (const [k, v] of Object.entries(form)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
    const response = await this.app.inject({
      method: 'POST',
      url,
      payload: body.toString(),
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
    });
    this.remember(response);
    return response;
  }

  /** Follows a 303 and returns the page it leads to. */
  async follow(response: LightMyRequestResponse): Promise<LightMyRequestResponse> {
    const location = response.headers.location;
    if (response.statusCode !== 303 || typeof location !== 'string') throw new Error(`Expected a redirect, got ${response.statusCode}`);
    return this.get(location);
  }
}

/** Signs in as a demo user (by email) and returns their client. */
export async function signInAs(app: FastifyInstance, email: string): Promise<TestClient> {
  const client = new TestClient(app);
  await client.get('/sign-in');
  const response = await client.post('/sign-in', { email, password: DEMO_PASSWORD, returnTo: '/' });
  if (response.statusCode !== 303) throw new Error(`Sign-in failed for ${email}: ${response.statusCode}`);
  return client;
}

/** Text of a page without tags, with runs of white space collapsed: for asserting on what a reader sees. */
export function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;|&#34;/g, '"')
    .replace(/&amp;|&#38;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Radio groups on a page: name → the values offered. */
export function radioGroups(html: string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const match of html.matchAll(/<input[^>]*type="radio"[^>]*>/g)) {
    const tag = match[0];
    const name = /name="([^"]+)"/.exec(tag)?.[1];
    const value = /value="([^"]*)"/.exec(tag)?.[1];
    if (name === undefined || value === undefined) continue;
    groups.set(name, [...(groups.get(name) ?? []), value]);
  }
  return groups;
}

/**
 * Answers every indicator section of the young person's assessment in progress through the pages:
 * `answers` gives indicator id → answer, and everything else is answered as not present.
 */
export async function answerIndicatorSections(client: TestClient, youngPersonId: string, answers: Record<string, string>): Promise<void> {
  const base = `/young-people/${youngPersonId}/assessments/draft`;
  const tasks = await client.get(base);
  const keys = [...new Set([...tasks.body.matchAll(/\/assessments\/draft\/sections\/(g\.[^"#]+)"/g)].map((m) => decodeURIComponent(m[1]!)))];
  for (const key of keys) {
    const page = await client.get(`${base}/sections/${encodeURIComponent(key)}`);
    const form: Form = { action: 'continue' };
    for (const [name, values] of radioGroups(page.body)) {
      const id = name.slice(2);
      form[name] = answers[id] ?? (values.includes('not_present') ? 'not_present' : values[values.length - 1]!);
    }
    const saved = await client.post(`${base}/sections/${encodeURIComponent(key)}`, form);
    if (saved.statusCode !== 303) throw new Error(`Section ${key} was not saved: ${saved.statusCode}`);
  }
}

/** A personal access token for a demo user, and a caller that sends it. */
export async function apiAs(app: FastifyInstance, database: Database, email: string) {
  const [user] = await database.db.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (!user) throw new Error(`No demo user ${email}`);
  const { token } = await createApiToken(database.db, { actor: null, ip: null, requestId: 'test' }, user.id, 'test');
  return async (method: 'GET' | 'POST', url: string, body?: unknown) => {
    const response = await app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) });
    return { status: response.statusCode, json: response.json() as Record<string, unknown> & { errors?: { section: string | null; message: string }[] } };
  };
}

/** A complete API assessment: every question of `instrument` answered, `present` ones as given, the rest not present. */
export function completeApiBody(instrument: Instrument, youngPersonId: string, present: Record<string, string>, judgement: { level: string; reason?: string }) {
  const answers: Record<string, string> = {};
  for (const i of instrument.indicators) if (!i.retired) answers[i.id] = present[i.id] ?? 'not_present';
  for (const p of instrument.protectiveFactors) if (!p.retired) answers[p.id] = present[p.id] ?? 'not_present';
  return {
    youngPersonId,
    instrumentVersion: instrument.version,
    answers,
    facts: { immediateDanger: false, lookedAfter: 'no', learningDisability: 'no', sexualActivity: 'none', penetrativeSex: 'none' },
    judgement: { level: judgement.level, ...(judgement.reason ? { reason: judgement.reason } : {}), significantHarm: 'no' },
  };
}

/** How many rows each record an assessment leaves behind: to show that a refusal stored nothing. */
export async function assessmentTrace(database: Database, youngPersonId: string) {
  const [row] = await rows<{ assessments: number; chronology: number; feedback: number; audits: number; level: string | null }>(
    database.db,
    sql`select
      (select count(*)::int from risk_assessments where young_person_id = ${youngPersonId}) as assessments,
      (select count(*)::int from chronology_entries where young_person_id = ${youngPersonId} and kind = 'assessment') as chronology,
      (select count(*)::int from feedback_messages where kind = 'assessment') as feedback,
      (select count(*)::int from audit_events where record_kind = 'risk_assessment' and action = 'create') as audits,
      (select risk_level from young_people where id = ${youngPersonId}) as level`,
  );
  return row!;
}

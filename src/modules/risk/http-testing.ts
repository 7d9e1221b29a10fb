/**
 * Data helpers for the risk module's tests (not a test file itself): answering an assessment
 * through the pages or the API, and counting what an assessment leaves behind. Starting Lantern and
 * signing in are src/test-support's. Fictional demo users only.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { rows, type Database } from '../../platform/db/database.ts';
import { apiTokenFor, type Form, type TestClient } from '../../test-support/index.ts';
import type { Instrument } from './instrument/index.ts';

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
    if (saved.status !== 303) throw new Error(`Section ${key} was not saved: ${saved.status}`);
  }
}

/** A personal access token for a demo user, and a caller that sends it. */
export async function apiAs(app: FastifyInstance, database: Database, email: string) {
  const token = await apiTokenFor(database.db, email);
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
    facts: { immediateDanger: false, lookedAfter: 'no', learningDisability: 'no', hasPartner: 'no', sexualActivity: 'none', penetrativeSex: 'none' },
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

/**
 * The JSON API under generated requests. Every operation in Lantern's own `/api/openapi.json` is
 * called as several roles (and without a token) with values derived from its schemas: fitting
 * ones, boundary ones and ones that break the rules (see test-support/openapi-fuzz.ts). It fails on
 * any 5xx, on any answer that shows a stack trace or a query, on a refusal that is not an RFC 9457
 * problem document, and on any refused (4xx) request that changed a table or wrote a successful
 * audit row.
 *
 * Bounded by default; LANTERN_FUZZ_RUNS (requests per operation) and LANTERN_FUZZ_SEED make a
 * larger or different run, e.g. `LANTERN_FUZZ_RUNS=300 npx tsx src/test-support/run-tests.ts
 * src/platform/api/fuzz.test.ts`. The counts are printed as test diagnostics.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { rows } from '../db/database.ts';
import { createApiToken } from '../auth/api-tokens.ts';
import { currentVersion } from '../../modules/risk/versions.ts';
import { createTestLantern, userIdByEmail, type TestLantern } from '../../test-support/index.ts';
import { operationsOf, requestsFor, type IdPools, type Operation } from '../../test-support/openapi-fuzz.ts';

const RUNS = Number(process.env.LANTERN_FUZZ_RUNS ?? 12);
const SEED = Number(process.env.LANTERN_FUZZ_SEED ?? 20261203);

/** One demo user of each role that uses the API, by the name their token is known by here. */
const USERS: Record<string, string> = {
  coordinator: 'coordinator@northbridge.example',
  practitioner: 'school.nurse@northbridge.example',
  police: 'police.officer@northbridge.example',
  agency_lead: 'education.lead@northbridge.example',
  panel_member: 'panel.member@northbridge.example',
  intelligence_officer: 'intelligence@northbridge.example',
  analyst: 'analyst@northbridge.example',
  board_member: 'board.member@northbridge.example',
  administrator: 'admin@northbridge.example',
};
/** Also sent: no token at all, and a token that is not one. */
const ROLES = [...Object.keys(USERS), 'no_token', 'forged_token'] as const;

/** Tables whose ids are offered to fields that name them. */
const ID_TABLES = ['young_people', 'concerns', 'missing_episodes', 'adults_of_concern', 'places_of_concern', 'panels', 'panel_meetings', 'panel_referrals', 'agenda_items', 'peer_groups', 'agencies', 'users'];

/** Changed by reading (the last use of a token) or by the trail's own bookkeeping, so not compared. */
const NOT_COMPARED = new Set(['audit_events', 'audit_chain_heads', 'api_tokens', 'sessions']);

/** A stack frame, a file of Lantern's or a dependency's, or the text of a failed query. */
const INTERNALS = /(?:\\n|\n)\s+at \S|\bat \S+:\d+:\d+|node_modules\/|\.(?:ts|js|mjs):\d+:\d+|Failed query|syntax error at or near|violates \S+ constraint|"stack"\s*:/;

let lantern: TestLantern;
const tokens: Record<string, string> = {};
let operations: Operation[];
let pools: IdPools;
let tables: string[];

before(async () => {
  lantern = await createTestLantern();
  for (const [role, email] of Object.entries(USERS)) {
    tokens[role] = (await createApiToken(lantern.db, { actor: null, ip: null, requestId: 'fuzz' }, await userIdByEmail(lantern.db, email), 'fuzz')).token;
  }
  tokens.forged_token = 'lantern_pat_not-a-real-token';
  const description = await lantern.app.inject({ method: 'GET', url: '/api/openapi.json' });
  assert.equal(description.statusCode, 200);
  operations = operationsOf(description.json());
  pools = {};
  for (const table of ID_TABLES) {
    pools[table] = (await rows<{ id: string }>(lantern.db, sql`select id::text as id from ${sql.identifier(table)} order by id limit 200`)).map((r) => r.id);
  }
  // An area's risk instrument is written the first time anything needs it, refused request or not;
  // done here, so that every write during the run is one a request caused.
  for (const area of await rows<{ id: string }>(lantern.db, sql`select id from areas`)) await currentVersion(lantern.db, area.id);
  tables = (await rows<{ name: string }>(lantern.db, sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`))
    .map((r) => r.name)
    .filter((name) => !NOT_COMPARED.has(name));
});
after(() => lantern?.close());

/** Rows in every table, and the successful audit rows: what a refused request must leave as it was. */
async function state(): Promise<Record<string, number>> {
  const counts = tables.map((table) => sql`select ${table} as name, count(*)::int as n from ${sql.identifier(table)}`);
  counts.push(sql`select 'audit_events (success)' as name, count(*)::int as n from audit_events where outcome = 'success'`);
  const found = await rows<{ name: string; n: number }>(lantern.db, sql.join(counts, sql` union all `));
  return Object.fromEntries(found.map((r) => [r.name, r.n]));
}

function changed(before0: Record<string, number>, after0: Record<string, number>): string[] {
  return Object.keys(after0).filter((name) => before0[name] !== after0[name]).map((name) => `${name}: ${before0[name]} → ${after0[name]}`);
}

describe('the JSON API under generated requests', () => {
  it('describes the API in its OpenAPI document', () => {
    assert.ok(operations.length >= 30, `only ${operations.length} operations described`);
    for (const operation of operations) assert.match(operation.path, /^\/api\/v1\//);
  });

  it('never answers 5xx or shows internals, and a refused request changes nothing', async (t) => {
    const byStatus: Record<number, number> = {};
    const byOperation: Record<string, Record<number, number>> = {};
    const reachedPast401 = new Set<string>();
    const problems: string[] = [];
    let sent = 0;
    let current = await state();

    for (const [index, operation] of operations.entries()) {
      const label = `${operation.method} ${operation.path}`;
      const requests = fc.sample(requestsFor(operation, ROLES, pools), { seed: SEED + index, numRuns: RUNS });
      for (const request of requests) {
        const token = tokens[request.role];
        const response = await lantern.app.inject({
          method: operation.method,
          url: request.url,
          headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(request.contentType ? { 'content-type': request.contentType } : {}) },
          ...(request.payload === undefined ? {} : { payload: request.payload }),
        });
        sent += 1;
        const status = response.statusCode;
        byStatus[status] = (byStatus[status] ?? 0) + 1;
        const perOperation = (byOperation[label] ??= {});
        perOperation[status] = (perOperation[status] ?? 0) + 1;
        if (status !== 401) reachedPast401.add(label);
        const what = `${label} as ${request.role} → ${status}: ${request.url.slice(0, 200)} ${(request.payload ?? '').slice(0, 300)}`;
        if (status >= 500) problems.push(`${what}\n    answered ${response.body.slice(0, 300)}`);
        if (INTERNALS.test(response.body)) problems.push(`${what}\n    shows internals: ${response.body.slice(0, 300)}`);
        if (status >= 400 && !/^application\/problem\+json/.test(String(response.headers['content-type']))) problems.push(`${what}\n    is not a problem document: ${response.headers['content-type']}`);
        const now = await state();
        if (status >= 400 && status < 500) {
          const differences = changed(current, now);
          if (differences.length) problems.push(`${what}\n    was refused but changed ${differences.join(', ')}`);
        }
        current = now;
      }
    }

    const refused = Object.entries(byStatus).filter(([status]) => Number(status) >= 400 && Number(status) < 500);
    t.diagnostic(`fuzz: ${sent} requests over ${operations.length} operations (seed ${SEED}, ${RUNS} each)`);
    t.diagnostic(`fuzz: by status ${JSON.stringify(byStatus)}`);
    for (const [label, counts] of Object.entries(byOperation)) t.diagnostic(`fuzz: ${label} ${JSON.stringify(counts)}`);
    t.diagnostic(`fuzz: 4xx ${refused.reduce((n, [, count]) => n + count, 0)}, 5xx ${Object.entries(byStatus).filter(([s]) => Number(s) >= 500).reduce((n, [, c]) => n + c, 0)}`);
    assert.deepEqual(problems, [], `${problems.length} problems:\n${problems.join('\n')}`);
    // The generated requests must get past the token check everywhere and sometimes succeed, or the run proves little.
    assert.deepEqual(operations.map((o) => `${o.method} ${o.path}`).filter((label) => !reachedPast401.has(label)), []);
    assert.ok(Object.keys(byStatus).some((status) => Number(status) < 300), 'some requests succeed');
  });
});

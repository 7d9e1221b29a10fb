import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestLantern, signInAs, TestClient, type TestLantern } from '../../test-support/index.ts';
import { rows } from '../db/database.ts';

const TOKEN = 'metrics-token-for-tests-0123456789abcdef';

/** The value of one series in Prometheus text, e.g. value(text, 'lantern_audit_rows'). */
function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  let lantern: TestLantern;
  before(async () => {
    lantern = await createTestLantern({
      env: { METRICS_TOKEN: TOKEN },
      routes: (app) => {
        app.get('/test/broken', { config: { public: true } }, async () => {
          throw new Error('a bug');
        });
      },
    });
  });
  after(() => lantern?.close());

  const local = () => new TestClient(lantern.app, '127.0.0.1');

  test('is not there for another machine without the token, or with a wrong one, or through a proxy claiming to be local', async () => {
    assert.equal((await new TestClient(lantern.app).get('/metrics')).status, 404);
    assert.equal((await new TestClient(lantern.app).get('/metrics', { authorization: 'Bearer not-the-token-at-all-not-the-token' })).status, 404);
    assert.equal((await local().get('/metrics', { 'x-forwarded-for': '203.0.113.9' })).status, 404);
  });

  test('answers another machine that sends the token', async () => {
    const response = await new TestClient(lantern.app).get('/metrics', { authorization: `Bearer ${TOKEN}` });
    assert.equal(response.status, 200);
    assert.match(String(response.headers['content-type']), /^text\/plain; version=0\.0\.4/);
  });

  test('counts requests and their latency by route pattern, errors by kind, pool use and audit rows, with no identifiers', async () => {
    const coordinator = await signInAs(lantern.app, 'coordinator@northbridge.example');
    const [jade] = await rows<{ id: string }>(lantern.db, sql`select id from young_people where given_name = 'Jade'`);
    const auditBefore = value((await local().get('/metrics')).body, 'lantern_audit_rows')!;
    assert.ok(auditBefore > 0);

    assert.equal((await coordinator.get(`/young-people/${jade!.id}`)).status, 200); // audited view
    assert.equal((await coordinator.get(`/young-people/${jade!.id}`)).status, 200);
    assert.equal((await new TestClient(lantern.app).get('/test/broken')).status, 500);

    const response = await local().get('/metrics');
    assert.equal(response.status, 200);
    const text = response.body;
    assert.equal(value(text, 'lantern_http_requests_total{method="GET",route="/young-people/:id",status="200"}'), 2);
    assert.equal(value(text, 'lantern_http_request_duration_seconds_count{method="GET",route="/young-people/:id"}'), 2);
    assert.ok(text.includes('lantern_http_request_duration_seconds_bucket{le="0.1",method="GET",route="/young-people/:id"}'));
    assert.equal(value(text, 'lantern_errors_total{kind="internal"}'), 1);
    assert.ok(value(text, 'lantern_errors_total{kind="client"}')! >= 3, 'the refused /metrics requests are counted as client errors');
    assert.ok(value(text, 'lantern_audit_rows')! >= auditBefore + 2, `the two views were audited (${auditBefore} then ${value(text, 'lantern_audit_rows')})`);
    assert.ok(value(text, 'lantern_process_resident_memory_bytes')! > 0);
    if (lantern.database.kind === 'postgresql') {
      assert.equal(value(text, 'lantern_db_pool_connections{state="max"}'), 5);
      assert.ok(value(text, 'lantern_db_pool_connections{state="idle"}') !== undefined);
    } else {
      assert.ok(!text.includes('lantern_db_pool_connections{'), 'PGlite has no pool');
    }
    assert.ok(!text.includes(jade!.id), 'route patterns, never the address with its id');
  });
});

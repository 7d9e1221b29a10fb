import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestLantern, signInAs, TestClient, userIdByEmail, type TestLantern } from '../../test-support/index.ts';
import { createApiToken } from '../auth/api-tokens.ts';

describe('GET /health and GET /ready', () => {
  // This file closes the database under the running app, so it has a Lantern to itself.
  let lantern: TestLantern;
  before(async () => {
    lantern = await createTestLantern();
  });
  after(() => lantern?.close());

  const expectedKind = process.env.DATABASE_URL ? 'postgresql' : 'pglite';

  test(`answers 200 {status: 'ok', db: '${expectedKind}'} without signing in, and is never cached`, async () => {
    const response = await new TestClient(lantern.app).get('/health');
    assert.equal(response.status, 200);
    assert.match(String(response.headers['content-type']), /^application\/json/);
    assert.equal(response.headers['cache-control'], 'no-store');
    const body = response.json<{ status: string; db: string; dbLatencyMs: number }>();
    assert.equal(body.status, 'ok');
    assert.equal(body.db, expectedKind);
    assert.equal(typeof body.dbLatencyMs, 'number');
  });

  test('/ready answers 200 while the database answers', async () => {
    const response = await new TestClient(lantern.app).get('/ready');
    assert.equal(response.status, 200);
    assert.equal(response.headers['cache-control'], 'no-store');
    assert.deepEqual(response.json(), { status: 'ready', db: expectedKind });
  });

  test('when the database is gone: /health says degraded and why, /ready 503, pages and the API 503 with Retry-After', async () => {
    const client = await signInAs(lantern.app, 'coordinator@northbridge.example');
    assert.equal((await client.get('/')).status, 200);
    const { token } = await createApiToken(lantern.db, { actor: null, ip: null, requestId: null }, await userIdByEmail(lantern.db, 'coordinator@northbridge.example'), 'health test');

    await lantern.database.close();

    const health = await new TestClient(lantern.app).get('/health');
    assert.equal(health.status, 200, 'the process is alive: a supervisor must not restart it for a database outage');
    assert.deepEqual(health.json(), { status: 'degraded', db: expectedKind, reason: 'the database cannot be reached' });

    const ready = await new TestClient(lantern.app).get('/ready');
    assert.equal(ready.status, 503);
    assert.equal(ready.headers['retry-after'], '5');
    assert.deepEqual(ready.json(), { status: 'not ready', db: expectedKind, reason: 'the database cannot be reached' });

    const page = await client.get('/');
    assert.equal(page.status, 503);
    assert.equal(page.headers['retry-after'], '5');
    assert.equal(page.h1, 'Sorry, the service is unavailable');
    assert.match(page.text, /give this reference: [0-9a-f-]{36}/);
    assert.doesNotMatch(page.body, /closed|pool|PGlite|at \S+ \(/i, 'no error message or stack trace reaches the user');

    const api = await new TestClient(lantern.app).get('/api/v1/me', { authorization: `Bearer ${token}` });
    assert.equal(api.status, 503);
    assert.equal(api.headers['retry-after'], '5');
    assert.match(String(api.headers['content-type']), /^application\/problem\+json/);
    assert.equal(api.json<{ status: number }>().status, 503);
  });
});

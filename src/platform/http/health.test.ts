import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestLantern, signInAs, TestClient, type TestLantern } from '../../test-support/index.ts';

describe('GET /health', () => {
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

  test('answers 503 when the database is gone, and pages show the service-unavailable page', async () => {
    const client = await signInAs(lantern.app, 'coordinator@northbridge.example');
    assert.equal((await client.get('/')).status, 200);

    await lantern.database.close();

    const health = await new TestClient(lantern.app).get('/health');
    assert.equal(health.status, 503);
    assert.deepEqual(health.json(), { status: 'unavailable', db: expectedKind });

    const page = await client.get('/');
    assert.equal(page.status, 503);
    assert.equal(page.h1, 'Sorry, there is a problem with the service');
    assert.match(page.text, /give this reference: [0-9a-f-]{36}/);
    assert.doesNotMatch(page.body, /closed|pool|PGlite|at \S+ \(/i, 'no error message or stack trace reaches the user');
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { generate } from 'otplib';
import type { Db } from '../db/database.ts';
import { areas } from '../../modules/organisation/tables.ts';
import { createAgency, createArea, createUser } from '../../modules/organisation/service.ts';
import { createApiToken, revokeApiToken } from '../auth/api-tokens.ts';
import { countRows, createTestLantern, signInAs, TestClient, userIdByEmail, type Page, type TestLantern } from '../../test-support/index.ts';

const SECRET_MESSAGE = 'connection to db-secret-host.internal failed for user lantern_owner';

/** Routes that fail on purpose, registered only in this test's app. */
function failingRoutes(app: FastifyInstance) {
  app.get('/test/throws', { config: { public: true } }, async () => {
    throw new Error(SECRET_MESSAGE);
  });
  // A database failure half-way through a change: the first statement must be rolled back.
  app.get('/test/fails-mid-transaction', { config: { public: true } }, async () => {
    const { db } = app.lantern.database;
    await db.transaction(async (tx) => {
      await tx.insert(areas).values({ name: 'Half Written Area', code: 'HALF' });
      await tx.execute(sql`select 1 / 0`);
    });
    return 'not reached';
  });
}

function assertNoInternals(page: Page) {
  assert.ok(!page.body.includes(SECRET_MESSAGE), 'the error message is not shown');
  assert.doesNotMatch(page.body, /division by zero|Failed query|\bat .+:\d+:\d+|node_modules|\.ts\b/, 'no stack trace or query reaches the user');
}

describe('the web platform', () => {
  let lantern: TestLantern;
  before(async () => {
    lantern = await createTestLantern({ routes: failingRoutes });
  });
  after(() => lantern?.close());

  describe('bad input and errors', () => {
    test('an oversized body answers 413 with a GOV.UK page', async () => {
      const client = new TestClient(lantern.app);
      const limit = lantern.config.bodyLimitBytes;
      const page = await client.post('/sign-in', { email: 'coordinator@northbridge.example', password: 'x'.repeat(limit + 10) });
      assert.equal(page.status, 413);
      assert.equal(page.title, 'Too much information sent – Lantern');
      assert.equal(page.h1, 'Too much information was sent');
    });

    test('an unknown address answers 404 with the "Page not found" page', async () => {
      const client = await signInAs(lantern.app, 'coordinator@northbridge.example');
      for (const url of ['/no-such-page', '/young-person/123', '/admin-panel', '/sign-in/extra']) {
        const page = await client.get(url);
        assert.equal(page.status, 404, url);
        assert.equal(page.title, 'Page not found – Lantern', url);
        assert.equal(page.h1, 'Page not found', url);
      }
    });

    test('a malformed id answers 404, the same as a missing record', async () => {
      const admin = await signInAs(lantern.app, 'admin@northbridge.example');
      for (const url of ['/admin/users/not-an-id', '/admin/users/00000000-0000-4000-8000-000000000000', "/admin/areas/1' or '1'='1"]) {
        const page = await admin.get(url);
        assert.equal(page.status, 404, url);
        assert.equal(page.h1, 'Page not found');
      }
    });

    test('someone not signed in is sent to sign in rather than told whether a page exists', async () => {
      const page = await new TestClient(lantern.app).get('/no-such-page');
      assert.equal(page.status, 303);
      assert.equal(page.location, '/sign-in?returnTo=%2Fno-such-page');
    });

    test('the JSON API answers problems as JSON: 401 without a token, 404 for an unknown address with one', async () => {
      const anonymous = await new TestClient(lantern.app).get('/api/v1/no-such-thing');
      assert.equal(anonymous.status, 401);
      assert.match(String(anonymous.headers['content-type']), /^application\/problem\+json/);
      assert.equal(anonymous.headers['www-authenticate'], 'Bearer');

      const ctx = { actor: null, ip: null, requestId: 'test-setup' };
      const coordinatorId = await userIdByEmail(lantern.db, 'coordinator@northbridge.example');
      const { id, token } = await createApiToken(lantern.db, ctx, coordinatorId, 'platform test');
      const bearer = { authorization: `Bearer ${token}` };
      const client = new TestClient(lantern.app);
      const me = await client.get('/api/v1/me', bearer);
      assert.equal(me.status, 200);
      assert.equal(me.json().role, 'coordinator');
      const unknown = await client.get('/api/v1/no-such-thing', bearer);
      assert.equal(unknown.status, 404);
      assert.match(String(unknown.headers['content-type']), /^application\/problem\+json/);
      assert.equal(unknown.json().status, 404);

      assert.equal(me.headers['cache-control'], 'no-store', 'API answers carry personal data and are never cached');
      assert.equal(await revokeApiToken(lantern.db, ctx, coordinatorId, id), true);
      assert.equal((await client.get('/api/v1/me', bearer)).status, 401, 'a revoked token stops working at once');
      assert.equal((await client.get('/api/v1/me', { authorization: 'Bearer lantern_pat_made-up' })).status, 401);
    });

    test('an unexpected error shows "There is a problem with the service" with a reference and no internals', async () => {
      const page = await new TestClient(lantern.app).get('/test/throws');
      assert.equal(page.status, 500);
      assert.equal(page.h1, 'Sorry, there is a problem with the service');
      assert.match(page.title, /^Sorry, there is a problem with the service/);
      assert.match(page.text, /give this reference: [0-9a-f-]{36}/);
      assertNoInternals(page);
    });

    test('a database failure mid-request rolls back and shows the problem page', async () => {
      const page = await new TestClient(lantern.app).get('/test/fails-mid-transaction');
      assert.equal(page.status, 500);
      assert.equal(page.h1, 'Sorry, there is a problem with the service');
      assert.match(page.text, /Nothing you were doing has been saved/);
      assertNoInternals(page);
      assert.equal(await countRows(lantern.db, 'areas', sql`code = 'HALF'`), 0, 'the first statement was rolled back');
    });
  });

  describe('security headers', () => {
    test('pages carry a strict CSP with a fresh nonce, frame-ancestors none, and no x-powered-by', async () => {
      const client = await signInAs(lantern.app, 'coordinator@northbridge.example');
      const nonces = new Set<string>();
      for (const url of ['/', '/', '/sign-in', '/no-such-page']) {
        const page = await client.get(url);
        const csp = String(page.headers['content-security-policy']);
        const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
        assert.deepEqual(directives.get('frame-ancestors'), ["'none'"]);
        assert.deepEqual(directives.get('default-src'), ["'self'"]);
        assert.deepEqual(directives.get('object-src'), ["'none'"]);
        assert.deepEqual(directives.get('base-uri'), ["'none'"]);
        const scriptSrc = directives.get('script-src') ?? [];
        assert.ok(!scriptSrc.includes("'unsafe-inline'") && !scriptSrc.includes("'unsafe-eval'"), 'no unsafe script sources');
        const nonce = scriptSrc.find((s) => s.startsWith("'nonce-"))?.slice(7, -1);
        if (page.status === 303) continue;
        assert.ok(nonce, `${url}: script-src has a nonce`);
        nonces.add(nonce);
        const scripts = [...page.body.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
        assert.ok(scripts.length > 0);
        for (const script of scripts) {
          assert.match(script, /\ssrc="\/[^"]+"/, 'no inline script');
          assert.ok(script.includes(`nonce="${nonce}"`), 'each script carries the page nonce');
        }
        assert.doesNotMatch(page.body, /\son[a-z]+="/i, 'no inline event handlers');
        assert.equal(page.headers['x-powered-by'], undefined);
        assert.equal(page.headers['x-content-type-options'], 'nosniff');
        assert.equal(page.headers['referrer-policy'], 'same-origin');
        assert.equal(page.headers['cache-control'], 'no-store', 'pages with personal data are not cached');
      }
      assert.equal(nonces.size, 3, 'every response has its own nonce');
    });

    test('stylesheets, scripts and fonts are served to people not signed in, without a session look-up', async () => {
      const client = new TestClient(lantern.app);
      for (const [url, type] of [
        ['/govuk/govuk-frontend.min.css', /^text\/css/],
        ['/govuk/govuk-frontend.min.js', /javascript/],
        ['/public/lantern.css', /^text\/css/],
        ['/public/lantern.js', /javascript/],
        ['/assets/images/favicon.ico', /image/],
      ] as const) {
        const response = await client.get(url);
        assert.equal(response.status, 200, url);
        assert.match(String(response.headers['content-type']), type, url);
      }
      // Only the two compiled files of the package, nothing else from it.
      const other = await client.get('/govuk/all.scss');
      assert.notEqual(other.status, 200);
      assert.ok(!other.body.includes('@import'), 'the package source is not served');
    });

    test('outside production cookies are not Secure (so http://localhost works) but are HttpOnly', async () => {
      const client = new TestClient(lantern.app);
      const page = await client.get('/sign-in');
      const csrf = page.cookies.find((c) => c.name === 'lantern_csrf');
      assert.ok(csrf);
      assert.equal(csrf.httpOnly, true);
      assert.notEqual(csrf.secure, true);
      assert.equal(page.headers['strict-transport-security'], undefined);
    });
  });
});

describe('in production', () => {
  let lantern: TestLantern;
  const email = 'prod.admin@lantern.example';
  const password = 'a long production password';
  before(async () => {
    lantern = await createTestLantern({ seedDemo: false, env: { NODE_ENV: 'production', SESSION_SECRET: 'p'.repeat(48), LANTERN_AUDIT_KEY: 'a'.repeat(48) }, routes: failingRoutes });
    await addFirstUser(lantern.db, email, password);
  });
  after(() => lantern?.close());

  test('no demo area is seeded', async () => {
    assert.equal(lantern.config.seedDemo, false);
    assert.equal(await countRows(lantern.db, 'areas', sql`code = 'NBR'`), 0);
  });

  test('cookies are Secure, HttpOnly and SameSite, and HSTS is sent', async () => {
    const client = new TestClient(lantern.app);
    const signInPage = await client.get('/sign-in');
    const csrf = signInPage.cookies.find((c) => c.name === 'lantern_csrf');
    assert.equal(csrf?.secure, true);
    assert.equal(csrf?.httpOnly, true);
    assert.match(String(signInPage.headers['strict-transport-security']), /max-age=\d+/);
    assert.match(String(signInPage.headers['content-security-policy']), /upgrade-insecure-requests/);

    // Two-factor sign-in is required in production: the password leads to setting it up, and the
    // session cookie comes with the first right code.
    const response = await client.signIn(email, password);
    assert.equal(response.status, 303);
    assert.match(response.location!, /^\/sign-in\/set-up-two-factor/);
    const step = response.cookies.find((c) => c.name === 'lantern_sign_in_step');
    assert.equal(step?.secure, true);
    assert.equal(step?.httpOnly, true);
    const setUp = await client.get(response.location!);
    const key = /id="set-up-key">([^<]+)</.exec(setUp.body)![1]!.replace(/\s/g, '');
    const done = await client.post('/sign-in/set-up-two-factor', { code: await generate({ secret: key }), returnTo: '/' }, { csrfFrom: response.location! });
    assert.equal(done.status, 200);
    const session = done.cookies.find((c) => c.name === 'lantern_session');
    assert.ok(session);
    assert.equal(session.secure, true);
    assert.equal(session.httpOnly, true);
    assert.match(String(session.sameSite), /^(Lax|Strict)$/i);
  });

  test('errors show no internals in production either', async () => {
    const page = await new TestClient(lantern.app).get('/test/throws');
    assert.equal(page.status, 500);
    assertNoInternals(page);
  });
});

async function addFirstUser(db: Db, email: string, password: string) {
  const ctx = { actor: null, ip: null, requestId: 'test-setup' };
  const area = await createArea(db, ctx, { name: 'Production Test Area', code: 'PROD' });
  assert.ok(area.ok);
  const agency = await createAgency(db, ctx, { areaId: area.value.id, name: 'Production Test Agency', kind: 'health' });
  assert.ok(agency.ok);
  const user = await createUser(db, ctx, { agencyId: agency.value.id, name: 'Prod Admin', email, role: 'administrator', password });
  assert.ok(user.ok);
}

/**
 * API tokens end by themselves, are listed with their last use, and can be revoked from the
 * administrator's page and from the command line; API answers are never cached.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { createTestDatabase, createTestLantern, runLanternCommand, signInAs, userIdByEmail, type TestDatabase, type TestLantern } from '../../test-support/index.ts';
import { createApiToken, DEFAULT_API_TOKEN_DAYS, listApiTokens } from './api-tokens.ts';
import { apiTokens } from './tables.ts';

const ctx = { actor: null, ip: '127.0.0.1', requestId: 'test' };
const DAY = 86_400_000;
const NURSE = 'school.nurse@northbridge.example';

let lantern: TestLantern;
let nurseId: string;

before(async () => {
  lantern = await createTestLantern();
  nurseId = await userIdByEmail(lantern.db, NURSE);
});
after(() => lantern?.close());

const callMe = (token: string) => lantern.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });

describe('API tokens', () => {
  it('end after 90 days unless told otherwise, and stop working when they do', async () => {
    const before = Date.now();
    const { id, token } = await createApiToken(lantern.db, ctx, nurseId, 'school system');
    const [row] = await lantern.db.select().from(apiTokens).where(eq(apiTokens.id, id));
    const days = (row!.expiresAt.getTime() - before) / DAY;
    assert.ok(days >= DEFAULT_API_TOKEN_DAYS - 0.01 && days <= DEFAULT_API_TOKEN_DAYS + 0.01, `expires in ${days} days`);
    assert.equal((await callMe(token)).statusCode, 200);

    await lantern.db.update(apiTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiTokens.id, id));
    assert.equal((await callMe(token)).statusCode, 401);
    const listed = (await listApiTokens(lantern.db, nurseId)).find((t) => t.id === id);
    assert.equal(listed?.status, 'expired');
  });

  it('refuse a lifetime of none, of more than a year, or of a fraction of a day', async () => {
    for (const days of [0, 367, 1.5, -3]) await assert.rejects(createApiToken(lantern.db, ctx, nurseId, 'bad', days), RangeError);
  });

  it('API answers say no-store, with a token and without', async () => {
    const { token } = await createApiToken(lantern.db, ctx, nurseId, 'cache check');
    assert.equal((await callMe(token)).headers['cache-control'], 'no-store');
    const anonymous = await lantern.app.inject({ method: 'GET', url: '/api/v1/me' });
    assert.equal(anonymous.statusCode, 401);
    assert.equal(anonymous.headers['cache-control'], 'no-store');
  });

  it('are listed on the person’s page with their last use, and revoked there, audited', async () => {
    const { id, token } = await createApiToken(lantern.db, ctx, nurseId, 'clinic records system');
    assert.equal((await callMe(token)).statusCode, 200);
    const admin = await signInAs(lantern.app, 'admin@northbridge.example');
    const page = await admin.get(`/admin/users/${nurseId}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /API tokens/);
    assert.match(page.text, /clinic records system/);
    assert.ok(!page.body.includes(token), 'the token itself is never shown again');

    const revoked = await admin.post(`/admin/users/${nurseId}/tokens/${id}/revoke`, {}, { csrfFrom: `/admin/users/${nurseId}` });
    assert.equal(revoked.status, 303);
    assert.equal((await callMe(token)).statusCode, 401);
    assert.match((await admin.get(`/admin/users/${nurseId}`)).text, /Revoked/);
    const audit = await lantern.db.execute(`select count(*)::int as n from audit_events where record_kind = 'api_token' and record_id = '${id}' and action = 'permission_change'`);
    assert.equal((audit as unknown as { rows: { n: number }[] }).rows[0]!.n, 1);

    // Revoking twice, or another person's token through this person's page, finds nothing.
    assert.equal((await admin.post(`/admin/users/${nurseId}/tokens/${id}/revoke`, {}, { csrfFrom: `/admin/users/${nurseId}` })).status, 404);
    const other = await createApiToken(lantern.db, ctx, await userIdByEmail(lantern.db, 'youth.worker@northbridge.example'), 'not the nurse’s');
    assert.equal((await admin.post(`/admin/users/${nurseId}/tokens/${other.id}/revoke`, {}, { csrfFrom: `/admin/users/${nurseId}` })).status, 404);
    assert.equal((await callMe(other.token)).statusCode, 200);
  });

  it('can only be revoked by an administrator', async () => {
    const { id } = await createApiToken(lantern.db, ctx, nurseId, 'not yours');
    const coordinator = await signInAs(lantern.app, 'coordinator@northbridge.example');
    const attempt = await coordinator.post(`/admin/users/${nurseId}/tokens/${id}/revoke`, {});
    assert.ok([403, 404].includes(attempt.status), `answered ${attempt.status}`);
    assert.equal((await listApiTokens(lantern.db, nurseId)).find((t) => t.id === id)?.status, 'active');
  });
});

describe('the token commands', () => {
  // The command line works on a database of its own holding the demo area (hashed with the development key).
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase({ contents: 'demo' });
  });
  after(() => database?.remove());

  const lanternCli = (...args: string[]) => runLanternCommand(args, { NODE_ENV: 'development', LOG_LEVEL: 'silent', ...database.env });

  it('create, list and revoke a token; a wrong id is refused with a message', async () => {
    const created = await lanternCli('create-token', '--email', NURSE, '--name', 'ward system', '--expires-days', '30');
    assert.equal(created.code, 0, created.out);
    assert.match(created.stdout.trim(), /^\S+$/);
    assert.match(created.stderr, /stops working in 30 days/);

    const listed = await lanternCli('list-tokens', '--email', NURSE);
    const line = listed.stdout.split('\n').find((l) => l.includes('ward system'));
    assert.ok(line, listed.out);
    assert.match(line, /\tactive\t/);
    assert.match(line, /last used never/);
    assert.ok(!listed.stdout.includes(created.stdout.trim()), 'the token is never listed');
    const id = line.split('\t')[0]!;

    assert.match((await lanternCli('revoke-token', '--email', NURSE, '--id', id)).stdout, /Revoked/);
    assert.match((await lanternCli('list-tokens', '--email', NURSE)).stdout, new RegExp(`${id}\\trevoked`));
    const again = await lanternCli('revoke-token', '--email', NURSE, '--id', id);
    assert.deepEqual([again.code, again.stderr], [2, `${NURSE} has no live token with the id ${id}\n`]);
    const tooLong = await lanternCli('create-token', '--email', NURSE, '--expires-days', '400');
    assert.equal(tooLong.code, 2);
    assert.match(tooLong.stderr, /at most 366 days/);
  });

  it('reset-link prints a one-time password link for a server without email', async () => {
    const printed = await lanternCli('reset-link', '--email', NURSE);
    assert.equal(printed.code, 0, printed.out);
    assert.match(printed.stdout.trim(), /^\/invite\/[A-Za-z0-9_-]+$/);
    assert.match(printed.stderr, /works once/);
  });
});

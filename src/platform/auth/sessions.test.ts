import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { hashSecret } from './tokens.ts';
import { createSession, resolveSession } from './sessions.ts';
import { sessions } from './tables.ts';
import { areas } from '../../modules/organisation/tables.ts';
import { createTestLantern, signInAs, userIdByEmail, type TestClient, type TestLantern } from '../../test-support/index.ts';

const ADMIN = 'admin@northbridge.example';
const MINUTE = 60_000;

describe('session expiry', () => {
  let lantern: TestLantern;
  let areaPage: string;
  before(async () => {
    lantern = await createTestLantern();
    const [area] = await lantern.db.select({ id: areas.id }).from(areas);
    areaPage = `/admin/areas/${area!.id}`;
  });
  after(() => lantern?.close());

  /** Moves a client's session back in time, as if the user had been away. */
  async function age(client: TestClient, change: { lastSeenAt?: Date; expiresAt?: Date }) {
    const updated = await lantern.db
      .update(sessions)
      .set(change)
      .where(eq(sessions.idHash, hashSecret(client.sessionToken!)))
      .returning({ idHash: sessions.idHash });
    assert.equal(updated.length, 1, 'the client has a stored session');
  }

  async function assertSentToSignIn(client: TestClient, path: string) {
    const token = client.sessionToken!;
    const page = await client.get(path);
    assert.equal(page.status, 303);
    const target = new URL(page.location!, 'http://lantern.test');
    assert.equal(target.pathname, '/sign-in');
    assert.equal(target.searchParams.get('returnTo'), path);
    assert.equal(target.searchParams.get('expired'), '1');
    assert.ok(!client.cookies.has('lantern_session'), 'the dead cookie is cleared');
    const [row] = await lantern.db.select().from(sessions).where(eq(sessions.idHash, hashSecret(token)));
    assert.equal(row, undefined, 'the expired session is deleted');

    // The sign-in page explains why, and signing in goes back to where the user was.
    const signInPage = await client.get(page.location!);
    assert.equal(signInPage.status, 200);
    assert.match(signInPage.text, /signed out because you had not used Lantern for a while/);
    assert.equal(signInPage.input('returnTo'), path);
    const signedIn = await client.signIn(ADMIN, undefined, signInPage.input('returnTo'));
    assert.equal(signedIn.status, 303);
    assert.equal(signedIn.location, path);
    const back = await client.get(signedIn.location!);
    assert.equal(back.status, 200);
    assert.match(back.h1, /Northbridge Safeguarding Partnership/);
  }

  test(`idle: a session unused for longer than the idle limit (30 minutes) ends`, async () => {
    assert.equal(lantern.config.sessionIdleMinutes, 30);
    const client = await signInAs(lantern.app, ADMIN);
    await age(client, { lastSeenAt: new Date(Date.now() - 29 * MINUTE) });
    assert.equal((await client.get(areaPage)).status, 200, 'still signed in after 29 minutes');
    await age(client, { lastSeenAt: new Date(Date.now() - 31 * MINUTE) });
    await assertSentToSignIn(client, areaPage);
  });

  test('using Lantern keeps the session alive (last seen is refreshed)', async () => {
    const client = await signInAs(lantern.app, ADMIN);
    await age(client, { lastSeenAt: new Date(Date.now() - 20 * MINUTE) });
    assert.equal((await client.get('/admin')).status, 200);
    const [row] = await lantern.db.select().from(sessions).where(eq(sessions.idHash, hashSecret(client.sessionToken!)));
    assert.ok(Date.now() - row!.lastSeenAt.getTime() < MINUTE, 'last_seen_at moved to now');
  });

  test('absolute: a session ends 12 hours after sign-in however busy the user is', async () => {
    assert.equal(lantern.config.sessionAbsoluteHours, 12);
    const client = await signInAs(lantern.app, ADMIN);
    const [row] = await lantern.db.select().from(sessions).where(eq(sessions.idHash, hashSecret(client.sessionToken!)));
    const hours = (row!.expiresAt.getTime() - row!.createdAt.getTime()) / 3_600_000;
    assert.equal(Math.round(hours * 100) / 100, 12, 'expires_at is 12 hours after sign-in');
    // Busy a moment ago, but signed in 12 hours ago.
    await age(client, { lastSeenAt: new Date(), expiresAt: new Date(Date.now() - 1000) });
    await assertSentToSignIn(client, `${areaPage}?tab=users`);
  });

  test('a form posted after the session expired sends the user to sign in and saves nothing', async () => {
    const client = await signInAs(lantern.app, ADMIN);
    const token = await client.csrfToken('/admin/areas/new');
    await age(client, { lastSeenAt: new Date(Date.now() - 31 * MINUTE) });
    const before = await lantern.db.select({ id: areas.id }).from(areas);
    const page = await client.post('/admin/areas', { name: 'Late Form Area', code: 'LATE' }, { csrf: token });
    assert.equal(page.status, 303);
    assert.match(page.location!, /^\/sign-in\?returnTo=%2F&expired=1$/);
    assert.equal((await lantern.db.select({ id: areas.id }).from(areas)).length, before.length, 'nothing was saved');
  });

  test('resolveSession applies both limits at their exact boundaries', async () => {
    const db = lantern.db;
    const policy = { idleMinutes: 30, absoluteHours: 12 };
    const userId = await userIdByEmail(db, ADMIN);
    const start = new Date('2030-01-01T08:00:00Z');
    const at = (ms: number) => new Date(start.getTime() + ms);

    const idle = await createSession(db, userId, policy, start);
    assert.deepEqual(await resolveSession(db, idle, policy, at(30 * MINUTE - 1)), { status: 'valid', userId });
    // That request was more than a minute after sign-in, so last seen moved on: measure from there.
    assert.equal((await resolveSession(db, idle, policy, at(60 * MINUTE - 2))).status, 'valid');
    assert.equal((await resolveSession(db, idle, policy, at(90 * MINUTE))).status, 'expired');
    assert.equal((await resolveSession(db, idle, policy, at(90 * MINUTE))).status, 'none', 'an expired session is deleted');

    const busy = await createSession(db, userId, policy, start);
    for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
      assert.equal((await resolveSession(db, busy, policy, at(minutes * MINUTE))).status, 'valid', `busy at ${minutes} minutes`);
    }
    assert.equal((await resolveSession(db, busy, policy, at(12 * 60 * MINUTE))).status, 'expired');
    assert.equal((await resolveSession(db, 'not-a-session', policy, start)).status, 'none');
  });
});

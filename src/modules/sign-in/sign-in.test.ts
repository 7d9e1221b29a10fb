import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { hashSecret } from '../../platform/auth/tokens.ts';
import { users } from '../organisation/tables.ts';
import { DEMO_USERS } from '../demo/people.ts';
import { countRows, createTestLantern, signInAs, TestClient, SESSION_COOKIE, type TestLantern } from '../../test-support/index.ts';

const RATE_LIMIT = 12;
const byRole = (role: string) => DEMO_USERS.find((u) => u.role === role)!.email;
const COORDINATOR = byRole('coordinator');

describe('sign-in', () => {
  let lantern: TestLantern;
  before(async () => {
    // One Lantern for the whole file; the per-address limit is low so the rate-limit test can reach it.
    // Every TestClient has its own address, so the other tests never come near it.
    lantern = await createTestLantern({ env: { SIGN_IN_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT) } });
  });
  after(() => lantern?.close());

  async function sessionExists(token: string): Promise<boolean> {
    return (await countRows(lantern.db, 'sessions', sql`id_hash = ${hashSecret(token)}`)) === 1;
  }

  test('the sign-in page is a GOV.UK form with a CSRF token and no session', async () => {
    const client = new TestClient(lantern.app);
    const page = await client.get('/sign-in');
    assert.equal(page.status, 200);
    assert.equal(page.title, 'Sign in – Lantern');
    assert.ok(page.input('_csrf'), 'the form carries a CSRF token');
    assert.ok(client.cookies.has('lantern_csrf'), 'the CSRF secret cookie is set');
    assert.ok(!client.cookies.has(SESSION_COOKIE));
  });

  test('success sets a new HttpOnly SameSite session cookie and goes to the home page', async () => {
    const client = new TestClient(lantern.app);
    const response = await client.signIn(COORDINATOR);
    assert.equal(response.status, 303);
    assert.equal(response.location, '/');
    const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
    assert.ok(cookie, 'a session cookie is set');
    assert.equal(cookie.httpOnly, true);
    assert.match(String(cookie.sameSite), /^(Lax|Strict)$/i);
    assert.notEqual(cookie.secure, true, 'not Secure outside production (the test config)');
    assert.equal(cookie.path, '/');
    assert.ok(await sessionExists(cookie.value), 'the session is stored (hashed) in the database');

    const home = await client.get('/');
    assert.equal(home.status, 200);
    assert.match(home.text, /Priya Raman/, 'the header names the signed-in user');
  });

  test('the session id changes at sign-in: a cookie planted before sign-in is not reused', async () => {
    // Someone plants a session id they know in the victim's browser, made-up or a real one of their own.
    const attacker = await signInAs(lantern.app, byRole('board_member'));
    const plantedReal = attacker.sessionToken!;
    for (const planted of ['attacker-chosen-session-id', plantedReal]) {
      const victim = new TestClient(lantern.app);
      victim.cookies.set(SESSION_COOKIE, planted);
      const response = await victim.signIn(COORDINATOR);
      assert.equal(response.status, 303);
      assert.ok(victim.sessionToken);
      assert.notEqual(victim.sessionToken, planted, 'a fresh session id is issued');
      assert.equal(await sessionExists(planted), false, 'the planted id does not lead to a session');
    }
    // The attacker's own browser is signed out too: its id was replaced at the victim's sign-in.
    assert.equal((await attacker.get('/')).status, 303);
  });

  test('a wrong password shows the GOV.UK error summary, "Error: " in the title and status 400', async () => {
    const client = new TestClient(lantern.app);
    const page = await client.signIn(byRole('analyst'), 'not-the-password');
    assert.equal(page.status, 400);
    assert.match(page.title, /^Error: Sign in/);
    assert.equal(page.errors.length, 1);
    assert.match(page.errors[0]!, /email address or password is not right/);
    assert.ok(!client.sessionToken, 'no session');
    assert.equal(page.input('email'), byRole('analyst'), 'the email is kept in the form');
    assert.ok(!page.body.includes('not-the-password'), 'the password is never sent back');
  });

  test('an unknown email gets the same answer as a wrong password', async () => {
    const unknown = await new TestClient(lantern.app).signIn('nobody@northbridge.example', 'whatever-password');
    const wrong = await new TestClient(lantern.app).signIn(byRole('analyst'), 'not-the-password');
    assert.equal(unknown.status, 400);
    assert.deepEqual(unknown.errors, wrong.errors);
  });

  test('a form with nothing filled in says what to enter', async () => {
    const client = new TestClient(lantern.app);
    const page = await client.post('/sign-in', { email: '', password: '' });
    assert.equal(page.status, 400);
    assert.deepEqual(page.errors, ['Enter your email address', 'Enter your password']);
  });

  test(`lockout after the threshold, even with the right password, then unlock after the lockout period`, async () => {
    const email = byRole('panel_member');
    const threshold = lantern.config.lockoutThreshold;
    assert.equal(threshold, 5, 'default threshold');
    const client = new TestClient(lantern.app);
    for (let attempt = 1; attempt < threshold; attempt++) {
      const page = await client.signIn(email, `wrong-${attempt}`);
      assert.match(page.errors[0]!, /not right/, `attempt ${attempt} is an ordinary failure`);
    }
    const last = await client.signIn(email, 'wrong-last');
    assert.equal(last.status, 400);
    const unknown = await new TestClient(lantern.app).signIn('nobody-at-all@northbridge.example', 'whatever-password');
    assert.deepEqual(last.errors, unknown.errors, 'a locked account answers as an unknown email does');

    const [locked] = await lantern.db.select().from(users).where(eq(users.email, email));
    assert.ok(locked?.lockedUntil, 'locked_until is set');
    const minutes = (locked.lockedUntil.getTime() - Date.now()) / 60_000;
    assert.ok(Math.abs(minutes - lantern.config.lockoutMinutes) < 1, `locked for ${lantern.config.lockoutMinutes} minutes (${minutes.toFixed(1)})`);

    const rightButLocked = await client.signIn(email);
    assert.equal(rightButLocked.status, 400);
    assert.deepEqual(rightButLocked.errors, unknown.errors, 'even the right password, while locked, answers as an unknown email does');
    assert.ok(!client.sessionToken, 'no session while locked');

    // Time passes: the lock runs out.
    await lantern.db.update(users).set({ lockedUntil: new Date(Date.now() - 1000) }).where(eq(users.email, email));
    const unlocked = await client.signIn(email);
    assert.equal(unlocked.status, 303);
    assert.ok(client.sessionToken);
    const [after] = await lantern.db.select().from(users).where(eq(users.email, email));
    assert.equal(after?.failedSignIns, 0, 'a successful sign-in clears the failure count');
    assert.equal(after?.lockedUntil, null);
  });

  test('sign-in attempts are rate-limited per address with a 429 page', async () => {
    const hammering = new TestClient(lantern.app, '192.0.2.77');
    const statuses: number[] = [];
    for (let i = 0; i < RATE_LIMIT + 2; i++) {
      // Unknown emails: the limit must hold whatever the outcome, and no real account gets locked.
      const page = await hammering.signIn(`guess${i}@northbridge.example`, 'guessing-password');
      statuses.push(page.status);
      if (page.status === 429) {
        assert.match(page.title, /Too many attempts/);
        assert.match(page.h1, /Too many attempts/);
      }
    }
    assert.deepEqual(statuses.slice(0, RATE_LIMIT), Array(RATE_LIMIT).fill(400));
    assert.deepEqual(statuses.slice(RATE_LIMIT), [429, 429]);
    const blocked = await hammering.signIn(COORDINATOR);
    assert.equal(blocked.status, 429, 'even the right password is refused from that address for now');
    // Another address is unaffected.
    await signInAs(lantern.app, COORDINATOR);
  });

  test('returnTo only sends people to pages of this site', async () => {
    for (const returnTo of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      const response = await new TestClient(lantern.app).signIn(COORDINATOR, undefined, returnTo);
      assert.equal(response.status, 303);
      assert.equal(response.location, '/', `returnTo ${returnTo} is ignored`);
    }
    const response = await new TestClient(lantern.app).signIn(COORDINATOR, undefined, '/admin?x=1');
    assert.equal(response.location, '/admin?x=1');
  });

  test('sign-out destroys the session', async () => {
    const client = await signInAs(lantern.app, byRole('intelligence_officer'));
    const token = client.sessionToken!;
    assert.ok(await sessionExists(token));
    const response = await client.signOut();
    assert.equal(response.status, 303);
    assert.equal(response.location, '/sign-in?signedOut=1');
    assert.ok(!client.sessionToken, 'the cookie is cleared');
    assert.equal(await sessionExists(token), false, 'the session is gone from the database');

    const page = await client.get(response.location);
    assert.match(page.text, /You have signed out/);

    // Replaying the old cookie gets nowhere.
    const replay = new TestClient(lantern.app);
    replay.cookies.set(SESSION_COOKIE, token);
    const home = await replay.get('/');
    assert.equal(home.status, 303);
    assert.match(home.location!, /^\/sign-in\?returnTo=%2F/);
  });
});

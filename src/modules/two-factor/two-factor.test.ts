import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { generate } from 'otplib';
import { DEMO_USERS } from '../demo/people.ts';
import { agencies, areas, users } from '../organisation/tables.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import { hashSecret } from '../../platform/auth/tokens.ts';
import { createSession } from '../../platform/auth/sessions.ts';
import type { Db } from '../../platform/db/database.ts';
import { countRows, createTestDatabase, createTestLantern, runLanternCommand, signInAs, TestClient, SESSION_COOKIE, userIdByEmail, type Page, type TestDatabase, type TestLantern } from '../../test-support/index.ts';
import { signInChallenges, twoFactorRecoveryCodes, twoFactorSecrets } from './tables.ts';

const byRole = (role: string) => DEMO_USERS.find((u) => u.role === role)!.email;
const COORDINATOR = byRole('coordinator');
const ADMIN = byRole('administrator');
const PASSWORD = 'lantern-demo-password';

/** The code an authenticator app would show `offsetSteps` 30-second steps from now. */
function codeFor(secret: string, offsetSteps = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSteps * 30 });
}

function setUpKey(page: Page): string {
  const match = /id="set-up-key">([^<]+)</.exec(page.body);
  assert.ok(match, 'the set-up key is shown as text');
  return match[1]!.replace(/\s/g, '');
}

function recoveryCodesOn(page: Page): string[] {
  return [...page.body.matchAll(/<code class="lantern-recovery-code">([^<]+)<\/code>/g)].map((m) => m[1]!);
}

async function sessionExists(lantern: TestLantern, token: string | undefined): Promise<boolean> {
  return token !== undefined && (await countRows(lantern.db, 'sessions', sql`id_hash = ${hashSecret(token)}`)) === 1;
}

/** Signs in, sets two-factor up from the account page, and returns the secret and the recovery codes. */
async function setUpFromAccount(lantern: TestLantern, email: string): Promise<{ client: TestClient; secret: string; recoveryCodes: string[] }> {
  const client = await signInAs(lantern.app, email);
  const page = await client.get('/account/two-factor/set-up');
  assert.equal(page.status, 200);
  const secret = setUpKey(page);
  const done = await client.post('/account/two-factor/set-up', { code: await codeFor(secret) }, { csrfFrom: '/account/two-factor/set-up' });
  assert.equal(done.status, 200);
  const recoveryCodes = recoveryCodesOn(done);
  assert.equal(recoveryCodes.length, 10);
  return { client, secret, recoveryCodes };
}

/** The code just used at set-up has spent this step; a later sign-in uses the next one, as a person waiting 30 seconds would. */
async function passwordStep(lantern: TestLantern, email: string, password = PASSWORD): Promise<{ client: TestClient; page: Page }> {
  const client = new TestClient(lantern.app);
  const page = await client.signIn(email, password, '/young-people');
  return { client, page };
}

async function auditCount(lantern: TestLantern, where: ReturnType<typeof sql>): Promise<number> {
  return countRows(lantern.db, 'audit_events', where);
}

describe('two-factor sign-in, optional outside production', () => {
  let lantern: TestLantern;
  before(async () => {
    lantern = await createTestLantern();
  });
  after(() => lantern?.close());

  test('without it set up, everyone signs in with a password alone (the demo and other tests rely on this)', async () => {
    assert.equal(lantern.config.requireTwoFactor, false);
    const client = await signInAs(lantern.app, byRole('panel_member'));
    assert.equal((await client.get('/')).status, 200);
    const account = await client.get('/account');
    assert.equal(account.status, 200);
    assert.match(account.text, /Two-factor sign-in is off/);
    assert.match(account.body, /href="\/account\/two-factor\/set-up"/);
  });

  test('set-up shows a QR code and the key as text, refuses a wrong code, and shows 10 recovery codes once', async () => {
    const email = byRole('intelligence_officer');
    const userId = await userIdByEmail(lantern.db, email);
    const client = await signInAs(lantern.app, email);
    const page = await client.get('/account/two-factor/set-up');
    assert.equal(page.status, 200);
    assert.equal(page.title, 'Set up two-factor sign-in – Lantern');
    assert.match(page.body, /<img src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="QR code/);
    const secret = setUpKey(page);
    assert.match(secret, /^[A-Z2-7]{32}$/);
    assert.equal(setUpKey(await client.get('/account/two-factor/set-up')), secret, 'a reload shows the same key');

    for (const [code, message] of [
      ['', /Enter the 6-digit code/],
      ['12ab56', /must be 6 digits/],
      [String((Number(await codeFor(secret)) + 1) % 1_000_000).padStart(6, '0'), /not right/],
    ] as const) {
      const wrong = await client.post('/account/two-factor/set-up', { code }, { csrfFrom: '/account/two-factor/set-up' });
      assert.equal(wrong.status, 400);
      assert.match(wrong.title, /^Error: Set up two-factor sign-in/);
      assert.match(wrong.errors[0]!, message);
      assert.match(wrong.body, /govuk-error-message/, 'the field has its message too');
    }
    const [pending] = await lantern.db.select().from(twoFactorSecrets).where(eq(twoFactorSecrets.userId, userId));
    assert.equal(pending?.confirmedAt, null, 'nothing is switched on by a wrong code');

    const done = await client.post('/account/two-factor/set-up', { code: await codeFor(secret) }, { csrfFrom: '/account/two-factor/set-up' });
    assert.equal(done.status, 200);
    const codes = recoveryCodesOn(done);
    assert.equal(codes.length, 10);
    assert.equal(new Set(codes).size, 10);

    const [stored] = await lantern.db.select().from(twoFactorSecrets).where(eq(twoFactorSecrets.userId, userId));
    assert.ok(stored?.confirmedAt);
    assert.ok(!stored.secretEncrypted.includes(secret), 'the secret is stored encrypted');
    const hashes = await lantern.db.select().from(twoFactorRecoveryCodes).where(eq(twoFactorRecoveryCodes.userId, userId));
    assert.equal(hashes.length, 10);
    for (const code of codes) assert.ok(!hashes.some((h) => h.codeHash.includes(code.replace(/-/g, ''))), 'recovery codes are stored hashed');

    const again = await client.get('/account/two-factor/set-up');
    assert.equal(again.status, 303, 'the key is never shown again once set up');
    const account = await client.get('/account');
    assert.match(account.text, /Two-factor sign-in is on/);
    assert.match(account.text, /10 recovery codes left/);
    assert.ok(!account.body.includes(secret));
    assert.equal(await auditCount(lantern, sql`record_kind = 'two_factor' and record_id = ${userId} and details->>'step' = 'set_up_completed'`), 1);
  });

  test('sign-in then asks for the code: no session until it is right, a wrong code is refused, a code works once', async () => {
    const email = byRole('agency_lead');
    const userId = await userIdByEmail(lantern.db, email);
    const { secret } = await setUpFromAccount(lantern, email);

    const { client, page } = await passwordStep(lantern, email);
    assert.equal(page.status, 303);
    assert.equal(page.location, '/sign-in/code?returnTo=%2Fyoung-people');
    assert.ok(!client.sessionToken, 'no session after the password alone');
    assert.equal((await client.get('/')).status, 303, 'nothing is reachable yet');

    const codePage = await client.get(page.location);
    assert.equal(codePage.status, 200);
    assert.equal(codePage.h1, 'Enter the code from your authenticator app');

    const nextCode = await codeFor(secret, 1);
    const wrongCode = String((Number(nextCode) + 7) % 1_000_000).padStart(6, '0');
    const wrong = await client.post('/sign-in/code', { code: wrongCode, returnTo: '/young-people' }, { csrfFrom: '/sign-in/code' });
    assert.equal(wrong.status, 400);
    assert.match(wrong.title, /^Error: Enter your code/);
    assert.match(wrong.errors[0]!, /not right/);
    assert.ok(!client.sessionToken);
    const [afterWrong] = await lantern.db.select().from(users).where(eq(users.id, userId));
    assert.equal(afterWrong?.failedSignIns, 1, 'a wrong code counts as a failed sign-in');

    const right = await client.post('/sign-in/code', { code: nextCode, returnTo: '/young-people' }, { csrfFrom: '/sign-in/code' });
    assert.equal(right.status, 303);
    assert.equal(right.location, '/young-people');
    assert.ok(await sessionExists(lantern, client.sessionToken), 'the session is created only now');
    assert.equal((await client.get('/young-people')).status, 200);
    const [afterRight] = await lantern.db.select().from(users).where(eq(users.id, userId));
    assert.equal(afterRight?.failedSignIns, 0);
    assert.equal(await auditCount(lantern, sql`action = 'sign_in' and record_id = ${userId} and details->>'secondFactor' = 'authenticator_code'`), 1);

    // Someone who saw that code (over a shoulder, or by phishing) cannot use it again.
    const other = await passwordStep(lantern, email);
    assert.equal(other.page.status, 303);
    const replay = await other.client.post('/sign-in/code', { code: nextCode, returnTo: '/' }, { csrfFrom: '/sign-in/code' });
    assert.equal(replay.status, 400);
    assert.match(replay.errors[0]!, /used already/);
    assert.ok(!other.client.sessionToken);
    // An earlier step's code is refused too, even though it is inside the clock tolerance.
    const earlier = await other.client.post('/sign-in/code', { code: await codeFor(secret, 0), returnTo: '/' }, { csrfFrom: '/sign-in/code' });
    assert.equal(earlier.status, 400);
  });

  test('the same code sent twice at once opens one session only', async () => {
    const email = 'yjs.worker@northbridge.example';
    const { secret } = await setUpFromAccount(lantern, email);
    const userId = await userIdByEmail(lantern.db, email);
    const second = await passwordStep(lantern, email);
    const secondToken = second.client.cookies.get('lantern_sign_in_step')!;
    const first = await passwordStep(lantern, email);
    // A new password step ends the person's earlier half-done sign-in; put it back so both are live.
    await lantern.db.insert(signInChallenges).values({ idHash: hashSecret(secondToken), userId, purpose: 'code', expiresAt: new Date(Date.now() + 60_000) });
    const code = await codeFor(secret, 1);
    const [csrfA, csrfB] = [await first.client.csrfToken('/sign-in/code'), await second.client.csrfToken('/sign-in/code')];
    const results = await Promise.all([first.client.post('/sign-in/code', { code }, { csrf: csrfA }), second.client.post('/sign-in/code', { code }, { csrf: csrfB })]);
    const winners = results.filter((r) => r.status === 303 && r.location === '/');
    assert.equal(winners.length, 1, `one acceptance (${results.map((r) => `${r.status} ${r.location ?? ''}`).join(', ')})`);
    assert.equal([first.client, second.client].filter((c) => c.sessionToken).length, 1);
    assert.equal(await countRows(lantern.db, 'sessions', sql`user_id = ${userId}`), 2, 'the set-up session and one new one');
  });

  test('the code page without a right password first goes back to sign-in', async () => {
    const client = new TestClient(lantern.app);
    const page = await client.get('/sign-in/code');
    assert.equal(page.status, 303);
    assert.match(page.location!, /^\/sign-in\?returnTo=/);
    client.cookies.set('lantern_sign_in_step', 'made-up-value');
    const posted = await client.post('/sign-in/code', { code: '123456' }, { csrfFrom: '/sign-in' });
    assert.equal(posted.status, 303);
    assert.ok(!client.sessionToken);
  });

  test('a recovery code works once instead of a code, is audited, and the page says how many are left', async () => {
    const email = byRole('panel_member');
    const userId = await userIdByEmail(lantern.db, email);
    const { recoveryCodes } = await setUpFromAccount(lantern, email);
    const code = recoveryCodes[3]!;

    const first = await passwordStep(lantern, email);
    const recoveryPage = await first.client.get('/sign-in/recovery-code?returnTo=%2Fyoung-people');
    assert.equal(recoveryPage.status, 200);
    const malformed = await first.client.post('/sign-in/recovery-code', { recoveryCode: 'nope', returnTo: '/young-people' }, { csrfFrom: '/sign-in/recovery-code' });
    assert.equal(malformed.status, 400);
    assert.match(malformed.errors[0]!, /12 letters and numbers/);
    // Typed in capitals with spaces, as from a printout.
    const used = await first.client.post('/sign-in/recovery-code', { recoveryCode: code.toUpperCase().replace(/-/g, ' '), returnTo: '/young-people' }, { csrfFrom: '/sign-in/recovery-code' });
    assert.equal(used.status, 303);
    assert.ok(await sessionExists(lantern, first.client.sessionToken));
    const notice = await first.client.get(used.location!);
    assert.equal(notice.status, 200);
    assert.match(notice.text, /You have 9 recovery codes left/);
    assert.match(notice.body, /href="\/young-people"/, 'then carries on to where they were going');
    assert.equal(await auditCount(lantern, sql`action = 'sign_in' and record_id = ${userId} and details->>'secondFactor' = 'recovery_code' and (details->>'recoveryCodesLeft')::int = 9`), 1);

    const second = await passwordStep(lantern, email);
    const reused = await second.client.post('/sign-in/recovery-code', { recoveryCode: code, returnTo: '/' }, { csrfFrom: '/sign-in/recovery-code' });
    assert.equal(reused.status, 400);
    assert.match(reused.errors[0]!, /used already/);
    assert.ok(!second.client.sessionToken);
    assert.equal(await auditCount(lantern, sql`action = 'sign_in' and record_id = ${userId} and details->>'cause' = 'wrong_recovery_code'`), 1);
    assert.match((await first.client.get('/account')).text, /9 recovery codes left/);
  });

  test('wrong passwords and wrong codes add up to one lock', async () => {
    const email = byRole('practitioner');
    const userId = await userIdByEmail(lantern.db, email);
    const { secret } = await setUpFromAccount(lantern, email);
    const threshold = lantern.config.lockoutThreshold;
    assert.equal(threshold, 5);

    for (let i = 0; i < 2; i++) assert.equal((await passwordStep(lantern, email, `wrong-password-${i}`)).page.status, 400);
    const { client, page } = await passwordStep(lantern, email);
    assert.equal(page.status, 303, 'the right password still leads to the code page');
    const good = await codeFor(secret, 1);
    const bad = String((Number(good) + 1) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < 2; i++) {
      const wrong = await client.post('/sign-in/code', { code: bad }, { csrfFrom: '/sign-in/code' });
      assert.match(wrong.errors[0]!, /not right/);
    }
    const last = await client.post('/sign-in/code', { code: bad }, { csrfFrom: '/sign-in/code' });
    assert.equal(last.status, 400);
    assert.match(last.errors[0]!, /locked for 15 minutes/);
    const [locked] = await lantern.db.select().from(users).where(eq(users.id, userId));
    assert.ok(locked?.lockedUntil && locked.lockedUntil > new Date(), 'the account is locked');

    const rightCode = await client.post('/sign-in/code', { code: good }, { csrfFrom: '/sign-in' });
    assert.equal(rightCode.status, 303, 'the half-done sign-in has ended: back to the start');
    assert.match(rightCode.location!, /^\/sign-in\?/);
    assert.ok(!client.sessionToken);
    const again = await passwordStep(lantern, email);
    assert.equal(again.page.status, 400, 'the right password is refused while locked');
    assert.match(again.page.errors[0]!, /locked/);
    assert.equal(await auditCount(lantern, sql`action = 'sign_in' and record_id = ${userId} and details->>'cause' = 'wrong_code' and details->>'locked' = 'true'`), 1);
  });

  test('a coordinator resets two-factor for casework accounts of their area: audited, and the person is signed out', async () => {
    const email = 'police.officer@northbridge.example';
    const userId = await userIdByEmail(lantern.db, email);
    const { client: person, secret } = await setUpFromAccount(lantern, email);
    const signedIn = await passwordStep(lantern, email);
    assert.equal((await signedIn.client.post('/sign-in/code', { code: await codeFor(secret, 1) }, { csrfFrom: '/sign-in/code' })).status, 303);
    assert.ok(await sessionExists(lantern, person.sessionToken));

    const coordinator = await signInAs(lantern.app, COORDINATOR);
    const list = await coordinator.get('/two-factor/people');
    assert.equal(list.status, 200);
    assert.ok(list.body.includes(`/two-factor/people/${userId}/reset`), 'the person is listed with a reset button');
    assert.ok(!list.text.includes('Ben Osei'), 'only casework accounts are listed (not the analyst)');

    const reset = await coordinator.post(`/two-factor/people/${userId}/reset`, {}, { csrfFrom: '/two-factor/people' });
    assert.equal(reset.status, 303);
    assert.equal(reset.location, '/two-factor/people?reset=1');
    assert.match((await coordinator.get(reset.location)).text, /was reset and the person was signed out/);
    assert.equal(await countRows(lantern.db, 'two_factor_secrets', sql`user_id = ${userId}`), 0);
    assert.equal(await countRows(lantern.db, 'two_factor_recovery_codes', sql`user_id = ${userId}`), 0);
    assert.equal(await countRows(lantern.db, 'sessions', sql`user_id = ${userId}`), 0, 'every session of the person has ended');
    assert.equal((await person.get('/')).status, 303);
    const coordinatorId = await userIdByEmail(lantern.db, COORDINATOR);
    assert.equal(await auditCount(lantern, sql`action = 'permission_change' and record_kind = 'two_factor' and record_id = ${userId} and actor_user_id = ${coordinatorId} and details->>'change' = 'two_factor_reset'`), 1);

    // Outside production they now sign in with the password alone, and may set it up again.
    const after = await passwordStep(lantern, email);
    assert.equal(after.page.status, 303);
    assert.equal(after.page.location, '/young-people');
    assert.ok(after.client.sessionToken);

    const twice = await coordinator.post(`/two-factor/people/${userId}/reset`, {}, { csrfFrom: '/two-factor/people' });
    assert.equal(twice.status, 400, 'nothing to reset');
    assert.match(twice.title, /^Error: /);
  });

  test('a coordinator cannot reset their own, a non-casework account or one in another area; others cannot reset at all', async () => {
    const { client: coordinator } = await setUpFromAccount(lantern, COORDINATOR);
    const coordinatorId = await userIdByEmail(lantern.db, COORDINATOR);
    const own = await coordinator.post(`/two-factor/people/${coordinatorId}/reset`, {}, { csrfFrom: '/two-factor/people' });
    assert.equal(own.status, 400);
    assert.match(own.errors[0]!, /cannot reset your own/);
    assert.equal(await countRows(lantern.db, 'two_factor_secrets', sql`user_id = ${coordinatorId} and confirmed_at is not null`), 1);

    const { client: analyst } = await setUpFromAccount(lantern, byRole('analyst'));
    const analystId = await userIdByEmail(lantern.db, byRole('analyst'));
    assert.equal((await coordinator.post(`/two-factor/people/${analystId}/reset`, {}, { csrfFrom: '/two-factor/people' })).status, 404);

    const [area] = await lantern.db.insert(areas).values({ name: 'Southmere', code: 'STH' }).returning();
    const [agency] = await lantern.db.insert(agencies).values({ areaId: area!.id, name: 'Southmere Police', kind: 'police' }).returning();
    const [outsider] = await lantern.db.insert(users).values({ areaId: area!.id, agencyId: agency!.id, email: 'officer@southmere.example', name: 'Dev Okafor', role: 'practitioner' }).returning();
    await lantern.db.insert(twoFactorSecrets).values({ userId: outsider!.id, secretEncrypted: 'v1.unused', confirmedAt: new Date() });
    assert.equal((await coordinator.post(`/two-factor/people/${outsider!.id}/reset`, {}, { csrfFrom: '/two-factor/people' })).status, 404);
    assert.equal(await countRows(lantern.db, 'two_factor_secrets', sql`user_id = ${outsider!.id}`), 1);

    const practitioner = await signInAs(lantern.app, 'social.worker@northbridge.example');
    assert.equal((await practitioner.post(`/two-factor/people/${analystId}/reset`, {}, { csrfFrom: '/' })).status, 403);
    assert.equal(await countRows(lantern.db, 'two_factor_secrets', sql`user_id = ${analystId}`), 1);
    await analyst.signOut();
  });

  test('an administrator resets anyone else from the user page, but not themselves', async () => {
    const email = byRole('analyst');
    const userId = await userIdByEmail(lantern.db, email);
    if ((await countRows(lantern.db, 'two_factor_secrets', sql`user_id = ${userId} and confirmed_at is not null`)) === 0) await setUpFromAccount(lantern, email);
    const admin = await signInAs(lantern.app, ADMIN);
    const page = await admin.get(`/admin/users/${userId}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /On, with 10 recovery codes left/);
    const reset = await admin.post(`/two-factor/people/${userId}/reset`, {}, { csrfFrom: `/admin/users/${userId}` });
    assert.equal(reset.status, 303);
    assert.equal(reset.location, `/admin/users/${userId}?reset=1`);
    assert.match((await admin.get(reset.location)).text, /was reset and the person was signed out/);
    assert.equal(await countRows(lantern.db, 'two_factor_secrets', sql`user_id = ${userId}`), 0);

    const adminId = await userIdByEmail(lantern.db, ADMIN);
    await lantern.db.insert(twoFactorSecrets).values({ userId: adminId, secretEncrypted: 'v1.unused', confirmedAt: new Date() });
    const ownPage = await admin.get(`/admin/users/${adminId}`);
    assert.match(ownPage.text, /You cannot reset your own two-factor sign-in/);
    const own = await admin.post(`/two-factor/people/${adminId}/reset`, {}, { csrfFrom: `/admin/users/${adminId}` });
    assert.equal(own.status, 400);
    assert.equal(await countRows(lantern.db, 'two_factor_secrets', sql`user_id = ${adminId}`), 1);
  });
});

describe('two-factor sign-in when required', () => {
  let lantern: TestLantern;
  before(async () => {
    lantern = await createTestLantern({ env: { LANTERN_REQUIRE_TWO_FACTOR: 'true' } });
  });
  after(() => lantern?.close());

  test('after the password, casework and administration accounts must set it up before reaching anything', async () => {
    for (const role of ['practitioner', 'administrator']) {
      const email = byRole(role);
      const client = new TestClient(lantern.app);
      const page = await client.signIn(email, PASSWORD, '/young-people');
      assert.equal(page.status, 303);
      assert.equal(page.location, '/sign-in/set-up-two-factor?returnTo=%2Fyoung-people');
      assert.ok(!client.sessionToken, `${role}: no session before two-factor is set up`);
      assert.equal((await client.get('/')).status, 303);
      assert.equal((await client.get('/account')).status, 303);

      const setUp = await client.get(page.location);
      assert.equal(setUp.status, 200);
      assert.match(setUp.text, /You need to set this up before you can carry on/);
      const secret = setUpKey(setUp);
      const wrong = await client.post('/sign-in/set-up-two-factor', { code: '000000' === (await codeFor(secret)) ? '111111' : '000000', returnTo: '/young-people' }, { csrfFrom: page.location });
      assert.equal(wrong.status, 400);
      assert.match(wrong.title, /^Error: /);
      assert.ok(!client.sessionToken);

      const done = await client.post('/sign-in/set-up-two-factor', { code: await codeFor(secret), returnTo: '/young-people' }, { csrfFrom: page.location });
      assert.equal(done.status, 200);
      assert.equal(recoveryCodesOn(done).length, 10);
      assert.ok(await sessionExists(lantern, client.sessionToken), `${role}: signed in once it is set up`);
      const userId = await userIdByEmail(lantern.db, email);
      assert.equal(await auditCount(lantern, sql`action = 'sign_in' and record_id = ${userId} and details->>'secondFactor' = 'set_up'`), 1, 'set-up and sign-in are one audited step');
      assert.equal(await countRows(lantern.db, 'sign_in_challenges', sql`user_id = ${userId}`), 0, 'the half-done sign-in is gone');
      assert.match(done.body, /href="\/young-people"/);
      assert.equal((await client.get('/account')).status, 200);
    }
  });

  test('a session opened before it was required reaches only the set-up page until it is done', async () => {
    const email = 'housing.officer@northbridge.example';
    const userId = await userIdByEmail(lantern.db, email);
    const client = new TestClient(lantern.app);
    client.cookies.set(SESSION_COOKIE, await createSession(lantern.db, userId, { idleMinutes: 30, absoluteHours: 12 }));
    for (const path of ['/', '/young-people', '/account', '/concerns/new']) {
      const page = await client.get(path);
      assert.equal(page.status, 303, `${path} is not reachable`);
      assert.equal(page.location, '/account/two-factor/set-up');
    }
    const refused = await client.post('/concerns/new', {}, { csrfFrom: '/account/two-factor/set-up' });
    assert.equal(refused.status, 303);
    assert.equal(refused.location, '/account/two-factor/set-up');
    const setUp = await client.get('/account/two-factor/set-up');
    assert.equal(setUp.status, 200);
    assert.match(setUp.text, /You need to set this up before you can carry on/);
    const done = await client.post('/account/two-factor/set-up', { code: await codeFor(setUpKey(setUp)) }, { csrfFrom: '/account/two-factor/set-up' });
    assert.equal(done.status, 200);
    assert.equal(recoveryCodesOn(done).length, 10);
    assert.equal((await client.get('/young-people')).status, 200, 'everything is reachable once it is set up');
  });

  test('accounts without casework or administration access sign in with a password', async () => {
    for (const role of ['analyst', 'board_member']) {
      const client = new TestClient(lantern.app);
      const page = await client.signIn(byRole(role));
      assert.equal(page.status, 303);
      assert.equal(page.location, '/');
      assert.ok(await sessionExists(lantern, client.sessionToken));
    }
  });
});

describe('two-factor sign-in in production', () => {
  let lantern: TestLantern;
  before(async () => {
    lantern = await createTestLantern({
      seedDemo: false,
      env: { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), LANTERN_AUDIT_KEY: 'a-test-audit-key-that-is-long-enough-1234' },
    });
  });
  after(() => lantern?.close());

  test('is required without any setting: a coordinator is taken to set-up after the password', async () => {
    assert.equal(lantern.config.requireTwoFactor, true);
    const [area] = await lantern.db.insert(areas).values({ name: 'Eastfold', code: 'EFD' }).returning();
    const [agency] = await lantern.db.insert(agencies).values({ areaId: area!.id, name: 'Eastfold Council', kind: 'childrens_social_care' }).returning();
    const password = 'a-fictional-password-for-tests';
    await lantern.db.insert(users).values({ areaId: area!.id, agencyId: agency!.id, email: 'coordinator@eastfold.example', name: 'Mina Castell', role: 'coordinator', passwordHash: await hashPassword(password) });
    const client = new TestClient(lantern.app);
    const page = await client.signIn('coordinator@eastfold.example', password);
    assert.equal(page.status, 303);
    assert.equal(page.location, '/sign-in/set-up-two-factor?returnTo=%2F');
    assert.ok(!client.sessionToken);
    const step = page.cookies.find((c) => c.name === 'lantern_sign_in_step');
    assert.ok(step?.httpOnly && step.secure, 'the half-done sign-in is held in an HttpOnly, Secure cookie');
    assert.equal((await client.get('/')).status, 303);
    assert.equal((await client.get(page.location)).status, 200);
    assert.ok(!page.cookies.some((c) => c.name === SESSION_COOKIE && c.value));
  });
});

describe('the reset-two-factor command', () => {
  // The command line works on a database of its own holding the demo area (hashed with the development key).
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase({ contents: 'demo' });
  });
  after(() => database?.remove());

  async function withDb<T>(work: (db: Db) => Promise<T>): Promise<T> {
    const opened = await database.open();
    try {
      return await work(opened.db);
    } finally {
      await opened.close();
    }
  }

  const lanternCli = (...args: string[]) => runLanternCommand(args, { NODE_ENV: 'development', LOG_LEVEL: 'silent', ...database.env });

  test('resets anyone, even the only administrator, is audited, and refuses when there is nothing to reset', async () => {
    await withDb(async (db) => {
      const adminId = await userIdByEmail(db, ADMIN);
      await db.insert(twoFactorSecrets).values({ userId: adminId, secretEncrypted: 'v1.unused', confirmedAt: new Date() });
      await createSession(db, adminId, { idleMinutes: 30, absoluteHours: 12 });
    });
    const printed = await lanternCli('reset-two-factor', '--email', ADMIN);
    assert.equal(printed.code, 0, printed.out);
    assert.match(printed.stdout, /was reset/);
    await withDb(async (db) => {
      const adminId = await userIdByEmail(db, ADMIN);
      assert.equal(await countRows(db, 'two_factor_secrets', sql`user_id = ${adminId}`), 0);
      assert.equal(await countRows(db, 'sessions', sql`user_id = ${adminId}`), 0);
      assert.equal(await countRows(db, 'audit_events', sql`action = 'permission_change' and record_id = ${adminId} and details->>'by' = 'command_line'`), 1);
    });
    const nothing = await lanternCli('reset-two-factor', '--email', ADMIN);
    assert.equal(nothing.code, 2);
    assert.match(nothing.stderr, /not set up/);
  });
});

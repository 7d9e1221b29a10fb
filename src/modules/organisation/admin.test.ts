import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, desc, eq, sql } from 'drizzle-orm';
import { agencies, areas, users } from './tables.ts';
import { DEMO_AREA, DEMO_USERS } from '../demo/people.ts';
import { ROLE_LABELS, ROLES } from '../../platform/auth/roles.ts';
import { auditEvents } from '../../platform/audit/tables.ts';
import { countRows, createTestLantern, signInAs, TestClient, type TestLantern } from '../../test-support/index.ts';

const ADMIN = 'admin@northbridge.example';
const NEW_PASSWORD = 'correct horse battery staple';

describe('administration of areas, agencies and users', () => {
  let lantern: TestLantern;
  let admin: TestClient;
  let demoAreaId: string;
  before(async () => {
    lantern = await createTestLantern();
    admin = await signInAs(lantern.app, ADMIN);
    const [area] = await lantern.db.select().from(areas).where(eq(areas.code, DEMO_AREA.code));
    demoAreaId = area!.id;
  });
  after(() => lantern?.close());

  /** Adds a user through the pages and returns their id and one-time invitation path. */
  async function invite(areaId: string, agencyId: string, email: string, role = 'analyst') {
    const page = await admin.post(`/admin/areas/${areaId}/users`, { name: 'Casey Fictional', email, jobTitle: 'Outreach worker', agencyId, role }, { csrfFrom: `/admin/areas/${areaId}/users/new` });
    assert.equal(page.status, 200, page.errors.join('; '));
    const link = /https?:\/\/[^/\s<]+(\/invite\/[A-Za-z0-9_-]+)/.exec(page.text)?.[1];
    assert.ok(link, 'the page shows the invitation link once');
    const [user] = await lantern.db.select().from(users).where(eq(users.email, email));
    assert.ok(user);
    assert.equal(user.passwordHash, null, 'no password until the invitation is used');
    return { userId: user.id, link };
  }

  async function choosePassword(link: string) {
    const newcomer = new TestClient(lantern.app);
    const form = await newcomer.get(link);
    assert.equal(form.status, 200);
    assert.equal(form.h1, 'Choose your password');
    const saved = await newcomer.post(link, { password: NEW_PASSWORD, confirm: NEW_PASSWORD }, { csrfFrom: link });
    assert.equal(saved.status, 303);
    assert.equal(saved.location, '/sign-in');
  }

  const firstAgencyId = async (areaId: string) => (await lantern.db.select().from(agencies).where(eq(agencies.areaId, areaId)))[0]!.id;

  // First, while every demo user still has their demo role (later tests change some).
  for (const role of ROLES.filter((r) => r !== 'administrator')) {
    test(`${ROLE_LABELS[role]}: 403 on every administration page, and posting to them changes nothing`, async () => {
      const client = await signInAs(lantern.app, DEMO_USERS.find((u) => u.role === role)!.email);
      const [someone] = await lantern.db.select().from(users).limit(1);
      for (const url of ['/admin', '/admin/areas/new', `/admin/areas/${demoAreaId}`, `/admin/areas/${demoAreaId}/users/new`, `/admin/users/${someone!.id}`]) {
        const page = await client.get(url);
        assert.equal(page.status, 403, url);
        assert.equal(page.h1, 'You do not have access to this page');
      }
      const before = await countRows(lantern.db, 'areas');
      const attempt = await client.post('/admin/areas', { name: 'Not Allowed Area', code: 'NOPE' });
      assert.equal(attempt.status, 403);
      const promote = await client.post(`/admin/users/${someone!.id}/access`, { role: 'administrator', agencyId: someone!.agencyId });
      assert.equal(promote.status, 403);
      assert.equal(await countRows(lantern.db, 'areas'), before);
      assert.equal((await lantern.db.select().from(users).where(eq(users.id, someone!.id)))[0]?.role, someone!.role);
    });
  }

  test('an administrator creates an area, an agency in it and a user, who sets a password through a one-time link and signs in', async () => {
    const created = await admin.post('/admin/areas', { name: 'Eastmarsh Safeguarding Partnership', code: 'emh' }, { csrfFrom: '/admin/areas/new' });
    assert.equal(created.status, 303);
    const areaPath = created.location!;
    assert.match(areaPath, /^\/admin\/areas\/[0-9a-f-]{36}$/);
    const areaId = areaPath.split('/').pop()!;
    const [area] = await lantern.db.select().from(areas).where(eq(areas.id, areaId));
    assert.equal(area?.code, 'EMH', 'codes are kept in capitals');
    const areaPage = await admin.get(areaPath);
    assert.equal(areaPage.h1, 'Eastmarsh Safeguarding Partnership');
    assert.ok((await admin.get('/admin')).text.includes('Eastmarsh Safeguarding Partnership'), 'listed on the administration page');

    const agency = await admin.post(`${areaPath}/agencies`, { name: 'Eastmarsh Youth Hub', kind: 'voluntary' }, { csrfFrom: areaPath });
    assert.equal(agency.status, 303);
    assert.equal(agency.location, areaPath);
    assert.match((await admin.get(areaPath)).text, /Eastmarsh Youth Hub Voluntary and community sector/);

    const { userId, link } = await invite(areaId, await firstAgencyId(areaId), 'casey.fictional@eastmarsh.example');
    await choosePassword(link);

    const used = await new TestClient(lantern.app).get(link);
    assert.equal(used.h1, 'This link cannot be used', 'the link works once');
    const reused = await new TestClient(lantern.app).post(link, { password: 'another long password', confirm: 'another long password' }, { csrfFrom: '/sign-in' });
    assert.equal(reused.status, 400);

    const newcomer = await signInAs(lantern.app, 'casey.fictional@eastmarsh.example', { password: NEW_PASSWORD });
    const home = await newcomer.get('/');
    assert.equal(home.status, 200);
    assert.match(home.text, /Casey Fictional Eastmarsh Youth Hub, Eastmarsh Safeguarding Partnership/, 'the header shows name, agency and area');

    const audit = await lantern.db.select().from(auditEvents).where(eq(auditEvents.recordId, userId));
    assert.deepEqual(audit.map((row) => row.action).sort(), ['permission_change', 'sign_in', 'update'], 'created, password set, signed in');
  });

  test('the invitation form checks the password and changes nothing when it is wrong', async () => {
    const { userId, link } = await invite(demoAreaId, await firstAgencyId(demoAreaId), 'robin.fictional@northbridge.example');
    const client = new TestClient(lantern.app);
    const short = await client.post(link, { password: 'short', confirm: 'short' }, { csrfFrom: link });
    assert.equal(short.status, 400);
    assert.match(short.title, /^Error: /);
    assert.deepEqual(short.errors, ['Password must be 12 characters or more']);
    const mismatch = await client.post(link, { password: NEW_PASSWORD, confirm: `${NEW_PASSWORD}!` }, { csrfFrom: link });
    assert.deepEqual(mismatch.errors, ['The passwords do not match']);
    const [user] = await lantern.db.select().from(users).where(eq(users.id, userId));
    assert.equal(user?.passwordHash, null);
    await choosePassword(link); // and the link still works after the mistakes
  });

  test('changing a role ends that user’s sessions at once and is audited', async () => {
    const email = DEMO_USERS.find((u) => u.role === 'intelligence_officer')!.email;
    const officer = await signInAs(lantern.app, email);
    assert.equal((await officer.get('/')).status, 200);
    const [user] = await lantern.db.select().from(users).where(eq(users.email, email));

    const userPage = `/admin/users/${user!.id}`;
    // A role without casework takes effect at once; one with casework waits for a coordinator.
    const changed = await admin.post(`${userPage}/access`, { role: 'analyst', agencyId: user!.agencyId }, { csrfFrom: userPage });
    assert.equal(changed.status, 303);
    assert.equal(changed.location, userPage);
    const [after] = await lantern.db.select().from(users).where(eq(users.id, user!.id));
    assert.equal(after?.role, 'analyst');
    assert.equal(await countRows(lantern.db, 'sessions', sql`user_id = ${user!.id}`), 0, 'every session of that user is gone');
    const next = await officer.get('/');
    assert.equal(next.status, 303, 'the old session no longer works');
    assert.match(next.location!, /^\/sign-in/);

    const [row] = await lantern.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.recordId, user!.id), eq(auditEvents.action, 'permission_change')))
      .orderBy(desc(auditEvents.id))
      .limit(1);
    assert.equal(row?.details?.change, 'role_or_agency');
    assert.equal(row?.actorRole, 'administrator');
  });

  test('a deactivated user cannot sign in, and their sessions end', async () => {
    const email = DEMO_USERS.find((u) => u.role === 'analyst')!.email;
    const analyst = await signInAs(lantern.app, email);
    const [user] = await lantern.db.select().from(users).where(eq(users.email, email));
    const userPage = `/admin/users/${user!.id}`;
    const response = await admin.post(`${userPage}/status`, { action: 'deactivate' }, { csrfFrom: userPage });
    assert.equal(response.status, 303);
    assert.match((await admin.get(userPage)).text, /Status Deactivated/);

    assert.equal((await analyst.get('/')).status, 303, 'signed out');
    const attempt = await new TestClient(lantern.app).signIn(email);
    assert.equal(attempt.status, 400);
    assert.match(attempt.errors[0]!, /not right/, 'the message does not reveal that the account exists');

    await admin.post(`${userPage}/status`, { action: 'reactivate' }, { csrfFrom: userPage });
    await signInAs(lantern.app, email);
  });

  test('an administrator can unlock a locked account', async () => {
    const email = DEMO_USERS.find((u) => u.role === 'board_member')!.email;
    await lantern.db.update(users).set({ lockedUntil: new Date(Date.now() + 3_600_000) }).where(eq(users.email, email));
    assert.equal((await new TestClient(lantern.app).signIn(email)).status, 400);
    const [user] = await lantern.db.select().from(users).where(eq(users.email, email));
    const userPage = `/admin/users/${user!.id}`;
    assert.match((await admin.get(userPage)).text, /Locked after failed sign-ins/);
    await admin.post(`${userPage}/status`, { action: 'unlock' }, { csrfFrom: userPage });
    await signInAs(lantern.app, email);
  });

  describe('malformed forms re-render with GOV.UK errors and change nothing', () => {
    test('area', async () => {
      const before = await countRows(lantern.db, 'areas');
      const empty = await admin.post('/admin/areas', { name: '', code: 'x' }, { csrfFrom: '/admin/areas/new' });
      assert.equal(empty.status, 400);
      assert.match(empty.title, /^Error: Add an area/);
      assert.deepEqual(empty.errors, ['Enter the name of the area', 'Enter a short code of 2 to 12 letters, numbers or hyphens, like NBR']);
      assert.equal(empty.input('code'), 'x', 'what was typed is kept');
      const duplicate = await admin.post('/admin/areas', { name: 'Another Northbridge', code: DEMO_AREA.code });
      assert.deepEqual(duplicate.errors, ['An area with this code already exists']);
      const tooLong = await admin.post('/admin/areas', { name: 'N'.repeat(121), code: 'LONG' });
      assert.deepEqual(tooLong.errors, ['Area name must be 120 characters or fewer']);
      const repeated = await admin.post('/admin/areas', { name: ['Two', 'Names'], code: 'TWO' });
      assert.equal(repeated.status, 400, 'a repeated field is not a name');
      assert.equal(await countRows(lantern.db, 'areas'), before);
    });

    test('agency', async () => {
      const before = await countRows(lantern.db, 'agencies');
      const page = await admin.post(`/admin/areas/${demoAreaId}/agencies`, { name: '', kind: 'pirates' });
      assert.equal(page.status, 400);
      assert.match(page.title, /^Error: /);
      assert.deepEqual(page.errors, ['Enter the name of the agency', 'Select the kind of agency']);
      const duplicate = await admin.post(`/admin/areas/${demoAreaId}/agencies`, { name: 'Northbridge Police', kind: 'police' });
      assert.deepEqual(duplicate.errors, ['This area already has an agency with that name']);
      assert.equal(await countRows(lantern.db, 'agencies'), before);
    });

    test('user', async () => {
      const before = await countRows(lantern.db, 'users');
      const formPage = `/admin/areas/${demoAreaId}/users/new`;
      const page = await admin.post(`/admin/areas/${demoAreaId}/users`, { name: '', email: 'not-an-email', agencyId: '', role: 'overlord' }, { csrfFrom: formPage });
      assert.equal(page.status, 400);
      assert.match(page.title, /^Error: Add a user/);
      assert.deepEqual(page.errors, [
        'Enter the person’s full name',
        'Enter an email address in the correct format, like name@example.org',
        'Select the agency they work for',
        'Select a role',
      ]);
      // Each message links to its field.
      for (const id of ['name', 'email', 'agencyId', 'role']) assert.ok(page.body.includes(`href="#${id}"`), id);

      const taken = await admin.post(`/admin/areas/${demoAreaId}/users`, { name: 'Someone Else', email: ADMIN.toUpperCase(), agencyId: await firstAgencyId(demoAreaId), role: 'practitioner' });
      assert.deepEqual(taken.errors, ['Someone already uses this email address in Lantern']);

      // An agency from another area is refused.
      const [otherArea] = await lantern.db.insert(areas).values({ name: 'Westvale Partnership', code: 'WVL' }).returning();
      const [foreign] = await lantern.db.insert(agencies).values({ areaId: otherArea!.id, name: 'Westvale Police', kind: 'police' }).returning();
      const cross = await admin.post(`/admin/areas/${demoAreaId}/users`, { name: 'Cross Area', email: 'cross.area@northbridge.example', agencyId: foreign!.id, role: 'practitioner' });
      assert.deepEqual(cross.errors, ['Select the agency they work for']);
      assert.equal(await countRows(lantern.db, 'users'), before);
    });

    test('role and agency', async () => {
      const [nurse] = await lantern.db.select().from(users).where(eq(users.email, 'school.nurse@northbridge.example'));
      const userPage = `/admin/users/${nurse!.id}`;
      const page = await admin.post(`${userPage}/access`, { role: 'superuser', agencyId: 'nope' }, { csrfFrom: userPage });
      assert.equal(page.status, 400);
      assert.match(page.title, /^Error: /);
      assert.deepEqual(page.errors, ['Select an agency in the user’s area', 'Select a role']);
      const [after] = await lantern.db.select().from(users).where(eq(users.id, nurse!.id));
      assert.deepEqual([after?.role, after?.agencyId], [nurse!.role, nurse!.agencyId]);
    });
  });
});

/**
 * Administrators administer; they do not do casework or become someone else: no one changes their
 * own role, casework access needs a coordinator's approval, a password link goes only to the
 * person's own email, and a new password ends every session of the account.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, desc, eq, sql } from 'drizzle-orm';
import { countRows, createTestLantern, signInAs, startMailbox, TestClient, userIdByEmail, type Mailbox, type TestLantern } from '../../test-support/index.ts';
import { auditEvents } from '../../platform/audit/tables.ts';
import { accessApprovals, agencies, users } from './tables.ts';

const ADMIN = 'admin@northbridge.example';
const COORDINATOR = 'coordinator@northbridge.example';
const NEW_PASSWORD = 'a long and fictional passphrase';

let lantern: TestLantern;
let mailbox: Mailbox;
let admin: TestClient;

before(async () => {
  mailbox = await startMailbox();
  lantern = await createTestLantern({ env: { SMTP_URL: mailbox.url, PUBLIC_URL: 'https://lantern.example' } });
  admin = await signInAs(lantern.app, ADMIN);
});
after(async () => {
  await lantern?.close();
  await mailbox?.close();
});

const userByEmail = async (email: string) => (await lantern.db.select().from(users).where(eq(users.email, email)))[0]!;

describe('an administrator’s own account', () => {
  it('cannot be given another role or agency by its holder', async () => {
    const me = await userByEmail(ADMIN);
    const page = `/admin/users/${me.id}`;
    const attempt = await admin.post(`${page}/access`, { role: 'coordinator', agencyId: me.agencyId }, { csrfFrom: page });
    assert.equal(attempt.status, 400);
    assert.deepEqual(attempt.errors, ['You cannot change your own role or agency. Ask another administrator']);
    assert.equal((await userByEmail(ADMIN)).role, 'administrator');
    assert.equal(await countRows(lantern.db, 'access_approvals', sql`user_id = ${me.id}`), 0);
  });
});

describe('casework access needs a coordinator', () => {
  it('a change to a casework role waits, changes nothing, and takes effect when a coordinator approves it', async () => {
    const analyst = await userByEmail('analyst@northbridge.example');
    const page = `/admin/users/${analyst.id}`;
    const asked = await admin.post(`${page}/access`, { role: 'practitioner', agencyId: analyst.agencyId }, { csrfFrom: page });
    assert.equal(asked.status, 303);
    assert.equal((await userByEmail(analyst.email)).role, 'analyst', 'nothing changes yet');
    assert.match((await admin.get(page)).text, /waiting for a coordinator of the area to approve it/);

    const coordinator = await signInAs(lantern.app, COORDINATOR);
    const list = await coordinator.get('/access/approvals');
    assert.equal(list.status, 200);
    assert.match(list.text, /A change from Analyst to Practitioner/);
    const [waiting] = await lantern.db.select().from(accessApprovals).where(and(eq(accessApprovals.userId, analyst.id), sql`decided_at is null`));
    const noChoice = await coordinator.post(`/access/approvals/${waiting!.id}`, {}, { csrfFrom: '/access/approvals' });
    assert.equal(noChoice.status, 400);
    assert.deepEqual(noChoice.errors, ['Choose whether to approve or refuse the change']);

    const approved = await coordinator.post(`/access/approvals/${waiting!.id}`, { decision: 'approve' }, { csrfFrom: '/access/approvals' });
    assert.equal(approved.status, 303);
    assert.match((await coordinator.get(approved.location!)).text, /The change was approved/);
    assert.equal((await userByEmail(analyst.email)).role, 'practitioner');

    const trail = await lantern.db.select().from(auditEvents).where(and(eq(auditEvents.recordId, analyst.id), eq(auditEvents.action, 'permission_change'))).orderBy(desc(auditEvents.id)).limit(2);
    assert.deepEqual(
      trail.map((row) => [row.details?.change, row.actorRole]),
      [
        ['access_approved', 'coordinator'],
        ['role_or_agency_requested', 'administrator'],
      ],
    );
    assert.equal((await coordinator.post(`/access/approvals/${waiting!.id}`, { decision: 'approve' }, { csrfFrom: '/access/approvals' })).status, 404, 'decided once');
  });

  it('a refused change leaves access as it was', async () => {
    const board = await userByEmail('board.member@northbridge.example');
    const page = `/admin/users/${board.id}`;
    await admin.post(`${page}/access`, { role: 'coordinator', agencyId: board.agencyId }, { csrfFrom: page });
    const [waiting] = await lantern.db.select().from(accessApprovals).where(and(eq(accessApprovals.userId, board.id), sql`decided_at is null`));
    const coordinator = await signInAs(lantern.app, COORDINATOR);
    assert.equal((await coordinator.post(`/access/approvals/${waiting!.id}`, { decision: 'refuse' }, { csrfFrom: '/access/approvals' })).status, 303);
    assert.equal((await userByEmail(board.email)).role, 'board_member');
  });

  it('a new account with a casework role cannot be used until a coordinator approves it', async () => {
    const [agency] = await lantern.db.select().from(agencies).where(eq(agencies.name, 'Northbridge Housing'));
    const created = await admin.post(
      `/admin/areas/${agency!.areaId}/users`,
      { name: 'Morgan Fictional', email: 'morgan.fictional@northbridge.example', jobTitle: 'Tenancy officer', agencyId: agency!.id, role: 'practitioner' },
      { csrfFrom: `/admin/areas/${agency!.areaId}/users/new` },
    );
    assert.equal(created.status, 200, created.errors.join('; '));
    assert.match(created.text, /works only once a coordinator of the area has approved it/);
    const link = /https?:\/\/[^/\s<]+(\/invite\/[A-Za-z0-9_-]+)/.exec(created.text)![1]!;
    assert.equal((await new TestClient(lantern.app).get(link)).h1, 'This link cannot be used', 'not before approval');

    const morgan = await userByEmail('morgan.fictional@northbridge.example');
    const [waiting] = await lantern.db.select().from(accessApprovals).where(eq(accessApprovals.userId, morgan.id));
    const coordinator = await signInAs(lantern.app, COORDINATOR);
    assert.match((await coordinator.get('/access/approvals')).text, /A new account: Practitioner, Northbridge Housing/);
    assert.equal((await coordinator.post(`/access/approvals/${waiting!.id}`, { decision: 'approve' }, { csrfFrom: '/access/approvals' })).status, 303);

    const newcomer = new TestClient(lantern.app);
    assert.equal((await newcomer.post(link, { password: NEW_PASSWORD, confirm: NEW_PASSWORD }, { csrfFrom: link })).status, 303);
    await signInAs(lantern.app, morgan.email, { password: NEW_PASSWORD });
  });

  it('a coordinator cannot approve a change about themselves', async () => {
    const coordinatorRow = await userByEmail(COORDINATOR);
    const [police] = await lantern.db.select().from(agencies).where(eq(agencies.name, 'Northbridge Police'));
    const page = `/admin/users/${coordinatorRow.id}`;
    assert.equal((await admin.post(`${page}/access`, { role: 'coordinator', agencyId: police!.id }, { csrfFrom: page })).status, 303);
    const [waiting] = await lantern.db.select().from(accessApprovals).where(and(eq(accessApprovals.userId, coordinatorRow.id), sql`decided_at is null`));
    const coordinator = await signInAs(lantern.app, COORDINATOR);
    assert.match((await coordinator.get('/access/approvals')).text, /This change is about you, so another coordinator must decide it/);
    assert.equal((await coordinator.post(`/access/approvals/${waiting!.id}`, { decision: 'approve' }, { csrfFrom: '/access/approvals' })).status, 404);
    assert.equal((await userByEmail(COORDINATOR)).agencyId, coordinatorRow.agencyId);
    const [denied] = await lantern.db.select().from(auditEvents).where(and(eq(auditEvents.recordId, waiting!.id), eq(auditEvents.outcome, 'denied')));
    assert.ok(denied, 'the attempt is audited');
  });
});

describe('password links', () => {
  it('go to the person’s own email and are never shown to the administrator; a new password ends every session', async () => {
    const nurse = await userByEmail('school.nurse@northbridge.example');
    const nurseSession = await signInAs(lantern.app, nurse.email);
    const page = `/admin/users/${nurse.id}`;
    const sent = await admin.post(`${page}/status`, { action: 'invite' }, { csrfFrom: page });
    assert.equal(sent.status, 200);
    assert.ok(sent.text.includes(`sent to ${nurse.name}’s email address`), sent.text);
    assert.doesNotMatch(sent.body, /\/invite\//, 'no working link on the administrator’s screen');

    const mail = mailbox.received.find((m) => m.to.includes(nurse.email));
    assert.ok(mail, 'the nurse is emailed');
    const link = /https:\/\/lantern\.example(\/invite\/[A-Za-z0-9_-]+)/.exec(mail.raw.replace(/=\r?\n/g, ''))?.[1];
    assert.ok(link, 'the email carries the link');

    const chosen = await new TestClient(lantern.app).post(link, { password: NEW_PASSWORD, confirm: NEW_PASSWORD }, { csrfFrom: link });
    assert.equal(chosen.status, 303);
    assert.equal((await nurseSession.get('/')).status, 303, 'the old session has ended');
    await signInAs(lantern.app, nurse.email, { password: NEW_PASSWORD });
  });

  it('without email set up, the page says the server must make the link, and makes none', async () => {
    const offline = await createTestLantern();
    try {
      const offlineAdmin = await signInAs(offline.app, ADMIN);
      const nurseId = await userIdByEmail(offline.db, 'school.nurse@northbridge.example');
      const before = await countRows(offline.db, 'user_invites');
      const page = await offlineAdmin.post(`/admin/users/${nurseId}/status`, { action: 'invite' }, { csrfFrom: `/admin/users/${nurseId}` });
      assert.equal(page.status, 200);
      assert.equal(page.h1, 'No email is set up');
      assert.doesNotMatch(page.body, /\/invite\//);
      assert.equal(await countRows(offline.db, 'user_invites'), before);
    } finally {
      await offline.close();
    }
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { createTestLantern, signInAs, type TestLantern } from '../../test-support/index.ts';
import type { Db } from '../../platform/db/database.ts';
import { auditEvents } from '../../platform/audit/tables.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { decideTriage } from './service.ts';
import { demoArea, makeConcern, type DemoArea } from './testing.ts';
import { sendFeedback } from '../concerns/feedback.ts';
import { feedbackMessages } from '../concerns/tables.ts';

let lantern: TestLantern;
let area: DemoArea;
let coordinator: SignedInUser;
let housing: SignedInUser;

before(async () => {
  lantern = await createTestLantern();
  area = await demoArea(lantern.db);
  coordinator = await area.user('coordinator@northbridge.example');
  // A demo user with no concerns of their own in the demo data.
  housing = await area.user('housing.officer@northbridge.example');
});
after(() => lantern?.close());

const unreadInHeader = (html: string) => /My concerns <span class="lantern-count">(\d+)<span class="govuk-visually-hidden"> unread/.exec(html)?.[1];

describe('My concerns', () => {
  it('shows the referrer their concerns with feedback, an unread count in the header, and marks it read when seen', async () => {
    const db = lantern.db;
    const triaged = await makeConcern(db, { areaId: area.areaId, raisedBy: housing, subjectKind: 'unidentified', subject: { description: 'Girl about 15 staying at the hostel <b>on Mill Lane</b>' }, submittedAt: new Date(Date.now() - 60_000) });
    const waiting = await makeConcern(db, { areaId: area.areaId, raisedBy: housing, subject: { givenName: 'Ellie', familyName: 'Waitingstill' } });
    const result = await decideTriage(db, { actor: coordinator, ip: null, requestId: null }, coordinator, triaged.id, { youngPerson: 'none', certainty: 'indicated', outcome: 'passed_to_police_intelligence' });
    assert.ok(result.ok);

    const client = await signInAs(lantern.app, 'housing.officer@northbridge.example');
    const home = await client.get('/');
    assert.equal(unreadInHeader(home.body), '1');

    const page = await client.get('/my-concerns');
    assert.equal(page.status, 200);
    assert.match(page.body, /1 new update<\/strong>/);
    assert.match(page.body, />New<\/strong>/);
    assert.match(page.body, new RegExp(`has passed the information in it to the police as intelligence`));
    assert.match(page.body, /Passed to the police as intelligence/);
    assert.match(page.body, /Sent – waiting for the coordinator/);
    assert.match(page.body, /Ellie Waitingstill/);
    assert.match(page.body, /hostel &lt;b&gt;on Mill Lane/, 'free text is shown as text');
    // Newest first.
    const titleAt = (n: number) => page.body.search(new RegExp(`summary-card__title">\\s*C-${n}\\b`));
    assert.ok(titleAt(waiting.number) > 0 && titleAt(triaged.number) > titleAt(waiting.number));
    // Viewing marked it read: the header count is gone, and the view was audited.
    assert.equal(unreadInHeader(page.body), undefined);
    const [message] = await db.select().from(feedbackMessages).where(eq(feedbackMessages.concernId, triaged.id));
    assert.ok(message!.readAt);
    const audit = await db.select().from(auditEvents).where(and(eq(auditEvents.actorUserId, housing.userId), eq(auditEvents.recordKind, 'my_concerns')));
    assert.ok(audit.some((a) => (a.details as Record<string, unknown>).feedbackRead === 1));
    const again = await client.get('/my-concerns');
    assert.doesNotMatch(again.body, />New<\/strong>/);
  });

  it('shows one concern with its whole feedback history to the person who raised it, and 404 to anyone else', async () => {
    const db = lantern.db;
    const concern = await makeConcern(db, { areaId: area.areaId, raisedBy: housing, subject: { givenName: 'Poppy', familyName: 'Historyshown' } });
    await db.transaction(async (tx) => {
      await sendFeedback(tx as unknown as Db, { concernId: concern.id, kind: 'triage', message: 'First message for the history' });
    });
    await db.transaction(async (tx) => {
      await sendFeedback(tx as unknown as Db, { concernId: concern.id, kind: 'closure', message: 'Second message for the history' });
    });
    const owner = await signInAs(lantern.app, 'housing.officer@northbridge.example');
    const page = await owner.get(`/my-concerns/${concern.id}`);
    assert.equal(page.status, 200);
    assert.ok(page.body.indexOf('First message for the history') < page.body.indexOf('Second message for the history'));
    assert.match(page.body, /Case closed/);
    assert.equal((await db.select().from(feedbackMessages).where(eq(feedbackMessages.concernId, concern.id))).filter((m) => !m.readAt).length, 0);

    for (const email of ['school.nurse@northbridge.example', 'coordinator@northbridge.example']) {
      const other = await signInAs(lantern.app, email);
      assert.equal((await other.get(`/my-concerns/${concern.id}`)).status, 404, email);
      assert.doesNotMatch((await other.get('/my-concerns')).body, /Historyshown/);
    }
    assert.equal((await owner.get('/my-concerns/not-an-id')).status, 404);
  });

  it('is not for roles without casework', async () => {
    const analyst = await signInAs(lantern.app, 'analyst@northbridge.example');
    assert.equal((await analyst.get('/my-concerns')).status, 403);
  });
});

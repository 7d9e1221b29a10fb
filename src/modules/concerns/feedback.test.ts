import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { createTestLantern, type TestLantern } from '../../test-support/lantern.ts';
import type { Db } from '../../platform/db/database.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { demoArea, demoReferrers, makeConcern, makeYoungPerson, type DemoArea } from '../triage/testing.ts';
import { concerns, feedbackMessages } from './tables.ts';
import {
  FEEDBACK_EMAIL_SUBJECT,
  emailFeedbackNotices,
  feedbackEmailText,
  markFeedbackRead,
  notifyConcernRaisers,
  sendFeedback,
  unreadFeedbackCount,
  type FeedbackSent,
} from './feedback.ts';

let lantern: TestLantern;
let area: DemoArea;
let nurse: SignedInUser;
let youthWorker: SignedInUser;
let police: SignedInUser;

before(async () => {
  lantern = await createTestLantern();
  area = await demoArea(lantern.db);
  ({ nurse, youthWorker, police } = await demoReferrers(area));
});
after(() => lantern?.close());

describe('feedback to the referrer', () => {
  it('reaches whoever raised the concern and sets first_feedback_at once', async () => {
    const db = lantern.db;
    const concern = await makeConcern(db, { areaId: area.areaId, raisedBy: youthWorker, subjectKind: 'unidentified', subject: { description: 'A boy about 13' } });
    const unreadBefore = await unreadFeedbackCount(db, youthWorker.userId);
    const first = (await db.transaction((tx) => sendFeedback(tx as unknown as Db, { concernId: concern.id, kind: 'triage', message: 'First update' })))!;
    assert.equal(first.recipientUserId, youthWorker.userId);
    const [afterFirst] = await db.select().from(concerns).where(eq(concerns.id, concern.id));
    assert.ok(afterFirst!.firstFeedbackAt);
    await new Promise((r) => setTimeout(r, 5));
    await db.transaction((tx) => sendFeedback(tx as unknown as Db, { concernId: concern.id, kind: 'panel', message: 'Second update' }));
    const [afterSecond] = await db.select().from(concerns).where(eq(concerns.id, concern.id));
    assert.equal(afterSecond!.firstFeedbackAt!.getTime(), afterFirst!.firstFeedbackAt!.getTime(), 'only the first message sets it');
    assert.equal(await unreadFeedbackCount(db, youthWorker.userId), unreadBefore + 2);

    // Only the recipient can mark their messages read.
    assert.equal(await markFeedbackRead(db, nurse.userId, [first.feedbackId]), 0);
    assert.equal(await markFeedbackRead(db, youthWorker.userId, [first.feedbackId]), 1);
    assert.equal(await unreadFeedbackCount(db, youthWorker.userId), unreadBefore + 1);
  });

  it('refuses an empty message or a concern that does not exist, storing nothing', async () => {
    const db = lantern.db;
    const concern = await makeConcern(db, { areaId: area.areaId, raisedBy: nurse });
    await assert.rejects(db.transaction((tx) => sendFeedback(tx as unknown as Db, { concernId: concern.id, kind: 'triage', message: '   ' })));
    await assert.rejects(db.transaction((tx) => sendFeedback(tx as unknown as Db, { concernId: '00000000-0000-4000-8000-000000000000', kind: 'triage', message: 'x' })));
    assert.equal((await db.select().from(feedbackMessages).where(eq(feedbackMessages.concernId, concern.id))).length, 0);
  });

  it('notifyConcernRaisers tells each person who raised a concern about the young person once, against their latest concern', async () => {
    const db = lantern.db;
    const yp = await makeYoungPerson(db, area.areaId, { givenName: 'Freya', familyName: 'Notifyall' });
    const now = Date.now();
    const nurseOld = await makeConcern(db, { areaId: area.areaId, raisedBy: nurse, youngPersonId: yp, submittedAt: new Date(now - 5000) });
    const nurseNew = await makeConcern(db, { areaId: area.areaId, raisedBy: nurse, youngPersonId: yp, submittedAt: new Date(now - 1000) });
    const byPolice = await makeConcern(db, { areaId: area.areaId, raisedBy: police, youngPersonId: yp });
    await makeConcern(db, { areaId: area.areaId, raisedBy: youthWorker, youngPersonId: null, subject: { givenName: 'Freya' } });

    const sent = await db.transaction((tx) =>
      notifyConcernRaisers(tx as unknown as Db, yp, 'panel', (c) => (c.raisedByUserId === police.userId || c.raisedByUserId === nurse.userId ? `The multi-agency panel has discussed the young person your concern ${c.reference} was about.` : null)),
    );
    assert.equal(sent.length, 2);
    assert.deepEqual(new Set(sent.map((s) => s.recipientUserId)), new Set([nurse.userId, police.userId]));
    assert.deepEqual(new Set(sent.map((s) => s.concernId)), new Set([nurseNew.id, byPolice.id]));
    assert.equal((await db.select().from(feedbackMessages).where(eq(feedbackMessages.concernId, nurseOld.id))).length, 0);
    const [message] = await db.select().from(feedbackMessages).where(eq(feedbackMessages.concernId, nurseNew.id));
    assert.equal(message!.message, `The multi-agency panel has discussed the young person your concern C-${nurseNew.number} was about.`);
  });

  it('emails only a nudge to sign in, with no personal data, and never throws when the mail server fails', async () => {
    const db = lantern.db;
    const concern = await makeConcern(db, { areaId: area.areaId, raisedBy: nurse, subject: { givenName: 'Tallulah', familyName: 'Emailcheck' }, details: 'Seen with an adult called Spike' });
    const sent: FeedbackSent = (await db.transaction((tx) => sendFeedback(tx as unknown as Db, { concernId: concern.id, kind: 'triage', message: `Your concern about Tallulah C-${concern.number}` })))!;
    const mails: { from: string; to: string; subject: string; text: string }[] = [];
    const delivered = await emailFeedbackNotices(db, { publicUrl: 'https://lantern.example.org/', transport: { sendMail: async (m) => void mails.push(m) } }, [sent, sent]);
    assert.equal(delivered, 1, 'one email per person');
    assert.equal(mails[0]!.to, 'school.nurse@northbridge.example');
    assert.equal(mails[0]!.subject, FEEDBACK_EMAIL_SUBJECT);
    assert.equal(mails[0]!.text, feedbackEmailText('https://lantern.example.org/'));
    assert.match(mails[0]!.text, /There is an update on a concern you raised in Lantern – sign in to read it\./);
    assert.match(mails[0]!.text, /https:\/\/lantern\.example\.org\/my-concerns/);
    for (const forbidden of ['Tallulah', 'Emailcheck', 'Spike', `C-${concern.number}`]) assert.equal(JSON.stringify(mails).includes(forbidden), false, forbidden);

    const logged: Record<string, unknown>[] = [];
    const failing = { sendMail: async () => Promise.reject(Object.assign(new Error('550 rejected school.nurse@northbridge.example'), { code: 'EENVELOPE' })) };
    const none = await emailFeedbackNotices(db, { transport: failing, log: { warn: (details) => void logged.push(details) } }, [sent]);
    assert.equal(none, 0);
    assert.equal(logged.length, 1);
    assert.deepEqual(logged[0], { feedbackIds: [sent.feedbackId], code: 'EENVELOPE' });
    // Without SMTP nothing is attempted.
    assert.equal(await emailFeedbackNotices(db, {}, [sent]), 0);
  });
});

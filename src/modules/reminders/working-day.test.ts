/**
 * The working day with a clock the test moves: the home page's counts for each demo role change
 * when deadlines pass, and each reminder is sent once, even when Lantern restarts or two Lanterns
 * share one database.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { createTestLantern, signInAs, startMailbox, textOf, type Mailbox, type TestLantern } from '../../test-support/index.ts';
import { createScratchDatabase } from '../../test-support/lantern.ts';
import { loadConfig } from '../../platform/config.ts';
import { startLantern } from '../../server.ts';
import { startJobs } from '../../platform/jobs/scheduler.ts';
import { contributions } from '../../platform/modules.ts';
import { londonToday, moveClock, now, setClock } from '../../platform/time.ts';
import type { Db } from '../../platform/db/database.ts';
import { MODULES } from '../index.ts';
import { demoUser } from '../missing/testing.ts';
import { missingEpisodes } from '../missing/tables.ts';
import { panelActions } from '../panels/tables.ts';
import { feedbackMessages } from '../concerns/tables.ts';
import { youngPeople } from '../young-people/tables.ts';
import { visibleYoungPeople } from '../young-people/index.ts';
import { agencies, users } from '../organisation/tables.ts';
import { remindersSent } from './tables.ts';

const HOUR = 3_600_000;
const silentLog = { info() {}, warn() {} };

/** The number in front of `label` on the page ("3 return interviews late"), or 0 when the line is not there. */
function countOf(text: string, label: RegExp): number {
  const found = new RegExp(`(\\d+) ${label.source}`).exec(text);
  return found ? Number(found[1]) : 0;
}

async function homeText(lantern: TestLantern, email: string): Promise<string> {
  const client = await signInAs(lantern.app, email);
  const page = await client.get('/');
  assert.equal(page.status, 200);
  return textOf(page.body, { asOnScreen: true });
}

/** A returned episode whose return interview is owed by `agencyId` by `dueAt`. */
async function returnedEpisode(db: Db, email: string, agencyId: string, dueAt: Date): Promise<string> {
  const worker = await demoUser({ db } as never, email);
  const [yp] = await db.select({ id: youngPeople.id }).from(youngPeople).where(visibleYoungPeople(worker)).limit(1);
  const [episode] = await db
    .insert(missingEpisodes)
    .values({
      areaId: worker.areaId,
      youngPersonId: yp!.id,
      kind: 'missing',
      lastSeenAt: new Date(dueAt.getTime() - 80 * HOUR),
      lookedAfter: false,
      status: 'returned',
      returnedAt: new Date(dueAt.getTime() - 72 * HOUR),
      interviewAgencyId: agencyId,
      interviewDueAt: dueAt,
      recordedByUserId: worker.userId,
      recordedByAgencyId: worker.agencyId,
    })
    .returning({ id: missingEpisodes.id });
  return episode!.id;
}

async function agencyOf(db: Db, email: string): Promise<string> {
  const [row] = await db.select({ agencyId: users.agencyId }).from(users).where(eq(users.email, email));
  return row!.agencyId;
}

describe('the working day as the clock moves', () => {
  let lantern: TestLantern;
  before(async () => {
    setClock(new Date());
    lantern = await createTestLantern({ pglite: true });
  });
  after(async () => {
    setClock(null);
    await lantern?.close();
  });

  it('each role’s home page counts what falls due, and late work once its deadline passes', async () => {
    const db = lantern.db;
    const harbour = await agencyOf(db, 'harbour.worker@northbridge.example');
    const education = await agencyOf(db, 'education.lead@northbridge.example');
    const police = await demoUser(lantern.database, 'police.officer@northbridge.example');
    const today = londonToday(now());

    const before = {
      coordinator: await homeText(lantern, 'coordinator@northbridge.example'),
      harbour: await homeText(lantern, 'harbour.worker@northbridge.example'),
      police: await homeText(lantern, 'police.officer@northbridge.example'),
      educationLead: await homeText(lantern, 'education.lead@northbridge.example'),
      intelligence: await homeText(lantern, 'intelligence@northbridge.example'),
    };

    // An interview owed by Harbour in 30 hours; an action of the police officer's and one of the
    // education agency's (no one named), both due today.
    await returnedEpisode(db, 'harbour.worker@northbridge.example', harbour, new Date(now().getTime() + 30 * HOUR));
    const [someAction] = await db.select().from(panelActions).limit(1);
    await db.insert(panelActions).values([
      { ...someAction!, id: undefined, number: undefined, description: 'Check school attendance', ownerAgencyId: police.agencyId, ownerUserId: police.userId, dueOn: today, status: 'open', completedAt: null, whatWasDone: null, completedByUserId: null },
      { ...someAction!, id: undefined, number: undefined, description: 'Share the timetable', ownerAgencyId: education, ownerUserId: null, dueOn: today, status: 'open', completedAt: null, whatWasDone: null, completedByUserId: null },
    ] as never);

    const due = {
      coordinator: await homeText(lantern, 'coordinator@northbridge.example'),
      harbour: await homeText(lantern, 'harbour.worker@northbridge.example'),
      police: await homeText(lantern, 'police.officer@northbridge.example'),
      educationLead: await homeText(lantern, 'education.lead@northbridge.example'),
    };
    const interviewsDue = /return interviews? to offer or hold/;
    const interviewsLate = /return interviews? late/;
    assert.equal(countOf(due.coordinator, interviewsDue), countOf(before.coordinator, interviewsDue) + 1);
    assert.equal(countOf(due.coordinator, interviewsLate), countOf(before.coordinator, interviewsLate));
    assert.equal(countOf(due.harbour, interviewsDue), countOf(before.harbour, interviewsDue) + 1, 'Harbour sees the interview its agency owes');
    assert.equal(countOf(due.police, /open actions? of yours/), countOf(before.police, /open actions? of yours/) + 1);
    assert.equal(countOf(due.police, /of yours overdue/), countOf(before.police, /of yours overdue/));
    assert.equal(countOf(due.educationLead, /open actions? for Northbridge Schools and Colleges/), countOf(before.educationLead, /open actions? for Northbridge Schools and Colleges/) + 1);
    assert.match(before.intelligence, /\d+ identifiers? not recognised/, 'the intelligence officer always sees what is left to tidy');

    // Two days on, both deadlines have passed.
    moveClock(48 * HOUR);
    const late = {
      coordinator: await homeText(lantern, 'coordinator@northbridge.example'),
      harbour: await homeText(lantern, 'harbour.worker@northbridge.example'),
      police: await homeText(lantern, 'police.officer@northbridge.example'),
      educationLead: await homeText(lantern, 'education.lead@northbridge.example'),
    };
    assert.equal(countOf(late.coordinator, interviewsLate), countOf(before.coordinator, interviewsLate) + 1);
    assert.equal(countOf(late.coordinator, interviewsDue), countOf(before.coordinator, interviewsDue));
    assert.equal(countOf(late.harbour, interviewsLate), countOf(before.harbour, interviewsLate) + 1);
    assert.equal(countOf(late.police, /of yours overdue/), countOf(before.police, /of yours overdue/) + 1);
    assert.equal(countOf(late.educationLead, /overdue for Northbridge Schools and Colleges/), countOf(before.educationLead, /overdue for Northbridge Schools and Colleges/) + 1);
    assert.match(late.coordinator, /\d+ overdue for Northbridge Schools and Colleges Late Oldest: \d+ (hours|minutes)/);

    // Each count links to a list of exactly what it counted.
    const coordinator = await signInAs(lantern.app, 'coordinator@northbridge.example');
    const lateList = textOf((await coordinator.get('/missing?show=late')).body, { asOnScreen: true });
    assert.match(lateList, /Showing only those past their deadline/);
    const home = (await coordinator.get('/')).body;
    for (const href of [...home.matchAll(/<a class="govuk-link govuk-!-font-weight-bold" href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'))) {
      assert.equal((await coordinator.get(href)).status, 200, href);
    }
    const educationActions = textOf((await coordinator.get(`/panels/actions/agency?agency=${education}&show=overdue`)).body, { asOnScreen: true });
    assert.match(educationActions, /Northbridge Schools and Colleges: actions.*Share the timetable/);
    assert.doesNotMatch(educationActions, /Check school attendance/);
  });
});

describe('reminders', () => {
  let mailbox: Mailbox;
  before(async () => {
    mailbox = await startMailbox();
  });
  after(async () => {
    setClock(null);
    await mailbox?.close();
  });

  /** Two Lanterns on one database: on PostgreSQL side by side; on PGlite one after the other (a restart), as a data folder has one owner. */
  it('go once and only once to the owner, across a restart and across two Lanterns sharing the data', async () => {
    setClock(new Date());
    const serverUrl = process.env.DATABASE_URL;
    const scratch = serverUrl ? await createScratchDatabase(serverUrl) : null;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-reminders-'));
    const env = { NODE_ENV: 'test', LOG_LEVEL: 'silent', LANTERN_DEMO: 'true', LANTERN_DATA_DIR: dataDir, LANTERN_PGLITE_FSYNC: 'false', SMTP_URL: mailbox.url, ...(scratch ? { DATABASE_URL: scratch.url } : {}) };
    const start = async () => {
      const { app, database } = await startLantern(loadConfig(env));
      const runner = startJobs({ db: database.db, jobs: contributions('jobs', MODULES), mail: { smtpUrl: mailbox.url }, log: silentLog, tickMs: 0 });
      return { app, db: database.db, runner };
    };
    const reminders = async (db: Db, episodeId: string) => db.select().from(remindersSent).where(eq(remindersSent.deadlineId, episodeId));
    const messagesAbout = async (db: Db, reference: string) => (await db.select().from(feedbackMessages).where(eq(feedbackMessages.kind, 'reminder'))).filter((m) => m.message.includes(`(${reference})`));
    try {
      let first = await start();
      const harbour = await agencyOf(first.db, 'harbour.worker@northbridge.example');
      const episodeId = await returnedEpisode(first.db, 'harbour.worker@northbridge.example', harbour, new Date(now().getTime() + 30 * HOUR));
      const [episode] = await first.db.select({ number: missingEpisodes.number }).from(missingEpisodes).where(eq(missingEpisodes.id, episodeId));
      const reference = `M-${episode!.number}`;
      // Demo deadlines get their reminders now; only this episode's are counted below.
      await first.runner.runDue();
      assert.equal((await reminders(first.db, episodeId)).length, 0, 'not yet within a day of its deadline');

      moveClock(10 * HOUR);
      mailbox.received.length = 0;
      await first.runner.runDue();
      assert.deepEqual((await reminders(first.db, episodeId)).map((r) => r.reminderKind), ['due_soon']);
      const [soon] = await messagesAbout(first.db, reference);
      assert.match(soon!.message, /^Due soon: a return interview \(M-\d+\) is due by \d{1,2} [A-Z][a-z]+ \d{4}, (\d{1,2}(:\d{2})?(am|pm)|midday|midnight)\.$/);
      const [recipient] = await first.db.select({ email: users.email, agency: agencies.name }).from(users).innerJoin(agencies, eq(agencies.id, users.agencyId)).where(eq(users.id, soon!.recipientUserId));
      assert.equal(recipient!.email, 'harbour.worker@northbridge.example', 'Harbour has no agency lead, so its practitioner is told');
      const mail = mailbox.received.find((m) => m.to.includes('harbour.worker@northbridge.example'));
      assert.ok(mail, 'an email nudges them to sign in');
      assert.doesNotMatch(mail!.raw, new RegExp(`${reference}|return interview|Northbridge|Harbour|Niamh`), 'no reference, name or detail in the email');

      // The scheduler's next run is not due yet: a second pass now does nothing.
      assert.deepEqual(await first.runner.runDue(), []);

      // Restart (PGlite) or a second Lantern alongside (PostgreSQL), after the deadline has passed.
      moveClock(25 * HOUR);
      let second: Awaited<ReturnType<typeof start>>;
      if (scratch) {
        second = await start();
      } else {
        await first.app.close();
        second = await start();
        first = second;
      }
      moveClock(600 * 1000);
      await Promise.all([first.runner.runDue(), second.runner.runDue(), second.runner.runDue()]);
      if (first !== second) await first.runner.runDue();
      const sent = await reminders(second.db, episodeId);
      assert.deepEqual(sent.map((r) => r.reminderKind).sort(), ['due_soon', 'overdue']);
      const messages = await messagesAbout(second.db, reference);
      assert.equal(messages.length, 2, 'one due-soon and one overdue message, never repeated');
      assert.match(messages.find((m) => m.message.startsWith('Overdue'))!.message, /was due by/);

      // The reminder is in the owner's updates and counted on their home page.
      const [row] = await second.db.select({ n: sql<number>`count(*)::int` }).from(feedbackMessages).where(and(eq(feedbackMessages.kind, 'reminder'), eq(feedbackMessages.recipientUserId, soon!.recipientUserId)));
      assert.ok(row!.n >= 2);
      await first.app.close();
      if (first !== second) await second.app.close();
    } finally {
      await scratch?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});


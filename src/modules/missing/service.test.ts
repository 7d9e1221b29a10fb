/**
 * The service against a test Lantern's database with the demo area (PGlite, or PostgreSQL with DATABASE_URL): what is refused (and that nothing is
 * stored), overlap, idempotent intake, access, the queues' 72-hour boundaries, patterns from the
 * demo episodes, weak signals, the reporter's messages and the shape the risk suggestions take.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, count, eq, sql } from 'drizzle-orm';
import { rows, type Database } from '../../platform/db/database.ts';
import type { RequestContext } from '../../platform/audit/audit.ts';
import { createTestLantern, type TestLantern } from '../../test-support/index.ts';
import { feedbackMessages, concernMentions, concerns } from '../concerns/tables.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { chronologyEntries, teamMembers, youngPeople } from '../young-people/tables.ts';
import { createDefaultInstrument, suggestFromMissingEpisodes } from '../risk/instrument/index.ts';
import { missingEpisodesOnFile, patternsFor, interviewQueue, sharedMentionsForEpisode, strategyMeetingQueue } from './queries.ts';
import { DAY_MS, HOUR_MS, type EpisodeInput, type ReturnInput } from './rules.ts';
import { findVisibleEpisode, recordEpisode, recordReturn, recordStrategyMeeting, saveReturnInterview } from './service.ts';
import { missingSettings } from './settings.ts';
import { missingEpisodes, returnInterviews } from './tables.ts';
import { demoUser } from './testing.ts';

let lantern: TestLantern;
let database: Database;
const ctx: RequestContext = { actor: null, ip: null, requestId: 'test' };
const people: Record<string, string> = {};
let police: SignedInUser, nurse: SignedInUser, youthWorker: SignedInUser, coordinator: SignedInUser, yjs: SignedInUser, socialWorker: SignedInUser;

// One moment for the whole file, so the same "hours ago" is the same instant every time it is written.
const BASE = Date.now();
const hoursAgo = (h: number) => new Date(BASE - h * HOUR_MS);
const episode = (lastSeenAt: Date, over: Partial<EpisodeInput> = {}): EpisodeInput => ({
  kind: 'missing',
  lastSeenAt,
  lastSeenWhere: null,
  reportedAt: null,
  reportedBy: null,
  policeReference: null,
  lookedAfter: false,
  placement: null,
  ...over,
});
const back = (returnedAt: Date, over: Partial<ReturnInput> = {}): ReturnInput => ({ returnedAt, foundWhere: null, howReturned: 'own_accord', whileAway: null, mentions: [], interviewAgencyId: null, ...over });

async function stored() {
  const db = database.db;
  const [[e], [c], [i], [a]] = await Promise.all([
    db.select({ n: count() }).from(missingEpisodes),
    db.select({ n: count() }).from(chronologyEntries),
    db.select({ n: count() }).from(returnInterviews),
    rows<{ n: number }>(db, sql`select count(*)::int as n from audit_events`),
  ]);
  return { episodes: e!.n, chronology: c!.n, interviews: i!.n, audit: a!.n };
}

before(async () => {
  lantern = await createTestLantern();
  database = lantern.database;
  for (const p of await database.db.select({ id: youngPeople.id, name: youngPeople.givenName }).from(youngPeople)) people[p.name!] = p.id;
  const user = (name: string) => demoUser(database, `${name}@northbridge.example`);
  [police, nurse, youthWorker, coordinator, yjs, socialWorker] = [await user('police.officer'), await user('school.nurse'), await user('youth.worker'), await user('coordinator'), await user('yjs.worker'), await user('social.worker')];
});
after(async () => lantern.close());

describe('refused with a clear message, and nothing stored', () => {
  it('an episode in the future, and a report before last seen', async () => {
    const before = await stored();
    const r = await recordEpisode(database.db, ctx, nurse, people.Jade!, episode(new Date(Date.now() + DAY_MS)), { source: 'web' });
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.kind, 'invalid');
      assert.match(r.errors.lastSeenAt ?? '', /must be in the past/);
    }
    assert.deepEqual(await stored(), before);
  });

  it('a return before the start, whether sent with the episode or afterwards', async () => {
    const before = await stored();
    const r = await recordEpisode(database.db, ctx, nurse, people.Jade!, episode(hoursAgo(500)), { source: 'api', externalReference: 'bad-return' }, back(hoursAgo(501)));
    assert.ok(!r.ok && r.kind === 'invalid' && /must be after they were last seen/.test(r.errors.returnedAt ?? ''));
    assert.deepEqual(await stored(), before);

    const open = await recordEpisode(database.db, ctx, nurse, people.Jade!, episode(hoursAgo(480)), { source: 'web' });
    assert.ok(open.ok);
    const mid = await stored();
    const early = await recordReturn(database.db, ctx, nurse, open.value.id, back(hoursAgo(481)));
    assert.ok(!early.ok && early.kind === 'invalid');
    assert.deepEqual(await stored(), mid);
    const ok = await recordReturn(database.db, ctx, nurse, open.value.id, back(hoursAgo(470)));
    assert.ok(ok.ok);
    // The same return again changes nothing; a different one is refused.
    const again = await recordReturn(database.db, ctx, nurse, open.value.id, back(hoursAgo(470)));
    assert.ok(again.ok && !again.value.created);
    const other = await recordReturn(database.db, ctx, nurse, open.value.id, back(hoursAgo(469)));
    assert.ok(!other.ok && other.kind === 'conflict');
  });

  it('an interview before the return, or before they are back', async () => {
    const open = await recordEpisode(database.db, ctx, nurse, people.Jade!, episode(hoursAgo(400)), { source: 'web' });
    assert.ok(open.ok);
    const before = await stored();
    const offer = { offeredAt: hoursAgo(399), interviewerName: 'Niamh Doyle', interviewerAgencyId: null, independent: true, response: 'accepted' as const };
    const notBack = await saveReturnInterview(database.db, ctx, nurse, open.value.id, { offer });
    assert.ok(!notBack.ok && notBack.kind === 'conflict' && /Record that they have come back/.test(notBack.errors.offeredAt ?? ''));
    assert.ok((await recordReturn(database.db, ctx, nurse, open.value.id, back(hoursAgo(390)))).ok);
    const mid = await stored();
    const early = await saveReturnInterview(database.db, ctx, nurse, open.value.id, { offer });
    assert.ok(!early.ok && early.kind === 'invalid' && /cannot be offered before they came back/.test(early.errors.offeredAt ?? ''));
    assert.deepEqual(await stored(), mid);
    assert.ok(before.episodes === mid.episodes);
  });
});

describe('overlapping episodes', () => {
  it('refuses a second open episode, and one inside an earlier episode; allows going missing again the day after', async () => {
    const first = await recordEpisode(database.db, ctx, yjs, people.Ryan!, episode(hoursAgo(300)), { source: 'web' });
    assert.ok(first.ok);
    const before = await stored();
    const second = await recordEpisode(database.db, ctx, yjs, people.Ryan!, episode(hoursAgo(200)), { source: 'web' });
    assert.ok(!second.ok && second.kind === 'conflict');
    if (!second.ok) assert.match(second.errors.lastSeenAt ?? '', /overlap another episode for this young person \(M-\d+\), open since .* \(still missing\)/);
    assert.deepEqual(await stored(), before);

    assert.ok((await recordReturn(database.db, ctx, yjs, first.value.id, back(hoursAgo(290)))).ok);
    const inside = await recordEpisode(database.db, ctx, yjs, people.Ryan!, episode(hoursAgo(295)), { source: 'web' }, back(hoursAgo(294)));
    assert.ok(!inside.ok && inside.kind === 'conflict');
    const earlierOpen = await recordEpisode(database.db, ctx, yjs, people.Ryan!, episode(hoursAgo(310)), { source: 'web' });
    assert.ok(!earlierOpen.ok && earlierOpen.kind === 'conflict', 'an open episode from before would cover the later one');

    const dayAfter = await recordEpisode(database.db, ctx, yjs, people.Ryan!, episode(hoursAgo(290 - 24)), { source: 'web' });
    assert.ok(dayAfter.ok, 'missing again the day after returning');
    const sameMoment = await recordEpisode(database.db, ctx, yjs, people.Ryan!, episode(hoursAgo(330)), { source: 'web' }, back(hoursAgo(300)));
    assert.ok(sameMoment.ok, 'an earlier episode may end the moment the next began');
    // Closing the open one with a return that would swallow nothing else is fine.
    assert.ok((await recordReturn(database.db, ctx, yjs, dayAfter.value.id, back(hoursAgo(260)))).ok);
  });
});

describe('idempotent intake', () => {
  it('the same sender’s reference records one episode; the same reference from another agency is another episode', async () => {
    const input = episode(hoursAgo(800), { policeReference: 'NB-MP-9001' });
    const first = await recordEpisode(database.db, ctx, police, people.Chloe!, input, { source: 'api', externalReference: 'police-sys-1' }, back(hoursAgo(790)));
    assert.ok(first.ok && first.value.created);
    const before = await stored();
    const again = await recordEpisode(database.db, ctx, police, people.Chloe!, input, { source: 'api', externalReference: 'police-sys-1' }, back(hoursAgo(790)));
    assert.ok(again.ok && !again.value.created);
    assert.equal(again.value.id, first.value.id);
    assert.deepEqual(await stored(), before);
    const fromCare = await recordEpisode(database.db, ctx, socialWorker, people.Chloe!, episode(hoursAgo(850)), { source: 'api', externalReference: 'police-sys-1' }, back(hoursAgo(840)));
    assert.ok(fromCare.ok && fromCare.value.created);
  });
});

describe('need to know', () => {
  it('someone with no path to the young person gets "not found" for them and their episodes', async () => {
    const before = await stored();
    const r = await recordEpisode(database.db, ctx, youthWorker, people.Chloe!, episode(hoursAgo(2000)), { source: 'api', externalReference: 'x' });
    assert.ok(!r.ok && r.kind === 'not_found');
    assert.deepEqual(await stored(), before);
    const [one] = await database.db.select({ id: missingEpisodes.id }).from(missingEpisodes).where(eq(missingEpisodes.youngPersonId, people.Chloe!)).limit(1);
    assert.equal(await findVisibleEpisode(database.db, youthWorker, one!.id), null);
    assert.ok(await findVisibleEpisode(database.db, police, one!.id));
    assert.equal(await missingEpisodesOnFile(database.db, youthWorker, people.Chloe!), null);
    const ret = await recordReturn(database.db, ctx, youthWorker, one!.id, back(hoursAgo(1)));
    assert.ok(!ret.ok && ret.kind === 'not_found');
    const meeting = await recordStrategyMeeting(database.db, ctx, police, one!.id, { outcome: 'not_needed', at: null, note: 'x' });
    assert.ok(!meeting.ok && meeting.kind === 'forbidden', 'only the coordinator records strategy meetings');
  });
});

describe('patterns from the demo episodes', () => {
  it('Chloe: 1 in 30 days, 3 in 90, 5 in a year, found most at the Mill Street flat with Deano', async () => {
    const settings = await missingSettings(database.db, coordinator.areaId);
    const { patterns } = await patternsFor(database.db, people.Chloe!, settings, new Date(Date.now() - 0));
    // The demo's five (20, 45, 70, 150 and 300 days back) and the two the intake test added (about 33 and 35 days back).
    assert.equal(patterns.counts.last30, 1);
    assert.equal(patterns.counts.last90, 5);
    assert.equal(patterns.counts.last365, 7);
    assert.equal(patterns.flags.repeat, true);
    assert.equal(patterns.placesFound[0]?.label, 'Flat above the takeaway, Mill Street');
    assert.equal(patterns.placesFound[0]?.episodes, 4);
    assert.deepEqual(patterns.peopleWith.slice(0, 2).map((p) => [p.label, p.episodes]), [
      ['Man known as ‘Deano’', 4],
      ['Kayla, a friend from school', 2],
    ]);
    assert.equal(patterns.byHour.reduce((a, b) => a + b, 0), 7);
  });
});

describe('queues and the 72-hour boundaries', () => {
  it('a looked-after young person’s episode puts a strategy meeting on the coordinator’s queue, due 72 hours after the report', async () => {
    const seen = hoursAgo(10);
    const r = await recordEpisode(database.db, ctx, socialWorker, people.Amira!, episode(seen, { lookedAfter: true, reportedAt: hoursAgo(9) }), { source: 'web' });
    assert.ok(r.ok);
    const due = new Date(hoursAgo(9).getTime() + 72 * HOUR_MS);
    const atDue = await strategyMeetingQueue(database.db, coordinator, due);
    const mine = atDue.find((q) => q.episodeId === r.value.id);
    assert.ok(mine);
    assert.equal(mine.dueAt!.getTime(), due.getTime());
    assert.equal(mine.state, 'due');
    assert.equal((await strategyMeetingQueue(database.db, coordinator, new Date(mine.dueAt!.getTime() + 1))).find((q) => q.episodeId === r.value.id)?.state, 'overdue');
    // Not a looked-after young person: no strategy meeting.
    const jade = await database.db.select().from(missingEpisodes).where(eq(missingEpisodes.youngPersonId, people.Jade!));
    assert.ok(jade.every((e) => e.strategyMeetingDueAt === null));

    assert.ok((await recordReturn(database.db, ctx, socialWorker, r.value.id, back(hoursAgo(2), { foundWhere: 'Quay Road snooker hall' }))).ok);
    assert.ok((await recordStrategyMeeting(database.db, ctx, coordinator, r.value.id, { outcome: 'held', at: hoursAgo(1), note: 'Held by phone.' })).ok);
    assert.equal((await strategyMeetingQueue(database.db, coordinator)).some((q) => q.episodeId === r.value.id), false);
  });

  it('a return interview is due in the responsible agency’s queue until 72 hours after the return, then overdue; the agency joins the team', async () => {
    const [housingAgency] = await rows<{ id: string }>(database.db, sql`select id from agencies where name = 'Northbridge Housing'`);
    const returnedAt = hoursAgo(30);
    const r = await recordEpisode(database.db, ctx, yjs, people.Ryan!, episode(hoursAgo(40)), { source: 'web' }, back(returnedAt, { interviewAgencyId: housingAgency!.id }));
    assert.ok(r.ok);
    const due = new Date(returnedAt.getTime() + 72 * HOUR_MS);
    const housing = await demoUser(database, 'housing.officer@northbridge.example');
    // The housing officer is not named in Ryan's team: the item is counted for them, not shown.
    const forOfficer = await interviewQueue(database.db, housing, { agencyId: housing.agencyId }, due);
    assert.equal(forOfficer.items.some((i) => i.episodeId === r.value.id), false);
    assert.ok(forOfficer.notVisible >= 1);
    // The agency was added to the team around the child, so the coordinator's and area views show it.
    const team = await database.db.select().from(teamMembers).where(and(eq(teamMembers.youngPersonId, people.Ryan!), eq(teamMembers.agencyId, housingAgency!.id)));
    assert.equal(team.length, 1);
    const state = async (now: Date) => (await interviewQueue(database.db, coordinator, { agencyId: null }, now)).items.find((i) => i.episodeId === r.value.id)?.state;
    assert.equal(await state(new Date(due.getTime() - 1)), 'offer_due');
    assert.equal(await state(due), 'offer_due');
    assert.equal(await state(new Date(due.getTime() + 1)), 'offer_overdue');
    // Once declined it leaves the queue.
    assert.ok((await saveReturnInterview(database.db, ctx, yjs, r.value.id, { offer: { offeredAt: hoursAgo(1), interviewerName: 'Sam', interviewerAgencyId: null, independent: true, response: 'declined' } })).ok);
    assert.equal(await state(due), undefined);
  });
});

describe('weak signals and what the reporter is told', () => {
  it('a place found that another young person’s episode or concern mentions is raised', async () => {
    const [concern] = await database.db.select({ id: concerns.id, areaId: concerns.areaId }).from(concerns).where(eq(concerns.youngPersonId, people.Jade!)).limit(1);
    await database.db.insert(concernMentions).values({ concernId: concern!.id, areaId: concern!.areaId, kind: 'place', asTyped: 'The Quay Road Snooker-Hall.', matchKey: null });
    const r = await recordEpisode(database.db, ctx, police, people.Chloe!, episode(hoursAgo(60), { lookedAfter: true }), { source: 'web' }, back(hoursAgo(50), { foundWhere: 'quay road snooker hall', howReturned: 'police' }));
    assert.ok(r.ok);
    const shared = await sharedMentionsForEpisode(database.db, coordinator.areaId, r.value.id);
    const place = shared.find((s) => s.context === 'found_at');
    assert.ok(place);
    assert.ok(place.otherYoungPersonIds.includes(people.Amira!));
    assert.ok(place.otherYoungPersonIds.includes(people.Jade!));
    assert.equal(place.concernIds.length, 1);
    assert.ok(place.episodeIds.length >= 1);
    assert.equal(place.otherYoungPersonIds.includes(people.Chloe!), false, 'her own episodes are not a signal');
  });

  it('the person who reported the episode is told of the return, the interview and the strategy meeting, never by name', async () => {
    const r = await recordEpisode(database.db, ctx, police, people.Chloe!, episode(hoursAgo(30), { lookedAfter: true }), { source: 'web' });
    assert.ok(r.ok);
    const before = (await database.db.select().from(feedbackMessages).where(eq(feedbackMessages.recipientUserId, police.userId))).length;
    const harbour = await demoUser(database, 'harbour.worker@northbridge.example');
    assert.ok((await recordReturn(database.db, ctx, harbour, r.value.id, back(hoursAgo(20)))).ok);
    assert.ok((await saveReturnInterview(database.db, ctx, harbour, r.value.id, { offer: { offeredAt: hoursAgo(10), interviewerName: 'Niamh Doyle', interviewerAgencyId: harbour.agencyId, independent: true, response: 'accepted' }, outcome: { completedAt: hoursAgo(5), pushFactors: ['rules'], pullFactors: ['older_partner'], whereTheyWere: null, withWhom: null, disclosure: 'no', disclosureDetails: null, learning: 'Went to see Deano.', mentions: [] } })).ok);
    assert.ok((await recordStrategyMeeting(database.db, ctx, coordinator, r.value.id, { outcome: 'held', at: hoursAgo(4), note: null })).ok);
    const messages = await database.db.select().from(feedbackMessages).where(eq(feedbackMessages.recipientUserId, police.userId));
    const fresh = messages.slice(before).map((m) => m.kind);
    assert.deepEqual(fresh.sort(), ['missing_interview_completed', 'missing_interview_offered', 'missing_returned', 'missing_strategy_meeting']);
    assert.ok(messages.every((m) => !m.message.includes('Chloe') && !m.message.includes('Deano')));
    // Someone recording a step on their own episode is not told about it.
    const own = await recordEpisode(database.db, ctx, police, people.Chloe!, episode(hoursAgo(3), { lookedAfter: true }), { source: 'web' });
    assert.ok(own.ok);
    const count0 = (await database.db.select().from(feedbackMessages).where(eq(feedbackMessages.recipientUserId, police.userId))).length;
    assert.ok((await recordReturn(database.db, ctx, police, own.value.id, back(hoursAgo(2)))).ok);
    assert.equal((await database.db.select().from(feedbackMessages).where(eq(feedbackMessages.recipientUserId, police.userId))).length, count0);
  });
});

describe('for the risk assessment', () => {
  it('gives the episodes in the shape suggestFromMissingEpisodes takes', async () => {
    const onFile = await missingEpisodesOnFile(database.db, coordinator, people.Chloe!);
    assert.ok(onFile && onFile.length >= 5);
    assert.match(onFile[0]!.episodeId, /^M-\d+$/);
    assert.ok(onFile.every((e) => !Number.isNaN(Date.parse(e.startedAt))));
    const r = suggestFromMissingEpisodes(createDefaultInstrument(), onFile, new Date().toISOString());
    assert.ok(r.ok);
    if (r.ok) {
      const ids = r.value.map((s) => s.indicatorId);
      assert.ok(ids.includes('ar.going_missing'));
      assert.ok(ids.includes('sw.regularly_missing'));
    }
  });
});

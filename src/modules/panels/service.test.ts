/**
 * The panel commands directly: peer groups on an agenda, deferral to the next meeting, the access
 * window after the minutes close, referral withdrawal, and that every refusal stores nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import type { RequestContext } from '../../platform/audit/audit.ts';
import { feedbackMessages } from '../concerns/tables.ts';
import { findUserByEmail, loadSignedInUser, type SignedInUser } from '../../platform/auth/users.ts';
import { findVisibleYoungPerson } from '../young-people/records.ts';
import { youngPeople } from '../young-people/tables.ts';
import { countRows, createTestLantern, type TestLantern } from '../../test-support/index.ts';
import { agendaOf } from './queries.ts';
import { addDays, londonToday } from '../../platform/time.ts';
import { checkAction, checkDecision } from './rules.ts';
import { addAction, addMember, buildAgenda, closeMeeting, createMeeting, createPanel, createPeerGroup, decideReferral, deferItem, issueAgenda, recordAttendance, recordDecision, refer, withdrawReferral } from './service.ts';
import { agendaItems, panelMeetings, panelReferrals } from './tables.ts';

let lantern: TestLantern;
const people: Record<string, string> = {};
const users: Record<string, SignedInUser> = {};
const ctx = (user: SignedInUser): RequestContext => ({ actor: user, ip: null, requestId: 'panels-service-test' });
const LEVELS = [
  { id: 'at_risk', label: 'At risk' },
  { id: 'swapping', label: 'Swapping' },
];

async function user(email: string): Promise<SignedInUser> {
  const row = await findUserByEmail(lantern.db, email);
  return (await loadSignedInUser(lantern.db, row!.id))!;
}

before(async () => {
  lantern = await createTestLantern();
  for (const p of await lantern.db.select({ id: youngPeople.id, name: youngPeople.givenName }).from(youngPeople)) people[p.name!] = p.id;
  for (const name of ['coordinator', 'panel.member', 'youth.worker', 'education.lead', 'school.nurse']) users[name] = await user(`${name}@northbridge.example`);
});
after(() => lantern?.close());

describe('the rules', () => {
  it('an action needs an owner and a due date, and says so', () => {
    const errors = checkAction({ description: 'Visit', ownerAgencyId: null, ownerUserId: null, dueOn: null });
    assert.match(errors.ownerAgencyId!, /every action needs an owner/);
    assert.match(errors.dueOn!, /every action needs a due date/);
  });

  it('a decision needs a plan, a level for a young person, a child protection answer and a future review date', () => {
    const today = '2026-11-21';
    const errors = checkDecision({ notes: null, levelAgreed: null, plan: '', disruption: null, childProtectionReferral: null, nextReviewOn: '2026-11-20' }, 'young_person', ['at_risk'], today);
    assert.deepEqual(Object.keys(errors).sort(), ['childProtectionReferral', 'levelAgreed', 'nextReviewOn', 'plan']);
    assert.deepEqual(checkDecision({ notes: null, levelAgreed: null, plan: 'Continue', disruption: null, childProtectionReferral: false, nextReviewOn: today }, 'peer_group', ['at_risk'], today), {});
  });
});

describe('a peer-group conference', () => {
  let panelId = '';
  let meetingId = '';
  let groupId = '';

  before(async () => {
    const coordinator = users.coordinator!;
    const panel = await createPanel(lantern.db, ctx(coordinator), coordinator, { name: 'Quay Road peer-group conference', kind: 'peer_group_conference', chairAgencyId: null, meetsEveryDays: 14, accessAfterCloseDays: 0 });
    assert.ok(panel.ok);
    panelId = panel.value;
    assert.ok((await addMember(lantern.db, ctx(coordinator), coordinator, panelId, users['youth.worker']!.userId, false)).ok);
    const group = await createPeerGroup(lantern.db, ctx(coordinator), coordinator, { name: 'Ryan and Amira', description: null, youngPersonIds: [people.Ryan!, people.Amira!] });
    assert.ok(group.ok);
    groupId = group.value;
    const meeting = await createMeeting(lantern.db, ctx(coordinator), coordinator, panelId, londonToday());
    assert.ok(meeting.ok);
    meetingId = meeting.value;
  });

  it('a peer group needs two young people the recorder can see', async () => {
    const youth = users['youth.worker']!;
    const before = await countRows(lantern.db, 'peer_groups');
    const refusedGroup = await createPeerGroup(lantern.db, ctx(youth), youth, { name: 'Someone else’s', description: null, youngPersonIds: [people.Ryan!, people.Amira!] });
    assert.equal(refusedGroup.ok, false);
    assert.equal(await countRows(lantern.db, 'peer_groups'), before);
  });

  it('a practitioner who cannot see every member cannot refer the group', async () => {
    const youth = users['youth.worker']!;
    const result = await refer(lantern.db, ctx(youth), youth, { panelId, subjectKind: 'peer_group', youngPersonId: null, peerGroupId: groupId, placeId: null, source: 'other', reason: 'Seen together', urgency: 'soon', youngPersonViews: null, familyViews: null });
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.kind, 'not_found');
  });

  it('once the agenda with the group is issued, a member sees its young people; once closed with no access period, no longer', async () => {
    const coordinator = users.coordinator!;
    const youth = users['youth.worker']!;
    const referral = await refer(lantern.db, ctx(coordinator), coordinator, { panelId, subjectKind: 'peer_group', youngPersonId: null, peerGroupId: groupId, placeId: null, source: 'other', reason: 'Seen together at the snooker hall', urgency: 'soon', youngPersonViews: null, familyViews: null });
    assert.ok(referral.ok);
    assert.ok((await decideReferral(lantern.db, ctx(coordinator), coordinator, referral.value.id, 'accept', '')).ok);
    assert.equal((await buildAgenda(lantern.db, ctx(coordinator), coordinator, meetingId)).ok, true);
    assert.equal(await findVisibleYoungPerson(lantern.db, youth, people.Ryan!), null, 'not before the agenda is issued');
    assert.ok((await issueAgenda(lantern.db, ctx(coordinator), coordinator, meetingId)).ok);
    assert.ok(await findVisibleYoungPerson(lantern.db, youth, people.Ryan!), 'Ryan is on the agenda through the group');
    assert.ok(await findVisibleYoungPerson(lantern.db, youth, people.Amira!));
    const [item] = await agendaOf(lantern.db, youth, meetingId);
    assert.equal(item!.subject_name, 'Ryan and Amira');
    assert.ok((await recordAttendance(lantern.db, ctx(coordinator), coordinator, meetingId, [{ userId: youth.userId, status: 'present' }])).ok);
    const decided = await recordDecision(lantern.db, ctx(coordinator), coordinator, meetingId, item!.id, { notes: null, levelAgreed: null, plan: 'Outreach at the hall on Friday evenings', disruption: null, childProtectionReferral: false, nextReviewOn: addDays(londonToday(), 14) }, LEVELS);
    assert.ok(decided.ok, JSON.stringify(decided));
    const chronology = await countRows(lantern.db, 'chronology_entries', sql`kind = 'panel' and source_id = ${item!.id}`);
    assert.equal(chronology, 2, 'each member of the group gets the entry');
    const closed = await closeMeeting(lantern.db, ctx(coordinator), coordinator, meetingId);
    assert.ok(closed.ok);
    assert.equal(await findVisibleYoungPerson(lantern.db, youth, people.Ryan!), null, 'access period of 0 days: gone when the minutes close');
    const yjs = await findUserByEmail(lantern.db, 'yjs.worker@northbridge.example');
    const told = await lantern.db.select().from(feedbackMessages).where(and(eq(feedbackMessages.kind, 'panel'), sql`${feedbackMessages.message} like '%Quay Road peer-group conference%'`));
    assert.ok(told.some((m) => m.recipientUserId === yjs!.id), 'the youth justice worker, who raised a concern about Ryan, heard');
  });
});

describe('deferral and closing', () => {
  it('an item not reached goes to the next meeting; the meeting closes with it deferred', async () => {
    const coordinator = users.coordinator!;
    const panel = await createPanel(lantern.db, ctx(coordinator), coordinator, { name: 'Deferral test MASE', kind: 'mase', chairAgencyId: null, meetsEveryDays: 21, accessAfterCloseDays: 30 });
    assert.ok(panel.ok);
    const meeting = await createMeeting(lantern.db, ctx(coordinator), coordinator, panel.value, londonToday());
    assert.ok(meeting.ok);
    for (const name of ['Kayleigh', 'Ryan']) {
      const r = await refer(lantern.db, ctx(coordinator), coordinator, { panelId: panel.value, subjectKind: 'young_person', youngPersonId: people[name]!, peerGroupId: null, placeId: null, source: 'lead_professional', reason: 'Worried', urgency: name === 'Ryan' ? 'urgent' : 'routine', youngPersonViews: null, familyViews: null });
      assert.ok(r.ok);
      assert.ok((await decideReferral(lantern.db, ctx(coordinator), coordinator, r.value.id, 'accept', '')).ok);
    }
    assert.ok((await buildAgenda(lantern.db, ctx(coordinator), coordinator, meeting.value)).ok);
    const agenda = await agendaOf(lantern.db, coordinator, meeting.value);
    assert.deepEqual(
      agenda.map((i) => i.young_person_id),
      [people.Ryan, people.Kayleigh],
      'urgent first',
    );
    const early = await deferItem(lantern.db, ctx(coordinator), coordinator, meeting.value, agenda[1]!.id);
    assert.equal(early.ok, false, 'nothing is recorded before the agenda is issued');
    assert.ok((await issueAgenda(lantern.db, ctx(coordinator), coordinator, meeting.value)).ok);
    assert.ok((await recordAttendance(lantern.db, ctx(coordinator), coordinator, meeting.value, [])).ok);
    const deferred = await deferItem(lantern.db, ctx(coordinator), coordinator, meeting.value, agenda[1]!.id);
    assert.ok(deferred.ok);
    const [next] = await lantern.db.select().from(panelMeetings).where(eq(panelMeetings.id, deferred.value.nextMeetingId));
    assert.equal(next!.meetsOn, addDays(londonToday(), 21), 'arranged at the panel’s usual interval');
    const carried = await lantern.db.select().from(agendaItems).where(eq(agendaItems.meetingId, next!.id));
    assert.equal(carried[0]!.youngPersonId, people.Kayleigh);
    assert.equal(carried[0]!.origin, 'deferred');

    const notYet = await closeMeeting(lantern.db, ctx(coordinator), coordinator, meeting.value);
    assert.equal(notYet.ok, false);
    assert.match(!notYet.ok ? notYet.errors.close! : '', /item 1 is still open/);
    const decided = await recordDecision(lantern.db, ctx(coordinator), coordinator, meeting.value, agenda[0]!.id, { notes: null, levelAgreed: 'at_risk', plan: 'Continue', disruption: null, childProtectionReferral: false, nextReviewOn: addDays(londonToday(), 7) }, LEVELS);
    assert.ok(decided.ok);
    const noAttendance = await closeMeeting(lantern.db, ctx(coordinator), coordinator, meeting.value);
    assert.match(!noAttendance.ok ? noAttendance.errors.close! : '', /Record who attended/);
    assert.ok((await recordAttendance(lantern.db, ctx(coordinator), coordinator, meeting.value, [{ userId: users['education.lead']!.userId, status: 'apologies' }])).ok === false, 'only members');
    assert.ok((await addMember(lantern.db, ctx(coordinator), coordinator, panel.value, users['education.lead']!.userId, true)).ok);
    assert.ok((await recordAttendance(lantern.db, ctx(coordinator), coordinator, meeting.value, [{ userId: users['education.lead']!.userId, status: 'present' }])).ok);
    assert.ok((await closeMeeting(lantern.db, ctx(coordinator), coordinator, meeting.value)).ok);

    // Ryan's review (in 7 days) falls due before the next meeting: building that agenda brings him back.
    assert.ok((await buildAgenda(lantern.db, ctx(coordinator), coordinator, next!.id)).ok);
    const nextAgenda = await agendaOf(lantern.db, coordinator, next!.id);
    assert.deepEqual(nextAgenda.map((i) => [i.young_person_id, i.origin]).sort(), [[people.Kayleigh, 'deferred'], [people.Ryan, 'review']].sort());
  });

  it('an action on a closed meeting, or a decision on an item of another meeting, is refused and nothing stored', async () => {
    const coordinator = users.coordinator!;
    const [closedItem] = await lantern.db.select({ id: agendaItems.id, meetingId: agendaItems.meetingId }).from(agendaItems).innerJoin(panelMeetings, eq(panelMeetings.id, agendaItems.meetingId)).where(sql`${panelMeetings.minutesClosedAt} is not null`).limit(1);
    const before = await countRows(lantern.db, 'panel_actions');
    const onClosed = await addAction(lantern.db, ctx(coordinator), coordinator, closedItem!.meetingId, closedItem!.id, { description: 'Late', ownerAgencyId: coordinator.agencyId, ownerUserId: null, dueOn: londonToday() });
    assert.equal(onClosed.ok, false);
    const [openMeeting] = await lantern.db.select().from(panelMeetings).where(sql`${panelMeetings.agendaIssuedAt} is null`).limit(1);
    const elsewhere = await recordDecision(lantern.db, ctx(coordinator), coordinator, openMeeting!.id, closedItem!.id, { notes: null, levelAgreed: 'at_risk', plan: 'x', disruption: null, childProtectionReferral: false, nextReviewOn: londonToday() }, LEVELS);
    assert.equal(elsewhere.ok, false);
    assert.equal(await countRows(lantern.db, 'panel_actions'), before);
  });
});

describe('withdrawing a referral', () => {
  it('tells the referrer when someone else withdraws it; a referral already on an agenda cannot be withdrawn', async () => {
    const coordinator = users.coordinator!;
    const nurse = users['school.nurse']!;
    const [panel] = await lantern.db.execute(sql`select id from panels where name = 'Northbridge SERAC'`).then((r) => (r as unknown as { rows: { id: string }[] }).rows);
    const r = await refer(lantern.db, ctx(nurse), nurse, { panelId: panel!.id, subjectKind: 'young_person', youngPersonId: people.Jade!, peerGroupId: null, placeId: null, source: 'other', reason: 'She told me more', urgency: 'soon', youngPersonViews: null, familyViews: null, acknowledgeOpenReferral: true });
    assert.ok(r.ok);
    const noReason = await withdrawReferral(lantern.db, ctx(coordinator), coordinator, r.value.id, ' ');
    assert.equal(noReason.ok, false);
    assert.ok((await withdrawReferral(lantern.db, ctx(coordinator), coordinator, r.value.id, 'Already on the agenda through triage')).ok);
    const [row] = await lantern.db.select().from(panelReferrals).where(eq(panelReferrals.id, r.value.id));
    assert.equal(row!.status, 'withdrawn');
    const told = await lantern.db.select().from(feedbackMessages).where(and(eq(feedbackMessages.recipientUserId, nurse.userId), eq(feedbackMessages.kind, 'panel_referral')));
    assert.match(told.at(-1)!.message, /has been withdrawn. The reason given: Already on the agenda/);
  });
});

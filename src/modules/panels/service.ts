/**
 * Commands on panels: set one up, refer to it, decide referrals, build and issue an agenda, record
 * the meeting (attendance, decisions, actions, deferrals), close the minutes and complete actions.
 * Each checks who may do it, checks its input (rules.ts), and writes its change, any chronology
 * entry, any message and its audit row in one transaction. A refusal stores nothing.
 */
import { fail, succeed, type Failure, type Outcome } from '../../platform/outcome.ts';
import type { FieldErrors } from '../../platform/http/forms.ts';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { rows } from '../../platform/db/database.ts';
import { auditedCommand, type RequestContext } from '../../platform/audit/audit.ts';
import { isUuid } from '../../platform/ids.ts';
import { formatDate } from '../../platform/views/filters.ts';
import { notify, notifyConcernRaisers, type FeedbackSent } from '../concerns/index.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { agencies, users } from '../organisation/tables.ts';
import { addChronologyEntry, joinTeamForTask, findVisibleYoungPerson, setCurrentRiskLevel } from '../young-people/index.ts';
import { findVisiblePlace } from '../intelligence/index.ts';
import { panelRole, setsUpPanels } from './policy.ts';
import { findVisiblePeerGroup } from './queries.ts';
import { addDays, londonToday } from '../../platform/time.ts';
import { checkAction, checkCompletion, checkDecision, checkDeclineReason, checkPanel, checkReferral, type ActionInput, type DecisionInput, type PanelInput, type ReferralInput } from './rules.ts';
import { agendaItems, meetingAttendance, panelActions, panelMeetings, panelMembers, panelNotices, panelReferrals, panels, peerGroupMembers, peerGroups } from './tables.ts';
import { actionReference, referralReference, URGENCIES } from './vocab.ts';


export type MeetingRow = typeof panelMeetings.$inferSelect;
export type PanelRow = typeof panels.$inferSelect;
export type ItemRow = typeof agendaItems.$inferSelect;
export type ReferralRow = typeof panelReferrals.$inferSelect;
export type ActionRow = typeof panelActions.$inferSelect;

/** What the command answers for mail: who was told something, to nudge by email after commit. */
export interface Told {
  feedback: FeedbackSent[];
  /** Members sent a notice (agenda issued, minutes out). */
  noticeRecipients: string[];
}

// ---- Panels and members ----

export async function createPanel(db: Db, ctx: RequestContext, user: SignedInUser, input: PanelInput): Promise<Outcome<string>> {
  if (!setsUpPanels(user)) return fail('forbidden', { panel: 'Only the coordinator sets up panels' });
  const errors = checkPanel(input);
  if (!errors.chairAgencyId && input.chairAgencyId && !(await areaAgency(db, user.areaId, input.chairAgencyId))) errors.chairAgencyId = 'Select the agency that chairs the panel';
  if (Object.keys(errors).length) return fail('invalid', errors);
  const id = await auditedCommand(db, ctx, (panelId: string) => ({ action: 'create', recordKind: 'panel', recordId: panelId, details: { kind: input.kind } }), async (tx) => {
    const [row] = await tx
      .insert(panels)
      .values({ areaId: user.areaId, name: input.name.trim(), kind: input.kind, chairAgencyId: input.chairAgencyId, meetsEveryDays: input.meetsEveryDays, accessAfterCloseDays: input.accessAfterCloseDays })
      .returning({ id: panels.id });
    return row!.id;
  });
  return succeed(id);
}

export async function addMember(db: Db, ctx: RequestContext, user: SignedInUser, panelId: string, memberUserId: string, isChair: boolean): Promise<Outcome<string>> {
  const role = await panelRole(db, user, panelId);
  if (!role) return fail('not_found', { panel: 'There is no panel with this id that you can see' });
  if (!setsUpPanels(user)) return fail('forbidden', { userId: 'Only the coordinator changes who sits on a panel' });
  const [member] = isUuid(memberUserId)
    ? await db.select({ id: users.id, agencyId: users.agencyId }).from(users).where(and(eq(users.id, memberUserId), eq(users.areaId, user.areaId), eq(users.active, true)))
    : [];
  if (!member) return fail('invalid', { userId: 'Select a person in your area to add to the panel' });
  const [already] = await db.select({ id: panelMembers.id }).from(panelMembers).where(and(eq(panelMembers.panelId, panelId), eq(panelMembers.userId, member.id), isNull(panelMembers.removedAt)));
  if (already) return fail('conflict', { userId: 'They already sit on this panel' });
  const id = await auditedCommand(db, ctx, (memberId: string) => ({ action: 'permission_change', recordKind: 'panel_member', recordId: memberId, details: { panelId, userId: member.id, isChair, change: 'added' } }), async (tx) => {
    const [row] = await tx.insert(panelMembers).values({ panelId, userId: member.id, agencyId: member.agencyId, isChair }).returning({ id: panelMembers.id });
    return row!.id;
  });
  return succeed(id);
}

export async function removeMember(db: Db, ctx: RequestContext, user: SignedInUser, panelId: string, memberId: string): Promise<Outcome<null>> {
  const role = await panelRole(db, user, panelId);
  if (!role || !isUuid(memberId)) return fail('not_found', { panel: 'There is no panel with this id that you can see' });
  if (!setsUpPanels(user)) return fail('forbidden', { userId: 'Only the coordinator changes who sits on a panel' });
  const changed = await auditedCommand(db, ctx, { action: 'permission_change', recordKind: 'panel_member', recordId: memberId, details: { panelId, change: 'removed' } }, async (tx) =>
    tx
      .update(panelMembers)
      .set({ removedAt: new Date() })
      .where(and(eq(panelMembers.id, memberId), eq(panelMembers.panelId, panelId), isNull(panelMembers.removedAt)))
      .returning({ id: panelMembers.id }),
  );
  return changed.length ? succeed(null) : fail('not_found', { member: 'They are not a current member of this panel' });
}

async function areaAgency(db: Db, areaId: string, agencyId: string | null): Promise<{ id: string; name: string } | null> {
  if (!agencyId || !isUuid(agencyId)) return null;
  const [row] = await db.select({ id: agencies.id, name: agencies.name }).from(agencies).where(and(eq(agencies.id, agencyId), eq(agencies.areaId, areaId)));
  return row ?? null;
}

// ---- Peer groups ----

export interface PeerGroupInput {
  name: string;
  description: string | null;
  youngPersonIds: string[];
}

export async function createPeerGroup(db: Db, ctx: RequestContext, user: SignedInUser, input: PeerGroupInput): Promise<Outcome<string>> {
  const errors: FieldErrors = {};
  if (!input.name.trim()) errors.name = 'Enter a name for the group, for example Friends who meet at the bus station';
  else if (input.name.length > 120) errors.name = 'The name must be 120 characters or fewer';
  if ((input.description ?? '').length > 2000) errors.description = 'The description must be 2000 characters or fewer';
  const ids = [...new Set(input.youngPersonIds)];
  if (ids.length < 2) errors.youngPersonIds = 'Select at least two young people for a peer group';
  else {
    for (const id of ids) {
      if (!(await findVisibleYoungPerson(db, user, id))) {
        errors.youngPersonIds = 'Select only young people whose records you can see';
        break;
      }
    }
  }
  if (Object.keys(errors).length) return fail('invalid', errors);
  const id = await auditedCommand(db, ctx, (groupId: string) => ({ action: 'create', recordKind: 'peer_group', recordId: groupId, details: { youngPersonIds: ids } }), async (tx) => {
    const [group] = await tx.insert(peerGroups).values({ areaId: user.areaId, name: input.name.trim(), description: input.description?.trim() || null, createdByUserId: user.userId }).returning({ id: peerGroups.id });
    await tx.insert(peerGroupMembers).values(ids.map((youngPersonId) => ({ peerGroupId: group!.id, youngPersonId })));
    return group!.id;
  });
  return succeed(id);
}

// ---- Referrals ----

/**
 * A message about a referral to whoever made it, under "Updates on other things you reported" on
 * My concerns. `eventKey` names the step, so it is reported to them once.
 */
async function tellReferrer(tx: Db, referral: Pick<ReferralRow, 'referredByUserId'>, actorUserId: string | null, message: string, eventKey: string, kind = 'panel_referral'): Promise<FeedbackSent[]> {
  const told = await notify(tx, { recipientUserIds: [referral.referredByUserId], actorUserId, kind, message, eventKey });
  return told.map((t) => ({ feedbackId: t.feedbackId, recipientUserId: t.recipientUserId, concernId: null }));
}

/**
 * Tells the people who raised concerns about the young people a referral is about whether the
 * panel will discuss them: a referral of a young person or a peer group follows on from those
 * concerns, so it changes the status they see. A place's referral has no such concerns.
 */
async function tellConcernRaisersOfDecision(tx: Db, referral: ReferralRow, panel: PanelRow, status: 'accepted' | 'declined'): Promise<FeedbackSent[]> {
  const sent: FeedbackSent[] = [];
  for (const youngPersonId of await subjectYoungPeople(tx, referral)) {
    // A declined duplicate says nothing while another referral of them is still going ahead.
    if (status === 'declined' && (await openReferralsAbout(tx, referral.areaId, { subjectKind: 'young_person', youngPersonId, peerGroupId: null, placeId: null }, referral.id)).length) continue;
    sent.push(
      ...(await notifyConcernRaisers(
        tx,
        youngPersonId,
        status === 'accepted' ? 'panel_accepted' : 'panel_declined',
        (concern) =>
          status === 'accepted'
            ? `The young person your concern ${concern.reference} was about has been accepted for discussion at a multi-agency meeting (${panel.name}). You will hear here when they have been discussed.`
            : `A referral of the young person your concern ${concern.reference} was about to a multi-agency meeting (${panel.name}) was not taken forward. The agencies working with them carry on; keep recording anything new you notice.`,
        `referral_decision:${referral.id}:${youngPersonId}`,
      )),
    );
  }
  return sent;
}

/** Said for a place that does not exist and for one the referrer may not see alike. */
export const PLACE_NOT_FOUND = 'There is no place of concern with this reference that you can see: check the reference, or open the place under Intelligence and refer it from there';

/** A referral still waiting for a decision, or accepted and not yet discussed (on an agenda or about to be). */
export interface OpenReferral {
  id: string;
  number: number;
  status: string;
  panelName: string;
  /** The meeting it is on the agenda of, when it is. */
  agendaMeetsOn: string | null;
}

type ReferralSubject = Pick<ReferralInput, 'subjectKind' | 'youngPersonId' | 'peerGroupId' | 'placeId'>;

/**
 * Open referrals about the same young person, peer group or place, in the area, to any panel.
 * Callers show them only to someone who may see the subject (the referrer, once the subject is
 * checked, or whoever runs the panel).
 */
export async function openReferralsAbout(db: Db, areaId: string, subject: ReferralSubject, exceptReferralId: string | null = null): Promise<OpenReferral[]> {
  const column =
    subject.subjectKind === 'young_person' ? sql`r.young_person_id = ${subject.youngPersonId}` : subject.subjectKind === 'peer_group' ? sql`r.peer_group_id = ${subject.peerGroupId}` : sql`r.place_id = ${subject.placeId}`;
  const found = await rows<{ id: string; number: number; status: string; panel_name: string; agenda_meets_on: string | null }>(
    db,
    sql`select r.id, r.number, r.status, p.name as panel_name,
          (select min(m.meets_on)::text from agenda_items ai join panel_meetings m on m.id = ai.meeting_id where ai.referral_id = r.id and ai.outcome is null) as agenda_meets_on
        from panel_referrals r join panels p on p.id = r.panel_id
        where r.area_id = ${areaId} and r.subject_kind = ${subject.subjectKind} and ${column}
          and r.status in ('pending', 'accepted') and r.discussed_at is null
          and r.id is distinct from ${exceptReferralId}
        order by r.referred_at`,
  );
  return found.map((r) => ({ id: r.id, number: r.number, status: r.status, panelName: r.panel_name, agendaMeetsOn: r.agenda_meets_on }));
}

/** One line per open referral, as the warnings say it. */
export function openReferralWords(r: OpenReferral): string {
  const where = r.agendaMeetsOn ? `on the agenda for ${formatDate(r.agendaMeetsOn)}` : r.status === 'pending' ? 'waiting for a decision' : 'accepted, waiting for an agenda';
  return `${referralReference(r.number)} to ${r.panelName}, ${where}`;
}

const SUBJECT_WORDS: Record<string, string> = { young_person: 'This young person', peer_group: 'This peer group', place: 'This place' };

export async function refer(db: Db, ctx: RequestContext, user: SignedInUser, input: ReferralInput): Promise<Outcome<{ id: string; number: number; alsoOpen: OpenReferral[] }>> {
  const errors = checkReferral(input);
  const [panel] = isUuid(input.panelId) ? await db.select().from(panels).where(and(eq(panels.id, input.panelId), eq(panels.areaId, user.areaId))) : [];
  if (!errors.panelId && !panel) errors.panelId = 'Select the panel you are referring to';
  if (Object.keys(errors).length) return fail('invalid', errors);
  // A record the referrer may not see is refused the same way as one that does not exist.
  if (input.subjectKind === 'young_person' && !(await findVisibleYoungPerson(db, user, input.youngPersonId!)))
    return fail('not_found', { youngPersonId: 'There is no young person with this id that you can see: search for them on Young people and refer from there' });
  if (input.subjectKind === 'peer_group' && !(await findVisiblePeerGroup(db, user, input.peerGroupId!)))
    return fail('not_found', { peerGroupId: 'There is no peer group with this id that you can see: choose a group whose young people you can all see' });
  // Places are decided by the intelligence module's rule: linked to someone the referrer may see.
  if (input.subjectKind === 'place' && !(await findVisiblePlace(db, user, input.placeId!)))
    return fail('not_found', { placeId: PLACE_NOT_FOUND });
  // A second referral of the same subject is not taken silently: the referrer confirms it, knowing of the first.
  const alsoOpen = await openReferralsAbout(db, user.areaId, input);
  if (alsoOpen.length && !input.acknowledgeOpenReferral)
    return fail('conflict', {
      acknowledgeOpenReferral: `${SUBJECT_WORDS[input.subjectKind]} already has an open referral (${alsoOpen.map(openReferralWords).join('; ')}). Confirm that you want to send yours as well, or ask the coordinator to add what you know to it`,
    });
  const value = await auditedCommand(
    db,
    ctx,
    (r: { id: string; number: number }) => ({
      action: 'create',
      recordKind: 'panel_referral',
      recordId: r.id,
      details: { panelId: input.panelId, subjectKind: input.subjectKind, youngPersonId: input.youngPersonId, peerGroupId: input.peerGroupId, placeId: input.placeId, urgency: input.urgency, source: input.source, alsoOpenReferralIds: alsoOpen.map((o) => o.id) },
    }),
    async (tx) => {
      const [row] = await tx
        .insert(panelReferrals)
        .values({
          areaId: user.areaId,
          panelId: input.panelId,
          subjectKind: input.subjectKind,
          youngPersonId: input.subjectKind === 'young_person' ? input.youngPersonId : null,
          peerGroupId: input.subjectKind === 'peer_group' ? input.peerGroupId : null,
          placeId: input.subjectKind === 'place' ? input.placeId : null,
          source: input.source,
          reason: input.reason.trim(),
          urgency: input.urgency,
          youngPersonViews: input.youngPersonViews?.trim() || null,
          familyViews: input.familyViews?.trim() || null,
          referredByUserId: user.userId,
          referredByAgencyId: user.agencyId,
        })
        .returning({ id: panelReferrals.id, number: panelReferrals.number });
      return row!;
    },
  );
  return succeed({ ...value, alsoOpen });
}

async function referralFor(db: Db, user: SignedInUser, referralId: string): Promise<{ referral: ReferralRow; panel: PanelRow; runs: boolean } | null> {
  if (!isUuid(referralId)) return null;
  const [row] = await db.select({ referral: panelReferrals, panel: panels }).from(panelReferrals).innerJoin(panels, eq(panels.id, panelReferrals.panelId)).where(and(eq(panelReferrals.id, referralId), eq(panelReferrals.areaId, user.areaId)));
  if (!row) return null;
  const role = await panelRole(db, user, row.panel.id);
  const isReferrer = row.referral.referredByUserId === user.userId;
  if (!role?.runs && !isReferrer) return null;
  return { ...row, runs: role?.runs ?? false };
}

export async function decideReferral(db: Db, ctx: RequestContext, user: SignedInUser, referralId: string, decision: 'accept' | 'decline', reason: string): Promise<Outcome<Told>> {
  const found = await referralFor(db, user, referralId);
  if (!found || !found.runs) return fail('not_found', { referral: 'There is no referral with this id waiting for your decision' });
  const { referral, panel } = found;
  if (referral.status !== 'pending') return fail('conflict', { decision: `This referral has already been ${referral.status}` });
  if (!['accept', 'decline'].includes(decision)) return fail('invalid', { decision: 'Select whether to accept or decline the referral' });
  if (decision === 'decline') {
    const errors = checkDeclineReason(reason);
    if (Object.keys(errors).length) return fail('invalid', errors);
  }
  const status = decision === 'accept' ? 'accepted' : 'declined';
  const told = await auditedCommand(db, ctx, (t: Told) => ({ action: 'update', recordKind: 'panel_referral', recordId: referral.id, details: { status, feedback: t.feedback.length } }), async (tx) => {
    await tx.update(panelReferrals).set({ status, decisionReason: reason.trim() || null, decidedByUserId: user.userId, decidedAt: new Date() }).where(eq(panelReferrals.id, referral.id));
    const feedback = await tellReferrer(
      tx,
      referral,
      user.userId,
      status === 'accepted'
        ? `Your referral ${referralReference(referral.number)} to ${panel.name} has been accepted. It will go on the agenda of a coming meeting, and you will hear when it has been discussed.`
        : `Your referral ${referralReference(referral.number)} to ${panel.name} has been declined. The reason given: ${reason.trim()}`,
      `referral_decision:${referral.id}`,
    );
    feedback.push(...(await tellConcernRaisersOfDecision(tx, referral, panel, status)));
    return { feedback, noticeRecipients: [] };
  });
  return succeed(told);
}

export async function withdrawReferral(db: Db, ctx: RequestContext, user: SignedInUser, referralId: string, reason: string): Promise<Outcome<null>> {
  const found = await referralFor(db, user, referralId);
  if (!found) return fail('not_found', { referral: 'There is no referral with this id that you can see' });
  const { referral, panel } = found;
  if (!['pending', 'accepted'].includes(referral.status)) return fail('conflict', { reason: `This referral has already been ${referral.status}` });
  const [scheduled] = await db.select({ id: agendaItems.id }).from(agendaItems).where(and(eq(agendaItems.referralId, referral.id), sql`${agendaItems.outcome} is distinct from 'deferred'`));
  if (scheduled) return fail('conflict', { reason: 'This referral is already on an agenda: ask the chair to take it off the agenda first' });
  const errors: FieldErrors = {};
  if (!reason.trim()) errors.reason = 'Enter why the referral is withdrawn';
  else if (reason.length > 2000) errors.reason = 'The reason must be 2000 characters or fewer';
  if (Object.keys(errors).length) return fail('invalid', errors);
  await auditedCommand(db, ctx, { action: 'update', recordKind: 'panel_referral', recordId: referral.id, details: { status: 'withdrawn' } }, async (tx) => {
    await tx.update(panelReferrals).set({ status: 'withdrawn', decisionReason: reason.trim(), decidedByUserId: user.userId, decidedAt: new Date() }).where(eq(panelReferrals.id, referral.id));
    await tellReferrer(tx, referral, user.userId, `Your referral ${referralReference(referral.number)} to ${panel.name} has been withdrawn. The reason given: ${reason.trim()}`, `referral_withdrawn:${referral.id}`);
  });
  return succeed(null);
}

// ---- Meetings and agendas ----

export interface LoadedMeeting {
  meeting: MeetingRow;
  panel: PanelRow;
  runs: boolean;
  sits: boolean;
}

export async function loadMeeting(db: Db, user: SignedInUser, meetingId: string): Promise<LoadedMeeting | null> {
  if (!isUuid(meetingId)) return null;
  const [row] = await db.select({ meeting: panelMeetings, panel: panels }).from(panelMeetings).innerJoin(panels, eq(panels.id, panelMeetings.panelId)).where(eq(panelMeetings.id, meetingId));
  if (!row) return null;
  const role = await panelRole(db, user, row.panel.id);
  if (!role) return null;
  return { ...row, ...role };
}

export async function createMeeting(db: Db, ctx: RequestContext, user: SignedInUser, panelId: string, meetsOn: string | null | 'invalid'): Promise<Outcome<string>> {
  const role = isUuid(panelId) ? await panelRole(db, user, panelId) : null;
  if (!role) return fail('not_found', { panel: 'There is no panel with this id that you can see' });
  if (!role.runs) return fail('forbidden', { meetsOn: 'Only the coordinator or the chair arranges meetings' });
  if (meetsOn === null) return fail('invalid', { meetsOn: 'Enter the date of the meeting, for example 27 3 2027' });
  if (meetsOn === 'invalid') return fail('invalid', { meetsOn: 'The date of the meeting must be a real date, for example 27 3 2027' });
  const id = await auditedCommand(db, ctx, (meetingId: string) => ({ action: 'create', recordKind: 'panel_meeting', recordId: meetingId, details: { panelId, meetsOn } }), async (tx) => {
    const [row] = await tx.insert(panelMeetings).values({ panelId, meetsOn }).returning({ id: panelMeetings.id });
    return row!.id;
  });
  return succeed(id);
}

const refuseUnlessRunning = (m: LoadedMeeting | null): Failure | null =>
  !m ? fail('not_found', { meeting: 'There is no meeting with this id that you can see' }) : !m.runs ? fail('forbidden', { meeting: 'Only the coordinator or the chair changes a meeting' }) : null;

/**
 * Fills the agenda: accepted referrals to the panel not yet on an agenda, and subjects whose
 * review by this panel falls due by the meeting date (and are not already on a later agenda).
 * Then orders the whole agenda by urgency, then level of risk, then how long it has waited.
 */
export async function buildAgenda(db: Db, ctx: RequestContext, user: SignedInUser, meetingId: string): Promise<Outcome<{ added: number }>> {
  const m = await loadMeeting(db, user, meetingId);
  const refusal = refuseUnlessRunning(m);
  if (refusal) return refusal;
  const { meeting, panel } = m!;
  if (meeting.agendaIssuedAt) return fail('conflict', { agenda: 'The agenda has been issued: change it item by item instead' });
  const added = await auditedCommand(db, ctx, (n: number) => ({ action: 'update', recordKind: 'panel_meeting', recordId: meeting.id, details: { agendaBuilt: true, itemsAdded: n } }), async (tx) => {
    const referrals = await rows<{ id: string; subject_kind: string; young_person_id: string | null; peer_group_id: string | null; place_id: string | null; urgency: string }>(
      tx,
      sql`select r.id, r.subject_kind, r.young_person_id, r.peer_group_id, r.place_id, r.urgency from panel_referrals r
          where r.panel_id = ${panel.id} and r.status = 'accepted'
            and not exists (select 1 from agenda_items ai where ai.referral_id = r.id)
          order by r.referred_at`,
    );
    const reviews = await rows<{ subject_kind: string; young_person_id: string | null; peer_group_id: string | null; place_id: string | null }>(
      tx,
      sql`select distinct on (ai.subject_kind, coalesce(ai.young_person_id, ai.peer_group_id, ai.place_id)) ai.subject_kind, ai.young_person_id, ai.peer_group_id, ai.place_id
          from agenda_items ai join panel_meetings pm on pm.id = ai.meeting_id
          where pm.panel_id = ${panel.id} and pm.id <> ${meeting.id} and ai.outcome = 'decided' and ai.next_review_on <= ${meeting.meetsOn}
            and not exists (
              select 1 from agenda_items later join panel_meetings lm on lm.id = later.meeting_id
              where lm.panel_id = ${panel.id} and later.id <> ai.id and lm.meets_on >= pm.meets_on and (lm.id = ${meeting.id} or lm.meets_on > pm.meets_on)
                and later.subject_kind = ai.subject_kind
                and coalesce(later.young_person_id, later.peer_group_id, later.place_id) = coalesce(ai.young_person_id, ai.peer_group_id, ai.place_id))
          order by ai.subject_kind, coalesce(ai.young_person_id, ai.peer_group_id, ai.place_id), ai.next_review_on`,
    );
    const values = [
      ...referrals.map((r) => ({ meetingId: meeting.id, subjectKind: r.subject_kind, youngPersonId: r.young_person_id, peerGroupId: r.peer_group_id, placeId: r.place_id, origin: 'referral', referralId: r.id, urgency: r.urgency })),
      ...reviews
        .filter((r) => !referrals.some((f) => f.subject_kind === r.subject_kind && (f.young_person_id ?? f.peer_group_id ?? f.place_id) === (r.young_person_id ?? r.peer_group_id ?? r.place_id)))
        .map((r) => ({ meetingId: meeting.id, subjectKind: r.subject_kind, youngPersonId: r.young_person_id, peerGroupId: r.peer_group_id, placeId: r.place_id, origin: 'review', urgency: 'routine' })),
    ];
    if (values.length) await tx.insert(agendaItems).values(values.map((v, i) => ({ ...v, position: 1000 + i })));
    await orderAgenda(tx, meeting.id);
    return values.length;
  });
  return succeed({ added });
}

/** Urgency first, then the highest current level of risk of the subject, then who has waited longest. */
async function orderAgenda(tx: Db, meetingId: string): Promise<void> {
  const urgencyRank = sql.join(
    Object.entries(URGENCIES).map(([code, u]) => sql`when ${code} then ${u.rank}`),
    sql` `,
  );
  await tx.execute(sql`
    with ranked as (
      select ai.id, row_number() over (order by
        (case ai.urgency ${urgencyRank} else 0 end) desc,
        coalesce((select max(ra.level_rank) from risk_assessments ra
                  where ra.superseded_at is null and (ra.young_person_id = ai.young_person_id
                    or ra.young_person_id in (select gm.young_person_id from peer_group_members gm where gm.peer_group_id = ai.peer_group_id and gm.removed_at is null))), -1) desc,
        (select r.referred_at from panel_referrals r where r.id = ai.referral_id) asc nulls last,
        ai.position) as n
      from agenda_items ai where ai.meeting_id = ${meetingId})
    update agenda_items set position = ranked.n from ranked where agenda_items.id = ranked.id`);
}

async function itemOf(db: Db, meetingId: string, itemId: string): Promise<ItemRow | null> {
  if (!isUuid(itemId)) return null;
  const [item] = await db.select().from(agendaItems).where(and(eq(agendaItems.id, itemId), eq(agendaItems.meetingId, meetingId)));
  return item ?? null;
}

const NOT_ON_AGENDA = { item: 'That item is not on the agenda of this meeting: choose an item from this agenda, or add the subject to the agenda first' };

/** The chair's edit: move an item up or down, or take it off (before the meeting is closed). */
export async function editAgenda(db: Db, ctx: RequestContext, user: SignedInUser, meetingId: string, itemId: string, change: 'up' | 'down' | 'remove'): Promise<Outcome<null>> {
  const m = await loadMeeting(db, user, meetingId);
  const refusal = refuseUnlessRunning(m);
  if (refusal) return refusal;
  if (m!.meeting.minutesClosedAt) return fail('conflict', { agenda: 'The minutes of this meeting are closed' });
  const item = await itemOf(db, meetingId, itemId);
  if (!item) return fail('invalid', NOT_ON_AGENDA);
  if (change === 'remove' && (item.outcome || (await db.select({ id: panelActions.id }).from(panelActions).where(eq(panelActions.agendaItemId, item.id))).length))
    return fail('conflict', { item: 'This item has a decision or actions recorded, so it cannot be taken off the agenda' });
  await auditedCommand(db, ctx, { action: 'update', recordKind: 'panel_meeting', recordId: meetingId, details: { agendaItemId: item.id, change } }, async (tx) => {
    if (change === 'remove') {
      await tx.delete(agendaItems).where(eq(agendaItems.id, item.id));
    } else {
      const all = await tx.select({ id: agendaItems.id }).from(agendaItems).where(eq(agendaItems.meetingId, meetingId)).orderBy(asc(agendaItems.position), asc(agendaItems.id));
      const at = all.findIndex((i) => i.id === item.id);
      const to = change === 'up' ? at - 1 : at + 1;
      if (to >= 0 && to < all.length) [all[at], all[to]] = [all[to]!, all[at]!];
      for (const [i, row] of all.entries()) await tx.update(agendaItems).set({ position: i + 1 }).where(eq(agendaItems.id, row.id));
    }
  });
  return succeed(null);
}

/** Issues the agenda: members gain access to what is on it from now, and each gets a notice. */
export async function issueAgenda(db: Db, ctx: RequestContext, user: SignedInUser, meetingId: string): Promise<Outcome<Told>> {
  const m = await loadMeeting(db, user, meetingId);
  const refusal = refuseUnlessRunning(m);
  if (refusal) return refusal;
  if (m!.meeting.agendaIssuedAt) return fail('conflict', { agenda: 'The agenda has already been issued' });
  const [count] = await rows<{ n: number }>(db, sql`select count(*)::int as n from agenda_items where meeting_id = ${meetingId}`);
  if (!count?.n) return fail('invalid', { agenda: 'The agenda is empty: build it from accepted referrals and reviews due, then issue it' });
  const told = await auditedCommand(db, ctx, (t: Told) => ({ action: 'update', recordKind: 'panel_meeting', recordId: meetingId, details: { agendaIssued: true, items: count.n, notified: t.noticeRecipients.length } }), async (tx) => {
    await tx.update(panelMeetings).set({ agendaIssuedAt: new Date(), agendaIssuedByUserId: user.userId }).where(eq(panelMeetings.id, meetingId));
    const recipients = await noticeMembers(tx, m!.panel.id, meetingId, 'agenda');
    // Referrers hear when their referral will be discussed.
    const referrals = await rows<{ id: string; referred_by_user_id: string; number: number }>(tx, sql`select r.id, r.referred_by_user_id, r.number from panel_referrals r join agenda_items ai on ai.referral_id = r.id where ai.meeting_id = ${meetingId}`);
    const feedback: FeedbackSent[] = [];
    for (const r of referrals) {
      feedback.push(...(await tellReferrer(tx, { referredByUserId: r.referred_by_user_id }, user.userId, `Your referral ${referralReference(r.number)} is on the agenda of ${m!.panel.name} on ${formatDate(m!.meeting.meetsOn)}.`, `referral_agenda:${r.id}:${meetingId}`)));
    }
    return { feedback, noticeRecipients: recipients };
  });
  return succeed(told);
}

/**
 * Adds an accepted referral of this panel to a meeting's agenda. After the agenda is issued the
 * item is marked late, and every member gets a notice (raised again, unread, if they had one for
 * an earlier late item) so nobody walks into the meeting unprepared; the referrer hears it is on.
 */
export async function addAgendaItem(db: Db, ctx: RequestContext, user: SignedInUser, meetingId: string, referralId: string, now = new Date()): Promise<Outcome<Told & { late: boolean }>> {
  const m = await loadMeeting(db, user, meetingId);
  const refusal = refuseUnlessRunning(m);
  if (refusal) return refusal;
  if (m!.meeting.minutesClosedAt) return fail('conflict', { referralId: 'The minutes of this meeting are closed: add the referral to the next meeting' });
  const [referral] = isUuid(referralId) ? await db.select().from(panelReferrals).where(and(eq(panelReferrals.id, referralId), eq(panelReferrals.panelId, m!.panel.id))) : [];
  if (!referral) return fail('invalid', { referralId: 'Select an accepted referral to this panel to add to the agenda' });
  if (referral.status !== 'accepted') return fail('invalid', { referralId: `Referral ${referralReference(referral.number)} is ${referral.status === 'pending' ? 'waiting for a decision: accept it first' : referral.status}` });
  const [scheduled] = await db.select({ id: agendaItems.id }).from(agendaItems).where(and(eq(agendaItems.referralId, referral.id), sql`${agendaItems.outcome} is distinct from 'deferred'`));
  if (scheduled) return fail('conflict', { referralId: `Referral ${referralReference(referral.number)} is already on an agenda` });
  const late = Boolean(m!.meeting.agendaIssuedAt);
  const told = await auditedCommand(
    db,
    ctx,
    (t: Told) => ({ action: 'update', recordKind: 'panel_meeting', recordId: meetingId, details: { agendaItemAdded: referral.id, late, notified: t.noticeRecipients.length } }),
    async (tx) => {
      const [last] = await rows<{ n: number }>(tx, sql`select coalesce(max(position), 0)::int as n from agenda_items where meeting_id = ${meetingId}`);
      await tx.insert(agendaItems).values({
        meetingId,
        subjectKind: referral.subjectKind,
        youngPersonId: referral.youngPersonId,
        peerGroupId: referral.peerGroupId,
        placeId: referral.placeId,
        origin: 'referral',
        referralId: referral.id,
        urgency: referral.urgency,
        position: (last?.n ?? 0) + 1,
        addedLateAt: late ? now : null,
      });
      if (!late) return { feedback: [], noticeRecipients: [] };
      const recipients = await noticeMembers(tx, m!.panel.id, meetingId, 'late');
      const feedback = await tellReferrer(
        tx,
        referral,
        user.userId,
        `Your referral ${referralReference(referral.number)} has been added to the agenda of ${m!.panel.name} on ${formatDate(m!.meeting.meetsOn)}.`,
        `referral_agenda:${referral.id}:${meetingId}`,
      );
      return { feedback, noticeRecipients: recipients };
    },
  );
  return succeed({ ...told, late });
}

/** Accepted referrals of the panel not yet on an agenda: what can be added to a meeting. */
export async function referralsWaitingForAgenda(db: Db, panelId: string): Promise<{ id: string; number: number; urgency: string }[]> {
  return rows(
    db,
    sql`select r.id, r.number, r.urgency from panel_referrals r
        where r.panel_id = ${panelId} and r.status = 'accepted'
          and not exists (select 1 from agenda_items ai where ai.referral_id = r.id and ai.outcome is distinct from 'deferred')
        order by r.referred_at`,
  );
}

async function noticeMembers(tx: Db, panelId: string, meetingId: string, kind: 'agenda' | 'late' | 'minutes', only?: string[]): Promise<string[]> {
  const members = await tx.select({ userId: panelMembers.userId }).from(panelMembers).where(and(eq(panelMembers.panelId, panelId), isNull(panelMembers.removedAt)));
  const recipients = [...new Set([...members.map((mm) => mm.userId), ...(only ?? [])])].filter((id) => !only || only.includes(id));
  if (!recipients.length) return recipients;
  const insert = tx.insert(panelNotices).values(recipients.map((recipientUserId) => ({ recipientUserId, meetingId, kind })));
  // A later late item raises the member's notice again rather than adding another.
  if (kind === 'late') await insert.onConflictDoUpdate({ target: [panelNotices.recipientUserId, panelNotices.meetingId, panelNotices.kind], set: { readAt: null, createdAt: sql`now()` } });
  else await insert.onConflictDoNothing();
  return recipients;
}

// ---- In the meeting ----

export interface AttendanceEntry {
  userId: string;
  status: 'present' | 'apologies' | 'absent';
}

export async function recordAttendance(db: Db, ctx: RequestContext, user: SignedInUser, meetingId: string, entries: AttendanceEntry[]): Promise<Outcome<null>> {
  const m = await loadMeeting(db, user, meetingId);
  const refusal = refuseUnlessRunning(m);
  if (refusal) return refusal;
  if (m!.meeting.minutesClosedAt) return fail('conflict', { attendance: 'The minutes of this meeting are closed' });
  const members = await db.select({ userId: panelMembers.userId, agencyId: panelMembers.agencyId, userAgency: users.agencyId }).from(panelMembers).innerJoin(users, eq(users.id, panelMembers.userId)).where(and(eq(panelMembers.panelId, m!.panel.id), isNull(panelMembers.removedAt)));
  const byId = new Map(members.map((mm) => [mm.userId, mm.agencyId ?? mm.userAgency]));
  const errors: FieldErrors = {};
  for (const e of entries) {
    if (!byId.has(e.userId)) errors.attendance = 'Record attendance only for the members of this panel';
    if (!['present', 'apologies', 'absent'].includes(e.status)) errors.attendance = 'Select present, apologies or did not attend for each member';
  }
  if (Object.keys(errors).length) return fail('invalid', errors);
  await auditedCommand(db, ctx, { action: 'update', recordKind: 'panel_meeting', recordId: meetingId, details: { attendance: entries.map((e) => ({ userId: e.userId, status: e.status })) } }, async (tx) => {
    await tx.delete(meetingAttendance).where(eq(meetingAttendance.meetingId, meetingId));
    const kept = entries.filter((e) => e.status !== 'absent');
    if (kept.length) await tx.insert(meetingAttendance).values(kept.map((e) => ({ meetingId, userId: e.userId, agencyId: byId.get(e.userId)!, status: e.status })));
  });
  return succeed(null);
}

function meetingOpenForRecording(m: LoadedMeeting): Failure | null {
  if (!m.meeting.agendaIssuedAt) return fail('conflict', { meeting: 'Issue the agenda before recording the meeting' });
  if (m.meeting.minutesClosedAt) return fail('conflict', { meeting: 'The minutes of this meeting are closed' });
  return null;
}

/**
 * Records the panel's decision on one agenda item. For a young person, the chronology gets an
 * entry; a referral on the item is marked discussed (for "time from referral to discussion").
 */
export async function recordDecision(db: Db, ctx: RequestContext, user: SignedInUser, meetingId: string, itemId: string, input: DecisionInput, levels: { id: string; label: string }[], now = new Date()): Promise<Outcome<null>> {
  const m = await loadMeeting(db, user, meetingId);
  const refusal = refuseUnlessRunning(m) ?? meetingOpenForRecording(m!);
  if (refusal) return refusal;
  const item = await itemOf(db, meetingId, itemId);
  if (!item) return fail('invalid', NOT_ON_AGENDA);
  if (item.outcome === 'deferred') return fail('conflict', { item: 'This item was deferred to the next meeting: record the decision there' });
  const errors = checkDecision(input, item.subjectKind, levels.map((l) => l.id), londonToday(now));
  if (Object.keys(errors).length) return fail('invalid', errors);
  const levelLabel = levels.find((l) => l.id === input.levelAgreed)?.label;
  await auditedCommand(db, ctx, { action: 'update', recordKind: 'agenda_item', recordId: item.id, details: { meetingId, decided: true, levelAgreed: input.levelAgreed, childProtectionReferral: input.childProtectionReferral, nextReviewOn: input.nextReviewOn } }, async (tx) => {
    await tx
      .update(agendaItems)
      .set({
        outcome: 'decided',
        notes: input.notes?.trim() || null,
        levelAgreed: input.levelAgreed,
        plan: input.plan.trim(),
        disruption: input.disruption?.trim() || null,
        childProtectionReferral: input.childProtectionReferral,
        nextReviewOn: input.nextReviewOn as string,
        decidedAt: now,
        decidedByUserId: user.userId,
      })
      .where(eq(agendaItems.id, item.id));
    if (item.referralId) await tx.update(panelReferrals).set({ discussedAt: now }).where(and(eq(panelReferrals.id, item.referralId), isNull(panelReferrals.discussedAt)));
    // A level agreed for one young person becomes their current level; a peer group's is the group's.
    if (input.levelAgreed && item.youngPersonId) await setCurrentRiskLevel(tx, item.youngPersonId, { level: input.levelAgreed, at: now, source: 'panel', sourceId: item.id });
    for (const youngPersonId of await subjectYoungPeople(tx, item)) {
      await addChronologyEntry(tx, {
        youngPersonId,
        occurredAt: now,
        kind: 'panel',
        agencyId: m!.panel.chairAgencyId,
        sourceKind: 'agenda_item',
        sourceId: item.id,
        summary: [
          `Discussed at ${m!.panel.name}${item.subjectKind === 'peer_group' ? ' as part of a peer group' : ''}`,
          levelLabel ? `level agreed: ${levelLabel}` : null,
          input.childProtectionReferral ? 'referred for child protection enquiries' : null,
          `next review by ${formatDate(input.nextReviewOn as string)}`,
        ]
          .filter(Boolean)
          .join('; ') + '.',
      });
    }
  });
  return succeed(null);
}

/** The young people an item is about: the one, or the group's current members. */
async function subjectYoungPeople(tx: Db, item: Pick<ItemRow, 'youngPersonId' | 'peerGroupId'>): Promise<string[]> {
  if (item.youngPersonId) return [item.youngPersonId];
  if (!item.peerGroupId) return [];
  const members = await tx.select({ id: peerGroupMembers.youngPersonId }).from(peerGroupMembers).where(and(eq(peerGroupMembers.peerGroupId, item.peerGroupId), isNull(peerGroupMembers.removedAt)));
  return members.map((x) => x.id);
}

/**
 * Defers an item not reached: it goes onto the panel's next meeting (arranged now, at the panel's
 * usual interval, when there is none yet) and this one records it as deferred.
 */
export async function deferItem(db: Db, ctx: RequestContext, user: SignedInUser, meetingId: string, itemId: string): Promise<Outcome<{ nextMeetingId: string }>> {
  const m = await loadMeeting(db, user, meetingId);
  const refusal = refuseUnlessRunning(m) ?? meetingOpenForRecording(m!);
  if (refusal) return refusal;
  const item = await itemOf(db, meetingId, itemId);
  if (!item) return fail('invalid', NOT_ON_AGENDA);
  if (item.outcome) return fail('conflict', { item: `This item has already been ${item.outcome}` });
  const value = await auditedCommand(db, ctx, (v: { nextMeetingId: string }) => ({ action: 'update', recordKind: 'agenda_item', recordId: item.id, details: { meetingId, deferredTo: v.nextMeetingId } }), async (tx) => {
    const [next] = await tx
      .select({ id: panelMeetings.id })
      .from(panelMeetings)
      .where(and(eq(panelMeetings.panelId, m!.panel.id), sql`${panelMeetings.meetsOn} > ${m!.meeting.meetsOn}`, isNull(panelMeetings.minutesClosedAt)))
      .orderBy(asc(panelMeetings.meetsOn))
      .limit(1);
    const nextMeetingId =
      next?.id ?? (await tx.insert(panelMeetings).values({ panelId: m!.panel.id, meetsOn: addDays(m!.meeting.meetsOn, m!.panel.meetsEveryDays ?? 28) }).returning({ id: panelMeetings.id }))[0]!.id;
    await tx.update(agendaItems).set({ outcome: 'deferred', decidedAt: new Date(), decidedByUserId: user.userId }).where(eq(agendaItems.id, item.id));
    await tx.insert(agendaItems).values({
      meetingId: nextMeetingId,
      subjectKind: item.subjectKind,
      youngPersonId: item.youngPersonId,
      peerGroupId: item.peerGroupId,
      placeId: item.placeId,
      origin: 'deferred',
      referralId: item.referralId,
      carriedFromItemId: item.id,
      urgency: item.urgency,
      position: 0,
    });
    return { nextMeetingId };
  });
  return succeed(value);
}

/**
 * Adds an action to an item. The owner must be able to open the young person it is about, or the
 * action would sit where nobody there may read it: a named owner joins the team around the child,
 * otherwise their agency does (as the missing module does for return interviews).
 */
export async function addAction(db: Db, ctx: RequestContext, user: SignedInUser, meetingId: string, itemId: string, input: ActionInput): Promise<Outcome<{ id: string; number: number }>> {
  const m = await loadMeeting(db, user, meetingId);
  const refusal = refuseUnlessRunning(m) ?? meetingOpenForRecording(m!);
  if (refusal) return refusal;
  const item = await itemOf(db, meetingId, itemId);
  if (!item) return fail('invalid', NOT_ON_AGENDA);
  const errors = checkAction(input);
  const agency = errors.ownerAgencyId ? null : await areaAgency(db, user.areaId, input.ownerAgencyId);
  if (!errors.ownerAgencyId && !agency) errors.ownerAgencyId = 'Select the agency that owns this action: every action needs an owner';
  if (agency && input.ownerUserId && !errors.ownerUserId) {
    const [owner] = await db.select({ id: users.id }).from(users).where(and(eq(users.id, input.ownerUserId), eq(users.agencyId, agency.id), eq(users.active, true)));
    if (!owner) errors.ownerUserId = `Select a person who works for ${agency.name}, or leave the action with the agency`;
  }
  if (Object.keys(errors).length) return fail('invalid', errors);
  const value = await auditedCommand(
    db,
    ctx,
    (a: { id: string; number: number }) => ({ action: 'create', recordKind: 'panel_action', recordId: a.id, details: { meetingId, agendaItemId: item.id, ownerAgencyId: agency!.id, ownerUserId: input.ownerUserId, dueOn: input.dueOn } }),
    async (tx) => {
      const [row] = await tx
        .insert(panelActions)
        .values({
          areaId: user.areaId,
          meetingId,
          agendaItemId: item.id,
          youngPersonId: item.youngPersonId,
          description: input.description.trim(),
          ownerAgencyId: agency!.id,
          ownerUserId: input.ownerUserId,
          dueOn: input.dueOn as string,
          createdByUserId: user.userId,
        })
        .returning({ id: panelActions.id, number: panelActions.number });
      for (const youngPersonId of await subjectYoungPeople(tx, item)) await ensureOwnerInTeam(tx, youngPersonId, agency!.id, input.ownerUserId, row!.number, user.userId);
      return row!;
    },
  );
  return succeed(value);
}

async function ensureOwnerInTeam(tx: Db, youngPersonId: string, agencyId: string, userId: string | null, actionNumber: number, byUserId: string): Promise<void> {
  const action = actionReference(actionNumber);
  await joinTeamForTask(tx, { youngPersonId, agencyId, userId, roleInTeam: `Owner of panel action ${action}`, why: `to carry out panel action ${action}`, byUserId });
}

/**
 * Closes the minutes: every item must be decided or deferred. Attendees get a notice that the
 * minutes are out. For each item decided, everyone who raised a concern about a young person on
 * it, and whoever made the referral, hears that it was discussed and what broadly happens next –
 * attendees too, since their concern's status follows what happened – and those whose agency was
 * given actions hear that as well. Each of these is keyed to the item, so it is told once.
 */
export async function closeMeeting(db: Db, ctx: RequestContext, user: SignedInUser, meetingId: string, now = new Date()): Promise<Outcome<Told>> {
  const m = await loadMeeting(db, user, meetingId);
  const refusal = refuseUnlessRunning(m) ?? meetingOpenForRecording(m!);
  if (refusal) return refusal;
  const open = await rows<{ position: number }>(db, sql`select position from agenda_items where meeting_id = ${meetingId} and outcome is null order by position`);
  if (open.length)
    return fail('invalid', {
      close: `Record a decision on, or defer, every item before closing the minutes: ${open.length === 1 ? 'item' : 'items'} ${open.map((o) => o.position).join(', ')} ${open.length === 1 ? 'is' : 'are'} still open`,
    });
  const [attended] = await rows<{ n: number }>(db, sql`select count(*)::int as n from meeting_attendance where meeting_id = ${meetingId}`);
  if (!attended?.n) return fail('invalid', { close: 'Record who attended before closing the minutes' });
  const told = await auditedCommand(db, ctx, (t: Told) => ({ action: 'update', recordKind: 'panel_meeting', recordId: meetingId, details: { minutesClosed: true, notified: t.noticeRecipients.length, feedback: t.feedback.length } }), async (tx) => {
    await tx.update(panelMeetings).set({ minutesClosedAt: now, minutesClosedByUserId: user.userId }).where(eq(panelMeetings.id, meetingId));
    const attendees = (await tx.select({ userId: meetingAttendance.userId }).from(meetingAttendance).where(eq(meetingAttendance.meetingId, meetingId))).map((a) => a.userId);
    const recipients = await noticeMembers(tx, m!.panel.id, meetingId, 'minutes', attendees);
    const feedback = await tellWhatThePanelDid(tx, m!);
    return { feedback, noticeRecipients: recipients };
  });
  return succeed(told);
}

/** The "discussed at panel" and "actions for your agency" messages of a meeting's decided items. */
async function tellWhatThePanelDid(tx: Db, m: LoadedMeeting): Promise<FeedbackSent[]> {
  const decided = await tx.select().from(agendaItems).where(and(eq(agendaItems.meetingId, m.meeting.id), eq(agendaItems.outcome, 'decided')));
  const actions = await tx
    .select({ agendaItemId: panelActions.agendaItemId, ownerAgencyId: panelActions.ownerAgencyId, agency: agencies.name, dueOn: panelActions.dueOn })
    .from(panelActions)
    .innerJoin(agencies, eq(agencies.id, panelActions.ownerAgencyId))
    .where(and(eq(panelActions.meetingId, m.meeting.id), eq(panelActions.status, 'open')));
  const heldOn = formatDate(m.meeting.meetsOn);
  const actionsFor = (itemId: string, agencyId: string) => actions.filter((a) => a.agendaItemId === itemId && a.ownerAgencyId === agencyId);
  const actionWords = (itemId: string, agencyId: string): string | null => {
    const mine = actionsFor(itemId, agencyId);
    if (!mine.length) return null;
    const firstDue = mine.map((a) => a.dueOn).sort()[0]!;
    return `The panel agreed ${mine.length === 1 ? 'an action' : `${mine.length} actions`} for ${mine[0]!.agency}, the first due by ${formatDate(firstDue)}. Whoever owns ${mine.length === 1 ? 'it' : 'them'} in your agency will find ${mine.length === 1 ? 'it' : 'them'} under Panel actions.`;
  };
  const feedback: FeedbackSent[] = [];
  for (const item of decided) {
    for (const youngPersonId of await subjectYoungPeople(tx, item)) {
      const raisedBy = await notifyConcernRaisers(
        tx,
        youngPersonId,
        'panel',
        (concern) =>
          `The young person your concern ${concern.reference} was about was discussed at a multi-agency meeting (${m.panel.name}) on ${heldOn}. ` +
          `The agencies there agreed a plan together and will look at it again by ${formatDate(item.nextReviewOn)}. ` +
          'If your agency has a part in the plan, you will be told. Thank you for raising your concern: keep recording anything new you notice.',
        `panel_discussed:${item.id}:${youngPersonId}`,
      );
      const forAgency = await notifyConcernRaisers(tx, youngPersonId, 'action', (concern) => actionWords(item.id, concern.raisedByAgencyId), `panel_actions:${item.id}:${youngPersonId}`);
      feedback.push(...raisedBy, ...forAgency);
    }
    if (item.referralId) {
      const [referral] = await tx
        .select({ number: panelReferrals.number, referredByUserId: panelReferrals.referredByUserId, referredByAgencyId: panelReferrals.referredByAgencyId })
        .from(panelReferrals)
        .where(eq(panelReferrals.id, item.referralId));
      if (referral) {
        const reference = referralReference(referral.number);
        feedback.push(
          ...(await tellReferrer(
            tx,
            referral,
            null,
            `Your referral ${reference} was discussed at ${m.panel.name} on ${heldOn}. The agencies there agreed a plan together and will look at it again by ${formatDate(item.nextReviewOn)}.`,
            `panel_discussed:${item.id}`,
            'panel',
          )),
        );
        const words = actionWords(item.id, referral.referredByAgencyId);
        if (words) feedback.push(...(await tellReferrer(tx, referral, null, `About your referral ${reference}: ${words}`, `panel_actions:${item.id}`, 'action')));
      }
    }
  }
  return feedback;
}

/** Completing an action records what was done and puts it in the young person's chronology. */
export async function completeAction(db: Db, ctx: RequestContext, user: SignedInUser, actionId: string, whatWasDone: string, now = new Date()): Promise<Outcome<null>> {
  const action = await findOwnAction(db, user, actionId);
  if (!action) return fail('not_found', { action: 'There is no action with this id that you can complete' });
  if (action.status !== 'open') return fail('conflict', { whatWasDone: `This action is already ${action.status}` });
  const errors = checkCompletion(whatWasDone);
  if (Object.keys(errors).length) return fail('invalid', errors);
  await auditedCommand(db, ctx, { action: 'update', recordKind: 'panel_action', recordId: action.id, details: { status: 'done', late: londonToday(now) > action.dueOn } }, async (tx) => {
    await tx.update(panelActions).set({ status: 'done', whatWasDone: whatWasDone.trim(), completedAt: now, completedByUserId: user.userId }).where(eq(panelActions.id, action.id));
    const [item] = await tx.select().from(agendaItems).where(eq(agendaItems.id, action.agendaItemId));
    const [agency] = await tx.select({ name: agencies.name }).from(agencies).where(eq(agencies.id, action.ownerAgencyId));
    for (const youngPersonId of await subjectYoungPeople(tx, item!)) {
      await addChronologyEntry(tx, {
        youngPersonId,
        occurredAt: now,
        kind: 'action',
        agencyId: action.ownerAgencyId,
        sourceKind: 'panel_action',
        sourceId: action.id,
        summary: `Panel action ${actionReference(action.number)} completed by ${agency?.name ?? 'the owning agency'}${londonToday(now) > action.dueOn ? ` (due ${formatDate(action.dueOn)})` : ''}: ${clip(action.description)} – ${clip(whatWasDone.trim())}`,
      });
    }
  });
  return succeed(null);
}

const clip = (text: string, max = 300) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** An action `user` may complete: theirs, their agency's, or any of the area's for the coordinator. */
export async function findOwnAction(db: Db, user: SignedInUser, actionId: string): Promise<ActionRow | null> {
  if (!isUuid(actionId)) return null;
  const [row] = await db
    .select()
    .from(panelActions)
    .where(and(eq(panelActions.id, actionId), eq(panelActions.areaId, user.areaId), user.role === 'coordinator' ? sql`true` : sql`(${panelActions.ownerUserId} = ${user.userId} or ${panelActions.ownerAgencyId} = ${user.agencyId})`));
  return row ?? null;
}

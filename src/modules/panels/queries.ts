/**
 * Reads for the panels pages and API. Young people are named only where the young-person policy
 * lets the reader see them (`youngPersonIdVisible` in the SQL); callers audit what they show.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/database.ts';
import { rows } from '../../platform/db/database.ts';
import { isUuid } from '../../platform/ids.ts';
import { placeIdVisible } from '../intelligence/index.ts';
import { youngPersonIdVisible } from '../young-people/index.ts';
import { visiblePanels, visiblePeerGroups } from './policy.ts';
import { UK_TIME_ZONE_SQL, londonToday } from '../../platform/time.ts';
import { panels } from './tables.ts';
import { agencies } from '../organisation/tables.ts';

export interface PanelSummary {
  id: string;
  name: string;
  kind: string;
  chair_agency: string | null;
  meets_every_days: number | null;
  access_after_close_days: number;
  members: number;
  next_meeting_id: string | null;
  next_meets_on: string | null;
  pending_referrals: number;
}

export async function listPanels(db: Db, actor: Actor): Promise<PanelSummary[]> {
  return rows<PanelSummary>(
    db,
    sql`select p.id, p.name, p.kind, a.name as chair_agency, p.meets_every_days, p.access_after_close_days,
          (select count(*)::int from panel_members pm where pm.panel_id = p.id and pm.removed_at is null) as members,
          nm.id as next_meeting_id, nm.meets_on::text as next_meets_on,
          (select count(*)::int from panel_referrals r where r.panel_id = p.id and r.status = 'pending') as pending_referrals
        from panels p
        left join agencies a on a.id = p.chair_agency_id
        left join lateral (select m.id, m.meets_on from panel_meetings m where m.panel_id = p.id and m.minutes_closed_at is null order by m.meets_on limit 1) nm on true
        where ${visiblePanels(actor)}
        order by p.name`,
  );
}

/** Panels of the area a referrer may choose from (names only: nothing personal). */
export async function panelsToReferTo(db: Db, areaId: string): Promise<{ id: string; name: string }[]> {
  return rows(db, sql`select id, name from panels where area_id = ${areaId} order by name`);
}

export async function panelMembersOf(db: Db, panelId: string) {
  return rows<{ id: string; user_id: string; name: string; job_title: string | null; agency_id: string; agency: string; is_chair: boolean }>(
    db,
    sql`select pm.id, u.id as user_id, u.name, u.job_title, coalesce(pm.agency_id, u.agency_id) as agency_id, a.name as agency, pm.is_chair
        from panel_members pm join users u on u.id = pm.user_id join agencies a on a.id = coalesce(pm.agency_id, u.agency_id)
        where pm.panel_id = ${panelId} and pm.removed_at is null order by pm.is_chair desc, a.name, u.name`,
  );
}

export async function meetingsOf(db: Db, panelId: string) {
  return rows<{ id: string; meets_on: string; agenda_issued_at: Date | null; minutes_closed_at: Date | null; items: number; open_items: number }>(
    db,
    sql`select m.id, m.meets_on::text, m.agenda_issued_at, m.minutes_closed_at,
          (select count(*)::int from agenda_items ai where ai.meeting_id = m.id) as items,
          (select count(*)::int from agenda_items ai where ai.meeting_id = m.id and ai.outcome is null) as open_items
        from panel_meetings m where m.panel_id = ${panelId} order by m.meets_on desc`,
  );
}

export interface SubjectColumns {
  subject_kind: string;
  young_person_id: string | null;
  peer_group_id: string | null;
  place_id: string | null;
  /** Null when the reader may not see the subject. */
  subject_name: string | null;
  subject_reference: string | null;
}

/**
 * The subject of a row aliased `x` (young_person_id / peer_group_id / place_id), named only when
 * `actor` may see it. A peer group is named when the reader may see all its members; a place when
 * the intelligence module's rule lets the reader see it.
 */
function subjectColumns(actor: Actor): ReturnType<typeof sql> {
  return sql`x.subject_kind, x.young_person_id, x.peer_group_id, x.place_id,
    case when x.young_person_id is not null then
      (select coalesce(nullif(trim(concat_ws(' ', y.given_name, y.family_name)), ''), 'Known as ' || y.aliases[1], 'Not yet identified')
       from young_people y where y.id = x.young_person_id and ${youngPersonIdVisible(actor, sql`x.young_person_id`)})
    when x.peer_group_id is not null then
      (select g.name from peer_groups g where g.id = x.peer_group_id and ${visiblePeerGroups(actor)})
    when x.place_id is not null then
      (select pl.name from places_of_concern pl where pl.id = x.place_id and ${placeIdVisible(actor, sql`pl.id`, sql`pl.area_id`)})
    end as subject_name,
    case when x.young_person_id is not null then (select 'YP-' || y.number from young_people y where y.id = x.young_person_id and ${youngPersonIdVisible(actor, sql`x.young_person_id`)})
    when x.place_id is not null then (select 'P-' || pl.number from places_of_concern pl where pl.id = x.place_id and ${placeIdVisible(actor, sql`pl.id`, sql`pl.area_id`)})
    end as subject_reference`;
}

export interface AgendaRow extends SubjectColumns {
  id: string;
  position: number;
  origin: string;
  urgency: string;
  outcome: string | null;
  level_agreed: string | null;
  current_level: string | null;
  notes: string | null;
  plan: string | null;
  disruption: string | null;
  child_protection_referral: boolean | null;
  next_review_on: string | null;
  referral_number: number | null;
  referral_reason: string | null;
  actions: number;
  added_late_at: Date | null;
}

export async function agendaOf(db: Db, actor: Actor, meetingId: string): Promise<AgendaRow[]> {
  return rows<AgendaRow>(
    db,
    sql`select x.id, x.position, x.origin, x.urgency, x.outcome, x.added_late_at, x.level_agreed, x.notes, x.plan, x.disruption, x.child_protection_referral, x.next_review_on::text,
          ${subjectColumns(actor)},
          (select y.risk_level from young_people y where y.id = x.young_person_id and ${youngPersonIdVisible(actor, sql`x.young_person_id`)}) as current_level,
          r.number as referral_number, r.reason as referral_reason,
          (select count(*)::int from panel_actions pa where pa.agenda_item_id = x.id) as actions
        from agenda_items x left join panel_referrals r on r.id = x.referral_id
        where x.meeting_id = ${meetingId}
        order by x.position, x.id`,
  );
}

export async function attendanceOf(db: Db, meetingId: string) {
  return rows<{ user_id: string; name: string; agency: string; status: string }>(
    db,
    sql`select ma.user_id, u.name, a.name as agency, ma.status from meeting_attendance ma join users u on u.id = ma.user_id join agencies a on a.id = ma.agency_id where ma.meeting_id = ${meetingId} order by a.name, u.name`,
  );
}

export interface ActionListRow {
  id: string;
  number: number;
  description: string;
  owner_agency: string;
  owner_agency_id: string;
  owner_name: string | null;
  due_on: string;
  status: string;
  what_was_done: string | null;
  completed_at: Date | null;
  overdue: boolean;
  meeting_id: string;
  agenda_item_id: string;
  panel_name: string;
  meets_on: string;
  young_person_id: string | null;
  subject_name: string | null;
  subject_reference: string | null;
}

/** Actions by owner, the reader's agency or an agenda item; subjects named only where the reader may see them. */
export async function actionsWhere(db: Db, actor: Actor, filter: { ownerUserId?: string; ownerAgencyId?: string; agendaItemId?: string; meetingId?: string; openOnly?: boolean }, today = londonToday()): Promise<ActionListRow[]> {
  const conditions = [sql`pa.area_id = ${actor.areaId}`];
  if (filter.ownerUserId) conditions.push(sql`pa.owner_user_id = ${filter.ownerUserId}`);
  if (filter.ownerAgencyId) conditions.push(sql`pa.owner_agency_id = ${filter.ownerAgencyId}`);
  if (filter.agendaItemId) conditions.push(sql`pa.agenda_item_id = ${filter.agendaItemId}`);
  if (filter.meetingId) conditions.push(sql`pa.meeting_id = ${filter.meetingId}`);
  if (filter.openOnly) conditions.push(sql`pa.status = 'open'`);
  return rows<ActionListRow>(
    db,
    sql`select pa.id, pa.number, pa.description, a.name as owner_agency, pa.owner_agency_id, u.name as owner_name, pa.due_on::text, pa.status, pa.what_was_done, pa.completed_at,
          (pa.status = 'open' and pa.due_on < ${today}::date) as overdue,
          pa.meeting_id, pa.agenda_item_id, p.name as panel_name, m.meets_on::text,
          pa.young_person_id,
          (select coalesce(nullif(trim(concat_ws(' ', y.given_name, y.family_name)), ''), 'Not yet identified') from young_people y where y.id = pa.young_person_id and ${youngPersonIdVisible(actor, sql`pa.young_person_id`)}) as subject_name,
          (select 'YP-' || y.number from young_people y where y.id = pa.young_person_id and ${youngPersonIdVisible(actor, sql`pa.young_person_id`)}) as subject_reference
        from panel_actions pa
        join agencies a on a.id = pa.owner_agency_id
        left join users u on u.id = pa.owner_user_id
        join panel_meetings m on m.id = pa.meeting_id
        join panels p on p.id = m.panel_id
        where ${sql.join(conditions, sql` and `)}
        order by (pa.status = 'open') desc, pa.due_on, pa.number`,
  );
}

/** Overdue open actions counted per agency of the area (highlighted on the actions pages). */
export async function overdueByAgency(db: Db, areaId: string, today = londonToday()) {
  return rows<{ agency_id: string; agency: string; overdue: number; open: number }>(
    db,
    sql`select a.id as agency_id, a.name as agency,
          count(*) filter (where pa.due_on < ${today}::date)::int as overdue, count(*)::int as open
        from panel_actions pa join agencies a on a.id = pa.owner_agency_id
        where pa.area_id = ${areaId} and pa.status = 'open'
        group by a.id, a.name order by overdue desc, a.name`,
  );
}

export interface ReferralListRow extends SubjectColumns {
  id: string;
  number: number;
  panel_id: string;
  panel_name: string;
  source: string;
  reason: string;
  urgency: string;
  status: string;
  decision_reason: string | null;
  referred_at: Date;
  referred_by: string;
  referred_by_agency: string;
  referred_by_user_id: string;
  scheduled_meeting_on: string | null;
  discussed_at: Date | null;
}

export async function referralsWhere(db: Db, actor: Actor, filter: { panelId?: string; referredByUserId?: string; status?: string; id?: string }): Promise<ReferralListRow[]> {
  const conditions = [sql`x.area_id = ${actor.areaId}`];
  if (filter.panelId) conditions.push(sql`x.panel_id = ${filter.panelId}`);
  if (filter.referredByUserId) conditions.push(sql`x.referred_by_user_id = ${filter.referredByUserId}`);
  if (filter.status) conditions.push(sql`x.status = ${filter.status}`);
  if (filter.id) conditions.push(sql`x.id = ${filter.id}`);
  return rows<ReferralListRow>(
    db,
    sql`select x.id, x.number, x.panel_id, p.name as panel_name, x.source, x.reason, x.urgency, x.status, x.decision_reason, x.referred_at, x.discussed_at,
          u.name as referred_by, a.name as referred_by_agency, x.referred_by_user_id,
          (select min(m.meets_on)::text from agenda_items ai join panel_meetings m on m.id = ai.meeting_id where ai.referral_id = x.id and ai.outcome is distinct from 'deferred') as scheduled_meeting_on,
          ${subjectColumns(actor)}
        from panel_referrals x join panels p on p.id = x.panel_id join users u on u.id = x.referred_by_user_id join agencies a on a.id = x.referred_by_agency_id
        where ${sql.join(conditions, sql` and `)}
        order by x.referred_at desc`,
  );
}

export async function findVisiblePeerGroup(db: Db, actor: Actor, id: string): Promise<{ id: string; name: string; description: string | null } | null> {
  if (!isUuid(id)) return null;
  const [row] = await rows<{ id: string; name: string; description: string | null }>(db, sql`select g.id, g.name, g.description from peer_groups g where g.id = ${id} and ${visiblePeerGroups(actor)}`);
  return row ?? null;
}

export async function peerGroupsVisible(db: Db, actor: Actor) {
  return rows<{ id: string; name: string; members: number }>(
    db,
    sql`select g.id, g.name, (select count(*)::int from peer_group_members gm where gm.peer_group_id = g.id and gm.removed_at is null) as members
        from peer_groups g where ${visiblePeerGroups(actor)} order by g.name`,
  );
}

export async function peerGroupMembersOf(db: Db, actor: Actor, groupId: string) {
  return rows<{ id: string; number: number; name: string }>(
    db,
    sql`select y.id, y.number, coalesce(nullif(trim(concat_ws(' ', y.given_name, y.family_name)), ''), 'Not yet identified') as name
        from peer_group_members gm join young_people y on y.id = gm.young_person_id
        where gm.peer_group_id = ${groupId} and gm.removed_at is null and ${youngPersonIdVisible(actor, sql`gm.young_person_id`)}
        order by y.family_name, y.given_name`,
  );
}

export async function unreadNotices(db: Db, userId: string) {
  return rows<{ id: string; kind: string; meeting_id: string; panel_name: string; meets_on: string; created_at: Date }>(
    db,
    sql`select n.id, n.kind, n.meeting_id, p.name as panel_name, m.meets_on::text, n.created_at
        from panel_notices n join panel_meetings m on m.id = n.meeting_id join panels p on p.id = m.panel_id
        where n.recipient_user_id = ${userId} and n.read_at is null order by n.created_at desc limit 50`,
  );
}

/** New agendas and minutes for the header's count beside Panels: one indexed count. */
export async function unreadNoticeCount(db: Db, userId: string): Promise<number> {
  const [row] = await rows<{ n: number }>(db, sql`select count(*)::int as n from panel_notices where recipient_user_id = ${userId} and read_at is null`);
  return row?.n ?? 0;
}

export async function markNoticesRead(db: Db, userId: string, meetingId: string): Promise<void> {
  await db.execute(sql`update panel_notices set read_at = now() where recipient_user_id = ${userId} and meeting_id = ${meetingId} and read_at is null`);
}

/** The figures on a panel's page: nothing personal, counts and durations only. */
export async function panelFigures(db: Db, panelId: string, today = londonToday()) {
  const [perMonth, timing, byAgency] = await Promise.all([
    rows<{ month: string; referrals: number }>(
      db,
      sql`select to_char(date_trunc('month', referred_at at time zone ${UK_TIME_ZONE_SQL}), 'YYYY-MM') as month, count(*)::int as referrals
          from panel_referrals where panel_id = ${panelId} and referred_at > now() - interval '12 months'
          group by 1 order by 1`,
    ),
    rows<{ discussed: number; median_days: number | null; longest_days: number | null }>(
      db,
      sql`select count(*)::int as discussed,
            round((percentile_cont(0.5) within group (order by extract(epoch from discussed_at - referred_at) / 86400))::numeric, 1)::float as median_days,
            round(max(extract(epoch from discussed_at - referred_at) / 86400)::numeric, 1)::float as longest_days
          from panel_referrals where panel_id = ${panelId} and discussed_at is not null`,
    ),
    rows<{ agency: string; due: number; on_time: number; overdue: number }>(
      db,
      sql`select a.name as agency,
            count(*) filter (where pa.status = 'done' or pa.due_on < ${today}::date)::int as due,
            count(*) filter (where pa.status = 'done' and (pa.completed_at at time zone ${UK_TIME_ZONE_SQL})::date <= pa.due_on)::int as on_time,
            count(*) filter (where pa.status = 'open' and pa.due_on < ${today}::date)::int as overdue
          from panel_actions pa join panel_meetings m on m.id = pa.meeting_id join agencies a on a.id = pa.owner_agency_id
          where m.panel_id = ${panelId} and pa.status <> 'cancelled'
          group by a.name order by a.name`,
    ),
  ]);
  return { perMonth, timing: timing[0] ?? { discussed: 0, median_days: null, longest_days: null }, byAgency };
}

/** The area's active agencies, by name: who may chair a panel or own an action. */
/** An agency of the area by id, or null. */
export async function agencyNamed(db: Db, areaId: string, agencyId: string): Promise<string | null> {
  const [row] = await db.select({ name: agencies.name }).from(agencies).where(and(eq(agencies.id, agencyId), eq(agencies.areaId, areaId)));
  return row?.name ?? null;
}

export async function areaAgencies(db: Db, areaId: string): Promise<{ id: string; name: string }[]> {
  return rows(db, sql`select id, name from agencies where area_id = ${areaId} and active order by name`);
}

/** The area's active people with their agency: who may sit on a panel or own an action. */
export async function areaPeople(db: Db, areaId: string): Promise<{ id: string; name: string; agencyId: string; agency: string }[]> {
  return rows(
    db,
    sql`select u.id, u.name, u.agency_id as "agencyId", a.name as agency
        from users u join agencies a on a.id = u.agency_id
        where u.area_id = ${areaId} and u.active order by a.name, u.name`,
  );
}

/** A panel's own row and the name of the agency chairing it. Whether the reader may open it is `panelRole`'s decision. */
export async function panelWithChair(db: Db, panelId: string) {
  const [panel] = await db.select().from(panels).where(eq(panels.id, panelId));
  if (!panel) return null;
  const chair = panel.chairAgencyId ? ((await rows<{ name: string }>(db, sql`select name from agencies where id = ${panel.chairAgencyId}`))[0]?.name ?? null) : null;
  return { panel, chair };
}

/** The place of concern of the area with this number (P-3), found whether or not the reader may see it. */
export async function placeIdByNumber(db: Db, areaId: string, number: number): Promise<string | null> {
  const [row] = await rows<{ id: string }>(db, sql`select id from places_of_concern where area_id = ${areaId} and number = ${number}`);
  return row?.id ?? null;
}

/** The young person of the area with this number (YP-12), found whether or not the reader may see them. */
export async function youngPersonIdByNumber(db: Db, areaId: string, number: number): Promise<string | null> {
  const [row] = await rows<{ id: string }>(db, sql`select id from young_people where area_id = ${areaId} and number = ${number}`);
  return row?.id ?? null;
}

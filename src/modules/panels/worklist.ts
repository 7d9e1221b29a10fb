/**
 * The panels module's part of the working day: actions (a person's, an agency's, and for the
 * coordinator the overdue ones by agency) and referrals waiting for a decision, on the home page;
 * action deadlines for reminders.
 */
import { and, asc, eq, lt, sql } from 'drizzle-orm';
import { rows, type Db } from '../../platform/db/database.ts';
import type { DeadlineSource, WorkCount, WorkCounts, Worklist } from '../../platform/modules.ts';
import { CASEWORK_ROLES, COORDINATOR_ROLES } from '../../platform/auth/roles.ts';
import { addDays, londonDayStart, londonToday, now } from '../../platform/time.ts';
import { setsUpPanels } from './policy.ts';
import { panelActions } from './tables.ts';
import { actionReference } from './vocab.ts';

interface AgencyActionRow {
  agency_id: string;
  agency: string;
  overdue: number;
  oldest_overdue: string | null;
}

/** The coordinator's overdue actions, by owning agency: one query. */
async function overdueByAgency(db: Db, areaId: string, today: string) {
  return rows<AgencyActionRow>(
    db,
    sql`select a.id as agency_id, a.name as agency, count(*)::int as overdue, min(pa.due_on)::text as oldest_overdue
        from panel_actions pa join agencies a on a.id = pa.owner_agency_id
        where pa.area_id = ${areaId} and pa.status = 'open' and pa.due_on < ${today}::date
        group by a.id, a.name order by overdue desc, a.name`,
  );
}

interface OwnActionRow {
  mine_open: number;
  mine_overdue: number;
  mine_oldest: string | null;
  agency_open: number;
  agency_overdue: number;
  agency_oldest: string | null;
}

/** A person's own open actions and their agency's, in one query. */
async function ownActions(db: Db, user: { userId: string; agencyId: string }, today: string): Promise<OwnActionRow> {
  const [row] = await rows<OwnActionRow>(
    db,
    sql`select (count(*) filter (where owner_user_id = ${user.userId}))::int as mine_open,
               (count(*) filter (where owner_user_id = ${user.userId} and due_on < ${today}::date))::int as mine_overdue,
               (min(due_on) filter (where owner_user_id = ${user.userId} and due_on < ${today}::date))::text as mine_oldest,
               count(*)::int as agency_open,
               (count(*) filter (where due_on < ${today}::date))::int as agency_overdue,
               (min(due_on) filter (where due_on < ${today}::date))::text as agency_oldest
        from panel_actions where owner_agency_id = ${user.agencyId} and status = 'open'`,
  );
  return row!;
}

/** An action due on a day is late from the start of the next. */
const lateFrom = (isoDate: string | null) => (isoDate ? londonDayStart(addDays(isoDate, 1)) : null);

export const actionsWorklist: Worklist = {
  id: 'panelActions',
  roles: CASEWORK_ROLES,
  async load(request): Promise<WorkCounts | null> {
    const user = request.user!;
    const db = request.server.lantern.database.db;
    const today = londonToday(now());
    if (user.role === 'coordinator') {
      const overdue = await overdueByAgency(db, user.areaId, today);
      const counts: WorkCount[] = overdue.map((r) => ({
        label: `overdue for ${r.agency}`,
        count: r.overdue,
        href: `/panels/actions/agency?agency=${r.agency_id}&show=overdue`,
        oldest: lateFrom(r.oldest_overdue),
        late: true,
      }));
      if (counts.length === 0) counts.push({ label: 'overdue', count: 0, href: '/panels/actions/agency?show=overdue' });
      return { heading: 'Panel actions overdue, by agency', counts };
    }
    const c = await ownActions(db, user, today);
    const counts: WorkCount[] = [];
    if (user.role === 'agency_lead') {
      counts.push(
        { label: `open actions for ${user.agencyName}`, one: `open action for ${user.agencyName}`, count: c.agency_open, href: '/panels/actions/agency?show=open' },
        { label: `overdue for ${user.agencyName}`, count: c.agency_overdue, href: '/panels/actions/agency?show=overdue', oldest: lateFrom(c.agency_oldest), late: true },
      );
    }
    counts.push(
      { label: 'open actions of yours', one: 'open action of yours', count: c.mine_open, href: '/panels/actions/mine?show=open' },
      { label: 'of yours overdue', count: c.mine_overdue, href: '/panels/actions/mine?show=overdue', oldest: lateFrom(c.mine_oldest), late: true },
    );
    if (user.role !== 'agency_lead' && counts.every((x) => x.count === 0)) return null;
    return { heading: 'Panel actions', counts };
  },
};

export const referralsWorklist: Worklist = {
  id: 'panelReferrals',
  roles: COORDINATOR_ROLES,
  async load(request): Promise<WorkCounts | null> {
    const user = request.user!;
    if (!setsUpPanels(user)) return null;
    const [row] = await rows<{ waiting: number; oldest: Date | null }>(
      request.server.lantern.database.db,
      sql`select count(*)::int as waiting, min(referred_at) as oldest from panel_referrals where area_id = ${user.areaId} and status = 'pending'`,
    );
    return {
      heading: 'Referrals to panels',
      counts: [{ label: 'referrals waiting for a decision', one: 'referral waiting for a decision', count: row?.waiting ?? 0, href: '/panels/referrals?status=pending', oldest: row?.oldest ? new Date(row.oldest) : null }],
    };
  },
};

/** An action is owed by the person named on it, or else by its agency (through the agency's leads). */
export const actionDeadlines: DeadlineSource[] = [
  {
    kind: 'panel_action',
    label: 'a panel action',
    href: '/panels/actions/mine',
    async due(db, areaId, until) {
      // Due on a day: due by the end of that UK day.
      const list = await db
        .select({ id: panelActions.id, number: panelActions.number, dueOn: panelActions.dueOn, ownerUserId: panelActions.ownerUserId, ownerAgencyId: panelActions.ownerAgencyId })
        .from(panelActions)
        .where(and(eq(panelActions.areaId, areaId), eq(panelActions.status, 'open'), lt(panelActions.dueOn, londonToday(until))))
        .orderBy(asc(panelActions.dueOn));
      return list.map((a) => ({
        id: a.id,
        dueAt: lateFrom(a.dueOn)!,
        reference: actionReference(a.number),
        ...(a.ownerUserId ? { ownerUserIds: [a.ownerUserId] } : { ownerAgencyId: a.ownerAgencyId, ownerRoles: ['agency_lead'] as const }),
      }));
    },
  },
];

/**
 * The missing module's part of the working day: counts of return interviews and strategy meetings
 * due and late on the home page, and the same deadlines for reminders.
 */
import { and, asc, eq, isNull, lt, sql } from 'drizzle-orm';
import { rows, type Db } from '../../platform/db/database.ts';
import type { Actor } from '../../platform/audit/audit.ts';
import type { DeadlineSource, WorkCount, WorkCounts, Worklist } from '../../platform/modules.ts';
import { CASEWORK_ROLES } from '../../platform/auth/roles.ts';
import { now } from '../../platform/time.ts';
import { visibleEpisodes, keepsAreaQueue, seesAreaView } from './policy.ts';
import { missingEpisodes, returnInterviews } from './tables.ts';
import { reference } from './vocab.ts';

const OUTSTANDING_INTERVIEW = sql`${missingEpisodes.status} = 'returned' and ${missingEpisodes.interviewDueAt} is not null and not exists (
  select 1 from ${returnInterviews} ri where ri.episode_id = ${missingEpisodes.id} and (ri.completed_at is not null or ri.response = 'declined'))`;
const OUTSTANDING_MEETING = sql`${missingEpisodes.strategyMeetingDueAt} is not null and ${missingEpisodes.strategyMeetingOutcome} is null`;

interface MissingCounts {
  interviews_due: number;
  interviews_late: number;
  interviews_late_since: Date | null;
  meetings_due: number;
  meetings_late: number;
  meetings_late_since: Date | null;
}

/** Return interviews (the area's for the coordinator, the agency's for others) and strategy meetings, due and late: one query. */
export async function missingWorkCounts(db: Db, actor: Actor & { agencyId: string }, at: Date): Promise<MissingCounts> {
  const instant = at.toISOString();
  const agency = seesAreaView(actor) ? sql`true` : sql`${missingEpisodes.interviewAgencyId} = ${actor.agencyId}`;
  const [row] = await rows<MissingCounts>(
    db,
    sql`select
          (count(*) filter (where ${OUTSTANDING_INTERVIEW} and ${agency} and ${missingEpisodes.interviewDueAt} >= ${instant}::timestamptz))::int as interviews_due,
          (count(*) filter (where ${OUTSTANDING_INTERVIEW} and ${agency} and ${missingEpisodes.interviewDueAt} < ${instant}::timestamptz))::int as interviews_late,
          min(${missingEpisodes.interviewDueAt}) filter (where ${OUTSTANDING_INTERVIEW} and ${agency} and ${missingEpisodes.interviewDueAt} < ${instant}::timestamptz) as interviews_late_since,
          (count(*) filter (where ${OUTSTANDING_MEETING} and ${missingEpisodes.strategyMeetingDueAt} >= ${instant}::timestamptz))::int as meetings_due,
          (count(*) filter (where ${OUTSTANDING_MEETING} and ${missingEpisodes.strategyMeetingDueAt} < ${instant}::timestamptz))::int as meetings_late,
          min(${missingEpisodes.strategyMeetingDueAt}) filter (where ${OUTSTANDING_MEETING} and ${missingEpisodes.strategyMeetingDueAt} < ${instant}::timestamptz) as meetings_late_since
        from ${missingEpisodes}
        where ${visibleEpisodes(actor)} and (${missingEpisodes.status} = 'returned' or ${OUTSTANDING_MEETING})`,
  );
  const since = (v: Date | string | null | undefined) => (v ? new Date(v) : null);
  return {
    interviews_due: Number(row?.interviews_due ?? 0),
    interviews_late: Number(row?.interviews_late ?? 0),
    interviews_late_since: since(row?.interviews_late_since),
    meetings_due: Number(row?.meetings_due ?? 0),
    meetings_late: Number(row?.meetings_late ?? 0),
    meetings_late_since: since(row?.meetings_late_since),
  };
}

export const missingWorklist: Worklist = {
  id: 'missingWork',
  roles: CASEWORK_ROLES,
  async load(request): Promise<WorkCounts | null> {
    const user = request.user!;
    const c = await missingWorkCounts(request.server.lantern.database.db, user, now());
    const coordinator = keepsAreaQueue(user);
    const whose = seesAreaView(user) ? '' : ` for ${user.agencyName}`;
    const counts: WorkCount[] = [
      { label: `return interviews to offer or hold${whose}`, one: `return interview to offer or hold${whose}`, count: c.interviews_due, href: '/missing?show=due#interviews' },
      { label: `return interviews late${whose}`, one: `return interview late${whose}`, count: c.interviews_late, href: '/missing?show=late#interviews', oldest: c.interviews_late_since, late: true },
    ];
    if (coordinator) {
      counts.push(
        { label: 'strategy meetings due', one: 'strategy meeting due', count: c.meetings_due, href: '/missing?show=due#strategy-meetings' },
        { label: 'strategy meetings late', one: 'strategy meeting late', count: c.meetings_late, href: '/missing?show=late#strategy-meetings', oldest: c.meetings_late_since, late: true },
      );
    }
    // An agency lead always sees what their agency owes; others only when there is something.
    if (!coordinator && user.role !== 'agency_lead' && counts.every((x) => x.count === 0)) return null;
    return { heading: 'Missing episodes', counts };
  },
};

/** Return interviews are owed by the agency asked to offer them; strategy meetings by the coordinator. */
export const missingDeadlines: DeadlineSource[] = [
  {
    kind: 'return_interview',
    label: 'a return interview',
    href: '/missing',
    async due(db, areaId, until) {
      const list = await db
        .select({ id: missingEpisodes.id, number: missingEpisodes.number, dueAt: missingEpisodes.interviewDueAt, agencyId: missingEpisodes.interviewAgencyId })
        .from(missingEpisodes)
        .where(and(eq(missingEpisodes.areaId, areaId), OUTSTANDING_INTERVIEW, lt(missingEpisodes.interviewDueAt, until)))
        .orderBy(asc(missingEpisodes.interviewDueAt));
      return list.map((e) => ({ id: e.id, dueAt: e.dueAt!, reference: reference(e.number), ...(e.agencyId ? { ownerAgencyId: e.agencyId, ownerRoles: ['agency_lead'] as const } : { ownerRoles: ['coordinator'] as const }) }));
    },
  },
  {
    kind: 'strategy_meeting',
    label: 'a strategy meeting',
    href: '/missing',
    async due(db, areaId, until) {
      const list = await db
        .select({ id: missingEpisodes.id, number: missingEpisodes.number, dueAt: missingEpisodes.strategyMeetingDueAt })
        .from(missingEpisodes)
        .where(and(eq(missingEpisodes.areaId, areaId), isNull(missingEpisodes.strategyMeetingOutcome), lt(missingEpisodes.strategyMeetingDueAt, until)))
        .orderBy(asc(missingEpisodes.strategyMeetingDueAt));
      return list.map((e) => ({ id: e.id, dueAt: e.dueAt!, reference: reference(e.number), ownerRoles: ['coordinator'] as const }));
    },
  },
];

/**
 * The plans module's parts of a young person's record and of the home page: strategy meetings,
 * tasks (with the latest risk assessment's plan, so its actions can be given owners) and, from
 * court-support.ts, support for giving evidence.
 */
import { and, desc, eq, isNull, lte, or } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import type { RecordInView, Worklist } from '../../platform/modules.ts';
import { addDays, londonToday } from '../../platform/time.ts';
import { accessPaths, canManageRecord, displayName, seesCasework, youngPersonIdVisible } from '../young-people/index.ts';
import { youngPeople } from '../young-people/tables.ts';
import { agencies, users } from '../organisation/tables.ts';
import { riskAssessments } from '../risk/tables.ts';
import { caseworkTasks } from './tables.ts';
import { mayComplete, meetingsOf, tasksOf } from './service.ts';
import { courtPlansOf } from './court-support.ts';

/** A task is due soon within this many days of its date. */
export const DUE_SOON_DAYS = 7;
/** The home page lists open tasks due within this many days, and every overdue one. */
export const WORKLIST_DAYS = 14;

export async function plansSection(db: Db, user: SignedInUser, record: RecordInView) {
  const today = londonToday();
  const [meetings, tasks, paths, [latest], courtPlans] = await Promise.all([
    meetingsOf(db, record.id),
    tasksOf(db, record.id),
    accessPaths(db, user, record.id),
    db
      .select({ id: riskAssessments.id, number: riskAssessments.number, plan: riskAssessments.plan })
      .from(riskAssessments)
      .where(and(eq(riskAssessments.youngPersonId, record.id), isNull(riskAssessments.supersededAt)))
      .orderBy(desc(riskAssessments.assessedAt))
      .limit(1),
    courtPlansOf(db, record.id),
  ]);
  const manages = canManageRecord(user, paths);
  const planTasks = latest ? tasks.filter((t) => t.sourceId === latest.id).length : 0;
  return {
    youngPersonId: record.id,
    manages,
    today,
    meetings,
    tasks: tasks.map((t) => ({ ...t, dueSoon: !t.completedOn && t.dueOn <= addDays(today, DUE_SOON_DAYS), mayComplete: !t.completedOn && mayComplete(user, t, manages) })),
    plan: latest ? { assessmentId: latest.id, reference: `RA-${latest.number}`, actions: latest.plan.length, tasks: planTasks } : null,
    courtPlans,
  };
}

/** Open tasks owned by `user` or their agency, due within two weeks or overdue, for young people they may see. */
export async function tasksDueFor(db: Db, user: SignedInUser, now = new Date()) {
  const today = londonToday(now);
  const rows = await db
    .select({
      id: caseworkTasks.id,
      description: caseworkTasks.description,
      dueOn: caseworkTasks.dueOn,
      youngPersonId: caseworkTasks.youngPersonId,
      ownerUserId: caseworkTasks.ownerUserId,
      givenName: youngPeople.givenName,
      familyName: youngPeople.familyName,
      aliases: youngPeople.aliases,
      number: youngPeople.number,
      ownerName: users.name,
      ownerAgencyName: agencies.name,
    })
    .from(caseworkTasks)
    .innerJoin(youngPeople, eq(youngPeople.id, caseworkTasks.youngPersonId))
    .leftJoin(users, eq(users.id, caseworkTasks.ownerUserId))
    .leftJoin(agencies, eq(agencies.id, caseworkTasks.ownerAgencyId))
    .where(
      and(
        eq(caseworkTasks.areaId, user.areaId),
        isNull(caseworkTasks.completedOn),
        lte(caseworkTasks.dueOn, addDays(today, WORKLIST_DAYS)),
        or(eq(caseworkTasks.ownerUserId, user.userId), eq(caseworkTasks.ownerAgencyId, user.agencyId)),
        youngPersonIdVisible(user, caseworkTasks.youngPersonId),
      ),
    )
    .orderBy(caseworkTasks.dueOn)
    .limit(50);
  return rows.map((r) => ({ ...r, name: displayName(r), overdue: r.dueOn < today, dueSoon: r.dueOn <= addDays(today, DUE_SOON_DAYS), completedOn: null, owner: r.ownerName ? 'You' : `${r.ownerAgencyName} (your agency)` }));
}

export const tasksWorklist: Worklist = {
  id: 'tasks',
  template: 'plans/views/home-tasks.njk',
  async load(request) {
    const user = request.user!;
    if (!seesCasework(user.role)) return null;
    const tasks = await tasksDueFor(request.server.lantern.database.db, user);
    if (tasks.length === 0) return null;
    request.noteAudit({ details: { tasks: [...new Set(tasks.map((t) => t.youngPersonId))] } });
    return { tasks, today: londonToday(), overdue: tasks.filter((t) => t.overdue).length };
  },
};

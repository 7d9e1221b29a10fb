/**
 * Strategy meetings and casework tasks. Each command checks that the person may see the young
 * person's record and may manage it, checks the rules that need the database (the meeting's
 * episode or concern, a task's owner), and then writes everything with its chronology entry and
 * audit row in one transaction.
 */
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { auditedCommand, type RequestContext } from '../../platform/audit/audit.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { fail, succeed, type Outcome } from '../../platform/outcome.ts';
import type { FieldErrors } from '../../platform/http/forms.ts';
import { formatDate, formatDateTime } from '../../platform/views/filters.ts';
import { londonToday } from '../../platform/time.ts';
import { isUuid } from '../../platform/ids.ts';
import { accessPaths, addChronologyEntry, canManageRecord, findVisibleYoungPerson, joinTeamForTask, type YoungPersonRow } from '../young-people/index.ts';
import { agencies, users } from '../organisation/tables.ts';
import { missingEpisodes } from '../missing/tables.ts';
import { concerns } from '../concerns/tables.ts';
import { riskAssessments } from '../risk/tables.ts';
import { episodeReference, noteStrategyMeetingHeld } from '../missing/index.ts';
import { caseworkTasks, strategyMeetings } from './tables.ts';
import type { PlanTaskInput, StrategyMeetingInput, TaskCompletion, TaskOwner } from './input.ts';

export const meetingReference = (number: number) => `SM-${number}`;

/** The record, when `user` may see it and change what is planned for the young person (coordinator or the team around the child). */
export async function manageableRecord(db: Db, user: SignedInUser, youngPersonId: string): Promise<{ yp: YoungPersonRow; manages: boolean } | null> {
  const yp = await findVisibleYoungPerson(db, user, youngPersonId);
  if (!yp) return null;
  return { yp, manages: canManageRecord(user, await accessPaths(db, user, yp.id)) };
}

/** The people and agencies of the area a task may be given to. */
export async function ownerChoices(db: Db, areaId: string) {
  const [people, agencyRows] = await Promise.all([
    db
      .select({ id: users.id, name: users.name, jobTitle: users.jobTitle, agencyName: agencies.name })
      .from(users)
      .innerJoin(agencies, eq(agencies.id, users.agencyId))
      .where(and(eq(users.areaId, areaId), eq(users.active, true), inArray(users.role, ['practitioner', 'agency_lead', 'coordinator', 'panel_member', 'intelligence_officer'])))
      .orderBy(asc(users.name)),
    db.select({ id: agencies.id, name: agencies.name }).from(agencies).where(and(eq(agencies.areaId, areaId), eq(agencies.active, true))).orderBy(asc(agencies.name)),
  ]);
  return { people, agencies: agencyRows };
}

/** The owner's agency, when the owner is a person or agency of the area; null otherwise. */
async function ownerAgency(db: Db, areaId: string, owner: TaskOwner): Promise<{ agencyId: string; userId: string | null } | null> {
  if (owner.userId) {
    const [row] = await db.select({ agencyId: users.agencyId }).from(users).where(and(eq(users.id, owner.userId), eq(users.areaId, areaId), eq(users.active, true)));
    return row ? { agencyId: row.agencyId, userId: owner.userId } : null;
  }
  const [row] = await db.select({ id: agencies.id }).from(agencies).where(and(eq(agencies.id, owner.agencyId!), eq(agencies.areaId, areaId), eq(agencies.active, true)));
  return row ? { agencyId: row.id, userId: null } : null;
}

interface NewTask {
  description: string;
  owner: TaskOwner;
  dueOn: string;
}

/**
 * Writes a task, and puts its owner in the team around the child if they are not there yet: a
 * person given work for a young person needs to see their record.
 */
async function insertTask(tx: Db, user: SignedInUser, yp: YoungPersonRow, source: { kind: 'risk_assessment' | 'strategy_meeting'; id: string; reference: string; planActionId?: string }, task: NewTask, owner: { agencyId: string; userId: string | null }) {
  const [row] = await tx
    .insert(caseworkTasks)
    .values({
      areaId: yp.areaId,
      youngPersonId: yp.id,
      source: source.kind,
      sourceId: source.id,
      planActionId: source.planActionId ?? null,
      description: task.description,
      ownerUserId: task.owner.userId ?? null,
      ownerAgencyId: task.owner.userId ? null : task.owner.agencyId!,
      dueOn: task.dueOn,
      createdByUserId: user.userId,
    })
    .returning({ id: caseworkTasks.id });
  await joinTeamForTask(tx, { youngPersonId: yp.id, agencyId: owner.agencyId, userId: owner.userId, roleInTeam: 'Owns a task', why: `to carry out a task from ${source.reference}`, byUserId: user.userId });
  return row!.id;
}

/** Checks each task's owner is someone in the area; messages keyed by `fieldOf(index)`. */
async function checkOwners(db: Db, areaId: string, owners: TaskOwner[], fieldOf: (index: number) => string) {
  const errors: FieldErrors = {};
  const found: { agencyId: string; userId: string | null }[] = [];
  for (const [index, owner] of owners.entries()) {
    const agency = await ownerAgency(db, areaId, owner);
    if (!agency) errors[fieldOf(index)] = 'Choose an owner from the list of people and agencies in the partnership';
    else found.push(agency);
  }
  return { errors, found };
}

export async function recordStrategyMeeting(db: Db, ctx: RequestContext, user: SignedInUser, input: StrategyMeetingInput, now = new Date()): Promise<Outcome<{ id: string; number: number }>> {
  const record = await manageableRecord(db, user, input.youngPersonId);
  if (!record) return fail('not_found', { youngPersonId: 'There is no young person with this id whose record you can see' });
  if (!record.manages) return fail('forbidden', { heldAt: 'Only the CSE coordinator or the team around the child records strategy meetings' });
  const { yp } = record;
  const heldAt = new Date(input.heldAt);
  const errors: FieldErrors = {};
  if (heldAt.getTime() > now.getTime()) errors.heldAt = 'The date and time of the meeting must be in the past';
  let episode: { id: string; number: number } | null = null;
  if (input.episodeId) {
    const [row] = await db.select({ id: missingEpisodes.id, number: missingEpisodes.number, lastSeenAt: missingEpisodes.lastSeenAt }).from(missingEpisodes).where(and(eq(missingEpisodes.id, input.episodeId), eq(missingEpisodes.youngPersonId, yp.id)));
    if (!row) errors.episodeId = 'Choose a missing episode of this young person';
    else if (heldAt < row.lastSeenAt) errors.heldAt = `The meeting cannot be before the missing episode it is about: they were last seen ${formatDateTime(row.lastSeenAt)}`;
    episode = row ?? null;
  }
  let concern: { id: string; number: number } | null = null;
  if (input.concernId) {
    const [row] = await db.select({ id: concerns.id, number: concerns.number, submittedAt: concerns.submittedAt }).from(concerns).where(and(eq(concerns.id, input.concernId), eq(concerns.youngPersonId, yp.id)));
    if (!row) errors.concernId = 'Choose a concern about this young person';
    else if (heldAt < row.submittedAt) errors.heldAt ??= `The meeting cannot be before the concern it is about was raised (${formatDateTime(row.submittedAt)})`;
    concern = row ?? null;
  }
  const owners = await checkOwners(db, yp.areaId, input.actions.map((a) => a.owner), (i) => `actions.${i}.owner`);
  Object.assign(errors, owners.errors);
  if (Object.keys(errors).length) return fail('invalid', errors);

  const about = episode ? ` about missing episode ${episodeReference(episode.number)}` : concern ? ` about concern C-${concern.number}` : '';
  const saved = await auditedCommand(
    db,
    ctx,
    (result: { id: string; taskIds: string[] }) => ({ action: 'create', recordKind: 'strategy_meeting', recordId: result.id, details: { youngPersonId: yp.id, episodeId: episode?.id ?? null, concernId: concern?.id ?? null, attendees: input.attendees.length, tasks: result.taskIds } }),
    async (tx) => {
      const [meeting] = await tx
        .insert(strategyMeetings)
        .values({
          areaId: yp.areaId,
          youngPersonId: yp.id,
          episodeId: episode?.id ?? null,
          concernId: concern?.id ?? null,
          heldAt,
          attendees: input.attendees,
          informationShared: input.informationShared,
          decisions: input.decisions,
          recordedByUserId: user.userId,
          recordedByAgencyId: user.agencyId,
        })
        .returning({ id: strategyMeetings.id, number: strategyMeetings.number });
      const reference = meetingReference(meeting!.number);
      const taskIds: string[] = [];
      for (const [index, action] of input.actions.entries()) {
        taskIds.push(await insertTask(tx, user, yp, { kind: 'strategy_meeting', id: meeting!.id, reference: `strategy meeting ${reference}` }, action, owners.found[index]!));
      }
      const agencyNames = [...new Set(input.attendees.map((a) => a.agency))];
      await addChronologyEntry(tx, {
        youngPersonId: yp.id,
        occurredAt: heldAt,
        kind: 'strategy_meeting',
        agencyId: user.agencyId,
        sourceKind: 'strategy_meeting',
        sourceId: meeting!.id,
        summary: `Strategy meeting ${reference}${about} with ${agencyNames.join(', ')}; ${input.actions.length === 1 ? '1 action' : `${input.actions.length} actions`} agreed.`,
      });
      if (episode) await noteStrategyMeetingHeld(tx, episode.id, heldAt, user.userId);
      return { id: meeting!.id, number: meeting!.number, taskIds };
    },
  );
  return succeed({ id: saved.id, number: saved.number });
}

/** A young person's strategy meetings, newest first, with their actions. The caller has checked access to the record. */
export async function meetingsOf(db: Db, youngPersonId: string) {
  const meetings = await db
    .select({ meeting: strategyMeetings, episodeNumber: missingEpisodes.number, concernNumber: concerns.number, recordedBy: users.name })
    .from(strategyMeetings)
    .leftJoin(missingEpisodes, eq(missingEpisodes.id, strategyMeetings.episodeId))
    .leftJoin(concerns, eq(concerns.id, strategyMeetings.concernId))
    .innerJoin(users, eq(users.id, strategyMeetings.recordedByUserId))
    .where(eq(strategyMeetings.youngPersonId, youngPersonId))
    .orderBy(asc(strategyMeetings.heldAt));
  return meetings.reverse().map((m) => ({
    ...m.meeting,
    reference: meetingReference(m.meeting.number),
    about: m.episodeNumber ? `Missing episode ${episodeReference(m.episodeNumber)}` : m.concernNumber ? `Concern C-${m.concernNumber}` : null,
    recordedBy: m.recordedBy,
  }));
}

export async function findVisibleMeeting(db: Db, user: SignedInUser, meetingId: string) {
  if (!isUuid(meetingId)) return null;
  const [row] = await db.select().from(strategyMeetings).where(and(eq(strategyMeetings.id, meetingId), eq(strategyMeetings.areaId, user.areaId)));
  if (!row) return null;
  const yp = await findVisibleYoungPerson(db, user, row.youngPersonId);
  if (!yp) return null;
  const meeting = (await meetingsOf(db, yp.id)).find((m) => m.id === row.id)!;
  return { meeting, yp, tasks: await tasksFrom(db, row.id) };
}

const taskColumns = {
  id: caseworkTasks.id,
  youngPersonId: caseworkTasks.youngPersonId,
  source: caseworkTasks.source,
  sourceId: caseworkTasks.sourceId,
  description: caseworkTasks.description,
  ownerUserId: caseworkTasks.ownerUserId,
  ownerAgencyId: caseworkTasks.ownerAgencyId,
  dueOn: caseworkTasks.dueOn,
  completedOn: caseworkTasks.completedOn,
  completionNote: caseworkTasks.completionNote,
};

export type TaskRow = Awaited<ReturnType<typeof taskRowsWhere>>[number];

async function taskRowsWhere(db: Db, where: ReturnType<typeof and>) {
  const ownerUsers = users;
  const rows = await db
    .select({ ...taskColumns, ownerName: ownerUsers.name, ownerAgencyName: agencies.name, ownerUserAgencyId: ownerUsers.agencyId })
    .from(caseworkTasks)
    .leftJoin(ownerUsers, eq(ownerUsers.id, caseworkTasks.ownerUserId))
    .leftJoin(agencies, eq(agencies.id, caseworkTasks.ownerAgencyId))
    .where(where)
    .orderBy(asc(caseworkTasks.dueOn), asc(caseworkTasks.createdAt));
  return rows.map((r) => ({ ...r, owner: r.ownerName ?? r.ownerAgencyName ?? '' }));
}

export async function tasksFrom(db: Db, sourceId: string) {
  return taskRowsWhere(db, and(eq(caseworkTasks.sourceId, sourceId)));
}

/** A young person's tasks, open ones first by due date. The caller has checked access to the record. */
export async function tasksOf(db: Db, youngPersonId: string) {
  const rows = await taskRowsWhere(db, and(eq(caseworkTasks.youngPersonId, youngPersonId)));
  return [...rows.filter((t) => !t.completedOn), ...rows.filter((t) => t.completedOn)];
}

/** Whether `user` may mark the task done: its owner, someone in the owning agency, or whoever manages the record. */
export function mayComplete(user: SignedInUser, task: Pick<TaskRow, 'ownerUserId' | 'ownerAgencyId'>, managesRecord: boolean): boolean {
  return managesRecord || task.ownerUserId === user.userId || task.ownerAgencyId === user.agencyId;
}

/** A task the user may see (through the young person's record), with whether they may complete it. */
export async function findVisibleTask(db: Db, user: SignedInUser, taskId: string) {
  if (!isUuid(taskId)) return null;
  const [task] = await taskRowsWhere(db, and(eq(caseworkTasks.id, taskId), eq(caseworkTasks.areaId, user.areaId)));
  if (!task) return null;
  const record = await manageableRecord(db, user, task.youngPersonId);
  if (!record) return null;
  return { task, yp: record.yp, mayComplete: mayComplete(user, task, record.manages) };
}

export async function completeTask(db: Db, ctx: RequestContext, user: SignedInUser, taskId: string, input: TaskCompletion, now = new Date()): Promise<Outcome<{ id: string }>> {
  const found = await findVisibleTask(db, user, taskId);
  if (!found) return fail('not_found', { taskId: 'There is no task with this id that you can see' });
  if (!found.mayComplete) return fail('forbidden', { completedOn: 'Only the task’s owner, their agency or the team around the child can mark it done' });
  if (found.task.completedOn) return fail('conflict', { completedOn: `This task was already marked done on ${formatDate(found.task.completedOn)}` });
  if (input.completedOn > londonToday(now)) return fail('invalid', { completedOn: 'The date it was done must be today or in the past' });
  await auditedCommand(db, ctx, { action: 'update', recordKind: 'casework_task', recordId: taskId, details: { change: 'completed', youngPersonId: found.yp.id } }, async (tx) => {
    const done = await tx
      .update(caseworkTasks)
      .set({ completedOn: input.completedOn, completionNote: input.note, completedByUserId: user.userId })
      .where(and(eq(caseworkTasks.id, taskId), isNull(caseworkTasks.completedOn)))
      .returning({ id: caseworkTasks.id });
    if (!done.length) throw new Error('The task was completed by someone else at the same moment');
    await addChronologyEntry(tx, {
      youngPersonId: found.yp.id,
      occurredAt: now,
      kind: 'task',
      agencyId: user.agencyId,
      sourceKind: 'casework_task',
      sourceId: taskId,
      summary: `Task done on ${formatDate(input.completedOn)} (owner: ${found.task.owner}): ${clip(found.task.description)}. ${clip(input.note)}`,
    });
  });
  return succeed({ id: taskId });
}

const clip = (text: string, max = 200) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The assessment, when visible to `user`, with its plan's actions and which already have tasks. */
export async function assessmentPlan(db: Db, user: SignedInUser, assessmentId: string) {
  if (!isUuid(assessmentId)) return null;
  const [assessment] = await db
    .select({ id: riskAssessments.id, number: riskAssessments.number, youngPersonId: riskAssessments.youngPersonId, plan: riskAssessments.plan, assessedAt: riskAssessments.assessedAt })
    .from(riskAssessments)
    .where(and(eq(riskAssessments.id, assessmentId), eq(riskAssessments.areaId, user.areaId)));
  if (!assessment) return null;
  const record = await manageableRecord(db, user, assessment.youngPersonId);
  if (!record) return null;
  const tasks = await tasksFrom(db, assessment.id);
  return { assessment, reference: `RA-${assessment.number}`, ...record, tasks };
}

export async function createPlanTask(db: Db, ctx: RequestContext, user: SignedInUser, input: PlanTaskInput): Promise<Outcome<{ id: string; youngPersonId: string }>> {
  const found = await assessmentPlan(db, user, input.assessmentId);
  if (!found) return fail('not_found', { assessmentId: 'There is no risk assessment with this id that you can see' });
  if (!found.manages) return fail('forbidden', { planActionId: 'Only the CSE coordinator or the team around the child turns the plan into tasks' });
  const action = found.assessment.plan.find((a) => a.actionId === input.planActionId);
  const errors: FieldErrors = {};
  if (!action) errors.planActionId = 'Choose an action from this assessment’s plan';
  const owners = await checkOwners(db, found.yp.areaId, [input.owner], () => 'owner');
  Object.assign(errors, owners.errors);
  if (Object.keys(errors).length) return fail('invalid', errors);
  const reference = found.reference;
  const id = await auditedCommand(
    db,
    ctx,
    (taskId: string) => ({ action: 'create', recordKind: 'casework_task', recordId: taskId, details: { youngPersonId: found.yp.id, assessmentId: found.assessment.id, planActionId: action!.actionId } }),
    async (tx) => {
      const taskId = await insertTask(tx, user, found.yp, { kind: 'risk_assessment', id: found.assessment.id, reference: `risk assessment ${reference}`, planActionId: action!.actionId }, { description: input.description ?? action!.text, owner: input.owner, dueOn: input.dueOn }, owners.found[0]!);
      await addChronologyEntry(tx, {
        youngPersonId: found.yp.id,
        occurredAt: new Date(),
        kind: 'task',
        agencyId: user.agencyId,
        sourceKind: 'casework_task',
        sourceId: taskId,
        summary: `Task from risk assessment ${reference} given to ${owners.found[0]!.userId ? 'a named worker' : 'an agency'}, due by ${formatDate(input.dueOn)}: ${clip(input.description ?? action!.text)}`,
      });
      return taskId;
    },
  );
  return succeed({ id, youngPersonId: found.yp.id });
}

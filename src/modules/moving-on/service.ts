/**
 * Closing and re-opening CSE work, the transition plan, and the decision at 18. Each command
 * checks who may do it and the rules that need the database, then writes the change, its
 * chronology entry, any feedback to referrers and its audit row in one transaction.
 */
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { auditedCommand, type RequestContext } from '../../platform/audit/audit.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { fail, succeed, type Outcome } from '../../platform/outcome.ts';
import { londonToday, now } from '../../platform/time.ts';
import { formatDate } from '../../platform/views/filters.ts';
import { accessPaths, addChronologyEntry, canManageRecord, findVisibleYoungPerson, referenceFor, type YoungPersonRow } from '../young-people/index.ts';
import { notifyConcernRaisers, type FeedbackSent } from '../concerns/index.ts';
import { agendaItems } from '../panels/tables.ts';
import { concerns } from '../concerns/tables.ts';
import { cseClosures, cseReopenings, transitionDecisions, transitionPlans } from './tables.ts';
import type { ClosureInput, KeepOpenInput, ReopeningInput, TransitionPlanInput } from './input.ts';
import { currentOpenedOn, writeClosure, writeReopening } from './periods.ts';
import { CLOSURE_REASONS, closureReference } from './vocab.ts';
import { ageOnDay, eighteenthBirthday } from './transition.ts';

const NOT_FOUND = { youngPersonId: 'There is no young person with this id whose record you can see' };
const COORDINATOR_ONLY = 'Only the CSE coordinator closes and re-opens CSE work';

/** The record, when `user` may see it. */
async function visibleRecord(db: Db, user: SignedInUser, youngPersonId: string) {
  return findVisibleYoungPerson(db, user, youngPersonId);
}

export async function closeCseWork(db: Db, ctx: RequestContext, user: SignedInUser, youngPersonId: string, input: ClosureInput): Promise<Outcome<{ id: string; reference: string; feedback: FeedbackSent[] }>> {
  const yp = await visibleRecord(db, user, youngPersonId);
  if (!yp) return fail('not_found', NOT_FOUND);
  if (user.role !== 'coordinator') return fail('forbidden', { reason: COORDINATOR_ONLY });
  if (yp.closedOn) return fail('conflict', { closedOn: `CSE work with this young person was already closed on ${formatDate(yp.closedOn)}` });
  const today = londonToday(now());
  const opened = currentOpenedOn(yp);
  if (input.closedOn > today) return fail('invalid', { closedOn: 'The date CSE work closed must be today or in the past' });
  if (input.closedOn < opened) return fail('invalid', { closedOn: `The date CSE work closed must be on or after ${formatDate(opened)}, when this period of work began` });
  if (input.agreedBy === 'panel' && input.agendaItemId) {
    const [item] = await db.select({ youngPersonId: agendaItems.youngPersonId }).from(agendaItems).where(eq(agendaItems.id, input.agendaItemId));
    if (item?.youngPersonId !== yp.id) return fail('invalid', { agendaItemId: 'Choose a panel discussion of this young person from the list' });
  }
  const result = await auditedCommand(
    db,
    ctx,
    (r: { id: string }) => ({ action: 'update', recordKind: 'young_person', recordId: yp.id, details: { change: 'cse_closed', closureId: r.id, reason: input.reason, agreedBy: input.agreedBy, levelAtClosure: yp.riskLevel } }),
    async (tx) => {
      const closure = await writeClosure(tx, user, yp, input);
      const reference = closureReference(closure.number);
      await addChronologyEntry(tx, {
        youngPersonId: yp.id,
        occurredAt: now(),
        kind: 'closure',
        agencyId: user.agencyId,
        sourceKind: 'cse_closure',
        sourceId: closure.id,
        summary: `CSE work closed on ${formatDate(input.closedOn)} (${reference}): ${CLOSURE_REASONS[input.reason]}. Agreed by ${input.agreedBy === 'panel' ? 'a multi-agency panel' : 'the CSE coordinator'}.`,
      });
      const feedback = await notifyConcernRaisers(
        tx,
        yp.id,
        'closure',
        (c) => `CSE work with the young person your concern ${c.reference} was about was closed on ${formatDate(input.closedOn)}. Reason: ${CLOSURE_REASONS[input.reason].toLowerCase()}. If you have a new concern, record it: the coordinator will see the earlier work.`,
        `closure:${closure.id}:${yp.id}`,
      );
      return { id: closure.id, reference, feedback };
    },
  );
  return succeed(result);
}

/** The closure the record's current closed state comes from: the newest one not yet followed by a re-opening. */
export async function openClosure(db: Db, youngPersonId: string) {
  const [row] = await db
    .select({ id: cseClosures.id, closedOn: cseClosures.closedOn })
    .from(cseClosures)
    .leftJoin(cseReopenings, eq(cseReopenings.closureId, cseClosures.id))
    .where(and(eq(cseClosures.youngPersonId, youngPersonId), isNull(cseReopenings.id)))
    .orderBy(desc(cseClosures.closedOn), desc(cseClosures.number))
    .limit(1);
  return row ?? null;
}

export async function reopenCseWork(db: Db, ctx: RequestContext, user: SignedInUser, youngPersonId: string, input: ReopeningInput): Promise<Outcome<{ id: string }>> {
  const yp = await visibleRecord(db, user, youngPersonId);
  if (!yp) return fail('not_found', NOT_FOUND);
  if (user.role !== 'coordinator') return fail('forbidden', { reason: COORDINATOR_ONLY });
  if (!yp.closedOn) return fail('conflict', { reopenedOn: 'CSE work with this young person is open: there is nothing to re-open' });
  const closure = await openClosure(db, yp.id);
  if (input.reopenedOn > londonToday(now())) return fail('invalid', { reopenedOn: 'The date CSE work opens again must be today or in the past' });
  if (input.reopenedOn < yp.closedOn) return fail('invalid', { reopenedOn: `The date CSE work opens again must be on or after ${formatDate(yp.closedOn)}, when it closed` });
  if (input.concernId) {
    const [concern] = await db.select({ youngPersonId: concerns.youngPersonId }).from(concerns).where(eq(concerns.id, input.concernId));
    if (concern?.youngPersonId !== yp.id) return fail('invalid', { concernId: 'Choose a concern about this young person from the list' });
  }
  const id = await auditedCommand(
    db,
    ctx,
    (reopeningId: string) => ({ action: 'update', recordKind: 'young_person', recordId: yp.id, details: { change: 'cse_reopened', reopeningId, closureId: closure?.id ?? null, concernId: input.concernId ?? null } }),
    async (tx) => {
      // A record closed before Lantern kept closures (closed_on set by an import) has no closure row: one is kept for it first.
      const closureId = closure?.id ?? (await legacyClosure(tx, user, yp));
      const row = await writeReopening(tx, user, yp, closureId, input);
      await addChronologyEntry(tx, {
        youngPersonId: yp.id,
        occurredAt: now(),
        kind: 'reopening',
        agencyId: user.agencyId,
        sourceKind: 'cse_reopening',
        sourceId: row.id,
        summary: `CSE work opened again on ${formatDate(input.reopenedOn)}, after closing on ${formatDate(yp.closedOn)}.`,
      });
      return row.id;
    },
  );
  return succeed({ id });
}

/** A closure row for a record closed without one (before closures were kept), so the re-opening can follow it. */
async function legacyClosure(tx: Db, user: SignedInUser, yp: YoungPersonRow): Promise<string> {
  const [row] = await tx
    .insert(cseClosures)
    .values({
      areaId: yp.areaId,
      youngPersonId: yp.id,
      openedOn: currentOpenedOn(yp) <= yp.closedOn! ? currentOpenedOn(yp) : yp.closedOn!,
      closedOn: yp.closedOn!,
      reason: 'other',
      reasonDetails: 'Closed before Lantern recorded closures',
      levelAtClosure: yp.riskLevel,
      youngPersonViews: 'Not recorded',
      familyViews: 'Not recorded',
      agreedBy: 'coordinator',
      closedByUserId: user.userId,
      closedByAgencyId: user.agencyId,
    })
    .returning({ id: cseClosures.id });
  return row!.id;
}

export async function transitionPlanOf(db: Db, youngPersonId: string) {
  const [plan] = await db.select().from(transitionPlans).where(eq(transitionPlans.youngPersonId, youngPersonId));
  return plan ?? null;
}

/** Creates or updates the young person's transition plan: the coordinator or the team around the child. */
export async function saveTransitionPlan(db: Db, ctx: RequestContext, user: SignedInUser, youngPersonId: string, input: TransitionPlanInput): Promise<Outcome<{ id: string; created: boolean }>> {
  const yp = await visibleRecord(db, user, youngPersonId);
  if (!yp) return fail('not_found', NOT_FOUND);
  if (!canManageRecord(user, await accessPaths(db, user, yp.id))) return fail('forbidden', { wishes: 'Only the CSE coordinator or the team around the child keeps the transition plan' });
  if (yp.closedOn) return fail('conflict', { wishes: 'CSE work with this young person is closed: re-open it before planning the transition' });
  const deadline = input.deadline ?? (yp.dateOfBirth ? eighteenthBirthday(yp.dateOfBirth) : null);
  if (!deadline) return fail('invalid', { deadline: 'Enter the deadline: the record has no date of birth to take the 18th birthday from' });
  if (input.adultSafeguardingReferredOn && input.adultSafeguardingReferredOn > londonToday(now())) return fail('invalid', { adultSafeguardingReferredOn: 'The date of the adult safeguarding referral must be today or in the past' });
  const existing = await transitionPlanOf(db, yp.id);
  const values = {
    adultServicesContact: input.adultServicesContact,
    adultSafeguarding: input.adultSafeguarding,
    adultSafeguardingReferredOn: input.adultSafeguarding === 'made' ? (input.adultSafeguardingReferredOn ?? null) : null,
    housing: input.housing,
    health: input.health,
    leavingCare: input.leavingCare,
    wishes: input.wishes,
    deadline,
    updatedByUserId: user.userId,
    updatedAt: now(),
  };
  const id = await auditedCommand(
    db,
    ctx,
    (planId: string) => ({ action: existing ? 'update' : 'create', recordKind: 'transition_plan', recordId: planId, details: { youngPersonId: yp.id, adultSafeguarding: input.adultSafeguarding, deadline } }),
    async (tx) => {
      let planId = existing?.id;
      if (planId) await tx.update(transitionPlans).set(values).where(eq(transitionPlans.id, planId));
      else {
        const [row] = await tx.insert(transitionPlans).values({ ...values, areaId: yp.areaId, youngPersonId: yp.id, createdByUserId: user.userId }).returning({ id: transitionPlans.id });
        planId = row!.id;
      }
      await addChronologyEntry(tx, {
        youngPersonId: yp.id,
        occurredAt: now(),
        kind: 'transition',
        agencyId: user.agencyId,
        sourceKind: 'transition_plan',
        sourceId: planId,
        summary: `Transition plan ${existing ? 'updated' : 'written'}, to be in place by ${formatDate(deadline)}.`,
      });
      return planId;
    },
  );
  return succeed({ id, created: !existing });
}

/** The coordinator keeps CSE work open after the young person's 18th birthday, with the reason. */
export async function keepOpenAfter18(db: Db, ctx: RequestContext, user: SignedInUser, youngPersonId: string, input: KeepOpenInput): Promise<Outcome<{ id: string }>> {
  const yp = await visibleRecord(db, user, youngPersonId);
  if (!yp) return fail('not_found', NOT_FOUND);
  if (user.role !== 'coordinator') return fail('forbidden', { reason: 'Only the CSE coordinator decides what happens at 18' });
  if (yp.closedOn) return fail('conflict', { reason: 'CSE work with this young person is closed' });
  const today = londonToday(now());
  if (!yp.dateOfBirth || ageOnDay(yp.dateOfBirth, today) < 18) return fail('conflict', { reason: 'This young person has not turned 18: the decision is made from their 18th birthday' });
  const id = await auditedCommand(
    db,
    ctx,
    (decisionId: string) => ({ action: 'create', recordKind: 'transition_decision', recordId: decisionId, details: { youngPersonId: yp.id, decision: 'keep_open' } }),
    async (tx) => {
      const [row] = await tx.insert(transitionDecisions).values({ areaId: yp.areaId, youngPersonId: yp.id, decidedOn: today, reason: input.reason, decidedByUserId: user.userId }).returning({ id: transitionDecisions.id });
      await addChronologyEntry(tx, { youngPersonId: yp.id, occurredAt: now(), kind: 'transition', agencyId: user.agencyId, sourceKind: 'transition_decision', sourceId: row!.id, summary: `Turned 18: CSE work stays open (decided by the CSE coordinator, ${referenceFor(yp.number)}).` });
      return row!.id;
    },
  );
  return succeed({ id });
}

/** The latest decision to keep the work open, in the current period (one made in an earlier period does not count). */
export async function keepOpenDecisionOf(db: Db, yp: Pick<YoungPersonRow, 'id' | 'openedOn' | 'createdAt'>) {
  const [row] = await db.select().from(transitionDecisions).where(eq(transitionDecisions.youngPersonId, yp.id)).orderBy(desc(transitionDecisions.decidedOn), desc(transitionDecisions.recordedAt)).limit(1);
  return row && row.decidedOn >= currentOpenedOn(yp) ? row : null;
}

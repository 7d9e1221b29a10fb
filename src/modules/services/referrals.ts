/**
 * What came of an action's "refer to …": a referral to a service for a need, or no service found
 * for it. Recorded against a task (from a risk plan or strategy meeting) or a panel action by
 * someone who may complete it; counted, never listed with names, for the profile and the service's
 * own page.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { rows, type Db } from '../../platform/db/database.ts';
import { auditedCommand, type RequestContext } from '../../platform/audit/audit.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { fail, succeed, type Outcome } from '../../platform/outcome.ts';
import { isOneOf, type FieldErrors } from '../../platform/http/forms.ts';
import { londonToday } from '../../platform/time.ts';
import { findVisibleTask } from '../plans/index.ts';
import { actionReference, findOwnAction } from '../panels/index.ts';
import { services, serviceReferrals } from './tables.ts';
import { NEEDS, REFERRAL_OUTCOMES, serviceReference, type Need } from './vocab.ts';
import { findService } from './service.ts';

export type ActionKind = 'casework_task' | 'panel_action';

export interface ActionForReferral {
  kind: ActionKind;
  id: string;
  description: string;
  /** Where to go back to. */
  backLink: string;
  /** For the audit row (an id, never a name). */
  youngPersonId: string | null;
  reference: string | null;
}

/** The action if `user` may record its referrals: whoever may complete it. */
export async function actionForReferral(db: Db, user: SignedInUser, kind: string, actionId: string): Promise<ActionForReferral | null> {
  if (kind === 'casework_task') {
    const found = await findVisibleTask(db, user, actionId);
    if (!found?.mayComplete) return null;
    return { kind, id: found.task.id, description: found.task.description, backLink: `/young-people/${found.yp.id}/plans#tasks`, youngPersonId: found.yp.id, reference: null };
  }
  if (kind === 'panel_action') {
    const action = await findOwnAction(db, user, actionId);
    if (!action) return null;
    return { kind, id: action.id, description: action.description, backLink: '/panels/actions/mine', youngPersonId: action.youngPersonId, reference: actionReference(action.number) };
  }
  return null;
}

export interface ReferralDraft {
  need: string;
  /** referred or no_service_found. */
  outcome: string;
  serviceId: string;
}

export const REFERRAL_FIELDS = ['need', 'outcome', 'serviceId'];

export async function recordReferral(db: Db, ctx: RequestContext, user: SignedInUser, kind: string, actionId: string, draft: ReferralDraft, now = new Date()): Promise<Outcome<{ id: string }>> {
  const action = await actionForReferral(db, user, kind, actionId);
  if (!action) return fail('not_found', { actionId: 'There is no action with this id whose referrals you may record' });
  const errors: FieldErrors = {};
  if (!isOneOf(NEEDS, draft.need)) errors.need = 'Choose the need the referral is for';
  if (!isOneOf(REFERRAL_OUTCOMES, draft.outcome)) errors.outcome = 'Choose whether a service was found';
  let serviceId: string | null = null;
  if (draft.outcome === 'referred') {
    const service = draft.serviceId ? await findService(db, user.areaId, draft.serviceId) : null;
    if (!draft.serviceId) errors.serviceId = 'Choose the service referred to';
    else if (!service || !service.active) errors.serviceId = 'Choose a service from the list';
    else serviceId = service.id;
  }
  if (Object.keys(errors).length) return fail('invalid', errors);
  const saved = await auditedCommand(
    db,
    ctx,
    (r: { id: string }) => ({ action: 'create', recordKind: 'service_referral', recordId: r.id, details: { actionKind: kind, actionId, need: draft.need, outcome: draft.outcome, serviceId, youngPersonId: action.youngPersonId } }),
    async (tx) => {
      const [row] = await tx
        .insert(serviceReferrals)
        .values({ areaId: user.areaId, actionKind: action.kind, actionId: action.id, need: draft.need, outcome: draft.outcome, serviceId, recordedByUserId: user.userId, recordedByAgencyId: user.agencyId, recordedOn: londonToday(now), recordedAt: now })
        .returning({ id: serviceReferrals.id });
      return row!;
    },
  );
  return succeed(saved);
}

/** The referrals already recorded for an action, for its referral page. */
export async function referralsForAction(db: Db, kind: ActionKind, actionId: string) {
  const found = await db
    .select({ id: serviceReferrals.id, need: serviceReferrals.need, outcome: serviceReferrals.outcome, recordedOn: serviceReferrals.recordedOn, serviceName: services.name, serviceNumber: services.number })
    .from(serviceReferrals)
    .leftJoin(services, eq(services.id, serviceReferrals.serviceId))
    .where(and(eq(serviceReferrals.actionKind, kind), eq(serviceReferrals.actionId, actionId)))
    .orderBy(asc(serviceReferrals.recordedAt));
  return found.map((r) => ({ ...r, needLabel: NEEDS[r.need as Need] ?? r.need, serviceReference: r.serviceNumber ? serviceReference(r.serviceNumber) : null }));
}

/** How many referrals a service has had, in all and in the last year. */
export async function referralCountsFor(db: Db, serviceId: string, since: string): Promise<{ all: number; lastYear: number }> {
  const [row] = await rows<{ all: number; last_year: number }>(db, sql`select count(*)::int as "all", count(*) filter (where recorded_on >= ${since}::date)::int as last_year from service_referrals where service_id = ${serviceId}::uuid`);
  return { all: row?.all ?? 0, lastYear: row?.last_year ?? 0 };
}

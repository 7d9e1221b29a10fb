/**
 * Support for a young person giving evidence (seed 001): one plan per case, kept up to date as
 * hearings are listed, special measures are agreed, the pre-trial visit happens and the case ends.
 * Saving a plan replaces its hearings with the ones sent, in the same transaction.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { auditedCommand, type RequestContext } from '../../platform/audit/audit.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { fail, succeed, type Outcome } from '../../platform/outcome.ts';
import type { FieldErrors } from '../../platform/http/forms.ts';
import { isUuid } from '../../platform/ids.ts';
import { formatDate } from '../../platform/views/filters.ts';
import { addChronologyEntry } from '../young-people/index.ts';
import { agencies } from '../organisation/tables.ts';
import { courtHearings, courtSupportPlans } from './tables.ts';
import { SPECIAL_MEASURES, type CourtSupportInput } from './input.ts';
import { manageableRecord } from './service.ts';

const measures = (ids: string[]) => ids.map((id) => SPECIAL_MEASURES[id as keyof typeof SPECIAL_MEASURES] ?? id);

/** A young person's court-support plans with their hearings, newest first. The caller has checked access to the record. */
export async function courtPlansOf(db: Db, youngPersonId: string) {
  const plans = await db
    .select({ plan: courtSupportPlans, supporterAgency: agencies.name })
    .from(courtSupportPlans)
    .leftJoin(agencies, eq(agencies.id, courtSupportPlans.supporterAgencyId))
    .where(eq(courtSupportPlans.youngPersonId, youngPersonId))
    .orderBy(asc(courtSupportPlans.createdAt));
  const hearings = plans.length ? await db.select().from(courtHearings).where(inArray(courtHearings.planId, plans.map((p) => p.plan.id))).orderBy(asc(courtHearings.hearingOn)) : [];
  return plans.reverse().map(({ plan, supporterAgency }) => ({
    ...plan,
    supporterAgency,
    hearings: hearings.filter((h) => h.planId === plan.id),
    askedLabels: measures(plan.specialMeasuresAsked),
    agreedLabels: measures(plan.specialMeasuresAgreed),
  }));
}

export async function findVisibleCourtPlan(db: Db, user: SignedInUser, planId: string) {
  if (!isUuid(planId)) return null;
  const [row] = await db.select({ youngPersonId: courtSupportPlans.youngPersonId, areaId: courtSupportPlans.areaId }).from(courtSupportPlans).where(eq(courtSupportPlans.id, planId));
  if (!row || row.areaId !== user.areaId) return null;
  const record = await manageableRecord(db, user, row.youngPersonId);
  if (!record) return null;
  const plan = (await courtPlansOf(db, row.youngPersonId)).find((p) => p.id === planId)!;
  return { plan, ...record };
}

/** Creates a plan (no `planId`) or saves the whole of an existing one. */
export async function saveCourtSupport(db: Db, ctx: RequestContext, user: SignedInUser, input: CourtSupportInput, planId?: string): Promise<Outcome<{ id: string; created: boolean }>> {
  const record = await manageableRecord(db, user, input.youngPersonId);
  if (!record) return fail('not_found', { youngPersonId: 'There is no young person with this id whose record you can see' });
  if (!record.manages) return fail('forbidden', { court: 'Only the CSE coordinator or the team around the child keeps the court-support plan' });
  const { yp } = record;
  if (planId) {
    const existing = await findVisibleCourtPlan(db, user, planId);
    if (!existing || existing.yp.id !== yp.id) return fail('not_found', { planId: 'There is no court-support plan with this id that you can see' });
  }
  const errors: FieldErrors = {};
  if (input.supporterAgencyId) {
    const [agency] = await db.select({ areaId: agencies.areaId }).from(agencies).where(eq(agencies.id, input.supporterAgencyId));
    if (agency?.areaId !== yp.areaId) errors.supporterAgencyId = 'Choose the supporter’s agency from the list';
  }
  if (Object.keys(errors).length) return fail('invalid', errors);
  const values = {
    court: input.court,
    caseDescription: input.caseDescription,
    caseReference: input.caseReference,
    specialMeasuresAsked: input.specialMeasuresAsked,
    specialMeasuresAgreed: input.specialMeasuresAgreed,
    supporterName: input.supporterName,
    supporterAgencyId: input.supporterAgencyId ?? null,
    preTrialVisitOn: input.preTrialVisitOn ?? null,
    preTrialVisitNote: input.preTrialVisitNote,
    outcome: input.outcome,
    outcomeOn: input.outcomeOn ?? null,
  };
  const id = await auditedCommand(
    db,
    ctx,
    (savedId: string) => ({ action: planId ? 'update' : 'create', recordKind: 'court_support_plan', recordId: savedId, details: { youngPersonId: yp.id, hearings: input.hearings.length, measuresAgreed: input.specialMeasuresAgreed } }),
    async (tx) => {
      let savedId = planId;
      if (savedId) {
        await tx.update(courtSupportPlans).set({ ...values, updatedAt: new Date() }).where(eq(courtSupportPlans.id, savedId));
        await tx.delete(courtHearings).where(eq(courtHearings.planId, savedId));
      } else {
        const [row] = await tx.insert(courtSupportPlans).values({ ...values, areaId: yp.areaId, youngPersonId: yp.id, createdByUserId: user.userId }).returning({ id: courtSupportPlans.id });
        savedId = row!.id;
      }
      if (input.hearings.length) await tx.insert(courtHearings).values(input.hearings.map((h) => ({ planId: savedId!, hearingOn: h.hearingOn, purpose: h.purpose })));
      const next = input.hearings.map((h) => h.hearingOn).sort()[0];
      await addChronologyEntry(tx, {
        youngPersonId: yp.id,
        occurredAt: new Date(),
        kind: 'court_support',
        agencyId: user.agencyId,
        sourceKind: 'court_support_plan',
        sourceId: savedId,
        summary: input.outcome
          ? `Court support at ${input.court}: the case ended on ${formatDate(input.outcomeOn)}.`
          : `Court-support plan ${planId ? 'updated' : 'started'} for ${input.court}${next ? `, first hearing listed ${formatDate(next)}` : ''}; ${input.specialMeasuresAgreed.length} of ${input.specialMeasuresAsked.length} special measures asked for agreed.`,
      });
      return savedId;
    },
  );
  return succeed({ id, created: !planId });
}

/**
 * Further information added to a concern after it was sent, by the person who raised it or
 * someone in their agency. It goes into the young person's chronology (once the concern is linked
 * to one) and shows to triage as new information until the coordinator marks it seen.
 */
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../platform/db/database.ts';
import { auditedCommand, type RequestContext } from '../../platform/audit/audit.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { MAX_FREE_TEXT } from '../../platform/http/forms.ts';
import { isUuid } from '../../platform/ids.ts';
import { fail, succeed, type Outcome } from '../../platform/outcome.ts';
import { addChronologyEntry, seesCasework } from '../young-people/index.ts';
import { agencies, users } from '../organisation/tables.ts';
import { concernAdditions, concerns } from './tables.ts';

export const concernAdditionInput = z.strictObject({
  details: z
    .string({ error: 'Enter the further information' })
    .trim()
    .min(1, 'Enter the further information')
    .max(MAX_FREE_TEXT, `The further information must be ${MAX_FREE_TEXT.toLocaleString('en-GB')} characters or fewer`),
});
export type ConcernAdditionInput = z.infer<typeof concernAdditionInput>;

const SUMMARY_LENGTH = 300;

/**
 * A concern `user` may add to: one they raised, or one raised by someone in their agency. Only
 * what the form needs to name it is read, not its content, since a colleague may not see that.
 */
export async function concernToAddTo(db: Db, user: SignedInUser, concernId: string) {
  if (!isUuid(concernId) || !seesCasework(user.role)) return null;
  const [row] = await db
    .select({ id: concerns.id, number: concerns.number, submittedAt: concerns.submittedAt, raisedByUserId: concerns.raisedByUserId, youngPersonId: concerns.youngPersonId })
    .from(concerns)
    .where(and(eq(concerns.id, concernId), eq(concerns.areaId, user.areaId), sql`(${concerns.raisedByUserId} = ${user.userId} or ${concerns.raisedByAgencyId} = ${user.agencyId})`));
  return row ?? null;
}

export async function addToConcern(db: Db, ctx: RequestContext, user: SignedInUser, concernId: string, input: ConcernAdditionInput): Promise<Outcome<{ id: string }>> {
  const concern = await concernToAddTo(db, user, concernId);
  if (!concern) return fail('not_found', { concernId: 'There is no concern with this id raised by you or your agency' });
  const id = await auditedCommand(
    db,
    ctx,
    (additionId: string) => ({ action: 'create', recordKind: 'concern_addition', recordId: additionId, details: { concernId: concern.id, youngPersonId: concern.youngPersonId } }),
    async (tx) => {
      const [row] = await tx.insert(concernAdditions).values({ concernId: concern.id, areaId: user.areaId, details: input.details, addedByUserId: user.userId, addedByAgencyId: user.agencyId }).returning({ id: concernAdditions.id });
      if (concern.youngPersonId) {
        const details = input.details.length > SUMMARY_LENGTH ? `${input.details.slice(0, SUMMARY_LENGTH)}…` : input.details;
        await addChronologyEntry(tx, { youngPersonId: concern.youngPersonId, occurredAt: new Date(), kind: 'concern', agencyId: user.agencyId, sourceKind: 'concern', sourceId: concern.id, summary: `Further information added to concern C-${concern.number} by ${user.agencyName}: ${details}` });
      }
      return row!.id;
    },
  );
  return succeed({ id });
}

/** A concern's additions, oldest first, for those who may read the concern (the caller has checked). */
export async function additionsOf(db: Db, concernId: string) {
  return db
    .select({ id: concernAdditions.id, details: concernAdditions.details, addedAt: concernAdditions.addedAt, seenAt: concernAdditions.seenAt, addedBy: users.name, agencyName: agencies.name })
    .from(concernAdditions)
    .innerJoin(users, eq(users.id, concernAdditions.addedByUserId))
    .innerJoin(agencies, eq(agencies.id, concernAdditions.addedByAgencyId))
    .where(eq(concernAdditions.concernId, concernId))
    .orderBy(asc(concernAdditions.addedAt));
}

/** Concerns of the area with information triage has not yet seen, most recent addition first. */
export async function unseenAdditions(db: Db, areaId: string) {
  return db
    .select({ concernId: concerns.id, number: concerns.number, agencyName: agencies.name, count: sql<number>`count(*)::int`, latest: sql<Date>`max(${concernAdditions.addedAt})`.mapWith((v: string | Date) => new Date(v)) })
    .from(concernAdditions)
    .innerJoin(concerns, eq(concerns.id, concernAdditions.concernId))
    .innerJoin(agencies, eq(agencies.id, concernAdditions.addedByAgencyId))
    .where(and(eq(concernAdditions.areaId, areaId), isNull(concernAdditions.seenAt)))
    .groupBy(concerns.id, concerns.number, agencies.name)
    .orderBy(desc(sql`max(${concernAdditions.addedAt})`));
}

/** The coordinator has read the new information on a concern: it is no longer flagged. */
export async function markAdditionsSeen(db: Db, ctx: RequestContext, user: SignedInUser, concernId: string): Promise<Outcome<{ seen: number }>> {
  if (!isUuid(concernId)) return fail('not_found');
  const [concern] = await db.select({ id: concerns.id }).from(concerns).where(and(eq(concerns.id, concernId), eq(concerns.areaId, user.areaId)));
  if (!concern) return fail('not_found');
  const seen = await auditedCommand(db, ctx, (n: number) => ({ action: 'update', recordKind: 'concern', recordId: concernId, details: { change: 'additions_seen', additions: n } }), async (tx) => {
    const rows = await tx
      .update(concernAdditions)
      .set({ seenAt: new Date(), seenByUserId: user.userId })
      .where(and(eq(concernAdditions.concernId, concernId), isNull(concernAdditions.seenAt)))
      .returning({ id: concernAdditions.id });
    return rows.length;
  });
  return succeed({ seen });
}

import { fail, succeed, type Outcome } from '../../platform/outcome.ts';
import { and, count, desc, eq, gt, isNull, isNotNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../platform/db/database.ts';
import { auditedCommand, auditRead, type RequestContext } from '../../platform/audit/audit.ts';
import { agencies, areas, users } from '../organisation/tables.ts';
import { youngPeople } from '../young-people/tables.ts';
import { seesCasework, survivingRecordId } from '../young-people/index.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { notify } from '../concerns/index.ts';
import { breakGlassAccesses } from './tables.ts';
import { isOneOf } from '../../platform/http/forms.ts';

export const DEFAULT_BREAK_GLASS_HOURS = 8;
export const DEFAULT_BREAK_GLASS_PER_DAY = 3;
const DAY_MS = 86_400_000;
export const REVIEW_OUTCOMES = { appropriate: 'Appropriate', not_appropriate: 'Not appropriate – raised with the user’s manager' } as const;


/**
 * Emergency access: a casework user without a need-to-know path opens a record after writing why.
 * It is allowed, time-limited, audited with the reason, and listed for the coordinator to review.
 * Whether the record exists is only revealed after a reason is given, and only within the user's area.
 */
export async function grantBreakGlass(db: Db, ctx: RequestContext, user: SignedInUser, youngPersonNumber: number, reason: string): Promise<Outcome<{ youngPersonId: string }, 'invalid' | 'not_found'>> {
  const trimmed = reason.trim();
  if (trimmed.length < 20) return fail('invalid', { reason: 'Explain in at least 20 characters why you need to see this record now' });
  if (trimmed.length > 2000) return fail('invalid', { reason: 'The reason must be 2,000 characters or fewer' });
  if (!seesCasework(user.role)) return fail('not_found');
  const [target] = await db
    .select({
      id: youngPeople.id,
      mergedIntoId: youngPeople.mergedIntoId,
      hours: sql<number | null>`(${areas.settings}->>'breakGlassHours')::int`,
      perDay: sql<number | null>`(${areas.settings}->>'breakGlassPerDay')::int`,
    })
    .from(youngPeople)
    .innerJoin(areas, eq(areas.id, youngPeople.areaId))
    .where(and(eq(youngPeople.number, youngPersonNumber), eq(youngPeople.areaId, user.areaId)));
  if (!target) {
    // Misses are audited too: probing for references is itself worth a coordinator's attention.
    await auditRead(db, ctx, { action: 'break_glass', outcome: 'failure', reason: trimmed, details: { cause: 'no_such_record' } });
    return fail('not_found');
  }
  const hours = target.hours ?? DEFAULT_BREAK_GLASS_HOURS;
  const perDay = target.perDay ?? DEFAULT_BREAK_GLASS_PER_DAY;
  // A reference of a record merged into another opens the record it was merged into.
  if (target.mergedIntoId) target.id = (await survivingRecordId(db, user.areaId, target.id)) ?? target.id;
  const granted = await auditedCommand(
    db,
    ctx,
    (ok: boolean) => ({ action: 'break_glass', recordKind: 'young_person', recordId: target.id, reason: trimmed, ...(ok ? {} : { outcome: 'denied' as const, details: { cause: 'daily_limit', limit: perDay } }) }),
    async (tx) => {
      // Counted under a lock on the user's row, so that simultaneous requests cannot pass the limit together.
      await tx.select({ id: users.id }).from(users).where(eq(users.id, user.userId)).for('update');
      const [{ used } = { used: 0 }] = await tx
        .select({ used: count() })
        .from(breakGlassAccesses)
        .where(and(eq(breakGlassAccesses.userId, user.userId), gt(breakGlassAccesses.grantedAt, new Date(Date.now() - DAY_MS))));
      if (used >= perDay) return false;
      await tx.insert(breakGlassAccesses).values({
        areaId: user.areaId,
        userId: user.userId,
        youngPersonId: target.id,
        reason: trimmed,
        expiresAt: new Date(Date.now() + hours * 3_600_000),
      });
      if (used + 1 === perDay) await alertCoordinators(tx, user, perDay);
      return true;
    },
  );
  if (!granted) {
    return fail('invalid', { reason: `You have opened ${perDay === 1 ? 'a record' : `${perDay} records`} through emergency access in the last 24 hours, the most your area allows. Ask the CSE coordinator if you need to see this one now` });
  }
  return succeed({ youngPersonId: target.id });
}

/** Every coordinator in the area is told, in their updates, that someone has reached the daily limit. */
async function alertCoordinators(tx: Db, user: SignedInUser, perDay: number) {
  const coordinators = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.areaId, user.areaId), eq(users.role, 'coordinator'), eq(users.active, true)));
  const message = `${user.name} (${user.agencyName}) has opened ${perDay} records through emergency access in 24 hours, the most your area allows, and cannot open another until the 24 hours have passed. Their reasons are on the Emergency access to review page.`;
  await notify(tx, { recipientUserIds: coordinators.map((c) => c.id), kind: 'emergency_access_limit', message });
}

const reviewer = alias(users, 'reviewer');

export async function breakGlassForReview(db: Db, areaId: string, reviewed: boolean) {
  return db
    .select({
      id: breakGlassAccesses.id,
      grantedAt: breakGlassAccesses.grantedAt,
      expiresAt: breakGlassAccesses.expiresAt,
      reason: breakGlassAccesses.reason,
      reviewedAt: breakGlassAccesses.reviewedAt,
      reviewOutcome: breakGlassAccesses.reviewOutcome,
      reviewNote: breakGlassAccesses.reviewNote,
      userName: users.name,
      agencyName: agencies.name,
      reviewerName: reviewer.name,
      youngPersonId: youngPeople.id,
      youngPersonNumber: youngPeople.number,
    })
    .from(breakGlassAccesses)
    .innerJoin(users, eq(users.id, breakGlassAccesses.userId))
    .innerJoin(agencies, eq(agencies.id, users.agencyId))
    .innerJoin(youngPeople, eq(youngPeople.id, breakGlassAccesses.youngPersonId))
    .leftJoin(reviewer, eq(reviewer.id, breakGlassAccesses.reviewedByUserId))
    .where(and(eq(breakGlassAccesses.areaId, areaId), reviewed ? isNotNull(breakGlassAccesses.reviewedAt) : isNull(breakGlassAccesses.reviewedAt)))
    .orderBy(desc(breakGlassAccesses.grantedAt))
    .limit(200);
}

export async function reviewBreakGlass(db: Db, ctx: RequestContext, reviewerUser: SignedInUser, accessId: string, outcome: string, note: string) {
  const errors: Record<string, string> = {};
  if (!isOneOf(REVIEW_OUTCOMES, outcome)) errors[`outcome-${accessId}`] = 'Select whether the emergency access was appropriate';
  if (note.length > 2000) errors[`note-${accessId}`] = 'The note must be 2,000 characters or fewer';
  if (Object.keys(errors).length) return fail('invalid', errors);
  const updated = await auditedCommand(db, ctx, { action: 'update', recordKind: 'break_glass_access', recordId: accessId, details: { reviewOutcome: outcome } }, async (tx) =>
    tx
      .update(breakGlassAccesses)
      .set({ reviewedAt: new Date(), reviewedByUserId: reviewerUser.userId, reviewOutcome: outcome, reviewNote: note || null, expiresAt: outcome === 'not_appropriate' ? new Date() : sql`${breakGlassAccesses.expiresAt}` })
      .where(and(eq(breakGlassAccesses.id, accessId), eq(breakGlassAccesses.areaId, reviewerUser.areaId), isNull(breakGlassAccesses.reviewedAt)))
      .returning({ id: breakGlassAccesses.id }),
  );
  return updated.length ? succeed() : fail('not_found');
}

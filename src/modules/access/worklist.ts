import { and, count, eq, isNull, min } from 'drizzle-orm';
import type { WorkCounts, Worklist } from '../../platform/modules.ts';
import { COORDINATOR_ROLES } from '../../platform/auth/roles.ts';
import { breakGlassAccesses } from './tables.ts';

/** Emergency accesses the coordinator has still to review: one count on the review index. */
export const emergencyAccessWorklist: Worklist = {
  id: 'emergencyAccess',
  roles: COORDINATOR_ROLES,
  async load(request): Promise<WorkCounts> {
    const user = request.user!;
    const [row] = await request.server.lantern.database.db
      .select({ n: count(), oldest: min(breakGlassAccesses.grantedAt) })
      .from(breakGlassAccesses)
      .where(and(eq(breakGlassAccesses.areaId, user.areaId), isNull(breakGlassAccesses.reviewedAt)));
    return {
      heading: 'Emergency access',
      counts: [{ label: 'emergency accesses to review', one: 'emergency access to review', count: Number(row?.n ?? 0), href: '/access/break-glass', oldest: row?.oldest ? new Date(row.oldest) : null }],
    };
  },
};

import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { signedInColumns } from '../../platform/auth/users.ts';
import { agencies, areas, users } from './tables.ts';

/** The administration page's list of an area's accounts, with their agency and area. */
export async function usersInArea(db: Db, areaId: string) {
  return db
    .select({ ...signedInColumns, active: users.active, lockedUntil: users.lockedUntil, lastSignInAt: users.lastSignInAt, jobTitle: users.jobTitle })
    .from(users)
    .innerJoin(agencies, eq(agencies.id, users.agencyId))
    .innerJoin(areas, eq(areas.id, users.areaId))
    .where(eq(users.areaId, areaId))
    .orderBy(agencies.name, sql`lower(${users.name})`);
}

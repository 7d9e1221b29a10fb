/** Who is signed in: the identity every request carries, loaded from the session's user. */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import type { Actor } from '../audit/audit.ts';
import { agencies, areas, users } from './tables.ts';
import type { AgencyKind, Role } from './roles.ts';

/** The signed-in person, with what the header and the policies need. */
export interface SignedInUser extends Actor {
  name: string;
  email: string;
  role: Role;
  agencyName: string;
  agencyKind: AgencyKind;
  areaName: string;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export const signedInColumns = {
  userId: users.id,
  name: users.name,
  email: users.email,
  role: users.role,
  agencyId: users.agencyId,
  areaId: users.areaId,
  agencyName: agencies.name,
  agencyKind: agencies.kind,
  areaName: areas.name,
};

export async function loadSignedInUser(db: Db, userId: string): Promise<SignedInUser | null> {
  const [user] = await db
    .select(signedInColumns)
    .from(users)
    .innerJoin(agencies, eq(agencies.id, users.agencyId))
    .innerJoin(areas, eq(areas.id, users.areaId))
    .where(and(eq(users.id, userId), eq(users.active, true)));
  return user ?? null;
}

export async function findUserByEmail(db: Db, email: string) {
  const [user] = await db.select().from(users).where(eq(users.email, normaliseEmail(email)));
  return user ?? null;
}

export interface LockoutPolicy {
  threshold: number;
  minutes: number;
}

/**
 * Counts one failed sign-in (a wrong password or a wrong code) inside the caller's transaction, and
 * locks the account once the threshold is reached. Counted in SQL so that simultaneous failures
 * cannot overwrite each other's count. Returns whether this failure locked the account.
 */
export async function countFailedSignIn(tx: Db, userId: string, lockout: LockoutPolicy, now: Date): Promise<boolean> {
  const [updated] = await tx
    .update(users)
    .set({ failedSignIns: sql`${users.failedSignIns} + 1` })
    .where(eq(users.id, userId))
    .returning({ failed: users.failedSignIns });
  const locked = (updated?.failed ?? 0) >= lockout.threshold;
  if (locked) {
    await tx
      .update(users)
      .set({ failedSignIns: 0, lockedUntil: new Date(now.getTime() + lockout.minutes * 60_000) })
      .where(eq(users.id, userId));
  }
  return locked;
}

import { and, eq, lt, or } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { sessions } from './tables.ts';
import { hashSecret, newSecret } from './tokens.ts';

export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
}

/** Writing last-seen on every request would turn every page view into a write; once a minute is enough. */
const TOUCH_INTERVAL_MS = 60_000;

export async function createSession(db: Db, userId: string, policy: SessionPolicy, now = new Date()): Promise<string> {
  const token = newSecret();
  await db.insert(sessions).values({
    idHash: hashSecret(token),
    userId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + policy.absoluteHours * 3_600_000),
  });
  return token;
}

export type SessionLookup = { status: 'valid'; userId: string } | { status: 'expired' } | { status: 'none' };

export async function resolveSession(db: Db, token: string, policy: SessionPolicy, now = new Date()): Promise<SessionLookup> {
  const idHash = hashSecret(token);
  const [session] = await db.select().from(sessions).where(eq(sessions.idHash, idHash));
  if (!session) return { status: 'none' };
  const idleLimit = session.lastSeenAt.getTime() + policy.idleMinutes * 60_000;
  if (now.getTime() >= idleLimit || now >= session.expiresAt) {
    await db.delete(sessions).where(eq(sessions.idHash, idHash));
    return { status: 'expired' };
  }
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, idHash));
  }
  return { status: 'valid', userId: session.userId };
}

export async function destroySession(db: Db, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.idHash, hashSecret(token)));
}

export async function destroyUserSessions(db: Db, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

/** Housekeeping: sessions past either limit are useless; remove them. */
export async function purgeExpiredSessions(db: Db, policy: SessionPolicy, now = new Date()): Promise<void> {
  const idleCutoff = new Date(now.getTime() - policy.idleMinutes * 60_000);
  await db.delete(sessions).where(or(lt(sessions.expiresAt, now), and(lt(sessions.lastSeenAt, idleCutoff))));
}

import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { auditedCommand, auditRead, type RequestContext } from '../../platform/audit/audit.ts';
import { createSession, destroySession, type SessionPolicy } from '../../platform/auth/sessions.ts';
import { verifyPassword } from '../../platform/auth/passwords.ts';
import { countFailedSignIn, findUserByEmail, type LockoutPolicy } from '../../platform/auth/users.ts';
import { users } from '../organisation/tables.ts';
import { fail, succeed, type Outcome } from '../../platform/outcome.ts';
import { createChallenge, needsTwoFactor, twoFactorStatus } from '../two-factor/index.ts';


/** Where a right password leads: a session, or first a code (or setting two-factor up). */
export type SignInStep =
  | { next: 'session'; sessionToken: string; userId: string }
  /** The password was right; a code (or setting two-factor up) comes before any session. */
  | { next: 'code' | 'set_up'; challengeToken: string; userId: string };

/**
 * Checks a password and opens a new session. Failures count towards a temporary lock. Every
 * refusal (unknown email, wrong password, locked account) is the same one, so the answer never
 * says whether the email has an account.
 */
export async function signIn(
  db: Db,
  ctx: RequestContext,
  email: string,
  password: string,
  policy: SessionPolicy & { lockout: LockoutPolicy; requireTwoFactor: boolean },
  now = new Date(),
): Promise<Outcome<SignInStep, 'invalid'>> {
  const user = await findUserByEmail(db, email);
  const passwordOk = await verifyPassword(user?.active ? user.passwordHash : null, password);
  const refused = fail('invalid', {
    email: `The email address or password is not right, or the account is locked after too many tries. Check them and try again, or wait ${policy.lockout.minutes} minutes`,
  });
  const actorFor = (u: NonNullable<typeof user>) => ({ userId: u.id, agencyId: u.agencyId, areaId: u.areaId, role: u.role });

  if (!user || !user.active) {
    await auditRead(db, ctx, { action: 'sign_in', outcome: 'failure', details: { cause: 'unknown_or_inactive_account' } });
    return refused;
  }
  const failureContext = { ...ctx, actor: actorFor(user) };
  if (user.lockedUntil && user.lockedUntil > now) {
    await auditRead(db, failureContext, { action: 'sign_in', outcome: 'denied', recordKind: 'user', recordId: user.id, details: { cause: 'locked' } });
    return refused;
  }
  if (!passwordOk) {
    return auditedCommand(
      db,
      failureContext,
      (locked: boolean) => ({ action: 'sign_in', outcome: 'failure', recordKind: 'user', recordId: user.id, details: { cause: 'wrong_password', locked } }),
      (tx) => countFailedSignIn(tx, user.id, policy.lockout, now),
    ).then(() => refused);
  }
  const status = await twoFactorStatus(db, user.id);
  const next = status.enabled ? 'code' : policy.requireTwoFactor && needsTwoFactor(user.role) ? 'set_up' : null;
  if (next) {
    // The failure count is left alone until the second step succeeds, so wrong codes and wrong
    // passwords add up to one lock however they are mixed.
    const challengeToken = await auditedCommand(
      db,
      failureContext,
      { action: 'sign_in', recordKind: 'user', recordId: user.id, details: { step: 'password', next } },
      (tx) => createChallenge(tx, user.id, next, now),
    );
    return succeed({ next, challengeToken, userId: user.id });
  }
  const sessionToken = await auditedCommand(
    db,
    failureContext,
    { action: 'sign_in', recordKind: 'user', recordId: user.id },
    async (tx) => {
      await tx.update(users).set({ failedSignIns: 0, lockedUntil: null, lastSignInAt: now }).where(eq(users.id, user.id));
      return createSession(tx, user.id, policy, now);
    },
  );
  return succeed({ next: 'session' as const, sessionToken, userId: user.id });
}

export async function signOut(db: Db, ctx: RequestContext, sessionToken: string): Promise<void> {
  await auditedCommand(db, ctx, { action: 'sign_out', recordKind: 'user', recordId: ctx.actor?.userId }, (tx) => destroySession(tx, sessionToken));
}

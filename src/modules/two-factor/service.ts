import { fail, succeed, type Outcome } from '../../platform/outcome.ts';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, randomInt } from 'node:crypto';
import { and, eq, gt, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import type { Db } from '../../platform/db/database.ts';
import { auditedCommand, type RequestContext } from '../../platform/audit/audit.ts';
import { createSession, destroyUserSessions, type SessionPolicy } from '../../platform/auth/sessions.ts';
import { hashSecret, newSecret } from '../../platform/auth/tokens.ts';
import { users } from '../organisation/tables.ts';
import { CASEWORK_ROLES, type Role } from '../../platform/auth/roles.ts';
import { countFailedSignIn, type LockoutPolicy } from '../../platform/auth/users.ts';
import { signInChallenges, twoFactorRecoveryCodes, twoFactorSecrets } from './tables.ts';

/** Everyone who can reach casework or run the system: a stolen password alone must not be enough for them. */
export { TWO_FACTOR_ROLES } from '../../platform/auth/roles.ts';
import { TWO_FACTOR_ROLES } from '../../platform/auth/roles.ts';
export const RECOVERY_CODE_COUNT = 10;
/** How long someone has between a right password and their code before they must start again. */
const CHALLENGE_MINUTES = 10;
/** A code from the step before or after the current one still works, for phones whose clocks drift a little. */
const CLOCK_TOLERANCE_SECONDS = 30;
const ISSUER = 'Lantern';
/** Holds a sign-in whose password was right while the code is still to come; not a session. */
export const CHALLENGE_COOKIE = 'lantern_sign_in_step';

export function needsTwoFactor(role: Role): boolean {
  return TWO_FACTOR_ROLES.includes(role);
}

/**
 * Encrypts authenticator secrets with a key derived from the audit key, which lives outside the
 * database: a copy of the database or a backup alone does not give anyone a working secret.
 */
export class SecretBox {
  readonly #key: Buffer;
  constructor(masterKey: string) {
    this.#key = Buffer.from(hkdfSync('sha256', masterKey, 'lantern', 'two-factor secrets v1', 32));
  }
  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }
  open(sealed: string): string {
    const raw = Buffer.from(sealed.slice('v1.'.length), 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}

// ---- Recovery codes ----

/** No 0/o, 1/l/i: codes are copied from paper. */
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

function newRecoveryCode(): string {
  const chars = Array.from({ length: 12 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

/** Spaces, dashes and capitals are forgiven: people type codes from a printout. */
export function normaliseRecoveryCode(input: string): string {
  return input.toLowerCase().replace(/[\s-]/g, '');
}

export function looksLikeRecoveryCode(input: string): boolean {
  return new RegExp(`^[${RECOVERY_ALPHABET}]{12}$`).test(normaliseRecoveryCode(input));
}

export function looksLikeAuthenticatorCode(input: string): boolean {
  return /^\d{6}$/.test(input.replace(/\s/g, ''));
}

async function replaceRecoveryCodes(tx: Db, userId: string): Promise<string[]> {
  await tx.delete(twoFactorRecoveryCodes).where(eq(twoFactorRecoveryCodes.userId, userId));
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await tx.insert(twoFactorRecoveryCodes).values(codes.map((code) => ({ userId, codeHash: hashSecret(normaliseRecoveryCode(code)) })));
  return codes;
}

export async function recoveryCodesLeft(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(twoFactorRecoveryCodes)
    .where(and(eq(twoFactorRecoveryCodes.userId, userId), isNull(twoFactorRecoveryCodes.usedAt)));
  return row?.n ?? 0;
}

// ---- Status and set-up ----

export interface TwoFactorStatus {
  enabled: boolean;
  recoveryCodesLeft: number;
}

export async function twoFactorStatus(db: Db, userId: string): Promise<TwoFactorStatus> {
  const [row] = await db.select({ confirmedAt: twoFactorSecrets.confirmedAt }).from(twoFactorSecrets).where(eq(twoFactorSecrets.userId, userId));
  const enabled = Boolean(row?.confirmedAt);
  return { enabled, recoveryCodesLeft: enabled ? await recoveryCodesLeft(db, userId) : 0 };
}

/** One primary-key look-up: asked on every page while two-factor is required. */
export async function hasTwoFactor(db: Db, userId: string): Promise<boolean> {
  const [row] = await db.select({ userId: twoFactorSecrets.userId }).from(twoFactorSecrets).where(and(eq(twoFactorSecrets.userId, userId), isNotNull(twoFactorSecrets.confirmedAt)));
  return row !== undefined;
}

export interface SetUpDetails {
  secret: string;
  /** The secret as a QR code, an SVG data address for an <img>. */
  qrCode: string;
}

/**
 * The secret for the person to add to their app. A set-up already begun keeps its secret, so
 * reloading the page does not break an app that has scanned it; an account already set up gets
 * null, because a confirmed secret is never shown again.
 */
export async function beginSetUp(db: Db, ctx: RequestContext, box: SecretBox, user: { userId: string; email: string }): Promise<SetUpDetails | null> {
  const [existing] = await db.select().from(twoFactorSecrets).where(eq(twoFactorSecrets.userId, user.userId));
  if (existing?.confirmedAt) return null;
  let secret: string;
  if (existing) {
    secret = box.open(existing.secretEncrypted);
  } else {
    secret = generateSecret();
    await auditedCommand(db, ctx, { action: 'create', recordKind: 'two_factor', recordId: user.userId, details: { step: 'set_up_started' } }, async (tx) => {
      // Two tabs starting at once: the second keeps the first one's secret.
      await tx.insert(twoFactorSecrets).values({ userId: user.userId, secretEncrypted: box.seal(secret) }).onConflictDoNothing();
    });
    const [row] = await db.select().from(twoFactorSecrets).where(eq(twoFactorSecrets.userId, user.userId));
    if (!row || row.confirmedAt) return null;
    secret = box.open(row.secretEncrypted);
  }
  const uri = generateURI({ issuer: ISSUER, label: user.email, secret });
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret, qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
}

async function checkCode(secret: string, code: string, afterTimeStep: number | null, now: Date): Promise<number | null> {
  const result = await verify({
    secret,
    token: code.replace(/\s/g, ''),
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: CLOCK_TOLERANCE_SECONDS,
    ...(afterTimeStep === null ? {} : { afterTimeStep }),
  });
  // A time-based check always reports its step; without one there is nothing to guard against replay.
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

/**
 * Two-factor switched on: the recovery codes to show once, and the session it opened during a
 * sign-in. Refused with a message for `code`; `not_found` when the sign-in it belonged to has ended.
 */
export type SetUpConfirmation = Outcome<{ recoveryCodes: string[]; sessionToken: string | null }, 'invalid' | 'conflict' | 'not_found'>;

/**
 * Switches two-factor on once the person's app gives a right code; returns the recovery codes,
 * shown this once. During a sign-in (`signIn`), the same transaction opens the session, so the
 * set-up and the sign-in it completes succeed or fail together.
 */
export async function confirmSetUp(
  db: Db,
  ctx: RequestContext,
  box: SecretBox,
  userId: string,
  code: string,
  signIn: { challengeToken: string; policy: SessionPolicy } | null = null,
  now = new Date(),
): Promise<SetUpConfirmation> {
  if (!code) return fail('invalid', { code: 'Enter the 6-digit code from your authenticator app' });
  if (!looksLikeAuthenticatorCode(code)) return fail('invalid', { code: 'The code must be 6 digits, like 123456' });
  return auditedCommand(
    db,
    ctx,
    (result: SetUpConfirmation) =>
      result.ok
        ? signIn
          ? { action: 'sign_in', recordKind: 'user', recordId: userId, details: { secondFactor: 'set_up', step: 'set_up_completed', recoveryCodes: RECOVERY_CODE_COUNT } }
          : { action: 'update', recordKind: 'two_factor', recordId: userId, details: { step: 'set_up_completed', recoveryCodes: RECOVERY_CODE_COUNT } }
        : { action: 'update', recordKind: 'two_factor', recordId: userId, outcome: 'failure', details: { step: 'set_up_code_wrong' } },
    async (tx): Promise<SetUpConfirmation> => {
      if (signIn) {
        const challenge = await findChallenge(tx, signIn.challengeToken, now);
        if (!challenge || challenge.purpose !== 'set_up' || challenge.userId !== userId) return fail('not_found', { code: 'Sign in again' });
      }
      const [row] = await tx.select().from(twoFactorSecrets).where(eq(twoFactorSecrets.userId, userId)).for('update');
      if (!row || row.confirmedAt) return fail('conflict', { code: 'Two-factor sign-in is already set up, or the set-up has ended. Start again' });
      const step = await checkCode(box.open(row.secretEncrypted), code, null, now);
      if (step === null) return fail('invalid', { code: 'The code is not right. Check your app shows Lantern and enter the code it shows now' });
      await tx.update(twoFactorSecrets).set({ confirmedAt: now, lastTimeStep: step }).where(eq(twoFactorSecrets.userId, userId));
      const recoveryCodes = await replaceRecoveryCodes(tx, userId);
      if (!signIn) return succeed({ recoveryCodes, sessionToken: null });
      await tx.update(users).set({ failedSignIns: 0, lockedUntil: null, lastSignInAt: now }).where(eq(users.id, userId));
      await tx.delete(signInChallenges).where(eq(signInChallenges.userId, userId));
      return succeed({ recoveryCodes, sessionToken: await createSession(tx, userId, signIn.policy, now) });
    },
  );
}

// ---- The second step of signing in ----

export interface Challenge {
  userId: string;
  purpose: 'code' | 'set_up';
}

export async function createChallenge(db: Db, userId: string, purpose: Challenge['purpose'], now = new Date()): Promise<string> {
  const token = newSecret();
  // An older half-finished sign-in of the same person has no further use.
  await db.delete(signInChallenges).where(eq(signInChallenges.userId, userId));
  await db.insert(signInChallenges).values({ idHash: hashSecret(token), userId, purpose, expiresAt: new Date(now.getTime() + CHALLENGE_MINUTES * 60_000) });
  return token;
}

export async function findChallenge(db: Db, token: string | undefined, now = new Date()): Promise<Challenge | null> {
  if (!token) return null;
  await db.delete(signInChallenges).where(lt(signInChallenges.expiresAt, now));
  const [row] = await db
    .select({ userId: signInChallenges.userId, purpose: signInChallenges.purpose })
    .from(signInChallenges)
    .innerJoin(users, eq(users.id, signInChallenges.userId))
    .where(and(eq(signInChallenges.idHash, hashSecret(token)), gt(signInChallenges.expiresAt, now), eq(users.active, true)));
  return row ?? null;
}

/**
 * The session a right code opens, and how many recovery codes are left when one was used. Refused
 * as `not_found` when there is no half-finished sign-in, `forbidden` when the account is locked,
 * `invalid` for a wrong code; the message is for the field the code was typed in.
 */
export type SecondStep = Outcome<{ sessionToken: string; recoveryCodesLeft: number | null }, 'invalid' | 'forbidden' | 'not_found'>;

/**
 * Checks the code (or a recovery code) for a half-finished sign-in and, when right, opens the
 * session. A wrong code counts towards the same lock as a wrong password: guessing codes is no
 * cheaper than guessing passwords. A code's time step is remembered so it cannot be used again.
 */
export async function completeSignIn(
  db: Db,
  ctx: RequestContext,
  box: SecretBox,
  challengeToken: string,
  input: { code: string } | { recoveryCode: string },
  policy: SessionPolicy & { lockout: LockoutPolicy },
  now = new Date(),
): Promise<SecondStep> {
  const challenge = await findChallenge(db, challengeToken, now);
  if (!challenge || challenge.purpose !== 'code') return fail('not_found');
  const [user] = await db.select().from(users).where(eq(users.id, challenge.userId));
  if (!user) return fail('not_found');
  const actorCtx = { ...ctx, actor: { userId: user.id, agencyId: user.agencyId, areaId: user.areaId, role: user.role } };
  const method = 'code' in input ? 'authenticator_code' : 'recovery_code';
  const field = 'code' in input ? 'code' : 'recoveryCode';
  const locked = () => fail('forbidden', { [field]: `There have been too many wrong tries, so the account is locked for ${policy.lockout.minutes} minutes. Sign in again after that` });

  if (user.lockedUntil && user.lockedUntil > now) {
    return auditedCommand(db, actorCtx, { action: 'sign_in', outcome: 'denied', recordKind: 'user', recordId: user.id, details: { cause: 'locked', step: 'second_factor' } }, async (tx) => {
      await tx.delete(signInChallenges).where(eq(signInChallenges.userId, user.id));
      return locked();
    });
  }

  type Attempt = { accepted: true; sessionToken: string; left: number | null } | { accepted: false; locked: boolean };
  const attempt = await auditedCommand(
    db,
    actorCtx,
    (o: Attempt) =>
      o.accepted
        ? { action: 'sign_in', recordKind: 'user', recordId: user.id, details: { secondFactor: method, ...(o.left === null ? {} : { recoveryCodesLeft: o.left }) } }
        : { action: 'sign_in', outcome: 'failure', recordKind: 'user', recordId: user.id, details: { cause: method === 'recovery_code' ? 'wrong_recovery_code' : 'wrong_code', locked: o.locked } },
    async (tx): Promise<Attempt> => {
      // Locked so that two requests with the same code cannot both pass before the step is saved.
      const [secretRow] = await tx.select().from(twoFactorSecrets).where(eq(twoFactorSecrets.userId, user.id)).for('update');
      let accepted = false;
      let left: number | null = null;
      if (secretRow?.confirmedAt) {
        if ('code' in input) {
          const step = await checkCode(box.open(secretRow.secretEncrypted), input.code, secretRow.lastTimeStep, now);
          if (step !== null) {
            accepted = true;
            await tx.update(twoFactorSecrets).set({ lastTimeStep: step }).where(eq(twoFactorSecrets.userId, user.id));
          }
        } else {
          const used = await tx
            .update(twoFactorRecoveryCodes)
            .set({ usedAt: now })
            .where(
              and(
                eq(twoFactorRecoveryCodes.userId, user.id),
                eq(twoFactorRecoveryCodes.codeHash, hashSecret(normaliseRecoveryCode(input.recoveryCode))),
                isNull(twoFactorRecoveryCodes.usedAt),
              ),
            )
            .returning({ id: twoFactorRecoveryCodes.id });
          if (used.length === 1) {
            accepted = true;
            left = await recoveryCodesLeft(tx, user.id);
          }
        }
      }
      if (!accepted) {
        const locked = await countFailedSignIn(tx, user.id, policy.lockout, now);
        if (locked) await tx.delete(signInChallenges).where(eq(signInChallenges.userId, user.id));
        return { accepted: false, locked };
      }
      await tx.update(users).set({ failedSignIns: 0, lockedUntil: null, lastSignInAt: now }).where(eq(users.id, user.id));
      await tx.delete(signInChallenges).where(eq(signInChallenges.userId, user.id));
      return { accepted: true, sessionToken: await createSession(tx, user.id, policy, now), left };
    },
  );
  if (attempt.accepted) return succeed({ sessionToken: attempt.sessionToken, recoveryCodesLeft: attempt.left });
  if (attempt.locked) return locked();
  return fail('invalid', { [field]: field === 'code' ? 'The code is not right, or it has been used already. Enter the code your app shows now' : 'That recovery code is not right, or it has been used already' });
}

// ---- Reset ----

/**
 * Removes someone's two-factor set-up (a lost phone) so they set it up again at their next
 * sign-in, and signs them out everywhere. A coordinator may do this for casework accounts of their
 * own area, an administrator for anyone else; nobody for themselves, or losing the phone would be
 * a way round the second factor.
 */
export async function resetTwoFactor(
  db: Db,
  ctx: RequestContext,
  /** 'command_line': whoever runs the server's command line, the way back in for the last administrator. */
  actor: { userId: string; role: Role; areaId: string } | 'command_line',
  targetUserId: string,
): Promise<Outcome<undefined, 'not_found' | 'forbidden' | 'conflict'>> {
  const [target] = await db.select().from(users).where(eq(users.id, targetUserId));
  if (!target) return fail('not_found');
  if (actor !== 'command_line') {
    if (actor.role === 'coordinator' && (target.areaId !== actor.areaId || !CASEWORK_ROLES.includes(target.role))) return fail('not_found');
    if (actor.role !== 'coordinator' && actor.role !== 'administrator') return fail('not_found');
    if (target.id === actor.userId) return fail('forbidden', { reset: 'You cannot reset your own two-factor sign-in. Ask another coordinator or an administrator' });
  }
  return auditedCommand(
    db,
    ctx,
    (r: Outcome<undefined, 'conflict'>) => ({ action: 'permission_change', recordKind: 'two_factor', recordId: target.id, outcome: r.ok ? 'success' : 'failure', details: { change: 'two_factor_reset', ...(actor === 'command_line' ? { by: 'command_line' } : {}), ...(r.ok ? {} : { cause: 'not_set_up' }) } }),
    async (tx): Promise<Outcome<undefined, 'conflict'>> => {
      const [current] = await tx.select({ confirmedAt: twoFactorSecrets.confirmedAt }).from(twoFactorSecrets).where(eq(twoFactorSecrets.userId, target.id)).for('update');
      if (!current?.confirmedAt) return fail('conflict', { reset: 'Two-factor sign-in is not set up for this person, so there is nothing to reset' });
      await tx.delete(twoFactorSecrets).where(eq(twoFactorSecrets.userId, target.id));
      await tx.delete(twoFactorRecoveryCodes).where(eq(twoFactorRecoveryCodes.userId, target.id));
      await tx.delete(signInChallenges).where(eq(signInChallenges.userId, target.id));
      await destroyUserSessions(tx, target.id);
      return succeed();
    },
  );
}

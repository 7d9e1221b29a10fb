import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { auditedCommand, type RequestContext } from '../../platform/audit/audit.ts';
import { hashPassword, passwordProblem } from '../../platform/auth/passwords.ts';
import { destroyUserSessions } from '../../platform/auth/sessions.ts';
import { hashSecret, newSecret } from '../../platform/auth/tokens.ts';
import { agencies, areas, userInvites, users } from './tables.ts';
import { AGENCY_KINDS, isRole, type AgencyKind, type Role } from './roles.ts';
import { normaliseEmail } from './users.ts';
import { isUuid } from '../../platform/ids.ts';

export type Result<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

const INVITE_DAYS = 7;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface NewArea {
  name: string;
  code: string;
}

export async function createArea(db: Db, ctx: RequestContext, input: NewArea): Promise<Result<{ id: string }>> {
  const errors: Record<string, string> = {};
  const name = input.name.trim();
  const code = input.code.trim().toUpperCase();
  if (!name) errors.name = 'Enter the name of the area';
  else if (name.length > 120) errors.name = 'Area name must be 120 characters or fewer';
  if (!/^[A-Z0-9-]{2,12}$/.test(code)) errors.code = 'Enter a short code of 2 to 12 letters, numbers or hyphens, like NBR';
  if (!errors.code && (await db.select({ id: areas.id }).from(areas).where(eq(areas.code, code))).length > 0) {
    errors.code = 'An area with this code already exists';
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const value = await auditedCommand(db, ctx, (r: { id: string }) => ({ action: 'create', recordKind: 'area', recordId: r.id }), async (tx) => {
    const [row] = await tx.insert(areas).values({ name, code }).returning({ id: areas.id });
    return row!;
  });
  return { ok: true, value };
}

export interface NewAgency {
  areaId: string;
  name: string;
  kind: string;
}

export async function createAgency(db: Db, ctx: RequestContext, input: NewAgency): Promise<Result<{ id: string }>> {
  const errors: Record<string, string> = {};
  const name = input.name.trim();
  if (!name) errors.name = 'Enter the name of the agency';
  else if (name.length > 160) errors.name = 'Agency name must be 160 characters or fewer';
  if (!(AGENCY_KINDS as readonly string[]).includes(input.kind)) errors.kind = 'Select the kind of agency';
  if (!errors.name) {
    const clash = await db.select({ id: agencies.id }).from(agencies).where(and(eq(agencies.areaId, input.areaId), eq(agencies.name, name)));
    if (clash.length) errors.name = 'This area already has an agency with that name';
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const value = await auditedCommand(db, ctx, (r: { id: string }) => ({ action: 'create', recordKind: 'agency', recordId: r.id }), async (tx) => {
    const [row] = await tx.insert(agencies).values({ areaId: input.areaId, name, kind: input.kind as AgencyKind }).returning({ id: agencies.id });
    return row!;
  });
  return { ok: true, value };
}

export interface NewUser {
  /** When given, the agency must belong to this area. */
  areaId?: string;
  agencyId: string;
  name: string;
  email: string;
  role: string;
  jobTitle?: string;
  /** Set directly (CLI, demo); otherwise the user is invited to choose one. */
  password?: string;
}

export interface CreatedUser {
  id: string;
  /** The one-time link token for the invite, when no password was given. Shown once. */
  inviteToken: string | null;
}

export async function createUser(db: Db, ctx: RequestContext, input: NewUser): Promise<Result<CreatedUser>> {
  const errors: Record<string, string> = {};
  const name = input.name.trim();
  const email = normaliseEmail(input.email);
  if (!name) errors.name = 'Enter the person’s full name';
  else if (name.length > 120) errors.name = 'Name must be 120 characters or fewer';
  if (!email) errors.email = 'Enter their work email address';
  else if (!EMAIL_PATTERN.test(email) || email.length > 254) errors.email = 'Enter an email address in the correct format, like name@example.org';
  if (!isRole(input.role)) errors.role = 'Select a role';
  if (input.password !== undefined) {
    const problem = passwordProblem(input.password);
    if (problem) errors.password = problem;
  }
  const [agency] = isUuid(input.agencyId) ? await db.select().from(agencies).where(eq(agencies.id, input.agencyId)) : [];
  if (!agency || (input.areaId && agency.areaId !== input.areaId)) errors.agencyId = 'Select the agency they work for';
  if (!errors.email && (await db.select({ id: users.id }).from(users).where(eq(users.email, email))).length > 0) {
    errors.email = 'Someone already uses this email address in Lantern';
  }
  if (Object.keys(errors).length || !agency) return { ok: false, errors };
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  const value = await auditedCommand(
    db,
    ctx,
    (r: CreatedUser) => ({ action: 'permission_change', recordKind: 'user', recordId: r.id, details: { change: 'created', role: input.role, agencyId: agency.id } }),
    async (tx) => {
      const [row] = await tx
        .insert(users)
        .values({ areaId: agency.areaId, agencyId: agency.id, name, email, role: input.role as Role, jobTitle: input.jobTitle?.trim() || null, passwordHash })
        .returning({ id: users.id });
      const inviteToken = passwordHash ? null : await issueInvite(tx, row!.id);
      return { id: row!.id, inviteToken };
    },
  );
  return { ok: true, value };
}

async function issueInvite(tx: Db, userId: string): Promise<string> {
  const token = newSecret();
  await tx.insert(userInvites).values({ userId, tokenHash: hashSecret(token), expiresAt: new Date(Date.now() + INVITE_DAYS * 86_400_000) });
  return token;
}

export async function findValidInvite(db: Db, token: string) {
  const [invite] = await db
    .select({ id: userInvites.id, userId: userInvites.userId, name: users.name })
    .from(userInvites)
    .innerJoin(users, eq(users.id, userInvites.userId))
    .where(and(eq(userInvites.tokenHash, hashSecret(token)), isNull(userInvites.usedAt), gt(userInvites.expiresAt, new Date()), eq(users.active, true)));
  return invite ?? null;
}

export async function acceptInvite(db: Db, ctx: RequestContext, token: string, password: string, confirm: string): Promise<Result<{ userId: string }>> {
  const invite = await findValidInvite(db, token);
  if (!invite) return { ok: false, errors: { invite: 'This link has expired or has already been used. Ask your administrator for a new one' } };
  const problem = passwordProblem(password);
  if (problem) return { ok: false, errors: { password: problem } };
  if (password !== confirm) return { ok: false, errors: { confirm: 'The passwords do not match' } };
  const passwordHash = await hashPassword(password);
  await auditedCommand(db, { ...ctx }, { action: 'update', recordKind: 'user', recordId: invite.userId, details: { change: 'password_set_from_invite' } }, async (tx) => {
    await tx.update(userInvites).set({ usedAt: new Date() }).where(eq(userInvites.id, invite.id));
    await tx.update(users).set({ passwordHash, failedSignIns: 0, lockedUntil: null }).where(eq(users.id, invite.userId));
  });
  return { ok: true, value: { userId: invite.userId } };
}

export interface UserChange {
  role: string;
  agencyId: string;
}

export async function changeUserAccess(db: Db, ctx: RequestContext, userId: string, change: UserChange): Promise<Result<null>> {
  const errors: Record<string, string> = {};
  if (!isRole(change.role)) errors.role = 'Select a role';
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  const [agency] = isUuid(change.agencyId) ? await db.select().from(agencies).where(eq(agencies.id, change.agencyId)) : [];
  if (!agency || !user || agency.areaId !== user.areaId) errors.agencyId = 'Select an agency in the user’s area';
  if (Object.keys(errors).length || !user) return { ok: false, errors };
  await auditedCommand(
    db,
    ctx,
    { action: 'permission_change', recordKind: 'user', recordId: userId, details: { change: 'role_or_agency', from: { role: user.role, agencyId: user.agencyId }, to: change } },
    async (tx) => {
      await tx.update(users).set({ role: change.role as Role, agencyId: change.agencyId }).where(eq(users.id, userId));
      // A change of role takes effect at once: open sessions would otherwise keep the old reach.
      await destroyUserSessions(tx, userId);
    },
  );
  return { ok: true, value: null };
}

export async function setUserActive(db: Db, ctx: RequestContext, userId: string, active: boolean): Promise<void> {
  await auditedCommand(db, ctx, { action: 'permission_change', recordKind: 'user', recordId: userId, details: { change: active ? 'reactivated' : 'deactivated' } }, async (tx) => {
    await tx.update(users).set({ active }).where(eq(users.id, userId));
    if (!active) await destroyUserSessions(tx, userId);
  });
}

export async function unlockUser(db: Db, ctx: RequestContext, userId: string): Promise<void> {
  await auditedCommand(db, ctx, { action: 'update', recordKind: 'user', recordId: userId, details: { change: 'unlocked' } }, async (tx) => {
    await tx.update(users).set({ failedSignIns: 0, lockedUntil: null }).where(eq(users.id, userId));
  });
}

export async function reissueInvite(db: Db, ctx: RequestContext, userId: string): Promise<string> {
  return auditedCommand(db, ctx, { action: 'update', recordKind: 'user', recordId: userId, details: { change: 'invite_reissued' } }, (tx) => issueInvite(tx, userId));
}

import { fail, succeed, type Outcome } from '../../platform/outcome.ts';
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../platform/db/database.ts';
import { auditedCommand, type RequestContext } from '../../platform/audit/audit.ts';
import { hashPassword, passwordProblem } from '../../platform/auth/passwords.ts';
import { destroyUserSessions } from '../../platform/auth/sessions.ts';
import { hashSecret, newSecret } from '../../platform/auth/tokens.ts';
import { accessApprovals, agencies, areas, userInvites, users } from './tables.ts';
import { CASEWORK_ROLES, isRole, type Role } from '../../platform/auth/roles.ts';
import { AGENCY_KINDS, type AgencyKind } from '../../platform/auth/roles.ts';
import { normaliseEmail } from '../../platform/auth/users.ts';
import { isUuid } from '../../platform/ids.ts';


const INVITE_DAYS = 7;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface NewArea {
  name: string;
  code: string;
}

export async function createArea(db: Db, ctx: RequestContext, input: NewArea): Promise<Outcome<{ id: string }, 'invalid'>> {
  const errors: Record<string, string> = {};
  const name = input.name.trim();
  const code = input.code.trim().toUpperCase();
  if (!name) errors.name = 'Enter the name of the area';
  else if (name.length > 120) errors.name = 'Area name must be 120 characters or fewer';
  if (!/^[A-Z0-9-]{2,12}$/.test(code)) errors.code = 'Enter a short code of 2 to 12 letters, numbers or hyphens, like NBR';
  if (!errors.code && (await db.select({ id: areas.id }).from(areas).where(eq(areas.code, code))).length > 0) {
    errors.code = 'An area with this code already exists';
  }
  if (Object.keys(errors).length) return fail('invalid', errors);
  const value = await auditedCommand(db, ctx, (r: { id: string }) => ({ action: 'create', recordKind: 'area', recordId: r.id }), async (tx) => {
    const [row] = await tx.insert(areas).values({ name, code }).returning({ id: areas.id });
    return row!;
  });
  return succeed(value);
}

export interface NewAgency {
  areaId: string;
  name: string;
  kind: string;
}

export async function createAgency(db: Db, ctx: RequestContext, input: NewAgency): Promise<Outcome<{ id: string }, 'invalid'>> {
  const errors: Record<string, string> = {};
  const name = input.name.trim();
  if (!name) errors.name = 'Enter the name of the agency';
  else if (name.length > 160) errors.name = 'Agency name must be 160 characters or fewer';
  if (!(AGENCY_KINDS as readonly string[]).includes(input.kind)) errors.kind = 'Select the kind of agency';
  if (!errors.name) {
    const clash = await db.select({ id: agencies.id }).from(agencies).where(and(eq(agencies.areaId, input.areaId), eq(agencies.name, name)));
    if (clash.length) errors.name = 'This area already has an agency with that name';
  }
  if (Object.keys(errors).length) return fail('invalid', errors);
  const value = await auditedCommand(db, ctx, (r: { id: string }) => ({ action: 'create', recordKind: 'agency', recordId: r.id }), async (tx) => {
    const [row] = await tx.insert(agencies).values({ areaId: input.areaId, name, kind: input.kind as AgencyKind }).returning({ id: agencies.id });
    return row!;
  });
  return succeed(value);
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
  /**
   * Who asked, from the administration pages: a casework role then waits, inactive, for a
   * coordinator's approval. Absent for the server's command line and the demo seed.
   */
  requestedBy?: string;
}

const givesCasework = (role: string) => (CASEWORK_ROLES as readonly string[]).includes(role);

export interface CreatedUser {
  id: string;
  /** The one-time link token for the invite, when no password was given. Shown once. */
  inviteToken: string | null;
  /** The account gives casework access and stays inactive until a coordinator approves it. */
  awaitsApproval: boolean;
}

export async function createUser(db: Db, ctx: RequestContext, input: NewUser): Promise<Outcome<CreatedUser, 'invalid'>> {
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
  if (Object.keys(errors).length || !agency) return fail('invalid', errors);
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  const awaitsApproval = input.requestedBy !== undefined && givesCasework(input.role);
  const value = await auditedCommand(
    db,
    ctx,
    (r: CreatedUser) => ({ action: 'permission_change', recordKind: 'user', recordId: r.id, details: { change: 'created', role: input.role, agencyId: agency.id, awaitsApproval } }),
    async (tx) => {
      const [row] = await tx
        .insert(users)
        .values({ areaId: agency.areaId, agencyId: agency.id, name, email, role: input.role as Role, jobTitle: input.jobTitle?.trim() || null, passwordHash, active: !awaitsApproval })
        .returning({ id: users.id });
      if (awaitsApproval) {
        await tx.insert(accessApprovals).values({ areaId: agency.areaId, userId: row!.id, kind: 'new_account', role: input.role as Role, agencyId: agency.id, requestedByUserId: input.requestedBy! });
      }
      const inviteToken = passwordHash ? null : await issueInvite(tx, row!.id);
      return { id: row!.id, inviteToken, awaitsApproval };
    },
  );
  return succeed(value);
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

export async function acceptInvite(db: Db, ctx: RequestContext, token: string, password: string, confirm: string): Promise<Outcome<{ userId: string }, 'invalid'>> {
  const invite = await findValidInvite(db, token);
  if (!invite) return fail('invalid', { invite: 'This link has expired or has already been used. Ask your administrator for a new one' });
  const problem = passwordProblem(password);
  if (problem) return fail('invalid', { password: problem });
  if (password !== confirm) return fail('invalid', { confirm: 'The passwords do not match' });
  const passwordHash = await hashPassword(password);
  await auditedCommand(db, { ...ctx }, { action: 'update', recordKind: 'user', recordId: invite.userId, details: { change: 'password_set_from_invite' } }, async (tx) => {
    await tx.update(userInvites).set({ usedAt: new Date() }).where(eq(userInvites.id, invite.id));
    await tx.update(users).set({ passwordHash, failedSignIns: 0, lockedUntil: null }).where(eq(users.id, invite.userId));
    // A new password ends every session: whoever knew the old one is signed out.
    await destroyUserSessions(tx, invite.userId);
  });
  return succeed({ userId: invite.userId });
}

export interface UserChange {
  role: string;
  agencyId: string;
}

/**
 * An administrator's change to someone's role or agency. Nobody changes their own. A change that
 * leaves the person with casework access waits for a coordinator of the area (see accessApprovals);
 * any other change (to figures only, or administration) takes effect at once.
 */
export async function changeUserAccess(db: Db, ctx: RequestContext, actorUserId: string, userId: string, change: UserChange): Promise<Outcome<{ awaitsApproval: boolean }, 'invalid'>> {
  const errors: Record<string, string> = {};
  if (actorUserId === userId) return fail('invalid', { role: 'You cannot change your own role or agency. Ask another administrator' });
  if (!isRole(change.role)) errors.role = 'Select a role';
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  const [agency] = isUuid(change.agencyId) ? await db.select().from(agencies).where(eq(agencies.id, change.agencyId)) : [];
  if (!agency || !user || agency.areaId !== user.areaId) errors.agencyId = 'Select an agency in the user’s area';
  if (Object.keys(errors).length || !user) return fail('invalid', errors);
  if (user.role === change.role && user.agencyId === change.agencyId) return succeed({ awaitsApproval: false });
  const awaitsApproval = givesCasework(change.role);
  await auditedCommand(
    db,
    ctx,
    { action: 'permission_change', recordKind: 'user', recordId: userId, details: { change: awaitsApproval ? 'role_or_agency_requested' : 'role_or_agency', from: { role: user.role, agencyId: user.agencyId }, to: change } },
    async (tx) => {
      await tx.update(accessApprovals).set({ decision: 'replaced', decidedAt: new Date() }).where(and(eq(accessApprovals.userId, userId), isNull(accessApprovals.decidedAt)));
      if (awaitsApproval) {
        await tx.insert(accessApprovals).values({ areaId: user.areaId, userId, kind: 'change', role: change.role as Role, agencyId: change.agencyId, requestedByUserId: actorUserId });
        return;
      }
      await tx.update(users).set({ role: change.role as Role, agencyId: change.agencyId }).where(eq(users.id, userId));
      // A change of role takes effect at once: open sessions would otherwise keep the old reach.
      await destroyUserSessions(tx, userId);
    },
  );
  return succeed({ awaitsApproval });
}

const requester = alias(users, 'requester');

/** Changes waiting for a coordinator of the area, oldest first. */
export async function approvalsWaiting(db: Db, areaId: string) {
  return db
    .select({
      id: accessApprovals.id,
      kind: accessApprovals.kind,
      role: accessApprovals.role,
      requestedAt: accessApprovals.requestedAt,
      userId: users.id,
      name: users.name,
      email: users.email,
      currentRole: users.role,
      agencyName: agencies.name,
      requestedByName: requester.name,
    })
    .from(accessApprovals)
    .innerJoin(users, eq(users.id, accessApprovals.userId))
    .innerJoin(agencies, eq(agencies.id, accessApprovals.agencyId))
    .leftJoin(requester, eq(requester.id, accessApprovals.requestedByUserId))
    .where(and(eq(accessApprovals.areaId, areaId), isNull(accessApprovals.decidedAt)))
    .orderBy(accessApprovals.requestedAt);
}

/** What is waiting for one person, for the administrator's page. */
export async function approvalWaitingFor(db: Db, userId: string) {
  const [row] = await db.select().from(accessApprovals).where(and(eq(accessApprovals.userId, userId), isNull(accessApprovals.decidedAt))).orderBy(desc(accessApprovals.requestedAt)).limit(1);
  return row ?? null;
}

/**
 * A coordinator approves or refuses a waiting change. They may not decide one about themselves or
 * one they asked for. Approving applies it (and activates a new account); either way it is audited.
 */
export async function decideApproval(db: Db, ctx: RequestContext, coordinator: { userId: string; areaId: string }, approvalId: string, decision: string): Promise<Outcome<{ decision: 'approved' | 'refused' }, 'invalid' | 'not_found'>> {
  if (decision !== 'approve' && decision !== 'refuse') return fail('invalid', { [`decision-${approvalId}`]: 'Choose whether to approve or refuse the change' });
  if (!isUuid(approvalId)) return fail('not_found');
  const outcome = decision === 'approve' ? 'approved' : 'refused';
  const done = await auditedCommand(
    db,
    ctx,
    (row: { userId: string } | null) =>
      row
        ? { action: 'permission_change', recordKind: 'user', recordId: row.userId, details: { change: `access_${outcome}`, approvalId } }
        : { action: 'permission_change', recordKind: 'access_approval', recordId: approvalId, outcome: 'denied', details: { change: `access_${outcome}` } },
    async (tx) => {
      const [approval] = await tx
        .select()
        .from(accessApprovals)
        .where(and(eq(accessApprovals.id, approvalId), eq(accessApprovals.areaId, coordinator.areaId), isNull(accessApprovals.decidedAt)))
        .for('update');
      if (!approval || approval.userId === coordinator.userId || approval.requestedByUserId === coordinator.userId) return null;
      await tx.update(accessApprovals).set({ decision: outcome, decidedByUserId: coordinator.userId, decidedAt: new Date() }).where(eq(accessApprovals.id, approval.id));
      if (outcome === 'approved') {
        await tx.update(users).set({ role: approval.role, agencyId: approval.agencyId, ...(approval.kind === 'new_account' ? { active: true } : {}) }).where(eq(users.id, approval.userId));
        await destroyUserSessions(tx, approval.userId);
      }
      return { userId: approval.userId };
    },
  );
  return done ? succeed({ decision: outcome }) : fail('not_found');
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

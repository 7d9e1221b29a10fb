import { refusalPage } from '../../platform/http/refusals.ts';
import type { FastifyInstance } from 'fastify';
import { asc, eq } from 'drizzle-orm';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formErrors } from '../../platform/http/forms.ts';
import { form, formText, queryText, recordAddress } from '../../platform/http/page-input.ts';
import { notFound } from '../../platform/http/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { listApiTokens, revokeApiToken } from '../../platform/auth/api-tokens.ts';
import { agencies, areas, users } from './tables.ts';
import { ADMINISTRATOR_ROLES, COORDINATOR_ROLES, ROLE_LABELS, ROLES } from '../../platform/auth/roles.ts';
import { AGENCY_KIND_LABELS, AGENCY_KINDS } from '../../platform/auth/roles.ts';
import { usersInArea } from './users.ts';
import { acceptInvite, approvalWaitingFor, approvalsWaiting, changeUserAccess, createAgency, createArea, createUser, decideApproval, findValidInvite, reissueInvite, setUserActive, unlockUser } from './service.ts';
import { canSendMail, mailOptions, sendMail } from '../../platform/mail.ts';
import { twoFactorStatus } from '../two-factor/index.ts';

/** Administration pages that show no one's account: area names, empty forms. */
const ADMIN_NOTHING_PERSONAL = { roles: ADMINISTRATOR_ROLES, audit: { none: 'areas and agencies by name, or an empty form: no one’s account is shown' } } as const;
const roleItems = (selected?: string) => ROLES.map((r) => ({ value: r, text: ROLE_LABELS[r], checked: r === selected }));
/** A password as typed: spaces are part of it. Anything but one string reads as none. */
const inviteAddress = z.object({ token: z.string() });
const passwordAsTyped = z.unknown().optional().transform((value) => (typeof value === 'string' ? value : ''));
const kindItems = (selected?: string) => AGENCY_KINDS.map((k) => ({ value: k, text: AGENCY_KIND_LABELS[k], checked: k === selected }));

/** Areas, agencies and users: for administrators, who see no casework. */
export default async function organisationRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  async function areaOr404(id: string) {
    if (!isUuid(id)) throw notFound();
    const [area] = await db.select().from(areas).where(eq(areas.id, id));
    if (!area) throw notFound();
    return area;
  }

  app.get('/admin', { config: ADMIN_NOTHING_PERSONAL }, async (_request, reply) => {
    const allAreas = await db.select().from(areas).orderBy(asc(areas.name));
    return reply.page('organisation/views/admin.njk', { title: 'Administration', areas: allAreas });
  });

  app.get('/admin/areas/new', { config: ADMIN_NOTHING_PERSONAL }, async (_request, reply) => reply.page('organisation/views/area-new.njk', { title: 'Add an area', backLink: '/admin' }));

  pages.post('/admin/areas', { config: { roles: ADMINISTRATOR_ROLES, audit: { action: 'create', recordKind: 'area' } }, schema: { body: form({ name: formText, code: formText }) } }, async (request, reply) => {
    const input = { name: request.body.name, code: request.body.code };
    const result = await createArea(db, request.ctx, input);
    if (!result.ok) return reply.code(400).page('organisation/views/area-new.njk', { title: 'Add an area', backLink: '/admin', values: input, errors: formErrors(result.errors, ['name', 'code']) });
    return reply.redirect(`/admin/areas/${result.value.id}`, 303);
  });

  pages.get('/admin/areas/:id', { config: { roles: ADMINISTRATOR_ROLES, audit: { action: 'view', recordKind: 'area', recordId: 'id' } }, schema: { params: recordAddress } }, async (request, reply) => {
    const area = await areaOr404(request.params.id);
    const areaAgencies = await db.select().from(agencies).where(eq(agencies.areaId, area.id)).orderBy(asc(agencies.name));
    const people = await usersInArea(db, area.id);
    return reply.page('organisation/views/area.njk', {
      title: area.name,
      backLink: '/admin',
      area,
      agencies: areaAgencies.map((a) => ({ ...a, kindLabel: AGENCY_KIND_LABELS[a.kind] })),
      people: people.map((p) => ({ ...p, roleLabel: ROLE_LABELS[p.role], locked: p.lockedUntil && p.lockedUntil > new Date() })),
      kindItems: kindItems(),
    });
  });

  pages.post('/admin/areas/:id/agencies', { config: { roles: ADMINISTRATOR_ROLES, audit: { action: 'create', recordKind: 'agency' } }, schema: { params: recordAddress, body: form({ name: formText, kind: formText }) } }, async (request, reply) => {
    const area = await areaOr404(request.params.id);
    const input = { areaId: area.id, name: request.body.name, kind: request.body.kind };
    const result = await createAgency(db, request.ctx, input);
    if (!result.ok) {
      return reply.code(400).page('organisation/views/agency-new.njk', { title: 'Add an agency', backLink: `/admin/areas/${area.id}`, area, values: input, kindItems: kindItems(input.kind), errors: formErrors(result.errors, ['name', 'kind']) });
    }
    return reply.redirect(`/admin/areas/${area.id}`, 303);
  });

  pages.get('/admin/areas/:id/users/new', { config: ADMIN_NOTHING_PERSONAL, schema: { params: recordAddress } }, async (request, reply) => {
    const area = await areaOr404(request.params.id);
    return reply.page('organisation/views/user-new.njk', await userFormContext(area.id, {}));
  });

  async function userFormContext(areaId: string, values: Record<string, string>, errors?: Record<string, string>) {
    const areaAgencies = await db.select().from(agencies).where(eq(agencies.areaId, areaId)).orderBy(asc(agencies.name));
    return {
      title: 'Add a user',
      backLink: `/admin/areas/${areaId}`,
      areaId,
      values,
      roleItems: roleItems(values.role),
      agencyItems: [{ value: '', text: 'Select an agency' }, ...areaAgencies.map((a) => ({ value: a.id, text: a.name, selected: a.id === values.agencyId }))],
      errors: errors ? formErrors(errors, ['name', 'email', 'jobTitle', 'agencyId', 'role']) : null,
    };
  }

  pages.post(
    '/admin/areas/:id/users',
    { config: { roles: ADMINISTRATOR_ROLES, audit: { action: 'permission_change', recordKind: 'user' } }, schema: { params: recordAddress, body: form({ name: formText, email: formText, jobTitle: formText, agencyId: formText, role: formText }) } },
    async (request, reply) => {
      const area = await areaOr404(request.params.id);
      const values = request.body;
      const result = await createUser(db, request.ctx, { ...values, areaId: area.id, requestedBy: request.user!.userId });
      if (!result.ok) return reply.code(400).page('organisation/views/user-new.njk', await userFormContext(area.id, values, result.errors));
      return reply.page('organisation/views/user-invited.njk', {
        title: 'User added',
        area,
        name: values.name,
        awaitsApproval: result.value.awaitsApproval,
        inviteLink: `${inviteBase(request)}/invite/${result.value.inviteToken}`,
      });
    },
  );

  function passwordLinkEmail(link: string) {
    return `Someone asked for a new password link for your Lantern account.\n\nChoose a new password here (the link works once and for 7 days):\n${link}\n\nIf you did not expect this, tell your administrator. This email was sent automatically. Do not reply to it.`;
  }

  function inviteBase(request: { protocol: string; host: string }) {
    return app.lantern.config.publicUrl ?? `${request.protocol}://${request.host}`;
  }

  async function userOr404(id: string) {
    if (!isUuid(id)) throw notFound();
    const [user] = await db.select().from(users).where(eq(users.id, id));
    if (!user) throw notFound();
    return user;
  }

  pages.get('/admin/users/:id', { config: { roles: ADMINISTRATOR_ROLES, audit: { action: 'view', recordKind: 'user', recordId: 'id' } }, schema: { params: recordAddress, querystring: z.object({ reset: queryText }) } }, async (request, reply) => {
    const user = await userOr404(request.params.id);
    const twoFactorReset = request.query.reset === '1';
    return reply.page('organisation/views/user.njk', {
      ...(await userPageContext(user)),
      ownAccount: user.id === request.user!.userId,
      flash: twoFactorReset ? 'Two-factor sign-in was reset and the person was signed out. They will set it up again when they next sign in.' : undefined,
    });
  });

  async function waitingView(userId: string) {
    const waiting = await approvalWaitingFor(db, userId);
    if (!waiting) return null;
    const [agency] = await db.select({ name: agencies.name }).from(agencies).where(eq(agencies.id, waiting.agencyId));
    return { roleLabel: ROLE_LABELS[waiting.role], agencyName: agency?.name ?? '', newAccount: waiting.kind === 'new_account', requestedAt: waiting.requestedAt };
  }

  async function userPageContext(user: typeof users.$inferSelect, errors?: Record<string, string>, values?: Record<string, string>) {
    const areaAgencies = await db.select().from(agencies).where(eq(agencies.areaId, user.areaId)).orderBy(asc(agencies.name));
    const selectedAgency = values?.agencyId ?? user.agencyId;
    return {
      title: user.name,
      backLink: `/admin/areas/${user.areaId}`,
      person: { ...user, roleLabel: ROLE_LABELS[user.role], locked: user.lockedUntil && user.lockedUntil > new Date() },
      agencyName: areaAgencies.find((a) => a.id === user.agencyId)?.name,
      roleItems: roleItems(values?.role ?? user.role),
      agencyItems: areaAgencies.map((a) => ({ value: a.id, text: a.name, selected: a.id === selectedAgency })),
      errors: errors ? formErrors(errors, ['agencyId', 'role']) : null,
      tokens: await listApiTokens(db, user.id),
      waiting: await waitingView(user.id),
      twoFactor: await twoFactorStatus(db, user.id),
    };
  }

  pages.post('/admin/users/:id/access', { config: { roles: ADMINISTRATOR_ROLES, audit: { action: 'permission_change', recordKind: 'user', recordId: 'id' } }, schema: { params: recordAddress, body: form({ role: formText, agencyId: formText }) } }, async (request, reply) => {
    const user = await userOr404(request.params.id);
    const values = request.body;
    const result = await changeUserAccess(db, request.ctx, request.user!.userId, user.id, values);
    if (!result.ok) return reply.code(400).page('organisation/views/user.njk', await userPageContext(user, result.errors, values));
    return reply.redirect(`/admin/users/${user.id}`, 303);
  });

  pages.post('/admin/users/:id/status', { config: { roles: ADMINISTRATOR_ROLES, audit: { action: 'update', recordKind: 'user', recordId: 'id' } }, schema: { params: recordAddress, body: form({ action: formText }) } }, async (request, reply) => {
    const user = await userOr404(request.params.id);
    const { action } = request.body;
    if (action === 'deactivate' || action === 'reactivate') await setUserActive(db, request.ctx, user.id, action === 'reactivate');
    else if (action === 'unlock') await unlockUser(db, request.ctx, user.id);
    else if (action === 'invite') {
      // The link goes to the person's own email, never to the administrator's screen: an
      // administrator who could read it could sign in as anyone.
      const mail = mailOptions(app.lantern.config, request.log);
      const emailed = canSendMail(mail);
      if (emailed) {
        const token = await reissueInvite(db, request.ctx, user.id);
        await sendMail(mail, [user.email], 'Choose a new password for Lantern', passwordLinkEmail(`${inviteBase(request)}/invite/${token}`), { userId: user.id });
      }
      return reply.page('organisation/views/password-link.njk', { title: emailed ? 'Password link sent' : 'No email is set up', backLink: `/admin/users/${user.id}`, name: user.name, emailed });
    }
    return reply.redirect(`/admin/users/${user.id}`, 303);
  });

  pages.post('/admin/users/:id/tokens/:tokenId/revoke', { config: { roles: ADMINISTRATOR_ROLES, audit: { action: 'permission_change', recordKind: 'api_token', recordId: 'tokenId' } }, schema: { params: z.object({ id: z.string(), tokenId: z.string() }) } }, async (request, reply) => {
    const { id, tokenId } = request.params;
    const user = await userOr404(id);
    if (!isUuid(tokenId) || !(await revokeApiToken(db, request.ctx, user.id, tokenId))) throw notFound();
    return reply.redirect(`/admin/users/${user.id}#api-tokens`, 303);
  });

  // ---- Casework access waiting for a coordinator ----

  pages.get('/access/approvals', { config: { roles: COORDINATOR_ROLES, audit: { action: 'view', recordKind: 'access_approvals' } }, schema: { querystring: z.object({ done: queryText }) } }, async (request, reply) => {
    const waiting = await approvalsWaiting(db, request.user!.areaId);
    request.noteAudit({ details: { waiting: waiting.length } });
    const { done } = request.query;
    const flash = done === 'approved' ? 'The change was approved and has taken effect. The person must sign in again.' : done === 'refused' ? 'The change was refused. Their access is as it was.' : undefined;
    return reply.page('organisation/views/approvals.njk', { ...approvalsContext(request.user!.userId, waiting), flash });
  });

  function approvalsContext(coordinatorId: string, waiting: Awaited<ReturnType<typeof approvalsWaiting>>, errors?: Record<string, string>) {
    return {
      title: 'Access approvals',
      waiting: waiting.map((w) => ({ ...w, roleLabel: ROLE_LABELS[w.role], currentRoleLabel: ROLE_LABELS[w.currentRole], ownRequest: w.userId === coordinatorId })),
      errors: errors ? formErrors(errors) : null,
    };
  }

  pages.post('/access/approvals/:id', { config: { roles: COORDINATOR_ROLES, audit: { action: 'permission_change', recordKind: 'access_approval', recordId: 'id' } }, schema: { params: recordAddress, body: form({ decision: formText }) } }, async (request, reply) => {
    const user = request.user!;
    const { id } = request.params;
    const result = await decideApproval(db, request.ctx, user, id, request.body.decision);
    if (result.ok) return reply.redirect(`/access/approvals?done=${result.value.decision}`, 303);
    return refusalPage(result, async (status, errors) => reply.code(status).page('organisation/views/approvals.njk', approvalsContext(user.userId, await approvalsWaiting(db, user.areaId), errors)));
  });

  // The invitation: a new user chooses their password. Public: they are not signed in yet.
  pages.get('/invite/:token', { config: { public: true, audit: { none: 'the invited person’s own password form; the link itself is the only key' } }, schema: { params: inviteAddress } }, async (request, reply) => {
    const invite = await findValidInvite(db, request.params.token);
    return reply.page('organisation/views/invite.njk', { title: invite ? 'Choose your password' : 'This link cannot be used', invite });
  });

  pages.post(
    '/invite/:token',
    { config: { public: true, audit: { action: 'update', recordKind: 'user' }, rateLimit: { max: 20, timeWindow: '1 minute' } }, schema: { params: inviteAddress, body: form({ password: passwordAsTyped, confirm: passwordAsTyped }) } },
    async (request, reply) => {
      const { token } = request.params;
      const { password, confirm } = request.body;
      const result = await acceptInvite(db, request.ctx, token, password, confirm);
      if (!result.ok) {
        const invite = await findValidInvite(db, token);
        return reply.code(400).page('organisation/views/invite.njk', { title: invite ? 'Choose your password' : 'This link cannot be used', invite, errors: formErrors(result.errors, ['password', 'confirm']) });
      }
      return reply.redirect('/sign-in', 303);
    },
  );
}

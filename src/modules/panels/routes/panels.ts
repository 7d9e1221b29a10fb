import { refusalPage } from '../../../platform/http/refusals.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { form, formText } from '../../../platform/http/page-input.ts';
import { CASEWORK_ROLES, COORDINATOR_ROLES } from '../../../platform/auth/roles.ts';
import { formErrors, type FieldErrors } from '../../../platform/http/forms.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { isUuid } from '../../../platform/ids.ts';
import { panelRole, setsUpPanels } from '../policy.ts';
import { actionsWhere, areaAgencies, areaPeople, listPanels, meetingsOf, panelFigures, panelMembersOf, panelWithChair, referralsWhere, unreadNotices } from '../queries.ts';
import { addMember, createMeeting, createPanel, removeMember } from '../service.ts';
import { PANEL_KINDS, REFERRAL_STATUSES, label, referralReference, urgencyLabel } from '../vocab.ts';
import { dateField, dateFields, optional, radios, subjectText, wholeNumber } from './shared.ts';

const panelForm = form({ name: formText, kind: formText, chairAgencyId: formText, meetsEveryDays: formText, accessAfterCloseDays: formText });
const panelAddress = z.object({ panelId: z.string() });

const PANEL_FIELDS = ['name', 'kind', 'chairAgencyId', 'meetsEveryDays', 'accessAfterCloseDays'];

function panelFormContext(values: Record<string, unknown>, agencyList: { id: string; name: string }[], errors?: FieldErrors) {
  return {
    title: 'Set up a panel',
    backLink: '/panels',
    values,
    kinds: radios(PANEL_KINDS, values.kind),
    agencies: [{ value: '', text: 'Choose an agency' }, ...agencyList.map((a) => ({ value: a.id, text: a.name, selected: values.chairAgencyId === a.id }))],
    errors: errors && Object.keys(errors).length ? formErrors(errors, PANEL_FIELDS) : null,
  };
}

/** The panels: the list and notices, setting one up, its page, its members and arranging its meetings. */
export default async function panelPages(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  pages.get('/panels', { config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'panels' } } }, async (request, reply) => {
    const user = request.user!;
    const [list, notices, mine] = await Promise.all([listPanels(db, user), unreadNotices(db, user.userId), actionsWhere(db, user, { ownerUserId: user.userId, openOnly: true })]);
    const pending = user.role === 'coordinator' ? await referralsWhere(db, user, { status: 'pending' }) : [];
    request.noteAudit({ details: { panels: list.length, pendingReferrals: pending.map((p) => p.id) } });
    return reply.page('panels/views/index.njk', {
      title: 'Panels',
      panels: list.map((p) => ({ ...p, kindLabel: label(PANEL_KINDS, p.kind) })),
      notices,
      openActions: mine.length,
      overdueActions: mine.filter((a) => a.overdue).length,
      pending: pending.map((r) => ({ ...r, subject: subjectText(r), reference: referralReference(r.number), urgencyLabel: urgencyLabel(r.urgency) })),
      setsUp: setsUpPanels(user),
    });
  });

  pages.get('/panels/new', { config: { roles: COORDINATOR_ROLES, audit: { none: 'an empty form listing agencies: nothing personal is shown' } } }, async (request, reply) =>
    reply.page('panels/views/panel-form.njk', panelFormContext({ accessAfterCloseDays: '30', meetsEveryDays: '28' }, await areaAgencies(db, request.user!.areaId))),
  );

  pages.post('/panels/new', { config: { roles: COORDINATOR_ROLES, audit: { action: 'create', recordKind: 'panel' } }, schema: { body: panelForm } }, async (request, reply) => {
    const body = request.body;
    const every = body.meetsEveryDays;
    const result = await createPanel(db, request.ctx, request.user!, {
      name: body.name,
      kind: body.kind,
      chairAgencyId: optional(body.chairAgencyId),
      meetsEveryDays: every ? wholeNumber(every) : null,
      accessAfterCloseDays: wholeNumber(body.accessAfterCloseDays),
    });
    if (!result.ok) return refusalPage(result, async (status, errors) => reply.code(status).page('panels/views/panel-form.njk', panelFormContext(body, await areaAgencies(db, request.user!.areaId), errors)));
    return reply.redirect(`/panels/${result.value}`, 303);
  });

  async function panelPage(request: FastifyRequest, reply: FastifyReply, panelId: string, status = 200, errors?: FieldErrors, values: Record<string, unknown> = {}) {
    const user = request.user!;
    const role = isUuid(panelId) ? await panelRole(db, user, panelId) : null;
    if (!role) throw notFound();
    const [found, members, meetings, figures, referrals] = await Promise.all([
      panelWithChair(db, panelId),
      panelMembersOf(db, panelId),
      meetingsOf(db, panelId),
      panelFigures(db, panelId),
      role.runs ? referralsWhere(db, user, { panelId }) : Promise.resolve([]),
    ]);
    const { panel, chair } = found!;
    const people = setsUpPanels(user) ? await areaPeople(db, user.areaId) : [];
    request.noteAudit({ details: { referralIds: referrals.map((r) => r.id) } });
    return reply.code(status).page('panels/views/panel.njk', {
      title: panel.name,
      backLink: '/panels',
      panel: { ...panel, kindLabel: label(PANEL_KINDS, panel.kind), chair },
      role,
      setsUp: setsUpPanels(user),
      members,
      people: [{ value: '', text: 'Choose a person' }, ...people.filter((p) => !members.some((m) => m.user_id === p.id)).map((p) => ({ value: p.id, text: `${p.name} – ${p.agency}` }))],
      meetings,
      referrals: referrals.map((r) => ({ ...r, subject: subjectText(r), reference: referralReference(r.number), urgencyLabel: urgencyLabel(r.urgency), statusLabel: label(REFERRAL_STATUSES, r.status) })),
      figures,
      values,
      errors: errors && Object.keys(errors).length ? formErrors(errors, ['userId', 'meetsOn']) : null,
    });
  }

  pages.get('/panels/:panelId', { config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'panel', recordId: 'panelId' } }, schema: { params: panelAddress } }, async (request, reply) => panelPage(request, reply, request.params.panelId));

  pages.post('/panels/:panelId/members', { config: { roles: COORDINATOR_ROLES, audit: { action: 'permission_change', recordKind: 'panel_member' } }, schema: { params: panelAddress, body: form({ userId: formText, isChair: formText }) } }, async (request, reply) => {
    const { panelId } = request.params;
    const body = request.body;
    const result = await addMember(db, request.ctx, request.user!, panelId, body.userId, body.isChair === 'yes');
    if (!result.ok) return refusalPage(result, (status, errors) => panelPage(request, reply, panelId, status, errors, body));
    return reply.redirect(`/panels/${panelId}`, 303);
  });

  pages.post('/panels/:panelId/members/:memberId/remove', { config: { roles: COORDINATOR_ROLES, audit: { action: 'permission_change', recordKind: 'panel_member', recordId: 'memberId' } }, schema: { params: panelAddress.extend({ memberId: z.string() }) } }, async (request, reply) => {
    const { panelId, memberId } = request.params;
    const result = await removeMember(db, request.ctx, request.user!, panelId, memberId);
    if (!result.ok && result.kind === 'not_found') throw notFound();
    return reply.redirect(`/panels/${panelId}`, 303);
  });

  pages.post('/panels/:panelId/meetings', { config: { roles: CASEWORK_ROLES, audit: { action: 'create', recordKind: 'panel_meeting' } }, schema: { params: panelAddress, body: form(dateFields('meetsOn')) } }, async (request, reply) => {
    const { panelId } = request.params;
    const body = request.body;
    const result = await createMeeting(db, request.ctx, request.user!, panelId, dateField(body, 'meetsOn'));
    if (!result.ok) return refusalPage(result, (status, errors) => panelPage(request, reply, panelId, status, errors, body));
    return reply.redirect(`/panels/meetings/${result.value}`, 303);
  });
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CASEWORK_ROLES, COORDINATOR_ROLES } from '../../../platform/auth/roles.ts';
import { field, formErrors } from '../../../platform/http/forms.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { isUuid } from '../../../platform/ids.ts';
import { panelRole, setsUpPanels } from '../policy.ts';
import { actionsWhere, areaAgencies, areaPeople, listPanels, meetingsOf, panelFigures, panelMembersOf, panelWithChair, referralsWhere, unreadNotices } from '../queries.ts';
import type { Errors } from '../rules.ts';
import { addMember, createMeeting, createPanel, removeMember } from '../service.ts';
import { PANEL_KINDS, REFERRAL_STATUSES, label, referralReference, urgencyLabel } from '../vocab.ts';
import { dateField, optional, radios, refusedOr404, subjectText, wholeNumber } from './shared.ts';

const PANEL_FIELDS = ['name', 'kind', 'chairAgencyId', 'meetsEveryDays', 'accessAfterCloseDays'];

function panelFormContext(values: Record<string, unknown>, agencyList: { id: string; name: string }[], errors?: Errors) {
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

  app.get('/panels', { config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'panels' } } }, async (request, reply) => {
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

  app.get('/panels/new', { config: { roles: COORDINATOR_ROLES, audit: { none: 'an empty form listing agencies: nothing personal is shown' } } }, async (request, reply) =>
    reply.page('panels/views/panel-form.njk', panelFormContext({ accessAfterCloseDays: '30', meetsEveryDays: '28' }, await areaAgencies(db, request.user!.areaId))),
  );

  app.post('/panels/new', { config: { roles: COORDINATOR_ROLES, audit: { action: 'create', recordKind: 'panel' } } }, async (request, reply) => {
    const body = request.body as Record<string, unknown>;
    const every = field(body, 'meetsEveryDays');
    const result = await createPanel(db, request.ctx, request.user!, {
      name: field(body, 'name'),
      kind: field(body, 'kind'),
      chairAgencyId: optional(body, 'chairAgencyId'),
      meetsEveryDays: every ? wholeNumber(every) : null,
      accessAfterCloseDays: wholeNumber(field(body, 'accessAfterCloseDays')),
    });
    if (!result.ok) return reply.code(400).page('panels/views/panel-form.njk', panelFormContext(body, await areaAgencies(db, request.user!.areaId), refusedOr404(result)));
    return reply.redirect(`/panels/${result.value}`, 303);
  });

  async function panelPage(request: FastifyRequest, reply: FastifyReply, status = 200, errors?: Errors, values: Record<string, unknown> = {}) {
    const user = request.user!;
    const panelId = (request.params as { panelId: string }).panelId;
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

  app.get('/panels/:panelId', { config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'panel', recordId: 'panelId' } } }, async (request, reply) => panelPage(request, reply));

  app.post('/panels/:panelId/members', { config: { roles: COORDINATOR_ROLES, audit: { action: 'permission_change', recordKind: 'panel_member' } } }, async (request, reply) => {
    const { panelId } = request.params as { panelId: string };
    const body = request.body as Record<string, unknown>;
    const result = await addMember(db, request.ctx, request.user!, panelId, field(body, 'userId'), field(body, 'isChair') === 'yes');
    if (!result.ok) return panelPage(request, reply, 400, refusedOr404(result), body);
    return reply.redirect(`/panels/${panelId}`, 303);
  });

  app.post('/panels/:panelId/members/:memberId/remove', { config: { roles: COORDINATOR_ROLES, audit: { action: 'permission_change', recordKind: 'panel_member', recordId: 'memberId' } } }, async (request, reply) => {
    const { panelId, memberId } = request.params as { panelId: string; memberId: string };
    const result = await removeMember(db, request.ctx, request.user!, panelId, memberId);
    if (!result.ok) refusedOr404(result);
    return reply.redirect(`/panels/${panelId}`, 303);
  });

  app.post('/panels/:panelId/meetings', { config: { roles: CASEWORK_ROLES, audit: { action: 'create', recordKind: 'panel_meeting' } } }, async (request, reply) => {
    const { panelId } = request.params as { panelId: string };
    const body = request.body as Record<string, unknown>;
    const result = await createMeeting(db, request.ctx, request.user!, panelId, dateField(body, 'meetsOn'));
    if (!result.ok) return panelPage(request, reply, 400, refusedOr404(result), body);
    return reply.redirect(`/panels/meetings/${result.value}`, 303);
  });
}

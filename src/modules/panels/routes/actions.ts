import { refusalPage } from '../../../platform/http/refusals.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { form, formText, queryText } from '../../../platform/http/page-input.ts';
import { CASEWORK_ROLES } from '../../../platform/auth/roles.ts';
import { formErrors, type FieldErrors } from '../../../platform/http/forms.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { actionsWhere, agencyNamed, overdueByAgency } from '../queries.ts';
import { isUuid } from '../../../platform/ids.ts';
import { londonToday, now } from '../../../platform/time.ts';
import { completeAction, findOwnAction } from '../service.ts';
import { ACTION_STATUSES, actionReference, label } from '../vocab.ts';

/** Actions agreed at panels: a person's and an agency's, and completing one. */
export default async function actionRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  // `show` narrows the list to what the home page counted (open or overdue); the coordinator may
  // also choose another agency's actions by `agency`.
  async function actionsPage(request: FastifyRequest, reply: FastifyReply, scope: 'mine' | 'agency', query: { done: string; show: string; agency: string }) {
    const user = request.user!;
    const show = query.show === 'open' || query.show === 'overdue' ? query.show : null;
    const agencyId = scope === 'agency' && user.role === 'coordinator' && isUuid(query.agency) ? query.agency : user.agencyId;
    const all = await actionsWhere(db, user, scope === 'mine' ? { ownerUserId: user.userId, openOnly: show !== null } : { ownerAgencyId: agencyId, openOnly: show !== null }, londonToday(now()));
    const list = show === 'overdue' ? all.filter((a) => a.overdue) : all;
    const counts = scope === 'agency' || user.role === 'coordinator' ? await overdueByAgency(db, user.areaId, londonToday(now())) : [];
    const agencyName = agencyId === user.agencyId ? user.agencyName : (counts.find((c) => c.agency_id === agencyId)?.agency ?? (await agencyNamed(db, user.areaId, agencyId)));
    if (!agencyName) throw notFound();
    request.noteAudit({ details: { scope, agencyId: scope === 'agency' ? agencyId : undefined, show, actionIds: list.map((a) => a.id) } });
    return reply.page('panels/views/actions.njk', {
      title: scope === 'mine' ? 'My actions' : `${agencyName}: actions`,
      backLink: '/panels',
      scope,
      show,
      actions: list.map((a) => ({ ...a, reference: actionReference(a.number), statusLabel: label(ACTION_STATUSES, a.status), subject: a.subject_name ? `${a.subject_name} (${a.subject_reference})` : a.young_person_id ? 'A young person you cannot see' : 'A peer group or place' })),
      overdue: list.filter((a) => a.overdue).length,
      counts,
      done: query.done,
    });
  }

  const listOptions = { config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'panel_actions' } }, schema: { querystring: z.object({ done: queryText, show: queryText, agency: queryText }) } } as const;
  pages.get('/panels/actions/mine', listOptions, async (request, reply) => actionsPage(request, reply, 'mine', request.query));
  pages.get('/panels/actions/agency', listOptions, async (request, reply) => actionsPage(request, reply, 'agency', request.query));

  async function completePage(request: FastifyRequest, reply: FastifyReply, actionId: string, status = 200, errors?: FieldErrors, values: Record<string, unknown> = {}) {
    const action = await findOwnAction(db, request.user!, actionId);
    if (!action) throw notFound();
    const [row] = await actionsWhere(db, request.user!, { agendaItemId: action.agendaItemId }).then((all) => all.filter((a) => a.id === action.id));
    return reply.code(status).page('panels/views/complete.njk', {
      title: `Complete action ${actionReference(action.number)}`,
      backLink: '/panels/actions/mine',
      a: { ...row!, reference: actionReference(action.number), subject: row!.subject_name ? `${row!.subject_name} (${row!.subject_reference})` : 'A young person you cannot see' },
      values,
      errors: errors && Object.keys(errors).length ? formErrors(errors, ['whatWasDone']) : null,
    });
  }

  const actionAddress = z.object({ actionId: z.string() });
  pages.get('/panels/actions/:actionId/complete', { config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'panel_action', recordId: 'actionId' } }, schema: { params: actionAddress } }, async (request, reply) => completePage(request, reply, request.params.actionId));

  pages.post('/panels/actions/:actionId/complete', { config: { roles: CASEWORK_ROLES, audit: { action: 'update', recordKind: 'panel_action', recordId: 'actionId' } }, schema: { params: actionAddress, body: form({ whatWasDone: formText }) } }, async (request, reply) => {
    const body = request.body;
    const result = await completeAction(db, request.ctx, request.user!, request.params.actionId, body.whatWasDone);
    if (!result.ok) return refusalPage(result, (status, errors) => completePage(request, reply, request.params.actionId, status, errors, body));
    return reply.redirect('/panels/actions/mine?done=completed', 303);
  });
}

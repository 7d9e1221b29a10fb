import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CASEWORK_ROLES } from '../../../platform/auth/roles.ts';
import { field, formErrors } from '../../../platform/http/forms.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { actionsWhere, overdueByAgency } from '../queries.ts';
import type { Errors } from '../rules.ts';
import { completeAction, findOwnAction } from '../service.ts';
import { ACTION_STATUSES, actionReference, label } from '../vocab.ts';
import { refusedOr404 } from './shared.ts';

/** Actions agreed at panels: a person's and an agency's, and completing one. */
export default async function actionRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;

  async function actionsPage(request: FastifyRequest, reply: FastifyReply, scope: 'mine' | 'agency') {
    const user = request.user!;
    const list = await actionsWhere(db, user, scope === 'mine' ? { ownerUserId: user.userId } : { ownerAgencyId: user.agencyId });
    const counts = scope === 'agency' || user.role === 'coordinator' ? await overdueByAgency(db, user.areaId) : [];
    request.noteAudit({ details: { scope, actionIds: list.map((a) => a.id) } });
    return reply.page('panels/views/actions.njk', {
      title: scope === 'mine' ? 'My actions' : `${user.agencyName}: actions`,
      backLink: '/panels',
      scope,
      actions: list.map((a) => ({ ...a, reference: actionReference(a.number), statusLabel: label(ACTION_STATUSES, a.status), subject: a.subject_name ? `${a.subject_name} (${a.subject_reference})` : a.young_person_id ? 'A young person you cannot see' : 'A peer group or place' })),
      overdue: list.filter((a) => a.overdue).length,
      counts,
      done: (request.query as Record<string, string>).done,
    });
  }

  app.get('/panels/actions/mine', { config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'panel_actions' } } }, async (request, reply) => actionsPage(request, reply, 'mine'));
  app.get('/panels/actions/agency', { config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'panel_actions' } } }, async (request, reply) => actionsPage(request, reply, 'agency'));

  async function completePage(request: FastifyRequest, reply: FastifyReply, status = 200, errors?: Errors, values: Record<string, unknown> = {}) {
    const action = await findOwnAction(db, request.user!, (request.params as { actionId: string }).actionId);
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

  app.get('/panels/actions/:actionId/complete', { config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'panel_action', recordId: 'actionId' } } }, async (request, reply) => completePage(request, reply));

  app.post('/panels/actions/:actionId/complete', { config: { roles: CASEWORK_ROLES, audit: { action: 'update', recordKind: 'panel_action', recordId: 'actionId' } } }, async (request, reply) => {
    const body = request.body as Record<string, unknown>;
    const result = await completeAction(db, request.ctx, request.user!, (request.params as { actionId: string }).actionId, field(body, 'whatWasDone'));
    if (!result.ok) return completePage(request, reply, 400, refusedOr404(result), body);
    return reply.redirect('/panels/actions/mine?done=completed', 303);
  });
}

/**
 * The JSON API for periods of CSE work, closing and re-opening, the transition plan and the
 * decision at 18. The bodies are the schemas in input.ts, the pages' own, through the same services.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { API_PREFIX } from '../../platform/api/plugin.ts';
import { CASEWORK_ROLES, COORDINATOR_ROLES } from '../../platform/auth/roles.ts';
import { problem } from '../../platform/http/problem.ts';
import { sendFailure } from '../../platform/http/refusals.ts';
import { findVisibleYoungPerson } from '../young-people/index.ts';
import { emailFeedbackAfterCommit } from '../concerns/index.ts';
import { mailOptions } from '../../platform/mail.ts';
import { closureInput, keepOpenInput, reopeningInput, transitionPlanInput } from './input.ts';
import { closuresOf, periodsFrom } from './periods.ts';
import { closeCseWork, keepOpenAfter18, reopenCseWork, saveTransitionPlan, transitionPlanOf } from './service.ts';

const youngPersonAddress = z.object({ id: z.uuid() });
const day = z.string().describe('YYYY-MM-DD');

const closureView = z.object({
  id: z.string(),
  reference: z.string(),
  openedOn: day,
  closedOn: day,
  reason: z.string(),
  reasonDetails: z.string().nullable(),
  levelAtClosure: z.string().nullable(),
  youngPersonViews: z.string(),
  familyViews: z.string(),
  agreedBy: z.string(),
  agendaItemId: z.string().nullable(),
  panelDecidedOn: day.nullable(),
  reopening: z.object({ id: z.string(), reopenedOn: day, reason: z.string() }).nullable(),
});
const planView = z.object({
  id: z.string(),
  adultServicesContact: z.string().nullable(),
  adultSafeguarding: z.string(),
  adultSafeguardingReferredOn: day.nullable(),
  housing: z.string().nullable(),
  health: z.string().nullable(),
  leavingCare: z.string().nullable(),
  wishes: z.string(),
  deadline: day,
});
const involvementView = z.object({
  status: z.enum(['open', 'closed']),
  openedOn: day.nullable(),
  closedOn: day.nullable(),
  periods: z.array(z.object({ openedOn: day, closedOn: day.nullable() })),
  closures: z.array(closureView),
  transitionPlan: planView.nullable(),
});

export default async function movingOnApi(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['closing, re-opening and transition at 18'];

  api.get(
    `${API_PREFIX}/young-people/:id/cse-involvement`,
    {
      config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'young_person', recordId: 'id', details: { section: 'moving_on' } } },
      schema: { tags, summary: 'Whether CSE work with a young person is open, every period with why it closed, and the transition plan', params: youngPersonAddress, response: { 200: involvementView } },
    },
    async (request, reply) => {
      const yp = await findVisibleYoungPerson(db, request.user!, request.params.id);
      if (!yp) return problem(reply, 404, 'Not found', 'There is no young person with this id that you can see.');
      const [closures, plan] = await Promise.all([closuresOf(db, yp.id), transitionPlanOf(db, yp.id)]);
      return {
        status: yp.closedOn ? ('closed' as const) : ('open' as const),
        openedOn: yp.openedOn,
        closedOn: yp.closedOn,
        periods: periodsFrom(yp, closures).map((p) => ({ openedOn: p.openedOn, closedOn: p.closedOn })),
        closures: closures.map((c) => ({
          id: c.id,
          reference: c.reference,
          openedOn: c.openedOn,
          closedOn: c.closedOn,
          reason: c.reason,
          reasonDetails: c.reasonDetails,
          levelAtClosure: c.levelAtClosure,
          youngPersonViews: c.youngPersonViews,
          familyViews: c.familyViews,
          agreedBy: c.agreedBy,
          agendaItemId: c.agendaItemId,
          panelDecidedOn: c.panelDecidedOn,
          reopening: c.reopening ? { id: c.reopening.id, reopenedOn: c.reopening.reopenedOn, reason: c.reopening.reason } : null,
        })),
        transitionPlan: plan
          ? { id: plan.id, adultServicesContact: plan.adultServicesContact, adultSafeguarding: plan.adultSafeguarding, adultSafeguardingReferredOn: plan.adultSafeguardingReferredOn, housing: plan.housing, health: plan.health, leavingCare: plan.leavingCare, wishes: plan.wishes, deadline: plan.deadline }
          : null,
      };
    },
  );

  api.post(
    `${API_PREFIX}/young-people/:id/closure`,
    {
      config: { roles: COORDINATOR_ROLES, audit: { action: 'update', recordKind: 'young_person', recordId: 'id' } },
      schema: {
        tags,
        summary: 'Close CSE work with a young person',
        description: 'The coordinator only. The level at closure is the record’s current level. Everyone who raised a concern about the young person is told. 409 when the work is already closed.',
        params: youngPersonAddress,
        body: closureInput,
        response: { 201: z.object({ id: z.string(), reference: z.string() }) },
      },
    },
    async (request, reply) => {
      const result = await closeCseWork(db, request.ctx, request.user!, request.params.id, request.body);
      if (!result.ok) return sendFailure(reply, result, 'closure');
      emailFeedbackAfterCommit(db, mailOptions(app.lantern.config, request.log), result.value.feedback);
      return reply.code(201).send({ id: result.value.id, reference: result.value.reference });
    },
  );

  api.post(
    `${API_PREFIX}/young-people/:id/reopening`,
    {
      config: { roles: COORDINATOR_ROLES, audit: { action: 'update', recordKind: 'young_person', recordId: 'id' } },
      schema: { tags, summary: 'Re-open CSE work with a young person after a closure', description: 'The coordinator only. 409 when the work is open.', params: youngPersonAddress, body: reopeningInput, response: { 201: z.object({ id: z.string() }) } },
    },
    async (request, reply) => {
      const result = await reopenCseWork(db, request.ctx, request.user!, request.params.id, request.body);
      if (!result.ok) return sendFailure(reply, result, 're-opening');
      return reply.code(201).send({ id: result.value.id });
    },
  );

  api.put(
    `${API_PREFIX}/young-people/:id/transition-plan`,
    {
      config: { roles: CASEWORK_ROLES, audit: { action: 'update', recordKind: 'transition_plan' } },
      schema: { tags, summary: 'Write or replace a young person’s transition plan', description: 'The coordinator or the team around the child. The deadline defaults to the 18th birthday.', params: youngPersonAddress, body: transitionPlanInput, response: { 200: z.object({ id: z.string(), created: z.boolean() }) } },
    },
    async (request, reply) => {
      const result = await saveTransitionPlan(db, request.ctx, request.user!, request.params.id, request.body);
      if (!result.ok) return sendFailure(reply, result, 'transition plan');
      return result.value;
    },
  );

  api.post(
    `${API_PREFIX}/young-people/:id/kept-open-after-18`,
    {
      config: { roles: COORDINATOR_ROLES, audit: { action: 'create', recordKind: 'transition_decision' } },
      schema: { tags, summary: 'Keep CSE work open after the 18th birthday, with the reason', description: 'The coordinator only. To close instead, post a closure with the reason turned_18.', params: youngPersonAddress, body: keepOpenInput, response: { 201: z.object({ id: z.string() }) } },
    },
    async (request, reply) => {
      const result = await keepOpenAfter18(db, request.ctx, request.user!, request.params.id, request.body);
      if (!result.ok) return sendFailure(reply, result, 'decision');
      return reply.code(201).send({ id: result.value.id });
    },
  );
}

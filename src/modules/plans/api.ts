/**
 * The JSON API for strategy meetings, tasks and court-support plans. The bodies are the schemas in
 * input.ts, the pages' own, and go through the same services.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { API_PREFIX } from '../../platform/api/plugin.ts';
import { CASEWORK_ROLES } from '../../platform/auth/roles.ts';
import { problem } from '../../platform/http/problem.ts';
import { sendFailure } from '../../platform/http/refusals.ts';
import { londonToday } from '../../platform/time.ts';
import { findVisibleYoungPerson } from '../young-people/index.ts';
import { courtSupportInput, planTaskInput, strategyMeetingInput, taskCompletion } from './input.ts';
import { completeTask, createPlanTask, meetingReference, meetingsOf, recordStrategyMeeting, tasksOf } from './service.ts';
import { courtPlansOf, saveCourtSupport } from './court-support.ts';

const youngPersonAddress = z.object({ id: z.uuid() });
const created = z.object({ id: z.string() });

const taskView = z.object({
  id: z.string(),
  source: z.string(),
  sourceId: z.string(),
  description: z.string(),
  owner: z.object({ userId: z.string().nullable(), agencyId: z.string().nullable(), name: z.string() }),
  dueOn: z.string(),
  overdue: z.boolean(),
  completedOn: z.string().nullable(),
  completionNote: z.string().nullable(),
});
const meetingView = z.object({
  id: z.string(),
  reference: z.string(),
  heldAt: z.string(),
  episodeId: z.string().nullable(),
  concernId: z.string().nullable(),
  attendees: z.array(z.object({ name: z.string(), agency: z.string(), role: z.string() })),
  informationShared: z.string(),
  decisions: z.string(),
});
const courtView = z.object({
  id: z.string(),
  court: z.string(),
  caseDescription: z.string(),
  caseReference: z.string().nullable(),
  hearings: z.array(z.object({ hearingOn: z.string(), purpose: z.string() })),
  specialMeasuresAsked: z.array(z.string()),
  specialMeasuresAgreed: z.array(z.string()),
  supporterName: z.string(),
  supporterAgencyId: z.string().nullable(),
  preTrialVisitOn: z.string().nullable(),
  preTrialVisitNote: z.string().nullable(),
  outcome: z.string().nullable(),
  outcomeOn: z.string().nullable(),
});

export default async function plansApi(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['strategy meetings and tasks'];

  api.post(
    `${API_PREFIX}/strategy-meetings`,
    {
      config: { roles: CASEWORK_ROLES, audit: { action: 'create', recordKind: 'strategy_meeting' } },
      schema: {
        tags,
        summary: 'Record a strategy meeting, its attendees, decisions and actions',
        description: 'Each action becomes a task and needs an owner (a person or an agency) and a due date. A meeting about a missing episode or concern cannot be dated before it. The token’s user must be in the team around the young person, or the coordinator.',
        body: strategyMeetingInput,
        response: { 201: created.extend({ reference: z.string() }) },
      },
    },
    async (request, reply) => {
      const result = await recordStrategyMeeting(db, request.ctx, request.user!, request.body);
      if (!result.ok) return sendFailure(reply, result, 'strategy meeting');
      return reply.code(201).send({ id: result.value.id, reference: meetingReference(result.value.number) });
    },
  );

  api.get(
    `${API_PREFIX}/young-people/:id/strategy-meetings`,
    {
      config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'young_person', recordId: 'id', details: { list: 'strategy_meetings' } } },
      schema: { tags, summary: 'A young person’s strategy meetings, newest first', params: youngPersonAddress, response: { 200: z.object({ meetings: z.array(meetingView) }) } },
    },
    async (request, reply) => {
      const yp = await findVisibleYoungPerson(db, request.user!, request.params.id);
      if (!yp) return problem(reply, 404, 'Not found', 'There is no young person with this id that you can see.');
      const meetings = await meetingsOf(db, yp.id);
      return { meetings: meetings.map((m) => ({ id: m.id, reference: m.reference, heldAt: m.heldAt.toISOString(), episodeId: m.episodeId, concernId: m.concernId, attendees: m.attendees, informationShared: m.informationShared, decisions: m.decisions })) };
    },
  );

  api.post(
    `${API_PREFIX}/risk-plan-tasks`,
    {
      config: { roles: CASEWORK_ROLES, audit: { action: 'create', recordKind: 'casework_task' } },
      schema: { tags, summary: 'Make an action of a risk assessment’s plan into a task with an owner and a due date', body: planTaskInput, response: { 201: created } },
    },
    async (request, reply) => {
      const result = await createPlanTask(db, request.ctx, request.user!, request.body);
      if (!result.ok) return sendFailure(reply, result, 'task');
      return reply.code(201).send({ id: result.value.id });
    },
  );

  api.get(
    `${API_PREFIX}/young-people/:id/tasks`,
    {
      config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'young_person', recordId: 'id', details: { list: 'tasks' } } },
      schema: { tags, summary: 'A young person’s tasks, open ones first by due date', params: youngPersonAddress, response: { 200: z.object({ tasks: z.array(taskView) }) } },
    },
    async (request, reply) => {
      const yp = await findVisibleYoungPerson(db, request.user!, request.params.id);
      if (!yp) return problem(reply, 404, 'Not found', 'There is no young person with this id that you can see.');
      const today = londonToday();
      const tasks = await tasksOf(db, yp.id);
      return {
        tasks: tasks.map((t) => ({
          id: t.id,
          source: t.source,
          sourceId: t.sourceId,
          description: t.description,
          owner: { userId: t.ownerUserId, agencyId: t.ownerAgencyId, name: t.owner },
          dueOn: t.dueOn,
          overdue: !t.completedOn && t.dueOn < today,
          completedOn: t.completedOn,
          completionNote: t.completionNote,
        })),
      };
    },
  );

  api.post(
    `${API_PREFIX}/tasks/:taskId/completion`,
    {
      config: { roles: CASEWORK_ROLES, audit: { action: 'update', recordKind: 'casework_task', recordId: 'taskId' } },
      schema: { tags, summary: 'Mark a task done, with the date and what was done', params: z.object({ taskId: z.uuid() }), body: taskCompletion, response: { 200: created } },
    },
    async (request, reply) => {
      const result = await completeTask(db, request.ctx, request.user!, request.params.taskId, request.body);
      if (!result.ok) return sendFailure(reply, result, 'completion');
      return { id: result.value.id };
    },
  );

  api.post(
    `${API_PREFIX}/court-support-plans`,
    {
      config: { roles: CASEWORK_ROLES, audit: { action: 'create', recordKind: 'court_support_plan' } },
      schema: { tags, summary: 'Start a court-support plan for a young person giving evidence', body: courtSupportInput, response: { 201: created } },
    },
    async (request, reply) => {
      const result = await saveCourtSupport(db, request.ctx, request.user!, request.body);
      if (!result.ok) return sendFailure(reply, result, 'court-support plan');
      return reply.code(201).send({ id: result.value.id });
    },
  );

  api.put(
    `${API_PREFIX}/court-support-plans/:planId`,
    {
      config: { roles: CASEWORK_ROLES, audit: { action: 'update', recordKind: 'court_support_plan', recordId: 'planId' } },
      schema: { tags, summary: 'Save the whole of a court-support plan (its hearings are replaced by those sent)', params: z.object({ planId: z.uuid() }), body: courtSupportInput, response: { 200: created } },
    },
    async (request, reply) => {
      const result = await saveCourtSupport(db, request.ctx, request.user!, request.body, request.params.planId);
      if (!result.ok) return sendFailure(reply, result, 'court-support plan');
      return { id: result.value.id };
    },
  );

  api.get(
    `${API_PREFIX}/young-people/:id/court-support-plans`,
    {
      config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'young_person', recordId: 'id', details: { list: 'court_support_plans' } } },
      schema: { tags, summary: 'A young person’s court-support plans', params: youngPersonAddress, response: { 200: z.object({ plans: z.array(courtView) }) } },
    },
    async (request, reply) => {
      const yp = await findVisibleYoungPerson(db, request.user!, request.params.id);
      if (!yp) return problem(reply, 404, 'Not found', 'There is no young person with this id that you can see.');
      const plans = await courtPlansOf(db, yp.id);
      return {
        plans: plans.map((p) => ({
          id: p.id,
          court: p.court,
          caseDescription: p.caseDescription,
          caseReference: p.caseReference,
          hearings: p.hearings.map((h) => ({ hearingOn: h.hearingOn, purpose: h.purpose })),
          specialMeasuresAsked: p.specialMeasuresAsked,
          specialMeasuresAgreed: p.specialMeasuresAgreed,
          supporterName: p.supporterName,
          supporterAgencyId: p.supporterAgencyId,
          preTrialVisitOn: p.preTrialVisitOn,
          preTrialVisitNote: p.preTrialVisitNote,
          outcome: p.outcome,
          outcomeOn: p.outcomeOn,
        })),
      };
    },
  );
}

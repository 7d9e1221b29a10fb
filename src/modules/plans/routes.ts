/**
 * The pages for strategy meetings and tasks: record a meeting (from the record, or from a missing
 * episode whose meeting was held), read it, give a risk assessment's plan actions owners and due
 * dates, and mark a task done.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { CASEWORK_ROLES } from '../../platform/auth/roles.ts';
import { formErrors, type FieldErrors } from '../../platform/http/forms.ts';
import { notFound } from '../../platform/http/errors.ts';
import { recordAddress } from '../../platform/http/page-input.ts';
import { refusalPage } from '../../platform/http/refusals.ts';
import { addDays, londonToday } from '../../platform/time.ts';
import { DUE_SOON_DAYS } from './record-section.ts';
import { personView } from '../young-people/index.ts';
import { missingEpisodes } from '../missing/tables.ts';
import { concerns } from '../concerns/tables.ts';
import { episodeReference } from '../missing/index.ts';
import { formatDateTime } from '../../platform/views/filters.ts';
import { MEETING_ROWS, meetingFieldOf, readCompletionForm, readMeetingForm, readPlanTaskForm, rowCount, rowsForm } from './page-forms.ts';
import { assessmentPlan, completeTask, createPlanTask, findVisibleMeeting, findVisibleTask, manageableRecord, ownerChoices, recordStrategyMeeting } from './service.ts';

const meetingQuery = z.object({ episode: z.string().optional(), concern: z.string().optional() });
const meetingAddress = z.object({ meetingId: z.string() });
const taskAddress = z.object({ taskId: z.string() });
const assessmentAddress = z.object({ assessmentId: z.string() });

const recordView = (form: string) => ({ roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'young_person', recordId: 'id', details: { form } } }) as const;

export default async function planRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  async function ownerOptions(areaId: string, chosen: string) {
    const choices = await ownerChoices(db, areaId);
    return [
      { value: '', text: 'Choose an owner', selected: !chosen },
      ...choices.people.map((p) => ({ value: `user:${p.id}`, text: `${p.name}${p.jobTitle ? `, ${p.jobTitle}` : ''} (${p.agencyName})`, selected: chosen === `user:${p.id}` })),
      ...choices.agencies.map((a) => ({ value: `agency:${a.id}`, text: `${a.name} (the agency)`, selected: chosen === `agency:${a.id}` })),
    ];
  }

  // ---- Strategy meetings ----

  /** What a meeting may be about: this young person's missing episodes and concerns. */
  async function aboutChoices(youngPersonId: string) {
    const [episodes, concernRows] = await Promise.all([
      db.select({ id: missingEpisodes.id, number: missingEpisodes.number, lastSeenAt: missingEpisodes.lastSeenAt }).from(missingEpisodes).where(eq(missingEpisodes.youngPersonId, youngPersonId)).orderBy(desc(missingEpisodes.lastSeenAt)).limit(20),
      db.select({ id: concerns.id, number: concerns.number, submittedAt: concerns.submittedAt }).from(concerns).where(and(eq(concerns.youngPersonId, youngPersonId))).orderBy(desc(concerns.submittedAt)).limit(20),
    ]);
    return [
      ...episodes.map((e) => ({ value: `episode:${e.id}`, text: `Missing episode ${episodeReference(e.number)}, last seen ${formatDateTime(e.lastSeenAt)}` })),
      ...concernRows.map((c) => ({ value: `concern:${c.id}`, text: `Concern C-${c.number}, raised ${formatDateTime(c.submittedAt)}` })),
    ];
  }

  async function meetingFormContext(request: FastifyRequest, yp: Parameters<typeof personView>[0] & { areaId: string }, values: Record<string, string | undefined>, errors?: FieldErrors) {
    const attendeeRows = rowCount(values, 'attendee', MEETING_ROWS.attendee);
    const actionRows = rowCount(values, 'action', MEETING_ROWS.action);
    const owners = [];
    for (let row = 1; row <= actionRows; row++) owners.push(await ownerOptions(request.user!.areaId, values[`action-${row}-owner`] ?? ''));
    const about = await aboutChoices(yp.id);
    return {
      title: 'Record a strategy meeting',
      backLink: `/young-people/${yp.id}`,
      yp: personView(yp),
      values,
      attendeeRows,
      actionRows,
      owners,
      aboutItems: [{ value: '', text: 'Not about one episode or concern', checked: !values.about }, ...about.map((a) => ({ ...a, checked: values.about === a.value }))],
      errors: errors && Object.keys(errors).length ? formErrors(errors) : null,
    };
  }

  pages.get('/young-people/:id/strategy-meetings/new', { config: recordView('strategy_meeting'), schema: { params: recordAddress, querystring: meetingQuery } }, async (request, reply) => {
    const record = await manageableRecord(db, request.user!, request.params.id);
    if (!record?.manages) throw notFound();
    const { episode, concern } = request.query;
    const about = episode ? `episode:${episode}` : concern ? `concern:${concern}` : '';
    return reply.page('plans/views/meeting-form.njk', await meetingFormContext(request, record.yp, { about }));
  });

  pages.post('/young-people/:id/strategy-meetings', { config: { roles: CASEWORK_ROLES, audit: { action: 'create', recordKind: 'strategy_meeting' } }, schema: { params: recordAddress, body: rowsForm } }, async (request, reply) => {
    const record = await manageableRecord(db, request.user!, request.params.id);
    if (!record?.manages) throw notFound();
    const body = request.body as Record<string, string>;
    if (body.add) return reply.page('plans/views/meeting-form.njk', await meetingFormContext(request, record.yp, body));
    const read = readMeetingForm(body, record.yp.id);
    if (!read.input) return reply.code(400).page('plans/views/meeting-form.njk', await meetingFormContext(request, record.yp, body, read.errors));
    const result = await recordStrategyMeeting(db, request.ctx, request.user!, read.input);
    if (!result.ok) {
      const errors = Object.fromEntries(Object.entries(result.errors).map(([key, message]) => [meetingFieldOf(body, key), message]));
      return refusalPage(result, async (status) => reply.code(status).page('plans/views/meeting-form.njk', await meetingFormContext(request, record.yp, body, errors)));
    }
    return reply.redirect(`/strategy-meetings/${result.value.id}?done=recorded`, 303);
  });

  pages.get('/strategy-meetings/:meetingId', { config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'strategy_meeting', recordId: 'meetingId' } }, schema: { params: meetingAddress, querystring: z.object({ done: z.string().optional() }) } }, async (request, reply) => {
    const found = await findVisibleMeeting(db, request.user!, request.params.meetingId);
    if (!found) throw notFound();
    request.noteAudit({ details: { youngPersonId: found.yp.id } });
    return reply.page('plans/views/meeting.njk', {
      title: `Strategy meeting ${found.meeting.reference}`,
      backLink: `/young-people/${found.yp.id}/plans#strategy-meetings`,
      yp: personView(found.yp),
      meeting: found.meeting,
      tasks: found.tasks.map((t) => ({ ...t, dueSoon: t.dueOn <= addDays(londonToday(), DUE_SOON_DAYS) })),
      today: londonToday(),
      recorded: request.query.done === 'recorded',
    });
  });

  // ---- Tasks ----

  async function planTaskContext(request: FastifyRequest, found: NonNullable<Awaited<ReturnType<typeof assessmentPlan>>>, values: Record<string, string | undefined>, errors?: FieldErrors) {
    const given = new Map<string, string[]>();
    for (const task of found.tasks) given.set(task.description, [...(given.get(task.description) ?? []), task.owner]);
    return {
      title: `Give the plan’s actions owners – ${found.reference}`,
      backLink: `/young-people/${found.yp.id}/plans#tasks`,
      yp: personView(found.yp),
      reference: found.reference,
      assessmentId: found.assessment.id,
      added: values.done === '1',
      actions: found.assessment.plan.map((a) => ({ value: a.actionId, text: a.text, hint: { text: [a.lead ? `Suggested lead: ${a.lead}` : null, a.dueBy ? `suggested by ${a.dueBy}` : null].filter(Boolean).join(', ') || undefined }, checked: values.planActionId === a.actionId })),
      tasks: found.tasks,
      owners: await ownerOptions(request.user!.areaId, values.owner ?? ''),
      values,
      errors: errors && Object.keys(errors).length ? formErrors(errors, ['planActionId', 'owner', 'dueOn', 'description']) : null,
    };
  }

  pages.get('/risk-plans/:assessmentId/tasks/new', { config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'risk_assessment', recordId: 'assessmentId', details: { form: 'plan_tasks' } } }, schema: { params: assessmentAddress, querystring: z.object({ done: z.string().optional() }) } }, async (request, reply) => {
    const found = await assessmentPlan(db, request.user!, request.params.assessmentId);
    if (!found?.manages) throw notFound();
    return reply.page('plans/views/plan-task-form.njk', await planTaskContext(request, found, { done: request.query.done }));
  });

  pages.post('/risk-plans/:assessmentId/tasks', { config: { roles: CASEWORK_ROLES, audit: { action: 'create', recordKind: 'casework_task' } }, schema: { params: assessmentAddress, body: rowsForm } }, async (request, reply) => {
    const found = await assessmentPlan(db, request.user!, request.params.assessmentId);
    if (!found?.manages) throw notFound();
    const body = request.body as Record<string, string>;
    const read = readPlanTaskForm(body, found.assessment.id);
    if (!read.input) return reply.code(400).page('plans/views/plan-task-form.njk', await planTaskContext(request, found, body, read.errors));
    const result = await createPlanTask(db, request.ctx, request.user!, read.input);
    if (!result.ok) return refusalPage(result, async (status, errors) => reply.code(status).page('plans/views/plan-task-form.njk', await planTaskContext(request, found, body, errors)));
    return reply.redirect(`/risk-plans/${found.assessment.id}/tasks/new?done=1`, 303);
  });

  function completionContext(found: NonNullable<Awaited<ReturnType<typeof findVisibleTask>>>, values: Record<string, string | undefined>, errors?: FieldErrors) {
    return {
      title: 'Mark a task done',
      backLink: `/young-people/${found.yp.id}/plans#tasks`,
      yp: personView(found.yp),
      task: found.task,
      values,
      errors: errors && Object.keys(errors).length ? formErrors(errors, ['completedOn', 'note']) : null,
    };
  }

  pages.get('/tasks/:taskId/complete', { config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'casework_task', recordId: 'taskId' } }, schema: { params: taskAddress } }, async (request, reply) => {
    const found = await findVisibleTask(db, request.user!, request.params.taskId);
    if (!found || !found.mayComplete || found.task.completedOn) throw notFound();
    request.noteAudit({ details: { youngPersonId: found.yp.id } });
    return reply.page('plans/views/complete-form.njk', completionContext(found, {}));
  });

  pages.post('/tasks/:taskId/complete', { config: { roles: CASEWORK_ROLES, audit: { action: 'update', recordKind: 'casework_task', recordId: 'taskId' } }, schema: { params: taskAddress, body: rowsForm } }, async (request, reply) => {
    const found = await findVisibleTask(db, request.user!, request.params.taskId);
    if (!found) throw notFound();
    const body = request.body as Record<string, string>;
    const read = readCompletionForm(body, londonToday());
    if (!read.input) return reply.code(400).page('plans/views/complete-form.njk', completionContext(found, body, read.errors));
    const result = await completeTask(db, request.ctx, request.user!, found.task.id, read.input);
    if (!result.ok) return refusalPage(result, (status, errors) => reply.code(status).page('plans/views/complete-form.njk', completionContext(found, body, errors)));
    return reply.redirect(`/young-people/${found.yp.id}/plans#tasks`, 303);
  });
}

/**
 * The pages of closing, re-opening and transition at 18. The record's own section
 * (/young-people/:id/moving-on) is drawn by the young-people module from this module's
 * `recordSections`; these are the forms it links to and the coordinator's transition lists.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CASEWORK_ROLES, COORDINATOR_ROLES } from '../../platform/auth/roles.ts';
import { formErrors, type FieldErrors } from '../../platform/http/forms.ts';
import { notFound } from '../../platform/http/errors.ts';
import { form, formText, queryText, recordAddress, type TextFields } from '../../platform/http/page-input.ts';
import { dateInputValues } from '../../platform/http/date-input.ts';
import { refusalPage } from '../../platform/http/refusals.ts';
import { mailOptions } from '../../platform/mail.ts';
import { londonToday, now } from '../../platform/time.ts';
import { formatDate } from '../../platform/views/filters.ts';
import { accessPaths, canManageRecord, findVisibleYoungPerson, personView, riskLevelLabel, type YoungPersonRow } from '../young-people/index.ts';
import { emailFeedbackAfterCommit } from '../concerns/index.ts';
import { readClosureForm, readReopeningForm, readTransitionPlanForm } from './input.ts';
import { closuresOf, concernsSince, currentOpenedOn, panelDiscussionsOf, periodsFrom } from './periods.ts';
import { closeCseWork, keepOpenAfter18, reopenCseWork, saveTransitionPlan, transitionPlanOf } from './service.ts';
import { ageOnDay, eighteenthBirthday } from './transition.ts';
import { listTitle, TRANSITION_LISTS, transitionList, type TransitionList } from './worklist.ts';
import { ADULT_SAFEGUARDING, AGREED_BY, CLOSURE_REASONS } from './vocab.ts';

const closureForm = form({
  'closedOn-day': formText, 'closedOn-month': formText, 'closedOn-year': formText,
  reason: formText, reasonDetails: formText, youngPersonViews: formText, familyViews: formText, agreedBy: formText, agendaItemId: formText,
  'panelDecidedOn-day': formText, 'panelDecidedOn-month': formText, 'panelDecidedOn-year': formText,
});
const reopenForm = form({ 'reopenedOn-day': formText, 'reopenedOn-month': formText, 'reopenedOn-year': formText, reason: formText, concernId: formText });
const planForm = form({
  adultServicesContact: formText, adultSafeguarding: formText,
  'adultSafeguardingReferredOn-day': formText, 'adultSafeguardingReferredOn-month': formText, 'adultSafeguardingReferredOn-year': formText,
  housing: formText, health: formText, leavingCare: formText, wishes: formText,
  'deadline-day': formText, 'deadline-month': formText, 'deadline-year': formText,
});
const decisionForm = form({ decision: formText, reason: formText });
const closeQuery = z.object({ reason: queryText });
const listQuery = z.object({ show: queryText });

const CLOSURE_FIELDS = ['closedOn', 'reason', 'reasonDetails', 'youngPersonViews', 'familyViews', 'agreedBy', 'agendaItemId', 'panelDecidedOn'];
const REOPEN_FIELDS = ['reopenedOn', 'reason', 'concernId'];
const PLAN_FIELDS = ['adultServicesContact', 'adultSafeguarding', 'adultSafeguardingReferredOn', 'housing', 'health', 'leavingCare', 'wishes', 'deadline'];

type Values = Record<string, string | undefined>;
const errorsFor = (errors: FieldErrors | undefined, order: string[]) => (errors && Object.keys(errors).length ? formErrors(errors, order) : null);
const sectionHref = (id: string) => `/young-people/${id}/moving-on`;

export default async function movingOnRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const config = app.lantern.config;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  /** The record for the coordinator's forms: 404 when they cannot see it. */
  async function coordinatorRecord(request: FastifyRequest, id: string): Promise<YoungPersonRow> {
    const yp = await findVisibleYoungPerson(db, request.user!, id);
    if (!yp) throw notFound();
    return yp;
  }

  // ---- Closing ----

  async function closeContext(yp: YoungPersonRow, values: Values, errors?: FieldErrors) {
    const discussions = await panelDiscussionsOf(db, yp.id);
    return {
      title: 'Close CSE work',
      backLink: sectionHref(yp.id),
      yp: personView(yp),
      openedOn: currentOpenedOn(yp),
      level: riskLevelLabel(yp.riskLevel),
      values,
      reasonItems: Object.entries(CLOSURE_REASONS).map(([value, text]) => ({ value, text, checked: values.reason === value })),
      agreedItems: Object.entries(AGREED_BY).map(([value, text]) => ({ value, text, checked: values.agreedBy === value })),
      discussionItems: [{ value: '', text: discussions.length ? 'Not one of these: enter the date below' : 'No panel discussion of this young person is in Lantern' }, ...discussions.map((d) => ({ value: d.id, text: `${d.panelName}, ${formatDate(d.meetsOn)}`, selected: values.agendaItemId === d.id }))],
      errors: errorsFor(errors, CLOSURE_FIELDS),
    };
  }

  pages.get('/young-people/:id/close', {
    config: { roles: COORDINATOR_ROLES, audit: { action: 'view', recordKind: 'young_person', recordId: 'id', details: { form: 'cse_closure' } } },
    schema: { params: recordAddress, querystring: closeQuery },
  }, async (request, reply) => {
    const yp = await coordinatorRecord(request, request.params.id);
    if (yp.closedOn) return reply.redirect(sectionHref(yp.id), 303);
    const reason = request.query.reason in CLOSURE_REASONS ? request.query.reason : '';
    return reply.page('moving-on/views/close-form.njk', await closeContext(yp, { reason, ...dateInputValues('closedOn', londonToday(now())) }));
  });

  pages.post('/young-people/:id/close', {
    config: { roles: COORDINATOR_ROLES, audit: { action: 'update', recordKind: 'young_person', recordId: 'id' } },
    schema: { params: recordAddress, body: closureForm },
  }, async (request, reply) => {
    const yp = await coordinatorRecord(request, request.params.id);
    const values = request.body as Values;
    const read = readClosureForm(request.body as TextFields, londonToday(now()));
    if (!read.input) return reply.code(400).page('moving-on/views/close-form.njk', await closeContext(yp, values, read.errors));
    const result = await closeCseWork(db, request.ctx, request.user!, yp.id, read.input);
    if (!result.ok) {
      if (result.kind === 'conflict') return reply.redirect(sectionHref(yp.id), 303);
      return refusalPage(result, async (status, errors) => reply.code(status).page('moving-on/views/close-form.njk', await closeContext(yp, values, errors)));
    }
    emailFeedbackAfterCommit(db, mailOptions(config, request.log), result.value.feedback);
    return reply.redirect(`${sectionHref(yp.id)}`, 303);
  });

  // ---- Re-opening ----

  async function reopenContext(yp: YoungPersonRow, values: Values, errors?: FieldErrors) {
    const closures = await closuresOf(db, yp.id);
    const since = yp.closedOn ? await concernsSince(db, yp.id, yp.closedOn) : [];
    return {
      title: 'Re-open CSE work',
      backLink: sectionHref(yp.id),
      yp: personView(yp),
      closedOn: yp.closedOn,
      periods: periodsFrom(yp, closures),
      closures: closures.map((c) => ({ ...c, levelText: riskLevelLabel(c.levelAtClosure) })),
      values,
      concernItems: [{ value: '', text: since.length ? 'None of these' : 'No concern since the closure' }, ...since.map((c) => ({ value: c.id, text: `C-${c.number}, received ${formatDate(c.submittedAt)}`, selected: values.concernId === c.id }))],
      errors: errorsFor(errors, REOPEN_FIELDS),
    };
  }

  pages.get('/young-people/:id/reopen', {
    config: { roles: COORDINATOR_ROLES, audit: { action: 'view', recordKind: 'young_person', recordId: 'id', details: { form: 'cse_reopening' } } },
    schema: { params: recordAddress },
  }, async (request, reply) => {
    const yp = await coordinatorRecord(request, request.params.id);
    if (!yp.closedOn) return reply.redirect(sectionHref(yp.id), 303);
    return reply.page('moving-on/views/reopen-form.njk', await reopenContext(yp, dateInputValues('reopenedOn', londonToday(now()))));
  });

  pages.post('/young-people/:id/reopen', {
    config: { roles: COORDINATOR_ROLES, audit: { action: 'update', recordKind: 'young_person', recordId: 'id' } },
    schema: { params: recordAddress, body: reopenForm },
  }, async (request, reply) => {
    const yp = await coordinatorRecord(request, request.params.id);
    const values = request.body as Values;
    const read = readReopeningForm(request.body as TextFields, londonToday(now()));
    if (!read.input) return reply.code(400).page('moving-on/views/reopen-form.njk', await reopenContext(yp, values, read.errors));
    const result = await reopenCseWork(db, request.ctx, request.user!, yp.id, read.input);
    if (!result.ok) {
      if (result.kind === 'conflict') return reply.redirect(sectionHref(yp.id), 303);
      return refusalPage(result, async (status, errors) => reply.code(status).page('moving-on/views/reopen-form.njk', await reopenContext(yp, values, errors)));
    }
    return reply.redirect(`${sectionHref(yp.id)}`, 303);
  });

  // ---- The transition plan ----

  async function planRecord(request: FastifyRequest, id: string) {
    const yp = await findVisibleYoungPerson(db, request.user!, id);
    if (!yp || !canManageRecord(request.user!, await accessPaths(db, request.user!, yp.id))) throw notFound();
    return yp;
  }

  function planContext(yp: YoungPersonRow, values: Values, exists: boolean, errors?: FieldErrors) {
    return {
      title: exists ? 'Update the transition plan' : 'Write a transition plan',
      heading: exists ? 'Update the transition plan' : 'Write a transition plan',
      backLink: sectionHref(yp.id),
      yp: personView(yp),
      birthday18: yp.dateOfBirth ? eighteenthBirthday(yp.dateOfBirth) : null,
      values,
      safeguardingItems: Object.entries(ADULT_SAFEGUARDING).map(([value, text]) => ({ value, text, checked: values.adultSafeguarding === value })),
      errors: errorsFor(errors, PLAN_FIELDS),
    };
  }

  pages.get('/young-people/:id/transition-plan', {
    config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'young_person', recordId: 'id', details: { form: 'transition_plan' } } },
    schema: { params: recordAddress },
  }, async (request, reply) => {
    const yp = await planRecord(request, request.params.id);
    if (yp.closedOn) return reply.redirect(sectionHref(yp.id), 303);
    const plan = await transitionPlanOf(db, yp.id);
    const values: Values = plan
      ? {
          adultServicesContact: plan.adultServicesContact ?? '',
          adultSafeguarding: plan.adultSafeguarding,
          ...dateInputValues('adultSafeguardingReferredOn', plan.adultSafeguardingReferredOn),
          housing: plan.housing ?? '',
          health: plan.health ?? '',
          leavingCare: plan.leavingCare ?? '',
          wishes: plan.wishes,
          ...dateInputValues('deadline', plan.deadline),
        }
      : { adultSafeguarding: 'not_decided', ...dateInputValues('deadline', yp.dateOfBirth ? eighteenthBirthday(yp.dateOfBirth) : null) };
    return reply.page('moving-on/views/transition-form.njk', planContext(yp, values, Boolean(plan)));
  });

  pages.post('/young-people/:id/transition-plan', {
    config: { roles: CASEWORK_ROLES, audit: { action: 'update', recordKind: 'transition_plan' } },
    schema: { params: recordAddress, body: planForm },
  }, async (request, reply) => {
    const yp = await planRecord(request, request.params.id);
    const values = request.body as Values;
    const exists = Boolean(await transitionPlanOf(db, yp.id));
    const read = readTransitionPlanForm(request.body as TextFields, londonToday(now()));
    if (!read.input) return reply.code(400).page('moving-on/views/transition-form.njk', planContext(yp, values, exists, read.errors));
    const result = await saveTransitionPlan(db, request.ctx, request.user!, yp.id, read.input);
    if (!result.ok) {
      if (result.kind === 'conflict') return reply.redirect(sectionHref(yp.id), 303);
      return refusalPage(result, async (status, errors) => reply.code(status).page('moving-on/views/transition-form.njk', planContext(yp, values, exists, errors)));
    }
    return reply.redirect(`${sectionHref(yp.id)}#transition`, 303);
  });

  // ---- The decision at 18 ----

  function decisionContext(yp: YoungPersonRow, values: Values, errors?: FieldErrors) {
    return {
      title: 'Decide what happens at 18',
      backLink: sectionHref(yp.id),
      yp: personView(yp),
      birthday18: yp.dateOfBirth ? eighteenthBirthday(yp.dateOfBirth) : null,
      values,
      decisionItems: [
        { value: 'close', text: 'Close CSE work: they have turned 18 and moved to adult services', checked: values.decision === 'close' },
        { value: 'keep_open', text: 'Keep CSE work open for now', checked: values.decision === 'keep_open' },
      ],
      errors: errorsFor(errors, ['decision', 'reason']),
    };
  }

  async function adultRecord(request: FastifyRequest, reply: FastifyReply, id: string) {
    const yp = await coordinatorRecord(request, id);
    const adult = yp.dateOfBirth !== null && ageOnDay(yp.dateOfBirth, londonToday(now())) >= 18;
    return { yp, usable: adult && !yp.closedOn, reply };
  }

  pages.get('/young-people/:id/turning-18', {
    config: { roles: COORDINATOR_ROLES, audit: { action: 'view', recordKind: 'young_person', recordId: 'id', details: { form: 'transition_decision' } } },
    schema: { params: recordAddress },
  }, async (request, reply) => {
    const { yp, usable } = await adultRecord(request, reply, request.params.id);
    if (!usable) return reply.redirect(sectionHref(yp.id), 303);
    return reply.page('moving-on/views/decision-form.njk', decisionContext(yp, {}));
  });

  pages.post('/young-people/:id/turning-18', {
    config: { roles: COORDINATOR_ROLES, audit: { action: 'update', recordKind: 'young_person', recordId: 'id' } },
    schema: { params: recordAddress, body: decisionForm },
  }, async (request, reply) => {
    const { yp, usable } = await adultRecord(request, reply, request.params.id);
    if (!usable) return reply.redirect(sectionHref(yp.id), 303);
    const values = request.body as Values;
    if (request.body.decision === 'close') return reply.redirect(`/young-people/${yp.id}/close?reason=turned_18`, 303);
    if (request.body.decision !== 'keep_open') return reply.code(400).page('moving-on/views/decision-form.njk', decisionContext(yp, values, { decision: 'Choose whether to close CSE work or keep it open' }));
    if (!request.body.reason) return reply.code(400).page('moving-on/views/decision-form.njk', decisionContext(yp, values, { reason: 'Enter why CSE work stays open after 18' }));
    const result = await keepOpenAfter18(db, request.ctx, request.user!, yp.id, { reason: request.body.reason.slice(0, 20_000) });
    if (!result.ok) return refusalPage(result, (status, errors) => reply.code(status).page('moving-on/views/decision-form.njk', decisionContext(yp, values, errors)));
    return reply.redirect(`${sectionHref(yp.id)}#transition`, 303);
  });

  // ---- The coordinator's lists ----

  pages.get('/moving-on/transitions', {
    config: { roles: COORDINATOR_ROLES, audit: { action: 'view', recordKind: 'young_person', details: { list: 'transitions' } } },
    schema: { querystring: listQuery },
  }, async (request, reply) => {
    const show: TransitionList = request.query.show in TRANSITION_LISTS ? (request.query.show as TransitionList) : 'no-plan';
    const { settings, people } = await transitionList(db, request.user!.areaId, show);
    request.noteAudit({ details: { show, resultIds: people.map((p) => p.id) } });
    return reply.page('moving-on/views/transitions.njk', {
      title: 'Transition at 18',
      show,
      heading: listTitle(show, settings),
      tabs: (Object.keys(TRANSITION_LISTS) as TransitionList[]).map((key) => ({ text: listTitle(key, settings), href: `/moving-on/transitions?show=${key}`, active: key === show })),
      people,
    });
  });
}

/**
 * The self-assessment's pages: the years and their ratings side by side, one year by theme, one
 * standard with its measured figure, written evidence and action plan; rating, adding actions,
 * signing off and adding a standard to the framework for the coordinator and the partnership lead.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PARTNERSHIP_EDIT_ROLES, PARTNERSHIP_READ_ROLES } from '../../platform/auth/roles.ts';
import { formErrors, type FieldErrors } from '../../platform/http/forms.ts';
import { form, queryText } from '../../platform/http/page-input.ts';
import { readDateInput } from '../../platform/http/date-input.ts';
import { notFound } from '../../platform/http/errors.ts';
import { refusalPage } from '../../platform/http/refusals.ts';
import { londonToday, now } from '../../platform/time.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { areaAgencies } from '../training/index.ts';
import { addAction, addStandard, assessmentView, assessmentsOf, currentFramework, rateStandard, setActionStatus, signOff, startAssessment, yearAgainstYear } from './service.ts';
import { ACTION_STATUSES, MEASURES, RATINGS, RATING_TAGS, THEMES } from './vocab.ts';

const yearAddress = z.object({ year: z.string() });
const standardAddress = z.object({ year: z.string(), standardId: z.string() });
const text = z.string().optional().default('');

const view = (details?: Record<string, unknown>) => ({ roles: PARTNERSHIP_READ_ROLES, audit: { action: 'view' as const, recordKind: 'self_assessment', ...(details ? { details } : {}) } });
const mayEdit = (user: SignedInUser) => PARTNERSHIP_EDIT_ROLES.includes(user.role);
const yearOf = (text: string) => (/^\d{4}$/.test(text) ? Number(text) : Number.NaN);
const radios = (labels: Record<string, string>, chosen: string | undefined) => Object.entries(labels).map(([value, t]) => ({ value, text: t, checked: chosen === value }));

export default async function selfAssessmentRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  async function overview(reply: FastifyReply, user: SignedInUser, values: Record<string, string>, errors?: FieldErrors, status = 200) {
    const [years, compared] = await Promise.all([assessmentsOf(db, user.areaId), yearAgainstYear(db, user.areaId)]);
    return reply.code(status).page('self-assessment/views/overview.njk', {
      title: 'Self-assessment',
      years,
      compared,
      ratingLabels: RATINGS,
      ratingTags: RATING_TAGS,
      mayEdit: mayEdit(user),
      values: { year: values.year ?? londonToday(now()).slice(0, 4) },
      errors: errors && Object.keys(errors).length ? formErrors(errors) : null,
    });
  }

  pages.get('/self-assessment', { config: view() }, async (request, reply) => overview(reply, request.user!, {}));

  pages.post('/self-assessment', { config: { roles: PARTNERSHIP_EDIT_ROLES, audit: { action: 'create', recordKind: 'self_assessment' } }, schema: { body: form({ year: text }) } }, async (request, reply) => {
    const result = await startAssessment(db, request.ctx, request.user!, request.body.year);
    if (!result.ok) return refusalPage(result, (status, errors) => overview(reply, request.user!, request.body, errors, status));
    return reply.redirect(`/self-assessment/${result.value.year}`, 303);
  });

  // ---- The framework ----

  async function frameworkPage(reply: FastifyReply, user: SignedInUser, values: Record<string, string>, errors?: FieldErrors, status = 200) {
    const framework = await currentFramework(db, user.areaId, user.userId);
    return reply.code(status).page('self-assessment/views/framework.njk', {
      title: 'Self-assessment framework',
      backLink: '/self-assessment',
      framework,
      themes: Object.entries(THEMES).map(([id, label]) => ({ id, label, standards: framework.standards.filter((s) => s.theme === id).map((s) => ({ ...s, measureLabel: s.measure ? (MEASURES as Record<string, string>)[s.measure] : null })) })),
      mayEdit: mayEdit(user),
      values,
      themeItems: [{ value: '', text: 'Choose a theme', selected: !values.theme }, ...Object.entries(THEMES).map(([value, t]) => ({ value, text: t, selected: values.theme === value }))],
      measureItems: [{ value: '', text: 'None: the evidence is written', selected: !values.measure }, ...Object.entries(MEASURES).map(([value, t]) => ({ value, text: t, selected: values.measure === value }))],
      errors: errors && Object.keys(errors).length ? formErrors(errors, ['theme', 'text', 'measure']) : null,
    });
  }

  pages.get('/self-assessment/framework', { config: view({ page: 'framework' }) }, async (request, reply) => frameworkPage(reply, request.user!, {}));

  pages.post('/self-assessment/framework/standards', { config: { roles: PARTNERSHIP_EDIT_ROLES, audit: { action: 'create', recordKind: 'self_assessment_framework' } }, schema: { body: form({ theme: text, text, measure: text }) } }, async (request, reply) => {
    const result = await addStandard(db, request.ctx, request.user!, request.body);
    if (!result.ok) return refusalPage(result, (status, errors) => frameworkPage(reply, request.user!, request.body, errors, status));
    return reply.redirect('/self-assessment/framework', 303);
  });

  // ---- One year ----

  async function yearPage(reply: FastifyReply, user: SignedInUser, year: number, errors?: FieldErrors, status = 200, done = '') {
    const found = await assessmentView(db, user.areaId, year);
    if (!found) throw notFound();
    return reply.code(status).page('self-assessment/views/year.njk', {
      title: `Self-assessment ${year}`,
      backLink: '/self-assessment',
      year,
      found,
      ratingTags: RATING_TAGS,
      mayEdit: mayEdit(user) && found.assessment.status === 'open',
      done,
      errors: errors && Object.keys(errors).length ? formErrors(errors) : null,
    });
  }

  pages.get('/self-assessment/:year', { config: view(), schema: { params: yearAddress, querystring: z.object({ done: queryText }) } }, async (request, reply) => yearPage(reply, request.user!, yearOf(request.params.year), undefined, 200, request.query.done));

  pages.post('/self-assessment/:year/sign-off', { config: { roles: PARTNERSHIP_EDIT_ROLES, audit: { action: 'update', recordKind: 'self_assessment' } }, schema: { params: yearAddress } }, async (request, reply) => {
    const year = yearOf(request.params.year);
    const result = await signOff(db, request.ctx, request.user!, year);
    if (!result.ok) return refusalPage(result, (status, errors) => yearPage(reply, request.user!, year, errors, status));
    return reply.redirect(`/self-assessment/${year}?done=signed-off`, 303);
  });

  // ---- One standard ----

  async function standardPage(reply: FastifyReply, user: SignedInUser, year: number, standardId: string, values: Record<string, string>, errors?: FieldErrors, status = 200) {
    const found = await assessmentView(db, user.areaId, year, standardId);
    if (!found) throw notFound();
    const standard = found.standards[0]!;
    const open = found.assessment.status === 'open';
    const owners = await areaAgencies(db, user.areaId);
    const chosen = { rating: values.rating ?? standard.rating ?? '', evidence: values.evidence ?? standard.evidence, ...values };
    return reply.code(status).page('self-assessment/views/standard.njk', {
      title: `${standard.themeLabel}: standard ${standard.id} (${year})`,
      backLink: `/self-assessment/${year}#${standard.theme}`,
      year,
      standard,
      signedOff: !open,
      assessment: found.assessment,
      ratingTags: RATING_TAGS,
      mayEdit: mayEdit(user) && open,
      values: chosen,
      ratingItems: radios(RATINGS, chosen.rating),
      statusItems: radios(ACTION_STATUSES, values.status ?? 'not_started'),
      statusSelects: Object.fromEntries(standard.actions.map((a) => [a.id, Object.entries(ACTION_STATUSES).map(([value, t]) => ({ value, text: t, selected: a.status === value }))])),
      ownerItems: [{ value: '', text: 'Choose an agency', selected: !values.ownerAgencyId }, ...owners.map((a) => ({ value: a.id, text: a.name, selected: values.ownerAgencyId === a.id }))],
      errors: errors && Object.keys(errors).length ? formErrors(errors, ['rating', 'evidence', 'description', 'ownerAgencyId', 'dueOn', 'status']) : null,
    });
  }

  pages.get('/self-assessment/:year/standards/:standardId', { config: view(), schema: { params: standardAddress } }, async (request, reply) => {
    request.noteAudit({ details: { year: request.params.year, standardId: request.params.standardId } });
    return standardPage(reply, request.user!, yearOf(request.params.year), request.params.standardId, {});
  });

  pages.post('/self-assessment/:year/standards/:standardId/rating', { config: { roles: PARTNERSHIP_EDIT_ROLES, audit: { action: 'update', recordKind: 'self_assessment' } }, schema: { params: standardAddress, body: form({ rating: text, evidence: text }) } }, async (request, reply) => {
    const year = yearOf(request.params.year);
    const result = await rateStandard(db, request.ctx, request.user!, year, request.params.standardId, request.body);
    if (!result.ok) return refusalPage(result, (status, errors) => standardPage(reply, request.user!, year, request.params.standardId, request.body, errors, status));
    return reply.redirect(`/self-assessment/${year}/standards/${request.params.standardId}`, 303);
  });

  pages.post(
    '/self-assessment/:year/standards/:standardId/actions',
    { config: { roles: PARTNERSHIP_EDIT_ROLES, audit: { action: 'create', recordKind: 'self_assessment_action' } }, schema: { params: standardAddress, body: form({ description: text, ownerAgencyId: text, status: text, 'dueOn-day': text, 'dueOn-month': text, 'dueOn-year': text }) } },
    async (request, reply) => {
      const year = yearOf(request.params.year);
      const body = request.body;
      const due = readDateInput(body, 'dueOn', { label: 'The due date', required: 'Enter the date the action is due', example: '31 3 2027' });
      const result = await addAction(db, request.ctx, request.user!, year, request.params.standardId, { description: body.description, ownerAgencyId: body.ownerAgencyId, status: body.status, dueOn: due.value ?? '' });
      if (!result.ok || due.error) {
        const errors = { ...(result.ok ? {} : result.errors), ...(due.error ? { dueOn: due.error } : {}) };
        if (!result.ok && result.kind !== 'invalid') return refusalPage(result, (status, e) => standardPage(reply, request.user!, year, request.params.standardId, body, e, status));
        return standardPage(reply, request.user!, year, request.params.standardId, body, errors, 400);
      }
      return reply.redirect(`/self-assessment/${year}/standards/${request.params.standardId}#actions`, 303);
    },
  );

  pages.post('/self-assessment/actions/:actionId', { config: { roles: PARTNERSHIP_EDIT_ROLES, audit: { action: 'update', recordKind: 'self_assessment_action', recordId: 'actionId' } }, schema: { params: z.object({ actionId: z.string() }), body: form({ status: text }) } }, async (request, reply) => {
    const result = await setActionStatus(db, request.ctx, request.user!, request.params.actionId, request.body.status);
    if (!result.ok) {
      if (result.kind === 'not_found') throw notFound();
      return reply.code(400).page('error.njk', { title: 'The action was not changed', heading: 'The action was not changed', paragraphs: [Object.values(result.errors)[0] ?? 'Nothing was saved.'] });
    }
    return reply.redirect(`/self-assessment/${result.value.year}/standards/${result.value.standardId}#actions`, 303);
  });
}

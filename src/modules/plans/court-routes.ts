/** The pages of a court-support plan: start one from the record, and keep it up to date. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { CASEWORK_ROLES } from '../../platform/auth/roles.ts';
import { formErrors, type FieldErrors } from '../../platform/http/forms.ts';
import { notFound } from '../../platform/http/errors.ts';
import { fieldNamedByData, form, formChoices, recordAddress } from '../../platform/http/page-input.ts';
import { dateInputValues } from '../../platform/http/date-input.ts';
import { refusalPage } from '../../platform/http/refusals.ts';
import { personView, type YoungPersonRow } from '../young-people/index.ts';
import { agencies } from '../organisation/tables.ts';
import { SPECIAL_MEASURES } from './input.ts';
import { PLAN_ROWS, readCourtSupportForm, rowCount } from './page-forms.ts';
import { manageableRecord } from './service.ts';
import { findVisibleCourtPlan, saveCourtSupport } from './court-support.ts';

/** The court form: the special measures are checkbox groups, every other field text. */
const courtForm = form({ specialMeasuresAsked: formChoices, specialMeasuresAgreed: formChoices }).catchall(fieldNamedByData);
const planAddress = z.object({ planId: z.string() });
type Values = Record<string, unknown>;

export default async function courtRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  async function formContext(request: FastifyRequest, yp: YoungPersonRow, action: string, heading: string, values: Values, errors?: FieldErrors) {
    const agencyRows = await db.select({ id: agencies.id, name: agencies.name }).from(agencies).where(and(eq(agencies.areaId, request.user!.areaId), eq(agencies.active, true))).orderBy(asc(agencies.name));
    const chosen = (name: string) => (Array.isArray(values[name]) ? (values[name] as string[]) : []);
    const items = (name: string) => Object.entries(SPECIAL_MEASURES).map(([value, text]) => ({ value, text, checked: chosen(name).includes(value) }));
    return {
      title: heading,
      backLink: `/young-people/${yp.id}/plans#court-support`,
      yp: personView(yp),
      action,
      heading,
      values,
      hearingRows: rowCount(values as Record<string, string>, 'hearing', PLAN_ROWS.hearing),
      askedItems: items('specialMeasuresAsked'),
      agreedItems: items('specialMeasuresAgreed'),
      agencyItems: [{ value: '', text: 'Not given' }, ...agencyRows.map((a) => ({ value: a.id, text: a.name, selected: values.supporterAgencyId === a.id }))],
      errors: errors && Object.keys(errors).length ? formErrors(errors) : null,
    };
  }

  async function save(request: FastifyRequest, reply: import('fastify').FastifyReply, yp: YoungPersonRow, action: string, heading: string, body: z.output<typeof courtForm>, planId?: string) {
    const values = body as Values;
    if (body.add) return reply.page('plans/views/court-form.njk', await formContext(request, yp, action, heading, values));
    const read = readCourtSupportForm(body as Record<string, string>, yp.id, { asked: body.specialMeasuresAsked, agreed: body.specialMeasuresAgreed });
    if (!read.input) return reply.code(400).page('plans/views/court-form.njk', await formContext(request, yp, action, heading, values, read.errors));
    const result = await saveCourtSupport(db, request.ctx, request.user!, read.input, planId);
    if (!result.ok) return refusalPage(result, async (status, errors) => reply.code(status).page('plans/views/court-form.njk', await formContext(request, yp, action, heading, values, errors)));
    return reply.redirect(`/young-people/${yp.id}/plans#court-support`, 303);
  }

  pages.get('/young-people/:id/court-support/new', { config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'young_person', recordId: 'id', details: { form: 'court_support' } } }, schema: { params: recordAddress } }, async (request, reply) => {
    const record = await manageableRecord(db, request.user!, request.params.id);
    if (!record?.manages) throw notFound();
    return reply.page('plans/views/court-form.njk', await formContext(request, record.yp, `/young-people/${record.yp.id}/court-support`, 'Start a court-support plan', {}));
  });

  pages.post('/young-people/:id/court-support', { config: { roles: CASEWORK_ROLES, audit: { action: 'create', recordKind: 'court_support_plan' } }, schema: { params: recordAddress, body: courtForm } }, async (request, reply) => {
    const record = await manageableRecord(db, request.user!, request.params.id);
    if (!record?.manages) throw notFound();
    return save(request, reply, record.yp, `/young-people/${record.yp.id}/court-support`, 'Start a court-support plan', request.body);
  });

  pages.get('/court-support/:planId/edit', { config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'court_support_plan', recordId: 'planId' } }, schema: { params: planAddress } }, async (request, reply) => {
    const found = await findVisibleCourtPlan(db, request.user!, request.params.planId);
    if (!found?.manages) throw notFound();
    const { plan } = found;
    request.noteAudit({ details: { youngPersonId: found.yp.id } });
    const values: Values = {
      ...plan,
      caseReference: plan.caseReference ?? '',
      supporterAgencyId: plan.supporterAgencyId ?? '',
      preTrialVisitNote: plan.preTrialVisitNote ?? '',
      outcome: plan.outcome ?? '',
      ...dateInputValues('preTrialVisitOn', plan.preTrialVisitOn),
      ...dateInputValues('outcomeOn', plan.outcomeOn),
      hearingRows: String(Math.max(PLAN_ROWS.hearing, plan.hearings.length + 1)),
    };
    plan.hearings.forEach((h, i) => Object.assign(values, dateInputValues(`hearing-${i + 1}-hearingOn`, h.hearingOn), { [`hearing-${i + 1}-purpose`]: h.purpose }));
    return reply.page('plans/views/court-form.njk', await formContext(request, found.yp, `/court-support/${plan.id}`, 'Update the court-support plan', values));
  });

  pages.post('/court-support/:planId', { config: { roles: CASEWORK_ROLES, audit: { action: 'update', recordKind: 'court_support_plan', recordId: 'planId' } }, schema: { params: planAddress, body: courtForm } }, async (request, reply) => {
    const found = await findVisibleCourtPlan(db, request.user!, request.params.planId);
    if (!found?.manages) throw notFound();
    return save(request, reply, found.yp, `/court-support/${found.plan.id}`, 'Update the court-support plan', request.body, found.plan.id);
  });
}

/** Adding further information to a sent concern (pages and API), and triage marking it seen. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { API_PREFIX } from '../../platform/api/plugin.ts';
import { CASEWORK_ROLES, COORDINATOR_ROLES } from '../../platform/auth/roles.ts';
import { formErrors, type FieldErrors } from '../../platform/http/forms.ts';
import { notFound } from '../../platform/http/errors.ts';
import { form, formText, recordAddress } from '../../platform/http/page-input.ts';
import { refusalPage, sendFailure } from '../../platform/http/refusals.ts';
import { addToConcern, concernAdditionInput, concernToAddTo, markAdditionsSeen } from './additions.ts';
import { fieldErrorsFrom } from './addition-errors.ts';

const additionForm = form({ details: formText });

export default async function concernAdditionRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const routes = app.withTypeProvider<ZodTypeProvider>();

  const context = (concern: { id: string; number: number; submittedAt: Date }, values: Record<string, string>, errors?: FieldErrors, added = false) => ({
    title: `Add information to concern C-${concern.number}`,
    backLink: '/my-concerns',
    concern: { ...concern, reference: `C-${concern.number}` },
    values,
    added,
    errors: errors && Object.keys(errors).length ? formErrors(errors, ['details']) : null,
  });

  routes.get('/concerns/:id/add-information', {
    config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'concern', recordId: 'id', details: { form: 'add_information' } } },
    schema: { params: recordAddress, querystring: z.object({ added: z.string().optional() }) },
  }, async (request, reply) => {
    const concern = await concernToAddTo(db, request.user!, request.params.id);
    if (!concern) throw notFound();
    return reply.page('concerns/views/add-information.njk', context(concern, {}, undefined, request.query.added === '1'));
  });

  routes.post('/concerns/:id/add-information', {
    config: { roles: CASEWORK_ROLES, audit: { action: 'create', recordKind: 'concern_addition' } },
    schema: { params: recordAddress, body: additionForm },
  }, async (request, reply) => {
    const concern = await concernToAddTo(db, request.user!, request.params.id);
    if (!concern) throw notFound();
    const parsed = concernAdditionInput.safeParse(request.body);
    if (!parsed.success) return reply.code(400).page('concerns/views/add-information.njk', context(concern, request.body, fieldErrorsFrom(parsed.error)));
    const result = await addToConcern(db, request.ctx, request.user!, concern.id, parsed.data);
    if (!result.ok) return refusalPage(result, (status, errors) => reply.code(status).page('concerns/views/add-information.njk', context(concern, request.body, errors)));
    return reply.redirect(`/concerns/${concern.id}/add-information?added=1`, 303);
  });

  routes.post('/triage/:concernId/additions/seen', {
    config: { roles: COORDINATOR_ROLES, audit: { action: 'update', recordKind: 'concern', recordId: 'concernId' } },
    schema: { params: z.object({ concernId: z.string() }) },
  }, async (request, reply) => {
    const result = await markAdditionsSeen(db, request.ctx, request.user!, request.params.concernId);
    if (!result.ok) throw notFound();
    return reply.redirect(`/triage/${request.params.concernId}#new-information`, 303);
  });

  routes.post(`${API_PREFIX}/concerns/:id/additions`, {
    config: { roles: CASEWORK_ROLES, audit: { action: 'create', recordKind: 'concern_addition' } },
    schema: {
      tags: ['concerns'],
      summary: 'Add further information to a concern you or your agency sent',
      description: 'It goes into the young person’s chronology and shows to triage as new information until the coordinator has seen it.',
      params: z.object({ id: z.uuid() }),
      body: concernAdditionInput,
      response: { 201: z.object({ id: z.string() }) },
    },
  }, async (request, reply) => {
    const result = await addToConcern(db, request.ctx, request.user!, request.params.id, request.body);
    if (!result.ok) return sendFailure(reply, result, 'information');
    return reply.code(201).send({ id: result.value.id });
  });
}

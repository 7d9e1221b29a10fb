import { refusalPage } from '../../../platform/http/refusals.ts';
import type { FieldErrors } from '../../../platform/http/forms.ts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { form, formText, queryText, recordAddress } from '../../../platform/http/page-input.ts';
import { CASEWORK_ROLES, INTELLIGENCE_ROLES } from '../../../platform/auth/roles.ts';
import { adultFormValues, createAdult, readAdult, updateAdult, updateAdultStatus, type AdultRow } from '../records.ts';
import { ADULT_STATUSES, MAPPA, adultReference } from '../vocab.ts';
import { recordFormPage, recordFormRoutes } from './record-forms.ts';
import { adultOr404, adultSummary, dateFields, errorsOf, options, recordPage, renderRecord } from './shared.ts';

const adultForm = form({
  name: formText,
  aliases: formText,
  approximateAge: formText,
  ...dateFields('dateOfBirth'),
  description: formText,
  addresses: formText,
  otherAreas: formText,
  status: formText,
  mappa: formText,
  ...dateFields('knownSince'),
  vehicles: formText,
  phones: formText,
  emails: formText,
  onlineAccounts: formText,
});

const ADULT_FIELDS = ['name', 'aliases', 'approximateAge', 'dateOfBirth', 'description', 'addresses', 'otherAreas', 'status', 'mappa', 'knownSince', 'vehicles', 'phones', 'emails', 'onlineAccounts'];

/** The adult form, for adding (no `editing`) or for changing an adult's details. */
const adultFormContext = (values: Record<string, unknown>, errors?: FieldErrors, editing?: AdultRow) => ({
  ...recordFormPage('adults', { title: 'Add an adult of concern', submitText: 'Add adult' }, editing && { id: editing.id, name: editing.name, reference: adultReference(editing.number) }),
  values,
  statusItems: options(ADULT_STATUSES, values.status || 'suspected'),
  mappaItems: options(MAPPA, values.mappa || 'not_known'),
  errors: errorsOf(errors, ADULT_FIELDS),
});

/** Adults of concern: adding them, their page, their details and status. */
export default async function adultRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  recordFormRoutes(app, {
    path: 'adults',
    recordKind: 'adult_of_concern',
    template: 'intelligence/views/adult-form.njk',
    body: adultForm,
    context: adultFormContext,
    read: readAdult,
    load: (db, user, id) => adultOr404(db, user, id),
    valuesOf: adultFormValues,
    create: createAdult,
    update: updateAdult,
  });

  pages.get('/intelligence/adults/:id', { config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'adult_of_concern', recordId: 'id' } }, schema: { params: recordAddress, querystring: z.object({ done: queryText }) } }, async (request, reply) => {
    // A record merged into another leads to the one it was merged into.
    const found = await adultOr404(db, request.user!, request.params.id, true);
    if (found.mergedIntoId) return reply.redirect(`/intelligence/adults/${found.mergedIntoId}?done=merged-away`, 303);
    const context = await recordPage(db, request, 'adult', request.params.id, undefined, {}, request.query.done);
    const adult = context.record as AdultRow;
    return reply.page('intelligence/views/record.njk', {
      ...context,
      title: `${adult.name} (${adultReference(adult.number)})`,
      reference: adultReference(adult.number),
      caption: 'Adult of concern',
      summary: adultSummary(adult, context.full),
    });
  });

  pages.post('/intelligence/adults/:id/status', { config: { roles: INTELLIGENCE_ROLES, audit: { action: 'update', recordKind: 'adult_of_concern', recordId: 'id' } }, schema: { params: recordAddress, body: form({ status: formText, mappa: formText }) } }, async (request, reply) => {
    const adult = await adultOr404(db, request.user!, request.params.id);
    const body = request.body;
    const result = await updateAdultStatus(db, request.ctx, request.user!, adult.id, body);
    if (!result.ok) return refusalPage(result, (_status, errors) => renderRecord(db, request, reply, 'adult', adult.id, errors, body));
    return reply.redirect(`/intelligence/adults/${adult.id}?done=status`, 303);
  });
}

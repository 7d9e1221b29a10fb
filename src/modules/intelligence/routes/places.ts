import type { FieldErrors } from '../../../platform/http/forms.ts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { form, formText, queryText, recordAddress } from '../../../platform/http/page-input.ts';
import { CASEWORK_ROLES, INTELLIGENCE_ROLES } from '../../../platform/auth/roles.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { decidePlaceMatch } from '../place-suggestions.ts';
import { concernByReference, concernLinkedToPlace, linkConcernToPlace, unlinkConcernFromPlace } from '../concern-places.ts';
import { createPlace, placeFormValues, placeSummary, readPlace, updatePlace, type PlaceRow } from '../records.ts';
import { PLACE_KINDS, label, placeReference } from '../vocab.ts';
import { recordFormPage, recordFormRoutes } from './record-forms.ts';
import { errorsOf, options, placeOr404, recordPage, renderRecord } from './shared.ts';

const placeForm = form({
  kind: formText,
  name: formText,
  addressLine: formText,
  town: formText,
  postcode: formText,
  openingHours: formText,
  runBy: formText,
  licensingAuthority: formText,
  vehicles: formText,
  phones: formText,
  emails: formText,
  onlineAccounts: formText,
});

const PLACE_FIELDS = ['kind', 'name', 'addressLine', 'town', 'postcode', 'openingHours', 'runBy', 'licensingAuthority', 'vehicles', 'phones', 'emails', 'onlineAccounts'];

const placeFormContext = (values: Record<string, unknown>, errors?: FieldErrors, editing?: PlaceRow) => ({
  ...recordFormPage('places', { title: 'Add a place of concern', submitText: 'Add place' }, editing && { id: editing.id, name: editing.name, reference: placeReference(editing.number) }),
  values,
  kindItems: options(PLACE_KINDS, values.kind),
  errors: errorsOf(errors, PLACE_FIELDS),
});

/** Places of concern: adding them, their page, their details and the concerns raised at them. */
export default async function placeRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  recordFormRoutes(app, {
    path: 'places',
    recordKind: 'place_of_concern',
    template: 'intelligence/views/place-form.njk',
    body: placeForm,
    context: placeFormContext,
    read: readPlace,
    load: (db, user, id) => placeOr404(db, user, id),
    valuesOf: placeFormValues,
    create: createPlace,
    update: updatePlace,
  });

  pages.get('/intelligence/places/:id', { config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'place_of_concern', recordId: 'id' } }, schema: { params: recordAddress, querystring: z.object({ done: queryText }) } }, async (request, reply) => {
    const context = await recordPage(db, request, 'place', request.params.id, undefined, {}, request.query.done);
    const place = context.record as PlaceRow;
    return reply.page('intelligence/views/record.njk', {
      ...context,
      title: `${place.name} (${placeReference(place.number)})`,
      reference: placeReference(place.number),
      caption: `Place of concern: ${label(PLACE_KINDS, place.kind).toLowerCase()}`,
      summary: placeSummary(place, context.full),
    });
  });

  // Concerns raised at a place (what the practitioner wrote as where it happened).

  pages.post('/intelligence/places/:id/concerns', { config: { roles: INTELLIGENCE_ROLES, audit: { action: 'update', recordKind: 'concern' } }, schema: { params: recordAddress, body: form({ concernReference: formText }) } }, async (request, reply) => {
    const place = await placeOr404(db, request.user!, request.params.id);
    const body = request.body;
    const typed = body.concernReference;
    const concern = typed ? await concernByReference(db, request.user!.areaId, typed) : null;
    const refused = (message: string) => renderRecord(db, request, reply, 'place', place.id, { concernReference: message }, body);
    if (!typed) return refused('Enter the reference of the concern, like C-1042');
    if (!concern) return refused('Enter the reference of a concern raised in your area, like C-1042');
    const result = await linkConcernToPlace(db, request.ctx, request.user!, concern.id, place.id, 'place');
    if (!result.ok) return refused(result.kind === 'not_found' ? 'Enter the reference of a concern raised in your area, like C-1042' : 'That concern is already linked to this place');
    return reply.redirect(`/intelligence/places/${place.id}?done=concern#concerns`, 303);
  });

  pages.post('/intelligence/places/:id/concerns/unlink', { config: { roles: INTELLIGENCE_ROLES, audit: { action: 'update', recordKind: 'concern' } }, schema: { params: recordAddress, body: form({ concernId: formText }) } }, async (request, reply) => {
    const place = await placeOr404(db, request.user!, request.params.id);
    const { concernId } = request.body;
    if (!(await concernLinkedToPlace(db, concernId, place.id))) return renderRecord(db, request, reply, 'place', place.id, { concernReference: 'That concern is not linked to this place any more' }, {});
    const result = await unlinkConcernFromPlace(db, request.ctx, request.user!, concernId, 'place');
    if (!result.ok) throw notFound();
    return reply.redirect(`/intelligence/places/${place.id}?done=unlinked#concerns`, 303);
  });

  // A place the model suggested for a missing episode or a concern: linked, or dismissed for good.

  pages.post(
    '/intelligence/places/:id/matches',
    {
      config: { roles: INTELLIGENCE_ROLES, audit: { action: 'update', recordKind: 'place_of_concern', recordId: 'id' } },
      schema: { params: recordAddress, body: form({ sourceKind: formText, sourceId: formText, decision: formText, returnTo: formText }) },
    },
    async (request, reply) => {
      const place = await placeOr404(db, request.user!, request.params.id);
      const { sourceKind, sourceId, decision, returnTo } = request.body;
      if ((sourceKind !== 'missing_episode' && sourceKind !== 'concern') || (decision !== 'linked' && decision !== 'dismissed')) {
        return renderRecord(db, request, reply, 'place', place.id, { decision: 'Choose whether to link the suggested record to this place or dismiss it' }, {});
      }
      const result = await decidePlaceMatch(db, request.ctx, request.user!, { placeId: place.id, sourceKind, sourceId, decision });
      if (!result.ok) {
        if (result.kind === 'not_found') throw notFound();
        return renderRecord(db, request, reply, 'place', place.id, { decision: result.errors?.decision ?? 'The suggestion could not be decided' }, {});
      }
      const done = decision === 'linked' ? 'place-linked' : 'place-dismissed';
      if (returnTo === 'episode' && sourceKind === 'missing_episode') return reply.redirect(`/missing/${sourceId}?done=${done}#places`, 303);
      return reply.redirect(`/intelligence/places/${place.id}?done=${done}#suggested`, 303);
    },
  );
}

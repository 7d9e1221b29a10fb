import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { form, formText, recordAddress } from '../../../platform/http/page-input.ts';
import { INTELLIGENCE_ROLES } from '../../../platform/auth/roles.ts';
import { forbidden } from '../../../platform/http/errors.ts';
import { isOneOf, type FieldErrors } from '../../../platform/http/forms.ts';
import type { SignedInUser } from '../../../platform/auth/users.ts';
import { identifierMatch } from '../../identifiers/index.ts';
import { addIdentifier, pickableRecords, readLink, recordLink, type RecordRef } from '../records.ts';
import { LINK_KINDS, RECORD_IDENTIFIER_KINDS, adultReference, placeReference } from '../vocab.ts';
import { adultOr404, dateFields, errorsOf, options, placeOr404, renderRecord } from './shared.ts';

const LINK_FIELDS = ['toKind', 'toId', 'linkKind', 'occurredOn'];
const KINDS = ['adult', 'place'] as const;
type Kind = (typeof KINDS)[number];
const pathOf = (kind: Kind) => (kind === 'adult' ? 'adults' : 'places');
const RECORD_KIND = { adult: 'adult_of_concern', place: 'place_of_concern' } as const;
const identifierForm = form({ identifierKind: formText, identifierValue: formText });
type IdentifierForm = { identifierKind: string; identifierValue: string };
/** The other record is one list of `kind:id` values. */
const linkForm = form({ to: formText, linkKind: formText, ...dateFields('occurredOn') });

/** What joins an adult or a place to others: identifiers (vehicles, phones…) and recorded links. */
export default async function recordLinkRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  const recordOr404 = (request: FastifyRequest, kind: Kind, id: string) => (kind === 'adult' ? adultOr404(db, request.user!, id) : placeOr404(db, request.user!, id));

  async function identifierPost(request: FastifyRequest, reply: FastifyReply, kind: Kind, id: string, body: IdentifierForm) {
    const { identifierKind, identifierValue: value } = body;
    const errors: FieldErrors = {};
    if (!isOneOf(RECORD_IDENTIFIER_KINDS, identifierKind)) errors.identifierKind = 'Choose what kind of identifier it is';
    else if (!value) errors.identifierValue = 'Enter the registration, number, address or account, even if only part of it is known';
    else if (value.length > 200) errors.identifierValue = 'The identifier must be 200 characters or fewer';
    else if (!identifierMatch(identifierKind as keyof typeof RECORD_IDENTIFIER_KINDS, value)) errors.identifierValue = 'Enter more of the identifier: this is too short to link on';
    const record = await recordOr404(request, kind, id);
    if (Object.keys(errors).length) return renderRecord(db, request, reply, kind, record.id, errors, body);
    const result = await addIdentifier(db, request.ctx, request.user!, kind === 'adult' ? { adultId: record.id } : { placeId: record.id }, { kind: identifierKind as keyof typeof RECORD_IDENTIFIER_KINDS, value });
    if (!result.ok) throw forbidden();
    return reply.redirect(`/intelligence/${pathOf(kind)}/${record.id}?done=identifier`, 303);
  }

  const identifierSchema = { params: recordAddress, body: identifierForm };
  pages.post('/intelligence/adults/:id/identifiers', { config: { roles: INTELLIGENCE_ROLES, audit: { action: 'update', recordKind: 'adult_of_concern', recordId: 'id' } }, schema: identifierSchema }, async (request, reply) => identifierPost(request, reply, 'adult', request.params.id, request.body));
  pages.post('/intelligence/places/:id/identifiers', { config: { roles: INTELLIGENCE_ROLES, audit: { action: 'update', recordKind: 'place_of_concern', recordId: 'id' } }, schema: identifierSchema }, async (request, reply) => identifierPost(request, reply, 'place', request.params.id, request.body));

  async function linkContext(user: SignedInUser, from: RecordRef, fromLabel: string, values: Record<string, unknown>, errors?: FieldErrors) {
    const pick = await pickableRecords(db, user);
    const item = (kind: string, id: string, text: string) => ({ value: `${kind}:${id}`, text, selected: values.to === `${kind}:${id}` });
    return {
      title: `Link ${fromLabel} to another record`,
      backLink: `/intelligence/${from.kind === 'adult' ? 'adults' : 'places'}/${from.id}`,
      from,
      fromLabel,
      values,
      toItems: [
        { value: '', text: 'Choose a record' },
        ...pick.youngPeople.map((p) => item('young_person', p.id, `Young person: ${p.name} (YP-${p.number})`)),
        ...pick.adults.filter((a) => a.id !== from.id).map((a) => item('adult', a.id, `Adult: ${a.name} (${adultReference(a.number)})`)),
        ...(from.kind === 'place' ? [] : pick.places.map((p) => item('place', p.id, `Place: ${p.name} (${placeReference(p.number)})`))),
      ],
      linkKindItems: options(LINK_KINDS, values.linkKind),
      errors: errorsOf(errors, ['toId', ...LINK_FIELDS]),
    };
  }

  for (const kind of KINDS) {
    const base = `/intelligence/${pathOf(kind)}/:id/link`;
    const find = async (request: FastifyRequest, id: string) => {
      const record = await recordOr404(request, kind, id);
      return { ref: { kind, id: record.id } as RecordRef, label: `${record.name} (${kind === 'adult' ? adultReference(record.number) : placeReference(record.number)})` };
    };
    // The form names the record and lists the young people, adults and places it may be linked to.
    pages.get(base, { config: { roles: INTELLIGENCE_ROLES, audit: { action: 'view', recordKind: RECORD_KIND[kind], recordId: 'id', details: { purpose: 'link' } } }, schema: { params: recordAddress } }, async (request, reply) => {
      const { ref, label: fromLabel } = await find(request, request.params.id);
      return reply.page('intelligence/views/link-form.njk', await linkContext(request.user!, ref, fromLabel, {}));
    });
    pages.post(base, { config: { roles: INTELLIGENCE_ROLES, audit: { action: 'create', recordKind: 'intelligence_link' } }, schema: { params: recordAddress, body: linkForm } }, async (request, reply) => {
      const { ref, label: fromLabel } = await find(request, request.params.id);
      const body = request.body;
      const [toKind, toId] = body.to.includes(':') ? body.to.split(':') : ['', ''];
      const { input, errors } = readLink(ref, { ...body, toKind, toId });
      // The page has one list for the other record, so a problem with its kind or id is shown there.
      if (errors.toKind) {
        errors.toId = toKind ? errors.toKind : 'Choose the record to link';
        delete errors.toKind;
      }
      if (!input) return reply.code(400).page('intelligence/views/link-form.njk', await linkContext(request.user!, ref, fromLabel, body, errors));
      const result = await recordLink(db, request.ctx, request.user!, input);
      if (!result.ok) return reply.code(400).page('intelligence/views/link-form.njk', await linkContext(request.user!, ref, fromLabel, body, result.errors));
      return reply.redirect(`/intelligence/${pathOf(kind)}/${ref.id}?done=link`, 303);
    });
  }
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'drizzle-orm';
import { auditRead } from '../../platform/audit/audit.ts';
import { rows } from '../../platform/db/database.ts';
import { formErrors, isOneOf } from '../../platform/http/forms.ts';
import { forbidden, notFound } from '../../platform/http/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { recordChronology } from './chronology.ts';
import { disruptionsFor, readDisruption, recordDisruption } from './disruptions.ts';
import { entriesFor, readEntry, recordEntry } from './entries.ts';
import { hotspots } from './hotspots.ts';
import { markNotSamePerson, possibleDuplicateAdults } from './duplicates.ts';
import { lookupIdentifier } from './lookup.ts';
import { adultMergePreview, mergeAdults, mergesInto, undoAdultMerge } from './adult-merge.ts';
import { concernByReference, concernLinkedToPlace, concernsAtPlace, linkConcernToPlace, unlinkConcernFromPlace } from './concern-places.ts';
import { networkFor, NETWORK_ROOT_KINDS, NODE_KIND_LABELS, type Network, type RootKind } from './network.ts';
import { adultIdVisible, disruptionVisible, placeIdVisible, recordsIntelligence, seesFullIntelligence } from './policy.ts';
import { youngPersonIdVisible } from '../young-people/index.ts';
import {
  addIdentifier,
  createAdult,
  createPlace,
  findVisibleAdult,
  findVisiblePlace,
  identifiersOfRecord,
  pickableRecords,
  placeSummary,
  readAdult,
  readLink,
  readPlace,
  recordLink,
  visibleAdults,
  visiblePlaces,
  updateAdultStatus,
  updateAdult,
  updatePlace,
  adultFormValues,
  placeFormValues,
  type AdultRow,
  type Errors,
  type PlaceRow,
  type RecordRef,
} from './records.ts';
import { identifierMatch } from '../identifiers/index.ts';
import {
  ADULT_STATUSES,
  DISRUPTION_KINDS,
  DISRUPTION_OUTCOMES,
  HANDLING_CODES,
  INTELLIGENCE_GRADES,
  LINK_KINDS,
  MAPPA,
  PLACE_KINDS,
  RECORD_IDENTIFIER_KINDS,
  SOURCE_GRADES,
  SOURCE_KINDS,
  adultReference,
  disruptionReference,
  label,
  placeReference,
} from './vocab.ts';

const CASEWORK = { roles: ['practitioner', 'agency_lead', 'coordinator', 'panel_member', 'intelligence_officer'] as const };
const OFFICERS = { roles: ['coordinator', 'intelligence_officer'] as const };

const ADULT_FIELDS = ['name', 'aliases', 'approximateAge', 'dateOfBirth', 'description', 'addresses', 'otherAreas', 'status', 'mappa', 'knownSince', 'vehicles', 'phones', 'emails', 'onlineAccounts'];
const PLACE_FIELDS = ['kind', 'name', 'addressLine', 'town', 'postcode', 'openingHours', 'runBy', 'licensingAuthority', 'vehicles', 'phones', 'emails', 'onlineAccounts'];
const ENTRY_FIELDS = ['text', 'sourceKind', 'receivedOn', 'sourceGrade', 'intelligenceGrade', 'handling', 'sanitisedText', 'handlingConditions', 'subjects'];
const DISRUPTION_FIELDS = ['kind', 'occurredOn', 'subjects', 'followsId', 'details', 'outcome', 'outcomeReason', 'supportGiven'];
const LINK_FIELDS = ['toKind', 'toId', 'linkKind', 'occurredOn'];

const options = (labels: Record<string, string>, chosen: unknown) => Object.entries(labels).map(([value, text]) => ({ value, text, checked: chosen === value, selected: chosen === value }));
const errorsOf = (errors: Errors | undefined, order: string[]) => (errors && Object.keys(errors).length ? formErrors(errors, order) : null);
const TREND: Record<string, string> = { up: 'Rising', down: 'Falling', same: 'No change' };

/** Subjects of an entry or disruption from the form's three selects (and any carried as `subjects`). */
function subjectsFromForm(body: Record<string, unknown>): string[] {
  const chosen: string[] = [];
  for (const [field, kind] of [['adultId', 'adult'], ['placeId', 'place'], ['youngPersonId', 'young_person']] as const) {
    const value = typeof body[field] === 'string' ? (body[field] as string) : '';
    if (value) chosen.push(`${kind}:${value}`);
  }
  return chosen;
}

/** For the network's script: the graph as JSON, with "<" escaped so it cannot close the script element. */
function graphJson(network: Network): string {
  return JSON.stringify({
    nodes: network.nodes.map((n) => ({ id: n.id, label: n.label, kind: n.kind, root: n.distance === 0, href: n.href })),
    edges: network.edges.map((e, i) => ({ id: `e${i}`, source: e.from, target: e.to, label: e.linkKind })),
  }).replace(/</g, '\\u003c');
}

/** The summary rows of an adult's page: partners see names, age and status only. */
function adultSummary(adult: AdultRow, full: boolean): [string, string][] {
  return [
    ['Other names and street names', adult.aliases.join(', ') || 'None recorded'],
    ['Age', adult.dateOfBirth ? `Born ${adult.dateOfBirth}` : adult.approximateAge ? `About ${adult.approximateAge}` : 'Not known'],
    ['Status', label(ADULT_STATUSES, adult.status)],
    ...((full
      ? [
          ['Description', adult.description ?? 'None recorded'],
          ['Addresses', adult.addresses.join('; ') || 'None recorded'],
          ['Other areas involved', adult.otherAreas.join(', ') || 'None recorded'],
          ['MAPPA', label(MAPPA, adult.mappa)],
          ['Known to the partnership since', adult.knownSince],
        ]
      : []) as [string, string][]),
  ];
}

/** The summary rows of a place's page: partners see what it is and where. */
export default async function intelligenceRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;

  /** A live adult the user may see; a record merged into another is found only when `merged` allows it. */
  async function adultOr404(request: FastifyRequest, merged = false) {
    const adult = await findVisibleAdult(db, request.user!, (request.params as { id: string }).id);
    if (!adult || (adult.mergedIntoId && !merged)) throw notFound();
    return adult;
  }
  async function placeOr404(request: FastifyRequest) {
    const place = await findVisiblePlace(db, request.user!, (request.params as { id: string }).id);
    if (!place) throw notFound();
    return place;
  }

  // ---- The officers' overview ----

  app.get('/intelligence', { config: OFFICERS }, async (request, reply) => {
    const user = request.user!;
    const [adults, places, entries, steps] = await Promise.all([visibleAdults(db, user, 100), visiblePlaces(db, user, 100), entriesFor(db, user, null, 20), disruptionsFor(db, user, null, 20)]);
    await auditRead(db, request.ctx, { action: 'view', recordKind: 'intelligence_overview', details: { adults: adults.length, places: places.length, entries: entries.map((e) => e.id), disruptions: steps.map((d) => d.id) } });
    return reply.page('intelligence/views/overview.njk', {
      title: 'Intelligence',
      flash: (request.query as Record<string, string>).done === 'entry' ? 'The intelligence has been recorded.' : undefined,
      adults: adults.map((a) => ({ id: a.id, reference: adultReference(a.number), name: a.name, aliases: a.aliases.join(', '), status: label(ADULT_STATUSES, a.status) })),
      places: places.map((p) => ({ id: p.id, reference: placeReference(p.number), name: p.name, kind: label(PLACE_KINDS, p.kind), postcode: p.postcode })),
      entries,
      steps: steps.map((d) => ({ ...d, reference: disruptionReference(d.number), kindLabel: label(DISRUPTION_KINDS, d.kind) })),
    });
  });

  // ---- Adults of concern ----

  /** The adult form, for adding (no `editing`) or for changing an adult's details. */
  const adultFormContext = (values: Record<string, unknown>, errors?: Errors, editing?: AdultRow) => ({
    title: `${editing ? `Change the details of ${editing.name}` : 'Add an adult of concern'}`,
    heading: editing ? `Change the details of ${editing.name} (${adultReference(editing.number)})` : 'Add an adult of concern',
    action: editing ? `/intelligence/adults/${editing.id}/edit` : '/intelligence/adults',
    submitText: editing ? 'Save changes' : 'Add adult',
    editing: Boolean(editing),
    backLink: editing ? `/intelligence/adults/${editing.id}` : '/intelligence',
    values,
    statusItems: options(ADULT_STATUSES, values.status ?? 'suspected'),
    mappaItems: options(MAPPA, values.mappa ?? 'not_known'),
    errors: errorsOf(errors, ADULT_FIELDS),
  });

  app.get('/intelligence/adults/new', { config: OFFICERS }, async (_request, reply) => reply.page('intelligence/views/adult-form.njk', adultFormContext({})));

  app.post('/intelligence/adults', { config: OFFICERS }, async (request, reply) => {
    const body = request.body as Record<string, unknown>;
    const { input, errors } = readAdult(body);
    if (!input) return reply.code(400).page('intelligence/views/adult-form.njk', adultFormContext(body, errors));
    const result = await createAdult(db, request.ctx, request.user!, input);
    if (!result.ok) return reply.code(result.status).page('intelligence/views/adult-form.njk', adultFormContext(body, result.errors));
    return reply.redirect(`/intelligence/adults/${result.value.id}?done=created`, 303);
  });

  app.get('/intelligence/adults/:id/edit', { config: OFFICERS }, async (request, reply) => {
    const adult = await adultOr404(request);
    await auditRead(db, request.ctx, { action: 'view', recordKind: 'adult_of_concern', recordId: adult.id, details: { purpose: 'edit' } });
    return reply.page('intelligence/views/adult-form.njk', adultFormContext(adultFormValues(adult), undefined, adult));
  });

  app.post('/intelligence/adults/:id/edit', { config: OFFICERS }, async (request, reply) => {
    const adult = await adultOr404(request);
    const body = request.body as Record<string, unknown>;
    const { input, errors } = readAdult(body);
    if (!input) return reply.code(400).page('intelligence/views/adult-form.njk', adultFormContext(body, errors, adult));
    const result = await updateAdult(db, request.ctx, request.user!, adult, input);
    if (!result.ok) return reply.code(result.status).page('intelligence/views/adult-form.njk', adultFormContext(body, result.errors, adult));
    return reply.redirect(`/intelligence/adults/${adult.id}?done=${result.value.changed.length || input.identifiers.length ? 'edited' : 'unchanged'}`, 303);
  });

  app.get('/intelligence/places/:id/edit', { config: OFFICERS }, async (request, reply) => {
    const place = await placeOr404(request);
    await auditRead(db, request.ctx, { action: 'view', recordKind: 'place_of_concern', recordId: place.id, details: { purpose: 'edit' } });
    return reply.page('intelligence/views/place-form.njk', placeFormContext(placeFormValues(place), undefined, place));
  });

  app.post('/intelligence/places/:id/edit', { config: OFFICERS }, async (request, reply) => {
    const place = await placeOr404(request);
    const body = request.body as Record<string, unknown>;
    const { input, errors } = readPlace(body);
    if (!input) return reply.code(400).page('intelligence/views/place-form.njk', placeFormContext(body, errors, place));
    const result = await updatePlace(db, request.ctx, request.user!, place, input);
    if (!result.ok) return reply.code(result.status).page('intelligence/views/place-form.njk', placeFormContext(body, result.errors, place));
    return reply.redirect(`/intelligence/places/${place.id}?done=${result.value.changed.length || input.identifiers.length ? 'edited' : 'unchanged'}`, 303);
  });

  const FLASH: Record<string, string> = {
    edited: 'The changes have been saved.',
    unchanged: 'Nothing was changed.',
    created: 'The record has been added.',
    identifier: 'The identifier has been added. Records with the same identifier are now linked.',
    link: 'The link has been recorded.',
    status: 'Their status has been changed.',
  };

  async function recordPage(request: FastifyRequest, kind: 'adult' | 'place', errors?: Errors, values: Record<string, unknown> = {}) {
    const user = request.user!;
    const record = kind === 'adult' ? await adultOr404(request) : await placeOr404(request);
    const ref: RecordRef = { kind, id: record.id };
    const full = seesFullIntelligence(user);
    const [identifiers, entries, steps, chronology, concernsHere] = await Promise.all([
      identifiersOfRecord(db, kind === 'adult' ? { adultId: record.id } : { placeId: record.id }),
      entriesFor(db, user, [ref]),
      disruptionsFor(db, user, [ref]),
      recordChronology(db, user, kind, record.id),
      kind === 'place' && full ? concernsAtPlace(db, record.id) : Promise.resolve([]),
    ]);
    const merges = kind === 'adult' && full ? await mergesInto(db, record.id) : [];
    await auditRead(db, request.ctx, { action: 'view', recordKind: kind === 'adult' ? 'adult_of_concern' : 'place_of_concern', recordId: record.id, details: { entries: entries.map((e) => e.id), disruptions: steps.map((d) => d.id), ...(concernsHere.length ? { concerns: concernsHere.map((c) => c.id) } : {}) } });
    return {
      kind,
      record,
      full,
      canRecord: recordsIntelligence(user),
      identifiers: full ? identifiers.map((i) => ({ kind: label(RECORD_IDENTIFIER_KINDS, i.kind, i.kind), asTyped: i.asTyped, recognised: i.recognised })) : [],
      entries,
      steps: steps.map((d) => ({ ...d, reference: disruptionReference(d.number), kindLabel: label(DISRUPTION_KINDS, d.kind), outcomeLabel: d.outcome ? label(DISRUPTION_OUTCOMES, d.outcome) : null })),
      chronology,
      identifierKindItems: options(RECORD_IDENTIFIER_KINDS, values.identifierKind ?? 'vehicle'),
      statusItems: kind === 'adult' ? options(ADULT_STATUSES, values.status ?? (record as { status?: string }).status) : [],
      mappaItems: kind === 'adult' ? options(MAPPA, values.mappa ?? (record as { mappa?: string }).mappa) : [],
      values,
      merges: merges.map((m) => ({ id: m.id, reference: `AM-${m.number}`, absorbed: `${m.absorbed_name} (${adultReference(m.absorbed_number)})`, mergedAt: new Date(m.merged_at) })),
      concernsHere: concernsHere.map((c) => ({ id: c.id, reference: `C-${c.number}`, submittedAt: new Date(c.submitted_at), whereText: c.where_text })),
      errors: errorsOf(errors, ['status', 'mappa', 'identifierKind', 'identifierValue', 'concernReference']),
      flash: FLASH[(request.query as Record<string, string>).done ?? ''],
    };
  }

  app.get('/intelligence/adults/:id', { config: CASEWORK }, async (request, reply) => {
    // A record merged into another leads to the one it was merged into.
    const found = await adultOr404(request, true);
    if (found.mergedIntoId) return reply.redirect(`/intelligence/adults/${found.mergedIntoId}?done=merged-away`, 303);
    const context = await recordPage(request, 'adult');
    const adult = context.record as Awaited<ReturnType<typeof adultOr404>>;
    return reply.page('intelligence/views/record.njk', {
      ...context,
      title: `${adult.name} (${adultReference(adult.number)})`,
      reference: adultReference(adult.number),
      caption: 'Adult of concern',
      summary: adultSummary(adult, context.full),
    });
  });

  app.post('/intelligence/adults/:id/status', { config: OFFICERS }, async (request, reply) => {
    const adult = await adultOr404(request);
    const body = request.body as Record<string, unknown>;
    const result = await updateAdultStatus(db, request.ctx, request.user!, adult.id, body);
    if (!result.ok) {
      if (result.status === 404) throw notFound();
      return renderRecord(request, reply, 'adult', result.errors, body);
    }
    return reply.redirect(`/intelligence/adults/${adult.id}?done=status`, 303);
  });

  app.post('/intelligence/adults/:id/identifiers', { config: OFFICERS }, async (request, reply) => identifierPost(request, reply, 'adult'));
  app.post('/intelligence/places/:id/identifiers', { config: OFFICERS }, async (request, reply) => identifierPost(request, reply, 'place'));

  async function identifierPost(request: FastifyRequest, reply: import('fastify').FastifyReply, kind: 'adult' | 'place') {
    const body = request.body as Record<string, unknown>;
    const identifierKind = typeof body.identifierKind === 'string' ? body.identifierKind : '';
    const value = typeof body.identifierValue === 'string' ? body.identifierValue.trim() : '';
    const errors: Errors = {};
    if (!isOneOf(RECORD_IDENTIFIER_KINDS, identifierKind)) errors.identifierKind = 'Choose what kind of identifier it is';
    else if (!value) errors.identifierValue = 'Enter the registration, number, address or account, even if only part of it is known';
    else if (value.length > 200) errors.identifierValue = 'The identifier must be 200 characters or fewer';
    else if (!identifierMatch(identifierKind as keyof typeof RECORD_IDENTIFIER_KINDS, value)) errors.identifierValue = 'Enter more of the identifier: this is too short to link on';
    const record = kind === 'adult' ? await adultOr404(request) : await placeOr404(request);
    if (Object.keys(errors).length) return renderRecord(request, reply, kind, errors, body);
    const result = await addIdentifier(db, request.ctx, request.user!, kind === 'adult' ? { adultId: record.id } : { placeId: record.id }, { kind: identifierKind as keyof typeof RECORD_IDENTIFIER_KINDS, value });
    if (!result.ok) throw forbidden();
    return reply.redirect(`/intelligence/${kind === 'adult' ? 'adults' : 'places'}/${record.id}?done=identifier`, 303);
  }

  async function renderRecord(request: FastifyRequest, reply: import('fastify').FastifyReply, kind: 'adult' | 'place', errors: Errors, values: Record<string, unknown>) {
    const context = await recordPage(request, kind, errors, values);
    const record = context.record as { name: string; number: number };
    const reference = kind === 'adult' ? adultReference(record.number) : placeReference(record.number);
    return reply.code(400).page('intelligence/views/record.njk', { ...context, title: `${record.name} (${reference})`, reference, caption: kind === 'adult' ? 'Adult of concern' : 'Place of concern', summary: kind === 'adult' ? adultSummary(context.record as AdultRow, context.full) : placeSummary(context.record as PlaceRow, context.full) });
  }

  // ---- Places of concern ----

  const placeFormContext = (values: Record<string, unknown>, errors?: Errors, editing?: PlaceRow) => ({
    title: `${editing ? `Change the details of ${editing.name}` : 'Add a place of concern'}`,
    heading: editing ? `Change the details of ${editing.name} (${placeReference(editing.number)})` : 'Add a place of concern',
    action: editing ? `/intelligence/places/${editing.id}/edit` : '/intelligence/places',
    submitText: editing ? 'Save changes' : 'Add place',
    editing: Boolean(editing),
    backLink: editing ? `/intelligence/places/${editing.id}` : '/intelligence',
    values,
    kindItems: options(PLACE_KINDS, values.kind),
    errors: errorsOf(errors, PLACE_FIELDS),
  });

  app.get('/intelligence/places/new', { config: OFFICERS }, async (_request, reply) => reply.page('intelligence/views/place-form.njk', placeFormContext({})));

  app.post('/intelligence/places', { config: OFFICERS }, async (request, reply) => {
    const body = request.body as Record<string, unknown>;
    const { input, errors } = readPlace(body);
    if (!input) return reply.code(400).page('intelligence/views/place-form.njk', placeFormContext(body, errors));
    const result = await createPlace(db, request.ctx, request.user!, input);
    if (!result.ok) return reply.code(result.status).page('intelligence/views/place-form.njk', placeFormContext(body, result.errors));
    return reply.redirect(`/intelligence/places/${result.value.id}?done=created`, 303);
  });

  app.get('/intelligence/places/:id', { config: CASEWORK }, async (request, reply) => {
    const context = await recordPage(request, 'place');
    const place = context.record as Awaited<ReturnType<typeof placeOr404>>;
    return reply.page('intelligence/views/record.njk', {
      ...context,
      title: `${place.name} (${placeReference(place.number)})`,
      reference: placeReference(place.number),
      caption: `Place of concern: ${label(PLACE_KINDS, place.kind).toLowerCase()}`,
      summary: placeSummary(place, context.full),
    });
  });

  // ---- Concerns raised at a place (what the practitioner wrote as where it happened) ----

  app.post('/intelligence/places/:id/concerns', { config: OFFICERS }, async (request, reply) => {
    const place = await placeOr404(request);
    const body = request.body as Record<string, unknown>;
    const typed = typeof body.concernReference === 'string' ? body.concernReference.trim() : '';
    const concern = typed ? await concernByReference(db, request.user!.areaId, typed) : null;
    const refused = (message: string) => renderRecord(request, reply, 'place', { concernReference: message }, body);
    if (!typed) return refused('Enter the reference of the concern, like C-1042');
    if (!concern) return refused('Enter the reference of a concern raised in your area, like C-1042');
    const result = await linkConcernToPlace(db, request.ctx, request.user!, concern.id, place.id, 'place');
    if (!result.ok) return refused(result.status === 404 ? 'Enter the reference of a concern raised in your area, like C-1042' : 'That concern is already linked to this place');
    return reply.redirect(`/intelligence/places/${place.id}?done=concern#concerns`, 303);
  });

  app.post('/intelligence/places/:id/concerns/unlink', { config: OFFICERS }, async (request, reply) => {
    const place = await placeOr404(request);
    const concernId = String((request.body as Record<string, unknown>).concernId ?? '');
    if (!(await concernLinkedToPlace(db, concernId, place.id))) return renderRecord(request, reply, 'place', { concernReference: 'That concern is not linked to this place any more' }, {});
    const result = await unlinkConcernFromPlace(db, request.ctx, request.user!, concernId, 'place');
    if (!result.ok) throw notFound();
    return reply.redirect(`/intelligence/places/${place.id}?done=unlinked#concerns`, 303);
  });
  FLASH.concern = 'The concern has been linked to this place. It now counts in hotspots and the network.';
  FLASH.unlinked = 'The concern is no longer linked to this place.';

  // ---- Links between records ----

  async function linkContext(user: SignedInUser, from: RecordRef, fromLabel: string, values: Record<string, unknown>, errors?: Errors) {
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

  for (const kind of ['adult', 'place'] as const) {
    const base = kind === 'adult' ? '/intelligence/adults/:id/link' : '/intelligence/places/:id/link';
    const find = async (request: FastifyRequest) => {
      const record = kind === 'adult' ? await adultOr404(request) : await placeOr404(request);
      return { ref: { kind, id: record.id } as RecordRef, label: `${record.name} (${kind === 'adult' ? adultReference(record.number) : placeReference(record.number)})` };
    };
    app.get(base, { config: OFFICERS }, async (request, reply) => {
      const { ref, label: fromLabel } = await find(request);
      return reply.page('intelligence/views/link-form.njk', await linkContext(request.user!, ref, fromLabel, {}));
    });
    app.post(base, { config: OFFICERS }, async (request, reply) => {
      const { ref, label: fromLabel } = await find(request);
      const body = request.body as Record<string, unknown>;
      const [toKind, toId] = typeof body.to === 'string' && body.to.includes(':') ? body.to.split(':') : ['', ''];
      const { input, errors } = readLink(ref, { ...body, toKind, toId });
      // The page has one list for the other record, so a problem with its kind or id is shown there.
      if (errors.toKind) {
        errors.toId = toKind ? errors.toKind : 'Choose the record to link';
        delete errors.toKind;
      }
      if (!input) return reply.code(400).page('intelligence/views/link-form.njk', await linkContext(request.user!, ref, fromLabel, body, errors));
      const result = await recordLink(db, request.ctx, request.user!, input);
      if (!result.ok) return reply.code(400).page('intelligence/views/link-form.njk', await linkContext(request.user!, ref, fromLabel, body, result.errors));
      return reply.redirect(`/intelligence/${kind === 'adult' ? 'adults' : 'places'}/${ref.id}?done=link`, 303);
    });
  }

  // ---- Intelligence entries and disruption steps ----

  async function subjectItems(user: SignedInUser, values: Record<string, unknown>) {
    const pick = await pickableRecords(db, user);
    const item = (id: string, text: string, field: string) => ({ value: id, text, selected: values[field] === id });
    return {
      adultItems: [{ value: '', text: 'None' }, ...pick.adults.map((a) => item(a.id, `${a.name} (${adultReference(a.number)})`, 'adultId'))],
      placeItems: [{ value: '', text: 'None' }, ...pick.places.map((p) => item(p.id, `${p.name} (${placeReference(p.number)})`, 'placeId'))],
      youngPersonItems: [{ value: '', text: 'None' }, ...pick.youngPeople.map((p) => item(p.id, `${p.name} (YP-${p.number})`, 'youngPersonId'))],
    };
  }

  /** A subject named in the query (?adult=<id>) starts selected. */
  function presetSubjects(request: FastifyRequest): Record<string, string> {
    const q = request.query as Record<string, string | undefined>;
    return Object.fromEntries(
      ([['adult', 'adultId'], ['place', 'placeId'], ['young_person', 'youngPersonId']] as const).filter(([key]) => isUuid(q[key])).map(([key, field]) => [field, q[key]!]),
    );
  }

  async function entryContext(user: SignedInUser, values: Record<string, unknown>, errors?: Errors) {
    return {
      title: `Record intelligence`,
      backLink: '/intelligence',
      values,
      sourceKindItems: [{ value: '', text: 'Choose a kind of source' }, ...options(SOURCE_KINDS, values.sourceKind)],
      sourceGradeItems: options(Object.fromEntries(Object.entries(SOURCE_GRADES).map(([k, v]) => [k, `${k}: ${v}`])), values.sourceGrade),
      intelligenceGradeItems: options(Object.fromEntries(Object.entries(INTELLIGENCE_GRADES).map(([k, v]) => [k, `${k}: ${v}`])), values.intelligenceGrade),
      handlingItems: options(Object.fromEntries(Object.entries(HANDLING_CODES).map(([k, v]) => [k, `${k}: ${v}`])), values.handling),
      ...(await subjectItems(user, values)),
      errors: errorsOf(errors, ENTRY_FIELDS),
    };
  }

  app.get('/intelligence/entries/new', { config: OFFICERS }, async (request, reply) => reply.page('intelligence/views/entry-form.njk', await entryContext(request.user!, presetSubjects(request))));

  app.post('/intelligence/entries', { config: OFFICERS }, async (request, reply) => {
    const body = request.body as Record<string, unknown>;
    const { input, errors } = readEntry({ ...body, subjects: subjectsFromForm(body) });
    if (errors.subjects) errors.subjects = errors.subjects.replace('from the list', 'from the lists');
    if (!input) return reply.code(400).page('intelligence/views/entry-form.njk', await entryContext(request.user!, body, errors));
    const result = await recordEntry(db, request.ctx, request.user!, input);
    if (!result.ok) return reply.code(400).page('intelligence/views/entry-form.njk', await entryContext(request.user!, body, result.errors));
    const first = input.subjects.find((s) => s.kind !== 'young_person');
    return reply.redirect(first ? `/intelligence/${first.kind === 'adult' ? 'adults' : 'places'}/${first.id}?done=entry#intelligence` : '/intelligence?done=entry', 303);
  });
  FLASH.entry = 'The intelligence has been recorded.';

  async function disruptionContext(user: SignedInUser, values: Record<string, unknown>, errors?: Errors) {
    const steps = await disruptionsFor(db, user, null, 200);
    return {
      title: `Record disruption or prosecution`,
      backLink: '/intelligence',
      values,
      kindItems: options(DISRUPTION_KINDS, values.kind),
      outcomeItems: options(DISRUPTION_OUTCOMES, values.outcome),
      followsItems: [{ value: '', text: 'None' }, ...steps.map((d) => ({ value: d.id, text: `${disruptionReference(d.number)}: ${label(DISRUPTION_KINDS, d.kind)}, ${d.occurredOn}`, selected: values.followsId === d.id }))],
      ...(await subjectItems(user, values)),
      errors: errorsOf(errors, DISRUPTION_FIELDS),
    };
  }

  app.get('/intelligence/disruptions/new', { config: OFFICERS }, async (request, reply) => {
    const q = request.query as Record<string, string | undefined>;
    return reply.page('intelligence/views/disruption-form.njk', await disruptionContext(request.user!, { ...presetSubjects(request), ...(isUuid(q.follows) ? { followsId: q.follows } : {}), ...(isOneOf(DISRUPTION_KINDS, q.kind) ? { kind: q.kind } : {}) }));
  });

  app.post('/intelligence/disruptions', { config: OFFICERS }, async (request, reply) => {
    const body = request.body as Record<string, unknown>;
    const { input, errors } = readDisruption({ ...body, subjects: subjectsFromForm(body) });
    if (!input) return reply.code(400).page('intelligence/views/disruption-form.njk', await disruptionContext(request.user!, body, errors));
    const result = await recordDisruption(db, request.ctx, request.user!, input);
    if (!result.ok) return reply.code(400).page('intelligence/views/disruption-form.njk', await disruptionContext(request.user!, body, result.errors));
    return reply.redirect(`/intelligence/disruptions/${result.value.id}?done=recorded`, 303);
  });

  app.get('/intelligence/disruptions/:id', { config: CASEWORK }, async (request, reply) => {
    const user = request.user!;
    const id = (request.params as { id: string }).id;
    if (!isUuid(id)) throw notFound();
    const [step] = await rows<{ id: string; number: number; kind: string; occurred_on: string; details: string | null; outcome: string | null; outcome_reason: string | null; support_given: string | null; follows_number: number | null; follows_id: string | null }>(
      db,
      sql`select d.id, d.number::int as number, d.kind, d.occurred_on::text as occurred_on, d.details, d.outcome, d.outcome_reason, d.support_given, d.follows_id, f.number::int as follows_number
            from disruptions d left join disruptions f on f.id = d.follows_id where d.id = ${id} and ${disruptionVisible(user)}`,
    );
    if (!step) throw notFound();
    const subjects = await rows<{ kind: string; id: string; label: string; known_since: string | null; href: string; visible: boolean }>(
      db,
      sql`select 'adult' as kind, a.id, a.name || ' (A-' || a.number || ')' as label, a.known_since::text as known_since, '/intelligence/adults/' || a.id as href,
                 ${adultIdVisible(user, sql`a.id`, sql`a.area_id`)} as visible
            from disruption_subjects s join adults_of_concern a on a.id = s.adult_id where s.disruption_id = ${id}
          union all
          select 'place', p.id, p.name || ' (P-' || p.number || ')', null, '/intelligence/places/' || p.id, ${placeIdVisible(user, sql`p.id`, sql`p.area_id`)}
            from disruption_subjects s join places_of_concern p on p.id = s.place_id where s.disruption_id = ${id}
          union all
          select 'young_person', y.id, coalesce(nullif(trim(coalesce(y.given_name, '') || ' ' || coalesce(y.family_name, '')), ''), 'YP-' || y.number), null, '/young-people/' || y.id,
                 ${youngPersonIdVisible(user, sql`y.id`)}
            from disruption_subjects s join young_people y on y.id = s.young_person_id where s.disruption_id = ${id}`,
    );
    const visibleSubjects = subjects.filter((s) => s.visible);
    const early = subjects.filter((s) => s.kind === 'adult' && s.known_since && s.known_since > step.occurred_on);
    await auditRead(db, request.ctx, { action: 'view', recordKind: 'disruption', recordId: step.id });
    const reference = disruptionReference(Number(step.number));
    return reply.page('intelligence/views/disruption.njk', {
      title: `${reference}: ${label(DISRUPTION_KINDS, step.kind)}`,
      backLink: seesFullIntelligence(user) ? '/intelligence' : undefined,
      flash: (request.query as Record<string, string>).done === 'recorded' ? 'The step has been recorded and added to the chronology of each young person it concerns.' : undefined,
      reference,
      step,
      kindLabel: label(DISRUPTION_KINDS, step.kind),
      outcomeLabel: step.outcome ? label(DISRUPTION_OUTCOMES, step.outcome) : null,
      followsReference: step.follows_number ? disruptionReference(Number(step.follows_number)) : null,
      subjects: visibleSubjects,
      warnings: early.map((s) => `This is dated before ${s.label} was known to the partnership (known since ${s.known_since}). It has been kept; check the date is right.`),
      canRecord: recordsIntelligence(user),
      isNotice: step.kind === 'cawn_issued' || step.kind === 'cawn_served',
    });
  });

  // ---- The network, hotspots and identifier look-up ----

  app.get('/intelligence/network/:kind/:id', { config: CASEWORK }, async (request, reply) => {
    const { kind, id } = request.params as { kind: string; id: string };
    if (!(NETWORK_ROOT_KINDS as readonly string[]).includes(kind) || !isUuid(id)) throw notFound();
    if (kind === 'adult') {
      // A record merged into another: its network is the survivor's.
      const adult = await findVisibleAdult(db, request.user!, id);
      if (adult?.mergedIntoId) return reply.redirect(`/intelligence/network/adult/${adult.mergedIntoId}`, 303);
    }
    const network = await networkFor(db, request.user!, kind as RootKind, id);
    if (!network) throw notFound();
    await auditRead(db, request.ctx, { action: 'view', recordKind: 'network', recordId: id, details: { rootKind: kind, nodes: network.nodes.filter((n) => !n.id.startsWith('key:')).map((n) => n.id) } });
    const labels = new Map(network.nodes.map((n) => [n.id, n.label]));
    const groups = ([1, 2] as const).map((distance) => ({
      distance,
      nodes: network.nodes
        .filter((n) => n.distance === distance)
        .map((n) => ({
          ...n,
          kindLabel: NODE_KIND_LABELS[n.kind],
          links: network.edges
            .filter((e) => e.from === n.id || e.to === n.id)
            .map((e) => ({ other: labels.get(e.from === n.id ? e.to : e.from) ?? '', linkKind: e.linkKind, source: e.source }))
            .filter((l) => l.other),
        })),
    }));
    return reply.page('intelligence/views/network.njk', {
      title: `Network: ${network.root.label}`,
      backLink: network.root.href,
      network,
      rootKindLabel: NODE_KIND_LABELS[network.root.kind],
      groups,
      graph: graphJson(network),
      scripts: ['/vendor/cytoscape.esm.min.mjs', '/public/network.js'],
    });
  });

  app.get('/intelligence/hotspots', { config: OFFICERS }, async (request, reply) => {
    const days = Number((request.query as Record<string, string>).days ?? '90');
    const chosen = [30, 90, 180, 365].includes(days) ? days : 90;
    const to = new Date();
    const from = new Date(to.getTime() - chosen * 86_400_000);
    const ranked = await hotspots(db, request.user!.areaId, { from, to });
    await auditRead(db, request.ctx, { action: 'view', recordKind: 'hotspots', details: { days: chosen, places: ranked.places.map((p) => p.id), adults: ranked.adults.map((a) => a.id) } });
    return reply.page('intelligence/views/hotspots.njk', {
      title: 'Hotspots',
      backLink: '/intelligence',
      days: chosen,
      periodItems: [30, 90, 180, 365].map((d) => ({ value: String(d), text: `Last ${d} days`, selected: d === chosen })),
      places: ranked.places.map((p) => ({ ...p, reference: placeReference(p.number), kindLabel: label(PLACE_KINDS, p.kind), trendLabel: TREND[p.trend] })),
      adults: ranked.adults.map((a) => ({ ...a, reference: adultReference(a.number), statusLabel: label(ADULT_STATUSES, a.status), trendLabel: TREND[a.trend] })),
    });
  });

  app.get('/intelligence/duplicates', { config: OFFICERS }, async (request, reply) => {
    const pairs = await possibleDuplicateAdults(db, request.user!);
    await auditRead(db, request.ctx, { action: 'view', recordKind: 'adult_duplicates', details: { pairs: pairs.map((p) => [p.a.id, p.b.id]) } });
    return reply.page('intelligence/views/duplicates.njk', {
      title: 'Possible duplicate adults',
      backLink: '/intelligence',
      flash: (request.query as Record<string, string>).done === 'not-same' ? 'Noted: they will not be suggested as the same person again.' : undefined,
      pairs,
    });
  });

  app.post('/intelligence/duplicates/not-same', { config: OFFICERS }, async (request, reply) => {
    const body = request.body as Record<string, unknown>;
    const done = await markNotSamePerson(db, request.ctx, request.user!, String(body.adultId ?? ''), String(body.otherAdultId ?? ''));
    if (!done) throw notFound();
    return reply.redirect('/intelligence/duplicates?done=not-same', 303);
  });

  // ---- Merging two records of one adult, and undoing it ----

  async function mergeContext(request: FastifyRequest, ids: [string, string], values: Record<string, unknown>, errors?: Errors) {
    const pair = await Promise.all(ids.map((id) => findVisibleAdult(db, request.user!, id)));
    if (pair.some((a) => !a || a.mergedIntoId) || ids[0] === ids[1]) throw notFound();
    const [a, b] = pair as AdultRow[];
    const [fromA, fromB] = await Promise.all([adultMergePreview(db, b!.id, a!.id), adultMergePreview(db, a!.id, b!.id)]);
    const describe = (adult: AdultRow, moving: Array<{ label: string; count: number }>) => ({
      id: adult.id,
      reference: adultReference(adult.number),
      name: adult.name,
      summary: adultSummary(adult, true),
      holds: moving.filter((m) => m.count).map((m) => `${m.label.replace(/^./, (c) => c.toUpperCase())}: ${m.count}`).join('; ') || 'Nothing else recorded',
    });
    return {
      title: 'Merge two records of one adult',
      backLink: '/intelligence/duplicates',
      a: describe(a!, fromA),
      b: describe(b!, fromB),
      keepItems: [a!, b!].map((adult) => ({ value: adult.id, text: `Keep ${adult.name} (${adultReference(adult.number)})`, checked: values.keep === adult.id })),
      errors: errorsOf(errors, ['keep']),
    };
  }

  app.get('/intelligence/duplicates/merge', { config: OFFICERS }, async (request, reply) => {
    const q = request.query as Record<string, string | undefined>;
    if (!isUuid(q.a) || !isUuid(q.b)) throw notFound();
    await auditRead(db, request.ctx, { action: 'view', recordKind: 'adult_of_concern', recordId: q.a, details: { purpose: 'merge', otherAdultId: q.b } });
    return reply.page('intelligence/views/merge.njk', await mergeContext(request, [q.a!, q.b!], {}));
  });

  app.post('/intelligence/duplicates/merge', { config: OFFICERS }, async (request, reply) => {
    const body = request.body as Record<string, unknown>;
    const [a, b, keep] = ['a', 'b', 'keep'].map((k) => (typeof body[k] === 'string' ? (body[k] as string) : ''));
    if (!isUuid(a) || !isUuid(b)) throw notFound();
    if (keep !== a && keep !== b) return reply.code(400).page('intelligence/views/merge.njk', await mergeContext(request, [a!, b!], body, { keep: 'Choose which record to keep' }));
    const absorbed = keep === a ? b! : a!;
    const result = await mergeAdults(db, request.ctx, request.user!, keep, absorbed);
    if (!result.ok) return reply.code(400).page('intelligence/views/merge.njk', await mergeContext(request, [a!, b!], body, { keep: result.error }));
    return reply.redirect(`/intelligence/adults/${keep}?done=merged#merges`, 303);
  });

  app.post('/intelligence/adult-merges/:id/undo', { config: OFFICERS }, async (request, reply) => {
    const result = await undoAdultMerge(db, request.ctx, request.user!, (request.params as { id: string }).id);
    if (!result.ok) throw notFound();
    return reply.redirect(`/intelligence/adults/${result.survivingId}?done=unmerged`, 303);
  });
  FLASH.merged = 'The records have been merged. Everything recorded about either is now on this record; the merge can be undone below.';
  FLASH['merged-away'] = 'The record you opened was merged into this one.';
  FLASH.unmerged = 'The merge has been undone: the records are separate again.';

  app.get('/intelligence/identifiers', { config: OFFICERS }, async (request, reply) => {
    const q = request.query as Record<string, string | undefined>;
    const kind = isOneOf(RECORD_IDENTIFIER_KINDS, q.kind) ? (q.kind as keyof typeof RECORD_IDENTIFIER_KINDS) : 'vehicle';
    const value = (q.value ?? '').trim().slice(0, 200);
    const asked = q.value !== undefined;
    const errors: Errors = {};
    if (asked && !value) errors.value = 'Enter a registration, phone number, email address or online account to look up';
    const found = asked && value ? await lookupIdentifier(db, request.user!, kind, value) : null;
    if (asked && value && !found) errors.value = 'Enter more of the identifier: this is too short to look up';
    if (found) await auditRead(db, request.ctx, { action: 'search', recordKind: 'identifier', details: { kind, adults: found.adults.map((a) => a.id), places: found.places.map((p) => p.id), youngPeople: found.youngPeople.map((p) => p.id) } });
    return reply.code(Object.keys(errors).length ? 400 : 200).page('intelligence/views/lookup.njk', {
      title: `Look up a vehicle, phone or account`,
      backLink: '/intelligence',
      kindItems: options(RECORD_IDENTIFIER_KINDS, kind),
      value,
      found,
      errors: errorsOf(errors, ['value']),
    });
  });
}

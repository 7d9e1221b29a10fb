/** What the intelligence pages share: finding the record an address names, the record page, form items. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../../platform/db/database.ts';
import { formErrors, type FieldErrors } from '../../../platform/http/forms.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { formText, queryText } from '../../../platform/http/page-input.ts';
import { isUuid } from '../../../platform/ids.ts';
import { formatDate } from '../../../platform/views/filters.ts';
import type { SignedInUser } from '../../../platform/auth/users.ts';
import { installedModules } from '../../../platform/modules.ts';
import { recordChronology } from '../chronology.ts';
import { concernsAtPlace } from '../concern-places.ts';
import { placeSuggestionsForPlace } from '../place-suggestions.ts';
import { disruptionsFor } from '../disruptions.ts';
import { entriesFor } from '../entries.ts';
import { mergesInto } from '../adult-merge.ts';
import { recordsIntelligence, seesFullIntelligence } from '../policy.ts';
import { findVisibleAdult, findVisiblePlace, identifiersOfRecord, pickableRecords, placeSummary, type AdultRow, type PlaceRow, type RecordRef } from '../records.ts';
import { ADULT_STATUSES, DISRUPTION_KINDS, DISRUPTION_OUTCOMES, MAPPA, RECORD_IDENTIFIER_KINDS, adultReference, disruptionReference, label, placeReference } from '../vocab.ts';


export const options = (labels: Record<string, string>, chosen: unknown) => Object.entries(labels).map(([value, text]) => ({ value, text, checked: chosen === value, selected: chosen === value }));
export const errorsOf = (errors: FieldErrors | undefined, order: string[]) => (errors && Object.keys(errors).length ? formErrors(errors, order) : null);

/** The banner a record page shows after `?done=…`. */
export const FLASH: Record<string, string> = {
  edited: 'The changes have been saved.',
  unchanged: 'Nothing was changed.',
  created: 'The record has been added.',
  identifier: 'The identifier has been added. Records with the same identifier are now linked.',
  link: 'The link has been recorded.',
  status: 'Their status has been changed.',
  entry: 'The intelligence has been recorded.',
  concern: 'The concern has been linked to this place. It now counts in hotspots and the network.',
  unlinked: 'The concern is no longer linked to this place.',
  'place-linked': 'The record has been linked to this place. The link shows on both records.',
  'place-dismissed': 'The suggestion has been dismissed. It will not be offered again.',
  merged: 'The records have been merged. Everything recorded about either is now on this record; the merge can be undone below.',
  'merged-away': 'The record you opened was merged into this one.',
  unmerged: 'The merge has been undone: the records are separate again.',
};

/** A live adult the user may see; a record merged into another is found only when `merged` allows it. */
export async function adultOr404(db: Db, user: SignedInUser, id: string, merged = false) {
  const adult = await findVisibleAdult(db, user, id);
  if (!adult || (adult.mergedIntoId && !merged)) throw notFound();
  return adult;
}

export async function placeOr404(db: Db, user: SignedInUser, id: string) {
  const place = await findVisiblePlace(db, user, id);
  if (!place) throw notFound();
  return place;
}

/** The summary rows of an adult's page: partners see names, age and status only. */
export function adultSummary(adult: AdultRow, full: boolean): [string, string][] {
  return [
    ['Other names and street names', adult.aliases.join(', ') || 'None recorded'],
    ['Age', adult.dateOfBirth ? `Born ${formatDate(adult.dateOfBirth)}` : adult.approximateAge ? `About ${adult.approximateAge}` : 'Not known'],
    ['Status', label(ADULT_STATUSES, adult.status)],
    ...((full
      ? [
          ['Description', adult.description ?? 'None recorded'],
          ['Addresses', adult.addresses.join('; ') || 'None recorded'],
          ['Other areas involved', adult.otherAreas.join(', ') || 'None recorded'],
          ['MAPPA', label(MAPPA, adult.mappa)],
          ['Known to the partnership since', formatDate(adult.knownSince)],
        ]
      : []) as [string, string][]),
  ];
}

/** What an adult's or a place's page shows; `done` names the change just made, for its banner. */
declare module '../../../platform/modules.ts' {
  interface LanternServices {
    /**
     * Sections another module adds to an adult of concern's page (the casework module: their
     * children), each a template with its data for this viewer. The viewer may see the adult.
     */
    adultRecordSections: (db: Db, user: SignedInUser, adultId: string) => Promise<{ template: string; data: unknown }[]>;
  }
}

/** The sections other modules add to an adult's page; none when no module provides them. */
async function adultRecordSections(db: Db, user: SignedInUser, adultId: string) {
  const providers = installedModules().flatMap((m) => (m.provides?.adultRecordSections ? [m.provides.adultRecordSections] : []));
  return (await Promise.all(providers.map((provide) => provide(db, user, adultId)))).flat();
}

export async function recordPage(db: Db, request: FastifyRequest, kind: 'adult' | 'place', id: string, errors?: FieldErrors, values: Record<string, unknown> = {}, done = '') {
  const user = request.user!;
  const record = kind === 'adult' ? await adultOr404(db, user, id) : await placeOr404(db, user, id);
  const ref: RecordRef = { kind, id: record.id };
  const full = seesFullIntelligence(user);
  const [identifiers, entries, steps, chronology, concernsHere] = await Promise.all([
    identifiersOfRecord(db, kind === 'adult' ? { adultId: record.id } : { placeId: record.id }),
    entriesFor(db, user, [ref]),
    disruptionsFor(db, user, [ref]),
    recordChronology(db, user, kind, record.id),
    kind === 'place' && full ? concernsAtPlace(db, record.id) : Promise.resolve([]),
  ]);
  const [merges, moduleSections] = await Promise.all([kind === 'adult' && full ? mergesInto(db, record.id) : Promise.resolve([]), kind === 'adult' ? adultRecordSections(db, user, record.id) : Promise.resolve([])]);
  const suggested = kind === 'place' ? ((await placeSuggestionsForPlace(db, user, record.id)) ?? []) : [];
  // The route's declaration writes the view; these say what the page listed.
  request.noteAudit({ details: { entries: entries.map((e) => e.id), disruptions: steps.map((d) => d.id), ...(concernsHere.length ? { concerns: concernsHere.map((c) => c.id) } : {}), ...(suggested.length ? { suggestedFrom: suggested.map((s) => s.sourceId) } : {}) } });
  return {
    kind,
    record,
    full,
    canRecord: recordsIntelligence(user),
    identifiers: full ? identifiers.map((i) => ({ kind: label(RECORD_IDENTIFIER_KINDS, i.kind, i.kind), asTyped: i.asTyped, recognised: i.recognised })) : [],
    entries,
    steps: steps.map((d) => ({ ...d, reference: disruptionReference(d.number), kindLabel: label(DISRUPTION_KINDS, d.kind), outcomeLabel: d.outcome ? label(DISRUPTION_OUTCOMES, d.outcome) : null })),
    chronology,
    // A form field left out reads as '' (page-input.ts), so a blank choice falls back like a missing one.
    identifierKindItems: options(RECORD_IDENTIFIER_KINDS, values.identifierKind || 'vehicle'),
    statusItems: kind === 'adult' ? options(ADULT_STATUSES, values.status || (record as { status?: string }).status) : [],
    mappaItems: kind === 'adult' ? options(MAPPA, values.mappa || (record as { mappa?: string }).mappa) : [],
    values,
    moduleSections,
    merges: merges.map((m) => ({ id: m.id, reference: `AM-${m.number}`, absorbed: `${m.absorbed_name} (${adultReference(m.absorbed_number)})`, mergedAt: new Date(m.merged_at) })),
    suggested,
    concernsHere: concernsHere.map((c) => ({ id: c.id, reference: `C-${c.number}`, submittedAt: new Date(c.submitted_at), whereText: c.where_text })),
    errors: errorsOf(errors, ['status', 'mappa', 'identifierKind', 'identifierValue', 'concernReference', 'decision']),
    flash: FLASH[done],
  };
}

/** The record page again after a refused change, with the messages beside the fields. */
export async function renderRecord(db: Db, request: FastifyRequest, reply: FastifyReply, kind: 'adult' | 'place', id: string, errors: FieldErrors, values: Record<string, unknown>) {
  const context = await recordPage(db, request, kind, id, errors, values);
  const record = context.record as { name: string; number: number };
  const reference = kind === 'adult' ? adultReference(record.number) : placeReference(record.number);
  return reply.code(400).page('intelligence/views/record.njk', { ...context, title: `${record.name} (${reference})`, reference, caption: kind === 'adult' ? 'Adult of concern' : 'Place of concern', summary: kind === 'adult' ? adultSummary(context.record as AdultRow, context.full) : placeSummary(context.record as PlaceRow, context.full) });
}

/** The fields of the three subject selects (an adult, a place, a young person), as the forms send them. */
export const subjectFields = { adultId: formText, placeId: formText, youngPersonId: formText };

/** Subjects of an entry or disruption from the form's three selects. */
export function subjectsFromForm(body: { adultId: string; placeId: string; youngPersonId: string }): string[] {
  const chosen: string[] = [];
  for (const [field, kind] of [['adultId', 'adult'], ['placeId', 'place'], ['youngPersonId', 'young_person']] as const) {
    if (body[field]) chosen.push(`${kind}:${body[field]}`);
  }
  return chosen;
}

/** A date typed as day, month and year: the three fields the domain's `readDate` reads. */
export function dateFields<Name extends string>(name: Name) {
  return { [`${name}-day`]: formText, [`${name}-month`]: formText, [`${name}-year`]: formText } as Record<`${Name}-${'day' | 'month' | 'year'}`, typeof formText>;
}

/** The three subject selects of the entry and disruption forms. */
export async function subjectItems(db: Db, user: SignedInUser, values: Record<string, unknown>) {
  const pick = await pickableRecords(db, user);
  const item = (id: string, text: string, field: string) => ({ value: id, text, selected: values[field] === id });
  return {
    adultItems: [{ value: '', text: 'None' }, ...pick.adults.map((a) => item(a.id, `${a.name} (${adultReference(a.number)})`, 'adultId'))],
    placeItems: [{ value: '', text: 'None' }, ...pick.places.map((p) => item(p.id, `${p.name} (${placeReference(p.number)})`, 'placeId'))],
    youngPersonItems: [{ value: '', text: 'None' }, ...pick.youngPeople.map((p) => item(p.id, `${p.name} (YP-${p.number})`, 'youngPersonId'))],
  };
}

/** The query naming a subject to start selected (?adult=<id>). */
export const subjectsInQuery = { adult: queryText, place: queryText, young_person: queryText };

/** A subject named in the query (?adult=<id>) starts selected. */
export function presetSubjects(query: { adult: string; place: string; young_person: string }): Record<string, string> {
  return Object.fromEntries(
    ([['adult', 'adultId'], ['place', 'placeId'], ['young_person', 'youngPersonId']] as const).filter(([key]) => isUuid(query[key])).map(([key, field]) => [field, query[key]]),
  );
}

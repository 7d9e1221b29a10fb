/**
 * Adults of concern, places of concern, their identifiers and the links recorded between records.
 * Checks are written once here (`readAdult`, `readPlace`, `readLink`); the pages and the API call them.
 */
import { fail, succeed, type Failure, type Outcome } from '../../platform/outcome.ts';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { rows, type Db } from '../../platform/db/database.ts';
import { auditedCommand, type RequestContext } from '../../platform/audit/audit.ts';
import { dateInputValues, readDateInput } from '../../platform/http/date-input.ts';
import { MAX_FREE_TEXT, isOneOf, type FieldErrors } from '../../platform/http/forms.ts';
import { londonToday } from '../../platform/time.ts';
import { isUuid } from '../../platform/ids.ts';
import { identifiersFromLine, identifiersFromNarrative, parseUkPostcode } from '../identifiers/index.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { youngPersonIdVisible } from '../young-people/index.ts';
import { adultIdVisible, placeIdVisible, recordsIntelligence } from './policy.ts';
import { adultsOfConcern, intelligenceLinks, intelligenceRecordChanges, placesOfConcern, recordIdentifiers } from './tables.ts';
import { ADULT_STATUSES, LINK_KINDS, MAPPA, PLACE_KINDS, label, RECORD_IDENTIFIER_KINDS, type LinkKind, type RecordIdentifierKind } from './vocab.ts';


export type AdultRow = typeof adultsOfConcern.$inferSelect;
export type PlaceRow = typeof placesOfConcern.$inferSelect;
export type IdentifierRow = typeof recordIdentifiers.$inferSelect;

export const MAX_LIST_ITEMS = 20;
const MAX_SHORT = 200;

/** Lines of a textarea (or items of an API list), trimmed, blanks dropped. */
export function lines(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/\r?\n/) : [];
  return list.filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter(Boolean);
}

const str = (raw: Record<string, unknown>, name: string) => (typeof raw[name] === 'string' ? (raw[name] as string).trim() : '');

function listField(raw: Record<string, unknown>, name: string, labelText: string, errors: FieldErrors): string[] {
  const values = lines(raw[name]);
  if (values.length > MAX_LIST_ITEMS || values.some((v) => v.length > MAX_SHORT)) errors[name] = `${labelText}: enter up to ${MAX_LIST_ITEMS} lines, each ${MAX_SHORT} characters or fewer`;
  return values;
}

function textField(raw: Record<string, unknown>, name: string, labelText: string, errors: FieldErrors, max = MAX_SHORT): string | null {
  const value = str(raw, name);
  if (value.length > max) errors[name] = `${labelText} must be ${max.toLocaleString('en-GB')} characters or fewer`;
  return value || null;
}

export interface IdentifierInput {
  kind: RecordIdentifierKind;
  value: string;
}

/** Identifiers from the form's one-per-line boxes (vehicles, phones, emails, onlineAccounts). */
function identifierFields(raw: Record<string, unknown>, errors: FieldErrors): IdentifierInput[] {
  const names: Record<RecordIdentifierKind, string> = { vehicle: 'vehicles', phone: 'phones', email: 'emails', online_account: 'onlineAccounts' };
  const found: IdentifierInput[] = [];
  for (const [kind, name] of Object.entries(names) as [RecordIdentifierKind, string][]) {
    for (const value of listField(raw, name, `${RECORD_IDENTIFIER_KINDS[kind]}s`, errors)) found.push({ kind, value });
  }
  return found;
}

export interface AdultInput {
  name: string;
  aliases: string[];
  dateOfBirth: string | null;
  approximateAge: number | null;
  description: string | null;
  addresses: string[];
  otherAreas: string[];
  status: keyof typeof ADULT_STATUSES;
  mappa: keyof typeof MAPPA;
  knownSince: string | null;
  identifiers: IdentifierInput[];
}

/** A date from day, month and year fields (or YYYY-MM-DD in `name`), its message put in `errors`; null when blank. */
export function readDate(raw: Record<string, unknown>, name: string, labelText: string, errors: FieldErrors, options: { required?: boolean; notFuture?: boolean } = {}): string | null {
  const date = readDateInput(raw, name, {
    label: labelText,
    example: '27 3 2025',
    required: options.required ? `Enter ${labelText.toLowerCase()}` : undefined,
    latest: options.notFuture ? londonToday() : undefined,
    acceptIsoField: true,
  });
  if (date.error) errors[name] = date.error;
  return date.value;
}

export function readAdult(raw: Record<string, unknown>): { input: AdultInput | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const name = str(raw, 'name');
  if (!name) errors.name = 'Enter the name, nickname or street name they are best known by';
  else if (name.length > MAX_SHORT) errors.name = `The name must be ${MAX_SHORT} characters or fewer`;
  const aliases = listField(raw, 'aliases', 'Other names', errors);
  const dateOfBirth = readDate(raw, 'dateOfBirth', 'Date of birth', errors, { notFuture: true });
  const ageText = str(raw, 'approximateAge');
  let approximateAge: number | null = null;
  if (ageText) {
    if (!/^\d{1,3}$/.test(ageText) || Number(ageText) < 10 || Number(ageText) > 110) errors.approximateAge = 'Approximate age must be a number of years between 10 and 110';
    else approximateAge = Number(ageText);
  }
  const description = textField(raw, 'description', 'Description', errors, MAX_FREE_TEXT);
  const addresses = listField(raw, 'addresses', 'Addresses', errors);
  const otherAreas = listField(raw, 'otherAreas', 'Other areas', errors);
  const status = str(raw, 'status') || 'suspected';
  if (!isOneOf(ADULT_STATUSES, status)) errors.status = 'Choose suspected, charged, convicted or no further action';
  const mappa = str(raw, 'mappa') || 'not_known';
  if (!isOneOf(MAPPA, mappa)) errors.mappa = 'Choose whether they are managed under MAPPA, or not known';
  const knownSince = readDate(raw, 'knownSince', 'Known since', errors, { notFuture: true });
  const identifiers = identifierFields(raw, errors);
  if (Object.keys(errors).length) return { input: null, errors };
  return {
    input: { name, aliases, dateOfBirth, approximateAge, description, addresses, otherAreas, status: status as AdultInput['status'], mappa: mappa as AdultInput['mappa'], knownSince, identifiers },
    errors,
  };
}

export interface PlaceInput {
  kind: keyof typeof PLACE_KINDS;
  name: string;
  addressLine: string | null;
  town: string | null;
  postcode: string | null;
  openingHours: string | null;
  runBy: string | null;
  licensingAuthority: string | null;
  identifiers: IdentifierInput[];
}

export function readPlace(raw: Record<string, unknown>): { input: PlaceInput | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const kind = str(raw, 'kind');
  if (!isOneOf(PLACE_KINDS, kind)) errors.kind = 'Choose what kind of place it is';
  const name = str(raw, 'name');
  if (!name) errors.name = 'Enter the name of the place, or a short description such as “flat above the bakery”';
  else if (name.length > MAX_SHORT) errors.name = `The name must be ${MAX_SHORT} characters or fewer`;
  const addressLine = textField(raw, 'addressLine', 'Address', errors);
  const town = textField(raw, 'town', 'Town', errors);
  const postcodeText = str(raw, 'postcode');
  let postcode: string | null = null;
  if (postcodeText) {
    const parsed = parseUkPostcode(postcodeText);
    if (!parsed) errors.postcode = 'Enter a real postcode, like NB1 2MS, or leave it blank';
    else postcode = parsed.normalised;
  }
  const openingHours = textField(raw, 'openingHours', 'Opening hours', errors);
  const runBy = textField(raw, 'runBy', 'Who runs it', errors);
  const licensingAuthority = textField(raw, 'licensingAuthority', 'Licensing authority', errors);
  const identifiers = identifierFields(raw, errors);
  if (Object.keys(errors).length) return { input: null, errors };
  return { input: { kind: kind as PlaceInput['kind'], name, addressLine, town, postcode, openingHours, runBy, licensingAuthority, identifiers }, errors };
}

/**
 * Identifier rows as typed, each with its match key and whether it was recognised (flagged when
 * not). A line such as "black Audi AB12 CDE" is keyed on the registration in it; `description` is
 * an adult's free text, whose registrations, numbers and accounts not typed in the boxes are added.
 */
export function identifierRows(areaId: string, owner: { adultId?: string; placeId?: string }, identifiers: IdentifierInput[], description: { text: string | null; alreadyHeld: string[] } = { text: null, alreadyHeld: [] }) {
  const typed = identifiers.flatMap((i) => identifiersFromLine(i.kind, i.value));
  const found = identifiersFromNarrative([description.text], [...description.alreadyHeld, ...typed.map((t) => t.key)]);
  return [...typed, ...found].map((i) => ({ areaId, adultId: owner.adultId ?? null, placeId: owner.placeId ?? null, kind: i.kind, asTyped: i.asTyped, matchKey: i.key, recognised: i.recognised }));
}

const refuse = (): Failure => fail('forbidden', { role: 'Only intelligence officers and coordinators record adults and places of concern' });

/** The columns an adult's form sets, the same on creation and on change. */
function adultDetails(input: AdultInput) {
  return {
    name: input.name,
    aliases: input.aliases,
    dateOfBirth: input.dateOfBirth,
    approximateAge: input.approximateAge,
    description: input.description,
    addresses: input.addresses,
    otherAreas: input.otherAreas,
    status: input.status,
    mappa: input.mappa,
  };
}

export async function createAdult(db: Db, ctx: RequestContext, user: SignedInUser, input: AdultInput): Promise<Outcome<AdultRow>> {
  if (!recordsIntelligence(user)) return refuse();
  const row = await auditedCommand(db, ctx, { action: 'create', recordKind: 'adult_of_concern', details: { identifiers: input.identifiers.length } }, async (tx) => {
    const [adult] = await tx
      .insert(adultsOfConcern)
      .values({
        areaId: user.areaId,
        ...adultDetails(input),
        ...(input.knownSince ? { knownSince: input.knownSince } : {}),
        createdByUserId: user.userId,
      })
      .returning();
    const identifiers = identifierRows(user.areaId, { adultId: adult!.id }, input.identifiers, { text: input.description, alreadyHeld: [] });
    if (identifiers.length) await tx.insert(recordIdentifiers).values(identifiers);
    return adult!;
  });
  return succeed(row);
}

export async function createPlace(db: Db, ctx: RequestContext, user: SignedInUser, input: PlaceInput): Promise<Outcome<PlaceRow>> {
  if (!recordsIntelligence(user)) return refuse();
  const row = await auditedCommand(db, ctx, { action: 'create', recordKind: 'place_of_concern', details: { kind: input.kind } }, async (tx) => {
    const [place] = await tx
      .insert(placesOfConcern)
      .values({ areaId: user.areaId, kind: input.kind, name: input.name, addressLine: input.addressLine, town: input.town, postcode: input.postcode, openingHours: input.openingHours, runBy: input.runBy, licensingAuthority: input.licensingAuthority, createdByUserId: user.userId })
      .returning();
    if (input.identifiers.length) await tx.insert(recordIdentifiers).values(identifierRows(user.areaId, { placeId: place!.id }, input.identifiers));
    return place!;
  });
  return succeed(row);
}

export async function findVisibleAdult(db: Db, user: SignedInUser, id: string): Promise<AdultRow | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.select().from(adultsOfConcern).where(and(eq(adultsOfConcern.id, id), adultIdVisible(user, adultsOfConcern.id, adultsOfConcern.areaId)));
  return row ?? null;
}

export async function findVisiblePlace(db: Db, user: SignedInUser, id: string): Promise<PlaceRow | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.select().from(placesOfConcern).where(and(eq(placesOfConcern.id, id), placeIdVisible(user, placesOfConcern.id, placesOfConcern.areaId)));
  return row ?? null;
}

export async function visibleAdults(db: Db, user: SignedInUser, limit = 500): Promise<AdultRow[]> {
  return db.select().from(adultsOfConcern).where(and(isNull(adultsOfConcern.mergedIntoId), adultIdVisible(user, adultsOfConcern.id, adultsOfConcern.areaId))).orderBy(asc(adultsOfConcern.name)).limit(limit);
}

export async function visiblePlaces(db: Db, user: SignedInUser, limit = 500): Promise<PlaceRow[]> {
  return db.select().from(placesOfConcern).where(placeIdVisible(user, placesOfConcern.id, placesOfConcern.areaId)).orderBy(asc(placesOfConcern.name)).limit(limit);
}

export async function identifiersOfRecord(db: Db, owner: { adultId?: string; placeId?: string }): Promise<IdentifierRow[]> {
  const condition = owner.adultId ? eq(recordIdentifiers.adultId, owner.adultId) : eq(recordIdentifiers.placeId, owner.placeId!);
  return db.select().from(recordIdentifiers).where(condition).orderBy(asc(recordIdentifiers.kind), asc(recordIdentifiers.createdAt));
}

export async function addIdentifier(db: Db, ctx: RequestContext, user: SignedInUser, owner: { adultId?: string; placeId?: string }, input: IdentifierInput): Promise<Outcome<IdentifierRow>> {
  if (!recordsIntelligence(user)) return refuse();
  const row = await auditedCommand(db, ctx, { action: 'update', recordKind: owner.adultId ? 'adult_of_concern' : 'place_of_concern', recordId: owner.adultId ?? owner.placeId, details: { addedIdentifier: input.kind } }, async (tx) => {
    const [created] = await tx.insert(recordIdentifiers).values(identifierRows(user.areaId, owner, [input])).returning();
    await tx.insert(intelligenceRecordChanges).values({ areaId: user.areaId, adultId: owner.adultId ?? null, placeId: owner.placeId ?? null, kind: 'identifiers_added', fields: [input.kind], changedByUserId: user.userId });
    return created!;
  });
  return succeed(row);
}

export type RecordRef = { kind: 'adult' | 'place' | 'young_person'; id: string };

export interface LinkInput {
  from: RecordRef;
  to: RecordRef;
  linkKind: LinkKind;
  occurredOn: string | null;
}

/** Reads "link this record to …" from a form or the API: the other end is chosen by kind and id. */
export function readLink(from: RecordRef, raw: Record<string, unknown>): { input: LinkInput | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const toKind = str(raw, 'toKind');
  const toId = str(raw, 'toId');
  if (!['adult', 'place', 'young_person'].includes(toKind)) errors.toKind = 'Choose whether you are linking a young person, an adult or a place';
  else if (!isUuid(toId)) errors.toId = 'Choose the record to link';
  const linkKind = str(raw, 'linkKind') || 'other';
  if (!isOneOf(LINK_KINDS, linkKind)) errors.linkKind = 'Choose how they are linked';
  const occurredOn = readDate(raw, 'occurredOn', 'When', errors, { notFuture: true });
  if (!errors.toKind && toKind === from.kind && toKind !== 'adult') errors.toKind = 'A link joins two different kinds of record, or two adults';
  if (toId === from.id) errors.toId = 'A record cannot be linked to itself';
  if (Object.keys(errors).length) return { input: null, errors };
  return { input: { from, to: { kind: toKind as RecordRef['kind'], id: toId }, linkKind: linkKind as LinkKind, occurredOn }, errors };
}

/** Checks an end of a link (or subject) exists in the area and, for a young person, that the user may see them. */
export async function recordExists(db: Db, user: SignedInUser, ref: RecordRef): Promise<boolean> {
  if (!isUuid(ref.id)) return false;
  const query =
    ref.kind === 'adult'
      ? sql`select 1 from adults_of_concern where id = ${ref.id} and area_id = ${user.areaId} and merged_into_id is null`
      : ref.kind === 'place'
        ? sql`select 1 from places_of_concern where id = ${ref.id} and area_id = ${user.areaId}`
        : sql`select 1 from young_people yp where yp.id = ${ref.id} and yp.merged_into_id is null and ${youngPersonIdVisible(user, sql`yp.id`)}`;
  return (await rows(db, query)).length > 0;
}

export async function recordLink(db: Db, ctx: RequestContext, user: SignedInUser, input: LinkInput): Promise<Outcome<{ id: string }>> {
  if (!recordsIntelligence(user)) return refuse();
  for (const [field, ref] of [['fromId', input.from], ['toId', input.to]] as const) {
    if (!(await recordExists(db, user, ref))) return fail(field === 'fromId' ? 'not_found' : 'invalid', { toId: 'Choose a record that exists in your area' });
  }
  const ends: Record<string, string | null> = { adultId: null, associateAdultId: null, placeId: null, youngPersonId: null };
  for (const ref of [input.from, input.to]) {
    if (ref.kind === 'adult') ends[ends.adultId ? 'associateAdultId' : 'adultId'] = ref.id;
    else if (ref.kind === 'place') ends.placeId = ref.id;
    else ends.youngPersonId = ref.id;
  }
  const row = await auditedCommand(db, ctx, { action: 'create', recordKind: 'intelligence_link', details: { from: input.from, to: input.to, linkKind: input.linkKind } }, async (tx) => {
    const [created] = await tx
      .insert(intelligenceLinks)
      .values({ areaId: user.areaId, adultId: ends.adultId, associateAdultId: ends.associateAdultId, placeId: ends.placeId, youngPersonId: ends.youngPersonId, linkKind: input.linkKind, occurredOn: input.occurredOn, recordedByUserId: user.userId })
      .returning({ id: intelligenceLinks.id });
    return created!;
  });
  return succeed(row);
}

/** Everyone and everything a user may pick as the other end of a link or subject of an entry (officers only). */
export async function pickableRecords(db: Db, user: SignedInUser) {
  const [adults, places, people] = await Promise.all([
    db.select({ id: adultsOfConcern.id, number: adultsOfConcern.number, name: adultsOfConcern.name }).from(adultsOfConcern).where(and(eq(adultsOfConcern.areaId, user.areaId), isNull(adultsOfConcern.mergedIntoId))).orderBy(asc(adultsOfConcern.name)).limit(500),
    db.select({ id: placesOfConcern.id, number: placesOfConcern.number, name: placesOfConcern.name }).from(placesOfConcern).where(eq(placesOfConcern.areaId, user.areaId)).orderBy(asc(placesOfConcern.name)).limit(500),
    rows<{ id: string; number: number; given_name: string | null; family_name: string | null }>(db, sql`select yp.id, yp.number::int as number, yp.given_name, yp.family_name from young_people yp where yp.area_id = ${user.areaId} and yp.merged_into_id is null and ${youngPersonIdVisible(user, sql`yp.id`)} order by yp.family_name, yp.given_name limit 500`),
  ]);
  return { adults, places, youngPeople: people.map((p) => ({ id: p.id, number: Number(p.number), name: [p.given_name, p.family_name].filter(Boolean).join(' ') || `YP-${p.number}` })) };
}


/** Changes an adult's status (suspected, charged, convicted, no further action) and MAPPA involvement. */
export async function updateAdultStatus(db: Db, ctx: RequestContext, user: SignedInUser, adultId: string, raw: Record<string, unknown>): Promise<Outcome<AdultRow>> {
  if (!recordsIntelligence(user)) return refuse();
  const errors: FieldErrors = {};
  const status = str(raw, 'status');
  const mappa = str(raw, 'mappa');
  if (!isOneOf(ADULT_STATUSES, status)) errors.status = 'Choose suspected, charged, convicted or no further action';
  if (!isOneOf(MAPPA, mappa)) errors.mappa = 'Choose whether they are managed under MAPPA, or not known';
  if (Object.keys(errors).length) return fail('invalid', errors);
  const row = await auditedCommand(db, ctx, { action: 'update', recordKind: 'adult_of_concern', recordId: adultId, details: { changed: ['status', 'mappa'], status, mappa } }, async (tx) => {
    const [updated] = await tx
      .update(adultsOfConcern)
      .set({ status, mappa, updatedAt: new Date() })
      .where(and(eq(adultsOfConcern.id, adultId), eq(adultsOfConcern.areaId, user.areaId)))
      .returning();
    return updated;
  });
  return row ? succeed(row) : fail('not_found');
}

/** Values for the edit form from a stored adult: lists one per line, dates as day, month and year. */
export function adultFormValues(adult: AdultRow): Record<string, string> {
  return {
    name: adult.name,
    aliases: adult.aliases.join('\n'),
    approximateAge: adult.approximateAge === null ? '' : String(adult.approximateAge),
    description: adult.description ?? '',
    addresses: adult.addresses.join('\n'),
    otherAreas: adult.otherAreas.join('\n'),
    status: adult.status,
    mappa: adult.mappa,
    ...dateInputValues('dateOfBirth', adult.dateOfBirth),
    ...dateInputValues('knownSince', adult.knownSince),
  };
}

export function placeFormValues(place: PlaceRow): Record<string, string> {
  return { kind: place.kind, name: place.name, addressLine: place.addressLine ?? '', town: place.town ?? '', postcode: place.postcode ?? '', openingHours: place.openingHours ?? '', runBy: place.runBy ?? '', licensingAuthority: place.licensingAuthority ?? '' };
}

/** The names of the fields whose value differs (lists compared item by item). */
function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return Object.keys(after).filter((key) => JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null));
}

/**
 * Changes an adult's details and adds any identifiers typed (identifiers are only ever added, so
 * a link once made is not lost). The names of the changed fields go in the audit row and the
 * adult's chronology, never the old values; nothing changed writes nothing.
 */
export async function updateAdult(db: Db, ctx: RequestContext, user: SignedInUser, adult: AdultRow, input: AdultInput): Promise<Outcome<{ changed: string[] }>> {
  if (!recordsIntelligence(user)) return refuse();
  const next = {
    ...adultDetails(input),
    // Cleared on the form: keep the date already held (the column is required).
    knownSince: input.knownSince ?? adult.knownSince,
  };
  return saveChanges(db, ctx, user, { kind: 'adult', id: adult.id }, changedFields(adult, next), next, input.identifiers);
}

export async function updatePlace(db: Db, ctx: RequestContext, user: SignedInUser, place: PlaceRow, input: PlaceInput): Promise<Outcome<{ changed: string[] }>> {
  if (!recordsIntelligence(user)) return refuse();
  const next = { kind: input.kind, name: input.name, addressLine: input.addressLine, town: input.town, postcode: input.postcode, openingHours: input.openingHours, runBy: input.runBy, licensingAuthority: input.licensingAuthority };
  return saveChanges(db, ctx, user, { kind: 'place', id: place.id }, changedFields(place, next), next, input.identifiers);
}

/**
 * One audited transaction for an edit of an adult or a place: identifiers typed are added, changed
 * details saved, and each recorded as a change (field names only) for the record's chronology.
 * Nothing changed and nothing added writes nothing.
 */
async function saveChanges(
  db: Db,
  ctx: RequestContext,
  user: SignedInUser,
  record: { kind: 'adult' | 'place'; id: string },
  changed: string[],
  next: Record<string, unknown>,
  identifiers: IdentifierInput[],
): Promise<Outcome<{ changed: string[] }>> {
  if (!changed.length && !identifiers.length) return succeed({ changed });
  const owner = record.kind === 'adult' ? { adultId: record.id } : { placeId: record.id };
  const table = record.kind === 'adult' ? adultsOfConcern : placesOfConcern;
  const recordKind = record.kind === 'adult' ? 'adult_of_concern' : 'place_of_concern';
  // A changed description may name a registration, number or account the record does not hold yet.
  const description = record.kind === 'adult' && changed.includes('description') ? ((next.description as string | null) ?? null) : null;
  const held = description ? (await identifiersOfRecord(db, owner)).map((i) => i.matchKey).filter((key): key is string => key !== null) : [];
  const added = identifierRows(user.areaId, owner, identifiers, { text: description, alreadyHeld: held });
  await auditedCommand(db, ctx, { action: 'update', recordKind, recordId: record.id, details: { changed, addedIdentifiers: added.length } }, async (tx) => {
    if (added.length) {
      await tx.insert(recordIdentifiers).values(added);
      await tx.insert(intelligenceRecordChanges).values({ areaId: user.areaId, ...owner, kind: 'identifiers_added', fields: [...new Set(added.map((i) => i.kind))], changedByUserId: user.userId });
    }
    if (!changed.length) return;
    await tx.update(table).set({ ...next, updatedAt: new Date() }).where(and(eq(table.id, record.id), eq(table.areaId, user.areaId)));
    await tx.insert(intelligenceRecordChanges).values({ areaId: user.areaId, ...owner, kind: 'details_changed', fields: changed, changedByUserId: user.userId });
  });
  return succeed({ changed });
}

/** A place's details as a reader may see them: partners get the kind and address only. Also used by the panels' case pack. */
export function placeSummary(place: PlaceRow, full: boolean): [string, string][] {
  return [
    ['Kind', label(PLACE_KINDS, place.kind)],
    ['Address', [place.addressLine, place.town, place.postcode].filter(Boolean).join(', ') || 'Not recorded'],
    ...((full
      ? [
          ['Opening hours', place.openingHours ?? 'Not recorded'],
          ['Who runs it', place.runBy ?? 'Not recorded'],
          ['Licensing authority', place.licensingAuthority ?? 'Not recorded'],
        ]
      : []) as [string, string][]),
  ];
}

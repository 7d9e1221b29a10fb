/**
 * Where a concern happened: linking a concern to a place of concern, so hotspots and the network
 * count it. Practitioners only type where it happened (`where_text`); they never browse places.
 * The coordinator at triage, or an officer on a place's page, makes the link. Suggestions come
 * from the where-text (trigram word similarity against a place's name and address) and any full
 * postcode in it (an exact match on the place's postcode).
 */
import { fail, succeed, type Failure, type Outcome } from '../../platform/outcome.ts';
import { and, eq, sql } from 'drizzle-orm';
import { rows, type Db } from '../../platform/db/database.ts';
import { auditedCommand, type RequestContext } from '../../platform/audit/audit.ts';
import { isUuid } from '../../platform/ids.ts';
import { parseUkPostcode } from '../identifiers/index.ts';
import { concerns } from '../concerns/tables.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { recordsIntelligence } from './policy.ts';
import { identifierRows, type PlaceInput } from './records.ts';
import { intelligenceRecordChanges, placesOfConcern, recordIdentifiers } from './tables.ts';

/** Word similarity a name or address must reach to be suggested: low enough for "the grill on mill st". */
export const PLACE_SUGGESTION_THRESHOLD = 0.45;
export const MAX_PLACE_SUGGESTIONS = 5;

const POSTCODE_IN_TEXT = /\b[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2}\b/gi;

/** Full postcodes written anywhere in a piece of text, normalised ("nb12ms" → "NB1 2MS"). */
export function postcodesIn(text: string | null | undefined): string[] {
  const found = new Set<string>();
  for (const match of (text ?? '').matchAll(POSTCODE_IN_TEXT)) {
    const parsed = parseUkPostcode(match[0]);
    if (parsed && !parsed.outwardOnly) found.add(parsed.normalised);
  }
  return [...found];
}

export interface PlaceSuggestion {
  id: string;
  number: number;
  name: string;
  kind: string;
  address: string;
  addressLine: string | null;
  town: string | null;
  postcode: string | null;
  postcodeMatched: boolean;
  score: number;
}

/** Words that say where without saying which place; looking them up would only slow the search. */
const COMMON_WORDS = new Set(['the', 'and', 'with', 'near', 'outside', 'inside', 'into', 'from', 'behind', 'opposite', 'next', 'was', 'were', 'she', 'her', 'him', 'his', 'they', 'them', 'seen', 'going', 'went', 'late', 'night', 'after', 'before', 'school', 'about', 'round', 'around', 'back', 'front', 'by', 'at', 'on', 'in', 'of', 'to', 'for', 'that', 'this', 'there', 'then', 'when', 'said']);
const MAX_WORDS = 12;
/** Places looked at per word: enough for any real name, a cap for a word many places share. */
const CANDIDATES_PER_WORD = 200;

/** The words of a where-text worth looking up: three or more letters or digits, not common, at most twelve. */
export function placeWords(text: string): string[] {
  const words = text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  return [...new Set(words.filter((w) => w.length >= 3 && !COMMON_WORDS.has(w)))].slice(0, MAX_WORDS);
}

/**
 * Places of the area that may be where the concern happened, best first. Officers only: the caller
 * checks. Candidates come from the trigram indexes (each word of the where-text found in a name or
 * address, at most CANDIDATES_PER_WORD each) and the postcode index, so the cost does not grow with
 * the area's places; only candidates are scored by word similarity against the whole where-text.
 */
export async function suggestPlacesForConcern(db: Db, areaId: string, whereText: string | null, excludePlaceId: string | null = null): Promise<PlaceSuggestion[]> {
  const text = (whereText ?? '').trim().toLowerCase().slice(0, 1000);
  if (!text) return [];
  const postcodes = postcodesIn(text);
  const words = placeWords(text);
  if (!postcodes.length && !words.length) return [];
  const postcodeMatch = postcodes.length ? sql`coalesce(p.postcode in (${sql.join(postcodes.map((p) => sql`${p}`), sql`, `)}), false)` : sql`false`;
  const candidates = [
    ...(postcodes.length ? [sql`(select id from places_of_concern where area_id = ${areaId} and postcode in (${sql.join(postcodes.map((p) => sql`${p}`), sql`, `)}) limit ${CANDIDATES_PER_WORD})`] : []),
    ...words.flatMap((w) => [
      sql`(select id from places_of_concern where lower(name) %> ${w} and area_id = ${areaId} limit ${CANDIDATES_PER_WORD})`,
      sql`(select id from places_of_concern where lower(coalesce(address_line, '')) %> ${w} and area_id = ${areaId} limit ${CANDIDATES_PER_WORD})`,
    ]),
  ];
  const found = await rows<{ id: string; number: number; name: string; kind: string; address_line: string | null; town: string | null; postcode: string | null; postcode_matched: boolean; score: number }>(
    db,
    sql`with candidates as (${sql.join(candidates, sql` union `)})
        -- Materialised so the similarity is worked out for the candidates only, never pushed down to every place.
        , scored as materialized (
          select p.id, p.number::int as number, p.name, p.kind, p.address_line, p.town, p.postcode, ${postcodeMatch} as postcode_matched,
                 greatest(word_similarity(lower(p.name), ${text}), word_similarity(lower(coalesce(p.address_line, '')), ${text}))::float8 as score
            from places_of_concern p join candidates c on c.id = p.id
           where p.area_id = ${areaId} ${excludePlaceId ? sql`and p.id <> ${excludePlaceId}` : sql``}
        )
        select * from scored s
        where s.postcode_matched or s.score >= ${PLACE_SUGGESTION_THRESHOLD}
        order by s.postcode_matched desc, s.score desc, s.number
        limit ${MAX_PLACE_SUGGESTIONS}`,
  );
  return found.map((p) => ({
    id: p.id,
    number: Number(p.number),
    name: p.name,
    kind: p.kind,
    address: [p.address_line, p.town, p.postcode].filter(Boolean).join(', '),
    addressLine: p.address_line,
    town: p.town,
    postcode: p.postcode,
    postcodeMatched: Boolean(p.postcode_matched),
    score: Number(p.score),
  }));
}

const refuse = (): Failure => fail('forbidden', { placeId: 'Only intelligence officers and coordinators link concerns to places' });

interface ConcernInArea {
  id: string;
  number: number;
  placeId: string | null;
}

async function concernInArea(db: Db, areaId: string, concernId: string): Promise<ConcernInArea | null> {
  if (!isUuid(concernId)) return null;
  const [row] = await db.select({ id: concerns.id, number: concerns.number, placeId: concerns.placeId }).from(concerns).where(and(eq(concerns.id, concernId), eq(concerns.areaId, areaId)));
  return row ?? null;
}

/** A concern by its reference ("C-1042" or "1042") in the user's area. */
export async function concernByReference(db: Db, areaId: string, reference: string): Promise<ConcernInArea | null> {
  const match = /^\s*c?-?\s*(\d{1,12})\s*$/i.exec(reference);
  if (!match) return null;
  const [row] = await db.select({ id: concerns.id, number: concerns.number, placeId: concerns.placeId }).from(concerns).where(and(eq(concerns.number, Number(match[1])), eq(concerns.areaId, areaId)));
  return row ?? null;
}

/** A place by id or by its reference ("P-3" or "3") in the user's area. */
export async function placeInArea(db: Db, areaId: string, idOrReference: string): Promise<{ id: string; number: number } | null> {
  const value = idOrReference.trim();
  const byNumber = /^p?-?\s*(\d{1,12})$/i.exec(value);
  if (!isUuid(value) && !byNumber) return null;
  const condition = isUuid(value) ? eq(placesOfConcern.id, value) : eq(placesOfConcern.number, Number(byNumber![1]));
  const [row] = await db.select({ id: placesOfConcern.id, number: placesOfConcern.number }).from(placesOfConcern).where(and(condition, eq(placesOfConcern.areaId, areaId)));
  return row ?? null;
}

type ConcernPlace = { concernId: string; placeId: string | null };

/**
 * Links a concern to a place (moving it if it was linked elsewhere), with the change on the
 * place's chronology and the audit row in one transaction. `via` says where it was done.
 */
export async function linkConcernToPlace(db: Db, ctx: RequestContext, user: SignedInUser, concernId: string, placeId: string, via: 'triage' | 'place' | 'api'): Promise<Outcome<ConcernPlace>> {
  if (!recordsIntelligence(user)) return refuse();
  const concern = await concernInArea(db, user.areaId, concernId);
  if (!concern) return fail('not_found');
  const place = await placeInArea(db, user.areaId, placeId);
  if (!place) return fail('invalid', { placeId: 'Choose a place of concern in your area' });
  if (concern.placeId === place.id) return fail('invalid', { placeId: 'The concern is already linked to this place' });
  await auditedCommand(db, ctx, { action: 'update', recordKind: 'concern', recordId: concern.id, details: { linkedPlace: place.id, previousPlace: concern.placeId, via } }, async (tx) => {
    await tx.update(concerns).set({ placeId: place.id }).where(eq(concerns.id, concern.id));
    const changes = [{ areaId: user.areaId, placeId: place.id, kind: 'concern_linked', concernId: concern.id, changedByUserId: user.userId }];
    if (concern.placeId) changes.push({ areaId: user.areaId, placeId: concern.placeId, kind: 'concern_unlinked', concernId: concern.id, changedByUserId: user.userId });
    await tx.insert(intelligenceRecordChanges).values(changes);
  });
  return succeed({ concernId: concern.id, placeId: place.id });
}

/** Takes a concern off the place it was linked to. */
export async function unlinkConcernFromPlace(db: Db, ctx: RequestContext, user: SignedInUser, concernId: string, via: 'triage' | 'place' | 'api'): Promise<Outcome<ConcernPlace>> {
  if (!recordsIntelligence(user)) return refuse();
  const concern = await concernInArea(db, user.areaId, concernId);
  if (!concern) return fail('not_found');
  if (!concern.placeId) return fail('invalid', { placeId: 'The concern is not linked to a place' });
  const placeId = concern.placeId;
  await auditedCommand(db, ctx, { action: 'update', recordKind: 'concern', recordId: concern.id, details: { unlinkedPlace: placeId, via } }, async (tx) => {
    await tx.update(concerns).set({ placeId: null }).where(eq(concerns.id, concern.id));
    await tx.insert(intelligenceRecordChanges).values({ areaId: user.areaId, placeId, kind: 'concern_unlinked', concernId: concern.id, changedByUserId: user.userId });
  });
  return succeed({ concernId: concern.id, placeId: null });
}

/** Records a new place and links the concern to it, in one audited transaction. */
export async function createPlaceFromConcern(db: Db, ctx: RequestContext, user: SignedInUser, concernId: string, input: PlaceInput): Promise<Outcome<ConcernPlace>> {
  if (!recordsIntelligence(user)) return refuse();
  const concern = await concernInArea(db, user.areaId, concernId);
  if (!concern) return fail('not_found');
  const placeId = await auditedCommand(db, ctx, { action: 'create', recordKind: 'place_of_concern', details: { kind: input.kind, fromConcern: concern.id, previousPlace: concern.placeId } }, async (tx) => {
    const [place] = await tx
      .insert(placesOfConcern)
      .values({ areaId: user.areaId, kind: input.kind, name: input.name, addressLine: input.addressLine, town: input.town, postcode: input.postcode, openingHours: input.openingHours, runBy: input.runBy, licensingAuthority: input.licensingAuthority, createdByUserId: user.userId })
      .returning({ id: placesOfConcern.id });
    if (input.identifiers.length) {
      await tx.insert(recordIdentifiers).values(identifierRows(user.areaId, { placeId: place!.id }, input.identifiers));
    }
    await tx.update(concerns).set({ placeId: place!.id }).where(eq(concerns.id, concern.id));
    const changes = [{ areaId: user.areaId, placeId: place!.id, kind: 'concern_linked', concernId: concern.id, changedByUserId: user.userId }];
    if (concern.placeId) changes.push({ areaId: user.areaId, placeId: concern.placeId, kind: 'concern_unlinked', concernId: concern.id, changedByUserId: user.userId });
    await tx.insert(intelligenceRecordChanges).values(changes);
    return place!.id;
  });
  return succeed({ concernId: concern.id, placeId });
}

/** The concerns linked to a place, newest first (officers only: the caller checks). */
export async function concernsAtPlace(db: Db, placeId: string, limit = 100) {
  return rows<{ id: string; number: number; submitted_at: Date | string; where_text: string | null }>(
    db,
    sql`select c.id, c.number::int as number, c.submitted_at, c.where_text from concerns c where c.place_id = ${placeId} order by c.submitted_at desc limit ${limit}`,
  );
}

/** True when the concern is linked to the place. */
export async function concernLinkedToPlace(db: Db, concernId: string, placeId: string): Promise<boolean> {
  if (!isUuid(concernId)) return false;
  return (await rows(db, sql`select 1 from concerns where id = ${concernId} and place_id = ${placeId}`)).length > 0;
}

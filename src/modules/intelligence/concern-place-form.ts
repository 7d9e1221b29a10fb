/**
 * The "where it happened" part of the triage page: reading its three forms (link to a place, take
 * the link off, record a new place from the concern) and building what the page shows. Field names
 * carry a `place` prefix because the triage page also has the young person's address and postcode.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import type { RequestContext } from '../../platform/audit/audit.ts';
import { isOneOf, type FieldErrors } from '../../platform/http/forms.ts';
import type { TextFields } from '../../platform/http/page-input.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { createPlaceFromConcern, linkConcernToPlace, placeInArea, postcodesIn, suggestPlacesForConcern, unlinkConcernFromPlace, type PlaceSuggestion } from './concern-places.ts';
import { comparePlace } from './place-matching.ts';
import { readPlace } from './records.ts';
import { placesOfConcern } from './tables.ts';
import { PLACE_KINDS, label, placeReference } from './vocab.ts';

/** The new-place form's fields, in page order, as the triage page names them. */
const NEW_PLACE_FIELDS: Record<string, string> = { kind: 'placeKind', name: 'placeName', addressLine: 'placeAddressLine', town: 'placeTown', postcode: 'placePostcode' };
export const CONCERN_PLACE_FIELDS = ['placeReference', ...Object.values(NEW_PLACE_FIELDS)];

export type ConcernPlaceOutcome = { outcome: 'linked' | 'unlinked' | 'created' | 'not_found' } | { outcome: 'refused'; errors: FieldErrors };

const FLASH: Record<string, string> = {
  linked: 'The concern has been linked to the place. It now counts in hotspots and the network.',
  created: 'The place has been recorded and the concern linked to it.',
  unlinked: 'The concern is no longer linked to that place.',
};
export const concernPlaceFlash = (outcome: string | undefined) => (isOneOf(FLASH, outcome) ? FLASH[outcome] : undefined);

export async function postConcernPlace(db: Db, ctx: RequestContext, user: SignedInUser, concernId: string, body: TextFields, via: 'triage' | 'place'): Promise<ConcernPlaceOutcome> {
  const action = body.action ?? '';
  if (action === 'unlink') {
    const result = await unlinkConcernFromPlace(db, ctx, user, concernId, via);
    if (result.ok) return { outcome: 'unlinked' };
    return result.kind === 'not_found' ? { outcome: 'not_found' } : { outcome: 'refused', errors: { placeReference: 'The concern is not linked to a place any more' } };
  }
  if (action === 'new') {
    const raw = Object.fromEntries(Object.entries(NEW_PLACE_FIELDS).map(([name, formName]) => [name, body[formName] ?? '']));
    const { input, errors } = readPlace(raw);
    if (!input) return { outcome: 'refused', errors: Object.fromEntries(Object.entries(errors).map(([name, text]) => [NEW_PLACE_FIELDS[name] ?? 'placeName', text])) };
    const result = await createPlaceFromConcern(db, ctx, user, concernId, input);
    if (result.ok) return { outcome: 'created' };
    return result.kind === 'not_found' ? { outcome: 'not_found' } : { outcome: 'refused', errors: { placeName: Object.values(result.errors)[0] ?? 'The place could not be recorded' } };
  }
  // Linking: a suggested place's button sends its id; otherwise the reference typed.
  const chosen = body.placeId || body.placeReference || '';
  if (!chosen) return { outcome: 'refused', errors: { placeReference: 'Enter the reference of a place of concern, like P-3, or link one of the places listed' } };
  const place = await placeInArea(db, user.areaId, chosen);
  if (!place) return { outcome: 'refused', errors: { placeReference: 'Enter the reference of a place of concern in your area, like P-3' } };
  const result = await linkConcernToPlace(db, ctx, user, concernId, place.id, via);
  if (result.ok) return { outcome: 'linked' };
  return result.kind === 'not_found' ? { outcome: 'not_found' } : { outcome: 'refused', errors: { placeReference: Object.values(result.errors)[0] ?? 'Choose a place of concern in your area' } };
}

/**
 * Why a place is offered at triage: what drew it (the postcode, or words like its name or address),
 * then the place-matching model's band and reasons, so the coordinator weighs it as on the episode pages.
 */
function whySuggested(whereText: string, place: PlaceSuggestion): string {
  const drawn = place.postcodeMatched ? 'The postcode written matches.' : 'The name or address is like what was written.';
  const match = comparePlace(whereText, { name: place.name, kind: place.kind, addressLine: place.addressLine, town: place.town, postcode: place.postcode });
  return `${drawn} ${match.band} (${Math.round(match.probability * 100)}%). ${match.explanation.join(' ')}`;
}

/** What the triage page shows about where the concern happened. */
export async function concernPlaceSection(db: Db, user: SignedInUser, concern: { whereText: string | null; placeId: string | null }, values: TextFields, errors?: FieldErrors) {
  const [linkedRows, suggestions] = await Promise.all([
    concern.placeId ? db.select({ id: placesOfConcern.id, number: placesOfConcern.number, name: placesOfConcern.name, kind: placesOfConcern.kind }).from(placesOfConcern).where(eq(placesOfConcern.id, concern.placeId)) : Promise.resolve([]),
    suggestPlacesForConcern(db, user.areaId, concern.whereText, concern.placeId),
  ]);
  const linked = linkedRows[0];
  const sent = values.action === 'new';
  const formValues = sent
    ? Object.fromEntries(Object.values(NEW_PLACE_FIELDS).map((name) => [name, values[name] ?? '']))
    : { placeName: (concern.whereText ?? '').trim().slice(0, 200), placePostcode: postcodesIn(concern.whereText)[0] ?? '' };
  return {
    linked: linked ? { id: linked.id, reference: placeReference(linked.number), name: linked.name, kind: label(PLACE_KINDS, linked.kind) } : null,
    suggestions: suggestions.map((s) => ({ ...s, reference: placeReference(s.number), kindLabel: label(PLACE_KINDS, s.kind), why: whySuggested(concern.whereText ?? '', s) })),
    values: { ...formValues, placeReference: values.placeReference ?? '' },
    kindItems: Object.entries(PLACE_KINDS).map(([value, text]) => ({ value, text, checked: formValues.placeKind === value })),
    newPlaceOpen: sent || Boolean(errors && Object.keys(errors).some((k) => k !== 'placeReference')),
    errors: errors ?? {},
  };
}

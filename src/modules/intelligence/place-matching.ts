/**
 * Is a place written in free text ("flat above the takeaway, Mill Street") one of the area's places
 * of concern ("Mill Street Grill", 14 Mill Street, NB1 2MS)? A small Fellegi–Sunter model, like the
 * one for young people: the postcode, the street, the house number, the place's name and its kind
 * are each compared, each level of agreement carries a weight (log2 of how much likelier it is for
 * the same place than for two different ones), and the weights plus a prior give a probability.
 * The weights are set by judgement, not estimated: decision record 0016 says why and what they are.
 * Nothing is linked by the model; it only says what to offer a person, and why.
 */
import { jaroWinkler } from '../linkage/index.ts';
import { parseUkPostcode } from '../identifiers/index.ts';
import { PLACE_KINDS, type PlaceKind } from './vocab.ts';

/** A place of concern as the model reads it. */
export interface PlaceForMatching {
  name: string;
  kind: string;
  addressLine: string | null;
  town: string | null;
  postcode: string | null;
}

/** One comparison's result: the level reached, its weight and the words that explain it. */
export interface PlaceComparison {
  field: 'postcode' | 'street' | 'number' | 'name' | 'kind';
  level: string;
  weight: number;
  says: string;
}

export interface PlaceMatch {
  probability: number;
  weight: number;
  band: PlaceMatchBand;
  comparisons: PlaceComparison[];
  /** The comparisons that moved the score, in plain words, strongest first. */
  explanation: string[];
}

export type PlaceMatchBand = 'Very likely the same place' | 'Possibly the same place' | 'Probably a different place';

/** Offered to a person at or above this probability. */
export const SUGGEST_AT = 0.5;
export const VERY_LIKELY_AT = 0.95;

/**
 * The chance, before anything is compared, that a mention is of one particular place of concern:
 * about one in fifty, as an area keeps tens of places and most mentions are of none of them.
 */
export const PRIOR_WEIGHT = Math.log2(1 / 49);

/** m (how often the level is seen for the same place) and u (for two different places) of each level. */
export const PLACE_MODEL = {
  postcode: { same: { m: 0.6, u: 0.002 }, sameSector: { m: 0.08, u: 0.02 }, different: { m: 0.02, u: 0.6 } },
  street: { same: { m: 0.85, u: 0.02 }, similar: { m: 0.06, u: 0.01 }, different: { m: 0.05, u: 0.95 } },
  number: { same: { m: 0.9, u: 0.08 }, different: { m: 0.1, u: 0.92 } },
  name: { full: { m: 0.35, u: 0.001 }, part: { m: 0.15, u: 0.01 }, absent: { m: 0.5, u: 0.989 } },
  kind: { same: { m: 0.6, u: 0.12 }, different: { m: 0.1, u: 0.55 } },
} as const;

const weightOf = (p: { m: number; u: number }) => Math.log2(p.m / p.u);

/** Jaro–Winkler at or above this is the same word written slightly differently ("Mil" for "Mill"). */
const SAME_WORD = 0.92;
const SIMILAR_STREET = 0.85;

const STREET_TYPES: Record<string, string> = {
  street: 'street', st: 'street', road: 'road', rd: 'road', lane: 'lane', ln: 'lane', avenue: 'avenue', ave: 'avenue',
  close: 'close', cl: 'close', drive: 'drive', dr: 'drive', way: 'way', place: 'place', pl: 'place', crescent: 'crescent',
  cres: 'crescent', terrace: 'terrace', tce: 'terrace', square: 'square', sq: 'square', parade: 'parade', row: 'row',
  hill: 'hill', grove: 'grove', gardens: 'gardens', gdns: 'gardens', court: 'court', ct: 'court', walk: 'walk', quay: 'quay',
  green: 'green', park: 'park', mews: 'mews', yard: 'yard',
};

/** Words that never name a street or a place: where in it, and small words. */
const FILLER = new Set([
  'the', 'a', 'an', 'of', 'on', 'in', 'at', 'by', 'to', 'near', 'above', 'over', 'below', 'under', 'behind', 'beside', 'outside', 'inside',
  'opposite', 'next', 'off', 'back', 'rear', 'front', 'top', 'end', 'corner', 'upstairs', 'downstairs', 'and', 'from', 'with', 'her', 'his',
  'their', 'flat', 'room', 'house', 'address', 'unit', 'floor', 'first', 'second', 'ground', 'bedsit', 'found', 'was', 'were', 'seen',
]);

/** Words that say what kind of place it is. */
const KIND_WORDS: Record<string, PlaceKind> = {
  takeaway: 'takeaway', kebab: 'takeaway', chippy: 'takeaway', chip: 'takeaway', pizza: 'takeaway', chicken: 'takeaway', grill: 'takeaway', burger: 'takeaway', cafe: 'takeaway',
  hotel: 'hotel', motel: 'hotel', inn: 'hotel', lodge: 'hotel', guesthouse: 'hotel',
  hostel: 'hostel', shelter: 'hostel',
  taxi: 'taxi_firm', taxis: 'taxi_firm', cab: 'taxi_firm', cabs: 'taxi_firm', minicab: 'taxi_firm',
  park: 'park', playground: 'park', rec: 'park', woods: 'park', field: 'park', fields: 'park',
  school: 'school_or_college', college: 'school_or_college', academy: 'school_or_college',
  shop: 'shop', store: 'shop', newsagent: 'shop', newsagents: 'shop', offy: 'shop', supermarket: 'shop', garage: 'shop',
  childrens: 'residential_home', flat: 'private_address', house: 'private_address', bedsit: 'private_address', maisonette: 'private_address',
};

interface ReadAddress {
  words: string[];
  postcode: { normalised: string; sector: string } | null;
  streets: { name: string; type: string; number: string | null }[];
  kinds: Set<PlaceKind>;
}

const wordsOf = (text: string) => text.toLowerCase().replace(/['’]/g, '').match(/[a-z0-9]+/g) ?? [];

const POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/gi;

function postcodeIn(text: string): ReadAddress['postcode'] {
  for (const m of text.matchAll(POSTCODE)) {
    const parsed = parseUkPostcode(m[0]);
    if (parsed && !parsed.outwardOnly) return { normalised: parsed.normalised, sector: parsed.sector };
  }
  return null;
}

/** "14 Mill Street", "mill st", "on Quay Rd": the name words before a street type, with any house number before them. */
function streetsIn(text: string): ReadAddress['streets'] {
  const streets: ReadAddress['streets'] = [];
  // Commas and full stops end a street's name: "the takeaway, Mill Street" is not "takeaway mill street".
  for (const part of text.toLowerCase().replace(/['’]/g, '').split(/[,;.()\n]/)) {
    const words = part.match(/[a-z0-9]+/g) ?? [];
    words.forEach((word, i) => {
      const type = STREET_TYPES[word];
      if (!type || i === 0) return;
      const name: string[] = [];
      let j = i - 1;
      // A type word may begin a name ("Park Road", "Quay Road"), so only small words and numbers end it.
      while (j >= 0 && name.length < 2 && /^[a-z]+$/.test(words[j]!) && !FILLER.has(words[j]!)) name.unshift(words[j--]!);
      if (!name.length) return;
      const number = j >= 0 && /^\d+[a-z]?$/.test(words[j]!) ? words[j]! : null;
      streets.push({ name: name.join(' '), type, number });
    });
  }
  return streets;
}

export function readAddress(text: string): ReadAddress {
  const words = wordsOf(text);
  const kinds = new Set<PlaceKind>();
  for (const w of words) if (KIND_WORDS[w]) kinds.add(KIND_WORDS[w]!);
  return { words, postcode: postcodeIn(text), streets: streetsIn(text), kinds };
}

const sameWord = (a: string, b: string) => a === b || (a.length >= 4 && b.length >= 4 && jaroWinkler(a, b) >= SAME_WORD);

function compareStreets(mention: ReadAddress, place: ReadAddress): { level: 'same' | 'similar' | 'different'; street: string; numbers: [string | null, string | null] } | null {
  if (!mention.streets.length || !place.streets.length) return null;
  let best: { score: number; street: string; numbers: [string | null, string | null] } | null = null;
  for (const m of mention.streets) {
    for (const p of place.streets) {
      // A different type is a different street: Mill Road is not Mill Street.
      const score = m.type === p.type ? jaroWinkler(m.name, p.name) : 0;
      if (!best || score > best.score) best = { score, street: `${p.name} ${p.type}`, numbers: [m.number, p.number] };
    }
  }
  const level = best!.score >= 0.97 ? 'same' : best!.score >= SIMILAR_STREET ? 'similar' : 'different';
  return { level, street: best!.street, numbers: best!.numbers };
}

const titleCase = (s: string) => s.replace(/\b[a-z]/g, (c) => c.toUpperCase());

/** Compares a place written in free text with a place of concern. */
export function comparePlace(text: string, place: PlaceForMatching): PlaceMatch {
  const mention = readAddress(text);
  const placeAddress = readAddress([place.addressLine, place.town, place.postcode].filter(Boolean).join(', '));
  // A place named after its street ("Mill Street Grill") gives its street from the name when the address has none.
  if (!placeAddress.streets.length) placeAddress.streets.push(...streetsIn(place.name));
  const comparisons: PlaceComparison[] = [];
  const add = (field: PlaceComparison['field'], level: string, p: { m: number; u: number }, says: string) => comparisons.push({ field, level, weight: weightOf(p), says });

  const placePostcode = place.postcode ? postcodeIn(place.postcode) : null;
  if (mention.postcode && placePostcode) {
    if (mention.postcode.normalised === placePostcode.normalised) add('postcode', 'same', PLACE_MODEL.postcode.same, `the same postcode, ${placePostcode.normalised}`);
    else if (mention.postcode.sector === placePostcode.sector) add('postcode', 'same sector', PLACE_MODEL.postcode.sameSector, `postcodes in the same sector (${mention.postcode.normalised} and ${placePostcode.normalised})`);
    else add('postcode', 'different', PLACE_MODEL.postcode.different, `different postcodes (${mention.postcode.normalised} and ${placePostcode.normalised})`);
  }

  const street = compareStreets(mention, placeAddress);
  if (street) {
    const name = titleCase(street.street);
    if (street.level === 'same') add('street', 'same', PLACE_MODEL.street.same, `on the same street, ${name}`);
    else if (street.level === 'similar') add('street', 'similar', PLACE_MODEL.street.similar, `a street spelled like ${name}`);
    else add('street', 'different', PLACE_MODEL.street.different, `on a different street from ${name}`);
    const [mine, theirs] = street.numbers;
    if (street.level !== 'different' && mine && theirs) {
      if (mine === theirs) add('number', 'same', PLACE_MODEL.number.same, `the same house number, ${theirs}`);
      else add('number', 'different', PLACE_MODEL.number.different, `a different house number (${mine}, not ${theirs})`);
    }
  }

  // The name's own words: not its street's (counted above), not small words.
  const streetWords = new Set(placeAddress.streets.flatMap((s) => [...s.name.split(' '), s.type]));
  const ownWords = wordsOf(place.name).filter((w) => !FILLER.has(w) && !streetWords.has(w) && !STREET_TYPES[w] && w.length >= 3);
  // Words saying its kind ("Hotel", "Takeaway") are compared as its kind, unless the name has no others ("Mill Street Grill").
  const distinctive = ownWords.filter((w) => !KIND_WORDS[w]);
  const nameWords = distinctive.length ? distinctive : ownWords;
  if (nameWords.length) {
    const found = nameWords.filter((w) => mention.words.some((m) => sameWord(m, w)));
    if (found.length === nameWords.length) add('name', 'full', PLACE_MODEL.name.full, `its name, “${place.name}”`);
    else if (found.length) add('name', 'part', PLACE_MODEL.name.part, `part of its name (“${found.join(' ')}”)`);
    else add('name', 'absent', PLACE_MODEL.name.absent, `the name “${place.name}” is not in the text`);
  }

  // A flat or house is said of homes above and behind businesses too, so on its own it says nothing against one.
  const saysOnlyHome = mention.kinds.size === 1 && mention.kinds.has('private_address');
  if (mention.kinds.size && place.kind in PLACE_KINDS && !(saysOnlyHome && place.kind !== 'private_address')) {
    const kindLabel = PLACE_KINDS[place.kind as PlaceKind].toLowerCase();
    if (mention.kinds.has(place.kind as PlaceKind)) add('kind', 'same', PLACE_MODEL.kind.same, `the same kind of place (${kindLabel})`);
    else add('kind', 'different', PLACE_MODEL.kind.different, `a different kind of place from a ${kindLabel}`);
  }

  const weight = PRIOR_WEIGHT + comparisons.reduce((sum, c) => sum + c.weight, 0);
  const probability = 1 / (1 + 2 ** -weight);
  return { probability, weight, band: bandOf(probability), comparisons, explanation: explain(comparisons) };
}

export function bandOf(probability: number): PlaceMatchBand {
  if (probability >= VERY_LIKELY_AT) return 'Very likely the same place';
  if (probability >= SUGGEST_AT) return 'Possibly the same place';
  return 'Probably a different place';
}

/** "Says the same street, Mill Street, and the same kind of place; does not say its name." */
function explain(comparisons: PlaceComparison[]): string[] {
  const sorted = [...comparisons].sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
  const agreeing = sorted.filter((c) => c.weight > 0).map((c) => c.says);
  const against = sorted.filter((c) => c.weight < 0).map((c) => c.says);
  const list = (items: string[]) => (items.length > 1 ? `${items.slice(0, -1).join('; ')}; and ${items.at(-1)}` : items[0]!);
  const lines: string[] = [];
  if (agreeing.length) lines.push(`For: ${list(agreeing)}.`);
  if (against.length) lines.push(`Against: ${list(against)}.`);
  if (!comparisons.length) lines.push('Nothing in the text could be compared with this place.');
  return lines;
}

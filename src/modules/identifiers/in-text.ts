/**
 * Identifiers written inside free text: "black Audi AB12 CDE", "rang her on 07700 900123 at 10:30",
 * "snap: mimi_x". Each one found gets the key its own field would give it (identifier-key.ts), so a
 * registration in a sentence links to the same registration on an adult's record.
 *
 * Wrongly linking two records is worse than missing a link, so the rules lean to caution: postcodes
 * are set aside before registrations are looked for (a postcode is never a registration), road
 * numbers, years, times, house numbers and common capitalised words are not registrations, and
 * only the current format (AB12 CDE), which nothing else resembles, is read when typed in lower
 * case. Older and dateless plates are read only in capitals, as they appear on the car.
 */
import { normaliseEmail } from './email.ts';
import { identifierMatch, type IdentifierKind } from './identifier-key.ts';
import { normalisePhoneNumber } from './phone.ts';
import { parseVehicleRegistration } from './vehicle.ts';

export type TextIdentifierKind = Extract<IdentifierKind, 'vehicle' | 'phone' | 'email' | 'online_account'>;

export interface IdentifierInText {
  kind: TextIdentifierKind;
  /** The key the identifier's own field would give it, e.g. 'vehicle:AB12CDE'. */
  key: string;
  /** The characters as typed, e.g. 'AB12 CDE' or 'snap: Mimi_X'. */
  asTyped: string;
  /** Where it is in the text: `text.slice(start, end) === asTyped`. */
  start: number;
  end: number;
  /** As `identifierMatch` says: false only for an account on an unlisted or unnamed platform. */
  recognised: boolean;
}

export interface IdentifiersInText {
  /** In the order they appear. */
  found: IdentifierInText[];
  /** The text without them, spaces tidied: "black Audi" for "black Audi AB12 CDE". */
  remainder: string;
}

interface Span {
  start: number;
  end: number;
}

// Not part of a longer word, number, address or handle on either side.
const BEFORE = String.raw`(?<![\p{L}\p{N}_@#/.+-])`;
const AFTER = String.raw`(?![\p{L}\p{N}_@#/]|[.-][\p{L}\p{N}])`;

const EMAIL = new RegExp(String.raw`${BEFORE}[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}`, 'gu');

/** A platform's name or alias, a colon or dash or '@', then the handle: "snap: mimi_x", "insta @mimi". */
const LABELLED_HANDLE = new RegExp(
  String.raw`(?<![\p{L}\p{N}_@])(snapchat|snap|sc|instagram|insta|ig|tiktok|facebook|fb|messenger|whatsapp|telegram|tg|twitter|discord|xbox|gamertag|psn|playstation|kik)` +
    String.raw`(?:\s*:\s*(@)?|\s+(@))([\p{L}\p{N}_.]{2,30})`,
  'giu',
);
const BARE_HANDLE = new RegExp(String.raw`(?<![\p{L}\p{N}_@.])@([\p{L}\p{N}_.]{2,30})`, 'gu');
const ON_PLATFORM = /^\s+(?:on|via)\s+(snapchat|snap|instagram|insta|tiktok|facebook|fb|whatsapp|telegram|twitter|discord|xbox|psn|playstation)(?![\p{L}\p{N}])/iu;

// Runs of digits with the separators people put in phone numbers; cut down to a valid number below.
const PHONE_RUN = /(?<![\p{L}\p{N}+])(?:\+|00)?\(?\d[\d ().-]{7,24}\d(?!\p{N})/gu;

const POSTCODE = /(?<![\p{L}\p{N}])[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}(?![\p{L}\p{N}])/giu;

const VEHICLE_PATTERNS: ReadonlyArray<RegExp> = [
  // Current (AB12 CDE): also in lower case, as nothing else has its shape.
  new RegExp(`${BEFORE}[A-Z]{2}\\d{2} ?[A-Z]{3}${AFTER}`, 'giu'),
  // Prefix (A123 BCD) and suffix (ABC 123D): capitals only.
  new RegExp(`${BEFORE}[A-Z]\\d{1,3} ?[A-Z]{3}${AFTER}`, 'gu'),
  new RegExp(`${BEFORE}[A-Z]{3} ?\\d{1,3}[A-Z]${AFTER}`, 'gu'),
  // Dateless and Northern Ireland (ABC 123, ABZ 1234, AB 1234, 1234 AB): capitals only, and not
  // one letter and a number (roads: A1, M25, B4632) or two letters and one or two digits
  // (postcode districts: SW19, LU1).
  new RegExp(`${BEFORE}(?:[A-Z]{3} ?\\d{1,4}|[A-Z]{2} ?\\d{3,4})${AFTER}`, 'gu'),
  new RegExp(`${BEFORE}\\d{1,4} ?[A-Z]{2,3}${AFTER}`, 'gu'),
];

/**
 * Capitalised words and abbreviations that come before or after a number in ordinary writing:
 * "NHS 111", "PC 1234" (a collar number), "10 AM", "21 ST", "YEAR 10". Never read as the letters of
 * a registration.
 */
export const NOT_REGISTRATION_LETTERS = new Set([
  'AM', 'PM', 'ST', 'ND', 'RD', 'TH', 'AD', 'BC', 'HRS', 'MPH', 'KPH', 'KG', 'KM', 'CM', 'MM', 'ML', 'MG', 'GB', 'MB', 'KB',
  'NHS', 'PC', 'PCS', 'DC', 'DS', 'DI', 'PS', 'SGT', 'CSE', 'CCE', 'ASB', 'GP', 'AE', 'CID', 'MASH', 'ICPC', 'RHI',
  'AGE', 'AGED', 'YR', 'YRS', 'YEAR', 'DOB', 'NO', 'NOS', 'NUM', 'REF', 'MIN', 'MINS', 'SEC', 'SECS', 'HR', 'DAY', 'DAYS',
  'THE', 'AND', 'FOR', 'BUS', 'CAR', 'VAN', 'CAB', 'TAXI', 'FLAT', 'UNIT', 'ROOM', 'ROUTE', 'ROAD', 'WAY', 'LANE', 'JCT',
  'TOP', 'OFF', 'OUT', 'WAS', 'HAS', 'HIS', 'HER', 'ARE', 'ALL', 'NOT', 'BUT', 'GOT', 'SAW', 'HIM', 'SHE', 'ONE', 'TWO',
  'UK', 'USA', 'EU', 'TV', 'PS', 'XBOX', 'PSN', 'OK', 'LOL', 'OMG', 'SMS', 'MMS', 'CCTV', 'ANPR', 'PNC', 'IP', 'ID',
]);

/** Words that follow "snap:" or "insta:" in a sentence rather than a handle. */
const COMMON_WORDS = new Set([
  'i', 'me', 'my', 'he', 'him', 'his', 'she', 'her', 'they', 'them', 'their', 'we', 'us', 'you', 'it', 'its',
  'the', 'a', 'an', 'and', 'or', 'but', 'so', 'then', 'to', 'of', 'in', 'on', 'at', 'by', 'for', 'from', 'with',
  'was', 'were', 'is', 'are', 'been', 'has', 'had', 'have', 'sent', 'said', 'says', 'messages', 'message', 'photos',
  'pictures', 'videos', 'account', 'accounts', 'unknown', 'not', 'no', 'yes', 'none', 'several', 'some', 'many',
  'lots', 'this', 'that', 'these', 'those', 'there', 'who', 'which', 'when', 'where', 'asked', 'told', 'contact',
  'now', 'how', 'why', 'yet', 'got', 'get', 'see', 'saw', 'met', 'ran', 'off', 'out', 'all', 'any', 'one', 'two', 'six',
  'ten', 'can', 'did', 'may', 'own', 'new', 'old', 'way', 'day', 'too', 'our', 'via', 'per', 'etc',
]);

function claimed(spans: Span[], start: number, end: number): boolean {
  return spans.some((s) => start < s.end && end > s.start);
}

function lettersOf(normalised: string): string[] {
  return normalised.match(/[A-Z]+/g) ?? [];
}

/** A current plate typed in one case, whose last part is not a word ("SW19 are" is a district and a word). */
function currentPlateNotWords(typed: string): boolean {
  if (typed !== typed.toUpperCase() && typed !== typed.toLowerCase()) return false;
  const [, last] = typed.split(' ');
  if (last === undefined) return true;
  // In capitals, only the commonest short words; in lower case, any we know.
  return !(NOT_REGISTRATION_LETTERS.has(last.toUpperCase()) || (last === last.toLowerCase() && COMMON_WORDS.has(last)));
}

/** 4-digit years (1900–2099) beside letters read as "CSE 2019", not a plate. */
function looksLikeYearAfterWord(normalised: string): boolean {
  return /^[A-Z]{2,3}(19|20)\d{2}$/.test(normalised) || /^(19|20)\d{2}[A-Z]{2,3}$/.test(normalised);
}

/** A phone number in a run of digits: the longest leading groups that make a valid UK number. */
function phoneIn(run: string): string | null {
  const groups = run.split(/(?<=\d)(?=[ .-]|\)\s?\d)/);
  for (let count = groups.length; count >= 1; count -= 1) {
    const candidate = groups.slice(0, count).join('').replace(/[ .-]+$/, '');
    const digits = candidate.replace(/\D/g, '');
    if (digits.length < 10 || digits.length > 13) continue;
    const international = /^\s*(?:\+|00)/.test(candidate);
    if (international ? !/^(?:\+|00)\s*44/.test(candidate.replace(/[ ()]/g, '')) : !candidate.replace(/^\(/, '').startsWith('0')) continue;
    if (normalisePhoneNumber(candidate).valid) return candidate;
  }
  return null;
}

/** Finds vehicle registrations, UK phone numbers, email addresses and online handles in free text. */
export function findIdentifiersInText(text: string): IdentifiersInText {
  const found: IdentifierInText[] = [];
  const spans: Span[] = [];
  const add = (kind: TextIdentifierKind, start: number, end: number, match: { key: string; recognised: boolean } | null | undefined) => {
    if (!match || claimed(spans, start, end)) return;
    spans.push({ start, end });
    found.push({ kind, key: match.key, asTyped: text.slice(start, end), start, end, recognised: match.recognised });
  };

  for (const m of text.matchAll(EMAIL)) {
    const typed = m[0].replace(/\.+$/, '');
    if (normaliseEmail(typed).valid) add('email', m.index, m.index + typed.length, identifierMatch('email', typed));
  }

  for (const m of text.matchAll(LABELLED_HANDLE)) {
    const typedHandle = m[4] ?? '';
    const handle = typedHandle.replace(/\.+$/, '');
    if (handle.length < 2 || !/[\p{L}_]/u.test(handle)) continue;
    // "Snapchat: she was sent…" is a label and a sentence, not an account called "she".
    const marked = m[2] !== undefined || m[3] !== undefined || /[\d_.]/.test(handle);
    if (!marked && COMMON_WORDS.has(handle.toLowerCase())) continue;
    const platform = m[1] ?? '';
    const end = m.index + m[0].length - (typedHandle.length - handle.length);
    add('online_account', m.index, end, identifierMatch('online_account', { platform, handle }));
  }

  for (const m of text.matchAll(BARE_HANDLE)) {
    const handle = (m[1] ?? '').replace(/\.+$/, '');
    if (handle.length < 2 || !/[\p{L}_]/u.test(handle)) continue;
    let end = m.index + 1 + handle.length;
    const on = ON_PLATFORM.exec(text.slice(end));
    const platform = on?.[1] ?? null;
    if (on) end += on[0].length;
    add('online_account', m.index, end, identifierMatch('online_account', { platform, handle }));
  }

  for (const m of text.matchAll(PHONE_RUN)) {
    if (claimed(spans, m.index, m.index + m[0].length)) continue;
    const number = phoneIn(m[0]);
    if (number) add('phone', m.index, m.index + number.length, identifierMatch('phone', number));
  }

  // Postcodes are set aside, not returned: "LU1 3AB" must not give "3AB" as a registration.
  const postcodes: Span[] = [];
  for (const m of text.matchAll(POSTCODE)) postcodes.push({ start: m.index, end: m.index + m[0].length });

  for (const pattern of VEHICLE_PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      const start = m.index;
      const end = start + m[0].length;
      if (claimed(postcodes, start, end)) continue;
      const plate = parseVehicleRegistration(m[0]);
      if (!plate.recognised) continue;
      // The current format's shape is its own, but for a postcode district and a short word
      // ("SW19 are", "NW10 and"); the others' shapes occur in ordinary writing.
      if (plate.format === 'current' && !currentPlateNotWords(m[0])) continue;
      if (plate.format !== 'current') {
        if (lettersOf(plate.normalised).some((letters) => NOT_REGISTRATION_LETTERS.has(letters))) continue;
        if (looksLikeYearAfterWord(plate.normalised)) continue;
      }
      add('vehicle', start, end, { key: `vehicle:${plate.normalised}`, recognised: true });
    }
  }

  found.sort((a, b) => a.start - b.start);
  return { found, remainder: remainderOf(text, found) };
}

/** The text between the identifiers, with spaces tidied and stray joining punctuation dropped. */
function remainderOf(text: string, found: IdentifierInText[]): string {
  let rest = '';
  let at = 0;
  for (const f of found) {
    rest += `${text.slice(at, f.start)} `;
    at = f.end;
  }
  rest += text.slice(at);
  return rest
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.;:)])/g, '$1')
    .replace(/([,;:(])(?:\s*[,;:])+/g, '$1')
    .replace(/^[\s,;:.-]+|[\s,;:-]+$/g, '')
    .replace(/\(\s*\)/g, '')
    .trim();
}

/** An identifier to record: its kind, the text kept as typed, its match key and whether it was recognised. */
export interface IdentifierToRecord {
  kind: TextIdentifierKind;
  asTyped: string;
  key: string | null;
  recognised: boolean;
}

/**
 * What one line of a one-per-line identifier box records. A line its own kind recognises
 * ("AB12 CDE", "07700 900123") is kept exactly as before; otherwise each identifier found in it
 * ("black Audi AB12 CDE") is recorded with its own key, the first keeping the whole line as typed
 * so the make and colour are not lost; a line with none is kept as typed and flagged, as before.
 */
export function identifiersFromLine(kind: TextIdentifierKind, line: string): IdentifierToRecord[] {
  const whole = identifierMatch(kind, line);
  if (whole?.recognised) return [{ kind, asTyped: line, key: whole.key, recognised: true }];
  const { found } = findIdentifiersInText(line);
  if (!found.length) return [{ kind, asTyped: line, key: whole?.key ?? null, recognised: false }];
  return found.map((f, i) => ({ kind: f.kind, asTyped: i === 0 ? line : f.asTyped, key: f.key, recognised: f.recognised }));
}

/** The identifiers in a narrative or description, each kept as typed, and none whose key is in `already`. */
export function identifiersFromNarrative(texts: ReadonlyArray<string | null | undefined>, already: Iterable<string | null> = []): IdentifierToRecord[] {
  const seen = new Set<string | null>(already);
  const result: IdentifierToRecord[] = [];
  for (const text of texts) {
    if (!text) continue;
    for (const f of findIdentifiersInText(text).found) {
      if (seen.has(f.key)) continue;
      seen.add(f.key);
      result.push({ kind: f.kind, asTyped: f.asTyped, key: f.key, recognised: f.recognised });
    }
  }
  return result;
}

const TEXT_KINDS: ReadonlySet<string> = new Set<TextIdentifierKind>(['vehicle', 'phone', 'email', 'online_account']);

/** A row already held: a line as typed, of any kind, with the key it was given. */
export interface HeldMention {
  id: string;
  kind: string;
  asTyped: string;
  matchKey: string | null;
}

/** What re-reading held rows and free text would change: keys to correct, and identifiers to add (with the tag of the text they came from). */
export interface IdentifierRescan<Tag> {
  rekey: Array<{ id: string; kind: TextIdentifierKind; matchKey: string | null; recognised: boolean }>;
  add: Array<IdentifierToRecord & { tag: Tag }>;
}

/**
 * Reads held rows and their record's free text again, as they would be read if typed today: an
 * identifier line whose key would now differ is re-keyed (its text is never changed), further
 * identifiers on a line and those in the free text are added unless their key is already held.
 * Applying the result and running it again gives nothing more to do.
 */
export function rescanIdentifiers<Row extends HeldMention, Tag>(held: ReadonlyArray<Row>, texts: ReadonlyArray<{ text: string | null; tag: Tag }>, lineTag: (row: Row) => Tag): IdentifierRescan<Tag> {
  const keys = new Set(held.map((h) => h.matchKey).filter((k): k is string => k !== null));
  const result: IdentifierRescan<Tag> = { rekey: [], add: [] };
  for (const row of held) {
    if (!TEXT_KINDS.has(row.kind)) continue;
    const [first, ...more] = identifiersFromLine(row.kind as TextIdentifierKind, row.asTyped);
    if (first && (first.key !== row.matchKey || first.kind !== row.kind)) {
      result.rekey.push({ id: row.id, kind: first.kind, matchKey: first.key, recognised: first.recognised });
      if (first.key) keys.add(first.key);
    }
    for (const extra of more) {
      if (extra.key === null || keys.has(extra.key)) continue;
      keys.add(extra.key);
      result.add.push({ ...extra, tag: lineTag(row) });
    }
  }
  for (const { text, tag } of texts) {
    for (const found of identifiersFromNarrative([text], keys)) {
      if (found.key) keys.add(found.key);
      result.add.push({ ...found, tag });
    }
  }
  return result;
}

/**
 * Turns a person as an agency wrote them into comparable parts: name tokens
 * with placeholders and titles removed, a parsed date of birth, a parsed
 * postcode, normalised identifiers and free-text attributes.
 */
import { parseUkPostcode, type UkPostcode } from '../identifiers/index.ts';
import { dobFromApproximateAge, parseDateOfBirth, type StandardisedDob } from './dob.ts';
import { nicknameGroups } from './nicknames.ts';
import { damerauLevenshtein, withinOneEdit } from './similarity.ts';
import type { PersonRecord } from './types.ts';

export interface StandardisedPerson {
  id: string;
  /** Given-name tokens, forename first; middle names follow. Empty when unknown. */
  givenNames: string[];
  /**
   * True when the given-name field began by saying the forename is not known ("Baby Kayleigh",
   * "Not known John"): its remaining words may agree with another record's first name, but a
   * disagreement says nothing (they may be a family or middle name).
   */
  forenameNotKnown?: boolean;
  /** Family-name tokens (a hyphenated or double-barrelled name gives several). */
  familyNames: string[];
  dob: StandardisedDob | null;
  /** Parsed UK postcode, when the written value is one. */
  postcode: UkPostcode | null;
  /** Written postcode reduced to upper-case letters and digits (used when it is not a UK postcode). */
  postcodeText: string;
  /** "F", "M", "X" (another gender), or "" when not recorded. */
  gender: '' | 'F' | 'M' | 'X';
  identifiers: Record<string, string>;
  attributes: Record<string, string>;
}

export interface StandardiseOptions {
  referenceDate?: Date;
}

const LETTER_REPLACEMENTS: Record<string, string> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ħ: 'h',
};

/** Lower case with accents removed and letters outside ASCII folded to their nearest form. */
export function foldToAscii(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[ßæœøłđðþıħ]/g, (ch) => LETTER_REPLACEMENTS[ch] ?? ch);
}

/** Folded text with punctuation turned into single spaces. */
export function normaliseText(text: string | null | undefined): string {
  if (text === null || text === undefined) return '';
  return foldToAscii(String(text))
    .replace(/['’‘`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mstr', 'master', 'dr', 'rev', 'sir', 'mx']);
const SUFFIXES = new Set(['jr', 'jnr', 'junior', 'snr', 'sr', 'senior', 'ii', 'iii']);

// Words agencies write when they do not know a name.
const PLACEHOLDERS = new Set([
  'baby', 'babyboy', 'babygirl', 'infant', 'newborn', 'unborn', 'unknown', 'unk', 'unkn', 'not', 'known', 'nk',
  'notknown', 'na', 'none', 'tbc', 'tba', 'tbd', 'unnamed', 'noname', 'name', 'no', 'anon', 'anonymous', 'x', 'xx',
  'xxx', 'boy', 'girl', 'child', 'male', 'female', 'test', 'withheld', 'refused', 'blank', 'null', 'nil',
]);

/** True when the text only says the name is not known ("Baby", "Unknown", "N/K", "Not known"). */
export function isPlaceholderName(text: string | null | undefined): boolean {
  return normaliseText(text) !== '' && nameTokens(text, true).length === 0;
}

/**
 * A word that says the name is not known, as typed in a hurry: the placeholder words themselves,
 * "unknown" or "notknown" with up to two slips ("Unknow", "Uncnown"; no forename is that close),
 * and "baby" with one slip when the result is not a name in the nickname table ("Babhy", but not
 * "Abby" or "Gaby").
 */
function isPlaceholderWord(token: string): boolean {
  if (PLACEHOLDERS.has(token)) return true;
  if (token.length >= 5 && (damerauLevenshtein(token, 'unknown', 3) <= 2 || damerauLevenshtein(token, 'notknown', 3) <= 2)) return true;
  return token.length >= 3 && token.startsWith('ba') && withinOneEdit(token, 'baby') && nicknameGroups(token).length === 0;
}

/** "N/K", "N/A", and the same with a slip ("N/c", "Ne/k", "N/jk"): letters either side of a slash are never a forename. */
const SLASHED_ABBREVIATION = /^\s*[a-z]{1,2}\s*\/\s*[a-z]{0,2}\s*\.?\s*$/i;

/**
 * Whether a given-name field starts by saying the forename is not known ("Baby", "Not known
 * John", "Unknow", "N/c"). What follows such a word is a family name ("Baby Smith") or a middle
 * name, never the first name, so the record has no forename to compare.
 */
export function forenameNotKnown(givenName: string | null | undefined): boolean {
  if (givenName === null || givenName === undefined) return false;
  if (SLASHED_ABBREVIATION.test(String(givenName))) return true;
  const tokens = nameTokens(givenName, false);
  return tokens.length > 0 && isPlaceholderWord(tokens[0] ?? '');
}

function nameTokens(text: string | null | undefined, dropPlaceholders: boolean): string[] {
  if (text === null || text === undefined) return [];
  // "N/K" and "N/A" would otherwise fall apart into single letters.
  const normalised = normaliseText(String(text).replace(/\bn\s*[/.]\s*[ak]\b\.?/gi, ' nk '));
  if (normalised === '') return [];
  const tokens = normalised.split(' ').filter((token) => token !== '' && !TITLES.has(token) && !SUFFIXES.has(token));
  // Placeholder words are dropped only when they make up the whole name or
  // lead it ("Baby Smith"): "Known" alone could never be a forename, but it is
  // safer not to delete words in the middle of a real name.
  if (!dropPlaceholders) return tokens;
  if (tokens.every((token) => PLACEHOLDERS.has(token))) return [];
  let start = 0;
  while (start < tokens.length && PLACEHOLDERS.has(tokens[start] ?? '')) start++;
  return tokens.slice(start).filter((token) => /[a-z]/.test(token));
}

/** Given-name tokens, with middle names merged in after the forename. */
export function standardiseGivenNames(givenName: string | null | undefined, middleNames?: string | null): string[] {
  if (forenameNotKnown(givenName)) {
    if (SLASHED_ABBREVIATION.test(String(givenName))) return [];
    const tokens = nameTokens(givenName, false);
    let start = 0;
    while (start < tokens.length && isPlaceholderWord(tokens[start] ?? '')) start++;
    return [...tokens.slice(start).filter((token) => /[a-z]/.test(token) && !PLACEHOLDERS.has(token)), ...nameTokens(middleNames, true)];
  }
  return [...nameTokens(givenName, true), ...nameTokens(middleNames, true)];
}

/** Family-name tokens; hyphenated and double-barrelled names give one token per part. */
export function standardiseFamilyName(familyName: string | null | undefined): string[] {
  const tokens = nameTokens(familyName, true);
  // Join particles to the following part so "Mc Donald" and "McDonald" agree.
  const joined: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    const next = tokens[i + 1];
    if (next !== undefined && (token === 'mc' || token === 'mac' || token === 'o' || token === 'st' || token === 'de' || token === 'van' || token === 'von' || token === 'le' || token === 'la' || token === 'di' || token === 'da' || token === 'al' || token === 'el')) {
      tokens[i + 1] = token + next;
      continue;
    }
    joined.push(token);
  }
  return joined;
}

/**
 * Splits a single "name" field: "SMITH, Kayleigh Anne" (family first when a
 * comma follows it) or "Kayleigh Anne Smith" (family last).
 */
export function splitFullName(fullName: string): { givenNames: string[]; familyNames: string[] } {
  const commaAt = fullName.indexOf(',');
  if (commaAt >= 0) {
    return {
      familyNames: standardiseFamilyName(fullName.slice(0, commaAt)),
      givenNames: standardiseGivenNames(fullName.slice(commaAt + 1)),
    };
  }
  const tokens = nameTokens(fullName, true);
  if (tokens.length <= 1) return { givenNames: tokens, familyNames: [] };
  return { givenNames: tokens.slice(0, -1), familyNames: standardiseFamilyName(tokens[tokens.length - 1]) };
}

/** Identifier reduced to upper-case letters and digits ("943 476 5919" → "9434765919"). */
export function normaliseIdentifier(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  const compact = String(value).toUpperCase().replace(/[^A-Z0-9]/g, '');
  return /^0+$/.test(compact) ? '' : compact;
}

export function standardiseGender(value: string | null | undefined): '' | 'F' | 'M' | 'X' {
  const text = normaliseText(value);
  if (text === '') return '';
  if (['f', 'female', 'girl', 'woman', 'w'].includes(text)) return 'F';
  if (['m', 'male', 'boy', 'man'].includes(text)) return 'M';
  if (['u', 'unknown', 'not known', 'nk', 'not recorded', 'not stated', 'prefer not to say'].includes(text)) return '';
  return 'X';
}

export function standardisePerson(record: PersonRecord, options: StandardiseOptions = {}): StandardisedPerson {
  let givenNames = standardiseGivenNames(record.givenName, record.middleNames);
  let familyNames = standardiseFamilyName(record.familyName);
  const forenameUnsure = givenNames.length > 0 && forenameNotKnown(record.givenName);
  if (givenNames.length === 0 && familyNames.length === 0 && record.fullName) {
    ({ givenNames, familyNames } = splitFullName(record.fullName));
  }

  let dob = parseDateOfBirth(record.dateOfBirth, { referenceDate: options.referenceDate });
  if (!dob && record.approximateAge !== undefined && record.approximateAge !== null && record.approximateAge !== '') {
    const age = Number(record.approximateAge);
    dob = Number.isFinite(age)
      ? dobFromApproximateAge(age, age, options.referenceDate)
      : parseDateOfBirth(String(record.approximateAge), { referenceDate: options.referenceDate });
  }

  const postcodeText = normaliseIdentifier(record.postcode);
  const identifiers: Record<string, string> = {};
  for (const [name, value] of Object.entries(record.identifiers ?? {})) {
    const normalised = normaliseIdentifier(value);
    if (normalised) identifiers[name] = normalised;
  }
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(record.attributes ?? {})) {
    const normalised = normaliseText(value);
    if (normalised) attributes[name] = normalised;
  }

  return {
    id: record.id,
    givenNames,
    ...(forenameUnsure ? { forenameNotKnown: true } : {}),
    familyNames,
    dob,
    postcode: postcodeText ? parseUkPostcode(postcodeText) : null,
    postcodeText,
    gender: standardiseGender(record.gender),
    identifiers,
    attributes,
  };
}

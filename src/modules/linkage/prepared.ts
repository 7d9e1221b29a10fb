/**
 * Column store of standardised records: every text value is interned once
 * (shared by both sides of a link) so comparisons are integer lookups, and
 * per-value work (phonetic codes, nickname groups) is done once per value
 * rather than once per pair.
 */
import { nicknameGroups } from './nicknames.ts';
import { phoneticCode } from './phonetic.ts';
import type { StandardisedPerson } from './standardise.ts';

export class ValueTable {
  private readonly idsByValue = new Map<string, number>();
  readonly values: string[] = [];

  intern(value: string): number {
    let id = this.idsByValue.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.idsByValue.set(value, id);
      this.values.push(value);
    }
    return id;
  }

  get size(): number {
    return this.values.length;
  }
}

/** What is known about one distinct name value (a given or family name, tokens joined by spaces). */
export interface NameInfo {
  tokens: string[];
  /** Tokens joined with no spaces: the form compared for spelling. */
  compact: string;
  first: string;
  phonetic: string;
  firstPhonetic: string;
  nicknameGroups: readonly number[];
}

export const DOB_NONE = 0;
export const DOB_FULL = 1;
export const DOB_MONTH = 2;
export const DOB_YEAR = 3;
export const DOB_APPROXIMATE = 4;

const DOB_PRECISION_CODES = { full: DOB_FULL, month: DOB_MONTH, year: DOB_YEAR, approximate: DOB_APPROXIMATE } as const;

/** One side of a link (or the only side of a dedupe), column by column. */
export interface PreparedSide {
  size: number;
  persons: StandardisedPerson[];
  /** Index into `names`, or -1 when missing. */
  given: Int32Array;
  /** 1 where the given-name field began by saying the forename is not known ("Baby Kayleigh"). */
  forenameNotKnown: Uint8Array;
  family: Int32Array;
  dobPrecision: Uint8Array;
  dobDigits: string[];
  dobYear: Int16Array;
  dobMonth: Uint8Array;
  dobDay: Uint8Array;
  dobYearFrom: Int16Array;
  dobYearTo: Int16Array;
  /** UK postcode parts as interned ids (-1 when missing). */
  postcodeUnit: Int32Array;
  postcodeSector: Int32Array;
  postcodeDistrict: Int32Array;
  postcodeArea: Int32Array;
  /** Whole written postcode as interned id, for non-UK postcodes. */
  postcodeText: Int32Array;
  /** 0 unknown, 1 F, 2 M, 3 another gender. */
  gender: Uint8Array;
  identifiers: Map<string, Int32Array>;
  attributes: Map<string, Int32Array>;
}

export interface PreparedData {
  left: PreparedSide;
  /** The same object as `left` when deduplicating one file. */
  right: PreparedSide;
  dedupe: boolean;
  names: ValueTable;
  nameInfo: NameInfo[];
  /** How often each name value occurs as a given name / family name across all records. */
  givenCounts: Int32Array;
  familyCounts: Int32Array;
  givenTotal: number;
  familyTotal: number;
  postcodes: ValueTable;
  identifierValues: ValueTable;
  attributeValues: Map<string, ValueTable>;
  attributeCounts: Map<string, Int32Array>;
  attributeTotals: Map<string, number>;
  identifierNames: string[];
  attributeNames: string[];
  /** Share of written postcodes that parse as UK postcodes. */
  ukPostcodeShare: number;
}

const GENDER_CODES = { '': 0, F: 1, M: 2, X: 3 } as const;

function prepareSide(
  persons: StandardisedPerson[],
  names: ValueTable,
  postcodes: ValueTable,
  identifierValues: ValueTable,
  attributeValues: Map<string, ValueTable>,
  identifierNames: string[],
  attributeNames: string[],
): PreparedSide {
  const size = persons.length;
  const side: PreparedSide = {
    size,
    persons,
    given: new Int32Array(size).fill(-1),
    forenameNotKnown: new Uint8Array(size),
    family: new Int32Array(size).fill(-1),
    dobPrecision: new Uint8Array(size),
    dobDigits: new Array<string>(size).fill(''),
    dobYear: new Int16Array(size),
    dobMonth: new Uint8Array(size),
    dobDay: new Uint8Array(size),
    dobYearFrom: new Int16Array(size),
    dobYearTo: new Int16Array(size),
    postcodeUnit: new Int32Array(size).fill(-1),
    postcodeSector: new Int32Array(size).fill(-1),
    postcodeDistrict: new Int32Array(size).fill(-1),
    postcodeArea: new Int32Array(size).fill(-1),
    postcodeText: new Int32Array(size).fill(-1),
    gender: new Uint8Array(size),
    identifiers: new Map(identifierNames.map((name) => [name, new Int32Array(size).fill(-1)])),
    attributes: new Map(attributeNames.map((name) => [name, new Int32Array(size).fill(-1)])),
  };
  for (let i = 0; i < size; i++) {
    const person = persons[i];
    if (!person) continue;
    if (person.givenNames.length > 0) side.given[i] = names.intern(person.givenNames.join(' '));
    if (person.forenameNotKnown) side.forenameNotKnown[i] = 1;
    if (person.familyNames.length > 0) side.family[i] = names.intern(person.familyNames.join(' '));
    const dob = person.dob;
    if (dob) {
      side.dobPrecision[i] = DOB_PRECISION_CODES[dob.precision];
      side.dobDigits[i] = dob.digits;
      side.dobYear[i] = dob.year;
      side.dobMonth[i] = dob.month;
      side.dobDay[i] = dob.day;
      side.dobYearFrom[i] = dob.yearFrom;
      side.dobYearTo[i] = dob.yearTo;
    }
    if (person.postcodeText) side.postcodeText[i] = postcodes.intern(person.postcodeText);
    const postcode = person.postcode;
    if (postcode) {
      side.postcodeArea[i] = postcodes.intern(postcode.area);
      side.postcodeDistrict[i] = postcodes.intern(postcode.district);
      if (!postcode.outwardOnly) {
        side.postcodeSector[i] = postcodes.intern(postcode.sector);
        side.postcodeUnit[i] = postcodes.intern(postcode.unit);
      }
    }
    side.gender[i] = GENDER_CODES[person.gender];
    for (const name of identifierNames) {
      const value = person.identifiers[name];
      const column = side.identifiers.get(name);
      if (value && column) column[i] = identifierValues.intern(`${name}:${value}`);
    }
    for (const name of attributeNames) {
      const value = person.attributes[name];
      const column = side.attributes.get(name);
      const table = attributeValues.get(name);
      if (value && column && table) column[i] = table.intern(value);
    }
  }
  return side;
}

function fieldNames(persons: StandardisedPerson[], pick: (person: StandardisedPerson) => Record<string, string>): Set<string> {
  const names = new Set<string>();
  for (const person of persons) for (const name of Object.keys(pick(person))) names.add(name);
  return names;
}

/** Builds the column store for a link (two sides) or a dedupe (right omitted). */
export function prepareData(left: StandardisedPerson[], right: StandardisedPerson[] | null): PreparedData {
  const everyone = right ? left.concat(right) : left;
  const identifierNames = [...fieldNames(everyone, (person) => person.identifiers)].sort();
  const attributeNames = [...fieldNames(everyone, (person) => person.attributes)].sort();
  const names = new ValueTable();
  const postcodes = new ValueTable();
  const identifierValues = new ValueTable();
  const attributeValues = new Map(attributeNames.map((name) => [name, new ValueTable()]));

  const leftSide = prepareSide(left, names, postcodes, identifierValues, attributeValues, identifierNames, attributeNames);
  const rightSide = right
    ? prepareSide(right, names, postcodes, identifierValues, attributeValues, identifierNames, attributeNames)
    : leftSide;
  const sides = right ? [leftSide, rightSide] : [leftSide];

  const nameInfo: NameInfo[] = names.values.map((value) => {
    const tokens = value.split(' ');
    const first = tokens[0] ?? '';
    return {
      tokens,
      compact: tokens.join(''),
      first,
      phonetic: phoneticCode(tokens.join('')),
      firstPhonetic: phoneticCode(first),
      nicknameGroups: nicknameGroups(first),
    };
  });

  const givenCounts = new Int32Array(names.size);
  const familyCounts = new Int32Array(names.size);
  let givenTotal = 0;
  let familyTotal = 0;
  let postcodesWritten = 0;
  let postcodesUk = 0;
  const attributeCounts = new Map<string, Int32Array>();
  const attributeTotals = new Map<string, number>();
  for (const name of attributeNames) attributeCounts.set(name, new Int32Array(attributeValues.get(name)?.size ?? 0));

  for (const side of sides) {
    for (let i = 0; i < side.size; i++) {
      const given = side.given[i] ?? -1;
      if (given >= 0) {
        givenCounts[given] = (givenCounts[given] ?? 0) + 1;
        givenTotal++;
      }
      const family = side.family[i] ?? -1;
      if (family >= 0) {
        familyCounts[family] = (familyCounts[family] ?? 0) + 1;
        familyTotal++;
      }
      if ((side.postcodeText[i] ?? -1) >= 0) {
        postcodesWritten++;
        if ((side.postcodeDistrict[i] ?? -1) >= 0) postcodesUk++;
      }
    }
    for (const name of attributeNames) {
      const column = side.attributes.get(name);
      const counts = attributeCounts.get(name);
      if (!column || !counts) continue;
      let total = attributeTotals.get(name) ?? 0;
      for (let i = 0; i < side.size; i++) {
        const value = column[i] ?? -1;
        if (value >= 0) {
          counts[value] = (counts[value] ?? 0) + 1;
          total++;
        }
      }
      attributeTotals.set(name, total);
    }
  }

  return {
    left: leftSide,
    right: rightSide,
    dedupe: right === null,
    names,
    nameInfo,
    givenCounts,
    familyCounts,
    givenTotal,
    familyTotal,
    postcodes,
    identifierValues,
    attributeValues,
    attributeCounts,
    attributeTotals,
    identifierNames,
    attributeNames,
    ukPostcodeShare: postcodesWritten === 0 ? 0 : postcodesUk / postcodesWritten,
  };
}

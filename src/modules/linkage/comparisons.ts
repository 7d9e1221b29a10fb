/**
 * Comparison levels per field. Each field comparison maps a pair of records to
 * one ordered level (best agreement first, "different" last) or to NULL_LEVEL
 * when either side is missing; the model learns how much each level is worth.
 */
import { areNicknameEquivalent } from './nicknames.ts';
import {
  DOB_APPROXIMATE,
  DOB_FULL,
  DOB_MONTH,
  DOB_NONE,
  DOB_YEAR,
  type NameInfo,
  type PreparedData,
  type PreparedSide,
} from './prepared.ts';
import { jaroWinkler, jaroWinklerUpperBound, withinOneEdit } from './similarity.ts';

export const NULL_LEVEL = 255;

export interface LevelDefinition {
  label: string;
}

export interface ComparisonDefinition {
  key: string;
  label: string;
  levels: LevelDefinition[];
  /** Level whose weight is adjusted by how common the agreeing value is (-1 for none). */
  termFrequencyLevel: number;
}

/**
 * A comparison of several fields together, for agreements that are not independent among
 * different people: twins share a family name, a date of birth and an address. When one of its
 * patterns holds, its weight (learned from how often different people show the whole pattern)
 * stands in for the separate weights of `parts`, if that is lower; `noneLevel` is "no pattern".
 */
export interface JointComparison {
  parts: number[];
  noneLevel: number;
  /** Per pattern level: the levels of each part that make it up (same order as `parts`). */
  patterns: number[][][];
  /**
   * Patterns too rare among different people to count, whose rate is borrowed from another:
   * pattern k holds among different people as often as pattern `base` does, times how much more
   * or less often two different people's values of part `part` fall in k's levels than in
   * base's. (Twins whose first names are variants of one name are as common as twins' names
   * are alike by chance.) When `alike` is given, a pattern that differs from `base` only in
   * `part` and can be counted, the rate is raised by as much as that pattern is seen more often
   * than chance predicts (parents choose twins' names to go together).
   */
  borrows?: Record<number, { base: number; part: number; alike?: number }>;
}

/** The weight of a joint pattern the data could not estimate: it never stands in for its parts. */
export const JOINT_NOT_ESTIMATED = 1e9;

// Given-name levels.
const G_EXACT = 0;
const G_OTHER_GIVEN = 1;
const G_NICKNAME = 2;
const G_TYPO = 3;
const G_SOUNDS_ALIKE = 4;
const G_SIMILAR = 5;
const G_INITIAL = 6;
const G_DIFFERENT = 7;
const GIVEN_QUALITY = [9, 8, 8, 7, 6, 3, 2, 0];

// Family-name levels.
const F_EXACT = 0;
const F_PART = 1;
const F_TYPO = 2;
const F_SOUNDS_ALIKE = 3;
const F_SIMILAR = 4;
const F_DIFFERENT = 5;
const FAMILY_QUALITY = [9, 8, 7, 6, 3, 0];
// A missing name sits between agreement and disagreement when choosing an alignment.
const MISSING_QUALITY = 4;

function givenQuality(level: number): number {
  return level === NULL_LEVEL ? MISSING_QUALITY : GIVEN_QUALITY[level] ?? 0;
}

function familyQuality(level: number): number {
  return level === NULL_LEVEL ? MISSING_QUALITY : FAMILY_QUALITY[level] ?? 0;
}

// Date-of-birth levels.
const D_EXACT = 0;
const D_SWAPPED = 1;
const D_TYPO = 2;
const D_YEAR_MONTH = 3;
const D_YEAR_ONLY = 4;
const D_APPROXIMATE = 5;
const D_WITHIN_YEAR = 6;
const D_DIFFERENT = 7;

// UK postcode levels.
const P_UNIT = 0;
const P_SECTOR = 1;
const P_DISTRICT = 2;
const P_OUTWARD_ONLY = 3;
const P_AREA = 4;
const P_DIFFERENT = 5;

const GIVEN_LEVELS: LevelDefinition[] = [
  { label: 'exact match' },
  { label: 'matches another given name' },
  { label: 'nickname or variant' },
  { label: 'one typing slip' },
  { label: 'sounds alike or very similar spelling' },
  { label: 'similar spelling' },
  { label: 'initial matches' },
  { label: 'different' },
];

const FAMILY_LEVELS: LevelDefinition[] = [
  { label: 'exact match' },
  { label: 'matches part of a double-barrelled name' },
  { label: 'one typing slip' },
  { label: 'sounds alike or very similar spelling' },
  { label: 'similar spelling' },
  { label: 'different' },
];

const DOB_LEVELS: LevelDefinition[] = [
  { label: 'exact match' },
  { label: 'day and month swapped' },
  { label: 'one digit different' },
  { label: 'same month and year' },
  { label: 'same year (one side gives year only)' },
  { label: 'consistent with approximate age' },
  { label: 'within a year' },
  { label: 'different' },
];

const UK_POSTCODE_LEVELS: LevelDefinition[] = [
  { label: 'same postcode' },
  { label: 'same sector' },
  { label: 'same district' },
  { label: 'same district (one side gives outward code only)' },
  { label: 'same area' },
  { label: 'different' },
];

// Family likeness levels: look-alikes who are different people.
export const FAMILY_LIKENESS = {
  twins: 0,
  twinsWithSimilarNames: 1,
  siblings: 2,
  namesakes: 3,
  namesakesElsewhere: 4,
  siblingsWithSimilarNames: 5,
  twinsWithVariantNames: 6,
  none: 7,
} as const;
const K_NONE = FAMILY_LIKENESS.none;
export const FAMILY_LIKENESS_KEY = 'family_likeness';
const FAMILY_LIKENESS_LEVELS: LevelDefinition[] = [
  { label: 'different first names with the same date of birth and address: probably twins' },
  { label: 'similar first names with the same date of birth and address: possibly twins' },
  { label: 'different first names and dates of birth at the same address: probably brothers, sisters or cousins' },
  { label: 'the same name but different dates of birth: possibly two people who share a name' },
  { label: 'the same name at different addresses, with a date of birth known only roughly: possibly two people who share a name' },
  { label: 'similar first names but different dates of birth at the same address: possibly brothers, sisters or cousins' },
  { label: 'first names that can be one name (a nickname or variant) with the same date of birth and address: possibly twins' },
  { label: 'no family likeness' },
];
const FAMILY_AGREES = [F_EXACT, F_PART, F_TYPO, F_SOUNDS_ALIKE, F_SIMILAR, NULL_LEVEL];
const ANY_POSTCODE = [P_UNIT, P_SECTOR, P_DISTRICT, P_OUTWARD_ONLY, P_AREA, P_DIFFERENT, NULL_LEVEL];
// Pattern → per part (given, family, date of birth, postcode) the levels that make it up; NULL_LEVEL
// is "missing on one side". Each pattern is one that different people show far more often than
// the same person's records do: a loosely written date of birth or a blank first name is not one.
const SAME_HOUSEHOLD = [P_UNIT, P_OUTWARD_ONLY];
const FAMILY_PATTERNS: number[][][] = [
  [[G_DIFFERENT], FAMILY_AGREES, [D_EXACT], SAME_HOUSEHOLD],
  [[G_SIMILAR], FAMILY_AGREES, [D_EXACT], SAME_HOUSEHOLD],
  [[G_DIFFERENT], FAMILY_AGREES, [D_SWAPPED, D_TYPO, D_YEAR_MONTH, D_YEAR_ONLY, D_APPROXIMATE, D_WITHIN_YEAR, D_DIFFERENT], SAME_HOUSEHOLD],
  [[G_EXACT], [F_EXACT], [D_WITHIN_YEAR, D_DIFFERENT], ANY_POSTCODE],
  [[G_EXACT], [F_EXACT], [D_YEAR_ONLY, D_APPROXIMATE], [P_AREA, P_DIFFERENT]],
  // Brothers given variants of one name (Mohammed and Muhammad), or sisters Carys and Cerys.
  [[G_NICKNAME, G_TYPO, G_SOUNDS_ALIKE, G_SIMILAR], FAMILY_AGREES, [D_WITHIN_YEAR, D_DIFFERENT], SAME_HOUSEHOLD],
  // Twins Emily and Millie, or Henry and Harry: most such pairs are one child under a pet name, so
  // the data cannot count the twins among them; their rate is borrowed from twins with different names.
  [[G_NICKNAME], FAMILY_AGREES, [D_EXACT], SAME_HOUSEHOLD],
];
const FAMILY_BORROWS: Record<number, { base: number; part: number; alike?: number }> = {
  [FAMILY_LIKENESS.twinsWithVariantNames]: { base: FAMILY_LIKENESS.twins, part: 0, alike: FAMILY_LIKENESS.twinsWithSimilarNames },
};

const TEXT_POSTCODE_LEVELS: LevelDefinition[] = [{ label: 'same postcode' }, { label: 'one typing slip' }, { label: 'different' }];
const GENDER_LEVELS: LevelDefinition[] = [{ label: 'same' }, { label: 'different' }];
const IDENTIFIER_LEVELS: LevelDefinition[] = [{ label: 'exact match' }, { label: 'one typing slip' }, { label: 'different' }];
const ATTRIBUTE_LEVELS: LevelDefinition[] = [
  { label: 'exact match' },
  { label: 'one typing slip' },
  { label: 'very similar' },
  { label: 'similar' },
  { label: 'different' },
];

function sharesToken(a: NameInfo, b: NameInfo): boolean {
  for (const token of a.tokens) if (b.tokens.includes(token)) return true;
  return false;
}

function sharesNicknameGroup(a: NameInfo, b: NameInfo): boolean {
  if (a.nicknameGroups.length === 0 || b.nicknameGroups.length === 0) return false;
  for (const group of a.nicknameGroups) if (b.nicknameGroups.includes(group)) return true;
  return false;
}

export function givenNameLevel(a: NameInfo, b: NameInfo): number {
  if (a.compact === b.compact) return G_EXACT;
  if ((a.tokens.length > 1 || b.tokens.length > 1) && sharesToken(a, b)) return G_OTHER_GIVEN;
  if (sharesNicknameGroup(a, b)) return G_NICKNAME;
  const aInitialOnly = a.first.length === 1;
  const bInitialOnly = b.first.length === 1;
  if (aInitialOnly || bInitialOnly) return a.first[0] === b.first[0] ? G_INITIAL : G_DIFFERENT;
  if (withinOneEdit(a.compact, b.compact)) return G_TYPO;
  if (a.first !== a.compact || b.first !== b.compact) {
    if (withinOneEdit(a.first, b.first)) return G_TYPO;
  }
  const soundsAlike = a.phonetic !== '' && a.phonetic === b.phonetic;
  if (!soundsAlike && jaroWinklerUpperBound(a.compact, b.compact) < 0.8) return G_DIFFERENT;
  const similarity = jaroWinkler(a.compact, b.compact);
  // Emily and Amelia share a sound code but are two names: a shared code counts only when the spelling is close too.
  if (soundsAlike) return similarity >= 0.7 ? G_SOUNDS_ALIKE : G_SIMILAR;
  if (similarity >= 0.92) return G_SOUNDS_ALIKE;
  if (similarity >= 0.8) return G_SIMILAR;
  return G_DIFFERENT;
}

export function familyNameLevel(a: NameInfo, b: NameInfo): number {
  if (a.compact === b.compact) return F_EXACT;
  if ((a.tokens.length > 1 || b.tokens.length > 1) && sharesToken(a, b)) return F_PART;
  if (withinOneEdit(a.compact, b.compact)) return F_TYPO;
  if (a.phonetic !== '' && a.phonetic === b.phonetic) return F_SOUNDS_ALIKE;
  if (jaroWinklerUpperBound(a.compact, b.compact) < 0.8) return F_DIFFERENT;
  const similarity = jaroWinkler(a.compact, b.compact);
  if (similarity >= 0.92) return F_SOUNDS_ALIKE;
  if (similarity >= 0.8) return F_SIMILAR;
  return F_DIFFERENT;
}

function dobLevel(left: PreparedSide, i: number, right: PreparedSide, j: number): number {
  const precisionA = left.dobPrecision[i] ?? DOB_NONE;
  const precisionB = right.dobPrecision[j] ?? DOB_NONE;
  if (precisionA === DOB_NONE || precisionB === DOB_NONE) return NULL_LEVEL;
  const yearA = left.dobYear[i] ?? 0;
  const yearB = right.dobYear[j] ?? 0;
  if (precisionA === DOB_FULL && precisionB === DOB_FULL) {
    const digitsA = left.dobDigits[i] ?? '';
    const digitsB = right.dobDigits[j] ?? '';
    if (digitsA === digitsB) return D_EXACT;
    const monthA = left.dobMonth[i] ?? 0;
    const monthB = right.dobMonth[j] ?? 0;
    const dayA = left.dobDay[i] ?? 0;
    const dayB = right.dobDay[j] ?? 0;
    if (yearA === yearB && dayA === monthB && monthA === dayB && dayA !== monthA) return D_SWAPPED;
    if (withinOneEdit(digitsA, digitsB)) return D_TYPO;
    if (yearA === yearB && monthA === monthB) return D_YEAR_MONTH;
    const monthsApart = Math.abs(yearA * 12 + monthA - (yearB * 12 + monthB));
    if (monthsApart <= 12) return D_WITHIN_YEAR;
    return D_DIFFERENT;
  }
  if (precisionA === DOB_APPROXIMATE || precisionB === DOB_APPROXIMATE) {
    const overlaps = (left.dobYearFrom[i] ?? 0) <= (right.dobYearTo[j] ?? 0) && (right.dobYearFrom[j] ?? 0) <= (left.dobYearTo[i] ?? 0);
    return overlaps ? D_APPROXIMATE : D_DIFFERENT;
  }
  if (yearA !== yearB) return Math.abs(yearA - yearB) <= 1 ? D_WITHIN_YEAR : D_DIFFERENT;
  if (precisionA === DOB_YEAR || precisionB === DOB_YEAR) return D_YEAR_ONLY;
  // Both at least month precision, one of them month only.
  if ((precisionA === DOB_MONTH || precisionB === DOB_MONTH) && left.dobMonth[i] === right.dobMonth[j]) return D_YEAR_MONTH;
  return D_WITHIN_YEAR;
}

function ukPostcodeLevel(left: PreparedSide, i: number, right: PreparedSide, j: number): number {
  const textA = left.postcodeText[i] ?? -1;
  const textB = right.postcodeText[j] ?? -1;
  if (textA < 0 || textB < 0) return NULL_LEVEL;
  const districtA = left.postcodeDistrict[i] ?? -1;
  const districtB = right.postcodeDistrict[j] ?? -1;
  if (districtA < 0 || districtB < 0) return textA === textB ? P_UNIT : P_DIFFERENT;
  const unitA = left.postcodeUnit[i] ?? -1;
  const unitB = right.postcodeUnit[j] ?? -1;
  if (unitA >= 0 && unitA === unitB) return P_UNIT;
  if (unitA < 0 || unitB < 0) {
    if (districtA === districtB) return unitA === unitB ? P_DISTRICT : P_OUTWARD_ONLY;
    return left.postcodeArea[i] === right.postcodeArea[j] ? P_AREA : P_DIFFERENT;
  }
  if (left.postcodeSector[i] === right.postcodeSector[j]) return P_SECTOR;
  if (districtA === districtB) return P_DISTRICT;
  if (left.postcodeArea[i] === right.postcodeArea[j]) return P_AREA;
  return P_DIFFERENT;
}

type LevelFunction = (i: number, j: number) => number;

export interface FieldComparison extends ComparisonDefinition {
  level: LevelFunction;
  /** Values shown in explanations, e.g. ["Kaz", "Karen"]. */
  display: (i: number, j: number) => [string, string];
  /** String similarity shown in explanations, when meaningful. */
  similarity: (i: number, j: number) => number | null;
  /** Relative frequency of the left record's value, for term-frequency adjustment. */
  leftValueFrequency?: (i: number) => number;
  /** Set on a comparison of several fields together (its level is worked out from theirs). */
  joint?: JointComparison;
  /** A checked identifier (NHS number, UPN): agreeing exactly or clearly differing settles the pair. */
  settles?: { sameLevel: number; differentLevel: number };
}

/** Identifiers that are issued once per child and checked: they settle a pair either way. */
export const SETTLING_IDENTIFIERS: readonly string[] = ['nhs_number', 'upn'];

/** Which family likeness pattern a pair's levels show (K_NONE when none). */
function familyLikenessLevel(out: Uint8Array, offset: number, parts: number[]): number {
  // Names missing on both counts, or no first name and no family name: nothing to see.
  const given = out[offset + (parts[0] ?? 0)] ?? NULL_LEVEL;
  const family = out[offset + (parts[1] ?? 0)] ?? NULL_LEVEL;
  if (given === NULL_LEVEL && family === NULL_LEVEL) return K_NONE;
  for (let k = 0; k < FAMILY_PATTERNS.length; k++) {
    const pattern = FAMILY_PATTERNS[k] ?? [];
    if (pattern.every((allowed, part) => allowed.includes(out[offset + (parts[part] ?? 0)] ?? NULL_LEVEL))) return k;
  }
  return K_NONE;
}

function titleCase(text: string): string {
  return text.replace(/\b[a-z]/g, (ch) => ch.toUpperCase());
}

function formatDob(side: PreparedSide, i: number): string {
  const person = side.persons[i];
  const dob = person?.dob;
  if (!dob) return '';
  if (dob.precision === 'full') return `${dob.digits.slice(6, 8)}/${dob.digits.slice(4, 6)}/${dob.digits.slice(0, 4)}`;
  if (dob.precision === 'month') return `${String(dob.month).padStart(2, '0')}/${dob.year}`;
  if (dob.precision === 'year') return String(dob.year);
  return `born ${dob.yearFrom}–${dob.yearTo} (approximate age)`;
}

export interface PairComparerOptions {
  /**
   * Relative frequency of a standardised name value in a reference population
   * (e.g. the whole area, when only a handful of candidates are being
   * compared); null falls back to the frequency within the compared records.
   */
  nameFrequency?: (field: 'given_name' | 'family_name', value: string) => number | null;
}

/**
 * Computes comparison levels for pairs of records. Given and family names are
 * compared together so that a pair whose names were entered the wrong way
 * round is compared crosswise.
 */
export class PairComparer {
  readonly comparisons: FieldComparison[] = [];
  private readonly hasNames: boolean;
  private readonly given = 0;
  private readonly family = 1;
  private readonly left: PreparedSide;
  private readonly right: PreparedSide;
  private readonly nameInfo: NameInfo[];
  private familyLikeness: { index: number; parts: number[] } | null = null;

  constructor(
    private readonly data: PreparedData,
    options: PairComparerOptions = {},
  ) {
    const { left, right, nameInfo } = data;
    const external = options.nameFrequency;
    this.left = left;
    this.right = right;
    this.nameInfo = nameInfo;
    const present = (column: Int32Array | Uint8Array, nullValue: number): boolean => column.some((value) => value !== nullValue);
    this.hasNames = present(left.given, -1) || present(left.family, -1);

    const nameDisplay = (side: PreparedSide, id: number): string => (id >= 0 ? titleCase(nameInfo[id]?.tokens.join(' ') ?? '') : '');
    const nameSimilarity = (a: number, b: number): number | null =>
      a >= 0 && b >= 0 ? jaroWinkler(nameInfo[a]?.compact ?? '', nameInfo[b]?.compact ?? '') : null;

    // Names occupy the first two slots; their level functions are filled in by fill().
    this.comparisons.push({
      key: 'given_name',
      label: 'first name',
      levels: GIVEN_LEVELS,
      termFrequencyLevel: G_EXACT,
      level: () => NULL_LEVEL,
      display: (i, j) => {
        const [a, b] = this.alignedNames(i, j);
        return [nameDisplay(left, a.given), nameDisplay(right, b.given)];
      },
      similarity: (i, j) => {
        const [a, b] = this.alignedNames(i, j);
        return nameSimilarity(a.given, b.given);
      },
      leftValueFrequency: (i) => {
        const id = left.given[i] ?? -1;
        if (id < 0) return 1;
        return external?.('given_name', data.names.values[id] ?? '') ?? (data.givenCounts[id] ?? 1) / Math.max(1, data.givenTotal);
      },
    });
    this.comparisons.push({
      key: 'family_name',
      label: 'family name',
      levels: FAMILY_LEVELS,
      termFrequencyLevel: F_EXACT,
      level: () => NULL_LEVEL,
      display: (i, j) => {
        const [a, b] = this.alignedNames(i, j);
        return [nameDisplay(left, a.family), nameDisplay(right, b.family)];
      },
      similarity: (i, j) => {
        const [a, b] = this.alignedNames(i, j);
        return nameSimilarity(a.family, b.family);
      },
      leftValueFrequency: (i) => {
        const id = left.family[i] ?? -1;
        if (id < 0) return 1;
        return external?.('family_name', data.names.values[id] ?? '') ?? (data.familyCounts[id] ?? 1) / Math.max(1, data.familyTotal);
      },
    });

    if (present(left.dobPrecision, DOB_NONE) && present(right.dobPrecision, DOB_NONE)) {
      this.comparisons.push({
        key: 'date_of_birth',
        label: 'date of birth',
        levels: DOB_LEVELS,
        termFrequencyLevel: -1,
        level: (i, j) => dobLevel(left, i, right, j),
        display: (i, j) => [formatDob(left, i), formatDob(right, j)],
        similarity: () => null,
      });
    }

    if (present(left.postcodeText, -1) && present(right.postcodeText, -1)) {
      const uk = data.ukPostcodeShare >= 0.5;
      const postcodeValue = (id: number): string => (id >= 0 ? data.postcodes.values[id] ?? '' : '');
      const postcodeDisplay = (side: PreparedSide, i: number): string =>
        side.persons[i]?.postcode?.normalised ?? postcodeValue(side.postcodeText[i] ?? -1);
      this.comparisons.push({
        key: 'postcode',
        label: 'postcode',
        levels: uk ? UK_POSTCODE_LEVELS : TEXT_POSTCODE_LEVELS,
        termFrequencyLevel: -1,
        level: uk
          ? (i, j) => ukPostcodeLevel(left, i, right, j)
          : (i, j) => {
              const a = left.postcodeText[i] ?? -1;
              const b = right.postcodeText[j] ?? -1;
              if (a < 0 || b < 0) return NULL_LEVEL;
              if (a === b) return 0;
              return withinOneEdit(postcodeValue(a), postcodeValue(b)) ? 1 : 2;
            },
        display: (i, j) => [postcodeDisplay(left, i), postcodeDisplay(right, j)],
        similarity: () => null,
      });
    }

    if (present(left.gender, 0) && present(right.gender, 0)) {
      const genderNames = ['', 'female', 'male', 'another gender'];
      this.comparisons.push({
        key: 'gender',
        label: 'gender',
        levels: GENDER_LEVELS,
        termFrequencyLevel: -1,
        level: (i, j) => {
          const a = left.gender[i] ?? 0;
          const b = right.gender[j] ?? 0;
          if (a === 0 || b === 0) return NULL_LEVEL;
          return a === b ? 0 : 1;
        },
        display: (i, j) => [genderNames[left.gender[i] ?? 0] ?? '', genderNames[right.gender[j] ?? 0] ?? ''],
        similarity: () => null,
      });
    }

    for (const name of data.identifierNames) {
      const leftColumn = left.identifiers.get(name);
      const rightColumn = right.identifiers.get(name);
      if (!leftColumn || !rightColumn) continue;
      const value = (id: number): string => {
        const stored = id >= 0 ? data.identifierValues.values[id] ?? '' : '';
        return stored.slice(stored.indexOf(':') + 1);
      };
      this.comparisons.push({
        key: `id:${name}`,
        label: name === 'nhs_number' ? 'NHS number' : name === 'upn' ? 'UPN' : name.replace(/_/g, ' '),
        levels: IDENTIFIER_LEVELS,
        termFrequencyLevel: -1,
        ...(SETTLING_IDENTIFIERS.includes(name) ? { settles: { sameLevel: 0, differentLevel: IDENTIFIER_LEVELS.length - 1 } } : {}),
        level: (i, j) => {
          const a = leftColumn[i] ?? -1;
          const b = rightColumn[j] ?? -1;
          if (a < 0 || b < 0) return NULL_LEVEL;
          if (a === b) return 0;
          const valueA = value(a);
          const valueB = value(b);
          return valueA.length === valueB.length && withinOneEdit(valueA, valueB) ? 1 : 2;
        },
        display: (i, j) => [value(leftColumn[i] ?? -1), value(rightColumn[j] ?? -1)],
        similarity: () => null,
      });
    }

    for (const name of data.attributeNames) {
      const leftColumn = left.attributes.get(name);
      const rightColumn = right.attributes.get(name);
      const table = data.attributeValues.get(name);
      const counts = data.attributeCounts.get(name);
      const total = data.attributeTotals.get(name) ?? 1;
      if (!leftColumn || !rightColumn || !table || !counts) continue;
      const values = table.values;
      this.comparisons.push({
        key: `attr:${name}`,
        label: name.replace(/_/g, ' '),
        levels: ATTRIBUTE_LEVELS,
        termFrequencyLevel: 0,
        level: (i, j) => {
          const a = leftColumn[i] ?? -1;
          const b = rightColumn[j] ?? -1;
          if (a < 0 || b < 0) return NULL_LEVEL;
          if (a === b) return 0;
          const valueA = values[a] ?? '';
          const valueB = values[b] ?? '';
          if (withinOneEdit(valueA, valueB)) return 1;
          if (jaroWinklerUpperBound(valueA, valueB) < 0.8) return 4;
          const similarity = jaroWinkler(valueA, valueB);
          if (similarity >= 0.92) return 2;
          if (similarity >= 0.8) return 3;
          return 4;
        },
        display: (i, j) => [values[leftColumn[i] ?? -1] ?? '', values[rightColumn[j] ?? -1] ?? ''],
        similarity: (i, j) => {
          const a = leftColumn[i] ?? -1;
          const b = rightColumn[j] ?? -1;
          return a >= 0 && b >= 0 ? jaroWinkler(values[a] ?? '', values[b] ?? '') : null;
        },
        leftValueFrequency: (i) => {
          const id = leftColumn[i] ?? -1;
          return id >= 0 ? (counts[id] ?? 1) / Math.max(1, total) : 1;
        },
      });
    }
    this.addFamilyLikeness();
  }

  private addFamilyLikeness(): void {
    const indexOf = (key: string) => this.comparisons.findIndex((comparison) => comparison.key === key);
    const parts = ['given_name', 'family_name', 'date_of_birth', 'postcode'].map(indexOf);
    // Only where addresses are UK postcodes does "same postcode" mean the same household.
    if (!this.hasNames || parts.some((c) => c < 0) || this.data.ukPostcodeShare < 0.5) return;
    const index = this.comparisons.length;
    this.familyLikeness = { index, parts };
    this.comparisons.push({
      key: FAMILY_LIKENESS_KEY,
      label: 'family likeness',
      levels: FAMILY_LIKENESS_LEVELS,
      termFrequencyLevel: -1,
      joint: { parts, noneLevel: K_NONE, patterns: FAMILY_PATTERNS, borrows: FAMILY_BORROWS },
      level: () => NULL_LEVEL,
      display: () => ['', ''],
      similarity: () => null,
    });
  }

  get comparisonCount(): number {
    return this.comparisons.length;
  }

  /**
   * Writes the level of every comparison for pair (i, j) into out[offset…].
   * Returns true when the names were compared crosswise (given ↔ family).
   */
  fill(i: number, j: number, out: Uint8Array, offset: number): boolean {
    let swapped = false;
    if (this.hasNames) {
      const givenA = this.left.given[i] ?? -1;
      const familyA = this.left.family[i] ?? -1;
      const givenB = this.right.given[j] ?? -1;
      const familyB = this.right.family[j] ?? -1;
      const info = this.nameInfo;
      let givenLevel = NULL_LEVEL;
      let familyLevel = NULL_LEVEL;
      const givenInfoA = givenA >= 0 ? info[givenA] : undefined;
      const givenInfoB = givenB >= 0 ? info[givenB] : undefined;
      const familyInfoA = familyA >= 0 ? info[familyA] : undefined;
      const familyInfoB = familyB >= 0 ? info[familyB] : undefined;
      if (givenInfoA && givenInfoB) givenLevel = givenA === givenB ? G_EXACT : givenNameLevel(givenInfoA, givenInfoB);
      if (familyInfoA && familyInfoB) familyLevel = familyA === familyB ? F_EXACT : familyNameLevel(familyInfoA, familyInfoB);
      if (givenLevel > G_SOUNDS_ALIKE || familyLevel > F_SOUNDS_ALIKE) {
        // Try the names crosswise (given ↔ family). A missing name is neutral,
        // so "Barker" alone in the given-name box can still meet Matilda Barker.
        const crossGiven = givenInfoA && familyInfoB ? givenNameLevel(givenInfoA, familyInfoB) : NULL_LEVEL;
        const crossFamily = familyInfoA && givenInfoB ? familyNameLevel(familyInfoA, givenInfoB) : NULL_LEVEL;
        const crossUsable =
          (crossGiven !== NULL_LEVEL || crossFamily !== NULL_LEVEL) &&
          (crossGiven === NULL_LEVEL || crossGiven <= G_SOUNDS_ALIKE) &&
          (crossFamily === NULL_LEVEL || crossFamily <= F_SOUNDS_ALIKE);
        if (
          crossUsable &&
          givenQuality(crossGiven) + familyQuality(crossFamily) > givenQuality(givenLevel) + familyQuality(familyLevel)
        ) {
          givenLevel = crossGiven;
          familyLevel = crossFamily;
          swapped = true;
        }
      }
      // After "Baby" or "Not known" the words may be a family or middle name: only agreement counts.
      if (!swapped && givenLevel > G_NICKNAME && givenLevel !== NULL_LEVEL && ((this.left.forenameNotKnown[i] ?? 0) | (this.right.forenameNotKnown[j] ?? 0))) givenLevel = NULL_LEVEL;
      out[offset + this.given] = givenLevel;
      out[offset + this.family] = familyLevel;
    } else {
      out[offset] = NULL_LEVEL;
      out[offset + 1] = NULL_LEVEL;
    }
    const comparisons = this.comparisons;
    const family = this.familyLikeness;
    const last = family ? family.index : comparisons.length;
    for (let c = 2; c < last; c++) {
      out[offset + c] = (comparisons[c] as FieldComparison).level(i, j);
    }
    if (family) out[offset + family.index] = familyLikenessLevel(out, offset, family.parts);
    return swapped;
  }

  /** Name ids of the pair as compared: right-hand names swapped when the pair is compared crosswise. */
  alignedNames(i: number, j: number): [{ given: number; family: number }, { given: number; family: number }] {
    const scratch = new Uint8Array(this.comparisons.length);
    const swapped = this.fill(i, j, scratch, 0);
    const a = { given: this.left.given[i] ?? -1, family: this.left.family[i] ?? -1 };
    const rightGiven = this.right.given[j] ?? -1;
    const rightFamily = this.right.family[j] ?? -1;
    return [a, swapped ? { given: rightFamily, family: rightGiven } : { given: rightGiven, family: rightFamily }];
  }

  /** True when the given names of the pair agree as nicknames (used by explanations). */
  nicknamePair(i: number, j: number): [string, string] | null {
    const [a, b] = this.alignedNames(i, j);
    const infoA = this.nameInfo[a.given];
    const infoB = this.nameInfo[b.given];
    if (!infoA || !infoB) return null;
    return areNicknameEquivalent(infoA.first, infoB.first) ? [infoA.first, infoB.first] : null;
  }

  get preparedData(): PreparedData {
    return this.data;
  }
}

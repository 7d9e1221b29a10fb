/**
 * A clean, fictional UK population of children and young people, built in
 * households (siblings share a family name and postcode; a few are twins),
 * reproducible from a seed. Reused by demo data and `lantern generate`.
 */
import { Random, WeightedPicker } from '../../../platform/random.ts';
import { HERITAGE_WEIGHTS, familyNames, givenNames, middleNames, type Heritage } from './name-lists.ts';

export interface SyntheticPerson {
  /** Stable id of the person within the generated population, e.g. "P000123". */
  personId: string;
  householdId: string;
  givenName: string;
  /** Second given name(s), or "" when none. */
  middleNames: string;
  familyName: string;
  gender: 'F' | 'M';
  /** ISO date, YYYY-MM-DD. */
  dateOfBirth: string;
  /** Full UK-shaped postcode, e.g. "LU4 9QT" (fictional units). */
  postcode: string;
  heritage: Heritage;
  /** 10-digit number in the 999 range kept for testing, with a valid check digit. */
  nhsNumber: string;
}

export interface PopulationOptions {
  size: number;
  seed?: number;
  /** Ages are worked out at this date; default 2025-01-01 so output does not drift with the clock. */
  referenceDate?: Date;
  minAge?: number;
  maxAge?: number;
  /** Share of households with a double-barrelled family name; default 0.05. */
  doubleBarrelledShare?: number;
  /** Share of people with a middle name; default 0.55. */
  middleNameShare?: number;
}

export const DEFAULT_REFERENCE_DATE = new Date(Date.UTC(2025, 0, 1));

// Real postcode areas; the districts, sectors and units generated inside them are arbitrary.
const POSTCODE_AREAS: Array<[string, number]> = [
  ['LU', 6], ['B', 10], ['M', 8], ['LS', 6], ['BD', 5], ['L', 6], ['CF', 4], ['SA', 3], ['NE', 4], ['E', 6],
  ['N', 5], ['SE', 6], ['OL', 3], ['RM', 3], ['TF', 2], ['DN', 3], ['G', 4], ['BT', 2], ['NG', 4],
];
const UNIT_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

function postcodePool(random: Random, households: number): WeightedPicker<string> {
  const units: string[] = [];
  const weights: number[] = [];
  // About eight households per unit, as in a dense urban street.
  const unitCount = Math.max(50, Math.ceil(households / 8));
  const areaPicker = new WeightedPicker(
    POSTCODE_AREAS.filter(([, weight]) => weight > 0).map(([area]) => area),
    POSTCODE_AREAS.filter(([, weight]) => weight > 0).map(([, weight]) => weight),
  );
  const seen = new Set<string>();
  while (units.length < unitCount) {
    const area = areaPicker.pick(random);
    const district = random.between(1, area.length === 1 ? 40 : 25);
    const sector = random.between(0, 9);
    const unit = `${area}${district} ${sector}${UNIT_LETTERS[random.int(UNIT_LETTERS.length)]}${UNIT_LETTERS[random.int(UNIT_LETTERS.length)]}`;
    if (seen.has(unit)) continue;
    seen.add(unit);
    units.push(unit);
    weights.push(1 + random.int(3));
  }
  return new WeightedPicker(units, weights);
}

function pickerOf(entries: Array<[string, number]>): WeightedPicker<string> {
  return new WeightedPicker(
    entries.map(([name]) => name),
    entries.map(([, weight]) => weight),
  );
}

/** NHS number check digit (modulus 11); returns -1 when the stem cannot take one. */
export function nhsCheckDigit(stem: string): number {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(stem[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  return check === 10 ? -1 : check;
}

function syntheticNhsNumber(random: Random): string {
  for (;;) {
    const stem = `999${String(random.int(1_000_000)).padStart(6, '0')}`;
    const check = nhsCheckDigit(stem);
    if (check >= 0) return stem + String(check);
  }
}

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function randomBirthDate(random: Random, referenceDate: Date, minAge: number, maxAge: number): { year: number; month: number; day: number } {
  const latest = Date.UTC(referenceDate.getUTCFullYear() - minAge, referenceDate.getUTCMonth(), referenceDate.getUTCDate());
  const earliest = Date.UTC(referenceDate.getUTCFullYear() - maxAge - 1, referenceDate.getUTCMonth(), referenceDate.getUTCDate() + 1);
  const date = new Date(earliest + random.next() * (latest - earliest));
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** Generates `size` people in households. The same options always give the same people. */
export function generatePopulation(options: PopulationOptions): SyntheticPerson[] {
  const random = new Random(options.seed ?? 1);
  const referenceDate = options.referenceDate ?? DEFAULT_REFERENCE_DATE;
  const minAge = options.minAge ?? 8;
  const maxAge = options.maxAge ?? 24;
  const doubleBarrelledShare = options.doubleBarrelledShare ?? 0.05;
  const middleNameShare = options.middleNameShare ?? 0.55;

  const heritages = Object.keys(HERITAGE_WEIGHTS) as Heritage[];
  const heritagePicker = new WeightedPicker(heritages, heritages.map((heritage) => HERITAGE_WEIGHTS[heritage]));
  const givenPickers = new Map<string, WeightedPicker<string>>();
  const familyPickers = new Map<Heritage, WeightedPicker<string>>();
  const middlePickers = { F: pickerOf(middleNames('F')), M: pickerOf(middleNames('M')) };
  for (const heritage of heritages) {
    givenPickers.set(`${heritage}:F`, pickerOf(givenNames(heritage, 'F')));
    givenPickers.set(`${heritage}:M`, pickerOf(givenNames(heritage, 'M')));
    familyPickers.set(heritage, pickerOf(familyNames(heritage)));
  }
  const postcodes = postcodePool(random, Math.ceil(options.size / 1.6));

  const people: SyntheticPerson[] = [];
  let household = 0;
  while (people.length < options.size) {
    household++;
    const heritage = heritagePicker.pick(random);
    const familyPicker = familyPickers.get(heritage);
    if (!familyPicker) continue;
    let familyName = familyPicker.pick(random);
    if (random.chance(doubleBarrelledShare)) {
      const other = familyPickers.get(heritagePicker.pick(random))?.pick(random) ?? familyPicker.pick(random);
      if (other !== familyName) familyName = `${familyName}-${other}`;
    }
    const postcode = postcodes.pick(random);
    const childCount = 1 + (random.chance(0.45) ? 1 : 0) + (random.chance(0.2) ? 1 : 0);
    let previousBirth: { year: number; month: number; day: number } | null = null;
    const usedGiven = new Set<string>();
    for (let child = 0; child < childCount && people.length < options.size; child++) {
      const gender: 'F' | 'M' = random.chance(0.5) ? 'F' : 'M';
      const givenPicker = givenPickers.get(`${heritage}:${gender}`);
      if (!givenPicker) continue;
      let givenName = givenPicker.pick(random);
      for (let attempt = 0; attempt < 5 && usedGiven.has(givenName); attempt++) givenName = givenPicker.pick(random);
      usedGiven.add(givenName);
      // About 2% of second children are twins of the first: same birthday, same surname, same postcode.
      const birth: { year: number; month: number; day: number } =
        previousBirth && random.chance(0.04) ? previousBirth : randomBirthDate(random, referenceDate, minAge, maxAge);
      previousBirth = birth;
      people.push({
        personId: `P${String(people.length + 1).padStart(6, '0')}`,
        householdId: `H${String(household).padStart(6, '0')}`,
        givenName,
        middleNames: random.chance(middleNameShare) ? middlePickers[gender].pick(random) : '',
        familyName,
        gender,
        dateOfBirth: isoDate(birth.year, birth.month, birth.day),
        postcode,
        heritage,
        nhsNumber: syntheticNhsNumber(random),
      });
    }
  }
  return people;
}

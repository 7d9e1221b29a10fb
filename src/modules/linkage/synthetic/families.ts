/**
 * Look-alikes for the benchmark: people who are not the person they resemble, made from a person
 * already on the left-hand file. Twins (same and opposite sex) share the family name, date of
 * birth and address; siblings share the family name and address; cousins share the address and
 * often the family name; namesakes share a common first and family name and the town. A matcher
 * that joins any of them to their relative has merged two children.
 */
import { Random, WeightedPicker } from '../../../platform/random.ts';
import { familyNames, givenNames, TRANSLITERATION_SETS } from './name-lists.ts';
import { jaroWinkler } from '../similarity.ts';
import type { SyntheticPerson } from './population.ts';

export const LOOK_ALIKE_KINDS = ['twin_same_sex', 'twin_opposite_sex', 'sibling', 'cousin', 'namesake'] as const;
export type LookAlikeKind = (typeof LOOK_ALIKE_KINDS)[number];

/** Default share of the right-hand file given to each kind of look-alike. */
export const DEFAULT_LOOK_ALIKE_SHARES: Record<LookAlikeKind, number> = {
  twin_same_sex: 0.02,
  twin_opposite_sex: 0.01,
  sibling: 0.02,
  cousin: 0.01,
  namesake: 0.02,
};

export interface LookAlike {
  kind: LookAlikeKind;
  person: SyntheticPerson;
  /** The left-hand person they resemble. */
  relativeOf: string;
}

const UNIT_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function otherBirthDate(dateOfBirth: string, random: Random, minYears: number, maxYears: number): string {
  const year = Number(dateOfBirth.slice(0, 4));
  const offset = random.between(minYears, maxYears) * (random.chance(0.5) ? 1 : -1);
  const month = random.between(1, 12);
  const day = random.between(1, 28);
  const date = isoDate(year + offset, month, day);
  return date === dateOfBirth ? isoDate(year + offset, month === 12 ? 1 : month + 1, day) : date;
}

/** A first name of the person's heritage and the given gender, not one already used in the family. */
function newGivenName(person: SyntheticPerson, gender: 'F' | 'M', random: Random, pickers: Map<string, WeightedPicker<string>>): string {
  const key = `${person.heritage}:${gender}`;
  let picker = pickers.get(key);
  if (!picker) {
    const names = givenNames(person.heritage, gender);
    picker = new WeightedPicker(names.map(([name]) => name), names.map(([, weight]) => weight));
    pickers.set(key, picker);
  }
  for (let attempt = 0; attempt < 20; attempt++) {
    const name = picker.pick(random);
    // Brothers and sisters get clearly different names, not two spellings of one.
    if (name[0] !== person.givenName[0] && jaroWinkler(name.toLowerCase(), person.givenName.toLowerCase()) < 0.75 && !sameNameInAnotherScript(name, person.givenName)) return name;
  }
  return person.givenName === 'Alex' ? 'Sam' : 'Alex';
}

function sameNameInAnotherScript(a: string, b: string): boolean {
  return TRANSLITERATION_SETS.some((set) => set.includes(a) && set.includes(b));
}

function sameTownPostcode(postcode: string, random: Random): string {
  const outward = postcode.split(' ')[0] ?? postcode;
  for (;;) {
    const other = `${outward} ${random.between(0, 9)}${UNIT_LETTERS[random.int(UNIT_LETTERS.length)]}${UNIT_LETTERS[random.int(UNIT_LETTERS.length)]}`;
    if (other !== postcode) return other;
  }
}

/**
 * Makes `count` look-alikes of each kind from the left-hand people. Namesakes are made only of
 * people whose family name is among the most common on the left (a namesake of a rare name is rare).
 */
export function makeLookAlikes(left: SyntheticPerson[], counts: Record<LookAlikeKind, number>, random: Random): LookAlike[] {
  const pickers = new Map<string, WeightedPicker<string>>();
  const familyCounts = new Map<string, number>();
  for (const person of left) familyCounts.set(person.familyName, (familyCounts.get(person.familyName) ?? 0) + 1);
  const common = new Set([...familyCounts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([name]) => name));
  const commonPeople = left.filter((person) => common.has(person.familyName));
  const result: LookAlike[] = [];
  let serial = 0;
  const make = (kind: LookAlikeKind, of: SyntheticPerson, changes: Partial<SyntheticPerson>): void => {
    serial++;
    result.push({
      kind,
      relativeOf: of.personId,
      person: { ...of, middleNames: '', ...changes, personId: `LA${String(serial).padStart(6, '0')}`, nhsNumber: '' },
    });
  };
  for (const kind of LOOK_ALIKE_KINDS) {
    for (let n = 0; n < counts[kind]; n++) {
      const of = kind === 'namesake' && commonPeople.length > 0 ? random.pick(commonPeople) : random.pick(left);
      const opposite: 'F' | 'M' = of.gender === 'F' ? 'M' : 'F';
      switch (kind) {
        case 'twin_same_sex':
          make(kind, of, { givenName: newGivenName(of, of.gender, random, pickers) });
          break;
        case 'twin_opposite_sex':
          make(kind, of, { gender: opposite, givenName: newGivenName(of, opposite, random, pickers) });
          break;
        case 'sibling': {
          const gender: 'F' | 'M' = random.chance(0.5) ? 'F' : 'M';
          make(kind, of, { gender, givenName: newGivenName(of, gender, random, pickers), dateOfBirth: otherBirthDate(of.dateOfBirth, random, 1, 6) });
          break;
        }
        case 'cousin': {
          const gender: 'F' | 'M' = random.chance(0.5) ? 'F' : 'M';
          const names = familyNames(of.heritage).map(([name]) => name).filter((name) => name !== of.familyName);
          const familyName = random.chance(0.5) || names.length === 0 ? of.familyName : random.pick(names);
          make(kind, of, { gender, familyName, givenName: newGivenName(of, gender, random, pickers), dateOfBirth: otherBirthDate(of.dateOfBirth, random, 0, 5) });
          break;
        }
        case 'namesake':
          make(kind, of, { dateOfBirth: otherBirthDate(of.dateOfBirth, random, 1, 8), postcode: sameTownPostcode(of.postcode, random), householdId: `NS${serial}` });
          break;
      }
    }
  }
  return result;
}

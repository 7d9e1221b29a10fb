/**
 * The corrupter: writes a person down the way a busy practitioner in another
 * agency might, applying named corruptions and tagging each one, so recall
 * can be reported per kind of error.
 */
import type { PersonRecord } from '../types.ts';
import { TRANSLITERATION_SETS, WRITTEN_NICKNAMES } from './name-lists.ts';
import { DEFAULT_REFERENCE_DATE, generatePopulation, type SyntheticPerson } from './population.ts';
import { Random } from '../../../platform/random.ts';
import { DEFAULT_LOOK_ALIKE_SHARES, LOOK_ALIKE_KINDS, makeLookAlikes, type LookAlikeKind } from './families.ts';

export const CORRUPTION_KINDS = [
  'typo',
  'phonetic',
  'nickname',
  'transliteration',
  'swapped_names',
  'day_month_swap',
  'year_only_dob',
  'approximate_age',
  'outward_postcode',
  'placeholder_name',
  'missing_field',
  'hyphenated_surname_partial',
  'middle_name_merge',
] as const;

export type CorruptionKind = (typeof CORRUPTION_KINDS)[number];

/** A person as written in a record: the fields an agency would type. */
export interface WrittenPerson {
  givenName: string;
  familyName: string;
  /** As written: "dd/mm/yyyy", "yyyy", "about 15" or "". */
  dateOfBirth: string;
  postcode: string;
  gender: string;
}

export interface CorruptedPerson {
  written: WrittenPerson;
  corruptions: CorruptionKind[];
}

const KEYBOARD_NEIGHBOURS: Record<string, string> = {
  a: 'qwsz', b: 'vghn', c: 'xdfv', d: 'serfcx', e: 'wsdr', f: 'drtgvc', g: 'ftyhbv', h: 'gyujnb', i: 'ujko', j: 'huikmn',
  k: 'jiolm', l: 'kop', m: 'njk', n: 'bhjm', o: 'iklp', p: 'ol', q: 'wa', r: 'edft', s: 'awedxz', t: 'rfgy', u: 'yhji',
  v: 'cfgb', w: 'qase', x: 'zsdc', y: 'tghu', z: 'asx',
};

// Spellings that sound the same; the corrupter applies one that changes the name.
const SOUND_ALIKE_RULES: Array<[RegExp, string]> = [
  [/ph/, 'f'], [/f(?!f)/, 'ph'], [/ck/, 'k'], [/c(?=[aou])/, 'k'], [/k/, 'c'], [/leigh$/, 'ley'], [/ley$/, 'lee'],
  [/lee$/, 'leigh'], [/ie$/, 'y'], [/y$/, 'ie'], [/ee/, 'ea'], [/th/, 't'], [/z/, 's'], [/s(?=[aeiou])/, 'z'],
  [/ll/, 'l'], [/(?<=[aeiou])l(?=[aeiou])/, 'll'], [/nn/, 'n'], [/tt/, 't'], [/mm/, 'm'], [/ou/, 'ow'], [/ai/, 'ay'],
  [/y(?=[^aeiou])/, 'i'], [/i(?=[^aeiou])/, 'y'], [/ch/, 'sh'], [/ae/, 'ay'], [/sh/, 'sch'],
];

function titleCase(text: string): string {
  return text.replace(/(^|[\s'-])([a-z])/g, (_, before: string, letter: string) => before + letter.toUpperCase());
}

export function typo(name: string, random: Random): string {
  if (name.length < 2) return name + 'a';
  const lower = name.toLowerCase();
  const at = random.between(1, lower.length - 1);
  const operation = random.int(4);
  let result: string;
  if (operation === 0) {
    const neighbours = KEYBOARD_NEIGHBOURS[lower[at] ?? ''] ?? 'e';
    result = lower.slice(0, at) + neighbours[random.int(neighbours.length)] + lower.slice(at + 1);
  } else if (operation === 1 && lower.length > 3) {
    result = lower.slice(0, at) + lower.slice(at + 1);
  } else if (operation === 2 && at < lower.length - 1) {
    result = lower.slice(0, at) + (lower[at + 1] ?? '') + (lower[at] ?? '') + lower.slice(at + 2);
  } else {
    const neighbours = KEYBOARD_NEIGHBOURS[lower[at] ?? ''] ?? 'e';
    result = lower.slice(0, at) + neighbours[random.int(neighbours.length)] + lower.slice(at);
  }
  return result === lower ? titleCase(lower + 'e') : titleCase(result);
}

export function phoneticMisspelling(name: string, random: Random): string | null {
  const lower = name.toLowerCase();
  const rules = random.shuffle(SOUND_ALIKE_RULES.slice());
  for (const [pattern, replacement] of rules) {
    if (pattern.test(lower)) {
      const changed = lower.replace(pattern, replacement);
      if (changed !== lower) return titleCase(changed);
    }
  }
  return null;
}

function transliterationAlternatives(name: string): string[] {
  const lower = name.toLowerCase();
  const set = TRANSLITERATION_SETS.find((names) => names.some((candidate) => candidate.toLowerCase() === lower));
  return set ? set.filter((candidate) => candidate.toLowerCase() !== lower) : [];
}

function formatUkDate(year: number, month: number, day: number): string {
  return `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`;
}

function ageOn(dateOfBirth: string, referenceDate: Date): number {
  const [year, month, day] = dateOfBirth.split('-').map(Number) as [number, number, number];
  let age = referenceDate.getUTCFullYear() - year;
  const beforeBirthday =
    referenceDate.getUTCMonth() + 1 < month || (referenceDate.getUTCMonth() + 1 === month && referenceDate.getUTCDate() < day);
  if (beforeBirthday) age--;
  return age;
}

/** The person written down faithfully, dates in UK order. */
export function writePerson(person: SyntheticPerson): WrittenPerson {
  const [year, month, day] = person.dateOfBirth.split('-').map(Number) as [number, number, number];
  return {
    givenName: person.givenName,
    familyName: person.familyName,
    dateOfBirth: formatUkDate(year, month, day),
    postcode: person.postcode,
    gender: person.gender,
  };
}

export interface CorruptionContext {
  referenceDate?: Date;
  /** Supplies the nickname table's alternatives; injected so tests can fix them. */
  nicknames?: (name: string) => string[];
}

/** Whether `kind` can be applied to this person at all (no day/month swap when day = month, …). */
export function isApplicable(kind: CorruptionKind, person: SyntheticPerson, context: CorruptionContext = {}): boolean {
  const [, month, day] = person.dateOfBirth.split('-').map(Number) as [number, number, number];
  switch (kind) {
    case 'nickname':
      return (context.nicknames ?? nicknameAlternativesFromTable)(person.givenName).length > 0;
    case 'transliteration':
      return transliterationAlternatives(person.givenName).length > 0 || transliterationAlternatives(person.familyName).length > 0;
    case 'phonetic':
      return phoneticMisspelling(person.givenName, new Random(1)) !== null || phoneticMisspelling(person.familyName, new Random(1)) !== null;
    case 'day_month_swap':
      return day <= 12 && day !== month;
    case 'hyphenated_surname_partial':
      return person.familyName.includes('-');
    case 'middle_name_merge':
      return person.middleNames !== '';
    default:
      return true;
  }
}

/**
 * Nicknames the generator writes for a full name. Compiled separately from
 * the matcher's table (name-lists.ts), so the nickname recall measures how
 * well the matcher copes with what people actually write, not the table
 * agreeing with itself.
 */
export function nicknameAlternativesFromTable(name: string): string[] {
  return WRITTEN_NICKNAMES[name] ?? [];
}

/** Applies one corruption in place; returns false when it could not be applied. */
export function applyCorruption(
  kind: CorruptionKind,
  person: SyntheticPerson,
  written: WrittenPerson,
  random: Random,
  context: CorruptionContext = {},
): boolean {
  const referenceDate = context.referenceDate ?? DEFAULT_REFERENCE_DATE;
  const [year, month, day] = person.dateOfBirth.split('-').map(Number) as [number, number, number];
  switch (kind) {
    case 'typo': {
      if (random.chance(0.5) && written.givenName) written.givenName = typo(written.givenName, random);
      else written.familyName = typo(written.familyName || person.familyName, random);
      return true;
    }
    case 'phonetic': {
      const onGiven = random.chance(0.5);
      const first = onGiven ? written.givenName : written.familyName;
      const changed = phoneticMisspelling(first, random);
      if (changed) {
        if (onGiven) written.givenName = changed;
        else written.familyName = changed;
        return true;
      }
      const other = onGiven ? written.familyName : written.givenName;
      const otherChanged = phoneticMisspelling(other, random);
      if (!otherChanged) return false;
      if (onGiven) written.familyName = otherChanged;
      else written.givenName = otherChanged;
      return true;
    }
    case 'nickname': {
      const alternatives = (context.nicknames ?? nicknameAlternativesFromTable)(person.givenName);
      if (alternatives.length === 0) return false;
      written.givenName = random.pick(alternatives);
      return true;
    }
    case 'transliteration': {
      const givenAlternatives = transliterationAlternatives(person.givenName);
      const familyAlternatives = transliterationAlternatives(person.familyName);
      if (givenAlternatives.length > 0 && (familyAlternatives.length === 0 || random.chance(0.5))) {
        written.givenName = random.pick(givenAlternatives);
      } else if (familyAlternatives.length > 0) {
        written.familyName = random.pick(familyAlternatives);
      } else {
        return false;
      }
      return true;
    }
    case 'swapped_names': {
      [written.givenName, written.familyName] = [written.familyName, written.givenName];
      return true;
    }
    case 'day_month_swap': {
      if (day > 12 || day === month) return false;
      written.dateOfBirth = formatUkDate(year, day, month);
      return true;
    }
    case 'year_only_dob':
      written.dateOfBirth = String(year);
      return true;
    case 'approximate_age': {
      const age = ageOn(person.dateOfBirth, referenceDate);
      written.dateOfBirth = random.pick([`about ${age}`, `${age}`, `aged ${age}`, `approx ${age} yrs`]);
      return true;
    }
    case 'outward_postcode':
      written.postcode = person.postcode.split(' ')[0] ?? person.postcode;
      return true;
    case 'placeholder_name':
      written.givenName = random.pick(['Baby', 'Unknown', 'Not known', 'N/K']);
      return true;
    case 'missing_field': {
      const field = random.pick(['givenName', 'familyName', 'dateOfBirth', 'postcode'] as const);
      written[field] = '';
      return true;
    }
    case 'hyphenated_surname_partial': {
      const parts = person.familyName.split('-');
      if (parts.length < 2) return false;
      written.familyName = random.pick(parts);
      return true;
    }
    case 'middle_name_merge': {
      if (!person.middleNames) return false;
      written.givenName = `${written.givenName} ${person.middleNames}`;
      return true;
    }
  }
}

/** Writes the person with the given corruptions (those that apply), returning the tags actually applied. */
export function corruptPerson(
  person: SyntheticPerson,
  kinds: readonly CorruptionKind[],
  random: Random,
  context: CorruptionContext = {},
): CorruptedPerson {
  const written = writePerson(person);
  const corruptions: CorruptionKind[] = [];
  for (const kind of kinds) {
    if (applyCorruption(kind, person, written, random, context)) corruptions.push(kind);
  }
  return { written, corruptions };
}

export interface LinkageBenchmarkOptions {
  /** Records on each side. */
  size: number;
  seed?: number;
  /** Share of right-hand records that are corrupted copies of left-hand people; default 0.5. */
  duplicateShare?: number;
  /** Chance that a copy gets a second, random corruption on top of its main one; default 0.25. */
  secondCorruptionChance?: number;
  /** Chance that a copy is written cleanly (no corruption at all); default 0.1. */
  cleanCopyChance?: number;
  referenceDate?: Date;
  /** Share of the right-hand file given to each kind of look-alike (twins, siblings…); false for none. */
  lookAlikes?: Partial<Record<LookAlikeKind, number>> | false;
}

/** What a right-hand record is to the left-hand file. */
export type RightRecordKind = 'copy' | LookAlikeKind | 'unrelated';
export const RIGHT_RECORD_KINDS: readonly RightRecordKind[] = ['copy', ...LOOK_ALIKE_KINDS, 'unrelated'];

export interface LinkageBenchmark {
  left: PersonRecord[];
  right: PersonRecord[];
  /** Person id behind each record (the answer; never shown to the matcher). */
  leftPerson: string[];
  rightPerson: string[];
  /** Corruptions applied to each right-hand record (empty for clean copies and unrelated people). */
  rightCorruptions: CorruptionKind[][];
  /** Kind of each right-hand record: a copy, a look-alike of a left-hand person, or unrelated. */
  rightKind: RightRecordKind[];
  /** For a look-alike, the left-hand people it resembles (their person ids). */
  rightRelatives: string[][];
  referenceDate: Date;
}

function toRecord(id: string, written: WrittenPerson): PersonRecord {
  return {
    id,
    givenName: written.givenName,
    familyName: written.familyName,
    dateOfBirth: written.dateOfBirth,
    postcode: written.postcode,
    gender: written.gender,
  };
}

/**
 * Two files to link: the left is a clean register; the right mixes corrupted
 * copies of left-hand people (each with one main corruption, spread evenly
 * over the kinds that apply) and people who are not on the left at all
 * (including siblings and twins of people who are).
 */
export function generateLinkageBenchmark(options: LinkageBenchmarkOptions): LinkageBenchmark {
  const seed = options.seed ?? 7;
  const referenceDate = options.referenceDate ?? DEFAULT_REFERENCE_DATE;
  const duplicateShare = options.duplicateShare ?? 0.5;
  const secondChance = options.secondCorruptionChance ?? 0.25;
  const cleanChance = options.cleanCopyChance ?? 0.1;
  const random = new Random(seed ^ 0x5bd1e995);
  const copies = Math.round(options.size * duplicateShare);
  const population = generatePopulation({ size: options.size + (options.size - copies), seed, referenceDate });
  random.shuffle(population);
  const leftPeople = population.slice(0, options.size);
  const rightOnly = population.slice(options.size);
  const copied = random.shuffle(leftPeople.slice()).slice(0, copies);

  const left = leftPeople.map((person, index) => toRecord(`L${index}`, writePerson(person)));
  const rightEntries: Array<{ person: SyntheticPerson; written: WrittenPerson; corruptions: CorruptionKind[] }> = [];
  let rotation = 0;
  for (const person of copied) {
    if (random.chance(cleanChance)) {
      rightEntries.push({ person, written: writePerson(person), corruptions: [] });
      continue;
    }
    // Rotate through the kinds so each is well represented; skip those that do not apply.
    let main: CorruptionKind | null = null;
    for (let attempt = 0; attempt < CORRUPTION_KINDS.length; attempt++) {
      const kind = CORRUPTION_KINDS[(rotation + attempt) % CORRUPTION_KINDS.length] as CorruptionKind;
      if (isApplicable(kind, person, { referenceDate })) {
        main = kind;
        rotation = (rotation + attempt + 1) % CORRUPTION_KINDS.length;
        break;
      }
    }
    const kinds: CorruptionKind[] = main ? [main] : [];
    if (random.chance(secondChance)) {
      const extra = random.pick(CORRUPTION_KINDS.filter((kind) => kind !== main && isApplicable(kind, person, { referenceDate })));
      kinds.push(extra);
    }
    const { written, corruptions } = corruptPerson(person, kinds, random, { referenceDate });
    rightEntries.push({ person, written, corruptions });
  }
  const shares = options.lookAlikes === false ? null : { ...DEFAULT_LOOK_ALIKE_SHARES, ...options.lookAlikes };
  const counts = Object.fromEntries(LOOK_ALIKE_KINDS.map((kind) => [kind, shares ? Math.round((shares[kind] ?? 0) * options.size) : 0])) as Record<LookAlikeKind, number>;
  const lookAlikes = makeLookAlikes(leftPeople, counts, random);
  const kindOf = new Map<string, { kind: RightRecordKind; relatives: string[] }>();
  for (const person of copied) kindOf.set(person.personId, { kind: 'copy', relatives: [] });
  for (const lookAlike of lookAlikes) {
    kindOf.set(lookAlike.person.personId, { kind: lookAlike.kind, relatives: [lookAlike.relativeOf] });
    rightEntries.push({ person: lookAlike.person, written: writePerson(lookAlike.person), corruptions: [] });
  }
  // The population's own households also put twins and siblings of left-hand people on the right.
  const leftByHousehold = new Map<string, SyntheticPerson[]>();
  for (const person of leftPeople) leftByHousehold.set(person.householdId, [...(leftByHousehold.get(person.householdId) ?? []), person]);
  for (const person of rightOnly.slice(0, Math.max(0, rightOnly.length - lookAlikes.length))) {
    const household = leftByHousehold.get(person.householdId) ?? [];
    const twin = household.find((other) => other.dateOfBirth === person.dateOfBirth);
    const kind: RightRecordKind = twin ? (twin.gender === person.gender ? 'twin_same_sex' : 'twin_opposite_sex') : household.length > 0 ? 'sibling' : 'unrelated';
    kindOf.set(person.personId, { kind, relatives: (twin ? [twin] : household).map((other) => other.personId) });
    rightEntries.push({ person, written: writePerson(person), corruptions: [] });
  }
  random.shuffle(rightEntries);
  return {
    left,
    right: rightEntries.map((entry, index) => toRecord(`R${index}`, entry.written)),
    leftPerson: leftPeople.map((person) => person.personId),
    rightPerson: rightEntries.map((entry) => entry.person.personId),
    rightCorruptions: rightEntries.map((entry) => entry.corruptions),
    rightKind: rightEntries.map((entry) => kindOf.get(entry.person.personId)?.kind ?? 'unrelated'),
    rightRelatives: rightEntries.map((entry) => kindOf.get(entry.person.personId)?.relatives ?? []),
    referenceDate,
  };
}

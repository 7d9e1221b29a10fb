/**
 * Young people as the engine sees them: a record (or a form's details) turned into PersonRecords,
 * one per way of writing the name (the recorded names, then each other name they are known by),
 * and their blocking keys.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { rows } from '../../platform/db/database.ts';
import type { PersonDetails } from '../young-people/index.ts';
import { blockingKeys } from './blocking.ts';
import { standardisePerson } from './standardise.ts';
import type { PersonRecord } from './types.ts';

/** The columns of a young person that matching reads. */
export interface MatchablePerson {
  id: string;
  number?: number;
  givenName: string | null;
  familyName: string | null;
  aliases: string[];
  /** ISO date, YYYY-MM-DD. */
  dateOfBirth: string | null;
  estimatedAge: number | null;
  /** ISO date the estimate was made; null means today. */
  estimatedAgeAt: string | null;
  postcode: string | null;
  gender: string;
  identifiers: Record<string, string>;
}

/** What a form or an import row gives: PersonDetails without an id. */
export type MatchableDetails = Pick<PersonDetails, 'givenName' | 'familyName'> &
  Partial<Pick<PersonDetails, 'aliases' | 'dateOfBirth' | 'estimatedAge' | 'postcode' | 'gender' | 'nhsNumber' | 'upn' | 'localAuthorityId'>>;

export function fromDetails(id: string, details: MatchableDetails): MatchablePerson {
  const identifiers: Record<string, string> = {};
  if (details.nhsNumber) identifiers.nhs_number = details.nhsNumber;
  if (details.upn) identifiers.upn = details.upn;
  if (details.localAuthorityId) identifiers.local_authority_id = details.localAuthorityId;
  return {
    id,
    givenName: details.givenName,
    familyName: details.familyName,
    aliases: details.aliases ?? [],
    dateOfBirth: details.dateOfBirth ?? null,
    estimatedAge: details.dateOfBirth ? null : (details.estimatedAge ?? null),
    estimatedAgeAt: null,
    postcode: details.postcode ?? null,
    gender: details.gender ?? 'not_recorded',
    identifiers,
  };
}

/** Gender as the engine compares it: the gender a young person identifies as; blank when not recorded. */
export function genderForMatching(gender: string): string {
  if (gender === 'female' || gender === 'transgender_female') return 'F';
  if (gender === 'male' || gender === 'transgender_male') return 'M';
  if (gender === 'non_binary') return 'X';
  return '';
}

/** Age now, from an age estimated on an earlier date. */
export function currentEstimatedAge(age: number, estimatedAt: string | null, today = new Date()): number {
  if (!estimatedAt) return age;
  const then = new Date(`${estimatedAt}T00:00:00Z`);
  const years = Math.floor((today.getTime() - then.getTime()) / (365.25 * 86_400_000));
  return age + Math.max(0, years);
}

/** At most this many other names are used for matching (each adds a way of writing the name). */
export const MAX_ALIAS_VARIANTS = 5;

/**
 * The records the engine compares for one young person: their recorded names first, then one
 * per other name (a single word is read as a first name with the family name kept, as nicknames
 * are; several words as a full name). Every variant shares the date of birth, postcode and
 * identifiers. The variant's id is `<id>#<n>`.
 */
export function personVariants(person: MatchablePerson, today = new Date()): PersonRecord[] {
  const base: PersonRecord = {
    id: `${person.id}#0`,
    givenName: person.givenName,
    familyName: person.familyName,
    dateOfBirth: person.dateOfBirth,
    approximateAge: person.dateOfBirth || person.estimatedAge === null ? null : currentEstimatedAge(person.estimatedAge, person.estimatedAgeAt, today),
    postcode: person.postcode,
    gender: genderForMatching(person.gender),
    identifiers: person.identifiers,
  };
  const variants: PersonRecord[] = [];
  if (person.givenName || person.familyName) variants.push(base);
  const seen = new Set([`${person.givenName ?? ''} ${person.familyName ?? ''}`.trim().toLowerCase()]);
  for (const alias of person.aliases.slice(0, MAX_ALIAS_VARIANTS)) {
    const words = alias.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) continue;
    const variant: PersonRecord =
      words.length === 1
        ? { ...base, givenName: words[0], middleNames: null }
        : { ...base, givenName: null, familyName: null, fullName: words.join(' ') };
    const label = `${variant.givenName ?? variant.fullName ?? ''} ${variant.familyName ?? ''}`.trim().toLowerCase();
    if (seen.has(label)) continue;
    seen.add(label);
    variants.push({ ...variant, id: `${person.id}#${variants.length}` });
  }
  // Someone known only by a description still has a date of birth, postcode or identifiers to go on.
  if (variants.length === 0) variants.push(base);
  return variants;
}

/** The id of the young person a variant belongs to. */
export function ownerOf(variantId: string): string {
  const at = variantId.lastIndexOf('#');
  return at < 0 ? variantId : variantId.slice(0, at);
}

/** Every blocking key of a young person: the union over their variants, sorted. */
export function keysForPerson(person: MatchablePerson, today = new Date()): string[] {
  const keys = new Set<string>();
  for (const variant of personVariants(person, today)) {
    for (const key of blockingKeys(standardisePerson(variant, { referenceDate: today }))) keys.add(key);
  }
  return [...keys].sort();
}

interface MatchableRow {
  id: string;
  number: number;
  area_id: string;
  given_name: string | null;
  family_name: string | null;
  aliases: string[] | null;
  date_of_birth: string | null;
  estimated_age: number | null;
  estimated_age_at: string | null;
  postcode: string | null;
  gender: string;
  identifiers: Array<[string, string]> | null;
  merged_into_id: string | null;
}

export function matchableFromRow(row: MatchableRow): MatchablePerson & { areaId: string; mergedIntoId: string | null } {
  const identifiers: Record<string, string> = {};
  for (const [kind, value] of row.identifiers ?? []) if (!(kind in identifiers)) identifiers[kind] = value;
  return {
    id: row.id,
    number: Number(row.number),
    areaId: row.area_id,
    givenName: row.given_name,
    familyName: row.family_name,
    aliases: row.aliases ?? [],
    dateOfBirth: row.date_of_birth,
    estimatedAge: row.estimated_age,
    estimatedAgeAt: row.estimated_age_at,
    postcode: row.postcode,
    gender: row.gender,
    identifiers,
    mergedIntoId: row.merged_into_id,
  };
}

/** The select list that reads a matchable young person from `yp` (dates as ISO text, identifiers as pairs). */
export const MATCHABLE_COLUMNS = sql`yp.id, yp.number, yp.area_id, yp.given_name, yp.family_name, yp.aliases,
  yp.date_of_birth::text as date_of_birth, yp.estimated_age, yp.estimated_age_at::text as estimated_age_at,
  yp.postcode, yp.gender, yp.merged_into_id,
  (select json_agg(json_build_array(i.kind, i.value) order by i.created_at) from young_person_identifiers i where i.young_person_id = yp.id) as identifiers`;

/** Matchable young people by a condition on `yp` (e.g. ids, or an area). */
export async function loadMatchable(db: Db, where: SQL, orderAndLimit: SQL = sql``) {
  const found = await rows<MatchableRow>(db, sql`select ${MATCHABLE_COLUMNS} from young_people yp where ${where} ${orderAndLimit}`);
  return found.map(matchableFromRow);
}

import { parseNhsNumber, parseUkPostcode, parseUpn, parseLocalAuthorityId } from '../identifiers/index.ts';
import { readDateInput } from '../../platform/http/date-input.ts';
import { MAX_FREE_TEXT } from '../../platform/http/forms.ts';
import { londonDate } from '../../platform/time.ts';
import { ETHNICITIES, GENDERS } from './monitoring.ts';

/** A young person's identifying details as entered on a form, before they are a record. */
export interface PersonDetails {
  givenName: string | null;
  familyName: string | null;
  aliases: string[];
  dateOfBirth: string | null;
  estimatedAge: number | null;
  gender: string;
  ethnicity: string;
  address: string | null;
  postcode: string | null;
  school: string | null;
  nhsNumber: string | null;
  upn: string | null;
  localAuthorityId: string | null;
}

export const PERSON_FIELD_ORDER = ['givenName', 'familyName', 'aliases', 'dateOfBirth', 'estimatedAge', 'gender', 'ethnicity', 'address', 'postcode', 'school', 'nhsNumber', 'upn', 'localAuthorityId'];

/** Details with nothing known except what is given: for demo data, imports and tests. */
export function personDetailsWith(known: Partial<PersonDetails>): PersonDetails {
  return {
    givenName: null,
    familyName: null,
    aliases: [],
    dateOfBirth: null,
    estimatedAge: null,
    gender: 'not_recorded',
    ethnicity: 'not_recorded',
    address: null,
    postcode: null,
    school: null,
    nhsNumber: null,
    upn: null,
    localAuthorityId: null,
    ...known,
  };
}

/** Lantern is for children and young people: anyone older than this is refused. */
export const MAX_AGE_YEARS = 25;

type Input = Record<string, unknown>;
const text = (input: Input, key: string) => (typeof input[key] === 'string' ? (input[key] as string).trim() : '');

/** Age in whole years on `on`, counting a birthday as reached on the day itself. */
export function ageOn(dateOfBirth: string, on: Date): number {
  const [y, m, d] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const ty = on.getUTCFullYear();
  const tm = on.getUTCMonth() + 1;
  const td = on.getUTCDate();
  return ty - y - (tm < m || (tm === m && td < d) ? 1 : 0);
}

/** Day and month the other way round, when that is a different real date. */
export function swappedDayMonth(iso: string): string | null {
  const [y, m, d] = iso.split('-');
  if (!y || !m || !d || d === m || Number(d) > 12) return null;
  const swapped = `${y}-${d}-${m}`;
  const date = new Date(`${swapped}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === swapped ? swapped : null;
}

/** `ageAt`: the day ages are judged on (today, unless the record is from the past, like an imported caseload). */
export function validatePersonDetails(input: Input, today = new Date(), ageAt = today): { details: PersonDetails; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const givenName = text(input, 'givenName');
  const familyName = text(input, 'familyName');
  for (const [key, value, label] of [['givenName', givenName, 'First name'], ['familyName', familyName, 'Last name']] as const) {
    if (value.length > 100) errors[key] = `${label} must be 100 characters or fewer`;
  }
  const aliases = text(input, 'aliases')
    .split(/[,\n]/)
    .map((a) => a.trim())
    .filter(Boolean);
  if (aliases.length > 20 || aliases.some((a) => a.length > 60)) errors.aliases = 'Enter up to 20 other names, each 60 characters or fewer, separated by commas';

  const dob = readDateInput(input, 'dateOfBirth', { label: 'Date of birth', latest: londonDate(today) });
  if (dob.error) errors.dateOfBirth = dob.error;
  else if (dob.value) {
    if (ageOn(dob.value, ageAt) > MAX_AGE_YEARS) errors.dateOfBirth = `Date of birth gives an age over ${MAX_AGE_YEARS}. Lantern is for children and young people – check the year`;
  }
  const ageText = text(input, 'estimatedAge');
  let estimatedAge: number | null = null;
  if (ageText) {
    if (!/^\d{1,2}$/.test(ageText)) errors.estimatedAge = 'Approximate age must be a whole number of years, like 14';
    else if (Number(ageText) > MAX_AGE_YEARS) errors.estimatedAge = `Approximate age must be ${MAX_AGE_YEARS} or under`;
    else estimatedAge = Number(ageText);
  }

  const gender = text(input, 'gender') || 'not_recorded';
  if (gender !== 'not_recorded' && !GENDERS.some((g) => g.value === gender)) errors.gender = 'Select a gender from the list';
  const ethnicity = text(input, 'ethnicity') || 'not_recorded';
  if (ethnicity !== 'not_recorded' && !ETHNICITIES.some((e) => e.value === ethnicity)) errors.ethnicity = 'Select an ethnic group from the list';

  const address = text(input, 'address');
  if (address.length > 500) errors.address = 'Address must be 500 characters or fewer';
  const postcodeText = text(input, 'postcode');
  let postcode: string | null = null;
  if (postcodeText) {
    const parsed = parseUkPostcode(postcodeText);
    if (!parsed) errors.postcode = 'Enter a real UK postcode, like NB1 4XY, or just the first part, like NB1';
    else postcode = parsed.normalised;
  }
  const school = text(input, 'school');
  if (school.length > 200) errors.school = 'School or college must be 200 characters or fewer';

  let nhsNumber: string | null = null;
  const nhsText = text(input, 'nhsNumber');
  if (nhsText) {
    const parsed = parseNhsNumber(nhsText);
    if (parsed.ok) nhsNumber = parsed.value;
    else errors.nhsNumber = parsed.message;
  }
  let upn: string | null = null;
  const upnText = text(input, 'upn');
  if (upnText) {
    const parsed = parseUpn(upnText);
    if (parsed.ok) upn = parsed.value;
    else errors.upn = parsed.message;
  }
  let localAuthorityId: string | null = null;
  const laText = text(input, 'localAuthorityId');
  if (laText) {
    const parsed = parseLocalAuthorityId(laText);
    if (parsed.ok) localAuthorityId = parsed.value;
    else errors.localAuthorityId = parsed.message;
  }
  return {
    details: {
      givenName: givenName || null,
      familyName: familyName || null,
      aliases,
      dateOfBirth: dob.value,
      estimatedAge,
      gender,
      ethnicity,
      address: address || null,
      postcode,
      school: school || null,
      nhsNumber,
      upn,
      localAuthorityId,
    },
    errors,
  };
}

/** The lower-case text the name search matches against: names and every alias. */
export function searchTextFor(details: Pick<PersonDetails, 'givenName' | 'familyName' | 'aliases'>): string {
  return [details.givenName, details.familyName, ...details.aliases].filter(Boolean).join(' ').toLowerCase();
}

export function limitFreeText(value: string, label: string): string | null {
  return value.length > MAX_FREE_TEXT ? `${label} must be ${MAX_FREE_TEXT.toLocaleString('en-GB')} characters or fewer – you have ${value.length.toLocaleString('en-GB')}` : null;
}

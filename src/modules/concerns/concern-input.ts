import { readDateInput } from '../../platform/http/date-input.ts';
import { MAX_FREE_TEXT, isOneOf } from '../../platform/http/forms.ts';
import { londonDate } from '../../platform/time.ts';
import { isUuid } from '../../platform/ids.ts';
import { GENDERS, MAX_AGE_YEARS, validatePersonDetails, type PersonDetails } from '../young-people/index.ts';
import type { ChecklistGroup } from './indicators.ts';

export const HOW_LEARNED = {
  observed: 'I saw it myself',
  told_by_young_person: 'The young person told me',
  told_by_someone_else: 'Someone else told me',
} as const;

export const YOUNG_PERSON_AWARE = {
  yes: 'Yes, they know',
  no: 'No, they do not know',
  not_known: 'I do not know',
} as const;

export const LAWFUL_BASES = {
  consent: { label: 'With consent', hint: 'The young person, or a parent or carer where appropriate, agreed to this being shared' },
  safeguarding: { label: 'To protect a child from harm, without consent', hint: 'Sharing is needed to safeguard a child, so consent was not sought or was refused' },
  legal_duty: { label: 'Because the law or a court requires it', hint: 'For example a statutory duty or a court order' },
} as const;

/** Who or what else was involved, as the practitioner typed it; linked to records later. */
export const MENTION_KINDS = {
  adult: { label: 'Adults', hint: 'Names, nicknames or descriptions, one per line' },
  young_person: { label: 'Other young people', hint: 'Names or descriptions, one per line' },
  vehicle: { label: 'Vehicles', hint: 'Registration numbers (even partial), makes or colours, one per line' },
  phone: { label: 'Phone numbers', hint: 'One per line' },
  online_account: { label: 'Online accounts', hint: 'The app or site and the name used, like “Snapchat: mimi_x”, one per line' },
  place: { label: 'Places', hint: 'Addresses, businesses or landmarks, one per line' },
} as const;
export type MentionKind = keyof typeof MENTION_KINDS;

export type Subject =
  | { kind: 'known'; youngPersonId: string }
  | { kind: 'new'; details: PersonDetails }
  | { kind: 'unidentified'; description: string; estimatedAge: number | null; gender: string };

/** A complete, valid concern, whichever way it arrived (the pages or the API). */
export interface ConcernInput {
  immediateDanger: boolean;
  subject: Subject;
  indicators: string[];
  details: string;
  occurredOn: string | null;
  whenText: string | null;
  whereText: string | null;
  mentions: { kind: MentionKind; value: string }[];
  howLearned: keyof typeof HOW_LEARNED;
  youngPersonAware: keyof typeof YOUNG_PERSON_AWARE;
  lawfulBasis: keyof typeof LAWFUL_BASES;
}

/** The raw answers: what the pages keep in a draft and what the API accepts, field for field. */
export interface RawConcern {
  immediateDanger?: unknown;
  subjectKind?: unknown;
  youngPersonId?: unknown;
  person?: Record<string, unknown>;
  description?: unknown;
  estimatedAge?: unknown;
  gender?: unknown;
  indicators?: unknown;
  details?: unknown;
  occurredOn?: Record<string, unknown>;
  whenText?: unknown;
  whereText?: unknown;
  others?: Record<string, unknown>;
  howLearned?: unknown;
  youngPersonAware?: unknown;
  lawfulBasis?: unknown;
}

const MAX_MENTIONS_PER_KIND = 30;
const str = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

function lines(value: unknown): string[] {
  const list = Array.isArray(value) ? value : str(value).split('\n');
  return list.map((v) => (typeof v === 'string' ? v.trim() : '')).filter(Boolean);
}

/** Field-by-field checks; each page checks its own fields, submission checks them all. */
export const checks = {
  immediateDanger(raw: RawConcern, errors: Record<string, string>): boolean {
    if (raw.immediateDanger !== 'yes' && raw.immediateDanger !== 'no' && typeof raw.immediateDanger !== 'boolean') {
      errors.immediateDanger = 'Select yes if a child is in immediate danger now';
    }
    return raw.immediateDanger === 'yes' || raw.immediateDanger === true;
  },

  subjectKind(raw: RawConcern, errors: Record<string, string>): Subject['kind'] | null {
    const kind = raw.subjectKind;
    if (kind === 'known' || kind === 'new' || kind === 'unidentified') return kind;
    errors.subjectKind = 'Select who the concern is about';
    return null;
  },

  known(raw: RawConcern, errors: Record<string, string>): string | null {
    if (!isUuid(raw.youngPersonId)) {
      errors.youngPersonId = 'Select the young person this concern is about';
      return null;
    }
    return raw.youngPersonId;
  },

  person(raw: RawConcern, errors: Record<string, string>, today = new Date()): PersonDetails {
    const { details, errors: personErrors } = validatePersonDetails(raw.person ?? {}, today);
    Object.assign(errors, personErrors);
    if (!details.givenName && !details.familyName && !details.aliases.length && !personErrors.givenName) {
      errors.givenName = 'Enter their first name, last name or a name they are known by';
    }
    return details;
  },

  unidentified(raw: RawConcern, errors: Record<string, string>): { description: string; estimatedAge: number | null; gender: string } {
    const description = str(raw.description);
    if (!description) errors.description = 'Describe the young person, for example what they look like, what they are called and where they were seen';
    else if (description.length > 2000) errors.description = 'The description must be 2,000 characters or fewer';
    const ageText = str(raw.estimatedAge);
    let estimatedAge: number | null = null;
    if (ageText) {
      if (!/^\d{1,2}$/.test(ageText) || Number(ageText) > MAX_AGE_YEARS) errors.estimatedAge = `Approximate age must be a whole number of years, ${MAX_AGE_YEARS} or under`;
      else estimatedAge = Number(ageText);
    }
    const gender = str(raw.gender) || 'not_recorded';
    if (gender !== 'not_recorded' && !GENDERS.some((g) => g.value === gender)) errors.gender = 'Select a gender from the list';
    return { description, estimatedAge, gender };
  },

  indicators(raw: RawConcern, errors: Record<string, string>, checklist: ChecklistGroup[]): string[] {
    const chosen = [...new Set(lines(raw.indicators))];
    const known = new Set(checklist.flatMap((g) => g.indicators.map((i) => i.id)));
    const unknown = chosen.filter((id) => !known.has(id));
    if (unknown.length) errors.indicators = `These indicators are not in the area’s current checklist: ${unknown.join(', ')}. Choose from the list`;
    return chosen;
  },

  details(raw: RawConcern, errors: Record<string, string>, today = new Date()) {
    const details = str(raw.details);
    if (!details) errors.details = 'Describe what you saw or were told';
    else if (details.length > MAX_FREE_TEXT) errors.details = `What happened must be ${MAX_FREE_TEXT.toLocaleString('en-GB')} characters or fewer – you have written ${details.length.toLocaleString('en-GB')}`;
    const occurred = readDateInput(raw.occurredOn, 'occurredOn', { label: 'The date it happened', latest: londonDate(today) });
    if (occurred.error) errors.occurredOn = occurred.error;
    const whenText = str(raw.whenText);
    const whereText = str(raw.whereText);
    if (whenText.length > 500) errors.whenText = 'When it happened must be 500 characters or fewer';
    if (whereText.length > 1000) errors.whereText = 'Where it happened must be 1,000 characters or fewer';
    return { details, occurredOn: occurred.value, whenText: whenText || null, whereText: whereText || null };
  },

  others(raw: RawConcern, errors: Record<string, string>): { kind: MentionKind; value: string }[] {
    const mentions: { kind: MentionKind; value: string }[] = [];
    for (const kind of Object.keys(MENTION_KINDS) as MentionKind[]) {
      const values = lines(raw.others?.[kind]);
      if (values.length > MAX_MENTIONS_PER_KIND || values.some((v) => v.length > 200)) {
        errors[`others-${kind}`] = `${MENTION_KINDS[kind].label}: enter up to ${MAX_MENTIONS_PER_KIND} lines, each 200 characters or fewer`;
      } else mentions.push(...values.map((value) => ({ kind, value })));
    }
    return mentions;
  },

  sharing(raw: RawConcern, errors: Record<string, string>) {
    const howLearned = str(raw.howLearned);
    const youngPersonAware = str(raw.youngPersonAware);
    const lawfulBasis = str(raw.lawfulBasis);
    if (!isOneOf(HOW_LEARNED, howLearned)) errors.howLearned = 'Select how you know about this';
    if (!isOneOf(YOUNG_PERSON_AWARE, youngPersonAware)) errors.youngPersonAware = 'Select whether the young person knows this is being shared';
    if (!isOneOf(LAWFUL_BASES, lawfulBasis)) errors.lawfulBasis = 'Select the basis on which you are sharing this';
    return { howLearned: howLearned as ConcernInput['howLearned'], youngPersonAware: youngPersonAware as ConcernInput['youngPersonAware'], lawfulBasis: lawfulBasis as ConcernInput['lawfulBasis'] };
  },
};

/** Checks a whole concern. Whether a known young person is visible to the sender is checked by the submission service. */
export function validateConcern(raw: RawConcern, checklist: ChecklistGroup[], today = new Date()): { input: ConcernInput | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const immediateDanger = checks.immediateDanger(raw, errors);
  const kind = checks.subjectKind(raw, errors);
  let subject: Subject | null = null;
  if (kind === 'known') {
    const id = checks.known(raw, errors);
    if (id) subject = { kind, youngPersonId: id };
  } else if (kind === 'new') subject = { kind, details: checks.person(raw, errors, today) };
  else if (kind === 'unidentified') subject = { kind, ...checks.unidentified(raw, errors) };
  const indicators = checks.indicators(raw, errors, checklist);
  const details = checks.details(raw, errors, today);
  const mentions = checks.others(raw, errors);
  const sharing = checks.sharing(raw, errors);
  if (Object.keys(errors).length || !subject) return { input: null, errors };
  return { input: { immediateDanger, subject, indicators, ...details, mentions, ...sharing }, errors };
}

/**
 * What each casework record is made of, as one Zod schema per record. The JSON API declares these
 * schemas as its bodies; the pages read their forms into the same shape and check it with the same
 * schema, so a rule (and its message) is written once. Rules that need the database (whether a
 * linked record may be seen) are the service's.
 */
import { z } from 'zod';
import { MAX_FREE_TEXT, type FieldErrors } from '../../platform/http/forms.ts';
import { isIsoDate, londonToday } from '../../platform/time.ts';
import { CHILD_RELATIONSHIPS, CONTACT_TYPES, NOTE_VISIBILITY, PARENTAL_RESPONSIBILITY, RELATIONSHIPS } from './vocab.ts';

const keys = <T extends Record<string, unknown>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];

/** A calendar date, YYYY-MM-DD, not after today in the UK. */
const pastDate = (label: string) =>
  z
    .string({ error: `Enter the ${label.toLowerCase()}` })
    .refine(isIsoDate, { error: `${label} must be a real date` })
    .refine((value) => value <= londonToday(), { error: `${label} must be today or in the past` })
    .describe('A date as YYYY-MM-DD, today or earlier');

const requiredText = (missing: string, label: string, max: number) =>
  z
    .string({ error: missing })
    .trim()
    .min(1, { error: missing })
    .max(max, { error: `${label} must be ${max.toLocaleString('en-GB')} characters or fewer` });

/** Optional text: absent, empty or spaces all mean "not given" (null). */
const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: `${label} must be ${max.toLocaleString('en-GB')} characters or fewer` })
    .optional()
    .transform((value) => value || null);

export const caseNoteInput = z.strictObject({
  contactOn: pastDate('Date of contact'),
  contactType: z.enum(keys(CONTACT_TYPES), { error: 'Select the type of contact' }),
  text: requiredText('Enter the note', 'The note', MAX_FREE_TEXT),
  visibility: z.enum(keys(NOTE_VISIBILITY), { error: 'Select who may read the note' }).describe('agency: your agency only; partnership: everyone who may see the record'),
});
export type CaseNoteInput = z.infer<typeof caseNoteInput>;

const YOUNG_PERSON_REFERENCE = /^YP-?\d{1,9}$/i;

export const networkMemberInput = z.strictObject({
  name: requiredText('Enter their name, or how the young person refers to them', 'Name', 200),
  relationship: z.enum(keys(RELATIONSHIPS), { error: 'Select how they are related to the young person' }),
  contactDetails: optionalText('Contact details', 1000),
  parentalResponsibility: z.enum(keys(PARENTAL_RESPONSIBILITY), { error: 'Select whether they have parental responsibility' }),
  livesWithYoungPerson: z.boolean({ error: 'Select whether the young person lives with them' }),
  note: optionalText('The note', 2000),
  linkedYoungPersonReference: z
    .string()
    .trim()
    .refine((value) => value === '' || YOUNG_PERSON_REFERENCE.test(value), { error: 'Enter a Lantern reference like YP-12, or leave it blank' })
    .optional()
    .transform((value) => (value ? Number(value.replace(/^YP-?/i, '')) : null))
    .describe('A brother, sister or friend who has a record in Lantern: their reference, like YP-12'),
  adultOfConcernId: z
    .union([z.uuid({ error: 'Select an adult of concern from the list, or none' }), z.literal('')])
    .optional()
    .transform((value) => value || null)
    .describe('When they are an adult of concern you can see: that record’s id'),
});
export type NetworkMemberInput = z.infer<typeof networkMemberInput>;

export const viewsInput = z.strictObject({
  recordedOn: pastDate('Date they said this'),
  views: requiredText('Enter what the young person said they think and want', 'Their views and wishes', MAX_FREE_TEXT),
});
export type ViewsInput = z.infer<typeof viewsInput>;

export const adultChildInput = z
  .strictObject({
    youngPersonId: z
      .union([z.uuid({ error: 'Select a young person from the list' }), z.literal('')])
      .optional()
      .transform((value) => value || null)
      .describe('A young person already in Lantern whom you can see'),
    description: optionalText('What is known about the child', 1000).describe('For a child without a record: what is known (first name, age, where they live)'),
    relationship: z.enum(keys(CHILD_RELATIONSHIPS), { error: 'Select how the adult is related to the child' }),
    note: optionalText('The note', 2000),
  })
  .superRefine((value, context) => {
    if (!value.youngPersonId && !value.description) context.addIssue({ code: 'custom', path: ['youngPersonId'], message: 'Select a young person in Lantern, or describe a child who is not' });
    if (value.youngPersonId && value.description) context.addIssue({ code: 'custom', path: ['description'], message: 'Either select a young person or describe a child without a record, not both' });
  });
export type AdultChildInput = z.infer<typeof adultChildInput>;

/** The first message for each field of a failed parse, keyed by the field's name. */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '');
    if (!(field in errors)) errors[field] = issue.message;
  }
  return errors;
}

/**
 * Checks what a page's form gave (already read into the schema's shape) with the schema, keeping a
 * message the form itself found first (a date input's "must include a month").
 */
export function checkForm<S extends z.ZodType>(schema: S, candidate: unknown, formErrors: FieldErrors = {}): { ok: true; value: z.infer<S> } | { ok: false; errors: FieldErrors } {
  const parsed = schema.safeParse(candidate);
  if (parsed.success && Object.keys(formErrors).length === 0) return { ok: true, value: parsed.data };
  return { ok: false, errors: { ...(parsed.success ? {} : fieldErrorsOf(parsed.error)), ...formErrors } };
}

/**
 * What a closure, a re-opening, a transition plan and a decision at 18 must hold, as Zod schemas.
 * The JSON API declares these as its bodies; the pages read their fields into the same shape and
 * check it with the same schema, so both ways in get the same messages.
 */
import { z } from 'zod';
import { MAX_FREE_TEXT, type FieldErrors } from '../../platform/http/forms.ts';
import { readDateInput } from '../../platform/http/date-input.ts';
import type { TextFields } from '../../platform/http/page-input.ts';
import { isIsoDate } from '../../platform/time.ts';
import { ADULT_SAFEGUARDING, AGREED_BY, CLOSURE_REASON_IDS, type AdultSafeguarding, type AgreedBy, type ClosureReason } from './vocab.ts';

const SHORT_TEXT = 300;

const required = (what: string, max = MAX_FREE_TEXT) =>
  z
    .string({ error: `Enter ${what}` })
    .trim()
    .min(1, `Enter ${what}`)
    .max(max, `${what.charAt(0).toUpperCase()}${what.slice(1)} must be ${max.toLocaleString('en-GB')} characters or fewer`);
const optionalText = (what: string, max = MAX_FREE_TEXT) =>
  z
    .string()
    .trim()
    .max(max, `${what} must be ${max.toLocaleString('en-GB')} characters or fewer`)
    .nullish()
    .transform((value) => value || null);
const calendarDate = (message: string) => z.string({ error: message }).refine(isIsoDate, message);

export const closureInput = z
  .strictObject({
    closedOn: calendarDate('Enter the date CSE work closed').describe('The day the work closed (YYYY-MM-DD), today or earlier'),
    reason: z.enum(CLOSURE_REASON_IDS as [ClosureReason, ...ClosureReason[]], { error: 'Choose why CSE work is closing' }),
    reasonDetails: optionalText('The other reason', 2_000).describe('Required when the reason is other'),
    youngPersonViews: required('what the young person said about closing'),
    familyViews: required('what the family said about closing'),
    agreedBy: z.enum(Object.keys(AGREED_BY) as [AgreedBy, ...AgreedBy[]], { error: 'Choose who agreed the closure' }),
    agendaItemId: z.uuid({ error: 'Choose the panel discussion from the list' }).nullish().describe('For a panel decision: the agenda item about this young person'),
    panelDecidedOn: calendarDate('Enter the date of the panel meeting').nullish().describe('For a panel decision without an agenda item in Lantern: the day of the meeting'),
  })
  .superRefine((input, ctx) => {
    if (input.reason === 'other' && !input.reasonDetails) ctx.addIssue({ code: 'custom', path: ['reasonDetails'], message: 'Enter the other reason for closing' });
    if (input.agreedBy === 'panel' && !input.agendaItemId && !input.panelDecidedOn) ctx.addIssue({ code: 'custom', path: ['panelDecidedOn'], message: 'Choose the panel discussion, or enter the date of the panel meeting' });
  });
export type ClosureInput = z.infer<typeof closureInput>;

export const reopeningInput = z.strictObject({
  reopenedOn: calendarDate('Enter the date CSE work opens again').describe('The first day of the new period (YYYY-MM-DD), today or earlier'),
  reason: required('why CSE work is opening again'),
  concernId: z.uuid({ error: 'Choose the concern from the list' }).nullish().describe('The new concern that led to re-opening, if any'),
});
export type ReopeningInput = z.infer<typeof reopeningInput>;

export const transitionPlanInput = z
  .strictObject({
    adultServicesContact: optionalText('Who in adult services', SHORT_TEXT).describe('A name, a team, or both'),
    adultSafeguarding: z.enum(Object.keys(ADULT_SAFEGUARDING) as [AdultSafeguarding, ...AdultSafeguarding[]], { error: 'Choose whether an adult safeguarding referral is needed' }),
    adultSafeguardingReferredOn: calendarDate('Enter the date the adult safeguarding referral was made').nullish(),
    housing: optionalText('Housing'),
    health: optionalText('Health'),
    leavingCare: optionalText('Leaving-care entitlements'),
    wishes: required('what the young person wants'),
    deadline: calendarDate('Enter the date the plan must be in place by').nullish().describe('Defaults to the 18th birthday'),
  })
  .superRefine((input, ctx) => {
    if (input.adultSafeguarding === 'made' && !input.adultSafeguardingReferredOn) ctx.addIssue({ code: 'custom', path: ['adultSafeguardingReferredOn'], message: 'Enter the date the adult safeguarding referral was made' });
  });
export type TransitionPlanInput = z.infer<typeof transitionPlanInput>;

export const keepOpenInput = z.strictObject({ reason: required('why CSE work stays open after 18') });
export type KeepOpenInput = z.infer<typeof keepOpenInput>;

type Parsed<T> = { input: T; errors: null } | { input: null; errors: FieldErrors };

function check<T>(schema: z.ZodType<T>, value: unknown, formErrors: FieldErrors): Parsed<T> {
  const result = schema.safeParse(value);
  const errors: FieldErrors = { ...formErrors };
  if (!result.success) for (const issue of result.error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
  if (Object.keys(errors).length || !result.success) return { input: null, errors };
  return { input: result.data, errors: null };
}

const text = (body: TextFields, name: string) => body[name] ?? '';
function dateField(body: TextFields, prefix: string, label: string, errors: FieldErrors, latest?: string): string | null {
  const read = readDateInput(body, prefix, { label, latest, example: '27 3 2026' });
  if (read.error) errors[prefix] = read.error;
  return read.value;
}

/** The closure form's fields, as the API's body. */
export function readClosureForm(body: TextFields, today: string): Parsed<ClosureInput> {
  const errors: FieldErrors = {};
  const closedOn = dateField(body, 'closedOn', 'The date CSE work closed', errors, today);
  const agreedBy = text(body, 'agreedBy');
  const panel = agreedBy === 'panel';
  const panelDecidedOn = panel ? dateField(body, 'panelDecidedOn', 'The date of the panel meeting', errors, today) : null;
  return check(
    closureInput,
    {
      closedOn: closedOn ?? (errors.closedOn ? '' : undefined),
      reason: text(body, 'reason') || undefined,
      reasonDetails: text(body, 'reason') === 'other' ? text(body, 'reasonDetails') : null,
      youngPersonViews: text(body, 'youngPersonViews'),
      familyViews: text(body, 'familyViews'),
      agreedBy: agreedBy || undefined,
      agendaItemId: panel ? text(body, 'agendaItemId') || null : null,
      panelDecidedOn: panel ? panelDecidedOn : null,
    },
    errors,
  );
}

export function readReopeningForm(body: TextFields, today: string): Parsed<ReopeningInput> {
  const errors: FieldErrors = {};
  const reopenedOn = dateField(body, 'reopenedOn', 'The date CSE work opens again', errors, today);
  return check(reopeningInput, { reopenedOn: reopenedOn ?? (errors.reopenedOn ? '' : undefined), reason: text(body, 'reason'), concernId: text(body, 'concernId') || null }, errors);
}

export function readTransitionPlanForm(body: TextFields, today: string): Parsed<TransitionPlanInput> {
  const errors: FieldErrors = {};
  const made = text(body, 'adultSafeguarding') === 'made';
  const referredOn = made ? dateField(body, 'adultSafeguardingReferredOn', 'The date of the adult safeguarding referral', errors, today) : null;
  const deadline = dateField(body, 'deadline', 'The deadline', errors);
  return check(
    transitionPlanInput,
    {
      adultServicesContact: text(body, 'adultServicesContact'),
      adultSafeguarding: text(body, 'adultSafeguarding') || undefined,
      adultSafeguardingReferredOn: referredOn,
      housing: text(body, 'housing'),
      health: text(body, 'health'),
      leavingCare: text(body, 'leavingCare'),
      wishes: text(body, 'wishes'),
      deadline,
    },
    errors,
  );
}

/**
 * What a strategy meeting, a task and a court-support plan must hold, as Zod schemas. The JSON API
 * declares these as its bodies; the pages read their fields into the same shape and check it with
 * the same schema, so a rule is written once and both ways in get the same answer.
 */
import { z } from 'zod';
import { MAX_FREE_TEXT, type FieldErrors } from '../../platform/http/forms.ts';
import { isIsoDate } from '../../platform/time.ts';

const SHORT_TEXT = 200;

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

/** A calendar date as YYYY-MM-DD. */
const calendarDate = (message: string) => z.string({ error: message }).refine(isIsoDate, message);

/** Who owns a task: one named person or one agency, never neither and never both. */
export const taskOwner = z
  .strictObject({ userId: z.uuid().optional(), agencyId: z.uuid().optional() }, { error: 'Choose who owns the task: a person or an agency' })
  .refine((owner) => Boolean(owner.userId) !== Boolean(owner.agencyId), 'Choose one owner: a person or an agency, not both');
export type TaskOwner = z.infer<typeof taskOwner>;

export const taskFields = {
  description: required('what is to be done', 2_000),
  owner: taskOwner,
  dueOn: calendarDate('Enter the date it is due by'),
};

/** An action agreed at a strategy meeting: becomes a task. */
export const meetingAction = z.strictObject(taskFields);

export const attendee = z.strictObject({
  name: required('the attendee’s name', SHORT_TEXT),
  agency: required('the attendee’s agency', SHORT_TEXT),
  role: optionalText('Role', SHORT_TEXT).transform((role) => role ?? ''),
});

export const strategyMeetingInput = z.strictObject({
  youngPersonId: z.uuid(),
  episodeId: z.uuid().nullish().describe('The missing episode the meeting was about, if any'),
  concernId: z.uuid().nullish().describe('The concern the meeting was about, if any'),
  heldAt: z.iso.datetime({ offset: true, error: 'Enter the date and time of the meeting' }).describe('When the meeting was held (ISO 8601 with offset)'),
  attendees: z.array(attendee, { error: 'Enter who attended' }).min(2, 'Enter at least two attendees: a strategy meeting is between agencies').max(40),
  informationShared: required('the information shared'),
  decisions: required('what was decided'),
  actions: z.array(meetingAction).max(30).default([]),
});
export type StrategyMeetingInput = z.infer<typeof strategyMeetingInput>;

/** A task made from one action of a risk assessment's plan. */
export const planTaskInput = z.strictObject({
  assessmentId: z.uuid(),
  planActionId: z.string({ error: 'Choose the action from the plan' }).min(1, 'Choose the action from the plan').max(100),
  owner: taskOwner,
  dueOn: calendarDate('Enter the date it is due by'),
  description: optionalText('What is to be done', 2_000).describe('Leave out to use the plan’s own words'),
});
export type PlanTaskInput = z.infer<typeof planTaskInput>;

export const taskCompletion = z.strictObject({
  completedOn: calendarDate('Enter the date it was done'),
  note: required('what was done', 2_000),
});
export type TaskCompletion = z.infer<typeof taskCompletion>;

/** The special measures a court may give a young witness (Youth Justice and Criminal Evidence Act 1999), in Lantern's words. */
export const SPECIAL_MEASURES = {
  screens: 'Screens, so they do not see the defendant',
  live_link: 'Giving evidence by live link from another room',
  private: 'The public gallery cleared while they give evidence',
  wigs_gowns: 'Wigs and gowns taken off',
  recorded_interview: 'Their recorded interview played as their main evidence',
  pre_recorded_cross: 'Questioning recorded before the trial',
  intermediary: 'An intermediary to help with communication',
  communication_aids: 'Aids to communication',
} as const;
const specialMeasure = z.enum(Object.keys(SPECIAL_MEASURES) as [keyof typeof SPECIAL_MEASURES, ...(keyof typeof SPECIAL_MEASURES)[]], { error: 'Choose special measures from the list' });

export const hearing = z.strictObject({
  hearingOn: calendarDate('Enter the date of the hearing'),
  purpose: required('what the hearing is for', SHORT_TEXT),
});

export const courtSupportInput = z
  .strictObject({
    youngPersonId: z.uuid(),
    court: required('the court', SHORT_TEXT),
    caseDescription: required('the case'),
    caseReference: optionalText('The case reference', SHORT_TEXT),
    hearings: z.array(hearing).max(20).default([]),
    specialMeasuresAsked: z.array(specialMeasure).max(8).default([]),
    specialMeasuresAgreed: z.array(specialMeasure).max(8).default([]),
    supporterName: required('who supports them', SHORT_TEXT),
    supporterAgencyId: z.uuid().nullish(),
    preTrialVisitOn: calendarDate('The pre-trial visit must be a real date').nullish(),
    preTrialVisitNote: optionalText('What happened at the visit'),
    outcome: optionalText('The outcome'),
    outcomeOn: calendarDate('The date of the outcome must be a real date').nullish(),
  })
  .superRefine((plan, ctx) => {
    const asked = new Set(plan.specialMeasuresAsked);
    if (plan.specialMeasuresAgreed.some((m) => !asked.has(m))) ctx.addIssue({ code: 'custom', path: ['specialMeasuresAgreed'], message: 'A special measure can only be agreed if it was asked for' });
    if (plan.outcome && !plan.outcomeOn) ctx.addIssue({ code: 'custom', path: ['outcomeOn'], message: 'Enter the date of the outcome' });
    if (plan.outcomeOn && !plan.outcome) ctx.addIssue({ code: 'custom', path: ['outcome'], message: 'Enter the outcome' });
  });
export type CourtSupportInput = z.infer<typeof courtSupportInput>;

/**
 * A failed parse as messages by form field. `fieldFor` turns an issue's path into the id of the
 * page's field ('attendees.1.name' → 'attendee-2-name'); the first message for a field wins.
 */
export function fieldErrorsFrom(error: z.ZodError, fieldFor: (path: readonly PropertyKey[]) => string = (path) => path.join('.')): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = fieldFor(issue.path);
    if (!errors[field]) errors[field] = issue.message;
  }
  return errors;
}

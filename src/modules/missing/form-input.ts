/**
 * The pages' forms: the schemas their routes declare, and reading them into the inputs the service takes, with GOV.UK messages for what only a
 * form can get wrong (a missing answer, a date that is not a date). The rules every input must
 * keep, whichever way it came, are in rules.ts and are applied here too.
 */
import type { z } from 'zod';
import { isOneOf, type FieldErrors } from '../../platform/http/forms.ts';
import { form, formChoices, formText, type TextFields } from '../../platform/http/page-input.ts';
import { isUuid } from '../../platform/ids.ts';
import { lines, type MentionInput } from './mentions.ts';
import { checkEpisode, checkInterview, checkOutcome, checkReturn, checkStrategyMeeting, type EpisodeInput, type InterviewInput, type InterviewOutcome, type ReturnInput, type StrategyMeetingInput } from './rules.ts';
import { parseDateTimeInput } from './times.ts';
import { EPISODE_KINDS, HOW_RETURNED, INTERVIEW_RESPONSES, type MentionContext, type MentionKind } from './vocab.ts';

/** Every field name the record-an-episode form sends, so the check page can carry them on. */
export const EPISODE_FORM_NAMES = [
  'kind',
  ...['lastSeenAt', 'reportedAt'].flatMap((p) => [`${p}-day`, `${p}-month`, `${p}-year`, `${p}-time`]),
  'lastSeenWhere',
  'reportedBy',
  'policeReference',
  'lookedAfter',
  'placement',
  'submissionKey',
];

const dateTime = (prefix: string) => [`${prefix}-day`, `${prefix}-month`, `${prefix}-year`, `${prefix}-time`];
/** A form of text fields only, each trimmed and '' when not sent (page-input.ts). */
const textForm = (names: string[]) => form(Object.fromEntries(names.map((name) => [name, formText])));
export const episodeForm = textForm(EPISODE_FORM_NAMES);
export const returnForm = textForm([...dateTime('returnedAt'), 'foundWhere', 'foundWithAdults', 'foundWithYoungPeople', 'howReturned', 'whileAway', 'otherPlaces', 'vehicles', 'phones', 'interviewAgencyId']);
export const offerForm = textForm([...dateTime('offeredAt'), 'interviewerName', 'interviewerAgencyId', 'independent', 'response']);
// Written out, not built from a list of names, so that its lists keep their type beside the text.
export const outcomeForm = form({
  'completedAt-day': formText,
  'completedAt-month': formText,
  'completedAt-year': formText,
  'completedAt-time': formText,
  whereTheyWere: formText,
  withWhom: formText,
  interviewPlaces: formText,
  interviewAdults: formText,
  disclosure: formText,
  disclosureDetails: formText,
  learning: formText,
  pushFactors: formChoices,
  pullFactors: formChoices,
});
export const meetingForm = textForm(['outcome', ...dateTime('at'), 'note']);

/** A field of a text form as its schema read it; a name the schema does not list reads as ''. */
const text = (body: TextFields, name: string) => body[name] ?? '';

export const EPISODE_FIELDS = ['kind', 'lastSeenAt', 'lastSeenWhere', 'reportedAt', 'reportedBy', 'policeReference', 'lookedAfter', 'placement'];
export const RETURN_FIELDS = ['returnedAt', 'foundWhere', 'foundWithAdults', 'foundWithYoungPeople', 'howReturned', 'whileAway', 'otherPlaces', 'vehicles', 'phones', 'mentions', 'interviewAgencyId'];
export const OFFER_FIELDS = ['offeredAt', 'interviewerName', 'interviewerAgencyId', 'independent', 'response'];
export const OUTCOME_FIELDS = ['completedAt', 'pushFactors', 'pullFactors', 'whereTheyWere', 'withWhom', 'interviewPlaces', 'interviewAdults', 'mentions', 'disclosure', 'disclosureDetails', 'learning'];
export const MEETING_FIELDS = ['outcome', 'at', 'note'];

const optional = (body: TextFields, name: string) => text(body, name) || null;

/** The text fields that carry one mention per line, with what each line is. */
export const RETURN_MENTION_FIELDS: [name: string, kind: MentionKind, context: MentionContext][] = [
  ['foundWithAdults', 'adult', 'found_with'],
  ['foundWithYoungPeople', 'young_person', 'found_with'],
  ['otherPlaces', 'place', 'while_away'],
  ['vehicles', 'vehicle', 'while_away'],
  ['phones', 'phone', 'while_away'],
];
export const OUTCOME_MENTION_FIELDS: [name: string, kind: MentionKind, context: MentionContext][] = [
  ['interviewPlaces', 'place', 'interview'],
  ['interviewAdults', 'adult', 'interview'],
];

function mentionsFrom(body: TextFields, fields: typeof RETURN_MENTION_FIELDS): MentionInput[] {
  return fields.flatMap(([name, kind, context]) => lines(text(body, name)).map((value) => ({ kind, context, value })));
}

function required(errors: FieldErrors, key: string, result: ReturnType<typeof parseDateTimeInput>, emptyMessage: string): Date | null {
  if (result.empty) errors[key] = emptyMessage;
  else if (result.error) errors[key] = result.error;
  return result.value;
}

export function readEpisodeForm(body: z.output<typeof episodeForm>, now = new Date()): { input: EpisodeInput | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const kind = text(body, 'kind');
  if (!isOneOf(EPISODE_KINDS, kind)) errors.kind = 'Select whether they were missing or away from their placement without permission';
  const lastSeenAt = required(errors, 'lastSeenAt', parseDateTimeInput(body, 'lastSeenAt', { date: 'the date they were last seen', time: 'the time they were last seen' }), 'Enter the date and time they were last seen');
  const reported = parseDateTimeInput(body, 'reportedAt', { date: 'the date they were reported missing', time: 'the time they were reported missing' });
  if (reported.error) errors.reportedAt = reported.error;
  const lookedAfter = text(body, 'lookedAfter');
  if (lookedAfter !== 'yes' && lookedAfter !== 'no') errors.lookedAfter = 'Select whether they were looked after when this happened';
  const input: EpisodeInput = {
    kind: kind as EpisodeInput['kind'],
    lastSeenAt: lastSeenAt ?? new Date(0),
    lastSeenWhere: optional(body, 'lastSeenWhere'),
    reportedAt: reported.value,
    reportedBy: optional(body, 'reportedBy'),
    policeReference: optional(body, 'policeReference'),
    lookedAfter: lookedAfter === 'yes',
    placement: optional(body, 'placement'),
  };
  const ruleErrors = checkEpisode(input, now);
  if (!lastSeenAt) delete ruleErrors.lastSeenAt;
  for (const [key, message] of Object.entries(ruleErrors)) if (!errors[key]) errors[key] = message;
  return { input: Object.keys(errors).length ? null : input, errors };
}

export function readReturnForm(body: z.output<typeof returnForm>, episode: { lastSeenAt: Date }, now = new Date()): { input: ReturnInput | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const returnedAt = required(errors, 'returnedAt', parseDateTimeInput(body, 'returnedAt', { date: 'the date they came back', time: 'the time they came back' }), 'Enter the date and time they came back');
  const howReturned = text(body, 'howReturned');
  const agency = text(body, 'interviewAgencyId');
  if (agency && !isUuid(agency)) errors.interviewAgencyId = 'Select the agency that will offer the return interview';
  const input: ReturnInput = {
    returnedAt: returnedAt ?? new Date(0),
    foundWhere: optional(body, 'foundWhere'),
    howReturned: howReturned as ReturnInput['howReturned'],
    whileAway: optional(body, 'whileAway'),
    mentions: mentionsFrom(body, RETURN_MENTION_FIELDS),
    interviewAgencyId: agency || null,
  };
  for (const [key, message] of Object.entries(checkReturn(episode, input, now))) if (!errors[key]) errors[key] = message;
  if (!isOneOf(HOW_RETURNED, howReturned)) errors.howReturned = 'Select how they came back';
  return { input: Object.keys(errors).length ? null : input, errors };
}

export function readOfferForm(body: z.output<typeof offerForm>, episode: { returnedAt: Date | null }, now = new Date()): { input: InterviewInput | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const offeredAt = required(errors, 'offeredAt', parseDateTimeInput(body, 'offeredAt', { date: 'the date the interview was offered', time: 'the time the interview was offered' }), 'Enter the date and time the interview was offered');
  const independent = text(body, 'independent');
  if (independent !== 'yes' && independent !== 'no') errors.independent = 'Select whether the interviewer is independent of their care and of the police search';
  const agency = text(body, 'interviewerAgencyId');
  if (agency && !isUuid(agency)) errors.interviewerAgencyId = 'Select the interviewer’s agency from the list';
  const response = text(body, 'response');
  const input: InterviewInput = {
    offeredAt: offeredAt ?? new Date(0),
    interviewerName: text(body, 'interviewerName'),
    interviewerAgencyId: agency || null,
    independent: independent === 'yes',
    response: response as InterviewInput['response'],
  };
  const ruleErrors = checkInterview(episode, input, now);
  if (!offeredAt) delete ruleErrors.offeredAt;
  for (const [key, message] of Object.entries(ruleErrors)) if (!errors[key]) errors[key] = message;
  if (!isOneOf(INTERVIEW_RESPONSES, response)) errors.response = 'Select whether they accepted the interview';
  return { input: Object.keys(errors).length ? null : input, errors };
}

export function readOutcomeForm(form: z.output<typeof outcomeForm>, episode: { returnedAt: Date | null }, interview: { offeredAt: Date; response: string }, now = new Date()): { input: InterviewOutcome | null; errors: FieldErrors } {
  const { pushFactors, pullFactors, ...body } = form;
  const errors: FieldErrors = {};
  const completedAt = required(errors, 'completedAt', parseDateTimeInput(body, 'completedAt', { date: 'the date of the interview', time: 'the time of the interview' }), 'Enter the date and time of the interview');
  const disclosure = text(body, 'disclosure');
  const input: InterviewOutcome = {
    completedAt: completedAt ?? new Date(0),
    pushFactors,
    pullFactors,
    whereTheyWere: optional(body, 'whereTheyWere'),
    withWhom: optional(body, 'withWhom'),
    disclosure: disclosure as InterviewOutcome['disclosure'],
    disclosureDetails: disclosure === 'yes' ? optional(body, 'disclosureDetails') : null,
    learning: optional(body, 'learning'),
    mentions: mentionsFrom(body, OUTCOME_MENTION_FIELDS),
  };
  const ruleErrors = checkOutcome(episode, interview, input, now);
  if (!completedAt && interview.response !== 'declined') delete ruleErrors.completedAt;
  for (const [key, message] of Object.entries(ruleErrors)) if (!errors[key]) errors[key] = message;
  return { input: Object.keys(errors).length ? null : input, errors };
}

export function readMeetingForm(body: z.output<typeof meetingForm>, episode: { lastSeenAt: Date }, now = new Date()): { input: StrategyMeetingInput | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const outcome = text(body, 'outcome');
  const at = outcome === 'held' ? parseDateTimeInput(body, 'at', { date: 'the date of the meeting', time: 'the time of the meeting' }) : null;
  if (at?.error) errors.at = at.error;
  const input: StrategyMeetingInput = { outcome: outcome as StrategyMeetingInput['outcome'], at: at?.value ?? null, note: optional(body, 'note') };
  for (const [key, message] of Object.entries(checkStrategyMeeting(episode, input, now))) if (!errors[key]) errors[key] = message;
  return { input: Object.keys(errors).length ? null : input, errors };
}

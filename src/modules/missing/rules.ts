/**
 * The rules of missing episodes, as pure functions shared by the pages, the API and the tests:
 * what may be recorded (times in order, nothing in the future, no overlapping episodes), and when
 * a return interview or a strategy meeting is due or overdue.
 */
import { formatDateTime } from '../../platform/views/filters.ts';
import type { MentionInput } from './mentions.ts';
import { EPISODE_KINDS, HOW_RETURNED, INTERVIEW_RESPONSES, PULL_FACTORS, PUSH_FACTORS, reference, type EpisodeKind, type HowReturned, type InterviewResponse } from './vocab.ts';
import { isOneOf, type FieldErrors } from '../../platform/http/forms.ts';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
/** Clocks differ a little between systems: a time up to this far ahead is still "now". */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;
export const MAX_SHORT_TEXT = 500;
export const MAX_LONG_TEXT = 20_000;
export const MAX_MENTIONS_PER_FIELD = 20;

export interface EpisodeInput {
  kind: EpisodeKind;
  lastSeenAt: Date;
  lastSeenWhere: string | null;
  reportedAt: Date | null;
  reportedBy: string | null;
  policeReference: string | null;
  lookedAfter: boolean;
  placement: string | null;
}

export interface ReturnInput {
  returnedAt: Date;
  foundWhere: string | null;
  howReturned: HowReturned;
  whileAway: string | null;
  /** Who they were with, other places, vehicles and phones (the place found is taken from foundWhere). */
  mentions: MentionInput[];
  /** The agency that owes the return interview; null lets Lantern choose (see service). */
  interviewAgencyId: string | null;
}

export interface InterviewOutcome {
  completedAt: Date;
  pushFactors: string[];
  pullFactors: string[];
  whereTheyWere: string | null;
  withWhom: string | null;
  disclosure: 'yes' | 'no';
  disclosureDetails: string | null;
  learning: string | null;
  mentions: MentionInput[];
}

export interface InterviewInput {
  offeredAt: Date;
  interviewerName: string;
  interviewerAgencyId: string | null;
  independent: boolean;
  response: InterviewResponse;
}

export interface StrategyMeetingInput {
  outcome: 'held' | 'not_needed';
  at: Date | null;
  note: string | null;
}

const inFuture = (date: Date, now: Date) => date.getTime() > now.getTime() + FUTURE_TOLERANCE_MS;
const tooLong = (value: string | null, max: number) => value !== null && value.length > max;

/** Lengths and choices: the form's and the API's text goes through the same limits. */
function checkText(errors: FieldErrors, fields: [key: string, value: string | null, max: number, label: string][]) {
  for (const [key, value, max, label] of fields) if (tooLong(value, max)) errors[key] = `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`;
}

function checkMentions(errors: FieldErrors, key: string, mentions: MentionInput[]) {
  const groups = new Map<string, number>();
  for (const m of mentions) groups.set(`${m.context}/${m.kind}`, (groups.get(`${m.context}/${m.kind}`) ?? 0) + 1);
  if ([...groups.values()].some((n) => n > MAX_MENTIONS_PER_FIELD) || mentions.some((m) => m.value.length > 200)) {
    errors[key] = `Enter up to ${MAX_MENTIONS_PER_FIELD} lines in each box, each 200 characters or fewer`;
  }
}

/** An episode as reported: the kind, and times in order and not in the future. */
export function checkEpisode(input: EpisodeInput, now: Date): FieldErrors {
  const errors: FieldErrors = {};
  if (!isOneOf(EPISODE_KINDS, input.kind)) errors.kind = 'Select whether they were missing or away from their placement without permission';
  if (inFuture(input.lastSeenAt, now)) errors.lastSeenAt = 'The date and time they were last seen must be in the past';
  if (input.reportedAt) {
    if (inFuture(input.reportedAt, now)) errors.reportedAt = 'The date and time they were reported missing must be in the past';
    else if (input.reportedAt < input.lastSeenAt) errors.reportedAt = 'The time they were reported missing must be the same as or after the time they were last seen';
  }
  checkText(errors, [
    ['lastSeenWhere', input.lastSeenWhere, MAX_SHORT_TEXT, 'Where they were last seen'],
    ['reportedBy', input.reportedBy, MAX_SHORT_TEXT, 'Who reported them missing'],
    ['policeReference', input.policeReference, 100, 'Police reference'],
    ['placement', input.placement, MAX_SHORT_TEXT, 'Where they were placed'],
  ]);
  return errors;
}

/** A return: after they were last seen, not in the future. */
export function checkReturn(episode: { lastSeenAt: Date }, input: ReturnInput, now: Date): FieldErrors {
  const errors: FieldErrors = {};
  if (inFuture(input.returnedAt, now)) errors.returnedAt = 'The date and time they came back must be in the past';
  else if (input.returnedAt <= episode.lastSeenAt) errors.returnedAt = `The date and time they came back must be after they were last seen (${formatDateTime(episode.lastSeenAt)})`;
  if (!isOneOf(HOW_RETURNED, input.howReturned)) errors.howReturned = 'Select how they came back';
  checkText(errors, [
    ['foundWhere', input.foundWhere, MAX_SHORT_TEXT, 'Where they were found'],
    ['whileAway', input.whileAway, MAX_LONG_TEXT, 'What happened while they were away'],
  ]);
  checkMentions(errors, 'mentions', input.mentions);
  return errors;
}

/** The offer of a return interview: only once they are back, not before the return, not in the future. */
export function checkInterview(episode: { returnedAt: Date | null }, input: InterviewInput, now: Date): FieldErrors {
  const errors: FieldErrors = {};
  if (!episode.returnedAt) {
    errors.offeredAt = 'Record that they have come back before recording a return interview';
    return errors;
  }
  if (inFuture(input.offeredAt, now)) errors.offeredAt = 'The date and time the interview was offered must be in the past';
  else if (input.offeredAt < episode.returnedAt) errors.offeredAt = `The interview cannot be offered before they came back (${formatDateTime(episode.returnedAt)})`;
  if (!input.interviewerName) errors.interviewerName = 'Enter the name of the person offering the interview';
  if (!isOneOf(INTERVIEW_RESPONSES, input.response)) errors.response = 'Select whether they accepted the interview';
  checkText(errors, [['interviewerName', input.interviewerName, 200, 'The interviewer’s name']]);
  return errors;
}

/** What was learned at the interview: after the return and the offer, not in the future. */
export function checkOutcome(episode: { returnedAt: Date | null }, interview: { offeredAt: Date; response: string }, input: InterviewOutcome, now: Date): FieldErrors {
  const errors: FieldErrors = {};
  if (interview.response === 'declined') errors.completedAt = 'The interview was declined. Change the answer to accepted before recording what was learned';
  else if (inFuture(input.completedAt, now)) errors.completedAt = 'The date and time of the interview must be in the past';
  else if (episode.returnedAt && input.completedAt < episode.returnedAt) errors.completedAt = `The interview cannot be before they came back (${formatDateTime(episode.returnedAt)})`;
  else if (input.completedAt < interview.offeredAt) errors.completedAt = `The interview cannot be before it was offered (${formatDateTime(interview.offeredAt)})`;
  if (input.pushFactors.some((f) => !isOneOf(PUSH_FACTORS, f))) errors.pushFactors = 'Select what pushed them away from the list';
  if (input.pullFactors.some((f) => !isOneOf(PULL_FACTORS, f))) errors.pullFactors = 'Select what drew them away from the list';
  if (input.disclosure !== 'yes' && input.disclosure !== 'no') errors.disclosure = 'Select whether they told the interviewer about harm or abuse';
  else if (input.disclosure === 'yes' && !input.disclosureDetails) errors.disclosureDetails = 'Describe what they told the interviewer';
  checkText(errors, [
    ['whereTheyWere', input.whereTheyWere, MAX_LONG_TEXT, 'Where they were'],
    ['withWhom', input.withWhom, MAX_LONG_TEXT, 'Who they were with'],
    ['disclosureDetails', input.disclosureDetails, MAX_LONG_TEXT, 'What they told the interviewer'],
    ['learning', input.learning, MAX_LONG_TEXT, 'What was learned'],
  ]);
  checkMentions(errors, 'mentions', input.mentions);
  return errors;
}

export function checkStrategyMeeting(episode: { lastSeenAt: Date }, input: StrategyMeetingInput, now: Date): FieldErrors {
  const errors: FieldErrors = {};
  if (input.outcome !== 'held' && input.outcome !== 'not_needed') errors.outcome = 'Select whether the strategy meeting was held';
  else if (input.outcome === 'held') {
    if (!input.at) errors.at = 'Enter the date the strategy meeting was held';
    else if (inFuture(input.at, now)) errors.at = 'The date and time of the meeting must be in the past';
    else if (input.at < episode.lastSeenAt) errors.at = `The meeting cannot be before they went missing (${formatDateTime(episode.lastSeenAt)})`;
  } else if (!input.note) errors.note = 'Say why a strategy meeting is not needed';
  checkText(errors, [['note', input.note, MAX_LONG_TEXT, 'Notes']]);
  return errors;
}

/** An episode's span: from last seen to return, open-ended while they are still missing. */
export interface Span {
  id?: string;
  number?: number;
  lastSeenAt: Date;
  returnedAt: Date | null;
}

/**
 * Two episodes of the same young person overlap when each starts before the other ends. Spans are
 * half-open, so a new episode may start the moment (or the day after) the last one ended.
 */
export function spansOverlap(a: Span, b: Span): boolean {
  const aEnd = a.returnedAt?.getTime() ?? Infinity;
  const bEnd = b.returnedAt?.getTime() ?? Infinity;
  return a.lastSeenAt.getTime() < bEnd && b.lastSeenAt.getTime() < aEnd;
}

/** The first other episode `candidate` overlaps, if any. */
export function findOverlap<T extends Span>(candidate: Span, others: T[]): T | null {
  return others.find((o) => o.id !== candidate.id && spansOverlap(candidate, o)) ?? null;
}

export function overlapMessage(other: Span): string {
  const span = other.returnedAt ? `from ${formatDateTime(other.lastSeenAt)} to ${formatDateTime(other.returnedAt)}` : `open since ${formatDateTime(other.lastSeenAt)} (still missing)`;
  return `These times overlap another episode for this young person${other.number ? ` (${reference(other.number)})` : ''}, ${span}. Check the dates and times${other.returnedAt ? '' : ', or record their return on that episode first'}`;
}

export function dueAfter(from: Date, hours: number): Date {
  return new Date(from.getTime() + hours * HOUR_MS);
}

export type InterviewState = 'not_yet_back' | 'offer_due' | 'offer_overdue' | 'awaiting_answer' | 'to_complete' | 'completed' | 'declined';

export const INTERVIEW_STATE_LABELS: Record<InterviewState, string> = {
  not_yet_back: 'Not due until they are back',
  offer_due: 'To be offered',
  offer_overdue: 'Offer overdue',
  awaiting_answer: 'Offered, waiting for an answer',
  to_complete: 'Accepted, to be held',
  completed: 'Completed',
  declined: 'Declined',
};

/**
 * Where the return interview stands at `now`. The offer is due by `interviewDueAt` (return plus
 * the area's hours, 72 by default); it is overdue only once that moment has passed, so an offer
 * made at exactly 72 hours is on time.
 */
export function interviewState(
  episode: { returnedAt: Date | null; interviewDueAt: Date | null },
  interview: { offeredAt: Date; response: string; completedAt: Date | null } | null,
  now: Date,
): { state: InterviewState; dueAt: Date | null; offeredLate: boolean } {
  const dueAt = episode.interviewDueAt;
  if (!episode.returnedAt) return { state: 'not_yet_back', dueAt: null, offeredLate: false };
  if (!interview) return { state: dueAt && now.getTime() > dueAt.getTime() ? 'offer_overdue' : 'offer_due', dueAt, offeredLate: false };
  const offeredLate = dueAt !== null && interview.offeredAt.getTime() > dueAt.getTime();
  if (interview.completedAt) return { state: 'completed', dueAt, offeredLate };
  if (interview.response === 'declined') return { state: 'declined', dueAt, offeredLate };
  if (interview.response === 'accepted') return { state: 'to_complete', dueAt, offeredLate };
  return { state: 'awaiting_answer', dueAt, offeredLate };
}

export type MeetingState = 'not_needed_not_looked_after' | 'due' | 'overdue' | 'held' | 'not_needed';

export const MEETING_STATE_LABELS: Record<MeetingState, string> = {
  not_needed_not_looked_after: 'Not required (not looked after)',
  due: 'Due',
  overdue: 'Overdue',
  held: 'Held',
  not_needed: 'Decided not needed',
};

/** A looked-after young person's strategy meeting: due by `strategyMeetingDueAt`, overdue only after it. */
export function meetingState(episode: { strategyMeetingDueAt: Date | null; strategyMeetingOutcome: string | null }, now: Date): { state: MeetingState; dueAt: Date | null } {
  const dueAt = episode.strategyMeetingDueAt;
  if (!dueAt) return { state: 'not_needed_not_looked_after', dueAt: null };
  if (episode.strategyMeetingOutcome === 'held') return { state: 'held', dueAt };
  if (episode.strategyMeetingOutcome === 'not_needed') return { state: 'not_needed', dueAt };
  return { state: now.getTime() > dueAt.getTime() ? 'overdue' : 'due', dueAt };
}

/** Hours between two instants, for durations shown to people. */
export function hoursBetween(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / HOUR_MS;
}

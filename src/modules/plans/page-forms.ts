/**
 * Reading the pages' forms into the shapes in input.ts, and checking them with the same schemas as
 * the API. Repeated rows (attendees, actions, hearings) are numbered fields, `attendee-1-name`; a
 * row left wholly blank is skipped, and "Add another" asks for the form again with one row more.
 */
import { z } from 'zod';
import { fieldNamedByData, form, type TextFields } from '../../platform/http/page-input.ts';
import { readDateInput } from '../../platform/http/date-input.ts';
import type { FieldErrors } from '../../platform/http/forms.ts';
import { parseDateTimeInput } from '../missing/index.ts';
import { courtSupportInput, fieldErrorsFrom, planTaskInput, strategyMeetingInput, taskCompletion, type CourtSupportInput, type PlanTaskInput, type StrategyMeetingInput, type TaskCompletion, type TaskOwner } from './input.ts';

/** A form whose field names depend on how many rows it has: every field read as trimmed text. */
export const rowsForm = form({}).catchall(fieldNamedByData);
export const MAX_ROWS = 30;

const text = (body: TextFields, name: string) => body[name] ?? '';

/** How many rows of a group the form shows: what it had, at least `least`, plus one when asked. */
export function rowCount(body: TextFields, group: string, least: number): number {
  const had = Number.parseInt(text(body, `${group}Rows`), 10);
  const rows = Number.isInteger(had) && had > 0 ? had : least;
  return Math.min(MAX_ROWS, Math.max(least, rows + (text(body, 'add') === group ? 1 : 0)));
}

/** The owner choice `user:<id>` or `agency:<id>` as the schemas' owner; undefined when none was chosen. */
export function ownerFrom(choice: string): TaskOwner | undefined {
  const [kind, id] = choice.split(':');
  if (kind === 'user' && id) return { userId: id };
  if (kind === 'agency' && id) return { agencyId: id };
  return undefined;
}

type Parsed<T> = { input: T; errors: null } | { input: null; errors: FieldErrors };

function check<T>(schema: z.ZodType<T>, value: unknown, formErrors: FieldErrors, fieldFor: (path: readonly PropertyKey[]) => string): Parsed<T> {
  const result = schema.safeParse(value);
  const errors: FieldErrors = { ...formErrors };
  if (!result.success) for (const [field, message] of Object.entries(fieldErrorsFrom(result.error, fieldFor))) errors[field] ??= message;
  if (Object.keys(errors).length || !result.success) return { input: null, errors };
  return { input: result.data, errors: null };
}

const dateOrUndefined = (body: TextFields, prefix: string, label: string, errors: FieldErrors, latest?: string) => {
  const read = readDateInput(body, prefix, { label, latest });
  if (read.error) errors[prefix] = read.error;
  return read.value ?? undefined;
};

export const MEETING_ROWS = { attendee: 4, action: 2 };

export function readMeetingForm(body: TextFields, youngPersonId: string): Parsed<StrategyMeetingInput> {
  const errors: FieldErrors = {};
  const heldAt = parseDateTimeInput(body as Record<string, unknown>, 'heldAt', { date: 'the date of the meeting', time: 'the time of the meeting' });
  if (heldAt.error) errors.heldAt = heldAt.error;
  const attendeeRows: number[] = [];
  const attendees = [];
  for (let row = 1; row <= rowCount(body, 'attendee', MEETING_ROWS.attendee); row++) {
    const values = { name: text(body, `attendee-${row}-name`), agency: text(body, `attendee-${row}-agency`), role: text(body, `attendee-${row}-role`) };
    if (!values.name && !values.agency && !values.role) continue;
    attendeeRows.push(row);
    attendees.push(values);
  }
  const actionRows: number[] = [];
  const actions = [];
  for (let row = 1; row <= rowCount(body, 'action', MEETING_ROWS.action); row++) {
    const prefix = `action-${row}`;
    const description = text(body, `${prefix}-description`);
    const owner = text(body, `${prefix}-owner`);
    const anyDate = ['day', 'month', 'year'].some((part) => text(body, `${prefix}-dueOn-${part}`));
    if (!description && !owner && !anyDate) continue;
    actionRows.push(row);
    actions.push({ description, owner: ownerFrom(owner), dueOn: dateOrUndefined(body, `${prefix}-dueOn`, 'The date it is due by', errors) });
  }
  const about = text(body, 'about');
  const value = {
    youngPersonId,
    episodeId: about.startsWith('episode:') ? about.slice(8) : null,
    concernId: about.startsWith('concern:') ? about.slice(8) : null,
    heldAt: heldAt.value?.toISOString(),
    attendees,
    informationShared: text(body, 'informationShared'),
    decisions: text(body, 'decisions'),
    actions,
  };
  return check(strategyMeetingInput, value, errors, (path) => {
    const [group, index, field] = path;
    if (group === 'attendees') return typeof index === 'number' ? `attendee-${attendeeRows[index]}-${String(field ?? 'name')}` : 'attendee-1-name';
    if (group === 'actions' && typeof index === 'number') return `action-${actionRows[index]}-${field === 'dueOn' ? 'dueOn' : String(field ?? 'description')}`;
    if (group === 'episodeId' || group === 'concernId') return 'about';
    return String(group);
  });
}

/** A service's message keys (`actions.0.owner`) as the form's field ids. */
export function meetingFieldOf(body: TextFields, key: string): string {
  const match = /^actions\.(\d+)\.(\w+)$/.exec(key);
  if (!match) return key === 'episodeId' || key === 'concernId' ? 'about' : key;
  const filled: number[] = [];
  for (let row = 1; row <= rowCount(body, 'action', MEETING_ROWS.action); row++) {
    const prefix = `action-${row}`;
    if (text(body, `${prefix}-description`) || text(body, `${prefix}-owner`) || ['day', 'month', 'year'].some((p) => text(body, `${prefix}-dueOn-${p}`))) filled.push(row);
  }
  return `action-${filled[Number(match[1])] ?? 1}-${match[2]}`;
}

export function readPlanTaskForm(body: TextFields, assessmentId: string): Parsed<PlanTaskInput> {
  const errors: FieldErrors = {};
  const value = {
    assessmentId,
    planActionId: text(body, 'planActionId') || undefined,
    owner: ownerFrom(text(body, 'owner')),
    dueOn: dateOrUndefined(body, 'dueOn', 'The date it is due by', errors),
    description: text(body, 'description') || null,
  };
  return check(planTaskInput, value, errors, (path) => String(path[0]));
}

export function readCompletionForm(body: TextFields, today: string): Parsed<TaskCompletion> {
  const errors: FieldErrors = {};
  const value = { completedOn: dateOrUndefined(body, 'completedOn', 'The date it was done', errors, today), note: text(body, 'note') };
  return check(taskCompletion, value, errors, (path) => String(path[0]));
}

export const PLAN_ROWS = { hearing: 2 };

export function readCourtSupportForm(body: TextFields, youngPersonId: string, choices: { asked: string[]; agreed: string[] }): Parsed<CourtSupportInput> {
  const errors: FieldErrors = {};
  const hearingRows: number[] = [];
  const hearings = [];
  for (let row = 1; row <= rowCount(body, 'hearing', PLAN_ROWS.hearing); row++) {
    const prefix = `hearing-${row}`;
    const purpose = text(body, `${prefix}-purpose`);
    const anyDate = ['day', 'month', 'year'].some((part) => text(body, `${prefix}-hearingOn-${part}`));
    if (!purpose && !anyDate) continue;
    hearingRows.push(row);
    hearings.push({ hearingOn: dateOrUndefined(body, `${prefix}-hearingOn`, 'The date of the hearing', errors), purpose });
  }
  const value = {
    youngPersonId,
    court: text(body, 'court'),
    caseDescription: text(body, 'caseDescription'),
    caseReference: text(body, 'caseReference') || null,
    hearings,
    specialMeasuresAsked: choices.asked,
    specialMeasuresAgreed: choices.agreed,
    supporterName: text(body, 'supporterName'),
    supporterAgencyId: text(body, 'supporterAgencyId') || null,
    preTrialVisitOn: dateOrUndefined(body, 'preTrialVisitOn', 'The date of the pre-trial visit', errors) ?? null,
    preTrialVisitNote: text(body, 'preTrialVisitNote') || null,
    outcome: text(body, 'outcome') || null,
    outcomeOn: dateOrUndefined(body, 'outcomeOn', 'The date of the outcome', errors) ?? null,
  };
  return check(courtSupportInput, value, errors, (path) => {
    const [group, index, field] = path;
    if (group === 'hearings' && typeof index === 'number') return `hearing-${hearingRows[index]}-${String(field ?? 'purpose')}`;
    return String(group);
  });
}


/**
 * The checks every panel input must pass, whether it came from a page or the API. Messages say
 * what to do. Dates are calendar dates (YYYY-MM-DD) in UK time.
 */
import { MAX_FREE_TEXT, isOneOf, type FieldErrors } from '../../platform/http/forms.ts';
import { isUuid } from '../../platform/ids.ts';
import { PANEL_KINDS, REFERRAL_SOURCES, SUBJECT_KINDS, URGENCIES } from './vocab.ts';

function text(errors: FieldErrors, key: string, value: string | null | undefined, opts: { required?: string; max?: number; what: string }): void {
  const v = (value ?? '').trim();
  if (!v && opts.required) errors[key] = opts.required;
  else if (v.length > (opts.max ?? MAX_FREE_TEXT)) errors[key] = `${opts.what} must be ${opts.max ?? MAX_FREE_TEXT} characters or fewer`;
}

export interface PanelInput {
  name: string;
  kind: string;
  chairAgencyId: string | null;
  meetsEveryDays: number | null;
  accessAfterCloseDays: number;
}

export function checkPanel(input: PanelInput): FieldErrors {
  const errors: FieldErrors = {};
  text(errors, 'name', input.name, { required: 'Enter a name for the panel, for example Northbridge SERAC', max: 120, what: 'The name' });
  if (!isOneOf(PANEL_KINDS, input.kind)) errors.kind = 'Select what kind of panel it is';
  if (input.chairAgencyId !== null && !isUuid(input.chairAgencyId)) errors.chairAgencyId = 'Select the agency that chairs the panel';
  if (input.meetsEveryDays !== null && (!Number.isInteger(input.meetsEveryDays) || input.meetsEveryDays < 1 || input.meetsEveryDays > 365))
    errors.meetsEveryDays = 'Enter how many days apart meetings are, as a whole number from 1 to 365';
  if (!Number.isInteger(input.accessAfterCloseDays) || input.accessAfterCloseDays < 0 || input.accessAfterCloseDays > 365)
    errors.accessAfterCloseDays = 'Enter how many days members keep access after the minutes close, as a whole number from 0 to 365';
  return errors;
}

export interface ReferralInput {
  panelId: string;
  subjectKind: string;
  youngPersonId: string | null;
  peerGroupId: string | null;
  placeId: string | null;
  source: string;
  reason: string;
  urgency: string;
  youngPersonViews: string | null;
  familyViews: string | null;
  /** The referrer was warned of an open referral about the same subject and sends theirs as well. */
  acknowledgeOpenReferral?: boolean;
}

export function checkReferral(input: ReferralInput): FieldErrors {
  const errors: FieldErrors = {};
  if (!isUuid(input.panelId)) errors.panelId = 'Select the panel you are referring to';
  if (!isOneOf(SUBJECT_KINDS, input.subjectKind)) errors.subjectKind = 'Select who or what you are referring';
  else if (input.subjectKind === 'young_person' && !isUuid(input.youngPersonId)) errors.youngPersonId = 'Select the young person you are referring';
  else if (input.subjectKind === 'peer_group' && !isUuid(input.peerGroupId)) errors.peerGroupId = 'Select the peer group you are referring';
  else if (input.subjectKind === 'place' && !isUuid(input.placeId)) errors.placeId = 'Select the place of concern you are referring';
  if (!isOneOf(REFERRAL_SOURCES, input.source)) errors.source = 'Select where the referral comes from';
  text(errors, 'reason', input.reason, { required: 'Enter why the panel should discuss this, for example what has changed or what needs agencies to act together', what: 'The reason' });
  if (!isOneOf(URGENCIES, input.urgency)) errors.urgency = 'Select how soon the panel needs to discuss this';
  text(errors, 'youngPersonViews', input.youngPersonViews, { what: "The young person's views" });
  text(errors, 'familyViews', input.familyViews, { what: "The family's views" });
  return errors;
}

export function checkDeclineReason(reason: string): FieldErrors {
  const errors: FieldErrors = {};
  text(errors, 'reason', reason, { required: 'Enter why the referral is declined, so the referrer knows what to do instead', max: 2000, what: 'The reason' });
  return errors;
}

export interface DecisionInput {
  notes: string | null;
  levelAgreed: string | null;
  plan: string;
  disruption: string | null;
  childProtectionReferral: boolean | null;
  nextReviewOn: string | null | 'invalid';
}

export function checkDecision(input: DecisionInput, subjectKind: string, levels: readonly string[], today: string): FieldErrors {
  const errors: FieldErrors = {};
  text(errors, 'notes', input.notes, { what: 'The notes' });
  if (subjectKind === 'young_person' && !input.levelAgreed) errors.levelAgreed = 'Select the level of risk the panel agreed';
  else if (input.levelAgreed && !levels.includes(input.levelAgreed)) errors.levelAgreed = 'Select one of the levels of risk listed';
  text(errors, 'plan', input.plan, { required: 'Enter the plan the panel agreed, or that the current plan continues', what: 'The plan' });
  text(errors, 'disruption', input.disruption, { what: 'The disruption ideas' });
  if (input.childProtectionReferral === null) errors.childProtectionReferral = 'Select whether the panel is referring for child protection enquiries';
  if (input.nextReviewOn === null) errors.nextReviewOn = 'Enter the date the panel will review this next, for example 27 3 2027';
  else if (input.nextReviewOn === 'invalid') errors.nextReviewOn = 'The next review date must be a real date, for example 27 3 2027';
  else if (input.nextReviewOn < today) errors.nextReviewOn = 'The next review date must be today or in the future';
  return errors;
}

export interface ActionInput {
  description: string;
  ownerAgencyId: string | null;
  ownerUserId: string | null;
  dueOn: string | null | 'invalid';
}

export function checkAction(input: ActionInput): FieldErrors {
  const errors: FieldErrors = {};
  text(errors, 'description', input.description, { required: 'Enter what needs to be done', max: 2000, what: 'The action' });
  if (!input.ownerAgencyId || !isUuid(input.ownerAgencyId)) errors.ownerAgencyId = 'Select the agency that owns this action: every action needs an owner';
  if (input.ownerUserId !== null && !isUuid(input.ownerUserId)) errors.ownerUserId = 'Select the person who owns this action, or leave it to the agency';
  if (input.dueOn === null) errors.dueOn = 'Enter the date the action is due by, for example 27 3 2027: every action needs a due date';
  else if (input.dueOn === 'invalid') errors.dueOn = 'The due date must be a real date, for example 27 3 2027';
  return errors;
}

export function checkCompletion(whatWasDone: string): FieldErrors {
  const errors: FieldErrors = {};
  text(errors, 'whatWasDone', whatWasDone, { required: 'Enter what was done to complete the action', max: 5000, what: 'What was done' });
  return errors;
}

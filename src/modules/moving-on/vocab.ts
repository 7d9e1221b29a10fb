/** The words of closing, re-opening and transition at 18: kept here so pages, API and profile say the same. */

/** Why CSE work with a young person was closed. */
export const CLOSURE_REASONS = {
  risk_reduced: 'Risk has reduced',
  moved_area: 'Moved to another area',
  turned_18: 'Turned 18 and transferred to adult services',
  withdrew_consent: 'No longer consents to voluntary support',
  died: 'Died',
  other: 'Other reason',
} as const;
export type ClosureReason = keyof typeof CLOSURE_REASONS;
export const CLOSURE_REASON_IDS = Object.keys(CLOSURE_REASONS) as ClosureReason[];

/** Who agreed a closure. */
export const AGREED_BY = { coordinator: 'The CSE coordinator', panel: 'A multi-agency panel decision' } as const;
export type AgreedBy = keyof typeof AGREED_BY;

/** Whether an adult safeguarding referral is needed, and if so whether it has been made. */
export const ADULT_SAFEGUARDING = {
  not_decided: 'Not decided yet',
  not_needed: 'Not needed',
  needed: 'Needed, not made yet',
  made: 'Made',
} as const;
export type AdultSafeguarding = keyof typeof ADULT_SAFEGUARDING;

/** How a transition at 18 ended, as the profile counts it. */
export const TRANSITION_OUTCOMES = [
  { key: 'transferred', label: 'Transferred to adult services, work ended' },
  { key: 'closed_other', label: 'Work ended for another reason' },
  { key: 'kept_open', label: 'Kept open after 18' },
  { key: 'awaiting', label: 'No decision yet' },
] as const;

export const closureReference = (number: number) => `CL-${number}`;

export function closureReasonText(reason: string, details: string | null): string {
  const label = CLOSURE_REASONS[reason as ClosureReason] ?? reason;
  return reason === 'other' && details ? `${label}: ${details}` : label;
}

/** The default age from which a transition plan is due (an area setting). */
export const DEFAULT_TRANSITION_AGE = 17;
/** The default number of days before its deadline at which a plan shows as due soon (an area setting). */
export const DEFAULT_TRANSITION_DUE_SOON_DAYS = 30;

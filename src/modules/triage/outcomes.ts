/**
 * What triage can decide about a concern: ONE registry, read by the decision form, the validation,
 * the chronology, "My concerns" and the feedback to the referrer. Later modules add their own
 * outcomes with `registerTriageOutcome` (before the routes are registered) instead of editing lists
 * scattered over templates.
 */

export interface FeedbackFacts {
  /** The concern's reference, like C-12: the referrer knows it from their confirmation page. */
  reference: string;
  /** The coordinator's note, when the outcome shares it with the referrer. */
  note: string | null;
}

export interface TriageOutcome {
  /** As the coordinator sees it on the form and in the chronology. */
  label: string;
  hint?: string;
  /** What the referrer sees as the status of their concern. */
  referrerLabel: string;
  /** A reason or note must be written. */
  noteRequired: boolean;
  /** The error shown when a required note is missing, saying what to write. */
  noteRequiredMessage?: string;
  /** The note is passed to the referrer word for word, so the form warns the coordinator. */
  noteSharedWithReferrer: boolean;
  /** The outcome is about a particular young person, so the concern must be linked to a record. */
  needsYoungPerson: boolean;
  /** The coordinator also chooses an agency (and optionally a worker) to join the team around the child. */
  addsTeamMember?: boolean;
  /**
   * The words the person who raised the concern is told. Only what they already know (their own
   * concern and its reference) and what the partnership decided: never details from the record.
   */
  feedback: (facts: FeedbackFacts) => string;
}

/** A note ending in a full stop, so the words that follow read as a new sentence. */
function asSentence(note: string | null): string {
  const text = (note ?? '').trim();
  return !text || /[.!?…)]$/.test(text) ? text : `${text}.`;
}

export const TRIAGE_OUTCOMES: Record<string, TriageOutcome> = {
  no_further_action: {
    label: 'No further action',
    hint: 'Give the reason. The person who raised the concern will read it.',
    referrerLabel: 'No further action by the partnership',
    noteRequired: true,
    noteRequiredMessage: 'Enter the reason for no further action',
    noteSharedWithReferrer: true,
    needsYoungPerson: false,
    feedback: ({ reference, note }) =>
      `The coordinator reviewed your concern ${reference} and decided no further action is needed by the partnership at this stage: ${asSentence(note)} If anything changes, or you see or hear something new, please raise another concern.`,
  },
  advice_given: {
    label: 'Advice given',
    hint: 'Write the advice. The person who raised the concern will read it.',
    referrerLabel: 'Advice given',
    noteRequired: true,
    noteRequiredMessage: 'Enter the advice given',
    noteSharedWithReferrer: true,
    needsYoungPerson: false,
    feedback: ({ reference, note }) => `The coordinator reviewed your concern ${reference} and has this advice for you: ${asSentence(note)}`,
  },
  risk_assessment_requested: {
    label: 'Risk assessment requested',
    referrerLabel: 'A risk assessment has been asked for',
    noteRequired: false,
    noteSharedWithReferrer: false,
    needsYoungPerson: true,
    feedback: ({ reference }) =>
      `The coordinator reviewed your concern ${reference} and has asked for a CSE risk assessment of the young person. You will hear here when it has been done.`,
  },
  added_to_team: {
    label: 'Added to the team around the child',
    hint: 'Choose the agency, and a named worker if you know who, to join the team around the young person.',
    referrerLabel: 'Support arranged through the team around the child',
    noteRequired: false,
    noteSharedWithReferrer: false,
    needsYoungPerson: true,
    addsTeamMember: true,
    feedback: ({ reference }) =>
      `The coordinator reviewed your concern ${reference} and has asked a practitioner to join the team around the young person, so that they are supported.`,
  },
  referred_to_panel: {
    label: 'Referred to the multi-agency panel',
    referrerLabel: 'Referred to the multi-agency panel',
    noteRequired: false,
    noteSharedWithReferrer: false,
    needsYoungPerson: true,
    feedback: ({ reference }) =>
      `The coordinator reviewed your concern ${reference} and has referred the young person to the multi-agency CSE panel, which will agree a plan. You will hear here what the panel decides.`,
  },
  child_protection_referral: {
    label: 'Child protection referral (strategy discussion)',
    referrerLabel: 'Passed on as a child protection referral',
    noteRequired: false,
    noteSharedWithReferrer: false,
    needsYoungPerson: true,
    feedback: ({ reference }) =>
      `The coordinator reviewed your concern ${reference} and has made a child protection referral, so a strategy discussion will be held. If they need more from you, children’s social care will contact you.`,
  },
  passed_to_police_intelligence: {
    label: 'Passed to the police as intelligence',
    referrerLabel: 'Passed to the police as intelligence',
    noteRequired: false,
    noteSharedWithReferrer: false,
    needsYoungPerson: false,
    feedback: ({ reference }) => `The coordinator reviewed your concern ${reference} and has passed the information in it to the police as intelligence. Thank you for raising it.`,
  },
};

/** Adds an outcome (later modules: panels, disruption…). Refuses to replace one silently. */
export function registerTriageOutcome(id: string, outcome: TriageOutcome): void {
  if (!/^[a-z][a-z0-9_]{1,60}$/.test(id)) throw new Error(`Outcome ids are lower-case words joined by underscores (got "${id}")`);
  if (Object.hasOwn(TRIAGE_OUTCOMES, id)) throw new Error(`A triage outcome called "${id}" already exists`);
  TRIAGE_OUTCOMES[id] = outcome;
}

export function triageOutcome(id: string | null | undefined): TriageOutcome | undefined {
  return id && Object.hasOwn(TRIAGE_OUTCOMES, id) ? TRIAGE_OUTCOMES[id] : undefined;
}

export const CERTAINTIES: Record<string, { label: string; hint: string }> = {
  indicated: { label: 'Indicated', hint: 'There are signs that the young person is being exploited or is at risk of it' },
  known: { label: 'Known', hint: 'Exploitation has been confirmed, for example by a disclosure or by evidence' },
};

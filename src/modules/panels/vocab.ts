/** Words for the panels module's stored codes, written for practitioners. */
import { isOneOf } from '../../platform/http/forms.ts';

export const PANEL_KINDS: Record<string, string> = {
  serac: 'SERAC – sexual exploitation risk assessment conference',
  mase: 'MASE – multi-agency sexual exploitation meeting',
  strategy_meeting: 'Strategy meeting',
  peer_group_conference: 'Peer-group conference',
  location_conference: 'Location conference',
};

export const SUBJECT_KINDS: Record<string, string> = {
  young_person: 'A young person',
  peer_group: 'A peer group (young people known to each other)',
  place: 'A place of concern',
};

export const REFERRAL_SOURCES: Record<string, string> = {
  triage: 'Triage of a concern',
  assessment: 'A risk assessment',
  lead_professional: 'The lead professional',
  intelligence: 'Intelligence about a place or an adult',
  other: 'Another route',
};

/** Highest first: the agenda is ordered by this rank. */
export const URGENCIES: Record<string, { label: string; rank: number }> = {
  urgent: { label: 'Urgent – at the next meeting', rank: 3 },
  soon: { label: 'Soon – within a month', rank: 2 },
  routine: { label: 'Routine', rank: 1 },
};

export const REFERRAL_STATUSES: Record<string, string> = {
  pending: 'Waiting for a decision',
  accepted: 'Accepted',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
};

export const ORIGINS: Record<string, string> = {
  referral: 'New referral',
  review: 'Review due',
  deferred: 'Carried over from the last meeting',
};

export const ATTENDANCE: Record<string, string> = {
  present: 'Present',
  apologies: 'Sent apologies',
  absent: 'Did not attend',
};

export const ACTION_STATUSES: Record<string, string> = {
  open: 'Open',
  done: 'Done',
  cancelled: 'Cancelled',
};

export const label = (labels: Record<string, string>, code: string | null | undefined): string => (code ? (isOneOf(labels, code) ? labels[code]! : code) : '');
export const urgencyLabel = (code: string) => (isOneOf(URGENCIES, code) ? URGENCIES[code]!.label : code);
export const referralReference = (number: number) => `PR-${number}`;
export const actionReference = (number: number) => `A-${number}`;

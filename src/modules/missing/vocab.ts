/** The words of missing episodes and return interviews, defined once for the pages, the API and the chronology. */
import { isOneOf } from '../../platform/http/forms.ts';

export const EPISODE_KINDS = {
  missing: 'Missing',
  away: 'Away from placement without permission',
} as const;
export type EpisodeKind = keyof typeof EPISODE_KINDS;

export const HOW_RETURNED = {
  own_accord: 'Came back by themselves',
  police: 'Found and brought back by the police',
  carer_or_family: 'Collected by a carer, parent or family member',
  professional: 'Brought back by another professional',
  other: 'Another way',
  not_known: 'Not known',
} as const;
export type HowReturned = keyof typeof HOW_RETURNED;

export const INTERVIEW_RESPONSES = {
  awaiting: 'Not answered yet',
  accepted: 'Accepted',
  declined: 'Declined',
} as const;
export type InterviewResponse = keyof typeof INTERVIEW_RESPONSES;

/** What pushed them away from where they live. */
export const PUSH_FACTORS = {
  conflict_at_home: 'Arguments or conflict where they live',
  unsafe_at_home: 'Feeling unsafe, hurt or bullied where they live',
  placement_unhappy: 'Unhappy with their placement or a recent move',
  rules: 'Rules or boundaries they struggle with',
  school: 'Problems at school or college',
  not_listened_to: 'Feeling lonely, ignored or not listened to',
  loss: 'A death, loss or separation',
  mental_health: 'Their own emotional or mental health',
  other: 'Something else',
} as const;

/** What drew them towards where they went. */
export const PULL_FACTORS = {
  older_partner: 'An older boyfriend or girlfriend',
  friends: 'Friends or other young people',
  family: 'Wanting to see family',
  gifts_money: 'Money, gifts, alcohol or drugs offered',
  parties: 'Parties or gatherings',
  somewhere_to_stay: 'Somewhere to stay',
  online_contact: 'Someone they met or talk to online',
  pressure_threats: 'Pressure, threats or being made to go',
  other: 'Something else',
} as const;

/** What an episode may mention; the same kinds as a concern's "who else was involved", less online accounts. */
export const MENTION_KINDS = {
  place: 'Place',
  adult: 'Adult',
  young_person: 'Young person',
  vehicle: 'Vehicle',
  phone: 'Phone number',
  // Only found in what was written (the forms have no box for them).
  email: 'Email address',
  online_account: 'Online account',
} as const;
export type MentionKind = keyof typeof MENTION_KINDS;

/** Where in the episode a mention came from. */
export const MENTION_CONTEXTS = {
  found_at: 'Where they were found',
  found_with: 'Who they were with',
  while_away: 'While they were away',
  interview: 'Return interview',
} as const;
export type MentionContext = keyof typeof MENTION_CONTEXTS;

export function label<T extends Record<string, string>>(labels: T, value: string | null | undefined, fallback = 'Not recorded'): string {
  return isOneOf(labels, value) ? labels[value as keyof T]! : fallback;
}

export function reference(number: number): string {
  return `M-${number}`;
}

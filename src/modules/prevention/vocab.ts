/** The words of the prevention log, written once. */

/** Who a session was for (and so where it was delivered). */
export const AUDIENCES = {
  schools_colleges: 'Schools and colleges',
  youth_services: 'Youth services',
  sexual_health: 'Sexual health services',
  parents: 'Parents and carers',
  communities: 'Community groups',
  licensed_premises: 'Licensed premises',
  taxi_drivers: 'Taxi and private hire drivers',
  hotels: 'Hotels and guest houses',
} as const;
export type Audience = keyof typeof AUDIENCES;

export const TOPICS = {
  recognising_exploitation: 'Recognising exploitation',
  healthy_relationships: 'Healthy relationships and consent',
  online_safety: 'Online safety',
  grooming: 'How grooming works',
  reporting: 'How to report a concern',
  night_time_economy: 'Safeguarding in the night-time economy',
  other: 'Other',
} as const;
export type Topic = keyof typeof TOPICS;

/** More than this many people reached by one session is taken for a typing mistake. */
export const MAX_REACHED = 5000;

export const sessionReference = (number: number) => `PS-${number}`;

/** The words of the databank, written once: form options, API enums, import checks and page labels come from here. */

/** The fixed list of needs a service meets, a resource addresses and a referral is for. */
export const NEEDS = {
  cse_specialist: 'Specialist support after sexual exploitation',
  sexual_health: 'Sexual health and relationships',
  emotional_health: 'Emotional wellbeing and mental health',
  drugs_alcohol: 'Drugs and alcohol',
  missing_return: 'Support after going missing',
  online_safety: 'Staying safe online',
  family_support: 'Support for parents and families',
  education_training: 'Education, training and work',
  housing: 'Somewhere safe to live',
  court_support: 'Support through investigation and court',
  domestic_abuse: 'Domestic abuse',
  youth_activities: 'Youth work and positive activities',
} as const;
export type Need = keyof typeof NEEDS;

export const SECTORS = { statutory: 'Statutory', voluntary: 'Voluntary or community' } as const;
export const SEXES = { any: 'Any', female: 'Girls and young women', male: 'Boys and young men' } as const;

export const RESOURCE_KINDS = { toolkit: 'Toolkit', leaflet: 'Leaflet', guidance: 'Guidance', other: 'Other' } as const;
export const RESOURCE_AUDIENCES = { practitioners: 'Practitioners', young_people: 'Young people', parents_carers: 'Parents and carers', communities: 'Communities and businesses' } as const;

export const REFERRAL_OUTCOMES = { referred: 'Referred to a service', no_service_found: 'No service found for the need' } as const;
export const ACTION_KINDS = { casework_task: 'Task from a plan or strategy meeting', panel_action: 'Panel action' } as const;

/** An entry not checked for this many days is stale and flagged to the coordinator. */
export const STALE_AFTER_DAYS = 365;

export const serviceReference = (number: number) => `SV-${number}`;

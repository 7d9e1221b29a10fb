/** The choices the casework forms offer, with the words shown for each. */

export const CONTACT_TYPES = {
  visit: 'Visit',
  phone_call: 'Phone call',
  meeting: 'Meeting',
  message: 'Message (text, email or online)',
  other: 'Other contact',
} as const;

export const NOTE_VISIBILITY = {
  agency: 'My agency only',
  partnership: 'The partnership',
} as const;

export const RELATIONSHIPS = {
  mother: 'Mother',
  father: 'Father',
  step_parent: 'Step-parent',
  carer: 'Carer or foster carer',
  grandparent: 'Grandparent',
  sibling: 'Brother or sister',
  other_relative: 'Other relative',
  friend: 'Friend',
  partner: 'Boyfriend or girlfriend',
  trusted_adult: 'Trusted adult',
  other_adult: 'Other adult around them',
} as const;
export type Relationship = keyof typeof RELATIONSHIPS;

/** Where each relationship sits in the diagram: the generation above, beside them, or around them. */
export const RELATIONSHIP_ROWS: Record<Relationship, 'parents' | 'peers' | 'others'> = {
  mother: 'parents',
  father: 'parents',
  step_parent: 'parents',
  carer: 'parents',
  grandparent: 'parents',
  sibling: 'peers',
  friend: 'peers',
  partner: 'peers',
  other_relative: 'others',
  trusted_adult: 'others',
  other_adult: 'others',
};

export const PARENTAL_RESPONSIBILITY = { yes: 'Yes', no: 'No', not_known: 'Not known' } as const;

export const CHILD_RELATIONSHIPS = {
  parent: 'Their parent',
  step_parent: 'Their step-parent',
  carer: 'Their carer',
  other: 'Another relationship',
} as const;

export const label = <T extends Record<string, string>>(labels: T, key: string | null | undefined): string => (key && Object.hasOwn(labels, key) ? labels[key as keyof T]! : (key ?? ''));

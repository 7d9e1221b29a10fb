/** The fixed lists of the data-protection module. */

/** The fields of a young person's details that can be corrected here, with their labels. */
export const CORRECTABLE_FIELDS = {
  givenName: 'First name',
  familyName: 'Last name',
  dateOfBirth: 'Date of birth',
  address: 'Address',
  postcode: 'Postcode',
  school: 'School or college',
} as const;
export type CorrectableField = keyof typeof CORRECTABLE_FIELDS;

/** The exemptions an item of a subject-access answer may be held back under. */
export const EXEMPTIONS = {
  crime_prevention: 'Crime prevention or detection (it would prejudice an investigation)',
  serious_harm: 'Serious harm (it would be likely to cause serious harm to someone)',
} as const;

/** The lawful bases a decision to share information is recorded under. */
export const SHARING_BASES = {
  safeguarding: 'Safeguarding children and individuals at risk (DPA 2018 schedule 1, paragraph 18)',
  public_task: 'Public task: a statutory duty such as Children Act 1989 section 47',
  legal_obligation: 'Legal obligation, such as a court order',
  crime_prevention: 'Prevention or detection of crime (DPA 2018 schedule 1, paragraph 10)',
  vital_interests: 'Vital interests: to protect someone’s life',
  consent: 'Consent of the young person or their parent or carer',
  right_of_access: 'The person’s own right of access (a subject-access request)',
} as const;

/** What moved. */
export const SHARING_KINDS = {
  concern_shared: 'A concern shared with an agency',
  case_pack: 'A case pack issued',
  transfer: 'A record transferred to another area or agency',
  subject_access: 'A subject-access answer',
} as const;

/** Kinds of third-party detail redacted by default in a subject-access answer. */
export const REDACTION_KINDS = {
  young_person: 'Another young person’s name',
  adult: 'An adult’s name',
  practitioner: 'A practitioner’s name',
  phone: 'A phone number',
  email: 'An email address',
  vehicle: 'A vehicle registration',
  online_account: 'An online account',
  postcode: 'Someone else’s postcode',
  address: 'Someone else’s address',
} as const;

export const REDACTION_STATUSES = { redacted: 'Redacted, not yet reviewed', confirmed: 'Redaction confirmed', released: 'Released' } as const;

export const sarReference = (n: number) => `SAR-${n}`;

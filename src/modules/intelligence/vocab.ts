/** The words of this module, written once: form options, API enums and page labels come from here. */
import { isOneOf } from '../../platform/http/forms.ts';

export const ADULT_STATUSES = {
  suspected: 'Suspected',
  charged: 'Charged',
  convicted: 'Convicted',
  no_further_action: 'No further action',
} as const;
export type AdultStatus = keyof typeof ADULT_STATUSES;

export const MAPPA = { not_known: 'Not known', yes: 'Yes, managed under MAPPA', no: 'No' } as const;

export const PLACE_KINDS = {
  hostel: 'Hostel',
  residential_home: 'Residential home',
  takeaway: 'Takeaway',
  taxi_firm: 'Taxi firm',
  hotel: 'Hotel or guest house',
  park: 'Park',
  school_or_college: 'School or college',
  shop: 'Shop',
  private_address: 'Private address',
  other: 'Other',
} as const;
export type PlaceKind = keyof typeof PLACE_KINDS;

/** Identifiers an adult or a place may have; the kinds concern_mentions use, so keys match. */
export const RECORD_IDENTIFIER_KINDS = {
  vehicle: 'Vehicle registration',
  phone: 'Phone number',
  email: 'Email address',
  online_account: 'Online account',
} as const;
export type RecordIdentifierKind = keyof typeof RECORD_IDENTIFIER_KINDS;

export const LINK_KINDS = {
  seen_with: 'Seen with',
  seen_at: 'Seen at',
  associate: 'Known associate',
  runs: 'Runs or works at',
  lives_at: 'Lives or stays at',
  other: 'Linked',
} as const;
export type LinkKind = keyof typeof LINK_KINDS;

export const SOURCE_GRADES = { '1': 'Reliable', '2': 'Untested', '3': 'Not reliable' } as const;
export const INTELLIGENCE_GRADES = {
  A: 'Known directly',
  B: 'Known indirectly and corroborated',
  C: 'Known indirectly',
  D: 'Not known',
  E: 'Suspected to be false',
} as const;
export const HANDLING_CODES = { P: 'May be shared', C: 'May be shared with conditions' } as const;
export type SourceGrade = keyof typeof SOURCE_GRADES;
export type IntelligenceGrade = keyof typeof INTELLIGENCE_GRADES;
export type HandlingCode = keyof typeof HANDLING_CODES;

/** The kind of source only: who the source is is never written into an entry. */
export const SOURCE_KINDS = {
  young_person: 'A young person',
  family: 'A family member or carer',
  professional: 'A professional',
  member_of_public: 'A member of the public',
  police_observation: 'Police observation',
  covert: 'A covert or protected source',
  open_source: 'Open sources (online, public records)',
  other: 'Other',
} as const;

export const DISRUPTION_KINDS = {
  cawn_issued: 'Child abduction warning notice issued',
  cawn_served: 'Child abduction warning notice served',
  cawn_breached: 'Child abduction warning notice breached',
  warning_letter: 'Warning letter',
  licensing_review: 'Licensing review',
  visit: 'Visit',
  arrest: 'Arrest',
  charge: 'Charge',
  court_hearing: 'Court hearing',
  outcome: 'Outcome',
} as const;
export type DisruptionKind = keyof typeof DISRUPTION_KINDS;

export const DISRUPTION_OUTCOMES = {
  conviction: 'Conviction',
  acquittal: 'Acquittal',
  no_further_action: 'No further action',
} as const;

/** Steps that count as prosecution (the rest are disruption) in the area's counts. */
export const PROSECUTION_KINDS: readonly DisruptionKind[] = ['arrest', 'charge', 'court_hearing', 'outcome'];

export function label<T extends Record<string, string>>(labels: T, value: string | null | undefined, fallback = 'Not recorded'): string {
  return isOneOf(labels, value) ? labels[value as keyof T]! : fallback;
}

export const adultReference = (n: number) => `A-${n}`;
export const placeReference = (n: number) => `P-${n}`;
export const entryReference = (n: number) => `I-${n}`;
export const disruptionReference = (n: number) => `D-${n}`;

export const gradeText = (e: { sourceGrade: string; intelligenceGrade: string; handling: string }) => `${e.sourceGrade}${e.intelligenceGrade}${e.handling}`;

/** How a changed field is named in a record's chronology. */
export const CHANGED_FIELD_LABELS: Record<string, string> = {
  name: 'name',
  aliases: 'other names',
  dateOfBirth: 'date of birth',
  approximateAge: 'approximate age',
  description: 'description',
  addresses: 'addresses',
  otherAreas: 'other areas',
  status: 'status',
  mappa: 'MAPPA',
  knownSince: 'known since',
  kind: 'kind of place',
  addressLine: 'address',
  town: 'town',
  postcode: 'postcode',
  openingHours: 'opening hours',
  runBy: 'who runs it',
  licensingAuthority: 'licensing authority',
};

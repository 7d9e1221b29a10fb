/**
 * The monitoring data a partnership keeps on each young person, as data: the young person's form, the problem profile and
 * the anonymised return all read these definitions, so a field is described once.
 * Every field distinguishes "not recorded" (the key is absent) from "no".
 */

export interface Option {
  value: string;
  label: string;
}

export type MonitoringField =
  | { key: string; label: string; kind: 'yes_no'; hint?: string }
  | { key: string; label: string; kind: 'one'; options: Option[]; hint?: string }
  | { key: string; label: string; kind: 'many'; options: Option[]; hint?: string };

/** yes/no fields hold 'yes' | 'no'; one-of fields hold an option value; many-of fields hold a list (possibly empty, meaning "none"). */
export type MonitoringAnswers = Record<string, string | string[]>;

export const NOT_RECORDED = 'not_recorded';

export const GENDERS: Option[] = [
  { value: 'female', label: 'Female' },
  { value: 'male', label: 'Male' },
  { value: 'transgender_female', label: 'Transgender – identifies as female' },
  { value: 'transgender_male', label: 'Transgender – identifies as male' },
  { value: 'non_binary', label: 'Non-binary or another gender' },
  { value: 'transgender', label: 'Transgender – no other gender recorded' },
];

/** The 2021 census ethnic groups for England and Wales, grouped by their broad heading. */
export const ETHNICITIES: (Option & { group: string })[] = [
  { value: 'asian_bangladeshi', label: 'Bangladeshi', group: 'Asian or Asian British' },
  { value: 'asian_chinese', label: 'Chinese', group: 'Asian or Asian British' },
  { value: 'asian_indian', label: 'Indian', group: 'Asian or Asian British' },
  { value: 'asian_pakistani', label: 'Pakistani', group: 'Asian or Asian British' },
  { value: 'asian_other', label: 'Any other Asian background', group: 'Asian or Asian British' },
  { value: 'black_african', label: 'African', group: 'Black, Black British, Caribbean or African' },
  { value: 'black_caribbean', label: 'Caribbean', group: 'Black, Black British, Caribbean or African' },
  { value: 'black_other', label: 'Any other Black, Black British or Caribbean background', group: 'Black, Black British, Caribbean or African' },
  { value: 'mixed_white_asian', label: 'White and Asian', group: 'Mixed or multiple ethnic groups' },
  { value: 'mixed_white_black_african', label: 'White and Black African', group: 'Mixed or multiple ethnic groups' },
  { value: 'mixed_white_black_caribbean', label: 'White and Black Caribbean', group: 'Mixed or multiple ethnic groups' },
  { value: 'mixed_other', label: 'Any other mixed or multiple ethnic background', group: 'Mixed or multiple ethnic groups' },
  { value: 'white_british', label: 'English, Welsh, Scottish, Northern Irish or British', group: 'White' },
  { value: 'white_irish', label: 'Irish', group: 'White' },
  { value: 'white_gypsy_traveller', label: 'Gypsy or Irish Traveller', group: 'White' },
  { value: 'white_roma', label: 'Roma', group: 'White' },
  { value: 'white_other', label: 'Any other White background', group: 'White' },
  { value: 'other_arab', label: 'Arab', group: 'Other ethnic group' },
  { value: 'other_any', label: 'Any other ethnic group', group: 'Other ethnic group' },
  // Only the broad group is known (older records, other systems): counted in the group, never guessed finer.
  { value: 'asian_not_known', label: 'Asian or Asian British – background not known', group: 'Asian or Asian British' },
  { value: 'black_not_known', label: 'Black, Black British, Caribbean or African – background not known', group: 'Black, Black British, Caribbean or African' },
  { value: 'mixed_not_known', label: 'Mixed or multiple ethnic groups – background not known', group: 'Mixed or multiple ethnic groups' },
  { value: 'white_not_known', label: 'White – background not known', group: 'White' },
  { value: 'other_not_known', label: 'Other ethnic group – background not known', group: 'Other ethnic group' },
  { value: 'refused', label: 'Young person or family chose not to say', group: 'Not given' },
];

/**
 * Where a young person lives. The placements whose value starts with `looked_after_` mean the young
 * person is looked after; looked-after status is also kept on its own (a looked-after child may
 * live at home, with relatives or in custody), see `lookedAfter`.
 */
export const LIVING_ARRANGEMENTS: Option[] = [
  { value: 'with_family', label: 'Living with family' },
  { value: 'with_relatives_or_friends', label: 'Living with relatives or friends' },
  { value: 'looked_after_foster', label: 'Looked after – foster care' },
  { value: 'looked_after_residential', label: 'Looked after – residential children’s home' },
  { value: 'looked_after_supported', label: 'Looked after – supported accommodation' },
  { value: 'looked_after_bed_and_breakfast', label: 'Looked after – bed and breakfast' },
  { value: 'looked_after_secure', label: 'Looked after – secure accommodation' },
  { value: 'custody', label: 'In custody' },
  { value: 'independent', label: 'Living independently' },
  { value: 'homeless', label: 'Homeless or sofa surfing' },
  { value: 'other', label: 'Somewhere else' },
];

export const PRIOR_INVOLVEMENT: Option[] = [
  { value: 'child_protection_plan', label: 'Child protection plan, now or before' },
  { value: 'child_in_need', label: 'Child in need, now or before' },
  { value: 'none', label: 'No earlier children’s services involvement' },
];

/** Looked after: said so on the record, or living in a placement that means it. */
export function isLookedAfter(livingArrangement: string | null | undefined, lookedAfter?: string | null): boolean {
  return lookedAfter === 'yes' || (typeof livingArrangement === 'string' && livingArrangement.startsWith('looked_after_'));
}

/** A placement that means looked after, with looked-after status recorded as "no", cannot both be right. */
export function lookedAfterProblem(livingArrangement: string, lookedAfter: string): string | null {
  return livingArrangement.startsWith('looked_after_') && lookedAfter === 'no' ? 'A young person in this placement is looked after: choose yes, or change where they live' : null;
}

export const MONITORING_FIELDS: MonitoringField[] = [
  {
    key: 'exploitation_models',
    label: 'Model of exploitation',
    kind: 'many',
    hint: 'Select all that apply.',
    options: [
      { value: 'older_partner', label: 'Older boyfriend or girlfriend' },
      { value: 'peer_on_peer', label: 'Peer on peer' },
      { value: 'relative', label: 'A relative' },
      { value: 'organised_group', label: 'Organised network or group' },
      { value: 'gang_associated', label: 'Associated with a gang' },
      { value: 'online', label: 'Online' },
      { value: 'lone_adult', label: 'A single adult acting alone' },
      { value: 'other', label: 'Another model' },
    ],
  },
  {
    key: 'coercion_methods',
    label: 'Methods of coercion',
    kind: 'many',
    hint: 'Select all that apply.',
    options: [
      { value: 'grooming', label: 'Grooming' },
      { value: 'exploited_peer', label: 'Pressure from a peer who is also exploited' },
      { value: 'gang_pressure', label: 'Pressure from a gang' },
      { value: 'local_business', label: 'Through a local business' },
      { value: 'social_networking', label: 'Social networking' },
      { value: 'phone', label: 'Mobile phone' },
      { value: 'gaming', label: 'Online gaming' },
      { value: 'gifts', label: 'Gifts' },
      { value: 'money', label: 'Money' },
      { value: 'accommodation', label: 'A place to stay' },
      { value: 'alcohol_drugs', label: 'Alcohol or drugs' },
      { value: 'party_lifestyle', label: 'Parties and a party lifestyle' },
      { value: 'threats_violence', label: 'Threats or violence' },
      { value: 'other', label: 'Another method' },
    ],
  },
  {
    key: 'moved_between_areas',
    label: 'Moved between areas for exploitation (trafficked within the UK)',
    kind: 'yes_no',
  },
  { key: 'from_abroad', label: 'Brought to the UK from abroad', kind: 'yes_no' },
  { key: 'substance_misuse', label: 'Misuses drugs or alcohol', kind: 'yes_no' },
  { key: 'sexual_health_diagnosed', label: 'Has a diagnosed sexual health problem', kind: 'yes_no' },
  { key: 'mental_health', label: 'Has mental health problems', kind: 'yes_no' },
  { key: 'offending', label: 'Has committed offences', kind: 'yes_no' },
  { key: 'criminal_behaviour_support', label: 'Receiving support for criminal behaviour', kind: 'yes_no' },
  {
    key: 'domestic_violence',
    label: 'Domestic violence',
    kind: 'many',
    hint: 'Select all that apply, or “None”.',
    options: [
      { value: 'witnessed', label: 'Has witnessed domestic violence' },
      { value: 'experienced', label: 'Has experienced domestic violence' },
    ],
  },
  {
    key: 'education',
    label: 'Education',
    kind: 'one',
    options: [
      { value: 'attending', label: 'On a school or college roll and attending' },
      { value: 'not_attending', label: 'On a roll but not attending' },
      { value: 'truanting', label: 'Truanting' },
      { value: 'temporarily_excluded', label: 'Temporarily excluded' },
      { value: 'pupil_referral_unit', label: 'At a pupil referral unit' },
      { value: 'not_on_roll', label: 'Not on a school or college roll' },
    ],
  },
  { key: 'physical_disability', label: 'Has a physical disability', kind: 'yes_no' },
  { key: 'learning_difficulty', label: 'Has a learning difficulty or learning disability', kind: 'yes_no' },
  { key: 'special_educational_needs', label: 'Has special educational needs', kind: 'yes_no' },
  { key: 'police_involvement', label: 'Police involved', kind: 'yes_no' },
  { key: 'court_proceedings', label: 'Court proceedings against an abuser', kind: 'yes_no' },
  { key: 'conviction', label: 'An abuser convicted', kind: 'yes_no' },
];

export const YES_NO: Option[] = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
];

/** Children in Need census factor codes that map onto Lantern's records. */
export const CIN_FACTOR_CODES: Record<string, string> = {
  '10A': 'Going missing',
  '11A': 'Child sexual exploitation',
  '12A': 'Trafficking',
  '13A': 'Gangs',
  '24A': 'Child criminal exploitation',
};

export function monitoringField(key: string): MonitoringField | undefined {
  return MONITORING_FIELDS.find((f) => f.key === key);
}

/** Checks submitted monitoring answers against the definitions; unknown keys or values are errors. */
export function validateMonitoring(input: Record<string, unknown>): { answers: MonitoringAnswers; errors: Record<string, string> } {
  const answers: MonitoringAnswers = {};
  const errors: Record<string, string> = {};
  for (const field of MONITORING_FIELDS) {
    const raw = input[field.key];
    if (raw === undefined || raw === '' || raw === NOT_RECORDED) continue;
    if (field.kind === 'many') {
      const list = (Array.isArray(raw) ? raw : [raw]).filter((v) => v !== '');
      if (list.includes('none')) {
        if (list.length > 1) errors[field.key] = `Select “None” on its own, or the options that apply, for ${field.label.toLowerCase()}`;
        else answers[field.key] = [];
        continue;
      }
      const bad = list.find((v) => typeof v !== 'string' || !field.options.some((o) => o.value === v));
      if (bad !== undefined) errors[field.key] = `Select options from the list for ${field.label.toLowerCase()}`;
      else answers[field.key] = list as string[];
    } else {
      const options = field.kind === 'yes_no' ? YES_NO : field.options;
      if (typeof raw !== 'string' || !options.some((o) => o.value === raw)) {
        errors[field.key] = `Select an answer from the list for ${field.label.toLowerCase()}`;
      } else answers[field.key] = raw;
    }
  }
  return { answers, errors };
}

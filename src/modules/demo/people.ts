/** The fictional Northbridge area's agencies and people, which the demo seed creates and tests sign in as. */
import type { AgencyKind, Role } from '../../platform/auth/roles.ts';

/** One shared password for the fictional demo users only; demo seeding is refused in production. */
export const DEMO_PASSWORD = 'lantern-demo-password';

export const DEMO_AREA = { name: 'Northbridge Safeguarding Partnership', code: 'NBR' };

export const DEMO_AGENCIES: { key: string; name: string; kind: AgencyKind }[] = [
  { key: 'police', name: 'Northbridge Police', kind: 'police' },
  { key: 'social_care', name: 'Northbridge Children’s Social Care', kind: 'childrens_social_care' },
  { key: 'health', name: 'Northbridge Community Health', kind: 'health' },
  { key: 'education', name: 'Northbridge Schools and Colleges', kind: 'education' },
  { key: 'youth_offending', name: 'Northbridge Youth Justice Service', kind: 'youth_offending' },
  { key: 'housing', name: 'Northbridge Housing', kind: 'housing' },
  { key: 'open_door', name: 'Open Door Youth Project', kind: 'voluntary' },
  { key: 'harbour', name: 'Harbour Young People’s Service', kind: 'voluntary' },
];

export interface DemoUser {
  email: string;
  name: string;
  role: Role;
  agency: string;
  jobTitle: string;
  description: string;
}

export const DEMO_USERS: DemoUser[] = [
  { email: 'coordinator@northbridge.example', name: 'Priya Raman', role: 'coordinator', agency: 'social_care', jobTitle: 'CSE coordinator', description: 'CSE coordinator (triage, panels, all casework in the area)' },
  { email: 'school.nurse@northbridge.example', name: 'Grace Adeyemi', role: 'practitioner', agency: 'health', jobTitle: 'School nurse', description: 'Practitioner: school nurse (health)' },
  { email: 'youth.worker@northbridge.example', name: 'Tom Brennan', role: 'practitioner', agency: 'open_door', jobTitle: 'Youth worker', description: 'Practitioner: youth worker (voluntary sector)' },
  { email: 'police.officer@northbridge.example', name: 'Dan Whitfield', role: 'practitioner', agency: 'police', jobTitle: 'Police constable, missing persons', description: 'Practitioner: police officer' },
  { email: 'social.worker@northbridge.example', name: 'Aisha Khan', role: 'practitioner', agency: 'social_care', jobTitle: 'Social worker', description: 'Practitioner: social worker' },
  { email: 'housing.officer@northbridge.example', name: 'Rhys Morgan', role: 'practitioner', agency: 'housing', jobTitle: 'Housing support officer', description: 'Practitioner: housing' },
  { email: 'yjs.worker@northbridge.example', name: 'Leon Carter', role: 'practitioner', agency: 'youth_offending', jobTitle: 'Youth justice worker', description: 'Practitioner: youth justice' },
  { email: 'harbour.worker@northbridge.example', name: 'Niamh Doyle', role: 'practitioner', agency: 'harbour', jobTitle: 'Support worker', description: 'Practitioner: support worker (voluntary sector)' },
  { email: 'education.lead@northbridge.example', name: 'Helen Price', role: 'agency_lead', agency: 'education', jobTitle: 'Designated safeguarding lead', description: 'Agency lead: education' },
  { email: 'panel.member@northbridge.example', name: 'Sgt Mark Ellis', role: 'panel_member', agency: 'police', jobTitle: 'Detective sergeant', description: 'Panel member (police)' },
  { email: 'intelligence@northbridge.example', name: 'Jo Lindqvist', role: 'intelligence_officer', agency: 'police', jobTitle: 'Intelligence officer', description: 'Intelligence officer (police)' },
  { email: 'analyst@northbridge.example', name: 'Ben Osei', role: 'analyst', agency: 'social_care', jobTitle: 'Performance analyst', description: 'Analyst (anonymised figures only)' },
  { email: 'board.member@northbridge.example', name: 'Margaret Hale', role: 'board_member', agency: 'social_care', jobTitle: 'Independent chair', description: 'Board member or auditor' },
  { email: 'partnership.lead@northbridge.example', name: 'Olu Bankole', role: 'partnership_lead', agency: 'social_care', jobTitle: 'Partnership business manager', description: 'Partnership lead (self-assessment and training register)' },
  { email: 'dpo@northbridge.example', name: 'Farah Siddiqui', role: 'data_protection_officer', agency: 'social_care', jobTitle: 'Data protection officer', description: 'Data protection officer (subject access, corrections, restricted records)' },
  { email: 'admin@northbridge.example', name: 'Sam Fielding', role: 'administrator', agency: 'social_care', jobTitle: 'Systems administrator', description: 'Administrator (no casework)' },
];

import type { Db } from '../../platform/db/database.ts';
import { addChronologyEntry } from '../young-people/chronology.ts';
import { insertYoungPerson } from '../young-people/service.ts';
import { teamMembers, youngPeople } from '../young-people/tables.ts';
import type { PersonDetails } from '../young-people/details.ts';
import type { MonitoringAnswers } from '../young-people/monitoring.ts';
import { addConcernToChronology } from '../concerns/chronology.ts';
import { concerns } from '../concerns/tables.ts';
import { eq } from 'drizzle-orm';
import { DEMO_AGENCIES, DEMO_USERS } from './seed.ts';


export interface DemoIds {
  areaId: string;
  agencyIds: Map<string, string>;
  userIds: Map<string, string>;
}

const DAY = 86_400_000;

/** A date of birth that makes someone `years` old (and a few days) today, so the demo never ages out. */
function bornYearsAgo(years: number, extraDays: number): string {
  const d = new Date(Date.now() - extraDays * DAY);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d.toISOString().slice(0, 10);
}

interface DemoPerson {
  details: Partial<PersonDetails> & { givenName: string; familyName: string };
  livingArrangement?: string;
  priorInvolvement?: string;
  monitoring?: MonitoringAnswers;
  team: { agency: string; user?: string; role?: string; lead?: boolean }[];
  concerns: { by: string; agency: string; daysAgo: number; details: string; indicators?: string[] }[];
}

/** Fictional young people and their history, so every page has something to show. All names are invented. */
const PEOPLE: DemoPerson[] = [
  {
    details: { givenName: 'Jade', familyName: 'Carter', dateOfBirth: bornYearsAgo(12, 40), gender: 'female', ethnicity: 'white_british', postcode: 'NB3 2QT', school: 'Northbridge Academy' },
    livingArrangement: 'with_family',
    priorInvolvement: 'child_in_need',
    team: [
      { agency: 'health', user: 'school.nurse@northbridge.example', role: 'School nurse', lead: true },
      { agency: 'education' },
    ],
    concerns: [
      { by: 'school.nurse@northbridge.example', agency: 'health', daysAgo: 40, details: 'Told me an older boy she met online buys her phone credit and wants to meet her in town.', indicators: ['ol.ar.unexplained_credit', 'ol.ar.new_distant_contacts', 'ol.ar.online_to_offline'] },
      { by: 'education.lead@northbridge.example', agency: 'education', daysAgo: 12, details: 'Collected from the school gate twice by a man in his twenties she calls her cousin; family say they do not know him.', indicators: ['ar.unknown_lifts', 'ar.older_associates'] },
    ],
  },
  {
    details: { givenName: 'Chloe', familyName: 'Barnes', aliases: ['Clo'], dateOfBirth: bornYearsAgo(15, 120), gender: 'female', ethnicity: 'mixed_white_black_caribbean', postcode: 'NB1 4HD' },
    livingArrangement: 'looked_after_residential',
    priorInvolvement: 'child_protection_plan',
    monitoring: { substance_misuse: 'yes', education: 'not_attending', exploitation_models: ['older_partner'], coercion_methods: ['alcohol_drugs', 'gifts'] },
    team: [
      { agency: 'social_care', user: 'social.worker@northbridge.example', role: 'Allocated social worker', lead: true },
      { agency: 'police', user: 'police.officer@northbridge.example', role: 'Missing persons officer' },
      { agency: 'harbour', user: 'harbour.worker@northbridge.example', role: 'CSE support worker' },
    ],
    concerns: [
      { by: 'police.officer@northbridge.example', agency: 'police', daysAgo: 75, details: 'Found at 2am in a flat above a takeaway on Mill Street with two adult men; she had been drinking.' },
      { by: 'harbour.worker@northbridge.example', agency: 'harbour', daysAgo: 20, details: 'Has a new phone and designer trainers; says a friend’s brother gives her lifts and money.' },
    ],
  },
  {
    details: { givenName: 'Ryan', familyName: 'Doyle', dateOfBirth: bornYearsAgo(16, 200), gender: 'male', ethnicity: 'white_irish', postcode: 'NB2 7LP' },
    livingArrangement: 'with_family',
    monitoring: { offending: 'yes', substance_misuse: 'yes', learning_difficulty: 'no' },
    team: [{ agency: 'youth_offending', user: 'yjs.worker@northbridge.example', role: 'Youth justice worker', lead: true }],
    concerns: [
      { by: 'yjs.worker@northbridge.example', agency: 'youth_offending', daysAgo: 9, details: 'Spends nights at the home of an adult man who supplies him with cannabis; refuses to say what happens there.' },
    ],
  },
  {
    details: { givenName: 'Amira', familyName: 'Hassan', dateOfBirth: bornYearsAgo(14, 300), gender: 'female', ethnicity: 'other_arab', postcode: 'NB4 1AA', school: 'St Anne’s School' },
    livingArrangement: 'looked_after_foster',
    monitoring: { from_abroad: 'yes' },
    team: [{ agency: 'social_care', user: 'social.worker@northbridge.example', role: 'Allocated social worker', lead: true }],
    concerns: [],
  },
];

export async function seedDemoCasework(tx: Db, ids: DemoIds): Promise<void> {
  const agency = (key: string) => ids.agencyIds.get(key)!;
  const user = (email: string) => ids.userIds.get(email)!;
  const coordinator = user('coordinator@northbridge.example');
  // Built here, not at load: seed.ts and this file import each other.
  const DEMO_NAMES = new Map(DEMO_USERS.map((u) => [u.email, u.name]));
  const DEMO_AGENCY_NAMES = new Map(DEMO_AGENCIES.map((a) => [a.key, a.name]));
  for (const person of PEOPLE) {
    const details: PersonDetails = {
      aliases: [],
      dateOfBirth: null,
      estimatedAge: null,
      gender: 'not_recorded',
      ethnicity: 'not_recorded',
      address: null,
      postcode: null,
      school: null,
      nhsNumber: null,
      upn: null,
      localAuthorityId: null,
      ...person.details,
    };
    const yp = await insertYoungPerson(tx, ids.areaId, details, coordinator);
    await tx
      .update(youngPeople)
      .set({ livingArrangement: person.livingArrangement ?? 'not_recorded', priorInvolvement: person.priorInvolvement ?? 'not_recorded', monitoring: person.monitoring ?? {} })
      .where(eq(youngPeople.id, yp.id));
    for (const member of person.team) {
      const [row] = await tx
        .insert(teamMembers)
        .values({ youngPersonId: yp.id, agencyId: agency(member.agency), userId: member.user ? user(member.user) : null, roleInTeam: member.role ?? null, isLeadProfessional: member.lead ?? false, addedByUserId: coordinator })
        .returning({ id: teamMembers.id });
      const who = member.user ? `${DEMO_NAMES.get(member.user)} (${DEMO_AGENCY_NAMES.get(member.agency)})` : DEMO_AGENCY_NAMES.get(member.agency);
      await addChronologyEntry(tx, { youngPersonId: yp.id, occurredAt: new Date(Date.now() - 90 * DAY), kind: 'team', agencyId: agency('social_care'), sourceKind: 'team_member', sourceId: row!.id, summary: `${who} joined the team around the child${member.lead ? ' as lead professional' : ''}` });
    }
    for (const c of person.concerns) {
      const submittedAt = new Date(Date.now() - c.daysAgo * DAY);
      const [row] = await tx
        .insert(concerns)
        .values({
          areaId: ids.areaId,
          raisedByUserId: user(c.by),
          raisedByAgencyId: agency(c.agency),
          subjectKind: 'known',
          youngPersonId: yp.id,
          immediateDanger: false,
          urgent: false,
          indicators: c.indicators ?? [],
          details: c.details,
          howLearned: 'observed',
          youngPersonAware: 'not_known',
          lawfulBasis: 'safeguarding',
          submittedAt,
        })
        .returning({ id: concerns.id });
      await addConcernToChronology(tx, row!.id);
    }
  }
}

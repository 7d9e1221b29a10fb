import type { Db } from '../../platform/db/database.ts';
import { addChronologyEntry, insertYoungPerson, personDetailsWith, type PersonDetails } from '../young-people/index.ts';
import { teamMembers, youngPeople } from '../young-people/tables.ts';
import type { MonitoringAnswers } from '../young-people/index.ts';
import { addConcernToChronology, insertDemoConcern } from '../concerns/index.ts';
import { concerns, feedbackMessages } from '../concerns/tables.ts';
import { triageOutcome } from '../triage/index.ts';
import { eq } from 'drizzle-orm';
import { DEMO_AGENCIES, DEMO_USERS } from './people.ts';
import { seedDemoEpisodes, type DemoEpisode } from '../missing/index.ts';


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

/** The date of birth on `month`/`day` that makes someone `years` old today (birthday already past this year or not). */
function bornOn(years: number, month: number, day: number): string {
  const today = new Date();
  const hadBirthday = today.getUTCMonth() + 1 > month || (today.getUTCMonth() + 1 === month && today.getUTCDate() >= day);
  const year = today.getUTCFullYear() - years - (hadBirthday ? 0 : 1);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

interface DemoPerson {
  details: Partial<PersonDetails> & { givenName: string; familyName: string };
  livingArrangement?: string;
  priorInvolvement?: string;
  monitoring?: MonitoringAnswers;
  team: { agency: string; user?: string; role?: string; lead?: boolean }[];
  concerns: { by: string; agency: string; daysAgo: number; details: string; indicators?: string[] }[];
  /** Past missing episodes, so the record shows patterns (recorded through the missing module's services). */
  missing?: DemoEpisode[];
}

const POLICE = 'police.officer@northbridge.example';
const HARBOUR = 'harbour.worker@northbridge.example';
const ELM_HOUSE = 'Elm House children’s home, Northbridge';
const MILL_STREET = 'Flat above the takeaway, Mill Street';
const chloeInterview = (hoursAfterReturn: number, held: NonNullable<DemoEpisode['interview']>['held'], response: 'accepted' | 'declined' = 'accepted') => ({ by: HARBOUR, interviewerName: 'Niamh Doyle', agency: 'harbour', hoursAfterReturn, response, held });

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
    missing: [
      { daysAgo: 300, at: '22:40', hoursAway: 11.5, by: POLICE, placement: ELM_HOUSE, lastSeenWhere: 'Leaving Elm House by the back gate', reportedBy: 'Night staff at Elm House', policeReference: 'NB-MP-0412', foundWhere: MILL_STREET, foundWithAdults: ['Man known as ‘Deano’'], howReturned: 'police', strategyMeetingNote: 'Police, social care and Harbour agreed a safety plan and a curfew check at 10pm.', interview: chloeInterview(20, { hoursAfterOffer: 24, push: ['rules'], pull: ['older_partner', 'gifts_money'], where: 'At a flat in town', withWhom: 'An older man she calls her boyfriend', learning: 'Says she goes to see an older “boyfriend” who gives her vodka and lifts. Did not want to say more.' }) },
      { daysAgo: 150, at: '23:30', hoursAway: 14, by: POLICE, placement: ELM_HOUSE, reportedBy: 'Night staff at Elm House', policeReference: 'NB-MP-0518', foundWhere: MILL_STREET, foundWithAdults: ['Man known as ‘Deano’'], howReturned: 'police', strategyMeetingNote: 'Agreed to refer to the multi-agency panel.', interview: chloeInterview(30, { hoursAfterOffer: 20, push: ['placement_unhappy'], pull: ['older_partner', 'parties'], learning: 'Talked about parties at the flat with older men; was given a new phone.' }) },
      { daysAgo: 70, at: '21:50', hoursAway: 30, by: POLICE, placement: ELM_HOUSE, reportedBy: 'Elm House staff', policeReference: 'NB-MP-0633', foundWhere: MILL_STREET, foundWithAdults: ['Man known as ‘Deano’'], vehicles: ['NB19 XKP'], howReturned: 'police', whileAway: 'Returned tired and hungry; would not say where she had slept.', strategyMeetingNote: 'Child abduction warning notice to be considered for the adult known as Deano.', interview: chloeInterview(26, undefined, 'declined') },
      { daysAgo: 45, at: '23:10', hoursAway: 9, by: POLICE, placement: ELM_HOUSE, reportedBy: 'Night staff at Elm House', policeReference: 'NB-MP-0671', foundWhere: 'Northbridge bus station', foundWithYoungPeople: ['Kayla, a friend from school'], howReturned: 'own_accord', strategyMeetingNote: 'Reviewed safety plan; no change.', interview: chloeInterview(18, { hoursAfterOffer: 6, push: ['conflict_at_home'], pull: ['friends'], learning: 'Went to meet a friend after an argument at Elm House; missed the last bus.' }) },
      { daysAgo: 20, at: '00:30', hoursAway: 7, by: POLICE, placement: ELM_HOUSE, reportedBy: 'Night staff at Elm House', policeReference: 'NB-MP-0702', foundWhere: MILL_STREET, foundWithAdults: ['Man known as ‘Deano’'], foundWithYoungPeople: ['Kayla, a friend from school'], howReturned: 'police', strategyMeetingNote: 'Case added to the next panel agenda.', interview: chloeInterview(12, { hoursAfterOffer: 30, push: ['rules'], pull: ['older_partner', 'gifts_money', 'pressure_threats'], where: 'The flat on Mill Street', withWhom: 'Deano and two of his friends', disclosure: 'Said she was told she owed money for the phone and would have to “pay it back”.', learning: 'Pressure to repay gifts: grooming and debt bondage indicated. Passed to police as intelligence.' }) },
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
    missing: [
      { daysAgo: 30, at: '19:30', hoursAway: 5, by: 'social.worker@northbridge.example', placement: 'With foster carers in Northbridge', reportedBy: 'Her foster carer', policeReference: 'NB-MP-0690', foundWhere: 'Quay Road snooker hall', foundWithAdults: ['Unknown man in his thirties'], vehicles: ['NB19 XKP'], howReturned: 'police', strategyMeetingNote: 'Held by phone; agreed to share the vehicle details with the intelligence officer.', interview: { by: 'social.worker@northbridge.example', interviewerName: 'Sunita Bose', agency: 'harbour', hoursAfterReturn: 20, response: 'accepted', held: { hoursAfterOffer: 24, push: [], pull: ['gifts_money'], learning: 'Was offered food and a lift by a man outside the snooker hall; says nothing else happened.' } } },
    ],
  },
  // The same girl, recorded twice: by her school, and (with the day and month of her birthday
  // swapped and her name spelt as she said it) in a police missing report. The coordinator finds
  // the pair under Possible duplicates, merges them into one chronology, and can undo it.
  {
    details: { givenName: 'Kayleigh', familyName: 'Smith', dateOfBirth: bornOn(14, 3, 7), gender: 'female', ethnicity: 'white_british', postcode: 'NB2 5RD', school: 'Northbridge Academy' },
    livingArrangement: 'with_family',
    team: [{ agency: 'education', user: 'education.lead@northbridge.example', role: 'Designated safeguarding lead', lead: true }],
    concerns: [
      { by: 'education.lead@northbridge.example', agency: 'education', daysAgo: 30, details: 'Has missed Friday afternoon lessons since half term and has been seen getting into a silver car driven by a man in his twenties after school.' },
    ],
  },
  {
    details: { givenName: 'Kayley', familyName: 'Smyth', dateOfBirth: bornOn(14, 3, 7).replace(/-(\d{2})-(\d{2})$/, '-$2-$1'), gender: 'female', postcode: 'NB2 5RD' },
    team: [{ agency: 'police', user: 'police.officer@northbridge.example', role: 'Missing persons officer' }],
    concerns: [
      { by: 'police.officer@northbridge.example', agency: 'police', daysAgo: 18, details: 'Reported missing overnight by her mother. Found the next morning in a flat on Eastgate with two adult men; she said she had been at a friend’s house.' },
    ],
  },
  // Twin sisters: the same family name, birthday and address, different first names. Lantern keeps
  // them as two young people and says why under Possible duplicates.
  {
    details: { givenName: 'Leah', familyName: 'Whitfield', dateOfBirth: bornYearsAgo(13, 40), gender: 'female', ethnicity: 'white_british', postcode: 'NB3 5TW', school: 'Northbridge Academy' },
    livingArrangement: 'with_family',
    team: [{ agency: 'education' }],
    concerns: [],
  },
  {
    details: { givenName: 'Erin', familyName: 'Whitfield', dateOfBirth: bornYearsAgo(13, 40), gender: 'female', ethnicity: 'white_british', postcode: 'NB3 5TW', school: 'Northbridge Academy' },
    livingArrangement: 'with_family',
    team: [{ agency: 'education' }],
    concerns: [],
  },
];

export async function seedDemoCasework(tx: Db, ids: DemoIds): Promise<void> {
  const agency = (key: string) => ids.agencyIds.get(key)!;
  const user = (email: string) => ids.userIds.get(email)!;
  const coordinator = user('coordinator@northbridge.example');
  // Built when seeding, not at load.
  const DEMO_NAMES = new Map(DEMO_USERS.map((u) => [u.email, u.name]));
  const DEMO_AGENCY_NAMES = new Map(DEMO_AGENCIES.map((a) => [a.key, a.name]));
  for (const person of PEOPLE) {
    const details = personDetailsWith(person.details);
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
      const row = await insertDemoConcern(tx, {
        areaId: ids.areaId,
        raisedByUserId: user(c.by),
        raisedByAgencyId: agency(c.agency),
        youngPersonId: yp.id,
        indicators: c.indicators ?? [],
        details: c.details,
        submittedAt,
      });
      await addConcernToChronology(tx, row.id);
      // Older demo concerns have been triaged and their referrers told, as they would have been.
      if (c.daysAgo > 10) {
        const decidedAt = new Date(submittedAt.getTime() + 4 * 3_600_000);
        const outcome = triageOutcome('risk_assessment_requested')!;
        const reference = `C-${row.number}`;
        await tx
          .update(concerns)
          .set({ status: 'triaged', certainty: 'indicated', outcome: 'risk_assessment_requested', triagedAt: decidedAt, triagedByUserId: coordinator, firstFeedbackAt: decidedAt })
          .where(eq(concerns.id, row.id));
        await tx.insert(feedbackMessages).values({ recipientUserId: user(c.by), concernId: row.id, kind: 'triage_outcome', message: outcome.feedback({ reference, note: null }), createdAt: decidedAt, readAt: decidedAt });
        await addChronologyEntry(tx, { youngPersonId: yp.id, occurredAt: decidedAt, kind: 'triage', agencyId: agency('social_care'), sourceKind: 'concern', sourceId: row.id, summary: `Concern ${reference} triaged: ${outcome.label.toLowerCase()}` });
      }
    }
    if (person.missing) await seedDemoEpisodes(tx, ids, yp.id, person.missing);
  }
}

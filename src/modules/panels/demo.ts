/**
 * Demo panel data for Northbridge: a SERAC chaired by the police with police, social care, health
 * and school members; a meeting held six weeks ago (Chloe discussed, one action now overdue, one
 * done); the next meeting arranged; three referrals waiting for the coordinator (Jade, Chloe and
 * the Mill Street Grill takeaway from the intelligence demo, which must be seeded first); and a peer group. All fictional.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { formatDate } from '../../platform/views/filters.ts';
import { DEMO_TAKEAWAY } from '../intelligence/index.ts';
import { placesOfConcern } from '../intelligence/tables.ts';
import { addChronologyEntry, setCurrentRiskLevel } from '../young-people/index.ts';
import { teamMembers, youngPeople } from '../young-people/tables.ts';
import { addDays, londonToday } from '../../platform/time.ts';
import { agendaItems, meetingAttendance, panelActions, panelMeetings, panelMembers, panelReferrals, panels, peerGroupMembers, peerGroups } from './tables.ts';

interface DemoIdsLike {
  areaId: string;
  agencyIds: Map<string, string>;
  userIds: Map<string, string>;
}

const DAY = 86_400_000;
export const DEMO_PANEL_NAME = 'Northbridge SERAC';

export async function seedDemoPanels(tx: Db, ids: DemoIdsLike, now = new Date()): Promise<void> {
  const agency = (key: string) => ids.agencyIds.get(key)!;
  const user = (email: string) => ids.userIds.get(email)!;
  const person = async (givenName: string) => (await tx.select({ id: youngPeople.id }).from(youngPeople).where(and(eq(youngPeople.areaId, ids.areaId), eq(youngPeople.givenName, givenName))))[0]!.id;
  const [jade, chloe, amira, kayleigh] = [await person('Jade'), await person('Chloe'), await person('Amira'), await person('Kayleigh')];
  // The intelligence demo's takeaway (seeded first), referred as a place of concern.
  const [{ id: takeaway }] = (await tx.select({ id: placesOfConcern.id }).from(placesOfConcern).where(and(eq(placesOfConcern.areaId, ids.areaId), eq(placesOfConcern.name, DEMO_TAKEAWAY)))) as [{ id: string }];
  const today = londonToday(now);
  const coordinator = user('coordinator@northbridge.example');

  const [panel] = await tx
    .insert(panels)
    .values({ areaId: ids.areaId, name: DEMO_PANEL_NAME, kind: 'serac', chairAgencyId: agency('police'), meetsEveryDays: 28, accessAfterCloseDays: 30 })
    .returning({ id: panels.id });
  const members: [string, string][] = [
    ['panel.member@northbridge.example', 'police'],
    ['social.worker@northbridge.example', 'social_care'],
    ['school.nurse@northbridge.example', 'health'],
    ['education.lead@northbridge.example', 'education'],
  ];
  await tx.insert(panelMembers).values(members.map(([email, key]) => ({ panelId: panel!.id, userId: user(email), agencyId: agency(key) })));

  // The last meeting: six weeks ago, minutes closed the next day (so members' access has lapsed).
  const heldOn = addDays(today, -42);
  const [held] = await tx
    .insert(panelMeetings)
    .values({ panelId: panel!.id, meetsOn: heldOn, agendaIssuedAt: new Date(now.getTime() - 49 * DAY), agendaIssuedByUserId: coordinator, minutesClosedAt: new Date(now.getTime() - 41 * DAY), minutesClosedByUserId: coordinator })
    .returning({ id: panelMeetings.id });
  await tx.insert(meetingAttendance).values(members.map(([email, key]) => ({ meetingId: held!.id, userId: user(email), agencyId: agency(key), status: key === 'education' ? 'apologies' : 'present' })));
  const [earlier] = await tx
    .insert(panelReferrals)
    .values({
      areaId: ids.areaId,
      panelId: panel!.id,
      subjectKind: 'young_person',
      youngPersonId: chloe,
      source: 'lead_professional',
      reason: 'Repeated missing episodes from Elm House, found each time at the same flat on Mill Street with older men.',
      urgency: 'urgent',
      youngPersonViews: 'Says the men at the flat are her friends and she is safe there.',
      familyViews: 'Her mother worries she is being given drink and drugs and wants her moved further from town.',
      status: 'accepted',
      decidedByUserId: coordinator,
      decidedAt: new Date(now.getTime() - 55 * DAY),
      referredByUserId: user('social.worker@northbridge.example'),
      referredByAgencyId: agency('social_care'),
      referredAt: new Date(now.getTime() - 58 * DAY),
      discussedAt: new Date(now.getTime() - 42 * DAY),
    })
    .returning({ id: panelReferrals.id });
  const [item] = await tx
    .insert(agendaItems)
    .values({
      meetingId: held!.id,
      youngPersonId: chloe,
      position: 1,
      origin: 'referral',
      referralId: earlier!.id,
      urgency: 'urgent',
      outcome: 'decided',
      levelAgreed: 'swapping',
      plan: 'Safety plan with a curfew check at Elm House; Harbour to keep weekly sessions; police to visit the Mill Street flat.',
      disruption: 'Consider a child abduction warning notice for the adult known as Deano.',
      childProtectionReferral: false,
      nextReviewOn: addDays(today, 30),
      decidedAt: new Date(now.getTime() - 42 * DAY),
      decidedByUserId: coordinator,
    })
    .returning({ id: agendaItems.id });
  await setCurrentRiskLevel(tx, chloe, { level: 'swapping', at: new Date(now.getTime() - 42 * DAY), source: 'panel', sourceId: item!.id });
  await addChronologyEntry(tx, { youngPersonId: chloe, occurredAt: new Date(now.getTime() - 42 * DAY), kind: 'panel', agencyId: agency('police'), sourceKind: 'agenda_item', sourceId: item!.id, summary: `Discussed at ${DEMO_PANEL_NAME}; level agreed: Swapping; next review by ${formatDate(addDays(today, 30))}.` });
  const overdueAction = {
    areaId: ids.areaId,
    meetingId: held!.id,
    agendaItemId: item!.id,
    youngPersonId: chloe,
    createdByUserId: coordinator,
  };
  await tx.insert(panelActions).values([
    { ...overdueAction, description: 'Visit the flat above the takeaway on Mill Street and record who is living there.', ownerAgencyId: agency('police'), ownerUserId: user('police.officer@northbridge.example'), dueOn: addDays(today, -14) },
    {
      ...overdueAction,
      description: 'Agree a curfew check with Elm House staff.',
      ownerAgencyId: agency('social_care'),
      ownerUserId: user('social.worker@northbridge.example'),
      dueOn: addDays(today, -35),
      status: 'done',
      whatWasDone: 'Agreed a 10pm check with the night staff; recorded in the placement plan.',
      completedAt: new Date(now.getTime() - 37 * DAY),
      completedByUserId: user('social.worker@northbridge.example'),
    },
  ]);
  // The police officer owns an action about Chloe, so sits in her team (as adding the action would have done).
  const [inTeam] = await tx.select({ id: teamMembers.id }).from(teamMembers).where(and(eq(teamMembers.youngPersonId, chloe), eq(teamMembers.userId, user('police.officer@northbridge.example'))));
  if (!inTeam) await tx.insert(teamMembers).values({ youngPersonId: chloe, agencyId: agency('police'), userId: user('police.officer@northbridge.example'), roleInTeam: 'Owner of a panel action', addedByUserId: coordinator });

  // The next meeting, a week away, agenda still to be built.
  await tx.insert(panelMeetings).values({ panelId: panel!.id, meetsOn: addDays(today, 7) });

  // Waiting for the coordinator: Jade (after her risk assessment was asked for) and Chloe again.
  await tx.insert(panelReferrals).values([
    {
      areaId: ids.areaId,
      panelId: panel!.id,
      subjectKind: 'young_person',
      youngPersonId: jade,
      source: 'triage',
      reason: 'Aged 12, being bought phone credit by an older boy met online and collected from school by a man she calls her cousin.',
      urgency: 'urgent',
      youngPersonViews: 'Says the boy is her boyfriend and she does not want him in trouble.',
      referredByUserId: coordinator,
      referredByAgencyId: agency('social_care'),
      referredAt: new Date(now.getTime() - 3 * DAY),
    },
    {
      areaId: ids.areaId,
      panelId: panel!.id,
      subjectKind: 'young_person',
      youngPersonId: chloe,
      source: 'lead_professional',
      reason: 'Missing again and told her return interviewer she owes money for a phone and must “pay it back”.',
      urgency: 'soon',
      referredByUserId: user('social.worker@northbridge.example'),
      referredByAgencyId: agency('social_care'),
      referredAt: new Date(now.getTime() - 2 * DAY),
    },
    {
      areaId: ids.areaId,
      panelId: panel!.id,
      subjectKind: 'place',
      placeId: takeaway,
      source: 'intelligence',
      reason: 'Two girls known to us, Jade and Chloe, seen at the takeaway late at night with the same silver car waiting; it stays open past its licensed hours.',
      urgency: 'soon',
      referredByUserId: user('intelligence@northbridge.example'),
      referredByAgencyId: agency('police'),
      referredAt: new Date(now.getTime() - 1 * DAY),
    },
  ]);

  const [group] = await tx
    .insert(peerGroups)
    .values({ areaId: ids.areaId, name: 'Quay Road snooker hall group', description: 'Seen together outside the snooker hall on Quay Road in the evenings.', createdByUserId: coordinator })
    .returning({ id: peerGroups.id });
  await tx.insert(peerGroupMembers).values([amira, kayleigh].map((youngPersonId) => ({ peerGroupId: group!.id, youngPersonId })));
}

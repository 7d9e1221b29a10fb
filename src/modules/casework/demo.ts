/**
 * Fictional casework for the demo area: case notes on Chloe's record (one kept to the support
 * service, the rest shared), her family and network, her views and wishes over time, and a child of
 * the demo adult of concern who has no record in Lantern. All names and numbers are invented (the
 * phone numbers are in Ofcom's drama range).
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import type { DemoArea } from '../../platform/modules.ts';
import { addChronologyEntry } from '../young-people/index.ts';
import { youngPeople } from '../young-people/tables.ts';
import { adultsOfConcern } from '../intelligence/tables.ts';
import { adultChildren, caseNotes, networkMembers, viewsAndWishes } from './tables.ts';

const DAY = 86_400_000;
const isoDaysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString().slice(0, 10);
const noonDaysAgo = (n: number) => new Date(`${isoDaysAgo(n)}T12:00:00Z`);

export const DEMO_AGENCY_ONLY_NOTE = 'Chloe asked that her worries about her mum are not shared yet';

export async function seedDemoCasework(tx: Db, area: DemoArea): Promise<void> {
  const user = (email: string) => area.userIds.get(email)!;
  const agency = (key: string) => area.agencyIds.get(key)!;
  const person = async (givenName: string, familyName: string) => {
    const [row] = await tx.select({ id: youngPeople.id, number: youngPeople.number }).from(youngPeople).where(and(eq(youngPeople.areaId, area.areaId), eq(youngPeople.givenName, givenName), eq(youngPeople.familyName, familyName)));
    return row!;
  };
  const chloe = await person('Chloe', 'Barnes');
  const jade = await person('Jade', 'Carter');
  const socialWorker = user('social.worker@northbridge.example');
  const harbourWorker = user('harbour.worker@northbridge.example');
  const police = user('police.officer@northbridge.example');

  const notes = [
    { daysAgo: 20, by: socialWorker, agency: 'social_care', who: 'Aisha Khan', contactType: 'visit', visibility: 'partnership', text: 'Visited Chloe at Elm House. She was tired but talked about school and said she wants to start going again. Staff say she has been back by curfew all week.' },
    { daysAgo: 12, by: police, agency: 'police', who: 'Dan Whitfield', contactType: 'phone_call', visibility: 'partnership', text: 'Rang Elm House after Chloe returned late. She had been dropped off by a silver car; staff did not get the registration. Advised them to note it next time.' },
    { daysAgo: 6, by: harbourWorker, agency: 'harbour', who: 'Niamh Doyle', contactType: 'meeting', visibility: 'agency', text: `${DEMO_AGENCY_ONLY_NOTE}. She talked about arguments at home before she came into care. Agreed to talk again next week before deciding what to tell her social worker.` },
    { daysAgo: 2, by: harbourWorker, agency: 'harbour', who: 'Niamh Doyle', contactType: 'message', visibility: 'partnership', text: 'Chloe texted to move our session to Thursday. She said she is OK and is going to the youth club tonight.' },
  ] as const;
  for (const n of notes) {
    const [note] = await tx
      .insert(caseNotes)
      .values({ youngPersonId: chloe.id, contactOn: isoDaysAgo(n.daysAgo), contactType: n.contactType, text: n.text, visibility: n.visibility, agencyId: agency(n.agency), writtenByUserId: n.by, writtenAt: noonDaysAgo(n.daysAgo) })
      .returning({ id: caseNotes.id });
    const kind = { visit: 'Visit', phone_call: 'Phone call', meeting: 'Meeting', message: 'Message (text, email or online)' }[n.contactType];
    await addChronologyEntry(tx, {
      youngPersonId: chloe.id,
      occurredAt: noonDaysAgo(n.daysAgo),
      kind: 'case_note',
      agencyId: agency(n.agency),
      sourceKind: 'case_note',
      sourceId: note!.id,
      summary: `${kind} noted by ${n.who}: ${n.text.slice(0, 120)}${n.text.length > 120 ? '…' : ''}`,
      onlyForAgencyId: n.visibility === 'agency' ? agency(n.agency) : null,
    });
  }

  const [deanMarsh] = await tx.select({ id: adultsOfConcern.id }).from(adultsOfConcern).where(and(eq(adultsOfConcern.areaId, area.areaId), eq(adultsOfConcern.name, 'Dean Marsh')));
  await tx.insert(networkMembers).values([
    { youngPersonId: chloe.id, name: 'Lisa Barnes', relationship: 'mother', contactDetails: '22 Ferry Road, Northbridge NB1 4HD\n07700 900412', parentalResponsibility: 'yes', livesWithYoungPerson: false, note: 'Not to be contacted without speaking to the social worker first.', addedByUserId: socialWorker, addedAt: noonDaysAgo(90) },
    { youngPersonId: chloe.id, name: 'Northbridge Children’s Social Care', relationship: 'carer', contactDetails: 'Duty team 01632 960123', parentalResponsibility: 'yes', livesWithYoungPerson: false, note: 'Chloe is looked after under a care order.', addedByUserId: socialWorker, addedAt: noonDaysAgo(90) },
    { youngPersonId: chloe.id, name: 'Elm House staff team', relationship: 'carer', contactDetails: 'Elm House, Northbridge\n01632 960456', parentalResponsibility: 'no', livesWithYoungPerson: true, addedByUserId: socialWorker, addedAt: noonDaysAgo(90) },
    { youngPersonId: chloe.id, name: 'Mason Barnes', relationship: 'sibling', contactDetails: null, parentalResponsibility: 'no', livesWithYoungPerson: false, note: 'Younger brother, lives with their mother. Chloe sees him at weekends.', addedByUserId: socialWorker, addedAt: noonDaysAgo(80) },
    { youngPersonId: chloe.id, name: 'Jade Carter', relationship: 'friend', parentalResponsibility: 'no', livesWithYoungPerson: false, linkedYoungPersonId: jade.id, note: 'Seen together at the Mill Street takeaway.', addedByUserId: harbourWorker, addedAt: noonDaysAgo(40) },
    { youngPersonId: chloe.id, name: 'Deano', relationship: 'other_adult', parentalResponsibility: 'no', livesWithYoungPerson: false, adultOfConcernId: deanMarsh?.id ?? null, note: 'Chloe calls him her friend; he drives her around.', addedByUserId: police, addedAt: noonDaysAgo(30) },
  ]);

  await tx.insert(viewsAndWishes).values([
    { youngPersonId: chloe.id, recordedOn: isoDaysAgo(60), views: 'I don’t want to live at Elm House. I want to go home to my mum and Mason.', agencyId: agency('social_care'), recordedByUserId: socialWorker, recordedAt: noonDaysAgo(60) },
    { youngPersonId: chloe.id, recordedOn: isoDaysAgo(10), views: 'Elm House is alright now. I want to see Mason more and go back to school after half term. I don’t want the police to keep ringing me.', agencyId: agency('social_care'), recordedByUserId: socialWorker, recordedAt: noonDaysAgo(10) },
  ]);

  if (deanMarsh) {
    await tx.insert(adultChildren).values({ adultId: deanMarsh.id, description: 'A daughter, about 6, living with her mother in Eastgate', relationship: 'parent', note: 'From a housing referral; Eastgate children’s services told.', recordedByUserId: user('intelligence@northbridge.example'), recordedAt: noonDaysAgo(25) });
  }
}

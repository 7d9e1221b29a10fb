/**
 * Fictional intelligence for the demo area, so issue 7's story can be walked: a takeaway both Jade
 * and Chloe were seen at, a car whose registration police and education wrote differently, and
 * the adult who drives it. All names, places and numbers are invented (the phone is in Ofcom's
 * drama range).
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { addConcernToChronology, insertDemoConcern, mentionMatchKey } from '../concerns/index.ts';
import { concernMentions } from '../concerns/tables.ts';
import { identifierMatch } from '../identifiers/index.ts';
import { youngPeople } from '../young-people/tables.ts';
import { adultsOfConcern, intelligenceEntries, intelligenceLinks, intelligenceSubjects, placesOfConcern, recordIdentifiers } from './tables.ts';

interface DemoIdsLike {
  areaId: string;
  agencyIds: Map<string, string>;
  userIds: Map<string, string>;
}

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY);
const isoDaysAgo = (n: number) => daysAgo(n).toISOString().slice(0, 10);

export const DEMO_TAKEAWAY = 'Mill Street Grill';
export const DEMO_ADULT = 'Dean Marsh';
export const DEMO_REGISTRATION_POLICE = 'NB19 XKP';
export const DEMO_REGISTRATION_EDUCATION = 'nb19xkp';

export async function seedDemoIntelligence(tx: Db, ids: DemoIdsLike): Promise<void> {
  const user = (email: string) => ids.userIds.get(email)!;
  const agency = (key: string) => ids.agencyIds.get(key)!;
  const officer = user('intelligence@northbridge.example');
  const person = async (givenName: string, familyName: string) => {
    const [row] = await tx.select({ id: youngPeople.id }).from(youngPeople).where(and(eq(youngPeople.areaId, ids.areaId), eq(youngPeople.givenName, givenName), eq(youngPeople.familyName, familyName)));
    return row!.id;
  };
  const jade = await person('Jade', 'Carter');
  const chloe = await person('Chloe', 'Barnes');

  const [takeaway] = await tx
    .insert(placesOfConcern)
    .values({ areaId: ids.areaId, kind: 'takeaway', name: DEMO_TAKEAWAY, addressLine: '14 Mill Street', town: 'Northbridge', postcode: 'NB1 2MS', openingHours: 'Until 3am Thursday to Saturday', runBy: 'Not known', licensingAuthority: 'Northbridge Council licensing', createdByUserId: officer, createdAt: daysAgo(200) })
    .returning();
  const [adult] = await tx
    .insert(adultsOfConcern)
    .values({
      areaId: ids.areaId,
      name: DEMO_ADULT,
      aliases: ['Deano'],
      approximateAge: 31,
      description: 'White man, slim, short dark hair; often in a grey tracksuit',
      addresses: ['Flat 2, 14 Mill Street, Northbridge'],
      otherAreas: ['Eastgate'],
      status: 'suspected',
      mappa: 'not_known',
      knownSince: isoDaysAgo(120),
      createdByUserId: officer,
      createdAt: daysAgo(120),
    })
    .returning();
  const identifiers = [
    { kind: 'vehicle', value: DEMO_REGISTRATION_POLICE },
    { kind: 'phone', value: '07700 900123' },
    { kind: 'vehicle', value: 'NB19 X' },
  ] as const;
  await tx.insert(recordIdentifiers).values(
    identifiers.map((i) => {
      const match = identifierMatch(i.kind, i.value);
      return { areaId: ids.areaId, adultId: adult!.id, kind: i.kind, asTyped: i.value, matchKey: match?.key ?? null, recognised: match?.recognised ?? false };
    }),
  );
  await tx.insert(intelligenceLinks).values({ areaId: ids.areaId, adultId: adult!.id, placeId: takeaway!.id, linkKind: 'seen_at', occurredOn: isoDaysAgo(100), recordedByUserId: officer });
  // The same man recorded again under his street name, with his phone written the international way:
  // the possible-duplicates page suggests the pair.
  const [again] = await tx
    .insert(adultsOfConcern)
    .values({ areaId: ids.areaId, name: 'Deano', aliases: ['Dean Marsh'], approximateAge: 30, description: 'Drives a silver hatchback', status: 'suspected', knownSince: isoDaysAgo(30), createdByUserId: user('coordinator@northbridge.example'), createdAt: daysAgo(30) })
    .returning();
  const phone = identifierMatch('phone', '+44 7700 900123');
  await tx.insert(recordIdentifiers).values({ areaId: ids.areaId, adultId: again!.id, kind: 'phone', asTyped: '+44 7700 900123', matchKey: phone?.key ?? null, recognised: phone?.recognised ?? false });

  // The same car, written two ways by two agencies: police about Chloe, then education about Jade
  // (left untriaged, so the coordinator's queue shows the shared-vehicle flag).
  const concernsToAdd = [
    { youngPersonId: chloe, by: 'police.officer@northbridge.example', agency: 'police', days: 14, vehicle: DEMO_REGISTRATION_POLICE, details: 'Seen getting out of a silver car outside the Mill Street Grill at 1am with an adult man; she would not say who he was.', triaged: true },
    { youngPersonId: jade, by: 'education.lead@northbridge.example', agency: 'education', days: 2, vehicle: DEMO_REGISTRATION_EDUCATION, details: 'Seen going into the Mill Street Grill after school with older girls; a silver car waited outside and she got into it.', triaged: false },
  ];
  for (const c of concernsToAdd) {
    const submittedAt = daysAgo(c.days);
    const row = await insertDemoConcern(tx, {
      areaId: ids.areaId,
      raisedByUserId: user(c.by),
      raisedByAgencyId: agency(c.agency),
      youngPersonId: c.youngPersonId,
      details: c.details,
      whereText: `${DEMO_TAKEAWAY}, Mill Street`,
      placeId: takeaway!.id,
      submittedAt,
      ...(c.triaged ? { status: 'triaged', certainty: 'indicated', outcome: 'risk_assessment_requested', triagedAt: new Date(submittedAt.getTime() + 4 * 3_600_000), triagedByUserId: user('coordinator@northbridge.example'), firstFeedbackAt: new Date(submittedAt.getTime() + 4 * 3_600_000) } : {}),
    });
    await tx.insert(concernMentions).values({ concernId: row.id, areaId: ids.areaId, kind: 'vehicle', asTyped: c.vehicle, matchKey: mentionMatchKey('vehicle', c.vehicle) });
    await addConcernToChronology(tx, row.id);
  }

  const [entry] = await tx
    .insert(intelligenceEntries)
    .values({
      areaId: ids.areaId,
      text: 'The takeaway stays open after its licensed hours at weekends; girls of school age are seen going up to the flat above.',
      sanitisedText: '',
      sourceKind: 'member_of_public',
      receivedOn: isoDaysAgo(60),
      sourceGrade: '2',
      intelligenceGrade: 'B',
      handling: 'P',
      recordedByUserId: officer,
      recordedByAgencyId: agency('police'),
      createdAt: daysAgo(60),
    })
    .returning();
  await tx.insert(intelligenceSubjects).values({ entryId: entry!.id, placeId: takeaway!.id });
}

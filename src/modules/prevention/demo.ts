/**
 * The demo prevention log for Northbridge: sessions in schools, youth clubs, the sexual health
 * clinic, with parents, taxi drivers, hotels and at the takeaway of concern, over the past year.
 * District NB3 is left without any, so the board sees a district with concerns and no prevention.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import type { DemoArea } from '../../platform/modules.ts';
import { addDays, londonToday } from '../../platform/time.ts';
import { placesOfConcern } from '../intelligence/tables.ts';
import { DEMO_TAKEAWAY } from '../intelligence/index.ts';
import { preventionSessions } from './tables.ts';

export async function seedDemoPrevention(tx: Db, area: DemoArea): Promise<void> {
  const today = londonToday();
  const coordinator = area.userIds.get('coordinator@northbridge.example')!;
  const educationLead = area.userIds.get('education.lead@northbridge.example') ?? coordinator;
  const [takeaway] = await tx.select({ id: placesOfConcern.id }).from(placesOfConcern).where(and(eq(placesOfConcern.areaId, area.areaId), eq(placesOfConcern.name, DEMO_TAKEAWAY)));
  const agency = (key: string) => area.agencyIds.get(key)!;
  const session = (days: number, agencyKey: string, provider: string, audience: string, topic: string, reached: number, district: string, extra: Partial<typeof preventionSessions.$inferInsert> = {}) => ({
    areaId: area.areaId,
    agencyId: agency(agencyKey),
    provider,
    deliveredOn: addDays(today, -days),
    audience,
    topic,
    reached,
    district,
    recordedByUserId: agencyKey === 'education' ? educationLead : coordinator,
    ...extra,
  });
  await tx.insert(preventionSessions).values([
    session(300, 'education', 'Northbridge Academy pastoral team', 'schools_colleges', 'healthy_relationships', 180, 'NB2', { title: 'Year 9 assembly and workshops' }),
    session(210, 'education', 'St Anne’s School', 'schools_colleges', 'online_safety', 95, 'NB4'),
    session(150, 'open_door', 'Open Door Youth Project', 'youth_services', 'grooming', 22, 'NB1'),
    session(120, 'health', 'Young people’s sexual health clinic', 'sexual_health', 'recognising_exploitation', 14, 'NB1'),
    session(90, 'social_care', 'CSE coordinator', 'parents', 'recognising_exploitation', 31, 'NB2', { title: 'Evening for parents and carers' }),
    session(60, 'police', 'Northbridge Police licensing team', 'taxi_drivers', 'night_time_economy', 48, 'NB1'),
    session(45, 'police', 'Northbridge Police licensing team', 'hotels', 'night_time_economy', 12, 'NB4'),
    session(20, 'police', 'Northbridge Police licensing team', 'licensed_premises', 'reporting', 6, 'NB1', takeaway ? { placeId: takeaway.id, title: 'Visit to staff at a takeaway of concern' } : {}),
    session(10, 'harbour', 'Harbour Young People’s Service', 'communities', 'online_safety', 40, 'NB2'),
  ]);
}

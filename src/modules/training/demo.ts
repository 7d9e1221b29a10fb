/**
 * The demo's training register for Northbridge: four courses (two of them the same content for
 * schools from different providers, which the register shows as duplication), sessions in the last
 * year with named attendees and counts of people without accounts, and housing with none at all (a gap).
 */
import type { Db } from '../../platform/db/database.ts';
import type { RequestContext } from '../../platform/audit/audit.ts';
import { loadSignedInUser } from '../../platform/auth/users.ts';
import type { DemoArea } from '../../platform/modules.ts';
import { addDays, londonToday } from '../../platform/time.ts';
import { createCourse, recordSession, type AttendanceInput } from './service.ts';

export async function seedDemoTraining(tx: Db, area: DemoArea): Promise<void> {
  const ctx: RequestContext = { actor: null, ip: null, requestId: 'demo-seed' };
  const coordinator = (await loadSignedInUser(tx, area.userIds.get('coordinator@northbridge.example')!))!;
  const today = londonToday();
  const course = async (input: Parameters<typeof createCourse>[3]) => {
    const made = await createCourse(tx, ctx, coordinator, input);
    if (!made.ok) throw new Error(`The demo course was refused: ${JSON.stringify(made.errors)}`);
    return made.value.id;
  };
  const awareness = await course({ title: 'Child sexual exploitation: spotting the signs', topic: 'cse_awareness', level: 'awareness', provider: 'Northbridge Safeguarding Partnership', lengthMinutes: 180, audience: 'multi_agency', validMonths: 24 });
  const schoolsA = await course({ title: 'Exploitation and healthy relationships for school staff', topic: 'cse_awareness', level: 'awareness', provider: 'Open Door Youth Project', lengthMinutes: 90, audience: 'education', validMonths: 24 });
  const schoolsB = await course({ title: 'Keeping pupils safe from exploitation', topic: 'cse_awareness', level: 'awareness', provider: 'Safer Schools Trust', lengthMinutes: 120, audience: 'education', validMonths: 12 });
  const interviews = await course({ title: 'Return interviews that listen', topic: 'missing', level: 'core', provider: 'Harbour Young People’s Service', lengthMinutes: 360, audience: 'multi_agency', validMonths: 36 });
  const session = async (courseId: string, daysAgo: number, places: number, agency: string, attendance: AttendanceInput[]) => {
    const made = await recordSession(tx, ctx, coordinator, { courseId, heldOn: addDays(today, -daysAgo), places, agencyId: area.agencyIds.get(agency)!, attendance });
    if (!made.ok) throw new Error(`The demo training session was refused: ${JSON.stringify(made.errors)}`);
  };
  const person = (email: string) => ({ userId: area.userIds.get(email)! });
  await session(awareness, 200, 30, 'social_care', [
    person('coordinator@northbridge.example'),
    person('social.worker@northbridge.example'),
    person('school.nurse@northbridge.example'),
    person('police.officer@northbridge.example'),
    person('youth.worker@northbridge.example'),
    { agencyId: area.agencyIds.get('social_care')!, role: 'practitioner', count: 9 },
    { agencyId: area.agencyIds.get('health')!, role: 'practitioner', count: 6 },
  ]);
  await session(schoolsA, 120, 40, 'education', [person('education.lead@northbridge.example'), { agencyId: area.agencyIds.get('education')!, role: 'practitioner', count: 28 }]);
  await session(schoolsB, 45, 25, 'education', [{ agencyId: area.agencyIds.get('education')!, role: 'practitioner', count: 19 }]);
  await session(interviews, 800, 12, 'harbour', [person('harbour.worker@northbridge.example'), { agencyId: area.agencyIds.get('harbour')!, role: 'practitioner', count: 4 }]);
}

import { count } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { auditedCommand } from '../../platform/audit/audit.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import { agencies, areas, users } from '../organisation/tables.ts';
import type { Role } from '../../platform/auth/roles.ts';
import type { AgencyKind } from '../../platform/auth/roles.ts';
import { seedDemoCasework } from './casework.ts';
import { installedModules } from '../../platform/modules.ts';

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
  { email: 'admin@northbridge.example', name: 'Sam Fielding', role: 'administrator', agency: 'social_care', jobTitle: 'Systems administrator', description: 'Administrator (no casework)' },
];

/** Seeds the fictional Northbridge area the first time Lantern starts on an empty database. */
export async function seedDemoIfEmpty(db: Db): Promise<boolean> {
  const [existing] = await db.select({ n: count() }).from(areas);
  if ((existing?.n ?? 0) > 0) return false;
  const passwordHashes = await Promise.all(DEMO_USERS.map(() => hashPassword(DEMO_PASSWORD)));
  const ctx = { actor: null, ip: null, requestId: 'demo-seed' };
  await auditedCommand(db, ctx, (areaId: string) => ({ action: 'create', recordKind: 'area', recordId: areaId, details: { demo: true } }), async (tx) => {
    const [area] = await tx.insert(areas).values(DEMO_AREA).returning({ id: areas.id });
    const agencyIds = new Map<string, string>();
    for (const agency of DEMO_AGENCIES) {
      const [row] = await tx.insert(agencies).values({ areaId: area!.id, name: agency.name, kind: agency.kind }).returning({ id: agencies.id });
      agencyIds.set(agency.key, row!.id);
    }
    const userIds = new Map<string, string>();
    for (const [i, user] of DEMO_USERS.entries()) {
      const [row] = await tx
        .insert(users)
        .values({ areaId: area!.id, agencyId: agencyIds.get(user.agency)!, email: user.email, name: user.name, role: user.role, jobTitle: user.jobTitle, passwordHash: passwordHashes[i]! })
        .returning({ id: users.id });
      userIds.set(user.email, row!.id);
    }
    await seedDemoCasework(tx, { areaId: area!.id, agencyIds, userIds });
    // Then each module's own demo records (intelligence, then panels, whose referral names the demo takeaway).
    const seeders = installedModules().flatMap((m) => (m.demo ? [m.demo] : [])).sort((a, b) => a.order - b.order);
    for (const seeder of seeders) await seeder.seed(tx, { areaId: area!.id, agencyIds, userIds });
    return area!.id;
  });
  return true;
}

import { count } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { auditedCommand } from '../../platform/audit/audit.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import { agencies, areas, users } from '../organisation/tables.ts';
import { seedDemoCasework } from './casework.ts';
import { DEMO_AGENCIES, DEMO_AREA, DEMO_PASSWORD, DEMO_USERS } from './people.ts';
import { installedModules } from '../../platform/modules.ts';

/** Seeds the fictional Northbridge area the first time Lantern starts on an empty database. */
export async function seedDemoIfEmpty(db: Db): Promise<boolean> {
  const [existing] = await db.select({ n: count() }).from(areas);
  if ((existing?.n ?? 0) > 0) return false;
  // Every demo user has the same published password, so one (salted) hash serves them all.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const ctx = { actor: null, ip: null, requestId: 'demo-seed' };
  await auditedCommand(db, ctx, (areaId: string) => ({ action: 'create', recordKind: 'area', recordId: areaId, details: { demo: true } }), async (tx) => {
    const [area] = await tx.insert(areas).values(DEMO_AREA).returning({ id: areas.id });
    const agencyIds = new Map<string, string>();
    for (const agency of DEMO_AGENCIES) {
      const [row] = await tx.insert(agencies).values({ areaId: area!.id, name: agency.name, kind: agency.kind }).returning({ id: agencies.id });
      agencyIds.set(agency.key, row!.id);
    }
    const userIds = new Map<string, string>();
    for (const user of DEMO_USERS) {
      const [row] = await tx
        .insert(users)
        .values({ areaId: area!.id, agencyId: agencyIds.get(user.agency)!, email: user.email, name: user.name, role: user.role, jobTitle: user.jobTitle, passwordHash })
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

/** Test helpers for transfers: a second area on the same Lantern, with or without a coordinator. */
import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import { agencies, areas, users } from '../organisation/tables.ts';
import { DEMO_PASSWORD } from '../demo/index.ts';

/** A fictional area with one agency and, unless `coordinator` is false, a coordinator who signs in with the demo password. */
export async function addArea(db: Db, code: string, name: string, options: { coordinator?: boolean } = {}): Promise<{ areaId: string; coordinatorEmail: string }> {
  const [area] = await db.insert(areas).values({ code, name }).returning({ id: areas.id });
  const [agency] = await db.insert(agencies).values({ areaId: area!.id, name: `${name} Children’s Social Care`, kind: 'childrens_social_care' }).returning({ id: agencies.id });
  const coordinatorEmail = `coordinator@${code.toLowerCase()}.example`;
  if (options.coordinator !== false) {
    await db.insert(users).values({ areaId: area!.id, agencyId: agency!.id, email: coordinatorEmail, name: `Coordinator ${code}`, role: 'coordinator', passwordHash: await hashPassword(DEMO_PASSWORD) });
  }
  return { areaId: area!.id, coordinatorEmail };
}

export async function areaIdByCode(db: Db, code: string): Promise<string> {
  const [area] = await db.select({ id: areas.id }).from(areas).where(eq(areas.code, code));
  return area!.id;
}

import { eq } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { areas, type AreaSettings } from './tables.ts';

/**
 * An area's stored settings, as saved on its Settings page ({} for an area not found). Each module
 * reads its own keys defensively, falling back to its defaults.
 */
export async function areaSettings(db: Db, areaId: string): Promise<AreaSettings> {
  const [row] = await db.select({ settings: areas.settings }).from(areas).where(eq(areas.id, areaId));
  return row?.settings ?? {};
}

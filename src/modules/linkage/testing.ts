/**
 * Helpers for the linkage tests (not a test file itself). Starting Lantern and signing in are
 * src/test-support's.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { youngPeople } from '../young-people/tables.ts';

type YoungPersonRow = typeof youngPeople.$inferSelect;

/** The demo area's two records of the same girl, Kayleigh Smith and Kayley Smyth. */
export async function demoDuplicatePair(db: Db): Promise<{ kayleigh: YoungPersonRow; kayley: YoungPersonRow }> {
  const byName = async (givenName: string, familyName: string) => {
    const [row] = await db.select().from(youngPeople).where(and(eq(youngPeople.givenName, givenName), eq(youngPeople.familyName, familyName)));
    if (!row) throw new Error(`The demo area has no ${givenName} ${familyName}`);
    return row;
  };
  return { kayleigh: await byName('Kayleigh', 'Smith'), kayley: await byName('Kayley', 'Smyth') };
}

/** Small database look-ups tests keep needing. Counts are cast to int: PGlite and pg type them differently. */
import { eq, sql } from 'drizzle-orm';
import { rows, type Db } from '../platform/db/database.ts';
import { users } from '../modules/organisation/tables.ts';
import { createApiToken } from '../platform/auth/api-tokens.ts';

export async function userIdByEmail(db: Db, email: string): Promise<string> {
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (!user) throw new Error(`No user with email ${email}`);
  return user.id;
}

/** Rows in `table` (a trusted identifier written in the test), optionally filtered by a condition. */
export async function countRows(db: Db, table: string, where = sql`true`): Promise<number> {
  const [row] = await rows<{ n: number }>(db, sql`select count(*)::int as n from ${sql.identifier(table)} where ${where}`);
  return row?.n ?? 0;
}

/** A personal access token for the API, made for a user as they would make it on their account page. */
export async function apiTokenFor(db: Db, email: string): Promise<string> {
  return (await createApiToken(db, { actor: null, ip: null, requestId: 'test' }, await userIdByEmail(db, email), 'test')).token;
}

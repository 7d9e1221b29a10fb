import { sql } from 'drizzle-orm';
import { rows, type Db } from './database.ts';
import { isUuid } from '../ids.ts';

/**
 * Looks up the references people know records by (YP-2, C-10) for a table whose rows have a
 * `number`: for a module's `recordReferences` contribution.
 */
export function numberedReferences(table: string, reference: (n: number) => string) {
  if (!/^[a-z_]+$/.test(table)) throw new Error('Not a table name');
  return async (db: Db, ids: string[]): Promise<Map<string, string>> => {
    const wanted = [...new Set(ids.filter(isUuid))];
    if (!wanted.length) return new Map();
    const found = await rows<{ id: string; number: number }>(db, sql`select id, number::int as number from ${sql.raw(table)} where id = any(${`{${wanted.join(',')}}`}::uuid[])`);
    return new Map(found.map((r) => [r.id, reference(r.number)]));
  };
}

/**
 * Keeping linkage_keys in step with young_people. The young-people service calls
 * refreshLinkageKeys (through linkage/index.ts `whenPersonDetailsChange`) inside the transaction
 * that creates a record or changes its details; bulk
 * writers (generate, import) call it once per batch. Absorbed (merged) records have no keys.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { rows } from '../../platform/db/database.ts';
import { keysForPerson, loadMatchable } from './people.ts';
import { linkageKeys } from './tables.ts';

/** Rows are written with one array per column, so a batch of any size is three parameters. */
export async function insertKeyRows(tx: Db, entries: Array<{ areaId: string; youngPersonId: string; keys: string[] }>): Promise<number> {
  const areaIds: string[] = [];
  const keys: string[] = [];
  const ids: string[] = [];
  for (const entry of entries) {
    for (const key of entry.keys) {
      areaIds.push(entry.areaId);
      keys.push(key);
      ids.push(entry.youngPersonId);
    }
  }
  const CHUNK = 50_000;
  for (let start = 0; start < keys.length; start += CHUNK) {
    await tx.execute(sql`insert into linkage_keys (area_id, key, young_person_id)
      select * from unnest(${`{${areaIds.slice(start, start + CHUNK).join(',')}}`}::uuid[], ${arrayLiteral(keys.slice(start, start + CHUNK))}::text[], ${`{${ids.slice(start, start + CHUNK).join(',')}}`}::uuid[])
      on conflict do nothing`);
  }
  return keys.length;
}

/** A PostgreSQL text[] literal; every element quoted and escaped. */
export function arrayLiteral(values: string[]): string {
  return `{${values.map((value) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

/** Recomputes the stored keys of these young people from their current details. */
export async function refreshLinkageKeys(tx: Db, youngPersonIds: string[], today = new Date()): Promise<number> {
  if (youngPersonIds.length === 0) return 0;
  let written = 0;
  const BATCH = 2000;
  for (let start = 0; start < youngPersonIds.length; start += BATCH) {
    const ids = youngPersonIds.slice(start, start + BATCH);
    const idArray = `{${ids.join(',')}}`;
    await tx.execute(sql`delete from linkage_keys where young_person_id = any(${idArray}::uuid[])`);
    const people = await loadMatchable(tx, sql`yp.id = any(${idArray}::uuid[])`);
    written += await insertKeyRows(
      tx,
      people.filter((person) => person.mergedIntoId === null).map((person) => ({ areaId: person.areaId, youngPersonId: person.id, keys: keysForPerson(person, today) })),
    );
  }
  return written;
}

/** Removes a record's keys (it was merged into another). */
export async function removeLinkageKeys(tx: Db, youngPersonId: string): Promise<void> {
  await tx.delete(linkageKeys).where(eq(linkageKeys.youngPersonId, youngPersonId));
}

/** Rebuilds every key of an area (after a change to how keys are made). */
export async function rebuildAreaKeys(db: Db, areaId: string, onProgress?: (done: number, total: number) => void): Promise<number> {
  const all = (await rows<{ id: string }>(db, sql`select id from young_people where area_id = ${areaId} and merged_into_id is null order by id`)).map((row) => row.id);
  let written = 0;
  for (let start = 0; start < all.length; start += 5000) {
    const slice = all.slice(start, start + 5000);
    written += await db.transaction(async (tx) => refreshLinkageKeys(tx as unknown as Db, slice));
    onProgress?.(Math.min(start + 5000, all.length), all.length);
  }
  return written;
}

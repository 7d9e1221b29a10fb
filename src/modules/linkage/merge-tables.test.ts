import assert from 'node:assert/strict';
import { test } from 'node:test';
import { is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import * as schema from '../schema.ts';
import { NOT_MOVED_BY_MERGE, mergeTables } from './merge.ts';

test('every table with a young_person_id column is moved by a merge or deliberately left out', () => {
  const pointing = Object.values(schema)
    .filter((value) => is(value, PgTable))
    .map((table) => getTableConfig(table as PgTable))
    .filter((config) => config.columns.some((column) => column.name === 'young_person_id'))
    .map((config) => config.name);
  const covered = new Set([...mergeTables().map((t) => t.table), ...NOT_MOVED_BY_MERGE]);
  const forgotten = pointing.filter((name) => !covered.has(name));
  assert.deepEqual(forgotten, [], `add these tables to MERGE_TABLES in merge.ts, or to NOT_MOVED_BY_MERGE: ${forgotten.join(', ')}`);
});

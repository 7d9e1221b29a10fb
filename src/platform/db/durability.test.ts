import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { openDatabase, rows } from './database.ts';

const folders: string[] = [];
after(() => {
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});

/** Counts the real fsync calls made while `work` runs (the embedded database reaches disk only through them). */
async function countFsyncs(work: () => Promise<void>): Promise<number> {
  const original = fs.fsyncSync;
  let calls = 0;
  (fs as { fsyncSync: typeof fs.fsyncSync }).fsyncSync = (fd) => {
    calls++;
    original(fd);
  };
  try {
    await work();
  } finally {
    (fs as { fsyncSync: typeof fs.fsyncSync }).fsyncSync = original;
  }
  return calls;
}

async function commitsAndFsyncs(fsync: boolean) {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-durable-'));
  folders.push(folder);
  const database = await openDatabase({ dataDir: folder, fsync });
  try {
    const [settings] = await rows<{ fsync: string; method: string }>(database.db, sql`select current_setting('fsync') as fsync, current_setting('wal_sync_method') as method`);
    await database.db.execute(sql`create table durability_probe (id serial primary key, note text)`);
    const calls = await countFsyncs(async () => {
      for (let i = 0; i < 5; i++) await database.db.execute(sql`insert into durability_probe (note) values ('fictional')`);
    });
    return { settings, calls };
  } finally {
    await database.close();
  }
}

describe('the embedded database on disk', () => {
  test('by default every commit is flushed to disk with a real fsync before it is acknowledged', async () => {
    const { settings, calls } = await commitsAndFsyncs(true);
    assert.deepEqual(settings, { fsync: 'on', method: 'fsync' });
    assert.ok(calls >= 5, `five commits made ${calls} fsync calls`);
  });

  test('LANTERN_PGLITE_FSYNC=false turns the flushing off', async () => {
    const { settings, calls } = await commitsAndFsyncs(false);
    assert.equal(settings!.fsync, 'off');
    assert.equal(calls, 0);
  });
});

/**
 * The transfer commands as an operator runs them: the command line (in this process) on the
 * configured database (PostgreSQL with DATABASE_URL, else an embedded folder). Two areas of one
 * database stand for two Lanterns: each holds the other's key as a partner.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { createTestDatabase, runLanternCommand, type TestDatabase } from '../../test-support/index.ts';
import { youngPeople } from '../young-people/tables.ts';
import { transfers } from './tables.ts';
import { addArea } from './testing.ts';

describe('transfer commands', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-cli-transfers-'));
  let database: TestDatabase;
  let env: Record<string, string>;
  let chloeReference: string;

  async function withDb<T>(work: (database: Database) => Promise<T>): Promise<T> {
    const opened = await database.open();
    try {
      return await work(opened);
    } finally {
      await opened.close();
    }
  }

  const lantern = (...args: string[]) => runLanternCommand(args, env);

  before(async () => {
    // A copy holding the demo area, whose audit rows are hashed with the development key: no LANTERN_AUDIT_KEY.
    database = await createTestDatabase({ contents: 'demo' });
    env = { NODE_ENV: 'development', LOG_LEVEL: 'silent', LANTERN_AUDIT_CHECKPOINT_DIR: path.join(folder, 'checkpoints'), ...database.env };
    await withDb(async ({ db }) => {
      await addArea(db, 'WVL', 'Westvale Safeguarding Partnership');
      const [chloe] = await db.select({ number: youngPeople.number }).from(youngPeople).where(and(eq(youngPeople.givenName, 'Chloe'), eq(youngPeople.familyName, 'Barnes')));
      chloeReference = `YP-${chloe!.number}`;
    });
  });

  after(async () => {
    await database?.remove();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  test('keys are exchanged, a package is exported, a tampered one refused, the real one imported and acknowledged', async () => {
    const westvaleKey = await lantern('transfers', 'public-key', '--area', 'WVL');
    assert.equal(westvaleKey.code, 0, westvaleKey.out);
    assert.match(westvaleKey.out, /Fingerprint: [0-9A-F]{4} /);
    const northbridgeKey = await lantern('transfers', 'public-key', '--area', 'NBR');
    assert.equal((await lantern('transfers', 'add-partner', '--area', 'NBR', '--name', 'Westvale Safeguarding Partnership', '--key', westvaleKey.stdout.trim())).code, 0);
    const wrongKey = await lantern('transfers', 'add-partner', '--area', 'WVL', '--name', 'Northbridge', '--key', 'LANTERN-AREA-KEY:1:NBR:short:short');
    assert.equal(wrongKey.code, 2);
    assert.match(wrongKey.out, /starts LANTERN-AREA-KEY/);
    assert.equal((await lantern('transfers', 'add-partner', '--area', 'WVL', '--name', 'Northbridge Safeguarding Partnership', '--key', northbridgeKey.stdout.trim())).code, 0);

    const packageFile = path.join(folder, 'transfer.json');
    const noBasis = await lantern('transfers', 'export', '--area', 'NBR', '--young-person', chloeReference, '--to', 'WVL', '--reason', 'moved_home', '--basis', 'because', '--out', packageFile);
    assert.equal(noBasis.code, 2);
    assert.match(noBasis.out, /Choose the lawful basis/);
    const exported = await lantern('transfers', 'export', '--area', 'NBR', '--young-person', chloeReference, '--to', 'WVL', '--reason', 'moved_home', '--basis', 's47', '--out', packageFile);
    assert.equal(exported.code, 0, exported.out);
    assert.match(exported.out, /Transfer TR-\d+ written to/);

    const parsed = JSON.parse(fs.readFileSync(packageFile, 'utf8'));
    const tamperedFile = path.join(folder, 'tampered.json');
    fs.writeFileSync(tamperedFile, JSON.stringify({ ...parsed, from: { ...parsed.from, name: 'Someone else' } }));
    const tampered = await lantern('transfers', 'import', '--area', 'WVL', '--file', tamperedFile, '--new');
    assert.equal(tampered.code, 2);
    assert.match(tampered.out, /Refused: The package’s signature does not match/);
    const wrongArea = await lantern('transfers', 'import', '--area', 'NBR', '--file', packageFile, '--new');
    assert.match(wrongArea.out, /Refused: This package is for the area WVL/);
    assert.equal(await withDb(async ({ db }) => (await db.select({ id: transfers.id }).from(transfers).where(eq(transfers.direction, 'incoming'))).length), 0, 'nothing was written');

    const ackFile = path.join(folder, 'ack.json');
    const imported = await lantern('transfers', 'import', '--area', 'WVL', '--file', packageFile, '--ack-out', ackFile);
    assert.equal(imported.code, 0, imported.out);
    assert.match(imported.out, /Imported as transfer TR-\d+ \(record created\)/);
    const acknowledged = await lantern('transfers', 'import', '--area', 'NBR', '--file', ackFile);
    assert.equal(acknowledged.code, 0, acknowledged.out);
    assert.match(acknowledged.out, /is marked as received/);
    const rows = await withDb(async ({ db }) => db.select({ direction: transfers.direction, status: transfers.status }).from(transfers).orderBy(sql`number`));
    assert.deepEqual(rows, [{ direction: 'outgoing', status: 'received' }, { direction: 'incoming', status: 'imported' }]);
  });
});

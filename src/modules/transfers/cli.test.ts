/**
 * The transfer commands as an operator runs them: the real command line in its own process, on
 * the configured database (PostgreSQL with DATABASE_URL, else an embedded folder). Two areas of one
 * database stand for two Lanterns: each holds the other's key as a partner.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { and, eq, sql } from 'drizzle-orm';
import { MIGRATIONS_FOLDER, openDatabase, type Database } from '../../platform/db/database.ts';
import { ensureAuditChains, useAuditKey } from '../../platform/audit/audit.ts';
import { createScratchDatabase } from '../../test-support/lantern.ts';
import { installModules } from '../../platform/modules.ts';
import { MODULES } from '../index.ts';
import { seedDemoIfEmpty } from '../demo/index.ts';
import { youngPeople } from '../young-people/tables.ts';
import { transfers } from './tables.ts';
import { addArea } from './testing.ts';

const root = path.dirname(MIGRATIONS_FOLDER);
const tsx = path.join(root, 'node_modules/.bin/tsx');
const run = promisify(execFile);

describe('transfer commands', () => {
  const key = randomBytes(32).toString('hex');
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-cli-transfers-'));
  let env: Record<string, string>;
  let drop = async () => {};
  let chloeReference: string;

  const open = (): Promise<Database> => openDatabase(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir: env.LANTERN_DATA_DIR! });
  async function withDb<T>(work: (database: Database) => Promise<T>): Promise<T> {
    const database = await open();
    try {
      return await work(database);
    } finally {
      await database.close();
    }
  }

  async function lantern(...args: string[]): Promise<{ code: number; out: string; stdout: string }> {
    try {
      const { stdout, stderr } = await run(tsx, ['src/cli/index.ts', ...args], { cwd: root, env: { ...process.env, ...env } });
      return { code: 0, out: stdout + stderr, stdout };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { code: failed.code ?? -1, out: `${failed.stdout ?? ''}${failed.stderr ?? ''}`, stdout: failed.stdout ?? '' };
    }
  }

  before(async () => {
    env = { NODE_ENV: 'development', LOG_LEVEL: 'silent', LANTERN_AUDIT_KEY: key, LANTERN_AUDIT_CHECKPOINT_DIR: path.join(folder, 'checkpoints') };
    if (process.env.DATABASE_URL) {
      const scratch = await createScratchDatabase(process.env.DATABASE_URL);
      env.DATABASE_URL = scratch.url;
      drop = scratch.drop;
    } else {
      env.LANTERN_DATA_DIR = path.join(folder, 'data');
    }
    useAuditKey(key);
    installModules(MODULES);
    await withDb(async ({ db, migrate }) => {
      await migrate();
      await ensureAuditChains(db);
      await seedDemoIfEmpty(db);
      await addArea(db, 'WVL', 'Westvale Safeguarding Partnership');
      const [chloe] = await db.select({ number: youngPeople.number }).from(youngPeople).where(and(eq(youngPeople.givenName, 'Chloe'), eq(youngPeople.familyName, 'Barnes')));
      chloeReference = `YP-${chloe!.number}`;
    });
  });

  after(async () => {
    await drop();
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

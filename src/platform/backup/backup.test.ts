/**
 * Backup, restore and `audit verify` through the command line, as an operator runs them (in this
 * process, but for the lock held by another process). The embedded part runs in the PGlite pass
 * (no DATABASE_URL); the PostgreSQL part in the PostgreSQL pass.
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { auditRead, ensureAuditChains } from '../audit/audit.ts';
import { openDatabase, rows, type Database } from '../db/database.ts';
import { createScratchDatabase, createTestDatabase, type TestDatabase } from '../../test-support/lantern.ts';
import { runLanternCommand, type CommandOutcome } from '../../test-support/command-line.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CLI = path.join(ROOT, 'src/cli/index.ts');
const SERVER_URL = process.env.DATABASE_URL;
const AUDIT_ROWS = 25;

interface Settings {
  dataDir?: string;
  databaseUrl?: string;
  /** The PATH pg_dump and pg_restore are looked for on (by default the test's). */
  path?: string;
}

/** Exactly the given database settings, and nothing else of the test's environment. */
function environment(settings: Settings): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NODE_ENV: 'test', LANTERN_DEMO: 'false', PATH: settings.path ?? process.env.PATH };
  if (settings.dataDir) env.LANTERN_DATA_DIR = settings.dataDir;
  if (settings.databaseUrl) env.DATABASE_URL = settings.databaseUrl;
  return env;
}

function lantern(args: string[], settings: Settings): Promise<CommandOutcome> {
  return runLanternCommand(args, environment(settings));
}

/** `lantern <args>` in a process of its own, for what only another process can show. */
function lanternProcess(args: string[], settings: Settings): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, env: environment(settings), timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Lantern's tables and some audit rows, written the way the app writes them. */
async function fillWithAuditRows(database: Database): Promise<void> {
  await database.migrate();
  await ensureAuditChains(database.db);
  for (let i = 0; i < AUDIT_ROWS; i++) {
    await auditRead(database.db, { actor: null, ip: null, requestId: `backup-test-${i}` }, { action: 'view', recordKind: 'backup_test', recordId: String(i) });
  }
}

const verified = new RegExp(`audit trail verified, ${AUDIT_ROWS} rows in 16 chains`, 'i');

const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-backup-'));
after(() => fs.rmSync(temp, { recursive: true, force: true }));

describe('backups of the embedded database, through the command line', { skip: SERVER_URL ? 'runs in the PGlite pass (DATABASE_URL is set)' : false }, () => {
  const backupFile = path.join(temp, 'lantern.tar.gz');
  let copy: TestDatabase;
  let source: string;

  before(async () => {
    copy = await createTestDatabase({ contents: 'migrated' });
    source = copy.env.LANTERN_DATA_DIR!;
    const database = await copy.open();
    try {
      await fillWithAuditRows(database);
    } finally {
      await database.close();
    }
  });
  after(() => copy?.remove());

  test('audit verify refuses a data folder that does not exist, and does not create it', async () => {
    const missing = path.join(temp, 'no-such-folder');
    const result = await lantern(['audit', 'verify'], { dataDir: missing });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /there is no embedded database in .*no-such-folder/);
    assert.doesNotMatch(result.stdout, /verified/);
    assert.equal(fs.existsSync(missing), false);
  });

  test('a backup is refused while another process holds the folder', async () => {
    const holder = await openDatabase({ dataDir: source });
    try {
      const result = await lanternProcess(['backup', '--out', path.join(temp, 'refused.tar.gz')], { dataDir: source });
      assert.equal(result.code, 2);
      assert.match(result.stderr, /is in use by another Lantern process/);
      assert.equal(fs.existsSync(path.join(temp, 'refused.tar.gz')), false);
    } finally {
      await holder.close();
    }
  });

  test('backup, restore into an empty folder, audit verify: every audit row comes back intact', async () => {
    const backup = await lantern(['backup', '--out', backupFile], { dataDir: source });
    assert.equal(backup.code, 0, backup.stderr);
    assert.match(backup.stdout, verified);
    assert.equal(fs.statSync(backupFile).mode & 0o777, 0o600, 'a backup holds personal data: only its owner may read it');

    const target = path.join(temp, 'restored');
    const restore = await lantern(['restore', '--from', backupFile], { dataDir: target });
    assert.equal(restore.code, 0, restore.stderr);
    assert.match(restore.stdout, verified);

    const verify = await lantern(['audit', 'verify'], { dataDir: target });
    assert.equal(verify.code, 0, verify.stderr);
    assert.match(verify.stdout, new RegExp(`verified: ${AUDIT_ROWS} rows in 16 chains`));

    const again = await lantern(['restore', '--from', backupFile], { dataDir: target });
    assert.equal(again.code, 2);
    assert.match(again.stderr, /is not empty.*--force/);

    const forced = await lantern(['restore', '--from', backupFile, '--force'], { dataDir: target });
    assert.equal(forced.code, 0, forced.stderr);
    const moved = /The data it replaced is in (\S+);/.exec(forced.stdout)?.[1];
    assert.ok(moved && fs.existsSync(path.join(moved, 'PG_VERSION')), 'the replaced data is moved aside, not deleted');
  });

  test('a backup of a tampered trail says BROKEN and exits 1', async () => {
    const tampered = path.join(temp, 'tampered');
    fs.cpSync(source, tampered, { recursive: true });
    const database = await openDatabase({ dataDir: tampered });
    try {
      await database.db.transaction(async (tx) => {
        await tx.execute(sql`set local session_replication_role = replica`);
        await tx.execute(sql`update audit_events set action = 'search' where id = (select min(id) from audit_events)`);
      });
    } finally {
      await database.close();
    }
    const result = await lantern(['backup', '--out', path.join(temp, 'tampered.tar.gz')], { dataDir: tampered });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /audit trail BROKEN/);
  });

  test('a PostgreSQL backup file is refused with the reason, and the target folder is left alone', async () => {
    const wrongKind = path.join(temp, 'server.dump');
    fs.writeFileSync(wrongKind, 'PGDMP and the rest of a server dump');
    const target = path.join(temp, 'untouched');
    const result = await lantern(['restore', '--from', wrongKind], { dataDir: target });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /is not an embedded-database backup: it is a PostgreSQL backup, so restore it with DATABASE_URL set/);
    assert.equal(fs.existsSync(target), false);
  });

  test('--out-dir writes a dated backup and --keep removes only the oldest of its own dated files', async () => {
    const folder = path.join(temp, 'scheduled');
    fs.mkdirSync(folder);
    const older = ['lantern-2020-01-01T00-00-00-000Z.tar.gz', 'lantern-2021-01-01T00-00-00-000Z.tar.gz'];
    for (const name of [...older, 'notes.txt']) fs.writeFileSync(path.join(folder, name), 'x');
    const result = await lantern(['backup', '--out-dir', folder, '--keep', '2'], { dataDir: source });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, verified);
    const left = fs.readdirSync(folder).sort();
    assert.equal(left.length, 3, left.join(', '));
    assert.ok(left.includes('notes.txt'), 'files Lantern did not write are never removed');
    assert.ok(left.includes(older[1]!) && !left.includes(older[0]!), 'the oldest dated backup is removed');
    assert.match(left.find((name) => !older.includes(name) && name !== 'notes.txt')!, /^lantern-\d{4}-\d{2}-\d{2}T[\d-]+Z\.tar\.gz$/);
  });
});

const hasPgDump = spawnSync('pg_dump', ['--version']).status === 0 && spawnSync('pg_restore', ['--version']).status === 0;

describe('backups of a PostgreSQL database, through the command line', {
  skip: !SERVER_URL ? 'runs in the PostgreSQL pass (DATABASE_URL is not set)' : !hasPgDump ? 'pg_dump and pg_restore are not installed (apt-get install postgresql-client)' : false,
}, () => {
  const scratches: Awaited<ReturnType<typeof createScratchDatabase>>[] = [];
  let sourceUrl = '';
  let targetUrl = '';

  before(async () => {
    const source = await createScratchDatabase(SERVER_URL!);
    const target = await createScratchDatabase(SERVER_URL!);
    scratches.push(source, target);
    sourceUrl = source.url;
    targetUrl = target.url;
    const database = await openDatabase({ databaseUrl: sourceUrl, poolSize: 2 });
    try {
      await fillWithAuditRows(database);
    } finally {
      await database.close();
    }
  });

  after(async () => {
    for (const scratch of scratches) await scratch.drop();
  });

  test('audit verify refuses a database that does not exist or holds no Lantern tables', async () => {
    const missing = new URL(SERVER_URL!);
    missing.pathname = '/lantern_no_such_database';
    const absent = await lantern(['audit', 'verify'], { databaseUrl: missing.toString() });
    assert.equal(absent.code, 2);
    assert.match(absent.stderr, /does not exist/);
    const empty = await lantern(['audit', 'verify'], { databaseUrl: targetUrl });
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /holds no Lantern database/);
  });

  test('an embedded-database backup file is refused with the reason', async () => {
    const wrongKind = path.join(temp, 'embedded.tar.gz');
    fs.writeFileSync(wrongKind, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00]));
    const result = await lantern(['restore', '--from', wrongKind], { databaseUrl: targetUrl });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /is not a PostgreSQL backup .*: it is an embedded-database backup, so restore it without DATABASE_URL set/);
  });

  test('without pg_dump the backup says how to install it', async () => {
    const result = await lantern(['backup', '--out', path.join(temp, 'none.dump')], { databaseUrl: sourceUrl, path: '' });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /pg_dump is not installed/);
  });

  test('backup, restore into an empty database, audit verify: every audit row comes back intact', async () => {
    const file = path.join(temp, 'lantern.dump');
    const backup = await lantern(['backup', '--out', file], { databaseUrl: sourceUrl });
    assert.equal(backup.code, 0, backup.stderr);
    assert.match(backup.stdout, verified);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);

    const restore = await lantern(['restore', '--from', file], { databaseUrl: targetUrl });
    assert.equal(restore.code, 0, restore.stderr);
    assert.match(restore.stdout, verified);

    const verify = await lantern(['audit', 'verify'], { databaseUrl: targetUrl });
    assert.equal(verify.code, 0, verify.stderr);
    assert.match(verify.stdout, new RegExp(`verified: ${AUDIT_ROWS} rows in 16 chains`));

    const again = await lantern(['restore', '--from', file], { databaseUrl: targetUrl });
    assert.equal(again.code, 2);
    assert.match(again.stderr, /is not empty.*--force/);

    // --force replaces everything: a row added after the backup is gone again.
    const target = await openDatabase({ databaseUrl: targetUrl, poolSize: 1 });
    try {
      await auditRead(target.db, { actor: null, ip: null, requestId: 'after-backup' }, { action: 'view', recordKind: 'backup_test', recordId: 'late' });
    } finally {
      await target.close();
    }
    const forced = await lantern(['restore', '--from', file, '--force'], { databaseUrl: targetUrl });
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(forced.stdout, verified);
    const check = await openDatabase({ databaseUrl: targetUrl, poolSize: 1 });
    try {
      const [count] = await rows<{ n: number }>(check.db, sql`select count(*)::int as n from audit_events`);
      assert.equal(count!.n, AUDIT_ROWS);
    } finally {
      await check.close();
    }
  });
});

/**
 * Failures at the edges: a full disk, an exhausted pool, a migration that breaks half-way and a
 * data folder Lantern may not write. Each is a 503 or a one-line refusal to start, with its cause
 * in the log and no personal data, never a stack trace.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { createLoggedTestLantern, TestClient, type CapturedLog, type TestLantern } from '../../test-support/index.ts';
import { createScratchDatabase } from '../../test-support/lantern.ts';
import { loadConfig } from '../config.ts';
import { explainStartupFailure } from '../startup.ts';
import { MIGRATIONS_FOLDER, openDatabase, rows } from './database.ts';
import { classifyFailure, DatabaseUnavailableError, describeError, MigrationFailedError } from './failures.ts';
import { startLantern } from '../../server.ts';

const serverUrl = process.env.DATABASE_URL;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function coded(code: string, message = 'connection closed'): Error {
  return Object.assign(new Error(message), { code });
}

describe('classifying failures by code and class', () => {
  test('SQLSTATEs and error numbers, anywhere in the chain of causes, give the kind; words in messages do not', () => {
    const wrapped = (cause: unknown) => Object.assign(new Error('Failed query: select 1\nparams: Jade,Carter'), { cause });
    assert.equal(classifyFailure(wrapped(coded('57P01'))), 'database_unavailable');
    assert.equal(classifyFailure(wrapped(coded('08006'))), 'database_unavailable');
    assert.equal(classifyFailure(wrapped(coded('ECONNREFUSED'))), 'database_unavailable');
    assert.equal(classifyFailure(wrapped(coded('53100'))), 'disk_full');
    assert.equal(classifyFailure(coded('ENOSPC')), 'disk_full');
    assert.equal(classifyFailure(coded('EROFS')), 'read_only');
    assert.equal(classifyFailure(coded('25006')), 'read_only');
    assert.equal(classifyFailure(new DatabaseUnavailableError('pool_exhausted', undefined)), 'pool_exhausted');
    // A query that merely mentions "closed" or "terminated" is a bug, not an outage (issue 14).
    assert.equal(classifyFailure(wrapped(coded('42601', 'syntax error at or near "closed"'))), null);
    assert.equal(classifyFailure(new Error('Connection terminated: the case is closed')), null);
    assert.equal(classifyFailure(coded('constructor')), null);
    assert.equal(classifyFailure(undefined), null);
  });

  test('what is logged of an error is its kind, classes and code, never its message', () => {
    const error = Object.assign(new Error('Failed query: insert\nparams: Jade,Carter,2012-01-01'), { cause: coded('23505', 'duplicate key value (Jade)') });
    const described = describeError(error);
    assert.deepEqual(described, { kind: 'internal', errorClass: 'Error < Error', code: '23505' });
    assert.ok(!JSON.stringify(described).includes('Jade'));
  });

  test('a refusal to start is one line naming the cause, without a stack trace', () => {
    const config = loadConfig({ LANTERN_DATA_DIR: '/srv/lantern-data' });
    const lines = [
      explainStartupFailure(coded('EROFS'), config),
      explainStartupFailure(coded('EACCES'), config),
      explainStartupFailure(coded('ENOSPC'), config),
      explainStartupFailure(new MigrationFailedError(coded('42P01', 'relation "x" does not exist')), config),
      explainStartupFailure(coded('ECONNREFUSED'), loadConfig({ DATABASE_URL: 'postgres://db.example/lantern' })),
      explainStartupFailure(new TypeError('cannot read Jade'), config),
    ];
    assert.equal(lines[0], 'Lantern could not start: the data folder /srv/lantern-data is read-only for this process (EROFS). Give the user running Lantern write access to it, or point LANTERN_DATA_DIR at a folder it can write.');
    assert.match(lines[1]!, /the data folder \/srv\/lantern-data is read-only for this process \(EACCES\)/);
    assert.match(lines[2]!, /the disk holding the data folder \/srv\/lantern-data is full \(ENOSPC\)/);
    assert.match(lines[3]!, /a database migration failed \(Error, code 42P01\) and was rolled back/);
    assert.match(lines[4]!, /the database cannot be reached \(ECONNREFUSED\)/);
    assert.match(lines[5]!, /an unexpected TypeError\. Start with LOG_LEVEL=debug/);
    for (const line of lines) {
      assert.ok(line.startsWith('Lantern could not start: ') && !line.includes('\n') && !line.includes('Jade'), line);
    }
  });
});

describe('a full disk', () => {
  let lantern: TestLantern;
  let log: CapturedLog;
  before(async () => {
    ({ lantern, log } = await createLoggedTestLantern('info', {
      routes: (app) => {
        // The server's own disk-full error (SQLSTATE 53100), raised through the real driver and Drizzle.
        app.get('/test/disk-full', { config: { public: true } }, async () => {
          await lantern.db.execute(sql.raw(`do $$ begin raise exception 'could not extend file' using errcode = 'disk_full'; end $$`));
          return { ok: true };
        });
        // A broken query that merely mentions "closed" and "terminated" (issue 14 once saw such a bug answered 503).
        app.get('/test/closed-word', { config: { public: true } }, async () => {
          await lantern.db.execute(sql`select closed, terminated from no_such_table_closed`);
          return { ok: true };
        });
      },
    }));
  });
  after(() => lantern?.close());

  test('a failing query whose text says "closed" is a bug (500), not an outage', async () => {
    const page = await new TestClient(lantern.app).get('/test/closed-word');
    assert.equal(page.status, 500);
    assert.equal(page.headers['retry-after'], undefined);
    assert.equal(page.h1, 'Sorry, there is a problem with the service');
  });

  test('answers 503 with Retry-After, logs the cause in one line, and /health says the disk is full while reads still work', async () => {
    const page = await new TestClient(lantern.app).get('/test/disk-full');
    assert.equal(page.status, 503);
    assert.equal(page.headers['retry-after'], '5');
    assert.equal(page.h1, 'Sorry, the service is unavailable');
    assert.doesNotMatch(page.body, /extend file|53100|at \S+ \(/);

    const lines = log.entries().filter((entry) => entry.msg === 'database unavailable');
    assert.ok(!log.text().includes('no_such_table_closed'), 'the failed query text is not logged either');
    assert.equal(lines.length, 1);
    const failure = lines[0]!.failure as { kind: string; errorClass: string; code: string };
    assert.deepEqual([failure.kind, failure.code], ['disk_full', '53100']);
    assert.match(failure.errorClass, /^DrizzleQueryError < \w+$/, 'the driver’s error class under Drizzle’s (PGlite’s is minified)');
    assert.ok(!log.text().includes('extend file'));

    const health = await new TestClient(lantern.app).get('/health');
    assert.equal(health.status, 200);
    assert.deepEqual(health.json(), { status: 'degraded', db: lantern.database.kind, reason: 'the database disk is full: recent changes could not be saved' });
    assert.equal((await new TestClient(lantern.app).get('/ready')).status, 200, 'reads still work, so the instance stays in the load balancer');
    const metrics = await lantern.app.lantern.metrics.registry.getSingleMetricAsString('lantern_errors_total');
    assert.match(metrics, /lantern_errors_total\{kind="disk_full"\} 1/);
  });
});

describe('an exhausted pool', { skip: serverUrl ? false : 'needs DATABASE_URL: embedded PGlite has no connection pool' }, () => {
  let lantern: TestLantern;
  let log: CapturedLog;
  before(async () => {
    ({ lantern, log } = await createLoggedTestLantern('info', {
      pool: { size: 2, connectionTimeoutMs: 300 },
      routes: (app) => {
        app.get('/test/hold', { config: { public: true } }, async () => {
          await lantern.db.transaction(async (tx) => {
            await tx.execute(sql`select pg_sleep(1.5)`);
          });
          return { ok: true };
        });
      },
    }));
  });
  after(() => lantern?.close());

  test('a request that waits too long for a connection gets 503 with Retry-After, and the pool is usable afterwards', async () => {
    const holders = [new TestClient(lantern.app).get('/test/hold'), new TestClient(lantern.app).get('/test/hold')];
    await sleep(200);
    const refused = await new TestClient(lantern.app).get('/ready');
    assert.equal(refused.status, 503);
    const waiting = await new TestClient(lantern.app).get('/sign-in?returnTo=%2F');
    assert.equal(waiting.status, 200, 'a page that needs no database still answers');
    const api = await lantern.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: 'Bearer lantern_pat_anything' } });
    assert.equal(api.statusCode, 503);
    assert.equal(api.headers['retry-after'], '5');
    assert.ok(log.entries().some((entry) => entry.msg === 'database unavailable' && (entry.failure as { kind: string }).kind === 'pool_exhausted'));
    for (const held of await Promise.all(holders)) assert.equal(held.status, 200);
    assert.equal((await new TestClient(lantern.app).get('/ready')).status, 200);
  });
});

describe('a migration that fails half-way', () => {
  test('is rolled back whole: no table it made and no record of it, and start-up refuses in one line', async () => {
    // A copy of Lantern's migrations with two more: one that works, then one that fails.
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-migrations-'));
    fs.cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
    const journalFile = path.join(folder, 'meta/_journal.json');
    const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { idx: number; version: string; when: number; tag: string; breakpoints: boolean }[] };
    const last = journal.entries[journal.entries.length - 1]!;
    const extra = [
      { tag: '9001_works', sql: 'CREATE TABLE "half_done" ("id" integer);' },
      { tag: '9002_breaks', sql: 'INSERT INTO "half_done" VALUES (1);\n--> statement-breakpoint\nSELECT * FROM "no_such_table";' },
    ];
    extra.forEach((migration, index) => {
      journal.entries.push({ ...last, idx: last.idx + index + 1, when: last.when + index + 1, tag: migration.tag });
      fs.writeFileSync(path.join(folder, `${migration.tag}.sql`), migration.sql);
    });
    fs.writeFileSync(journalFile, JSON.stringify(journal));

    const dataDir = serverUrl ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-migrate-'));
    const scratch = serverUrl ? await createScratchDatabase(serverUrl) : null;
    const open = (migrationsFolder?: string) => openDatabase({ databaseUrl: scratch?.url, dataDir, migrationsFolder });
    try {
      // An up-to-date Lantern database…
      const current = await open();
      await current.migrate();
      const [before] = await rows<{ n: number }>(current.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
      await current.close();

      // …upgraded by a release whose second new migration fails.
      const upgraded = await open(folder);
      const config = loadConfig({ NODE_ENV: 'test', LANTERN_DEMO: 'false', ...(scratch ? { DATABASE_URL: scratch.url } : { LANTERN_DATA_DIR: dataDir! }) });
      const failure = await startLantern(config, upgraded).then(
        () => null,
        (error: unknown) => error,
      );
      assert.ok(failure instanceof MigrationFailedError, String(failure));
      assert.match(explainStartupFailure(failure, config), /^Lantern could not start: a database migration failed \(DrizzleQueryError < \w+, code 42P01\) and was rolled back, so the database is as it was before\./);
      const [table] = await rows<{ name: string | null }>(upgraded.db, sql`select to_regclass('public.half_done')::text as name`);
      assert.equal(table!.name, null, 'the table made by the migration that worked was rolled back too');
      const [afterwards] = await rows<{ n: number }>(upgraded.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
      assert.equal(afterwards!.n, before!.n, 'neither new migration is recorded as applied');
      await upgraded.close();
    } finally {
      await scratch?.drop();
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});

/** Whether another user could run Lantern from this checkout: every folder above it open to all, its files readable. */
function othersCanRun(): boolean {
  for (let dir = root; ; dir = path.dirname(dir)) {
    if ((fs.statSync(dir).mode & 0o001) === 0) return false;
    if (dir === path.dirname(dir)) break;
  }
  return [path.join(root, 'src/main.ts'), path.join(root, 'node_modules/tsx/dist/cli.mjs')].every((file) => (fs.statSync(file).mode & 0o004) !== 0);
}

describe('a data folder Lantern may not write', () => {
  test('stops start-up with one line and a non-zero exit, no stack trace', async (t) => {
    // Root may write anywhere, so as root the server is started as the unprivileged "nobody".
    const root0 = process.getuid?.() === 0;
    if (root0 && !othersCanRun()) {
      t.skip('running as root from a checkout that the unprivileged user cannot read, so no folder can be made unwritable for the server');
      return;
    }
    const asNobody = root0 ? { uid: 65534, gid: 65534 } : {};
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-read-only-'));
    fs.chmodSync(dataDir, 0o555);
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', LANTERN_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info', LANTERN_DEMO: 'true' };
    delete env.DATABASE_URL;
    try {
      const child = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'src/main.ts'], { cwd: root, env, ...asNobody, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
      clearTimeout(timer);
      assert.equal(exitCode, 1, `stdout: ${stdout}\nstderr: ${stderr}`);
      const lines = stderr.split('\n').filter((line) => line.trim() !== '');
      assert.deepEqual(lines, [
        `Lantern could not start: the data folder ${dataDir} is read-only for this process (EACCES). Give the user running Lantern write access to it, or point LANTERN_DATA_DIR at a folder it can write.`,
      ]);
      assert.equal(stdout.trim(), '');
    } finally {
      fs.chmodSync(dataDir, 0o755);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

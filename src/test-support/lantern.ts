/**
 * A whole Lantern for a test file: a fresh migrated database and the full app built by startLantern.
 *
 * Starting embedded PostgreSQL costs seconds, so create ONE per test FILE and share it across that
 * file's tests (a `before` hook that creates it and an `after` hook that closes it). Tests in one
 * file must therefore not depend on each other's order more than they have to: give each test its
 * own records (a new area, user or young person) rather than counting rows that others also add.
 *
 * Without DATABASE_URL the database is PGlite in memory, loaded from a cached snapshot of the
 * migrated schema (rebuilt whenever a migration changes). With DATABASE_URL set, a brand-new,
 * uniquely named database is created on that server, migrated, and dropped again by close().
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { loadConfig, type Config } from '../platform/config.ts';
import { MIGRATIONS_FOLDER, openDatabase, type Database, type Db } from '../platform/db/database.ts';
import { startLantern } from '../server.ts';
import { MODULES } from '../modules/index.ts';
import type { LanternModule } from '../platform/modules.ts';
import { captureLog, type CapturedLog } from './log.ts';

export interface TestLanternOptions {
  /** Seed the fictional Northbridge demo area and its users (default true). */
  seedDemo?: boolean;
  /**
   * Environment given to loadConfig on top of the test defaults, e.g.
   * `{ SIGN_IN_RATE_LIMIT_PER_MINUTE: '3' }` or `{ NODE_ENV: 'production', SESSION_SECRET: '…' }`.
   */
  env?: Record<string, string>;
  /** Routes that only a test needs (say, one that fails on purpose), registered before the app is ready. */
  routes?: (app: FastifyInstance) => void | Promise<void>;
  /** Use in-memory PGlite even when DATABASE_URL is set (the browser tests do). */
  pglite?: boolean;
  /** Receives the app's JSON log lines (set LOG_LEVEL in `env` too, as tests log nothing by default). */
  logStream?: NodeJS.WritableStream;
  /** Modules installed after Lantern's own, as a module written elsewhere would be (to test the module contract). */
  extraModules?: readonly LanternModule[];
  /** PostgreSQL only: a smaller pool or a shorter wait for a connection (to test an exhausted pool). */
  pool?: { size?: number; connectionTimeoutMs?: number };
}

export interface TestLantern {
  app: FastifyInstance;
  database: Database;
  db: Db;
  config: Config;
  /** Closes the app and its database; on PostgreSQL also drops the test database. Safe to call twice. */
  close(): Promise<void>;
}

/** What every test Lantern runs with unless a test says otherwise. */
const TEST_ENV: Record<string, string> = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  // Many sign-ins come from one test file; the rate-limit test lowers this for itself.
  SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000',
};

export async function createTestLantern(options: TestLanternOptions = {}): Promise<TestLantern> {
  const seedDemo = options.seedDemo ?? true;
  const env = { ...TEST_ENV, LANTERN_DEMO: seedDemo ? 'true' : 'false', ...options.env };
  const serverUrl = options.pglite ? undefined : process.env.DATABASE_URL;
  const scratch = serverUrl ? await createScratchDatabase(serverUrl, { migrated: true }) : null;
  const config = loadConfig({ ...env, ...(scratch ? { DATABASE_URL: scratch.url } : {}) });

  let database: Database | undefined;
  try {
    database = scratch
      ? await openDatabase({ databaseUrl: scratch.url, poolSize: options.pool?.size ?? 5, connectionTimeoutMs: options.pool?.connectionTimeoutMs })
      : await openMemoryPglite();
    const { app } = await startLantern(config, database, { logStream: options.logStream, modules: options.extraModules ? [...MODULES, ...options.extraModules] : undefined });
    if (options.routes) await app.register(async (scope) => options.routes!(scope));
    await app.ready();
    let closed = false;
    return {
      app,
      database,
      db: database.db,
      config,
      async close() {
        if (closed) return;
        closed = true;
        // A test may already have closed the database under the app (the health test does).
        await app.close().catch(() => {});
        await database!.close().catch(() => {});
        await scratch?.drop();
        // Test configurations put checkpoints in a fresh temporary folder; leave nothing behind.
        if (config.auditCheckpointDir.startsWith(os.tmpdir())) fs.rmSync(config.auditCheckpointDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await database?.close().catch(() => {});
    await scratch?.drop();
    throw error;
  }
}

/** A test Lantern that logs at `level` into a captured log, for tests of what Lantern logs. */
export async function createLoggedTestLantern(
  level: 'trace' | 'debug' | 'info',
  options: Omit<TestLanternOptions, 'logStream'> = {},
): Promise<{ lantern: TestLantern; log: CapturedLog }> {
  const log = captureLog();
  const lantern = await createTestLantern({ ...options, env: { ...options.env, LOG_LEVEL: level }, logStream: log.stream });
  return { lantern, log };
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: one throwaway database per test Lantern.

/**
 * A new, uniquely named database on the server of `serverUrl`; drop() removes it again. Empty, or
 * with `migrated` a copy of the template database holding every migration (copying a database is
 * much cheaper than running the migrations again for every test file).
 */
export async function createScratchDatabase(serverUrl: string, { migrated = false } = {}): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `lantern_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  if (migrated) {
    const template = await migratedTemplate(serverUrl);
    await adminQuery(serverUrl, `CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    // A database's own grants are not copied with it: give the application role its connect grant again.
    await adminQuery(serverUrl, `DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'lantern_app') THEN GRANT CONNECT, TEMPORARY ON DATABASE "${name}" TO lantern_app; END IF; END $$`);
  } else {
    await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
  }
  const url = new URL(databaseUrl(serverUrl, name));
  // A test's commits need not wait for the disk: a lost test database is simply made again.
  if (migrated) url.searchParams.set('options', '-c synchronous_commit=off');
  return {
    url: url.toString(),
    drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * The name of a migrated template database for the current migrations, built the first time any
 * test process asks (an advisory lock makes the others wait for it). Templates of older migrations
 * are left alone, as another checkout's tests may be copying them; `.ci/run` drops them all.
 */
async function migratedTemplate(serverUrl: string): Promise<string> {
  const template = `lantern_template_${snapshotKey()}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(727275)');
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (!rowCount) {
      await client.query(`CREATE DATABASE "${template}"`);
      const database = await openDatabase({ databaseUrl: databaseUrl(serverUrl, template), poolSize: 1 });
      try {
        await database.migrate();
      } catch (error) {
        await database.close();
        await client.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
        throw error;
      }
      await database.close();
    }
    return template;
  } finally {
    await client.query('SELECT pg_advisory_unlock(727275)').catch(() => {});
    await client.end();
  }
}

async function adminQuery(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// PGlite: initdb is most of PGlite's start-up time, so the migrated schema is kept as a data-folder
// snapshot in the system's temporary folder, named by a hash of the migrations and PGlite's version.

const SNAPSHOT_DIR = path.join(os.tmpdir(), 'lantern-test-snapshots');

async function openMemoryPglite(): Promise<Database> {
  if (process.env.LANTERN_TEST_NO_SNAPSHOT === '1') return openDatabase({});
  const file = path.join(SNAPSHOT_DIR, `${snapshotKey()}.tar`);
  if (fs.existsSync(file)) {
    return openDatabase({ loadDataDir: new Blob([fs.readFileSync(file)]) });
  }
  // No snapshot yet: build the database the ordinary way and keep a copy for the next test file.
  const database = await openDatabase({});
  await database.migrate();
  const client = (database.db as unknown as { $client: PGlite }).$client;
  const dump = await client.dumpDataDir('none');
  fs.mkdirSync(SNAPSHOT_DIR, { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  fs.renameSync(partial, file); // atomic: a parallel test file never reads half a snapshot
  return database;
}

function snapshotKey(): string {
  const hash = createHash('sha256');
  const pgliteManifest = path.join(path.dirname(MIGRATIONS_FOLDER), 'node_modules/@electric-sql/pglite/package.json');
  hash.update(JSON.parse(fs.readFileSync(pgliteManifest, 'utf8')).version);
  const files = fs.readdirSync(MIGRATIONS_FOLDER, { recursive: true, encoding: 'utf8' }).sort();
  for (const name of files) {
    const full = path.join(MIGRATIONS_FOLDER, name);
    if (!fs.statSync(full).isFile()) continue;
    hash.update(name).update(fs.readFileSync(full));
  }
  return hash.digest('hex').slice(0, 16);
}

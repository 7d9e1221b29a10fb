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
 * uniquely named database is copied on that server from a migrated template, and dropped again by
 * close(). With the demo area (the default), the snapshot or template holds it already seeded: the
 * seed costs seconds and every test file would otherwise repeat it. That copy is made again for any
 * change to Lantern's source and every day, as the demo's dates count back from today.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { DEVELOPMENT_AUDIT_KEY, loadConfig, type Config } from '../platform/config.ts';
import { MIGRATIONS_FOLDER, openDatabase, type Database, type Db } from '../platform/db/database.ts';
import { prepareDatabase, startLantern } from '../server.ts';
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
  // The seeded copy's audit rows are hashed with the development key, so only a Lantern with that key may start from it.
  const contents: Contents = seedDemo && loadConfig(env).auditKey === DEVELOPMENT_AUDIT_KEY ? 'demo' : 'migrated';
  const scratch = serverUrl ? await createScratchDatabase(serverUrl, { contents }) : null;
  const config = loadConfig({ ...env, ...(scratch ? { DATABASE_URL: scratch.url } : {}) });

  let database: Database | undefined;
  try {
    database = scratch
      ? await openDatabase({ databaseUrl: scratch.url, poolSize: options.pool?.size ?? 5, connectionTimeoutMs: options.pool?.connectionTimeoutMs })
      : await openMemoryPglite(contents);
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
// A database that a test opens by its settings, as the command line does.

export interface TestDatabase {
  /** The settings that point the command line at it: DATABASE_URL or LANTERN_DATA_DIR. */
  env: Record<string, string>;
  /** Opens it as its owner; an embedded folder only while no command has it open. */
  open(): Promise<Database>;
  /** Drops the database, or deletes the data folder. */
  remove(): Promise<void>;
}

/**
 * A database of its own, holding every migration (and with `demo`, the demo area, whose audit rows
 * are hashed with the development key): with DATABASE_URL a new database on that server copied from
 * the template, else an embedded data folder loaded from the snapshot. Both are copies, so neither
 * migrates or seeds again.
 */
export async function createTestDatabase({ contents }: { contents: 'migrated' | 'demo' }): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const scratch = await createScratchDatabase(serverUrl, { contents });
    return { env: { DATABASE_URL: scratch.url }, open: () => openDatabase({ databaseUrl: scratch.url, poolSize: 2 }), remove: scratch.drop };
  }
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-test-data-'));
  const dataDir = path.join(folder, 'data');
  if (process.env.LANTERN_TEST_NO_SNAPSHOT === '1') {
    const database = await openDatabase({ dataDir });
    await (contents === 'demo' ? seedTheDemo(database) : database.migrate()).finally(() => database.close());
  } else {
    const snapshot = snapshotFile(contents);
    // The first test file to ask makes the snapshot (openMemoryPglite writes it).
    if (!fs.existsSync(snapshot)) await (await openMemoryPglite(contents)).close();
    const database = await openDatabase({ dataDir, loadDataDir: new Blob([fs.readFileSync(snapshot)], { type: 'application/x-gzip' }) });
    await database.close();
  }
  return { env: { LANTERN_DATA_DIR: dataDir }, open: () => openDatabase({ dataDir }), remove: async () => fs.rmSync(folder, { recursive: true, force: true }) };
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: one throwaway database per test Lantern.

/** What a test database starts with: nothing, every migration, or every migration and the demo area. */
type Contents = 'empty' | 'migrated' | 'demo';

/**
 * A new, uniquely named database on the server of `serverUrl`; drop() removes it again. Unless
 * empty, a copy of a template database (copying a database is much cheaper than migrating and
 * seeding again for every test file).
 */
export async function createScratchDatabase(serverUrl: string, { contents = 'empty' as Contents } = {}): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `lantern_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  if (contents !== 'empty') {
    const template = await templateDatabase(serverUrl, contents);
    await adminQuery(serverUrl, `CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    // A database's own grants are not copied with it: give the application role its connect grant again.
    await adminQuery(serverUrl, `DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'lantern_app') THEN GRANT CONNECT, TEMPORARY ON DATABASE "${name}" TO lantern_app; END IF; END $$`);
  } else {
    await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
  }
  const url = new URL(databaseUrl(serverUrl, name));
  // A test's commits need not wait for the disk: a lost test database is simply made again.
  if (contents !== 'empty') url.searchParams.set('options', '-c synchronous_commit=off');
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
 * The name of the template database for the current migrations (and, for `demo`, the current source
 * and day), built the first time any test process asks (an advisory lock makes the others wait for
 * it). Templates of older migrations are left alone, as another checkout's tests may be copying them;
 * `.ci/run` drops them all.
 */
async function templateDatabase(serverUrl: string, contents: 'migrated' | 'demo'): Promise<string> {
  const migrated = `lantern_template_${snapshotKey()}`;
  const demo = `${migrated}_demo_${demoKey()}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  const exists = async (name: string) => ((await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount ?? 0) > 0;
  /** Makes `name` (from `from`, or empty) and fills it; a template that failed half-way is dropped again. */
  const build = async (name: string, from: string | null, fill: (database: Database) => Promise<unknown>) => {
    await client.query(`CREATE DATABASE "${name}"${from ? ` TEMPLATE "${from}"` : ''}`);
    const database = await openDatabase({ databaseUrl: databaseUrl(serverUrl, name), poolSize: 1 });
    try {
      await fill(database);
    } catch (error) {
      await database.close();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      throw error;
    }
    await database.close();
  };
  try {
    await client.query('SELECT pg_advisory_lock(727275)');
    if (!(await exists(migrated))) await build(migrated, null, (database) => database.migrate());
    if (contents === 'migrated') return migrated;
    if (!(await exists(demo))) {
      await build(demo, migrated, seedTheDemo);
      // Seeded copies of older source pile up as the code changes; one still being copied is left (the drop fails).
      const { rows: older } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1 AND datname <> $2", [`${migrated}\\_demo\\_%`, demo]);
      for (const { datname } of older) await client.query(`DROP DATABASE IF EXISTS "${datname}"`).catch(() => {});
    }
    return demo;
  } finally {
    await client.query('SELECT pg_advisory_unlock(727275)').catch(() => {});
    await client.end();
  }
}

/** What a test Lantern's start would do to a new database with the demo on. */
function seedTheDemo(database: Database): Promise<unknown> {
  return prepareDatabase(loadConfig({ ...TEST_ENV, LANTERN_DEMO: 'true' }), database);
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

function snapshotFile(contents: 'migrated' | 'demo'): string {
  return path.join(SNAPSHOT_DIR, `${contents === 'demo' ? `${snapshotKey()}-demo-${demoKey()}` : snapshotKey()}.tar.gz`);
}

async function openMemoryPglite(contents: 'migrated' | 'demo'): Promise<Database> {
  if (process.env.LANTERN_TEST_NO_SNAPSHOT === '1') return openDatabase({});
  const file = snapshotFile(contents);
  // Gzipped: the data folder is mostly empty pages and WAL, and PGlite loads the small file faster.
  if (fs.existsSync(file)) return openDatabase({ loadDataDir: new Blob([fs.readFileSync(file)], { type: 'application/x-gzip' }) });
  // No snapshot yet: build the database from the one before (or from nothing) and keep a copy for the next test file.
  const database = contents === 'demo' ? await openMemoryPglite('migrated') : await openDatabase({});
  await (contents === 'demo' ? seedTheDemo(database) : database.migrate());
  const client = (database.db as unknown as { $client: PGlite }).$client;
  const dump = await client.dumpDataDir('gzip');
  fs.mkdirSync(SNAPSHOT_DIR, { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  fs.renameSync(partial, file); // atomic: a parallel test file never reads half a snapshot
  // Seeded snapshots of older source pile up as the code changes (a file being read stays readable).
  if (contents === 'demo') for (const old of fs.readdirSync(SNAPSHOT_DIR)) if (old.includes('-demo-') && path.join(SNAPSHOT_DIR, old) !== file && !old.endsWith('.partial')) fs.rmSync(path.join(SNAPSHOT_DIR, old), { force: true });
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

/** The demo's seed runs through most of Lantern, so any change to the source (or a new day) means a new seeded copy. */
function demoKey(): string {
  const hash = createHash('sha256').update(new Date().toISOString().slice(0, 10));
  const source = path.join(path.dirname(MIGRATIONS_FOLDER), 'src');
  for (const name of fs.readdirSync(source, { recursive: true, encoding: 'utf8' }).sort()) {
    if (name.endsWith('.ts') && !name.endsWith('.test.ts')) hash.update(name).update(fs.readFileSync(path.join(source, name)));
  }
  return hash.digest('hex').slice(0, 12);
}

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { NodeFS } from '@electric-sql/pglite/nodefs';
import { classifyFailure, DatabaseUnavailableError, describeError, isDriverConnectionError } from './failures.ts';
import { lockDataFolder } from './data-folder-lock.ts';

/**
 * The handle every query takes as its first argument; a transaction is one too. Queries are built
 * from the tables themselves (never drizzle's `db.query`), so the handle needs no schema and the
 * platform does not depend on the modules' tables (src/modules/schema.ts gathers them for drizzle-kit).
 */
export type Db = PgDatabase<PgQueryResultHKT>;
export type DatabaseKind = 'pglite' | 'postgresql';

export interface Database {
  db: Db;
  kind: DatabaseKind;
  migrate(): Promise<void>;
  /** Throws when the database cannot answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** True once close() has been called: every later query fails, and is answered 503. */
  readonly closed: boolean;
  /** Connections in use, idle and waited for (PostgreSQL's pool); null for embedded PGlite. */
  poolStats(): { total: number; idle: number; waiting: number; max: number } | null;
  /**
   * Hears of a connection the server dropped outside any request (a restart, pg_terminate_backend).
   * The listener gets only the kind and code, never a message.
   */
  onConnectionLost(listener: (problem: { kind: string; errorClass: string; code?: string }) => void): void;
}

export const MIGRATIONS_FOLDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../drizzle');

export { DataFolderBusyError } from './data-folder-lock.ts';

/** Rows of a raw query, whichever driver ran it. */
export async function rows<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

export interface OpenOptions {
  databaseUrl?: string;
  /** The tables' owner, used only to migrate; without it `databaseUrl` migrates too. */
  migrationUrl?: string;
  /** Folder for embedded PGlite; omit for an in-memory database (tests). */
  dataDir?: string;
  poolSize?: number;
  /** How long a request waits for a free pooled connection before it is answered 503 (ms). */
  connectionTimeoutMs?: number;
  /** Migrations to apply; the tests point this at a copy with a deliberately broken one added. */
  migrationsFolder?: string;
  /** Start PGlite from this dumped data folder (tests start from a migrated snapshot; restore fills a new folder). */
  loadDataDir?: Blob;
  /**
   * Embedded data folder only: flush each commit to disk before acknowledging it (the default).
   * False trades power-loss safety for write speed (LANTERN_PGLITE_FSYNC=false).
   */
  fsync?: boolean;
  /** Embedded data folder only: refuse a folder that does not exist instead of creating a new database. */
  mustExist?: boolean;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  const migrationsFolder = options.migrationsFolder ?? MIGRATIONS_FOLDER;
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.poolSize ?? 10, options.connectionTimeoutMs ?? 5000, migrationsFolder, options.migrationUrl)
    : openPglite({ ...options, migrationsFolder });
}

type Callback = (error: Error | null | undefined, ...rest: unknown[]) => void;
type AnyFunction = (...args: unknown[]) => unknown;

/**
 * Wraps a pg query or connect function so a failure without a code of its own (the connection
 * ended, the client is no longer usable) becomes a DatabaseUnavailableError, whichever calling
 * style is used: promise, callback, or a submittable query object (passed through untouched).
 */
function guardDriverCall(call: AnyFunction, explain: (error: Error) => Error): AnyFunction {
  return function guarded(this: unknown, ...args: unknown[]) {
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      const callback = last as Callback;
      args[args.length - 1] = (error: Error | null | undefined, ...rest: unknown[]) => callback(error ? explain(error) : error, ...rest);
      return call.apply(this, args);
    }
    const result = call.apply(this, args);
    if (result instanceof Promise) {
      return result.catch((error: Error) => {
        throw explain(error);
      });
    }
    return result;
  };
}

async function openPostgres(url: string, poolSize: number, connectionTimeoutMs: number, migrationsFolder: string, migrationUrl: string | undefined): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: connectionTimeoutMs });
  const lostListeners: ((problem: ReturnType<typeof describeError>) => void)[] = [];
  const reportLost = (error: unknown) => {
    const problem = describeError(error);
    for (const listener of lostListeners) listener(problem);
  };
  const unavailable = (error: Error): Error => (classifyFailure(error) || !isDriverConnectionError(error) ? error : new DatabaseUnavailableError('database_unavailable', error));

  // Clients handed out and not yet given back, with a release that may safely be called twice.
  const checkedOut = new WeakMap<pg.PoolClient, (error?: Error) => void>();
  const track = (client: pg.PoolClient): pg.PoolClient => {
    const release = client.release.bind(client);
    let released = false;
    const releaseOnce = (error?: Error | boolean) => {
      if (released) return;
      released = true;
      checkedOut.delete(client);
      release(error);
    };
    client.release = releaseOnce;
    checkedOut.set(client, releaseOnce);
    return client;
  };

  // An idle client that loses its server must not crash the process; the pool drops it and
  // opens a new connection on the next request. The client's own listener below reports it.
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    // A client held by a transaction gets no handler from the pool: without this one, a server
    // that terminates its backend (57P01) throws an unhandled 'error' event and kills Node.
    client.on('error', (error) => {
      reportLost(error);
      // Give a dead connection back at once. Drizzle does not release a client whose BEGIN
      // failed, and each such leak would shrink the pool for good; its own later release is
      // then a no-op.
      checkedOut.get(client)?.(error);
    });
    client.query = guardDriverCall(client.query as unknown as AnyFunction, unavailable) as unknown as typeof client.query;
  });
  pool.query = guardDriverCall(pool.query as unknown as AnyFunction, unavailable) as unknown as typeof pool.query;
  // A failed checkout is either a full pool that stayed full, or a server out of reach.
  const connect = pool.connect.bind(pool) as (callback: (error: Error | undefined, client: pg.PoolClient | undefined, done: unknown) => void) => void;
  pool.connect = function connectGuarded(callback?: (error: Error | undefined, client: pg.PoolClient | undefined, done: unknown) => void) {
    const full = pool.totalCount >= poolSize && pool.idleCount === 0;
    const explain = (error: Error): Error => (classifyFailure(error) ? error : new DatabaseUnavailableError(full ? 'pool_exhausted' : 'database_unavailable', error));
    const result = new Promise<pg.PoolClient>((resolve, reject) => {
      connect((error, client) => {
        if (error || !client) reject(explain(error ?? new Error('no client')));
        else resolve(track(client));
      });
    });
    if (!callback) return result;
    result.then(
      (client) => callback(undefined, client, client.release),
      (error: Error) => callback(error, undefined, () => {}),
    );
    return undefined;
  } as unknown as typeof pool.connect;

  const db = drizzlePostgres({ client: pool }) as unknown as Db;
  return {
    db,
    kind: 'postgresql',
    async migrate() {
      // Several instances may start together: one migrates while the others wait on the lock.
      // Drizzle applies all pending migrations in one transaction, so a failing one leaves none.
      // With a migration address, only that connection (the owner) ever changes the schema.
      const owner = migrationUrl ? new pg.Client({ connectionString: migrationUrl, connectionTimeoutMillis: 5000 }) : null;
      if (owner) await owner.connect();
      const client = owner ?? (await pool.connect());
      try {
        await client.query('SELECT pg_advisory_lock(727274)');
        await migratePostgres(drizzlePostgres({ client }), { migrationsFolder });
      } finally {
        await client.query('SELECT pg_advisory_unlock(727274)').catch(() => {});
        if (owner) await owner.end().catch(() => {});
        else (client as pg.PoolClient).release();
      }
    },
    async ping() {
      await db.execute(sql`select 1`);
    },
    async close() {
      if (!pool.ending) await pool.end();
    },
    get closed() {
      return pool.ending;
    },
    poolStats() {
      return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: poolSize };
    },
    onConnectionLost(listener) {
      lostListeners.push(listener);
    },
  };
}

async function openPglite({ dataDir, loadDataDir, migrationsFolder, fsync = true, mustExist = false }: OpenOptions & { migrationsFolder: string }): Promise<Database> {
  if (dataDir && mustExist && !fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    throw new NoDatabaseError(`there is no embedded database in ${dataDir}`);
  }
  const releaseLock = dataDir ? lockDataFolder(dataDir, { create: !mustExist }) : () => {};
  let client: PGlite;
  try {
    client = await PGlite.create(
      dataDir
        ? {
            fs: fsync ? new DurableNodeFS(dataDir) : new NodeFS(dataDir),
            startParams: fsync ? DURABLE_START_PARAMS : PGlite.defaultStartParams,
            loadDataDir,
            extensions: { pg_trgm, fuzzystrmatch },
          }
        : { loadDataDir, extensions: { pg_trgm, fuzzystrmatch } },
    );
  } catch (error) {
    releaseLock();
    throw error;
  }
  const db = drizzlePglite({ client }) as unknown as Db;
  let closed = false;
  return {
    db,
    kind: 'pglite',
    async migrate() {
      await migratePglite(drizzlePglite({ client }), { migrationsFolder });
    },
    async ping() {
      if (closed) throw new DatabaseUnavailableError('database_unavailable', undefined);
      await client.query('select 1');
    },
    async close() {
      if (closed) return;
      closed = true;
      await client.close();
      releaseLock();
    },
    get closed() {
      return closed;
    },
    poolStats() {
      return null;
    },
    // One in-process database: there is no connection to lose.
    onConnectionLost() {},
  };
}

/** A consistent copy of an embedded database's data folder as a gzipped tarball (PGlite's own format). */
export async function dumpEmbeddedDatabase(database: Database): Promise<Blob> {
  if (database.kind !== 'pglite') throw new Error('Only an embedded database can be dumped as a data folder');
  const client = (database.db as unknown as { $client: PGlite }).$client;
  // Write every change out of the buffer cache first, so the copy needs no recovery when loaded.
  await client.query('CHECKPOINT');
  return client.dumpDataDir('gzip');
}

/** Refuses a database with no Lantern tables in it, rather than treating it as an empty Lantern. */
export async function requireLanternSchema(db: Db, where: string): Promise<void> {
  const [found] = await rows<{ ok: boolean }>(db, sql`select to_regclass('public.audit_events') is not null and to_regclass('public.audit_chain_heads') is not null as ok`);
  if (!found?.ok) throw new NoDatabaseError(`${where} holds no Lantern database (it has no audit trail tables)`);
}

/** The database named by the configuration does not exist or holds no Lantern schema. */
export class NoDatabaseError extends Error {}

/**
 * PGlite starts PostgreSQL with -F (fsync off). Durable mode drops it, and has the write-ahead log
 * flushed with fsync, because PGlite's fdatasync does nothing while fsync can be given a real one.
 */
const DURABLE_START_PARAMS = [...PGlite.defaultStartParams.filter((param) => param !== '-F'), '-c', 'wal_sync_method=fsync'];

/**
 * PGlite's Node file system passes PostgreSQL's fsync calls to nothing, so turning fsync on in
 * PostgreSQL alone would still leave commits in the operating system's cache. This gives the
 * emscripten NODEFS streams a real fsync, so a commit is on disk before it is acknowledged.
 */
class DurableNodeFS extends NodeFS {
  override async init(pg: PGlite, opts: Parameters<NodeFS['init']>[1]) {
    const result = await super.init(pg, opts);
    const preRun = result.emscriptenOpts.preRun ?? [];
    result.emscriptenOpts.preRun = [
      ...preRun,
      (mod: unknown) => {
        const nodefs = (mod as { NODEFS: EmscriptenNodeFs }).NODEFS;
        nodefs.stream_ops.fsync = (stream) => {
          nodefs.tryFSOperation(() => fs.fsyncSync(stream.nfd));
          return 0;
        };
      },
    ];
    return result;
  }
}

interface EmscriptenNodeFs {
  stream_ops: { fsync?: (stream: { nfd: number }) => number };
  tryFSOperation<T>(operation: () => T): T;
}

/** A unique-index violation, however the driver wraps it. */
export function isUniqueViolation(error: unknown): boolean {
  for (let e = error as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505') return true;
  }
  return false;
}

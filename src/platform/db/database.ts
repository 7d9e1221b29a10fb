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
import * as schema from './schema.ts';
import { classifyFailure, DatabaseUnavailableError, describeError, isDriverConnectionError } from './failures.ts';

/** The typed handle every query takes as its first argument; a transaction is one too. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
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

/** Another process already holds the embedded data folder (PGlite is single-process). */
export class DataFolderBusyError extends Error {}

/** Rows of a raw query, whichever driver ran it. */
export async function rows<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

export interface OpenOptions {
  databaseUrl?: string;
  /** Folder for embedded PGlite; omit for an in-memory database (tests). */
  dataDir?: string;
  poolSize?: number;
  /** How long a request waits for a free pooled connection before it is answered 503 (ms). */
  connectionTimeoutMs?: number;
  /** Migrations to apply; the tests point this at a copy with a deliberately broken one added. */
  migrationsFolder?: string;
  /** For an in-memory PGlite: start from this dumped data folder (tests start from a migrated snapshot). */
  loadDataDir?: Blob;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  const migrationsFolder = options.migrationsFolder ?? MIGRATIONS_FOLDER;
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.poolSize ?? 10, options.connectionTimeoutMs ?? 5000, migrationsFolder)
    : openPglite(options.dataDir, options.loadDataDir, migrationsFolder);
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

async function openPostgres(url: string, poolSize: number, connectionTimeoutMs: number, migrationsFolder: string): Promise<Database> {
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

  const db = drizzlePostgres({ client: pool, schema }) as unknown as Db;
  return {
    db,
    kind: 'postgresql',
    async migrate() {
      // Several instances may start together: one migrates while the others wait on the lock.
      // Drizzle applies all pending migrations in one transaction, so a failing one leaves none.
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock(727274)');
        await migratePostgres(drizzlePostgres({ client, schema }), { migrationsFolder });
      } finally {
        await client.query('SELECT pg_advisory_unlock(727274)').catch(() => {});
        client.release();
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

async function openPglite(dataDir: string | undefined, loadDataDir: Blob | undefined, migrationsFolder: string): Promise<Database> {
  const releaseLock = dataDir ? lockDataFolder(dataDir) : () => {};
  let client: PGlite;
  try {
    client = await PGlite.create({ dataDir, loadDataDir, extensions: { pg_trgm, fuzzystrmatch } });
  } catch (error) {
    releaseLock();
    throw error;
  }
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  let closed = false;
  return {
    db,
    kind: 'pglite',
    async migrate() {
      await migratePglite(drizzlePglite({ client, schema }), { migrationsFolder });
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

/**
 * PGlite must never be opened by two processes at once: the second would corrupt the folder.
 * A lock file holding the owner's pid makes a second opener fail with a clear message instead.
 */
function lockDataFolder(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, 'lantern.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(fs.readFileSync(lockFile, 'utf8'));
      if (Number.isInteger(owner) && owner > 0 && processIsAlive(owner)) {
        throw new DataFolderBusyError(
          `The embedded database in ${dataDir} is in use by another Lantern process (pid ${owner}). ` +
            'Stop that process first, or run this command against a PostgreSQL server with DATABASE_URL.',
        );
      }
      fs.rmSync(lockFile, { force: true }); // left behind by a process that has gone
    }
  }
  throw new DataFolderBusyError(`Could not lock ${dataDir}`);
}

function processIsAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A unique-index violation, however the driver wraps it. */
export function isUniqueViolation(error: unknown): boolean {
  for (let e = error as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505') return true;
  }
  return false;
}

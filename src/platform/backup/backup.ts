/**
 * Backups of either database as one file, and restoring from one, each checked by walking the
 * audit trail of what was written. Embedded PGlite: a gzipped copy of the data folder, taken while
 * this process holds the folder's lock (so never while the server runs). PostgreSQL: `pg_dump -Fc`
 * and `pg_restore`, which must be installed.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import type { Config } from '../config.ts';
import { verifyAuditTrail, type VerifyReport } from '../audit/audit.ts';
import { lockDataFolder, LOCK_FILE_NAME } from '../db/data-folder-lock.ts';
import { dumpEmbeddedDatabase, NoDatabaseError, openDatabase, requireLanternSchema, rows, type Database, type Db } from '../db/database.ts';

const run = promisify(execFile);

/** A backup or restore that cannot go ahead; the message says why and what to do. */
export class BackupError extends Error {}

export interface BackupResult {
  file: string;
  bytes: number;
  /** The audit trail of the backup as written (PGlite: read back from the file; PostgreSQL: the dump's own snapshot). */
  audit: VerifyReport;
}

/** The environment pg_dump and pg_restore run in, and whose PATH they are found on (the command line's; by default this process's). */
export interface ToolOptions {
  env?: NodeJS.ProcessEnv;
}

export interface RestoreResult {
  /** Where the replaced embedded data was moved to by --force, kept until someone deletes it. */
  replacedFolder?: string;
  audit: VerifyReport;
}

/**
 * Opens the configured database only if it exists and holds Lantern's tables; it never creates a
 * data folder, a database or a table (so checking a mistyped path cannot report a clean empty trail).
 */
export async function openExistingDatabase(config: Config): Promise<Database> {
  const where = config.databaseUrl ? 'the database in DATABASE_URL' : `the data folder ${config.dataDir}`;
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, fsync: config.pgliteFsync, mustExist: true });
  try {
    await database.ping().catch((error: unknown) => {
      if (pgCode(error) === '3D000') throw new NoDatabaseError(`${where} does not exist`);
      throw error;
    });
    await requireLanternSchema(database.db, where);
    return database;
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
}

export async function backupDatabase(config: Config, outFile: string, { env = process.env }: ToolOptions = {}): Promise<BackupResult> {
  const file = path.resolve(outFile);
  if (!fs.existsSync(path.dirname(file))) throw new BackupError(`The folder ${path.dirname(file)} does not exist`);
  if (fs.existsSync(file)) throw new BackupError(`${file} already exists: choose a new file name, so an older backup is never overwritten`);
  return config.databaseUrl ? backupPostgres(config, config.databaseUrl, file, env) : backupEmbedded(config, file);
}

async function backupEmbedded(config: Config, file: string): Promise<BackupResult> {
  const database = await openExistingDatabase(config);
  let dump: Blob;
  try {
    dump = await dumpEmbeddedDatabase(database);
  } finally {
    await database.close(); // let the server start again as soon as the copy is taken
  }
  const bytes = Buffer.from(await dump.arrayBuffer());
  await writeAtomically(file, async (partial) => fs.promises.writeFile(partial, bytes, { mode: 0o600 }));
  // Check the file as written, not the folder it came from: load it afresh and walk its trail.
  const copy = await openDatabase({ loadDataDir: new Blob([fs.readFileSync(file)]) });
  try {
    await requireLanternSchema(copy.db, `The backup ${file}`);
    return { file, bytes: bytes.length, audit: await verifyAuditTrail(copy.db) };
  } finally {
    await copy.close();
  }
}

async function backupPostgres(config: Config, url: string, file: string, env: NodeJS.ProcessEnv): Promise<BackupResult> {
  await requireTool('pg_dump', env);
  const database = await openExistingDatabase(config);
  try {
    let audit: VerifyReport | undefined;
    await writeAtomically(file, async (partial) => {
      // pg_dump reads the snapshot this transaction exported, so the audit trail verified here is
      // exactly the one in the file, whatever the running server writes meanwhile.
      await database.db.transaction(
        async (tx) => {
          const [{ snapshot }] = (await rows<{ snapshot: string }>(tx as unknown as Db, sql`select pg_export_snapshot() as snapshot`)) as [{ snapshot: string }];
          await runTool('pg_dump', ['--format=custom', `--snapshot=${snapshot}`, `--file=${partial}`], env, url);
          audit = await verifyAuditTrail(tx as unknown as Db);
        },
        { isolationLevel: 'repeatable read', accessMode: 'read only' },
      );
      fs.chmodSync(partial, 0o600);
      // A file pg_restore cannot list is no backup.
      await runTool('pg_restore', ['--list', partial], env);
    });
    return { file, bytes: fs.statSync(file).size, audit: audit! };
  } finally {
    await database.close();
  }
}

export async function restoreDatabase(config: Config, fromFile: string, { force = false, env = process.env }: { force?: boolean } & ToolOptions = {}): Promise<RestoreResult> {
  const file = path.resolve(fromFile);
  if (!fs.existsSync(file)) throw new BackupError(`There is no file ${file}`);
  const kind = backupKind(file);
  if (config.databaseUrl) {
    if (kind !== 'postgresql') throw new BackupError(`${file} is not a PostgreSQL backup (pg_dump custom format)${kind === 'pglite' ? ': it is an embedded-database backup, so restore it without DATABASE_URL set' : ''}`);
    return restorePostgres(config, config.databaseUrl, file, force, env);
  }
  if (kind !== 'pglite') throw new BackupError(`${file} is not an embedded-database backup${kind === 'postgresql' ? ': it is a PostgreSQL backup, so restore it with DATABASE_URL set' : ''}`);
  return restoreEmbedded(config, file, force);
}

async function restoreEmbedded(config: Config, file: string, force: boolean): Promise<RestoreResult> {
  const target = config.dataDir;
  // Hold the target's lock throughout, so no server can open it half-restored.
  const release = lockDataFolder(target);
  const staging = `${target}.restoring-${process.pid}`;
  try {
    const existing = fs.readdirSync(target).filter((name) => name !== LOCK_FILE_NAME);
    if (existing.length > 0 && !force) {
      throw new BackupError(`The data folder ${target} is not empty. Restore into an empty folder (set LANTERN_DATA_DIR), or add --force to replace it (its contents are moved aside, not deleted)`);
    }
    // Load and check the backup in a folder of its own first: the target is untouched if anything fails.
    fs.rmSync(staging, { recursive: true, force: true });
    let audit: VerifyReport;
    const restored = await openDatabase({ dataDir: staging, fsync: config.pgliteFsync, loadDataDir: new Blob([fs.readFileSync(file)]) });
    try {
      await requireLanternSchema(restored.db, `The backup ${file}`);
      audit = await verifyAuditTrail(restored.db);
    } finally {
      await restored.close();
    }
    let replacedFolder: string | undefined;
    if (existing.length > 0) {
      replacedFolder = `${target}.replaced-${timestamp()}`;
      fs.mkdirSync(replacedFolder);
      for (const name of existing) fs.renameSync(path.join(target, name), path.join(replacedFolder, name));
    }
    // The lock file stays where it is (and locked); everything else comes across.
    for (const name of fs.readdirSync(staging)) {
      if (name !== LOCK_FILE_NAME) fs.renameSync(path.join(staging, name), path.join(target, name));
    }
    syncFolder(target);
    return { replacedFolder, audit };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
    release();
  }
}

async function restorePostgres(config: Config, url: string, file: string, force: boolean, env: NodeJS.ProcessEnv): Promise<RestoreResult> {
  await requireTool('pg_restore', env);
  const target = await openDatabase({ databaseUrl: url, poolSize: 1 });
  try {
    await target.ping().catch((error: unknown) => {
      if (pgCode(error) === '3D000') throw new BackupError('The database in DATABASE_URL does not exist: create it (createdb) and restore again');
      throw error;
    });
    const [found] = await rows<{ tables: number; drizzle: boolean }>(
      target.db,
      sql`select (select count(*) from pg_tables where schemaname = 'public')::int as tables, exists (select 1 from pg_namespace where nspname = 'drizzle') as drizzle`,
    );
    if ((found!.tables > 0 || found!.drizzle) && !force) {
      throw new BackupError('The database in DATABASE_URL is not empty. Restore into a new empty database, or add --force to replace everything in it');
    }
    if (force) {
      await target.db.transaction(async (tx) => {
        await tx.execute(sql`drop schema if exists drizzle cascade`);
        await tx.execute(sql`drop schema if exists public cascade`);
        await tx.execute(sql`create schema public`);
      });
    }
  } finally {
    await target.close();
  }
  // One transaction: a restore that fails part-way leaves nothing behind.
  await runTool('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', file], env, url);
  const restored = await openExistingDatabase(config);
  try {
    return { audit: await verifyAuditTrail(restored.db) };
  } finally {
    await restored.close();
  }
}

const BACKUP_NAME = /^lantern-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z\.(tar\.gz|dump)$/;

/**
 * For a timer (cron, systemd): a new, dated backup in `dir`, then the oldest of Lantern's own dated
 * backups there removed so that `keep` remain. Nothing is removed unless the new one verified.
 */
export async function backupToFolder(config: Config, dir: string, keep: number, tools: ToolOptions = {}): Promise<BackupResult & { removed: string[] }> {
  const folder = path.resolve(dir);
  fs.mkdirSync(folder, { recursive: true });
  const result = await backupDatabase(config, path.join(folder, `lantern-${timestamp()}${config.databaseUrl ? '.dump' : '.tar.gz'}`), tools);
  const removed: string[] = [];
  if (result.audit.ok) {
    const dated = fs
      .readdirSync(folder)
      .filter((name) => BACKUP_NAME.test(name))
      .sort()
      .reverse();
    for (const name of dated.slice(keep)) {
      fs.rmSync(path.join(folder, name));
      removed.push(path.join(folder, name));
    }
  }
  return { ...result, removed };
}

function timestamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

/** What kind of backup a file is, from its first bytes. */
function backupKind(file: string): 'pglite' | 'postgresql' | 'unknown' {
  const head = Buffer.alloc(5);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, 5, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (head.toString('latin1') === 'PGDMP') return 'postgresql';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'pglite';
  return 'unknown';
}

/** Writes through a temporary name and renames, so a crash never leaves half a backup under the real name. */
async function writeAtomically(file: string, write: (partial: string) => Promise<void>): Promise<void> {
  const partial = `${file}.partial-${process.pid}`;
  try {
    await write(partial);
    const fd = fs.openSync(partial, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(partial, file);
    syncFolder(path.dirname(file));
  } finally {
    fs.rmSync(partial, { force: true });
  }
}

function syncFolder(folder: string): void {
  const fd = fs.openSync(folder, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

async function requireTool(tool: 'pg_dump' | 'pg_restore', env: NodeJS.ProcessEnv): Promise<void> {
  try {
    await run(tool, ['--version'], { env });
  } catch {
    throw new BackupError(`${tool} is not installed: install the PostgreSQL client programs (on Debian, apt-get install postgresql-client) and try again`);
  }
}

/**
 * Runs pg_dump or pg_restore against `url`. The password goes in PGPASSWORD rather than on the
 * command line, where other users of the machine could read it.
 */
async function runTool(tool: 'pg_dump' | 'pg_restore', args: string[], toolEnv: NodeJS.ProcessEnv, url?: string): Promise<void> {
  const env = { ...toolEnv };
  const target: string[] = [];
  if (url) {
    const parsed = new URL(url);
    if (parsed.password) env.PGPASSWORD = decodeURIComponent(parsed.password);
    parsed.password = '';
    target.push(`--dbname=${parsed.toString()}`);
  }
  try {
    await run(tool, [...target, ...args], { env, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? '').trim();
    throw new BackupError(`${tool} failed: ${stderr.split('\n')[0] || (error as Error).message}`);
  }
}

function pgCode(error: unknown): string | undefined {
  for (let e = error as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.code === 'string') return e.code;
  }
  return undefined;
}

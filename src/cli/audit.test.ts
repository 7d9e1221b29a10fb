/**
 * `audit verify` and `audit checkpoint` as an operator runs them: the real command line in its
 * own process, on the configured database (PostgreSQL with DATABASE_URL, else an embedded folder).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { desc, eq, sql } from 'drizzle-orm';
import { MIGRATIONS_FOLDER, openDatabase, type Database } from '../platform/db/database.ts';
import { auditRead, ensureAuditChains, useAuditKey } from '../platform/audit/audit.ts';
import { auditChainHeads, auditEvents } from '../platform/audit/tables.ts';
import { createScratchDatabase } from '../test-support/lantern.ts';

const root = path.dirname(MIGRATIONS_FOLDER);
const tsx = path.join(root, 'node_modules/.bin/tsx');
const run = promisify(execFile);

describe('audit commands', () => {
  const key = randomBytes(32).toString('hex');
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-cli-audit-'));
  const checkpoints = path.join(folder, 'checkpoints');
  let env: Record<string, string>;
  let drop = async () => {};

  /** The database as its owner; for an embedded folder, only while no command has it open. */
  const open = (): Promise<Database> => openDatabase(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir: env.LANTERN_DATA_DIR! });

  async function withDb<T>(work: (database: Database) => Promise<T>): Promise<T> {
    const database = await open();
    try {
      return await work(database);
    } finally {
      await database.close();
    }
  }

  async function lantern(...args: string[]): Promise<{ code: number; out: string }> {
    try {
      const { stdout, stderr } = await run(tsx, ['src/cli/index.ts', ...args], { cwd: root, env: { ...process.env, ...env } });
      return { code: 0, out: stdout + stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { code: failed.code ?? -1, out: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
    }
  }

  before(async () => {
    env = { NODE_ENV: 'development', LOG_LEVEL: 'silent', LANTERN_AUDIT_KEY: key, LANTERN_AUDIT_CHECKPOINT_DIR: checkpoints };
    if (process.env.DATABASE_URL) {
      const scratch = await createScratchDatabase(process.env.DATABASE_URL);
      env.DATABASE_URL = scratch.url;
      drop = scratch.drop;
    } else {
      env.LANTERN_DATA_DIR = path.join(folder, 'data');
    }
    useAuditKey(key);
    await withDb(async ({ db, migrate }) => {
      await migrate();
      await ensureAuditChains(db);
      for (let i = 0; i < 40; i++) await auditRead(db, { actor: null, ip: null, requestId: `cli-${i}` }, { action: 'view', recordKind: 'fixture', recordId: String(i) });
    });
  });

  after(async () => {
    await drop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  test('a whole trail verifies against the checkpoint just written; a cut chain fails, named, and no new checkpoint accepts it', async () => {
    const written = await lantern('audit', 'checkpoint');
    assert.equal(written.code, 0, written.out);
    assert.match(written.out, /Checkpoint written to .*audit-checkpoint-/);

    const intact = await lantern('audit', 'verify');
    assert.equal(intact.code, 0, intact.out);
    assert.match(intact.out, /^Audit trail verified: 40 rows in 16 chains, none changed, removed or reordered; compared with the checkpoint of /);

    // As the owner, triggers off: the longest chain loses its last row and its head moves back.
    const chain = await withDb(async ({ db }) => {
      const [head] = await db.select().from(auditChainHeads).orderBy(desc(auditChainHeads.lastSeq)).limit(1);
      const [kept] = await db.select().from(auditEvents).where(sql`${auditEvents.chain} = ${head!.chain} and ${auditEvents.chainSeq} = ${head!.lastSeq - 1}`);
      await db.transaction(async (tx) => {
        await tx.execute(sql`alter table audit_events disable trigger user`);
        await tx.execute(sql`alter table audit_chain_heads disable trigger user`);
        await tx.execute(sql`delete from audit_events where chain = ${head!.chain} and chain_seq = ${head!.lastSeq}`);
        await tx.update(auditChainHeads).set({ lastSeq: kept!.chainSeq, lastHash: kept!.hash }).where(eq(auditChainHeads.chain, head!.chain));
        await tx.execute(sql`alter table audit_events enable trigger user`);
        await tx.execute(sql`alter table audit_chain_heads enable trigger user`);
      });
      return { number: head!.chain, length: head!.lastSeq };
    });

    const cut = await lantern('audit', 'verify');
    assert.equal(cut.code, 1, cut.out);
    assert.match(cut.out, /Audit trail BROKEN/);
    assert.ok(cut.out.includes(`chain ${chain.number}: chain ${chain.number} has ${chain.length - 1} rows but the checkpoint of`), cut.out);

    const refused = await lantern('audit', 'checkpoint');
    assert.equal(refused.code, 2, refused.out);
    assert.match(refused.out, new RegExp(`No checkpoint written: chain ${chain.number} is shorter than at the checkpoint of`));
  });

  test('with another key, every row and the checkpoint fail', async () => {
    env = { ...env, LANTERN_AUDIT_KEY: randomBytes(32).toString('hex') };
    const other = await lantern('audit', 'verify');
    env = { ...env, LANTERN_AUDIT_KEY: key };
    assert.equal(other.code, 1, other.out);
    assert.match(other.out, /checkpoint: the checkpoint audit-checkpoint-.+ does not match its signature/);
    assert.match(other.out, /chain \d+, position 1 \(row id \d+\): row content has been changed, or the row was hashed without the audit key/);
  });
});

describe('start-up', () => {
  test('in production Lantern refuses to start without an audit key, saying so in one line', async () => {
    const env = { ...process.env, NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40), LANTERN_AUDIT_KEY: '', LANTERN_AUDIT_KEY_FILE: '', DATABASE_URL: '' };
    const failed = await run(tsx, ['src/main.ts'], { cwd: root, env }).then(
      () => null,
      (error: { code?: number; stdout?: string; stderr?: string }) => error,
    );
    assert.ok(failed, 'it did not start');
    assert.equal(failed.code, 1);
    assert.equal(failed.stdout, '');
    assert.equal(failed.stderr, "Lantern could not start: LANTERN_AUDIT_KEY or LANTERN_AUDIT_KEY_FILE must be set in production: it keys the audit trail's hashes\n");
  });
});


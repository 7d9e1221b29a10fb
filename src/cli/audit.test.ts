/**
 * `audit verify` and `audit checkpoint` as an operator runs them: the command line (in this
 * process) on the configured database (PostgreSQL with DATABASE_URL, else an embedded folder). The
 * start-up tests run the real entry points in processes of their own.
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
import { MIGRATIONS_FOLDER, type Database } from '../platform/db/database.ts';
import { auditRead, ensureAuditChains, useAuditKey } from '../platform/audit/audit.ts';
import { auditChainHeads, auditEvents } from '../platform/audit/tables.ts';
import { createTestDatabase, runLanternCommand, type TestDatabase } from '../test-support/index.ts';

const root = path.dirname(MIGRATIONS_FOLDER);
const tsx = path.join(root, 'node_modules/.bin/tsx');
const run = promisify(execFile);

describe('audit commands', () => {
  const key = randomBytes(32).toString('hex');
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-cli-audit-'));
  const checkpoints = path.join(folder, 'checkpoints');
  let database: TestDatabase;
  let env: Record<string, string>;

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
    database = await createTestDatabase({ contents: 'migrated' });
    env = { NODE_ENV: 'development', LOG_LEVEL: 'silent', LANTERN_AUDIT_KEY: key, LANTERN_AUDIT_CHECKPOINT_DIR: checkpoints, ...database.env };
    useAuditKey(key);
    await withDb(async ({ db }) => {
      await ensureAuditChains(db);
      for (let i = 0; i < 40; i++) await auditRead(db, { actor: null, ip: null, requestId: `cli-${i}` }, { action: 'view', recordKind: 'fixture', recordId: String(i) });
    });
  });

  after(async () => {
    await database?.remove();
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
  test('the command line ends its process with the command’s exit code, having printed why', async () => {
    const missing = path.join(os.tmpdir(), `lantern-no-such-folder-${randomBytes(6).toString('hex')}`);
    const env = { PATH: process.env.PATH, NODE_ENV: 'test', LANTERN_DATA_DIR: missing };
    const failed = await run(tsx, ['src/cli/index.ts', 'audit', 'verify'], { cwd: root, env }).then(
      () => null,
      (error: { code?: number; stdout?: string; stderr?: string }) => error,
    );
    assert.ok(failed, 'it exited 0');
    assert.equal(failed.code, 2);
    assert.equal(failed.stdout, '');
    assert.equal(failed.stderr, `Lantern could not open the database: there is no embedded database in ${missing}\n`);
    assert.equal(fs.existsSync(missing), false);
  });


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


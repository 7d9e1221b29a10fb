/**
 * Someone who owns the database tries to hide what the trail recorded: they switch the append-only
 * triggers off and rewrite rows with plain SQL. `audit verify` (checked here through the function
 * it runs and the lines it prints) must fail for each attempt, naming the chain and what is wrong.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { DEVELOPMENT_AUDIT_KEY } from '../config.ts';
import { auditChainHeads, auditEvents } from './tables.ts';
import { AUDIT_CHAINS, GENESIS_HASH, auditHmac, auditRead, auditRowHash, canonicalJson, sealUnkeyedChains, unkeyedAuditRowHash, verifyAuditTrail, type RequestContext } from './audit.ts';
import { describeVerification, readLatestCheckpoint, startCheckpoints, verifyWithCheckpoint, writeCheckpoint, type Checkpoint } from './checkpoints.ts';
import { createTestLantern, signInAs, textOf, type TestLantern } from '../../test-support/index.ts';
import { startLantern } from '../../server.ts';

type AuditRow = typeof auditEvents.$inferSelect;

interface Trail {
  lantern: TestLantern;
  db: Db;
  dir: string;
  /** The longest chain and its rows, in order. */
  chain: number;
  rows: AuditRow[];
}

/** A fresh Lantern under its own secret key, a few dozen audit rows, and a checkpoint of them. */
async function trail(): Promise<Trail> {
  const lantern = await createTestLantern({ seedDemo: false, env: { LANTERN_AUDIT_KEY: randomBytes(32).toString('hex') } });
  const db = lantern.db;
  let chain = -1;
  let rows: AuditRow[] = [];
  for (let i = 0; rows.length < 6; i++) {
    const context: RequestContext = { actor: null, ip: '192.0.2.77', requestId: `tamper-${i}` };
    await auditRead(db, context, { action: 'view', recordKind: 'fixture', recordId: String(i), details: { i } });
    if (i % 16 !== 15) continue;
    const [longest] = await db.select({ chain: auditEvents.chain }).from(auditEvents).groupBy(auditEvents.chain).orderBy(desc(sql`count(*)`)).limit(1);
    chain = longest!.chain;
    rows = await db.select().from(auditEvents).where(eq(auditEvents.chain, chain)).orderBy(asc(auditEvents.chainSeq));
  }
  const written = await writeCheckpoint(db, lantern.config.auditCheckpointDir);
  assert.equal(written.written, true);
  const before = await check({ lantern, db, dir: lantern.config.auditCheckpointDir, chain, rows });
  assert.equal(before.ok, true, before.lines.join('\n'));
  return { lantern, db, dir: lantern.config.auditCheckpointDir, chain, rows };
}

/** As the database's owner: the append-only triggers are switched off for the tampering only. */
async function tamper(db: Db, statements: ReturnType<typeof sql>[]) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`alter table audit_events disable trigger user`);
    await tx.execute(sql`alter table audit_chain_heads disable trigger user`);
    for (const statement of statements) await tx.execute(statement);
    await tx.execute(sql`alter table audit_events enable trigger user`);
    await tx.execute(sql`alter table audit_chain_heads enable trigger user`);
  });
}

/** What `audit verify` reports and prints. */
async function check(t: Trail) {
  const report = await verifyWithCheckpoint(t.db, t.dir);
  return { report, ...describeVerification(report, t.dir) };
}

async function withTrail(work: (t: Trail) => Promise<void>) {
  const t = await trail();
  try {
    await work(t);
  } finally {
    await t.lantern.close();
  }
}

describe('audit verify catches tampering by the database owner', () => {
  test('an edited row: the chain and position are named', () =>
    withTrail(async (t) => {
      const victim = t.rows[2]!;
      await tamper(t.db, [sql`update audit_events set record_id = 'someone-else' where id = ${victim.id}`]);
      const { ok, report, lines } = await check(t);
      assert.equal(ok, false);
      assert.deepEqual(report.problems, [{ chain: t.chain, chainSeq: victim.chainSeq, id: victim.id, problem: 'row content has been changed, or the row was hashed without the audit key' }]);
      assert.ok(lines.some((line) => line.includes(`chain ${t.chain}, position ${victim.chainSeq} (row id ${victim.id}): row content has been changed`)), lines.join('\n'));
    }));

  test('a deleted middle row', () =>
    withTrail(async (t) => {
      const victim = t.rows[2]!;
      await tamper(t.db, [sql`delete from audit_events where id = ${victim.id}`]);
      const { ok, report, lines } = await check(t);
      assert.equal(ok, false);
      assert.equal(report.problems.length, 1);
      assert.deepEqual(report.problems[0], { chain: t.chain, chainSeq: t.rows[3]!.chainSeq, id: t.rows[3]!.id, problem: `row ${victim.chainSeq} of chain ${t.chain} is missing (found ${t.rows[3]!.chainSeq} next)` });
      assert.ok(lines.some((line) => line.includes(`chain ${t.chain}, position ${t.rows[3]!.chainSeq}`)));
    }));

  test('the last rows deleted and the head moved back: the chain links up, the checkpoint does not agree', () =>
    withTrail(async (t) => {
      const keep = t.rows[t.rows.length - 3]!;
      await tamper(t.db, [
        sql`delete from audit_events where chain = ${t.chain} and chain_seq > ${keep.chainSeq}`,
        sql`update audit_chain_heads set last_seq = ${keep.chainSeq}, last_hash = ${keep.hash} where chain = ${t.chain}`,
      ]);
      // The chains alone look whole: that is exactly the attack the checkpoint is for.
      assert.equal((await verifyAuditTrail(t.db)).ok, true);
      const { ok, report, lines } = await check(t);
      assert.equal(ok, false);
      assert.equal(report.problems.length, 1);
      assert.equal(report.problems[0]!.chain, t.chain);
      assert.match(report.problems[0]!.problem, new RegExp(`^chain ${t.chain} has ${keep.chainSeq} rows but the checkpoint of .+ recorded ${t.rows.length}: rows have been removed from its end$`));
      assert.ok(lines.some((line) => line.startsWith(`  chain ${t.chain}: chain ${t.chain} has ${keep.chainSeq} rows`)), lines.join('\n'));
      // Nor will the server write a new checkpoint that would accept the cut.
      const refused = await writeCheckpoint(t.db, t.dir);
      assert.equal(refused.written, false);
    }));

  test('a whole chain deleted, rows and head', () =>
    withTrail(async (t) => {
      await tamper(t.db, [sql`delete from audit_events where chain = ${t.chain}`, sql`delete from audit_chain_heads where chain = ${t.chain}`]);
      const { ok, report } = await check(t);
      assert.equal(ok, false);
      assert.equal(report.chains, AUDIT_CHAINS - 1);
      assert.deepEqual(report.problems, [
        { chain: t.chain, chainSeq: null, id: null, problem: `chain ${t.chain} is missing: its head and all its rows are gone (the checkpoint of ${readCheckpoint(t).writtenAt} recorded ${t.rows.length} rows)` },
      ]);
      // Even with no checkpoint to compare with, a chain that should exist and does not is reported.
      assert.match((await verifyAuditTrail(t.db)).problems[0]!.problem, new RegExp(`^chain ${t.chain} is missing`));
    }));

  test("rows deleted and the rest re-hashed with Lantern's own code, but without the key", () =>
    withTrail(async (t) => {
      const victim = t.rows[1]!;
      const original = await t.db.select().from(auditEvents).where(eq(auditEvents.chain, t.chain)).orderBy(asc(auditEvents.chainSeq));
      // Every way to hash without the key: the public development key, and the plain SHA-256 of old.
      const forgers = [(row: Parameters<typeof auditRowHash>[0]) => auditRowHash(row, DEVELOPMENT_AUDIT_KEY), unkeyedAuditRowHash];
      for (const forge of forgers) {
        const forged = forgery(original, victim, forge);
        await tamper(t.db, forged.statements);
        const { ok, report, lines } = await check(t);
        assert.equal(ok, false);
        const first = report.problems.find((p) => p.chain === t.chain && p.chainSeq !== null);
        assert.deepEqual(first, { chain: t.chain, chainSeq: victim.chainSeq, id: original[2]!.id, problem: 'row content has been changed, or the row was hashed without the audit key' });
        // One row fewer than the checkpoint recorded, and the head the forger made up is not its head.
        assert.ok(report.problems.some((p) => p.chain === t.chain && p.chainSeq === null && /rows have been removed from its end/.test(p.problem)), lines.join('\n'));
        await tamper(t.db, undo(original, victim));
        assert.equal((await check(t)).ok, true, 'the original put back verifies again');
      }
      // The whole chain rewritten from its first row with plain SHA-256 links up, but nothing vouches for it.
      const whole = forgery(original, null, unkeyedAuditRowHash);
      await tamper(t.db, whole.statements);
      const report = await verifyAuditTrail(t.db);
      assert.deepEqual(
        report.problems.map((p) => p.problem),
        [`chain ${t.chain} has only rows hashed without the audit key, and no keyed row or checkpoint vouches for them`],
      );
      // Lantern's next audit row on that chain is keyed and links onto the forgery; the checkpoint
      // still knows the chain was keyed from its first row.
      await auditRead(t.db, { actor: null, ip: null, requestId: requestIdOnChain(t.chain) }, { action: 'view', recordKind: 'fixture' });
      const { ok, report: checked } = await check(t);
      assert.equal(ok, false);
      assert.deepEqual(checked.problems[0], { chain: t.chain, chainSeq: 1, id: original[0]!.id, problem: 'row content has been changed, or the row was hashed without the audit key' });
    }));

  test('a checkpoint that does not match: altered after signing, or signed with another key', () =>
    withTrail(async (t) => {
      const latest = readLatestCheckpoint(t.dir);
      assert.ok(latest && 'checkpoint' in latest);
      const altered: Checkpoint = { ...latest.checkpoint, chains: latest.checkpoint.chains.map((c) => (c.chain === t.chain ? { ...c, length: c.length - 2 } : c)) };
      fs.writeFileSync(latest.file, JSON.stringify(altered));
      let result = await check(t);
      assert.equal(result.ok, false);
      assert.deepEqual(result.report.problems, [{ chain: null, chainSeq: null, id: null, problem: `the checkpoint ${path.basename(latest.file)} does not match its signature: it was altered, or not signed with this audit key` }]);
      assert.ok(result.lines.some((line) => line.startsWith('  checkpoint: the checkpoint')));

      const { signature: _signature, ...body } = altered;
      fs.writeFileSync(latest.file, JSON.stringify({ ...body, signature: auditHmac('checkpoint', canonicalJson(body), DEVELOPMENT_AUDIT_KEY) }));
      result = await check(t);
      assert.equal(result.ok, false);
      assert.match(result.report.problems[0]!.problem, /does not match its signature/);

      // A checkpoint from the right key that the database does not agree with: its head is another row.
      const other = { ...latest.checkpoint, chains: latest.checkpoint.chains.map((c) => (c.chain === t.chain ? { ...c, head: t.rows[0]!.hash } : c)) };
      const { signature: _s, ...otherBody } = other;
      fs.writeFileSync(latest.file, JSON.stringify({ ...otherBody, signature: auditHmac('checkpoint', canonicalJson(otherBody), t.lantern.config.auditKey) }));
      result = await check(t);
      assert.equal(result.ok, false);
      assert.deepEqual(result.report.problems.map((p) => p.chain), [t.chain]);
      assert.match(result.report.problems[0]!.problem, new RegExp(`^row ${t.rows.length} of chain ${t.chain} is not the one the checkpoint of .+ recorded`));
    }));
});

describe('checkpoints and the key', () => {
  test('the Check the audit trail page compares with the latest checkpoint and names the cut chain', async () => {
    const lantern = await createTestLantern();
    try {
      const board = await signInAs(lantern.app, 'board.member@northbridge.example');
      const dir = lantern.config.auditCheckpointDir;
      let page = await board.get('/audit/verify');
      assert.equal(page.status, 200);
      assert.match(textOf(page.body), /The audit trail is intact/);
      // Nothing is audited between this checkpoint and the cut, so the cut is below what it recorded.
      assert.equal((await writeCheckpoint(lantern.db, dir)).written, true);
      const [head] = await lantern.db.select().from(auditChainHeads).where(sql`${auditChainHeads.lastSeq} >= 2`).orderBy(desc(auditChainHeads.lastSeq)).limit(1);
      const [kept] = await lantern.db.select().from(auditEvents).where(and(eq(auditEvents.chain, head!.chain), eq(auditEvents.chainSeq, head!.lastSeq - 1)));
      await tamper(lantern.db, [
        sql`delete from audit_events where chain = ${head!.chain} and chain_seq = ${head!.lastSeq}`,
        sql`update audit_chain_heads set last_seq = ${kept!.chainSeq}, last_hash = ${kept!.hash} where chain = ${head!.chain}`,
      ]);
      page = await board.get('/audit/verify');
      assert.equal(page.status, 200);
      const text = textOf(page.body);
      assert.match(text, /The audit trail has been altered/);
      assert.match(text, new RegExp(`Chain ${head!.chain}: chain ${head!.chain} has ${kept!.chainSeq} rows but the checkpoint of`));
    } finally {
      await lantern.close();
    }
  });

  test('the server writes a checkpoint when it starts and another when it stops, each newer than the last', async () => {
    const lantern = await createTestLantern({ seedDemo: false });
    const dir = lantern.config.auditCheckpointDir;
    try {
      const atStart = fs.readdirSync(dir).filter((name) => name.endsWith('.json'));
      assert.equal(atStart.length, 1);
      await auditRead(lantern.db, { actor: null, ip: null, requestId: 'after-start' }, { action: 'view', recordKind: 'fixture' });
      await lantern.app.close();
      const atStop = fs.readdirSync(dir).filter((name) => name.endsWith('.json')).sort();
      assert.equal(atStop.length, 2);
      const last = JSON.parse(fs.readFileSync(path.join(dir, atStop[1]!), 'utf8')) as Checkpoint;
      assert.equal(last.chains.length, AUDIT_CHAINS);
      assert.equal(last.chains.reduce((sum, c) => sum + c.length, 0), 1, 'the row written after start is in the last checkpoint');
    } finally {
      await lantern.close();
    }
  });

  test('the checkpoint timer writes again at every interval and stops cleanly, one write at a time', () =>
    withTrail(async (t) => {
      const dir = path.join(t.dir, 'timed');
      const results: unknown[] = [];
      const timer = startCheckpoints(t.db, dir, (result) => results.push(result), 40);
      await timer.first;
      while (results.length < 3) await new Promise((resolve) => setTimeout(resolve, 20));
      await timer.stop();
      const count = results.length;
      await new Promise((resolve) => setTimeout(resolve, 120));
      assert.equal(results.length, count, 'nothing more after stop()');
      assert.ok(results.every((r) => (r as { written?: boolean }).written === true), JSON.stringify(results));
      assert.equal(fs.readdirSync(dir).filter((name) => name.endsWith('.json')).length, count);
    }));

  test('rows written while the check runs are not taken for tampering (it reads one snapshot)', () =>
    withTrail(async (t) => {
      const writes = Promise.all(
        Array.from({ length: 40 }, (_, i) => auditRead(t.db, { actor: null, ip: null, requestId: `during-${i}` }, { action: 'view', recordKind: 'fixture' })),
      );
      const report = await verifyWithCheckpoint(t.db, t.dir, 1);
      await writes;
      assert.deepEqual(report.problems, []);
      assert.equal((await check(t)).ok, true);
    }));

  test('Lantern seals unkeyed chains when it first starts with a key, and never once a checkpoint exists', () =>
    withTrail(async (t) => {
      const original = await t.db.select().from(auditEvents).where(eq(auditEvents.chain, t.chain)).orderBy(asc(auditEvents.chainSeq));
      await tamper(t.db, forgery(original, null, unkeyedAuditRowHash).statements);
      const seals = async () => (await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'seal'))).length;
      // A restart on the same database: the checkpoint folder exists, so the unkeyed chain is a forgery.
      // (These extra apps are left open: closing one would close the database the test still uses.)
      await startLantern(t.lantern.config, t.lantern.database);
      assert.equal(await seals(), 0);
      assert.equal((await check(t)).ok, false);
      // The first start with a key: no checkpoint yet, so the old rows are sealed and checkpointed.
      fs.rmSync(t.dir, { recursive: true, force: true });
      await startLantern(t.lantern.config, t.lantern.database);
      assert.equal(await seals(), 1);
      assert.equal((await check(t)).ok, true);
      assert.equal(readCheckpoint(t).chains.find((c) => c.chain === t.chain)?.keyedFrom, original.length + 1);
    }));

  test('rows hashed before the trail was keyed are sealed by one keyed row, and then cannot be rewritten', () =>
    withTrail(async (t) => {
      // A chain written as it was before keys: plain SHA-256 throughout.
      const original = await t.db.select().from(auditEvents).where(eq(auditEvents.chain, t.chain)).orderBy(asc(auditEvents.chainSeq));
      await tamper(t.db, forgery(original, null, unkeyedAuditRowHash).statements);
      // As on the first start with a key: no checkpoint yet.
      fs.rmSync(t.dir, { recursive: true, force: true });
      assert.equal((await verifyAuditTrail(t.db)).ok, false, 'not yet vouched for');
      assert.deepEqual(await sealUnkeyedChains(t.db, { actor: null, ip: null, requestId: 'start' }), [t.chain]);
      assert.deepEqual(await sealUnkeyedChains(t.db, { actor: null, ip: null, requestId: 'start' }), [], 'sealed once only');
      const [seal] = await t.db.select().from(auditEvents).where(and(eq(auditEvents.chain, t.chain), eq(auditEvents.action, 'seal')));
      assert.deepEqual(seal?.details, { unkeyedRows: original.length });
      assert.equal((await verifyAuditTrail(t.db)).ok, true);
      assert.equal((await writeCheckpoint(t.db, t.dir)).written, true);
      assert.equal(readCheckpoint(t).chains.find((c) => c.chain === t.chain)?.keyedFrom, seal!.chainSeq, 'the checkpoint records where keyed rows begin');
      assert.equal((await check(t)).ok, true);
      // Now an unkeyed rewrite of an early row no longer links up with the keyed seal.
      const rows = await t.db.select().from(auditEvents).where(eq(auditEvents.chain, t.chain)).orderBy(asc(auditEvents.chainSeq));
      const edited = { ...rows[1]!, recordId: 'someone-else' };
      await tamper(t.db, [sql`update audit_events set record_id = ${edited.recordId}, hash = ${unkeyedAuditRowHash(edited)} where id = ${edited.id}`]);
      const report = await verifyAuditTrail(t.db);
      assert.equal(report.ok, false);
      assert.equal(report.problems[0]!.chain, t.chain);
      assert.equal(report.problems[0]!.chainSeq, rows[2]!.chainSeq);
    }));
});

/** A request id whose audit rows go to `chain` (rows of one request share a chain, chosen by its id). */
function requestIdOnChain(chain: number): string {
  for (let i = 0; ; i++) {
    const id = `on-chain-${i}`;
    if (createHash('sha256').update(id).digest().readUInt32BE(0) % AUDIT_CHAINS === chain) return id;
  }
}

function readCheckpoint(t: Trail): Checkpoint {
  const latest = readLatestCheckpoint(t.dir);
  assert.ok(latest && 'checkpoint' in latest);
  return latest.checkpoint;
}

/**
 * Removes `victim` (when given) and rewrites every later row of its chain so the chain links up
 * again, hashing with `hash`; the head is moved to the new end.
 */
function forgery(rows: AuditRow[], victim: AuditRow | null, hash: (row: Parameters<typeof auditRowHash>[0]) => string) {
  const statements: ReturnType<typeof sql>[] = [];
  let prevHash = GENESIS_HASH;
  let seq = 0;
  for (const row of rows) {
    if (victim && row.id === victim.id) {
      statements.push(sql`delete from audit_events where id = ${row.id}`);
      continue;
    }
    seq++;
    if (victim && row.chainSeq < victim.chainSeq) {
      prevHash = row.hash;
      continue;
    }
    const { id: _id, hash: _hash, ...fields } = { ...row, chainSeq: seq, prevHash };
    const forged = hash(fields);
    statements.push(sql`update audit_events set chain_seq = ${seq}, prev_hash = ${prevHash}, hash = ${forged} where id = ${row.id}`);
    prevHash = forged;
  }
  const chain = rows[0]!.chain;
  statements.push(sql`update audit_chain_heads set last_seq = ${seq}, last_hash = ${prevHash} where chain = ${chain}`);
  return { statements };
}

/** Puts back what `forgery` changed: positions and hashes in order, the deleted row, and the head. */
function undo(rows: AuditRow[], victim: AuditRow): ReturnType<typeof sql>[] {
  const last = rows[rows.length - 1]!;
  const jsonb = (value: unknown) => (value === null ? sql`null` : sql`${canonicalJson(value)}::jsonb`);
  return [
    // From the end backwards, so no two rows ever share a chain position.
    ...rows
      .filter((row) => row.id !== victim.id)
      .reverse()
      .map((row) => sql`update audit_events set chain_seq = ${row.chainSeq}, prev_hash = ${row.prevHash}, hash = ${row.hash} where id = ${row.id}`),
    sql`insert into audit_events (id, chain, chain_seq, occurred_at, actor_user_id, actor_agency_id, actor_role, area_id, action, record_kind, record_id, outcome, ip, request_id, reason, details, personal_digest, personal_nonce, redacted_at, prev_hash, hash)
        values (${victim.id}, ${victim.chain}, ${victim.chainSeq}, ${victim.occurredAt.toISOString()}, ${victim.actorUserId}, ${victim.actorAgencyId}, ${victim.actorRole}, ${victim.areaId}, ${victim.action}, ${victim.recordKind}, ${victim.recordId}, ${victim.outcome}, ${victim.ip}, ${victim.requestId}, ${victim.reason}, ${jsonb(victim.details)}, ${victim.personalDigest}, ${victim.personalNonce}, ${victim.redactedAt?.toISOString() ?? null}, ${victim.prevHash}, ${victim.hash})`,
    sql`update audit_chain_heads set last_seq = ${last.chainSeq}, last_hash = ${last.hash} where chain = ${last.chain}`,
  ];
}

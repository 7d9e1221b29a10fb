import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { and, asc, eq, gt, or } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { auditHmac, auditRowHash, canonicalJson, verifyAuditTrail, type AuditProblem, type CheckpointedChain, type VerifyReport } from './audit.ts';
import { auditChainHeads, auditEvents } from './tables.ts';

/**
 * Signed checkpoints of every chain's length and last hash, kept as files outside the database.
 * Someone who can rewrite the database can move a chain's head back after cutting off its last
 * rows, or drop a chain altogether, and the chain still links up; the checkpoint remembers what
 * was there, and without the audit key no one can write a checkpoint that agrees with the cut.
 */
export interface Checkpoint {
  version: 1;
  writtenAt: string;
  chains: CheckpointedChain[];
  /** HMAC-SHA256 under the audit key of everything above. */
  signature: string;
}

export const CHECKPOINT_INTERVAL_MS = 60 * 60 * 1000;
const FILE_PATTERN = /^audit-checkpoint-.+\.json$/;

function signature(body: Omit<Checkpoint, 'signature'>): string {
  return auditHmac('checkpoint', canonicalJson(body));
}

function signatureMatches(checkpoint: Checkpoint): boolean {
  const { signature: given, ...body } = checkpoint;
  const expected = Buffer.from(signature(body), 'hex');
  const actual = Buffer.from(typeof given === 'string' ? given : '', 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * Every chain's length and last hash as committed now. Where the keyed rows begin is carried over
 * from the previous checkpoint, or found once by reading the chain from its start.
 */
async function currentChains(db: Db, previous: Checkpoint | null): Promise<CheckpointedChain[]> {
  const heads = await db.select().from(auditChainHeads).orderBy(asc(auditChainHeads.chain));
  const chains: CheckpointedChain[] = [];
  for (const h of heads) {
    const before = previous?.chains.find((c) => c.chain === h.chain);
    chains.push({ chain: h.chain, length: h.lastSeq, head: h.lastHash, keyedFrom: before?.keyedFrom ?? (await firstKeyedRow(db, h.chain, h.lastSeq)) });
  }
  return chains;
}

/** The first row of a chain whose hash is keyed; one past the end when none is (yet). */
async function firstKeyedRow(db: Db, chain: number, length: number): Promise<number> {
  for (let after = 0; ; ) {
    const batch = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.chain, chain), gt(auditEvents.chainSeq, after)))
      .orderBy(asc(auditEvents.chainSeq))
      .limit(1000);
    const keyed = batch.find((row) => auditRowHash(row) === row.hash);
    if (keyed) return keyed.chainSeq;
    if (batch.length < 1000) return length + 1;
    after = batch[batch.length - 1]!.chainSeq;
  }
}

export type LatestCheckpoint = { file: string; checkpoint: Checkpoint } | { file: string; problem: string } | null;

/** The newest checkpoint file in `dir` (names sort by time), checked against its signature; null if there is none. */
export function readLatestCheckpoint(dir: string): LatestCheckpoint {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((name) => FILE_PATTERN.test(name)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const name = names.at(-1);
  if (!name) return null;
  const file = path.join(dir, name);
  let parsed: Checkpoint;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Checkpoint;
  } catch {
    return { file, problem: `the checkpoint ${name} cannot be read as a checkpoint` };
  }
  const wellFormed =
    parsed?.version === 1 &&
    typeof parsed.writtenAt === 'string' &&
    Array.isArray(parsed.chains) &&
    parsed.chains.every((c) => Number.isInteger(c?.chain) && Number.isInteger(c?.length) && typeof c?.head === 'string' && Number.isInteger(c?.keyedFrom));
  if (!wellFormed) return { file, problem: `the checkpoint ${name} cannot be read as a checkpoint` };
  if (!signatureMatches(parsed)) return { file, problem: `the checkpoint ${name} does not match its signature: it was altered, or not signed with this audit key` };
  return { file, checkpoint: parsed };
}

export type CheckpointResult = { written: true; file: string } | { written: false; problem: string };

/**
 * Writes a new checkpoint, but only if the trail still extends the latest one (no chain shorter,
 * each recorded last row still there unchanged): a new checkpoint must never bless a cut.
 */
export async function writeCheckpoint(db: Db, dir: string): Promise<CheckpointResult> {
  const latest = readLatestCheckpoint(dir);
  if (latest && 'problem' in latest) return { written: false, problem: latest.problem };
  // Stamped before the heads are read: several processes may write checkpoints, and the latest by
  // name must be the one that read the heads last.
  const writtenAt = new Date().toISOString();
  const chains = await currentChains(db, latest?.checkpoint ?? null);
  if (latest) {
    const problem = await whyNotExtended(db, latest.checkpoint, chains);
    if (problem) return { written: false, problem };
  }
  const body = { version: 1 as const, writtenAt, chains };
  const checkpoint: Checkpoint = { ...body, signature: signature(body) };
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `audit-checkpoint-${writtenAt.replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}.json`);
  const partial = `${file}.partial`;
  fs.writeFileSync(partial, `${JSON.stringify(checkpoint, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(partial, file); // whole or not at all: a reader never sees half a checkpoint
  return { written: true, file };
}

async function whyNotExtended(db: Db, previous: Checkpoint, chains: CheckpointedChain[]): Promise<string | null> {
  const now = new Map(chains.map((c) => [c.chain, c]));
  for (const mark of previous.chains) {
    const current = now.get(mark.chain);
    if (!current) return `chain ${mark.chain} is missing since the checkpoint of ${previous.writtenAt}`;
    if (current.length < mark.length) return `chain ${mark.chain} is shorter than at the checkpoint of ${previous.writtenAt}`;
  }
  const marked = previous.chains.filter((c) => c.length > 0);
  if (marked.length === 0) return null;
  const found = await db
    .select({ chain: auditEvents.chain, hash: auditEvents.hash })
    .from(auditEvents)
    .where(or(...marked.map((c) => and(eq(auditEvents.chain, c.chain), eq(auditEvents.chainSeq, c.length)))));
  for (const mark of marked) {
    if (found.find((r) => r.chain === mark.chain)?.hash !== mark.head) return `chain ${mark.chain} no longer holds the row the checkpoint of ${previous.writtenAt} ended with`;
  }
  return null;
}

export interface CheckedReport extends VerifyReport {
  /** The checkpoint compared with, or null when there was none to compare with. */
  checkpoint: { file: string; writtenAt: string } | null;
}

/** The whole check behind `audit verify` and the Audit trail page: every chain, and the latest checkpoint. */
export async function verifyWithCheckpoint(db: Db, dir: string, batchSize?: number): Promise<CheckedReport> {
  const latest = readLatestCheckpoint(dir);
  if (latest && 'problem' in latest) {
    const report = await verifyAuditTrail(db, { batchSize });
    const problem: AuditProblem = { chain: null, chainSeq: null, id: null, problem: latest.problem };
    return { ...report, ok: false, problems: [...report.problems, problem], checkpoint: null };
  }
  const report = await verifyAuditTrail(db, { batchSize, checkpoint: latest?.checkpoint });
  return { ...report, checkpoint: latest ? { file: latest.file, writtenAt: latest.checkpoint.writtenAt } : null };
}

/**
 * Checkpoints while the server runs: one now, then hourly (the timer never keeps the process
 * alive), and a last one from stop(). Writes never overlap; a failure is reported, not thrown.
 */
export function startCheckpoints(db: Db, dir: string, report: (result: CheckpointResult | { error: unknown }) => void, intervalMs = CHECKPOINT_INTERVAL_MS) {
  let queue: Promise<void> = Promise.resolve();
  const write = () => {
    queue = queue.then(() => writeCheckpoint(db, dir).then(report, (error: unknown) => report({ error })));
    return queue;
  };
  const timer = setInterval(write, intervalMs);
  timer.unref();
  const first = write();
  return {
    first,
    async stop() {
      clearInterval(timer);
      await write();
    },
  };
}

/** What `audit verify` prints: a summary line, then one line per problem naming the chain. */
export function describeVerification(report: CheckedReport, checkpointDir: string): { ok: boolean; lines: string[] } {
  const against = report.checkpoint ? `the checkpoint of ${report.checkpoint.writtenAt}` : `no checkpoint (none found in ${checkpointDir}; cut-off chain ends cannot be detected)`;
  if (report.ok) return { ok: true, lines: [`Audit trail verified: ${report.rowsChecked} rows in ${report.chains} chains, none changed, removed or reordered; compared with ${against}.`] };
  return {
    ok: false,
    lines: [
      `Audit trail BROKEN. ${report.rowsChecked} rows checked; compared with ${against}.`,
      ...report.problems.map((p) => {
        const where = p.chain === null ? 'checkpoint' : `chain ${p.chain}${p.chainSeq === null ? '' : `, position ${p.chainSeq}`}${p.id === null ? '' : ` (row id ${p.id})`}`;
        return `  ${where}: ${p.problem}`;
      }),
    ],
  };
}

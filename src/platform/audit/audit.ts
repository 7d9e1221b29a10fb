import { createHash, randomInt } from 'node:crypto';
import { asc, eq, and, gt, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { auditChainHeads, auditEvents } from './tables.ts';

/** How many independent hash chains the trail is spread over; more chains, less queueing. */
export const AUDIT_CHAINS = 16;
export const GENESIS_HASH = '0'.repeat(64);

/** Who did something, as recorded in the trail. Null for someone not signed in. */
export interface Actor {
  userId: string;
  agencyId: string;
  areaId: string;
  role: string;
}

/** Where a request came from; attached to every audit row it writes. */
export interface RequestContext {
  actor: Actor | null;
  ip: string | null;
  requestId: string | null;
}

export type AuditAction =
  | 'sign_in'
  | 'sign_out'
  | 'view'
  | 'search'
  | 'create'
  | 'update'
  | 'delete'
  | 'export'
  | 'permission_change'
  | 'break_glass'
  | 'token_create'
  | 'token_use';

export interface AuditEntry {
  action: AuditAction;
  recordKind?: string;
  recordId?: string;
  outcome?: 'success' | 'denied' | 'failure';
  /** The written reason for break-glass access. Never personal data. */
  reason?: string;
  /** Structured, non-personal facts (ids, counts, field names changed): never names or free text. */
  details?: Record<string, unknown>;
}

interface HashedFields {
  chain: number;
  chainSeq: number;
  occurredAt: Date;
  actorUserId: string | null;
  actorAgencyId: string | null;
  actorRole: string | null;
  areaId: string | null;
  action: string;
  recordKind: string | null;
  recordId: string | null;
  outcome: string;
  ip: string | null;
  requestId: string | null;
  reason: string | null;
  details: Record<string, unknown> | null;
  prevHash: string;
}

/** JSON with object keys sorted, so PostgreSQL's jsonb reordering cannot change a hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function auditRowHash(row: HashedFields): string {
  // Named one by one: a stored row also carries `id` and `hash`, which must not enter the hash.
  const fields: Record<keyof HashedFields, unknown> = {
    chain: row.chain,
    chainSeq: row.chainSeq,
    occurredAt: row.occurredAt.toISOString(),
    actorUserId: row.actorUserId,
    actorAgencyId: row.actorAgencyId,
    actorRole: row.actorRole,
    areaId: row.areaId,
    action: row.action,
    recordKind: row.recordKind,
    recordId: row.recordId,
    outcome: row.outcome,
    ip: row.ip,
    requestId: row.requestId,
    reason: row.reason,
    details: row.details,
    prevHash: row.prevHash,
  };
  const content = canonicalJson(fields);
  return createHash('sha256').update(content).digest('hex');
}

/**
 * All rows of one request go to the same chain, so a transaction that writes two audit rows locks
 * one chain head, never two in an order that could deadlock with another request.
 */
function chainFor(requestId: string | null): number {
  if (!requestId) return randomInt(AUDIT_CHAINS);
  return createHash('sha256').update(requestId).digest().readUInt32BE(0) % AUDIT_CHAINS;
}

/** Creates the chain heads once; safe to call on every start. */
export async function ensureAuditChains(db: Db): Promise<void> {
  const heads = Array.from({ length: AUDIT_CHAINS }, (_, chain) => ({ chain, lastSeq: 0, lastHash: GENESIS_HASH }));
  await db.insert(auditChainHeads).values(heads).onConflictDoNothing();
}

/**
 * Appends one row to the trail inside the caller's transaction. Call it last in a transaction:
 * the chain head stays locked from here until commit, and only requests on the same chain wait.
 */
export async function writeAudit(tx: Db, context: RequestContext, entry: AuditEntry): Promise<void> {
  const chain = chainFor(context.requestId);
  const [head] = await tx
    .select({ lastSeq: auditChainHeads.lastSeq, lastHash: auditChainHeads.lastHash })
    .from(auditChainHeads)
    .where(eq(auditChainHeads.chain, chain))
    .for('update');
  if (!head) throw new Error('Audit chains are not initialised');
  const fields: HashedFields = {
    chain,
    chainSeq: head.lastSeq + 1,
    occurredAt: new Date(),
    actorUserId: context.actor?.userId ?? null,
    actorAgencyId: context.actor?.agencyId ?? null,
    actorRole: context.actor?.role ?? null,
    areaId: context.actor?.areaId ?? null,
    action: entry.action,
    recordKind: entry.recordKind ?? null,
    recordId: entry.recordId ?? null,
    outcome: entry.outcome ?? 'success',
    ip: context.ip,
    requestId: context.requestId,
    reason: entry.reason ?? null,
    details: entry.details ?? null,
    prevHash: head.lastHash,
  };
  const hash = auditRowHash(fields);
  await tx.insert(auditEvents).values({ ...fields, hash });
  await tx.update(auditChainHeads).set({ lastSeq: fields.chainSeq, lastHash: hash }).where(eq(auditChainHeads.chain, chain));
}

/**
 * Runs a state change and its audit row in one transaction: both commit or neither does.
 * The entry may depend on the result (for example the id of what was created).
 */
export async function auditedCommand<T>(
  db: Db,
  context: RequestContext,
  entry: AuditEntry | ((result: T) => AuditEntry),
  work: (tx: Db) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    const result = await work(tx as unknown as Db);
    await writeAudit(tx as unknown as Db, context, typeof entry === 'function' ? entry(result) : entry);
    return result;
  });
}

/** Records a read (a view, search or export) on its own. */
export async function auditRead(db: Db, context: RequestContext, entry: AuditEntry): Promise<void> {
  await db.transaction(async (tx) => writeAudit(tx as unknown as Db, context, entry));
}

export interface AuditProblem {
  chain: number;
  chainSeq: number;
  id: number | null;
  problem: string;
}

export interface VerifyReport {
  ok: boolean;
  rowsChecked: number;
  chains: number;
  /** The earliest broken row of each broken chain, earliest first. */
  problems: AuditProblem[];
}

/** Walks every chain in sequence, recomputing each hash: catches edited, deleted, inserted and reordered rows. */
export async function verifyAuditTrail(db: Db, batchSize = 5000): Promise<VerifyReport> {
  const heads = await db.select().from(auditChainHeads).orderBy(asc(auditChainHeads.chain));
  const problems: (AuditProblem & { occurredAt: number })[] = [];
  let rowsChecked = 0;
  for (const head of heads) {
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    let broken: (AuditProblem & { occurredAt: number }) | null = null;
    let after = 0;
    for (;;) {
      const batch = await db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.chain, head.chain), gt(auditEvents.chainSeq, after)))
        .orderBy(asc(auditEvents.chainSeq))
        .limit(batchSize);
      for (const row of batch) {
        rowsChecked++;
        const at = (problem: string): AuditProblem & { occurredAt: number } => ({
          chain: head.chain,
          chainSeq: row.chainSeq,
          id: row.id,
          problem,
          occurredAt: row.occurredAt.getTime(),
        });
        if (!broken) {
          if (row.chainSeq !== expectedSeq) broken = at(`row ${expectedSeq} of chain ${head.chain} is missing (found ${row.chainSeq} next)`);
          else if (row.prevHash !== prevHash) broken = at('row is out of order: it does not follow the row before it');
          else if (auditRowHash({ ...row, prevHash: row.prevHash }) !== row.hash) broken = at('row content has been changed');
        }
        expectedSeq = row.chainSeq + 1;
        prevHash = row.hash;
      }
      if (batch.length < batchSize) break;
      after = batch[batch.length - 1]!.chainSeq;
    }
    if (!broken && (head.lastSeq !== expectedSeq - 1 || head.lastHash !== prevHash)) {
      broken = { chain: head.chain, chainSeq: expectedSeq, id: null, problem: `the last rows of chain ${head.chain} have been removed`, occurredAt: Infinity };
    }
    if (broken) problems.push(broken);
  }
  problems.sort((a, b) => a.occurredAt - b.occurredAt);
  return {
    ok: problems.length === 0,
    rowsChecked,
    chains: heads.length,
    problems: problems.map(({ occurredAt: _occurredAt, ...p }) => p),
  };
}

/** Who has looked at or changed a record: for the coordinator's "who has seen this" view. */
export async function auditForRecord(db: Db, recordKind: string, recordId: string, limit = 200) {
  return db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.recordKind, recordKind), eq(auditEvents.recordId, recordId)))
    .orderBy(sql`${auditEvents.occurredAt} desc`)
    .limit(limit);
}

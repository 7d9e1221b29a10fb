import { createHash, createHmac, createSecretKey, randomBytes, randomInt, type KeyObject } from 'node:crypto';
import { asc, eq, and, gt, sql } from 'drizzle-orm';
import { rows, type Db } from '../db/database.ts';
import { DEVELOPMENT_AUDIT_KEY } from '../config.ts';
import { auditChainHeads, auditEvents } from './tables.ts';
import { now } from '../time.ts';

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
  | 'token_use'
  | 'seal'
  | 'erase'
  | 'redact';

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
  /** Set on rows whose personal fields are hashed separately (redactable); null on older rows. */
  personalDigest?: string | null;
}

/** The personal fields of a row, hashed apart from it so they can be redacted. */
export interface PersonalFields {
  ip: string | null;
  reason: string | null;
  personalNonce: string | null;
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

/**
 * The key every row hash and checkpoint is keyed with. startLantern and the command line load the
 * configured one; until then it is the public development key, so scripts outside a server still
 * run, but a production trail written with it would fail verification against the real key.
 */
let auditKey: KeyObject = createSecretKey(Buffer.from(DEVELOPMENT_AUDIT_KEY, 'utf8'));

export function useAuditKey(key: string | KeyObject): void {
  auditKey = typeof key === 'string' ? createSecretKey(Buffer.from(key, 'utf8')) : key;
}

/** The key in use now, for code that sets another for a while and then puts this one back (the command line run inside a test). */
export function auditKeyInUse(): KeyObject {
  return auditKey;
}

/** HMAC-SHA256 under the audit key; `purpose` keeps a row hash from ever passing as a checkpoint signature. */
export function auditHmac(purpose: 'row' | 'checkpoint' | 'personal', content: string, key: KeyObject | string = auditKey): string {
  const secret = typeof key === 'string' ? createSecretKey(Buffer.from(key, 'utf8')) : key;
  return createHmac('sha256', secret).update(`lantern-audit-${purpose}\n`).update(content).digest('hex');
}

/** The keyed digest of a row's personal fields, which the row's hash covers in their place. */
export function personalDigestOf(fields: PersonalFields, key?: string): string {
  return auditHmac('personal', canonicalJson({ ip: fields.ip, reason: fields.reason, nonce: fields.personalNonce }), key ?? auditKey);
}

function hashedContent(row: HashedFields): string {
  // A redactable row: its hash covers the digest of the personal fields, not the fields.
  const redactable = row.personalDigest !== null && row.personalDigest !== undefined;
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
    ip: redactable ? undefined : row.ip,
    requestId: row.requestId,
    reason: redactable ? undefined : row.reason,
    details: row.details,
    prevHash: row.prevHash,
    // Left out of older rows altogether, so their content (and hash) is exactly as before.
    personalDigest: redactable ? row.personalDigest : undefined,
  };
  return canonicalJson(fields);
}

/** A row's hash: keyed, so no one without the key can recompute a chain after changing it. */
export function auditRowHash(row: HashedFields, key?: string): string {
  return auditHmac('row', hashedContent(row), key ?? auditKey);
}

/**
 * The plain SHA-256 that rows were hashed with before the trail was keyed. Accepted only for rows
 * before the chain's first keyed row, as the checkpoints record it (see verifyAuditTrail).
 */
export function unkeyedAuditRowHash(row: HashedFields): string {
  return createHash('sha256').update(hashedContent(row)).digest('hex');
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
  await appendToChain(tx, chainFor(context.requestId), context, entry);
}

async function appendToChain(tx: Db, chain: number, context: RequestContext, entry: AuditEntry): Promise<void> {
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
  const personalNonce = randomBytes(16).toString('hex');
  fields.personalDigest = personalDigestOf({ ip: fields.ip, reason: fields.reason, personalNonce });
  const hash = auditRowHash(fields);
  await tx.insert(auditEvents).values({ ...fields, personalNonce, hash });
  await tx.update(auditChainHeads).set({ lastSeq: fields.chainSeq, lastHash: hash }).where(eq(auditChainHeads.chain, chain));
}

/**
 * Rows hashed before the trail was keyed are verified with plain SHA-256, which anyone can
 * recompute. Appending one keyed row to each such chain seals them: its keyed hash covers the last
 * unkeyed hash, so none of the earlier rows can change without the key. The server calls this only
 * while no checkpoint exists (the first start with a key): after that an unkeyed last row can only
 * be a forgery, and sealing it would vouch for it. Returns the chains it sealed.
 */
export async function sealUnkeyedChains(db: Db, context: RequestContext): Promise<number[]> {
  // One unlocked read first, so an ordinary start (nothing to seal) costs a single query.
  const lasts = await db
    .select({ head: auditChainHeads, last: auditEvents })
    .from(auditChainHeads)
    .innerJoin(auditEvents, and(eq(auditEvents.chain, auditChainHeads.chain), eq(auditEvents.chainSeq, auditChainHeads.lastSeq)));
  const isUnkeyedHead = (head: typeof auditChainHeads.$inferSelect, last: typeof auditEvents.$inferSelect) =>
    // Only a genuine unkeyed head is sealed: anything else is left for verification to report.
    last.hash === head.lastHash && auditRowHash(last) !== last.hash && unkeyedAuditRowHash(last) === last.hash;
  const sealed: number[] = [];
  for (const { head } of lasts.filter(({ head, last }) => isUnkeyedHead(head, last))) {
    const didSeal = await db.transaction(async (tx) => {
      const [locked] = await tx.select().from(auditChainHeads).where(eq(auditChainHeads.chain, head.chain)).for('update');
      const [last] = await tx
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.chain, head.chain), eq(auditEvents.chainSeq, locked?.lastSeq ?? 0)));
      // Another instance starting at the same moment may have sealed it already.
      if (!locked || !last || !isUnkeyedHead(locked, last)) return false;
      await appendToChain(tx as unknown as Db, head.chain, context, { action: 'seal', recordKind: 'audit_chain', recordId: String(head.chain), details: { unkeyedRows: locked.lastSeq } });
      return true;
    });
    if (didSeal) sealed.push(head.chain);
  }
  return sealed;
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
  /** Null for a problem with the checkpoint itself rather than with one chain. */
  chain: number | null;
  /** The position in the chain where it breaks; null when the whole chain or its end is wrong. */
  chainSeq: number | null;
  id: number | null;
  problem: string;
}

/** What a signed checkpoint recorded of each chain: how many rows, and the hash of the last. */
export interface CheckpointedChain {
  chain: number;
  length: number;
  head: string;
  /**
   * The position of the chain's first keyed row when the trail was first checkpointed: rows before
   * it were written before the key (plain SHA-256); every row from it on must be keyed.
   */
  keyedFrom: number;
}

export interface VerifyOptions {
  batchSize?: number;
  /** The latest checkpoint: the database must still hold at least what it recorded, unchanged. */
  checkpoint?: { writtenAt: string; chains: CheckpointedChain[] };
}

export interface VerifyReport {
  ok: boolean;
  rowsChecked: number;
  chains: number;
  /** The earliest broken row of each broken chain, earliest first; then chains that are wrong as a whole. */
  problems: AuditProblem[];
}

/**
 * Walks every chain in sequence, recomputing each keyed hash: catches edited, deleted, inserted
 * and reordered rows, rows re-hashed without the key, a missing chain, and (against the latest
 * checkpoint) rows cut from a chain's end with its head moved back.
 */
export async function verifyAuditTrail(db: Db, options: VerifyOptions = {}): Promise<VerifyReport> {
  // One snapshot for heads and rows, so rows committed while the check runs are not mistaken for
  // rows beyond a head, nor the reverse.
  return db.transaction((tx) => verifyInSnapshot(tx as unknown as Db, options), { isolationLevel: 'repeatable read', accessMode: 'read only' });
}

async function verifyInSnapshot(db: Db, options: VerifyOptions): Promise<VerifyReport> {
  const batchSize = options.batchSize ?? 5000;
  const heads = await db.select().from(auditChainHeads).orderBy(asc(auditChainHeads.chain));
  const redactedIds = await idsNamedByRedactions(db);
  const problems: (AuditProblem & { occurredAt: number })[] = [];
  const whole = (chain: number | null, problem: string) => problems.push({ chain, chainSeq: null, id: null, problem, occurredAt: Infinity });
  const checkpointed = new Map((options.checkpoint?.chains ?? []).map((c) => [c.chain, c]));
  const checkpointName = options.checkpoint ? `the checkpoint of ${options.checkpoint.writtenAt}` : '';
  let rowsChecked = 0;
  const chainNumbers = [...new Set([...Array.from({ length: AUDIT_CHAINS }, (_, i) => i), ...heads.map((h) => h.chain), ...checkpointed.keys()])].sort((a, b) => a - b);
  for (const chain of chainNumbers) {
    const head = heads.find((h) => h.chain === chain);
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    let broken: (AuditProblem & { occurredAt: number }) | null = null;
    let keyedSeen = false;
    let unkeyedRows = 0;
    const mark = checkpointed.get(chain);
    let hashAtMark: string | null = null;
    let after = 0;
    for (;;) {
      const batch = await db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.chain, chain), gt(auditEvents.chainSeq, after)))
        .orderBy(asc(auditEvents.chainSeq))
        .limit(batchSize);
      for (const row of batch) {
        rowsChecked++;
        const at = (problem: string): AuditProblem & { occurredAt: number } => ({ chain, chainSeq: row.chainSeq, id: row.id, problem, occurredAt: row.occurredAt.getTime() });
        if (!broken) {
          if (row.chainSeq !== expectedSeq) broken = at(`row ${expectedSeq} of chain ${chain} is missing (found ${row.chainSeq} next)`);
          else if (row.prevHash !== prevHash) broken = at('row is out of order: it does not follow the row before it');
          else if (auditRowHash(row) === row.hash) {
            keyedSeen = true;
            const personal = personalProblem(row, redactedIds);
            if (personal) broken = at(personal);
          }
          else if (!keyedSeen && (!mark || row.chainSeq < mark.keyedFrom) && unkeyedAuditRowHash(row) === row.hash) unkeyedRows++;
          else broken = at('row content has been changed, or the row was hashed without the audit key');
        }
        if (row.chainSeq === mark?.length) hashAtMark = row.hash;
        expectedSeq = row.chainSeq + 1;
        prevHash = row.hash;
      }
      if (batch.length < batchSize) break;
      after = batch[batch.length - 1]!.chainSeq;
    }
    const length = expectedSeq - 1;
    if (broken) problems.push(broken);
    if (!head && length === 0) {
      whole(chain, `chain ${chain} is missing: its head and all its rows are gone${mark ? ` (${checkpointName} recorded ${mark.length} rows)` : ''}`);
      continue;
    }
    if (!head) whole(chain, `the head of chain ${chain} is missing`);
    else if (!broken && (head.lastSeq !== length || head.lastHash !== prevHash)) whole(chain, `the last rows of chain ${chain} have been removed`);
    else if (!broken && !mark && unkeyedRows > 0 && !keyedSeen) {
      // Anyone can compute plain SHA-256: unkeyed rows count only once a keyed row or a checkpoint vouches for them.
      whole(chain, `chain ${chain} has only rows hashed without the audit key, and no keyed row or checkpoint vouches for them`);
    }
    if (mark) {
      if (length < mark.length) whole(chain, `chain ${chain} has ${length} rows but ${checkpointName} recorded ${mark.length}: rows have been removed from its end`);
      else if (mark.length > 0 && hashAtMark !== mark.head) whole(chain, `row ${mark.length} of chain ${chain} is not the one ${checkpointName} recorded: the chain has been rewritten`);
    }
  }
  if (options.checkpoint) {
    for (const head of heads) if (!checkpointed.has(head.chain)) whole(head.chain, `chain ${head.chain} is not in ${checkpointName}`);
  }
  problems.sort((a, b) => a.occurredAt - b.occurredAt);
  return {
    ok: problems.length === 0,
    rowsChecked,
    chains: heads.length,
    problems: problems.map(({ occurredAt: _occurredAt, ...p }) => p),
  };
}

/** The rows every `redact` row in the trail says it redacted (only rows the chain vouches for count: a forged `redact` row breaks its own chain). */
async function idsNamedByRedactions(db: Db): Promise<Set<number>> {
  const found = await db.select({ details: auditEvents.details }).from(auditEvents).where(eq(auditEvents.action, 'redact'));
  const ids = new Set<number>();
  for (const { details } of found) for (const id of (details?.redactedEvents as unknown[] | undefined) ?? []) if (typeof id === 'number') ids.add(id);
  return ids;
}

/**
 * For a redactable row whose hash has checked out: its personal fields must still match the digest
 * the hash covers, or have been redacted by a redaction the trail records.
 */
function personalProblem(row: typeof auditEvents.$inferSelect, redactedIds: Set<number>): string | null {
  if (row.personalDigest === null) return null;
  if (row.redactedAt !== null) {
    if (row.ip !== null || row.reason !== null || row.personalNonce !== null) return 'row is marked redacted but still holds personal details';
    return redactedIds.has(row.id) ? null : 'personal details of the row were removed, but no redaction in the trail names it';
  }
  return personalDigestOf(row) === row.personalDigest ? null : "row's IP address or reason has been changed";
}

/**
 * Redacts the personal fields (IP address, written reason) of audit rows inside the caller's
 * transaction, and appends the tombstone: one `redact` row naming every row redacted, so
 * verification accepts exactly those. Rows written before redactable rows existed (no digest) are
 * left whole and counted: their hash covers the fields themselves. Call it last in the transaction.
 */
export async function redactAuditRows(tx: Db, context: RequestContext, ids: number[], entry: Omit<AuditEntry, 'action'>): Promise<{ redacted: number; notRedactable: number }> {
  const unique = [...new Set(ids)];
  let redacted: number[] = [];
  if (unique.length) {
    const updated = await rows<{ id: number | string }>(tx, sql`update audit_events set ip = null, reason = null, personal_nonce = null, redacted_at = ${now().toISOString()}::timestamptz
      where id in (${sql.join(unique.map((id) => sql`${id}`), sql`, `)}) and personal_digest is not null and redacted_at is null returning id`);
    redacted = updated.map((r) => Number(r.id)).sort((a, b) => a - b);
  }
  const notRedactable = unique.length - redacted.length;
  await writeAudit(tx, context, { ...entry, action: 'redact', details: { ...entry.details, redactedEvents: redacted, notRedactable } });
  return { redacted: redacted.length, notRedactable };
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

/**
 * Retention reviews: the job makes a batch of what each area's schedule says is due; the
 * coordinator decides each item (keep, with a reason and the next review date, or erase) and
 * confirms the batch, which erases in one transaction with a tombstone per record in the audit
 * trail. A legal hold or an open panel item refuses erasure: nothing is erased and the attempt is
 * audited.
 */
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { auditedCommand, redactAuditRows, writeAudit, type RequestContext } from '../../platform/audit/audit.ts';
import { rows, type Db } from '../../platform/db/database.ts';
import { areaSettings } from '../../platform/auth/area-settings.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { fail, succeed, type Outcome } from '../../platform/outcome.ts';
import { addDays, isIsoDate, londonToday, now } from '../../platform/time.ts';
import { RETENTION_KINDS, retentionKind, type DueRecord } from './kinds.ts';
import { retentionSettingsFrom } from './settings.ts';
import { legalHolds, retentionBatches, retentionItems } from './tables.ts';

export const batchReference = (n: number) => `R-${n}`;
const MAX_REASON = 2000;

/** Finds what is due in one area and, if anything is, makes a batch of it. Returns the batch's id, or null. */
export async function makeDueBatch(db: Db, context: RequestContext, areaId: string, at: Date = now()): Promise<{ id: string; number: number; items: number } | null> {
  const periods = retentionSettingsFrom(await areaSettings(db, areaId));
  const today = londonToday(at);
  const found: { kind: string; due: DueRecord }[] = [];
  for (const kind of RETENTION_KINDS) for (const due of await kind.due(db, areaId, periods, today)) found.push({ kind: kind.kind, due });
  if (!found.length) return null;
  const byKind: Record<string, number> = {};
  for (const f of found) byKind[f.kind] = (byKind[f.kind] ?? 0) + 1;
  return auditedCommand<{ id: string; number: number; items: number }>(
    db,
    context,
    (batch) => ({ action: 'create', recordKind: 'retention_batch', recordId: batch.id, details: { items: found.length, byKind } }),
    async (tx) => {
      const [batch] = await tx.insert(retentionBatches).values({ areaId, createdAt: at }).returning({ id: retentionBatches.id, number: retentionBatches.number });
      await tx.insert(retentionItems).values(
        found.map(({ kind, due }) => ({ batchId: batch!.id, areaId, recordKind: kind, recordId: due.recordId, reference: due.reference, dueOn: due.dueOn, rule: due.rule, facts: due.facts })),
      );
      return { id: batch!.id, number: batch!.number, items: found.length };
    },
  );
}

/** The job's run: a batch for each area with something due. */
export async function makeDueBatches(db: Db, at: Date): Promise<number> {
  const areaIds = await rows<{ id: string }>(db, sql`select id from areas order by created_at`);
  let made = 0;
  for (const { id } of areaIds) if (await makeDueBatch(db, { actor: null, ip: null, requestId: `retention-${id}` }, id, at)) made++;
  return made;
}

export async function batchesOf(db: Db, areaId: string) {
  return db
    .select({
      id: retentionBatches.id,
      number: retentionBatches.number,
      status: retentionBatches.status,
      createdAt: retentionBatches.createdAt,
      confirmedAt: retentionBatches.confirmedAt,
      items: sql<number>`(select count(*)::int from retention_items i where i.batch_id = "retention_batches"."id")`,
      undecided: sql<number>`(select count(*)::int from retention_items i where i.batch_id = "retention_batches"."id" and i.decision is null)`,
    })
    .from(retentionBatches)
    .where(eq(retentionBatches.areaId, areaId))
    .orderBy(desc(retentionBatches.number))
    .limit(100);
}

/** Items waiting for a decision in the area's open batches, and the oldest batch's date (the coordinator's worklist). */
export async function awaitingReview(db: Db, areaId: string): Promise<{ count: number; oldest: Date | null }> {
  const [row] = await rows<{ n: number; oldest: string | null }>(
    db,
    sql`select count(*)::int as n, min(b.created_at) as oldest from retention_items i join retention_batches b on b.id = i.batch_id
        where b.area_id = ${areaId} and b.status = 'open' and i.decision is null`,
  );
  return { count: row?.n ?? 0, oldest: row?.oldest ? new Date(row.oldest) : null };
}

/** Legal holds in force, by record. */
async function holdsOn(db: Db, records: { recordKind: string; recordId: string }[]) {
  if (!records.length) return new Map<string, { reason: string }>();
  const found = await db
    .select({ recordKind: legalHolds.recordKind, recordId: legalHolds.recordId, reason: legalHolds.reason })
    .from(legalHolds)
    .where(and(isNull(legalHolds.liftedAt), inArray(legalHolds.recordId, records.map((r) => r.recordId))));
  return new Map(found.map((h) => [`${h.recordKind}:${h.recordId}`, { reason: h.reason }]));
}

export async function batchInArea(db: Db, areaId: string, batchId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(batchId)) return null;
  const [batch] = await db.select().from(retentionBatches).where(and(eq(retentionBatches.id, batchId), eq(retentionBatches.areaId, areaId)));
  if (!batch) return null;
  const items = await db.select().from(retentionItems).where(eq(retentionItems.batchId, batch.id)).orderBy(asc(retentionItems.recordKind), asc(retentionItems.reference));
  const holds = await holdsOn(db, items);
  return {
    batch,
    items: items.map((item) => ({ ...item, kindLabel: retentionKind(item.recordKind)?.label ?? item.recordKind, held: holds.has(`${item.recordKind}:${item.recordId}`) })),
  };
}

/** Why a record may not be erased now: a legal hold, or what its kind says (an open panel item). */
async function erasureBlocker(tx: Db, recordKind: string, recordId: string): Promise<string | null> {
  const held = await holdsOn(tx, [{ recordKind, recordId }]);
  if (held.has(`${recordKind}:${recordId}`)) return 'is under a legal hold: lift the hold first, or keep the record';
  return (await retentionKind(recordKind)?.blocker?.(tx, recordId)) ?? null;
}

/** An audited refusal of an erasure, in its own transaction (the refused command wrote nothing). */
async function auditRefusal(db: Db, context: RequestContext, recordKind: string, recordId: string, why: string, batchId: string) {
  await db.transaction(async (tx) => writeAudit(tx as unknown as Db, context, { action: 'erase', recordKind, recordId, outcome: 'denied', details: { batchId, refused: why.startsWith('is under a legal hold') ? 'legal_hold' : 'open_panel_item' } }));
}

export interface DecisionInput {
  decision?: string;
  reason?: string;
  /** YYYY-MM-DD. */
  nextReviewOn?: string | null;
  /** Set when the review date could not be read as a date (the page's message). */
  nextReviewError?: string;
}

/** Records the coordinator's decision on one item of an open batch. */
export async function decideItem(db: Db, context: RequestContext, user: SignedInUser, batchId: string, itemId: string, input: DecisionInput): Promise<Outcome<{ reference: string }>> {
  const found = await batchInArea(db, user.areaId, batchId);
  const item = found?.items.find((i) => i.id === itemId);
  if (!found || !item) return fail('not_found');
  if (found.batch.status !== 'open') return fail('conflict', { decision: `Batch ${batchReference(found.batch.number)} has been confirmed: its decisions cannot change` });
  const errors: Record<string, string> = {};
  const reason = (input.reason ?? '').trim();
  const today = londonToday(now());
  if (input.decision !== 'keep' && input.decision !== 'erase') errors.decision = 'Choose whether to keep or erase this record';
  if (input.decision === 'keep') {
    if (!reason) errors.reason = 'Enter why the record is being kept';
    else if (reason.length > MAX_REASON) errors.reason = `The reason must be ${MAX_REASON} characters or fewer`;
    if (input.nextReviewError) errors.nextReviewOn = input.nextReviewError;
    else if (!input.nextReviewOn) errors.nextReviewOn = 'Enter when the record should next be reviewed';
    else if (!isIsoDate(input.nextReviewOn)) errors.nextReviewOn = 'The next review must be a real date';
    else if (input.nextReviewOn <= today) errors.nextReviewOn = 'The next review must be in the future';
    else if (input.nextReviewOn > addDays(today, 366 * 10)) errors.nextReviewOn = 'The next review must be within ten years';
  }
  if (Object.keys(errors).length) return fail('invalid', errors);
  if (input.decision === 'erase') {
    const blocker = await erasureBlocker(db, item.recordKind, item.recordId);
    if (blocker) {
      await auditRefusal(db, context, item.recordKind, item.recordId, blocker, batchId);
      return fail('conflict', { decision: `${item.reference} ${blocker}. Nothing has been erased` });
    }
  }
  const keep = input.decision === 'keep';
  await auditedCommand(db, context, { action: 'update', recordKind: 'retention_item', recordId: item.id, details: { batchId, decision: input.decision, recordKind: item.recordKind, recordId: item.recordId, ...(keep ? { nextReviewOn: input.nextReviewOn } : {}) } }, (tx) =>
    tx
      .update(retentionItems)
      .set({ decision: input.decision, keepReason: keep ? reason : null, nextReviewOn: keep ? input.nextReviewOn : null, decidedByUserId: user.userId, decidedAt: now() })
      .where(eq(retentionItems.id, item.id)),
  );
  return succeed({ reference: item.reference });
}

/**
 * Confirms a batch whose every item is decided: erases what was chosen for erasure (each with its
 * tombstone, and its audit rows' personal details redacted) and closes the batch, all in one
 * transaction. Refuses, erasing nothing, if any record to erase is held or has an open panel item.
 */
export async function confirmBatch(db: Db, context: RequestContext, user: SignedInUser, batchId: string): Promise<Outcome<{ erased: number; kept: number }>> {
  const found = await batchInArea(db, user.areaId, batchId);
  if (!found) return fail('not_found');
  const reference = batchReference(found.batch.number);
  if (found.batch.status !== 'open') return fail('conflict', { batch: `Batch ${reference} has already been confirmed` });
  const undecided = found.items.filter((i) => !i.decision);
  if (undecided.length) return fail('invalid', { batch: `Decide every item before confirming: ${undecided.length} of ${found.items.length} still to decide (${undecided.slice(0, 5).map((i) => i.reference).join(', ')}${undecided.length > 5 ? '…' : ''})` });
  const toErase = found.items.filter((i) => i.decision === 'erase');
  const blocked: string[] = [];
  for (const item of toErase) {
    const blocker = await erasureBlocker(db, item.recordKind, item.recordId);
    if (blocker) {
      blocked.push(`${item.reference} ${blocker}`);
      await auditRefusal(db, context, item.recordKind, item.recordId, blocker, batchId);
    }
  }
  if (blocked.length) return fail('conflict', { batch: `Nothing has been erased. ${blocked.join('. ')}` });
  const at = now();
  await db.transaction(async (txn) => {
    const tx = txn as unknown as Db;
    const [locked] = await tx.select({ status: retentionBatches.status }).from(retentionBatches).where(eq(retentionBatches.id, found.batch.id)).for('update');
    if (locked?.status !== 'open') throw new Error('batch confirmed twice');
    for (const item of toErase) {
      const kind = retentionKind(item.recordKind);
      if (!kind) continue;
      // Checked again inside the transaction: a hold set since the check above still wins.
      if (await erasureBlocker(tx, item.recordKind, item.recordId)) throw new Error('erasure blocked during confirmation');
      const counts = await kind.erase(tx, item.areaId, item.recordId, at);
      const auditIds = (await kind.auditRows?.(tx, item.areaId, item.recordId)) ?? [];
      const redaction = auditIds.length ? await redactAuditRows(tx, context, auditIds, { recordKind: item.recordKind, recordId: item.recordId, details: { batchId } }) : { redacted: 0, notRedactable: 0 };
      await writeAudit(tx, context, { action: 'erase', recordKind: item.recordKind, recordId: item.recordId, details: { batchId, rule: item.rule, ...counts, auditRowsRedacted: redaction.redacted, auditRowsNotRedactable: redaction.notRedactable } });
    }
    for (const item of found.items) await tx.update(retentionItems).set({ outcome: item.decision === 'erase' ? 'erased' : 'kept' }).where(eq(retentionItems.id, item.id));
    await tx.update(retentionBatches).set({ status: 'confirmed', confirmedAt: at, confirmedByUserId: user.userId }).where(eq(retentionBatches.id, found.batch.id));
    await writeAudit(tx, context, { action: 'update', recordKind: 'retention_batch', recordId: found.batch.id, details: { confirmed: true, erased: toErase.length, kept: found.items.length - toErase.length } });
  });
  return succeed({ erased: toErase.length, kept: found.items.length - toErase.length });
}

// ---- Legal holds ----

const REFERENCE_KINDS: Record<string, { kind: string; table: string }> = {
  YP: { kind: 'young_person', table: 'young_people' },
  C: { kind: 'concern', table: 'concerns' },
  A: { kind: 'adult_of_concern', table: 'adults_of_concern' },
  I: { kind: 'intelligence_entry', table: 'intelligence_entries' },
};

export async function holdsOf(db: Db, areaId: string) {
  return db.select().from(legalHolds).where(eq(legalHolds.areaId, areaId)).orderBy(sql`${legalHolds.liftedAt} is not null`, desc(legalHolds.setAt)).limit(200);
}

export interface HoldInput {
  reference?: string;
  reason?: string;
}

/** Puts a record of the area (by its reference: YP-3, C-10, A-2, I-7) under a legal hold. */
export async function setLegalHold(db: Db, context: RequestContext, user: SignedInUser, input: HoldInput): Promise<Outcome<{ id: string; reference: string }>> {
  const errors: Record<string, string> = {};
  const typed = (input.reference ?? '').trim().toUpperCase().replace(/\s+/g, '');
  const reason = (input.reason ?? '').trim();
  const match = /^(YP|C|A|I)-?(\d{1,12})$/.exec(typed);
  if (!typed) errors.reference = 'Enter the reference of the record to hold, like YP-12';
  else if (!match) errors.reference = 'Enter a reference like YP-12, C-40, A-3 or I-7';
  if (!reason) errors.reason = 'Enter why the record must be held';
  else if (reason.length > MAX_REASON) errors.reason = `The reason must be ${MAX_REASON} characters or fewer`;
  if (Object.keys(errors).length || !match) return fail('invalid', errors);
  const target = REFERENCE_KINDS[match[1]!]!;
  const reference = `${match[1]}-${Number(match[2])}`;
  const [record] = await rows<{ id: string }>(db, sql`select id from ${sql.identifier(target.table)} where number = ${Number(match[2])} and area_id = ${user.areaId}`);
  if (!record) return fail('invalid', { reference: `There is no record ${reference} in your area` });
  const [existing] = await db.select({ id: legalHolds.id }).from(legalHolds).where(and(eq(legalHolds.recordKind, target.kind), eq(legalHolds.recordId, record.id), isNull(legalHolds.liftedAt)));
  if (existing) return fail('invalid', { reference: `${reference} is already under a legal hold` });
  const hold = await auditedCommand<{ id: string }>(db, context, (h) => ({ action: 'create', recordKind: 'legal_hold', recordId: h.id, details: { recordKind: target.kind, recordId: record.id } }), async (tx) => {
    const [row] = await tx.insert(legalHolds).values({ areaId: user.areaId, recordKind: target.kind, recordId: record.id, reference, reason, setAt: now(), setByUserId: user.userId }).returning({ id: legalHolds.id });
    return row!;
  });
  return succeed({ id: hold.id, reference });
}

export async function liftLegalHold(db: Db, context: RequestContext, user: SignedInUser, holdId: string, input: { reason?: string }): Promise<Outcome<{ reference: string }>> {
  if (!/^[0-9a-f-]{36}$/i.test(holdId)) return fail('not_found');
  const [hold] = await db.select().from(legalHolds).where(and(eq(legalHolds.id, holdId), eq(legalHolds.areaId, user.areaId)));
  if (!hold) return fail('not_found');
  if (hold.liftedAt) return fail('conflict', { liftReason: `The hold on ${hold.reference} has already been lifted` });
  const reason = (input.reason ?? '').trim();
  if (!reason) return fail('invalid', { liftReason: 'Enter why the hold is being lifted' });
  if (reason.length > MAX_REASON) return fail('invalid', { liftReason: `The reason must be ${MAX_REASON} characters or fewer` });
  await auditedCommand(db, context, { action: 'update', recordKind: 'legal_hold', recordId: hold.id, details: { lifted: true, recordKind: hold.recordKind, recordId: hold.recordId } }, (tx) =>
    tx.update(legalHolds).set({ liftedAt: now(), liftedByUserId: user.userId, liftReason: reason }).where(eq(legalHolds.id, hold.id)),
  );
  return succeed({ reference: hold.reference });
}

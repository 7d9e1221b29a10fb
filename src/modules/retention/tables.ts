import { sql } from 'drizzle-orm';
import { bigserial, check, date, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { areas, users } from '../organisation/tables.ts';

/**
 * A set of records the retention job found due for review in one area at one time (R-<number>).
 * Open until the coordinator has decided every item and confirmed it; confirming erases what they
 * chose to erase and sets the next review of what they kept.
 */
export const retentionBatches = pgTable(
  'retention_batches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: bigserial('number', { mode: 'number' }).notNull().unique(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** open, confirmed. */
    status: text('status').notNull().default('open'),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    confirmedByUserId: uuid('confirmed_by_user_id').references(() => users.id),
  },
  (t) => [index('retention_batches_area_idx').on(t.areaId, t.status), check('retention_batches_status', sql`${t.status} in ('open', 'confirmed')`)],
);

/**
 * One record due for review. `recordKind` is the kind the audit trail uses (young_person, concern,
 * adult_of_concern, intelligence_entry, feedback_message, audit_personal); for audit_personal the
 * "record" is every audit row of the area before `cutoff` still holding an IP address or reason.
 * No names: the page shows the record's reference and why it is due.
 */
export const retentionItems = pgTable(
  'retention_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    batchId: uuid('batch_id').notNull().references(() => retentionBatches.id),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    recordKind: text('record_kind').notNull(),
    recordId: text('record_id').notNull(),
    reference: text('reference').notNull(),
    /** The date the schedule made it due, and which rule (a settings key). */
    dueOn: date('due_on').notNull(),
    rule: text('rule').notNull(),
    /** Non-personal facts for the reviewer (counts, grades, the audit cut-off). */
    facts: jsonb('facts').$type<Record<string, string | number>>().notNull().default({}),
    /** keep or erase; null until the coordinator decides. */
    decision: text('decision'),
    /** Why it is kept (required with keep). */
    keepReason: text('keep_reason'),
    /** When a kept record is next reviewed. */
    nextReviewOn: date('next_review_on'),
    decidedByUserId: uuid('decided_by_user_id').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    /** Set when the batch is confirmed: kept or erased. */
    outcome: text('outcome'),
  },
  (t) => [
    index('retention_items_batch_idx').on(t.batchId),
    index('retention_items_record_idx').on(t.recordKind, t.recordId),
    check('retention_items_decision', sql`${t.decision} is null or ${t.decision} in ('keep', 'erase')`),
    check('retention_items_keep_has_reason', sql`${t.decision} is distinct from 'keep' or (${t.keepReason} is not null and ${t.nextReviewOn} is not null)`),
  ],
);

/**
 * A record that must not be erased whatever its schedule says (litigation, an inquiry, a police
 * request), set and lifted by the coordinator with reasons. One hold in force per record.
 */
export const legalHolds = pgTable(
  'legal_holds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    recordKind: text('record_kind').notNull(),
    recordId: text('record_id').notNull(),
    reference: text('reference').notNull(),
    reason: text('reason').notNull(),
    setAt: timestamp('set_at', { withTimezone: true }).notNull(),
    setByUserId: uuid('set_by_user_id').notNull().references(() => users.id),
    liftedAt: timestamp('lifted_at', { withTimezone: true }),
    liftedByUserId: uuid('lifted_by_user_id').references(() => users.id),
    liftReason: text('lift_reason'),
  },
  (t) => [uniqueIndex('legal_holds_one_in_force').on(t.recordKind, t.recordId).where(sql`${t.liftedAt} is null`), index('legal_holds_area_idx').on(t.areaId, t.liftedAt)],
);

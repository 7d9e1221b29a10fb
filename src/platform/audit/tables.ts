import { bigint, bigserial, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

/**
 * The audit trail. Append-only (a trigger refuses UPDATE and DELETE) and tamper-evident: rows are
 * spread over a fixed number of hash chains, each row carrying the hash of the previous row in its
 * chain, so unrelated requests lock different chain heads instead of queueing on one.
 * No foreign keys: the trail must outlive anything it mentions.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    chain: integer('chain').notNull(),
    chainSeq: bigint('chain_seq', { mode: 'number' }).notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 3 }).notNull(),
    actorUserId: uuid('actor_user_id'),
    actorAgencyId: uuid('actor_agency_id'),
    actorRole: text('actor_role'),
    areaId: uuid('area_id'),
    action: text('action').notNull(),
    recordKind: text('record_kind'),
    recordId: text('record_id'),
    outcome: text('outcome').notNull(),
    ip: text('ip'),
    requestId: text('request_id'),
    reason: text('reason'),
    details: jsonb('details').$type<Record<string, unknown>>(),
    /**
     * Rows written since retention (decision "audit redaction"): the keyed hash of `ip`, `reason`
     * and `personalNonce`. The row's own hash covers this digest instead of those fields, so they
     * can be redacted (set to null, with `redactedAt`) while the chain still verifies. Null on
     * older rows, whose hash covers `ip` and `reason` themselves and which cannot be redacted.
     */
    personalDigest: text('personal_digest'),
    /** A random value mixed into the digest, so a redacted IP address or reason cannot be guessed back from it; cleared on redaction. */
    personalNonce: text('personal_nonce'),
    /** When `ip`, `reason` and the nonce were redacted; a `redact` row in the trail names this row. */
    redactedAt: timestamp('redacted_at', { withTimezone: true, precision: 3 }),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    unique('audit_events_chain_seq_key').on(t.chain, t.chainSeq),
    index('audit_events_record_idx').on(t.recordKind, t.recordId, t.occurredAt),
    index('audit_events_actor_idx').on(t.actorUserId, t.occurredAt),
    index('audit_events_area_time_idx').on(t.areaId, t.occurredAt),
  ],
);

/**
 * The head of each chain: its last sequence number and hash. Locking one row serialises one chain only.
 * A trigger lets a head only move forward (never back, never deleted).
 */
export const auditChainHeads = pgTable('audit_chain_heads', {
  chain: integer('chain').primaryKey(),
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
  lastHash: text('last_hash').notNull(),
});

import { bigserial, date, index, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { areas, users } from '../organisation/tables.ts';
import { youngPeople } from '../young-people/tables.ts';

/**
 * A restriction of a young person's record while a dispute about it is resolved (UK GDPR article
 * 18): the record is kept but, while `lifted_at` is null, only the coordinator and the data
 * protection officer see it. The young-people policy reads this table by name (policy.ts).
 */
export const recordRestrictions = pgTable(
  'record_restrictions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    youngPersonId: uuid('young_person_id').notNull().references(() => youngPeople.id),
    reason: text('reason').notNull(),
    reviewOn: date('review_on').notNull(),
    restrictedByUserId: uuid('restricted_by_user_id').notNull().references(() => users.id),
    restrictedAt: timestamp('restricted_at', { withTimezone: true }).notNull(),
    liftedAt: timestamp('lifted_at', { withTimezone: true }),
    liftedByUserId: uuid('lifted_by_user_id').references(() => users.id),
    liftReason: text('lift_reason'),
  },
  (t) => [index('record_restrictions_yp_idx').on(t.youngPersonId, t.liftedAt)],
);

/** A correction of one field of a young person's details: the old value is kept, with who changed it and why. */
export const recordCorrections = pgTable(
  'record_corrections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    youngPersonId: uuid('young_person_id').notNull().references(() => youngPeople.id),
    field: text('field').notNull(),
    oldValue: text('old_value'),
    newValue: text('new_value'),
    reason: text('reason').notNull(),
    correctedByUserId: uuid('corrected_by_user_id').notNull().references(() => users.id),
    correctedAt: timestamp('corrected_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('record_corrections_yp_idx').on(t.youngPersonId, t.correctedAt)],
);

/** A subject-access request about a young person: received on a day, answered within a month. */
export const subjectAccessRequests = pgTable(
  'subject_access_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Shown as SAR-<number>. */
    number: bigserial('number', { mode: 'number' }).notNull().unique(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    youngPersonId: uuid('young_person_id').notNull().references(() => youngPeople.id),
    /** Who asked (the young person, or someone acting for them), as they gave it. */
    requester: text('requester').notNull(),
    receivedOn: date('received_on').notNull(),
    dueOn: date('due_on').notNull(),
    openedByUserId: uuid('opened_by_user_id').notNull().references(() => users.id),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    /** Set when the answer was sent; the deadline then leaves the worklist. */
    completedAt: timestamp('completed_at', { withTimezone: true }),
    completedByUserId: uuid('completed_by_user_id').references(() => users.id),
  },
  (t) => [index('subject_access_requests_area_idx').on(t.areaId, t.completedAt, t.dueOn)],
);

/**
 * A third party's name or identifier found in what a request would disclose. Redacted unless the
 * data protection officer releases it; `item_key` says where it is (`concern:<id>`).
 */
export const subjectAccessRedactions = pgTable(
  'subject_access_redactions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id').notNull().references(() => subjectAccessRequests.id),
    itemKey: text('item_key').notNull(),
    location: text('location').notNull(),
    kind: text('kind').notNull(),
    value: text('value').notNull(),
    /** 'redacted' (the default), 'confirmed' (reviewed and kept out) or 'released'. */
    status: text('status').notNull().default('redacted'),
    decidedByUserId: uuid('decided_by_user_id').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [unique('subject_access_redactions_key').on(t.requestId, t.itemKey, t.value)],
);

/** An item held back from a request under an exemption, with the reason. */
export const subjectAccessExemptions = pgTable(
  'subject_access_exemptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id').notNull().references(() => subjectAccessRequests.id),
    itemKey: text('item_key').notNull(),
    location: text('location').notNull(),
    exemption: text('exemption').notNull(),
    reason: text('reason').notNull(),
    recordedByUserId: uuid('recorded_by_user_id').notNull().references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [unique('subject_access_exemptions_key').on(t.requestId, t.itemKey)],
);

/** A decision to move information about a young person out of Lantern, with its lawful basis and who decided. */
export const sharingDecisions = pgTable(
  'sharing_decisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    youngPersonId: uuid('young_person_id').notNull().references(() => youngPeople.id),
    /** What moved: a concern shared with an agency, a case pack issued, a transfer, a subject-access answer. */
    kind: text('kind').notNull(),
    /** Who received it (an agency's name, or "the requester"). */
    recipient: text('recipient').notNull(),
    basis: text('basis').notNull(),
    /** A reference of what moved (C-12, SAR-3); never a name. */
    reference: text('reference'),
    decidedByUserId: uuid('decided_by_user_id').notNull().references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sharing_decisions_area_idx').on(t.areaId, t.decidedAt), index('sharing_decisions_yp_idx').on(t.youngPersonId)],
);

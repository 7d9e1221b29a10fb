/**
 * The database side of the cross-referencing engine.
 *
 * - linkage_keys: every young person's blocking keys (see blocking.ts), one row per key, so
 *   finding candidates for a new person is a union of indexed equality look-ups. Derived data,
 *   rebuilt from young_people at any time, so it carries no foreign keys (bulk writes stay cheap).
 * - linkage_models: one fitted Fellegi–Sunter model per area, estimated from the area's records.
 * - linkage_pairs: pairs of records in an area that the model thinks may be one young person
 *   (at or above the area's review threshold), for the coordinator's "Possible duplicates" list.
 * - linkage_decisions: pairs a coordinator has said are not the same person (remembered).
 * - young_person_merges: each merge, with exactly which rows moved, so it can be undone.
 */
import { sql } from 'drizzle-orm';
import { bigserial, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { areas, users } from '../organisation/tables.ts';
import { youngPeople } from '../young-people/tables.ts';
import type { StoredLinkageModel } from './area-model.ts';
import type { MergeMoves } from './merge.ts';

export const linkageKeys = pgTable(
  'linkage_keys',
  {
    areaId: uuid('area_id').notNull(),
    key: text('key').notNull(),
    youngPersonId: uuid('young_person_id').notNull(),
  },
  (t) => [primaryKey({ name: 'linkage_keys_pkey', columns: [t.areaId, t.key, t.youngPersonId] }), index('linkage_keys_yp_idx').on(t.youngPersonId)],
);

export const linkageModels = pgTable('linkage_models', {
  areaId: uuid('area_id')
    .primaryKey()
    .references(() => areas.id),
  model: jsonb('model').$type<StoredLinkageModel>().notNull(),
  trainedAt: timestamp('trained_at', { withTimezone: true }).notNull(),
  /** Records of the area the model was estimated from (not counting any synthetic top-up). */
  recordCount: integer('record_count').notNull(),
  trainingMs: integer('training_ms').notNull(),
  /** Records changed after this moment have not yet been matched for the duplicates list. */
  pairsRefreshedAt: timestamp('pairs_refreshed_at', { withTimezone: true }).notNull(),
});

export const linkagePairs = pgTable(
  'linkage_pairs',
  {
    areaId: uuid('area_id').notNull(),
    /** The two records, the smaller id first. */
    youngPersonA: uuid('young_person_a').notNull(),
    youngPersonB: uuid('young_person_b').notNull(),
    matchProbability: doublePrecision('match_probability').notNull(),
    matchWeight: doublePrecision('match_weight').notNull(),
    foundAt: timestamp('found_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'linkage_pairs_pkey', columns: [t.youngPersonA, t.youngPersonB] }),
    index('linkage_pairs_area_idx').on(t.areaId, t.matchWeight),
    index('linkage_pairs_b_idx').on(t.youngPersonB),
  ],
);

export const linkageDecisions = pgTable(
  'linkage_decisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    areaId: uuid('area_id')
      .notNull()
      .references(() => areas.id),
    youngPersonA: uuid('young_person_a')
      .notNull()
      .references(() => youngPeople.id),
    youngPersonB: uuid('young_person_b')
      .notNull()
      .references(() => youngPeople.id),
    /** Only 'not_same_person' for now. */
    decision: text('decision').notNull(),
    decidedByUserId: uuid('decided_by_user_id').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('linkage_decisions_pair_key').on(t.youngPersonA, t.youngPersonB), index('linkage_decisions_area_idx').on(t.areaId, t.decidedAt)],
);

export const youngPersonMerges = pgTable(
  'young_person_merges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** A short number for the merge, shown as M-<number>. */
    number: bigserial('number', { mode: 'number' }).notNull().unique(),
    areaId: uuid('area_id')
      .notNull()
      .references(() => areas.id),
    survivingId: uuid('surviving_id')
      .notNull()
      .references(() => youngPeople.id),
    absorbedId: uuid('absorbed_id')
      .notNull()
      .references(() => youngPeople.id),
    /** Probability the model gave the pair when it was merged (null when it was not a candidate). */
    matchProbability: doublePrecision('match_probability'),
    /** Exactly which rows moved and which other names were added: undo moves these back. */
    moved: jsonb('moved').$type<MergeMoves>().notNull(),
    mergedByUserId: uuid('merged_by_user_id').references(() => users.id),
    mergedAt: timestamp('merged_at', { withTimezone: true }).notNull().defaultNow(),
    undoneAt: timestamp('undone_at', { withTimezone: true }),
    undoneByUserId: uuid('undone_by_user_id').references(() => users.id),
    /** What the undo found and moved back (counts per kind), for the record of it. */
    restored: jsonb('restored').$type<Record<string, number>>(),
  },
  (t) => [
    index('young_person_merges_area_idx').on(t.areaId, t.mergedAt),
    index('young_person_merges_absorbed_idx').on(t.absorbedId),
    index('young_person_merges_surviving_idx').on(t.survivingId),
    // At most one live merge per absorbed record.
    uniqueIndex('young_person_merges_live_key').on(t.absorbedId).where(sql`${t.undoneAt} is null`),
  ],
);

import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { areas, users } from '../organisation/tables.ts';
import { youngPeople } from '../young-people/tables.ts';

/** Emergency access to a record the user has no need-to-know path to; always reviewed by a coordinator. */
export const breakGlassAccesses = pgTable(
  'break_glass_accesses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    userId: uuid('user_id').notNull().references(() => users.id),
    youngPersonId: uuid('young_person_id').notNull().references(() => youngPeople.id),
    reason: text('reason').notNull(),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewedByUserId: uuid('reviewed_by_user_id').references(() => users.id),
    reviewOutcome: text('review_outcome'),
    reviewNote: text('review_note'),
  },
  (t) => [index('break_glass_user_idx').on(t.userId, t.youngPersonId, t.expiresAt), index('break_glass_review_idx').on(t.areaId, t.reviewedAt)],
);

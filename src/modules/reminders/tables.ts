import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { areas } from '../organisation/tables.ts';

/**
 * Every reminder Lantern has sent, one row per deadline and kind of reminder. The unique key is
 * what makes each reminder go once: across restarts, and across instances sharing the database.
 */
export const remindersSent = pgTable(
  'reminders_sent',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    /** The deadline's kind, as its module names it (`return_interview`). */
    deadlineKind: text('deadline_kind').notNull(),
    /** The record whose deadline it is. */
    deadlineId: uuid('deadline_id').notNull(),
    /** When it was due: a deadline moved later is a new deadline, reminded of again. */
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    /** 'due_soon' or 'overdue'. */
    reminderKind: text('reminder_kind').notNull(),
    recipients: integer('recipients').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('reminders_sent_once').on(t.deadlineKind, t.deadlineId, t.dueAt, t.reminderKind), index('reminders_sent_area_idx').on(t.areaId, t.sentAt)],
);

import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One row per scheduled job (decision record 0019): when it may next run and, while an instance is
 * running it, until when that instance holds it. Every Lantern instance sharing the database ticks;
 * the row lock (FOR UPDATE SKIP LOCKED) and the lease make sure one of them runs each job at a time.
 */
export const scheduledJobs = pgTable('scheduled_jobs', {
  name: text('name').primaryKey(),
  runAfter: timestamp('run_after', { withTimezone: true }).notNull(),
  /** Set while an instance runs the job; a crashed instance's lease simply runs out. */
  leasedUntil: timestamp('leased_until', { withTimezone: true }),
  lastStartedAt: timestamp('last_started_at', { withTimezone: true }),
  lastFinishedAt: timestamp('last_finished_at', { withTimezone: true }),
  /** An error code or class name from the last failed run, never a message that might carry data. */
  lastFailure: text('last_failure'),
  runs: integer('runs').notNull().default(0),
});

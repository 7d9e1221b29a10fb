/**
 * Lantern's job scheduler (decision record 0019): a small in-process scheduler over the
 * `scheduled_jobs` table, the same on PGlite and PostgreSQL.
 *
 * Each tick, for each job due, an instance claims the job's row in a short transaction
 * (`FOR UPDATE SKIP LOCKED`, then a lease), runs it outside that transaction, and sets when it may
 * run next. Two instances on one database never run a job at the same time; a restart carries on
 * from the table. Jobs must still be safe to run twice (an instance may die after the work and
 * before recording it): reminders are, by their unique key.
 */
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../db/database.ts';
import type { JobContext, ScheduledJob } from '../modules.ts';
import type { MailOptions } from '../mail.ts';
import { now } from '../time.ts';

/** How long an instance holds a job it is running; a longer run is taken to have died. */
const LEASE_SECONDS = 600;

export interface JobRunner {
  /** Runs every job that is due now (the clock's now) and not held by another instance; returns the names run. */
  runDue(): Promise<string[]>;
  stop(): Promise<void>;
}

export interface JobRunnerOptions {
  db: Db;
  jobs: readonly ScheduledJob[];
  mail: MailOptions;
  log: JobContext['log'];
  /** Milliseconds between ticks; 0 starts no timer (tests call `runDue`). */
  tickMs: number;
}

async function claim(db: Db, job: ScheduledJob, at: Date): Promise<boolean> {
  const instant = at.toISOString();
  await db.execute(sql`insert into scheduled_jobs (name, run_after) values (${job.name}, ${instant}::timestamptz) on conflict (name) do nothing`);
  return db.transaction(async (tx) => {
    const [row] = await rows<{ name: string }>(
      tx,
      sql`select name from scheduled_jobs
          where name = ${job.name} and run_after <= ${instant}::timestamptz and (leased_until is null or leased_until < ${instant}::timestamptz)
          for update skip locked`,
    );
    if (!row) return false;
    await tx.execute(sql`update scheduled_jobs set leased_until = ${instant}::timestamptz + make_interval(secs => ${LEASE_SECONDS}), last_started_at = ${instant}::timestamptz where name = ${job.name}`);
    return true;
  });
}

async function release(db: Db, job: ScheduledJob, failure: string | null): Promise<void> {
  const finished = now();
  await db.execute(sql`update scheduled_jobs
    set leased_until = null, last_finished_at = ${finished.toISOString()}::timestamptz, last_failure = ${failure}, runs = runs + 1,
        run_after = ${finished.toISOString()}::timestamptz + make_interval(secs => ${job.everySeconds})
    where name = ${job.name}`);
}

export function startJobs(options: JobRunnerOptions): JobRunner {
  let running: Promise<string[]> | null = null;
  let stopped = false;

  async function runDue(): Promise<string[]> {
    const ran: string[] = [];
    for (const job of options.jobs) {
      if (stopped) break;
      const at = now();
      if (!(await claim(options.db, job, at))) continue;
      let failure: string | null = null;
      try {
        await job.run({ db: options.db, now: at, mail: options.mail, log: options.log });
      } catch (error) {
        failure = (error as { code?: string }).code ?? (error as Error).constructor?.name ?? 'Error';
        options.log.warn({ job: job.name, failure }, 'a scheduled job failed');
      }
      await release(options.db, job, failure);
      ran.push(job.name);
    }
    return ran;
  }

  // One pass at a time in this instance; a tick that finds the last still running skips.
  const tick = () => {
    if (running || stopped) return;
    running = runDue()
      .catch((error: unknown) => {
        options.log.warn({ failure: (error as { code?: string }).code ?? 'unknown' }, 'the job scheduler could not reach the database');
        return [];
      })
      .finally(() => {
        running = null;
      });
  };
  const timer = options.tickMs > 0 ? setInterval(tick, options.tickMs) : null;
  timer?.unref();
  if (timer) setTimeout(tick, 1000).unref();

  return {
    runDue: () => (running ??= runDue().finally(() => (running = null))),
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running?.catch(() => {});
    },
  };
}

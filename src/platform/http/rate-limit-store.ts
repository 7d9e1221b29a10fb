/**
 * A store for @fastify/rate-limit that counts in PostgreSQL instead of one process's memory, so the
 * limit holds across Lantern's worker processes and across servers sharing one database. One
 * statement per request counts and reads the window atomically; rows for windows long over are
 * cleared by the sign-in module's hourly job (`clearRateLimitWindows`).
 */
import { createHash } from 'node:crypto';
import { lt, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { rows } from '../db/database.ts';
import { rateLimitWindows } from '../auth/tables.ts';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

export function postgresRateLimitStore(db: Db) {
  return class PostgresRateLimitStore {
    private readonly route: string;
    /** The plugin makes the first store with its options; each route's store, with the route's name. */
    constructor(route?: unknown) {
      this.route = typeof route === 'string' ? route : '';
    }

    incr(key: string, callback: Callback, timeWindow: number): void {
      const hashed = createHash('sha256').update(`${this.route}\n${key}`).digest('hex');
      const windowOver = sql`${rateLimitWindows.windowStartedAt} + ${timeWindow} * interval '1 millisecond' <= clock_timestamp()`;
      rows<{ hits: number; ttl: number }>(
        db,
        sql`insert into ${rateLimitWindows} (key, window_started_at, hits) values (${hashed}, clock_timestamp(), 1)
            on conflict (key) do update set
              hits = case when ${windowOver} then 1 else ${rateLimitWindows.hits} + 1 end,
              window_started_at = case when ${windowOver} then clock_timestamp() else ${rateLimitWindows.windowStartedAt} end
            returning hits, greatest(0, ${timeWindow} - extract(epoch from clock_timestamp() - window_started_at) * 1000)::int as ttl`,
      ).then(
        ([row]) => callback(null, { current: row!.hits, ttl: row!.ttl }),
        (error: Error) => callback(error),
      );
    }

    /** Each route counts on its own (the plugin passes the route as `routeInfo` in its options). */
    child(options: object) {
      const route = (options as { routeInfo?: { method?: unknown; url?: unknown } }).routeInfo;
      return new PostgresRateLimitStore(`${String(route?.method ?? '')} ${String(route?.url ?? '')}`);
    }
  };
}

/** Deletes the counts of windows that ended more than an hour ago. */
export async function clearRateLimitWindows(db: Db): Promise<number> {
  const deleted = await db.delete(rateLimitWindows).where(lt(rateLimitWindows.windowStartedAt, sql`clock_timestamp() - interval '1 hour'`)).returning({ key: rateLimitWindows.key });
  return deleted.length;
}

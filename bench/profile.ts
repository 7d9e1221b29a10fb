/**
 * The problem profile for a year and the snapshot on a day (issue 9), as pages, against the
 * generated area bench/casework.ts builds (100,000 young people and 1,000,000 concerns on
 * PostgreSQL, 10,000 and 100,000 on PGlite), one person at a time: p95 should stay under a second.
 * How: the young people are counted in two queries (GROUPING SETS and filtered counts) over one
 * scan with pre-aggregated risk levels and missing counts; concerns and feedback times come from a
 * covering index (concerns_profile_idx); the sections run side by side.
 */
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { openDatabase } from '../src/platform/db/database.ts';
import { ensureAuditChains } from '../src/platform/audit/audit.ts';
import { createSession } from '../src/platform/auth/sessions.ts';
import { users } from '../src/modules/organisation/tables.ts';
import { ensureArea } from './casework.ts';
import { load } from './load.ts';
import { startServerProcess } from './server-process.ts';

export interface ProfileBenchOptions {
  databaseUrl?: string;
  youngPeople: number;
  concerns: number;
  durationSeconds: number;
}

/**
 * A server and a coordinator's session cookie, checked before anything is measured so the figures
 * can never be those of a sign-in redirect. The PGlite server is told DATABASE_URL is empty, or it
 * would inherit this process's and serve PostgreSQL instead.
 */
async function serverWithSession(databaseUrl: string | undefined, dataDir: string | undefined, areaId: string) {
  const database = await openDatabase({ databaseUrl, dataDir });
  let cookie: string;
  try {
    const [coordinator] = await database.db.select({ id: users.id }).from(users).where(and(eq(users.areaId, areaId), eq(users.role, 'coordinator')));
    cookie = `lantern_session=${await createSession(database.db, coordinator!.id, { idleMinutes: 600, absoluteHours: 12 })}`;
  } finally {
    await database.close();
  }
  const server = await startServerProcess(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATABASE_URL: '', LANTERN_DATA_DIR: dataDir! });
  const check = await fetch(`${server.url}/profile/snapshot?date=2025-06-30`, { headers: { cookie }, redirect: 'manual' });
  if (check.status !== 200) {
    await server.stop();
    throw new Error(`The snapshot page answered ${check.status} (${check.headers.get('location') ?? ''}) before the load: the figures would measure an error page`);
  }
  return { server, cookie };
}

export async function benchProfile(options: ProfileBenchOptions) {
  const dataDir = options.databaseUrl ? undefined : path.resolve('.bench-data', `pglite-${options.youngPeople}-${options.concerns}`);
  const database = await openDatabase({ databaseUrl: options.databaseUrl, dataDir });
  let areaId: string;
  try {
    await database.migrate();
    await ensureAuditChains(database.db);
    areaId = await ensureArea(database, options);
  } finally {
    await database.close();
  }
  const { server, cookie } = await serverWithSession(options.databaseUrl, dataDir, areaId);
  try {
    // The generated concerns run to the end of 2025: a calendar year and a day within it.
    const years = ['2025', '2024'];
    let y = 0;
    let d = 0;
    const days = ['2025-06-30', '2025-03-31', '2024-12-31', '2025-09-30'];
    const profileYear = await load({
      url: server.url,
      connections: 1,
      durationSeconds: options.durationSeconds,
      headers: { cookie },
      setupRequest: (req) => ({ ...req, path: `/profile?from=${years[y % 2]}-01-01&to=${years[y++ % 2]}-12-31` }),
    });
    const snapshot = await load({
      url: server.url,
      connections: 1,
      durationSeconds: options.durationSeconds,
      headers: { cookie },
      setupRequest: (req) => ({ ...req, path: `/profile/snapshot?date=${days[d++ % days.length]}` }),
    });
    return { database: options.databaseUrl ? 'postgresql' : 'pglite', youngPeople: options.youngPeople, concerns: options.concerns, profileForAYear: profileYear, snapshot };
  } finally {
    await server.stop();
  }
}

/**
 * Casework at scale (issue 3): search, the young person's page with a long chronology, and concern
 * intake through the API, against a generated area of the asked size. The area is generated once
 * per database and reused by later runs (PGlite keeps it in .bench-data/).
 */
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { openDatabase, rows, type Database } from '../src/platform/db/database.ts';
import { ensureAuditChains } from '../src/platform/audit/audit.ts';
import { createSession } from '../src/platform/auth/sessions.ts';
import { createApiToken } from '../src/platform/auth/api-tokens.ts';
import { areas, users } from '../src/modules/organisation/tables.ts';
import { generateArea } from '../src/modules/demo/generate.ts';
import { load } from './load.ts';
import { startServerProcess } from './server-process.ts';

export interface CaseworkBenchOptions {
  databaseUrl?: string;
  youngPeople: number;
  concerns: number;
  durationSeconds: number;
}

const areaCodeFor = (youngPeople: number, concerns: number) => `B${youngPeople}-${concerns}`.slice(0, 12);

export async function ensureArea(database: Database, options: CaseworkBenchOptions): Promise<string> {
  const code = areaCodeFor(options.youngPeople, options.concerns);
  const [existing] = await database.db.select({ id: areas.id }).from(areas).where(eq(areas.code, code));
  if (existing) return existing.id;
  const started = Date.now();
  process.stderr.write(`Generating ${options.youngPeople} young people and ${options.concerns} concerns (once per database)…\n`);
  const { areaId } = await generateArea(database.db, { actor: null, ip: null, requestId: 'bench' }, {
    youngPeople: options.youngPeople,
    concerns: options.concerns,
    seed: 2026,
    areaCode: code,
    onProgress: (stage, done, total) => {
      if (done === total) process.stderr.write(`  ${stage}: ${total} (${Math.round((Date.now() - started) / 1000)} s)\n`);
    },
  });
  return areaId;
}

/** Search strings as people type them: a dropped letter in the surname, sometimes with a date of birth. */
function misspell(name: string, i: number): string {
  if (name.length < 5) return name;
  const at = 1 + (i % (name.length - 2));
  return name.slice(0, at) + name.slice(at + 1);
}

/** Everything the load needs, read before the server takes the database (PGlite allows one process). */
async function prepareFixtures(database: Database, areaId: string) {
  const [coordinator] = await database.db.select({ id: users.id }).from(users).where(and(eq(users.areaId, areaId), eq(users.role, 'coordinator')));
  const [practitioner] = await database.db.select({ id: users.id }).from(users).where(and(eq(users.areaId, areaId), eq(users.role, 'practitioner')));
  const cookie = `lantern_session=${await createSession(database.db, coordinator!.id, { idleMinutes: 600, absoluteHours: 12 })}`;
  const { token } = await createApiToken(database.db, { actor: null, ip: null, requestId: 'bench' }, practitioner!.id, 'bench');
  const sample = await rows<{ given_name: string; family_name: string; date_of_birth: string | null }>(
    database.db,
    sql`select given_name, family_name, date_of_birth::text from young_people where area_id = ${areaId} and family_name is not null order by md5(id::text) limit 500`,
  );
  const searches = sample.map((p, i) => {
    const dob = p.date_of_birth && i % 3 === 0 ? ` ${p.date_of_birth.split('-').reverse().join('/')}` : '';
    return `/young-people?q=${encodeURIComponent(`${p.given_name} ${misspell(p.family_name, i)}${dob}`)}`;
  });
  const heavy = await rows<{ id: string; n: number }>(
    database.db,
    sql`select young_person_id as id, count(*)::int as n from chronology_entries c join young_people yp on yp.id = c.young_person_id
        where yp.area_id = ${areaId} group by 1 having count(*) >= 200 order by 2 limit 50`,
  );
  if (!heavy.length) throw new Error('The generated area has no young person with 200 chronology entries');
  return { cookie, token, sample, searches, heavy };
}

export async function benchCasework(options: CaseworkBenchOptions) {
  const dataDir = options.databaseUrl ? undefined : path.resolve('.bench-data', `pglite-${options.youngPeople}-${options.concerns}`);
  const database = await openDatabase({ databaseUrl: options.databaseUrl, dataDir });
  let fixtures: Awaited<ReturnType<typeof prepareFixtures>>;
  try {
    await database.migrate();
    await ensureAuditChains(database.db);
    fixtures = await prepareFixtures(database, await ensureArea(database, options));
  } finally {
    await database.close();
  }
  const { cookie, token, sample, searches, heavy } = fixtures;
  const server = await startServerProcess(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : { LANTERN_DATA_DIR: dataDir! });
  try {
    let s = 0;
    let r = 0;
    let n = 0;
    const duration = options.durationSeconds;
    // Each read is measured for one person at a time and for ten at once.
    const nextSearch = (req: { path: string }) => ({ ...req, path: searches[s++ % searches.length]! });
    const nextPage = (req: { path: string }) => ({ ...req, path: `/young-people/${heavy[r++ % heavy.length]!.id}` });
    const search = {
      oneUser: await load({ url: server.url, connections: 1, durationSeconds: duration, headers: { cookie }, setupRequest: nextSearch }),
      tenUsers: await load({ url: server.url, connections: 10, durationSeconds: duration, headers: { cookie }, setupRequest: nextSearch }),
    };
    const page = {
      oneUser: await load({ url: server.url, connections: 1, durationSeconds: duration, headers: { cookie }, setupRequest: nextPage }),
      tenUsers: await load({ url: server.url, connections: 10, durationSeconds: duration, headers: { cookie }, setupRequest: nextPage }),
    };
    const runId = Date.now().toString(36);
    const intake = await load({
      url: server.url,
      connections: 20,
      durationSeconds: duration,
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      setupRequest: (req) => {
        const i = n++;
        const p = sample[i % sample.length]!;
        const subject = i % 2 ? { kind: 'new', givenName: p.given_name, familyName: p.family_name } : { kind: 'unidentified', description: 'A boy of about 15 seen at the bus station late at night with older men' };
        const body = { externalReference: `bench-${runId}-${i}`, immediateDanger: false, subject, details: 'Seen being picked up by different cars after school.', howLearned: 'observed', youngPersonAware: 'not_known', lawfulBasis: 'safeguarding', others: { vehicle: ['AB12 CDE'] } };
        return { ...req, path: '/api/v1/concerns', body: JSON.stringify(body) };
      },
    });
    return {
      database: options.databaseUrl ? 'postgresql' : 'pglite',
      youngPeople: options.youngPeople,
      concerns: options.concerns,
      chronologyEntriesOnPage: `${heavy[0]!.n}–${heavy[heavy.length - 1]!.n}`,
      search,
      youngPersonPage: page,
      intakeViaApi: { connections: 20, ...intake },
    };
  } finally {
    await server.stop();
  }
}

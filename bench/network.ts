/**
 * The network view and identifier look-up at scale (issue 7): the casework area (young people and
 * concerns, a tenth of them naming a car) plus adults of concern with cars and phones, places of
 * concern that concerns were raised at, and recorded links. Measures the two services the pages
 * and the API call, in process, one call at a time, as the coordinator (who sees the whole area)
 * and as a practitioner (whose every step goes through the need-to-know conditions).
 *
 * The area is generated once per database and reused; the intelligence records are added once.
 */
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { openDatabase, rows, type Database } from '../src/platform/db/database.ts';
import { ensureAuditChains } from '../src/platform/audit/audit.ts';
import { users } from '../src/modules/organisation/tables.ts';
import { loadSignedInUser, type SignedInUser } from '../src/platform/auth/users.ts';
import { ensureArea } from './casework.ts';
import { lookupIdentifier } from '../src/modules/intelligence/lookup.ts';
import { suggestPlacesForConcern } from '../src/modules/intelligence/concern-places.ts';
import { networkFor, type RootKind } from '../src/modules/intelligence/network.ts';

export interface NetworkBenchOptions {
  databaseUrl?: string;
  youngPeople: number;
  concerns: number;
  adults: number;
  places: number;
  /** Calls measured per figure. */
  samples: number;
}


function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! * 100) / 100;
}

async function timed<T>(samples: T[], work: (sample: T) => Promise<unknown>) {
  const latencies: number[] = [];
  for (const sample of samples) {
    const started = performance.now();
    await work(sample);
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  return { calls: latencies.length, p50Ms: percentile(latencies, 50), p95Ms: percentile(latencies, 95), p99Ms: percentile(latencies, 99), maxMs: percentile(latencies, 100) };
}

/** Adults with a car seen in concerns and a phone, places that a twentieth of concerns were raised at, and links. Once per area. */
async function ensureIntelligence(database: Database, areaId: string, options: NetworkBenchOptions): Promise<void> {
  const db = database.db;
  const count = async (query: ReturnType<typeof sql>) => (await rows<{ n: number }>(db, query))[0]?.n ?? 0;
  const started = Date.now();
  const step = (what: string) => process.stderr.write(`  ${what} (${Math.round((Date.now() - started) / 1000)} s)\n`);
  const [creator] = await db.select({ id: users.id }).from(users).where(and(eq(users.areaId, areaId), eq(users.role, 'coordinator')));
  const by = creator!.id;
  let changed = false;
  // Each part is added once; a run stopped half way carries on where it stopped.
  if ((await count(sql`select count(*)::int as n from adults_of_concern where area_id = ${areaId}`)) === 0) {
    process.stderr.write(`Adding ${options.adults} adults and ${options.places} places of concern (once per area)…\n`);
    await db.execute(sql`insert into adults_of_concern (area_id, name, aliases, status, known_since, created_by_user_id)
      select ${areaId}, 'Bench adult ' || g, array['Street name ' || g], (array['suspected','charged','convicted','no_further_action'])[1 + g % 4], current_date - (g % 700), ${by}
        from generate_series(1, ${options.adults}) g`);
    changed = true;
  }
  if ((await count(sql`select count(*)::int as n from places_of_concern where area_id = ${areaId}`)) === 0) {
    await db.execute(sql`insert into places_of_concern (area_id, kind, name, postcode, created_by_user_id)
      select ${areaId}, (array['hostel','takeaway','taxi_firm','hotel','park','shop','private_address','other'])[1 + g % 8], 'Bench place ' || g, 'NB' || (1 + g % 9) || ' ' || (g % 10) || 'AA', ${by}
        from generate_series(1, ${options.places}) g`);
    step('records');
    changed = true;
  }
  if ((await count(sql`select count(*)::int as n from record_identifiers where area_id = ${areaId}`)) === 0) {
    // Each adult drives a car some concerns mention (so vehicles link adults to young people) and has a phone of their own.
    await db.execute(sql`with vehicles as (
        select match_key, as_typed, row_number() over (order by match_key) as rn
          from (select distinct on (match_key) match_key, as_typed from concern_mentions where area_id = ${areaId} and kind = 'vehicle' and match_key is not null order by match_key) v),
      total as (select count(*) as n from vehicles),
      adults as (select id, 1 + (row_number() over (order by number)) % (select n from total) as vehicle_rn from adults_of_concern where area_id = ${areaId})
      insert into record_identifiers (area_id, adult_id, kind, as_typed, match_key, recognised)
      select ${areaId}::uuid, a.id, 'vehicle', v.as_typed, v.match_key, true from adults a join vehicles v on v.rn = a.vehicle_rn`);
    await db.execute(sql`insert into record_identifiers (area_id, adult_id, kind, as_typed, match_key, recognised)
      select ${areaId}, a.id, 'phone', '07700 9' || lpad((a.rn % 100000)::text, 5, '0'), 'phone:+4477009' || lpad((a.rn % 100000)::text, 5, '0'), true
        from (select id, row_number() over (order by number) as rn from adults_of_concern where area_id = ${areaId}) a`);
    step('identifiers');
    changed = true;
  }
  if ((await count(sql`select count(*)::int as n from (select 1 from concerns where area_id = ${areaId} and place_id is not null limit 1) x`)) === 0) {
    await db.execute(sql`with places as (select id, row_number() over (order by number) as rn from places_of_concern where area_id = ${areaId})
      update concerns c set place_id = p.id from places p
       where c.area_id = ${areaId} and c.number % 20 = 0 and p.rn = 1 + (c.number / 20) % ${options.places}`);
    step('concerns at places');
    changed = true;
  }
  if ((await count(sql`select count(*)::int as n from intelligence_links where area_id = ${areaId}`)) === 0) {
    // Targets are computed first so each join is an equality PostgreSQL can hash.
    const people = await count(sql`select count(*)::int as n from young_people where area_id = ${areaId}`);
    await db.execute(sql`with adults as (
          select id, rn, 1 + (rn % ${options.places}) as place_rn, 1 + ((rn * 7) % ${people}) as first_rn, 1 + ((rn * 13 + 5) % ${people}) as second_rn
            from (select id, row_number() over (order by number) as rn from adults_of_concern where area_id = ${areaId}) a),
        places as (select id, row_number() over (order by number) as rn from places_of_concern where area_id = ${areaId}),
        people as (select id, row_number() over (order by number) as rn from young_people where area_id = ${areaId})
      insert into intelligence_links (area_id, adult_id, place_id, young_person_id, link_kind, recorded_by_user_id)
      select ${areaId}::uuid, a.id, p.id, null::uuid, 'seen_at', ${by}::uuid from adults a join places p on p.rn = a.place_rn
      union all
      select ${areaId}::uuid, a.id, null::uuid, y.id, 'seen_with', ${by}::uuid from adults a join people y on y.rn = a.first_rn
      union all
      select ${areaId}::uuid, a.id, null::uuid, y.id, 'seen_with', ${by}::uuid from adults a join people y on y.rn = a.second_rn`);
    step('links');
    changed = true;
  }
  if (changed) await db.execute(sql`analyze`);
}

export async function benchNetwork(options: NetworkBenchOptions) {
  const dataDir = options.databaseUrl ? undefined : path.resolve('.bench-data', `pglite-${options.youngPeople}-${options.concerns}`);
  const database = await openDatabase({ databaseUrl: options.databaseUrl, dataDir });
  try {
    await database.migrate();
    await ensureAuditChains(database.db);
    const areaId = await ensureArea(database, options);
    await ensureIntelligence(database, areaId, options);
    const db = database.db;
    const [coordinatorRow] = await db.select({ id: users.id }).from(users).where(and(eq(users.areaId, areaId), eq(users.role, 'coordinator')));
    const coordinator = (await loadSignedInUser(db, coordinatorRow!.id))!;
    const count = options.samples;
    const people = await rows<{ id: string }>(db, sql`select distinct c.young_person_id as id from concerns c join concern_mentions m on m.concern_id = c.id where c.area_id = ${areaId} and c.young_person_id is not null order by 1 limit ${count}`);
    const adults = await rows<{ id: string }>(db, sql`select id from adults_of_concern where area_id = ${areaId} order by md5(id::text) limit ${count}`);
    const places = await rows<{ id: string }>(db, sql`select id from places_of_concern where area_id = ${areaId} order by md5(id::text) limit ${count}`);
    const vehicles = await rows<{ as_typed: string }>(db, sql`select as_typed from concern_mentions where area_id = ${areaId} and kind = 'vehicle' order by md5(id::text) limit ${count}`);
    // A practitioner and the young people they raised concerns about (their need-to-know path).
    const [raiser] = await rows<{ user_id: string }>(db, sql`select raised_by_user_id as user_id from concerns where area_id = ${areaId} group by 1 order by count(*) desc limit 1`);
    const practitioner = (await loadSignedInUser(db, raiser!.user_id))!;
    const theirs = await rows<{ id: string }>(db, sql`select distinct young_person_id as id from concerns where raised_by_user_id = ${practitioner.userId} and young_person_id is not null order by 1 limit ${count}`);
    const placeNames = await rows<{ name: string; postcode: string | null }>(db, sql`select name, postcode from places_of_concern where area_id = ${areaId} order by md5(id::text) limit ${count}`);
    const placeTexts = placeNames.map((p, i) => (i % 2 ? `seen going into ${p.name.toLowerCase()} late at night` : `a flat near ${p.postcode ?? 'the station'}`));
    const network = (viewer: SignedInUser, kind: RootKind, list: { id: string }[]) => timed(list, async (r) => {
      const found = await networkFor(db, viewer, kind, r.id);
      if (!found) throw new Error(`network not found for ${kind} ${r.id}`);
    });
    const sizes = await Promise.all(people.slice(0, 20).map(async (p) => (await networkFor(db, coordinator, 'young_person', p.id))!.nodes.length));
    const report = {
      database: options.databaseUrl ? 'postgresql' : 'pglite',
      youngPeople: options.youngPeople,
      concerns: options.concerns,
      adults: options.adults,
      places: options.places,
      medianNodesInAYoungPersonsNetwork: sizes.sort((a, b) => a - b)[Math.floor(sizes.length / 2)],
      identifierLookup: await timed(vehicles, async (v) => {
        if (!(await lookupIdentifier(db, coordinator, 'vehicle', v.as_typed.toLowerCase()))) throw new Error('no key');
      }),
      // Triage's "where it happened" suggestions: trigram word similarity over the area's places, plus a postcode.
      placeSuggestions: await timed(placeTexts, async (text) => {
        await suggestPlacesForConcern(db, areaId, text);
      }),
      twoStepNetwork: {
        youngPersonAsCoordinator: await network(coordinator, 'young_person', people),
        adultAsCoordinator: await network(coordinator, 'adult', adults),
        placeAsCoordinator: await network(coordinator, 'place', places),
        youngPersonAsPractitioner: await network(practitioner, 'young_person', theirs),
      },
    };
    return report;
  } finally {
    await database.close();
  }
}

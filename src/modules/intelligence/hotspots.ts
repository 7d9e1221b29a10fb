/**
 * Hotspots: places ranked by how many distinct young people are linked to them in a period (and
 * how recently), with the previous period of the same length for the trend; adults ranked by the
 * number of young people linked to them. Area-wide figures, for intelligence officers and
 * coordinators; `areaIntelligenceCounts` gives the same without names for the problem profile.
 */
import { UK_TIME_ZONE_SQL } from '../../platform/time.ts';
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../platform/db/database.ts';

export interface Period {
  from: Date;
  to: Date;
}

/** Place–young person links with when they were made: recorded links, concerns at the place, disruptions naming both. */
const placeLinks = (areaId: string) => sql`
  select l.place_id, l.young_person_id, coalesce(l.occurred_on::timestamptz, l.created_at) as at from intelligence_links l
   where l.area_id = ${areaId} and l.place_id is not null and l.young_person_id is not null
  union all
  select c.place_id, c.young_person_id, c.submitted_at from concerns c
   where c.area_id = ${areaId} and c.place_id is not null and c.young_person_id is not null
  union all
  select p.place_id, y.young_person_id, d.occurred_on::timestamptz from disruption_subjects p
    join disruption_subjects y on y.disruption_id = p.disruption_id and y.young_person_id is not null
    join disruptions d on d.id = p.disruption_id
   where d.area_id = ${areaId} and p.place_id is not null`;

/** Adult–young person links: recorded links, the adult's identifiers in concerns and missing episodes about the young person, disruptions naming both. */
const adultLinks = (areaId: string) => sql`
  select l.adult_id, l.young_person_id, coalesce(l.occurred_on::timestamptz, l.created_at) as at from intelligence_links l
   where l.area_id = ${areaId} and l.adult_id is not null and l.young_person_id is not null
  union all
  select ri.adult_id, c.young_person_id, c.submitted_at from record_identifiers ri
    join concern_mentions m on m.area_id = ri.area_id and m.match_key = ri.match_key
    join concerns c on c.id = m.concern_id
   where ri.area_id = ${areaId} and ri.adult_id is not null and c.young_person_id is not null
  union all
  select ri.adult_id, mm.young_person_id, mm.created_at from record_identifiers ri
    join missing_episode_mentions mm on mm.area_id = ri.area_id and mm.match_key = ri.match_key
   where ri.area_id = ${areaId} and ri.adult_id is not null
  union all
  select a.adult_id, y.young_person_id, d.occurred_on::timestamptz from disruption_subjects a
    join disruption_subjects y on y.disruption_id = a.disruption_id and y.young_person_id is not null
    join disruptions d on d.id = a.disruption_id
   where d.area_id = ${areaId} and a.adult_id is not null`;

export interface RankedPlace {
  id: string;
  number: number;
  name: string;
  kind: string;
  youngPeople: number;
  previous: number;
  lastLinkedAt: Date | null;
  trend: 'up' | 'down' | 'same';
}

export interface RankedAdult {
  id: string;
  number: number;
  name: string;
  status: string;
  youngPeople: number;
  previous: number;
  lastLinkedAt: Date | null;
  trend: 'up' | 'down' | 'same';
}

const trendOf = (now: number, before: number) => (now > before ? 'up' : now < before ? 'down' : 'same');

export async function hotspots(db: Db, areaId: string, period: Period, limit = 20): Promise<{ places: RankedPlace[]; adults: RankedAdult[] }> {
  const previousFrom = new Date(period.from.getTime() - (period.to.getTime() - period.from.getTime()));
  const window = (column: string) => sql`
    count(distinct x.young_person_id) filter (where x.at >= ${period.from.toISOString()}::timestamptz and x.at < ${period.to.toISOString()}::timestamptz)::int as now,
    count(distinct x.young_person_id) filter (where x.at >= ${previousFrom.toISOString()}::timestamptz and x.at < ${period.from.toISOString()}::timestamptz)::int as before,
    max(x.at) filter (where x.at < ${period.to.toISOString()}::timestamptz) as last, x.${sql.raw(column)} as id`;
  const [places, adults] = await Promise.all([
    rows<{ id: string; number: number; name: string; kind: string; now: number; before: number; last: Date | string | null }>(
      db,
      sql`with x as (${placeLinks(areaId)}), ranked as (select ${window('place_id')} from x group by x.place_id)
          select r.*, p.number::int as number, p.name, p.kind from ranked r join places_of_concern p on p.id = r.id
           where r.now > 0 order by r.now desc, r.last desc nulls last, p.number limit ${limit}`,
    ),
    rows<{ id: string; number: number; name: string; status: string; now: number; before: number; last: Date | string | null }>(
      db,
      sql`with x as (${adultLinks(areaId)}), ranked as (select ${window('adult_id')} from x group by x.adult_id)
          select r.*, a.number::int as number, a.name, a.status from ranked r join adults_of_concern a on a.id = r.id
           where r.now > 0 order by r.now desc, r.last desc nulls last, a.number limit ${limit}`,
    ),
  ]);
  const when = (v: Date | string | null) => (v === null ? null : new Date(v));
  return {
    places: places.map((p) => ({ id: p.id, number: Number(p.number), name: p.name, kind: p.kind, youngPeople: p.now, previous: p.before, lastLinkedAt: when(p.last), trend: trendOf(p.now, p.before) })),
    adults: adults.map((a) => ({ id: a.id, number: Number(a.number), name: a.name, status: a.status, youngPeople: a.now, previous: a.before, lastLinkedAt: when(a.last), trend: trendOf(a.now, a.before) })),
  };
}

export interface AreaIntelligenceCounts {
  /** Places and adults on record by the end of the period, by their kind and (current) status. */
  placesByKind: Record<string, number>;
  adultsByStatus: Record<string, number>;
  /** Steps recorded in the period, by kind. */
  disruptionsByKind: Record<string, number>;
  /** Outcome steps in the period by outcome; `not_recorded` for an outcome step without one. */
  outcomes: Record<string, number>;
  /** Distinct young people linked in the period to each of the top places, highest first; no names or ids. */
  topHotspotCounts: { placeKind: string; youngPeople: number }[];
}

/**
 * Counts for an area and a period with no names or ids: places of concern by kind and adults of
 * concern by status (those on record by the end of the period, status as it stands), disruption
 * and prosecution steps in the period by kind and outcome steps by outcome, and the top hotspots'
 * counts of distinct young people. For the problem profile. The period's ends are instants; a
 * step's day is compared with the UK days they fall on, so a period starting at UK midnight in
 * summer does not take in the day before.
 */
export async function areaIntelligenceCounts(db: Db, areaId: string, period: Period, top = 10): Promise<AreaIntelligenceCounts> {
  const from = period.from.toISOString();
  const to = period.to.toISOString();
  const ukDay = (instant: string) => sql`((${instant}::timestamptz at time zone ${UK_TIME_ZONE_SQL})::date)`;
  const [places, adults, steps, ranked] = await Promise.all([
    rows<{ kind: string; n: number }>(db, sql`select kind, count(*)::int as n from places_of_concern where area_id = ${areaId} and created_at < ${to}::timestamptz group by kind`),
    rows<{ status: string; n: number }>(db, sql`select status, count(*)::int as n from adults_of_concern where area_id = ${areaId} and merged_into_id is null and created_at < ${to}::timestamptz group by status`),
    rows<{ kind: string; outcome: string | null; n: number }>(
      db,
      sql`select kind, outcome, count(*)::int as n from disruptions where area_id = ${areaId} and occurred_on >= ${ukDay(from)} and occurred_on < ${ukDay(to)} group by kind, outcome`,
    ),
    hotspots(db, areaId, period, top),
  ]);
  const disruptionsByKind: Record<string, number> = {};
  const outcomes: Record<string, number> = {};
  for (const s of steps) {
    disruptionsByKind[s.kind] = (disruptionsByKind[s.kind] ?? 0) + s.n;
    if (s.kind === 'outcome') outcomes[s.outcome ?? 'not_recorded'] = (outcomes[s.outcome ?? 'not_recorded'] ?? 0) + s.n;
  }
  return {
    placesByKind: Object.fromEntries(places.map((p) => [p.kind, p.n])),
    adultsByStatus: Object.fromEntries(adults.map((a) => [a.status, a.n])),
    disruptionsByKind,
    outcomes,
    topHotspotCounts: ranked.places.map((p) => ({ placeKind: p.kind, youngPeople: p.youngPeople })),
  };
}

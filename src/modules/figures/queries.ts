import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { rows } from '../../platform/db/database.ts';

/** Anonymised partnership figures: counts only, no names, no free text, no record ids. */
export async function partnershipFigures(db: Db, areaId: string, agencyId: string | null) {
  // An agency lead sees their own agency's figures; everyone else who reaches this page sees the area's.
  const agencyFilter = agencyId ? sql`and c.raised_by_agency_id = ${agencyId}` : sql``;
  const [byMonth, byAgencyKind, byLevel, certainty] = await Promise.all([
    rows<{ month: string; concerns: number; urgent: number }>(
      db,
      sql`select to_char(date_trunc('month', c.submitted_at at time zone 'Europe/London'), 'YYYY-MM') as month, count(*)::int as concerns, count(*) filter (where c.urgent)::int as urgent
          from concerns c where c.area_id = ${areaId} and c.submitted_at >= date_trunc('month', now()) - interval '11 months' ${agencyFilter}
          group by 1 order by 1`,
    ),
    rows<{ kind: string; concerns: number }>(
      db,
      sql`select a.kind, count(*)::int as concerns from concerns c join agencies a on a.id = c.raised_by_agency_id
          where c.area_id = ${areaId} and c.submitted_at >= now() - interval '12 months' ${agencyFilter} group by 1 order by 2 desc`,
    ),
    rows<{ level: string | null; young_people: number }>(
      db,
      sql`select yp.risk_level as level, count(*)::int as young_people from young_people yp
          where yp.area_id = ${areaId} and yp.closed_on is null and yp.merged_into_id is null
          ${agencyId ? sql`and exists (select 1 from team_members tm where tm.young_person_id = yp.id and tm.agency_id = ${agencyId} and tm.removed_at is null)` : sql``}
          group by 1`,
    ),
    rows<{ certainty: string | null; concerns: number }>(
      db,
      sql`select c.certainty, count(*)::int as concerns from concerns c where c.area_id = ${areaId} and c.submitted_at >= now() - interval '12 months' ${agencyFilter} group by 1`,
    ),
  ]);
  return { byMonth, byAgencyKind, byLevel, certainty };
}

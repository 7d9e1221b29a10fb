import { sql } from 'drizzle-orm';
import { rows } from '../../platform/db/database.ts';
import type { WorkCounts, Worklist } from '../../platform/modules.ts';
import { COORDINATOR_ROLES } from '../../platform/auth/roles.ts';
import { youngPersonIdVisible } from '../young-people/index.ts';
import { thresholdsFrom } from './stored-model.ts';

/**
 * Pairs of records that may be one young person, not yet decided: the same pairs as the coordinator's
 * "Possible duplicates" page, counted in one query (the area's review threshold read in it too).
 */
export const duplicatesWorklist: Worklist = {
  id: 'possibleDuplicates',
  roles: COORDINATOR_ROLES,
  async load(request): Promise<WorkCounts> {
    const user = request.user!;
    const db = request.server.lantern.database.db;
    const [row] = await rows<{ n: number; oldest: Date | null; }>(
      db,
      sql`select count(p.*)::int as n, min(p.found_at) as oldest
          from areas ar
          left join linkage_pairs p on p.area_id = ar.id
            and p.match_probability >= coalesce(case when jsonb_typeof(ar.settings->'linkageReviewThreshold') = 'number' then (ar.settings->>'linkageReviewThreshold')::float8 end, ${thresholdsFrom(null).review})
            and not exists (select 1 from young_people a where a.id = p.young_person_a and a.merged_into_id is not null)
            and not exists (select 1 from young_people b where b.id = p.young_person_b and b.merged_into_id is not null)
            and ${youngPersonIdVisible(user, sql`p.young_person_a`)} and ${youngPersonIdVisible(user, sql`p.young_person_b`)}
            and not exists (select 1 from linkage_decisions d where d.young_person_a = p.young_person_a and d.young_person_b = p.young_person_b)
          where ar.id = ${user.areaId}
          group by ar.id`,
    );
    return {
      heading: 'Records that may be the same young person',
      counts: [{ label: 'possible duplicates to check', one: 'possible duplicate to check', count: row?.n ?? 0, href: '/young-people/duplicates', oldest: row?.oldest ? new Date(row.oldest) : null }],
    };
  },
};

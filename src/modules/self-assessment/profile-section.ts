/**
 * The self-assessment's part of the problem profile and the anonymised return: how many standards
 * the latest assessment in the period rated at each point of the scale, by theme. Counts only.
 */
import { sql } from 'drizzle-orm';
import { rows } from '../../platform/db/database.ts';
import { table, type ProfileSectionBuilder } from '../profile/index.ts';
import { RATINGS, THEMES } from './vocab.ts';

const ID = 'self_assessment';
const TITLE = 'The partnership’s self-assessment';

export const selfAssessmentProfileSection: ProfileSectionBuilder = {
  id: ID,
  title: TITLE,
  windows: ['period'],
  async build(db, scope, window) {
    if (window.kind !== 'period') throw new Error('the self-assessment is read over a period');
    if (scope.agencyId || !scope.areaIds.length) return { id: ID, title: TITLE, intro: 'These figures are for the partnership as a whole, so they are not shown for one agency.', tables: [] };
    const areas = sql.join(scope.areaIds.map((id) => sql`${id}::uuid`), sql`, `);
    // Each area's latest assessment of a year the period reaches.
    const found = await rows<{ standard_id: string; theme: string; rating: string }>(
      db,
      sql`with latest as (
            select distinct on (sa.area_id) sa.id, sa.framework_id from self_assessments sa
             where sa.area_id in (${areas}) and sa.year >= extract(year from ${window.from}::date) and sa.year <= extract(year from ${window.to}::date)
             order by sa.area_id, sa.year desc)
          select r.standard_id, s.standard->>'theme' as theme, r.rating
            from latest l join self_assessment_ratings r on r.assessment_id = l.id
            join self_assessment_frameworks f on f.id = l.framework_id
            cross join lateral jsonb_array_elements(f.standards) as s(standard)
           where s.standard->>'id' = r.standard_id`,
    );
    const columns = Object.entries(RATINGS).map(([key, label]) => ({ key, label }));
    return {
      id: ID,
      title: TITLE,
      intro: 'Standards of the latest self-assessment of a year in the period, by theme and rating (signed off or still in progress).',
      tables: [
        table({
          id: 'self_assessment_ratings',
          title: 'Standards by theme and rating',
          rowHeading: 'Theme',
          columns,
          rows: Object.entries(THEMES).map(([key, label]) => ({ key, label, values: columns.map((c) => found.filter((r) => r.theme === key && r.rating === c.key).length) })),
          rowsAdd: true,
          columnsAdd: true,
        }),
      ],
    };
  },
};

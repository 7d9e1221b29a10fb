/**
 * The prevention log's part of the problem profile: sessions and people reached in the period by
 * audience and by topic, and by postcode district beside the concerns received there. Counts only;
 * an agency lead's view counts their agency's sessions.
 */
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../platform/db/database.ts';
import { table, type ProfileSectionBuilder, type Scope, areaCondition } from '../profile/index.ts';
import { AUDIENCES, TOPICS } from './vocab.ts';
import { reachByDistrict } from './service.ts';

async function sessionCounts(db: Db, scope: Scope, from: string, to: string) {
  const agency = scope.agencyId ? sql` and ps.agency_id = ${scope.agencyId}::uuid` : sql``;
  return rows<{ audience: string; topic: string; sessions: number; reached: number }>(
    db,
    sql`select ps.audience, ps.topic, count(*)::int as sessions, coalesce(sum(ps.reached), 0)::int as reached from prevention_sessions ps
         where ${areaCondition(sql`ps.area_id`, scope)} and ps.delivered_on >= ${from}::date and ps.delivered_on <= ${to}::date${agency}
         group by 1, 2`,
  );
}

const COLUMNS = [
  { key: 'sessions', label: 'Sessions' },
  { key: 'reached', label: 'People reached' },
];

export const preventionProfileSection: ProfileSectionBuilder = {
  id: 'prevention_reach',
  title: 'Prevention and awareness reach',
  windows: ['period'],
  async build(db, scope, window) {
    if (window.kind !== 'period') throw new Error('prevention is counted over a period');
    const [found, districts] = await Promise.all([sessionCounts(db, scope, window.from, window.to), reachByDistrict(db, scope, window.from, window.to)]);
    const by = (labels: Record<string, string>, pick: (r: (typeof found)[number]) => string) =>
      [...Object.entries(labels).map(([key, label]) => ({ key, label })), { key: 'not_recorded', label: 'Not recorded' }].map((row) => {
        const matching = found.filter((r) => (Object.hasOwn(labels, pick(r)) ? pick(r) : 'not_recorded') === row.key);
        return { ...row, values: [matching.reduce((t, r) => t + r.sessions, 0), matching.reduce((t, r) => t + r.reached, 0)] };
      });
    return {
      id: 'prevention_reach',
      title: 'Prevention and awareness reach',
      intro: 'Prevention and awareness sessions delivered in the period, whom they reached, and where, beside the concerns received in the same places.',
      tables: [
        table({ id: 'prevention_by_audience', title: 'Prevention sessions in the period by audience', rowHeading: 'Audience', columns: COLUMNS, rows: by(AUDIENCES, (r) => r.audience), rowsAdd: true }),
        table({ id: 'prevention_by_topic', title: 'Prevention sessions in the period by topic', rowHeading: 'Topic', columns: COLUMNS, rows: by(TOPICS, (r) => r.topic), rowsAdd: true }),
        table({
          id: 'prevention_by_district',
          title: 'Prevention against concerns by postcode district',
          rowHeading: 'Postcode district',
          columns: [...COLUMNS, { key: 'concerns', label: 'Concerns received' }],
          rows: districts.map((d) => ({ key: d.district === 'Not known' ? 'not_recorded' : d.district.toLowerCase(), label: d.district, values: [d.sessions, d.reached, d.concerns] })),
          rowsAdd: true,
          inReturn: false,
          note: 'Districts are local to the area, so this table is left out of the anonymised return. A concern is placed by the place of concern it names, or else the young person’s home postcode.',
        }),
      ],
    };
  },
};

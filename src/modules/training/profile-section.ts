/**
 * This module's part of the problem profile and the anonymised return: people trained in the
 * period and people in date today, by kind of agency. Counts only, suppressed in the return as
 * every table there is. For the partnership as a whole: an agency lead's view leaves it out.
 */
import { sql } from 'drizzle-orm';
import { rows } from '../../platform/db/database.ts';
import { AGENCY_KINDS, AGENCY_KIND_LABELS } from '../../platform/auth/roles.ts';
import { londonToday } from '../../platform/time.ts';
import { table, type ProfileSectionBuilder } from '../profile/index.ts';
import { attendanceByAgencyKind } from './service.ts';

const ID = 'training';
const TITLE = 'Training of practitioners';

export const trainingProfileSection: ProfileSectionBuilder = {
  id: ID,
  title: TITLE,
  windows: ['period'],
  async build(db, scope, window) {
    if (window.kind !== 'period') throw new Error('training is counted over a period');
    if (scope.agencyId) return { id: ID, title: TITLE, intro: 'These figures are for the partnership as a whole, so they are not shown for one agency.', tables: [] };
    const today = londonToday();
    const [attended, inDate] = await Promise.all([
      attendanceByAgencyKind(db, scope.areaIds, window.from, window.to),
      rows<{ kind: string; people: number; trained: number }>(
        db,
        sql`select a.kind, count(*)::int as people,
                   count(*) filter (where exists (select 1 from training_attendance ta where ta.user_id = u.id and ta.expires_on >= ${today}::date))::int as trained
              from users u join agencies a on a.id = u.agency_id
             where u.active and u.area_id in (${sql.join(scope.areaIds.map((id) => sql`${id}::uuid`), sql`, `)})
             group by a.kind`,
      ),
    ]);
    const kinds = [...AGENCY_KINDS];
    return {
      id: ID,
      title: TITLE,
      intro: 'People who attended CSE training in the period, and how many of the people with accounts are in date today, by kind of agency. Counts only.',
      tables: [
        table({
          id: 'training_attended',
          title: 'People attending training in the period by kind of agency',
          rowHeading: 'Kind of agency',
          columns: [{ key: 'people', label: 'Places taken' }],
          rows: kinds.map((k) => ({ key: k, label: AGENCY_KIND_LABELS[k], values: [attended.filter((r) => r.kind === k).reduce((n, r) => n + r.people, 0)] })),
          rowsAdd: true,
          note: 'A person attending two sessions is counted twice.',
        }),
        table({
          id: 'training_in_date',
          title: 'People with accounts in date with training today by kind of agency',
          rowHeading: 'Kind of agency',
          columns: [
            { key: 'in_date', label: 'In date' },
            { key: 'not_in_date', label: 'Not in date' },
          ],
          rows: kinds.map((k) => {
            const r = inDate.find((x) => x.kind === k);
            return { key: k, label: AGENCY_KIND_LABELS[k], values: [r?.trained ?? 0, (r?.people ?? 0) - (r?.trained ?? 0)] };
          }),
          rowsAdd: true,
          columnsAdd: true,
          note: 'As things stand today, whatever the period.',
        }),
      ],
    };
  },
};

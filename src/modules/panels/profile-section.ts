/**
 * This module's part of the problem profile: panel actions due in the period and how they stand,
 * overall, by kind of agency and by agency, contributed to the profile through the module's entry
 * (index.ts). Agencies are named on the profile but not in the anonymised return
 * (which names no agency), so the by-agency table has `inReturn: false` and the by-kind one goes in.
 */
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../platform/db/database.ts';
import { AGENCY_KINDS, AGENCY_KIND_LABELS } from '../../platform/auth/roles.ts';
import { table, type FigureColumn, type ProfileSectionBuilder, areaCondition, type Scope } from '../profile/index.ts';
import { UK_TIME_ZONE_SQL, londonToday } from '../../platform/time.ts';

/** How an action due in the period stands today; "not recorded" when it is done with no completion time, or its status is off the list. */
export const ACTION_STANDINGS: FigureColumn[] = [
  { key: 'on_time', label: 'Completed on time' },
  { key: 'late', label: 'Completed late' },
  { key: 'overdue', label: 'Open and overdue' },
  { key: 'not_yet_due', label: 'Open, not yet due' },
  { key: 'not_recorded', label: 'Not recorded' },
];

export interface ActionCountRow {
  agency_id: string;
  agency_name: string;
  agency_kind: string | null;
  standing: string;
  n: number;
}

/**
 * Actions due between from and to (UK days, both included) in the scope, by owning agency and
 * standing. On time is completed on or before the due day (UK time); overdue is open and due
 * before today, as on the panels' own pages. Cancelled actions are not counted.
 */
export async function actionCounts(db: Db, scope: Scope, from: string, to: string, today = londonToday()): Promise<ActionCountRow[]> {
  const agency = scope.agencyId ? sql` and pa.owner_agency_id = ${scope.agencyId}::uuid` : sql``;
  return rows<ActionCountRow>(
    db,
    sql`select a.id::text as agency_id, a.name as agency_name, a.kind as agency_kind,
               case when pa.status = 'done' and pa.completed_at is null then 'not_recorded'
                    when pa.status = 'done' and (pa.completed_at at time zone ${UK_TIME_ZONE_SQL})::date <= pa.due_on then 'on_time'
                    when pa.status = 'done' then 'late'
                    when pa.status = 'open' and pa.due_on < ${today}::date then 'overdue'
                    when pa.status = 'open' then 'not_yet_due'
                    else 'not_recorded' end as standing,
               count(*)::int as n
          from panel_actions pa join agencies a on a.id = pa.owner_agency_id
         where ${areaCondition(sql`pa.area_id`, scope)} and pa.due_on >= ${from}::date and pa.due_on <= ${to}::date
           and pa.status is distinct from 'cancelled'${agency}
         group by 1, 2, 3, 4`,
  );
}

const NOTE = 'Actions agreed at panels and due in the period, as they stand today. Cancelled actions are not counted. On time means completed on or before the day it was due.';

/** Panel actions on time by agency, for the problem profile (contributed through panels/index.ts). */
export const panelActionsSection: ProfileSectionBuilder = {
  id: 'panel_actions',
  title: 'Panel actions completed on time',
  windows: ['period'],
  async build(db, scope, window) {
    if (window.kind !== 'period') throw new Error('panel actions are counted over a period');
    const found = await actionCounts(db, scope, window.from, window.to);
    const cellsOf = (match: (r: ActionCountRow) => boolean) => ACTION_STANDINGS.map((c) => found.filter((r) => match(r) && r.standing === c.key).reduce((total, r) => total + r.n, 0));
    const listedKind = (kind: string | null) => (kind !== null && (AGENCY_KINDS as readonly string[]).includes(kind) ? kind : 'not_recorded');
    const agencies = [...new Map(found.map((r) => [r.agency_id, r.agency_name])).entries()].sort((a, b) => a[1].localeCompare(b[1]) || a[0].localeCompare(b[0]));
    return {
      id: 'panel_actions',
      title: 'Panel actions completed on time',
      intro: 'Whether the actions panels agreed were done by the day they were due, for actions due in the period.',
      tables: [
        table({
          id: 'panel_actions',
          title: 'Panel actions due in the period',
          rowHeading: 'Action',
          columns: [{ key: 'actions', label: 'Actions due in the period' }],
          rows: ACTION_STANDINGS.map((c, j) => ({ key: c.key, label: c.label, values: [cellsOf(() => true)[j]!] })),
          rowsAdd: true,
          note: NOTE,
        }),
        table({
          id: 'panel_actions_by_agency_kind',
          title: 'Panel actions due in the period by kind of agency',
          rowHeading: 'Owning agency',
          columns: ACTION_STANDINGS,
          rows: [...AGENCY_KINDS.map((kind) => ({ key: kind, label: AGENCY_KIND_LABELS[kind] })), { key: 'not_recorded', label: 'Not recorded' }].map((k) => ({
            ...k,
            values: cellsOf((r) => listedKind(r.agency_kind) === k.key),
          })),
          rowsAdd: true,
          columnsAdd: true,
        }),
        table({
          id: 'panel_actions_by_agency',
          title: 'Panel actions due in the period by agency',
          rowHeading: 'Owning agency',
          columns: ACTION_STANDINGS,
          rows: agencies.map(([id, name], i) => ({ key: `agency_${i + 1}`, label: name, values: cellsOf((r) => r.agency_id === id) })),
          rowsAdd: true,
          columnsAdd: true,
          inReturn: false,
          note: 'Agencies are named here; the anonymised return counts by kind of agency only.',
        }),
      ],
    };
  },
};

/**
 * The problem profile's section on turning 18 (contributed through moving-on/index.ts): young
 * people whose 18th birthday fell in the period while CSE work with them was open, how each
 * transition ended as it stands today, and whether a plan was written before the birthday.
 * Counts only; the profile and the return suppress small numbers as for every other section.
 */
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../platform/db/database.ts';
import { UK_TIME_ZONE_SQL } from '../../platform/time.ts';
import { areaCondition, table, type ProfileSectionBuilder, type Scope } from '../profile/index.ts';
import { TRANSITION_OUTCOMES } from './vocab.ts';

interface OutcomeRow {
  outcome: string;
  had_plan: boolean;
  n: number;
}

/** Each young person who turned 18 in the period while open, by outcome and by whether a plan came first. */
export async function turnedEighteen(db: Db, scope: Scope, from: string, to: string): Promise<OutcomeRow[]> {
  const agency = scope.agencyId ? sql` and exists (select 1 from team_members tm where tm.young_person_id = yp.id and tm.agency_id = ${scope.agencyId}::uuid and tm.removed_at is null)` : sql``;
  return rows<OutcomeRow>(
    db,
    sql`with people as (
          select yp.id, yp.opened_on, yp.closed_on, (yp.created_at at time zone ${UK_TIME_ZONE_SQL})::date as created_on,
                 case when to_char(yp.date_of_birth, 'MM-DD') = '02-29' then make_date(extract(year from yp.date_of_birth)::int + 18, 3, 1)
                      else (yp.date_of_birth + interval '18 years')::date end as b18
            from young_people yp
           where ${areaCondition(sql`yp.area_id`, scope)} and yp.merged_into_id is null and yp.date_of_birth is not null${agency}
        ), turned as (
          select p.id, p.b18 from people p
           where p.b18 >= ${from}::date and p.b18 <= ${to}::date
             and ((coalesce(p.opened_on, p.created_on) <= p.b18 and (p.closed_on is null or p.closed_on >= p.b18))
                  or exists (select 1 from cse_closures c where c.young_person_id = p.id and c.opened_on <= p.b18 and c.closed_on >= p.b18))
        )
        select case when fc.reason = 'turned_18' then 'transferred'
                    when fc.id is not null then 'closed_other'
                    when exists (select 1 from transition_decisions td where td.young_person_id = t.id and td.decided_on >= t.b18) then 'kept_open'
                    else 'awaiting' end as outcome,
               exists (select 1 from transition_plans tp where tp.young_person_id = t.id and (tp.created_at at time zone ${UK_TIME_ZONE_SQL})::date <= t.b18) as had_plan,
               count(*)::int as n
          from turned t
          left join lateral (select c.id, c.reason from cse_closures c where c.young_person_id = t.id and c.closed_on >= t.b18 order by c.closed_on, c.number limit 1) fc on true
         group by 1, 2`,
  );
}

const TITLE = 'Turning 18 while open to CSE work';

export const turningEighteenSection: ProfileSectionBuilder = {
  id: 'turning_18',
  title: TITLE,
  windows: ['period'],
  async build(db, scope, window) {
    if (window.kind !== 'period') throw new Error('turning 18 is counted over a period');
    const found = await turnedEighteen(db, scope, window.from, window.to);
    const total = (match: (r: OutcomeRow) => boolean) => found.filter(match).reduce((n, r) => n + r.n, 0);
    return {
      id: 'turning_18',
      title: TITLE,
      intro: 'Young people whose 18th birthday fell in the period while CSE work with them was open, and how each transition to adult life ended, as it stands today.',
      tables: [
        table({
          id: 'turning_18_outcomes',
          title: 'Outcome of the transition at 18',
          rowHeading: 'Outcome',
          columns: [{ key: 'young_people', label: 'Young people' }],
          rows: TRANSITION_OUTCOMES.map((o) => ({ key: o.key, label: o.label, values: [total((r) => r.outcome === o.key)] })),
          rowsAdd: true,
          note: 'Work ended means the first closure on or after the 18th birthday; kept open means the coordinator decided to keep working with them.',
        }),
        table({
          id: 'turning_18_plans',
          title: 'Transition plan written before the 18th birthday',
          rowHeading: 'Transition plan',
          columns: [{ key: 'young_people', label: 'Young people' }],
          rows: [
            { key: 'with_plan', label: 'Plan written by the 18th birthday', values: [total((r) => r.had_plan)] },
            { key: 'without_plan', label: 'No plan by the 18th birthday', values: [total((r) => !r.had_plan)] },
          ],
          rowsAdd: true,
        }),
      ],
    };
  },
};

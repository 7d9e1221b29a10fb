/**
 * The coordinator's transition work: young people from the area's age (17 by default) with no
 * transition plan, plans due within the area's number of days, and those who have turned 18 while
 * open and wait for a decision. The counts and the list they link to share one query, so a count
 * is always exactly its list. Plans' deadlines are reminded of (decision record 0019).
 */
import { sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../../platform/db/database.ts';
import type { DeadlineSource, WorkCounts, Worklist } from '../../platform/modules.ts';
import { COORDINATOR_ROLES } from '../../platform/auth/roles.ts';
import { addDays, londonDayStart, londonToday, now, UK_TIME_ZONE_SQL } from '../../platform/time.ts';
import { displayName, referenceFor } from '../young-people/index.ts';
import { transitionSettings, type TransitionSettings } from './settings.ts';

export const TRANSITION_LISTS = {
  'no-plan': 'Aged {age} or over with no transition plan',
  'due-soon': 'Transition plans due within {days} days',
  decision: 'Turned 18 while open: a decision is needed',
} as const;
export type TransitionList = keyof typeof TRANSITION_LISTS;

export function listTitle(show: TransitionList, settings: TransitionSettings): string {
  return TRANSITION_LISTS[show].replace('{age}', String(settings.age)).replace('{days}', String(settings.dueSoonDays));
}

/** Open young people of the area old enough for transition work, with their age, plan and decision in this period. */
function transitionPeople(areaId: string, today: string, settings: TransitionSettings): SQL {
  return sql`select yp.id, yp.number, yp.given_name, yp.family_name, yp.aliases, yp.date_of_birth::text as date_of_birth,
                    extract(year from age(${today}::date, yp.date_of_birth))::int as age,
                    (case when to_char(yp.date_of_birth, 'MM-DD') = '02-29' then make_date(extract(year from yp.date_of_birth)::int + 18, 3, 1)
                          else (yp.date_of_birth + interval '18 years')::date end)::text as birthday18,
                    tp.id as plan_id, tp.deadline::text as deadline,
                    exists (select 1 from transition_decisions td where td.young_person_id = yp.id
                              and td.decided_on >= coalesce(yp.opened_on, (yp.created_at at time zone ${UK_TIME_ZONE_SQL})::date)) as decided
               from young_people yp left join transition_plans tp on tp.young_person_id = yp.id
              where yp.area_id = ${areaId}::uuid and yp.merged_into_id is null and yp.closed_on is null
                and yp.date_of_birth is not null and yp.date_of_birth <= (${today}::date - make_interval(years => ${settings.age}))`;
}

function listCondition(show: TransitionList, today: string, settings: TransitionSettings): SQL {
  if (show === 'no-plan') return sql`p.age < 18 and p.plan_id is null`;
  if (show === 'due-soon') return sql`p.age < 18 and p.plan_id is not null and p.deadline::date <= ${addDays(today, settings.dueSoonDays)}::date`;
  return sql`p.age >= 18 and not p.decided`;
}

interface PersonRow {
  id: string;
  number: number;
  given_name: string | null;
  family_name: string | null;
  aliases: string[];
  date_of_birth: string;
  age: number;
  birthday18: string;
  plan_id: string | null;
  deadline: string | null;
  decided: boolean;
}

/** Exactly the young people one count counted, soonest first. */
export async function transitionList(db: Db, areaId: string, show: TransitionList, today = londonToday(now())) {
  const settings = await transitionSettings(db, areaId);
  const found = await rows<PersonRow>(db, sql`select * from (${transitionPeople(areaId, today, settings)}) p where ${listCondition(show, today, settings)} order by coalesce(p.deadline, p.birthday18), p.number limit 500`);
  return {
    settings,
    people: found.map((p) => ({
      id: p.id,
      reference: referenceFor(p.number),
      name: displayName({ givenName: p.given_name, familyName: p.family_name, aliases: p.aliases, number: p.number }),
      dateOfBirth: p.date_of_birth,
      age: p.age,
      birthday18: p.birthday18,
      deadline: p.deadline,
      overdue: p.deadline !== null && p.deadline < today,
    })),
  };
}

/** The three counts in one query, with the soonest date in each. */
export async function transitionCounts(db: Db, areaId: string, today = londonToday(now())) {
  const settings = await transitionSettings(db, areaId);
  const [row] = await rows<{ no_plan: number; no_plan_first: string | null; due_soon: number; due_first: string | null; decision: number; decision_first: string | null }>(
    db,
    sql`select count(*) filter (where ${listCondition('no-plan', today, settings)})::int as no_plan,
               min(p.birthday18) filter (where ${listCondition('no-plan', today, settings)}) as no_plan_first,
               count(*) filter (where ${listCondition('due-soon', today, settings)})::int as due_soon,
               min(p.deadline) filter (where ${listCondition('due-soon', today, settings)}) as due_first,
               count(*) filter (where ${listCondition('decision', today, settings)})::int as decision,
               min(p.birthday18) filter (where ${listCondition('decision', today, settings)}) as decision_first
          from (${transitionPeople(areaId, today, settings)}) p`,
  );
  return { settings, ...row! };
}

export const transitionsWorklist: Worklist = {
  id: 'transitions',
  roles: COORDINATOR_ROLES,
  async load(request): Promise<WorkCounts | null> {
    const user = request.user!;
    const c = await transitionCounts(request.server.lantern.database.db, user.areaId);
    // Only work already waiting has an age: a deadline still ahead is not shown as "oldest".
    const today = londonToday(now());
    const day = (iso: string | null) => (iso && iso <= today ? londonDayStart(iso) : null);
    return {
      heading: 'Transition at 18',
      counts: [
        { label: `aged ${c.settings.age} or over with no transition plan`, count: c.no_plan, href: '/moving-on/transitions?show=no-plan' },
        { label: `transition plans due within ${c.settings.dueSoonDays} days`, one: `transition plan due within ${c.settings.dueSoonDays} days`, count: c.due_soon, href: '/moving-on/transitions?show=due-soon', oldest: day(c.due_first) },
        { label: 'turned 18 while open, waiting for your decision', count: c.decision, href: '/moving-on/transitions?show=decision', oldest: day(c.decision_first), late: true },
      ],
    };
  },
};

/** A plan's deadline is met once the young person's work is closed or kept open by decision; until then the coordinator is reminded. */
export const transitionDeadlines: DeadlineSource[] = [
  {
    kind: 'transition_plan',
    label: 'a transition plan',
    href: '/moving-on/transitions?show=due-soon',
    async due(db, areaId, until) {
      const found = await rows<{ plan_id: string; number: number; deadline: string }>(
        db,
        sql`select tp.id as plan_id, yp.number, tp.deadline::text as deadline
              from transition_plans tp join young_people yp on yp.id = tp.young_person_id
             where tp.area_id = ${areaId}::uuid and yp.closed_on is null and yp.merged_into_id is null
               and tp.deadline < ${londonToday(until)}::date
               and not exists (select 1 from transition_decisions td where td.young_person_id = yp.id
                                 and td.decided_on >= coalesce(yp.opened_on, (yp.created_at at time zone ${UK_TIME_ZONE_SQL})::date))
             order by tp.deadline`,
      );
      // Due on a day: due by the end of that UK day.
      return found.map((p) => ({ id: p.plan_id, dueAt: londonDayStart(addDays(p.deadline, 1)), reference: referenceFor(p.number), ownerRoles: COORDINATOR_ROLES }));
    },
  },
];

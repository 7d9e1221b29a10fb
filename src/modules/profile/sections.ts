/**
 * The problem profile as a list of sections. Each section is one function from (db, scope,
 * window) to named tables of counts, so a module added later (adults and places of concern,
 * disruptions, panels' actions) adds its figures by contributing one more section:
 *
 *   profileSections: [{ builder: { id: 'intelligence', title: 'Hotspots and adults of concern', windows: ['period'], build: async (db, scope, window) => ({ … }) } }]
 *
 * contributed from the module's index.ts (`profileSections: [{ builder }]`, decision record 0015).
 * The page, the CSV downloads, the charts and the anonymised return pick it up with nothing else
 * to change.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { contributions, installedModules, type LanternModule } from '../../platform/modules.ts';
import { rows } from '../../platform/db/database.ts';
import { AGENCY_KINDS, AGENCY_KIND_LABELS } from '../../platform/auth/roles.ts';
import { ETHNICITIES, GENDERS, LIVING_ARRANGEMENTS, MONITORING_FIELDS, PRIOR_INVOLVEMENT, RISK_LEVEL_SCALE, YES_NO, type MonitoringField } from '../young-people/index.ts';
import { table, type FigureTable, type ProfileSection } from './figure-table.ts';
import { UK_TIME_ZONE_SQL, addDays, londonDayStartSql } from '../../platform/time.ts';
import { concernsInPeriodCondition, factsOnDay, knownOf, openInWindow, openYoungPeopleCondition, referenceDate, windowEnd, areaCondition, type Scope, type Window } from './window.ts';
import { formatMonth } from '../../platform/views/filters.ts';

export interface ProfileSectionBuilder {
  id: string;
  title: string;
  /** Which windows the section means something for: a period, a snapshot day, or both. */
  windows: Array<Window['kind']>;
  build(db: Db, scope: Scope, window: Window): Promise<ProfileSection>;
}

/** The risk levels in order of seriousness (the shipped scale; areas' own instrument versions keep these ids). */
export const RISK_LEVELS = RISK_LEVEL_SCALE.map((l) => ({ value: l.id, label: l.label }));

// ---- Young people open in the window: every breakdown in one pass over them. ----

interface PeopleRow {
  key: string;
  label: string;
  /** For tables counted by filters (select-all questions): who is in this row. */
  condition?: SQL;
}

/**
 * One breakdown of the young people. Most are counted by grouping on one expression (each young
 * person falls in exactly one row: `grouped`), all of them in one pass with GROUPING SETS;
 * select-all questions, where one person may be in several rows, by a filtered count per row;
 * and a few are worked out from the others' counts (`derive`).
 */
interface PeopleTableSpec {
  id: string;
  title: string;
  rowHeading: string;
  rows: PeopleRow[];
  rowsAdd: boolean;
  note?: string;
  grouped?: { expr: SQL; keyOf: (value: string | null) => string | null };
  derive?: (count: (tableId: string, key: string) => number, total: number) => Record<string, number>;
  /** Counted for other tables to use, not shown. */
  hidden?: boolean;
}

const NOT_RECORDED_LABEL = 'Not recorded';

/** Age in whole years on the reference day: from the date of birth, else from an estimated age moved on by the time since. */
function ageExpression(onDate: string): SQL {
  return sql`case when yp.date_of_birth is not null then extract(year from age(${onDate}::date, yp.date_of_birth))::int
                  when yp.estimated_age is not null then yp.estimated_age + extract(year from age(${onDate}::date, coalesce(yp.estimated_age_at, (yp.created_at at time zone ${UK_TIME_ZONE_SQL})::date)))::int end`;
}

export const AGE_BANDS: Array<{ key: string; label: string; min: number; max: number }> = [
  { key: 'under_10', label: 'Under 10', min: -1000, max: 9 },
  { key: '10_11', label: '10 to 11', min: 10, max: 11 },
  { key: '12_13', label: '12 to 13', min: 12, max: 13 },
  { key: '14_15', label: '14 to 15', min: 14, max: 15 },
  { key: '16_17', label: '16 to 17', min: 16, max: 17 },
  { key: '18_over', label: '18 and over', min: 18, max: 1000 },
];

export const ETHNIC_GROUPS = [...new Set(ETHNICITIES.map((e) => e.group))];
/** Black and minority ethnic, as the research uses it: every group but White, and not counting "chose not to say". */
export const BME_VALUES = ETHNICITIES.filter((e) => e.group !== 'White' && e.group !== 'Not given').map((e) => e.value);
export const BOYS_VALUES = ['male', 'transgender_male'];


/** The column of base holding one monitoring answer: text for one-of and yes/no questions, jsonb (a list) for select-all. */
function answerColumn(field: MonitoringField): SQL {
  if (!/^[a-z][a-z0-9_]*$/.test(field.key)) throw new Error(`Monitoring key ${field.key} cannot name a column`);
  return sql.raw(`base.m_${field.key}`);
}

function monitoringRows(field: MonitoringField): PeopleTableSpec {
  const value = answerColumn(field);
  const answer = answerColumn(field);
  const notRecorded = { key: 'not_recorded', label: NOT_RECORDED_LABEL, condition: sql`${answer} is null` };
  if (field.kind === 'many') {
    return {
      id: `monitoring_${field.key}`,
      title: field.label,
      rowHeading: field.label,
      rowsAdd: false,
      note: 'Several may apply to one young person, so the rows do not add up to the number of young people.',
      rows: [
        ...field.options.map((o) => ({ key: o.value, label: o.label, condition: sql`coalesce(jsonb_typeof(${answer}) = 'array' and jsonb_exists(${answer}, ${o.value}::text), false)` })),
        { key: 'none', label: 'None of these', condition: sql`${answer} = '[]'::jsonb` },
        notRecorded,
        { key: 'young_people', label: 'All young people', condition: sql`true` },
      ],
    };
  }
  const options = field.kind === 'yes_no' ? YES_NO : field.options;
  return {
    id: `monitoring_${field.key}`,
    title: field.label,
    rowHeading: field.label,
    rowsAdd: true,
    rows: [...options.map((o) => ({ key: o.value, label: o.label })), { key: 'not_recorded', label: NOT_RECORDED_LABEL }],
    grouped: { expr: value, keyOf: (v) => (v === null ? 'not_recorded' : options.some((o) => o.value === v) ? v : null) },
  };
}

const groupKey = (group: string) => group.toLowerCase().replace(/[^a-z]+/g, '_');
/** A column with a fixed list: its value is the row, anything else is "not recorded". */
const fixedList = (values: string[]) => (v: string | null) => (v !== null && values.includes(v) ? v : 'not_recorded');

function peopleTables(window: Window): PeopleTableSpec[] {
  const missingLabel = window.kind === 'period' ? 'Missing episodes in the period' : 'Missing episodes in the 12 months before';
  const notRecorded = { key: 'not_recorded', label: NOT_RECORDED_LABEL };
  const specs: PeopleTableSpec[] = [
    window.kind === 'period'
      ? {
          id: 'open',
          title: 'Young people open to CSE work in the period',
          rowHeading: 'Young people',
          rowsAdd: true,
          rows: [
            { key: 'already_open', label: 'Already open at the start' },
            { key: 'newly_identified', label: 'Newly identified in the period' },
          ],
          grouped: { expr: sql`case when base.newly_opened then 'newly_identified' else 'already_open' end`, keyOf: (v) => v },
        }
      : { id: 'open', title: 'Young people open to CSE work on the day', rowHeading: 'Young people', rowsAdd: false, rows: [{ key: 'open', label: 'Open on the day' }], derive: (_count, total) => ({ open: total }) },
    {
      id: 'risk_level',
      title: window.kind === 'period' ? 'Young people by risk level at the end of the period' : 'Young people by risk level on the day',
      rowHeading: 'Risk level',
      rowsAdd: true,
      rows: [...RISK_LEVELS.map((l) => ({ key: l.value, label: l.label })), { key: 'not_assessed', label: 'Not assessed' }],
      grouped: { expr: sql`base.level_end`, keyOf: (v) => (v === null ? 'not_assessed' : RISK_LEVELS.some((l) => l.value === v) ? v : null) },
      note: 'A young person’s level on the day, from the history of their risk assessments and panels’ decisions.',
    },
    ...(window.kind === 'period'
      ? [
          {
            id: 'risk_level_change',
            title: 'How risk levels changed over the period',
            rowHeading: 'Change',
            rowsAdd: true,
            rows: [
              { key: 'raised', label: 'Level went up' },
              { key: 'lowered', label: 'Level went down' },
              { key: 'unchanged', label: 'Level the same' },
              { key: 'first_level', label: 'First given a level' },
              { key: 'level_removed', label: 'Level no longer recorded' },
              { key: 'no_level', label: 'No level at either date' },
            ],
            grouped: {
              expr: sql`case when base.level_start is null and base.level_end is null then 'no_level'
                             when base.level_start is null then 'first_level'
                             when base.level_end is null then 'level_removed'
                             when base.level_end = base.level_start then 'unchanged'
                             when array_position(${levelArray()}, base.level_end) > array_position(${levelArray()}, base.level_start) then 'raised'
                             when array_position(${levelArray()}, base.level_end) < array_position(${levelArray()}, base.level_start) then 'lowered'
                             else 'unchanged' end`,
              keyOf: (v: string | null) => v,
            },
          } satisfies PeopleTableSpec,
        ]
      : []),
    {
      id: 'gender',
      title: 'Gender',
      rowHeading: 'Gender',
      rowsAdd: true,
      rows: [...GENDERS.map((g) => ({ key: g.value, label: g.label })), notRecorded],
      grouped: { expr: sql`base.gender`, keyOf: fixedList(GENDERS.map((g) => g.value)) },
    },
    {
      id: 'age',
      title: window.kind === 'period' ? 'Age at the end of the period' : 'Age on the day',
      rowHeading: 'Age',
      rowsAdd: true,
      rows: [...AGE_BANDS.map((b) => ({ key: b.key, label: b.label })), { key: 'not_recorded', label: 'Not known' }],
      grouped: {
        expr: sql`case ${sql.join(AGE_BANDS.map((b) => sql`when base.age_years between ${b.min}::int and ${b.max}::int then ${b.key}::text`), sql` `)} else 'not_recorded' end`,
        keyOf: (v) => v,
      },
    },
    { id: 'ethnicity_value', title: 'Ethnicity', rowHeading: 'Ethnicity', rowsAdd: true, rows: [], hidden: true, grouped: { expr: sql`base.ethnicity`, keyOf: fixedList(ETHNICITIES.map((e) => e.value)) } },
    {
      id: 'ethnicity',
      title: 'Ethnic group',
      rowHeading: 'Ethnic group',
      rowsAdd: true,
      rows: [...ETHNIC_GROUPS.map((group) => ({ key: groupKey(group), label: group === 'Not given' ? 'Chose not to say' : group })), notRecorded],
      derive: (count) => {
        const out: Record<string, number> = { not_recorded: count('ethnicity_value', 'not_recorded') };
        for (const e of ETHNICITIES) out[groupKey(e.group)] = (out[groupKey(e.group)] ?? 0) + count('ethnicity_value', e.value);
        return out;
      },
    },
    {
      id: 'living_arrangement',
      title: 'Living arrangement and placement',
      rowHeading: 'Living arrangement',
      rowsAdd: true,
      rows: [...LIVING_ARRANGEMENTS.map((o) => ({ key: o.value, label: o.label })), notRecorded],
      grouped: { expr: sql`base.living_arrangement`, keyOf: fixedList(LIVING_ARRANGEMENTS.map((o) => o.value)) },
    },
    {
      id: 'looked_after',
      title: 'Looked after by a local authority',
      rowHeading: 'Looked after',
      rowsAdd: true,
      rows: [{ key: 'yes', label: 'Looked after' }, { key: 'no', label: 'Not looked after' }, notRecorded],
      grouped: { expr: sql`case when base.looked_after = 'yes' or base.living_arrangement like 'looked\\_after\\_%' then 'yes' else base.looked_after end`, keyOf: fixedList(['yes', 'no']) },
    },
    {
      id: 'looked_after_placement',
      title: 'Where looked-after young people live',
      rowHeading: 'Placement',
      rowsAdd: true,
      note: 'Only the young people who are looked after; they may live anywhere on the list.',
      rows: [...LIVING_ARRANGEMENTS.map((o) => ({ key: o.value, label: o.label })), notRecorded],
      grouped: {
        expr: sql`case when base.looked_after = 'yes' or base.living_arrangement like 'looked\\_after\\_%' then coalesce(base.living_arrangement, 'not_recorded') end`,
        keyOf: (v) => (v === null ? null : fixedList(LIVING_ARRANGEMENTS.map((o) => o.value))(v)),
      },
    },
    {
      id: 'prior_involvement',
      title: 'Earlier children’s services involvement',
      rowHeading: 'Involvement',
      rowsAdd: true,
      rows: [...PRIOR_INVOLVEMENT.map((o) => ({ key: o.value, label: o.label })), notRecorded],
      grouped: { expr: sql`base.prior_involvement`, keyOf: fixedList(PRIOR_INVOLVEMENT.map((o) => o.value)) },
    },
    {
      id: 'missing',
      title: missingLabel,
      rowHeading: 'Episodes',
      rowsAdd: true,
      note: 'Counted from missing episodes recorded in Lantern: "none recorded" is not the same as never missing.',
      rows: [
        { key: 'none', label: 'None recorded' },
        { key: '1', label: 'One' },
        { key: '2_4', label: '2 to 4' },
        { key: '5_over', label: '5 or more' },
      ],
      grouped: { expr: sql`case when base.missing_count = 0 then 'none' when base.missing_count = 1 then '1' when base.missing_count <= 4 then '2_4' else '5_over' end`, keyOf: (v) => v },
    },
    {
      id: 'missing_ever',
      title: window.kind === 'period' ? 'Times ever missing, by the end of the period' : 'Times ever missing, by the day',
      rowHeading: 'Times missing',
      rowsAdd: true,
      note: 'Missing episodes recorded in Lantern up to the day, added to the number the record gives for before them. "Never" is a record that says so; "not recorded" has neither.',
      rows: [
        { key: 'never', label: 'Never' },
        { key: '1', label: 'Once' },
        { key: '2_5', label: '2 to 5 times' },
        { key: '6_10', label: '6 to 10 times' },
        { key: 'over_10', label: 'More than 10 times' },
        notRecorded,
      ],
      grouped: {
        expr: sql`case when base.missing_ever is null then 'not_recorded' when base.missing_ever = 0 then 'never' when base.missing_ever = 1 then '1'
                       when base.missing_ever <= 5 then '2_5' when base.missing_ever <= 10 then '6_10' else 'over_10' end`,
        keyOf: (v) => v,
      },
    },
    ...MONITORING_FIELDS.map((field) => monitoringRows(field)),
  ];
  // The groups the research says are overlooked, shown explicitly, each with its own "not recorded".
  specs.push(...overlookedSpecs());
  return specs;
}

function overlookedSpecs(): PeopleTableSpec[] {
  const sumOf = (count: (t: string, k: string) => number, tableId: string, keys: string[]) => keys.reduce((s, k) => s + count(tableId, k), 0);
  const groups: Array<{ key: string; label: string; notRecordedLabel: string; inGroup: (c: (t: string, k: string) => number) => number; notRecorded: (c: (t: string, k: string) => number) => number }> = [
    { key: 'boys', label: 'Boys and young men', notRecordedLabel: NOT_RECORDED_LABEL, inGroup: (c) => sumOf(c, 'gender', BOYS_VALUES), notRecorded: (c) => c('gender', 'not_recorded') },
    { key: 'aged_16_17', label: '16 and 17 year olds', notRecordedLabel: 'Age not known', inGroup: (c) => c('age', '16_17'), notRecorded: (c) => c('age', 'not_recorded') },
    { key: 'from_abroad', label: 'Brought to the UK from abroad', notRecordedLabel: NOT_RECORDED_LABEL, inGroup: (c) => c('monitoring_from_abroad', 'yes'), notRecorded: (c) => c('monitoring_from_abroad', 'not_recorded') },
    { key: 'bme', label: 'Black and minority ethnic young people', notRecordedLabel: 'Not recorded or chose not to say', inGroup: (c) => sumOf(c, 'ethnicity_value', BME_VALUES), notRecorded: (c) => c('ethnicity_value', 'not_recorded') + c('ethnicity_value', 'refused') },
  ];
  return groups.map((g) => ({
    id: `overlooked_${g.key}`,
    title: g.label,
    rowHeading: g.label,
    rowsAdd: true,
    rows: [
      { key: 'in_group', label: 'Yes' },
      { key: 'not_in_group', label: 'No' },
      { key: 'not_recorded', label: g.notRecordedLabel },
    ],
    derive: (count, total) => {
      const inGroup = g.inGroup(count);
      const notRecorded = g.notRecorded(count);
      return { in_group: inGroup, not_recorded: notRecorded, not_in_group: total - inGroup - notRecorded };
    },
  }));
}

/**
 * The window's young people with what every breakdown needs, as a subquery called base, read from
 * the history (decision record 0029): who was open to CSE work in the window, and each fact as it
 * stood on the window's last day (and, for a period, the level the day before it began). Missing
 * counts come from a pre-aggregated join, so the whole count is one pass.
 */
function baseQuery(scope: Scope, window: Window): SQL {
  const end = windowEnd(window);
  const day = referenceDate(window);
  const missingFrom = window.kind === 'period' ? londonDayStartSql(window.from) : londonDayStartSql(addDays(`${String(Number(window.date.slice(0, 4)) - 1)}${window.date.slice(4)}`.replace(/-02-29$/, '-02-28'), 1));
  const episodesKnown = knownOf(window) === 'then' ? sql` and me.recorded_at < ${end}` : sql``;
  const missing = sql`select me.young_person_id, (count(*) filter (where me.last_seen_at >= ${missingFrom}))::int as n, count(*)::int as ever from missing_episodes me
                       where ${areaCondition(sql`me.area_id`, scope)} and me.last_seen_at < ${end}${episodesKnown} group by me.young_person_id`;
  const answers = MONITORING_FIELDS.map((f) => (f.kind === 'many' ? sql`df.v -> ${`m:${f.key}`} as ${sql.raw(`m_${f.key}`)}` : sql`df.v ->> ${`m:${f.key}`} as ${sql.raw(`m_${f.key}`)}`));
  const period = window.kind === 'period' ? window : null;
  return sql`select yp.id, yp.gender, yp.ethnicity, df.v ->> 'living_arrangement' as living_arrangement, df.v ->> 'looked_after' as looked_after,
                    df.v ->> 'prior_involvement' as prior_involvement, ${sql.join(answers, sql`, `)},
                    ${ageExpression(day)} as age_years,
                    df.v ->> 'level' as level_end,
                    ${period ? sql`sf.v ->> 'level'` : sql`null::text`} as level_start,
                    ${period ? sql`o.first_open >= ${period.from}::date` : sql`false`} as newly_opened,
                    coalesce(mc.n, 0) as missing_count,
                    case when coalesce(mc.ever, 0) = 0 and df.v -> 'earlier_missing_episodes' is null then null
                         else coalesce(mc.ever, 0) + coalesce((df.v ->> 'earlier_missing_episodes')::int, 0) end as missing_ever
               from (${openInWindow(scope, window)}) o
               join young_people yp on yp.id = o.young_person_id
               left join (${factsOnDay(scope, window, day)}) df on df.young_person_id = yp.id
               ${period ? sql`left join (${factsOnDay(scope, window, addDays(period.from, -1))}) sf on sf.young_person_id = yp.id` : sql``}
               left join (${missing}) mc on mc.young_person_id = yp.id
              where ${openYoungPeopleCondition(scope)}
             offset 0`;
}

/**
 * Every young-people breakdown in two queries over the same young people, run side by side:
 * GROUPING SETS for the breakdowns where each person is in one row, filtered counts for the
 * select-all questions. (Exported so the benchmark can show their plans.)
 */
export function peopleQueries(scope: Scope, window: Window) {
  const specs = peopleTables(window);
  const grouped = specs.filter((s) => s.grouped);
  const filtered = specs.filter((s) => !s.grouped && !s.derive);
  if (grouped.length > 31) throw new Error('GROUPING() takes at most 31 arguments');
  const names = grouped.map((_, i) => sql.raw(`g${i}`));
  const groupedQuery = sql`select ${sql.join(grouped.map((_, i) => sql`${names[i]!}`), sql`, `)}, grouping(${sql.join(names, sql`, `)})::int as mask, count(*)::int as n
    from (select ${sql.join(grouped.map((spec, i) => sql`(${spec.grouped!.expr})::text as ${names[i]!}`), sql`, `)} from (${baseQuery(scope, window)}) base) g
    group by grouping sets (${sql.join(names.map((n) => sql`(${n})`), sql`, `)})`;
  const cells = filtered.flatMap((spec) => spec.rows.map((row) => ({ spec, row })));
  const filteredQuery = sql`select count(*)::int as total, count(age_years)::int as aged, round(avg(age_years), 1)::float8 as mean_age,
                                   (percentile_cont(0.5) within group (order by age_years))::float8 as median_age${cells.length ? sql`, ` : sql``}${sql.join(
    cells.map((c, i) => sql`(count(*) filter (where ${c.row.condition ?? sql`false`}))::int as ${sql.raw(`c${i}`)}`),
    sql`, `,
  )} from (${baseQuery(scope, window)}) base`;
  return { specs, grouped, cells, groupedQuery, filteredQuery };
}

async function countPeople(db: Db, scope: Scope, window: Window): Promise<{ total: number; counts: Map<string, number>; ages: { aged: number; mean: number | null; median: number | null }; specs: PeopleTableSpec[] }> {
  const { specs, grouped, cells, groupedQuery, filteredQuery } = peopleQueries(scope, window);
  const [groupedRows, [filteredRow]] = await Promise.all([rows<Record<string, string | number | null>>(db, groupedQuery), rows<Record<string, number | null>>(db, filteredQuery)]);
  const counts = new Map<string, number>();
  const add = (tableId: string, key: string, n: number) => counts.set(`${tableId}:${key}`, (counts.get(`${tableId}:${key}`) ?? 0) + n);
  for (const row of groupedRows) {
    const mask = Number(row.mask);
    // GROUPING() sets a bit for each argument left out of the row's set; the first argument is the highest bit.
    const index = grouped.findIndex((_, i) => (mask & (1 << (grouped.length - 1 - i))) === 0);
    if (index < 0) continue;
    const spec = grouped[index]!;
    const value = row[`g${index}`];
    const key = spec.grouped!.keyOf(value === null || value === undefined ? null : String(value));
    if (key !== null) add(spec.id, key, Number(row.n));
  }
  cells.forEach((c, i) => add(c.spec.id, c.row.key, Number(filteredRow?.[`c${i}`] ?? 0)));
  const total = Number(filteredRow?.total ?? 0);
  const count = (tableId: string, key: string) => counts.get(`${tableId}:${key}`) ?? 0;
  for (const spec of specs) {
    if (!spec.derive) continue;
    for (const [key, n] of Object.entries(spec.derive(count, total))) counts.set(`${spec.id}:${key}`, n);
  }
  const ages = { aged: Number(filteredRow?.aged ?? 0), mean: filteredRow?.mean_age ?? null, median: filteredRow?.median_age ?? null };
  return { total, counts, ages, specs: specs.filter((s) => !s.hidden) };
}

/** Mean and median age in whole years on the reference day, of those whose age is known. */
function ageFacts(window: Window, ages: { aged: number; mean: number | null; median: number | null }): Array<{ label: string; value: string }> {
  const on = window.kind === 'period' ? 'at the end of the period' : 'on the day';
  const years = (n: number | null) => (n === null ? 'no age known' : `${n.toLocaleString('en-GB', { maximumFractionDigits: 1 })} years`);
  return [
    { label: `Mean age ${on}`, value: years(ages.mean) },
    { label: `Median age ${on}`, value: years(ages.median) },
    { label: 'Young people whose age is known', value: ages.aged.toLocaleString('en-GB') },
  ];
}

function levelArray(): SQL {
  return sql`array[${sql.join(RISK_LEVELS.map((l) => sql`${l.value}::text`), sql`, `)}]`;
}

function peopleTable(spec: PeopleTableSpec, counts: Map<string, number>, columnLabel: string): FigureTable {
  return table({
    id: spec.id,
    title: spec.title,
    rowHeading: spec.rowHeading,
    columns: [{ key: 'young_people', label: columnLabel }],
    rows: spec.rows.map((r) => ({ key: r.key, label: r.label, values: [counts.get(`${spec.id}:${r.key}`) ?? 0] })),
    rowsAdd: spec.rowsAdd,
    note: spec.note,
  });
}

const PEOPLE_GROUPS: Array<{ id: string; title: string; tableIds: (id: string) => boolean; intro?: string }> = [
  { id: 'levels', title: 'Young people and risk levels', tableIds: (id) => ['open', 'risk_level', 'risk_level_change'].includes(id) },
  { id: 'overlooked', title: 'Groups the research says are overlooked', tableIds: (id) => id.startsWith('overlooked_'), intro: 'Boys and young men, 16 and 17 year olds, young people from abroad, and black and minority ethnic young people are less often identified. Each is shown with how many records do not say.' },
  { id: 'who', title: 'Who the young people are', tableIds: (id) => ['gender', 'age', 'ethnicity', 'living_arrangement', 'looked_after', 'looked_after_placement', 'prior_involvement'].includes(id) },
  { id: 'exploitation', title: 'How they are exploited', tableIds: (id) => ['monitoring_exploitation_models', 'monitoring_coercion_methods', 'monitoring_moved_between_areas', 'monitoring_from_abroad', 'missing', 'missing_ever'].includes(id) },
  { id: 'problems', title: 'Associated problems, education and needs', tableIds: (id) => id.startsWith('monitoring_') && !['monitoring_exploitation_models', 'monitoring_coercion_methods', 'monitoring_moved_between_areas', 'monitoring_from_abroad', 'monitoring_police_involvement', 'monitoring_court_proceedings', 'monitoring_conviction'].includes(id) },
  { id: 'justice', title: 'Police and courts', tableIds: (id) => ['monitoring_police_involvement', 'monitoring_court_proceedings', 'monitoring_conviction'].includes(id) },
];

/** All the young-people sections share one query; the builders below read it through this cache per call. */
const peopleCache = new WeakMap<object, Promise<Awaited<ReturnType<typeof countPeople>>>>();

function peopleFor(db: Db, scope: Scope, window: Window, run: object) {
  let pending = peopleCache.get(run);
  if (!pending) {
    pending = countPeople(db, scope, window);
    peopleCache.set(run, pending);
  }
  return pending;
}

const peopleColumnLabel = (window: Window) => (window.kind === 'period' ? 'Young people open in the period' : 'Young people open on the day');

function peopleSection(group: (typeof PEOPLE_GROUPS)[number]): ProfileSectionBuilder {
  return {
    id: group.id,
    title: group.title,
    windows: ['period', 'snapshot'],
    async build(db, scope, window) {
      const people = await peopleFor(db, scope, window, runToken(scope, window));
      const tables = people.specs.filter((s) => group.tableIds(s.id)).map((s) => peopleTable(s, people.counts, peopleColumnLabel(window)));
      return { id: group.id, title: group.title, intro: group.intro, ...(group.id === 'who' ? { facts: ageFacts(window, people.ages) } : {}), tables };
    },
  };
}

/**
 * One query serves every young-people section of one profile: the sections of a build share
 * the same scope and window objects, which key the cache (it is dropped with them).
 */
const runTokens = new WeakMap<Scope, WeakMap<Window, object>>();
function runToken(scope: Scope, window: Window): object {
  let byWindow = runTokens.get(scope);
  if (!byWindow) runTokens.set(scope, (byWindow = new WeakMap()));
  let token = byWindow.get(window);
  if (!token) byWindow.set(window, (token = {}));
  return token;
}

// ---- Concerns received in the period ----

const CERTAINTY_COLUMNS = [
  { key: 'known', label: 'Known' },
  { key: 'indicated', label: 'Indicated' },
  { key: 'not_triaged', label: 'Not yet triaged' },
];

const concernsSection: ProfileSectionBuilder = {
  id: 'concerns',
  title: 'New concerns',
  windows: ['period'],
  async build(db, scope, window) {
    if (window.kind !== 'period') throw new Error('concerns are counted over a period');
    const certainty = sql`case when c.certainty = 'known' then 'known' when c.certainty = 'indicated' then 'indicated' else 'not_triaged' end`;
    // One pass over the period's concerns (the covering index has every column used), grouped three ways.
    const grouped = await rows<{ agency: string | null; certainty: string | null; subject_kind: string | null; month: string | null; urgent: boolean | null; mask: number; n: number }>(
      db,
      sql`select c.raised_by_agency_id::text as agency, ${certainty} as certainty, c.subject_kind,
                 to_char(c.submitted_at at time zone ${UK_TIME_ZONE_SQL}, 'YYYY-MM') as month, c.urgent,
                 grouping(c.raised_by_agency_id, ${certainty}, c.subject_kind, to_char(c.submitted_at at time zone ${UK_TIME_ZONE_SQL}, 'YYYY-MM'), c.urgent)::int as mask,
                 count(*)::int as n
            from concerns c where ${concernsInPeriodCondition(scope, window)}
           group by grouping sets ((c.raised_by_agency_id, ${certainty}), (c.subject_kind), (to_char(c.submitted_at at time zone ${UK_TIME_ZONE_SQL}, 'YYYY-MM'), c.urgent))`,
    );
    const agencyList = await rows<{ id: string; name: string; kind: string }>(db, sql`select a.id::text as id, a.name, a.kind from agencies a where ${areaCondition(sql`a.area_id`, scope)}`);
    const agencyOf = new Map(agencyList.map((a) => [a.id, a]));
    const byAgencyCertainty = grouped.filter((r) => Number(r.mask) === 0b00111);
    const bySubject = grouped.filter((r) => Number(r.mask) === 0b11011);
    const byMonth = grouped.filter((r) => Number(r.mask) === 0b11100);
    const byKind: Array<{ kind: string; certainty: string; n: number }> = [];
    const perAgency = new Map<string, number>();
    for (const r of byAgencyCertainty) {
      const agency = agencyOf.get(r.agency ?? '');
      const kind = agency?.kind ?? 'unknown';
      const found = byKind.find((k) => k.kind === kind && k.certainty === r.certainty);
      if (found) found.n += Number(r.n);
      else byKind.push({ kind, certainty: r.certainty ?? 'not_triaged', n: Number(r.n) });
      const name = agency?.name ?? 'Another area’s agency';
      perAgency.set(name, (perAgency.get(name) ?? 0) + Number(r.n));
    }
    const byAgency = [...perAgency].map(([name, n]) => ({ name, n })).sort((a, b) => b.n - a.n || a.name.localeCompare(b.name));
    const months = monthsBetween(window.from, window.to);
    const monthCell = (month: string, urgent: boolean) => byMonth.find((r) => r.month === month && r.urgent === urgent)?.n ?? 0;
    const cell = (kind: string, cert: string) => byKind.find((r) => r.kind === kind && r.certainty === cert)?.n ?? 0;
    const otherKinds = [...new Set(byKind.map((r) => r.kind).filter((k) => !(AGENCY_KINDS as readonly string[]).includes(k)))];
    const subject = (k: string) => bySubject.find((r) => r.subject_kind === k)?.n ?? 0;
    return {
      id: 'concerns',
      title: 'New concerns',
      intro: 'Concerns received in the period, by the kind of agency that raised them and whether exploitation was known or indicated at triage.',
      tables: [
        table({
          id: 'concerns_by_agency_kind',
          title: 'New concerns by kind of referring agency, known and indicated',
          rowHeading: 'Referring agency',
          columns: CERTAINTY_COLUMNS,
          rows: [...AGENCY_KINDS, ...otherKinds].map((kind) => ({ key: kind, label: AGENCY_KIND_LABELS[kind as keyof typeof AGENCY_KIND_LABELS] ?? kind, values: CERTAINTY_COLUMNS.map((c) => cell(kind, c.key)) })),
          rowsAdd: true,
          columnsAdd: true,
        }),
        table({
          id: 'concerns_by_month',
          title: 'New concerns by month',
          rowHeading: 'Month',
          columns: [
            { key: 'urgent', label: 'Urgent' },
            { key: 'not_urgent', label: 'Not urgent' },
          ],
          rows: months.map((m) => ({ key: `m_${m.replace('-', '_')}`, label: formatMonth(m), values: [monthCell(m, true), monthCell(m, false)] })),
          rowsAdd: true,
          columnsAdd: true,
        }),
        table({
          id: 'concerns_by_agency',
          title: 'New concerns by referring agency',
          rowHeading: 'Agency',
          columns: [{ key: 'concerns', label: 'Concerns' }],
          rows: byAgency.map((r, i) => ({ key: `agency_${i + 1}`, label: r.name, values: [r.n] })),
          rowsAdd: true,
          inReturn: false,
          note: 'Agencies are named here; the anonymised return counts by kind of agency only.',
        }),
        table({
          id: 'concerns_by_subject',
          title: 'Who the concerns were about',
          rowHeading: 'About',
          columns: [{ key: 'concerns', label: 'Concerns' }],
          rows: [
            { key: 'known', label: 'A young person already on record', values: [subject('known')] },
            { key: 'new', label: 'A young person not yet on record', values: [subject('new')] },
            { key: 'unidentified', label: 'Someone not yet identified', values: [subject('unidentified')] },
          ],
          rowsAdd: true,
        }),
      ],
    };
  },
};

/** The calendar months a period touches, as YYYY-MM. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const end = to.slice(0, 7);
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month > end) break;
    out.push(month);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}


// ---- Missing episodes in the period ----

const missingSection: ProfileSectionBuilder = {
  id: 'missing_episodes',
  title: 'Missing episodes',
  windows: ['period'],
  async build(db, scope, window) {
    if (window.kind !== 'period') throw new Error('missing episodes are counted over a period');
    const agency = scope.agencyId ? sql` and exists (select 1 from team_members tm where tm.young_person_id = me.young_person_id and tm.agency_id = ${scope.agencyId}::uuid and tm.removed_at is null)` : sql``;
    const found = await rows<{ kind: string; looked_after: boolean; n: number }>(
      db,
      sql`select me.kind, me.looked_after, count(*)::int as n from missing_episodes me
           where ${areaCondition(sql`me.area_id`, scope)} and me.last_seen_at >= ${londonDayStartSql(window.from)} and me.last_seen_at < ${windowEnd(window)}${agency}
           group by 1, 2`,
    );
    const cell = (kind: string, lookedAfter: boolean) => found.find((r) => r.kind === kind && r.looked_after === lookedAfter)?.n ?? 0;
    return {
      id: 'missing_episodes',
      title: 'Missing episodes',
      tables: [
        table({
          id: 'missing_episodes',
          title: 'Missing episodes that began in the period',
          rowHeading: 'Episode',
          columns: [
            { key: 'looked_after', label: 'Looked after' },
            { key: 'not_looked_after', label: 'Not looked after' },
          ],
          rows: [
            { key: 'missing', label: 'Missing', values: [cell('missing', true), cell('missing', false)] },
            { key: 'away', label: 'Away from placement without permission', values: [cell('away', true), cell('away', false)] },
          ],
          rowsAdd: true,
          columnsAdd: true,
        }),
      ],
    };
  },
};

/** The profile's own sections, from the records every area keeps. */
const PROFILE_SECTIONS: readonly ProfileSectionBuilder[] = [
  peopleSection(PEOPLE_GROUPS[0]!),
  concernsSection,
  // The triage module's time to first feedback comes here (triage/index.ts).
  peopleSection(PEOPLE_GROUPS[1]!),
  peopleSection(PEOPLE_GROUPS[2]!),
  peopleSection(PEOPLE_GROUPS[3]!),
  missingSection,
  peopleSection(PEOPLE_GROUPS[4]!),
  peopleSection(PEOPLE_GROUPS[5]!),
];

declare module '../../platform/modules.ts' {
  interface ProfileSectionContribution {
    builder: ProfileSectionBuilder;
  }
}

/**
 * The profile's sections: its own, then those the modules contribute (`profileSections` in their
 * index.ts), each at the end or before the section it names.
 */
export function profileSections(modules: readonly LanternModule[] = installedModules()): ProfileSectionBuilder[] {
  const sections = [...PROFILE_SECTIONS];
  for (const { builder, before } of contributions('profileSections', modules)) {
    if (sections.some((s) => s.id === builder.id)) throw new Error(`A profile section called ${builder.id} is contributed twice`);
    const at = before ? sections.findIndex((s) => s.id === before) : -1;
    if (at >= 0) sections.splice(at, 0, builder);
    else sections.push(builder);
  }
  return sections;
}

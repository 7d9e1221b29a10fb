/**
 * The problem profile as a list of sections. Each section is one function from (db, scope,
 * window) to named tables of counts, so a module added later (adults and places of concern,
 * disruptions, panels' actions) adds its figures by registering one more section:
 *
 *   registerProfileSection({ id: 'intelligence', title: 'Hotspots and adults of concern', windows: ['period'], build: async (db, scope, window) => ({ … }) });
 *
 * from its own file, imported once by src/modules/index.ts. The page, the CSV downloads, the
 * charts and the anonymised return pick it up with nothing else to change.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { rows } from '../../platform/db/database.ts';
import { AGENCY_KINDS, AGENCY_KIND_LABELS } from '../organisation/roles.ts';
import { ETHNICITIES, GENDERS, LIVING_ARRANGEMENTS, MONITORING_FIELDS, PRIOR_INVOLVEMENT, YES_NO, type MonitoringField } from '../young-people/monitoring.ts';
import { createDefaultInstrument } from '../risk/instrument/index.ts';
import { feedbackTimesBetween } from '../triage/queue.ts';
import { table, type FigureTable, type ProfileSection } from './figure-table.ts';
import { concernsInPeriodCondition, openYoungPeopleCondition, referenceDate, ukDayStart, addDays, windowEnd, areaCondition, type Scope, type Window } from './window.ts';

export interface ProfileSectionBuilder {
  id: string;
  title: string;
  /** Which windows the section means something for: a period, a snapshot day, or both. */
  windows: Array<Window['kind']>;
  build(db: Db, scope: Scope, window: Window): Promise<ProfileSection>;
}

/** The risk levels in order of seriousness (the shipped instrument's; areas' own versions keep these ids). */
export const RISK_LEVELS = createDefaultInstrument().levels.map((l) => ({ value: l.id, label: l.label }));

// ---- Young people open in the window: every breakdown in one pass over them. ----

interface Counter {
  tableId: string;
  rowKey: string;
  condition: SQL;
}

interface PeopleTableSpec {
  id: string;
  title: string;
  rowHeading: string;
  rows: Array<{ key: string; label: string; condition: SQL }>;
  rowsAdd: boolean;
  note?: string;
}

const NOT_RECORDED_LABEL = 'Not recorded';

/** Age in whole years on the reference day: from the date of birth, else from an estimated age moved on by the time since. */
function ageExpression(onDate: string): SQL {
  return sql`case when yp.date_of_birth is not null then extract(year from age(${onDate}::date, yp.date_of_birth))::int
                  when yp.estimated_age is not null then yp.estimated_age + extract(year from age(${onDate}::date, coalesce(yp.estimated_age_at, (yp.created_at at time zone 'Europe/London')::date)))::int end`;
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

const inList = (column: SQL, values: string[]) => (values.length ? sql`${column} in (${sql.join(values.map((v) => sql`${v}`), sql`, `)})` : sql`false`);
/** Not one of the values, including null: what "not recorded" means for a column with a fixed list. */
const notIn = (column: SQL, values: string[]) => sql`(${inList(column, values)}) is not true`;

function monitoringRows(field: MonitoringField): PeopleTableSpec {
  const value = sql`(base.monitoring ->> ${field.key})`;
  const answer = sql`(base.monitoring -> ${field.key})`;
  const notRecorded = { key: 'not_recorded', label: NOT_RECORDED_LABEL, condition: sql`${answer} is null` };
  if (field.kind === 'many') {
    return {
      id: `monitoring_${field.key}`,
      title: field.label,
      rowHeading: field.label,
      rowsAdd: false,
      note: 'Several may apply to one young person, so the rows do not add up to the number of young people.',
      rows: [
        ...field.options.map((o) => ({ key: o.value, label: o.label, condition: sql`coalesce(jsonb_typeof(${answer}) = 'array' and ${answer} @> jsonb_build_array(${o.value}::text), false)` })),
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
    rows: [...options.map((o) => ({ key: o.value, label: o.label, condition: sql`${value} = ${o.value}` })), notRecorded],
  };
}

/** The level a young person was at on a day: their latest assessment by then; with no assessment ever, the level on their record. */
function levelAt(instant: SQL): SQL {
  return sql`coalesce(
    (select ra.level from risk_assessments ra where ra.young_person_id = yp.id and ra.assessed_at < ${instant} order by ra.assessed_at desc limit 1),
    case when not exists (select 1 from risk_assessments ra where ra.young_person_id = yp.id) then yp.risk_level end)`;
}

function peopleTables(window: Window): PeopleTableSpec[] {
  const onDate = referenceDate(window);
  const age = sql`base.age_years`;
  const missingLabel = window.kind === 'period' ? 'Missing episodes in the period' : 'Missing episodes in the 12 months before';
  const specs: PeopleTableSpec[] = [
    {
      id: 'risk_level',
      title: window.kind === 'period' ? 'Young people by risk level at the end of the period' : 'Young people by risk level on the day',
      rowHeading: 'Risk level',
      rowsAdd: true,
      rows: [...RISK_LEVELS.map((l) => ({ key: l.value, label: l.label, condition: sql`base.level_end = ${l.value}` })), { key: 'not_assessed', label: 'Not assessed', condition: sql`base.level_end is null` }],
      note: 'A young person’s level is that of their latest risk assessment by the day; with no assessment, the level recorded on their record.',
    },
    {
      id: 'gender',
      title: 'Gender',
      rowHeading: 'Gender',
      rowsAdd: true,
      rows: [...GENDERS.map((g) => ({ key: g.value, label: g.label, condition: sql`base.gender = ${g.value}` })), { key: 'not_recorded', label: NOT_RECORDED_LABEL, condition: notIn(sql`base.gender`, GENDERS.map((g) => g.value)) }],
    },
    {
      id: 'age',
      title: window.kind === 'period' ? 'Age at the end of the period' : 'Age on the day',
      rowHeading: 'Age',
      rowsAdd: true,
      rows: [...AGE_BANDS.map((b) => ({ key: b.key, label: b.label, condition: sql`${age} between ${b.min} and ${b.max}` })), { key: 'not_recorded', label: 'Not known', condition: sql`${age} is null` }],
    },
    {
      id: 'ethnicity',
      title: 'Ethnic group',
      rowHeading: 'Ethnic group',
      rowsAdd: true,
      rows: [
        ...ETHNIC_GROUPS.map((group) => ({ key: group.toLowerCase().replace(/[^a-z]+/g, '_'), label: group === 'Not given' ? 'Chose not to say' : group, condition: inList(sql`base.ethnicity`, ETHNICITIES.filter((e) => e.group === group).map((e) => e.value)) })),
        { key: 'not_recorded', label: NOT_RECORDED_LABEL, condition: notIn(sql`base.ethnicity`, ETHNICITIES.map((e) => e.value)) },
      ],
    },
    {
      id: 'living_arrangement',
      title: 'Living arrangement and placement',
      rowHeading: 'Living arrangement',
      rowsAdd: true,
      rows: [
        ...LIVING_ARRANGEMENTS.map((o) => ({ key: o.value, label: o.label, condition: sql`base.living_arrangement = ${o.value}` })),
        { key: 'not_recorded', label: NOT_RECORDED_LABEL, condition: notIn(sql`base.living_arrangement`, LIVING_ARRANGEMENTS.map((o) => o.value)) },
      ],
    },
    {
      id: 'prior_involvement',
      title: 'Earlier children’s services involvement',
      rowHeading: 'Involvement',
      rowsAdd: true,
      rows: [
        ...PRIOR_INVOLVEMENT.map((o) => ({ key: o.value, label: o.label, condition: sql`base.prior_involvement = ${o.value}` })),
        { key: 'not_recorded', label: NOT_RECORDED_LABEL, condition: notIn(sql`base.prior_involvement`, PRIOR_INVOLVEMENT.map((o) => o.value)) },
      ],
    },
    {
      id: 'missing',
      title: missingLabel,
      rowHeading: 'Episodes',
      rowsAdd: true,
      note: 'Counted from missing episodes recorded in Lantern: "none recorded" is not the same as never missing.',
      rows: [
        { key: 'none', label: 'None recorded', condition: sql`base.missing_count = 0` },
        { key: '1', label: 'One', condition: sql`base.missing_count = 1` },
        { key: '2_4', label: '2 to 4', condition: sql`base.missing_count between 2 and 4` },
        { key: '5_over', label: '5 or more', condition: sql`base.missing_count >= 5` },
      ],
    },
    ...MONITORING_FIELDS.map((field) => monitoringRows(field)),
  ];
  // The groups the research says are overlooked, shown explicitly, each with its own "not recorded".
  specs.push(...overlookedSpecs(onDate));
  return specs;
}

function overlookedSpecs(_onDate: string): PeopleTableSpec[] {
  const groups = [
    { key: 'boys', label: 'Boys and young men', inGroup: inList(sql`base.gender`, BOYS_VALUES), notRecorded: notIn(sql`base.gender`, GENDERS.map((g) => g.value)) },
    { key: 'aged_16_17', label: '16 and 17 year olds', inGroup: sql`base.age_years between 16 and 17`, notRecorded: sql`base.age_years is null` },
    { key: 'from_abroad', label: 'Brought to the UK from abroad', inGroup: sql`(base.monitoring ->> 'from_abroad') = 'yes'`, notRecorded: sql`(base.monitoring -> 'from_abroad') is null` },
    { key: 'bme', label: 'Black and minority ethnic young people', inGroup: inList(sql`base.ethnicity`, BME_VALUES), notRecorded: notIn(sql`base.ethnicity`, ETHNICITIES.filter((e) => e.group !== 'Not given').map((e) => e.value)) },
  ];
  return groups.map((g) => ({
    id: `overlooked_${g.key}`,
    title: g.label,
    rowHeading: g.label,
    rowsAdd: true,
    rows: [
      { key: 'in_group', label: 'Yes', condition: g.inGroup },
      { key: 'not_in_group', label: 'No', condition: sql`not (${g.inGroup}) and not (${g.notRecorded})` },
      { key: 'not_recorded', label: g.key === 'bme' ? 'Not recorded or chose not to say' : g.key === 'aged_16_17' ? 'Age not known' : NOT_RECORDED_LABEL, condition: g.notRecorded },
    ],
  }));
}

/** The window's young people with what every breakdown needs, as a CTE called base. */
function baseQuery(scope: Scope, window: Window): SQL {
  const end = windowEnd(window);
  const missingFrom = window.kind === 'period' ? ukDayStart(window.from) : ukDayStart(addDays(`${String(Number(window.date.slice(0, 4)) - 1)}${window.date.slice(4)}`.replace(/-02-29$/, '-02-28'), 1));
  return sql`select yp.id, yp.gender, yp.ethnicity, yp.living_arrangement, yp.prior_involvement, yp.monitoring,
                    ${ageExpression(referenceDate(window))} as age_years,
                    ${levelAt(end)} as level_end,
                    ${window.kind === 'period' ? levelAt(ukDayStart(window.from)) : sql`null::text`} as level_start,
                    ${window.kind === 'period' ? sql`coalesce(yp.opened_on, (yp.created_at at time zone 'Europe/London')::date) >= ${window.from}::date` : sql`false`} as newly_opened,
                    (select count(*)::int from missing_episodes me where me.young_person_id = yp.id and me.last_seen_at >= ${missingFrom} and me.last_seen_at < ${end}) as missing_count
               from young_people yp where ${openYoungPeopleCondition(scope, window)}`;
}

/** Runs every young-people breakdown in one query: a filtered count per cell. */
async function countPeople(db: Db, scope: Scope, window: Window): Promise<{ total: number; counts: Map<string, number>; specs: PeopleTableSpec[]; extra: Record<string, number> }> {
  const specs = peopleTables(window);
  const counters: Counter[] = specs.flatMap((spec) => spec.rows.map((row) => ({ tableId: spec.id, rowKey: row.key, condition: row.condition })));
  const extras: Record<string, SQL> = {
    newly_opened: sql`base.newly_opened`,
    raised: sql`base.level_start is not null and base.level_end is not null and array_position(${levelArray()}, base.level_end) > array_position(${levelArray()}, base.level_start)`,
    lowered: sql`base.level_start is not null and base.level_end is not null and array_position(${levelArray()}, base.level_end) < array_position(${levelArray()}, base.level_start)`,
    unchanged: sql`base.level_start is not null and base.level_end is not distinct from base.level_start`,
    first_level: sql`base.level_start is null and base.level_end is not null`,
    no_level: sql`base.level_start is null and base.level_end is null`,
    level_removed: sql`base.level_start is not null and base.level_end is null`,
  };
  const columns = [
    ...counters.map((c, i) => sql`(count(*) filter (where ${c.condition}))::int as ${sql.raw(`c${i}`)}`),
    ...Object.entries(extras).map(([name, condition]) => sql`(count(*) filter (where ${condition}))::int as ${sql.raw(`x_${name}`)}`),
  ];
  const [row] = await rows<Record<string, number>>(db, sql`with base as (${baseQuery(scope, window)}) select count(*)::int as total, ${sql.join(columns, sql`, `)} from base`);
  const counts = new Map<string, number>();
  counters.forEach((c, i) => counts.set(`${c.tableId}:${c.rowKey}`, Number(row?.[`c${i}`] ?? 0)));
  const extra: Record<string, number> = {};
  for (const name of Object.keys(extras)) extra[name] = Number(row?.[`x_${name}`] ?? 0);
  return { total: Number(row?.total ?? 0), counts, specs, extra };
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
  { id: 'levels', title: 'Risk levels', tableIds: (id) => id === 'risk_level' },
  { id: 'overlooked', title: 'Groups the research says are overlooked', tableIds: (id) => id.startsWith('overlooked_'), intro: 'Boys and young men, 16 and 17 year olds, young people from abroad, and black and minority ethnic young people are less often identified. Each is shown with how many records do not say.' },
  { id: 'who', title: 'Who the young people are', tableIds: (id) => ['gender', 'age', 'ethnicity', 'living_arrangement', 'prior_involvement'].includes(id) },
  { id: 'exploitation', title: 'How they are exploited', tableIds: (id) => ['monitoring_exploitation_models', 'monitoring_coercion_methods', 'monitoring_moved_between_areas', 'monitoring_from_abroad', 'missing'].includes(id) },
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
      if (group.id === 'levels') {
        tables.unshift(
          table({
            id: 'open',
            title: window.kind === 'period' ? 'Young people open to CSE work in the period' : 'Young people open to CSE work on the day',
            rowHeading: 'Young people',
            columns: [{ key: 'young_people', label: 'Young people' }],
            rows:
              window.kind === 'period'
                ? [
                    { key: 'already_open', label: 'Already open at the start', values: [people.total - people.extra.newly_opened!] },
                    { key: 'newly_identified', label: 'Newly identified in the period', values: [people.extra.newly_opened!] },
                  ]
                : [{ key: 'open', label: 'Open on the day', values: [people.total] }],
            rowsAdd: window.kind === 'period',
          }),
        );
        if (window.kind === 'period') {
          tables.push(
            table({
              id: 'risk_level_change',
              title: 'How risk levels changed over the period',
              rowHeading: 'Change',
              columns: [{ key: 'young_people', label: 'Young people' }],
              rows: [
                { key: 'raised', label: 'Level went up', values: [people.extra.raised!] },
                { key: 'lowered', label: 'Level went down', values: [people.extra.lowered!] },
                { key: 'unchanged', label: 'Level the same', values: [people.extra.unchanged!] },
                { key: 'first_level', label: 'First given a level', values: [people.extra.first_level!] },
                { key: 'level_removed', label: 'Level no longer recorded', values: [people.extra.level_removed!] },
                { key: 'no_level', label: 'No level at either date', values: [people.extra.no_level!] },
              ],
              rowsAdd: true,
            }),
          );
        }
      }
      return { id: group.id, title: group.title, intro: group.intro, tables };
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
    const [byKind, byAgency, bySubject] = await Promise.all([
      rows<{ kind: string; certainty: string; n: number }>(
        db,
        sql`select a.kind, ${certainty} as certainty, count(*)::int as n from concerns c join agencies a on a.id = c.raised_by_agency_id
             where ${concernsInPeriodCondition(scope, window)} group by 1, 2`,
      ),
      rows<{ name: string; n: number }>(
        db,
        sql`select a.name, count(*)::int as n from concerns c join agencies a on a.id = c.raised_by_agency_id where ${concernsInPeriodCondition(scope, window)} group by 1 order by 2 desc, 1`,
      ),
      rows<{ subject_kind: string; n: number }>(db, sql`select c.subject_kind, count(*)::int as n from concerns c where ${concernsInPeriodCondition(scope, window)} group by 1`),
    ]);
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

// ---- Time from concern to first feedback (the triage module's measure) ----

const feedbackSection: ProfileSectionBuilder = {
  id: 'feedback',
  title: 'Telling the person who raised the concern',
  windows: ['period'],
  async build(db, scope, window) {
    if (window.kind !== 'period') throw new Error('feedback is counted over a period');
    const times = await feedbackTimesBetween(db, scope.areaIds, window.from, window.to, scope.agencyId ?? null);
    const hours = (h: number | null) => (h === null ? 'No feedback yet' : h < 48 ? `${h.toFixed(1)} hours` : `${(h / 24).toFixed(1)} days`);
    return {
      id: 'feedback',
      title: 'Telling the person who raised the concern',
      intro: 'Time from a concern being received to the first feedback to the person who raised it, for concerns received in the period (elapsed time, not working time).',
      facts: [
        { label: 'Median time to first feedback', value: hours(times.medianHours) },
        { label: '9 in 10 had feedback within', value: hours(times.p90Hours) },
      ],
      tables: [
        table({
          id: 'feedback_time',
          title: 'Time to first feedback',
          rowHeading: 'First feedback',
          columns: [{ key: 'concerns', label: 'Concerns' }],
          rows: [
            { key: 'within_1_day', label: 'Within a day', values: [times.bands.withinDay] },
            { key: 'within_3_days', label: 'After 1 to 3 days', values: [times.bands.withinThreeDays] },
            { key: 'later', label: 'After more than 3 days', values: [times.bands.later] },
            { key: 'none', label: 'No feedback yet', values: [times.withoutFeedback] },
          ],
          rowsAdd: true,
        }),
      ],
    };
  },
};

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
           where ${areaCondition(sql`me.area_id`, scope)} and me.last_seen_at >= ${ukDayStart(window.from)} and me.last_seen_at < ${windowEnd(window)}${agency}
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

export const PROFILE_SECTIONS: ProfileSectionBuilder[] = [
  peopleSection(PEOPLE_GROUPS[0]!),
  concernsSection,
  feedbackSection,
  peopleSection(PEOPLE_GROUPS[1]!),
  peopleSection(PEOPLE_GROUPS[2]!),
  peopleSection(PEOPLE_GROUPS[3]!),
  missingSection,
  peopleSection(PEOPLE_GROUPS[4]!),
  peopleSection(PEOPLE_GROUPS[5]!),
];

/** How a later module adds its figures: one more section, placed after the existing ones unless `before` names one. */
export function registerProfileSection(builder: ProfileSectionBuilder, options: { before?: string } = {}): void {
  if (PROFILE_SECTIONS.some((s) => s.id === builder.id)) throw new Error(`A profile section called ${builder.id} is already registered`);
  const at = options.before ? PROFILE_SECTIONS.findIndex((s) => s.id === options.before) : -1;
  if (at >= 0) PROFILE_SECTIONS.splice(at, 0, builder);
  else PROFILE_SECTIONS.push(builder);
}


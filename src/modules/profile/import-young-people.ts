/**
 * `import young-people`: an area's existing list of young people *with their monitoring data*, so
 * the profile starts from what the area already holds. It is `import people` (linkage/import.ts:
 * the same reading, checks, duplicate finding, batches, audit and progress) with more columns,
 * written in the same transaction as each record.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import type { ImportExtension } from '../linkage/index.ts';
import { youngPeople } from '../young-people/tables.ts';
import { LIVING_ARRANGEMENTS, MONITORING_FIELDS, PRIOR_INVOLVEMENT, RISK_LEVEL_SCALE, YES_NO, periodProblems, recordFactPeriods, type CountedFact, type FactPeriod, type FactValue, type MonitoringAnswers } from '../young-people/index.ts';
import { isIsoDate, londonToday } from '../../platform/time.ts';


export interface YoungPersonExtras {
  livingArrangement: string;
  lookedAfter: string;
  priorInvolvement: string;
  monitoring: MonitoringAnswers;
  riskLevel: string | null;
  earlierMissingEpisodes: number | null;
  openedOn: string | null;
  closedOn: string | null;
  /** The day ages are judged on: the concern's day, else the day CSE work began, else none (today). */
  ageDay: string | null;
  /** Later changes, from the history column, each a period of one fact. */
  history: FactPeriod[];
}

const list = (values: string[]) => values.join(', ');

/** Columns a history entry may name, and the fact each is. */
const HISTORY_FIELDS: Record<string, CountedFact> = {
  living_arrangement: 'living_arrangement',
  looked_after: 'looked_after',
  prior_involvement: 'prior_involvement',
  risk_level: 'level',
  earlier_missing_episodes: 'earlier_missing_episodes',
  ...Object.fromEntries(MONITORING_FIELDS.map((f) => [f.key, `m:${f.key}` as CountedFact])),
};

export const MONITORING_IMPORT_COLUMNS: Array<{ name: string; description: string }> = [
  { name: 'opened_on', description: 'the day CSE work with them began, as 31/12/2025 or 2025-12-31 (blank: the day of the import); the columns below hold from this day' },
  { name: 'closed_on', description: 'the day CSE work with them ended, if it has (after opened_on)' },
  { name: 'concern_on', description: 'the day of the first concern; ages are judged on it (else on opened_on, else today)' },
  { name: 'risk_level', description: `one of ${list(RISK_LEVEL_SCALE.map((l) => l.id))}; blank when not assessed` },
  { name: 'living_arrangement', description: `one of ${list(LIVING_ARRANGEMENTS.map((o) => o.value))}; blank when not recorded` },
  { name: 'looked_after', description: 'yes or no: looked after by a local authority, wherever they live; blank when not recorded (a looked_after_ placement means yes)' },
  { name: 'earlier_missing_episodes', description: 'how many times they had gone missing before (0: known never to have gone missing); blank when not recorded' },
  { name: 'prior_involvement', description: `one of ${list(PRIOR_INVOLVEMENT.map((o) => o.value))}; blank when not recorded` },
  ...MONITORING_FIELDS.map((f) => ({
    name: f.key,
    description:
      f.kind === 'yes_no'
        ? `${f.label.toLowerCase()}: yes or no; blank when not recorded`
        : f.kind === 'one'
          ? `${f.label.toLowerCase()}: one of ${list(f.options.map((o) => o.value))}; blank when not recorded`
          : `${f.label.toLowerCase()}: any of ${list(f.options.map((o) => o.value))}, separated by semicolons, or none; blank when not recorded`,
  })),
  {
    name: 'history',
    description:
      'later changes, separated by |, each "column=value from DAY" or "column=value from DAY to DAY" (to: the first day it no longer held), e.g. "living_arrangement=looked_after_residential from 2011-03-01 | risk_level=entrenched from 2011-04-02"; the columns above hold from opened_on until their column’s first change; a value of not_recorded ends what was recorded',
  },
];

function dayFrom(text: string): string | null {
  const uk = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  const iso = uk ? `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}` : text;
  return isIsoDate(iso) ? iso : null;
}

/** One value of a column, as the column's rules read it: undefined when it is wrong (a problem is added), null when blank. */
function readValue(name: string, raw: string, problems: string[]): FactValue | undefined {
  const value = raw.trim().toLowerCase();
  if (!value || value === 'not_recorded') return null;
  const oneOf = (options: { value: string }[], given = value) => {
    if (options.some((o) => o.value === given)) return given;
    problems.push(`${name}: “${raw.trim().slice(0, 40)}” is not a category Lantern knows; use one of ${list(options.map((o) => o.value))}, or leave it blank`);
    return undefined;
  };
  const yesNo = (v: string) => ({ y: 'yes', n: 'no' } as Record<string, string>)[v] ?? v;
  switch (name) {
    case 'living_arrangement':
      return oneOf(LIVING_ARRANGEMENTS);
    case 'prior_involvement':
      return oneOf(PRIOR_INVOLVEMENT);
    case 'looked_after':
      return oneOf(YES_NO, yesNo(value));
    case 'risk_level':
      return oneOf(RISK_LEVEL_SCALE.map((l) => ({ value: l.id })));
    case 'earlier_missing_episodes':
      if (/^\d{1,4}$/.test(value) && Number(value) <= 1000) return Number(value);
      problems.push(`${name}: “${raw.trim().slice(0, 20)}” must be a whole number of times, like 0 or 12`);
      return undefined;
  }
  const f = MONITORING_FIELDS.find((m) => m.key === name);
  if (!f) return undefined;
  if (f.kind === 'many') {
    const values = value.split(';').map((v) => v.trim()).filter(Boolean);
    if (values.includes('none')) {
      if (values.length > 1) {
        problems.push(`${f.key}: “none” cannot go with other answers`);
        return undefined;
      }
      return [];
    }
    const unknown = values.filter((v) => !f.options.some((o) => o.value === v));
    if (unknown.length) {
      problems.push(`${f.key}: ${unknown.map((v) => `“${v.slice(0, 40)}”`).join(', ')} not known; use ${list(f.options.map((o) => o.value))} or none, separated by semicolons`);
      return undefined;
    }
    return [...new Set(values)];
  }
  if (f.kind === 'yes_no') {
    const v = yesNo(value);
    if (YES_NO.some((o) => o.value === v)) return v;
    problems.push(`${f.key}: “${raw.trim().slice(0, 40)}” is not a category Lantern knows; use ${list(YES_NO.map((o) => o.value))}, or leave it blank`);
    return undefined;
  }
  return oneOf(f.options);
}

const HISTORY_ENTRY = /^([a-z_]+)\s*=\s*(.*?)\s+from\s+(\S+)(?:\s+to\s+(\S+))?$/i;

export const youngPeopleImport: ImportExtension<YoungPersonExtras> = {
  columns: MONITORING_IMPORT_COLUMNS,
  ageDay(cells) {
    const concern = dayFrom((cells.concern_on ?? '').trim());
    if (concern) return { day: concern, words: 'the day of the concern' };
    const opened = dayFrom((cells.opened_on ?? '').trim());
    return opened ? { day: opened, words: 'the day CSE work began' } : null;
  },
  validate(cells, today) {
    const problems: string[] = [];
    const cell = (name: string) => (cells[name] ?? '').trim();
    const plain = (name: string) => readValue(name, cell(name), problems) ?? null;
    const livingArrangement = (plain('living_arrangement') as string | null) ?? 'not_recorded';
    let lookedAfter = (plain('looked_after') as string | null) ?? 'not_recorded';
    if (livingArrangement.startsWith('looked_after_')) {
      if (lookedAfter === 'no') problems.push('looked_after: “no” contradicts living_arrangement, a placement that means looked after');
      lookedAfter = 'yes';
    }
    const priorInvolvement = (plain('prior_involvement') as string | null) ?? 'not_recorded';
    const riskLevel = plain('risk_level') as string | null;
    const earlierMissingEpisodes = plain('earlier_missing_episodes') as number | null;
    const monitoring: MonitoringAnswers = {};
    for (const f of MONITORING_FIELDS) {
      const value = plain(f.key);
      if (value !== null) monitoring[f.key] = value as string | string[];
    }
    const todayDay = londonToday(today);
    const dated = (name: string, words: string) => {
      const text = cell(name);
      if (!text) return null;
      const day = dayFrom(text);
      if (!day) problems.push(`${name}: “${text.slice(0, 20)}” is not a real date; write it like 31/12/2025`);
      else if (day > todayDay) problems.push(`${name}: ${words} cannot be in the future`);
      else if (day < '1990-01-01') problems.push(`${name}: ${words} is too long ago to be right`);
      else return day;
      return null;
    };
    const openedOn = dated('opened_on', 'the day CSE work began');
    const closedOn = dated('closed_on', 'the day CSE work ended');
    const concernOn = dated('concern_on', 'the day of the concern');
    if (closedOn && closedOn <= (openedOn ?? todayDay)) problems.push(`closed_on: CSE work must end after the day it began (${openedOn ?? 'today'})`);

    // Later changes: each a period of one fact, checked against each other and the record's dates.
    const history: FactPeriod[] = [];
    const entries = cell('history') ? cell('history').split('|').map((e) => e.trim()).filter(Boolean) : [];
    for (const entry of entries) {
      const match = HISTORY_ENTRY.exec(entry);
      const fact = match ? HISTORY_FIELDS[match[1]!.toLowerCase()] : undefined;
      if (!match) {
        problems.push(`history: “${entry.slice(0, 60)}” is not “column=value from DAY” or “column=value from DAY to DAY”`);
        continue;
      }
      if (!fact) {
        problems.push(`history: “${match[1]!.slice(0, 30)}” is not a column that keeps history; use ${list(Object.keys(HISTORY_FIELDS))}`);
        continue;
      }
      const value = readValue(match[1]!.toLowerCase(), match[2]!, problems);
      if (value === undefined) continue;
      const from = dayFrom(match[3]!);
      const to = match[4] ? dayFrom(match[4]) : null;
      if (!from || (match[4] && !to)) {
        problems.push(`history: “${entry.slice(0, 60)}”: the days must be real dates, like 2011-06-06`);
        continue;
      }
      history.push({ fact, value, from, to });
    }
    const start = openedOn ?? todayDay;
    // Each column's own value holds from opened_on until the column's first change in the history.
    const plainPeriods: FactPeriod[] = [];
    const plainValues: Array<[string, FactValue]> = [
      ['living_arrangement', livingArrangement === 'not_recorded' ? null : livingArrangement],
      ['looked_after', lookedAfter === 'not_recorded' ? null : lookedAfter],
      ['prior_involvement', priorInvolvement === 'not_recorded' ? null : priorInvolvement],
      ['level', riskLevel],
      ['earlier_missing_episodes', earlierMissingEpisodes],
      ...Object.entries(monitoring).map(([k, v]) => [`m:${k}`, v] as [string, FactValue]),
    ];
    for (const [fact, value] of plainValues) {
      if (value === null) continue;
      const firstChange = history.filter((h) => h.fact === fact).map((h) => h.from).sort()[0] ?? null;
      plainPeriods.push({ fact: fact as CountedFact, value, from: start, to: firstChange === start ? start : firstChange });
    }
    const columnOf = (fact: string) => Object.entries(HISTORY_FIELDS).find(([, f]) => f === fact)?.[0] ?? fact;
    for (const problem of periodProblems([...plainPeriods.filter((p) => p.to !== p.from), ...history], start, todayDay)) problems.push(`history: ${problem.replace(/(?<![a-z_])(level|m:[a-z_]+)(?![a-z_])/g, (f) => columnOf(f))}`);
    for (const p of plainPeriods.filter((q) => q.to === q.from)) problems.push(`history: ${columnOf(p.fact)} changes on ${start}, the day its column already holds from: the row contradicts itself`);
    for (const h of history) {
      if (closedOn && h.from >= closedOn) problems.push(`history: ${columnOf(h.fact)} from ${h.from} is on or after closed_on (${closedOn})`);
    }
    const ageDay = concernOn ?? openedOn;
    return { value: { livingArrangement, lookedAfter, priorInvolvement, monitoring, riskLevel, earlierMissingEpisodes, openedOn, closedOn, ageDay, history }, problems };
  },
  async write(tx: Db, youngPersonId: string, value: YoungPersonExtras) {
    // The row's columns hold from the day CSE work began (history.ts, decision record 0029).
    if (value.openedOn) await tx.execute(sql`select set_config('lantern.facts_from', ${value.openedOn}, true)`);
    await tx
      .update(youngPeople)
      .set({
        livingArrangement: value.livingArrangement,
        lookedAfter: value.lookedAfter,
        priorInvolvement: value.priorInvolvement,
        monitoring: value.monitoring,
        riskLevel: value.riskLevel,
        earlierMissingEpisodes: value.earlierMissingEpisodes,
        ...(value.openedOn ? { openedOn: value.openedOn } : {}),
        ...(value.closedOn ? { closedOn: value.closedOn } : {}),
        // An approximate age was the age on the row's own day.
        ...(value.ageDay ? { estimatedAgeAt: sql`case when ${youngPeople.estimatedAge} is null then null else ${value.ageDay}::date end` } : {}),
      })
      .where(eq(youngPeople.id, youngPersonId));
    await tx.execute(sql`select set_config('lantern.facts_from', '', true)`);
    if (value.history.length) await recordFactPeriods(tx, youngPersonId, value.history);
  },
};

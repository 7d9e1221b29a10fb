import { inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { areas } from '../organisation/tables.ts';
import { buildProfile, fullGrid, hasTotalColumn } from '../profile/index.ts';
import { addDays, londonToday } from '../../platform/time.ts';
import { failWithProblems, succeed, type Outcome, type Problem } from '../../platform/outcome.ts';
import { RETURN_FORMAT, RETURN_VERSION, returnProblems, shapeOf, type AnonymisedReturn, type ReturnTable } from './format.ts';
import { SMALL, THRESHOLD, WITHHELD, sharedTotals, suppressTables, type GridShape } from './suppression.ts';

export interface MonthPeriod {
  from: string;
  to: string;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(text: string): boolean {
  return MONTH.test(text);
}

/** The first and last days of a span of whole months. */
export function monthPeriodDays(period: MonthPeriod): { from: string; to: string } {
  const [y, m] = period.to.split('-').map(Number) as [number, number];
  const nextMonth = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return { from: `${period.from}-01`, to: addDays(nextMonth, -1) };
}

/** The last twelve whole months before this one. */
export function defaultMonthPeriod(now = new Date()): MonthPeriod {
  const today = londonToday(now);
  const [y, m] = today.split('-').map(Number) as [number, number];
  const lastMonth = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  const fromDate = new Date(Date.UTC(y, m - 13, 1));
  return { from: fromDate.toISOString().slice(0, 7), to: lastMonth };
}

export function validateMonthPeriod(input: { from?: string; to?: string }, now = new Date()): { period: MonthPeriod; errors: Record<string, string> } {
  const fallback = defaultMonthPeriod(now);
  const from = (input.from ?? '').trim() || fallback.from;
  const to = (input.to ?? '').trim() || fallback.to;
  const errors: Record<string, string> = {};
  if (!isMonth(from)) errors.from = 'Enter the first month of the return as a year and month, like 2026-01';
  if (!isMonth(to)) errors.to = 'Enter the last month of the return as a year and month, like 2026-12';
  if (!errors.from && !errors.to && from > to) errors.to = 'The last month must be the same as or after the first';
  return { period: { from, to }, errors };
}

export interface BuiltReturn {
  document: AnonymisedReturn;
  /** The counts before suppression, by table id: for tests and for checking, never exported. */
  raw: Map<string, number[][]>;
}

/** The anonymised return of one or more areas (as if they were one) for whole months. */
export async function buildReturn(db: Db, areaIds: string[], period: MonthPeriod, now = new Date()): Promise<BuiltReturn> {
  const days = monthPeriodDays(period);
  const profile = await buildProfile(db, { areaIds }, { kind: 'period', from: days.from, to: days.to });
  const found = await db.select({ code: areas.code, name: areas.name }).from(areas).where(inArray(areas.id, areaIds));
  const raw = new Map<string, number[][]>();
  const tables: ReturnTable[] = [];
  const grids: Array<{ values: number[][]; shape: GridShape; columnKeys: string[] }> = [];
  for (const section of profile.sections) {
    for (const t of section.tables) {
      if (!t.inReturn) continue;
      const grid = fullGrid(t);
      const values = grid.rows.map((r) => r.values);
      raw.set(t.id, values);
      const shape = { rows: grid.rows.length, columns: grid.columns.length, totalRow: t.rowsAdd, totalColumn: hasTotalColumn(t) };
      grids.push({ values, shape, columnKeys: grid.columns.map((c) => c.key) });
      tables.push({
        id: t.id,
        title: t.title,
        rowHeading: t.rowHeading,
        columns: grid.columns.map((c) => ({ key: c.key, label: c.label })),
        rows: grid.rows.map((r) => ({ key: r.key, label: r.label, values: [] })),
        totalRow: shape.totalRow,
        totalColumn: shape.totalColumn,
      });
    }
  }
  const suppressed = suppressTables(grids, sharedTotals(grids));
  tables.forEach((t, n) => t.rows.forEach((r, i) => { r.values = suppressed[n]![i]!; }));
  return {
    document: {
      format: RETURN_FORMAT,
      version: RETURN_VERSION,
      areas: found.map((a) => ({ code: a.code.toUpperCase(), name: a.name })).sort((a, b) => a.code.localeCompare(b.code)),
      period,
      prepared: londonToday(now).slice(0, 7),
      suppression: { threshold: THRESHOLD, small: SMALL, withheld: WITHHELD },
      tables,
    },
    raw,
  };
}

/**
 * Adds up returns from several areas into one, then suppresses again: a figure any area withheld
 * is not known in the sum, so it is withheld; sums from 1 to 4 become "<5"; and secondary
 * suppression runs over the result. Refuses (with every problem listed) returns that are not
 * valid, cover different months, or repeat an area.
 */
export function combineReturns(inputs: unknown[], now = new Date()): Outcome<AnonymisedReturn, 'invalid', Problem> {
  const refuse = (messages: string[]) => failWithProblems('invalid', messages.map((message) => ({ path: '', message })));
  if (inputs.length < 2) return refuse(['Give at least two returns to combine']);
  const problems: string[] = [];
  const docs: AnonymisedReturn[] = [];
  inputs.forEach((input, n) => {
    const checked = returnProblems(input, `Return ${n + 1}`);
    problems.push(...checked.problems);
    if (checked.value) docs.push(checked.value);
  });
  if (problems.length) return refuse(problems);
  const first = docs[0]!;
  const seen = new Set<string>();
  docs.forEach((doc, n) => {
    if (doc.period.from !== first.period.from || doc.period.to !== first.period.to) problems.push(`Return ${n + 1} covers ${doc.period.from} to ${doc.period.to}, but return 1 covers ${first.period.from} to ${first.period.to}: combine returns for the same months`);
    for (const area of doc.areas) {
      if (seen.has(area.code)) problems.push(`Area ${area.code} is in more than one return: each area may be counted once`);
      seen.add(area.code);
    }
  });
  const tables: ReturnTable[] = [];
  const grids: Array<{ values: Array<Array<number | null>>; shape: GridShape; columnKeys: string[] }> = [];
  for (const t of first.tables) {
    const matching = docs.map((doc) => doc.tables.find((x) => x.id === t.id));
    const mismatch = matching.findIndex((x) => !x || !sameStructure(x, t));
    if (mismatch >= 0) {
      problems.push(`Return ${mismatch + 1} does not have the table “${t.title}” in the same form as return 1 (made by a different version of Lantern?)`);
      continue;
    }
    const values = t.rows.map((r, i) =>
      r.values.map((_, j) => {
        let total = 0;
        for (const x of matching) {
          const v = x!.rows[i]!.values[j]!;
          if (typeof v !== 'number') return null;
          total += v;
        }
        return total;
      }),
    );
    grids.push({ values, shape: shapeOf(t), columnKeys: t.columns.map((c) => c.key) });
    tables.push(t);
  }
  if (!problems.length) {
    const suppressed = suppressTables(grids, sharedTotals(grids));
    tables.forEach((t, n) => { tables[n] = { ...t, rows: t.rows.map((r, i) => ({ ...r, values: suppressed[n]![i]! })) }; });
  }
  for (const [n, doc] of docs.entries()) {
    const extra = doc.tables.filter((x) => !first.tables.some((t) => t.id === x.id));
    if (extra.length) problems.push(`Return ${n + 1} has tables return 1 does not (${extra.map((x) => `“${x.title}”`).join(', ')})`);
  }
  if (problems.length) return refuse(problems);
  return succeed({
    ...first,
    areas: docs.flatMap((d) => d.areas).sort((a, b) => a.code.localeCompare(b.code)),
    prepared: londonToday(now).slice(0, 7),
    tables,
  });
}

function sameStructure(a: ReturnTable, b: ReturnTable): boolean {
  return (
    a.totalRow === b.totalRow &&
    a.totalColumn === b.totalColumn &&
    a.columns.length === b.columns.length &&
    a.rows.length === b.rows.length &&
    a.columns.every((c, j) => c.key === b.columns[j]!.key) &&
    a.rows.every((r, i) => r.key === b.rows[i]!.key)
  );
}

/** Reads one or more returns pasted one after another, or as a JSON array. */
export function parseReturns(text: string): { values: unknown[]; problem?: string } {
  const trimmed = text.trim();
  if (!trimmed) return { values: [], problem: 'Paste the returns to combine' };
  const values: unknown[] = [];
  let depth = 0;
  let inString = false;
  let escaped = false;
  let start = -1;
  for (let i = 0; i < trimmed.length; i++) {
    const ch = trimmed[i]!;
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === '}' || ch === ']') {
      depth--;
      if (depth < 0) return { values: [], problem: `The text is not valid JSON near character ${i + 1}` };
      if (depth === 0) {
        try {
          const parsed: unknown = JSON.parse(trimmed.slice(start, i + 1));
          if (Array.isArray(parsed)) values.push(...parsed);
          else values.push(parsed);
        } catch {
          return { values: [], problem: `Return ${values.length + 1} is not valid JSON: copy the whole file, from its first “{” to its last “}”` };
        }
      }
    } else if (depth === 0 && !/\s|,/.test(ch)) {
      return { values: [], problem: `The text is not valid JSON near character ${i + 1}: paste only the returns’ contents` };
    }
  }
  if (depth !== 0) return { values: [], problem: 'The last return is cut short: copy the whole file, from its first “{” to its last “}”' };
  return { values };
}

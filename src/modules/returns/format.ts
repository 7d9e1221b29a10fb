/**
 * The anonymised return: a documented JSON format (docs/anonymised-return.md) and its CSV form.
 * Counts only — no names, no free text, no record ids, no dates finer than a month — with small
 * numbers suppressed (suppression.ts).
 */
import { z } from 'zod';
import { writeCsv } from '../../platform/csv.ts';
import { SMALL, WITHHELD, THRESHOLD, gridEquations, exposedCells, type ReturnCell, type GridShape } from './suppression.ts';

export const RETURN_FORMAT = 'lantern-cse-return';
export const RETURN_VERSION = 1;

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month like 2026-03');
const key = z.string().regex(/^[a-z0-9_]{1,80}$/, 'a lower-case key');
const label = z.string().min(1).max(200);
const cell = z.union([z.number().int().min(0), z.literal(SMALL), z.literal(WITHHELD)]);

export const returnTableSchema = z.strictObject({
  id: key,
  title: label,
  rowHeading: label,
  columns: z.array(z.strictObject({ key, label })).min(1).max(20),
  rows: z.array(z.strictObject({ key, label, values: z.array(cell) })).min(1).max(200),
  totalRow: z.boolean(),
  totalColumn: z.boolean(),
});

export const returnSchema = z.strictObject({
  format: z.literal(RETURN_FORMAT),
  version: z.literal(RETURN_VERSION),
  areas: z.array(z.strictObject({ code: z.string().regex(/^[A-Z0-9-]{1,12}$/), name: label })).min(1).max(500),
  period: z.strictObject({ from: month, to: month }),
  prepared: month,
  suppression: z.strictObject({ threshold: z.literal(THRESHOLD), small: z.literal(SMALL), withheld: z.literal(WITHHELD) }),
  tables: z.array(returnTableSchema).min(1).max(200),
});

export type ReturnTable = z.infer<typeof returnTableSchema>;
export type AnonymisedReturn = z.infer<typeof returnSchema>;

export function shapeOf(t: Pick<ReturnTable, 'rows' | 'columns' | 'totalRow' | 'totalColumn'>): GridShape {
  return { rows: t.rows.length, columns: t.columns.length, totalRow: t.totalRow, totalColumn: t.totalColumn };
}

/**
 * Everything wrong with a return, in words for the person combining returns; empty when it can
 * be used. Refused: the wrong shape, counts from 1 to 4 shown, totals that do not add up, and a
 * withheld figure the totals would give away or narrow down (suppression.ts, exposedCells).
 */
export function returnProblems(input: unknown, name = 'The return'): { value: AnonymisedReturn | null; problems: string[] } {
  const parsed = returnSchema.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'document'}: ${i.message}`);
    return { value: null, problems: [`${name} is not a Lantern anonymised return (version ${RETURN_VERSION}): ${first.join('; ')}`] };
  }
  const doc = parsed.data;
  const problems: string[] = [];
  if (doc.period.from > doc.period.to) problems.push(`${name}: the period ends before it starts`);
  const ids = new Set<string>();
  for (const t of doc.tables) {
    const where = `${name}, table “${t.title}”`;
    const problemsBefore = problems.length;
    if (ids.has(t.id)) problems.push(`${where}: appears twice`);
    ids.add(t.id);
    if (t.rows.some((r) => r.values.length !== t.columns.length)) {
      problems.push(`${where}: a row has a different number of figures from the columns`);
      continue;
    }
    t.rows.forEach((r) =>
      r.values.forEach((v, j) => {
        if (typeof v === 'number' && v >= 1 && v < THRESHOLD) problems.push(`${where}, ${r.label} / ${t.columns[j]!.label}: ${v} is a small number that should have been shown as “${SMALL}”`);
      }),
    );
    if (t.totalRow && t.rows.length < 2) problems.push(`${where}: has a total row but nothing above it`);
    if (t.totalColumn && t.columns.length < 2) problems.push(`${where}: has a total column but nothing before it`);
    if ((t.totalRow && t.rows.length < 2) || (t.totalColumn && t.columns.length < 2)) continue;
    const shape = shapeOf(t);
    for (const eq of gridEquations(shape)) {
      const members = eq.members.map(([i, j]) => t.rows[i]!.values[j]!);
      const total = t.rows[eq.total[0]]!.values[eq.total[1]]!;
      const known = members.filter((v): v is number => typeof v === 'number').reduce((a, b) => a + b, 0);
      const small = members.filter((v) => v === SMALL).length;
      const withheld = members.filter((v) => v === WITHHELD).length;
      if (typeof total !== 'number') continue;
      const min = known + small;
      const max = withheld ? Number.POSITIVE_INFINITY : known + small * (THRESHOLD - 1);
      if (total < min || total > max) {
        const line = eq.total[0] === t.rows.length - 1 && t.totalRow && eq.members[0]![1] === eq.total[1] ? `column “${t.columns[eq.total[1]]!.label}”` : `row “${t.rows[eq.total[0]]!.label}”`;
        problems.push(`${where}, ${line}: the figures do not add up to the total ${total}`);
      }
    }
    if (problems.length > problemsBefore) continue;
    const exposed = exposedCells([{ cells: t.rows.map((r) => r.values), shape }]);
    for (const { cell, min, max } of exposed.slice(0, 3)) {
      if (Number.isNaN(min)) {
        problems.push(`${where}: the figures cannot all be true together (the withheld and "${SMALL}" figures cannot make the totals)`);
        break;
      }
      const narrowed = min === max ? `is ${min}` : `is between ${min} and ${max}`;
      problems.push(`${where}, ${t.rows[cell.row]!.label} / ${t.columns[cell.column]!.label}: the withheld figure can be worked out from the totals (it ${narrowed}: secondary suppression is missing)`);
    }
  }
  return { value: problems.length ? null : doc, problems };
}

const cellText = (v: ReturnCell) => (typeof v === 'number' ? v : v);

/** One line per figure, so a spreadsheet can pivot it: the same content as the JSON. */
export function returnCsv(doc: AnonymisedReturn): string {
  const areas = doc.areas.map((a) => a.code).join(' ');
  const lines: Array<Array<string | number>> = [];
  for (const t of doc.tables) {
    for (const r of t.rows) {
      r.values.forEach((v, j) => lines.push([areas, doc.period.from, doc.period.to, t.id, t.title, r.key, r.label, t.columns[j]!.key, t.columns[j]!.label, cellText(v)]));
    }
  }
  return writeCsv(['areas', 'period_from', 'period_to', 'table_id', 'table', 'row_key', 'row', 'column_key', 'column', 'value'], lines);
}

import { writeCsv } from '../../platform/csv.ts';
import { fullGrid, type FigureTable } from './figure-table.ts';
import type { Profile } from './profile.ts';

/** One table as CSV: a header row, then one line per row of the table, totals included. */
export function tableCsv(t: FigureTable): string {
  const grid = fullGrid(t);
  return writeCsv([t.rowHeading, ...grid.columns.map((c) => c.label)], grid.rows.map((r) => [r.label, ...r.values]));
}

/** Every figure of a profile in one long CSV (section, table, row, column, count), to pivot in a spreadsheet; a section's facts (like the mean age) have table_id "facts". */
export function profileCsv(profile: Profile): string {
  const lines: Array<Array<string | number>> = [];
  for (const section of profile.sections) {
    // Figures that are not counts (mean and median age) come first in their section, under table_id "facts".
    for (const f of section.facts ?? []) lines.push([section.title, 'facts', f.label, '', '', f.value]);
    for (const t of section.tables) {
      const grid = fullGrid(t);
      for (const r of grid.rows) r.values.forEach((v, j) => lines.push([section.title, t.id, t.title, r.label, grid.columns[j]!.label, v]));
    }
  }
  return writeCsv(['section', 'table_id', 'table', 'row', 'column', 'count'], lines);
}

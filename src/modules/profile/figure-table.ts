/**
 * One table of counts, the unit the problem profile, the snapshot, the charts, the CSV downloads
 * and the anonymised return all share. A table holds only category cells; totals are derived
 * here, so they can never disagree with the cells.
 */

export interface FigureColumn {
  key: string;
  label: string;
}

export interface FigureRow {
  key: string;
  label: string;
  values: number[];
}

export interface FigureTable {
  /** Stable across areas and versions: returns are combined by it. */
  id: string;
  title: string;
  /** What the rows are (the first column's heading). */
  rowHeading: string;
  columns: FigureColumn[];
  rows: FigureRow[];
  /**
   * The rows are separate groups of one population (each young person or concern in exactly
   * one row), so a Total row adds them up. False for "select all that apply" questions.
   */
  rowsAdd: boolean;
  /** The columns are separate groups, so a Total column adds each row up (shown when there are two or more). */
  columnsAdd: boolean;
  /** Included in the anonymised return (tables naming a single area's agencies are not). */
  inReturn: boolean;
  note?: string;
}

export const TOTAL_KEY = 'total';

export function table(spec: Omit<FigureTable, 'inReturn' | 'columnsAdd'> & { inReturn?: boolean; columnsAdd?: boolean }): FigureTable {
  return { inReturn: true, columnsAdd: false, ...spec };
}

export function hasTotalColumn(t: Pick<FigureTable, 'columns' | 'columnsAdd'>): boolean {
  return t.columnsAdd && t.columns.length > 1;
}

/** The grid as shown: category rows, then a Total row when the rows add up; a Total column when the columns do. */
export function fullGrid(t: FigureTable): { rows: FigureRow[]; columns: FigureColumn[] } {
  const withTotalColumn = hasTotalColumn(t);
  const columns = withTotalColumn ? [...t.columns, { key: TOTAL_KEY, label: 'Total' }] : t.columns;
  const rows = t.rows.map((r) => ({ ...r, values: withTotalColumn ? [...r.values, sum(r.values)] : [...r.values] }));
  if (t.rowsAdd) {
    rows.push({ key: TOTAL_KEY, label: 'Total', values: columns.map((_, j) => sum(rows.map((r) => r.values[j]!))) });
  }
  return { rows, columns };
}

export function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** A section of the profile: its tables plus a few measures that are not counts (medians). */
export interface ProfileSection {
  id: string;
  title: string;
  intro?: string;
  tables: FigureTable[];
  facts?: { label: string; value: string }[];
}

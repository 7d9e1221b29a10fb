/**
 * Suppression of small numbers in a table of counts.
 *
 * Primary: every count from 1 to 4 is shown as "<5". Zero is shown: it says nothing about anyone.
 * Secondary: a table's totals are equations (the rows add up to the Total row, the columns to the
 * Total column). A withheld cell that those equations pin down — given every figure still shown —
 * could be worked out by subtraction, so another cell in one of its equations is withheld too
 * (marked "[c]"), the smallest non-zero one that is not a total where there is a choice. This is
 * repeated until no withheld cell can be worked out. A cell is pinned down exactly when its unit
 * vector lies in the row space of the equations restricted to the withheld cells, which the
 * reduced row echelon form shows directly (a row with a single non-zero entry).
 */

export const SMALL = '<5';
export const WITHHELD = '[c]';
export const THRESHOLD = 5;

export type ReturnCell = number | typeof SMALL | typeof WITHHELD;

/** One equation: the member cells add up to the total cell. Cells are [row, column]. */
export interface GridEquation {
  members: Array<[number, number]>;
  total: [number, number];
}

export interface GridShape {
  rows: number;
  columns: number;
  /** The last row is the sum of the rows above it. */
  totalRow: boolean;
  /** The last column is the sum of the columns before it. */
  totalColumn: boolean;
}

export function gridEquations(shape: GridShape): GridEquation[] {
  const equations: GridEquation[] = [];
  const lastRow = shape.rows - 1;
  const lastColumn = shape.columns - 1;
  if (shape.totalRow) {
    for (let j = 0; j < shape.columns; j++) {
      equations.push({ members: Array.from({ length: lastRow }, (_, i) => [i, j] as [number, number]), total: [lastRow, j] });
    }
  }
  if (shape.totalColumn) {
    for (let i = 0; i < shape.rows; i++) {
      equations.push({ members: Array.from({ length: lastColumn }, (_, j) => [i, j] as [number, number]), total: [i, lastColumn] });
    }
  }
  return equations;
}

const isSmall = (v: number) => v >= 1 && v < THRESHOLD;

/**
 * Which unknown cells the equations pin down, given the known ones. `unknown[i][j]` marks the
 * withheld cells. Returns the list of determined unknown cells.
 */
export function determinedCells(shape: GridShape, unknown: boolean[][]): Array<[number, number]> {
  const equations = gridEquations(shape);
  const index = new Map<string, number>();
  const cells: Array<[number, number]> = [];
  for (let i = 0; i < shape.rows; i++) {
    for (let j = 0; j < shape.columns; j++) {
      if (unknown[i]![j]) {
        index.set(`${i},${j}`, cells.length);
        cells.push([i, j]);
      }
    }
  }
  if (!cells.length) return [];
  const matrix: number[][] = [];
  for (const eq of equations) {
    const row = new Array<number>(cells.length).fill(0);
    let any = false;
    for (const [i, j] of eq.members) {
      const k = index.get(`${i},${j}`);
      if (k !== undefined) {
        row[k]! += 1;
        any = true;
      }
    }
    const t = index.get(`${eq.total[0]},${eq.total[1]}`);
    if (t !== undefined) {
      row[t]! -= 1;
      any = true;
    }
    if (any) matrix.push(row);
  }
  const rref = reducedRowEchelon(matrix);
  const determined: Array<[number, number]> = [];
  for (const row of rref) {
    const nonZero = row.flatMap((v, k) => (Math.abs(v) > 1e-9 ? [k] : []));
    if (nonZero.length === 1) determined.push(cells[nonZero[0]!]!);
  }
  return determined;
}

function reducedRowEchelon(input: number[][]): number[][] {
  const m = input.map((r) => [...r]);
  const rowsCount = m.length;
  const columns = rowsCount ? m[0]!.length : 0;
  let lead = 0;
  const out: number[][] = [];
  for (let col = 0; col < columns && lead < rowsCount; col++) {
    let pivot = -1;
    for (let r = lead; r < rowsCount; r++) if (Math.abs(m[r]![col]!) > 1e-9 && (pivot < 0 || Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!))) pivot = r;
    if (pivot < 0) continue;
    [m[lead], m[pivot]] = [m[pivot]!, m[lead]!];
    const p = m[lead]![col]!;
    for (let k = 0; k < columns; k++) m[lead]![k]! /= p;
    for (let r = 0; r < rowsCount; r++) {
      if (r === lead) continue;
      const f = m[r]![col]!;
      if (Math.abs(f) > 1e-12) for (let k = 0; k < columns; k++) m[r]![k]! -= f * m[lead]![k]!;
    }
    lead++;
  }
  for (let r = 0; r < lead; r++) out.push(m[r]!);
  return out;
}

/**
 * Suppresses a grid. `values` holds the true counts, or null for a count that is not known (a
 * combined return where one area withheld it): unknown cells are withheld from the start.
 */
export function suppressGrid(values: Array<Array<number | null>>, shape: GridShape): ReturnCell[][] {
  const status: Array<Array<'shown' | 'small' | 'withheld'>> = values.map((row) => row.map((v) => (v === null ? 'withheld' : isSmall(v) ? 'small' : 'shown')));
  const equations = gridEquations(shape);
  const isTotalCell = (i: number, j: number) => (shape.totalRow && i === shape.rows - 1) || (shape.totalColumn && j === shape.columns - 1);
  for (let guard = 0; guard < shape.rows * shape.columns + 1; guard++) {
    const unknown = status.map((row) => row.map((s) => s !== 'shown'));
    const determined = determinedCells(shape, unknown);
    if (!determined.length) break;
    const [di, dj] = determined[0]!;
    // Candidates: shown cells sharing an equation with the determined cell; failing that, any shown cell in an equation with a withheld one.
    const sharing = equations.filter((eq) => [...eq.members, eq.total].some(([i, j]) => i === di && j === dj));
    let candidates = sharing.flatMap((eq) => [...eq.members, eq.total]).filter(([i, j]) => status[i]![j] === 'shown');
    if (!candidates.length) {
      candidates = equations
        .filter((eq) => [...eq.members, eq.total].some(([i, j]) => status[i]![j] !== 'shown'))
        .flatMap((eq) => [...eq.members, eq.total])
        .filter(([i, j]) => status[i]![j] === 'shown');
    }
    if (!candidates.length) break;
    const cost = ([i, j]: [number, number]) => {
      const v = values[i]![j] ?? 0;
      return (isTotalCell(i, j) ? 1e9 : 0) + (v === 0 ? 1e6 : 0) + v;
    };
    candidates.sort((a, b) => cost(a) - cost(b) || a[0] - b[0] || a[1] - b[1]);
    const [ci, cj] = candidates[0]!;
    status[ci]![cj] = 'withheld';
  }
  return values.map((row, i) => row.map((v, j) => (status[i]![j] === 'small' ? SMALL : status[i]![j] === 'withheld' ? WITHHELD : (v as number))));
}

/**
 * Suppression of small numbers in the tables of a return.
 *
 * Primary: every count from 1 to 4 is shown as "<5". Zero is shown: it says nothing about anyone.
 *
 * Secondary: a table's totals are equations (the rows add up to the Total row, the columns to the
 * Total column), and tables that break down the same population share their totals (`links`).
 * Someone holding the return can treat every hidden figure as an unknown whole number — at least
 * zero, and from 1 to 4 where it is shown as "<5" — and ask, of each, how small and how large it
 * can be given every figure shown. Those two numbers are the minimum and maximum of a linear
 * programme (solved here, with whole numbers, by yalps). A hidden figure is protected when its
 * smallest and largest possible values are at least THRESHOLD apart, or when the figures shown
 * narrow it no further than the pattern of "<5" alone would (were every other figure withheld):
 * a "<5" can then still be anything from 1 to 4 unless the "<5"s around it rule some out.
 * While some hidden figure is not protected, another figure is withheld ("[c]"): of the shown
 * figures in its equations (or those of the hidden figures joined to it), the smallest non-zero
 * one that is not a total where there is a choice. Withholding
 * every figure always protects them all, so this ends. See docs/decisions/0024.
 */
import { solve, type Constraint } from 'yalps';

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

/** A cell of one of several tables. */
export interface CellRef {
  table: number;
  row: number;
  column: number;
}

/** Two cells, in different tables, that always hold the same count (the same population's total). */
export type CellLink = [CellRef, CellRef];

export interface PublishedTable {
  cells: ReturnCell[][];
  shape: GridShape;
}

/** How far a hidden figure can be narrowed down from what is published. */
export interface FeasibleRange {
  cell: CellRef;
  shown: typeof SMALL | typeof WITHHELD;
  min: number;
  /** Infinity when nothing published bounds it from above. Both are NaN when the published figures contradict each other. */
  max: number;
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
 * Protected: what is published leaves the figure at least THRESHOLD between its smallest and
 * largest possible values, or tells no more about it than the pattern of "<5" alone does
 * (`unaided`: its range were every other figure withheld too).
 */
export function isProtected(range: Pick<FeasibleRange, 'min' | 'max'>, unaided: Pick<FeasibleRange, 'min' | 'max'>): boolean {
  if (Number.isNaN(range.min) || Number.isNaN(range.max)) return false;
  return range.max - range.min >= THRESHOLD || (range.min <= unaided.min && range.max >= unaided.max);
}

const keyOf = (c: CellRef) => `${c.table}:${c.row}:${c.column}`;

/**
 * The smallest and largest value of every hidden figure, given every figure published, each
 * table's equations and the links between tables. Hidden figures are split into groups that no
 * equation joins, and each group is solved on its own.
 */
export function feasibleRanges(tables: PublishedTable[], links: CellLink[] = [], only?: Set<string>): FeasibleRange[] {
  return solveRanges(tables, links, { only });
}

interface SolveOptions {
  /** Work out only these figures (by key). */
  only?: Set<string>;
  /**
   * Leave out figures proven at least THRESHOLD wide without solving for them: every solution
   * found on the way is a whole-number assignment the published figures allow, so the values a
   * figure takes in them lie within its range, and when they are THRESHOLD apart so are its bounds.
   */
  narrowOnly?: boolean;
  /** Each group's answer, by what the group is (its figures, "<5"s and equations): kept between calls. */
  cache?: Map<string, FeasibleRange[]>;
  /** With narrowOnly: figures already known to be protected, left out; those proven wide are added. */
  settled?: Set<string>;
  /** Counts the linear programmes solved. */
  stats?: { solves: number };
}

function solveRanges(tables: PublishedTable[], links: CellLink[], { only, narrowOnly = false, cache, settled, stats }: SolveOptions): FeasibleRange[] {
  const valueAt = (c: CellRef) => tables[c.table]!.cells[c.row]![c.column]!;
  const hidden: CellRef[] = [];
  tables.forEach((t, table) => t.cells.forEach((row, i) => row.forEach((v, j) => { if (typeof v !== 'number') hidden.push({ table, row: i, column: j }); })));
  if (!hidden.length) return [];
  const position = new Map(hidden.map((c, n) => [keyOf(c), n]));
  const parent = hidden.map((_, n) => n);
  const find = (n: number): number => (parent[n] === n ? n : (parent[n] = find(parent[n]!)));
  const join = (a: number, b: number) => { parent[find(a)] = find(b); };

  // Each equation (or link) as a list of hidden cells with coefficients and a known right-hand side.
  interface Relation { terms: Array<[number, number]>; equals: number }
  const relations: Relation[] = [];
  tables.forEach((t, table) => {
    for (const eq of gridEquations(t.shape)) {
      const terms: Array<[number, number]> = [];
      let equals = 0;
      const add = ([i, j]: [number, number], sign: number) => {
        const v = t.cells[i]![j]!;
        if (typeof v === 'number') equals -= sign * v;
        else terms.push([position.get(keyOf({ table, row: i, column: j }))!, sign]);
      };
      eq.members.forEach((m) => add(m, 1));
      add(eq.total, -1);
      if (terms.length) relations.push({ terms, equals });
    }
  });
  for (const [a, b] of links) {
    const va = valueAt(a);
    const vb = valueAt(b);
    if (typeof va === 'number' && typeof vb === 'number') continue;
    if (typeof va === 'number') relations.push({ terms: [[position.get(keyOf(b))!, 1]], equals: va });
    else if (typeof vb === 'number') relations.push({ terms: [[position.get(keyOf(a))!, 1]], equals: vb });
    else relations.push({ terms: [[position.get(keyOf(a))!, 1], [position.get(keyOf(b))!, -1]], equals: 0 });
  }
  for (const r of relations) for (const [n] of r.terms.slice(1)) join(r.terms[0]![0], n);

  const groups = new Map<number, number[]>();
  hidden.forEach((_, n) => { const root = find(n); groups.set(root, [...(groups.get(root) ?? []), n]); });
  const relationsOf = new Map<number, Relation[]>();
  for (const r of relations) { const root = find(r.terms[0]![0]); relationsOf.set(root, [...(relationsOf.get(root) ?? []), r]); }

  const ranges: FeasibleRange[] = [];
  for (const [root, members] of groups) {
    if (only && !members.some((n) => only.has(keyOf(hidden[n]!)))) continue;
    const own = relationsOf.get(root) ?? [];
    // What the group is, to reuse its answer when it comes round again unchanged.
    const signature = cache && !only
      ? `${narrowOnly ? 'n' : 'a'}|${members.map((n) => `${keyOf(hidden[n]!)}${valueAt(hidden[n]!) === SMALL ? 's' : 'w'}`).join(',')}|${own.map((r) => `${r.terms.map(([n, sign]) => `${sign}*${keyOf(hidden[n]!)}`).join('+')}=${r.equals}`).join(';')}`
      : undefined;
    const cached = signature === undefined ? undefined : cache!.get(signature);
    if (cached) {
      ranges.push(...cached);
      continue;
    }
    const found: FeasibleRange[] = [];
    const constraints = new Map<string, Constraint>();
    own.forEach((r, k) => constraints.set(`r${k}`, { equal: r.equals }));
    const coefficients = new Map<number, Array<[string, number]>>(members.map((n) => [n, []]));
    own.forEach((r, k) => { for (const [n, sign] of r.terms) coefficients.get(n)!.push([`r${k}`, sign]); });
    for (const n of members) {
      const small = valueAt(hidden[n]!) === SMALL;
      constraints.set(`b${n}`, small ? { min: 1, max: THRESHOLD - 1 } : { min: 0 });
      coefficients.get(n)!.push([`b${n}`, 1]);
    }
    // The least and most each figure has been in the solutions found so far.
    const seenLow = new Map<number, number>();
    const seenHigh = new Map<number, number>();
    const witness = (values: Map<string, number>) => {
      for (const m of members) {
        const v = Math.round(values.get(`x${m}`) ?? 0);
        if (!(seenLow.get(m)! <= v)) seenLow.set(m, v);
        if (!(seenHigh.get(m)! >= v)) seenHigh.set(m, v);
      }
    };
    for (const n of members) {
      if (only && !only.has(keyOf(hidden[n]!))) continue;
      if (narrowOnly && settled?.has(keyOf(hidden[n]!))) continue;
      if (narrowOnly && seenHigh.get(n)! - seenLow.get(n)! >= THRESHOLD) {
        settled?.add(keyOf(hidden[n]!));
        continue;
      }
      const extremes = (['minimize', 'maximize'] as const).map((direction) => {
        const variables = members.map((m) => [`x${m}`, m === n ? [...coefficients.get(m)!, ['objective', 1] as [string, number]] : coefficients.get(m)!] as const);
        if (stats) stats.solves++;
        const solution = solve({ direction, objective: 'objective', constraints, variables, integers: true });
        if (solution.status === 'unbounded') return direction === 'maximize' ? Number.POSITIVE_INFINITY : 0;
        if (solution.status === 'infeasible') return Number.NaN;
        if (solution.status !== 'optimal') throw new Error(`Suppression check could not be solved (${solution.status})`);
        witness(new Map(solution.variables));
        return Math.round(solution.result);
      });
      const cell = hidden[n]!;
      const range = { cell, shown: valueAt(cell) as typeof SMALL | typeof WITHHELD, min: extremes[0]!, max: extremes[1]! };
      if (!narrowOnly || !(range.max - range.min >= THRESHOLD)) found.push(range);
      else settled?.add(keyOf(cell));
    }
    if (signature !== undefined) cache!.set(signature, found);
    ranges.push(...found);
  }
  return ranges;
}

/**
 * Hidden figures' ranges were every figure but the "<5"s withheld: what the "<5"s alone say.
 * Worked out only for the figures asked about, and kept in `known` for the next time.
 */
export function unaidedRanges(tables: PublishedTable[], links: CellLink[], cells: CellRef[], known = new Map<string, FeasibleRange>()): Map<string, FeasibleRange> {
  const wanted = new Set(cells.map(keyOf).filter((k) => !known.has(k)));
  if (wanted.size) {
    const nothingShown = tables.map((t) => ({ shape: t.shape, cells: t.cells.map((row) => row.map((v) => (v === SMALL ? SMALL : WITHHELD))) }));
    for (const r of feasibleRanges(nothingShown, links, wanted)) known.set(keyOf(r.cell), r);
  }
  return known;
}

/**
 * Work kept between calls on the same tables while only more figures are withheld: each group's
 * answer, and the figures found protected. Withholding a figure only takes an equation's known
 * value away, so every range can only widen: a figure at least THRESHOLD wide stays so, and one
 * its "<5"s alone bound as tightly (its range is then all its unaided range) stays so too.
 */
export interface SuppressionWork {
  groups: Map<string, FeasibleRange[]>;
  settled: Set<string>;
  stats?: { solves: number };
}

/**
 * Hidden figures that what is published narrows down too far. `unaided` keeps work between calls on
 * the same tables' "<5"s; `work` between calls where each withholds more than the one before.
 */
export function exposedCells(tables: PublishedTable[], links: CellLink[] = [], unaided = new Map<string, FeasibleRange>(), work?: SuppressionWork): FeasibleRange[] {
  // A range at least THRESHOLD wide is protected whatever the "<5"s say; only narrower ones need comparing.
  const narrow = solveRanges(tables, links, { narrowOnly: true, cache: work?.groups, settled: work?.settled, stats: work?.stats })
    .filter((r) => !(r.max - r.min >= THRESHOLD) && !work?.settled.has(keyOf(r.cell)));
  if (!narrow.length) return [];
  unaidedRanges(tables, links, narrow.map((r) => r.cell), unaided);
  return narrow.filter((r) => {
    if (!isProtected(r, unaided.get(keyOf(r.cell))!)) return true;
    work?.settled.add(keyOf(r.cell));
    return false;
  });
}

const isTotalCell = (shape: GridShape, i: number, j: number) => (shape.totalRow && i === shape.rows - 1) || (shape.totalColumn && j === shape.columns - 1);

/**
 * Suppresses several tables together. `values` hold the true counts, or null for a count that is
 * not known (a combined return where one area withheld it): unknown cells are withheld from the
 * start. `links` name cells of different tables that always hold the same count.
 */
export function suppressTables(grids: Array<{ values: Array<Array<number | null>>; shape: GridShape }>, links: CellLink[] = []): ReturnCell[][][] {
  const published: PublishedTable[] = grids.map(({ values, shape }) => ({
    shape,
    cells: values.map((row) => row.map((v): ReturnCell => (v === null ? WITHHELD : isSmall(v) ? SMALL : v))),
  }));
  const linkedTo = (c: CellRef) => links.flatMap(([a, b]) => (keyOf(a) === keyOf(c) ? [b] : keyOf(b) === keyOf(c) ? [a] : []));
  const cost = (c: CellRef) => {
    const v = grids[c.table]!.values[c.row]![c.column] ?? 0;
    return (isTotalCell(grids[c.table]!.shape, c.row, c.column) ? 1e9 : 0) + (v === 0 ? 1e6 : 0) + v;
  };
  const isShown = (c: CellRef) => typeof published[c.table]!.cells[c.row]![c.column] === 'number';
  const equationCells = (table: number, cell?: [number, number]) =>
    gridEquations(published[table]!.shape)
      .filter((eq) => !cell || [...eq.members, eq.total].some(([i, j]) => i === cell[0] && j === cell[1]))
      .map((eq) => [...eq.members, eq.total].map(([row, column]) => ({ table, row, column })));
  const unaided = new Map<string, FeasibleRange>();
  // The shown figures that bear on a hidden one: those in an equation or link with it, or with any hidden figure joined to it by equations and links.
  const frontier = (start: CellRef): CellRef[] => {
    const seen = new Set([keyOf(start)]);
    const queue = [start];
    const found = new Map<string, CellRef>();
    while (queue.length) {
      const c = queue.shift()!;
      const neighbours = [...equationCells(c.table, [c.row, c.column]).flat(), ...linkedTo(c)];
      for (const n of neighbours) {
        const key = keyOf(n);
        if (isShown(n)) found.set(key, n);
        else if (!seen.has(key)) {
          seen.add(key);
          queue.push(n);
        }
      }
    }
    return [...found.values()];
  };
  // Only the group a newly withheld figure joins changes between rounds: the others' answers are kept.
  const work: SuppressionWork = { groups: new Map(), settled: new Set() };
  for (;;) {
    const exposed = exposedCells(published, links, unaided, work);
    // The first exposed figure that withholding something else can still help.
    let candidates: CellRef[] | undefined;
    for (const r of exposed) {
      const cells = frontier(r.cell);
      if (cells.length) { candidates = cells; break; }
    }
    if (!candidates) break;
    candidates.sort((a, b) => cost(a) - cost(b) || a.table - b.table || a.row - b.row || a.column - b.column);
    const chosen = candidates[0]!;
    published[chosen.table]!.cells[chosen.row]![chosen.column] = WITHHELD;
  }
  return published.map((t) => t.cells);
}

/**
 * Totals that tables in one return share: tables breaking down the same population (gender, age,
 * ethnic group…) have the same grand total, and tables with the same columns the same Total row,
 * so a reader can carry a figure from one table to another. Taken as shared: grand totals, and
 * Total-row cells of the same column, that hold equal counts. A coincidence only makes
 * suppression more careful than it need be, never less.
 */
export function sharedTotals(grids: Array<{ values: Array<Array<number | null>>; shape: GridShape; columnKeys: string[] }>): CellLink[] {
  const byKey = new Map<string, CellRef[]>();
  const note = (key: string, cell: CellRef) => byKey.set(key, [...(byKey.get(key) ?? []), cell]);
  grids.forEach(({ values, shape, columnKeys }, table) => {
    const lastRow = shape.rows - 1;
    const lastColumn = shape.columns - 1;
    const grand = (shape.totalRow && (shape.totalColumn || shape.columns === 1)) || (shape.totalColumn && shape.rows === 1) ? values[lastRow]![lastColumn] : null;
    if (grand !== null && grand !== undefined) note(`grand total=${grand}`, { table, row: lastRow, column: lastColumn });
    if (!shape.totalRow) return;
    columnKeys.forEach((columnKey, column) => {
      const v = values[lastRow]![column];
      if (v !== null && v !== undefined) note(`column ${columnKey}=${v}`, { table, row: lastRow, column });
    });
  });
  const links = new Map<string, CellLink>();
  for (const cells of byKey.values()) for (const cell of cells.slice(1)) if (cell.table !== cells[0]!.table) links.set(`${keyOf(cells[0]!)} ${keyOf(cell)}`, [cells[0]!, cell]);
  return [...links.values()];
}

/** Suppresses one table on its own. */
export function suppressGrid(values: Array<Array<number | null>>, shape: GridShape): ReturnCell[][] {
  return suppressTables([{ values, shape }])[0]!;
}

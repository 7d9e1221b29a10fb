/**
 * Suppression, by example and by property (fast-check). The properties check the result with an
 * independent method: a table's totals make a bipartite graph (row lines and column lines joined
 * by cells), and a withheld cell can be worked out by adding and subtracting shown figures
 * exactly when it is a bridge of the graph of withheld cells (it lies on no cycle).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SMALL, WITHHELD, gridEquations, suppressGrid, type GridShape, type ReturnCell } from './suppression.ts';

/** A table with its Total row and Total column (when asked for) filled in. */
function withTotals(cells: number[][], totalRow: boolean, totalColumn: boolean): { values: number[][]; shape: GridShape } {
  let values = cells.map((r) => [...r]);
  if (totalColumn) values = values.map((r) => [...r, r.reduce((a, b) => a + b, 0)]);
  if (totalRow) values.push(values[0]!.map((_, j) => values.reduce((a, r) => a + r[j]!, 0)));
  return { values, shape: { rows: values.length, columns: values[0]!.length, totalRow, totalColumn } };
}

/** Withheld cells that are bridges: row line i and column line j are nodes; a withheld cell joins them. Uses the equations' lines. */
function recoverableCells(result: ReturnCell[][], shape: GridShape): Array<[number, number]> {
  // Each equation is a node; each cell is an edge between the (at most two) equations it appears in.
  const equations = gridEquations(shape);
  const nodeOf = (i: number, j: number) => equations.flatMap((eq, k) => ([...eq.members, eq.total].some(([a, b]) => a === i && b === j) ? [k] : []));
  const edges: Array<{ cell: [number, number]; ends: number[] }> = [];
  result.forEach((row, i) => row.forEach((v, j) => { if (typeof v !== 'number') edges.push({ cell: [i, j], ends: nodeOf(i, j) }); }));
  const recoverable: Array<[number, number]> = [];
  for (const edge of edges) {
    if (edge.ends.length === 0) continue; // in no equation: nothing to work it out from
    if (edge.ends.length === 1) {
      // An equation with this as its only withheld cell gives it away; otherwise it rides on the others.
      const others = edges.filter((e) => e !== edge && e.ends.includes(edge.ends[0]!));
      if (!others.length) recoverable.push(edge.cell);
      continue;
    }
    // A cell in two equations is a bridge when removing it disconnects its two ends (no other route between them).
    const [a, b] = edge.ends as [number, number];
    const seen = new Set([a]);
    const queue = [a];
    while (queue.length) {
      const n = queue.shift()!;
      for (const e of edges) {
        if (e === edge || !e.ends.includes(n)) continue;
        for (const m of e.ends) if (!seen.has(m)) { seen.add(m); queue.push(m); }
      }
    }
    // Reaching b another way puts the cell on a cycle. A component with a "dangling" withheld cell in one equation only also absorbs it.
    const absorbed = edges.some((e) => e !== edge && e.ends.length === 1 && seen.has(e.ends[0]!));
    if (!seen.has(b) && !absorbed) {
      const seenB = new Set([b]);
      const queueB = [b];
      while (queueB.length) {
        const n = queueB.shift()!;
        for (const e of edges) {
          if (e === edge || !e.ends.includes(n)) continue;
          for (const m of e.ends) if (!seenB.has(m)) { seenB.add(m); queueB.push(m); }
        }
      }
      const absorbedB = edges.some((e) => e !== edge && e.ends.length === 1 && seenB.has(e.ends[0]!));
      if (!absorbedB) recoverable.push(edge.cell);
    }
  }
  return recoverable;
}

describe('suppression by example', () => {
  it('shows counts from 1 to 4 as <5 and withholds a second cell so the first cannot be worked out from the total', () => {
    const { values, shape } = withTotals([[12], [3], [20], [0]], true, false);
    const result = suppressGrid(values, shape);
    assert.equal(result[1]![0], SMALL);
    assert.equal(result[0]![0], WITHHELD, 'the smallest other non-zero count, 12, is withheld');
    assert.equal(result[2]![0], 20);
    assert.equal(result[3]![0], 0, 'zero is shown');
    assert.equal(result[4]![0], 35, 'the total stays');
  });

  it('leaves a table without small numbers alone', () => {
    const { values, shape } = withTotals([[12, 7], [30, 9]], true, true);
    assert.deepEqual(suppressGrid(values, shape), values);
  });

  it('protects a small number in a two-way table along its row and its column', () => {
    const { values, shape } = withTotals([[2, 10, 11], [9, 14, 30], [8, 6, 25]], true, true);
    const result = suppressGrid(values, shape);
    assert.equal(result[0]![0], SMALL);
    assert.deepEqual(recoverableCells(result, shape), []);
    const withheld = result.flat().filter((v) => v === WITHHELD).length;
    assert.ok(withheld >= 3, `a rectangle of withheld cells is needed (got ${withheld})`);
  });

  it('treats unknown figures (a combined return) as withheld', () => {
    const { values, shape } = withTotals([[10], [20], [30]], true, false);
    const grid: Array<Array<number | null>> = values.map((r) => [...r]);
    grid[0]![0] = null;
    const result = suppressGrid(grid, shape);
    assert.equal(result[0]![0], WITHHELD);
    assert.equal(result.flat().filter((v) => v === WITHHELD).length, 2);
  });

  it('needs no secondary suppression for a table whose rows do not add up', () => {
    const result = suppressGrid([[3], [40], [41]], { rows: 3, columns: 1, totalRow: false, totalColumn: false });
    assert.deepEqual(result, [[SMALL], [40], [41]]);
  });
});

describe('suppression properties', () => {
  const count = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 60 }));
  const tableArb = fc
    .record({ rows: fc.integer({ min: 1, max: 7 }), columns: fc.integer({ min: 1, max: 4 }), totalRow: fc.boolean(), totalColumn: fc.boolean() })
    .chain((s) => fc.record({ shape: fc.constant(s), cells: fc.array(fc.array(count, { minLength: s.columns, maxLength: s.columns }), { minLength: s.rows, maxLength: s.rows }) }))
    .map(({ shape, cells }) => withTotals(cells, shape.totalRow && shape.rows > 1, shape.totalColumn && shape.columns > 1));

  it('every count from 1 to 4 is shown as <5, and nothing else is', () => {
    fc.assert(
      fc.property(tableArb, ({ values, shape }) => {
        const result = suppressGrid(values, shape);
        values.forEach((row, i) => row.forEach((v, j) => {
          const shown = result[i]![j];
          if (v >= 1 && v <= 4) assert.equal(shown, SMALL);
          else assert.ok(shown === v || shown === WITHHELD, `cell ${i},${j}: ${String(shown)} for ${v}`);
        }));
      }),
      { numRuns: 300 },
    );
  });

  it('no withheld cell can be worked out from the totals', () => {
    fc.assert(
      fc.property(tableArb, ({ values, shape }) => {
        const result = suppressGrid(values, shape);
        assert.deepEqual(recoverableCells(result, shape), []);
      }),
      { numRuns: 300 },
    );
  });

  it('shown figures are the true ones, and a table with no small numbers is unchanged', () => {
    fc.assert(
      fc.property(tableArb, ({ values, shape }) => {
        const result = suppressGrid(values, shape);
        const anySmall = values.flat().some((v) => v >= 1 && v <= 4);
        if (!anySmall) assert.deepEqual(result, values);
      }),
      { numRuns: 200 },
    );
  });
});

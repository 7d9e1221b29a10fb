/**
 * Suppression, by example and by property (fast-check). The properties check the result with a
 * solver set up independently of suppression.ts: every figure of every table is an unknown whole
 * number, fixed where it is shown, from 1 to 4 where it is "<5", at least zero where it is "[c]";
 * every Total row and column, and every total two tables share, is an equation. Each hidden
 * figure is then minimised and maximised: the gap must be at least the threshold, or no narrower
 * than the "<5"s alone make it (every other figure withheld) — so a "<5" with no "<5" total
 * around it can still be anything from 1 to 4.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { solve } from 'yalps';
import { SMALL, THRESHOLD, WITHHELD, sharedTotals, suppressGrid, suppressTables, type CellRef, type GridShape, type ReturnCell } from './suppression.ts';

/** A table with its Total row and Total column (when asked for) filled in. */
function withTotals(cells: number[][], totalRow: boolean, totalColumn: boolean): { values: number[][]; shape: GridShape } {
  let values = cells.map((r) => [...r]);
  if (totalColumn) values = values.map((r) => [...r, r.reduce((a, b) => a + b, 0)]);
  if (totalRow) values.push(values[0]!.map((_, j) => values.reduce((a, r) => a + r[j]!, 0)));
  return { values, shape: { rows: values.length, columns: values[0]!.length, totalRow, totalColumn } };
}

interface Narrowed { table: number; row: number; column: number; shown: ReturnCell; min: number; max: number }

/** Each hidden figure's range to a reader of all the tables together; with `everyRange`, all of them, else only those too narrow. */
function rangesOf(tables: Array<{ cells: ReturnCell[][]; shape: GridShape }>, sameCount: Array<[CellRef, CellRef]>, unaided: Narrowed[] | null, everyRange: boolean): Narrowed[] {
  const name = (t: number, i: number, j: number) => `t${t}r${i}c${j}`;
  const constraints: Array<[string, { equal?: number; min?: number; max?: number }]> = [];
  const coefficients = new Map<string, Array<[string, number]>>();
  tables.forEach(({ cells, shape }, t) => {
    cells.forEach((row, i) => row.forEach((v, j) => {
      const cell = name(t, i, j);
      coefficients.set(cell, [[`own ${cell}`, 1]]);
      constraints.push([`own ${cell}`, typeof v === 'number' ? { equal: v } : v === SMALL ? { min: 1, max: THRESHOLD - 1 } : { min: 0 }]);
    }));
    const add = (cell: string, line: string, c: number) => coefficients.get(cell)!.push([line, c]);
    if (shape.totalRow) for (let j = 0; j < shape.columns; j++) {
      const line = `t${t} column ${j}`;
      constraints.push([line, { equal: 0 }]);
      for (let i = 0; i < shape.rows; i++) add(name(t, i, j), line, i === shape.rows - 1 ? -1 : 1);
    }
    if (shape.totalColumn) for (let i = 0; i < shape.rows; i++) {
      const line = `t${t} row ${i}`;
      constraints.push([line, { equal: 0 }]);
      for (let j = 0; j < shape.columns; j++) add(name(t, i, j), line, j === shape.columns - 1 ? -1 : 1);
    }
  });
  sameCount.forEach(([a, b], n) => {
    constraints.push([`same ${n}`, { equal: 0 }]);
    coefficients.get(name(a.table, a.row, a.column))!.push([`same ${n}`, 1]);
    coefficients.get(name(b.table, b.row, b.column))!.push([`same ${n}`, -1]);
  });
  const narrowed: Narrowed[] = [];
  tables.forEach(({ cells }, t) => cells.forEach((row, i) => row.forEach((shown, j) => {
    if (typeof shown === 'number') return;
    const target = name(t, i, j);
    const [min, max] = (['minimize', 'maximize'] as const).map((direction) => {
      const variables = [...coefficients].map(([cell, cs]) => [cell, cell === target ? [...cs, ['goal', 1] as [string, number]] : cs] as const);
      const result = solve({ direction, objective: 'goal', constraints, variables, integers: true });
      if (result.status === 'unbounded') return Number.POSITIVE_INFINITY;
      assert.equal(result.status, 'optimal', 'the published figures are consistent');
      return Math.round(result.result);
    }) as [number, number];
    if (everyRange) {
      narrowed.push({ table: t, row: i, column: j, shown, min, max });
      return;
    }
    const alone = unaided?.find((u) => u.table === t && u.row === i && u.column === j);
    const ok = max - min >= THRESHOLD || (alone !== undefined && min <= alone.min && max >= alone.max);
    if (!ok) narrowed.push({ table: t, row: i, column: j, shown, min, max });
  })));
  return narrowed;
}

/**
 * Hidden figures narrowed down further than the "<5"s alone would narrow them (every other
 * figure withheld) and to less than the threshold's width.
 */
function narrowedFigures(tables: Array<{ cells: ReturnCell[][]; shape: GridShape }>, sameCount: Array<[CellRef, CellRef]> = []): Narrowed[] {
  const nothingShown = tables.map((t) => ({ shape: t.shape, cells: t.cells.map((row) => row.map((v): ReturnCell => (v === SMALL ? SMALL : WITHHELD))) }));
  // With nothing shown every range is its own "unaided" range; min and max come back as they are.
  const unaided = rangesOf(nothingShown, sameCount, null, true);
  return rangesOf(tables, sameCount, unaided, false);
}

describe('suppression by example', () => {
  it('shows counts from 1 to 4 as <5 and withholds enough others that none can be narrowed down from the total', () => {
    const { values, shape } = withTotals([[12], [3], [20], [0]], true, false);
    const result = suppressGrid(values, shape);
    assert.equal(result[1]![0], SMALL);
    assert.equal(result[0]![0], WITHHELD, 'the smallest other non-zero count, 12, is withheld');
    // With 12 alone withheld it would be known to be 11 to 14: 20 is withheld too.
    assert.equal(result[2]![0], WITHHELD);
    assert.equal(result[3]![0], 0, 'zero is shown');
    assert.equal(result[4]![0], 35, 'the total stays');
    assert.deepEqual(narrowedFigures([{ cells: result, shape }]), []);
  });

  it('does not let three "<5" months add up to 3 (each could only be 1)', () => {
    const { values, shape } = withTotals([[1], [1], [1], [20], [31], [16]], true, false);
    const result = suppressGrid(values, shape);
    assert.deepEqual(result.slice(0, 3), [[SMALL], [SMALL], [SMALL]]);
    assert.ok(result.flat().filter((v) => v === WITHHELD).length >= 1, 'another month is withheld');
    assert.deepEqual(narrowedFigures([{ cells: result, shape }]), []);
    // The old rule (no figure pinned down by elimination) let this through.
    const naive = [[SMALL], [SMALL], [SMALL], [20], [31], [16], [70]] as ReturnCell[][];
    assert.deepEqual(narrowedFigures([{ cells: naive, shape }]).map((n) => [n.row, n.min, n.max]), [[0, 1, 1], [1, 1, 1], [2, 1, 1]]);
  });

  it('leaves a table without small numbers alone', () => {
    const { values, shape } = withTotals([[12, 7], [30, 9]], true, true);
    assert.deepEqual(suppressGrid(values, shape), values);
  });

  it('protects a small number in a two-way table along its row and its column', () => {
    const { values, shape } = withTotals([[2, 10, 11], [9, 14, 30], [8, 6, 25]], true, true);
    const result = suppressGrid(values, shape);
    assert.equal(result[0]![0], SMALL);
    assert.deepEqual(narrowedFigures([{ cells: result, shape }]), []);
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
    assert.deepEqual(narrowedFigures([{ cells: result, shape }]), []);
  });

  it('needs no secondary suppression for a table whose rows do not add up', () => {
    const result = suppressGrid([[3], [40], [41]], { rows: 3, columns: 1, totalRow: false, totalColumn: false });
    assert.deepEqual(result, [[SMALL], [40], [41]]);
  });

  it('does not let a total withheld in one table be read from another table of the same people', () => {
    // Gender of 15 young people (12 and 3) and their age (10 and 5): a gender total withheld to protect the 3 would be given away by the age table.
    const gender = withTotals([[12], [3]], true, false);
    const age = withTotals([[10], [5]], true, false);
    const grids = [{ ...gender, columnKeys: ['young_people'] }, { ...age, columnKeys: ['young_people'] }];
    const links = sharedTotals(grids);
    assert.equal(links.length, 1);
    const [g, a] = suppressTables(grids, links);
    assert.deepEqual(narrowedFigures([{ cells: g!, shape: gender.shape }, { cells: a!, shape: age.shape }], links), []);
    // Judged table by table, the same figures look safe but are not.
    const alone = [suppressTables([grids[0]!])[0]!, suppressTables([grids[1]!])[0]!];
    const together = narrowedFigures([{ cells: alone[0]!, shape: gender.shape }, { cells: alone[1]!, shape: age.shape }], links);
    assert.ok(together.length > 0, 'the age table gives the gender total away');
  });
});

describe('suppression properties', () => {
  const count = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 5000 }));
  const tableArb = fc
    .record({ rows: fc.integer({ min: 1, max: 7 }), columns: fc.integer({ min: 1, max: 4 }), totalRow: fc.boolean(), totalColumn: fc.boolean() })
    .chain((s) => fc.record({ shape: fc.constant(s), cells: fc.array(fc.array(count, { minLength: s.columns, maxLength: s.columns }), { minLength: s.rows, maxLength: s.rows }) }))
    .map(({ shape, cells }) => withTotals(cells, shape.totalRow && shape.rows > 1, shape.totalColumn && shape.columns > 1));

  it('every count from 1 to 4 is shown as <5, and every other figure is shown truly or withheld', () => {
    fc.assert(
      fc.property(tableArb, ({ values, shape }) => {
        const result = suppressGrid(values, shape);
        values.forEach((row, i) => row.forEach((v, j) => {
          const shown = result[i]![j];
          if (v >= 1 && v <= 4) assert.equal(shown, SMALL);
          else assert.ok(shown === v || shown === WITHHELD, `cell ${i},${j}: ${String(shown)} for ${v}`);
        }));
      }),
      { numRuns: 200 },
    );
  });

  it('no hidden figure in a table can be narrowed down from the totals and the figures shown', () => {
    fc.assert(
      fc.property(tableArb, ({ values, shape }) => {
        const result = suppressGrid(values, shape);
        assert.deepEqual(narrowedFigures([{ cells: result, shape }]), []);
      }),
      { numRuns: 200 },
    );
  });

  it('a table with no small numbers is unchanged', () => {
    fc.assert(
      fc.property(tableArb, ({ values, shape }) => {
        if (values.flat().some((v) => v >= 1 && v <= 4)) return;
        assert.deepEqual(suppressGrid(values, shape), values);
      }),
      { numRuns: 100 },
    );
  });

  // Two breakdowns of the same young people: a two-way table (say risk level by gender) and a
  // one-way table (say age), so the grand totals are the same count.
  const peopleArb = fc
    .record({ rows: fc.integer({ min: 1, max: 5 }), columns: fc.integer({ min: 1, max: 3 }), other: fc.integer({ min: 1, max: 6 }), crowd: fc.integer({ min: 0, max: 40 }) })
    .chain((s) =>
      fc.record({
        s: fc.constant(s),
        people: fc.array(fc.record({ row: fc.nat(s.rows - 1), column: fc.nat(s.columns - 1), other: fc.nat(s.other - 1) }), { minLength: 0, maxLength: 60 }),
      }),
    )
    .map(({ s, people }) => {
      const twoWay = Array.from({ length: s.rows }, () => new Array<number>(s.columns).fill(0));
      const oneWay = Array.from({ length: s.other }, () => [0]);
      // A crowd in the first cells gives large counts beside the small ones.
      twoWay[0]![0]! += s.crowd * 10;
      oneWay[0]![0]! += s.crowd * 10;
      for (const p of people) {
        twoWay[p.row]![p.column]! += 1;
        oneWay[p.other]![0]! += 1;
      }
      return [
        { ...withTotals(twoWay, true, s.columns > 1), columnKeys: [...Array.from({ length: s.columns }, (_, j) => `c${j}`), ...(s.columns > 1 ? ['total'] : [])] },
        { ...withTotals(oneWay, true, false), columnKeys: ['young_people'] },
      ];
    });

  it('no hidden figure can be narrowed down across two tables of the same people', () => {
    fc.assert(
      fc.property(peopleArb, (grids) => {
        const [a, b] = grids as [(typeof grids)[0], (typeof grids)[0]];
        const sameCount: Array<[CellRef, CellRef]> = [[{ table: 0, row: a.shape.rows - 1, column: a.shape.columns - 1 }, { table: 1, row: b.shape.rows - 1, column: 0 }]];
        const result = suppressTables(grids, sharedTotals(grids));
        assert.deepEqual(narrowedFigures([{ cells: result[0]!, shape: a.shape }, { cells: result[1]!, shape: b.shape }], sameCount), []);
      }),
      { numRuns: 150 },
    );
  });
});

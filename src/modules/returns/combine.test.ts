/**
 * A combined return of three generated areas equals the return of their union, except where
 * suppression applies; and the combine step refuses what it must.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestLantern, type TestLantern } from '../../test-support/index.ts';
import { generateArea } from '../demo/generate.ts';
import { buildReturn, combineReturns, parseReturns } from './build.ts';
import { returnProblems, shapeOf, type AnonymisedReturn } from './format.ts';
import { SMALL, WITHHELD, exposedCells, sharedTotals } from './suppression.ts';

let lantern: TestLantern;
const areaIds: string[] = [];
const period = { from: '2025-01', to: '2025-12' };

before(async () => {
  lantern = await createTestLantern({ seedDemo: false });
  for (const [i, code] of ['CMA', 'CMB', 'CMC'].entries()) {
    const { areaId } = await generateArea(lantern.db, { actor: null, ip: null, requestId: 'test' }, { youngPeople: 400 + i * 150, concerns: 1500, seed: 40 + i, areaCode: code });
    areaIds.push(areaId);
  }
});
after(async () => lantern?.close());

describe('combining returns', () => {
  it('gives the union’s figures wherever no area withheld them, and suppresses the sums again', async () => {
    const parts = await Promise.all(areaIds.map((id) => buildReturn(lantern.db, [id], period)));
    const union = await buildReturn(lantern.db, areaIds, period);
    const combined = combineReturns(parts.map((p) => p.document));
    assert.ok(combined.ok, combined.ok ? '' : combined.problems.map((p) => p.message).join('\n'));
    const doc = combined.value;
    assert.deepEqual(doc.areas.map((a) => a.code), ['CMA', 'CMB', 'CMC']);
    let compared = 0;
    let withheld = 0;
    for (const t of doc.tables) {
      const raw = union.raw.get(t.id)!;
      t.rows.forEach((r, i) => r.values.forEach((v, j) => {
        const real = raw[i]![j]!;
        if (typeof v === 'number') {
          assert.equal(v, real, `${t.id} ${r.key}: combined ${v}, union ${real}`);
          compared++;
        } else {
          withheld++;
          if (v === SMALL) assert.ok(real >= 1 && real <= 4);
          // Withheld only where an area withheld the figure or the sums needed protecting.
          const anyAreaHid = parts.some((p) => typeof p.document.tables.find((x) => x.id === t.id)!.rows[i]!.values[j] !== 'number');
          if (v === WITHHELD && !anyAreaHid) assert.notEqual(typeof union.document.tables.find((x) => x.id === t.id)!.rows[i]!.values[j], 'undefined');
        }
      }));
    }
    assert.ok(compared > 200, `compared ${compared} figures`);
    assert.ok(withheld > 0, 'small areas have something suppressed');
    // The combined return is itself a valid return: it can be combined again.
    assert.deepEqual(returnProblems(doc).problems, []);
    // Neither it nor any area's return lets a hidden figure be narrowed down, reading all its tables together.
    for (const d of [doc, ...parts.map((p) => p.document)]) {
      const published = d.tables.map((t) => ({ cells: t.rows.map((r) => r.values), shape: shapeOf(t) }));
      const links = sharedTotals(d.tables.map((t) => ({ values: t.rows.map((r) => r.values.map((v) => (typeof v === 'number' ? v : null))), shape: shapeOf(t), columnKeys: t.columns.map((c) => c.key) })));
      assert.deepEqual(exposedCells(published, links), [], `${d.areas.map((a) => a.code).join(' ')}`);
    }
  });

  it('refuses returns for different months, an area twice, a small number shown, totals that do not add up and a give-away', async () => {
    const a = (await buildReturn(lantern.db, [areaIds[0]!], period)).document;
    const b = (await buildReturn(lantern.db, [areaIds[1]!], period)).document;
    const other = (await buildReturn(lantern.db, [areaIds[1]!], { from: '2025-02', to: '2025-12' })).document;
    const refused = (inputs: unknown[], pattern: RegExp) => {
      const result = combineReturns(inputs);
      assert.equal(result.ok, false);
      if (!result.ok) assert.ok(result.problems.some((p) => pattern.test(p.message)), result.problems.map((p) => p.message).join('\n'));
    };
    refused([a, other], /same months/);
    refused([a, a], /more than one return/);
    refused([a], /at least two/);
    refused([a, { hello: 'world' }], /not a Lantern anonymised return/);

    const gender = (doc: AnonymisedReturn) => doc.tables.find((t) => t.id === 'gender')!;
    const small = structuredClone(b);
    gender(small).rows[0]!.values[0] = 2;
    refused([a, small], /small number/);

    const sums = structuredClone(b);
    const g = gender(sums);
    const totalRow = g.rows[g.rows.length - 1]!;
    totalRow.values[0] = 0;
    refused([a, sums], /do not add up/);

    // A single withheld figure among shown ones can be worked out from the total.
    const giveaway = structuredClone(b);
    const g2 = gender(giveaway);
    const shownRow = g2.rows.findIndex((r, i) => i < g2.rows.length - 1 && typeof r.values[0] === 'number' && (r.values[0] as number) >= 5);
    for (const r of g2.rows.slice(0, -1)) if (typeof r.values[0] !== 'number') r.values[0] = 5;
    g2.rows[g2.rows.length - 1]!.values[0] = g2.rows.slice(0, -1).reduce((s, r) => s + (r.values[0] as number), 0);
    g2.rows[shownRow]!.values[0] = WITHHELD;
    refused([a, giveaway], /can be worked out/);
  });

  it('reads returns pasted one after another or as an array', async () => {
    const a = (await buildReturn(lantern.db, [areaIds[0]!], period)).document;
    assert.equal(parseReturns(`${JSON.stringify(a, null, 2)}\n\n${JSON.stringify(a)}`).values.length, 2);
    assert.equal(parseReturns(JSON.stringify([a, a, a])).values.length, 3);
    assert.match(parseReturns(`${JSON.stringify(a)} {"cut": `).problem ?? '', /cut short/);
    assert.match(parseReturns('not json').problem ?? '', /not valid JSON/);
  });
});

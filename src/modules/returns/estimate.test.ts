import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Random } from '../../platform/random.ts';
import { estimateUnderIdentification, fitPoisson, predict, readIndicators, type AreaIndicators } from './estimate.ts';

/** Areas whose identified counts follow their indicators, a quarter fully proactive and the rest identifying about half. */
function syntheticAreas(n: number, seed: number): { areas: AreaIndicators[]; proactive: Set<string> } {
  const random = new Random(seed);
  const areas: AreaIndicators[] = [];
  const proactive = new Set<string>();
  for (let i = 0; i < n; i++) {
    const population = 15_000 + Math.floor(random.next() * 20_000);
    const missing = population * (0.02 + random.next() * 0.04);
    const lookedAfter = population * (0.008 + random.next() * 0.01);
    const rate = 0.004 * Math.pow((1000 * missing) / population / 40, 0.8) * Math.pow((1000 * lookedAfter) / population / 13, 0.5);
    const code = `A${String(i).padStart(2, '0')}`;
    const isProactive = i % 4 === 0;
    if (isProactive) proactive.add(code);
    areas.push({ code, name: `Area ${i}`, population, identified: Math.round(population * rate * (isProactive ? 1 : 0.5)), indicators: { missing_episodes: Math.round(missing), looked_after: Math.round(lookedAfter) } });
  }
  return { areas, proactive };
}

describe('under-identification estimate', () => {
  it('fits a Poisson model that reproduces counts that follow the indicators exactly', () => {
    const { areas } = syntheticAreas(16, 3);
    const even = areas.map((a) => ({ ...a, identified: Math.round(a.population * 0.003 * ((1000 * a.indicators.missing_episodes!) / a.population / 40)) }));
    const model = fitPoisson(even, ['missing_episodes', 'looked_after']);
    for (const a of even) assert.ok(Math.abs(predict(model, a, ['missing_episodes', 'looked_after']) - a.identified) / a.identified < 0.15, `${a.code}`);
  });

  it('takes the most proactive areas as the reference and finds the others identifying about half', () => {
    const { areas, proactive } = syntheticAreas(16, 5);
    const result = estimateUnderIdentification(areas, { runs: 200, seed: 1 });
    for (const code of result.referenceAreas) assert.ok(proactive.has(code), `${code} is one of the proactive areas`);
    const others = result.areas.filter((a) => !proactive.has(a.code));
    const share = others.reduce((s, a) => s + a.identified, 0) / others.reduce((s, a) => s + a.expected, 0);
    assert.ok(share > 0.4 && share < 0.65, `the others identify ${share.toFixed(2)} of what is expected`);
    for (const a of result.areas) assert.ok(a.low <= a.expected && a.expected <= a.high, `${a.code}: ${a.low} ≤ ${a.expected} ≤ ${a.high}`);
    assert.ok(result.totals.expected > result.totals.identified);
  });

  it('refuses fewer than three areas and reports bad rows by number', () => {
    assert.throws(() => estimateUnderIdentification(syntheticAreas(2, 1).areas), /at least 3 areas/);
    const { problems } = readIndicators(new TextEncoder().encode('area_code,population,identified,missing_episodes,colour\nAAA,0,5,10,red\nbad code!,100,200,x,blue'));
    assert.ok(problems.some((p) => /Unknown columns: colour/.test(p)), problems.join('\n'));
    const rowsOnly = readIndicators(new TextEncoder().encode('area_code,population,identified,missing_episodes\nAAA,0,5,10\nbad code!,100,200,x')).problems;
    assert.ok(rowsOnly.some((p) => /Row 2: population must be above 0/.test(p)), rowsOnly.join('\n'));
    assert.ok(rowsOnly.some((p) => /Row 3: area_code/.test(p)));
    assert.ok(rowsOnly.some((p) => /Row 3: missing_episodes must be a number/.test(p)));
    assert.ok(rowsOnly.some((p) => /Row 3: identified \(200\) is more than the population/.test(p)));
  });
});

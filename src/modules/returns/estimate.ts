/**
 * Under-identification across areas: how many young people each area would identify if it were as
 * proactive as the most proactive areas, given its proxy indicators (the approach of the research
 * behind Lantern, which estimated 1,002 against 507 identified across London boroughs).
 *
 * The model (docs/decisions/0011-problem-profile-and-returns.md says why):
 * - Identified young people are counts, so a Poisson regression with a log link, with the area's
 *   population of 10–17 year olds as the offset: log E[identified] = log(population) + b0 + Σ bk·zk,
 *   where zk is indicator k as a standardised log rate per 1,000 young people. Fitted by
 *   iteratively reweighted least squares with a small ridge penalty on b1…bk, so a handful of areas
 *   and eight indicators still give a stable answer.
 * - Each area's proactivity is identified ÷ fitted. The most proactive quarter of areas (at least
 *   one) is the reference: their identified ÷ fitted, pooled, scales every area's fitted count to
 *   "expected if as proactive as the reference". The gap is expected − identified.
 * - Uncertainty by bootstrap: areas resampled with replacement, the model refitted and the
 *   reference chosen again each time, and a Poisson draw around each expected count, so the
 *   interval covers both the uncertain model and the chance in a year's count.
 */
import { readCsv, CsvInputError } from '../../platform/csv.ts';
import { Random } from '../../platform/random.ts';

export const INDICATOR_COLUMNS: Array<{ name: string; description: string }> = [
  { name: 'missing_episodes', description: 'missing episodes of children reported to the police in the year' },
  { name: 'looked_after', description: 'looked-after children on 31 March' },
  { name: 'residential_home_places', description: 'places in children’s residential homes in the area' },
  { name: 'persistent_absence', description: 'pupils persistently absent from school in the year' },
  { name: 'sexual_health', description: 'sexually transmitted infections diagnosed in under-18s in the year' },
  { name: 'teenage_conceptions', description: 'conceptions to under-18s in the year' },
  { name: 'youth_homelessness', description: '16–17 year olds presenting as homeless in the year' },
  { name: 'drug_use', description: 'under-18s in specialist substance misuse treatment in the year' },
];

export const ESTIMATE_COLUMNS: Array<{ name: string; description: string }> = [
  { name: 'area_code', description: 'the area’s code (letters, digits and hyphens), one row per area (required)' },
  { name: 'area_name', description: 'the area’s name (optional)' },
  { name: 'population', description: 'young people aged 10 to 17 living in the area (required)' },
  { name: 'identified', description: 'young people identified as sexually exploited or at risk of it in the year, e.g. the “newly identified” figure of the area’s return (required)' },
  ...INDICATOR_COLUMNS,
];

export interface AreaIndicators {
  code: string;
  name: string;
  population: number;
  identified: number;
  indicators: Record<string, number>;
}

export interface AreaEstimate {
  code: string;
  name: string;
  identified: number;
  /** Expected if as proactive as the reference areas. */
  expected: number;
  gap: number;
  /** 90% interval of the expected count. */
  low: number;
  high: number;
  /** Share of the expected number not identified (0 when at or above it). */
  underIdentified: number;
  reference: boolean;
}

export interface EstimateResult {
  areas: AreaEstimate[];
  indicatorsUsed: string[];
  referenceAreas: string[];
  totals: { identified: number; expected: number; low: number; high: number };
  bootstrapRuns: number;
}

export const MIN_AREAS = 3;

/** Reads the indicators file: every problem with its row number; nothing estimated until all rows are right. */
export function readIndicators(bytes: Uint8Array): { areas: AreaIndicators[]; problems: string[] } {
  let csv;
  try {
    csv = readCsv(bytes, { encoding: 'auto' });
  } catch (error) {
    if (error instanceof CsvInputError) return { areas: [], problems: [`The file cannot be read: ${error.message}`] };
    throw error;
  }
  const problems: string[] = csv.issues.map((i) => (i.row ? `Row ${i.row}: ${i.problem}` : i.problem));
  const header = csv.header.map((h) => h.trim().toLowerCase());
  for (const required of ['area_code', 'population', 'identified']) if (!header.includes(required)) problems.push(`The file needs a ${required} column`);
  const known = ESTIMATE_COLUMNS.map((c) => c.name);
  const unknown = header.filter((h) => h && !known.includes(h));
  if (unknown.length) problems.push(`Unknown columns: ${unknown.join(', ')}. The columns are: ${known.join(', ')}`);
  const indicators = INDICATOR_COLUMNS.map((c) => c.name).filter((name) => header.includes(name));
  if (!indicators.length) problems.push(`The file needs at least one indicator column: ${INDICATOR_COLUMNS.map((c) => c.name).join(', ')}`);
  if (problems.length) return { areas: [], problems };
  const areas: AreaIndicators[] = [];
  const seen = new Map<string, number>();
  for (const { row, cells } of csv.rows) {
    const lower: Record<string, string> = {};
    for (const [k, v] of Object.entries(cells)) lower[k.trim().toLowerCase()] = (v ?? '').trim();
    const code = (lower.area_code ?? '').toUpperCase();
    if (!/^[A-Z0-9-]{1,12}$/.test(code)) problems.push(`Row ${row}: area_code must be 1 to 12 letters, digits or hyphens`);
    else if (seen.has(code)) problems.push(`Row ${row}: area ${code} is already on row ${seen.get(code)}; give each area once`);
    else seen.set(code, row);
    const number = (name: string, positive: boolean): number => {
      const text = (lower[name] ?? '').replace(/,/g, '');
      if (!/^\d+(\.\d+)?$/.test(text)) {
        problems.push(`Row ${row}: ${name} must be a number${positive ? ' above 0' : ''} (it is “${(lower[name] ?? '').slice(0, 20)}”)`);
        return 0;
      }
      const value = Number(text);
      if (positive && value <= 0) problems.push(`Row ${row}: ${name} must be above 0`);
      return value;
    };
    const population = number('population', true);
    const identified = number('identified', false);
    if (!Number.isInteger(identified)) problems.push(`Row ${row}: identified must be a whole number`);
    if (identified > population) problems.push(`Row ${row}: identified (${identified}) is more than the population (${population})`);
    const values: Record<string, number> = {};
    for (const name of indicators) values[name] = number(name, false);
    areas.push({ code, name: lower.area_name || code, population, identified, indicators: values });
  }
  if (!csv.rows.length) problems.push('The file has no rows of data');
  return { areas: problems.length ? [] : areas, problems };
}

// ---- The model ----

function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const p = m[col]![col]!;
    if (Math.abs(p) < 1e-12) continue;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / p;
      for (let k = col; k <= n; k++) m[r]![k]! -= f * m[col]![k]!;
    }
  }
  return m.map((row, i) => (Math.abs(row[i]!) < 1e-12 ? 0 : row[n]! / row[i]!));
}

export interface FittedModel {
  coefficients: number[];
  /** Standardisation of each indicator's log rate, from the data the model was fitted to. */
  means: number[];
  sds: number[];
}

const RIDGE = 1;

function logRates(area: AreaIndicators, indicators: string[]): number[] {
  return indicators.map((name) => Math.log1p((1000 * (area.indicators[name] ?? 0)) / area.population));
}

/** Poisson regression with offset log(population), by iteratively reweighted least squares with a ridge penalty. */
export function fitPoisson(areas: AreaIndicators[], indicators: string[]): FittedModel {
  const raw = areas.map((a) => logRates(a, indicators));
  const means = indicators.map((_, k) => raw.reduce((s, r) => s + r[k]!, 0) / raw.length);
  const sds = indicators.map((_, k) => Math.sqrt(raw.reduce((s, r) => s + (r[k]! - means[k]!) ** 2, 0) / Math.max(1, raw.length - 1)) || 1);
  const x = raw.map((r) => [1, ...r.map((v, k) => (v - means[k]!) / sds[k]!)]);
  const offset = areas.map((a) => Math.log(a.population));
  const y = areas.map((a) => a.identified);
  const p = indicators.length + 1;
  const overall = Math.log((y.reduce((s, v) => s + v, 0) + 0.5) / areas.reduce((s, a) => s + a.population, 0));
  let beta = [overall, ...new Array<number>(p - 1).fill(0)];
  for (let iteration = 0; iteration < 100; iteration++) {
    const eta = x.map((row, i) => offset[i]! + row.reduce((s, v, k) => s + v * beta[k]!, 0));
    const mu = eta.map((e) => Math.exp(Math.min(30, e)));
    const xtwx = Array.from({ length: p }, () => new Array<number>(p).fill(0));
    const xtwz = new Array<number>(p).fill(0);
    x.forEach((row, i) => {
      const w = Math.max(mu[i]!, 1e-8);
      const z = eta[i]! - offset[i]! + (y[i]! - mu[i]!) / w;
      for (let a = 0; a < p; a++) {
        xtwz[a]! += row[a]! * w * z;
        for (let b = 0; b < p; b++) xtwx[a]![b]! += row[a]! * w * row[b]!;
      }
    });
    // The penalty is scaled by the average weight so it means the same whatever the areas' size.
    const scale = mu.reduce((s, v) => s + v, 0) / mu.length;
    for (let k = 1; k < p; k++) xtwx[k]![k]! += RIDGE * scale;
    const next = solve(xtwx, xtwz);
    const change = Math.max(...next.map((v, k) => Math.abs(v - beta[k]!)));
    beta = next;
    if (change < 1e-8) break;
  }
  return { coefficients: beta, means, sds };
}

export function predict(model: FittedModel, area: AreaIndicators, indicators: string[]): number {
  const z = logRates(area, indicators).map((v, k) => (v - model.means[k]!) / model.sds[k]!);
  const eta = Math.log(area.population) + model.coefficients[0]! + z.reduce((s, v, k) => s + v * model.coefficients[k + 1]!, 0);
  return Math.exp(Math.min(30, eta));
}

/** The reference: the most proactive quarter of areas (at least one) by identified ÷ fitted. */
function referenceFactor(areas: AreaIndicators[], fitted: number[]): { factor: number; codes: string[] } {
  const order = areas.map((a, i) => ({ code: a.code, ratio: a.identified / Math.max(fitted[i]!, 1e-9), i })).sort((a, b) => b.ratio - a.ratio);
  const take = Math.max(1, Math.ceil(areas.length / 4));
  const chosen = order.slice(0, take);
  const identified = chosen.reduce((s, c) => s + areas[c.i]!.identified, 0);
  const expected = chosen.reduce((s, c) => s + fitted[c.i]!, 0);
  return { factor: Math.max(1, identified / Math.max(expected, 1e-9)), codes: chosen.map((c) => c.code) };
}

function poissonDraw(random: Random, mean: number): number {
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(random)));
  const limit = Math.exp(-mean);
  let k = 0;
  let product = random.next();
  while (product > limit) {
    k++;
    product *= random.next();
  }
  return k;
}

function normal(random: Random): number {
  const u = Math.max(random.next(), 1e-12);
  const v = random.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(q * (sorted.length - 1) + 0.5)))]!;

export function estimateUnderIdentification(areas: AreaIndicators[], options: { runs?: number; seed?: number } = {}): EstimateResult {
  if (areas.length < MIN_AREAS) throw new Error(`A comparison needs at least ${MIN_AREAS} areas`);
  const indicators = Object.keys(areas[0]!.indicators);
  const model = fitPoisson(areas, indicators);
  const fitted = areas.map((a) => predict(model, a, indicators));
  const reference = referenceFactor(areas, fitted);
  const expected = fitted.map((f) => f * reference.factor);
  const runs = options.runs ?? 400;
  const random = new Random(options.seed ?? 2026);
  const draws: number[][] = areas.map(() => []);
  const totals: number[] = [];
  for (let run = 0; run < runs; run++) {
    const sample = Array.from({ length: areas.length }, () => areas[Math.floor(random.next() * areas.length)]!);
    if (new Set(sample.map((a) => a.code)).size < 2) continue;
    const m = fitPoisson(sample, indicators);
    const ref = referenceFactor(sample, sample.map((a) => predict(m, a, indicators)));
    let total = 0;
    areas.forEach((a, i) => {
      const draw = poissonDraw(random, predict(m, a, indicators) * ref.factor);
      draws[i]!.push(draw);
      total += draw;
    });
    totals.push(total);
  }
  const result: AreaEstimate[] = areas.map((a, i) => {
    const sorted = [...draws[i]!].sort((x, y) => x - y);
    const e = expected[i]!;
    return {
      code: a.code,
      name: a.name,
      identified: a.identified,
      expected: Math.round(e),
      gap: Math.round(e - a.identified),
      low: sorted.length ? quantile(sorted, 0.05) : Math.round(e),
      high: sorted.length ? quantile(sorted, 0.95) : Math.round(e),
      underIdentified: e > a.identified ? (e - a.identified) / e : 0,
      reference: reference.codes.includes(a.code),
    };
  });
  const sortedTotals = totals.sort((x, y) => x - y);
  return {
    areas: result,
    indicatorsUsed: indicators,
    referenceAreas: reference.codes,
    totals: {
      identified: areas.reduce((s, a) => s + a.identified, 0),
      expected: Math.round(expected.reduce((s, v) => s + v, 0)),
      low: sortedTotals.length ? quantile(sortedTotals, 0.05) : 0,
      high: sortedTotals.length ? quantile(sortedTotals, 0.95) : 0,
    },
    bootstrapRuns: totals.length,
  };
}

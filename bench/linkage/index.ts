/**
 * Linkage benchmark: `npm run bench:linkage` prints JSON.
 *
 * Public data (read from ../shared/benchmarks/linkage/, never copied): FEBRL 4
 * (link 4a with 4b), FEBRL 3 and fake_1000 (dedupe). Lantern's own UK
 * generator at 10,000 and 100,000 records per side, with look-alikes (twins,
 * siblings, cousins, namesakes) as hard negatives: precision and recall per
 * kind of record, each look-alike's pair with its relative counted by band,
 * and recall per kind of corruption; the 100,000 run doubles as the
 * batch-link timing. A summary of the targets comes last.
 *
 * Options: --runs N (default 3) for the median phase times (the 100,000 run is
 * timed once, to keep the whole bench to a few minutes); --quick skips it;
 * --show-errors N adds, for each generated set, up to N false negatives and N false
 * positives at the operating threshold, with both records (all fictional), the kind of
 * right-hand record, its corruptions and the model's explanation, to see what the model
 * gets wrong; --only-generated skips the public data sets.
 */
import { DEFAULT_THRESHOLDS, dedupeRecords, linkRecords, type LinkageOptions, type LinkageResult } from '../../src/modules/linkage/engine.ts';
import { CORRUPTION_KINDS, RIGHT_RECORD_KINDS, generateLinkageBenchmark, type LinkageBenchmark } from '../../src/modules/linkage/synthetic/corrupt.ts';
import type { PersonRecord } from '../../src/modules/linkage/types.ts';
import { loadFake1000, loadFebrl } from './datasets.ts';
import { evaluate, type Evaluation } from './metrics.ts';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] ?? 3) || 3;
const quick = args.includes('--quick');
const showErrors = args.includes('--show-errors') ? Number(args[args.indexOf('--show-errors') + 1] ?? 20) || 20 : 0;
const onlyGenerated = args.includes('--only-generated');
const sizes = args.includes('--size') ? [Number(args[args.indexOf('--size') + 1])] : null;

// maxRSS is the process's peak so far: the figures grow monotonically through the report.
function peakRssMb(): number {
  return round(process.resourceUsage().maxRSS / 1024, 1);
}

function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] ?? 0 : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function round(value: number, digits = 4): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

interface Timed {
  result: LinkageResult;
  phasesMs: Record<string, number>;
  totalMs: number;
  /** Median CPU time of the process (user + system, all threads) per run: less sensitive than wall time to other work on the machine. */
  cpuMs: number;
  peakRssMb: number;
}

function timeRuns(run: () => LinkageResult, count: number): Timed {
  const perPhase = new Map<string, number[]>();
  const totals: number[] = [];
  const cpu: number[] = [];
  let result: LinkageResult | null = null;
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    result = run();
    totals.push(performance.now() - started);
    const used = process.cpuUsage(cpuStarted);
    cpu.push((used.user + used.system) / 1000);
    for (const [phase, ms] of Object.entries(result.timings)) {
      const list = perPhase.get(phase) ?? [];
      list.push(ms);
      perPhase.set(phase, list);
    }
  }
  if (!result) throw new Error('no run');
  const phasesMs: Record<string, number> = {};
  for (const [phase, list] of perPhase) phasesMs[phase] = round(median(list), 1);
  return { result, phasesMs, totalMs: round(median(totals), 1), cpuMs: round(median(cpu), 1), peakRssMb: peakRssMb() };
}

function summarise(evaluation: Evaluation): Record<string, unknown> {
  const at = (threshold: number) => evaluation.atThresholds.find((scores) => scores.threshold === threshold);
  const operating = at(DEFAULT_THRESHOLDS.review);
  const autoSuggest = at(DEFAULT_THRESHOLDS.autoSuggest);
  return {
    operatingThreshold: DEFAULT_THRESHOLDS.review,
    precision: round(operating?.precision ?? 0),
    recall: round(operating?.recall ?? 0),
    f1: round(operating?.f1 ?? 0),
    falsePositives: operating?.falsePositives,
    falseNegatives: operating?.falseNegatives,
    autoSuggestThreshold: DEFAULT_THRESHOLDS.autoSuggest,
    autoSuggest: autoSuggest && {
      precision: round(autoSuggest.precision),
      recall: round(autoSuggest.recall),
      f1: round(autoSuggest.f1),
      falsePositives: autoSuggest.falsePositives,
    },
    bestF1: round(evaluation.bestF1.f1),
    bestF1Threshold: round(evaluation.bestF1.threshold, 6),
    recallAtPrecision1: round(evaluation.recallAtPrecisionOne),
    truePairs: evaluation.truePairs,
    candidatePairs: evaluation.candidatePairs,
    truePairsAmongCandidates: evaluation.truePairsAmongCandidates,
    shareOfCandidatesTrue: round(evaluation.candidatePurity),
    blockingRecall: round(evaluation.blockingRecall),
  };
}

function modelSummary(result: LinkageResult): Record<string, unknown> {
  return {
    priorWeight: round(result.model.priorWeight, 2),
    estimatedMatches: Math.round(result.model.expectedMatches),
    trainingBlocks: result.model.training.map((block) => ({
      name: block.name,
      pairs: block.pairs,
      emIterations: block.iterations,
      impliedMatches: Math.round(block.impliedMatches),
    })),
    exhaustive: result.exhaustive,
  };
}

function benchPublicLink(): Record<string, unknown> {
  const a = loadFebrl('dataset4a.csv', 'a');
  const b = loadFebrl('dataset4b.csv', 'b');
  const timed = timeRuns(() => linkRecords(a.records, b.records), runs);
  const { pairs } = timed.result;
  const evaluation = evaluate(a.entities, b.entities, pairs.left, pairs.right, pairs.matchProbability, pairs.count, [
    DEFAULT_THRESHOLDS.review,
    DEFAULT_THRESHOLDS.autoSuggest,
  ]);
  return { ...summarise(evaluation), phasesMedianMs: timed.phasesMs, totalMedianMs: timed.totalMs, cpuMedianMs: timed.cpuMs, peakRssMb: timed.peakRssMb, model: modelSummary(timed.result) };
}

function benchPublicDedupe(records: PersonRecord[], entities: string[]): Record<string, unknown> {
  const timed = timeRuns(() => dedupeRecords(records), runs);
  const { pairs } = timed.result;
  const evaluation = evaluate(entities, null, pairs.left, pairs.right, pairs.matchProbability, pairs.count, [
    DEFAULT_THRESHOLDS.review,
    DEFAULT_THRESHOLDS.autoSuggest,
  ]);
  return { ...summarise(evaluation), phasesMedianMs: timed.phasesMs, totalMedianMs: timed.totalMs, cpuMedianMs: timed.cpuMs, peakRssMb: timed.peakRssMb, model: modelSummary(timed.result) };
}

/**
 * Per kind of right-hand record (a copy, each kind of look-alike, unrelated): the pairs at or
 * above the operating threshold, how many were right, precision, and for copies recall. Then,
 * for each look-alike, its pair with the left-hand person it resembles, counted by band.
 */
function perKindScores(benchmark: LinkageBenchmark, pairs: LinkageResult['pairs']): Record<string, unknown> {
  const leftIndex = new Map(benchmark.leftPerson.map((person, index) => [person, index]));
  const predicted = new Map<string, [number, number]>();
  const relativePair = new Float64Array(benchmark.right.length);
  for (let p = 0; p < pairs.count; p++) {
    const i = pairs.left[p] ?? 0;
    const j = pairs.right[p] ?? 0;
    const probability = pairs.matchProbability[p] ?? 0;
    if (benchmark.rightRelatives[j]?.includes(benchmark.leftPerson[i] ?? '')) relativePair[j] = Math.max(relativePair[j] ?? 0, probability);
    if (probability < DEFAULT_THRESHOLDS.review) continue;
    const kind = benchmark.rightKind[j] ?? 'unrelated';
    const counts = predicted.get(kind) ?? [0, 0];
    counts[0]++;
    if (benchmark.leftPerson[i] === benchmark.rightPerson[j]) counts[1]++;
    predicted.set(kind, counts);
  }
  const perKind: Record<string, unknown> = {};
  const bands: Record<string, unknown> = {};
  for (const kind of RIGHT_RECORD_KINDS) {
    const records = benchmark.rightKind.filter((candidate) => candidate === kind).length;
    if (records === 0) continue;
    const [atOrAbove, correct] = predicted.get(kind) ?? [0, 0];
    const truePairs = kind === 'copy' ? benchmark.rightPerson.filter((person, j) => benchmark.rightKind[j] === 'copy' && leftIndex.has(person)).length : 0;
    perKind[kind] = {
      records,
      pairsAtOrAboveThreshold: atOrAbove,
      correct,
      wrong: atOrAbove - correct,
      precision: atOrAbove > 0 ? round(correct / atOrAbove) : null,
      recall: truePairs > 0 ? round(correct / truePairs) : null,
    };
    if (kind === 'copy' || kind === 'unrelated') continue;
    let veryLikely = 0;
    let possibly = 0;
    let pairsWithRelative = 0;
    benchmark.rightKind.forEach((candidate, j) => {
      if (candidate !== kind || (benchmark.rightRelatives[j]?.length ?? 0) === 0) return;
      pairsWithRelative++;
      const probability = relativePair[j] ?? 0;
      if (probability >= DEFAULT_THRESHOLDS.autoSuggest) veryLikely++;
      else if (probability >= DEFAULT_THRESHOLDS.review) possibly++;
    });
    bands[kind] = { pairsWithRelative, veryLikelyTheSame: veryLikely, possiblyTheSame: possibly, probablyDifferent: pairsWithRelative - veryLikely - possibly };
  }
  return { perKind, lookAlikePairsByBand: bands };
}

function describeRecord(record: PersonRecord): string {
  return [record.givenName, record.familyName, record.dateOfBirth, record.postcode, record.gender].map((value) => value ?? '·').join(' | ');
}

/**
 * Up to `count` false negatives (a copy whose partner scored below the operating threshold, or
 * was never a candidate) and false positives (a pair of two people at or above it), spread over
 * the file by a fixed stride so the sample is not only the first records.
 */
function sampleErrors(benchmark: LinkageBenchmark, result: LinkageResult, count: number): Record<string, unknown> {
  const { pairs } = result;
  const leftIndexOfPerson = new Map(benchmark.leftPerson.map((person, index) => [person, index]));
  const truePair = new Map<number, number>();
  const falsePositives: number[] = [];
  for (let p = 0; p < pairs.count; p++) {
    const i = pairs.left[p] ?? 0;
    const j = pairs.right[p] ?? 0;
    const same = benchmark.leftPerson[i] === benchmark.rightPerson[j];
    if (same) truePair.set(j, p);
    else if ((pairs.matchProbability[p] ?? 0) >= DEFAULT_THRESHOLDS.review) falsePositives.push(p);
  }
  const falseNegatives: Array<{ i: number; j: number; p: number | null }> = [];
  benchmark.rightPerson.forEach((person, j) => {
    const i = leftIndexOfPerson.get(person);
    if (i === undefined) return;
    const p = truePair.get(j);
    if (p === undefined || (pairs.matchProbability[p] ?? 0) < DEFAULT_THRESHOLDS.review) falseNegatives.push({ i, j, p: p ?? null });
  });
  const spread = <T,>(list: T[]): T[] => {
    if (list.length <= count) return list;
    const stride = list.length / count;
    return Array.from({ length: count }, (_, k) => list[Math.floor(k * stride)] as T);
  };
  const show = (i: number, j: number, p: number | null) => {
    const explanation = result.explainRecords(i, j);
    return {
      left: describeRecord(benchmark.left[i] as PersonRecord),
      right: describeRecord(benchmark.right[j] as PersonRecord),
      rightKind: benchmark.rightKind[j],
      corruptions: benchmark.rightCorruptions[j],
      candidate: p !== null,
      probability: round(explanation.matchProbability, 4),
      explanation: explanation.fields.filter((field) => field.weight !== 0).map((field) => field.text),
    };
  };
  // Look-alikes whose pair with their relative reached "Very likely the same".
  const veryLikelyLookAlikes: number[] = [];
  for (let p = 0; p < pairs.count; p++) {
    const j = pairs.right[p] ?? 0;
    const kind = benchmark.rightKind[j];
    if (kind === 'copy' || kind === 'unrelated' || (pairs.matchProbability[p] ?? 0) < DEFAULT_THRESHOLDS.autoSuggest) continue;
    if (benchmark.rightRelatives[j]?.includes(benchmark.leftPerson[pairs.left[p] ?? 0] ?? '')) veryLikelyLookAlikes.push(p);
  }
  return {
    veryLikelyLookAlikeSample: spread(veryLikelyLookAlikes).map((p) => show(pairs.left[p] ?? 0, pairs.right[p] ?? 0, p)),
    falseNegatives: falseNegatives.length,
    falsePositives: falsePositives.length,
    falseNegativeSample: spread(falseNegatives).map(({ i, j, p }) => show(i, j, p)),
    falsePositiveSample: spread(falsePositives).map((p) => show(pairs.left[p] ?? 0, pairs.right[p] ?? 0, p)),
  };
}

function benchGenerated(size: number, runCount: number): Record<string, unknown> {
  const generateStarted = performance.now();
  const benchmark = generateLinkageBenchmark({ size, seed: 11 });
  const generateMs = performance.now() - generateStarted;
  const options: LinkageOptions = { referenceDate: benchmark.referenceDate };
  const timed = timeRuns(() => linkRecords(benchmark.left, benchmark.right, options), runCount);
  const { pairs } = timed.result;
  const evaluation = evaluate(benchmark.leftPerson, benchmark.rightPerson, pairs.left, pairs.right, pairs.matchProbability, pairs.count, [
    DEFAULT_THRESHOLDS.review,
    DEFAULT_THRESHOLDS.autoSuggest,
  ]);

  // Recall per kind: of the copies carrying that corruption, the share whose
  // true partner scored at or above the operating threshold.
  const bestTrueProbability = new Float64Array(benchmark.right.length).fill(-1);
  for (let p = 0; p < pairs.count; p++) {
    const i = pairs.left[p] ?? 0;
    const j = pairs.right[p] ?? 0;
    if (benchmark.leftPerson[i] === benchmark.rightPerson[j]) {
      bestTrueProbability[j] = Math.max(bestTrueProbability[j] ?? -1, pairs.matchProbability[p] ?? 0);
    }
  }
  const onLeft = new Set(benchmark.leftPerson);
  const perKind: Record<string, { copies: number; blocked: number; recall: number; recallAutoSuggest: number }> = {};
  const tally = new Map<string, [number, number, number, number]>();
  benchmark.right.forEach((_, j) => {
    if (!onLeft.has(benchmark.rightPerson[j] ?? '')) return;
    const kinds = benchmark.rightCorruptions[j]?.length ? benchmark.rightCorruptions[j] ?? [] : ['none (clean copy)'];
    const probability = bestTrueProbability[j] ?? -1;
    for (const kind of kinds) {
      const counts = tally.get(kind) ?? [0, 0, 0, 0];
      counts[0]++;
      if (probability >= 0) counts[1]++;
      if (probability >= DEFAULT_THRESHOLDS.review) counts[2]++;
      if (probability >= DEFAULT_THRESHOLDS.autoSuggest) counts[3]++;
      tally.set(kind, counts);
    }
  });
  for (const kind of [...CORRUPTION_KINDS, 'none (clean copy)']) {
    const counts = tally.get(kind);
    if (!counts) continue;
    perKind[kind] = {
      copies: counts[0],
      blocked: round(counts[1] / counts[0]),
      recall: round(counts[2] / counts[0]),
      recallAutoSuggest: round(counts[3] / counts[0]),
    };
  }
  return {
    recordsPerSide: size,
    generateMs: round(generateMs, 1),
    ...summarise(evaluation),
    ...perKindScores(benchmark, pairs),
    recallPerCorruption: perKind,
    phasesMedianMs: timed.phasesMs,
    totalMedianMs: timed.totalMs,
    cpuMedianMs: timed.cpuMs,
    runs: runCount,
    peakRssMb: timed.peakRssMb,
    model: modelSummary(timed.result),
    ...(showErrors > 0 ? { errors: sampleErrors(benchmark, timed.result, showErrors) } : {}),
  };
}

const report: Record<string, unknown> = {
  machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
  runsPerTiming: runs,
  note: 'peakRssMb is the process peak resident memory up to the end of that data set (cumulative).',
};
if (!onlyGenerated && !sizes) {
  const fake = loadFake1000();
  const febrl3 = loadFebrl('dataset3.csv', 'r');
  report.splinkPublished = {
    febrl4: { f1AtP05: 0.9992, f1AtP099: 0.9959, bestF1: 0.9998, recallAtPrecision1: 0.999, candidates: 55314 },
    febrl3: { f1AtP05: 0.9929, f1AtP099: 0.9813, bestF1: 0.9954, recallAtPrecision1: 0.9846, candidates: 114250 },
    fake1000: { f1AtP05: 0.806, f1AtP099: 0.547, bestF1: 0.862 },
  };
  report.febrl4 = benchPublicLink();
  report.febrl3 = benchPublicDedupe(febrl3.records, febrl3.entities);
  report.fake1000 = benchPublicDedupe(fake.records, fake.entities);
}
if (sizes) {
  // --size N: one generated set of N records per side, timed once.
  for (const size of sizes) report[size === 100_000 ? 'ukGenerated100k' : size === 10_000 ? 'ukGenerated10k' : `ukGenerated${size}`] = benchGenerated(size, 1);
} else {
  report.ukGenerated10k = benchGenerated(10_000, runs);
  if (!quick) {
    // Also the 100,000 × 100,000 batch-link timing; fewer runs keep the bench under a few minutes.
    report.ukGenerated100k = benchGenerated(100_000, 1);
  }
}
type Scores = { f1: number; bestF1: number; lookAlikePairsByBand?: Record<string, { veryLikelyTheSame: number }> };
const scores = (key: string) => report[key] as Scores | undefined;
const twinsVeryLikely = (key: string) =>
  Object.entries(scores(key)?.lookAlikePairsByBand ?? {}).reduce((total, [kind, band]) => total + (kind.startsWith('twin') ? band.veryLikelyTheSame : 0), 0);
const targets: Record<string, unknown> = {};
if (report.febrl4) {
  targets.febrl4F1 = { value: scores('febrl4')?.f1, target: '≥ 0.9999' };
  targets.febrl3F1 = { value: scores('febrl3')?.f1, target: '≥ 0.999' };
  targets.fake1000BestF1 = { value: scores('fake1000')?.bestF1, target: '≥ 0.947' };
}
if (report.ukGenerated10k) targets.ukGenerated10kF1 = { value: scores('ukGenerated10k')?.f1, target: '≥ 0.99', twinPairsVeryLikely: twinsVeryLikely('ukGenerated10k') };
if (report.ukGenerated100k) targets.ukGenerated100kF1 = { value: scores('ukGenerated100k')?.f1, target: '≥ 0.99', twinPairsVeryLikely: twinsVeryLikely('ukGenerated100k') };
report.targets = targets;
console.log(JSON.stringify(report, null, 2));

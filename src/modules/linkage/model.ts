/**
 * Fellegi–Sunter model fitted to the data itself:
 *  - u (how often a level occurs between two different people) from a random
 *    sample of record pairs, which are almost all non-matches;
 *  - m (how often a level occurs for the same person) and the share of
 *    matches by expectation–maximisation over the candidate pairs.
 *
 * Candidate pairs share a blocking key, so their non-matches agree more often
 * than random pairs do. During EM the non-match distribution within the
 * candidates is therefore estimated alongside m (starting from the sampled
 * u); the final weights use the sampled u and a prior over all pairs, which
 * is what a Bayes factor against "two records drawn at random" means.
 */
import { JOINT_NOT_ESTIMATED, NULL_LEVEL, type FieldComparison, type PairComparer } from './comparisons.ts';
import { Random } from '../../platform/random.ts';
import { trainingBlocks } from './training.ts';

export interface LevelParameters {
  label: string;
  m: number;
  u: number;
  /** log2(m / u): the match weight this level contributes. */
  weight: number;
}

export interface ComparisonParameters {
  key: string;
  label: string;
  levels: LevelParameters[];
  termFrequencyLevel: number;
}

export interface FittedModel {
  comparisons: ComparisonParameters[];
  /** Probability that two records drawn at random are the same person. */
  lambda: number;
  /** log2 of the prior odds, the starting point of every pair's match weight. */
  priorWeight: number;
  /** Expected number of matching pairs among the candidates (from EM). */
  expectedMatches: number;
  emIterations: number;
  emConverged: boolean;
  /** Random pairs sampled to estimate u. */
  uSampleSize: number;
  /** What each training block contributed. */
  training: TrainingReport[];
}

/** Enough random pairs to see a level that one pair in 10,000 shows about 50 times. */
export const DEFAULT_U_SAMPLE_SIZE = 500_000;

export interface ModelOptions {
  /** Random record pairs sampled for u; default DEFAULT_U_SAMPLE_SIZE (or every pair when fewer). */
  uSampleSize?: number;
  seed?: number;
  maxIterations?: number;
  tolerance?: number;
  /** Smallest relative frequency allowed in a term-frequency adjustment. */
  minTermFrequency?: number;
  /** Also refine m by EM over the candidate pairs (free non-match distribution); default false because on household-structured data it drifts towards "same name" as the match class. */
  refineOnCandidates?: boolean;
}

/** Comparison levels of every candidate pair, one row of `comparisonCount` bytes per pair. */
export function computeGamma(comparer: PairComparer, left: Int32Array, right: Int32Array, count: number): Uint8Array {
  const width = comparer.comparisonCount;
  const gamma = new Uint8Array(count * width);
  for (let p = 0; p < count; p++) comparer.fill(left[p] ?? 0, right[p] ?? 0, gamma, p * width);
  return gamma;
}

/** u per comparison level from random record pairs (add-half smoothing keeps unseen levels finite). */
export function estimateU(
  comparer: PairComparer,
  leftSize: number,
  rightSize: number,
  dedupe: boolean,
  options: ModelOptions = {},
): { u: number[][]; sampled: number; counts: Float64Array[] } {
  const width = comparer.comparisonCount;
  const totalPairs = dedupe ? (leftSize * (leftSize - 1)) / 2 : leftSize * rightSize;
  const sampleSize = Math.max(0, Math.min(options.uSampleSize ?? DEFAULT_U_SAMPLE_SIZE, totalPairs));
  const counts = comparer.comparisons.map((comparison) => new Float64Array(comparison.levels.length));
  const row = new Uint8Array(width);
  const random = new Random(options.seed ?? 20240601);
  let sampled = 0;
  if (sampleSize >= totalPairs && totalPairs > 0) {
    // Small inputs: use every pair rather than a sample.
    for (let i = 0; i < leftSize; i++) {
      for (let j = dedupe ? i + 1 : 0; j < rightSize; j++) {
        comparer.fill(i, j, row, 0);
        tally(row, counts);
        sampled++;
      }
    }
  } else {
    while (sampled < sampleSize) {
      const i = random.int(leftSize);
      const j = random.int(rightSize);
      if (dedupe && i === j) continue;
      comparer.fill(i, j, row, 0);
      tally(row, counts);
      sampled++;
    }
  }
  const u = counts.map((levelCounts) => {
    let total = 0;
    for (const count of levelCounts) total += count;
    return Array.from(levelCounts, (count) => (count + 0.5) / (total + 0.5 * levelCounts.length));
  });
  return { u, sampled, counts };
}

function tally(row: Uint8Array, counts: Float64Array[]): void {
  for (let c = 0; c < counts.length; c++) {
    const level = row[c] ?? NULL_LEVEL;
    const levelCounts = counts[c];
    if (level !== NULL_LEVEL && levelCounts) levelCounts[level] = (levelCounts[level] ?? 0) + 1;
  }
}

interface PatternTable {
  patterns: Uint8Array;
  counts: Float64Array;
  size: number;
}

/** Distinct comparison vectors with their counts: EM then runs over thousands of patterns, not millions of pairs. */
export function countPatterns(gamma: Uint8Array, width: number, pairCount: number): PatternTable & { patternOfPair: Int32Array } {
  const indexByKey = new Map<string, number>();
  const patternOfPair = new Int32Array(pairCount);
  const rows: Uint8Array[] = [];
  const counts: number[] = [];
  const decoder = new TextDecoder('latin1');
  for (let p = 0; p < pairCount; p++) {
    const row = gamma.subarray(p * width, p * width + width);
    const key = decoder.decode(row);
    let index = indexByKey.get(key);
    if (index === undefined) {
      index = rows.length;
      indexByKey.set(key, index);
      rows.push(row.slice());
      counts.push(0);
    }
    counts[index] = (counts[index] ?? 0) + 1;
    patternOfPair[p] = index;
  }
  const patterns = new Uint8Array(rows.length * width);
  rows.forEach((row, index) => patterns.set(row, index * width));
  return { patterns, counts: Float64Array.from(counts), size: rows.length, patternOfPair };
}

const M_PRIOR_PAIRS = 3;
/** A training block estimates a comparison only from at least this many pairs where it can be made (the last block takes what is left). */
const MIN_BLOCK_PAIRS = 30;

function initialM(levelCount: number): number[] {
  // Matches mostly agree exactly; the rest spread over the looser levels, least on "different".
  if (levelCount <= 1) return [1];
  const m = new Array<number>(levelCount).fill(0);
  m[0] = 0.85;
  const middle = levelCount - 2;
  for (let level = 1; level <= middle; level++) m[level] = 0.12 / Math.max(1, middle);
  m[levelCount - 1] = middle > 0 ? 0.03 : 0.15;
  return m;
}

export interface EmResult {
  m: number[][];
  uWithinCandidates: number[][];
  candidateLambda: number;
  iterations: number;
  converged: boolean;
}

/** Expectation–maximisation for m (and the candidate-level non-match distribution) over pattern counts. */
export interface EmSettings {
  /** Keep the non-match distribution at its starting value (the random-pair u). */
  fixU?: boolean;
  /** Comparisons left out of the likelihood (fixed by the block the pairs come from). */
  excluded?: readonly number[];
  initialLambda?: number;
  initialM?: number[][];
  /** m already known for some comparisons (null for the others): used as given and not re-estimated. */
  fixedM?: Array<number[] | null>;
}

export function runEm(
  table: PatternTable,
  width: number,
  levelCounts: number[],
  uStart: number[][],
  options: ModelOptions = {},
  settings: EmSettings = {},
): EmResult {
  const maxIterations = options.maxIterations ?? 200;
  const tolerance = options.tolerance ?? 1e-6;
  const m = settings.initialM ? settings.initialM.map((levels) => levels.slice()) : levelCounts.map((count) => initialM(count));
  settings.fixedM?.forEach((fixed, c) => {
    if (fixed) m[c] = fixed.slice();
  });
  const uCandidates = uStart.map((levels) => levels.slice());
  const defaultM = levelCounts.map((count) => initialM(count));
  const included = new Uint8Array(width).fill(1);
  for (const c of settings.excluded ?? []) included[c] = 0;
  let lambda = settings.initialLambda ?? 0.3;
  const posterior = new Float64Array(table.size);
  let iterations = 0;
  let converged = false;
  let totalPairs = 0;
  for (let p = 0; p < table.size; p++) totalPairs += table.counts[p] ?? 0;
  if (totalPairs === 0) return { m, uWithinCandidates: uCandidates, candidateLambda: 0, iterations: 0, converged: true };

  const logM = m.map((levels) => levels.map(Math.log));
  const logU = uCandidates.map((levels) => levels.map(Math.log));
  while (iterations < maxIterations) {
    iterations++;
    for (let c = 0; c < width; c++) {
      const mLevels = m[c] ?? [];
      const uLevels = uCandidates[c] ?? [];
      const logMLevels = logM[c] ?? [];
      const logULevels = logU[c] ?? [];
      for (let l = 0; l < mLevels.length; l++) {
        logMLevels[l] = Math.log(mLevels[l] ?? 1e-12);
        logULevels[l] = Math.log(uLevels[l] ?? 1e-12);
      }
    }
    // E step.
    const logPriorOdds = Math.log(lambda / (1 - lambda));
    for (let p = 0; p < table.size; p++) {
      let logOdds = logPriorOdds;
      const base = p * width;
      for (let c = 0; c < width; c++) {
        const level = table.patterns[base + c] ?? NULL_LEVEL;
        if (level === NULL_LEVEL || included[c] === 0) continue;
        logOdds += (logM[c]?.[level] ?? 0) - (logU[c]?.[level] ?? 0);
      }
      posterior[p] = logOdds > 40 ? 1 : logOdds < -40 ? 0 : 1 / (1 + Math.exp(-logOdds));
    }
    // M step.
    const mSums = levelCounts.map((count) => new Float64Array(count));
    const uSums = levelCounts.map((count) => new Float64Array(count));
    let matchMass = 0;
    for (let p = 0; p < table.size; p++) {
      const count = table.counts[p] ?? 0;
      const matchWeight = (posterior[p] ?? 0) * count;
      const nonMatchWeight = count - matchWeight;
      matchMass += matchWeight;
      const base = p * width;
      for (let c = 0; c < width; c++) {
        const level = table.patterns[base + c] ?? NULL_LEVEL;
        if (level === NULL_LEVEL) continue;
        const mSum = mSums[c];
        const uSum = uSums[c];
        if (mSum) mSum[level] = (mSum[level] ?? 0) + matchWeight;
        if (uSum) uSum[level] = (uSum[level] ?? 0) + nonMatchWeight;
      }
    }
    let largestChange = 0;
    const update = (target: number[][], sums: Float64Array[]): void => {
      for (let c = 0; c < width; c++) {
        const levels = sums[c];
        const values = target[c];
        if (!levels || !values) continue;
        let total = 0;
        for (const value of levels) total += value;
        if (total <= 0) continue;
        for (let l = 0; l < levels.length; l++) {
          // A tiny pseudo-count keeps every level possible.
          const next = ((levels[l] ?? 0) + 1e-3) / (total + 1e-3 * levels.length);
          largestChange = Math.max(largestChange, Math.abs(next - (values[l] ?? 0)));
          values[l] = next;
        }
      }
    };
    // m is shrunk towards the default shape by a few pseudo-pairs, so tiny inputs
    // (a handful of records) still get sensible weights; large inputs swamp it.
    for (let c = 0; c < width; c++) {
      const sums = mSums[c];
      const shape = defaultM[c];
      if (!sums || !shape) continue;
      for (let l = 0; l < sums.length; l++) sums[l] = (sums[l] ?? 0) + M_PRIOR_PAIRS * (shape[l] ?? 0);
    }
    settings.fixedM?.forEach((fixed, c) => {
      if (fixed) mSums[c] = Float64Array.from(fixed);
    });
    update(m, mSums);
    if (!settings.fixU) update(uCandidates, uSums);
    const nextLambda = Math.min(1 - 1e-9, Math.max(1e-9, matchMass / totalPairs));
    largestChange = Math.max(largestChange, Math.abs(nextLambda - lambda));
    lambda = nextLambda;
    if (largestChange < tolerance) {
      converged = true;
      break;
    }
  }
  return { m, uWithinCandidates: uCandidates, candidateLambda: lambda, iterations, converged };
}

export interface TrainingReport {
  name: string;
  pairs: number;
  totalPairs: number;
  excluded: string[];
  /** Matches this block implies in the whole input. */
  impliedMatches: number;
  iterations: number;
}

/**
 * Fits the model: u from random pairs; m by EM in training blocks (see
 * training.ts), refined by EM over the candidate pairs; the prior from the
 * number of matches the blocks imply.
 */
export function fitModel(
  comparer: PairComparer,
  gamma: Uint8Array,
  pairCount: number,
  sizes: { left: number; right: number; dedupe: boolean },
  options: ModelOptions = {},
): { model: FittedModel; patternOfPair: Int32Array; milliseconds: { estimateU: number; estimateM: number } } {
  const width = comparer.comparisonCount;
  const levelCounts = comparer.comparisons.map((comparison) => comparison.levels.length);
  const started = performance.now();
  const { u, sampled, counts: uCounts } = estimateU(comparer, sizes.left, sizes.right, sizes.dedupe, options);
  const uFinished = performance.now();
  const totalPairs = sizes.dedupe ? (sizes.left * (sizes.left - 1)) / 2 : sizes.left * sizes.right;

  // Share of random pairs on which each comparison can be made at all.
  const nonNullShare = uCounts.map((levels) => {
    let total = 0;
    for (const count of levels) total += count;
    return sampled > 0 ? total / sampled : 0;
  });

  // Each comparison's m comes from the cleanest block that can estimate it (blocks arrive in
  // order of priority, see training.ts) and is held fixed while the later blocks are fitted.
  const estimatedM: Array<number[] | null> = levelCounts.map(() => null);
  const implied: number[] = [];
  const training: TrainingReport[] = [];
  // A joint comparison repeats what its parts already say: it takes no part in EM (see estimateJoint).
  const jointIndices = comparer.comparisons.flatMap((comparison, c) => (comparison.joint ? [c] : []));
  const blocks = trainingBlocks(comparer.preparedData, comparer, { seed: options.seed });
  for (const block of blocks) {
    const blockGamma = computeGamma(comparer, block.left, block.right, block.count);
    const blockTable = countPatterns(blockGamma, width, block.count);
    const excluded = block.excluded.concat(jointIndices);
    const em = runEm(blockTable, width, levelCounts, u, options, { fixU: true, excluded, initialLambda: 0.1, fixedM: estimatedM.slice() });
    const observed = observedLevels(blockTable, width, levelCounts);
    for (let c = 0; c < width; c++) {
      if (excluded.includes(c) || estimatedM[c]) continue;
      let seen = 0;
      for (const count of observed[c] ?? []) seen += count;
      // A clean block with too few pairs where the comparison can be made leaves it to the next.
      if (seen === 0 || (seen < MIN_BLOCK_PAIRS && block !== blocks[blocks.length - 1])) continue;
      const estimate = em.m[c];
      if (estimate) estimatedM[c] = estimate.slice();
    }
    let blockLambda = em.candidateLambda;
    let blockTotal = block.totalPairs;
    if (block.whole) {
      // m came from the pairs outside households; the matches are counted over the whole block,
      // where with that m a pair of twins reads as two people rather than one.
      const wholeTable = countPatterns(computeGamma(comparer, block.whole.left, block.whole.right, block.whole.count), width, block.whole.count);
      const fixedM = levelCounts.map((_, c) => (excluded.includes(c) ? null : estimatedM[c] ?? em.m[c] ?? null));
      const wholeEm = runEm(wholeTable, width, levelCounts, u, options, { fixU: true, excluded, initialLambda: em.candidateLambda, fixedM });
      blockLambda = wholeEm.candidateLambda;
      blockTotal = block.whole.totalPairs;
    }
    training.push({
      name: block.name,
      pairs: block.count,
      totalPairs: blockTotal,
      excluded: block.excluded.map((c) => comparer.comparisons[c]?.key ?? String(c)),
      impliedMatches: 0,
      iterations: em.iterations,
    });
    implied.push(blockLambda * blockTotal);
  }
  const blockM: number[][] = levelCounts.map((count, c) => estimatedM[c] ?? initialM(count));

  // A block holds only the matches that agree exactly on its own field(s):
  // scale its match count up by how often a match does that.
  const estimates: number[] = [];
  const householdEstimates: number[] = [];
  blocks.forEach((block, index) => {
    let share = 1;
    for (const c of block.excluded) share *= (nonNullShare[c] ?? 0) * (blockM[c]?.[0] ?? 0);
    const report = training[index];
    if (share > 0.02 && report) {
      report.impliedMatches = (implied[index] ?? 0) / share;
      // The postcode block counts households as matches: its figure is used only when there is no other.
      (block.priority >= 3 ? householdEstimates : estimates).push(report.impliedMatches);
    }
  });
  if (estimates.length === 0) estimates.push(...householdEstimates);
  estimates.sort((x, y) => x - y);
  // The median of the blocks' figures; of an even number, the geometric mean of the middle two (they are counts that err by factors).
  const middle = (estimates.length - 1) / 2;
  const blockMatches =
    estimates.length === 0
      ? pairCount * 0.01
      : Math.sqrt((estimates[Math.floor(middle)] ?? 0) * (estimates[Math.ceil(middle)] ?? 0));

  const table = countPatterns(gamma, width, pairCount);
  let m = blockM;
  let expectedMatches = blockMatches;
  let iterations = 0;
  let converged = true;
  if (options.refineOnCandidates ?? false) {
    const em = runEm(table, width, levelCounts, u, options, {
      excluded: jointIndices,
      initialM: blockM,
      initialLambda: Math.min(0.5, Math.max(1e-6, blockMatches / Math.max(1, pairCount))),
    });
    m = em.m;
    expectedMatches = em.candidateLambda * pairCount;
    iterations = em.iterations;
    converged = em.converged;
  }
  const lambda = Math.min(0.5, Math.max(1e-12, expectedMatches / Math.max(1, totalPairs)));

  const observedInCandidates = observedLevels(table, width, levelCounts);
  const comparisons: ComparisonParameters[] = comparer.comparisons.map((comparison, c) => {
    const levels = comparison.levels.map((level, l) => {
      const mValue = m[c]?.[l] ?? 1e-6;
      const uValue = u[c]?.[l] ?? 1e-6;
      // A level never seen in the data has no estimate worth the name: count it as neutral.
      const seen = (observedInCandidates[c]?.[l] ?? 0) > 0 || (uCounts[c]?.[l] ?? 0) > 0;
      return { label: level.label, m: mValue, u: uValue, weight: seen ? Math.log2(mValue / uValue) : 0 };
    });
    // Partial agreement is never stronger evidence against a match than outright disagreement.
    const floor = levels[levels.length - 1]?.weight ?? 0;
    for (let l = 0; l < levels.length - 1; l++) {
      const level = levels[l];
      if (level && level.weight < floor) level.weight = floor;
    }
    return { key: comparison.key, label: comparison.label, termFrequencyLevel: comparison.termFrequencyLevel, levels };
  });
  for (const c of jointIndices) {
    const comparison = comparer.comparisons[c];
    const target = comparisons[c];
    if (comparison?.joint && target) target.levels = estimateJoint(comparison, comparisons, nonNullShare, table, width, expectedMatches, totalPairs);
  }
  return {
    model: {
      comparisons,
      lambda,
      priorWeight: Math.log2(lambda / (1 - lambda)),
      expectedMatches,
      emIterations: iterations,
      emConverged: converged,
      uSampleSize: sampled,
      training,
    },
    patternOfPair: table.patternOfPair,
    milliseconds: { estimateU: uFinished - started, estimateM: performance.now() - uFinished },
  };
}

/**
 * Weights of a joint comparison's patterns. Among the same person the parts are taken as
 * independent, so P(pattern | match) is the product of the parts' m. Among different people they
 * are not (twins agree on all of them at once), so P(pattern | non-match) is counted: the
 * candidate pairs showing the pattern, less the matches expected among them. A pattern seen no
 * more often than matches explain has no estimate and never stands in for its parts.
 */
export function estimateJoint(
  comparison: FieldComparison,
  comparisons: ComparisonParameters[],
  /** Per comparison, the share of pairs on which it can be made (the rest are missing on a side). */
  nonNullShare: number[],
  table: PatternTable,
  width: number,
  expectedMatches: number,
  totalPairs: number,
): LevelParameters[] {
  const joint = comparison.joint;
  if (!joint) return [];
  const c = jointPosition(comparison, comparisons);
  const observed = new Float64Array(comparison.levels.length);
  for (let p = 0; p < table.size; p++) {
    const level = table.patterns[p * width + c] ?? NULL_LEVEL;
    if (level !== NULL_LEVEL) observed[level] = (observed[level] ?? 0) + (table.counts[p] ?? 0);
  }
  const estimated = comparison.levels.map((definition, k) => {
    if (k === joint.noneLevel) return { label: definition.label, m: 1, u: 1, weight: 0 };
    const pattern = joint.patterns[k] ?? [];
    let m = 1;
    joint.parts.forEach((part, index) => {
      const levels = comparisons[part]?.levels ?? [];
      const present = nonNullShare[part] ?? 1;
      let share = 0;
      for (const level of pattern[index] ?? []) share += level === NULL_LEVEL ? 1 - present : present * (levels[level]?.m ?? 0);
      m *= Math.min(1, share);
    });
    const expectedSamePerson = expectedMatches * m;
    const differentPeople = (observed[k] ?? 0) - expectedSamePerson;
    // The pattern must be mostly look-alikes (at least as many as the matches expected in it, and
    // more than a handful) for the difference to be an estimate rather than noise.
    if (differentPeople < Math.max(3, expectedSamePerson) || m <= 0) return { label: definition.label, m, u: 0, weight: JOINT_NOT_ESTIMATED };
    const u = differentPeople / Math.max(1, totalPairs);
    return { label: definition.label, m, u, weight: Math.log2(m / u) };
  });
  // Patterns whose rate among different people is borrowed from another (see JointComparison.borrows).
  for (const [key, { base, part, alike }] of Object.entries(joint.borrows ?? {})) {
    const k = Number(key);
    const from = estimated[base];
    const target = estimated[k];
    const levels = comparisons[joint.parts[part] ?? -1]?.levels ?? [];
    const uOf = (pattern: number) => (joint.patterns[pattern]?.[part] ?? []).reduce((sum, level) => sum + (levels[level]?.u ?? 0), 0);
    const ratio = uOf(base) > 0 ? uOf(k) / uOf(base) : 0;
    if (!from || !target || from.weight === JOINT_NOT_ESTIMATED || ratio <= 0 || target.m <= 0) continue;
    // How much more often look-alikes' values are alike than chance says, where that can be counted.
    const counted = alike === undefined ? undefined : estimated[alike];
    const chance = alike === undefined ? 0 : from.u * (uOf(base) > 0 ? uOf(alike) / uOf(base) : 0);
    const alikeFactor = counted && counted.weight !== JOINT_NOT_ESTIMATED && chance > 0 ? Math.max(1, counted.u / chance) : 1;
    const u = from.u * ratio * alikeFactor;
    estimated[k] = { label: target.label, m: target.m, u, weight: Math.log2(target.m / u) };
  }
  return estimated;
}

function jointPosition(comparison: FieldComparison, comparisons: ComparisonParameters[]): number {
  return comparisons.findIndex((parameters) => parameters.key === comparison.key);
}

/** Where a checked identifier puts a pair: at least this sure when it agrees, at most this when it differs. */
export const SETTLED_SAME_PROBABILITY = 0.9999;
export const SETTLED_DIFFERENT_PROBABILITY = 0.0001;

/**
 * A pair's weight after its checked identifiers have had their say: one that differs makes two
 * young people (a safer error than joining two children's records), one that agrees makes one.
 */
export function settledWeight(weight: number, anyDifferent: boolean, anySame: boolean): number {
  if (anyDifferent) return Math.min(weight, weightFromProbability(SETTLED_DIFFERENT_PROBABILITY));
  if (anySame) return Math.max(weight, weightFromProbability(SETTLED_SAME_PROBABILITY));
  return weight;
}

/** Whether the pair's levels hold a checked identifier that agrees, and one that differs. */
export function settlingLevels(comparer: PairComparer, levels: Uint8Array, offset: number): { same: boolean; different: boolean } {
  let same = false;
  let different = false;
  comparer.comparisons.forEach((comparison, c) => {
    const settles = comparison.settles;
    if (!settles) return;
    const level = levels[offset + c];
    if (level === settles.sameLevel) same = true;
    else if (level === settles.differentLevel) different = true;
  });
  return { same, different };
}

/**
 * Weight of one pair's joint comparison against its parts: the pattern's own weight when it is
 * lower than the parts add up to (they overstate agreement that families share), else the parts.
 * Returns the change to add to the sum of the parts.
 */
export function jointAdjustment(jointWeight: number, partsWeight: number): number {
  return jointWeight < partsWeight ? jointWeight - partsWeight : 0;
}

function observedLevels(table: PatternTable, width: number, levelCounts: number[]): Float64Array[] {
  const observed = levelCounts.map((count) => new Float64Array(count));
  for (let p = 0; p < table.size; p++) {
    for (let c = 0; c < width; c++) {
      const level = table.patterns[p * width + c] ?? NULL_LEVEL;
      const counts = observed[c];
      if (level !== NULL_LEVEL && counts) counts[level] = (counts[level] ?? 0) + (table.counts[p] ?? 0);
    }
  }
  return observed;
}

/**
 * Term-frequency weight for an exact agreement on a value of relative
 * frequency f: log2(m / f) replaces log2(m / u), so agreeing on a rare
 * surname counts for more than agreeing on Smith.
 */
export function termFrequencyWeight(level: LevelParameters, frequency: number, minFrequency: number): number {
  return Math.log2(level.m / Math.max(frequency, minFrequency));
}

/** Match weight of every candidate pair (prior + each field's weight, term-frequency adjusted). */
export function scorePairs(
  comparer: PairComparer,
  model: FittedModel,
  gamma: Uint8Array,
  left: Int32Array,
  pairCount: number,
  options: ModelOptions = {},
): Float64Array {
  const width = comparer.comparisonCount;
  const minFrequency = options.minTermFrequency ?? 1e-6;
  const weights = model.comparisons.map((comparison) => Float64Array.from(comparison.levels, (level) => level.weight));
  // Per left record, the term-frequency weight its value would earn on an exact match.
  const leftSize = comparer.preparedData.left.size;
  const tfWeights: (Float64Array | null)[] = comparer.comparisons.map((comparison, c) => {
    const tfLevel = comparison.termFrequencyLevel;
    const frequency = comparison.leftValueFrequency;
    const level = model.comparisons[c]?.levels[tfLevel];
    if (tfLevel < 0 || !frequency || !level) return null;
    const column = new Float64Array(leftSize);
    for (let i = 0; i < leftSize; i++) column[i] = termFrequencyWeight(level, frequency(i), minFrequency);
    return column;
  });
  const tfLevels = comparer.comparisons.map((comparison) => comparison.termFrequencyLevel);
  const jointIndex = comparer.comparisons.findIndex((comparison) => comparison.joint);
  const joint = comparer.comparisons[jointIndex]?.joint;
  const settling = comparer.comparisons.some((comparison) => comparison.settles);
  const isPart = new Uint8Array(width);
  for (const part of joint?.parts ?? []) isPart[part] = 1;
  const scores = new Float64Array(pairCount);
  for (let p = 0; p < pairCount; p++) {
    let total = model.priorWeight;
    let partsWeight = 0;
    const base = p * width;
    const i = left[p] ?? 0;
    for (let c = 0; c < width; c++) {
      if (c === jointIndex) continue;
      const level = gamma[base + c] ?? NULL_LEVEL;
      if (level === NULL_LEVEL) continue;
      const tf = tfWeights[c];
      const weight = tf && level === tfLevels[c] ? tf[i] ?? 0 : weights[c]?.[level] ?? 0;
      total += weight;
      if (isPart[c] === 1) partsWeight += weight;
    }
    if (joint) {
      const level = gamma[base + jointIndex] ?? NULL_LEVEL;
      if (level !== NULL_LEVEL && level !== joint.noneLevel) total += jointAdjustment(weights[jointIndex]?.[level] ?? JOINT_NOT_ESTIMATED, partsWeight);
    }
    if (settling) {
      const { same, different } = settlingLevels(comparer, gamma, base);
      total = settledWeight(total, different, same);
    }
    scores[p] = total;
  }
  return scores;
}

export function probabilityFromWeight(weight: number): number {
  return 1 / (1 + Math.pow(2, -weight));
}

export function weightFromProbability(probability: number): number {
  const clamped = Math.min(1 - 1e-15, Math.max(1e-15, probability));
  return Math.log2(clamped / (1 - clamped));
}

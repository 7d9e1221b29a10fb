/**
 * The whole batch pipeline: standardise → block → compare → estimate u and m
 * → score → cluster, with the time of each phase.
 */
import { allPairs, blockingKeys, candidatePairs, type CandidateOptions } from './blocking.ts';
import { clusterPairs, type Clusters } from './cluster.ts';
import { PairComparer } from './comparisons.ts';
import { explainPair, type PairExplanation } from './explain.ts';
import { computeGamma, fitModel, probabilityFromWeight, scorePairs, type FittedModel, type ModelOptions } from './model.ts';
import { prepareData } from './prepared.ts';
import { standardisePerson, type StandardiseOptions, type StandardisedPerson } from './standardise.ts';
import type { PersonRecord } from './types.ts';

/**
 * Default thresholds, as probabilities that the pair is the same person.
 * 0.5 is where a match becomes more likely than not (the Bayes decision when
 * both errors cost the same): pairs above it are shown for review and joined
 * into clusters. 0.99 is the level at which the engine offers the match
 * proactively: a wrong merge puts one child's history in another's file, so
 * it must be wrong at most once in a hundred suggestions on the model's own
 * reckoning. Both are configurable per area.
 */
export const DEFAULT_THRESHOLDS = { review: 0.5, autoSuggest: 0.99 } as const;

/**
 * Below this many possible pairs every pair is compared: blocking only exists
 * to avoid work, and at this size the work is a second or two.
 */
export const DEFAULT_EXHAUSTIVE_BELOW = 1_000_000;

export interface LinkageOptions extends ModelOptions, CandidateOptions, StandardiseOptions {
  /** Compare every pair when there are at most this many (default DEFAULT_EXHAUSTIVE_BELOW); 0 always blocks. */
  exhaustiveBelow?: number;
  /** Probability at or above which pairs join a cluster; default DEFAULT_THRESHOLDS.review. */
  threshold?: number;
}

export type LinkagePhase = 'standardise' | 'block' | 'compare' | 'estimateU' | 'estimateM' | 'score' | 'cluster';

export interface ScoredPairs {
  left: Int32Array;
  right: Int32Array;
  count: number;
  matchWeight: Float64Array;
  matchProbability: Float64Array;
}

export interface LinkageResult {
  mode: 'link' | 'dedupe';
  left: StandardisedPerson[];
  right: StandardisedPerson[];
  /** True when every pair was compared (small inputs) rather than blocked. */
  exhaustive: boolean;
  pairs: ScoredPairs;
  model: FittedModel;
  clusters: Clusters;
  threshold: number;
  /** Milliseconds per phase. */
  timings: Record<LinkagePhase, number>;
  /** Explanation of candidate pair `pairIndex`. */
  explain: (pairIndex: number) => PairExplanation;
  /** Explanation of any two records by index (left, right), candidate or not. */
  explainRecords: (leftIndex: number, rightIndex: number) => PairExplanation;
  comparer: PairComparer;
}

function timed<T>(timings: Partial<Record<LinkagePhase, number>>, phase: LinkagePhase, work: () => T): T {
  const started = performance.now();
  const result = work();
  timings[phase] = (timings[phase] ?? 0) + performance.now() - started;
  return result;
}

function run(leftRecords: PersonRecord[], rightRecords: PersonRecord[] | null, options: LinkageOptions): LinkageResult {
  const timings: Partial<Record<LinkagePhase, number>> = {};
  const threshold = options.threshold ?? DEFAULT_THRESHOLDS.review;
  const dedupe = rightRecords === null;

  const { left, right } = timed(timings, 'standardise', () => {
    const standardisedLeft = leftRecords.map((record) => standardisePerson(record, options));
    const standardisedRight = rightRecords ? rightRecords.map((record) => standardisePerson(record, options)) : standardisedLeft;
    return { left: standardisedLeft, right: standardisedRight };
  });

  const totalPairs = dedupe ? (left.length * (left.length - 1)) / 2 : left.length * right.length;
  const exhaustive = totalPairs <= (options.exhaustiveBelow ?? DEFAULT_EXHAUSTIVE_BELOW);
  const candidates = timed(timings, 'block', () =>
    exhaustive
      ? allPairs(left.length, right.length, dedupe)
      : candidatePairs(
          left.map((person) => blockingKeys(person)),
          dedupe ? null : right.map((person) => blockingKeys(person)),
          options,
        ),
  );

  const { comparer, gamma } = timed(timings, 'compare', () => {
    const data = prepareData(left, dedupe ? null : right);
    const pairComparer = new PairComparer(data);
    return { comparer: pairComparer, gamma: computeGamma(pairComparer, candidates.left, candidates.right, candidates.count) };
  });

  const sizes = { left: left.length, right: right.length, dedupe };
  const { model, milliseconds } = fitModel(comparer, gamma, candidates.count, sizes, options);
  timings.estimateU = milliseconds.estimateU;
  timings.estimateM = milliseconds.estimateM;

  const pairs = timed(timings, 'score', () => {
    const matchWeight = scorePairs(comparer, model, gamma, candidates.left, candidates.count, options);
    const matchProbability = new Float64Array(candidates.count);
    for (let p = 0; p < candidates.count; p++) matchProbability[p] = probabilityFromWeight(matchWeight[p] ?? 0);
    return { left: candidates.left, right: candidates.right, count: candidates.count, matchWeight, matchProbability };
  });

  const clusters = timed(timings, 'cluster', () =>
    clusterPairs(sizes, pairs.left, pairs.right, pairs.matchProbability, pairs.count, threshold),
  );

  return {
    mode: dedupe ? 'dedupe' : 'link',
    exhaustive,
    left,
    right,
    pairs,
    model,
    clusters,
    threshold,
    timings: timings as Record<LinkagePhase, number>,
    explain: (pairIndex) => explainPair(comparer, model, pairs.left[pairIndex] ?? 0, pairs.right[pairIndex] ?? 0, options),
    explainRecords: (leftIndex, rightIndex) => explainPair(comparer, model, leftIndex, rightIndex, options),
    comparer,
  };
}

/** Links two lists of people (each assumed free of internal duplicates or not: only cross pairs are scored). */
export function linkRecords(left: PersonRecord[], right: PersonRecord[], options: LinkageOptions = {}): LinkageResult {
  return run(left, right, options);
}

/** Finds duplicates within one list of people. */
export function dedupeRecords(records: PersonRecord[], options: LinkageOptions = {}): LinkageResult {
  return run(records, null, options);
}

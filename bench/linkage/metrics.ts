/** Pairwise scoring of a linkage run against known entities, over every possible pair. */

export interface PairwiseScores {
  threshold: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface Evaluation {
  truePairs: number;
  candidatePairs: number;
  truePairsAmongCandidates: number;
  /** Share of candidate pairs that are true pairs. */
  candidatePurity: number;
  /** Share of all true pairs that blocking kept. */
  blockingRecall: number;
  atThresholds: PairwiseScores[];
  bestF1: PairwiseScores;
  recallAtPrecisionOne: number;
  /** The probability above which no false positive occurs (the lowest such score). */
  precisionOneThreshold: number;
}

function f1(precision: number, recall: number): number {
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

export function countTruePairs(leftEntities: string[], rightEntities: string[] | null): number {
  const countsLeft = new Map<string, number>();
  for (const entity of leftEntities) countsLeft.set(entity, (countsLeft.get(entity) ?? 0) + 1);
  if (!rightEntities) {
    let total = 0;
    for (const n of countsLeft.values()) total += (n * (n - 1)) / 2;
    return total;
  }
  let total = 0;
  for (const entity of rightEntities) total += countsLeft.get(entity) ?? 0;
  return total;
}

export function evaluate(
  leftEntities: string[],
  rightEntities: string[] | null,
  pairLeft: Int32Array,
  pairRight: Int32Array,
  probability: Float64Array,
  count: number,
  thresholds: number[],
): Evaluation {
  const truePairs = countTruePairs(leftEntities, rightEntities);
  const right = rightEntities ?? leftEntities;
  const isTrue = new Uint8Array(count);
  let truePairsAmongCandidates = 0;
  for (let p = 0; p < count; p++) {
    if (leftEntities[pairLeft[p] ?? 0] === right[pairRight[p] ?? 0]) {
      isTrue[p] = 1;
      truePairsAmongCandidates++;
    }
  }
  const scoresAt = (threshold: number): PairwiseScores => {
    let tp = 0;
    let fp = 0;
    for (let p = 0; p < count; p++) {
      if ((probability[p] ?? 0) >= threshold) {
        if (isTrue[p]) tp++;
        else fp++;
      }
    }
    const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
    const recall = truePairs === 0 ? 1 : tp / truePairs;
    return { threshold, truePositives: tp, falsePositives: fp, falseNegatives: truePairs - tp, precision, recall, f1: f1(precision, recall) };
  };

  const order = Array.from({ length: count }, (_, p) => p).sort((a, b) => (probability[b] ?? 0) - (probability[a] ?? 0));
  let tp = 0;
  let fp = 0;
  let best: PairwiseScores = { threshold: 1, truePositives: 0, falsePositives: 0, falseNegatives: truePairs, precision: 1, recall: 0, f1: 0 };
  let recallAtPrecisionOne = 0;
  let precisionOneThreshold = 1;
  let cleanSoFar = true;
  for (let at = 0; at < order.length; ) {
    const score = probability[order[at] ?? 0] ?? 0;
    // Pairs with the same score stand or fall together.
    let groupTp = 0;
    let groupFp = 0;
    while (at < order.length && (probability[order[at] ?? 0] ?? 0) === score) {
      if (isTrue[order[at] ?? 0]) groupTp++;
      else groupFp++;
      at++;
    }
    tp += groupTp;
    fp += groupFp;
    if (groupFp > 0) cleanSoFar = false;
    if (cleanSoFar) {
      recallAtPrecisionOne = tp / truePairs;
      precisionOneThreshold = score;
    }
    const precision = tp / (tp + fp);
    const recall = tp / truePairs;
    const score1 = f1(precision, recall);
    if (score1 > best.f1) {
      best = { threshold: score, truePositives: tp, falsePositives: fp, falseNegatives: truePairs - tp, precision, recall, f1: score1 };
    }
  }
  return {
    truePairs,
    candidatePairs: count,
    truePairsAmongCandidates,
    candidatePurity: count === 0 ? 0 : truePairsAmongCandidates / count,
    blockingRecall: truePairs === 0 ? 1 : truePairsAmongCandidates / truePairs,
    atThresholds: thresholds.map(scoresAt),
    bestF1: best,
    recallAtPrecisionOne,
    precisionOneThreshold,
  };
}

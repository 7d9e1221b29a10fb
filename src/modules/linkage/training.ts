/**
 * Training blocks for estimating m without labels.
 *
 * EM over pairs that were chosen because they agree on some field mistakes
 * "agrees on that field" for "is the same person": namesakes look like
 * matches when the candidates were found by name. So each training block is
 * defined by one field agreeing exactly (same date of birth; same full name;
 * same postcode); inside it that field says nothing, is left out of the
 * likelihood, and the other fields are compared against random-pair u, which
 * is valid there because the blocking field is (nearly) independent of them
 * among non-matches.
 *
 * Blocks are not equally clean, so they are used in order (`priority`): pairs
 * sharing an identifier (almost all the same person), then the same full name
 * (namesakes differ on everything else), then the same date of birth (twins
 * share a family name and postcode too), then the same postcode (mostly
 * households: siblings agree on family name far more often than random pairs
 * do). Each comparison's m comes from the first block that can estimate it,
 * and is held there while later blocks are fitted, so a later block can tell
 * its look-alikes (twins, siblings) from the same person.
 */
import type { PairComparer } from './comparisons.ts';
import { DOB_FULL, type PreparedData } from './prepared.ts';
import { Random } from '../../platform/random.ts';

export interface TrainingBlock {
  name: string;
  /** Lower is cleaner: see the order above. The postcode block (3) sets the prior only when no other block can. */
  priority: number;
  /**
   * When some pairs were left out for estimating m (households), the whole block: the number of
   * matches is estimated over it, with m as learned from the pairs kept.
   */
  whole: { left: Int32Array; right: Int32Array; count: number; totalPairs: number } | null;
  /** Comparisons left out of the likelihood because the block fixes them. */
  excluded: number[];
  left: Int32Array;
  right: Int32Array;
  count: number;
  /** Pairs in the whole block before sampling. */
  totalPairs: number;
}

function groupBy(size: number, keyOf: (index: number) => string | null): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (let i = 0; i < size; i++) {
    const key = keyOf(i);
    if (key === null) continue;
    const members = groups.get(key);
    if (members) members.push(i);
    else groups.set(key, [i]);
  }
  return groups;
}

function blockPairs(
  data: PreparedData,
  keyOfLeft: (index: number) => string | null,
  keyOfRight: (index: number) => string | null,
  maxPairs: number,
  random: Random,
  keepPair: (i: number, j: number) => boolean = () => true,
): { left: Int32Array; right: Int32Array; count: number; totalPairs: number } {
  const leftGroups = groupBy(data.left.size, keyOfLeft);
  const rightGroups = data.dedupe ? leftGroups : groupBy(data.right.size, keyOfRight);
  let totalPairs = 0;
  for (const [key, members] of leftGroups) {
    const others = rightGroups.get(key);
    if (!others) continue;
    totalPairs += data.dedupe ? (members.length * (members.length - 1)) / 2 : members.length * others.length;
  }
  const keep = totalPairs <= maxPairs ? 1 : maxPairs / totalPairs;
  const capacity = Math.min(totalPairs, Math.ceil(maxPairs * 1.1) + 16);
  const left = new Int32Array(capacity);
  const right = new Int32Array(capacity);
  let count = 0;
  let kept = 0;
  for (const [key, members] of leftGroups) {
    const others = rightGroups.get(key);
    if (!others) continue;
    for (let a = 0; a < members.length; a++) {
      const start = data.dedupe ? a + 1 : 0;
      for (let b = start; b < others.length; b++) {
        if (!keepPair(members[a] ?? 0, others[b] ?? 0)) continue;
        kept++;
        if (keep < 1 && !random.chance(keep)) continue;
        if (count >= capacity) continue;
        left[count] = members[a] ?? 0;
        right[count] = others[b] ?? 0;
        count++;
      }
    }
  }
  return { left: left.subarray(0, count), right: right.subarray(0, count), count, totalPairs: kept };
}

/** The training blocks this data supports (a field must be present to block on it). */
export function trainingBlocks(data: PreparedData, comparer: PairComparer, options: { maxPairs?: number; seed?: number } = {}): TrainingBlock[] {
  const maxPairs = options.maxPairs ?? 400_000;
  const random = new Random(options.seed ?? 99);
  const indexOf = (key: string): number => comparer.comparisons.findIndex((comparison) => comparison.key === key);
  const blocks: TrainingBlock[] = [];
  const add = (
    name: string,
    excludedKeys: string[],
    keyOfLeft: (index: number) => string | null,
    keyOfRight: (index: number) => string | null,
    priority: number,
    keepPair?: (i: number, j: number) => boolean,
  ): void => {
    const excluded = excludedKeys.map(indexOf).filter((index) => index >= 0);
    if (excluded.length === 0) return;
    const pairs = blockPairs(data, keyOfLeft, keyOfRight, maxPairs, random, keepPair);
    const whole = keepPair ? blockPairs(data, keyOfLeft, keyOfRight, maxPairs, random) : null;
    if (pairs.count > 0) blocks.push({ name, priority, excluded, whole, ...pairs });
  };

  const { left, right } = data;
  const uk = data.ukPostcodeShare >= 0.5;
  const dobKey = (side: typeof left) => (index: number): string | null =>
    side.dobPrecision[index] === DOB_FULL && (side.dobDigits[index] ?? '') !== '' ? side.dobDigits[index] ?? null : null;
  // Twins share a date of birth and a household: with them in the block, a completely different
  // first name would look like something the same person's records often show. So where postcodes
  // are UK postcodes (a unit is a handful of households), pairs at the same unit are left out.
  const notSameHousehold = (i: number, j: number): boolean => {
    const unit = left.postcodeUnit[i] ?? -1;
    return unit < 0 || unit !== (right.postcodeUnit[j] ?? -1);
  };
  add('same date of birth', ['date_of_birth'], dobKey(left), dobKey(right), 2, uk ? notSameHousehold : undefined);

  const nameKey = (side: typeof left) => (index: number): string | null => {
    const given = side.given[index] ?? -1;
    const family = side.family[index] ?? -1;
    return given >= 0 && family >= 0 ? `${given}|${family}` : null;
  };
  add('same full name', ['given_name', 'family_name'], nameKey(left), nameKey(right), 1);

  const postcodeKey = (side: typeof left) => (index: number): string | null => {
    const value = uk ? side.postcodeUnit[index] ?? -1 : side.postcodeText[index] ?? -1;
    return value >= 0 ? String(value) : null;
  };
  add('same postcode', ['postcode'], postcodeKey(left), postcodeKey(right), 3);

  for (const name of data.identifierNames) {
    const identifierKey = (side: typeof left) => (index: number): string | null => {
      const value = side.identifiers.get(name)?.[index] ?? -1;
      return value >= 0 ? String(value) : null;
    };
    add(`same ${name.replace(/_/g, ' ')}`, [`id:${name}`], identifierKey(left), identifierKey(right), 0);
  }
  return blocks.sort((a, b) => a.priority - b.priority);
}

/**
 * Fitting an area's model from its own records (pure computation, no database, so it can run in
 * a worker thread), and scoring people with a stored model afterwards.
 *
 * The model is the engine's: u from random pairs of the area's records, m by EM within training
 * blocks, the prior from the matches those blocks imply. Term frequencies of first and family
 * names are kept with it, so a handful of candidates found online are scored as the whole area
 * would score them (agreeing on a rare surname counts for more than agreeing on Smith).
 *
 * A small area (the demo, a new partnership) has too few records to estimate anything: it is
 * topped up with a fictional population from the UK generator, about one in ten of them written
 * twice with the generator's corruptions, so u and m have something to be estimated from. The
 * top-up never appears in results; the model records how many synthetic records it used.
 */
import { blockingKeys, candidatePairs } from './blocking.ts';
import { PairComparer } from './comparisons.ts';
import { dedupeRecords } from './engine.ts';
import { explainPair, type PairExplanation } from './explain.ts';
import { computeGamma, probabilityFromWeight, scorePairs, type ComparisonParameters, type FittedModel } from './model.ts';
import { ownerOf, personVariants, type MatchablePerson } from './people.ts';
import { prepareData } from './prepared.ts';
import { standardisePerson, type StandardisedPerson } from './standardise.ts';
import { CORRUPTION_KINDS, corruptPerson, isApplicable } from './synthetic/corrupt.ts';
import { generatePopulation } from './synthetic/population.ts';
import { Random } from '../../platform/random.ts';
import type { PersonRecord } from './types.ts';

/** Bumped when the stored shape or the way keys and models are made changes: older models are retrained. */
export const MODEL_VERSION = 3;

/** Below this many records an area's model is estimated with a fictional top-up. */
export const MIN_TRAINING_RECORDS = 3000;

export interface NameFrequencies {
  /** Count of each standardised name value seen at least twice; any other value counts once. */
  given: Record<string, number>;
  family: Record<string, number>;
  givenTotal: number;
  familyTotal: number;
}

export interface StoredLinkageModel {
  version: number;
  model: FittedModel;
  names: NameFrequencies;
  /** Records of the area used (the top-up is not counted). */
  recordCount: number;
  syntheticRecords: number;
  candidatePairs: number;
  /** Date ages were read against, ISO. */
  referenceDate: string;
}

export interface FittedPair {
  a: string;
  b: string;
  matchProbability: number;
  matchWeight: number;
}

export interface AreaFit {
  stored: StoredLinkageModel;
  /** Pairs of the area's own records at or above the review threshold. */
  pairs: FittedPair[];
  milliseconds: number;
}

const SYNTHETIC_PREFIX = 'synthetic:';

/** Fictional records to top up a small area: a clean population plus corrupted second records of one in ten. */
export function syntheticTopUp(count: number, referenceDate: Date, seed = 20260101): PersonRecord[] {
  if (count <= 0) return [];
  const random = new Random(seed);
  const people = generatePopulation({ size: Math.ceil(count / 1.1), seed, referenceDate, minAge: 8, maxAge: 19 });
  const records: PersonRecord[] = [];
  // Identifiers are made up here (the letters are never real UPNs); only their agreement matters.
  const upn = () => `S${String(random.int(1e9)).padStart(9, '0')}${random.int(1000)}`;
  for (const person of people) {
    if (records.length >= count) break;
    const identifiers: Record<string, string> = {};
    if (random.chance(0.6)) identifiers.nhs_number = person.nhsNumber;
    if (random.chance(0.2)) identifiers.upn = upn();
    if (random.chance(0.1)) identifiers.local_authority_id = String(100000 + random.int(900000));
    const gender = person.gender;
    records.push({ id: `${SYNTHETIC_PREFIX}${records.length}`, givenName: person.givenName, middleNames: random.chance(0.3) ? person.middleNames : null, familyName: person.familyName, dateOfBirth: person.dateOfBirth, postcode: person.postcode, gender, identifiers });
    if (records.length < count && random.chance(0.1)) {
      const kinds = CORRUPTION_KINDS.filter((kind) => isApplicable(kind, person, { referenceDate }));
      const chosen = kinds.length ? [random.pick(kinds)] : [];
      if (kinds.length > 1 && random.chance(0.3)) chosen.push(random.pick(kinds));
      const { written } = corruptPerson(person, chosen, random, { referenceDate });
      const copyIdentifiers: Record<string, string> = {};
      for (const [kind, value] of Object.entries(identifiers)) if (random.chance(0.5)) copyIdentifiers[kind] = value;
      records.push({ id: `${SYNTHETIC_PREFIX}${records.length}`, givenName: written.givenName, familyName: written.familyName, dateOfBirth: written.dateOfBirth, postcode: written.postcode, gender: written.gender, identifiers: copyIdentifiers });
    }
  }
  return records;
}

function countsOf(values: string[], counts: Int32Array, total: number): { table: Record<string, number>; total: number } {
  const table: Record<string, number> = {};
  for (let id = 0; id < counts.length; id++) {
    const count = counts[id] ?? 0;
    if (count >= 2) table[values[id] ?? ''] = count;
  }
  return { table, total };
}

/** Fits the model of an area from its records (one record per young person, the recorded names). */
export function fitAreaModel(people: MatchablePerson[], options: { reviewThreshold: number; referenceDate?: Date; minRecords?: number; seed?: number }): AreaFit {
  const started = performance.now();
  const referenceDate = options.referenceDate ?? new Date();
  const own = people.map((person) => ({ ...(personVariants(person, referenceDate)[0] as PersonRecord), id: person.id }));
  const minRecords = options.minRecords ?? MIN_TRAINING_RECORDS;
  const topUp = own.length < minRecords ? syntheticTopUp(minRecords - own.length, referenceDate, options.seed) : [];
  const records = own.concat(topUp);
  const result = dedupeRecords(records, { referenceDate, seed: options.seed });
  const data = result.comparer.preparedData;
  const given = countsOf(data.names.values, data.givenCounts, data.givenTotal);
  const family = countsOf(data.names.values, data.familyCounts, data.familyTotal);

  const pairs: FittedPair[] = [];
  const { pairs: scored } = result;
  for (let p = 0; p < scored.count; p++) {
    const probability = scored.matchProbability[p] ?? 0;
    if (probability < options.reviewThreshold) continue;
    const a = records[scored.left[p] ?? 0]?.id ?? '';
    const b = records[scored.right[p] ?? 0]?.id ?? '';
    if (a.startsWith(SYNTHETIC_PREFIX) || b.startsWith(SYNTHETIC_PREFIX)) continue;
    pairs.push(a < b ? { a, b, matchProbability: probability, matchWeight: scored.matchWeight[p] ?? 0 } : { a: b, b: a, matchProbability: probability, matchWeight: scored.matchWeight[p] ?? 0 });
  }
  return {
    stored: {
      version: MODEL_VERSION,
      model: result.model,
      names: { given: given.table, family: family.table, givenTotal: given.total, familyTotal: family.total },
      recordCount: own.length,
      syntheticRecords: topUp.length,
      candidatePairs: scored.count,
      referenceDate: referenceDate.toISOString().slice(0, 10),
    },
    pairs,
    milliseconds: performance.now() - started,
  };
}

/** A stored model ready to score with: its name frequencies as a look-up. */
export interface ScoringModel {
  stored: StoredLinkageModel;
  nameFrequency: (field: 'given_name' | 'family_name', value: string) => number;
}

export function scoringModel(stored: StoredLinkageModel): ScoringModel {
  const given = new Map(Object.entries(stored.names.given));
  const family = new Map(Object.entries(stored.names.family));
  const givenTotal = Math.max(1, stored.names.givenTotal);
  const familyTotal = Math.max(1, stored.names.familyTotal);
  return {
    stored,
    nameFrequency: (field, value) => (field === 'given_name' ? (given.get(value) ?? 1) / givenTotal : (family.get(value) ?? 1) / familyTotal),
  };
}

/**
 * The stored model laid over the comparisons a comparer actually makes (which depend on the
 * fields present in the records compared): matched by key; a comparison the area's model never
 * learned (say, an identifier no record of the area has) counts for nothing either way.
 * (Free-text attributes, whose exact level is weighted by frequency, are not used online.)
 */
export function alignModel(model: FittedModel, comparer: PairComparer): FittedModel {
  const byKey = new Map(model.comparisons.map((comparison) => [comparison.key, comparison]));
  const comparisons: ComparisonParameters[] = comparer.comparisons.map((comparison) => {
    const learned = byKey.get(comparison.key);
    if (learned && learned.levels.length === comparison.levels.length && learned.levels.every((level, l) => level.label === comparison.levels[l]?.label)) {
      return learned;
    }
    return {
      key: comparison.key,
      label: comparison.label,
      termFrequencyLevel: -1,
      levels: comparison.levels.map((level) => ({ label: level.label, m: 1, u: 1, weight: 0 })),
    };
  });
  return { ...model, comparisons };
}

export interface ScoredCandidate {
  /** The young person (owner of the best-scoring variant pair). */
  id: string;
  matchWeight: number;
  matchProbability: number;
  /** Index of the best variant pair, for explaining it. */
  leftVariant: number;
  rightVariant: number;
}

/** Scores every left variant against every right variant; returns each right owner's best, best first, with a way to explain it. */
export function scoreAgainst(
  model: ScoringModel,
  leftVariants: PersonRecord[],
  rightVariants: PersonRecord[],
  referenceDate = new Date(),
): { candidates: ScoredCandidate[]; explain: (candidate: ScoredCandidate) => PairExplanation } {
  if (leftVariants.length === 0 || rightVariants.length === 0) return { candidates: [], explain: () => { throw new Error('nothing to explain'); } };
  const left = leftVariants.map((record) => standardisePerson(record, { referenceDate }));
  const right = rightVariants.map((record) => standardisePerson(record, { referenceDate }));
  const count = left.length * right.length;
  const pairLeft = new Int32Array(count);
  const pairRight = new Int32Array(count);
  for (let i = 0, p = 0; i < left.length; i++) {
    for (let j = 0; j < right.length; j++, p++) {
      pairLeft[p] = i;
      pairRight[p] = j;
    }
  }
  const { comparer, fitted, weights } = scoreStandardised(model, left, right, pairLeft, pairRight, count);
  const best = new Map<string, ScoredCandidate>();
  for (let p = 0; p < count; p++) {
    const j = pairRight[p] ?? 0;
    const id = ownerOf(right[j]?.id ?? '');
    const weight = weights[p] ?? 0;
    const current = best.get(id);
    if (!current || weight > current.matchWeight) {
      best.set(id, { id, matchWeight: weight, matchProbability: probabilityFromWeight(weight), leftVariant: pairLeft[p] ?? 0, rightVariant: j });
    }
  }
  const candidates = [...best.values()].sort((x, y) => y.matchWeight - x.matchWeight);
  return { candidates, explain: (candidate) => explainPair(comparer, fitted, candidate.leftVariant, candidate.rightVariant) };
}

/** Scores given pairs of standardised records with a stored model. `right` null compares `left` with itself. */
export function scoreStandardised(
  model: ScoringModel,
  left: StandardisedPerson[],
  right: StandardisedPerson[] | null,
  pairLeft: Int32Array,
  pairRight: Int32Array,
  count: number,
): { comparer: PairComparer; fitted: FittedModel; weights: Float64Array } {
  const data = prepareData(left, right);
  const comparer = new PairComparer(data, { nameFrequency: model.nameFrequency });
  const fitted = alignModel(model.stored.model, comparer);
  const gamma = computeGamma(comparer, pairLeft, pairRight, count);
  const weights = scorePairs(comparer, fitted, gamma, pairLeft, count);
  return { comparer, fitted, weights };
}

/**
 * Pairs within one list of people (an import file) scored with the area's model: blocked by the
 * same keys as everywhere else, every variant pair compared, best per pair of owners.
 */
export function dedupeWithModel(
  model: ScoringModel,
  people: MatchablePerson[],
  referenceDate = new Date(),
): Array<{ a: string; b: string; matchProbability: number; matchWeight: number; explanation: PairExplanation }> {
  const variants = people.flatMap((person) => personVariants(person, referenceDate));
  const standardised = variants.map((record) => standardisePerson(record, { referenceDate }));
  if (standardised.length < 2) return [];
  const candidates = candidatePairs(standardised.map((person) => blockingKeys(person)), null);
  // Variants of the same person are not a pair.
  const keepLeft: number[] = [];
  const keepRight: number[] = [];
  for (let p = 0; p < candidates.count; p++) {
    const i = candidates.left[p] ?? 0;
    const j = candidates.right[p] ?? 0;
    if (ownerOf(standardised[i]?.id ?? '') === ownerOf(standardised[j]?.id ?? '')) continue;
    keepLeft.push(i);
    keepRight.push(j);
  }
  const pairLeft = Int32Array.from(keepLeft);
  const pairRight = Int32Array.from(keepRight);
  const { comparer, fitted, weights } = scoreStandardised(model, standardised, null, pairLeft, pairRight, pairLeft.length);
  const best = new Map<string, { a: string; b: string; p: number; weight: number }>();
  for (let p = 0; p < pairLeft.length; p++) {
    const a = ownerOf(standardised[pairLeft[p] ?? 0]?.id ?? '');
    const b = ownerOf(standardised[pairRight[p] ?? 0]?.id ?? '');
    const key = a < b ? `${a}|${b}` : `${b}|${a}`;
    const weight = weights[p] ?? 0;
    const current = best.get(key);
    if (!current || weight > current.weight) best.set(key, { a: a < b ? a : b, b: a < b ? b : a, p, weight });
  }
  return [...best.values()]
    .sort((x, y) => y.weight - x.weight)
    .map((entry) => ({
      a: entry.a,
      b: entry.b,
      matchWeight: entry.weight,
      matchProbability: probabilityFromWeight(entry.weight),
      explanation: explainPair(comparer, fitted, pairLeft[entry.p] ?? 0, pairRight[entry.p] ?? 0),
    }));
}

/**
 * Explanations: for one pair, what each field contributed to the match weight
 * and why, in words a practitioner can check ("first name: nickname or
 * variant (Kaz ~ Karen) +3.2").
 */
import { NULL_LEVEL, type PairComparer } from './comparisons.ts';
import { jointAdjustment, probabilityFromWeight, settledWeight, settlingLevels, termFrequencyWeight, type FittedModel } from './model.ts';

export interface FieldExplanation {
  /** Comparison key, e.g. "given_name", "date_of_birth", "id:nhs_number". */
  key: string;
  /** Field as a person would name it, e.g. "first name". */
  field: string;
  /** Agreement level, e.g. "nickname or variant"; "missing" when either side is blank. */
  level: string;
  /** The two values as compared. */
  values: [string, string];
  /** String similarity (Jaro-Winkler) when it means something for the field. */
  similarity: number | null;
  /** Contribution to the match weight, in bits (log2 Bayes factor); 0 when missing. */
  weight: number;
  m: number | null;
  u: number | null;
  /** True when the weight reflects how rare the agreeing value is. */
  termFrequencyAdjusted: boolean;
  /** One-line reading, e.g. "first name: nickname or variant (Kaz ~ Karen) +3.21". */
  text: string;
}

export interface PairExplanation {
  leftId: string;
  rightId: string;
  /** log2 prior odds that two records picked at random are the same person. */
  priorWeight: number;
  fields: FieldExplanation[];
  /** priorWeight plus every field's weight. */
  matchWeight: number;
  matchProbability: number;
  namesSwapped: boolean;
  /** All field lines joined, for a CSV cell or a hint. */
  summary: string;
}

function signed(weight: number): string {
  return `${weight >= 0 ? '+' : '−'}${Math.abs(weight).toFixed(2)}`;
}

function describeValues(values: [string, string], levelIndex: number, levelCount: number): string {
  const [a, b] = values;
  if (a === b) return a;
  return levelIndex === levelCount - 1 ? `${a} ≠ ${b}` : `${a} ~ ${b}`;
}

export function explainPair(
  comparer: PairComparer,
  model: FittedModel,
  i: number,
  j: number,
  options: { minTermFrequency?: number } = {},
): PairExplanation {
  const minFrequency = options.minTermFrequency ?? 1e-6;
  const levels = new Uint8Array(comparer.comparisonCount);
  const namesSwapped = comparer.fill(i, j, levels, 0);
  const fields: FieldExplanation[] = [];
  let matchWeight = model.priorWeight;
  const jointIndex = comparer.comparisons.findIndex((comparison) => comparison.joint);
  const joint = comparer.comparisons[jointIndex]?.joint;
  let partsWeight = 0;
  comparer.comparisons.forEach((comparison, c) => {
    if (c === jointIndex) return;
    const level = levels[c] ?? NULL_LEVEL;
    const parameters = model.comparisons[c];
    const values = comparison.display(i, j);
    if (level === NULL_LEVEL || !parameters) {
      // Both sides blank is not worth a line; one side blank is, since it explains a weak score.
      if (values[0] === '' && values[1] === '') return;
      fields.push({
        key: comparison.key,
        field: comparison.label,
        level: 'missing',
        values,
        similarity: null,
        weight: 0,
        m: null,
        u: null,
        termFrequencyAdjusted: false,
        text: `${comparison.label}: missing on one side (${values[0] || '—'} / ${values[1] || '—'}) ${signed(0)}`,
      });
      return;
    }
    const levelParameters = parameters.levels[level];
    if (!levelParameters) return;
    let weight = levelParameters.weight;
    let termFrequencyAdjusted = false;
    let rarity = '';
    if (level === comparison.termFrequencyLevel && comparison.leftValueFrequency) {
      const frequency = comparison.leftValueFrequency(i);
      weight = termFrequencyWeight(levelParameters, frequency, minFrequency);
      termFrequencyAdjusted = true;
      const oneIn = Math.round(1 / Math.max(frequency, minFrequency));
      rarity = `, 1 in ${oneIn.toLocaleString('en-GB')} records`;
    }
    matchWeight += weight;
    if (joint?.parts.includes(c)) partsWeight += weight;
    const similarity = comparison.similarity(i, j);
    const swappedNote = namesSwapped && c < 2 ? ', names swapped' : '';
    const similarityNote = similarity !== null && level > 0 && level < comparison.levels.length - 1 ? `, similarity ${similarity.toFixed(2)}` : '';
    fields.push({
      key: comparison.key,
      field: comparison.label,
      level: levelParameters.label,
      values,
      similarity,
      weight,
      m: levelParameters.m,
      u: levelParameters.u,
      termFrequencyAdjusted,
      text: `${comparison.label}: ${levelParameters.label} (${describeValues(values, level, comparison.levels.length)}${similarityNote}${rarity}${swappedNote}) ${signed(weight)}`,
    });
  });
  const jointComparison = comparer.comparisons[jointIndex];
  const jointLevel = levels[jointIndex] ?? NULL_LEVEL;
  const jointParameters = model.comparisons[jointIndex]?.levels[jointLevel];
  if (joint && jointComparison && jointParameters && jointLevel !== joint.noneLevel) {
    // Shown only when the pattern changed the score: the fields above, taken together, are what look-alikes share.
    const adjustment = jointAdjustment(jointParameters.weight, partsWeight);
    if (adjustment < 0) {
      matchWeight += adjustment;
      const reading = jointParameters.label.charAt(0).toUpperCase() + jointParameters.label.slice(1);
      fields.push({
        key: jointComparison.key,
        field: jointComparison.label,
        level: jointParameters.label,
        values: ['', ''],
        similarity: null,
        weight: adjustment,
        m: jointParameters.m,
        u: jointParameters.u,
        termFrequencyAdjusted: false,
        text: `${reading} ${signed(adjustment)}`,
      });
    }
  }
  const settled = settlingLevels(comparer, levels, 0);
  const settledTotal = settledWeight(matchWeight, settled.different, settled.same);
  if (settledTotal !== matchWeight) {
    const identifier = comparer.comparisons.find((comparison) => comparison.settles && levels[comparer.comparisons.indexOf(comparison)] === (settled.different ? comparison.settles.differentLevel : comparison.settles.sameLevel));
    const name = identifier?.label ?? 'identifier';
    const reading = settled.different ? `Different ${name}s: two different young people` : `The same ${name}: one young person`;
    fields.push({
      key: 'settled',
      field: 'checked identifier',
      level: reading.charAt(0).toLowerCase() + reading.slice(1),
      values: ['', ''],
      similarity: null,
      weight: settledTotal - matchWeight,
      m: null,
      u: null,
      termFrequencyAdjusted: false,
      text: `${reading} ${signed(settledTotal - matchWeight)}`,
    });
    matchWeight = settledTotal;
  }
  const persons = comparer.preparedData;
  const matchProbability = probabilityFromWeight(matchWeight);
  const summary = `${fields.map((field) => field.text).join('; ')}; prior ${signed(model.priorWeight)}`;
  return {
    leftId: persons.left.persons[i]?.id ?? String(i),
    rightId: persons.right.persons[j]?.id ?? String(j),
    priorWeight: model.priorWeight,
    fields,
    matchWeight,
    matchProbability,
    namesSwapped,
    summary,
  };
}

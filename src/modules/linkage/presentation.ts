/**
 * How the engine's judgement is shown to a coordinator, the same on every page that shows it
 * (possible duplicates, merge, triage suggestions): a band, a probability, and what each field
 * agreed on and counted for.
 */
import type { PairExplanation } from './explain.ts';
import { bandFor, type MatchBand } from './online.ts';
import type { Thresholds } from './stored-model.ts';

export const signed = (weight: number) => `${weight >= 0 ? '+' : '−'}${Math.abs(weight).toFixed(1)}`;

/** The explanation as table rows: field, the two values, how closely they agree, and what it added. */
export function explanationRows(explanation: PairExplanation) {
  return explanation.fields.map((f) => [
    { text: f.field.charAt(0).toUpperCase() + f.field.slice(1) },
    { text: f.values[0] || '—' },
    { text: f.values[1] || '—' },
    {
      text:
        f.level === 'missing'
          ? 'Missing on one side'
          : `${f.level.charAt(0).toUpperCase()}${f.level.slice(1)}${f.similarity !== null && f.level !== 'exact match' && f.level !== 'different' ? ` (similarity ${f.similarity.toFixed(2)})` : ''}${f.termFrequencyAdjusted ? ' – weighted by how common the name is' : ''}`,
    },
    { text: signed(f.weight), format: 'numeric', classes: f.weight > 0 ? 'lantern-evidence--for' : f.weight < 0 ? 'lantern-evidence--against' : '' },
  ]);
}

export function probabilityText(probability: number): string {
  if (probability >= 0.9995) return 'over 99.9%';
  if (probability < 0.001) return 'under 0.1%';
  return `${(probability * 100).toFixed(probability >= 0.99 ? 1 : 0)}%`;
}

const BAND_TAGS: Record<MatchBand, { text: string; classes: string }> = {
  likely: { text: 'Very likely the same', classes: 'govuk-tag--red' },
  possible: { text: 'Possibly the same', classes: 'govuk-tag--orange' },
  unlikely: { text: 'Probably different', classes: 'govuk-tag--grey' },
};

export function tagForBand(band: MatchBand) {
  return BAND_TAGS[band];
}

export function bandTag(probability: number, thresholds: Thresholds) {
  return tagForBand(bandFor(probability, thresholds));
}

/** The fields that counted, strongest evidence first, one line each: for a compact list beside a candidate. */
export function explanationLines(explanation: PairExplanation): string[] {
  return explanation.fields
    .filter((f) => f.level !== 'missing' && f.weight !== 0)
    .sort((a, b) => b.weight - a.weight)
    .map((f) => {
      const [left, right] = f.values;
      // A family likeness reads on its own: "Different first names with the same date of birth and address: probably twins".
      if (left === '' && right === '') return `${f.level.charAt(0).toUpperCase()}${f.level.slice(1)} ${signed(f.weight)}`;
      const values = left === right ? left : `${left} and ${right}`;
      return `${f.field.charAt(0).toUpperCase()}${f.field.slice(1)}: ${f.level} (${values}) ${signed(f.weight)}`;
    });
}

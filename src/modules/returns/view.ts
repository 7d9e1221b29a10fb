import type { AnonymisedReturn } from './format.ts';
import type { EstimateResult } from './estimate.ts';

/** A return's tables as govukTable rows. */
export function returnTablesView(doc: AnonymisedReturn) {
  return doc.tables.map((t) => ({
    id: t.id,
    title: t.title,
    head: [{ text: t.rowHeading }, ...t.columns.map((c) => ({ text: c.label, format: 'numeric' }))],
    rows: t.rows.map((r, i) => {
      const total = (t.totalRow && i === t.rows.length - 1) ? 'govuk-!-font-weight-bold' : undefined;
      return [{ text: r.label, classes: total }, ...r.values.map((v) => ({ text: String(v), format: 'numeric', classes: total }))];
    }),
  }));
}

const whole = (n: number) => n.toLocaleString('en-GB');

export function estimateView(result: EstimateResult) {
  return {
    head: [{ text: 'Area' }, { text: 'Identified', format: 'numeric' }, { text: 'Expected', format: 'numeric' }, { text: '90% range', format: 'numeric' }, { text: 'Gap', format: 'numeric' }, { text: 'Not identified', format: 'numeric' }],
    rows: [
      ...result.areas.map((a) => [
        { text: `${a.name} (${a.code})${a.reference ? ' – reference' : ''}` },
        { text: whole(a.identified), format: 'numeric' },
        { text: whole(a.expected), format: 'numeric' },
        { text: `${whole(a.low)} to ${whole(a.high)}`, format: 'numeric' },
        { text: whole(a.gap), format: 'numeric' },
        { text: `${Math.round(a.underIdentified * 100)}%`, format: 'numeric' },
      ]),
      [
        { text: 'All areas', classes: 'govuk-!-font-weight-bold' },
        { text: whole(result.totals.identified), format: 'numeric', classes: 'govuk-!-font-weight-bold' },
        { text: whole(result.totals.expected), format: 'numeric', classes: 'govuk-!-font-weight-bold' },
        { text: `${whole(result.totals.low)} to ${whole(result.totals.high)}`, format: 'numeric', classes: 'govuk-!-font-weight-bold' },
        { text: whole(result.totals.expected - result.totals.identified), format: 'numeric', classes: 'govuk-!-font-weight-bold' },
        { text: '', format: 'numeric' },
      ],
    ],
  };
}

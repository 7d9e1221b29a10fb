/**
 * Horizontal bar charts drawn on the server as SVG: categories with long names read better
 * across than up. Each chart is hidden from assistive technology because the page shows the
 * same figures in a table beside it; colours are attributes (the CSP allows no inline styles).
 */
import type { FigureTable } from './figure-table.ts';

const BLUE = '#1d70b8';
const GREY = '#b1b4b6';
const TEXT = '#0b0c0c';

const escape = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const round = (n: number) => Math.round(n * 10) / 10;

/** One bar per category row of a one-column table (the Total row is not drawn); "not recorded" in grey. */
export function horizontalBars(t: FigureTable): string | null {
  if (t.columns.length !== 1 || t.rows.length < 2) return null;
  const bars = t.rows.filter((r) => r.key !== 'young_people');
  const values = bars.map((r) => r.values[0] ?? 0);
  if (values.every((v) => v === 0)) return null;
  const labelWidth = 250;
  const plot = 330;
  const rowHeight = 22;
  const width = labelWidth + plot + 50;
  const height = bars.length * rowHeight + 4;
  const max = Math.max(1, ...values);
  const parts: string[] = [];
  bars.forEach((row, i) => {
    const y = i * rowHeight + 2;
    const w = ((row.values[0] ?? 0) / max) * plot;
    const label = row.label.length > 40 ? `${row.label.slice(0, 39)}…` : row.label;
    parts.push(`<text x="${labelWidth - 6}" y="${y + 15}" text-anchor="end" font-size="13" fill="${TEXT}">${escape(label)}</text>`);
    if (w > 0) parts.push(`<rect x="${labelWidth}" y="${y + 3}" width="${round(Math.max(1, w))}" height="${rowHeight - 6}" fill="${/not_recorded|none$|not_assessed|no_level/.test(row.key) ? GREY : BLUE}"/>`);
    parts.push(`<text x="${round(labelWidth + w + 4)}" y="${y + 15}" font-size="13" fill="${TEXT}">${row.values[0] ?? 0}</text>`);
  });
  return `<svg class="lantern-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" aria-hidden="true" focusable="false" font-family="arial, sans-serif">${parts.join('')}</svg>`;
}

/**
 * Small charts drawn on the server as SVG, so they show without JavaScript. Each is hidden from
 * assistive technology: the page puts the same numbers in a table next to it. Colours are
 * presentation attributes (the content security policy allows no inline styles).
 */
import { DAY_MS } from './rules.ts';
import { londonParts } from '../../platform/time.ts';
import { startOfLondonMonth } from './times.ts';

const BLUE = '#1d70b8';
const RED = '#d4351c';
const TEXT = '#0b0c0c';
const AXIS = '#b1b4b6';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const escape = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const round = (n: number) => Math.round(n * 10) / 10;

function svg(width: number, height: number, body: string): string {
  return `<svg class="lantern-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" aria-hidden="true" focusable="false" font-family="arial, sans-serif">${body}</svg>`;
}

/** Vertical bars with a label under every `labelEvery`th bar and the count above each bar that has one. */
export function barChart(labels: string[], values: number[], options: { labelEvery?: number; width?: number; height?: number } = {}): string {
  const width = options.width ?? 640;
  const height = options.height ?? 180;
  const labelEvery = options.labelEvery ?? 1;
  const top = 18;
  const bottom = 24;
  const plot = height - top - bottom;
  const max = Math.max(1, ...values);
  const slot = width / Math.max(1, values.length);
  const bar = Math.max(2, slot * 0.7);
  const parts: string[] = [`<line x1="0" y1="${height - bottom}" x2="${width}" y2="${height - bottom}" stroke="${AXIS}" stroke-width="1"/>`];
  values.forEach((value, i) => {
    const h = (value / max) * plot;
    const x = i * slot + (slot - bar) / 2;
    if (value > 0) {
      parts.push(`<rect x="${round(x)}" y="${round(height - bottom - h)}" width="${round(bar)}" height="${round(h)}" fill="${BLUE}"/>`);
      parts.push(`<text x="${round(x + bar / 2)}" y="${round(height - bottom - h - 4)}" text-anchor="middle" font-size="12" fill="${TEXT}">${value}</text>`);
    }
    if (i % labelEvery === 0) parts.push(`<text x="${round(i * slot + slot / 2)}" y="${height - 6}" text-anchor="middle" font-size="12" fill="${TEXT}">${escape(labels[i] ?? '')}</text>`);
  });
  return svg(width, height, parts.join(''));
}

export interface TimelineEpisode {
  lastSeenAt: Date;
  returnedAt: Date | null;
}

/** The last `days` days as a strip, one mark per episode (wider for longer ones), red while still missing. */
export function timeline(episodes: TimelineEpisode[], now: Date, days = 365): string {
  const width = 640;
  const height = 56;
  const from = now.getTime() - days * DAY_MS;
  const x = (ms: number) => ((ms - from) / (now.getTime() - from)) * width;
  const parts: string[] = [`<rect x="0" y="8" width="${width}" height="24" fill="#f3f2f1"/>`];
  for (let back = 0; back <= Math.ceil(days / 28); back++) {
    const start = startOfLondonMonth(now, back).getTime();
    if (start < from) break;
    const p = londonParts(new Date(start));
    parts.push(`<line x1="${round(x(start))}" y1="8" x2="${round(x(start))}" y2="36" stroke="${AXIS}" stroke-width="1"/>`);
    parts.push(`<text x="${round(x(start) + 2)}" y="50" font-size="11" fill="${TEXT}">${MONTHS[p.month - 1]}</text>`);
  }
  for (const e of episodes) {
    const start = e.lastSeenAt.getTime();
    const end = e.returnedAt?.getTime() ?? now.getTime();
    if (end < from || start > now.getTime()) continue;
    const x1 = x(Math.max(start, from));
    const w = Math.max(3, x(Math.min(end, now.getTime())) - x1);
    parts.push(`<rect x="${round(x1)}" y="10" width="${round(w)}" height="20" fill="${e.returnedAt ? BLUE : RED}"/>`);
  }
  return svg(width, height, parts.join(''));
}

import type nunjucks from 'nunjucks';
import { UK_TIME_ZONE as LONDON } from '../time.ts';

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: LONDON });
// hourCycle h12, not hour12: en-GB's hour12 writes midnight and noon as 0:30am and 0:00pm.
const clockFormat = new Intl.DateTimeFormat('en-GB', { hour: 'numeric', minute: '2-digit', hourCycle: 'h12', timeZone: LONDON });
const monthFormat = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/*
 * Lantern's one way of writing dates and times for people (the Nunjucks filters `date`, `time`,
 * `dateTime` and `month` are these functions): GOV.UK style, always in UK time. A date-only value
 * (YYYY-MM-DD) is a day, never an instant: it is written as that day and never given a time.
 */

/** 21 November 2026. A YYYY-MM-DD value is that calendar day; an instant is its day in the UK. */
export function formatDate(value: Date | string | null | undefined): string {
  if (!value) return '';
  if (typeof value === 'string' && ISO_DAY.test(value)) return dayFormat.format(new Date(`${value}T12:00:00Z`));
  const date = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? '' : dayFormat.format(date);
}

/** 9:30am, 2pm, midday, midnight: the UK clock time of an instant. */
export function formatTime(value: Date | string | null | undefined): string {
  if (!value || (typeof value === 'string' && ISO_DAY.test(value))) return '';
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return '';
  const time = clockFormat.format(date).replace(' ', '').toLowerCase().replace(':00', '');
  return time === '12am' ? 'midnight' : time === '12pm' ? 'midday' : time;
}

/** 21 November 2026, 2:05pm; a date-only value is written as its day alone. */
export function formatDateTime(value: Date | string | null | undefined): string {
  if (!value) return '';
  if (typeof value === 'string' && ISO_DAY.test(value)) return formatDate(value);
  const time = formatTime(value);
  return time ? `${formatDate(value)}, ${time}` : '';
}

/** November 2026, from YYYY-MM (a month of figures). */
export function formatMonth(value: string | null | undefined): string {
  if (!value || !/^\d{4}-\d{2}$/.test(value)) return '';
  return monthFormat.format(new Date(`${value}-01T00:00:00Z`));
}

export function formatDuration(hours: number): string {
  if (hours < 1) return `${Math.max(0, Math.round(hours * 60))} minutes`;
  if (hours < 48) return `${Math.round(hours)} hour${Math.round(hours) === 1 ? '' : 's'}`;
  return `${Math.round(hours / 24)} days`;
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A GOV.UK bulleted list as an HTML string for a macro's `html` option; every item is escaped. */
export function bulletList(items: string[]): string {
  return `<ul class="govuk-list govuk-list--bullet">${items.map((i) => `<li>${escapeHtml(String(i))}</li>`).join('')}</ul>`;
}

interface TableCell {
  text?: unknown;
  html?: unknown;
  attributes?: Record<string, unknown>;
}

/** A column heading as plain words, for a cell's label (its HTML's tags dropped). */
const headingWords = (cell: TableCell | undefined) =>
  String(cell?.text ?? cell?.html ?? '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * GOV.UK table options with every cell of a table of three or more columns labelled by its
 * column's heading and the table marked to become cards on a narrow screen (public/lantern.css).
 */
export function cardTable<T extends { head?: TableCell[]; rows?: TableCell[][]; classes?: string }>(params: T): T {
  if (!params?.head || params.head.length < 3 || !params.rows) return params;
  const labels = params.head.map(headingWords);
  return {
    ...params,
    classes: `${params.classes ?? ''} lantern-card-table`.trim(),
    rows: params.rows.map((row) => row.map((cell, i) => ({ ...cell, attributes: { ...cell.attributes, 'data-label': labels[i] ?? '' } }))),
  };
}

export function addFilters(env: nunjucks.Environment): void {
  env.addFilter('cardTable', cardTable);
  env.addFilter('bulletList', bulletList);
  env.addFilter('date', formatDate);
  env.addFilter('dateTime', formatDateTime);
  env.addFilter('time', formatTime);
  env.addFilter('month', formatMonth);
  env.addFilter('duration', formatDuration);
  // The Ministry of Justice's timeline formats its dates through this filter: Lantern's own formats, in UK time.
  env.addFilter('mojDate', (value: string, type: string) => (type === 'date' ? formatDate(value) : formatDateTime(value)));
  env.addFilter('plural', (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`);
}

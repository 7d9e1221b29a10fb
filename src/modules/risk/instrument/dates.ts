/**
 * Calendar and clock arithmetic for the instrument's rules. Ages and review
 * dates are calendar facts in the partnership's time zone, not 24-hour
 * multiples; the 72-hour rule is clock time.
 */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface CalendarDate {
  year: number;
  month: number; // 1-12
  day: number;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function parseDate(text: string): CalendarDate | null {
  const m = DATE_RE.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

export function formatDate(d: CalendarDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** Parses an ISO date-time with an explicit offset or Z; null when it is not one. */
export function parseInstant(text: string): number | null {
  // Insist on a zone so the same text means the same instant on every server.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The calendar date of an instant as seen in `timeZone`. */
export function localDateOf(ms: number, timeZone: string): CalendarDate {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day') };
}

/**
 * The date on which someone born on `dob` turns `years`. A 29 February
 * birthday falls on 1 March in other years, as in English law.
 */
export function birthdayOf(dob: CalendarDate, years: number): CalendarDate {
  const year = dob.year + years;
  if (dob.month === 2 && dob.day === 29 && !isLeap(year)) return { year, month: 3, day: 1 };
  return { year, month: dob.month, day: dob.day };
}

/** Whole years of age on `on`; a child is 13 from the first moment of their 13th birthday. */
export function ageInYears(dob: CalendarDate, on: CalendarDate): number {
  let years = on.year - dob.year;
  if (years > 0 && compareDates(on, birthdayOf(dob, years)) < 0) years -= 1;
  return Math.max(0, years);
}

export function isBefore(a: CalendarDate, b: CalendarDate): boolean {
  return compareDates(a, b) < 0;
}

export function addDays(d: CalendarDate, days: number): CalendarDate {
  const ms = Date.UTC(d.year, d.month - 1, d.day) + days * 86_400_000;
  const t = new Date(ms);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

export const HOUR_MS = 3_600_000;

/**
 * Dates of birth as agencies write them: full dates in UK or ISO order,
 * compact YYYYMMDD, month and year, year only, or an approximate age.
 */

export type DobPrecision = 'full' | 'month' | 'year' | 'approximate';

export interface StandardisedDob {
  /** "YYYYMMDD" when a full date was written (kept even if not a real calendar date, for typo comparison); otherwise "". */
  digits: string;
  year: number;
  /** 1-12, or 0 when unknown. */
  month: number;
  /** 1-31, or 0 when unknown. */
  day: number;
  /** Plausible birth years, inclusive; equal to `year` unless the date is approximate. */
  yearFrom: number;
  yearTo: number;
  precision: DobPrecision;
  /** False when the written day/month do not form a real calendar date. */
  valid: boolean;
}

export interface DobOptions {
  /** Date that approximate ages and two-digit years are read against; defaults to now. */
  referenceDate?: Date;
}

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};

function monthFromName(name: string): number {
  return MONTHS[name.slice(0, name.startsWith('sept') ? 4 : 3)] ?? 0;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function fullDate(year: number, month: number, day: number): StandardisedDob | null {
  if (year < 1800 || year > 2200) return null;
  const valid = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
  return {
    digits: pad(year, 4) + pad(month, 2) + pad(day, 2),
    year,
    month: month >= 1 && month <= 12 ? month : 0,
    day: day >= 1 && day <= 31 ? day : 0,
    yearFrom: year,
    yearTo: year,
    precision: 'full',
    valid,
  };
}

function expandTwoDigitYear(twoDigit: number, referenceYear: number): number {
  const century = Math.floor(referenceYear / 100) * 100;
  const candidate = century + twoDigit;
  return candidate > referenceYear ? candidate - 100 : candidate;
}

/** Birth-year range for someone said to be aged `low`..`high` on the reference date. */
export function dobFromApproximateAge(low: number, high: number, referenceDate: Date = new Date()): StandardisedDob | null {
  if (!Number.isFinite(low) || !Number.isFinite(high) || low < 0 || high > 130 || high < low) return null;
  const referenceYear = referenceDate.getUTCFullYear();
  const yearFrom = referenceYear - Math.floor(high) - 1;
  const yearTo = referenceYear - Math.floor(low);
  return {
    digits: '',
    year: Math.round((yearFrom + yearTo) / 2),
    month: 0,
    day: 0,
    yearFrom,
    yearTo,
    precision: 'approximate',
    valid: true,
  };
}

const AGE_PATTERN =
  /^(?:aged?|approx(?:imately)?\.?|about|around|roughly|circa|ca?\.?|est(?:imated)?\.?|~)?\s*(\d{1,3})\s*(?:(?:-|to|or|\/)\s*(\d{1,3}))?\s*(?:\+|ish)?\s*(?:y(?:ea)?rs?|yo|y\.o\.?|years? old)?(?:\s*old)?\s*(?:approx(?:imately)?)?$/;

/** Parses a written date of birth or approximate age; returns null when nothing usable is written. */
export function parseDateOfBirth(input: string | null | undefined, options: DobOptions = {}): StandardisedDob | null {
  if (input === null || input === undefined) return null;
  const text = String(input).trim().toLowerCase();
  if (text === '') return null;
  const referenceDate = options.referenceDate ?? new Date();
  const referenceYear = referenceDate.getUTCFullYear();

  let match = /^(\d{8})$/.exec(text);
  if (match) {
    const digits = match[1] ?? '';
    const leadingYear = Number(digits.slice(0, 4));
    if (leadingYear >= 1800 && leadingYear <= 2200) {
      return fullDate(leadingYear, Number(digits.slice(4, 6)), Number(digits.slice(6, 8)));
    }
    return fullDate(Number(digits.slice(4, 8)), Number(digits.slice(2, 4)), Number(digits.slice(0, 2)));
  }

  // ISO order, optionally followed by a time.
  match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[t\s].*)?$/.exec(text);
  if (match) return fullDate(Number(match[1]), Number(match[2]), Number(match[3]));

  // UK order: day first.
  match = /^(\d{1,2})[-/.\s](\d{1,2})[-/.\s](\d{2}|\d{4})$/.exec(text);
  if (match) {
    const yearText = match[3] ?? '';
    const year = yearText.length === 2 ? expandTwoDigitYear(Number(yearText), referenceYear) : Number(yearText);
    return fullDate(year, Number(match[2]), Number(match[1]));
  }

  // "3 July 2009", "03-jul-09", "3rd of july, 2009".
  match = /^(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?[-\s/.]*([a-z]{3,9})[-\s/.,]*(\d{2}|\d{4})$/.exec(text);
  if (match && monthFromName(match[2] ?? '')) {
    const yearText = match[3] ?? '';
    const year = yearText.length === 2 ? expandTwoDigitYear(Number(yearText), referenceYear) : Number(yearText);
    return fullDate(year, monthFromName(match[2] ?? ''), Number(match[1]));
  }

  // "July 3, 2009".
  match = /^([a-z]{3,9})[-\s/.]+(\d{1,2})(?:st|nd|rd|th)?[-\s/.,]+(\d{4})$/.exec(text);
  if (match && monthFromName(match[1] ?? '')) {
    return fullDate(Number(match[3]), monthFromName(match[1] ?? ''), Number(match[2]));
  }

  // Month and year only.
  match = /^(?:([a-z]{3,9})|(\d{1,2}))[-\s/.]+(\d{4})$/.exec(text);
  if (match) {
    const month = match[1] ? monthFromName(match[1]) : Number(match[2]);
    const year = Number(match[3]);
    if (month >= 1 && month <= 12 && year >= 1800 && year <= referenceYear + 1) {
      return { digits: '', year, month, day: 0, yearFrom: year, yearTo: year, precision: 'month', valid: true };
    }
  }

  // Year only.
  match = /^(?:born\s+(?:in\s+)?)?(\d{4})$/.exec(text);
  if (match) {
    const year = Number(match[1]);
    if (year >= 1800 && year <= referenceYear + 1) {
      return { digits: '', year, month: 0, day: 0, yearFrom: year, yearTo: year, precision: 'year', valid: true };
    }
    return null;
  }

  match = AGE_PATTERN.exec(text);
  if (match) {
    const low = Number(match[1]);
    const high = match[2] ? Number(match[2]) : low;
    if (low <= 120) return dobFromApproximateAge(Math.min(low, high), Math.max(low, high), referenceDate);
  }
  return null;
}

/** True when the day and month of `a` are the month and day of `b` (and they differ), same year. */
export function isDayMonthSwap(a: StandardisedDob, b: StandardisedDob): boolean {
  return (
    a.precision === 'full' &&
    b.precision === 'full' &&
    a.year === b.year &&
    a.day !== a.month &&
    a.day === b.month &&
    a.month === b.day
  );
}

/** Order-free day/month key used for blocking, so swapped dates share a key. */
export function dobSwapInsensitiveKey(dob: StandardisedDob): string {
  if (dob.precision !== 'full' || dob.digits.length !== 8) return '';
  const month = dob.digits.slice(4, 6);
  const day = dob.digits.slice(6, 8);
  return dob.digits.slice(0, 4) + (month < day ? month + day : day + month);
}

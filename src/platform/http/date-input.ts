/**
 * The GOV.UK date input: three boxes named `<prefix>-day`, `<prefix>-month` and `<prefix>-year`,
 * read as a calendar date (YYYY-MM-DD) with the design system's error messages. Every page that
 * asks for a date reads it here, so the same typing mistake gets the same answer everywhere.
 */
import { isIsoDate } from '../time.ts';

export interface DateInputOptions {
  /** How messages start, in sentence case: "Date of birth" gives "Date of birth must be a real date". */
  label: string;
  /** A date as someone would type it in the boxes ("27 3 2011"), added to "must be a real date" messages. */
  example?: string;
  /** The message when nothing is entered. Without it, an empty input is allowed and gives a null value. */
  required?: string;
  /** The last date allowed (YYYY-MM-DD, usually today in the UK); a later one must be "today or in the past". */
  latest?: string;
  /** Also accept a YYYY-MM-DD date in the field named `prefix` itself, as links and scripts send it. */
  acceptIsoField?: boolean;
}

export interface DateInputResult {
  /** The date as YYYY-MM-DD; null when nothing was entered or the input was refused. */
  value: string | null;
  /** True when all three boxes (and the YYYY-MM-DD field, when accepted) were left empty. */
  empty: boolean;
  error?: string;
}

const text = (input: unknown, name: string): string => {
  const value = (input as Record<string, unknown> | null | undefined)?.[name];
  return typeof value === 'string' ? value.trim() : '';
};

/** Reads a GOV.UK date input from a form body or query string. Spaces around each box are ignored. */
export function readDateInput(input: unknown, prefix: string, options: DateInputOptions): DateInputResult {
  const { label, example, required, latest } = options;
  const notRealDate = { value: null, empty: false, error: `${label} must be a real date${example ? `, like ${example}` : ''}` };
  const direct = options.acceptIsoField ? text(input, prefix) : '';
  let iso: string;
  if (direct) {
    iso = direct;
  } else {
    const day = text(input, `${prefix}-day`);
    const month = text(input, `${prefix}-month`);
    const year = text(input, `${prefix}-year`);
    if (!day && !month && !year) return required ? { value: null, empty: true, error: required } : { value: null, empty: true };
    const missing = [!day && 'day', !month && 'month', !year && 'year'].filter((part): part is string => Boolean(part));
    if (missing.length) return { value: null, empty: false, error: `${label} must include a ${missing.join(' and ')}` };
    // Four-digit years only: "11" could be 1911 or 2011, and a date of birth must not guess.
    if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return notRealDate;
    iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  }
  if (!isIsoDate(iso)) return notRealDate;
  if (latest && iso > latest) return { value: null, empty: false, error: `${label} must be today or in the past` };
  return { value: iso, empty: false };
}

/** The three boxes' values for a stored YYYY-MM-DD date, to fill the form again (no leading zeros). */
export function dateInputValues(prefix: string, iso: string | null | undefined): Record<string, string> {
  if (!iso) return { [`${prefix}-day`]: '', [`${prefix}-month`]: '', [`${prefix}-year`]: '' };
  return { [`${prefix}-day`]: String(Number(iso.slice(8, 10))), [`${prefix}-month`]: String(Number(iso.slice(5, 7))), [`${prefix}-year`]: iso.slice(0, 4) };
}

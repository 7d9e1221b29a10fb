/**
 * Clock times in the partnership's time zone. People type and read times in UK time; the database
 * holds instants. Patterns (time of day, day of week, this month) are counted in UK time too.
 */
import { parseDateInput } from '../young-people/index.ts';

export const ZONE = 'Europe/London';

export interface LocalParts {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
}

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  weekday: 'short',
});
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function londonParts(date: Date): LocalParts {
  const parts = partsFormat.formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    hour: Number(get('hour')) % 24,
    minute: Number(get('minute')),
    weekday: WEEKDAYS.indexOf(get('weekday')),
  };
}

/** The instant at which UK clocks show this date and time. In the spring gap, the hour after. */
export function fromLondon(isoDate: string, hour: number, minute: number): Date {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, hour, minute);
  const offsetAt = (ms: number) => {
    const p = londonParts(new Date(ms));
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - Math.floor(ms / 60_000) * 60_000;
  };
  let guess = wall - offsetAt(wall);
  const second = wall - offsetAt(guess);
  if (second !== guess) guess = second;
  return new Date(guess);
}

/** The start of the UK calendar month containing `date`, `monthsBack` months earlier. */
export function startOfLondonMonth(date: Date, monthsBack = 0): Date {
  const p = londonParts(date);
  const index = p.year * 12 + (p.month - 1) - monthsBack;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return fromLondon(`${year}-${String(month).padStart(2, '0')}-01`, 0, 0);
}

/**
 * A time as people write it: 21:30, 21.30, 9:30pm, 9pm, 0930, midnight, midday.
 * Null when it is not a time of day.
 */
export function parseTimeText(raw: string): { hour: number; minute: number } | null {
  const text = raw.trim().toLowerCase().replace(/\s+/g, '');
  if (text === 'midnight') return { hour: 0, minute: 0 };
  if (text === 'midday' || text === 'noon') return { hour: 12, minute: 0 };
  const m = /^(\d{1,2})(?:[:.]?(\d{2}))?(am|pm)?$/.exec(text);
  if (!m) return null;
  let hour = Number(m[1]);
  const minute = m[2] === undefined ? 0 : Number(m[2]);
  const suffix = m[3];
  if (minute > 59) return null;
  if (suffix) {
    if (hour < 1 || hour > 12) return null;
    if (suffix === 'am' && hour === 12) hour = 0;
    if (suffix === 'pm' && hour !== 12) hour += 12;
  } else {
    // Without am or pm, a bare number needs minutes ("21:30", "0930") unless it is a 24-hour hour like "21".
    if (hour > 23) return null;
    if (m[2] === undefined && hour < 13 && hour !== 0) return null;
  }
  return { hour, minute };
}

/** A time typed as "HH:MM" for a form's time field. */
export function timeText(date: Date): string {
  const p = londonParts(date);
  return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}

/** Form fields `<prefix>-day`, `-month`, `-year` and `-time` for an instant (to fill a form). */
export function dateTimeFields(prefix: string, date: Date | null | undefined): Record<string, string> {
  if (!date) return { [`${prefix}-day`]: '', [`${prefix}-month`]: '', [`${prefix}-year`]: '', [`${prefix}-time`]: '' };
  const p = londonParts(date);
  return { [`${prefix}-day`]: String(p.day), [`${prefix}-month`]: String(p.month), [`${prefix}-year`]: String(p.year), [`${prefix}-time`]: timeText(date) };
}

export interface DateTimeResult {
  value: Date | null;
  /** True when nothing at all was entered. */
  empty: boolean;
  error?: string;
  /** Which part the error is about, so the page can mark the right field. */
  errorPart?: 'date' | 'time';
}

/**
 * A GOV.UK date input (`<prefix>-day`, `-month`, `-year`) with a time field (`<prefix>-time`),
 * read as UK time. `what` completes the messages: "the date they were last seen".
 */
export function parseDateTimeInput(input: Record<string, unknown>, prefix: string, what: { date: string; time: string }): DateTimeResult {
  const timeRaw = typeof input[`${prefix}-time`] === 'string' ? (input[`${prefix}-time`] as string).trim() : '';
  const label = what.date.charAt(0).toUpperCase() + what.date.slice(1);
  const date = parseDateInput(input, prefix, label);
  if (!date.value && !date.error && !timeRaw) return { value: null, empty: true };
  if (date.error) return { value: null, empty: false, error: date.error, errorPart: 'date' };
  if (!date.value) return { value: null, empty: false, error: `Enter ${what.date}`, errorPart: 'date' };
  if (!timeRaw) return { value: null, empty: false, error: `Enter ${what.time}, like 21:30 or 9:30pm`, errorPart: 'time' };
  const time = parseTimeText(timeRaw);
  if (!time) return { value: null, empty: false, error: `Enter ${what.time} as a real time, like 21:30 or 9:30pm`, errorPart: 'time' };
  return { value: fromLondon(date.value, time.hour, time.minute), empty: false };
}

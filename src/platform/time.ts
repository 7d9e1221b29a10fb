/**
 * Calendar dates and clock times in the partnership's time zone. People read and type dates and
 * times in UK time (British Summer Time included); the database holds instants and plain dates
 * (YYYY-MM-DD). Every conversion between the two goes through here.
 */
import { sql, type SQL } from 'drizzle-orm';

export const UK_TIME_ZONE = 'Europe/London';

/**
 * The zone as an SQL literal, for `at time zone` in queries. A literal rather than a bound
 * parameter: the same expression in a select list and its `group by` must be written identically.
 */
export const UK_TIME_ZONE_SQL: SQL = sql.raw(`'${UK_TIME_ZONE}'`);

const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** YYYY-MM-DD naming a day that exists (no 31 February). */
export function isIsoDate(text: string): boolean {
  if (!ISO_DATE.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** The date itself when it is a real YYYY-MM-DD date, otherwise null. */
export function calendarDate(value: string | null | undefined): string | null {
  return value && isIsoDate(value) ? value : null;
}

/** A YYYY-MM-DD date `days` later (earlier when negative). */
export function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from one YYYY-MM-DD date to another; negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

const dateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: UK_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The UK calendar date of an instant, as YYYY-MM-DD. */
export function londonDate(instant: Date): string {
  return dateFormat.format(instant);
}

/** Today in the UK, as YYYY-MM-DD. */
export function londonToday(now = new Date()): string {
  return londonDate(now);
}

export interface LondonParts {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
}

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: UK_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  weekday: 'short',
});
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** What UK clocks and calendars show at an instant. */
export function londonParts(instant: Date | number): LondonParts {
  const parts = partsFormat.formatToParts(typeof instant === 'number' ? new Date(instant) : instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    hour: Number(get('hour')) % 24,
    minute: Number(get('minute')),
    second: Number(get('second')),
    weekday: WEEKDAYS.indexOf(get('weekday')),
  };
}

/** How far UK clocks are ahead of UTC at an instant, in milliseconds (0 or one hour). */
function londonOffset(ms: number): number {
  const p = londonParts(ms);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant at which UK clocks show this date and time. In the spring gap (a time the clocks
 * never show) it is the hour after.
 */
export function londonInstant(isoDate: string, hour = 0, minute = 0): Date {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, hour, minute);
  return new Date(wall - londonOffset(wall - londonOffset(wall)));
}

/** The first instant of a UK day. */
export function londonDayStart(isoDate: string): Date {
  return londonInstant(isoDate, 0, 0);
}

/** The instant a UK day ends (exclusive): the start of the next day, 23 or 25 hours later on clock-change days. */
export function londonDayEnd(isoDate: string): Date {
  return londonDayStart(addDays(isoDate, 1));
}

/** The first instant of a UK day, in SQL. */
export function londonDayStartSql(isoDate: string | SQL): SQL {
  return sql`((${isoDate}::date)::timestamp at time zone ${UK_TIME_ZONE_SQL})`;
}

/*
 * Lantern's clock. Worklists, reminders and the job scheduler ask it for the time rather than
 * `new Date()`, so a test can move time forward (a deadline passes) without waiting.
 */
let clockShift = 0;
let fixedNow: number | null = null;

/** The time now, as Lantern's clock reads it. */
export function now(): Date {
  return new Date(fixedNow ?? Date.now() + clockShift);
}

/** For tests: moves Lantern's clock forward (or back) by `ms`, keeping it ticking. */
export function moveClock(ms: number): void {
  if (fixedNow !== null) fixedNow += ms;
  else clockShift += ms;
}

/** For tests: stops Lantern's clock at an instant (null lets it tick again from real time). */
export function setClock(instant: Date | null): void {
  fixedNow = instant ? instant.getTime() : null;
  clockShift = 0;
}

/**
 * Working time for the triage target: Monday to Friday, 9:00 to 17:00 UK time (Europe/London,
 * so British Summer Time is followed), except bank holidays in England and Wales (with their
 * substitute days, from the date-holidays library). A concern sent on Friday evening before a
 * bank holiday Monday has waited no working time until Tuesday morning.
 */
import Holidays from 'date-holidays';
import { londonInstant as londonClockInstant, londonParts } from '../../platform/time.ts';

export const WORKDAY_START_HOUR = 9;
export const WORKDAY_END_HOUR = 17;
export const WORKING_HOURS_PER_DAY = WORKDAY_END_HOUR - WORKDAY_START_HOUR;

const HOUR_MS = 3_600_000;
interface CalendarDay {
  y: number;
  m: number;
  d: number;
}

/** The instant at which UK clocks show `hour`:00 on the given day. */
function londonInstant(day: CalendarDay, hour: number): number {
  return londonClockInstant(dayKey(day), hour).getTime();
}

function londonDay(instant: number): CalendarDay {
  const p = londonParts(instant);
  return { y: p.year, m: p.month, d: p.day };
}

function addDays(day: CalendarDay, days: number): CalendarDay {
  const date = new Date(Date.UTC(day.y, day.m - 1, day.d + days));
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
}

const englandAndWales = new Holidays('GB', 'ENG');
const bankHolidaysByYear = new Map<number, Set<string>>();

function dayKey(day: CalendarDay): string {
  return `${day.y}-${String(day.m).padStart(2, '0')}-${String(day.d).padStart(2, '0')}`;
}

export function isBankHoliday(day: CalendarDay): boolean {
  let year = bankHolidaysByYear.get(day.y);
  if (!year) {
    year = new Set(englandAndWales.getHolidays(day.y).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)));
    bankHolidaysByYear.set(day.y, year);
  }
  return year.has(dayKey(day));
}

function isWorkingDay(day: CalendarDay): boolean {
  const weekday = new Date(Date.UTC(day.y, day.m - 1, day.d)).getUTCDay();
  return weekday >= 1 && weekday <= 5 && !isBankHoliday(day);
}

function weekHasBankHoliday(day: CalendarDay): boolean {
  for (let i = 0; i < 7; i++) if (isBankHoliday(addDays(day, i))) return true;
  return false;
}

function workWindow(day: CalendarDay): [number, number] {
  return [londonInstant(day, WORKDAY_START_HOUR), londonInstant(day, WORKDAY_END_HOUR)];
}

/** Working hours (fractional) between two instants; 0 when `to` is not after `from`. */
export function workingHoursBetween(from: Date, to: Date): number {
  const start = from.getTime();
  const end = to.getTime();
  if (!(end > start)) return 0;
  let total = 0;
  let day = londonDay(start);
  for (;;) {
    const [open, close] = workWindow(day);
    if (open >= end) break;
    // A whole week inside the interval without a bank holiday holds five full working days: skip it in one step.
    if (open >= start && londonInstant(addDays(day, 7), WORKDAY_START_HOUR) <= end && !weekHasBankHoliday(day)) {
      total += 5 * WORKING_HOURS_PER_DAY * HOUR_MS;
      day = addDays(day, 7);
      continue;
    }
    if (isWorkingDay(day)) {
      const s = Math.max(start, open);
      const e = Math.min(end, close);
      if (e > s) total += e - s;
    }
    day = addDays(day, 1);
  }
  return total / HOUR_MS;
}

/** The instant `hours` working hours after `from`: when a target is due. */
export function addWorkingHours(from: Date, hours: number): Date {
  let remaining = Math.max(0, hours) * HOUR_MS;
  const start = from.getTime();
  let day = londonDay(start);
  for (;;) {
    if (isWorkingDay(day)) {
      const [open, close] = workWindow(day);
      const s = Math.max(start, open);
      const available = close - s;
      if (available > 0) {
        if (remaining <= available) return new Date(s + remaining);
        remaining -= available;
      }
    }
    day = addDays(day, 1);
  }
}

/** The instant `hours` working hours before `to`: anything that started earlier has waited longer. */
export function subtractWorkingHours(to: Date, hours: number): Date {
  let remaining = Math.max(0, hours) * HOUR_MS;
  const end = to.getTime();
  let day = londonDay(end);
  for (;;) {
    if (isWorkingDay(day)) {
      const [open, close] = workWindow(day);
      const e = Math.min(end, close);
      const available = e - open;
      if (available > 0) {
        if (remaining <= available) return new Date(e - remaining);
        remaining -= available;
      }
    }
    day = addDays(day, -1);
  }
}

/** "45 minutes", "1 hour", "3 hours 20 minutes": working time as people say it. */
export function formatWorkingTime(hours: number): string {
  const totalMinutes = Math.max(0, Math.round(hours * 60));
  const h = Math.floor(totalMinutes / 60);
  const m = totalMinutes % 60;
  const hourText = h === 1 ? '1 hour' : `${h} hours`;
  const minuteText = m === 1 ? '1 minute' : `${m} minutes`;
  if (h === 0) return minuteText;
  return m === 0 ? hourText : `${hourText} ${minuteText}`;
}

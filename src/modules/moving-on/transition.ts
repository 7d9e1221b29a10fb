/** Ages and birthdays for the transition at 18, read from the date of birth as UK calendar days. */
import { isIsoDate } from '../../platform/time.ts';

/** The 18th birthday: for someone born on 29 February, 1 March in a year without one. */
export function eighteenthBirthday(dateOfBirth: string): string {
  const [y, m, d] = dateOfBirth.split('-');
  const day = `${Number(y) + 18}-${m}-${d}`;
  return isIsoDate(day) ? day : `${Number(y) + 18}-03-01`;
}

/** Whole years of age on a day (both YYYY-MM-DD). */
export function ageOnDay(dateOfBirth: string, day: string): number {
  const [y, m, d] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = day.split('-').map(Number) as [number, number, number];
  return ty - y - (tm < m || (tm === m && td < d) ? 1 : 0);
}

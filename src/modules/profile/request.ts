/** Reading the profile's period or snapshot day from a query string: GOV.UK date inputs (from-day…) or ISO dates (from=2026-01-31). */
import type { SignedInUser } from '../../platform/auth/users.ts';
import { isIsoDate, ukToday, validatePeriod, type Scope } from './window.ts';

type Query = Record<string, string | string[] | undefined>;

const one = (query: Query, name: string) => {
  const v = query[name];
  return typeof v === 'string' ? v.trim() : '';
};

/** The date a GOV.UK date input sent, as YYYY-MM-DD; '' when it was left empty; null when it is not a real date. */
export function dateFromParts(query: Query, name: string): string | null {
  const iso = one(query, name);
  if (iso) return isIsoDate(iso) ? iso : null;
  const day = one(query, `${name}-day`);
  const month = one(query, `${name}-month`);
  const year = one(query, `${name}-year`);
  if (!day && !month && !year) return '';
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return null;
  const text = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  return isIsoDate(text) ? text : null;
}

export function dateParts(iso: string): { day: string; month: string; year: string } {
  return { day: String(Number(iso.slice(8, 10))), month: String(Number(iso.slice(5, 7))), year: iso.slice(0, 4) };
}

export function periodFromQuery(query: Query, now = new Date()) {
  const from = dateFromParts(query, 'from');
  const to = dateFromParts(query, 'to');
  const errors: Record<string, string> = {};
  if (from === null) errors.from = 'The start of the period must be a real date, like 1 4 2026';
  if (to === null) errors.to = 'The end of the period must be a real date, like 31 3 2027';
  const checked = validatePeriod({ from: from ?? '', to: to ?? '' }, now);
  const merged = { ...checked.errors, ...errors };
  if (from !== null && to !== null && checked.period.to > ukToday(now) && !merged.to) merged.to = 'The end of the period must be today or in the past';
  return { period: checked.period, errors: merged };
}

export function snapshotDateFromQuery(query: Query, now = new Date()): { date: string; errors: Record<string, string> } {
  const date = dateFromParts(query, 'date');
  if (date === null) return { date: ukToday(now), errors: { date: 'The date must be a real date, like 31 3 2026' } };
  const value = date || ukToday(now);
  if (value > ukToday(now)) return { date: ukToday(now), errors: { date: 'The date must be today or in the past' } };
  return { date: value, errors: {} };
}

/** Whose figures the user sees: an agency lead their agency's part; everyone else allowed here the whole area. */
export function scopeFor(user: SignedInUser): Scope {
  return { areaIds: [user.areaId], agencyId: user.role === 'agency_lead' ? user.agencyId : null };
}

export { PROFILE_ROLES, RETURN_ROLES } from '../../platform/auth/roles.ts';

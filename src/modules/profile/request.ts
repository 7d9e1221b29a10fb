/** Reading the profile's period or snapshot day from a query string: GOV.UK date inputs (from-day…) or ISO dates (from=2026-01-31). */
import type { SignedInUser } from '../../platform/auth/users.ts';
import { readDateInput } from '../../platform/http/date-input.ts';
import { londonToday } from '../../platform/time.ts';
import { validatePeriod, type Known, type Scope } from './window.ts';

type Query = Record<string, string | string[] | undefined>;


export function dateParts(iso: string): { day: string; month: string; year: string } {
  return { day: String(Number(iso.slice(8, 10))), month: String(Number(iso.slice(5, 7))), year: iso.slice(0, 4) };
}

export function periodFromQuery(query: Query, now = new Date()) {
  const from = readDateInput(query, 'from', { label: 'The start of the period', example: '1 4 2026', acceptIsoField: true });
  const to = readDateInput(query, 'to', { label: 'The end of the period', example: '31 3 2027', acceptIsoField: true });
  const errors: Record<string, string> = {};
  if (from.error) errors.from = from.error;
  if (to.error) errors.to = to.error;
  const checked = validatePeriod({ from: from.value ?? '', to: to.value ?? '' }, now);
  const merged = { ...checked.errors, ...errors };
  if (!from.error && !to.error && checked.period.to > londonToday(now) && !merged.to) merged.to = 'The end of the period must be today or in the past';
  return { period: checked.period, errors: merged };
}

export function snapshotDateFromQuery(query: Query, now = new Date()): { date: string; errors: Record<string, string> } {
  const today = londonToday(now);
  const date = readDateInput(query, 'date', { label: 'The date', example: '31 3 2026', latest: today, acceptIsoField: true });
  if (date.error) return { date: today, errors: { date: date.error } };
  return { date: date.value ?? today, errors: {} };
}

/** Whose figures the user sees: an agency lead their agency's part; everyone else allowed here the whole area. */
export function scopeFor(user: SignedInUser): Scope {
  return { areaIds: [user.areaId], agencyId: user.role === 'agency_lead' ? user.agencyId : null };
}

/** Which history to count from: as known now unless `known=then` asks for what was known on the day. */
export function knownFromQuery(query: Query): Known {
  return query.known === 'then' ? 'then' : 'now';
}

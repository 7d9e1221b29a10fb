/**
 * Data helpers for the missing module's tests (not a test file itself): demo users for service
 * calls and date-and-time form fields. Starting Lantern and signing in are src/test-support's.
 */
import type { Database } from '../../platform/db/database.ts';
import { findUserByEmail, loadSignedInUser, type SignedInUser } from '../../platform/auth/users.ts';
import { londonInstant, londonParts } from '../../platform/time.ts';

export async function demoUser(database: Database, email: string): Promise<SignedInUser> {
  const row = await findUserByEmail(database.db, email);
  return (await loadSignedInUser(database.db, row!.id))!;
}

/** The date-and-time form fields for an instant, in UK time. */
export function dateTimeForm(prefix: string, date: Date): Record<string, string> {
  const p = londonParts(date);
  return { [`${prefix}-day`]: String(p.day), [`${prefix}-month`]: String(p.month), [`${prefix}-year`]: String(p.year), [`${prefix}-time`]: `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}` };
}

/** UK local time `daysAgo` days before now, at hour:minute. */
export function londonAt(daysAgo: number, hour: number, minute = 0, now = new Date()): Date {
  const d = londonParts(new Date(now.getTime() - daysAgo * 86_400_000));
  return londonInstant(`${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`, hour, minute);
}

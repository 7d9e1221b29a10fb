/**
 * Importing training attendance from a CSV file, as the other imports do (docs/import-training.md):
 * a dry run unless confirmed, every row checked, and nothing written while any row is refused.
 * Rows with the same course and day make one session; each row is a person with an account
 * (`email`) or a number of people of an agency and role without accounts (`count`).
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { auditedCommand, type RequestContext } from '../../platform/audit/audit.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { ROLES, ROLE_LABELS, type Role } from '../../platform/auth/roles.ts';
import { CsvInputError, readCsv } from '../../platform/csv.ts';
import { isIsoDate, londonToday } from '../../platform/time.ts';
import { normaliseEmail } from '../../platform/auth/users.ts';
import { users } from '../organisation/tables.ts';
import { areaAgencies, areaCourses, insertSessionInTransaction } from './service.ts';

export const IMPORT_COLUMNS: Array<{ name: string; description: string }> = [
  { name: 'course', description: 'the course’s title exactly as in the register' },
  { name: 'held_on', description: 'the day of the session, as 31/12/2026 or 2026-12-31 (today or earlier)' },
  { name: 'places', description: 'how many the session was for; the same on every row of one session' },
  { name: 'agency', description: 'the name of the agency of the people on the row, as Lantern has it' },
  { name: 'role', description: `one of ${ROLES.join(', ')} (or its label); blank on a row with an email` },
  { name: 'email', description: 'the account of a person who attended; leave blank to give a count instead' },
  { name: 'count', description: 'how many people of the agency and role attended, on a row without an email' },
];

export interface ImportRowProblem {
  row: number;
  field: string;
  problem: string;
}

export interface ImportReport {
  confirmed: boolean;
  written: boolean;
  rows: number;
  sessions: number;
  people: number;
  problems: ImportRowProblem[];
}

function dayFrom(text: string): string | null {
  const uk = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  const iso = uk ? `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}` : text;
  return isIsoDate(iso) ? iso : null;
}

interface Group {
  courseId: string;
  heldOn: string;
  places: number;
  agencyId: string;
  rows: number[];
  lines: Array<{ agencyId: string; role: Role; userId: string | null; count: number }>;
}

/** Reads, checks and (when confirmed and every row is good) writes the file in one transaction with its audit row. */
export async function importAttendance(db: Db, ctx: RequestContext, user: SignedInUser, csv: string, confirm: boolean, today = londonToday()): Promise<ImportReport> {
  const problems: ImportRowProblem[] = [];
  let read;
  try {
    read = readCsv(new TextEncoder().encode(csv), { requiredColumns: ['course', 'held_on', 'places', 'agency'] });
  } catch (error) {
    if (error instanceof CsvInputError) return { confirmed: confirm, written: false, rows: 0, sessions: 0, people: 0, problems: [{ row: 0, field: 'file', problem: error.message }] };
    throw error;
  }
  for (const issue of read.issues) problems.push({ row: issue.row, field: 'file', problem: issue.problem });
  const courses = await areaCourses(db, user.areaId);
  const agencies = await areaAgencies(db, user.areaId);
  const accounts = await db.select({ id: users.id, email: users.email, agencyId: users.agencyId, role: users.role }).from(users).where(and(eq(users.areaId, user.areaId), eq(users.active, true)));
  const groups = new Map<string, Group>();
  for (const { row, cells } of read.rows) {
    const cell = (name: string) => (cells[name] ?? '').trim();
    const bad = (field: string, problem: string) => problems.push({ row, field, problem });
    const before = problems.length;
    const course = courses.find((c) => c.title.toLowerCase() === cell('course').toLowerCase());
    if (!course) bad('course', `“${cell('course').slice(0, 60)}” is not a course in the register`);
    const heldOn = dayFrom(cell('held_on'));
    if (!heldOn) bad('held_on', `“${cell('held_on').slice(0, 20)}” is not a real date`);
    else if (heldOn > today) bad('held_on', 'the session is dated in the future');
    const places = Number(cell('places'));
    if (!Number.isInteger(places) || places < 1) bad('places', 'must be a whole number, 1 or more');
    const agency = agencies.find((a) => a.name.toLowerCase() === cell('agency').toLowerCase());
    if (!agency) bad('agency', `“${cell('agency').slice(0, 60)}” is not an agency of this area`);
    else if (user.role === 'agency_lead' && agency.id !== user.agencyId) bad('agency', 'you can import your own agency’s attendance only');
    let line: Group['lines'][number] | null = null;
    if (cell('email')) {
      const account = accounts.find((a) => a.email === normaliseEmail(cell('email')));
      if (!account) bad('email', 'no account in this area has this email');
      else if (agency && account.agencyId !== agency.id) bad('email', 'this account belongs to another agency');
      else line = { agencyId: account.agencyId, role: account.role, userId: account.id, count: 1 };
    } else {
      const roleText = cell('role').toLowerCase();
      const role = ROLES.find((r) => r === roleText || ROLE_LABELS[r].toLowerCase() === roleText);
      if (!role) bad('role', `“${cell('role').slice(0, 40)}” is not a role; use one of ${ROLES.join(', ')}`);
      const count = Number(cell('count'));
      if (!Number.isInteger(count) || count < 1) bad('count', 'give an email, or a whole number of people, 1 or more');
      if (role && agency && Number.isInteger(count) && count >= 1) line = { agencyId: agency.id, role, userId: null, count };
    }
    if (problems.length > before || !course || !heldOn || !agency || !line) continue;
    const key = `${course.id}|${heldOn}`;
    const group = groups.get(key) ?? { courseId: course.id, heldOn, places, agencyId: agency.id, rows: [], lines: [] };
    if (group.places !== places) bad('places', `differs from row ${group.rows[0]} of the same session (${group.places})`);
    else if (line.userId && group.lines.some((l) => l.userId === line.userId)) bad('email', 'this person is already on another row of the same session');
    else {
      group.rows.push(row);
      group.lines.push(line);
      groups.set(key, group);
    }
  }
  for (const group of groups.values()) {
    const total = group.lines.reduce((n, l) => n + l.count, 0);
    if (total > group.places) problems.push({ row: group.rows[group.rows.length - 1]!, field: 'count', problem: `attendance (${total}) is larger than the places of the session (${group.places})` });
  }
  if (!read.rows.length) problems.push({ row: 0, field: 'file', problem: 'the file has no rows under its header' });
  problems.sort((a, b) => a.row - b.row);
  const people = [...groups.values()].reduce((n, g) => n + g.lines.reduce((m, l) => m + l.count, 0), 0);
  const report = { confirmed: confirm, written: false, rows: read.rows.length, sessions: groups.size, people, problems };
  if (!confirm || problems.length) return report;
  await auditedCommand(
    db,
    ctx,
    (ids: string[]) => ({ action: 'create', recordKind: 'training_session', details: { imported: true, sessions: ids, rows: read.rows.length, people } }),
    async (tx) => {
      const ids: string[] = [];
      for (const group of groups.values()) {
        const course = courses.find((c) => c.id === group.courseId)!;
        ids.push((await insertSessionInTransaction(tx, user, course, group, group.lines)).id);
      }
      return ids;
    },
  );
  return { ...report, written: true };
}

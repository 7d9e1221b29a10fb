/**
 * The training register: courses, sessions and who attended them; coverage by agency and role
 * against the area's target, the gaps, duplicated content, a person's own record and how many of a
 * young person's team are in date. Counts only wherever the reader is not the person trained.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { rows } from '../../platform/db/database.ts';
import { auditedCommand, type RequestContext } from '../../platform/audit/audit.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { ROLES, ROLE_LABELS, isRole, type Role } from '../../platform/auth/roles.ts';
import { fail, succeed, type Outcome } from '../../platform/outcome.ts';
import type { FieldErrors } from '../../platform/http/forms.ts';
import { isOneOf } from '../../platform/http/forms.ts';
import { addDays, isIsoDate, londonToday } from '../../platform/time.ts';
import { isUuid } from '../../platform/ids.ts';
import { areaSettings } from '../../platform/auth/area-settings.ts';
import { agencies, users } from '../organisation/tables.ts';
import { teamMembers } from '../young-people/tables.ts';
import { trainingAttendance, trainingCourses, trainingSessions } from './tables.ts';
import { REFRESHER_DAYS_BEFORE_EXPIRY, TRAINING_AUDIENCES, TRAINING_LEVELS, TRAINING_TOPICS, sessionReference } from './vocab.ts';
import { coverageTargetFrom } from './settings.ts';

export interface CourseInput {
  title: string;
  topic: string;
  level: string;
  provider: string;
  lengthMinutes: number;
  audience: string;
  validMonths: number;
}

/** One line of attendance: a person with an account, or a count of people of an agency and role. */
export type AttendanceInput = { userId: string } | { agencyId: string; role: string; count: number };

export interface SessionInput {
  courseId: string;
  heldOn: string;
  places: number;
  agencyId: string;
  attendance: AttendanceInput[];
}

const MAX_TEXT = 300;

export async function areaAgencies(db: Db, areaId: string) {
  return db.select({ id: agencies.id, name: agencies.name, kind: agencies.kind }).from(agencies).where(and(eq(agencies.areaId, areaId), eq(agencies.active, true))).orderBy(asc(agencies.name));
}

export async function areaCourses(db: Db, areaId: string) {
  return db.select().from(trainingCourses).where(eq(trainingCourses.areaId, areaId)).orderBy(asc(trainingCourses.title), asc(trainingCourses.provider));
}

/** The people with accounts who may be marked as attending (an agency lead: their agency's). */
export async function attendeeChoices(db: Db, user: SignedInUser) {
  const own = user.role === 'agency_lead' ? eq(users.agencyId, user.agencyId) : undefined;
  return db
    .select({ id: users.id, name: users.name, role: users.role, agencyName: agencies.name })
    .from(users)
    .innerJoin(agencies, eq(agencies.id, users.agencyId))
    .where(and(eq(users.areaId, user.areaId), eq(users.active, true), own))
    .orderBy(asc(agencies.name), asc(users.name));
}

export function checkCourse(input: Partial<Record<keyof CourseInput, unknown>>): { value: CourseInput; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const text = (key: 'title' | 'provider', label: string) => {
    const value = typeof input[key] === 'string' ? (input[key] as string).trim() : '';
    if (!value) errors[key] = `Enter the ${label}`;
    else if (value.length > MAX_TEXT) errors[key] = `The ${label} must be ${MAX_TEXT} characters or fewer`;
    return value;
  };
  const title = text('title', 'course’s title');
  const topic = String(input.topic ?? '');
  if (!isOneOf(TRAINING_TOPICS, topic)) errors.topic = 'Choose what the course covers';
  const level = String(input.level ?? '');
  if (!isOneOf(TRAINING_LEVELS, level)) errors.level = 'Choose the course’s level';
  const provider = text('provider', 'provider');
  const audience = String(input.audience ?? '');
  if (!isOneOf(TRAINING_AUDIENCES, audience)) errors.audience = 'Choose who the course is for';
  const whole = (key: 'lengthMinutes' | 'validMonths', label: string, max: number) => {
    const n = Number(input[key]);
    if (!Number.isInteger(n) || n < 1 || n > max) errors[key] = `${label} must be a whole number from 1 to ${max}`;
    return n;
  };
  const lengthMinutes = whole('lengthMinutes', 'The length in minutes', 60 * 24 * 10);
  const validMonths = whole('validMonths', 'The months before a refresher', 120);
  return { value: { title, topic, level, provider, lengthMinutes, audience, validMonths }, errors };
}

export async function createCourse(db: Db, ctx: RequestContext, user: SignedInUser, input: Partial<Record<keyof CourseInput, unknown>>): Promise<Outcome<{ id: string }, 'invalid'>> {
  const { value, errors } = checkCourse(input);
  if (Object.keys(errors).length) return fail('invalid', errors);
  const id = await auditedCommand(
    db,
    ctx,
    (created: string) => ({ action: 'create', recordKind: 'training_course', recordId: created, details: { topic: value.topic, level: value.level } }),
    async (tx) => {
      const [row] = await tx.insert(trainingCourses).values({ ...value, areaId: user.areaId, createdByUserId: user.userId }).returning({ id: trainingCourses.id });
      return row!.id;
    },
  );
  return succeed({ id });
}

/** Adds months to a calendar date, keeping to the month's last day (31 January + 1 month is 28 or 29 February). */
export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

interface CheckedLine {
  agencyId: string;
  role: Role;
  userId: string | null;
  count: number;
}

/**
 * Checks a session and its attendance against the area's records: a real course, a date not in the
 * future, attendance no larger than the places, known agencies, roles and people. An agency lead
 * records only their own agency's sessions and people.
 */
export async function checkSession(db: Db, user: SignedInUser, input: SessionInput, today = londonToday()): Promise<{ lines: CheckedLine[]; course: typeof trainingCourses.$inferSelect | null; errors: FieldErrors; forbidden: boolean }> {
  const errors: FieldErrors = {};
  let forbidden = false;
  const course = isUuid(input.courseId) ? ((await db.select().from(trainingCourses).where(and(eq(trainingCourses.id, input.courseId), eq(trainingCourses.areaId, user.areaId))))[0] ?? null) : null;
  if (!course) errors.courseId = 'Choose a course from the register';
  if (!isIsoDate(input.heldOn)) errors.heldOn = 'The date of the session must be a real date';
  else if (input.heldOn > today) errors.heldOn = 'The date of the session must be today or in the past';
  if (!Number.isInteger(input.places) || input.places < 1 || input.places > 10_000) errors.places = 'The number of places must be a whole number from 1 to 10000';
  const known = new Map((await areaAgencies(db, user.areaId)).map((a) => [a.id, a]));
  if (!known.has(input.agencyId)) errors.agencyId = 'Choose the agency whose session it is';
  else if (user.role === 'agency_lead' && input.agencyId !== user.agencyId) {
    errors.agencyId = 'You can record sessions for your own agency only';
    forbidden = true;
  }
  const lines: CheckedLine[] = [];
  const userIds = input.attendance.flatMap((a) => ('userId' in a ? [a.userId] : []));
  const people = userIds.filter(isUuid).length
    ? await db.select({ id: users.id, agencyId: users.agencyId, role: users.role }).from(users).where(and(inArray(users.id, userIds.filter(isUuid)), eq(users.areaId, user.areaId)))
    : [];
  const byId = new Map(people.map((p) => [p.id, p]));
  for (const [i, line] of input.attendance.entries()) {
    if ('userId' in line) {
      const person = byId.get(line.userId);
      if (!person) errors.attendees = 'Choose people from the list of accounts';
      else if (user.role === 'agency_lead' && person.agencyId !== user.agencyId) {
        errors.attendees = 'You can record the attendance of your own agency’s people only';
        forbidden = true;
      } else if (lines.some((l) => l.userId === person.id)) errors.attendees = 'A person is listed twice';
      else lines.push({ agencyId: person.agencyId, role: person.role, userId: person.id, count: 1 });
    } else {
      const field = `count-${i + 1}`;
      if (!known.has(line.agencyId)) errors[`${field}-agency`] = 'The agency of the people counted is not an agency of this area';
      else if (user.role === 'agency_lead' && line.agencyId !== user.agencyId) {
        errors[`${field}-agency`] = 'You can record the attendance of your own agency’s people only';
        forbidden = true;
      }
      if (!isRole(line.role)) errors[`${field}-role`] = 'Choose the role of the people counted';
      if (!Number.isInteger(line.count) || line.count < 1) errors[field] = 'The number attending must be a whole number, 1 or more';
      if (known.has(line.agencyId) && isRole(line.role) && Number.isInteger(line.count) && line.count >= 1) lines.push({ agencyId: line.agencyId, role: line.role, userId: null, count: line.count });
    }
  }
  if (!input.attendance.length) errors.attendees = 'Record who attended: people with accounts, or a number of people by agency and role';
  const total = lines.reduce((n, l) => n + l.count, 0);
  if (Number.isInteger(input.places) && total > input.places) errors.attendance = `Attendance (${total}) is larger than the places of the session (${input.places})`;
  return { lines, course, errors, forbidden };
}

/** Records a session with its attendance in one transaction; refused whole if anything is wrong. */
export async function recordSession(db: Db, ctx: RequestContext, user: SignedInUser, input: SessionInput, today = londonToday()): Promise<Outcome<{ id: string; number: number }, 'invalid' | 'forbidden'>> {
  const checked = await checkSession(db, user, input, today);
  if (Object.keys(checked.errors).length) return fail(checked.forbidden ? 'forbidden' : 'invalid', checked.errors);
  const course = checked.course!;
  const saved = await auditedCommand(
    db,
    ctx,
    (s: { id: string; number: number }) => ({ action: 'create', recordKind: 'training_session', recordId: s.id, details: { courseId: course.id, lines: checked.lines.length, attended: checked.lines.reduce((n, l) => n + l.count, 0) } }),
    (tx) => insertSession(tx, user, course, input, checked.lines),
  );
  return succeed(saved);
}

async function insertSession(tx: Db, user: SignedInUser, course: typeof trainingCourses.$inferSelect, input: Pick<SessionInput, 'heldOn' | 'places' | 'agencyId'>, lines: CheckedLine[]) {
  const [session] = await tx
    .insert(trainingSessions)
    .values({ areaId: user.areaId, courseId: course.id, heldOn: input.heldOn, places: input.places, agencyId: input.agencyId, recordedByUserId: user.userId })
    .returning({ id: trainingSessions.id, number: trainingSessions.number });
  const expiresOn = addMonths(input.heldOn, course.validMonths);
  if (lines.length) {
    await tx.insert(trainingAttendance).values(
      lines.map((l) => ({ areaId: user.areaId, sessionId: session!.id, agencyId: l.agencyId, role: l.role, userId: l.userId, count: l.count, expiresOn, refresherDueOn: addDays(expiresOn, -REFRESHER_DAYS_BEFORE_EXPIRY) })),
    );
  }
  return { id: session!.id, number: session!.number };
}

export { insertSession as insertSessionInTransaction };

export async function recentSessions(db: Db, areaId: string, limit = 50) {
  const found = await rows<{ id: string; number: number; held_on: string; places: number; title: string; provider: string; agency_name: string; attended: number }>(
    db,
    sql`select s.id, s.number, s.held_on::text as held_on, s.places, c.title, c.provider, a.name as agency_name, coalesce(sum(ta.count), 0)::int as attended
          from training_sessions s join training_courses c on c.id = s.course_id join agencies a on a.id = s.agency_id
          left join training_attendance ta on ta.session_id = s.id
         where s.area_id = ${areaId}
         group by s.id, c.title, c.provider, a.name
         order by s.held_on desc, s.number desc limit ${limit}`,
  );
  return found.map((s) => ({ id: s.id, reference: sessionReference(Number(s.number)), heldOn: s.held_on, places: s.places, title: s.title, provider: s.provider, agencyName: s.agency_name, attended: s.attended }));
}

export interface CoverageLine {
  agencyId: string;
  agencyName: string;
  agencyKind: string;
  role: Role;
  roleLabel: string;
  /** People with accounts of this agency and role. */
  people: number;
  /** Of them, in date (trained and not expired) today. */
  trained: number;
  /** People without accounts counted as trained and in date. */
  countedWithoutAccounts: number;
  /** trained / people, or null with no accounts. */
  share: number | null;
  belowTarget: boolean;
}

export interface Coverage {
  target: number;
  today: string;
  lines: CoverageLine[];
  totals: { people: number; trained: number; countedWithoutAccounts: number; share: number | null };
  byAgency: Array<{ agencyId: string; agencyName: string; agencyKind: string; people: number; trained: number; countedWithoutAccounts: number; share: number | null; belowTarget: boolean }>;
  /** Agencies and roles with people and nobody in date; agencies with no training recorded at all. */
  gaps: Array<{ agencyName: string; roleLabel: string | null }>;
}

/**
 * Coverage on a day: for each agency and role holding accounts, how many are in date (trained, not
 * expired), against the area's target; counts of people without accounts added beside. One query.
 */
export async function coverage(db: Db, areaId: string, today = londonToday()): Promise<Coverage> {
  const target = coverageTargetFrom(await areaSettings(db, areaId));
  const found = await rows<{ agency_id: string; agency_name: string; agency_kind: string; role: string; people: number; trained: number; counted: number }>(
    db,
    sql`with people as (
          select u.agency_id, u.role, count(*)::int as people,
                 count(*) filter (where exists (select 1 from training_attendance ta where ta.user_id = u.id and ta.expires_on >= ${today}::date))::int as trained
            from users u where u.area_id = ${areaId} and u.active group by 1, 2),
        counted as (
          select agency_id, role, sum(count)::int as counted from training_attendance
           where area_id = ${areaId} and user_id is null and expires_on >= ${today}::date group by 1, 2)
        select a.id as agency_id, a.name as agency_name, a.kind as agency_kind, coalesce(p.role, c.role) as role,
               coalesce(p.people, 0)::int as people, coalesce(p.trained, 0)::int as trained, coalesce(c.counted, 0)::int as counted
          from people p full join counted c on c.agency_id = p.agency_id and c.role = p.role
          join agencies a on a.id = coalesce(p.agency_id, c.agency_id)
         where a.active
         order by a.name, 4`,
  );
  const share = (trained: number, people: number) => (people ? trained / people : null);
  const lines: CoverageLine[] = found
    .filter((r) => isRole(r.role))
    .map((r) => {
      const s = share(r.trained, r.people);
      return { agencyId: r.agency_id, agencyName: r.agency_name, agencyKind: r.agency_kind, role: r.role as Role, roleLabel: ROLE_LABELS[r.role as Role], people: r.people, trained: r.trained, countedWithoutAccounts: r.counted, share: s, belowTarget: s !== null && s < target };
    })
    .sort((a, b) => a.agencyName.localeCompare(b.agencyName) || ROLES.indexOf(a.role) - ROLES.indexOf(b.role));
  const agencyList = await areaAgencies(db, areaId);
  const byAgency = agencyList.map((a) => {
    const mine = lines.filter((l) => l.agencyId === a.id);
    const people = mine.reduce((n, l) => n + l.people, 0);
    const trained = mine.reduce((n, l) => n + l.trained, 0);
    const s = share(trained, people);
    return { agencyId: a.id, agencyName: a.name, agencyKind: a.kind, people, trained, countedWithoutAccounts: mine.reduce((n, l) => n + l.countedWithoutAccounts, 0), share: s, belowTarget: s !== null && s < target };
  });
  const gaps: Coverage['gaps'] = [];
  for (const a of byAgency) {
    if (a.trained === 0 && a.countedWithoutAccounts === 0) gaps.push({ agencyName: a.agencyName, roleLabel: null });
    else for (const l of lines.filter((x) => x.agencyId === a.agencyId && x.people > 0 && x.trained === 0 && x.countedWithoutAccounts === 0)) gaps.push({ agencyName: l.agencyName, roleLabel: l.roleLabel });
  }
  const people = lines.reduce((n, l) => n + l.people, 0);
  const trained = lines.reduce((n, l) => n + l.trained, 0);
  return { target, today, lines, byAgency, gaps, totals: { people, trained, countedWithoutAccounts: lines.reduce((n, l) => n + l.countedWithoutAccounts, 0), share: share(trained, people) } };
}

export interface Duplication {
  topic: string;
  topicLabel: string;
  audience: string;
  audienceLabel: string;
  providers: string[];
  sessions: number;
}

/** The same content (topic) for the same audience given by more than one provider between from and to. */
export async function duplication(db: Db, areaId: string, from: string, to: string): Promise<Duplication[]> {
  const found = await rows<{ topic: string; audience: string; providers: string[]; sessions: number }>(
    db,
    sql`select c.topic, c.audience, array_agg(distinct c.provider order by c.provider) as providers, count(*)::int as sessions
          from training_sessions s join training_courses c on c.id = s.course_id
         where s.area_id = ${areaId} and s.held_on >= ${from}::date and s.held_on <= ${to}::date
         group by c.topic, c.audience having count(distinct lower(c.provider)) > 1
         order by c.topic, c.audience`,
  );
  return found.map((r) => ({
    topic: r.topic,
    topicLabel: isOneOf(TRAINING_TOPICS, r.topic) ? TRAINING_TOPICS[r.topic] : r.topic,
    audience: r.audience,
    audienceLabel: TRAINING_AUDIENCES[r.audience] ?? r.audience,
    providers: r.providers,
    sessions: r.sessions,
  }));
}

/** A person's own training: what they attended, when it expires and when a refresher is due. */
export async function ownTraining(db: Db, userId: string) {
  return db
    .select({
      heldOn: trainingSessions.heldOn,
      number: trainingSessions.number,
      title: trainingCourses.title,
      level: trainingCourses.level,
      provider: trainingCourses.provider,
      expiresOn: trainingAttendance.expiresOn,
      refresherDueOn: trainingAttendance.refresherDueOn,
    })
    .from(trainingAttendance)
    .innerJoin(trainingSessions, eq(trainingSessions.id, trainingAttendance.sessionId))
    .innerJoin(trainingCourses, eq(trainingCourses.id, trainingSessions.courseId))
    .where(eq(trainingAttendance.userId, userId))
    .orderBy(desc(trainingSessions.heldOn));
}

/**
 * How many of a young person's team (named workers still in it) are in date with training, and
 * how many are not: counts only, no names. Agencies in the team without a named worker are counted apart.
 */
export async function teamTraining(db: Db, youngPersonId: string, today = londonToday()) {
  const [row] = await rows<{ named: number; trained: number; agencies_only: number }>(
    db,
    sql`select count(distinct tm.user_id) filter (where tm.user_id is not null)::int as named,
               count(distinct tm.user_id) filter (where tm.user_id is not null and exists (select 1 from training_attendance ta where ta.user_id = tm.user_id and ta.expires_on >= ${today}::date))::int as trained,
               count(*) filter (where tm.user_id is null)::int as agencies_only
          from ${teamMembers} tm where tm.young_person_id = ${youngPersonId} and tm.removed_at is null`,
  );
  const named = row?.named ?? 0;
  const trained = row?.trained ?? 0;
  return { named, trained, untrained: named - trained, agenciesOnly: row?.agencies_only ?? 0 };
}

/** Attendance in a period by kind of agency (counts only), for the profile and the return. */
export async function attendanceByAgencyKind(db: Db, areaIds: string[], from: string, to: string) {
  if (!areaIds.length) return [];
  return rows<{ kind: string; people: number; sessions: number }>(
    db,
    sql`select a.kind, sum(ta.count)::int as people, count(distinct ta.session_id)::int as sessions
          from training_attendance ta join training_sessions s on s.id = ta.session_id join agencies a on a.id = ta.agency_id
         where ta.area_id in (${sql.join(areaIds.map((id) => sql`${id}::uuid`), sql`, `)}) and s.held_on >= ${from}::date and s.held_on <= ${to}::date
         group by a.kind`,
  );
}

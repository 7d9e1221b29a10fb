import { sql } from 'drizzle-orm';
import { bigserial, check, date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Role } from '../../platform/auth/roles.ts';
import { agencies, areas, users } from '../organisation/tables.ts';

/**
 * A training course the partnership knows of: what it covers (its topic, which is how the same
 * content from several providers is found), its level, who gives it, how long it lasts, who it is
 * for, and how many months a person stays in date after attending.
 */
export const trainingCourses = pgTable(
  'training_courses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    title: text('title').notNull(),
    /** One of TRAINING_TOPICS (vocab.ts). */
    topic: text('topic').notNull(),
    /** One of TRAINING_LEVELS. */
    level: text('level').notNull(),
    provider: text('provider').notNull(),
    lengthMinutes: integer('length_minutes').notNull(),
    /** One of TRAINING_AUDIENCES. */
    audience: text('audience').notNull(),
    /** Months after attending when the training expires and a refresher is needed. */
    validMonths: integer('valid_months').notNull(),
    createdByUserId: uuid('created_by_user_id').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('training_courses_area_idx').on(t.areaId), check('training_courses_length', sql`${t.lengthMinutes} > 0`), check('training_courses_valid', sql`${t.validMonths} > 0`)],
);

/** One delivery of a course on a day, for a number of places (its audience), recorded by an agency. */
export const trainingSessions = pgTable(
  'training_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Shown as TS-<number>. */
    number: bigserial('number', { mode: 'number' }).notNull().unique(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    courseId: uuid('course_id').notNull().references(() => trainingCourses.id),
    heldOn: date('held_on').notNull(),
    /** How many the session was for: attendance may not add up to more. */
    places: integer('places').notNull(),
    /** The agency whose session it is (an agency lead records only their own). */
    agencyId: uuid('agency_id').notNull().references(() => agencies.id),
    recordedByUserId: uuid('recorded_by_user_id').references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('training_sessions_area_idx').on(t.areaId, t.heldOn), index('training_sessions_course_idx').on(t.courseId), check('training_sessions_places', sql`${t.places} > 0`)],
);

/**
 * Who attended a session: a person with an account (`userId`, count 1), or a number of people of
 * one agency and role without accounts (counts only, no names). Expiry and refresher dates are
 * worked out from the course when the attendance is recorded.
 */
export const trainingAttendance = pgTable(
  'training_attendance',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    sessionId: uuid('session_id').notNull().references(() => trainingSessions.id),
    agencyId: uuid('agency_id').notNull().references(() => agencies.id),
    role: text('role').$type<Role>().notNull(),
    userId: uuid('user_id').references(() => users.id),
    count: integer('count').notNull().default(1),
    expiresOn: date('expires_on').notNull(),
    refresherDueOn: date('refresher_due_on').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('training_attendance_session_idx').on(t.sessionId),
    index('training_attendance_user_idx').on(t.userId, t.expiresOn),
    index('training_attendance_area_idx').on(t.areaId, t.agencyId, t.role),
    check('training_attendance_count', sql`${t.count} > 0 and (${t.userId} is null or ${t.count} = 1)`),
  ],
);

import { sql } from 'drizzle-orm';
import { boolean, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid, index } from 'drizzle-orm/pg-core';
import type { Role } from '../../platform/auth/roles.ts';
import type { AgencyKind } from './roles.ts';

export interface AreaSettings {
  /** Working hours a new concern may wait for triage before it is shown as late. */
  triageTargetWorkingHours?: number;
  /** Concerns from this many agencies within the window flag a young person. */
  weakSignalAgencies?: number;
  weakSignalWindowDays?: number;
  breakGlassHours?: number;
  /** Emergency accesses one person may open in 24 hours; reaching it alerts the coordinator. */
  breakGlassPerDay?: number;
  /** Match probability at which two records are shown to the coordinator as possibly one young person (default 0.5). */
  linkageReviewThreshold?: number;
  /** Match probability at which a match is offered proactively, and an import will not create the record (default 0.99). */
  linkageAutoSuggestThreshold?: number;
  /** Missing episodes (src/modules/missing/settings.ts has the defaults): hours after return to offer a return interview. */
  returnInterviewHours?: number;
  /** Hours after a looked-after young person is reported missing by which a strategy meeting is due. */
  strategyMeetingHours?: number;
  /** Episodes in 90 days that flag a young person as going missing repeatedly. */
  missingRepeatCount90Days?: number;
  /** A young person is flagged when their episodes in all pass this number. */
  missingManyCount?: number;
}

export const areas = pgTable('areas', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  code: text('code').notNull().unique(),
  settings: jsonb('settings').$type<AreaSettings>().notNull().default({}),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const agencies = pgTable(
  'agencies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    name: text('name').notNull(),
    kind: text('kind').$type<AgencyKind>().notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('agencies_area_name_key').on(t.areaId, t.name)],
);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    agencyId: uuid('agency_id').notNull().references(() => agencies.id),
    email: text('email').notNull(),
    name: text('name').notNull(),
    jobTitle: text('job_title'),
    role: text('role').$type<Role>().notNull(),
    passwordHash: text('password_hash'),
    active: boolean('active').notNull().default(true),
    failedSignIns: integer('failed_sign_ins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_email_key').on(t.email), index('users_agency_idx').on(t.agencyId)],
);

/** A one-time link for a new user to choose their password; only its hash is kept. */
export const userInvites = pgTable('user_invites', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id),
  tokenHash: text('token_hash').notNull().unique(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A change an administrator asked for that would give someone casework access (a new account, or a
 * new role or agency), waiting for a coordinator of the area to approve it: no single person can
 * give casework access, not even to themselves.
 */
export const accessApprovals = pgTable(
  'access_approvals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    userId: uuid('user_id').notNull().references(() => users.id),
    /** 'new_account' (the account stays inactive until approved) or 'change'. */
    kind: text('kind').notNull(),
    role: text('role').$type<Role>().notNull(),
    agencyId: uuid('agency_id').notNull().references(() => agencies.id),
    requestedByUserId: uuid('requested_by_user_id').references(() => users.id),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    /** 'approved', 'refused' or 'replaced' (a later request for the same person took its place). */
    decision: text('decision'),
    decidedByUserId: uuid('decided_by_user_id').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [index('access_approvals_waiting_idx').on(t.areaId, t.decidedAt), uniqueIndex('access_approvals_one_waiting').on(t.userId).where(sql`${t.decidedAt} is null`)],
);

import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { AgencyKind, Role } from './roles.ts';

/*
 * Areas, agencies and users: who is signed in, which the platform needs for sessions and every
 * request. The organisation module manages them (administration pages, invitations, approvals).
 */

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
  /** Hours before a deadline at which its owner is reminded that it is due soon. */
  reminderDueSoonHours?: number;
  /** Share of each agency's practitioners (by role) the partnership aims to have in date with CSE training, as a fraction. */
  trainingCoverageTarget?: number;
  /** Age from which a young person open to CSE work needs a transition plan (moving-on module; default 17). */
  transitionPlanAge?: number;
  /** Days before a transition plan's deadline at which it shows as due on the coordinator's worklist (default 30). */
  transitionDueSoonDays?: number;
  /** Retention (src/modules/retention/settings.ts has the defaults and docs/retention.md the reasons). */
  retentionYoungPersonUntilAge?: number;
  retentionYoungPersonYearsAfterActivity?: number;
  retentionConcernNoActionMonths?: number;
  retentionAdultUnlinkedMonths?: number;
  retentionIntelligenceMonths?: number;
  retentionIntelligenceDoubtfulMonths?: number;
  retentionIntelligenceConditionsMonths?: number;
  retentionAuditPersonalYears?: number;
  retentionFeedbackMonths?: number;
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


/**
 * Sessions live in the database so that any number of app instances can serve one PostgreSQL.
 * Only a hash of the cookie value is stored: a leaked table cannot be replayed.
 */
export const sessions = pgTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    userId: uuid('user_id').notNull().references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull().references(() => users.id),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('api_tokens_user_idx').on(t.userId)],
);

/**
 * Counts for the per-address limits on public forms (sign-in, accepting an invitation), kept in the
 * database so that every Lantern process and server behind one address counts together. The key is
 * a hash of the route and the address: no address is stored.
 */
export const rateLimitWindows = pgTable('rate_limit_windows', {
  key: text('key').primaryKey(),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull(),
  hits: integer('hits').notNull(),
});

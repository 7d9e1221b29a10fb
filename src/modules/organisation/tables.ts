import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { Role } from '../../platform/auth/roles.ts';
import { agencies, areas, users } from '../../platform/auth/tables.ts';

// Areas, agencies and users are the platform's (who is signed in); the organisation module manages them.
export { agencies, areas, users, type AreaSettings } from '../../platform/auth/tables.ts';

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

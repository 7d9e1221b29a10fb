import { sql } from 'drizzle-orm';
import { bigserial, check, date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { agencies, areas, users } from '../organisation/tables.ts';
import { placesOfConcern } from '../intelligence/tables.ts';

/**
 * A prevention or awareness session delivered in the area: to whom, on what, by whom, how many it
 * reached, and where (a postcode district, and a place of concern when it was held at one). Counts
 * only: nobody who attended is named.
 */
export const preventionSessions = pgTable(
  'prevention_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Shown as PS-<number>. */
    number: bigserial('number', { mode: 'number' }).notNull().unique(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    /** The agency that delivered or arranged it (an agency lead records their own agency's). */
    agencyId: uuid('agency_id').notNull().references(() => agencies.id),
    /** Who delivered it, in words (a team, a charity, a named trainer's organisation). */
    provider: text('provider').notNull(),
    deliveredOn: date('delivered_on').notNull(),
    /** Keys of prevention/vocab.ts AUDIENCES. */
    audience: text('audience').notNull(),
    /** Keys of prevention/vocab.ts TOPICS. */
    topic: text('topic').notNull(),
    title: text('title'),
    reached: integer('reached').notNull(),
    /** The postcode district (outward code, "NB1"), upper case. */
    district: text('district').notNull(),
    placeId: uuid('place_id').references(() => placesOfConcern.id),
    recordedByUserId: uuid('recorded_by_user_id').notNull().references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('prevention_sessions_area_idx').on(t.areaId, t.deliveredOn),
    index('prevention_sessions_agency_idx').on(t.agencyId, t.deliveredOn),
    check('prevention_sessions_reached', sql`reached between 1 and 5000`),
  ],
);

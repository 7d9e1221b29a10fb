import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { agencies, areas, users } from '../organisation/tables.ts';

/**
 * A service in or around the area that young people can be referred to (statutory or voluntary):
 * what it offers, for whom, how to refer, and when someone last checked the entry was right.
 * Services are not personal data: every signed-in person who works with young people reads them.
 */
export const services = pgTable(
  'services',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Shown as SV-<number>. */
    number: bigserial('number', { mode: 'number' }).notNull().unique(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    name: text('name').notNull(),
    /** statutory or voluntary. */
    sector: text('sector').notNull(),
    /** Who runs it, in words; `agencyId` too when it is one of the partnership's agencies. */
    provider: text('provider').notNull(),
    agencyId: uuid('agency_id').references(() => agencies.id),
    offer: text('offer').notNull(),
    /** Keys of services/vocab.ts NEEDS; at least one. */
    needs: text('needs').array().notNull(),
    minAge: integer('min_age'),
    maxAge: integer('max_age'),
    /** any, female or male. */
    sex: text('sex').notNull().default('any'),
    referPhone: text('refer_phone'),
    referEmail: text('refer_email'),
    referWebsite: text('refer_website'),
    selfReferral: boolean('self_referral').notNull().default(false),
    dropIn: boolean('drop_in').notNull().default(false),
    contact: text('contact'),
    /** Capacity or waiting time, in words ("about 3 weeks", "no waiting list"). */
    waitingTime: text('waiting_time'),
    /** Where it works, in words ("Northbridge and Eastmoor"). */
    coverage: text('coverage'),
    lastCheckedOn: date('last_checked_on').notNull(),
    active: boolean('active').notNull().default(true),
    createdByUserId: uuid('created_by_user_id').notNull().references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('services_area_idx').on(t.areaId, t.name),
    index('services_needs_idx').using('gin', t.needs),
    index('services_checked_idx').on(t.areaId, t.lastCheckedOn).where(sql`${t.active}`),
    // At least one way to refer.
    check('services_one_way_to_refer', sql`refer_phone is not null or refer_email is not null or refer_website is not null or self_referral or drop_in`),
    check('services_some_need', sql`cardinality(needs) > 0`),
  ],
);

/** A toolkit, leaflet or piece of guidance, with who it is for and where to find it. */
export const resources = pgTable(
  'resources',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    title: text('title').notNull(),
    /** toolkit, leaflet, guidance or other. */
    kind: text('kind').notNull(),
    /** practitioners, young_people, parents_carers or communities. */
    audience: text('audience').notNull(),
    description: text('description'),
    link: text('link').notNull(),
    needs: text('needs').array().notNull().default(sql`'{}'::text[]`),
    lastCheckedOn: date('last_checked_on').notNull(),
    active: boolean('active').notNull().default(true),
    createdByUserId: uuid('created_by_user_id').notNull().references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('resources_area_idx').on(t.areaId, t.title)],
);

/**
 * What came of an action's "refer to …": the need it was for, and the service referred to, or
 * that no service was found for the need (an unmet need). The action is a task from a risk plan
 * or strategy meeting (`casework_tasks`) or a panel action (`panel_actions`), named by kind and id
 * so neither module has to know this one.
 */
export const serviceReferrals = pgTable(
  'service_referrals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    /** casework_task or panel_action. */
    actionKind: text('action_kind').notNull(),
    actionId: uuid('action_id').notNull(),
    need: text('need').notNull(),
    /** referred or no_service_found. */
    outcome: text('outcome').notNull(),
    serviceId: uuid('service_id').references(() => services.id),
    recordedByUserId: uuid('recorded_by_user_id').notNull().references(() => users.id),
    recordedByAgencyId: uuid('recorded_by_agency_id').notNull().references(() => agencies.id),
    recordedOn: date('recorded_on').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('service_referrals_area_idx').on(t.areaId, t.recordedOn),
    index('service_referrals_action_idx').on(t.actionKind, t.actionId),
    index('service_referrals_service_idx').on(t.serviceId),
    check('service_referrals_outcome', sql`(outcome = 'referred' and service_id is not null) or (outcome = 'no_service_found' and service_id is null)`),
  ],
);

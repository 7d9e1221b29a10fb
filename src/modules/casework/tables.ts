import { sql } from 'drizzle-orm';
import { boolean, check, date, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { agencies, users } from '../organisation/tables.ts';
import { youngPeople } from '../young-people/tables.ts';
import { adultsOfConcern } from '../intelligence/tables.ts';

/**
 * A practitioner's note of contact with or about a young person. Kept for the writer's agency alone
 * or shared with the partnership; either way it has a chronology entry carrying the same limit.
 * Notes are not edited: a correction is a later note.
 */
export const caseNotes = pgTable(
  'case_notes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    youngPersonId: uuid('young_person_id').notNull().references(() => youngPeople.id),
    contactOn: date('contact_on').notNull(),
    /** visit, phone_call, meeting, message, other (vocab.ts). */
    contactType: text('contact_type').notNull(),
    text: text('text').notNull(),
    /** agency (the writer's agency only) or partnership. */
    visibility: text('visibility').notNull(),
    agencyId: uuid('agency_id').notNull().references(() => agencies.id),
    writtenByUserId: uuid('written_by_user_id').notNull().references(() => users.id),
    writtenAt: timestamp('written_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('case_notes_yp_idx').on(t.youngPersonId, t.contactOn), check('case_notes_visibility', sql`${t.visibility} in ('agency', 'partnership')`)],
);

/**
 * Someone in the young person's family or network: a parent, carer, sibling, friend or another
 * adult around them. A sibling or friend already in Lantern is linked by `linkedYoungPersonId`; an
 * adult already known as an adult of concern by `adultOfConcernId`.
 */
export const networkMembers = pgTable(
  'network_members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    youngPersonId: uuid('young_person_id').notNull().references(() => youngPeople.id),
    name: text('name').notNull(),
    /** vocab.ts RELATIONSHIPS. */
    relationship: text('relationship').notNull(),
    contactDetails: text('contact_details'),
    /** yes, no, not_known. */
    parentalResponsibility: text('parental_responsibility').notNull().default('not_known'),
    livesWithYoungPerson: boolean('lives_with_young_person').notNull().default(false),
    note: text('note'),
    linkedYoungPersonId: uuid('linked_young_person_id').references(() => youngPeople.id),
    adultOfConcernId: uuid('adult_of_concern_id').references(() => adultsOfConcern.id),
    addedByUserId: uuid('added_by_user_id').notNull().references(() => users.id),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    removedAt: timestamp('removed_at', { withTimezone: true }),
    removedByUserId: uuid('removed_by_user_id').references(() => users.id),
  },
  (t) => [
    index('network_members_yp_idx').on(t.youngPersonId),
    index('network_members_adult_idx').on(t.adultOfConcernId),
    check('network_members_not_self', sql`${t.linkedYoungPersonId} is null or ${t.linkedYoungPersonId} <> ${t.youngPersonId}`),
  ],
);

/** The young person's own views and wishes, in their words as far as possible. The latest entry is the current one; earlier ones are its history. */
export const viewsAndWishes = pgTable(
  'views_and_wishes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    youngPersonId: uuid('young_person_id').notNull().references(() => youngPeople.id),
    /** When the young person said it (not when it was typed). */
    recordedOn: date('recorded_on').notNull(),
    views: text('views').notNull(),
    agencyId: uuid('agency_id').notNull().references(() => agencies.id),
    recordedByUserId: uuid('recorded_by_user_id').notNull().references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('views_and_wishes_yp_idx').on(t.youngPersonId, t.recordedOn)],
);

/**
 * A child of an adult of concern: a young person already in Lantern, or a child described without
 * a record (unnamed or not known to Lantern). Recorded by intelligence officers and coordinators.
 */
export const adultChildren = pgTable(
  'adult_children',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    adultId: uuid('adult_id').notNull().references(() => adultsOfConcern.id),
    youngPersonId: uuid('young_person_id').references(() => youngPeople.id),
    /** For a child with no record: what is known (first name, approximate age, where they live). */
    description: text('description'),
    /** vocab.ts CHILD_RELATIONSHIPS. */
    relationship: text('relationship').notNull(),
    note: text('note'),
    recordedByUserId: uuid('recorded_by_user_id').notNull().references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
    removedAt: timestamp('removed_at', { withTimezone: true }),
  },
  (t) => [
    index('adult_children_adult_idx').on(t.adultId),
    index('adult_children_yp_idx').on(t.youngPersonId),
    check('adult_children_who', sql`num_nonnulls(${t.youngPersonId}, ${t.description}) = 1`),
  ],
);

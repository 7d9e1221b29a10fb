import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, date, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { agencies, areas, users } from '../organisation/tables.ts';
import { youngPeople } from '../young-people/tables.ts';

/**
 * An adult who may pose a risk to children. Shown as A-<number>. Their vehicles, phones, emails and
 * online accounts are rows of `record_identifiers`, so the same car anywhere links automatically.
 */
export const adultsOfConcern = pgTable(
  'adults_of_concern',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: bigserial('number', { mode: 'number' }).notNull().unique(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    /** The name they are best known by (may be only a street name). */
    name: text('name').notNull(),
    /** Other names, nicknames and street names. */
    aliases: text('aliases').array().notNull().default(sql`'{}'::text[]`),
    dateOfBirth: date('date_of_birth'),
    approximateAge: integer('approximate_age'),
    description: text('description'),
    addresses: text('addresses').array().notNull().default(sql`'{}'::text[]`),
    /** Other local authority areas or towns they are linked to. */
    otherAreas: text('other_areas').array().notNull().default(sql`'{}'::text[]`),
    /** suspected, charged, convicted, no_further_action. */
    status: text('status').notNull().default('suspected'),
    /** not_known, yes, no. */
    mappa: text('mappa').notNull().default('not_known'),
    /** When the partnership first knew of them: a disruption dated earlier is kept, with a warning. */
    knownSince: date('known_since').notNull().default(sql`current_date`),
    /** Set when this record was merged into another (a duplicate of the same person); hidden from lists. */
    mergedIntoId: uuid('merged_into_id'),
    createdByUserId: uuid('created_by_user_id').notNull().references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('adults_of_concern_area_idx').on(t.areaId, t.status)],
);

/** A place where young people are put at risk: a hotspot. Shown as P-<number>. */
export const placesOfConcern = pgTable(
  'places_of_concern',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: bigserial('number', { mode: 'number' }).notNull().unique(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    /** hostel, residential_home, takeaway, taxi_firm, hotel, park, school_or_college, shop, private_address, other. */
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    addressLine: text('address_line'),
    town: text('town'),
    postcode: text('postcode'),
    openingHours: text('opening_hours'),
    runBy: text('run_by'),
    licensingAuthority: text('licensing_authority'),
    createdByUserId: uuid('created_by_user_id').notNull().references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('places_of_concern_area_idx').on(t.areaId, t.kind),
    // Triage's "where it happened" suggestions: words of the where-text looked up in names and addresses, and postcodes.
    index('places_of_concern_name_trgm_idx').using('gin', sql`lower(${t.name}) gin_trgm_ops`),
    index('places_of_concern_address_trgm_idx').using('gin', sql`lower(coalesce(${t.addressLine}, '')) gin_trgm_ops`),
    index('places_of_concern_postcode_idx').on(t.areaId, t.postcode),
  ],
);

/**
 * Vehicles, phones, emails and online accounts of an adult or a place, kept as typed with the
 * identifiers module's match key (the key concern_mentions use), and whether it was recognised.
 */
export const recordIdentifiers = pgTable(
  'record_identifiers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    adultId: uuid('adult_id').references(() => adultsOfConcern.id),
    placeId: uuid('place_id').references(() => placesOfConcern.id),
    kind: text('kind').notNull(),
    asTyped: text('as_typed').notNull(),
    matchKey: text('match_key'),
    recognised: boolean('recognised').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('record_identifiers_key_idx').on(t.areaId, t.matchKey),
    index('record_identifiers_adult_idx').on(t.adultId),
    index('record_identifiers_place_idx').on(t.placeId),
    index('record_identifiers_unrecognised_idx').on(t.areaId, t.createdAt).where(sql`not ${t.recognised}`),
    check('record_identifiers_one_owner', sql`num_nonnulls(${t.adultId}, ${t.placeId}) = 1`),
  ],
);

/**
 * A link recorded between two records: an adult and a young person, an adult and a place, a young
 * person and a place, or two adults (associates). Exactly two of the four columns are set.
 */
export const intelligenceLinks = pgTable(
  'intelligence_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    adultId: uuid('adult_id').references(() => adultsOfConcern.id),
    associateAdultId: uuid('associate_adult_id').references(() => adultsOfConcern.id),
    placeId: uuid('place_id').references(() => placesOfConcern.id),
    youngPersonId: uuid('young_person_id').references(() => youngPeople.id),
    /** seen_with, seen_at, associate, runs, lives_at, works_at, other. */
    linkKind: text('link_kind').notNull(),
    /** Where the link came from: officer (recorded by hand), concern, missing_episode, intelligence, disruption. */
    sourceKind: text('source_kind').notNull().default('officer'),
    sourceId: uuid('source_id'),
    occurredOn: date('occurred_on'),
    recordedByUserId: uuid('recorded_by_user_id').notNull().references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('intelligence_links_adult_idx').on(t.adultId),
    index('intelligence_links_associate_idx').on(t.associateAdultId),
    index('intelligence_links_place_idx').on(t.placeId),
    index('intelligence_links_yp_idx').on(t.youngPersonId),
    check('intelligence_links_two_ends', sql`num_nonnulls(${t.adultId}, ${t.associateAdultId}, ${t.placeId}, ${t.youngPersonId}) = 2`),
  ],
);

/**
 * A piece of intelligence graded by the 3x5x2 scheme. The source's identity is never recorded,
 * only the kind of source. Partners other than intelligence officers and coordinators see the
 * sanitised text of a C-handling entry, never the text.
 */
export const intelligenceEntries = pgTable(
  'intelligence_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: bigserial('number', { mode: 'number' }).notNull().unique(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    text: text('text').notNull(),
    sanitisedText: text('sanitised_text').notNull(),
    sourceKind: text('source_kind').notNull(),
    receivedOn: date('received_on').notNull(),
    /** 1 reliable, 2 untested, 3 not reliable. */
    sourceGrade: text('source_grade').notNull(),
    /** A known directly … E suspected false. */
    intelligenceGrade: text('intelligence_grade').notNull(),
    /** P may be shared, C may be shared with conditions. */
    handling: text('handling').notNull(),
    handlingConditions: text('handling_conditions'),
    recordedByUserId: uuid('recorded_by_user_id').notNull().references(() => users.id),
    recordedByAgencyId: uuid('recorded_by_agency_id').notNull().references(() => agencies.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('intelligence_entries_area_idx').on(t.areaId, t.receivedOn),
    check('intelligence_entries_grade', sql`${t.sourceGrade} in ('1','2','3') and ${t.intelligenceGrade} in ('A','B','C','D','E') and ${t.handling} in ('P','C')`),
  ],
);

/**
 * Vehicles, phones, emails and online accounts written in an intelligence entry's text, each with
 * the key its own field would give it, so the entry links to the adult or place carrying it.
 * Read from the full text; who may see the link is decided by who may read that text.
 */
export const intelligenceEntryIdentifiers = pgTable(
  'intelligence_entry_identifiers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    entryId: uuid('entry_id').notNull().references(() => intelligenceEntries.id),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    kind: text('kind').notNull(),
    asTyped: text('as_typed').notNull(),
    matchKey: text('match_key'),
    recognised: boolean('recognised').notNull(),
  },
  (t) => [index('intelligence_entry_identifiers_key_idx').on(t.areaId, t.matchKey), index('intelligence_entry_identifiers_entry_idx').on(t.entryId)],
);

/** The records an intelligence entry concerns: one of adult, place or young person per row. */
export const intelligenceSubjects = pgTable(
  'intelligence_subjects',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    entryId: uuid('entry_id').notNull().references(() => intelligenceEntries.id),
    adultId: uuid('adult_id').references(() => adultsOfConcern.id),
    placeId: uuid('place_id').references(() => placesOfConcern.id),
    youngPersonId: uuid('young_person_id').references(() => youngPeople.id),
  },
  (t) => [
    index('intelligence_subjects_entry_idx').on(t.entryId),
    index('intelligence_subjects_adult_idx').on(t.adultId),
    index('intelligence_subjects_place_idx').on(t.placeId),
    index('intelligence_subjects_yp_idx').on(t.youngPersonId),
    check('intelligence_subjects_one', sql`num_nonnulls(${t.adultId}, ${t.placeId}, ${t.youngPersonId}) = 1`),
  ],
);

/**
 * One step of disruption or prosecution: a child abduction warning notice issued, served or
 * breached, a warning letter, a licensing review, a visit, an arrest, a charge, a court hearing or
 * an outcome. A later step may point at the one it follows (a breach at its notice).
 */
export const disruptions = pgTable(
  'disruptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: bigserial('number', { mode: 'number' }).notNull().unique(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    kind: text('kind').notNull(),
    occurredOn: date('occurred_on').notNull(),
    details: text('details'),
    /** For an outcome: conviction, acquittal, no_further_action; with the reason. */
    outcome: text('outcome'),
    outcomeReason: text('outcome_reason'),
    /** What was done for the young person before, during and after court. */
    supportGiven: text('support_given'),
    followsId: uuid('follows_id'),
    recordedByUserId: uuid('recorded_by_user_id').notNull().references(() => users.id),
    recordedByAgencyId: uuid('recorded_by_agency_id').notNull().references(() => agencies.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('disruptions_area_idx').on(t.areaId, t.occurredOn), index('disruptions_follows_idx').on(t.followsId)],
);

/** The adults, places and young people a disruption concerns: one per row. */
export const disruptionSubjects = pgTable(
  'disruption_subjects',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    disruptionId: uuid('disruption_id').notNull().references(() => disruptions.id),
    adultId: uuid('adult_id').references(() => adultsOfConcern.id),
    placeId: uuid('place_id').references(() => placesOfConcern.id),
    youngPersonId: uuid('young_person_id').references(() => youngPeople.id),
  },
  (t) => [
    index('disruption_subjects_disruption_idx').on(t.disruptionId),
    index('disruption_subjects_adult_idx').on(t.adultId),
    index('disruption_subjects_place_idx').on(t.placeId),
    index('disruption_subjects_yp_idx').on(t.youngPersonId),
    check('disruption_subjects_one', sql`num_nonnulls(${t.adultId}, ${t.placeId}, ${t.youngPersonId}) = 1`),
  ],
);

/** "Not the same person": a pair of adults an officer decided are different, so they are not suggested again. */
export const adultDuplicateDecisions = pgTable(
  'adult_duplicate_decisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    /** The pair in id order, so each pair has one row. */
    adultId: uuid('adult_id').notNull().references(() => adultsOfConcern.id),
    otherAdultId: uuid('other_adult_id').notNull().references(() => adultsOfConcern.id),
    decidedByUserId: uuid('decided_by_user_id').notNull().references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('adult_duplicate_decisions_pair_key').on(t.adultId, t.otherAdultId), check('adult_duplicate_decisions_ordered', sql`${t.adultId} < ${t.otherAdultId}`)],
);

/**
 * A change to an adult or a place after it was recorded: details edited (the names of the fields,
 * never their old values), identifiers added, or a concern linked to or unlinked from a place. The record's
 * chronology is derived from these rows; the audit trail holds who did it and from where.
 */
export const intelligenceRecordChanges = pgTable(
  'intelligence_record_changes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    adultId: uuid('adult_id').references(() => adultsOfConcern.id),
    placeId: uuid('place_id').references(() => placesOfConcern.id),
    /** details_changed (fields: the names), identifiers_added (fields: their kinds), concern_linked, concern_unlinked. */
    kind: text('kind').notNull(),
    fields: text('fields').array().notNull().default(sql`'{}'::text[]`),
    concernId: uuid('concern_id'),
    changedByUserId: uuid('changed_by_user_id').notNull().references(() => users.id),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('intelligence_record_changes_adult_idx').on(t.adultId, t.changedAt),
    index('intelligence_record_changes_place_idx').on(t.placeId, t.changedAt),
    check('intelligence_record_changes_one_owner', sql`num_nonnulls(${t.adultId}, ${t.placeId}) = 1`),
  ],
);

/** What an adult merge moved: the ids of the rows per table, and the other names added. */
export interface AdultMergeMoves {
  rows: Record<string, string[]>;
  aliasesAdded: string[];
}

/**
 * Two records of one adult merged into one (shown as AM-<number>). The absorbed record is kept,
 * marked `merged_into_id`; `moved` lists exactly which rows moved so undoing moves exactly those back.
 */
export const adultMerges = pgTable(
  'adult_merges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: bigserial('number', { mode: 'number' }).notNull().unique(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    survivingId: uuid('surviving_id').notNull().references(() => adultsOfConcern.id),
    absorbedId: uuid('absorbed_id').notNull().references(() => adultsOfConcern.id),
    moved: jsonb('moved').$type<AdultMergeMoves>().notNull(),
    mergedByUserId: uuid('merged_by_user_id').notNull().references(() => users.id),
    mergedAt: timestamp('merged_at', { withTimezone: true }).notNull().defaultNow(),
    undoneAt: timestamp('undone_at', { withTimezone: true }),
    undoneByUserId: uuid('undone_by_user_id').references(() => users.id),
  },
  (t) => [
    index('adult_merges_surviving_idx').on(t.survivingId),
    // An adult is absorbed by at most one live merge.
    uniqueIndex('adult_merges_live_absorbed_key').on(t.absorbedId).where(sql`${t.undoneAt} is null`),
  ],
);

/**
 * A person's decision on a place the place-matching model suggested for a missing episode (its
 * found-at address or return interview) or a concern: linked, or dismissed so it is not offered
 * again. One row per place and source; a link made is also an intelligence link (or the concern's
 * place), named here.
 */
export const placeMatchDecisions = pgTable(
  'place_match_decisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    placeId: uuid('place_id').notNull().references(() => placesOfConcern.id),
    /** missing_episode or concern. */
    sourceKind: text('source_kind').notNull(),
    sourceId: uuid('source_id').notNull(),
    /** linked or dismissed. */
    decision: text('decision').notNull(),
    /** The model's probability when the person decided, kept to review the model against decisions. */
    probability: doublePrecision('probability').notNull(),
    linkId: uuid('link_id').references(() => intelligenceLinks.id),
    decidedByUserId: uuid('decided_by_user_id').notNull().references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('place_match_decisions_key').on(t.placeId, t.sourceKind, t.sourceId),
    index('place_match_decisions_source_idx').on(t.sourceKind, t.sourceId),
    check('place_match_decisions_values', sql`${t.sourceKind} in ('missing_episode', 'concern') and ${t.decision} in ('linked', 'dismissed')`),
  ],
);

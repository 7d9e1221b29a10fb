import { sql } from 'drizzle-orm';
import { bigserial, boolean, date, index, check, integer, jsonb, pgTable, text, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { agencies, areas, users } from '../organisation/tables.ts';
import type { MonitoringAnswers } from './monitoring.ts';

export const youngPeople = pgTable(
  'young_people',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** A short number people can read out on the phone; shown as YP-<number>. */
    number: bigserial('number', { mode: 'number' }).notNull().unique(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    givenName: text('given_name'),
    familyName: text('family_name'),
    /** Nicknames, street names and other names the young person is known by. */
    aliases: text('aliases').array().notNull().default(sql`'{}'::text[]`),
    /** Names and aliases in lower case, kept by the service, for misspelling-tolerant search. */
    searchText: text('search_text').notNull().default(''),
    dateOfBirth: date('date_of_birth'),
    /** When only an approximate age is known, the year it was estimated and the age then. */
    estimatedAge: integer('estimated_age'),
    estimatedAgeAt: date('estimated_age_at'),
    gender: text('gender').notNull().default('not_recorded'),
    ethnicity: text('ethnicity').notNull().default('not_recorded'),
    address: text('address'),
    postcode: text('postcode'),
    school: text('school'),
    livingArrangement: text('living_arrangement').notNull().default('not_recorded'),
    /** Looked after by a local authority: 'yes', 'no' or 'not_recorded', apart from where they live (a looked-after child may live at home). */
    lookedAfter: text('looked_after').notNull().default('not_recorded'),
    /** Missing episodes before those recorded in Lantern, as the record states them; 0 means known never to have gone missing, null not recorded. */
    earlierMissingEpisodes: integer('earlier_missing_episodes'),
    priorInvolvement: text('prior_involvement').notNull().default('not_recorded'),
    /** Monitoring data (the fields of monitoring.ts); a key that is absent means "not recorded". */
    monitoring: jsonb('monitoring').$type<MonitoringAnswers>().notNull().default({}),
    description: text('description'),
    riskLevel: text('risk_level'),
    riskLevelSetAt: timestamp('risk_level_set_at', { withTimezone: true }),
    /** What set the current level: a risk assessment or a panel's decision (setCurrentRiskLevel), and which one. */
    riskLevelSource: text('risk_level_source'),
    riskLevelSourceId: uuid('risk_level_source_id'),
    /** Open to CSE work from this date until closed; drives the snapshot. */
    openedOn: date('opened_on'),
    closedOn: date('closed_on'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdByUserId: uuid('created_by_user_id').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * Set when a coordinator merged this record into another (the surviving record): the record is
     * kept, hidden from lists and search, and its address leads to the survivor. Undoing the merge
     * clears it. What moved is recorded in young_person_merges (linkage module).
     */
    mergedIntoId: uuid('merged_into_id').references((): AnyPgColumn => youngPeople.id),
  },
  (t) => [
    index('young_people_area_idx').on(t.areaId),
    index('young_people_search_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
    index('young_people_family_dmeta_idx').on(t.areaId, sql`dmetaphone(coalesce(${t.familyName}, ''))`),
    index('young_people_given_dmeta_idx').on(t.areaId, sql`dmetaphone(coalesce(${t.givenName}, ''))`),
    index('young_people_dob_idx').on(t.areaId, t.dateOfBirth),
  ],
);

/** Identifiers checked by their check digits (NHS number, UPN) or normalised (local authority id). */
export const youngPersonIdentifiers = pgTable(
  'young_person_identifiers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    youngPersonId: uuid('young_person_id').notNull().references(() => youngPeople.id),
    kind: text('kind').notNull(),
    value: text('value').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('young_person_identifiers_value_idx').on(t.kind, t.value), index('young_person_identifiers_yp_idx').on(t.youngPersonId)],
);

/** The team around the child. Membership is a need-to-know path: adding grants access, removing revokes it. */
export const teamMembers = pgTable(
  'team_members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    youngPersonId: uuid('young_person_id').notNull().references(() => youngPeople.id),
    agencyId: uuid('agency_id').notNull().references(() => agencies.id),
    /** A named worker; null when the agency as a whole is in the team. */
    userId: uuid('user_id').references(() => users.id),
    roleInTeam: text('role_in_team'),
    isLeadProfessional: boolean('is_lead_professional').notNull().default(false),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
    addedByUserId: uuid('added_by_user_id').references(() => users.id),
    removedAt: timestamp('removed_at', { withTimezone: true }),
    removedByUserId: uuid('removed_by_user_id').references(() => users.id),
  },
  (t) => [
    index('team_members_yp_idx').on(t.youngPersonId),
    index('team_members_user_idx').on(t.userId, t.youngPersonId),
    index('team_members_agency_idx').on(t.agencyId, t.youngPersonId),
  ],
);

/**
 * One chronology per child. Entries are written by the service that records the event, in the same
 * transaction, and point back at their source record: nothing is ever typed twice.
 */
export const chronologyEntries = pgTable(
  'chronology_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    youngPersonId: uuid('young_person_id').notNull().references(() => youngPeople.id),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    kind: text('kind').notNull(),
    agencyId: uuid('agency_id').references(() => agencies.id),
    sourceKind: text('source_kind').notNull(),
    sourceId: uuid('source_id').notNull(),
    summary: text('summary').notNull(),
    /**
     * Set for an entry only one agency may read (a case note kept to the writer's agency): every
     * reader of the chronology applies `chronologyEntryVisible` (policy.ts), whatever their role.
     */
    onlyForAgencyId: uuid('only_for_agency_id').references(() => agencies.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('chronology_yp_time_idx').on(t.youngPersonId, t.occurredAt)],
);

/**
 * The history behind every fact the figures count (decision record 0029): each row says what one
 * fact of one young person was from valid_from (a UK day, included) to valid_to (excluded; null:
 * still so), and when Lantern was told (recorded_at). A row is never changed but to close it as
 * superseded, when a later entry replaces what it said (superseded_at): rows not superseded are
 * the history as known now; rows recorded by a day and not superseded by then are the history as
 * it was known on that day. No row for a day means "not recorded" on that day.
 *
 * Facts: cse_work ('open' | 'closed'), closure_reason, level, living_arrangement, looked_after,
 * prior_involvement, earlier_missing_episodes, m:<monitoring key> (one per monitoring answer) and
 * team:<agency id> (the agency is in the team around the child). Written only by
 * lantern_set_fact (the database function the young_people and team_members triggers and
 * history.ts's recordFactChanges call), in the transaction of the change.
 */
export const youngPersonFacts = pgTable(
  'young_person_facts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    youngPersonId: uuid('young_person_id').notNull().references(() => youngPeople.id),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    fact: text('fact').notNull(),
    value: jsonb('value').notNull(),
    validFrom: date('valid_from').notNull(),
    validTo: date('valid_to'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
    supersededAt: timestamp('superseded_at', { withTimezone: true }),
  },
  (t) => [
    index('young_person_facts_yp_idx').on(t.youngPersonId, t.fact, t.validFrom),
    index('young_person_facts_area_idx').on(t.areaId, t.validFrom),
    check('young_person_facts_period_check', sql`${t.validTo} is null or ${t.validTo} > ${t.validFrom}`),
    check('young_person_facts_superseded_check', sql`${t.supersededAt} is null or ${t.supersededAt} >= ${t.recordedAt}`),
  ],
);

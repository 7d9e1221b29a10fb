import { sql } from 'drizzle-orm';
import { bigserial, check, date, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { agencies, areas, users } from '../organisation/tables.ts';
import { youngPeople } from '../young-people/tables.ts';
import { missingEpisodes } from '../missing/tables.ts';
import { concerns } from '../concerns/tables.ts';

export interface MeetingAttendee {
  name: string;
  agency: string;
  role: string;
}

/**
 * A strategy meeting (or discussion) about one young person: who came, what was shared, what was
 * decided. Its actions are kept as tasks (`casework_tasks` with source 'strategy_meeting'), so they
 * are owned and followed up like any other. It may be about a missing episode or a concern, and
 * then cannot be dated before it.
 */
export const strategyMeetings = pgTable(
  'strategy_meetings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Shown as SM-<number>. */
    number: bigserial('number', { mode: 'number' }).notNull().unique(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    youngPersonId: uuid('young_person_id').notNull().references(() => youngPeople.id),
    episodeId: uuid('episode_id').references(() => missingEpisodes.id),
    concernId: uuid('concern_id').references(() => concerns.id),
    heldAt: timestamp('held_at', { withTimezone: true }).notNull(),
    attendees: jsonb('attendees').$type<MeetingAttendee[]>().notNull(),
    informationShared: text('information_shared').notNull(),
    decisions: text('decisions').notNull(),
    recordedByUserId: uuid('recorded_by_user_id').notNull().references(() => users.id),
    recordedByAgencyId: uuid('recorded_by_agency_id').notNull().references(() => agencies.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('strategy_meetings_yp_idx').on(t.youngPersonId, t.heldAt), index('strategy_meetings_episode_idx').on(t.episodeId)],
);

/**
 * Something a named person or an agency has to do for a young person by a date: an action of a
 * risk assessment's plan or of a strategy meeting. Open until completed, with the date and a note.
 */
export const caseworkTasks = pgTable(
  'casework_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    youngPersonId: uuid('young_person_id').notNull().references(() => youngPeople.id),
    /** 'risk_assessment' or 'strategy_meeting'. */
    source: text('source').notNull(),
    /** The assessment or meeting the task came from. */
    sourceId: uuid('source_id').notNull(),
    /** The instrument's action id, for a task from a risk assessment's plan. */
    planActionId: text('plan_action_id'),
    description: text('description').notNull(),
    ownerUserId: uuid('owner_user_id').references(() => users.id),
    ownerAgencyId: uuid('owner_agency_id').references(() => agencies.id),
    dueOn: date('due_on').notNull(),
    completedOn: date('completed_on'),
    completionNote: text('completion_note'),
    completedByUserId: uuid('completed_by_user_id').references(() => users.id),
    createdByUserId: uuid('created_by_user_id').notNull().references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('casework_tasks_yp_idx').on(t.youngPersonId, t.dueOn),
    index('casework_tasks_owner_user_idx').on(t.ownerUserId, t.dueOn).where(sql`completed_on is null`),
    index('casework_tasks_owner_agency_idx').on(t.ownerAgencyId, t.dueOn).where(sql`completed_on is null`),
    index('casework_tasks_source_idx').on(t.sourceId),
    // Exactly one owner: a person or an agency.
    check('casework_tasks_one_owner', sql`(owner_user_id is null) <> (owner_agency_id is null)`),
  ],
);

/**
 * Support for a young person who is to give evidence in court (seed 001): the case, the special
 * measures asked for and agreed, who supports them, the pre-trial visit and how it ended.
 */
export const courtSupportPlans = pgTable(
  'court_support_plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    youngPersonId: uuid('young_person_id').notNull().references(() => youngPeople.id),
    court: text('court').notNull(),
    /** The case in words ("the prosecution of the adult known as Deano"), and the court's reference. */
    caseDescription: text('case_description').notNull(),
    caseReference: text('case_reference'),
    specialMeasuresAsked: text('special_measures_asked').array().notNull().default(sql`'{}'::text[]`),
    specialMeasuresAgreed: text('special_measures_agreed').array().notNull().default(sql`'{}'::text[]`),
    supporterName: text('supporter_name').notNull(),
    supporterAgencyId: uuid('supporter_agency_id').references(() => agencies.id),
    preTrialVisitOn: date('pre_trial_visit_on'),
    preTrialVisitNote: text('pre_trial_visit_note'),
    /** Null while the case goes on; the outcome in words once it has ended. */
    outcome: text('outcome'),
    outcomeOn: date('outcome_on'),
    createdByUserId: uuid('created_by_user_id').notNull().references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('court_support_plans_yp_idx').on(t.youngPersonId)],
);

/** A hearing of a court-support plan's case: its date and what it is for. */
export const courtHearings = pgTable(
  'court_hearings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id').notNull().references(() => courtSupportPlans.id),
    hearingOn: date('hearing_on').notNull(),
    purpose: text('purpose').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('court_hearings_plan_idx').on(t.planId, t.hearingOn)],
);

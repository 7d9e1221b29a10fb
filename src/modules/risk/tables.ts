import { sql } from 'drizzle-orm';
import { bigserial, boolean, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { agencies, areas, users } from '../organisation/tables.ts';
import { youngPeople } from '../young-people/tables.ts';
import type { AssessmentAnswers, AssessmentContext, Instrument, JudgedResult } from './instrument/index.ts';
import type { DraftState, PlannedAction, SectionContribution } from './model.ts';

/**
 * Versions of the risk instrument, per area. Version 1 of every area is the shipped default,
 * created the first time the area needs it. A version's JSON may change only while it is a
 * draft; once published it is frozen (a trigger in the migrations refuses changes to a version
 * that is published, retired or used by an assessment), and publishing a new version retires the
 * one before. Assessments keep the version they were made with.
 */
export const instrumentVersions = pgTable(
  'instrument_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    instrumentId: text('instrument_id').notNull(),
    version: integer('version').notNull(),
    /** 'draft', 'published' or 'retired'; the column is the truth, not the JSON's own status. */
    status: text('status').notNull(),
    instrument: jsonb('instrument').$type<Instrument>().notNull(),
    changeNote: text('change_note'),
    basedOnVersion: integer('based_on_version'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Null for the default version Lantern created for the area. */
    createdByUserId: uuid('created_by_user_id').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    publishedByUserId: uuid('published_by_user_id').references(() => users.id),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('instrument_versions_area_version_key').on(t.areaId, t.instrumentId, t.version),
    // At most one published version and one draft per area and instrument.
    uniqueIndex('instrument_versions_one_published').on(t.areaId, t.instrumentId).where(sql`status = 'published'`),
    uniqueIndex('instrument_versions_one_draft').on(t.areaId, t.instrumentId).where(sql`status = 'draft'`),
  ],
);

/**
 * An assessment being put together by the team around the child: one per young person at a
 * time, so every contributor works on the same one. Submitting turns it into a risk_assessments
 * row and deletes it, in one transaction.
 */
export const assessmentDrafts = pgTable(
  'assessment_drafts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    youngPersonId: uuid('young_person_id').notNull().references(() => youngPeople.id),
    instrumentVersionId: uuid('instrument_version_id').notNull().references(() => instrumentVersions.id),
    state: jsonb('state').$type<DraftState>().notNull(),
    startedByUserId: uuid('started_by_user_id').notNull().references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('assessment_drafts_young_person_key').on(t.youngPersonId)],
);

/** A submitted risk assessment: immutable, with everything needed to show it again as it was. */
export const riskAssessments = pgTable(
  'risk_assessments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Shown as RA-<number>. */
    number: bigserial('number', { mode: 'number' }).notNull().unique(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    youngPersonId: uuid('young_person_id').notNull().references(() => youngPeople.id),
    instrumentVersionId: uuid('instrument_version_id').notNull().references(() => instrumentVersions.id),
    instrumentId: text('instrument_id').notNull(),
    instrumentVersion: integer('instrument_version').notNull(),
    answers: jsonb('answers').$type<AssessmentAnswers>().notNull(),
    context: jsonb('context').$type<AssessmentContext>().notNull(),
    /** The engine's judged result at submission, kept whole: reasons, triggers, actions, review. */
    result: jsonb('result').$type<JudgedResult>().notNull(),
    computedLevel: text('computed_level').notNull(),
    /** The assessor's level: what the plan, the review and the record follow. */
    level: text('level').notNull(),
    levelRank: integer('level_rank').notNull(),
    levelDiffers: boolean('level_differs').notNull(),
    judgementReason: text('judgement_reason'),
    triggers: text('triggers').array().notNull().default(sql`'{}'::text[]`),
    plan: jsonb('plan').$type<PlannedAction[]>().notNull().default([]),
    contributions: jsonb('contributions').$type<Record<string, SectionContribution>>().notNull().default({}),
    nextReviewDue: date('next_review_due'),
    assessedAt: timestamp('assessed_at', { withTimezone: true }).notNull(),
    submittedByUserId: uuid('submitted_by_user_id').notNull().references(() => users.id),
    submittedByAgencyId: uuid('submitted_by_agency_id').notNull().references(() => agencies.id),
    source: text('source').notNull().default('web'),
    /** The draft this came from: a form sent twice finds the assessment the first one made. */
    draftId: uuid('draft_id').unique(),
    /** Set when a later assessment of the same young person replaces this one as the current one. */
    supersededAt: timestamp('superseded_at', { withTimezone: true }),
  },
  (t) => [
    index('risk_assessments_yp_idx').on(t.youngPersonId, t.assessedAt),
    index('risk_assessments_version_idx').on(t.instrumentVersionId),
    index('risk_assessments_area_idx').on(t.areaId, t.assessedAt),
    index('risk_assessments_review_idx').on(t.areaId, t.nextReviewDue).where(sql`superseded_at is null`),
  ],
);

import { bigserial, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { agencies, areas, users } from '../organisation/tables.ts';

/** One standard of a framework: its theme, what good looks like, and the figure Lantern can measure it by, if any. */
export interface FrameworkStandard {
  id: string;
  theme: string;
  text: string;
  measure: string | null;
}

/** A figure measured from the records, as it stood when read (or when the assessment was signed off). */
export interface EvidenceFigure {
  measure: string;
  label: string;
  figure: string;
  numerator: number | null;
  denominator: number | null;
  from: string;
  to: string;
  /** Lines behind the figure (e.g. coverage by agency), counts only. */
  lines: Array<{ label: string; value: string }>;
}

/** An area's self-assessment framework: each change to its standards is a new version. */
export const selfAssessmentFrameworks = pgTable(
  'self_assessment_frameworks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    version: integer('version').notNull(),
    standards: jsonb('standards').$type<FrameworkStandard[]>().notNull(),
    createdByUserId: uuid('created_by_user_id').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('self_assessment_frameworks_version_key').on(t.areaId, t.version)],
);

/** The area's assessment for one year, against one version of its framework; frozen once signed off. */
export const selfAssessments = pgTable(
  'self_assessments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    year: integer('year').notNull(),
    frameworkId: uuid('framework_id').notNull().references(() => selfAssessmentFrameworks.id),
    /** 'open' or 'signed_off'. */
    status: text('status').notNull().default('open'),
    signedOffAt: timestamp('signed_off_at', { withTimezone: true }),
    signedOffByUserId: uuid('signed_off_by_user_id').references(() => users.id),
    /** The measured figures by standard id as they were at sign-off; null while open (figures are then live). */
    frozenEvidence: jsonb('frozen_evidence').$type<Record<string, EvidenceFigure>>(),
    createdByUserId: uuid('created_by_user_id').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('self_assessments_year_key').on(t.areaId, t.year)],
);

/** A standard's rating in one year's assessment, with the evidence written for it. */
export const selfAssessmentRatings = pgTable(
  'self_assessment_ratings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    assessmentId: uuid('assessment_id').notNull().references(() => selfAssessments.id),
    standardId: text('standard_id').notNull(),
    /** One of RATINGS (vocab.ts). */
    rating: text('rating').notNull(),
    evidence: text('evidence').notNull().default(''),
    updatedByUserId: uuid('updated_by_user_id').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('self_assessment_ratings_key').on(t.assessmentId, t.standardId)],
);

/** An action of a standard's plan: what, which agency owns it, by when, and how it stands. */
export const selfAssessmentActions = pgTable(
  'self_assessment_actions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Shown as SA-<number>. */
    number: bigserial('number', { mode: 'number' }).notNull().unique(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    assessmentId: uuid('assessment_id').notNull().references(() => selfAssessments.id),
    standardId: text('standard_id').notNull(),
    description: text('description').notNull(),
    ownerAgencyId: uuid('owner_agency_id').notNull().references(() => agencies.id),
    dueOn: date('due_on').notNull(),
    /** One of ACTION_STATUSES (vocab.ts). */
    status: text('status').notNull().default('not_started'),
    createdByUserId: uuid('created_by_user_id').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('self_assessment_actions_idx').on(t.assessmentId, t.standardId)],
);

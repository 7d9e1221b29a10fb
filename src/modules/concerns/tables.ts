import { sql } from 'drizzle-orm';
import { bigserial, boolean, date, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { agencies, areas, users } from '../organisation/tables.ts';
import { youngPeople } from '../young-people/tables.ts';

/** What the practitioner typed about a young person not yet linked to a record. */
export interface ConcernSubject {
  givenName?: string;
  familyName?: string;
  aliases?: string[];
  dateOfBirth?: string;
  estimatedAge?: number;
  gender?: string;
  ethnicity?: string;
  address?: string;
  postcode?: string;
  school?: string;
  nhsNumber?: string;
  upn?: string;
  description?: string;
}

export const concerns = pgTable(
  'concerns',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: bigserial('number', { mode: 'number' }).notNull().unique(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    raisedByUserId: uuid('raised_by_user_id').notNull().references(() => users.id),
    raisedByAgencyId: uuid('raised_by_agency_id').notNull().references(() => agencies.id),
    /** 'known' (a young person the user could already see), 'new' or 'unidentified'. */
    subjectKind: text('subject_kind').notNull(),
    subject: jsonb('subject').$type<ConcernSubject>().notNull().default({}),
    youngPersonId: uuid('young_person_id').references(() => youngPeople.id),
    /** Set when the details typed look like a record already held; only the coordinator sees which. */
    possibleMatch: boolean('possible_match').notNull().default(false),
    /**
     * Whether raising this concern lets the raiser (and their agency lead) see the young person's
     * record. False when, at the time, they could see the record only through emergency access or a
     * panel window: temporary access must not turn into standing access by raising a concern.
     */
    grantsRecordAccess: boolean('grants_record_access').notNull().default(true),
    immediateDanger: boolean('immediate_danger').notNull(),
    urgent: boolean('urgent').notNull(),
    indicators: text('indicators').array().notNull().default(sql`'{}'::text[]`),
    details: text('details').notNull(),
    occurredOn: date('occurred_on'),
    whenText: text('when_text'),
    whereText: text('where_text'),
    placeId: uuid('place_id'),
    howLearned: text('how_learned').notNull(),
    youngPersonAware: text('young_person_aware').notNull(),
    lawfulBasis: text('lawful_basis').notNull(),
    status: text('status').notNull().default('new'),
    /** 'indicated' (signs) or 'known' (confirmed); both count. Set at triage. */
    certainty: text('certainty'),
    outcome: text('outcome'),
    outcomeNote: text('outcome_note'),
    triagedAt: timestamp('triaged_at', { withTimezone: true }),
    triagedByUserId: uuid('triaged_by_user_id').references(() => users.id),
    firstFeedbackAt: timestamp('first_feedback_at', { withTimezone: true }),
    source: text('source').notNull().default('web'),
    /** The sending system's own reference; makes API intake idempotent. */
    externalReference: text('external_reference'),
    submissionKey: text('submission_key'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('concerns_triage_queue_idx').on(t.areaId, t.status, t.urgent, t.submittedAt),
    index('concerns_area_time_idx').on(t.areaId, t.submittedAt),
    index('concerns_yp_idx').on(t.youngPersonId, t.submittedAt),
    index('concerns_raiser_idx').on(t.raisedByUserId, t.submittedAt),
    index('concerns_agency_idx').on(t.raisedByAgencyId, t.youngPersonId),
    index('concerns_place_idx').on(t.placeId).where(sql`${t.placeId} is not null`),
    uniqueIndex('concerns_external_ref_key').on(t.raisedByAgencyId, t.externalReference),
    uniqueIndex('concerns_submission_key').on(t.raisedByUserId, t.submissionKey),
  ],
);

/** People, vehicles, phones, accounts and places a concern mentions, as typed, with a key for automatic linking. */
export const concernMentions = pgTable(
  'concern_mentions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    concernId: uuid('concern_id').notNull().references(() => concerns.id),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    kind: text('kind').notNull(),
    asTyped: text('as_typed').notNull(),
    matchKey: text('match_key'),
  },
  (t) => [index('concern_mentions_key_idx').on(t.areaId, t.matchKey), index('concern_mentions_concern_idx').on(t.concernId)],
);

/** A question-page journey in progress, kept so the user can leave and come back. */
export const concernDrafts = pgTable(
  'concern_drafts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull().references(() => users.id),
    answers: jsonb('answers').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('concern_drafts_user_idx').on(t.userId)],
);

/** What the person who raised a concern is told, in words fit for them. */
export const feedbackMessages = pgTable(
  'feedback_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    recipientUserId: uuid('recipient_user_id').notNull().references(() => users.id),
    concernId: uuid('concern_id').references(() => concerns.id),
    kind: text('kind').notNull(),
    message: text('message').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
    /**
     * Names the step the message reports (for example `panel_discussed:<item>:<young person>`), so a
     * step reported twice – minutes saved again, a retried request – reaches each person once.
     */
    eventKey: text('event_key'),
  },
  (t) => [index('feedback_recipient_idx').on(t.recipientUserId, t.readAt), uniqueIndex('feedback_event_once').on(t.recipientUserId, t.eventKey)],
);

/**
 * Further information the referrer, or someone in their agency, adds to a concern after sending
 * it. Triage sees it as new until the coordinator has looked (`seen_at`).
 */
export const concernAdditions = pgTable(
  'concern_additions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    concernId: uuid('concern_id').notNull().references(() => concerns.id),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    details: text('details').notNull(),
    addedByUserId: uuid('added_by_user_id').notNull().references(() => users.id),
    addedByAgencyId: uuid('added_by_agency_id').notNull().references(() => agencies.id),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
    seenAt: timestamp('seen_at', { withTimezone: true }),
    seenByUserId: uuid('seen_by_user_id').references(() => users.id),
  },
  (t) => [index('concern_additions_concern_idx').on(t.concernId, t.addedAt), index('concern_additions_unseen_idx').on(t.areaId).where(sql`seen_at is null`)],
);

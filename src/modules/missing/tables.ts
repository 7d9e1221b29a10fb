import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { agencies, areas, users } from '../organisation/tables.ts';
import { youngPeople } from '../young-people/tables.ts';

/**
 * One spell of a young person being missing, or away from their placement without permission.
 * Opened when they are reported (status 'open', no return time) and closed when they come back.
 * Times are instants (timestamptz); pages show and read them in UK time.
 */
export const missingEpisodes = pgTable(
  'missing_episodes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Shown as M-<number>. */
    number: bigserial('number', { mode: 'number' }).notNull().unique(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    youngPersonId: uuid('young_person_id').notNull().references(() => youngPeople.id),
    /** 'missing' or 'away' (away from placement without permission). */
    kind: text('kind').notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    lastSeenWhere: text('last_seen_where'),
    reportedAt: timestamp('reported_at', { withTimezone: true }),
    /** Who reported them missing, in words (e.g. "night staff at the children's home"). */
    reportedBy: text('reported_by'),
    policeReference: text('police_reference'),
    lookedAfter: boolean('looked_after').notNull(),
    placement: text('placement'),
    status: text('status').notNull().default('open'),
    returnedAt: timestamp('returned_at', { withTimezone: true }),
    foundWhere: text('found_where'),
    howReturned: text('how_returned'),
    whileAway: text('while_away'),
    /** The agency that owes the return interview: it sees the interview in its queue. */
    interviewAgencyId: uuid('interview_agency_id').references(() => agencies.id),
    /** Return time plus the area's return interview hours (72 unless configured). */
    interviewDueAt: timestamp('interview_due_at', { withTimezone: true }),
    /** Set for a looked-after young person: when reported plus the area's strategy meeting hours (72 unless configured). */
    strategyMeetingDueAt: timestamp('strategy_meeting_due_at', { withTimezone: true }),
    /** 'held' or 'not_needed', recorded by the coordinator. */
    strategyMeetingOutcome: text('strategy_meeting_outcome'),
    strategyMeetingAt: timestamp('strategy_meeting_at', { withTimezone: true }),
    strategyMeetingNote: text('strategy_meeting_note'),
    strategyMeetingRecordedByUserId: uuid('strategy_meeting_recorded_by_user_id').references(() => users.id),
    /** The Lantern user who recorded the episode: told what happened next. */
    recordedByUserId: uuid('recorded_by_user_id').notNull().references(() => users.id),
    recordedByAgencyId: uuid('recorded_by_agency_id').notNull().references(() => agencies.id),
    returnRecordedByUserId: uuid('return_recorded_by_user_id').references(() => users.id),
    source: text('source').notNull().default('web'),
    /** The sending system's own reference: makes API intake idempotent. */
    externalReference: text('external_reference'),
    /** A key carried by the page's form: a form sent twice records one episode. */
    submissionKey: text('submission_key'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('missing_episodes_yp_idx').on(t.youngPersonId, t.lastSeenAt),
    index('missing_episodes_area_time_idx').on(t.areaId, t.lastSeenAt),
    index('missing_episodes_open_idx').on(t.areaId).where(sql`${t.status} = 'open'`),
    index('missing_episodes_interview_idx').on(t.interviewAgencyId, t.interviewDueAt),
    // The home page's counts and the reminders read the deadlines still open.
    index('missing_episodes_interview_due_idx').on(t.areaId, t.interviewDueAt).where(sql`${t.status} = 'returned'`),
    index('missing_episodes_meeting_due_idx').on(t.areaId, t.strategyMeetingDueAt).where(sql`${t.strategyMeetingOutcome} is null and ${t.strategyMeetingDueAt} is not null`),
    uniqueIndex('missing_episodes_external_ref_key').on(t.recordedByAgencyId, t.externalReference),
    uniqueIndex('missing_episodes_submission_key').on(t.recordedByUserId, t.submissionKey),
  ],
);

/**
 * Places, adults, other young people, vehicles and phones an episode mentions, as typed, with a
 * key so the same place or car links automatically wherever it is mentioned (as concern_mentions).
 * `context` says where in the episode it came from: found_at, found_with, while_away or interview.
 */
export const missingEpisodeMentions = pgTable(
  'missing_episode_mentions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    episodeId: uuid('episode_id').notNull().references(() => missingEpisodes.id),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    youngPersonId: uuid('young_person_id').notNull().references(() => youngPeople.id),
    kind: text('kind').notNull(),
    context: text('context').notNull(),
    asTyped: text('as_typed').notNull(),
    matchKey: text('match_key'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('missing_mentions_key_idx').on(t.areaId, t.matchKey),
    index('missing_mentions_episode_idx').on(t.episodeId),
    index('missing_mentions_yp_idx').on(t.youngPersonId, t.context),
  ],
);

/**
 * The return interview for one episode: offered (by whom, independent or not), accepted or
 * declined, and when completed what was learned.
 */
export const returnInterviews = pgTable(
  'return_interviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    episodeId: uuid('episode_id').notNull().references(() => missingEpisodes.id),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    youngPersonId: uuid('young_person_id').notNull().references(() => youngPeople.id),
    offeredAt: timestamp('offered_at', { withTimezone: true }).notNull(),
    interviewerName: text('interviewer_name').notNull(),
    interviewerAgencyId: uuid('interviewer_agency_id').references(() => agencies.id),
    /** The interviewer has no part in the young person's care or in the police search. */
    independent: boolean('independent').notNull(),
    /** 'awaiting', 'accepted' or 'declined'. */
    response: text('response').notNull(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    pushFactors: text('push_factors').array().notNull().default(sql`'{}'::text[]`),
    pullFactors: text('pull_factors').array().notNull().default(sql`'{}'::text[]`),
    whereTheyWere: text('where_they_were'),
    withWhom: text('with_whom'),
    /** 'yes', 'no'; null until completed. */
    disclosure: text('disclosure'),
    disclosureDetails: text('disclosure_details'),
    learning: text('learning'),
    recordedByUserId: uuid('recorded_by_user_id').notNull().references(() => users.id),
    recordedByAgencyId: uuid('recorded_by_agency_id').notNull().references(() => agencies.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('return_interviews_episode_key').on(t.episodeId), index('return_interviews_yp_idx').on(t.youngPersonId)],
);

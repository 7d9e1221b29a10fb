import { sql } from 'drizzle-orm';
import { bigserial, boolean, date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { agencies, areas, users } from '../organisation/tables.ts';
import { placesOfConcern } from '../intelligence/tables.ts';
import { youngPeople } from '../young-people/tables.ts';

/** A standing multi-agency meeting of an area: a SERAC, a MASE, a peer-group or location conference… */
export const panels = pgTable('panels', {
  id: uuid('id').primaryKey().defaultRandom(),
  areaId: uuid('area_id').notNull().references(() => areas.id),
  name: text('name').notNull(),
  /** One of PANEL_KINDS. */
  kind: text('kind').notNull(),
  chairAgencyId: uuid('chair_agency_id').references(() => agencies.id),
  meetsEveryDays: integer('meets_every_days'),
  /** Days after the minutes close during which members keep access to what was on the agenda. */
  accessAfterCloseDays: integer('access_after_close_days').notNull().default(30),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Standing members, each a person in an agency. Membership plus an issued agenda is a need-to-know path. */
export const panelMembers = pgTable(
  'panel_members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    panelId: uuid('panel_id').notNull().references(() => panels.id),
    userId: uuid('user_id').notNull().references(() => users.id),
    /** The agency they sit for (their own agency when added). */
    agencyId: uuid('agency_id').references(() => agencies.id),
    isChair: boolean('is_chair').notNull().default(false),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
    removedAt: timestamp('removed_at', { withTimezone: true }),
  },
  (t) => [index('panel_members_user_idx').on(t.userId, t.panelId)],
);

/**
 * One meeting. Its life: planned → agenda issued (members gain access, are told) → minutes
 * closed (minutes published to attendees; access lasts the panel's period after this).
 */
export const panelMeetings = pgTable(
  'panel_meetings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    panelId: uuid('panel_id').notNull().references(() => panels.id),
    meetsOn: date('meets_on').notNull(),
    agendaIssuedAt: timestamp('agenda_issued_at', { withTimezone: true }),
    agendaIssuedByUserId: uuid('agenda_issued_by_user_id').references(() => users.id),
    minutesClosedAt: timestamp('minutes_closed_at', { withTimezone: true }),
    minutesClosedByUserId: uuid('minutes_closed_by_user_id').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('panel_meetings_panel_idx').on(t.panelId)],
);

/** A named set of young people discussed together (friends, a group seen at one place). */
export const peerGroups = pgTable(
  'peer_groups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    name: text('name').notNull(),
    description: text('description'),
    createdByUserId: uuid('created_by_user_id').notNull().references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('peer_groups_area_idx').on(t.areaId)],
);

export const peerGroupMembers = pgTable(
  'peer_group_members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    peerGroupId: uuid('peer_group_id').notNull().references(() => peerGroups.id),
    youngPersonId: uuid('young_person_id').notNull().references(() => youngPeople.id),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
    removedAt: timestamp('removed_at', { withTimezone: true }),
  },
  (t) => [index('peer_group_members_group_idx').on(t.peerGroupId), index('peer_group_members_yp_idx').on(t.youngPersonId)],
);

/**
 * A request for a panel to discuss a young person, a peer group or a place of concern. Exactly one
 * subject column is set, matching `subject_kind`. `place_id` points at `places_of_concern`
 * (intelligence module).
 */
export const panelReferrals = pgTable(
  'panel_referrals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Shown as PR-<number>. */
    number: bigserial('number', { mode: 'number' }).notNull().unique(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    panelId: uuid('panel_id').notNull().references(() => panels.id),
    subjectKind: text('subject_kind').notNull(),
    youngPersonId: uuid('young_person_id').references(() => youngPeople.id),
    peerGroupId: uuid('peer_group_id').references(() => peerGroups.id),
    placeId: uuid('place_id').references(() => placesOfConcern.id),
    /** Where it came from: triage, assessment, lead_professional, other. */
    source: text('source').notNull(),
    reason: text('reason').notNull(),
    /** routine, soon, urgent. */
    urgency: text('urgency').notNull(),
    youngPersonViews: text('young_person_views'),
    familyViews: text('family_views'),
    /** pending, accepted, declined, withdrawn. */
    status: text('status').notNull().default('pending'),
    decisionReason: text('decision_reason'),
    decidedByUserId: uuid('decided_by_user_id').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    referredByUserId: uuid('referred_by_user_id').notNull().references(() => users.id),
    referredByAgencyId: uuid('referred_by_agency_id').notNull().references(() => agencies.id),
    referredAt: timestamp('referred_at', { withTimezone: true }).notNull().defaultNow(),
    /** When a meeting first recorded a decision on it: "time from referral to discussion". */
    discussedAt: timestamp('discussed_at', { withTimezone: true }),
  },
  (t) => [
    index('panel_referrals_panel_idx').on(t.panelId, t.status),
    index('panel_referrals_pending_idx').on(t.areaId, t.referredAt).where(sql`${t.status} = 'pending'`),
    index('panel_referrals_yp_idx').on(t.youngPersonId),
    index('panel_referrals_referrer_idx').on(t.referredByUserId),
  ],
);

export const agendaItems = pgTable(
  'agenda_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id').notNull().references(() => panelMeetings.id),
    /** young_person, peer_group or place; the matching column below is set. */
    subjectKind: text('subject_kind').notNull().default('young_person'),
    youngPersonId: uuid('young_person_id').references(() => youngPeople.id),
    peerGroupId: uuid('peer_group_id').references(() => peerGroups.id),
    placeId: uuid('place_id').references(() => placesOfConcern.id),
    position: integer('position').notNull().default(0),
    /** referral, review (a review falling due) or deferred (carried from an earlier meeting). */
    origin: text('origin').notNull().default('referral'),
    referralId: uuid('referral_id').references(() => panelReferrals.id),
    /** The earlier meeting's item this one carries on, when deferred. */
    carriedFromItemId: uuid('carried_from_item_id'),
    urgency: text('urgency').notNull().default('routine'),
    notes: text('notes'),
    /** null until the meeting: decided or deferred. */
    outcome: text('outcome'),
    levelAgreed: text('level_agreed'),
    plan: text('plan'),
    disruption: text('disruption'),
    childProtectionReferral: boolean('child_protection_referral'),
    nextReviewOn: date('next_review_on'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedByUserId: uuid('decided_by_user_id').references(() => users.id),
    /** Set when the item was added after the agenda was issued: the agenda marks it late. */
    addedLateAt: timestamp('added_late_at', { withTimezone: true }),
  },
  (t) => [index('agenda_items_yp_idx').on(t.youngPersonId, t.meetingId), index('agenda_items_group_idx').on(t.peerGroupId, t.meetingId), index('agenda_items_meeting_idx').on(t.meetingId, t.position)],
);

/** Who came (or sent apologies), for which agency. */
export const meetingAttendance = pgTable(
  'meeting_attendance',
  {
    meetingId: uuid('meeting_id').notNull().references(() => panelMeetings.id),
    userId: uuid('user_id').notNull().references(() => users.id),
    agencyId: uuid('agency_id').notNull().references(() => agencies.id),
    /** present or apologies. */
    status: text('status').notNull(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.userId] })],
);

/** An action agreed at a meeting: an owner (agency, optionally a person), a due date and a status. */
export const panelActions = pgTable(
  'panel_actions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Shown as A-<number>. */
    number: bigserial('number', { mode: 'number' }).notNull().unique(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    meetingId: uuid('meeting_id').notNull().references(() => panelMeetings.id),
    agendaItemId: uuid('agenda_item_id').notNull().references(() => agendaItems.id),
    /** The young person it is about, when the item is a young person (chronology on completion). */
    youngPersonId: uuid('young_person_id').references(() => youngPeople.id),
    description: text('description').notNull(),
    ownerAgencyId: uuid('owner_agency_id').notNull().references(() => agencies.id),
    ownerUserId: uuid('owner_user_id').references(() => users.id),
    dueOn: date('due_on').notNull(),
    /** open, done or cancelled. */
    status: text('status').notNull().default('open'),
    whatWasDone: text('what_was_done'),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    completedByUserId: uuid('completed_by_user_id').references(() => users.id),
    createdByUserId: uuid('created_by_user_id').notNull().references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('panel_actions_owner_agency_idx').on(t.ownerAgencyId, t.status, t.dueOn),
    index('panel_actions_open_due_idx').on(t.areaId, t.dueOn).where(sql`${t.status} = 'open'`),
    index('panel_actions_owner_user_idx').on(t.ownerUserId, t.status),
    index('panel_actions_item_idx').on(t.agendaItemId),
    index('panel_actions_yp_idx').on(t.youngPersonId),
  ],
);

/** In-app notice to a member that an agenda was issued or minutes published; says nothing personal. */
export const panelNotices = pgTable(
  'panel_notices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    recipientUserId: uuid('recipient_user_id').notNull().references(() => users.id),
    meetingId: uuid('meeting_id').notNull().references(() => panelMeetings.id),
    /** agenda, late (items added after issue; raised again, unread, for each later addition) or minutes. */
    kind: text('kind').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [index('panel_notices_recipient_idx').on(t.recipientUserId, t.readAt), uniqueIndex('panel_notices_once').on(t.recipientUserId, t.meetingId, t.kind)],
);

import { bigserial, date, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { agencies, areas, users } from '../organisation/tables.ts';
import { youngPeople } from '../young-people/tables.ts';
import { concerns } from '../concerns/tables.ts';
import { agendaItems } from '../panels/tables.ts';

/**
 * One period of CSE work that has ended: from the day it opened to the day it closed, why, at what
 * level, what the young person and their family said, and who agreed it (decision record
 * 0028). Written only by `writeClosure` (moving-on/periods.ts), which also sets
 * `young_people.closed_on`; never changed afterwards.
 */
export const cseClosures = pgTable(
  'cse_closures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Shown as CL-<number>. */
    number: bigserial('number', { mode: 'number' }).notNull().unique(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    youngPersonId: uuid('young_person_id').notNull().references(() => youngPeople.id),
    /** The first day of the period that this closure ends (the record's opened_on then). */
    openedOn: date('opened_on').notNull(),
    closedOn: date('closed_on').notNull(),
    /** One of CLOSURE_REASONS (vocab.ts). */
    reason: text('reason').notNull(),
    /** Required when the reason is 'other'. */
    reasonDetails: text('reason_details'),
    /** The record's current level of risk when it was closed (null: never assessed). */
    levelAtClosure: text('level_at_closure'),
    youngPersonViews: text('young_person_views').notNull(),
    familyViews: text('family_views').notNull(),
    /** 'coordinator' or 'panel'. */
    agreedBy: text('agreed_by').notNull(),
    /** For a panel decision: the agenda item about this young person, when there is one. */
    agendaItemId: uuid('agenda_item_id').references(() => agendaItems.id),
    /** For a panel decision: the day of the meeting. */
    panelDecidedOn: date('panel_decided_on'),
    closedByUserId: uuid('closed_by_user_id').notNull().references(() => users.id),
    closedByAgencyId: uuid('closed_by_agency_id').notNull().references(() => agencies.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('cse_closures_yp_idx').on(t.youngPersonId, t.closedOn), index('cse_closures_area_idx').on(t.areaId, t.closedOn)],
);

/**
 * CSE work opened again after a closure: the new period starts on `reopenedOn`. Written only by
 * `writeReopening` (moving-on/periods.ts), which clears `young_people.closed_on` and sets its
 * `opened_on` to this day.
 */
export const cseReopenings = pgTable(
  'cse_reopenings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    youngPersonId: uuid('young_person_id').notNull().references(() => youngPeople.id),
    /** The closure this re-opening follows. */
    closureId: uuid('closure_id').notNull().references(() => cseClosures.id),
    reopenedOn: date('reopened_on').notNull(),
    reason: text('reason').notNull(),
    /** The new concern that led to it, when there was one. */
    concernId: uuid('concern_id').references(() => concerns.id),
    reopenedByUserId: uuid('reopened_by_user_id').notNull().references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('cse_reopenings_yp_idx').on(t.youngPersonId, t.reopenedOn), uniqueIndex('cse_reopenings_closure_key').on(t.closureId)],
);

/**
 * The plan for a young person's move to adult life and adult services, from the age the area sets
 * (17 by default) to their deadline (the 18th birthday unless changed). One per young person, kept
 * up to date.
 */
export const transitionPlans = pgTable(
  'transition_plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    youngPersonId: uuid('young_person_id').notNull().references(() => youngPeople.id),
    /** Who in adult services: a name, a team, or both, as typed. */
    adultServicesContact: text('adult_services_contact'),
    /** One of ADULT_SAFEGUARDING (vocab.ts). */
    adultSafeguarding: text('adult_safeguarding').notNull(),
    adultSafeguardingReferredOn: date('adult_safeguarding_referred_on'),
    housing: text('housing'),
    health: text('health'),
    leavingCare: text('leaving_care'),
    wishes: text('wishes').notNull(),
    deadline: date('deadline').notNull(),
    createdByUserId: uuid('created_by_user_id').notNull().references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedByUserId: uuid('updated_by_user_id').notNull().references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('transition_plans_yp_key').on(t.youngPersonId), index('transition_plans_area_deadline_idx').on(t.areaId, t.deadline)],
);

/**
 * The coordinator's decision, once a young person open to CSE work has turned 18, to keep the work
 * open, with the reason. (Closing is a closure with the reason 'turned_18'.) Lantern never closes a
 * record by itself at 18.
 */
export const transitionDecisions = pgTable(
  'transition_decisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    areaId: uuid('area_id').notNull().references(() => areas.id),
    youngPersonId: uuid('young_person_id').notNull().references(() => youngPeople.id),
    decidedOn: date('decided_on').notNull(),
    reason: text('reason').notNull(),
    decidedByUserId: uuid('decided_by_user_id').notNull().references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('transition_decisions_yp_idx').on(t.youngPersonId, t.decidedOn)],
);

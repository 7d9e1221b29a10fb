import { date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { agencies, areas, users } from '../organisation/tables.ts';
import { youngPeople } from '../young-people/tables.ts';

export const panels = pgTable('panels', {
  id: uuid('id').primaryKey().defaultRandom(),
  areaId: uuid('area_id').notNull().references(() => areas.id),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  chairAgencyId: uuid('chair_agency_id').references(() => agencies.id),
  meetsEveryDays: integer('meets_every_days'),
  /** Days after the minutes close during which members keep access to what was on the agenda. */
  accessAfterCloseDays: integer('access_after_close_days').notNull().default(30),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const panelMembers = pgTable(
  'panel_members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    panelId: uuid('panel_id').notNull().references(() => panels.id),
    userId: uuid('user_id').notNull().references(() => users.id),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
    removedAt: timestamp('removed_at', { withTimezone: true }),
  },
  (t) => [index('panel_members_user_idx').on(t.userId, t.panelId)],
);

export const panelMeetings = pgTable(
  'panel_meetings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    panelId: uuid('panel_id').notNull().references(() => panels.id),
    meetsOn: date('meets_on').notNull(),
    agendaIssuedAt: timestamp('agenda_issued_at', { withTimezone: true }),
    minutesClosedAt: timestamp('minutes_closed_at', { withTimezone: true }),
  },
  (t) => [index('panel_meetings_panel_idx').on(t.panelId)],
);

export const agendaItems = pgTable(
  'agenda_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id').notNull().references(() => panelMeetings.id),
    youngPersonId: uuid('young_person_id').references(() => youngPeople.id),
    position: integer('position').notNull().default(0),
  },
  (t) => [index('agenda_items_yp_idx').on(t.youngPersonId, t.meetingId)],
);

/**
 * The triage module's part of the working day: concerns waiting for triage against the area's
 * target (the coordinator), and unread updates on the concerns a person raised (everyone else).
 */
import { and, count, eq, isNull, min } from 'drizzle-orm';
import type { WorkCounts, Worklist } from '../../platform/modules.ts';
import { CASEWORK_ROLES, COORDINATOR_ROLES } from '../../platform/auth/roles.ts';
import { now } from '../../platform/time.ts';
import { feedbackMessages } from '../concerns/tables.ts';
import { queueCounts } from './queue.ts';
import { triageSettingsForArea } from './settings.ts';

export const triageWorklist: Worklist = {
  id: 'triageWork',
  roles: COORDINATOR_ROLES,
  async load(request): Promise<WorkCounts> {
    const user = request.user!;
    const db = request.server.lantern.database.db;
    const settings = await triageSettingsForArea(db, user.areaId);
    const c = await queueCounts(db, user.areaId, settings, now());
    return {
      heading: 'Concerns to triage',
      counts: [
        { label: 'concerns waiting for triage', one: 'concern waiting for triage', count: c.waiting, href: '/triage', oldest: c.oldest },
        { label: `waiting longer than the target of ${settings.targetWorkingHours} working hours`, count: c.overTarget, href: '/triage?show=late', late: true, oldest: c.oldest },
        { label: 'marked urgent', count: c.urgent, href: '/triage?show=urgent', late: true },
      ],
    };
  },
};

export const updatesWorklist: Worklist = {
  id: 'concernUpdates',
  roles: CASEWORK_ROLES.filter((r) => r !== 'coordinator'),
  async load(request): Promise<WorkCounts | null> {
    const user = request.user!;
    const [row] = await request.server.lantern.database.db
      .select({ n: count(), oldest: min(feedbackMessages.createdAt) })
      .from(feedbackMessages)
      .where(and(eq(feedbackMessages.recipientUserId, user.userId), isNull(feedbackMessages.readAt)));
    const n = Number(row?.n ?? 0);
    if (n === 0) return null;
    return { heading: 'Updates for you', counts: [{ label: 'unread updates on concerns you raised and reminders', one: 'unread update on a concern you raised or reminder', count: n, href: '/my-concerns', oldest: row?.oldest ? new Date(row.oldest) : null }] };
  },
};

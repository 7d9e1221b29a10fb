/**
 * Reminders of deadlines (decision record 0019). Every module's `deadlines` are read for each area;
 * a deadline within the area's "due soon" time gets one due-soon reminder, a passed one one overdue
 * reminder, to its owner. A reminder is a message in the owner's updates (My concerns, the header's
 * count and their home page) and, when SMTP is set up, an email saying only that there is one.
 */
import { and, eq, inArray, type SQL } from 'drizzle-orm';
import { auditedCommand, type RequestContext } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/database.ts';
import { canSendMail, linkTo, sendMail, type MailOptions } from '../../platform/mail.ts';
import { contributions, installedModules, type Deadline, type DeadlineSource, type JobContext, type LanternModule, type ScheduledJob } from '../../platform/modules.ts';
import { formatDateTime } from '../../platform/views/filters.ts';
import { notify } from '../concerns/index.ts';
import { areas, users } from '../organisation/tables.ts';
import { dueSoonHoursFrom } from './settings.ts';
import { remindersSent } from './tables.ts';

const SYSTEM: RequestContext = { actor: null, ip: null, requestId: 'reminders' };
const HOUR_MS = 3_600_000;

export type ReminderKind = 'due_soon' | 'overdue';

export const REMINDER_EMAIL_SUBJECT = 'A reminder from Lantern';

/** The whole email: no names, no references, nothing from a record. */
export function reminderEmailText(publicUrl: string | undefined): string {
  const link = publicUrl ? `\n\n${linkTo({ publicUrl }, '/my-concerns')}` : '';
  return `Something you or your agency are responsible for in Lantern is due soon or overdue – sign in to see what.${link}\n\nThis email was sent automatically. Do not reply to it.`;
}

export function reminderMessage(source: DeadlineSource, deadline: Deadline, kind: ReminderKind): string {
  const when = formatDateTime(deadline.dueAt);
  return kind === 'overdue'
    ? `Overdue: ${source.label} (${deadline.reference}) was due by ${when}.`
    : `Due soon: ${source.label} (${deadline.reference}) is due by ${when}.`;
}

/**
 * The people a deadline's reminder goes to. An agency is reached through its agency leads, or its
 * practitioners when it has none; a deadline nobody holds goes to the area's coordinator.
 */
async function recipientsOf(tx: Db, areaId: string, deadline: Deadline): Promise<string[]> {
  const active = and(eq(users.areaId, areaId), eq(users.active, true));
  const ids = async (condition: SQL | undefined) => (await tx.select({ id: users.id }).from(users).where(and(active, condition))).map((u) => u.id);
  const found = new Set<string>();
  if (deadline.ownerUserIds?.length) for (const id of await ids(inArray(users.id, deadline.ownerUserIds))) found.add(id);
  if (deadline.ownerRoles?.length) {
    const agency = deadline.ownerAgencyId ? eq(users.agencyId, deadline.ownerAgencyId) : undefined;
    let holders = await ids(and(inArray(users.role, [...deadline.ownerRoles]), agency));
    if (!holders.length && agency) holders = await ids(and(eq(users.role, 'practitioner'), agency));
    for (const id of holders) found.add(id);
  }
  return found.size ? [...found] : ids(eq(users.role, 'coordinator'));
}

class AlreadySent extends Error {}

/** Sends one reminder unless it has been sent; true when this call sent it. */
async function remindOnce(db: Db, areaId: string, source: DeadlineSource, deadline: Deadline, kind: ReminderKind, at: Date): Promise<string[] | null> {
  try {
    return await auditedCommand(db, SYSTEM, { action: 'create', recordKind: 'reminder', details: { areaId, deadlineKind: source.kind, deadlineId: deadline.id, reminderKind: kind } }, async (tx) => {
      const recipients = await recipientsOf(tx, areaId, deadline);
      const [row] = await tx
        .insert(remindersSent)
        .values({ areaId, deadlineKind: source.kind, deadlineId: deadline.id, dueAt: deadline.dueAt, reminderKind: kind, recipients: recipients.length, sentAt: at })
        .onConflictDoNothing()
        .returning({ id: remindersSent.id });
      // Another instance sent it first: undo this transaction, audit row included.
      if (!row) throw new AlreadySent();
      await notify(tx, { recipientUserIds: recipients, kind: 'reminder', message: reminderMessage(source, deadline, kind) });
      return recipients;
    });
  } catch (error) {
    if (error instanceof AlreadySent) return null;
    throw error;
  }
}

async function emailReminders(db: Db, mail: MailOptions, recipientIds: string[]): Promise<void> {
  if (!recipientIds.length || !canSendMail(mail)) return;
  const recipients = await db.select({ email: users.email }).from(users).where(and(inArray(users.id, [...new Set(recipientIds)]), eq(users.active, true)));
  await sendMail(mail, recipients.map((r) => r.email), REMINDER_EMAIL_SUBJECT, reminderEmailText(mail.publicUrl), { reminders: recipientIds.length });
}

/** One pass over every area's deadlines; returns how many reminders this pass sent. */
export async function sendDueReminders(context: Pick<JobContext, 'db' | 'now' | 'mail'>, modules: readonly LanternModule[] = installedModules()): Promise<number> {
  const { db, now: at } = context;
  const sources = contributions('deadlines', modules);
  let sent = 0;
  const notified: string[] = [];
  for (const area of await db.select({ id: areas.id, settings: areas.settings }).from(areas)) {
    const horizon = new Date(at.getTime() + dueSoonHoursFrom(area.settings) * HOUR_MS);
    for (const source of sources) {
      const deadlines = await source.due(db, area.id, horizon);
      if (!deadlines.length) continue;
      const already = await db
        .select({ id: remindersSent.deadlineId, dueAt: remindersSent.dueAt, kind: remindersSent.reminderKind })
        .from(remindersSent)
        .where(and(eq(remindersSent.deadlineKind, source.kind), inArray(remindersSent.deadlineId, deadlines.map((d) => d.id))));
      const done = new Set(already.map((r) => `${r.id} ${r.dueAt.getTime()} ${r.kind}`));
      for (const deadline of deadlines) {
        const kind: ReminderKind = deadline.dueAt.getTime() <= at.getTime() ? 'overdue' : 'due_soon';
        if (done.has(`${deadline.id} ${deadline.dueAt.getTime()} ${kind}`)) continue;
        const recipients = await remindOnce(db, area.id, source, deadline, kind, at);
        if (recipients) {
          sent++;
          notified.push(...recipients);
        }
      }
    }
  }
  await emailReminders(db, context.mail, notified);
  return sent;
}

export const remindersJob: ScheduledJob = {
  name: 'reminders',
  everySeconds: 300,
  async run(context) {
    const sent = await sendDueReminders(context);
    if (sent) context.log.info({ reminders: sent }, 'reminders sent');
  },
};

import { and, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { canSendMail, linkTo, sendMail, type MailOptions } from '../../platform/mail.ts';
import type { Db } from '../../platform/db/database.ts';
import { users } from '../organisation/tables.ts';
import { concerns, feedbackMessages } from './tables.ts';

/**
 * Feedback to the person who raised a concern: the step practitioners say never comes.
 *
 * Every message is stored (the "My concerns" page reads them, with unread counts in the header);
 * when SMTP is configured the recipient also gets an email that says only that there is an update,
 * with no personal data, sent after the transaction that wrote the message has committed.
 *
 * How other modules report a later step on a concern:
 *
 *   const sent = await auditedCommand(db, ctx, entry, async (tx) => {
 *     … the change …
 *     return notifyConcernRaisers(tx, youngPersonId, 'panel', (c) => `The panel discussed … your concern ${c.reference} …`, `panel_discussed:${itemId}:${youngPersonId}`);
 *   });
 *   emailFeedbackAfterCommit(db, mailOptions(app.lantern.config, request.log), sent);
 */

export async function unreadFeedbackCount(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(feedbackMessages)
    .where(and(eq(feedbackMessages.recipientUserId, userId), isNull(feedbackMessages.readAt)));
  return Number(row?.n ?? 0);
}

/** Kinds of feedback, as headings on "My concerns". Later modules add theirs. */
export const FEEDBACK_KINDS: Record<string, string> = {
  triage: 'Triage decision',
  triage_outcome: 'Triage decision',
  assessment: 'Risk assessment',
  panel: 'Multi-agency panel',
  panel_accepted: 'Multi-agency panel: referral accepted',
  panel_declined: 'Multi-agency panel: referral declined',
  panel_referral: 'Referral to a panel',
  action: 'Actions for your agency',
  closure: 'Case closed',
  update: 'Update',
  missing_returned: 'Missing episode: returned',
  missing_interview_offered: 'Missing episode: return interview offered',
  missing_interview_declined: 'Missing episode: return interview declined',
  missing_interview_completed: 'Missing episode: return interview held',
  missing_strategy_meeting: 'Missing episode: strategy meeting',
  emergency_access_limit: 'Emergency access limit reached',
  reminder: 'Reminder',
};

export function feedbackKindLabel(kind: string): string {
  return FEEDBACK_KINDS[kind] ?? FEEDBACK_KINDS.update!;
}

/**
 * What a concern's status becomes when the referrer is told of a later step. The status on
 * "My concerns" follows the newest of these; kinds not listed (an action for their agency, say) add
 * to the updates without changing the status. Triage is read from the concern's own outcome.
 */
export const REFERRER_STATUS_FROM_KIND: Record<string, { text: string; colour: string }> = {
  assessment: { text: 'Risk assessment completed', colour: 'green' },
  panel_accepted: { text: 'Accepted for a multi-agency panel', colour: 'turquoise' },
  panel_declined: { text: 'Not taken to a multi-agency panel', colour: 'grey' },
  panel: { text: 'Discussed at panel', colour: 'purple' },
  closure: { text: 'Closed', colour: 'grey' },
};

export const MAX_FEEDBACK_LENGTH = 25_000;

/** One stored message; pass these to `emailFeedbackAfterCommit` once the transaction has committed. */
export interface FeedbackSent {
  feedbackId: string;
  recipientUserId: string;
  /** Null for an update about something else they reported (a panel referral, say). */
  concernId: string | null;
}

/** A message for people's updates (My concerns, and the header's unread count). */
export interface Notice {
  recipientUserIds: readonly string[];
  /** A lower-case word naming what happened; FEEDBACK_KINDS labels it on My concerns. */
  kind: string;
  /** Words fit for the recipient: what was done and when, never details from a record they may not see. */
  message: string;
  /** The concern it is about; null for other things a person reported (an episode, a referral) or alerts. */
  concernId?: string | null;
  /** Who did the step; they are not told about their own action. */
  actorUserId?: string | null;
  /**
   * Names the step, so that reporting it again tells nobody twice (see feedback_messages.event_key).
   * Without one every call writes a message.
   */
  eventKey?: string | null;
}

/**
 * The one way a person is told something in Lantern: a row in their updates, written inside the
 * caller's transaction so it exists only if the step it reports does. Email, when set up, follows
 * after commit (`emailFeedbackAfterCommit`) and says only that there is an update.
 */
export interface Notified {
  feedbackId: string;
  recipientUserId: string;
  createdAt: Date;
}

export async function notify(tx: Db, notice: Notice): Promise<Notified[]> {
  const message = notice.message.trim();
  if (!message) throw new Error('A notice needs a message');
  if (message.length > MAX_FEEDBACK_LENGTH) throw new Error('A notice message is too long');
  if (!/^[a-z][a-z0-9_]{0,40}$/.test(notice.kind)) throw new Error('A notice kind must be a lower-case word');
  const recipients = [...new Set(notice.recipientUserIds)].filter((id) => id !== notice.actorUserId);
  if (!recipients.length) return [];
  const concernId = notice.concernId ?? null;
  const eventKey = notice.eventKey ?? null;
  const insert = tx.insert(feedbackMessages).values(recipients.map((recipientUserId) => ({ recipientUserId, concernId, kind: notice.kind, message, eventKey })));
  // Someone already told of this step is left out; the others are still told.
  const written = await (eventKey ? insert.onConflictDoNothing() : insert)
    .returning({ id: feedbackMessages.id, recipientUserId: feedbackMessages.recipientUserId, createdAt: feedbackMessages.createdAt });
  return written.map((row) => ({ feedbackId: row.id, recipientUserId: row.recipientUserId, createdAt: row.createdAt }));
}

export interface FeedbackInput {
  concernId: string;
  /** One of FEEDBACK_KINDS (or a later module's own). */
  kind: string;
  /** Words fit for the referrer: what they already know and what was decided, never details from the record. */
  message: string;
  /** Names the step (see `Notice.eventKey`): a second report of it sends nothing. */
  eventKey?: string | null;
}

/**
 * Writes a message to whoever raised the concern, inside the caller's transaction, and starts the
 * clock stopping: `concerns.first_feedback_at` is set by the first message (what the coordinator's
 * "time to first feedback" measures). Null when the step named by `eventKey` was reported already.
 */
export async function sendFeedback(tx: Db, input: FeedbackInput): Promise<FeedbackSent | null> {
  const [concern] = await tx.select({ raisedByUserId: concerns.raisedByUserId }).from(concerns).where(eq(concerns.id, input.concernId));
  if (!concern) throw new Error('Feedback for a concern that does not exist');
  const [sent] = await notify(tx, { recipientUserIds: [concern.raisedByUserId], concernId: input.concernId, kind: input.kind, message: input.message, eventKey: input.eventKey });
  if (!sent) return null;
  await tx
    .update(concerns)
    .set({ firstFeedbackAt: sent!.createdAt })
    .where(and(eq(concerns.id, input.concernId), isNull(concerns.firstFeedbackAt)));
  return { feedbackId: sent!.feedbackId, recipientUserId: sent!.recipientUserId, concernId: input.concernId };
}

/** What `notifyConcernRaisers` tells its caller about each concern it may write to. */
export interface RaisedConcern {
  id: string;
  number: number;
  /** C-<number>, as the referrer saw it on their confirmation page. */
  reference: string;
  raisedByUserId: string;
  raisedByAgencyId: string;
  submittedAt: Date;
  status: string;
  outcome: string | null;
}

/**
 * Reports a later step about a young person (risk assessment completed, panel decision, case
 * closed…) to everyone who raised a concern about them. Each person hears once, against their most
 * recent concern about that young person; `messageFor` words it for that concern, or returns null
 * to leave that person out. Runs inside the caller's transaction. `eventKey` names the step for
 * this young person: when given, reporting the same step again tells nobody twice.
 */
export async function notifyConcernRaisers(
  tx: Db,
  youngPersonId: string,
  kind: string,
  messageFor: (concern: RaisedConcern) => string | null,
  eventKey?: string,
): Promise<FeedbackSent[]> {
  const raised = await tx
    .selectDistinctOn([concerns.raisedByUserId], {
      id: concerns.id,
      number: concerns.number,
      raisedByUserId: concerns.raisedByUserId,
      raisedByAgencyId: concerns.raisedByAgencyId,
      submittedAt: concerns.submittedAt,
      status: concerns.status,
      outcome: concerns.outcome,
    })
    .from(concerns)
    .where(eq(concerns.youngPersonId, youngPersonId))
    .orderBy(concerns.raisedByUserId, desc(concerns.submittedAt), desc(concerns.number));
  const sent: FeedbackSent[] = [];
  for (const concern of raised) {
    const message = messageFor({ ...concern, reference: concernReference(concern.number) });
    const told = message ? await sendFeedback(tx, { concernId: concern.id, kind, message, eventKey }) : null;
    if (told) sent.push(told);
  }
  return sent;
}

export function concernReference(number: number): string {
  return `C-${number}`;
}

/** Marks messages read for their recipient only; returns how many changed. */
export async function markFeedbackRead(tx: Db, userId: string, feedbackIds: string[]): Promise<number> {
  if (!feedbackIds.length) return 0;
  const changed = await tx
    .update(feedbackMessages)
    .set({ readAt: sql`now()` })
    .where(and(eq(feedbackMessages.recipientUserId, userId), inArray(feedbackMessages.id, feedbackIds), isNull(feedbackMessages.readAt)))
    .returning({ id: feedbackMessages.id });
  return changed.length;
}

// ---- Email: a nudge to sign in, never the message itself. ----

export const FEEDBACK_EMAIL_SUBJECT = 'Update on a concern you raised in Lantern';

/** The whole email. It carries no names, no reference, nothing from the concern. */
export function feedbackEmailText(publicUrl: string | undefined): string {
  const link = publicUrl ? `\n\n${linkTo({ publicUrl }, '/my-concerns')}` : '';
  return `There is an update on a concern you raised in Lantern – sign in to read it.${link}\n\nThis email was sent automatically. Do not reply to it.`;
}

/**
 * Emails each recipient once. Call only after the transaction that stored the messages has
 * committed. Never throws: a failure is logged with a code and the message id, nothing personal.
 */
export async function emailFeedbackNotices(db: Db, options: MailOptions, sent: FeedbackSent[]): Promise<number> {
  if (!canSendMail(options) || !sent.length) return 0;
  try {
    const recipientIds = [...new Set(sent.map((s) => s.recipientUserId))];
    const recipients = await db.select({ email: users.email }).from(users).where(and(inArray(users.id, recipientIds), eq(users.active, true)));
    return await sendMail(options, recipients.map((r) => r.email), FEEDBACK_EMAIL_SUBJECT, feedbackEmailText(options.publicUrl), { feedbackIds: sent.map((s) => s.feedbackId) });
  } catch (error) {
    options.log?.warn({ code: (error as { code?: string }).code ?? 'unknown' }, 'feedback emails could not be prepared');
    return 0;
  }
}

/** Starts the emails without making the request wait for the mail server. */
export function emailFeedbackAfterCommit(db: Db, options: MailOptions, sent: FeedbackSent[]): void {
  if (!sent.length || !canSendMail(options)) return;
  void emailFeedbackNotices(db, options, sent);
}

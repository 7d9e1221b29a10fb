import { and, eq, inArray } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import type { Db } from '../../platform/db/database.ts';
import { users } from '../organisation/tables.ts';
import type { FeedbackMailOptions } from '../concerns/feedback.ts';

/**
 * Email to panel members that an agenda was issued or minutes published: a nudge to sign in, with
 * nothing personal (no panel business, no names). Sent only when SMTP is configured, after the
 * transaction that stored the in-app notices has committed. Never throws.
 */
export const NOTICE_SUBJECTS = { agenda: 'A panel agenda has been issued in Lantern', minutes: 'Panel minutes have been published in Lantern' } as const;

export function noticeEmailText(kind: keyof typeof NOTICE_SUBJECTS, publicUrl: string | undefined): string {
  const link = publicUrl ? `\n\n${publicUrl.replace(/\/+$/, '')}/panels` : '';
  const what = kind === 'agenda' ? 'An agenda for a panel you sit on has been issued' : 'The minutes of a panel meeting you attended have been published';
  return `${what} – sign in to Lantern to read it.${link}\n\nThis email was sent automatically. Do not reply to it.`;
}

export async function emailNotices(db: Db, options: FeedbackMailOptions, recipientIds: string[], kind: keyof typeof NOTICE_SUBJECTS): Promise<number> {
  if (!recipientIds.length || (!options.smtpUrl && !options.transport)) return 0;
  let delivered = 0;
  try {
    const transport = options.transport ?? (nodemailer.createTransport(options.smtpUrl!) as unknown as NonNullable<FeedbackMailOptions['transport']>);
    const recipients = await db.select({ email: users.email }).from(users).where(and(inArray(users.id, [...new Set(recipientIds)]), eq(users.active, true)));
    let host = 'lantern.invalid';
    try {
      if (options.publicUrl) host = new URL(options.publicUrl).hostname || host;
    } catch {
      // an unusable PUBLIC_URL only changes the sender address
    }
    for (const r of recipients) {
      try {
        await transport.sendMail({ from: `Lantern <no-reply@${host}>`, to: r.email, subject: NOTICE_SUBJECTS[kind], text: noticeEmailText(kind, options.publicUrl) });
        delivered++;
      } catch (error) {
        options.log?.warn({ kind, code: (error as { code?: string }).code ?? 'unknown' }, 'panel notice email could not be sent');
      }
    }
  } catch (error) {
    options.log?.warn({ kind, code: (error as { code?: string }).code ?? 'unknown' }, 'panel notice emails could not be prepared');
  }
  return delivered;
}

export function emailNoticesAfterCommit(db: Db, options: FeedbackMailOptions, recipientIds: string[], kind: keyof typeof NOTICE_SUBJECTS): void {
  if (!recipientIds.length || (!options.smtpUrl && !options.transport)) return;
  void emailNotices(db, options, recipientIds, kind);
}

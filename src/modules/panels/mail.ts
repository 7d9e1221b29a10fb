import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { users } from '../organisation/tables.ts';
import { canSendMail, linkTo, sendMail, type MailOptions } from '../../platform/mail.ts';

/**
 * Email to panel members that an agenda was issued or minutes published: a nudge to sign in, with
 * nothing personal (no panel business, no names). Sent only when SMTP is configured, after the
 * transaction that stored the in-app notices has committed. Never throws.
 */
export const NOTICE_SUBJECTS = {
  agenda: 'A panel agenda has been issued in Lantern',
  late: 'A panel agenda has changed in Lantern',
  minutes: 'Panel minutes have been published in Lantern',
} as const;

const NOTICE_WORDS: Record<keyof typeof NOTICE_SUBJECTS, string> = {
  agenda: 'An agenda for a panel you sit on has been issued',
  late: 'An item has been added to the agenda of a panel you sit on, after the agenda was issued',
  minutes: 'The minutes of a panel meeting you attended have been published',
};

export function noticeEmailText(kind: keyof typeof NOTICE_SUBJECTS, publicUrl: string | undefined): string {
  const link = publicUrl ? `\n\n${linkTo({ publicUrl }, '/panels')}` : '';
  return `${NOTICE_WORDS[kind]} – sign in to Lantern to read it.${link}\n\nThis email was sent automatically. Do not reply to it.`;
}

export async function emailNotices(db: Db, options: MailOptions, recipientIds: string[], kind: keyof typeof NOTICE_SUBJECTS): Promise<number> {
  if (!recipientIds.length || !canSendMail(options)) return 0;
  try {
    const recipients = await db.select({ email: users.email }).from(users).where(and(inArray(users.id, [...new Set(recipientIds)]), eq(users.active, true)));
    return await sendMail(options, recipients.map((r) => r.email), NOTICE_SUBJECTS[kind], noticeEmailText(kind, options.publicUrl), { kind });
  } catch (error) {
    options.log?.warn({ kind, code: (error as { code?: string }).code ?? 'unknown' }, 'panel notice emails could not be prepared');
    return 0;
  }
}

export function emailNoticesAfterCommit(db: Db, options: MailOptions, recipientIds: string[], kind: keyof typeof NOTICE_SUBJECTS): void {
  if (!recipientIds.length || !canSendMail(options)) return;
  void emailNotices(db, options, recipientIds, kind);
}

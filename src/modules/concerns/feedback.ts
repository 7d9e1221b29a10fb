import { and, count, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { feedbackMessages } from './tables.ts';

export async function unreadFeedbackCount(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(feedbackMessages)
    .where(and(eq(feedbackMessages.recipientUserId, userId), isNull(feedbackMessages.readAt)));
  return row?.n ?? 0;
}

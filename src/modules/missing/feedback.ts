import type { Db } from '../../platform/db/database.ts';
import { feedbackMessages } from '../concerns/tables.ts';

/**
 * Tells the person who reported an episode what happened next (return, interview, strategy
 * meeting), inside the caller's transaction. Nothing is sent when they did the step themselves.
 * Messages say what step was taken and when; never free text from the record.
 *
 * TODO(feedback API): the shared feedback/notify API (src/modules/concerns/feedback.ts, being
 * finished on main) is not in this branch yet. Once it is merged, replace this insert with a call
 * to it so episode outcomes get the same unread counts, email and "first feedback" timing as
 * concerns. Until then it writes `feedback_messages` rows directly, with no concern id.
 */
export async function notifyReporter(tx: Db, reporterUserId: string, actorUserId: string | null, kind: string, message: string): Promise<boolean> {
  if (reporterUserId === actorUserId) return false;
  await tx.insert(feedbackMessages).values({ recipientUserId: reporterUserId, concernId: null, kind: `missing_${kind}`, message });
  return true;
}

import type { Db } from '../../platform/db/database.ts';
import { notify } from '../concerns/index.ts';

/**
 * Tells the person who reported an episode what happened next (return, interview, strategy
 * meeting), inside the caller's transaction. Nothing is sent when they did the step themselves.
 * Messages say what step was taken and when; never free text from the record.
 * Episode messages belong to no concern, so they sit under "Updates on other things you
 * reported" on My concerns (kinds labelled in FEEDBACK_KINDS) and count in the header's unread figure.
 */
export async function notifyReporter(tx: Db, reporterUserId: string, actorUserId: string | null, kind: string, message: string): Promise<boolean> {
  const told = await notify(tx, { recipientUserIds: [reporterUserId], actorUserId, kind: `missing_${kind}`, message });
  return told.length > 0;
}

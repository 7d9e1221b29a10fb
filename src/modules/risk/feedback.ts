import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { formatDate } from '../../platform/views/filters.ts';
import { concerns, feedbackMessages } from '../concerns/tables.ts';

export interface AssessmentNews {
  youngPersonId: string;
  assessmentNumber: number;
  levelLabel: string;
  nextReviewDue: string | null;
  /** The person who submitted: they know already. */
  submittedByUserId: string;
}

/**
 * Tells everyone who raised a concern about the young person that a risk assessment has been
 * completed, in words fit for someone who may not be in the team around the child. One message
 * per person, pointing at their latest concern; marks when each of their concerns first got
 * feedback. Runs inside the submission's transaction.
 *
 * TODO: the shared feedback API (`notifyConcernRaisers`) is being finished on main; once it is
 * merged, call it from here instead of writing to feedback_messages directly.
 */
export async function tellConcernRaisers(tx: Db, news: AssessmentNews): Promise<number> {
  const raised = await tx
    .select({ id: concerns.id, number: concerns.number, raisedBy: concerns.raisedByUserId, submittedAt: concerns.submittedAt })
    .from(concerns)
    .where(and(eq(concerns.youngPersonId, news.youngPersonId), ne(concerns.raisedByUserId, news.submittedByUserId)));
  const latestByRaiser = new Map<string, (typeof raised)[number]>();
  for (const c of raised) {
    const seen = latestByRaiser.get(c.raisedBy);
    if (!seen || seen.submittedAt < c.submittedAt) latestByRaiser.set(c.raisedBy, c);
  }
  if (latestByRaiser.size === 0) return 0;
  const review = news.nextReviewDue ? ` It will be reviewed by ${formatDate(news.nextReviewDue)}.` : '';
  await tx.insert(feedbackMessages).values(
    [...latestByRaiser.values()].map((c) => ({
      recipientUserId: c.raisedBy,
      concernId: c.id,
      kind: 'assessment_completed',
      message: `A multi-agency risk assessment (RA-${news.assessmentNumber}) has been completed for the young person your concern C-${c.number} was about. The team around them assessed the level as ‘${news.levelLabel}’ and has recorded a plan.${review} Thank you for raising it: keep recording anything new you notice.`,
    })),
  );
  await tx
    .update(concerns)
    .set({ firstFeedbackAt: sql`now()` })
    .where(and(inArray(concerns.id, raised.map((c) => c.id)), isNull(concerns.firstFeedbackAt)));
  return latestByRaiser.size;
}

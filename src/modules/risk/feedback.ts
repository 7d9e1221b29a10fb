import type { Db } from '../../platform/db/database.ts';
import { formatDate } from '../../platform/views/filters.ts';
import { notifyConcernRaisers } from '../concerns/index.ts';

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
 * completed, in words fit for someone who may not be in the team around the child. Runs inside
 * the submission's transaction; returns how many people were told.
 */
export async function tellConcernRaisers(tx: Db, news: AssessmentNews): Promise<number> {
  const review = news.nextReviewDue ? ` It will be reviewed by ${formatDate(news.nextReviewDue)}.` : '';
  const sent = await notifyConcernRaisers(tx, news.youngPersonId, 'assessment', (concern) =>
    concern.raisedByUserId === news.submittedByUserId
      ? null
      : `A multi-agency risk assessment (RA-${news.assessmentNumber}) has been completed for the young person your concern ${concern.reference} was about. The team around them assessed the level as ‘${news.levelLabel}’ and has recorded a plan.${review} Thank you for raising it: keep recording anything new you notice.`,
    `assessment:${news.assessmentNumber}:${news.youngPersonId}`,
  );
  return sent.length;
}

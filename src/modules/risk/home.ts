import type { Db } from '../../platform/db/database.ts';
import type { Worklist } from '../../platform/modules.ts';
import { seesCasework } from '../young-people/index.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { levelLabels } from './assessments.ts';
import { reviewRows } from './review-routes.ts';
import { reviewQueue } from './reviews.ts';
import { currentInstrument } from './versions.ts';

/** The lead professional's queue on their home page: reviews of the young people they lead for, soonest first. */
export async function leadProfessionalReviews(db: Db, user: SignedInUser) {
  const items = await reviewQueue(db, user, 'lead');
  if (items.length === 0) return { items, rows: [], due: 0 };
  const labels = levelLabels(await currentInstrument(db, user.areaId));
  const shown = items.slice(0, 10);
  return { items: shown, rows: reviewRows(shown, labels, false), due: items.filter((i) => i.status !== 'scheduled').length, more: items.length - shown.length };
}

/** Lead professionals see the risk reviews they are responsible for first on their home page. */
export const leadReviewsWorklist: Worklist = {
  id: 'reviews',
  template: 'risk/views/home-reviews.njk',
  async load(request) {
    const user = request.user!;
    if (!seesCasework(user.role) || user.role === 'coordinator') return null;
    const db = request.server.lantern.database.db;
    const reviews = await leadProfessionalReviews(db, user);
    if (reviews.items.length === 0) return null;
    request.noteAudit({ details: { reviews: reviews.items.map((r) => r.youngPersonId) } });
    return reviews;
  },
};

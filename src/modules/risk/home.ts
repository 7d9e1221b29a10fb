import type { Db } from '../../platform/db/database.ts';
import { sql } from 'drizzle-orm';
import { rows } from '../../platform/db/database.ts';
import type { DeadlineSource, WorkCounts, Worklist } from '../../platform/modules.ts';
import { COORDINATOR_ROLES } from '../../platform/auth/roles.ts';
import { addDays, londonDayStart, londonToday, now } from '../../platform/time.ts';
import { seesCasework, visibleYoungPeople } from '../young-people/index.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { assessmentReference, levelLabels } from './assessments.ts';
import { reviewRows } from './review-routes.ts';
import { DUE_SOON_DAYS, reviewQueue } from './reviews.ts';
import { currentInstrument } from './versions.ts';

/** The lead professional's queue on their home page: reviews of the young people they lead for, soonest first. */
export async function leadProfessionalReviews(db: Db, user: SignedInUser) {
  const items = await reviewQueue(db, user, 'lead', now());
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

interface ReviewCounts {
  overdue: number;
  due: number;
  oldest_overdue: string | null;
}

/** The coordinator's count of the area's reviews overdue and due within 14 days: one query on the review index. */
export const areaReviewsWorklist: Worklist = {
  id: 'areaReviews',
  roles: COORDINATOR_ROLES,
  async load(request): Promise<WorkCounts> {
    const user = request.user!;
    const today = londonToday(now());
    const [c] = await rows<ReviewCounts>(
      request.server.lantern.database.db,
      sql`select (count(*) filter (where ra.next_review_due < ${today}::date))::int as overdue,
                 (count(*) filter (where ra.next_review_due >= ${today}::date))::int as due,
                 (min(ra.next_review_due) filter (where ra.next_review_due < ${today}::date))::text as oldest_overdue
          from risk_assessments ra join young_people on young_people.id = ra.young_person_id
          where ra.area_id = ${user.areaId} and ra.superseded_at is null and ra.next_review_due <= ${addDays(today, DUE_SOON_DAYS)}::date
            and young_people.closed_on is null and ${visibleYoungPeople(user)}`,
    );
    return {
      heading: 'Risk assessment reviews',
      counts: [
        { label: `reviews due in the next ${DUE_SOON_DAYS} days`, one: `review due in the next ${DUE_SOON_DAYS} days`, count: c?.due ?? 0, href: '/risk/reviews?show=due' },
        { label: 'reviews overdue', one: 'review overdue', count: c?.overdue ?? 0, href: '/risk/reviews?show=overdue', oldest: c?.oldest_overdue ? londonDayStart(addDays(c.oldest_overdue, 1)) : null, late: true },
      ],
    };
  },
};

/** A review is owed by the young person's lead professional, or by the coordinator when there is none. */
export const reviewDeadlines: DeadlineSource[] = [
  {
    kind: 'risk_review',
    label: 'a risk assessment review',
    href: '/risk/reviews',
    async due(db, areaId, until) {
      const found = await rows<{ id: string; number: number; next_review_due: string; lead_user_id: string | null }>(
        db,
        sql`select ra.id, ra.number::int as number, ra.next_review_due::text as next_review_due,
              (select tm.user_id from team_members tm where tm.young_person_id = ra.young_person_id and tm.is_lead_professional and tm.removed_at is null and tm.user_id is not null limit 1) as lead_user_id
            from risk_assessments ra join young_people yp on yp.id = ra.young_person_id
            where ra.area_id = ${areaId} and ra.superseded_at is null and ra.next_review_due < ${londonToday(until)}::date
              and yp.closed_on is null and yp.merged_into_id is null
            order by ra.next_review_due`,
      );
      return found.map((r) => ({
        id: r.id,
        dueAt: londonDayStart(addDays(r.next_review_due, 1)),
        reference: assessmentReference(r.number),
        ...(r.lead_user_id ? { ownerUserIds: [r.lead_user_id] } : { ownerRoles: ['coordinator'] as const }),
      }));
    },
  },
];

/**
 * Reviews fall due by level: each young person's current assessment carries the date of its
 * next review. The coordinator's queue holds the whole area; a lead professional's holds the
 * young people they lead for. Only young people the user may see are ever listed.
 */
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../platform/db/database.ts';
import { daysBetween, londonToday } from '../../platform/time.ts';
import type { Actor } from '../../platform/audit/audit.ts';
import { displayName, referenceFor, visibleYoungPeople } from '../young-people/index.ts';

/** Reviews due within this many days count as due now rather than scheduled. */
export const DUE_SOON_DAYS = 14;

export type ReviewStatus = 'overdue' | 'due' | 'scheduled';

export interface ReviewItem {
  assessmentId: string;
  assessmentNumber: number;
  youngPersonId: string;
  reference: string;
  name: string;
  level: string;
  dueOn: string;
  /** Negative when overdue. */
  daysLeft: number;
  status: ReviewStatus;
  reviewInProgress: boolean;
  leadProfessional: string | null;
}

export function reviewStatus(daysLeft: number): ReviewStatus {
  return daysLeft < 0 ? 'overdue' : daysLeft <= DUE_SOON_DAYS ? 'due' : 'scheduled';
}

/**
 * Scheduled reviews, soonest first. `scope: 'area'` is the coordinator's queue (everyone the
 * actor may see); `scope: 'lead'` only the young people the actor is lead professional for.
 */
export async function reviewQueue(db: Db, actor: Actor, scope: 'area' | 'lead', now = new Date(), limit = 500): Promise<ReviewItem[]> {
  const lead =
    scope === 'lead'
      ? sql`and exists (select 1 from team_members tm where tm.young_person_id = young_people.id and tm.user_id = ${actor.userId} and tm.is_lead_professional and tm.removed_at is null)`
      : sql``;
  const found = await rows<{
    id: string;
    number: number;
    level: string;
    next_review_due: string;
    young_person_id: string;
    yp_number: number;
    given_name: string | null;
    family_name: string | null;
    aliases: string[];
    in_progress: boolean;
    lead_professional: string | null;
  }>(
    db,
    sql`select ra.id, ra.number, ra.level, ra.next_review_due::text as next_review_due, ra.young_person_id,
          young_people.number as yp_number, young_people.given_name, young_people.family_name, young_people.aliases,
          exists (select 1 from assessment_drafts d where d.young_person_id = young_people.id) as in_progress,
          (select coalesce(u.name, a.name) from team_members tm join agencies a on a.id = tm.agency_id left join users u on u.id = tm.user_id
            where tm.young_person_id = young_people.id and tm.is_lead_professional and tm.removed_at is null limit 1) as lead_professional
        from risk_assessments ra
        join young_people on young_people.id = ra.young_person_id
        where ra.area_id = ${actor.areaId} and ra.superseded_at is null and ra.next_review_due is not null
          and young_people.closed_on is null
          and ${visibleYoungPeople(actor)}
          ${lead}
        order by ra.next_review_due asc, ra.number asc
        limit ${limit}`,
  );
  const today = londonToday(now);
  return found.map((r) => {
    const daysLeft = daysBetween(today, r.next_review_due);
    return {
      assessmentId: r.id,
      assessmentNumber: Number(r.number),
      youngPersonId: r.young_person_id,
      reference: referenceFor(Number(r.yp_number)),
      name: displayName({ givenName: r.given_name, familyName: r.family_name, aliases: r.aliases ?? [], number: Number(r.yp_number) }),
      level: r.level,
      dueOn: r.next_review_due,
      daysLeft,
      status: reviewStatus(daysLeft),
      reviewInProgress: r.in_progress,
      leadProfessional: r.lead_professional,
    };
  });
}

/** Words for how a review stands, e.g. "Overdue by 3 days", "Due today", "Due in 12 days". */
export function reviewWords(daysLeft: number): string {
  if (daysLeft < 0) return `Overdue by ${-daysLeft} day${daysLeft === -1 ? '' : 's'}`;
  if (daysLeft === 0) return 'Due today';
  return `Due in ${daysLeft} day${daysLeft === 1 ? '' : 's'}`;
}

/**
 * The record's "Closure and transition" section: every period of CSE work with the reasons it
 * closed, and from the area's age (17 by default) the transition plan and the decision at 18. Its
 * summary puts a closure, a new concern since closing, the plan's deadline and the decision at 18
 * on the record's first page.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import type { RecordInView, RecordSummaryItem } from '../../platform/modules.ts';
import { londonToday, now } from '../../platform/time.ts';
import { rows } from '../../platform/db/database.ts';
import { formatDate } from '../../platform/views/filters.ts';
import { accessPaths, canManageRecord, riskLevelLabel } from '../young-people/index.ts';
import { closuresOf, concernsSince, periodsFrom, type ClosureView } from './periods.ts';
import { keepOpenDecisionOf, transitionPlanOf } from './service.ts';
import { transitionSettings } from './settings.ts';
import { ageOnDay, eighteenthBirthday } from './transition.ts';
import { ADULT_SAFEGUARDING, type AdultSafeguarding } from './vocab.ts';

export interface MovingOnSection {
  youngPersonId: string;
  closed: boolean;
  closedOn: string | null;
  coordinator: boolean;
  manages: boolean;
  periods: ReturnType<typeof periodsFrom>;
  closures: (ClosureView & { levelText: string })[];
  newConcerns: { id: string; reference: string; submittedAt: Date }[];
  transition: TransitionView | null;
}

export interface TransitionView {
  age: number | null;
  planAge: number;
  birthday18: string | null;
  plan: (NonNullable<Awaited<ReturnType<typeof transitionPlanOf>>> & { adultSafeguardingText: string; overdue: boolean }) | null;
  /** Aged from the area's age and under 18, open, and no plan yet. */
  needsPlan: boolean;
  /** 18 or over and open, with no decision in this period. */
  decisionNeeded: boolean;
  keptOpen: { decidedOn: string; reason: string } | null;
  today: string;
}

/** What the section shows; the page has already checked that `user` may see the record. */
export async function movingOnSection(db: Db, user: SignedInUser, record: RecordInView): Promise<MovingOnSection> {
  const today = londonToday(now());
  const [closures, paths, settings, plan, decision] = await Promise.all([closuresOf(db, record.id), accessPaths(db, user, record.id), transitionSettings(db, record.areaId), transitionPlanOf(db, record.id), keepOpenDecisionOf(db, record)]);
  const closed = Boolean(record.closedOn);
  const newConcerns = closed ? (await concernsSince(db, record.id, record.closedOn!)).map((c) => ({ id: c.id, reference: `C-${c.number}`, submittedAt: c.submittedAt })) : [];
  const age = record.dateOfBirth ? ageOnDay(record.dateOfBirth, today) : null;
  const shown = plan !== null || (age !== null && age >= settings.age);
  const transition: TransitionView | null = shown
    ? {
        age,
        planAge: settings.age,
        birthday18: record.dateOfBirth ? eighteenthBirthday(record.dateOfBirth) : null,
        plan: plan ? { ...plan, adultSafeguardingText: ADULT_SAFEGUARDING[plan.adultSafeguarding as AdultSafeguarding] ?? plan.adultSafeguarding, overdue: plan.deadline < today } : null,
        needsPlan: !closed && !plan && age !== null && age >= settings.age && age < 18,
        decisionNeeded: !closed && age !== null && age >= 18 && !decision,
        keptOpen: decision ? { decidedOn: decision.decidedOn, reason: decision.reason } : null,
        today,
      }
    : null;
  return {
    youngPersonId: record.id,
    closed,
    closedOn: record.closedOn,
    coordinator: user.role === 'coordinator',
    manages: canManageRecord(user, paths),
    periods: periodsFrom(record, closures),
    closures: closures.map((c) => ({ ...c, levelText: riskLevelLabel(c.levelAtClosure) })),
    newConcerns,
    transition,
  };
}

export function movingOnSummary(data: unknown): RecordSummaryItem[] {
  const s = data as MovingOnSection;
  const items: RecordSummaryItem[] = [];
  const base = `/young-people/${s.youngPersonId}`;
  const latest = s.closures[0];
  if (s.closed && latest) items.push({ kind: 'alert', text: `CSE work closed on ${formatDate(s.closedOn)}: ${latest.reasonText}`, href: `${base}/moving-on` });
  if (s.closed && s.newConcerns.length) {
    items.push({ kind: 'alert', text: `${s.newConcerns.length === 1 ? 'A new concern has' : `${s.newConcerns.length} new concerns have`} been raised since CSE work closed: see the earlier periods and decide whether to re-open`, href: s.coordinator ? `${base}/reopen` : `${base}/moving-on` });
  }
  const t = s.transition;
  if (t && !s.closed) {
    if (t.decisionNeeded) items.push({ kind: 'alert', text: `Turned 18 on ${formatDate(t.birthday18)}: decide whether to close CSE work or keep it open`, href: s.coordinator ? `${base}/turning-18` : `${base}/moving-on` });
    else if (t.needsPlan) items.push({ kind: 'deadline', text: 'Write a transition plan for moving to adult services', due: t.birthday18, overdue: false, href: `${base}/moving-on` });
    else if (t.plan && !t.keptOpen && (t.age ?? 0) < 18) items.push({ kind: 'deadline', text: 'Transition plan in place', due: t.plan.deadline, overdue: t.plan.overdue, href: `${base}/moving-on` });
  }
  return items;
}

/** Whether a young person's record is closed, with its earlier periods: the triage page's prompt. */
export async function previousInvolvement(db: Db, youngPersonId: string) {
  const [yp] = await rows<{ closed_on: string | null; opened_on: string | null; created_at: Date }>(db, sql`select closed_on::text, opened_on::text, created_at from young_people where id = ${youngPersonId}`);
  if (!yp?.closed_on) return null;
  const closures = await closuresOf(db, youngPersonId);
  return { closedOn: yp.closed_on, periods: periodsFrom({ openedOn: yp.opened_on, closedOn: yp.closed_on, createdAt: new Date(yp.created_at) }, closures), reopenHref: `/young-people/${youngPersonId}/reopen` };
}

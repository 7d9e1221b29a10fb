/**
 * What the young person's record page shows about risk: the current level with its reasons,
 * statutory actions that fired, the next review, the assessment in progress, the trajectory
 * chart and table, and links to every assessment. Called by the young-people routes, which
 * have already checked (and audited) access to the record.
 */
import type { Db } from '../../platform/db/database.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import type { RecordSummaryItem } from '../../platform/modules.ts';
import { accessPaths, type YoungPersonRow, canManageRecord } from '../young-people/index.ts';
import { assessmentReference, assessmentsOf, draftFor, levelLabels } from './assessments.ts';
import { londonToday } from '../../platform/time.ts';
import { reviewStatus, reviewWords } from './reviews.ts';
import { trajectoryChart } from './trajectory.ts';
import { readableLine } from './view-model.ts';
import { currentInstrument } from './versions.ts';

export async function riskPanelFor(db: Db, actor: SignedInUser, yp: YoungPersonRow) {
  const [instrument, list, draft, paths] = await Promise.all([currentInstrument(db, actor.areaId), assessmentsOf(db, yp.id), draftFor(db, yp.id), accessPaths(db, actor, yp.id)]);
  const labels = levelLabels(instrument);
  const latest = list[0] ?? null;
  const today = londonToday();
  const daysLeft = latest?.nextReviewDue ? Math.round((Date.parse(`${latest.nextReviewDue}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000) : null;
  const points = [...list].reverse().map((a) => ({
    assessmentId: a.id,
    reference: assessmentReference(a.number),
    assessedAt: a.assessedAt.toISOString(),
    levelId: a.level,
    levelLabel: a.result.level.label ?? labels[a.level] ?? a.level,
    rank: a.levelRank,
    differs: a.levelDiffers,
    computedLabel: a.result.judgement.computedLevel.label,
  }));
  return {
    canAssess: canManageRecord(actor, paths),
    draft: draft ? { startedAt: draft.row.createdAt, updatedAt: draft.row.updatedAt, version: draft.version.row.version } : null,
    latest: latest
      ? {
          id: latest.id,
          reference: assessmentReference(latest.number),
          assessedAt: latest.assessedAt,
          level: latest.result.level.label,
          levelId: latest.level,
          computedLevel: latest.result.judgement.computedLevel.label,
          differs: latest.levelDiffers,
          reason: latest.result.judgement.reason,
          reasons: latest.result.reasons.summary.map((l) => readableLine(l, instrument)),
          triggers: latest.result.triggers.map((t) => ({ title: t.title, whatToDo: t.whatToDo })),
          nextReviewDue: latest.nextReviewDue,
          reviewWords: daysLeft === null ? null : reviewWords(daysLeft),
          reviewStatus: daysLeft === null ? null : reviewStatus(daysLeft),
        }
      : null,
    history: list.map((a) => ({ id: a.id, reference: assessmentReference(a.number), assessedAt: a.assessedAt, level: a.result.level.label, computedLevel: a.result.judgement.computedLevel.label, differs: a.levelDiffers, triggers: a.triggers.length, version: a.instrumentVersion })),
    chart: trajectoryChart(points, instrument.levels),
    levels: instrument.levels,
    points,
  };
}

/** For the record's summary: the next review, and an assessment left unfinished. */
export function riskSummary(data: unknown): RecordSummaryItem[] {
  const risk = data as Awaited<ReturnType<typeof riskPanelFor>>;
  const items: RecordSummaryItem[] = [];
  const latest = risk.latest;
  if (latest?.nextReviewDue) items.push({ kind: 'deadline', text: `Review of the risk assessment (${latest.reference})`, due: latest.nextReviewDue, overdue: latest.reviewStatus === 'overdue', href: `/risk/assessments/${latest.id}` });
  if (risk.draft) items.push({ kind: 'deadline', text: 'A risk assessment in progress, not yet submitted', overdue: false });
  for (const t of latest?.triggers ?? []) items.push({ kind: 'alert', text: `Statutory action from the latest assessment: ${t.title}` });
  return items;
}

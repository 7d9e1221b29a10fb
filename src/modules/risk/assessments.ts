/**
 * Risk assessments of young people: the shared draft the team around the child fills in section
 * by section, and submission, which stores the assessment, sets the young person's level, adds
 * the chronology entry and tells the people who raised concerns — all in one audited
 * transaction, or nothing at all.
 */
import { and, desc, eq, isNull, ne } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { auditedCommand, type Actor, type RequestContext } from '../../platform/audit/audit.ts';
import { isUuid } from '../../platform/ids.ts';
import { formatDate } from '../../platform/views/filters.ts';
import { failWithProblems, succeed, type Outcome } from '../../platform/outcome.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { addChronologyEntry, setCurrentRiskLevel, youngPersonIdVisible } from '../young-people/index.ts';
import { youngPeople } from '../young-people/tables.ts';
import type { YoungPersonRow } from '../young-people/index.ts';
import { carryAnswers, type Instrument } from './instrument/index.ts';
import { tellConcernRaisers } from './feedback.ts';
import { missingEpisodesOnFile } from '../missing/index.ts';
import {
  checkSubmission,
  emptyDraftState,
  planFor,
  sectionsOf,
  type DraftState,
  type PersonFacts,
  type SectionContribution,
  type SubmissionProblem,
} from './model.ts';
import { assessmentDrafts, instrumentVersions, riskAssessments } from './tables.ts';
import { currentVersion, instrumentOf, type LoadedVersion, type VersionRow } from './versions.ts';

export type DraftRow = typeof assessmentDrafts.$inferSelect;
export type AssessmentRow = typeof riskAssessments.$inferSelect;

export function assessmentReference(number: number): string {
  return `RA-${number}`;
}

/** What the young person's record says about their age, as the assessment needs it. */
export function personFactsOf(yp: Pick<YoungPersonRow, 'dateOfBirth' | 'estimatedAge' | 'estimatedAgeAt'>, today = new Date()): PersonFacts {
  if (yp.dateOfBirth) return { dateOfBirth: yp.dateOfBirth, estimatedAgeYears: null };
  if (yp.estimatedAge === null) return { dateOfBirth: null, estimatedAgeYears: null };
  // An estimate made some time ago has aged with the young person.
  const since = yp.estimatedAgeAt ? Math.max(0, Math.floor((today.getTime() - new Date(`${yp.estimatedAgeAt}T00:00:00Z`).getTime()) / (365.25 * 86_400_000))) : 0;
  return { dateOfBirth: null, estimatedAgeYears: Math.min(25, yp.estimatedAge + since) };
}

/**
 * The record's facts for an assessment: the age, and the missing episodes `actor` may see, which
 * the looked-after-missing trigger reads (a guess from the answers is never enough).
 */
export async function recordFactsFor(db: Db, actor: Actor, yp: YoungPersonRow, today = new Date()): Promise<PersonFacts> {
  const episodes = (await missingEpisodesOnFile(db, actor, yp.id)) ?? [];
  return { ...personFactsOf(yp, today), missingEpisodes: episodes.map((e) => ({ reference: e.episodeId, startedAt: e.startedAt, returnedAt: e.returnedAt ?? null })) };
}

export interface LoadedDraft {
  row: DraftRow;
  version: LoadedVersion;
}

/** The young person's assessment in progress, if any. The caller has checked access to the young person. */
export async function draftFor(db: Db, youngPersonId: string): Promise<LoadedDraft | null> {
  const [found] = await db
    .select({ draft: assessmentDrafts, version: instrumentVersions })
    .from(assessmentDrafts)
    .innerJoin(instrumentVersions, eq(instrumentVersions.id, assessmentDrafts.instrumentVersionId))
    .where(eq(assessmentDrafts.youngPersonId, youngPersonId));
  return found ? { row: found.draft, version: { row: found.version, instrument: instrumentOf(found.version) } } : null;
}

/** Starts an assessment on the area's current version, or answers the one already in progress. */
export async function startAssessment(db: Db, ctx: RequestContext, user: SignedInUser, yp: YoungPersonRow): Promise<string> {
  const existing = await draftFor(db, yp.id);
  if (existing) return existing.row.id;
  const current = await currentVersion(db, user.areaId);
  const id = await auditedCommand(
    db,
    ctx,
    (created: string | null) => ({ action: 'create', recordKind: 'assessment_draft', ...(created ? { recordId: created } : {}), details: { youngPersonId: yp.id, version: current.row.version } }),
    async (tx) => {
      const [row] = await tx
        .insert(assessmentDrafts)
        .values({ areaId: user.areaId, youngPersonId: yp.id, instrumentVersionId: current.row.id, state: emptyDraftState(), startedByUserId: user.userId })
        .onConflictDoNothing()
        .returning({ id: assessmentDrafts.id });
      return row?.id ?? null;
    },
  );
  if (id) return id;
  // Someone else in the team started one at the same moment: join theirs.
  const theirs = await draftFor(db, yp.id);
  if (!theirs) throw new Error('The assessment could not be started');
  return theirs.row.id;
}

function contribution(user: SignedInUser): SectionContribution {
  return { userId: user.userId, name: user.name, agencyName: user.agencyName, at: new Date().toISOString() };
}

/**
 * Merges one section's answers into the shared draft under a row lock, so contributors working on
 * different sections at once never overwrite each other, and records who completed it.
 */
export async function saveSection(
  db: Db,
  ctx: RequestContext,
  user: SignedInUser,
  draftId: string,
  sectionKey: string,
  apply: (state: DraftState) => void,
  completed: boolean,
): Promise<boolean> {
  return auditedCommand(db, ctx, { action: 'update', recordKind: 'assessment_draft', recordId: draftId, details: { section: sectionKey, completed } }, async (tx) => {
    const [row] = await tx.select().from(assessmentDrafts).where(eq(assessmentDrafts.id, draftId)).for('update');
    if (!row) return false;
    const state: DraftState = { ...emptyDraftState(), ...structuredClone(row.state) };
    apply(state);
    if (completed) state.contributions[sectionKey] = contribution(user);
    await tx.update(assessmentDrafts).set({ state, updatedAt: new Date() }).where(eq(assessmentDrafts.id, draftId));
    return true;
  });
}

export async function discardAssessmentDraft(db: Db, ctx: RequestContext, draft: DraftRow): Promise<void> {
  await auditedCommand(db, ctx, { action: 'delete', recordKind: 'assessment_draft', recordId: draft.id, details: { youngPersonId: draft.youngPersonId } }, async (tx) => {
    await tx.delete(assessmentDrafts).where(eq(assessmentDrafts.id, draft.id));
  });
}

export interface CarryReport {
  fromVersion: number;
  toVersion: number;
  carried: { from: string; to: string }[];
  notCarried: { indicatorId: string; reason: string }[];
}

/**
 * Moves an unfinished assessment from a retired version on to the current one: answers follow
 * retired indicators to their replacements; anything that cannot be carried is reported.
 * Sections with new questions then show as unfinished, so nothing new is answered by default.
 */
export async function carryDraftToCurrent(db: Db, ctx: RequestContext, user: SignedInUser, draftId: string): Promise<CarryReport | null> {
  const current = await currentVersion(db, user.areaId);
  return auditedCommand(
    db,
    ctx,
    (r: CarryReport | null) => ({ action: 'update', recordKind: 'assessment_draft', recordId: draftId, details: { change: 'carried_to_current', fromVersion: r?.fromVersion ?? null, toVersion: current.row.version, notCarried: r?.notCarried.length ?? 0 } }),
    async (tx) => {
      const [found] = await tx
        .select({ draft: assessmentDrafts, version: instrumentVersions })
        .from(assessmentDrafts)
        .innerJoin(instrumentVersions, eq(instrumentVersions.id, assessmentDrafts.instrumentVersionId))
        .where(eq(assessmentDrafts.id, draftId))
        .for('update', { of: assessmentDrafts });
      if (!found || found.version.id === current.row.id) return null;
      const old = instrumentOf(found.version);
      const next = current.instrument;
      const state: DraftState = { ...emptyDraftState(), ...structuredClone(found.draft.state) };
      const carried = carryAnswers(next, { instrumentId: old.id, instrumentVersion: old.version, indicators: state.indicators });
      state.indicators = carried.indicators;
      const sections = new Map(next.judgementSections.map((s) => [s.id, s]));
      state.judgements = Object.fromEntries(Object.entries(state.judgements).filter(([s, o]) => sections.get(s)?.options.some((x) => x.id === o)));
      state.optionalSeen = state.optionalSeen.filter((s) => sections.has(s));
      if (state.judgement.level && !next.levels.some((l) => l.id === state.judgement.level)) delete state.judgement.level;
      const keys = new Set(sectionsOf(next).map((s) => s.key));
      state.contributions = Object.fromEntries(Object.entries(state.contributions).filter(([k]) => keys.has(k)));
      await tx.update(assessmentDrafts).set({ state, instrumentVersionId: current.row.id, updatedAt: new Date() }).where(eq(assessmentDrafts.id, draftId));
      return {
        fromVersion: old.version,
        toVersion: next.version,
        carried: carried.carriedTo.map((c) => ({ from: c.from, to: c.to })),
        notCarried: carried.notCarried.map((n) => ({ indicatorId: n.indicatorId, reason: n.reason })),
      };
    },
  );
}

class SubmissionRefused extends Error {
  constructor(
    readonly problems: SubmissionProblem[],
    readonly kind: 'invalid' | 'conflict' = 'invalid',
  ) {
    super('submission refused');
  }
}

export type SubmitSource =
  | { kind: 'draft'; draftId: string }
  /** The JSON API: complete answers in one body, against the version number they were given for. */
  | { kind: 'api'; state: DraftState; version: number };

/**
 * A submitted assessment, or every problem that stops it (in order, each naming its section). A
 * `conflict` is a draft or young person that is no longer there to submit for.
 */
export type Submission = Outcome<{ id: string; number: number }, 'invalid' | 'conflict', SubmissionProblem>;

/**
 * Checks and stores an assessment. Refused (with messages, nothing stored) when the version is
 * retired, a section is unfinished, an id is unknown, or a differing judgement has no reason.
 * On success, in the same transaction: the young person's level, the chronology entry, feedback
 * to everyone who raised a concern, and the audit row.
 */
export async function submitAssessment(db: Db, ctx: RequestContext, user: SignedInUser, youngPersonId: string, source: SubmitSource): Promise<Submission> {
  const current = await currentVersion(db, user.areaId);
  try {
    const saved = await auditedCommand(
      db,
      ctx,
      (r: { id: string; version: number; level: string; computed: string; differs: boolean; triggers: string[]; told: number }) => ({
        action: 'create',
        recordKind: 'risk_assessment',
        recordId: r.id,
        details: { youngPersonId, version: r.version, level: r.level, computedLevel: r.computed, differs: r.differs, triggers: r.triggers, feedbackSent: r.told, via: source.kind === 'api' ? 'api' : 'web' },
      }),
      async (tx) => {
        // One submission per young person at a time: the "current assessment" must stay single.
        const [yp] = await tx.select().from(youngPeople).where(and(eq(youngPeople.id, youngPersonId), eq(youngPeople.areaId, user.areaId))).for('update');
        if (!yp) throw new SubmissionRefused([{ section: null, message: 'There is no such young person.' }], 'conflict');
        let state: DraftState;
        let version: VersionRow | undefined;
        let draftId: string | null = null;
        if (source.kind === 'draft') {
          const [draft] = await tx.select().from(assessmentDrafts).where(and(eq(assessmentDrafts.id, source.draftId), eq(assessmentDrafts.youngPersonId, youngPersonId))).for('update');
          if (!draft) throw new SubmissionRefused([{ section: null, message: 'This assessment has already been submitted or discarded.' }], 'conflict');
          state = { ...emptyDraftState(), ...draft.state };
          [version] = await tx.select().from(instrumentVersions).where(eq(instrumentVersions.id, draft.instrumentVersionId));
          draftId = draft.id;
        } else {
          state = source.state;
          [version] = await tx
            .select()
            .from(instrumentVersions)
            .where(and(eq(instrumentVersions.areaId, user.areaId), eq(instrumentVersions.instrumentId, current.row.instrumentId), eq(instrumentVersions.version, source.version), ne(instrumentVersions.status, 'draft')));
          if (!version) {
            throw new SubmissionRefused([{ section: null, message: `There is no published version ${source.version} of the risk instrument. Answer version ${current.row.version}, the current one (GET /api/v1/instruments/current).` }]);
          }
        }
        if (!version) throw new Error('The assessment has no instrument version');
        const instrument = instrumentOf(version);
        const assessedAt = new Date().toISOString();
        const check = checkSubmission(instrument, version.status, state, await recordFactsFor(tx, user, yp), assessedAt, current.row.version);
        if (!check.ok) throw new SubmissionRefused(check.problems);
        const { result, answers, context } = check;

        const [previous] = await tx
          .update(riskAssessments)
          .set({ supersededAt: new Date(assessedAt) })
          .where(and(eq(riskAssessments.youngPersonId, yp.id), isNull(riskAssessments.supersededAt)))
          .returning({ id: riskAssessments.id });
        const [row] = await tx
          .insert(riskAssessments)
          .values({
            areaId: user.areaId,
            youngPersonId: yp.id,
            instrumentVersionId: version.id,
            instrumentId: instrument.id,
            instrumentVersion: instrument.version,
            answers,
            context,
            result,
            computedLevel: result.judgement.computedLevel.id,
            level: result.level.id,
            levelRank: result.level.rank,
            levelDiffers: result.judgement.differs,
            judgementReason: result.judgement.reason,
            triggers: result.triggers.map((t) => t.triggerId),
            plan: planFor(result),
            contributions: source.kind === 'draft' ? state.contributions : {},
            nextReviewDue: result.nextReviewDate,
            assessedAt: new Date(assessedAt),
            submittedByUserId: user.userId,
            submittedByAgencyId: user.agencyId,
            source: source.kind === 'api' ? 'api' : 'web',
            draftId,
          })
          .returning({ id: riskAssessments.id, number: riskAssessments.number });
        await setCurrentRiskLevel(tx, yp.id, { level: result.level.id, at: new Date(assessedAt), source: 'assessment', sourceId: row!.id });
        const triggers = result.triggers.length;
        await addChronologyEntry(tx, {
          youngPersonId: yp.id,
          occurredAt: new Date(assessedAt),
          kind: 'assessment',
          agencyId: user.agencyId,
          sourceKind: 'risk_assessment',
          sourceId: row!.id,
          summary:
            `Risk assessment ${assessmentReference(row!.number)}${previous ? ' (a review)' : ''} submitted by ${user.name} (${user.agencyName}): ` +
            `level ‘${result.level.label}’${result.judgement.differs ? ` by professional judgement (calculated ‘${result.judgement.computedLevel.label}’)` : ''}` +
            `${triggers ? `; ${triggers} statutory ${triggers === 1 ? 'action' : 'actions'} required` : ''}` +
            `${result.nextReviewDate ? `; next review by ${formatDate(result.nextReviewDate)}` : ''}.`,
        });
        const told = await tellConcernRaisers(tx, { youngPersonId: yp.id, assessmentNumber: row!.number, levelLabel: result.level.label, nextReviewDue: result.nextReviewDate, submittedByUserId: user.userId });
        if (draftId) await tx.delete(assessmentDrafts).where(eq(assessmentDrafts.id, draftId));
        return { id: row!.id, number: row!.number, version: instrument.version, level: result.level.id, computed: result.judgement.computedLevel.id, differs: result.judgement.differs, triggers: result.triggers.map((t) => t.triggerId), told };
      },
    );
    return succeed({ id: saved.id, number: saved.number });
  } catch (error) {
    if (error instanceof SubmissionRefused) return failWithProblems(error.kind, error.problems);
    throw error;
  }
}

/** An assessment, only if `actor` may see its young person (the same rule as the record). */
export async function findVisibleAssessment(db: Db, actor: Actor, id: string): Promise<AssessmentRow | null> {
  if (!isUuid(id)) return null;
  const [row] = await db
    .select()
    .from(riskAssessments)
    .where(and(eq(riskAssessments.id, id), eq(riskAssessments.areaId, actor.areaId), youngPersonIdVisible(actor, riskAssessments.youngPersonId)));
  return row ?? null;
}

/** A submitted form sent again: the assessment the first one made. */
export async function assessmentFromDraft(db: Db, draftId: string): Promise<AssessmentRow | null> {
  if (!isUuid(draftId)) return null;
  const [row] = await db.select().from(riskAssessments).where(eq(riskAssessments.draftId, draftId));
  return row ?? null;
}

/** Every assessment of a young person, newest first. The caller has checked access to the young person. */
export async function assessmentsOf(db: Db, youngPersonId: string) {
  return db
    .select({
      id: riskAssessments.id,
      number: riskAssessments.number,
      assessedAt: riskAssessments.assessedAt,
      level: riskAssessments.level,
      levelRank: riskAssessments.levelRank,
      computedLevel: riskAssessments.computedLevel,
      levelDiffers: riskAssessments.levelDiffers,
      triggers: riskAssessments.triggers,
      nextReviewDue: riskAssessments.nextReviewDue,
      instrumentVersion: riskAssessments.instrumentVersion,
      supersededAt: riskAssessments.supersededAt,
      result: riskAssessments.result,
      submittedByUserId: riskAssessments.submittedByUserId,
    })
    .from(riskAssessments)
    .where(eq(riskAssessments.youngPersonId, youngPersonId))
    .orderBy(desc(riskAssessments.assessedAt));
}

/** Every assessment of a young person in full, newest first. The caller has checked access to the young person. */
export async function fullAssessmentsOf(db: Db, youngPersonId: string): Promise<AssessmentRow[]> {
  return db.select().from(riskAssessments).where(eq(riskAssessments.youngPersonId, youngPersonId)).orderBy(desc(riskAssessments.assessedAt));
}

/** The area's most recent assessments with their answers, for previewing a draft version. */
export async function recentAssessmentsForPreview(db: Db, areaId: string, limit = 200) {
  return db
    .select({
      id: riskAssessments.id,
      number: riskAssessments.number,
      youngPersonId: riskAssessments.youngPersonId,
      youngPersonNumber: youngPeople.number,
      answers: riskAssessments.answers,
      context: riskAssessments.context,
      computedLevel: riskAssessments.computedLevel,
      level: riskAssessments.level,
      instrumentVersion: riskAssessments.instrumentVersion,
      assessedAt: riskAssessments.assessedAt,
    })
    .from(riskAssessments)
    .innerJoin(youngPeople, eq(youngPeople.id, riskAssessments.youngPersonId))
    .where(eq(riskAssessments.areaId, areaId))
    .orderBy(desc(riskAssessments.assessedAt))
    .limit(limit);
}

/** Level labels of an instrument, for showing stored level ids. */
export function levelLabels(instrument: Instrument): Record<string, string> {
  return Object.fromEntries(instrument.levels.map((l) => [l.id, l.label]));
}

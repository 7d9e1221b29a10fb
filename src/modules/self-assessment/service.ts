/**
 * The partnership's self-assessment: a versioned framework of standards per area; a yearly
 * assessment rating each standard with written evidence, figures measured live from the records
 * and an action plan; signed off, it is frozen (ratings, actions and figures as they were then).
 */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { auditedCommand, type RequestContext } from '../../platform/audit/audit.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { fail, succeed, type Outcome } from '../../platform/outcome.ts';
import { isOneOf, MAX_FREE_TEXT, type FieldErrors } from '../../platform/http/forms.ts';
import { isIsoDate, londonToday, now } from '../../platform/time.ts';
import { isUuid } from '../../platform/ids.ts';
import { agencies } from '../organisation/tables.ts';
import { selfAssessmentActions, selfAssessmentFrameworks, selfAssessmentRatings, selfAssessments, type EvidenceFigure, type FrameworkStandard } from './tables.ts';
import { ACTION_STATUSES, DEFAULT_STANDARDS, MEASURES, RATINGS, THEMES, type Measure, type Rating } from './vocab.ts';
import { measureEvidence, yearPeriod } from './measures.ts';

export const actionReference = (number: number) => `SA-${number}`;
const today = () => londonToday(now());

/** The area's newest framework, made from the default on first use. */
export async function currentFramework(db: Db, areaId: string, userId: string | null = null) {
  const [latest] = await db.select().from(selfAssessmentFrameworks).where(eq(selfAssessmentFrameworks.areaId, areaId)).orderBy(desc(selfAssessmentFrameworks.version)).limit(1);
  if (latest) return latest;
  const [made] = await db.insert(selfAssessmentFrameworks).values({ areaId, version: 1, standards: DEFAULT_STANDARDS, createdByUserId: userId }).onConflictDoNothing().returning();
  return made ?? (await db.select().from(selfAssessmentFrameworks).where(and(eq(selfAssessmentFrameworks.areaId, areaId), eq(selfAssessmentFrameworks.version, 1))))[0]!;
}

export async function assessmentsOf(db: Db, areaId: string) {
  return db.select().from(selfAssessments).where(eq(selfAssessments.areaId, areaId)).orderBy(desc(selfAssessments.year));
}

export async function findAssessment(db: Db, areaId: string, year: number) {
  if (!Number.isInteger(year)) return null;
  const [found] = await db.select().from(selfAssessments).where(and(eq(selfAssessments.areaId, areaId), eq(selfAssessments.year, year)));
  return found ?? null;
}

export async function startAssessment(db: Db, ctx: RequestContext, user: SignedInUser, yearText: string): Promise<Outcome<{ year: number }, 'invalid' | 'conflict'>> {
  const thisYear = Number(today().slice(0, 4));
  const year = Number(yearText);
  if (!/^\d{4}$/.test(yearText.trim()) || year < 2000 || year > thisYear) return fail('invalid', { year: `The year must be a year from 2000 to ${thisYear}` });
  if (await findAssessment(db, user.areaId, year)) return fail('conflict', { year: `There is already an assessment for ${year}` });
  await auditedCommand(
    db,
    ctx,
    (id: string) => ({ action: 'create', recordKind: 'self_assessment', recordId: id, details: { year } }),
    async (tx) => {
      const framework = await currentFramework(tx, user.areaId, user.userId);
      const [made] = await tx.insert(selfAssessments).values({ areaId: user.areaId, year, frameworkId: framework.id, createdByUserId: user.userId }).returning({ id: selfAssessments.id });
      return made!.id;
    },
  );
  return succeed({ year });
}

export interface StandardView extends FrameworkStandard {
  themeLabel: string;
  rating: Rating | null;
  ratingLabel: string;
  evidence: string;
  figure: EvidenceFigure | null;
  actions: ActionView[];
}

export interface ActionView {
  id: string;
  reference: string;
  description: string;
  ownerAgencyId: string;
  ownerAgencyName: string;
  dueOn: string;
  status: string;
  statusLabel: string;
  overdue: boolean;
}

/** Each measured standard's figure: frozen for a signed-off year, live otherwise. */
async function figuresFor(db: Db, areaId: string, year: number, standards: FrameworkStandard[], frozen: Record<string, EvidenceFigure> | null): Promise<Record<string, EvidenceFigure>> {
  if (frozen) return frozen;
  const { from, to } = yearPeriod(year, today());
  const out: Record<string, EvidenceFigure> = {};
  for (const s of standards) if (s.measure && isOneOf(MEASURES, s.measure)) out[s.id] = await measureEvidence(db, areaId, s.measure as Measure, from, to, today());
  return out;
}

/** One year's assessment in full: standards by theme, ratings, evidence, figures and actions. */
export async function assessmentView(db: Db, areaId: string, year: number, only?: string) {
  const assessment = await findAssessment(db, areaId, year);
  if (!assessment) return null;
  const [framework] = await db.select().from(selfAssessmentFrameworks).where(eq(selfAssessmentFrameworks.id, assessment.frameworkId));
  const standards = only ? framework!.standards.filter((s) => s.id === only) : framework!.standards;
  if (only && !standards.length) return null;
  const [ratings, actions, figures] = await Promise.all([
    db.select().from(selfAssessmentRatings).where(eq(selfAssessmentRatings.assessmentId, assessment.id)),
    db
      .select({ a: selfAssessmentActions, agencyName: agencies.name })
      .from(selfAssessmentActions)
      .innerJoin(agencies, eq(agencies.id, selfAssessmentActions.ownerAgencyId))
      .where(eq(selfAssessmentActions.assessmentId, assessment.id))
      .orderBy(asc(selfAssessmentActions.dueOn), asc(selfAssessmentActions.number)),
    figuresFor(db, areaId, year, standards, assessment.frozenEvidence),
  ]);
  const day = today();
  const views: StandardView[] = standards.map((s) => {
    const r = ratings.find((x) => x.standardId === s.id);
    const rating = r && isOneOf(RATINGS, r.rating) ? (r.rating as Rating) : null;
    return {
      ...s,
      themeLabel: isOneOf(THEMES, s.theme) ? THEMES[s.theme] : s.theme,
      rating,
      ratingLabel: rating ? RATINGS[rating] : 'Not rated',
      evidence: r?.evidence ?? '',
      figure: figures[s.id] ?? null,
      actions: actions
        .filter((x) => x.a.standardId === s.id)
        .map(({ a, agencyName }) => ({
          id: a.id,
          reference: actionReference(a.number),
          description: a.description,
          ownerAgencyId: a.ownerAgencyId,
          ownerAgencyName: agencyName,
          dueOn: a.dueOn,
          status: a.status,
          statusLabel: isOneOf(ACTION_STATUSES, a.status) ? ACTION_STATUSES[a.status] : a.status,
          overdue: a.status !== 'done' && a.dueOn < day,
        })),
    };
  });
  const themes = Object.entries(THEMES)
    .map(([id, label]) => ({ id, label, standards: views.filter((v) => v.theme === id) }))
    .filter((t) => t.standards.length);
  return { assessment, framework: framework!, standards: views, themes, period: yearPeriod(year, day) };
}

const SIGNED_OFF = 'This year’s assessment has been signed off, so it can no longer be changed';

async function openAssessmentWithStandard(db: Db, user: SignedInUser, year: number, standardId: string) {
  const assessment = await findAssessment(db, user.areaId, year);
  if (!assessment) return { error: fail('not_found') };
  const [framework] = await db.select().from(selfAssessmentFrameworks).where(eq(selfAssessmentFrameworks.id, assessment.frameworkId));
  if (!framework!.standards.some((s) => s.id === standardId)) return { error: fail('not_found') };
  if (assessment.status !== 'open') return { error: fail('conflict', { assessment: SIGNED_OFF }) };
  return { assessment };
}

export interface RatingInput {
  rating: string;
  evidence: string;
}

export async function rateStandard(db: Db, ctx: RequestContext, user: SignedInUser, year: number, standardId: string, input: RatingInput): Promise<Outcome<undefined, 'invalid' | 'not_found' | 'conflict'>> {
  const found = await openAssessmentWithStandard(db, user, year, standardId);
  if (found.error) return found.error;
  const errors: FieldErrors = {};
  if (!isOneOf(RATINGS, input.rating)) errors.rating = `The rating must be one of: ${Object.values(RATINGS).join(', ').toLowerCase()}`;
  const evidence = (input.evidence ?? '').trim();
  if (evidence.length > MAX_FREE_TEXT) errors.evidence = `The evidence must be ${MAX_FREE_TEXT} characters or fewer`;
  if (Object.keys(errors).length) return fail('invalid', errors);
  const assessmentId = found.assessment.id;
  await auditedCommand(db, ctx, { action: 'update', recordKind: 'self_assessment', recordId: assessmentId, details: { standardId, rating: input.rating } }, async (tx) => {
    await tx
      .insert(selfAssessmentRatings)
      .values({ assessmentId, standardId, rating: input.rating, evidence, updatedByUserId: user.userId })
      .onConflictDoUpdate({ target: [selfAssessmentRatings.assessmentId, selfAssessmentRatings.standardId], set: { rating: input.rating, evidence, updatedByUserId: user.userId, updatedAt: now() } });
  });
  return succeed();
}

export interface ActionInput {
  description: string;
  ownerAgencyId: string;
  dueOn: string;
  status: string;
}

export async function addAction(db: Db, ctx: RequestContext, user: SignedInUser, year: number, standardId: string, input: ActionInput): Promise<Outcome<{ id: string }, 'invalid' | 'not_found' | 'conflict'>> {
  const found = await openAssessmentWithStandard(db, user, year, standardId);
  if (found.error) return found.error;
  const errors: FieldErrors = {};
  const description = (input.description ?? '').trim();
  if (!description) errors.description = 'Enter what is to be done';
  else if (description.length > 2000) errors.description = 'What is to be done must be 2000 characters or fewer';
  const owner = isUuid(input.ownerAgencyId) ? (await db.select({ id: agencies.id }).from(agencies).where(and(eq(agencies.id, input.ownerAgencyId), eq(agencies.areaId, user.areaId))))[0] : undefined;
  if (!owner) errors.ownerAgencyId = 'Choose the agency that owns the action';
  if (!isIsoDate(input.dueOn)) errors.dueOn = 'The due date must be a real date';
  if (!isOneOf(ACTION_STATUSES, input.status)) errors.status = 'Choose how the action stands';
  if (Object.keys(errors).length) return fail('invalid', errors);
  const assessmentId = found.assessment.id;
  const id = await auditedCommand(
    db,
    ctx,
    (made: string) => ({ action: 'create', recordKind: 'self_assessment_action', recordId: made, details: { assessmentId, standardId } }),
    async (tx) => {
      const [made] = await tx
        .insert(selfAssessmentActions)
        .values({ areaId: user.areaId, assessmentId, standardId, description, ownerAgencyId: owner!.id, dueOn: input.dueOn, status: input.status, createdByUserId: user.userId })
        .returning({ id: selfAssessmentActions.id });
      return made!.id;
    },
  );
  return succeed({ id });
}

export async function setActionStatus(db: Db, ctx: RequestContext, user: SignedInUser, actionId: string, status: string): Promise<Outcome<{ year: number; standardId: string }, 'invalid' | 'not_found' | 'conflict'>> {
  if (!isUuid(actionId)) return fail('not_found');
  const [found] = await db
    .select({ action: selfAssessmentActions, year: selfAssessments.year, assessmentStatus: selfAssessments.status })
    .from(selfAssessmentActions)
    .innerJoin(selfAssessments, eq(selfAssessments.id, selfAssessmentActions.assessmentId))
    .where(and(eq(selfAssessmentActions.id, actionId), eq(selfAssessmentActions.areaId, user.areaId)));
  if (!found) return fail('not_found');
  if (found.assessmentStatus !== 'open') return fail('conflict', { status: SIGNED_OFF });
  if (!isOneOf(ACTION_STATUSES, status)) return fail('invalid', { status: 'Choose how the action stands' });
  await auditedCommand(db, ctx, { action: 'update', recordKind: 'self_assessment_action', recordId: actionId, details: { status } }, async (tx) => {
    await tx.update(selfAssessmentActions).set({ status, updatedAt: now() }).where(eq(selfAssessmentActions.id, actionId));
  });
  return succeed({ year: found.year, standardId: found.action.standardId });
}

/** Signs a year off: every standard must be rated; its figures are frozen as they are now. */
export async function signOff(db: Db, ctx: RequestContext, user: SignedInUser, year: number): Promise<Outcome<undefined, 'invalid' | 'not_found' | 'conflict'>> {
  const view = await assessmentView(db, user.areaId, year);
  if (!view) return fail('not_found');
  if (view.assessment.status !== 'open') return fail('conflict', { assessment: SIGNED_OFF });
  const unrated = view.standards.filter((s) => !s.rating).length;
  if (unrated) return fail('invalid', { assessment: `Rate every standard before signing off: ${unrated === 1 ? '1 standard is' : `${unrated} standards are`} not rated` });
  const frozen = Object.fromEntries(view.standards.filter((s) => s.figure).map((s) => [s.id, s.figure!]));
  await auditedCommand(db, ctx, { action: 'update', recordKind: 'self_assessment', recordId: view.assessment.id, details: { year, signedOff: true, figures: Object.keys(frozen).length } }, async (tx) => {
    await tx.update(selfAssessments).set({ status: 'signed_off', signedOffAt: now(), signedOffByUserId: user.userId, frozenEvidence: frozen }).where(and(eq(selfAssessments.id, view.assessment.id), eq(selfAssessments.status, 'open')));
  });
  return succeed();
}

/** A new version of the framework with one more standard; years still open move to it (their ratings are kept by standard). */
export async function addStandard(db: Db, ctx: RequestContext, user: SignedInUser, input: { theme: string; text: string; measure: string }): Promise<Outcome<{ version: number }, 'invalid'>> {
  const errors: FieldErrors = {};
  if (!isOneOf(THEMES, input.theme)) errors.theme = 'Choose the theme the standard belongs to';
  const text = (input.text ?? '').trim();
  if (!text) errors.text = 'Enter what the standard asks of the partnership';
  else if (text.length > 1000) errors.text = 'The standard must be 1000 characters or fewer';
  if (input.measure && !isOneOf(MEASURES, input.measure)) errors.measure = 'Choose a figure Lantern measures, or none';
  if (Object.keys(errors).length) return fail('invalid', errors);
  const version = await auditedCommand(
    db,
    ctx,
    (v: number) => ({ action: 'create', recordKind: 'self_assessment_framework', details: { version: v, theme: input.theme } }),
    async (tx) => {
      const current = await currentFramework(tx, user.areaId, user.userId);
      const n = current.standards.filter((s) => s.theme === input.theme).length + 1;
      let id = `${input.theme}-${n}`;
      while (current.standards.some((s) => s.id === id)) id = `${id}-x`;
      const standards = [...current.standards, { id, theme: input.theme, text, measure: input.measure || null }];
      const [made] = await tx.insert(selfAssessmentFrameworks).values({ areaId: user.areaId, version: current.version + 1, standards, createdByUserId: user.userId }).returning();
      await tx.update(selfAssessments).set({ frameworkId: made!.id }).where(and(eq(selfAssessments.areaId, user.areaId), eq(selfAssessments.status, 'open')));
      return made!.version;
    },
  );
  return succeed({ version });
}

/** Every year's rating of every standard, for the board's year-against-year view. */
export async function yearAgainstYear(db: Db, areaId: string) {
  const years = (await assessmentsOf(db, areaId)).sort((a, b) => a.year - b.year);
  const framework = await db.select().from(selfAssessmentFrameworks).where(eq(selfAssessmentFrameworks.areaId, areaId)).orderBy(desc(selfAssessmentFrameworks.version)).limit(1);
  const standards = framework[0]?.standards ?? DEFAULT_STANDARDS;
  const ratings = years.length ? await db.select().from(selfAssessmentRatings).where(inArray(selfAssessmentRatings.assessmentId, years.map((y) => y.id))) : [];
  return {
    years: years.map((y) => ({ year: y.year, status: y.status })),
    rows: standards.map((s) => ({
      id: s.id,
      text: s.text,
      themeLabel: isOneOf(THEMES, s.theme) ? THEMES[s.theme] : s.theme,
      ratings: years.map((y) => {
        const r = ratings.find((x) => x.assessmentId === y.id && x.standardId === s.id);
        return r && isOneOf(RATINGS, r.rating) ? (r.rating as Rating) : null;
      }),
    })),
    /** How many standards each year rated at each point of the scale. */
    counts: years.map((y) => Object.fromEntries(Object.keys(RATINGS).map((k) => [k, ratings.filter((r) => r.assessmentId === y.id && r.rating === k).length])) as Record<Rating, number>),
  };
}

/**
 * The scoring engine: answers + facts → level, reasons, triggers, actions.
 *
 * HOW THE LEVEL IS REACHED
 *   1. riskScore = sum of the weights of risk indicators present (each in its
 *      time window). Weights are never negative (validation enforces it).
 *   2. protectiveReduction = sum of protective factors present, capped at
 *      scoring.maxProtectiveReduction. total = max(0, riskScore − reduction).
 *   3. The cut-off level is the highest level whose minTotal ≤ total.
 *   4. Floor rules, judgement options and statutory minimum-level triggers
 *      each require "at least" some level. `raise_by` rules are measured from
 *      the cut-off level. The final level is the highest of all of these.
 *
 * MONOTONICITY. Each step is non-decreasing in the set of risk indicators
 * present: the risk score only grows, a cut-off level only grows with it,
 * floor conditions are "at least N present" (adding one can only satisfy
 * more), and the final level is a maximum. So adding a risk indicator never
 * lowers the level, removing one never raises it, and because the engine
 * reads answers by walking the instrument (never the order answers came in),
 * order cannot matter. Making a sign more recent never lowers the level
 * either, because weights never grow with age and rule windows always include
 * the more recent periods (validation enforces both).
 *
 * PROTECTIVE FACTORS only lower the total (step 2), so they can only lower
 * the cut-off level (and so what a `raise_by` rule adds to it). They never
 * touch `at_least` floor rules, judgements or minimum-level triggers, so they
 * can never take the level below what those require; they are capped so a
 * list of strengths cannot outweigh serious signs; and a level-based trigger
 * (significant harm) looks at the level before strengths, so strengths never
 * silence a statutory trigger. Adding a protective factor can lower the
 * level, by design — the monotonicity promise is about risk indicators.
 */
import {
  addDays,
  ageInYears,
  birthdayOf,
  formatDate,
  HOUR_MS,
  isBefore,
  isValidTimeZone,
  localDateOf,
  parseDate,
  parseInstant,
  type CalendarDate,
} from './dates.ts';
import {
  ANSWER_VALUES,
  type AnswerWindow,
  type AssessmentAnswers,
  type AssessmentContext,
  type AssessmentResult,
  type Contribution,
  type FactStatus,
  type FiredTrigger,
  type FloorApplied,
  type FloorRule,
  type IndicatorDef,
  type IndicatorSelector,
  type Instrument,
  type JudgedResult,
  type LevelPlan,
  type LevelRef,
  type LevelSigns,
  type MissingEpisodeFact,
  type Outcome,
  type Problem,
  type TriggerRule,
} from './types.ts';
import { validateInstrument } from './validate.ts';

const DEFAULT_TIME_ZONE = 'Europe/London';
const FACT_STATUSES: readonly FactStatus[] = ['not_recorded', 'none', 'indicated', 'known'];
/** A written reason must say something; a few characters cannot. */
export const MIN_REASON_LENGTH = 10;

const WINDOW_WORDS: Record<AnswerWindow, string> = {
  now: 'now',
  last_6_months: 'in the last 6 months',
  '6_to_12_months': '6 to 12 months ago',
};

function weightFor(ind: IndicatorDef, window: AnswerWindow): number {
  const w = ind.weights;
  if (!w.timed) return w.present;
  return window === 'now' ? w.now : window === 'last_6_months' ? w.last6Months : w.sixTo12Months;
}

function isPresentFact(s: FactStatus | undefined): boolean {
  return s === 'indicated' || s === 'known';
}

interface Facts {
  assessedAtMs: number;
  assessmentDate: CalendarDate;
  dob: CalendarDate | null;
  estimatedAge: number | null;
}

function checkContext(ctx: AssessmentContext): { facts: Facts | null; problems: Problem[] } {
  const problems: Problem[] = [];
  const add = (path: string, message: string): void => {
    problems.push({ path: `context.${path}`, message });
  };
  const timeZone = ctx.timeZone ?? DEFAULT_TIME_ZONE;
  if (!isValidTimeZone(timeZone)) add('timeZone', `'${timeZone}' is not a time zone; use an IANA name such as Europe/London.`);
  const at = typeof ctx.assessedAt === 'string' ? parseInstant(ctx.assessedAt) : null;
  if (at === null) {
    add('assessedAt', 'Give the assessment time as an ISO date-time with a zone, e.g. 2025-03-01T14:30:00Z.');
  }
  const assessmentDate = at !== null && isValidTimeZone(timeZone) ? localDateOf(at, timeZone) : null;

  let dob: CalendarDate | null = null;
  if (ctx.dateOfBirth !== undefined && ctx.dateOfBirth !== null) {
    dob = typeof ctx.dateOfBirth === 'string' ? parseDate(ctx.dateOfBirth) : null;
    if (!dob) add('dateOfBirth', 'Give the date of birth as a real date in the form YYYY-MM-DD.');
    else if (assessmentDate && isBefore(assessmentDate, dob)) add('dateOfBirth', 'The date of birth is after the assessment date; check both.');
  }
  const est = ctx.estimatedAgeYears;
  if (est !== undefined && est !== null && (typeof est !== 'number' || !Number.isInteger(est) || est < 0 || est > 25)) {
    add('estimatedAgeYears', 'An estimated age must be a whole number of years between 0 and 25.');
  }
  for (const key of ['lookedAfter', 'learningDisability', 'immediateDanger', 'riskOfSignificantHarm', 'missingNow', 'hasPartner'] as const) {
    const v = ctx[key];
    if (v !== undefined && v !== null && typeof v !== 'boolean') add(key, `${key} must be true, false or left unrecorded.`);
  }
  for (const key of ['sexualActivity', 'penetrativeSex'] as const) {
    const v = ctx[key];
    if (v !== undefined && !FACT_STATUSES.includes(v)) add(key, `${key} must be one of: ${FACT_STATUSES.join(', ')}.`);
  }
  const partnerAge = ctx.partnerAgeYears;
  if (partnerAge !== undefined && partnerAge !== null && (typeof partnerAge !== 'number' || !Number.isInteger(partnerAge) || partnerAge < 10 || partnerAge > 99)) {
    add('partnerAgeYears', 'Give the partner’s age as a whole number of years from 10 to 99 (your best estimate).');
  }
  if (ctx.hasPartner === true && (partnerAge === undefined || partnerAge === null)) add('partnerAgeYears', 'Give the partner’s age (your best estimate) so the age-gap rule can be checked.');
  if (ctx.missingEpisodes !== undefined) {
    if (!Array.isArray(ctx.missingEpisodes)) add('missingEpisodes', 'missingEpisodes must be a list.');
    else {
      ctx.missingEpisodes.forEach((ep, i) => {
        const start = typeof ep?.startedAt === 'string' ? parseInstant(ep.startedAt) : null;
        if (start === null) return add(`missingEpisodes[${i}].startedAt`, 'Give when the young person went missing as an ISO date-time with a zone.');
        if (at !== null && start > at) add(`missingEpisodes[${i}].startedAt`, 'This episode starts after the assessment time; check the times.');
        if (ep.returnedAt !== undefined && ep.returnedAt !== null) {
          const back = typeof ep.returnedAt === 'string' ? parseInstant(ep.returnedAt) : null;
          if (back === null) add(`missingEpisodes[${i}].returnedAt`, 'Give the return time as an ISO date-time with a zone, or leave it empty while missing.');
          else if (back < start) add(`missingEpisodes[${i}].returnedAt`, 'The return time is before the young person went missing; check the times.');
        }
      });
    }
  }
  if (problems.length === 0 && at !== null) {
    // The answer to "missing now" and the record must agree, so a trigger never contradicts the answer.
    const open = openEpisodesAt(ctx.missingEpisodes ?? [], at);
    const first = open[0];
    if (ctx.missingNow === false && first) {
      add(
        'missingNow',
        `The record shows the young person missing since ${new Date(first.start).toISOString()}${first.reference ? ` (${first.reference})` : ''} with no return recorded. Record their return on the missing episode, or answer that they are missing now.`,
      );
    } else if (ctx.missingNow === true && !first) {
      add('missingEpisodes', 'You answered that the young person is missing now: say when they went missing, or record the episode.');
    }
  }
  if (problems.length > 0 || at === null || assessmentDate === null) return { facts: null, problems };
  return { facts: { assessedAtMs: at, assessmentDate, dob, estimatedAge: est ?? null }, problems };
}

interface OpenEpisode {
  start: number;
  reference: string | null;
}

/** Episodes that had started and not ended at `at`, earliest first. */
function openEpisodesAt(episodes: readonly MissingEpisodeFact[], at: number): OpenEpisode[] {
  return episodes
    .map((ep) => ({ start: parseInstant(ep.startedAt) ?? Infinity, back: ep.returnedAt ? parseInstant(ep.returnedAt) : null, reference: ep.reference ?? null }))
    .filter((ep) => ep.start <= at && (ep.back === null || ep.back > at))
    .sort((x, y) => x.start - y.start)
    .map(({ start, reference }) => ({ start, reference }));
}

interface Normalised {
  /** Risk indicator id → window, only for present answers. */
  present: Map<string, AnswerWindow>;
  protectivePresent: Set<string>;
  answered: Set<string>;
  judgements: Map<string, string>;
}

function checkAnswers(instrument: Instrument, answers: AssessmentAnswers): { normalised: Normalised; problems: Problem[] } {
  const problems: Problem[] = [];
  const normalised: Normalised = { present: new Map(), protectivePresent: new Set(), answered: new Set(), judgements: new Map() };
  const name = `'${instrument.id}' version ${instrument.version}`;
  if (answers.instrumentId !== instrument.id || answers.instrumentVersion !== instrument.version) {
    problems.push({
      path: 'answers.instrumentVersion',
      message: `These answers were given against '${answers.instrumentId}' version ${answers.instrumentVersion}, not ${name}. Score them with the version they were given against, or use a preview to see how ${name} would score them.`,
    });
    return { normalised, problems };
  }
  const indicators = new Map(instrument.indicators.map((i) => [i.id, i]));
  const protective = new Map(instrument.protectiveFactors.map((p) => [p.id, p]));
  if (typeof answers.indicators !== 'object' || answers.indicators === null) {
    problems.push({ path: 'answers.indicators', message: 'answers.indicators must be an object of indicator id → answer.' });
    return { normalised, problems };
  }
  for (const [id, value] of Object.entries(answers.indicators)) {
    const path = `answers.indicators.${id}`;
    if (!ANSWER_VALUES.includes(value)) {
      problems.push({ path, message: `The answer for '${id}' is ${JSON.stringify(value)}; use one of: ${ANSWER_VALUES.join(', ')}.` });
      continue;
    }
    const ind = indicators.get(id);
    const pro = protective.get(id);
    const def = ind ?? pro;
    if (!def) {
      problems.push({ path, message: `'${id}' is not an indicator in ${name}. Remove the answer or check the id.` });
      continue;
    }
    if (def.retired) {
      const instead = def.replacedBy ? ` Answer '${def.replacedBy}' instead.` : ' Remove the answer.';
      problems.push({ path, message: `'${id}' is retired in ${name} and takes no answers.${instead}` });
      continue;
    }
    const untimed = pro !== undefined || (ind !== undefined && !ind.weights.timed);
    if (untimed && (value === 'last_6_months' || value === '6_to_12_months')) {
      problems.push({ path, message: `'${id}' does not ask when; answer 'now' if it applies, or 'not_present'.` });
      continue;
    }
    normalised.answered.add(id);
    if (value === 'not_present') continue;
    if (ind) normalised.present.set(id, value);
    else normalised.protectivePresent.add(id);
  }
  const sections = new Map(instrument.judgementSections.map((s) => [s.id, s]));
  for (const [sectionId, optionId] of Object.entries(answers.judgements ?? {})) {
    const path = `answers.judgements.${sectionId}`;
    const section = sections.get(sectionId);
    if (!section) {
      problems.push({ path, message: `'${sectionId}' is not a judgement section in ${name}. Remove it or check the id.` });
    } else if (!section.options.some((o) => o.id === optionId)) {
      problems.push({
        path,
        message: `'${String(optionId)}' is not an option of '${sectionId}'. Choose one of: ${section.options.map((o) => o.id).join(', ')}.`,
      });
    } else {
      normalised.judgements.set(sectionId, optionId);
    }
  }
  return { normalised, problems };
}

/**
 * Scores one set of answers against the instrument they were given for.
 * Refuses (without throwing) invalid instruments, answers from another
 * version, unknown or retired ids, and impossible facts.
 */
export function scoreAssessment(
  instrument: Instrument,
  answers: AssessmentAnswers,
  context: AssessmentContext,
): Outcome<AssessmentResult> {
  const valid = validateInstrument(instrument);
  if (!valid.ok) {
    return {
      ok: false,
      problems: valid.problems.map((p) => ({
        path: p.path ? `instrument.${p.path}` : 'instrument',
        message: `The instrument cannot be used until this is fixed: ${p.message}`,
      })),
    };
  }
  // Inputs may arrive from JSON; refuse rather than throw on the wrong shape.
  if (typeof answers !== 'object' || answers === null || typeof context !== 'object' || context === null) {
    return { ok: false, problems: [{ path: typeof answers !== 'object' || answers === null ? 'answers' : 'context', message: 'Answers and context must both be objects.' }] };
  }
  const a = checkAnswers(instrument, answers);
  const c = checkContext(context);
  const problems = [...a.problems, ...c.problems];
  if (problems.length > 0 || !c.facts) return { ok: false, problems };
  return { ok: true, value: evaluate(instrument, a.normalised, context, c.facts) };
}

/** How the steps below name and compare levels: by rank, 0 the lowest. */
interface LevelScale {
  rankOf: Map<string, number>;
  top: number;
  ref(rank: number): LevelRef;
  /** A level's label in quotes, for the summary. */
  words(rank: number): string;
}

function levelScaleOf(instrument: Instrument): LevelScale {
  const levels = instrument.levels;
  return {
    rankOf: new Map(levels.map((l, i) => [l.id, i])),
    top: levels.length - 1,
    ref: (rank) => {
      const l = levels[rank] ?? levels[0];
      return { id: l?.id ?? '', label: l?.label ?? '', rank };
    },
    words: (rank) => `'${levels[rank]?.label ?? ''}'`,
  };
}

/** What every step reads. */
interface Evaluation {
  instrument: Instrument;
  levels: LevelScale;
  /** Risk indicators in use: a retired one scores nothing and meets no rule. */
  active: IndicatorDef[];
  ans: Normalised;
  ctx: AssessmentContext;
  facts: Facts;
}

type TriggerOf<K extends TriggerRule['kind']> = Extract<TriggerRule, { kind: K }>;

function presentIn(ans: Normalised, id: string, windows: readonly AnswerWindow[]): boolean {
  const w = ans.present.get(id);
  return w !== undefined && windows.includes(w);
}

/** Steps 1–2: risk indicators add up; strengths take off no more than the cap; the total is never below 0. */
function addUpScores({ instrument, active, ans }: Evaluation) {
  // Walking the instrument, not the answers, so answer order cannot matter.
  const contributions: Contribution[] = [];
  for (const ind of active) {
    const window = ans.present.get(ind.id);
    if (!window) continue;
    contributions.push({
      indicatorId: ind.id,
      wording: ind.wording,
      groupId: ind.groupId,
      kind: ind.kind,
      ...(ind.strand ? { strand: ind.strand } : {}),
      pointsTo: ind.pointsTo,
      answer: window,
      weight: weightFor(ind, window),
    });
  }
  const protective: Contribution[] = instrument.protectiveFactors
    .filter((p) => !p.retired && ans.protectivePresent.has(p.id))
    .map((p) => ({ indicatorId: p.id, wording: p.wording, groupId: p.groupId, kind: 'protective', answer: 'now', weight: p.weight }));
  const riskScore = contributions.reduce((sum, x) => sum + x.weight, 0);
  const rawReduction = -protective.reduce((sum, x) => sum + x.weight, 0);
  const cap = instrument.scoring.maxProtectiveReduction;
  const protectiveReduction = cap === null ? rawReduction : Math.min(cap, rawReduction);
  const protectiveCapped = cap !== null && rawReduction > cap;
  const total = Math.max(0, riskScore - protectiveReduction);
  return { contributions, protective, riskScore, rawReduction, protectiveReduction, protectiveCapped, total };
}
type Scores = ReturnType<typeof addUpScores>;

function scoreSummary(scores: Scores): string[] {
  const { contributions, protective, riskScore, rawReduction, protectiveReduction, protectiveCapped, total } = scores;
  return [
    protective.length === 0
      ? `Risk indicators add up to ${riskScore}; no strengths were recorded, so the total is ${total}.`
      : `Risk indicators add up to ${riskScore}; strengths take off ${protectiveReduction}${protectiveCapped ? ` (the most they may take off; together they were worth ${rawReduction})` : ''}, so the total is ${total}.`,
    ...contributions.map((x) => `+${x.weight}: ${x.wording} (${WINDOW_WORDS[x.answer as AnswerWindow]}).`),
    ...protective.map((x) => `${x.weight}: ${x.wording} (strength).`),
  ];
}

/**
 * Step 3 under the signs model: the highest level with enough signs of exploitation present
 * (a sign of a higher level counts towards every level below it); the lowest level otherwise.
 */
function signsLevel({ instrument, levels, active, ans }: Evaluation): { rank: number; signs: LevelSigns[] } {
  const needed = instrument.scoring.signsNeeded ?? {};
  const present = active.filter((i) => i.kind === 'exploitation' && ans.present.has(i.id));
  let rank = 0;
  const signs = instrument.levels.slice(1).map((l, i) => {
    const levelRank = i + 1;
    const ids = present.filter((ind) => (levels.rankOf.get(ind.pointsTo) ?? -1) >= levelRank).map((ind) => ind.id);
    const n = needed[l.id] ?? 1;
    const met = ids.length >= n;
    if (met) rank = levelRank;
    return { level: levels.ref(levelRank), needed: n, present: ids, met };
  });
  return { rank, signs };
}

function signsSummary(levels: LevelScale, rank: number, signs: LevelSigns[], total: number): string[] {
  const decided = signs.find((x) => x.level.rank === rank);
  const above = signs.filter((x) => x.level.rank > rank && x.present.length > 0);
  const lines = [
    decided
      ? `The level is decided by the kind of signs present: ${levels.words(rank)} needs ${decided.needed === 1 ? 'a sign' : `${decided.needed} signs`} of ${levels.words(rank)} or above, and ${decided.present.length === 1 ? 'this one is' : 'these are'} present: ${decided.present.join(', ')}.`
      : `No sign of exploitation is present, which gives ${levels.words(0)}.`,
    ...above.map((x) => `${levels.words(x.level.rank)} needs ${x.needed} signs of that level; ${x.present.length} ${x.present.length === 1 ? 'is' : 'are'} present (${x.present.join(', ')}), so it is not reached.`),
    `The total score of ${total} is shown for information; it does not decide the level.`,
  ];
  return lines;
}

/** Step 3: the highest level whose cut-off a total reaches; below every cut-off, the lowest level. */
function cutOffFor(instrument: Instrument, levels: LevelScale, total: number): { rank: number; min: number | null } {
  let rank = 0;
  let min: number | null = null;
  for (const co of instrument.scoring.cutOffs) {
    const r = levels.rankOf.get(co.level) ?? 0;
    if (total >= co.minTotal && r > rank) {
      rank = r;
      min = co.minTotal;
    }
  }
  return { rank, min };
}

function cutOffSummary(instrument: Instrument, levels: LevelScale, total: number, cut: { rank: number; min: number | null }): string {
  if (cut.min === null) {
    const first = Math.min(...instrument.scoring.cutOffs.map((co) => co.minTotal));
    return `A total of ${total} is below the first cut-off (${first}), which gives ${levels.words(0)}.`;
  }
  return `A total of ${total} reaches the cut-off for ${levels.words(cut.rank)} (${cut.min} or more).`;
}

/** Whether a rule's selector picks out an indicator: every criterion it names must hold. */
function selects(levels: LevelScale, ind: IndicatorDef, sel: IndicatorSelector): boolean {
  return (
    (sel.indicatorIds === undefined || sel.indicatorIds.includes(ind.id)) &&
    (sel.pointsTo === undefined || ind.pointsTo === sel.pointsTo) &&
    (sel.pointsToAtLeast === undefined || (levels.rankOf.get(ind.pointsTo) ?? -1) >= (levels.rankOf.get(sel.pointsToAtLeast) ?? Infinity)) &&
    (sel.groupIds === undefined || sel.groupIds.includes(ind.groupId)) &&
    (sel.strand === undefined || ind.strand === sel.strand) &&
    (sel.kind === undefined || ind.kind === sel.kind)
  );
}

/** Step 4, floor rules: those with enough of their indicators present in their windows. */
function metFloorRules({ instrument, levels, active, ans }: Evaluation): { rule: FloorRule; matched: string[] }[] {
  return instrument.floorRules
    .map((rule) => ({
      rule,
      matched: active.filter((i) => selects(levels, i, rule.when.select) && presentIn(ans, i.id, rule.when.windows)).map((i) => i.id),
    }))
    .filter((m) => m.matched.length >= m.rule.when.minCount);
}

/** The level a met floor rule requires. raise_by is measured from whichever cut-off level is being considered. */
function floorRank(levels: LevelScale, rule: FloorRule, fromRank: number): number {
  return rule.effect.kind === 'at_least' ? (levels.rankOf.get(rule.effect.level) ?? 0) : Math.min(levels.top, fromRank + rule.effect.steps);
}

/** Step 4, judgements: chosen options of optional sections that require at least some level. */
function judgementMinimums({ instrument, levels, ans }: Evaluation): { sectionId: string; optionId: string; label: string; rank: number }[] {
  const hits: { sectionId: string; optionId: string; label: string; rank: number }[] = [];
  for (const section of instrument.judgementSections) {
    const chosen = ans.judgements.get(section.id);
    const option = section.options.find((o) => o.id === chosen);
    if (option?.atLeast !== undefined) {
      hits.push({ sectionId: section.id, optionId: option.id, label: option.label, rank: levels.rankOf.get(option.atLeast) ?? 0 });
    }
  }
  return hits;
}

interface AgeReading {
  years: number | null;
  /** Null when neither a date of birth nor an estimate is recorded. */
  isUnder(years: number): boolean | null;
  words(years: number): string;
}

/** Age, exactly: under N until the day before the Nth birthday, inclusive. An estimate when there is no date of birth. */
function readAge(facts: Facts): AgeReading {
  const years = facts.dob ? ageInYears(facts.dob, facts.assessmentDate) : facts.estimatedAge;
  return {
    years,
    isUnder: (limit) => {
      if (facts.dob) return isBefore(facts.assessmentDate, birthdayOf(facts.dob, limit));
      if (facts.estimatedAge !== null) return facts.estimatedAge < limit;
      return null;
    },
    words: (limit) =>
      facts.dob
        ? `Aged ${years} on ${formatDate(facts.assessmentDate)} (born ${formatDate(facts.dob)}), so under ${limit}.`
        : `Estimated age ${facts.estimatedAge}, so under ${limit}.`,
  };
}

/** Cautions when the instrument has age-based rules but the age is unknown or only estimated. */
function ageNotices(instrument: Instrument, facts: Facts, age: AgeReading): string[] {
  const usesAge = instrument.triggers.some(
    (t) => t.kind === 'under_age_sexual_activity' || t.kind === 'under_age_penetrative_sex' || t.kind === 'age_gap' || (t.kind === 'minimum_level' && t.condition.kind === 'age_under'),
  );
  if (usesAge && age.years === null) {
    return ['No date of birth or estimated age is recorded, so the age-based rules (such as under 13) could not be checked. Record one and score again.'];
  }
  if (usesAge && !facts.dob) {
    return ['The age is estimated; age-based rules use the estimate. Record the date of birth when known. A young person whose age is disputed is treated as a child.'];
  }
  return [];
}

function firedTrigger(t: TriggerRule, why: string[]): FiredTrigger {
  return { triggerId: t.id, kind: t.kind, title: t.title, urgency: t.urgency, why, rule: t.rule ?? null, whatToDo: t.whatToDo, guidance: t.guidance };
}

/**
 * Step 4, statutory minimums (the first pass over the triggers): a condition (an age, a learning
 * disability) with signs of exploitation present means the level is never below the trigger's.
 * Fills those triggers' slots and returns the minimums they require.
 */
function minimumLevelTriggers(e: Evaluation, age: AgeReading, slots: (FiredTrigger | null)[]): { index: number; rank: number }[] {
  const { instrument, levels, active, ans, ctx } = e;
  const minimums: { index: number; rank: number }[] = [];
  instrument.triggers.forEach((t, index) => {
    if (t.kind !== 'minimum_level') return;
    let conditionWhy: string | null = null;
    if (t.condition.kind === 'age_under') {
      if (age.isUnder(t.condition.years) === true) conditionWhy = age.words(t.condition.years);
    } else {
      const ids = t.condition.indicatorIds.filter((id) => ans.present.has(id));
      if (ctx.learningDisability === true) conditionWhy = 'A learning disability is recorded.';
      else if (ids.length > 0) conditionWhy = `A learning disability is indicated (${ids.join(', ')}).`;
    }
    if (!conditionWhy) return;
    const signs = active.filter((i) => i.kind === 'exploitation' && presentIn(ans, i.id, t.windows)).map((i) => i.id);
    if (signs.length === 0) return;
    const rank = levels.rankOf.get(t.atLeast) ?? 0;
    minimums.push({ index, rank });
    slots[index] = { ...firedTrigger(t, [conditionWhy, `Signs of exploitation are present: ${signs.join(', ')}.`]), requires: levels.ref(rank) };
  });
  return minimums;
}

interface DecidedLevel {
  cutRank: number;
  /** The highest of the cut-off level and every requirement. */
  finalRank: number;
  /** The lowest level the statutory minimums allow a judgement to choose. */
  minimumRank: number;
  /**
   * The level the risk indicators reach before strengths are taken off. Level-based statutory
   * triggers use the higher of this and the final level, so strengths can soften the level but
   * never silence a statutory trigger.
   */
  riskOnlyRank: number;
  /** Whether a requirement, not the total, set the level. */
  lifted: boolean;
}

/** The final level: the highest of the cut-off level, the floor rules, the judgements and the statutory minimums. */
function decideLevel(
  e: Evaluation,
  scores: Scores,
  cutRank: number,
  metRules: { rule: FloorRule }[],
  required: { floors: { rank: number }[]; judgements: { rank: number }[]; minimums: { rank: number }[] },
): DecidedLevel {
  const finalRank = Math.max(cutRank, ...required.floors.map((f) => f.rank), ...required.judgements.map((j) => j.rank), ...required.minimums.map((m) => m.rank));
  const minimumRank = Math.max(0, ...required.minimums.map((m) => m.rank));
  // Under the signs model strengths never change the level, so the level before strengths is the same.
  const riskOnlyCut = e.instrument.scoring.method === 'signs' ? cutRank : cutOffFor(e.instrument, e.levels, scores.riskScore).rank;
  const riskOnlyRank = Math.max(finalRank, riskOnlyCut, ...metRules.map((m) => floorRank(e.levels, m.rule, riskOnlyCut)));
  return { cutRank, finalRank, minimumRank, riskOnlyRank, lifted: finalRank > cutRank };
}

/** Which requirements applied and which of them raised the level, with a summary line for each. */
function requirementsApplied(
  levels: LevelScale,
  decided: DecidedLevel,
  floorHits: { rule: FloorRule; matched: string[]; rank: number }[],
  judgementHits: { sectionId: string; optionId: string; label: string; rank: number }[],
  minimums: { index: number; rank: number }[],
  slots: (FiredTrigger | null)[],
) {
  const { cutRank, finalRank, lifted } = decided;
  const raisedWords = (raised: boolean) => (raised ? `; this raised the level from ${levels.words(cutRank)}` : '');
  const floors: FloorApplied[] = floorHits.map((f) => ({
    ruleId: f.rule.id,
    description: f.rule.description,
    matched: f.matched,
    requires: levels.ref(f.rank),
    raisedLevel: lifted && f.rank === finalRank,
  }));
  const judgementFloors = judgementHits.map((j) => ({
    sectionId: j.sectionId,
    optionId: j.optionId,
    label: j.label,
    requires: levels.ref(j.rank),
    raisedLevel: lifted && j.rank === finalRank,
  }));
  const summary = [
    ...floors.map((f) => `Rule: ${f.description.replace(/\.$/, '')} (met by ${f.matched.join(', ')}) — requires at least ${levels.words(f.requires.rank)}${raisedWords(f.raisedLevel)}.`),
    ...judgementFloors.map((j) => `Judgement: '${j.label}' requires at least ${levels.words(j.requires.rank)}${raisedWords(j.raisedLevel)}.`),
  ];
  for (const m of minimums) {
    const t = slots[m.index];
    if (!t) continue;
    summary.push(`Statutory rule: ${t.title} — requires at least ${levels.words(m.rank)}${raisedWords(lifted && m.rank === finalRank)}.`);
  }
  return { floors, judgementFloors, summary };
}

function underAgeSexualActivity(t: TriggerOf<'under_age_sexual_activity'>, ctx: AssessmentContext, age: AgeReading, notices: string[]): FiredTrigger | null {
  const activity = isPresentFact(ctx.sexualActivity) || isPresentFact(ctx.penetrativeSex);
  const under = age.isUnder(t.ageUnder);
  if (under === true && activity) {
    const status = isPresentFact(ctx.sexualActivity) ? ctx.sexualActivity : ctx.penetrativeSex;
    return firedTrigger(t, [age.words(t.ageUnder), `Sexual activity is ${status}.`]);
  }
  if (under === true && (ctx.sexualActivity === undefined || ctx.sexualActivity === 'not_recorded')) {
    notices.push(`The young person is under ${t.ageUnder} and whether there has been sexual activity is not recorded. Record it (none, indicated or known) so the statutory rules can be checked.`);
  }
  return null;
}

/** Fires when the assessor records the risk, when the level (before strengths, if higher) reaches the trigger's, or when a listed sign is present. */
function significantHarm(t: TriggerOf<'significant_harm'>, e: Evaluation, decided: DecidedLevel): FiredTrigger | null {
  const { levels, ans, ctx } = e;
  const why: string[] = [];
  if (ctx.riskOfSignificantHarm === true) why.push('The assessor has recorded a risk of significant harm.');
  const at = t.whenLevelAtLeast === undefined ? undefined : levels.rankOf.get(t.whenLevelAtLeast);
  if (at !== undefined && decided.finalRank >= at) why.push(`The calculated level is ${levels.words(decided.finalRank)}.`);
  else if (at !== undefined && decided.riskOnlyRank >= at) {
    why.push(`The risk indicators reach ${levels.words(decided.riskOnlyRank)} before strengths are taken into account.`);
  }
  if (t.whenAnyPresent) {
    const windows = t.whenAnyPresent.windows;
    const ids = t.whenAnyPresent.indicatorIds.filter((id) => presentIn(ans, id, windows));
    if (ids.length > 0) why.push(`These signs are present: ${ids.join(', ')}.`);
  }
  return why.length > 0 ? firedTrigger(t, why) : null;
}

/**
 * A looked-after child missing at the time of the assessment: an episode (on the record, or the
 * assessor's own time) that had started and not ended by then. The deadline counts from the
 * earliest such episode. Nothing else fires it: the context check has already refused an answer
 * of "not missing now" that the record contradicts.
 */
function lookedAfterMissing(t: TriggerOf<'looked_after_missing'>, e: Evaluation, notices: string[]): FiredTrigger | null {
  const { ctx, facts } = e;
  const first = openEpisodesAt(ctx.missingEpisodes ?? [], facts.assessedAtMs)[0];
  if (!first) return null;
  if (ctx.lookedAfter !== true) {
    if (ctx.lookedAfter === undefined || ctx.lookedAfter === null) {
      notices.push(`The young person is missing and it is not recorded whether they are looked after. If they are, a strategy meeting is due within ${t.withinHours} hours of going missing.`);
    }
    return null;
  }
  // Due while no more than `withinHours` have passed (the deadline itself is still in time).
  const dueByMs = first.start + t.withinHours * HOUR_MS;
  const hoursElapsed = Math.floor((facts.assessedAtMs - first.start) / HOUR_MS);
  const status = facts.assessedAtMs <= dueByMs ? 'due' : 'overdue';
  const source = first.reference ? `missing episode ${first.reference} on the record` : 'the time given in this assessment';
  return {
    ...firedTrigger(t, [
      'Looked after: answered yes in this assessment.',
      ctx.missingNow === true ? 'Missing now: answered yes in this assessment.' : 'Missing now: shown by the record.',
      `Missing since ${new Date(first.start).toISOString()} (${source}), with no return recorded: ${hoursElapsed} hours at the time of the assessment.`,
      status === 'due'
        ? `The strategy meeting is due by ${new Date(dueByMs).toISOString()}.`
        : `The strategy meeting was due by ${new Date(dueByMs).toISOString()} and is overdue unless it has been held.`,
    ]),
    deadline: { dueBy: new Date(dueByMs).toISOString(), status, hoursElapsed },
  };
}

/** A child under the age limit with a boyfriend, girlfriend or partner at or over the partner's age limit. */
function ageGap(t: TriggerOf<'age_gap'>, ctx: AssessmentContext, age: AgeReading, notices: string[]): FiredTrigger | null {
  const under = age.isUnder(t.childUnder);
  if (under !== true) return null;
  const partnerAge = ctx.hasPartner === true ? ctx.partnerAgeYears : null;
  if (ctx.hasPartner === undefined || ctx.hasPartner === null) {
    notices.push(`The young person is under ${t.childUnder} and it is not recorded whether they have a boyfriend, girlfriend or partner. Record it so the age-gap rule can be checked.`);
    return null;
  }
  if (typeof partnerAge !== 'number' || partnerAge < t.partnerAtLeast) return null;
  return firedTrigger(t, [age.words(t.childUnder), `Boyfriend, girlfriend or partner: answered yes, aged ${partnerAge} (so ${t.partnerAtLeast} or over).`]);
}

/**
 * The second pass over the triggers: every one but the statutory minimums, now that the level is
 * known (significant harm can depend on it). Fills their slots; gaps that stop a rule being
 * checked go to `notices`, in the instrument's order.
 */
function remainingTriggers(e: Evaluation, age: AgeReading, decided: DecidedLevel, slots: (FiredTrigger | null)[], notices: string[]): void {
  const { ctx } = e;
  e.instrument.triggers.forEach((t, index) => {
    switch (t.kind) {
      case 'minimum_level':
        return;
      case 'immediate_danger':
        if (ctx.immediateDanger === true) slots[index] = firedTrigger(t, ['In immediate danger: answered yes in this assessment.']);
        return;
      case 'under_age_sexual_activity':
        slots[index] = underAgeSexualActivity(t, ctx, age, notices);
        return;
      case 'under_age_penetrative_sex':
        if (age.isUnder(t.ageUnder) === true && isPresentFact(ctx.penetrativeSex)) {
          slots[index] = firedTrigger(t, [age.words(t.ageUnder), `Penetrative sex is ${ctx.penetrativeSex}.`]);
        }
        return;
      case 'significant_harm':
        slots[index] = significantHarm(t, e, decided);
        return;
      case 'looked_after_missing':
        slots[index] = lookedAfterMissing(t, e, notices);
        return;
      case 'age_gap':
        slots[index] = ageGap(t, ctx, age, notices);
        return;
    }
  });
}

/** Every level with its actions, its review interval and its label on each strand whose indicators were present. */
function levelPlans(instrument: Instrument, contributions: Contribution[]): LevelPlan[] {
  const presentStrands = instrument.strands.filter((s) => contributions.some((x) => x.strand === s.id));
  return instrument.levels.map((l, rank) => ({
    id: l.id,
    label: l.label,
    rank,
    actions: instrument.actionsByLevel[l.id] ?? [],
    reviewIntervalDays: instrument.reviewIntervalDays[l.id] ?? null,
    strandLabels: presentStrands.map((s) => ({ strand: s.id, label: s.levelLabels[l.id] ?? l.label })),
  }));
}

function evaluate(instrument: Instrument, ans: Normalised, ctx: AssessmentContext, facts: Facts): AssessmentResult {
  const levels = levelScaleOf(instrument);
  const active = instrument.indicators.filter((i) => !i.retired);
  const e: Evaluation = { instrument, levels, active, ans, ctx, facts };

  const scores = addUpScores(e);
  const method = instrument.scoring.method ?? 'total';
  const bySigns = method === 'signs' ? signsLevel(e) : null;
  const cut = bySigns ? { rank: bySigns.rank, min: null } : cutOffFor(instrument, levels, scores.total);

  const metRules = metFloorRules(e);
  const floorHits = metRules.map((m) => ({ ...m, rank: floorRank(levels, m.rule, cut.rank) }));
  const judgementHits = judgementMinimums(e);
  const age = readAge(facts);
  const notices = ageNotices(instrument, facts, age);
  // Triggers are kept in instrument order; the slots are filled in two passes because
  // significant-harm rules can depend on the final level, which the minimums help decide.
  const slots: (FiredTrigger | null)[] = instrument.triggers.map(() => null);
  const minimums = minimumLevelTriggers(e, age, slots);

  const decided = decideLevel(e, scores, cut.rank, metRules, { floors: floorHits, judgements: judgementHits, minimums });
  const applied = requirementsApplied(levels, decided, floorHits, judgementHits, minimums, slots);
  remainingTriggers(e, age, decided, slots, notices);
  const triggers = slots.filter((s): s is FiredTrigger => s !== null);

  const scale = levelPlans(instrument, scores.contributions);
  const { finalRank } = decided;
  const plan = scale[finalRank] ?? scale[0];
  const reviewIntervalDays = plan?.reviewIntervalDays ?? null;
  const summary = bySigns
    ? [...signsSummary(levels, cut.rank, bySigns.signs, scores.total), ...applied.summary, `Level: ${levels.words(finalRank)}.`, ...scoreSummary(scores)]
    : [...scoreSummary(scores), cutOffSummary(instrument, levels, scores.total, cut), ...applied.summary, `Level: ${levels.words(finalRank)}.`];
  const unansweredIndicatorIds = [...active.map((i) => i.id), ...instrument.protectiveFactors.filter((p) => !p.retired).map((p) => p.id)].filter((id) => !ans.answered.has(id));

  return {
    instrumentId: instrument.id,
    instrumentVersion: instrument.version,
    assessedAt: new Date(facts.assessedAtMs).toISOString(),
    assessmentDate: formatDate(facts.assessmentDate),
    triggers,
    level: { ...levels.ref(finalRank), strandLabels: plan?.strandLabels ?? [] },
    total: scores.total,
    riskScore: scores.riskScore,
    protectiveReduction: scores.protectiveReduction,
    reasons: {
      contributions: scores.contributions,
      protective: scores.protective,
      protectiveCapped: scores.protectiveCapped,
      cutOff: { level: levels.ref(cut.rank), minTotal: cut.min, total: scores.total },
      floors: applied.floors,
      method,
      signs: bySigns?.signs ?? [],
      judgementFloors: applied.judgementFloors,
      summary,
    },
    minimumAllowed: levels.ref(decided.minimumRank),
    recommendedActions: plan?.actions ?? [],
    reviewIntervalDays,
    nextReviewDate: reviewIntervalDays === null ? null : formatDate(addDays(facts.assessmentDate, reviewIntervalDays)),
    notices,
    unansweredIndicatorIds,
    ageYears: age.years,
    scale,
  };
}

/**
 * Records the assessor's own level. A different level needs a written
 * reason; the plan (actions, review date) then follows the assessor's level.
 * Statutory minimums cannot be judged away, and fired triggers always stay.
 */
export function applyJudgement(
  result: AssessmentResult | JudgedResult,
  assessorLevel: string,
  reason: string | null | undefined,
): Outcome<JudgedResult> {
  const computed = 'judgement' in result ? result.judgement.computedLevel : { id: result.level.id, label: result.level.label, rank: result.level.rank };
  const chosen = result.scale.find((l) => l.id === assessorLevel);
  if (!chosen) {
    return {
      ok: false,
      problems: [{ path: 'assessorLevel', message: `'${assessorLevel}' is not a level of this instrument. Choose one of: ${result.scale.map((l) => l.id).join(', ')}.` }],
    };
  }
  const differs = chosen.id !== computed.id;
  const written = typeof reason === 'string' ? reason.trim() : '';
  const problems: Problem[] = [];
  if (differs && written.length < MIN_REASON_LENGTH) {
    problems.push({
      path: 'reason',
      message: `You chose '${chosen.label}' but the calculated level is '${computed.label}'. Write down why (at least ${MIN_REASON_LENGTH} characters), so that others can understand the decision.`,
    });
  }
  if (chosen.rank < result.minimumAllowed.rank) {
    const why = result.triggers.filter((t) => t.requires && t.requires.rank > chosen.rank).map((t) => t.title);
    problems.push({
      path: 'assessorLevel',
      message: `The level cannot be below '${result.minimumAllowed.label}' because of a statutory rule (${why.join('; ')}). Choose '${result.minimumAllowed.label}' or higher.`,
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  const summary = [...result.reasons.summary];
  if (differs) summary.push(`The assessor judged the level to be '${chosen.label}' rather than the calculated '${computed.label}': ${written}`);
  const date = parseDate(result.assessmentDate);
  return {
    ok: true,
    value: {
      ...result,
      level: { id: chosen.id, label: chosen.label, rank: chosen.rank, strandLabels: chosen.strandLabels },
      recommendedActions: chosen.actions,
      reviewIntervalDays: chosen.reviewIntervalDays,
      nextReviewDate: chosen.reviewIntervalDays === null || !date ? null : formatDate(addDays(date, chosen.reviewIntervalDays)),
      reasons: { ...result.reasons, summary },
      judgement: {
        computedLevel: computed,
        assessorLevel: { id: chosen.id, label: chosen.label, rank: chosen.rank },
        differs,
        reason: written.length > 0 ? written : null,
      },
    },
  };
}

/**
 * The CSE risk instrument as plain data.
 *
 * Everything here is JSON-serialisable so that a version can be stored as one
 * JSON document, compared, previewed and published without code changes. An
 * instrument version is immutable once an assessment has used it; an area
 * changes it by publishing a new version (same `id`, higher `version`).
 *
 * THE ONLINE VARIANT. Levels form ONE ordered scale shared by every indicator
 * (no_apparent_risk < at_risk < swapping < entrenched), so a single score,
 * one set of cut-offs and one set of floor rules apply to everybody. The
 * online triangle (at risk / swapping / selling) is a *strand*: its indicators
 * carry `strand: 'online'` and point at the same level ids, and the strand
 * only relabels levels (`levelLabels: { entrenched: 'Selling' }`). A result
 * therefore says "entrenched" for ranking and reviews, and also lists the
 * strand labels ("selling (online)") for whichever strands had indicators
 * present. Keeping one scale avoids two competing levels for one child.
 *
 * TIME WINDOWS. An indicator where time matters is "timed" and has three
 * weights: present now, in the last 6 months (but not now), 6–12 months ago.
 * Anything older than 12 months is answered "not present" and belongs in the
 * chronology. An indicator where time does not matter (e.g. a learning
 * disability) is "untimed" with one weight, answered 'now' or 'not_present'.
 */

export type LevelId = string;
export type StrandId = string;

/** When an indicator was present. Older than 12 months is 'not_present'. */
export type AnswerWindow = 'now' | 'last_6_months' | '6_to_12_months';
export type AnswerValue = AnswerWindow | 'not_present';

export const ANSWER_WINDOWS: readonly AnswerWindow[] = ['now', 'last_6_months', '6_to_12_months'];
export const ANSWER_VALUES: readonly AnswerValue[] = [...ANSWER_WINDOWS, 'not_present'];

export type InstrumentStatus = 'draft' | 'published' | 'retired';

export interface LevelDef {
  id: LevelId;
  label: string;
  /** What this level means, in plain words, for the result page. */
  description: string;
}

export interface StrandDef {
  id: StrandId;
  label: string;
  description: string;
  /** Labels that differ from the level's own label on this strand. */
  levelLabels: Record<LevelId, string>;
}

export interface IndicatorGroup {
  id: string;
  title: string;
  description: string;
}

/**
 * 'exploitation' indicators are signs of exploitation itself (the triangle
 * and the relationship factors); 'vulnerability' indicators describe unmet
 * needs that make exploitation more likely. The under-13 / learning
 * disability rule looks only at exploitation indicators.
 */
export type IndicatorKind = 'exploitation' | 'vulnerability';

export type IndicatorWeights =
  | { timed: true; now: number; last6Months: number; sixTo12Months: number }
  | { timed: false; present: number };

export interface IndicatorDef {
  /** Stable across versions; concerns store these ids in their checklist. */
  id: string;
  groupId: string;
  kind: IndicatorKind;
  /** Which triangle the indicator belongs to; omitted for vulnerability factors. */
  strand?: StrandId;
  /** The level this indicator points to when present. */
  pointsTo: LevelId;
  wording: string;
  hint: string;
  weights: IndicatorWeights;
  /** Free tags; 'missing' marks indicators suggested from missing episodes. */
  tags?: string[];
  /** Retired indicators stay in the version for history but take no answers. */
  retired?: boolean;
  /** For a retired indicator, the active one that replaces it (if any). */
  replacedBy?: string;
}

/** Protective factors lower the score. They are answered 'now' or 'not_present'. */
export interface ProtectiveFactorDef {
  id: string;
  groupId: string;
  wording: string;
  hint: string;
  /** Must be negative. */
  weight: number;
  retired?: boolean;
  replacedBy?: string;
}

/** The lowest total that reaches `level`; one per level above the lowest. */
export interface CutOff {
  level: LevelId;
  minTotal: number;
}

/**
 * How the calculated level is decided. 'signs' (the partnership model): the highest level whose
 * defining signs are present, counting a sign of a higher level towards every level below it;
 * the total is only supporting detail. 'total': the highest cut-off the total reaches (versions
 * published before the signs model, kept so their assessments read as they were made).
 */
export type LevelMethod = 'signs' | 'total';

export interface ScoringConfig {
  /** Absent means 'total', as every version made before the signs model. */
  method?: LevelMethod;
  /**
   * For the signs model: how many signs of exploitation pointing at a level (or above) make that
   * level, per level above the lowest; 1 when not given.
   */
  signsNeeded?: Record<LevelId, number>;
  /** Used by the 'total' method; kept on 'signs' versions so an area can switch back. */
  cutOffs: CutOff[];
  /**
   * The most that protective factors together may take off the total (a
   * positive number), or null for no cap. Caps stop a long list of strengths
   * from hiding serious signs.
   */
  maxProtectiveReduction: number | null;
}

/**
 * Chooses indicators; every field that is set must match (AND). Retired
 * indicators never match.
 */
export interface IndicatorSelector {
  indicatorIds?: string[];
  pointsTo?: LevelId;
  /** Indicators pointing at this level or any level above it. */
  pointsToAtLeast?: LevelId;
  groupIds?: string[];
  strand?: StrandId;
  kind?: IndicatorKind;
}

export interface FloorCondition {
  select: IndicatorSelector;
  /** Which answers count as present for this rule. */
  windows: AnswerWindow[];
  /** How many selected indicators must be present (1 = "any"). */
  minCount: number;
}

export type FloorEffect =
  /** The level is at least this one. */
  | { kind: 'at_least'; level: LevelId }
  /** The level is at least the cut-off level plus `steps` (capped at the top). */
  | { kind: 'raise_by'; steps: number };

export interface FloorRule {
  id: string;
  description: string;
  when: FloorCondition;
  effect: FloorEffect;
}

export type TriggerUrgency = 'immediate' | 'within_hours' | 'same_day' | 'promptly';

interface TriggerBase {
  id: string;
  title: string;
  /** The rule behind the trigger in plain words (the law or guidance it follows), shown with it. */
  rule?: string;
  /** What must be done, shown before anything else on the result. */
  whatToDo: string;
  guidance: string;
  urgency: TriggerUrgency;
}

export type TriggerRule =
  /** A young person in immediate danger: police now. */
  | (TriggerBase & { kind: 'immediate_danger' })
  /** Any sexual activity (known or indicated) with a child under `ageUnder`. */
  | (TriggerBase & { kind: 'under_age_sexual_activity'; ageUnder: number })
  /** Penetrative sex (known or indicated) with a child under `ageUnder`. */
  | (TriggerBase & { kind: 'under_age_penetrative_sex'; ageUnder: number })
  /**
   * Risk of significant harm: fires when the assessor records it, and also
   * (optionally) when the level reaches `whenLevelAtLeast` or any of the
   * listed indicators is present in the listed windows.
   */
  | (TriggerBase & {
      kind: 'significant_harm';
      whenLevelAtLeast?: LevelId;
      whenAnyPresent?: { indicatorIds: string[]; windows: AnswerWindow[] };
    })
  /**
   * A looked-after child who is missing at the assessment time (an episode on
   * the record, or the assessor's answer, with no return before it): strategy
   * meeting within `withinHours` of going missing. `missingIndicatorIds` are
   * kept for older versions but never fire it: "going missing" answered 'now'
   * means in the last four weeks, not missing at this moment.
   */
  | (TriggerBase & { kind: 'looked_after_missing'; withinHours: number; missingIndicatorIds: string[] })
  /** A child under `childUnder` with a boyfriend, girlfriend or partner aged `partnerAtLeast` or over. */
  | (TriggerBase & { kind: 'age_gap'; childUnder: number; partnerAtLeast: number })
  /**
   * When the condition holds and any exploitation indicator is present in
   * `windows`, the level is never below `atLeast`.
   */
  | (TriggerBase & {
      kind: 'minimum_level';
      atLeast: LevelId;
      windows: AnswerWindow[];
      condition: { kind: 'age_under'; years: number } | { kind: 'learning_disability'; indicatorIds: string[] };
    });

export type TriggerKind = TriggerRule['kind'];

export interface RecommendedAction {
  id: string;
  text: string;
  /** Who would usually lead, as a suggestion (e.g. 'Children's social care'). */
  lead?: string;
  /** Suggested days from the assessment for a due date, when an action is created. */
  withinDays?: number;
}

export interface JudgementOption {
  id: string;
  label: string;
  hint: string;
  /** Choosing this option means the level is at least this one. */
  atLeast?: LevelId;
}

/** An optional section where the assessor picks one option (e.g. grooming stage). */
export interface JudgementSection {
  id: string;
  title: string;
  hint: string;
  options: JudgementOption[];
}

export interface GuidanceSection {
  id: string;
  title: string;
  body: string;
}

export interface Instrument {
  /** Stable across versions, e.g. 'lantern-cse'. */
  id: string;
  /** Positive integer; each published version of `id` gets a higher one. */
  version: number;
  status: InstrumentStatus;
  title: string;
  description: string;
  /** The area this version belongs to; null for the shipped default. */
  areaId?: string | null;
  basedOn?: { id: string; version: number } | null;
  changeNote?: string;
  /** Lowest first; the first level is the "no apparent risk" level. */
  levels: LevelDef[];
  strands: StrandDef[];
  groups: IndicatorGroup[];
  indicators: IndicatorDef[];
  protectiveFactors: ProtectiveFactorDef[];
  scoring: ScoringConfig;
  floorRules: FloorRule[];
  triggers: TriggerRule[];
  actionsByLevel: Record<LevelId, RecommendedAction[]>;
  /** Days until the next review per level; null means no scheduled review. */
  reviewIntervalDays: Record<LevelId, number | null>;
  judgementSections: JudgementSection[];
  guidance: GuidanceSection[];
}

// ---------------------------------------------------------------------------
// Answers, context and results

export interface AssessmentAnswers {
  instrumentId: string;
  instrumentVersion: number;
  /** Indicator or protective factor id → answer. Unanswered means not present. */
  indicators: Record<string, AnswerValue>;
  /** Judgement section id → chosen option id. Unanswered means not assessed. */
  judgements?: Record<string, string>;
}

/** 'not_recorded' is kept apart from 'none' so gaps show up. */
export type FactStatus = 'not_recorded' | 'none' | 'indicated' | 'known';

export interface MissingEpisodeFact {
  /** How the episode is known: its reference on the record (e.g. 'M-12'), or absent when the assessor gave the time. */
  reference?: string | null;
  /** ISO date-time the young person went missing. */
  startedAt: string;
  /** ISO date-time they returned or were found; absent or null while missing. */
  returnedAt?: string | null;
}

export interface AssessmentContext {
  /** ISO date-time of the assessment. */
  assessedAt: string;
  /** YYYY-MM-DD; preferred over `estimatedAgeYears`. */
  dateOfBirth?: string | null;
  /** Whole years, used only when the date of birth is not known. */
  estimatedAgeYears?: number | null;
  lookedAfter?: boolean | null;
  /** The assessor's answer to "missing now"; the record's episodes must not contradict it. */
  missingNow?: boolean | null;
  /** Episodes on the record (and the assessor's, when they gave a time). */
  missingEpisodes?: MissingEpisodeFact[];
  /** Whether the young person has a boyfriend, girlfriend or partner; null when not known. */
  hasPartner?: boolean | null;
  /** The partner's age in whole years (the best estimate), when there is a partner. */
  partnerAgeYears?: number | null;
  learningDisability?: boolean | null;
  immediateDanger?: boolean | null;
  sexualActivity?: FactStatus;
  penetrativeSex?: FactStatus;
  /** The assessor's own view that the child may be at risk of significant harm. */
  riskOfSignificantHarm?: boolean | null;
  /** IANA zone for calendar dates (ages, review dates); default Europe/London. */
  timeZone?: string;
}

export interface Problem {
  path: string;
  message: string;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

export interface LevelRef {
  id: LevelId;
  label: string;
  rank: number;
}

export interface Contribution {
  indicatorId: string;
  wording: string;
  groupId: string;
  kind: IndicatorKind | 'protective';
  strand?: StrandId;
  pointsTo?: LevelId;
  answer: AnswerValue;
  weight: number;
}

export interface FloorApplied {
  ruleId: string;
  description: string;
  /** The indicators that satisfied the rule. */
  matched: string[];
  /** The level the rule requires. */
  requires: LevelRef;
  /** True when this rule is what lifted the final level above the cut-off level. */
  raisedLevel: boolean;
}

export interface FiredTrigger {
  triggerId: string;
  kind: TriggerKind;
  title: string;
  urgency: TriggerUrgency;
  /** Why it fired, in words, naming the facts or indicators. */
  why: string[];
  /** The rule it follows, in plain words, when the instrument states one. */
  rule: string | null;
  whatToDo: string;
  guidance: string;
  /** For time-bound triggers: the deadline and where we stand against it. */
  deadline?: { dueBy: string | null; status: 'due' | 'overdue' | 'unknown'; hoursElapsed: number | null };
  /** For minimum-level triggers: the level required. */
  requires?: LevelRef;
}

/** One level above the lowest under the signs model: how many signs it needs and those present. */
export interface LevelSigns {
  level: LevelRef;
  needed: number;
  /** Ids of exploitation signs present pointing at this level or above. */
  present: string[];
  met: boolean;
}

export interface LevelPlan extends LevelRef {
  actions: RecommendedAction[];
  reviewIntervalDays: number | null;
  /** This level's label on each strand that had indicators present. */
  strandLabels: { strand: StrandId; label: string }[];
}

export interface AssessmentResult {
  instrumentId: string;
  instrumentVersion: number;
  assessedAt: string;
  /** The calendar date of the assessment in the context's time zone (YYYY-MM-DD). */
  assessmentDate: string;
  /** Statutory triggers, in the instrument's order; show these first. */
  triggers: FiredTrigger[];
  level: LevelRef & { strandLabels: { strand: StrandId; label: string }[] };
  total: number;
  riskScore: number;
  /** What protective factors took off (after any cap), as a non-negative number. */
  protectiveReduction: number;
  reasons: {
    contributions: Contribution[];
    protective: Contribution[];
    protectiveCapped: boolean;
    cutOff: { level: LevelRef; minTotal: number | null; total: number };
    floors: FloorApplied[];
    /** How the calculated level was decided, and for the signs model each level's signs. */
    method: LevelMethod;
    signs: LevelSigns[];
    judgementFloors: { sectionId: string; optionId: string; label: string; requires: LevelRef; raisedLevel: boolean }[];
    /** Human-readable summary lines, in the order they apply. */
    summary: string[];
  };
  /** The lowest level the statutory triggers allow; an assessor's judgement cannot go below it. */
  minimumAllowed: LevelRef;
  recommendedActions: RecommendedAction[];
  reviewIntervalDays: number | null;
  /** YYYY-MM-DD in the context's time zone, or null when the level has no review. */
  nextReviewDate: string | null;
  /** Gaps and cautions (e.g. date of birth not recorded). */
  notices: string[];
  unansweredIndicatorIds: string[];
  ageYears: number | null;
  /** The level scale with each level's actions and review, so a result stands alone. */
  scale: LevelPlan[];
}

export interface JudgedResult extends AssessmentResult {
  judgement: {
    computedLevel: LevelRef;
    assessorLevel: LevelRef;
    differs: boolean;
    reason: string | null;
  };
}

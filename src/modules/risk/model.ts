/**
 * An assessment in progress, its task-list sections, and the checks a submission must pass.
 * Pure: no database. The pages and the API both build a DraftState and go through
 * `checkSubmission`, so they refuse the same things with the same messages.
 */
import { UK_TIME_ZONE } from '../../platform/time.ts';
import { formatDateTime } from '../../platform/views/filters.ts';
import {
  ANSWER_VALUES,
  applyJudgement,
  scoreAssessment,
  type AnswerValue,
  type AssessmentAnswers,
  type AssessmentContext,
  type FactStatus,
  type Instrument,
  type JudgedResult,
  type MissingEpisodeFact,
} from './instrument/index.ts';

export type YesNoUnknown = 'yes' | 'no' | 'not_known';
export const YES_NO_UNKNOWN: readonly YesNoUnknown[] = ['yes', 'no', 'not_known'];
export const FACT_STATUSES: readonly FactStatus[] = ['none', 'indicated', 'known', 'not_recorded'];

/** The facts the statutory triggers need, answered in 'About the young person'. */
export interface DraftFacts {
  immediateDanger?: 'yes' | 'no';
  lookedAfter?: YesNoUnknown;
  learningDisability?: YesNoUnknown;
  sexualActivity?: FactStatus;
  penetrativeSex?: FactStatus;
  /** The assessor's answer; it must agree with the missing episodes on the record. */
  missingNow?: 'yes' | 'no';
  /** ISO date-time they went missing, when missing now. */
  missingSince?: string | null;
  /** Whether they have a boyfriend, girlfriend or partner (for the age-gap rule). */
  hasPartner?: YesNoUnknown;
  /** The partner's age in whole years, the best estimate, when they have one. */
  partnerAge?: number | null;
}

export interface DraftJudgement {
  /** The assessor's level (a level id). */
  level?: string;
  /** Why, when it differs from the calculated level. */
  reason?: string;
  /** The assessor's view on risk of significant harm. */
  significantHarm?: YesNoUnknown;
}

/** Who last completed a section, shown on the task list and kept with the assessment. */
export interface SectionContribution {
  userId: string;
  name: string;
  agencyName: string;
  at: string;
}

/** A recommended action recorded as the plan at submission (a panel may later set actions with owners and due dates). */
export interface PlannedAction {
  actionId: string;
  text: string;
  lead: string | null;
  /** YYYY-MM-DD, from the action's suggested number of days, or null. */
  dueBy: string | null;
}

export interface DraftState {
  /** Indicator or protective factor id → answer. */
  indicators: Record<string, AnswerValue>;
  /** Optional judgement section id → option id. */
  judgements: Record<string, string>;
  /** Optional sections someone has saved, even when they left them unanswered. */
  optionalSeen: string[];
  facts: DraftFacts;
  judgement: DraftJudgement;
  /** Section key → who last completed it. */
  contributions: Record<string, SectionContribution>;
}

export function emptyDraftState(): DraftState {
  return { indicators: {}, judgements: {}, optionalSeen: [], facts: {}, judgement: {}, contributions: {} };
}

/** What the young person's record gives the assessment (never edited from the assessment). */
export interface PersonFacts {
  dateOfBirth: string | null;
  /** The current estimate, when no date of birth is recorded. */
  estimatedAgeYears: number | null;
  /** The young person's missing episodes on the record, which the statutory triggers read. */
  missingEpisodes?: MissingEpisodeFact[];
}

export type SectionKind = 'about' | 'group' | 'optional' | 'judgement';

export interface SectionItem {
  id: string;
  wording: string;
  hint: string;
  /** Timed items are answered with when; untimed ones yes or no. */
  timed: boolean;
  protective: boolean;
}

export interface SectionDef {
  key: string;
  kind: SectionKind;
  title: string;
  description: string;
  items: SectionItem[];
  judgementSectionId?: string;
}

export const ABOUT_KEY = 'about';
export const JUDGEMENT_KEY = 'judgement';

/** The task list: about the young person, one section per indicator group, optional judgements, then professional judgement. */
export function sectionsOf(instrument: Instrument): SectionDef[] {
  const about: SectionDef = {
    key: ABOUT_KEY,
    kind: 'about',
    title: 'About the young person',
    description: 'Facts that decide whether any action is required by law or guidance, whatever the score.',
    items: [],
  };
  const groups: SectionDef[] = instrument.groups
    .map((g) => ({
      key: `g.${g.id}`,
      kind: 'group' as const,
      title: g.title,
      description: g.description,
      items: [
        ...instrument.indicators
          .filter((i) => i.groupId === g.id && !i.retired)
          .map((i) => ({ id: i.id, wording: i.wording, hint: i.hint, timed: i.weights.timed, protective: false })),
        ...instrument.protectiveFactors
          .filter((p) => p.groupId === g.id && !p.retired)
          .map((p) => ({ id: p.id, wording: p.wording, hint: p.hint, timed: false, protective: true })),
      ],
    }))
    .filter((s) => s.items.length > 0);
  const optional: SectionDef[] = instrument.judgementSections.map((j) => ({
    key: `j.${j.id}`,
    kind: 'optional' as const,
    title: j.title,
    description: j.hint,
    items: [],
    judgementSectionId: j.id,
  }));
  const judgement: SectionDef = {
    key: JUDGEMENT_KEY,
    kind: 'judgement',
    title: 'Professional judgement',
    description: 'Your own view of the level, and why if it differs from the calculated one.',
    items: [],
  };
  return [about, ...groups, ...optional, judgement];
}

export type SectionStatus = 'completed' | 'in_progress' | 'not_started' | 'cannot_start' | 'optional';

/** Facts the about section needs before it is complete, in page order. */
export function missingFacts(facts: DraftFacts): (keyof DraftFacts)[] {
  const missing: (keyof DraftFacts)[] = [];
  if (facts.immediateDanger !== 'yes' && facts.immediateDanger !== 'no') missing.push('immediateDanger');
  if (!facts.lookedAfter || !YES_NO_UNKNOWN.includes(facts.lookedAfter)) missing.push('lookedAfter');
  if (facts.missingNow !== 'yes' && facts.missingNow !== 'no') missing.push('missingNow');
  else if (facts.missingNow === 'yes' && !facts.missingSince) missing.push('missingSince');
  if (!facts.learningDisability || !YES_NO_UNKNOWN.includes(facts.learningDisability)) missing.push('learningDisability');
  if (!facts.hasPartner || !YES_NO_UNKNOWN.includes(facts.hasPartner)) missing.push('hasPartner');
  else if (facts.hasPartner === 'yes' && typeof facts.partnerAge !== 'number') missing.push('partnerAge');
  if (!facts.sexualActivity || !FACT_STATUSES.includes(facts.sexualActivity)) missing.push('sexualActivity');
  if (!facts.penetrativeSex || !FACT_STATUSES.includes(facts.penetrativeSex)) missing.push('penetrativeSex');
  return missing;
}

/** The record's missing episodes that had started and not ended by `at`, earliest first. */
export function openEpisodesOnRecord(person: PersonFacts, at: Date): MissingEpisodeFact[] {
  const t = at.getTime();
  return (person.missingEpisodes ?? [])
    .filter((e) => Date.parse(e.startedAt) <= t && (!e.returnedAt || Date.parse(e.returnedAt) > t))
    .sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
}

/** An answer of "not missing now" that the record contradicts, in words for the about page; null when they agree. */
export function missingAnswerProblem(facts: DraftFacts, person: PersonFacts, at: Date): string | null {
  const open = openEpisodesOnRecord(person, at)[0];
  if (facts.missingNow !== 'no' || !open) return null;
  return `The record shows them missing since ${formatDateTime(open.startedAt)}${open.reference ? ` (${open.reference})` : ''} with no return recorded. Select yes, or record their return on the missing episode first`;
}

export function isValidAnswer(item: SectionItem, value: unknown): value is AnswerValue {
  if (typeof value !== 'string' || !ANSWER_VALUES.includes(value as AnswerValue)) return false;
  return item.timed || value === 'now' || value === 'not_present';
}

export function unansweredItems(section: SectionDef, state: DraftState): SectionItem[] {
  return section.items.filter((item) => !isValidAnswer(item, state.indicators[item.id]));
}

/** The sections that must be complete before professional judgement can be given. */
export function scoringSectionsComplete(sections: SectionDef[], state: DraftState): boolean {
  return sections.every((s) => s.kind === 'optional' || s.kind === 'judgement' || sectionStatus(sections, s, state) === 'completed');
}

export function sectionStatus(sections: SectionDef[], section: SectionDef, state: DraftState): SectionStatus {
  switch (section.kind) {
    case 'about': {
      const missing = missingFacts(state.facts).length;
      return missing === 0 ? 'completed' : Object.keys(state.facts).length === 0 ? 'not_started' : 'in_progress';
    }
    case 'group': {
      const open = unansweredItems(section, state).length;
      return open === 0 ? 'completed' : open === section.items.length ? 'not_started' : 'in_progress';
    }
    case 'optional':
      return state.optionalSeen.includes(section.judgementSectionId ?? '') || state.judgements[section.judgementSectionId ?? ''] ? 'completed' : 'optional';
    case 'judgement':
      if (!scoringSectionsComplete(sections, state)) return 'cannot_start';
      return state.judgement.level ? 'completed' : 'not_started';
  }
}

export function toAnswers(instrument: Instrument, state: DraftState): AssessmentAnswers {
  return {
    instrumentId: instrument.id,
    instrumentVersion: instrument.version,
    indicators: { ...state.indicators },
    judgements: { ...state.judgements },
  };
}

const yesNo = (v: YesNoUnknown | undefined): boolean | null => (v === 'yes' ? true : v === 'no' ? false : null);

export function toContext(state: DraftState, person: PersonFacts, assessedAt: string): AssessmentContext {
  const f = state.facts;
  return {
    assessedAt,
    dateOfBirth: person.dateOfBirth,
    estimatedAgeYears: person.dateOfBirth ? null : person.estimatedAgeYears,
    lookedAfter: yesNo(f.lookedAfter),
    learningDisability: yesNo(f.learningDisability),
    immediateDanger: f.immediateDanger === 'yes' ? true : f.immediateDanger === 'no' ? false : null,
    sexualActivity: f.sexualActivity ?? 'not_recorded',
    penetrativeSex: f.penetrativeSex ?? 'not_recorded',
    missingNow: f.missingNow === 'yes' ? true : f.missingNow === 'no' ? false : null,
    // The record's episodes, and the assessor's own time when they say the young person is missing now.
    missingEpisodes: [...(person.missingEpisodes ?? []), ...(f.missingNow === 'yes' && f.missingSince ? [{ startedAt: f.missingSince, returnedAt: null }] : [])],
    hasPartner: yesNo(f.hasPartner),
    partnerAgeYears: f.hasPartner === 'yes' && typeof f.partnerAge === 'number' ? f.partnerAge : null,
    riskOfSignificantHarm: yesNo(state.judgement.significantHarm),
    timeZone: UK_TIME_ZONE,
  };
}

export interface SubmissionProblem {
  /** The section to go back to, when there is one. */
  section: string | null;
  message: string;
}

export type SubmissionCheck =
  | { ok: true; result: JudgedResult; answers: AssessmentAnswers; context: AssessmentContext }
  | { ok: false; problems: SubmissionProblem[] };

const FACT_QUESTIONS: Record<keyof DraftFacts, string> = {
  immediateDanger: 'whether the young person is in immediate danger',
  lookedAfter: 'whether they are looked after',
  missingNow: 'whether they are missing now',
  missingSince: 'when they went missing',
  learningDisability: 'whether they have a learning disability',
  hasPartner: 'whether they have a boyfriend, girlfriend or partner',
  partnerAge: 'how old their partner is',
  sexualActivity: 'whether there has been sexual activity',
  penetrativeSex: 'whether there has been penetrative sex',
};

/** Computed level from whatever has been answered so far (unanswered counts as not present). */
export function provisionalResult(instrument: Instrument, state: DraftState, person: PersonFacts, assessedAt: string) {
  return scoreAssessment(instrument, toAnswers(instrument, state), toContext(state, person, assessedAt));
}

/**
 * Everything a submission must satisfy: a current (published) version, every section finished,
 * only ids the version knows, and a written reason when the assessor's level differs from the
 * calculated one. All problems are reported together, each saying how to fix it.
 */
export function checkSubmission(
  instrument: Instrument,
  versionStatus: string,
  state: DraftState,
  person: PersonFacts,
  assessedAt: string,
  currentVersion: number | null,
): SubmissionCheck {
  if (versionStatus !== 'published') {
    const next = currentVersion ? ` Carry the answers over to version ${currentVersion}, check them, then submit.` : '';
    return {
      ok: false,
      problems: [{ section: null, message: `These answers were given against version ${instrument.version} of the risk instrument, which has been retired and takes no new assessments.${next}` }],
    };
  }
  const problems: SubmissionProblem[] = [];
  const sections = sectionsOf(instrument);
  const known = new Map<string, string>();
  for (const s of sections) for (const item of s.items) known.set(item.id, s.key);

  const missing = missingFacts(state.facts);
  if (missing.length > 0) {
    problems.push({ section: ABOUT_KEY, message: `Finish ‘About the young person’: say ${missing.map((k) => FACT_QUESTIONS[k]).join(', ')}.` });
  }
  for (const s of sections.filter((x) => x.kind === 'group')) {
    const open = unansweredItems(s, state);
    if (open.length > 0) {
      problems.push({
        section: s.key,
        message: `Finish ‘${s.title}’: ${open.length === 1 ? '1 question is' : `${open.length} questions are`} not answered (${open.map((i) => `‘${i.wording}’`).join('; ')}).`,
      });
    }
  }
  if (!state.judgement.level) {
    problems.push({ section: JUDGEMENT_KEY, message: 'Finish ‘Professional judgement’: choose the level you judge right for the young person.' });
  }

  const scored = scoreAssessment(instrument, toAnswers(instrument, state), toContext(state, person, assessedAt));
  if (!scored.ok) {
    for (const p of scored.problems) {
      const id = p.path.startsWith('answers.indicators.') ? p.path.slice('answers.indicators.'.length) : null;
      const judgementSection = p.path.startsWith('answers.judgements.') ? `j.${p.path.slice('answers.judgements.'.length)}` : null;
      problems.push({ section: (id && known.get(id)) ?? judgementSection ?? (p.path.startsWith('context.') ? ABOUT_KEY : null), message: p.message });
    }
    return { ok: false, problems };
  }
  if (problems.length > 0 || !state.judgement.level) return { ok: false, problems };

  const judged = applyJudgement(scored.value, state.judgement.level, state.judgement.reason ?? null);
  if (!judged.ok) {
    return { ok: false, problems: judged.problems.map((p) => ({ section: JUDGEMENT_KEY, message: p.message })) };
  }
  return { ok: true, result: judged.value, answers: toAnswers(instrument, state), context: toContext(state, person, assessedAt) };
}

/** The plan recorded with the assessment: the level's recommended actions with suggested due dates. */
export function planFor(result: JudgedResult): PlannedAction[] {
  const base = new Date(`${result.assessmentDate}T12:00:00Z`);
  return result.recommendedActions.map((a) => ({
    actionId: a.id,
    text: a.text,
    lead: a.lead ?? null,
    dueBy: a.withinDays ? new Date(base.getTime() + a.withinDays * 86_400_000).toISOString().slice(0, 10) : null,
  }));
}

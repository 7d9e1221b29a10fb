/**
 * Preview of a new instrument version against past assessments, before it is
 * published: what level each would get now, and how many move up or down.
 *
 * Past answers are carried over by id. An answer to an indicator the new
 * version retired with a replacement is carried to the replacement; anything
 * that cannot be carried over is REPORTED, never silently dropped, so the
 * coordinator can see what the change loses.
 */
import { scoreAssessment } from './score.ts';
import {
  ANSWER_WINDOWS,
  type AnswerValue,
  type AssessmentAnswers,
  type AssessmentContext,
  type Instrument,
  type LevelRef,
  type Outcome,
  type Problem,
} from './types.ts';
import { validateInstrument } from './validate.ts';

export interface PastAssessment {
  assessmentId: string;
  /** The answers as given, against the version used at the time. */
  answers: AssessmentAnswers;
  context: AssessmentContext;
  /** The level calculated at the time (a level id), if known. */
  previousLevel: string | null;
}

export type PreviewChange = 'up' | 'down' | 'same' | 'not_comparable' | 'not_scored';

export interface NotCarried {
  indicatorId: string;
  answer: AnswerValue;
  reason: string;
}

export interface PreviewItem {
  assessmentId: string;
  fromVersion: { instrumentId: string; version: number };
  previousLevel: string | null;
  newLevel: LevelRef | null;
  total: number | null;
  change: PreviewChange;
  /** Answers moved from a retired indicator to its replacement. */
  carriedTo: { from: string; to: string; answer: AnswerValue }[];
  /** Answers that have no place in the new version. */
  notCarried: NotCarried[];
  judgementsNotCarried: { sectionId: string; optionId: string; reason: string }[];
  triggersFired: string[];
  /** Why the assessment could not be scored, when change is 'not_scored'. */
  problems: Problem[];
}

export interface PreviewSummary {
  total: number;
  scored: number;
  notScored: number;
  up: number;
  down: number;
  same: number;
  notComparable: number;
  /** For each level: how many were there before and after, and how many left it upward or downward. */
  perLevel: { levelId: string; label: string; before: number; after: number; movedUp: number; movedDown: number }[];
  /** Each distinct change of level with its count, e.g. at_risk → swapping: 3. */
  moves: { from: string; to: string; count: number }[];
  assessmentsWithAnswersNotCarried: number;
  /** Indicator ids whose answers could not be carried, with how many assessments had them. */
  indicatorsNotCarried: { indicatorId: string; count: number }[];
}

export interface Preview {
  instrumentId: string;
  version: number;
  items: PreviewItem[];
  summary: PreviewSummary;
}

function recency(w: AnswerValue): number {
  return w === 'not_present' ? ANSWER_WINDOWS.length : ANSWER_WINDOWS.indexOf(w);
}

/**
 * Carries answers given against an earlier version over to `ins`, by id, following retired
 * indicators to their replacements; what cannot be carried is listed, never dropped silently.
 * Used by the preview, and to move an unfinished assessment on to a newly published version.
 */
export function carryAnswers(
  ins: Instrument,
  answers: AssessmentAnswers,
): { indicators: Record<string, AnswerValue>; carriedTo: PreviewItem['carriedTo']; notCarried: NotCarried[] } {
  const defs = new Map<string, { retired: boolean; replacedBy?: string; timed: boolean }>();
  for (const i of ins.indicators) defs.set(i.id, { retired: i.retired === true, ...(i.replacedBy ? { replacedBy: i.replacedBy } : {}), timed: i.weights.timed });
  for (const p of ins.protectiveFactors) defs.set(p.id, { retired: p.retired === true, ...(p.replacedBy ? { replacedBy: p.replacedBy } : {}), timed: false });

  const resolve = (id: string): string | null => {
    let cur = defs.get(id);
    let curId = id;
    const seen = new Set<string>();
    while (cur && cur.retired) {
      if (!cur.replacedBy || seen.has(curId)) return null;
      seen.add(curId);
      curId = cur.replacedBy;
      cur = defs.get(curId);
    }
    return cur ? curId : null;
  };

  const out: Record<string, AnswerValue> = {};
  const carriedTo: PreviewItem['carriedTo'] = [];
  const notCarried: NotCarried[] = [];
  const entries = Object.entries(answers.indicators ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // Direct answers first, so an explicit answer to an indicator wins over one carried to it.
  const direct = entries.filter(([id]) => defs.get(id)?.retired === false);
  const other = entries.filter(([id]) => defs.get(id)?.retired !== false);
  for (const [id, answer] of direct) {
    const def = defs.get(id);
    if (def && !def.timed && (answer === 'last_6_months' || answer === '6_to_12_months')) {
      notCarried.push({ indicatorId: id, answer, reason: `'${id}' no longer asks when in this version, so a past-only answer cannot be carried over.` });
      continue;
    }
    out[id] = answer;
  }
  const directIds = new Set(direct.map(([id]) => id));
  for (const [id, answer] of other) {
    const def = defs.get(id);
    if (!def) {
      notCarried.push({ indicatorId: id, answer, reason: `'${id}' does not exist in this version.` });
      continue;
    }
    const target = resolve(id);
    if (!target) {
      notCarried.push({ indicatorId: id, answer, reason: `'${id}' is retired in this version with no replacement.` });
      continue;
    }
    if (directIds.has(target)) {
      notCarried.push({ indicatorId: id, answer, reason: `'${id}' is replaced by '${target}', which already has its own answer.` });
      continue;
    }
    const targetDef = defs.get(target);
    if (targetDef && !targetDef.timed && (answer === 'last_6_months' || answer === '6_to_12_months')) {
      notCarried.push({ indicatorId: id, answer, reason: `'${id}' is replaced by '${target}', which does not ask when, so a past-only answer cannot be carried over.` });
      continue;
    }
    const existing = out[target];
    // Two retired indicators replaced by one: keep the more recent answer.
    if (existing === undefined || recency(answer) < recency(existing)) out[target] = answer;
    carriedTo.push({ from: id, to: target, answer });
  }
  return { indicators: out, carriedTo, notCarried };
}

/** Rescores past assessments under `newInstrument` and summarises the moves. */
export function previewVersion(newInstrument: Instrument, pastAssessments: PastAssessment[]): Outcome<Preview> {
  const valid = validateInstrument(newInstrument);
  if (!valid.ok) {
    return {
      ok: false,
      problems: valid.problems.map((p) => ({ path: p.path ? `instrument.${p.path}` : 'instrument', message: p.message })),
    };
  }
  const ins = newInstrument;
  const rankOf = new Map(ins.levels.map((l, i) => [l.id, i]));
  const sections = new Map(ins.judgementSections.map((s) => [s.id, s]));

  const items: PreviewItem[] = pastAssessments.map((past) => {
    const { indicators, carriedTo, notCarried } = carryAnswers(ins, past.answers);
    const judgements: Record<string, string> = {};
    const judgementsNotCarried: PreviewItem['judgementsNotCarried'] = [];
    for (const [sectionId, optionId] of Object.entries(past.answers.judgements ?? {})) {
      const section = sections.get(sectionId);
      if (!section) judgementsNotCarried.push({ sectionId, optionId, reason: `Section '${sectionId}' does not exist in this version.` });
      else if (!section.options.some((o) => o.id === optionId)) {
        judgementsNotCarried.push({ sectionId, optionId, reason: `'${sectionId}' has no option '${optionId}' in this version.` });
      } else judgements[sectionId] = optionId;
    }
    const scored = scoreAssessment(
      ins,
      { instrumentId: ins.id, instrumentVersion: ins.version, indicators, judgements },
      past.context,
    );
    const baseItem = {
      assessmentId: past.assessmentId,
      fromVersion: { instrumentId: past.answers.instrumentId, version: past.answers.instrumentVersion },
      previousLevel: past.previousLevel,
      carriedTo,
      notCarried,
      judgementsNotCarried,
    };
    if (!scored.ok) {
      return { ...baseItem, newLevel: null, total: null, change: 'not_scored', triggersFired: [], problems: scored.problems };
    }
    const r = scored.value;
    const before = past.previousLevel === null ? undefined : rankOf.get(past.previousLevel);
    const change: PreviewChange =
      before === undefined ? 'not_comparable' : r.level.rank > before ? 'up' : r.level.rank < before ? 'down' : 'same';
    return {
      ...baseItem,
      newLevel: { id: r.level.id, label: r.level.label, rank: r.level.rank },
      total: r.total,
      change,
      triggersFired: r.triggers.map((t) => t.triggerId),
      problems: [],
    };
  });

  const count = (c: PreviewChange): number => items.filter((i) => i.change === c).length;
  const perLevel = ins.levels.map((l) => ({
    levelId: l.id,
    label: l.label,
    before: items.filter((i) => i.previousLevel === l.id).length,
    after: items.filter((i) => i.newLevel?.id === l.id).length,
    movedUp: items.filter((i) => i.previousLevel === l.id && i.change === 'up').length,
    movedDown: items.filter((i) => i.previousLevel === l.id && i.change === 'down').length,
  }));
  const moveCounts = new Map<string, { from: string; to: string; count: number }>();
  for (const i of items) {
    if ((i.change !== 'up' && i.change !== 'down') || !i.previousLevel || !i.newLevel) continue;
    const key = `${i.previousLevel}\u0000${i.newLevel.id}`;
    const m = moveCounts.get(key) ?? { from: i.previousLevel, to: i.newLevel.id, count: 0 };
    m.count += 1;
    moveCounts.set(key, m);
  }
  const notCarriedCounts = new Map<string, number>();
  for (const i of items) {
    for (const id of new Set(i.notCarried.map((n) => n.indicatorId))) notCarriedCounts.set(id, (notCarriedCounts.get(id) ?? 0) + 1);
  }

  return {
    ok: true,
    value: {
      instrumentId: ins.id,
      version: ins.version,
      items,
      summary: {
        total: items.length,
        scored: items.length - count('not_scored'),
        notScored: count('not_scored'),
        up: count('up'),
        down: count('down'),
        same: count('same'),
        notComparable: count('not_comparable'),
        perLevel,
        moves: [...moveCounts.values()].sort((a, b) => (rankOf.get(a.from) ?? 0) - (rankOf.get(b.from) ?? 0) || (rankOf.get(a.to) ?? 0) - (rankOf.get(b.to) ?? 0)),
        assessmentsWithAnswersNotCarried: items.filter((i) => i.notCarried.length > 0).length,
        indicatorsNotCarried: [...notCarriedCounts.entries()].map(([indicatorId, n]) => ({ indicatorId, count: n })).sort((a, b) => b.count - a.count || (a.indicatorId < b.indicatorId ? -1 : 1)),
      },
    },
  };
}

/**
 * The changes a coordinator can make to a draft version, one focused form each: an indicator's
 * wording, hint, level and weights; adding an indicator (optionally replacing one); retiring
 * and restoring; cut-offs and review intervals; the recommended actions of a level.
 *
 * Each takes form values as typed and returns problems keyed by form field (nothing changes
 * when there are any). Whether the whole instrument still hangs together is checked when it is
 * published, by the instrument's own validation, and shown on the draft page before then.
 */
import type { Instrument, IndicatorDef, IndicatorSelector, Problem, RecommendedAction } from './instrument/index.ts';

export const MAX_WORDING = 300;
export const MAX_HINT = 1000;
export const MAX_WEIGHT = 50;
export const MAX_CUT_OFF = 500;
/** More would mean a level is reached only by long lists, which the signs model is meant to avoid. */
const MAX_SIGNS_NEEDED = 20;
export const MAX_REVIEW_DAYS = 730;
export const MAX_ACTIONS = 40;

const problem = (path: string, message: string): Problem => ({ path, message });

/** A whole number from `min` to `max`, from a form field; null with a problem otherwise. */
export function wholeNumber(value: string, path: string, label: string, min: number, max: number, problems: Problem[]): number | null {
  const text = value.trim();
  if (text === '') {
    problems.push(problem(path, `Enter ${label}`));
    return null;
  }
  if (!/^-?\d+$/.test(text)) {
    problems.push(problem(path, `${capitalise(label)} must be a whole number, like 3`));
    return null;
  }
  const n = Number(text);
  if (n < min || n > max) {
    problems.push(problem(path, `${capitalise(label)} must be between ${min} and ${max}`));
    return null;
  }
  return n;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function checkWording(wording: string, hint: string, problems: Problem[], what = 'what to look for'): void {
  if (!wording) problems.push(problem('wording', `Enter ${what}`));
  else if (wording.length > MAX_WORDING) problems.push(problem('wording', `The wording must be ${MAX_WORDING} characters or fewer`));
  if (hint.length > MAX_HINT) problems.push(problem('hint', `The hint must be ${MAX_HINT} characters or fewer`));
}

function duplicateWording(ins: Instrument, wording: string, exceptId: string | null): string | null {
  const key = wording.trim().toLowerCase();
  const other = [...ins.indicators, ...ins.protectiveFactors].find((i) => !i.retired && i.id !== exceptId && i.wording.trim().toLowerCase() === key);
  return other ? other.id : null;
}

export interface IndicatorInput {
  wording: string;
  hint: string;
  pointsTo: string;
  /** For timed indicators: now, last 6 months, 6 to 12 months ago. For untimed: present. For protective: how much it takes off. */
  weights: Record<string, string>;
}

function readWeights(timed: boolean, input: Record<string, string>, problems: Problem[]): IndicatorDef['weights'] | null {
  if (!timed) {
    const present = wholeNumber(input.present ?? '', 'weight-present', 'the weight when present', 0, MAX_WEIGHT, problems);
    return present === null ? null : { timed: false, present };
  }
  const now = wholeNumber(input.now ?? '', 'weight-now', 'the weight for now', 0, MAX_WEIGHT, problems);
  const last6Months = wholeNumber(input.last6Months ?? '', 'weight-last6Months', 'the weight for the last 6 months', 0, MAX_WEIGHT, problems);
  const sixTo12Months = wholeNumber(input.sixTo12Months ?? '', 'weight-sixTo12Months', 'the weight for 6 to 12 months ago', 0, MAX_WEIGHT, problems);
  if (now === null || last6Months === null || sixTo12Months === null) return null;
  if (!(now >= last6Months && last6Months >= sixTo12Months)) {
    problems.push(problem('weight-now', 'A sign seen now must weigh at least as much as one in the last 6 months, and that at least as much as one 6 to 12 months ago'));
    return null;
  }
  return { timed: true, now, last6Months, sixTo12Months };
}

/** Changes an active indicator's wording, hint, level and weights (or a protective factor's wording, hint and weight). */
export function editIndicator(ins: Instrument, id: string, input: IndicatorInput): Problem[] {
  const problems: Problem[] = [];
  const wording = input.wording.trim();
  const hint = input.hint.trim();
  const protective = ins.protectiveFactors.find((p) => p.id === id);
  const indicator = ins.indicators.find((i) => i.id === id);
  if (!protective && !indicator) return [problem('', 'There is no such indicator in this draft.')];
  if ((protective ?? indicator)!.retired) return [problem('', 'This indicator is retired. Restore it before changing it.')];
  checkWording(wording, hint, problems);
  const dup = wording ? duplicateWording(ins, wording, id) : null;
  if (dup) problems.push(problem('wording', 'Another indicator already has this wording; change one of them'));
  if (protective) {
    const reduction = wholeNumber(input.weights.reduction ?? '', 'weight-reduction', 'how much it takes off', 1, MAX_WEIGHT, problems);
    if (problems.length > 0 || reduction === null) return problems;
    Object.assign(protective, { wording, hint, weight: -reduction });
    return [];
  }
  const ind = indicator!;
  if (!ins.levels.some((l) => l.id === input.pointsTo)) problems.push(problem('pointsTo', 'Select the level this sign points to'));
  const weights = readWeights(ind.weights.timed, input.weights, problems);
  if (problems.length > 0 || !weights) return problems;
  Object.assign(ind, { wording, hint, pointsTo: input.pointsTo, weights });
  return [];
}

/** A readable id for a new indicator that no version has used: 'area.' plus words of the wording. */
export function newIndicatorId(ins: Instrument, wording: string, taken: ReadonlySet<string> = new Set()): string {
  const words = wording
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9\s]/g, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 2)
    .slice(0, 5)
    .join('_');
  const base = `area.${words || 'indicator'}`.slice(0, 60);
  const used = new Set([...ins.indicators.map((i) => i.id), ...ins.protectiveFactors.map((p) => p.id), ...taken]);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}_${n}`)) return `${base}_${n}`;
}

export interface NewIndicatorInput extends IndicatorInput {
  groupId: string;
  /** An active indicator this one replaces (it is retired with replacedBy pointing here). */
  replaces: string;
}

/** Adds an indicator (or a protective factor to the strengths group); optionally retires the one it replaces. */
export function addIndicator(ins: Instrument, input: NewIndicatorInput): { problems: Problem[]; id: string | null } {
  const problems: Problem[] = [];
  const wording = input.wording.trim();
  const hint = input.hint.trim();
  const group = ins.groups.find((g) => g.id === input.groupId);
  if (!group) problems.push(problem('groupId', 'Select the section the indicator belongs in'));
  checkWording(wording, hint, problems);
  const dup = wording ? duplicateWording(ins, wording, input.replaces || null) : null;
  if (dup) problems.push(problem('wording', 'Another indicator already has this wording; change one of them'));
  const replaced = input.replaces ? [...ins.indicators, ...ins.protectiveFactors].find((i) => i.id === input.replaces && !i.retired) : undefined;
  if (input.replaces && !replaced) problems.push(problem('replaces', 'Select an indicator that is in use, or choose that it replaces none'));
  const inGroup = ins.indicators.filter((i) => i.groupId === input.groupId);
  const isProtective = ins.protectiveFactors.some((p) => p.groupId === input.groupId) && inGroup.length === 0;
  const replacedIsProtective = replaced ? ins.protectiveFactors.some((p) => p.id === replaced.id) : isProtective;
  if (replaced && replacedIsProtective !== isProtective) {
    problems.push(problem('replaces', isProtective ? 'A strength can only replace another strength' : 'A sign of risk can only replace another sign of risk, not a strength'));
  }
  if (problems.length > 0 || !group) return { problems, id: null };
  const id = newIndicatorId(ins, wording);
  if (isProtective) {
    const reduction = wholeNumber(input.weights.reduction ?? '', 'weight-reduction', 'how much it takes off', 1, MAX_WEIGHT, problems);
    if (reduction === null) return { problems, id: null };
    ins.protectiveFactors.push({ id, groupId: group.id, wording, hint, weight: -reduction });
  } else {
    if (!ins.levels.some((l) => l.id === input.pointsTo)) problems.push(problem('pointsTo', 'Select the level this sign points to'));
    // A new sign takes the kind and strand of its section, and asks "when" like its neighbours.
    const model = (replaced as IndicatorDef | undefined) ?? inGroup[0];
    const timed = model ? model.weights.timed : true;
    const weights = readWeights(timed, input.weights, problems);
    if (problems.length > 0 || !weights) return { problems, id: null };
    ins.indicators.push({
      id,
      groupId: group.id,
      kind: model?.kind ?? 'exploitation',
      ...(model?.strand ? { strand: model.strand } : {}),
      pointsTo: input.pointsTo,
      wording,
      hint,
      weights,
      ...(model?.tags?.length ? { tags: [...model.tags] } : {}),
    });
  }
  if (replaced) retire(ins, replaced.id, id);
  return { problems: [], id };
}

/** Points rules that named `from` at `to`, so a replacement keeps the rules working. Returns how many references moved. */
function repointRules(ins: Instrument, from: string, to: string): number {
  let moved = 0;
  const swap = (ids: string[]): string[] =>
    [...new Set(ids.map((x) => {
      if (x !== from) return x;
      moved++;
      return to;
    }))];
  const swapSelector = (sel: IndicatorSelector) => {
    if (sel.indicatorIds) sel.indicatorIds = swap(sel.indicatorIds);
  };
  for (const rule of ins.floorRules) swapSelector(rule.when.select);
  for (const t of ins.triggers) {
    if (t.kind === 'looked_after_missing') t.missingIndicatorIds = swap(t.missingIndicatorIds);
    if (t.kind === 'significant_harm' && t.whenAnyPresent) t.whenAnyPresent.indicatorIds = swap(t.whenAnyPresent.indicatorIds);
    if (t.kind === 'minimum_level' && t.condition.kind === 'learning_disability') t.condition.indicatorIds = swap(t.condition.indicatorIds);
  }
  return moved;
}

function retire(ins: Instrument, id: string, replacedBy: string | null): void {
  const def = [...ins.indicators, ...ins.protectiveFactors].find((i) => i.id === id);
  if (!def) return;
  def.retired = true;
  if (replacedBy) {
    def.replacedBy = replacedBy;
    repointRules(ins, id, replacedBy);
    // Indicators retired earlier in favour of this one now lead to its replacement.
    for (const other of [...ins.indicators, ...ins.protectiveFactors]) if (other.replacedBy === id) other.replacedBy = replacedBy;
  } else {
    delete def.replacedBy;
  }
}

/** Retires an indicator, optionally naming the active one that replaces it. */
export function retireIndicator(ins: Instrument, id: string, replacedBy: string): Problem[] {
  const all = [...ins.indicators, ...ins.protectiveFactors];
  const def = all.find((i) => i.id === id);
  if (!def) return [problem('', 'There is no such indicator in this draft.')];
  if (def.retired) return [problem('', 'This indicator is already retired.')];
  if (replacedBy) {
    const target = all.find((i) => i.id === replacedBy);
    if (!target || target.retired || target.id === id) return [problem('replacedBy', 'Select an indicator that is in use, or choose that nothing replaces it')];
    const defProtective = ins.protectiveFactors.some((p) => p.id === id);
    const targetProtective = ins.protectiveFactors.some((p) => p.id === replacedBy);
    if (defProtective !== targetProtective) return [problem('replacedBy', 'A strength can only be replaced by a strength, and a sign of risk by a sign of risk')];
  }
  retire(ins, id, replacedBy || null);
  return [];
}

/** Brings a retired indicator back into use (its replacement, if any, stays). */
export function restoreIndicator(ins: Instrument, id: string): Problem[] {
  const def = [...ins.indicators, ...ins.protectiveFactors].find((i) => i.id === id);
  if (!def) return [problem('', 'There is no such indicator in this draft.')];
  if (!def.retired) return [problem('', 'This indicator is already in use.')];
  if (duplicateWording(ins, def.wording, id)) return [problem('', 'An indicator in use already has the same wording; change that one first.')];
  def.retired = false;
  delete def.replacedBy;
  return [];
}

export interface ScoringInput {
  /** 'signs' or 'total', as chosen. */
  method: string;
  /** Level id → number of signs that make the level, as typed (the signs model). */
  signsNeeded: Record<string, string>;
  /** Level id → minimum total, as typed. */
  cutOffs: Record<string, string>;
  /** Level id → days, as typed; empty means no scheduled review (lowest level only). */
  reviewDays: Record<string, string>;
  /** Empty for no cap. */
  maxProtectiveReduction: string;
}

/** Cut-offs, the cap on strengths and review intervals. Order between levels is checked at publishing. */
export function setScoring(ins: Instrument, input: ScoringInput): Problem[] {
  const problems: Problem[] = [];
  const method = input.method === 'signs' || input.method === 'total' ? input.method : null;
  if (!method) problems.push(problem('method', 'Select how the level is decided: by the kind of signs present, or by the total score'));
  const signsNeeded = Object.fromEntries(
    ins.levels.slice(1).map((l) => [l.id, wholeNumber(input.signsNeeded[l.id] ?? '', `signs-${l.id}`, `the number of signs that make ‘${l.label}’`, 1, MAX_SIGNS_NEEDED, problems)]),
  );
  const cutOffs = ins.levels.slice(1).map((l) => ({ level: l.id, minTotal: wholeNumber(input.cutOffs[l.id] ?? '', `cutOff-${l.id}`, `the lowest total for ‘${l.label}’`, 1, MAX_CUT_OFF, problems) }));
  const review: Record<string, number | null> = {};
  ins.levels.forEach((l, rank) => {
    const typed = (input.reviewDays[l.id] ?? '').trim();
    if (rank === 0 && typed === '') review[l.id] = null;
    else review[l.id] = wholeNumber(typed, `review-${l.id}`, `the days until review for ‘${l.label}’`, 1, MAX_REVIEW_DAYS, problems);
  });
  const capText = input.maxProtectiveReduction.trim();
  const cap = capText === '' ? null : wholeNumber(capText, 'maxProtectiveReduction', 'the most strengths may take off', 0, MAX_CUT_OFF, problems);
  if (problems.length > 0) return problems;
  ins.scoring.method = method!;
  ins.scoring.signsNeeded = signsNeeded as Record<string, number>;
  ins.scoring.cutOffs = cutOffs.map((c) => ({ level: c.level, minTotal: c.minTotal! }));
  ins.scoring.maxProtectiveReduction = cap;
  ins.reviewIntervalDays = review;
  return [];
}

export interface ActionInput {
  /** Existing action id, or '' for a new one. */
  id: string;
  text: string;
  lead: string;
  withinDays: string;
  remove: boolean;
}

/** Replaces a level's recommended actions with the rows of its form (blank new rows are ignored). */
export function setActions(ins: Instrument, levelId: string, rows: ActionInput[]): Problem[] {
  const level = ins.levels.find((l) => l.id === levelId);
  if (!level) return [problem('', 'There is no such level.')];
  const problems: Problem[] = [];
  const existing = new Map((ins.actionsByLevel[levelId] ?? []).map((a) => [a.id, a]));
  const kept: RecommendedAction[] = [];
  const taken = new Set(Object.values(ins.actionsByLevel).flat().map((a) => a.id));
  rows.forEach((row, i) => {
    const text = row.text.trim();
    const lead = row.lead.trim();
    if (row.remove || (!row.id && !text && !lead && !row.withinDays.trim())) return;
    if (!text) problems.push(problem(`action-${i}-text`, `Enter what should be done (action ${i + 1})`));
    else if (text.length > MAX_WORDING * 2) problems.push(problem(`action-${i}-text`, `Action ${i + 1} must be ${MAX_WORDING * 2} characters or fewer`));
    if (lead.length > 120) problems.push(problem(`action-${i}-lead`, `Who usually leads action ${i + 1} must be 120 characters or fewer`));
    const days = row.withinDays.trim() === '' ? null : wholeNumber(row.withinDays, `action-${i}-withinDays`, `the days to complete action ${i + 1}`, 1, 365, problems);
    let id = row.id && existing.has(row.id) ? row.id : '';
    if (!id) {
      let n = 1;
      while (taken.has(`area.${levelId}.${n}`)) n++;
      id = `area.${levelId}.${n}`;
      taken.add(id);
    }
    kept.push({ id, text, ...(lead ? { lead } : {}), ...(days ? { withinDays: days } : {}) });
  });
  if (kept.length > MAX_ACTIONS) problems.push(problem('', `A level can have at most ${MAX_ACTIONS} actions`));
  if (problems.length > 0) return problems;
  ins.actionsByLevel[levelId] = kept;
  return [];
}

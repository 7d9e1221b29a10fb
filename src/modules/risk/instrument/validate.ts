/**
 * Refuses inconsistent instruments before they can be published or scored.
 *
 * The input is treated as untrusted JSON (it may come from a database row or
 * an area's edit form), so every field is checked for shape as well as sense.
 * Every problem carries a path into the document and a message that says how
 * to fix it; all problems are reported at once so an editor can fix them in
 * one pass.
 */
import { ANSWER_WINDOWS, type AnswerWindow, type Problem } from './types.ts';

export type ValidationResult = { ok: true } | { ok: false; problems: Problem[] };

type Obj = Record<string, unknown>;

const STATUSES = ['draft', 'published', 'retired'];
const KINDS = ['exploitation', 'vulnerability'];
const URGENCIES = ['immediate', 'within_hours', 'same_day', 'promptly'];
const TRIGGER_KINDS = [
  'immediate_danger',
  'under_age_sexual_activity',
  'under_age_penetrative_sex',
  'significant_harm',
  'looked_after_missing',
  'age_gap',
  'minimum_level',
];

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isText(v: unknown): v is string {
  return typeof v === 'string' && v.trim().length > 0;
}

function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function isPosInt(v: unknown): v is number {
  return isNum(v) && Number.isInteger(v) && v > 0;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function show(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : JSON.stringify(v) ?? String(v);
}

class Checker {
  readonly problems: Problem[] = [];
  levelRank = new Map<string, number>();
  levelIds: string[] = [];
  strandIds = new Set<string>();
  groupIds = new Set<string>();
  /** id → retired? and replacement, for risk indicators. */
  indicators = new Map<string, { retired: boolean; replacedBy?: string; pointsTo?: string; groupId?: string; strand?: string; kind?: string }>();
  protective = new Map<string, { retired: boolean; replacedBy?: string }>();

  add(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  text(o: Obj, key: string, path: string, what: string): void {
    if (!isText(o[key])) this.add(join(path, key), `${what} needs a ${key}: write it as non-empty text.`);
  }

  optionalString(o: Obj, key: string, path: string): void {
    if (o[key] !== undefined && typeof o[key] !== 'string') this.add(join(path, key), `${key} must be text if given.`);
  }

  array(o: Obj, key: string, path: string): unknown[] {
    const v = o[key];
    if (!Array.isArray(v)) {
      this.add(join(path, key), `${key} must be a list (use [] for none).`);
      return [];
    }
    return v;
  }

  level(v: unknown, path: string, what: string): boolean {
    if (typeof v !== 'string' || !this.levelRank.has(v)) {
      this.add(
        path,
        `${what} refers to level ${show(v)}, which does not exist. Use one of: ${this.levelIds.join(', ')}.`,
      );
      return false;
    }
    return true;
  }

  windows(v: unknown, path: string): void {
    if (!Array.isArray(v) || v.length === 0) {
      this.add(path, `windows must list at least one of: ${ANSWER_WINDOWS.join(', ')}.`);
      return;
    }
    const seen = new Set<string>();
    v.forEach((w, i) => {
      if (!ANSWER_WINDOWS.includes(w as AnswerWindow)) {
        this.add(`${path}[${i}]`, `${show(w)} is not a time window. Use one of: ${ANSWER_WINDOWS.join(', ')}.`);
      } else if (seen.has(w as string)) {
        this.add(`${path}[${i}]`, `Time window ${show(w)} is listed twice; remove the repeat.`);
      }
      seen.add(w as string);
    });
    // Windows must include everything more recent than the oldest one listed,
    // so that a sign becoming more recent can never switch a rule off.
    const oldest = Math.max(...[...seen].map((w) => ANSWER_WINDOWS.indexOf(w as AnswerWindow)));
    const missing = ANSWER_WINDOWS.slice(0, oldest + 1).filter((w) => !seen.has(w));
    if (oldest >= 0 && missing.length > 0) {
      this.add(
        path,
        `windows include an older period but not the more recent ${missing.join(', ')}; add them, otherwise a sign that became more recent would stop counting.`,
      );
    }
  }

  indicatorRef(v: unknown, path: string, what: string): void {
    if (typeof v !== 'string') {
      this.add(path, `${what} must name an indicator by its id (text).`);
      return;
    }
    const ind = this.indicators.get(v);
    if (!ind) {
      this.add(path, `${what} refers to indicator '${v}', which does not exist in this version. Check the id, or add the indicator.`);
    } else if (ind.retired) {
      const hint = ind.replacedBy ? ` Use its replacement '${ind.replacedBy}' instead.` : ' Point the rule at an active indicator, or remove it.';
      this.add(path, `${what} refers to indicator '${v}', which is retired in this version.${hint}`);
    }
  }
}

export function validateInstrument(instrument: unknown): ValidationResult {
  const c = new Checker();
  if (!isObj(instrument)) {
    return { ok: false, problems: [{ path: '', message: 'An instrument must be an object.' }] };
  }
  const ins = instrument;

  c.text(ins, 'id', '', 'The instrument');
  if (!isPosInt(ins.version)) c.add('version', `version must be a whole number of 1 or more (got ${show(ins.version)}).`);
  if (!STATUSES.includes(ins.status as string)) {
    c.add('status', `status ${show(ins.status)} is not known. Use one of: ${STATUSES.join(', ')}.`);
  }
  c.text(ins, 'title', '', 'The instrument');
  c.optionalString(ins, 'description', '');

  checkLevels(c, ins);
  checkStrands(c, ins);
  checkGroups(c, ins);
  checkIndicators(c, ins);
  checkProtective(c, ins);
  checkScoring(c, ins);
  checkFloorRules(c, ins);
  checkTriggers(c, ins);
  checkActions(c, ins);
  checkReviews(c, ins);
  checkJudgements(c, ins);
  checkGuidance(c, ins);

  return c.problems.length === 0 ? { ok: true } : { ok: false, problems: c.problems };
}

function checkLevels(c: Checker, ins: Obj): void {
  const levels = c.array(ins, 'levels', '');
  if (Array.isArray(ins.levels) && levels.length < 2) {
    c.add('levels', 'An instrument needs at least two levels, lowest first (e.g. no apparent risk, at risk).');
  }
  levels.forEach((l, i) => {
    const path = `levels[${i}]`;
    if (!isObj(l)) return c.add(path, 'Each level must be an object with id, label and description.');
    if (!isText(l.id)) return c.add(`${path}.id`, 'Each level needs an id.');
    if (c.levelRank.has(l.id)) c.add(`${path}.id`, `Level id '${l.id}' is used twice; level ids must be unique.`);
    else {
      c.levelRank.set(l.id, c.levelIds.length);
      c.levelIds.push(l.id);
    }
    c.text(l, 'label', path, `Level '${l.id}'`);
    c.optionalString(l, 'description', path);
  });
}

function checkStrands(c: Checker, ins: Obj): void {
  c.array(ins, 'strands', '').forEach((s, i) => {
    const path = `strands[${i}]`;
    if (!isObj(s) || !isText(s.id)) return c.add(path, 'Each strand needs an id.');
    if (c.strandIds.has(s.id)) c.add(`${path}.id`, `Strand id '${s.id}' is used twice; strand ids must be unique.`);
    c.strandIds.add(s.id);
    c.text(s, 'label', path, `Strand '${s.id}'`);
    if (!isObj(s.levelLabels)) {
      c.add(`${path}.levelLabels`, 'levelLabels must be an object of level id → label (use {} for none).');
      return;
    }
    for (const [level, label] of Object.entries(s.levelLabels)) {
      c.level(level, `${path}.levelLabels.${level}`, `Strand '${s.id}' relabels a level that`);
      if (!isText(label)) c.add(`${path}.levelLabels.${level}`, `The label for '${level}' on strand '${s.id}' must be non-empty text.`);
    }
  });
}

function checkGroups(c: Checker, ins: Obj): void {
  c.array(ins, 'groups', '').forEach((g, i) => {
    const path = `groups[${i}]`;
    if (!isObj(g) || !isText(g.id)) return c.add(path, 'Each group needs an id.');
    if (c.groupIds.has(g.id)) c.add(`${path}.id`, `Group id '${g.id}' is used twice; group ids must be unique.`);
    c.groupIds.add(g.id);
    c.text(g, 'title', path, `Group '${g.id}'`);
  });
}

function checkWeights(c: Checker, w: unknown, path: string, id: string): void {
  if (!isObj(w) || typeof w.timed !== 'boolean') {
    c.add(path, `Indicator '${id}' needs weights: { timed: true, now, last6Months, sixTo12Months } or { timed: false, present }.`);
    return;
  }
  const keys = w.timed ? ['now', 'last6Months', 'sixTo12Months'] : ['present'];
  let allNumbers = true;
  for (const k of keys) {
    const v = w[k];
    if (!isNum(v)) {
      allNumbers = false;
      c.add(`${path}.${k}`, `Weight '${k}' of indicator '${id}' must be a number (got ${show(v)}).`);
    } else if (v < 0) {
      c.add(`${path}.${k}`, `Weight '${k}' of indicator '${id}' is negative. Risk indicators need weights of 0 or more; strengths belong in protective factors.`);
    }
  }
  if (w.timed && allNumbers) {
    const now = w.now as number;
    const recent = w.last6Months as number;
    const older = w.sixTo12Months as number;
    if (!(now >= recent && recent >= older)) {
      c.add(
        path,
        `Weights of indicator '${id}' must not grow with age: need now (${now}) ≥ last6Months (${recent}) ≥ sixTo12Months (${older}).`,
      );
    }
  }
}

function checkIndicators(c: Checker, ins: Obj): void {
  const list = c.array(ins, 'indicators', '');
  // First pass: ids, so references between indicators can be resolved.
  list.forEach((ind, i) => {
    if (!isObj(ind) || !isText(ind.id)) return;
    if (c.indicators.has(ind.id)) {
      c.add(`indicators[${i}].id`, `Indicator id '${ind.id}' is used twice; every indicator needs its own id.`);
      return;
    }
    c.indicators.set(ind.id, {
      retired: ind.retired === true,
      ...(typeof ind.replacedBy === 'string' ? { replacedBy: ind.replacedBy } : {}),
      ...(typeof ind.pointsTo === 'string' ? { pointsTo: ind.pointsTo } : {}),
      ...(typeof ind.groupId === 'string' ? { groupId: ind.groupId } : {}),
      ...(typeof ind.strand === 'string' ? { strand: ind.strand } : {}),
      ...(typeof ind.kind === 'string' ? { kind: ind.kind } : {}),
    });
  });
  const wordings = new Map<string, string>();
  list.forEach((ind, i) => {
    const path = `indicators[${i}]`;
    if (!isObj(ind)) return c.add(path, 'Each indicator must be an object.');
    if (!isText(ind.id)) return c.add(`${path}.id`, 'Each indicator needs an id.');
    const id = ind.id;
    if (!isText(ind.wording)) c.add(`${path}.wording`, `Indicator '${id}' has no wording; write what the practitioner should look for.`);
    else if (ind.retired !== true) {
      const key = ind.wording.trim().toLowerCase();
      const other = wordings.get(key);
      if (other) c.add(`${path}.wording`, `Indicator '${id}' has the same wording as '${other}'; merge them or reword one.`);
      wordings.set(key, id);
    }
    if (typeof ind.hint !== 'string') c.add(`${path}.hint`, `Indicator '${id}' needs a hint (text; may be empty).`);
    if (!c.groupIds.has(ind.groupId as string)) {
      c.add(`${path}.groupId`, `Indicator '${id}' is in group ${show(ind.groupId)}, which does not exist. Add the group or move the indicator.`);
    }
    if (!KINDS.includes(ind.kind as string)) {
      c.add(`${path}.kind`, `Indicator '${id}' has kind ${show(ind.kind)}; use one of: ${KINDS.join(', ')}.`);
    }
    if (ind.strand !== undefined && !c.strandIds.has(ind.strand as string)) {
      c.add(`${path}.strand`, `Indicator '${id}' is on strand ${show(ind.strand)}, which does not exist. Add the strand or remove the field.`);
    }
    c.level(ind.pointsTo, `${path}.pointsTo`, `Indicator '${id}'`);
    checkWeights(c, ind.weights, `${path}.weights`, id);
    if (ind.tags !== undefined && (!Array.isArray(ind.tags) || ind.tags.some((t) => typeof t !== 'string'))) {
      c.add(`${path}.tags`, `Tags of indicator '${id}' must be a list of text.`);
    }
    if (ind.retired !== undefined && typeof ind.retired !== 'boolean') {
      c.add(`${path}.retired`, `retired must be true or false.`);
    }
    if (ind.replacedBy !== undefined) {
      if (ind.retired !== true) {
        c.add(`${path}.replacedBy`, `Indicator '${id}' names a replacement but is not retired; set retired: true or remove replacedBy.`);
      } else if (ind.replacedBy === id) {
        c.add(`${path}.replacedBy`, `Indicator '${id}' cannot replace itself.`);
      } else {
        c.indicatorRef(ind.replacedBy, `${path}.replacedBy`, `The replacement for '${id}'`);
      }
    }
  });
  if (Array.isArray(ins.indicators) && ![...c.indicators.values()].some((i) => !i.retired)) {
    c.add('indicators', 'The instrument has no active indicators; add at least one.');
  }
}

function checkProtective(c: Checker, ins: Obj): void {
  const list = c.array(ins, 'protectiveFactors', '');
  list.forEach((p, i) => {
    if (!isObj(p) || !isText(p.id)) return;
    if (c.indicators.has(p.id) || c.protective.has(p.id)) {
      c.add(`protectiveFactors[${i}].id`, `Id '${p.id}' is already used by another indicator or protective factor; ids must be unique across both.`);
      return;
    }
    c.protective.set(p.id, { retired: p.retired === true, ...(typeof p.replacedBy === 'string' ? { replacedBy: p.replacedBy } : {}) });
  });
  list.forEach((p, i) => {
    const path = `protectiveFactors[${i}]`;
    if (!isObj(p)) return c.add(path, 'Each protective factor must be an object.');
    if (!isText(p.id)) return c.add(`${path}.id`, 'Each protective factor needs an id.');
    if (!isText(p.wording)) c.add(`${path}.wording`, `Protective factor '${p.id}' has no wording.`);
    if (typeof p.hint !== 'string') c.add(`${path}.hint`, `Protective factor '${p.id}' needs a hint (text; may be empty).`);
    if (!c.groupIds.has(p.groupId as string)) {
      c.add(`${path}.groupId`, `Protective factor '${p.id}' is in group ${show(p.groupId)}, which does not exist.`);
    }
    if (!isNum(p.weight)) c.add(`${path}.weight`, `Weight of protective factor '${p.id}' must be a number (got ${show(p.weight)}).`);
    else if (p.weight >= 0) c.add(`${path}.weight`, `Protective factor '${p.id}' must have a negative weight (it lowers the score); got ${p.weight}.`);
    if (p.replacedBy !== undefined) {
      const target = c.protective.get(p.replacedBy as string);
      if (p.retired !== true) c.add(`${path}.replacedBy`, `Protective factor '${p.id}' names a replacement but is not retired.`);
      else if (!target || target.retired || p.replacedBy === p.id) {
        c.add(`${path}.replacedBy`, `The replacement for '${p.id}' must be an active protective factor; ${show(p.replacedBy)} is not.`);
      }
    }
  });
}

function checkScoring(c: Checker, ins: Obj): void {
  if (!isObj(ins.scoring)) {
    c.add('scoring', 'scoring must be an object with cutOffs and maxProtectiveReduction.');
    return;
  }
  const s = ins.scoring;
  const cutOffs = c.array(s, 'cutOffs', 'scoring');
  const byLevel = new Map<string, number>();
  cutOffs.forEach((co, i) => {
    const path = `scoring.cutOffs[${i}]`;
    if (!isObj(co)) return c.add(path, 'Each cut-off must be { level, minTotal }.');
    if (!c.level(co.level, `${path}.level`, 'A cut-off')) return;
    const level = co.level as string;
    if (c.levelRank.get(level) === 0) {
      c.add(`${path}.level`, `The lowest level '${level}' needs no cut-off: it applies below the first one. Remove this cut-off.`);
      return;
    }
    if (byLevel.has(level)) {
      c.add(`${path}.level`, `Level '${level}' has more than one cut-off; keep one.`);
      return;
    }
    if (!isNum(co.minTotal)) c.add(`${path}.minTotal`, `The cut-off for '${level}' must be a number (got ${show(co.minTotal)}).`);
    else if (co.minTotal <= 0) c.add(`${path}.minTotal`, `The cut-off for '${level}' must be above 0, so that a total of 0 means the lowest level.`);
    else byLevel.set(level, co.minTotal);
  });
  if (Array.isArray(s.cutOffs)) {
    let previous: { level: string; min: number } | null = null;
    for (const level of c.levelIds.slice(1)) {
      const min = byLevel.get(level);
      const index = cutOffs.findIndex((co) => isObj(co) && co.level === level);
      if (index < 0) {
        c.add('scoring.cutOffs', `Level '${level}' has no cut-off; add { level: '${level}', minTotal: … }.`);
        continue;
      }
      if (min === undefined) continue;
      if (previous && min <= previous.min) {
        c.add(
          `scoring.cutOffs[${index}].minTotal`,
          `Cut-offs are out of order: '${level}' (${min}) must need a higher total than '${previous.level}' (${previous.min}), because it is a higher level.`,
        );
      }
      previous = { level, min };
    }
  }
  if (s.method !== undefined && s.method !== 'signs' && s.method !== 'total') {
    c.add('scoring.method', `scoring.method must be 'signs' (the highest level whose signs are present) or 'total' (cut-offs on the total), not ${show(s.method)}.`);
  }
  if (s.signsNeeded !== undefined) {
    if (!isObj(s.signsNeeded)) c.add('scoring.signsNeeded', 'signsNeeded must be an object of level id → number of signs.');
    else {
      for (const [level, n] of Object.entries(s.signsNeeded)) {
        const path = `scoring.signsNeeded.${level}`;
        if (!c.level(level, path, 'signsNeeded')) continue;
        if (c.levelRank.get(level) === 0) c.add(path, `The lowest level '${level}' needs no signs: it applies when no other level is reached. Remove it.`);
        else if (!isNum(n) || !Number.isInteger(n) || n < 1 || n > 20) c.add(path, `The number of signs for '${level}' must be a whole number from 1 to 20 (got ${show(n)}).`);
      }
    }
  }
  const cap = s.maxProtectiveReduction;
  if (cap !== null && (!isNum(cap) || cap < 0)) {
    c.add('scoring.maxProtectiveReduction', `maxProtectiveReduction must be a number of 0 or more, or null for no cap (got ${show(cap)}).`);
  }
}

function checkSelector(c: Checker, sel: unknown, path: string, minCount: unknown, ruleId: string): void {
  if (!isObj(sel)) return c.add(path, 'select must be an object choosing indicators.');
  const keys = ['indicatorIds', 'pointsTo', 'pointsToAtLeast', 'groupIds', 'strand', 'kind'];
  const unknownKeys = Object.keys(sel).filter((k) => !keys.includes(k));
  for (const k of unknownKeys) c.add(`${path}.${k}`, `'${k}' is not a way to choose indicators. Use: ${keys.join(', ')}.`);
  if (!keys.some((k) => sel[k] !== undefined)) {
    return c.add(path, `Floor rule '${ruleId}' must choose indicators by at least one of: ${keys.join(', ')}.`);
  }
  let ok = true;
  if (sel.indicatorIds !== undefined) {
    if (!Array.isArray(sel.indicatorIds) || sel.indicatorIds.length === 0) {
      ok = false;
      c.add(`${path}.indicatorIds`, 'indicatorIds must be a non-empty list of indicator ids.');
    } else {
      sel.indicatorIds.forEach((id, i) => c.indicatorRef(id, `${path}.indicatorIds[${i}]`, `Floor rule '${ruleId}'`));
    }
  }
  if (sel.pointsTo !== undefined) ok = c.level(sel.pointsTo, `${path}.pointsTo`, `Floor rule '${ruleId}'`) && ok;
  if (sel.pointsToAtLeast !== undefined) ok = c.level(sel.pointsToAtLeast, `${path}.pointsToAtLeast`, `Floor rule '${ruleId}'`) && ok;
  if (sel.groupIds !== undefined) {
    if (!Array.isArray(sel.groupIds) || sel.groupIds.length === 0) {
      ok = false;
      c.add(`${path}.groupIds`, 'groupIds must be a non-empty list of group ids.');
    } else {
      sel.groupIds.forEach((g, i) => {
        if (!c.groupIds.has(g as string)) {
          ok = false;
          c.add(`${path}.groupIds[${i}]`, `Floor rule '${ruleId}' refers to group ${show(g)}, which does not exist.`);
        }
      });
    }
  }
  if (sel.strand !== undefined && !c.strandIds.has(sel.strand as string)) {
    ok = false;
    c.add(`${path}.strand`, `Floor rule '${ruleId}' refers to strand ${show(sel.strand)}, which does not exist.`);
  }
  if (sel.kind !== undefined && !KINDS.includes(sel.kind as string)) {
    ok = false;
    c.add(`${path}.kind`, `Floor rule '${ruleId}' refers to kind ${show(sel.kind)}; use one of: ${KINDS.join(', ')}.`);
  }
  if (!ok || !isPosInt(minCount)) return;
  // A rule that can never be met is almost always a mistake after an edit.
  const ids = Array.isArray(sel.indicatorIds) ? new Set(sel.indicatorIds as string[]) : null;
  const atLeastRank = c.levelRank.get(sel.pointsToAtLeast as string);
  const matching = [...c.indicators.entries()].filter(([id, ind]) => {
    if (ind.retired) return false;
    if (ids && !ids.has(id)) return false;
    if (sel.pointsTo !== undefined && ind.pointsTo !== sel.pointsTo) return false;
    if (atLeastRank !== undefined && (c.levelRank.get(ind.pointsTo ?? '') ?? -1) < atLeastRank) return false;
    if (Array.isArray(sel.groupIds) && !sel.groupIds.includes(ind.groupId)) return false;
    if (sel.strand !== undefined && ind.strand !== sel.strand) return false;
    if (sel.kind !== undefined && ind.kind !== sel.kind) return false;
    return true;
  });
  if (matching.length < minCount) {
    c.add(
      path,
      `Floor rule '${ruleId}' needs ${minCount} indicator(s) present but only ${matching.length} active indicator(s) match its selection, so it can never apply. Widen the selection or lower minCount.`,
    );
  }
}

function checkFloorRules(c: Checker, ins: Obj): void {
  const ids = new Set<string>();
  c.array(ins, 'floorRules', '').forEach((r, i) => {
    const path = `floorRules[${i}]`;
    if (!isObj(r) || !isText(r.id)) return c.add(path, 'Each floor rule needs an id.');
    if (ids.has(r.id)) c.add(`${path}.id`, `Floor rule id '${r.id}' is used twice.`);
    ids.add(r.id);
    c.text(r, 'description', path, `Floor rule '${r.id}'`);
    const when = r.when;
    if (!isObj(when)) {
      c.add(`${path}.when`, `Floor rule '${r.id}' needs when: { select, windows, minCount }.`);
    } else {
      if (!isPosInt(when.minCount)) c.add(`${path}.when.minCount`, `minCount of floor rule '${r.id}' must be a whole number of 1 or more.`);
      c.windows(when.windows, `${path}.when.windows`);
      checkSelector(c, when.select, `${path}.when.select`, when.minCount, r.id);
    }
    const effect = r.effect;
    if (!isObj(effect)) {
      c.add(`${path}.effect`, `Floor rule '${r.id}' needs an effect: { kind: 'at_least', level } or { kind: 'raise_by', steps }.`);
    } else if (effect.kind === 'at_least') {
      if (c.level(effect.level, `${path}.effect.level`, `Floor rule '${r.id}'`) && c.levelRank.get(effect.level as string) === 0) {
        c.add(`${path}.effect.level`, `Floor rule '${r.id}' sets the lowest level as a floor, which has no effect. Choose a higher level.`);
      }
    } else if (effect.kind === 'raise_by') {
      if (!isPosInt(effect.steps)) c.add(`${path}.effect.steps`, `steps of floor rule '${r.id}' must be a whole number of 1 or more.`);
    } else {
      c.add(`${path}.effect.kind`, `Effect kind ${show(effect.kind)} is not known; use 'at_least' or 'raise_by'.`);
    }
  });
}

function checkTriggers(c: Checker, ins: Obj): void {
  const ids = new Set<string>();
  c.array(ins, 'triggers', '').forEach((t, i) => {
    const path = `triggers[${i}]`;
    if (!isObj(t) || !isText(t.id)) return c.add(path, 'Each trigger needs an id.');
    const id = t.id;
    if (ids.has(id)) c.add(`${path}.id`, `Trigger id '${id}' is used twice.`);
    ids.add(id);
    c.text(t, 'title', path, `Trigger '${id}'`);
    if (!isText(t.whatToDo)) c.add(`${path}.whatToDo`, `Trigger '${id}' must say what to do.`);
    if (typeof t.guidance !== 'string') c.add(`${path}.guidance`, `Trigger '${id}' needs guidance (text; may be empty).`);
    if (t.rule !== undefined && typeof t.rule !== 'string') c.add(`${path}.rule`, `Trigger '${id}': rule must be text.`);
    if (!URGENCIES.includes(t.urgency as string)) {
      c.add(`${path}.urgency`, `Trigger '${id}' has urgency ${show(t.urgency)}; use one of: ${URGENCIES.join(', ')}.`);
    }
    const age = (v: unknown, p: string): void => {
      if (!isNum(v) || v <= 0 || v > 18) c.add(p, `Trigger '${id}' needs an age in years between 1 and 18 (got ${show(v)}).`);
    };
    switch (t.kind) {
      case 'immediate_danger':
        break;
      case 'under_age_sexual_activity':
      case 'under_age_penetrative_sex':
        age(t.ageUnder, `${path}.ageUnder`);
        break;
      case 'looked_after_missing':
        if (!isNum(t.withinHours) || t.withinHours <= 0) {
          c.add(`${path}.withinHours`, `Trigger '${id}' needs withinHours as a number above 0 (got ${show(t.withinHours)}).`);
        }
        if (!Array.isArray(t.missingIndicatorIds)) c.add(`${path}.missingIndicatorIds`, 'missingIndicatorIds must be a list (use [] for none).');
        else t.missingIndicatorIds.forEach((x, j) => c.indicatorRef(x, `${path}.missingIndicatorIds[${j}]`, `Trigger '${id}'`));
        break;
      case 'age_gap':
        age(t.childUnder, `${path}.childUnder`);
        if (!isNum(t.partnerAtLeast) || !Number.isInteger(t.partnerAtLeast) || t.partnerAtLeast < 10 || t.partnerAtLeast > 99) {
          c.add(`${path}.partnerAtLeast`, `Trigger '${id}' needs the partner's age as a whole number of years from 10 to 99 (got ${show(t.partnerAtLeast)}).`);
        } else if (isNum(t.childUnder) && t.partnerAtLeast < t.childUnder) {
          c.add(`${path}.partnerAtLeast`, `Trigger '${id}': the partner's age (${t.partnerAtLeast}) must be at least the child's age limit (${t.childUnder}).`);
        }
        break;
      case 'significant_harm':
        if (t.whenLevelAtLeast !== undefined) c.level(t.whenLevelAtLeast, `${path}.whenLevelAtLeast`, `Trigger '${id}'`);
        if (t.whenAnyPresent !== undefined) {
          const w = t.whenAnyPresent;
          if (!isObj(w) || !Array.isArray(w.indicatorIds) || w.indicatorIds.length === 0) {
            c.add(`${path}.whenAnyPresent`, `Trigger '${id}': whenAnyPresent needs a non-empty indicatorIds list and windows.`);
          } else {
            w.indicatorIds.forEach((x, j) => c.indicatorRef(x, `${path}.whenAnyPresent.indicatorIds[${j}]`, `Trigger '${id}'`));
            c.windows(w.windows, `${path}.whenAnyPresent.windows`);
          }
        }
        break;
      case 'minimum_level': {
        c.level(t.atLeast, `${path}.atLeast`, `Trigger '${id}'`);
        c.windows(t.windows, `${path}.windows`);
        const cond = t.condition;
        if (!isObj(cond)) {
          c.add(`${path}.condition`, `Trigger '${id}' needs a condition: { kind: 'age_under', years } or { kind: 'learning_disability', indicatorIds }.`);
        } else if (cond.kind === 'age_under') {
          age(cond.years, `${path}.condition.years`);
        } else if (cond.kind === 'learning_disability') {
          if (!Array.isArray(cond.indicatorIds)) c.add(`${path}.condition.indicatorIds`, 'indicatorIds must be a list (use [] to rely only on the recorded fact).');
          else cond.indicatorIds.forEach((x, j) => c.indicatorRef(x, `${path}.condition.indicatorIds[${j}]`, `Trigger '${id}'`));
        } else {
          c.add(`${path}.condition.kind`, `Condition kind ${show(cond.kind)} is not known; use 'age_under' or 'learning_disability'.`);
        }
        break;
      }
      default:
        c.add(`${path}.kind`, `Trigger kind ${show(t.kind)} is not known. Use one of: ${TRIGGER_KINDS.join(', ')}.`);
    }
  });
}

function checkActions(c: Checker, ins: Obj): void {
  const a = ins.actionsByLevel;
  if (!isObj(a)) {
    c.add('actionsByLevel', 'actionsByLevel must be an object of level id → list of actions.');
    return;
  }
  for (const [level, actions] of Object.entries(a)) {
    const path = `actionsByLevel.${level}`;
    if (!c.levelRank.has(level)) {
      c.add(path, `Actions are given for level '${level}', which does not exist. Rename the key to one of: ${c.levelIds.join(', ')}, or remove it.`);
      continue;
    }
    if (!Array.isArray(actions)) {
      c.add(path, `Actions for '${level}' must be a list.`);
      continue;
    }
    const ids = new Set<string>();
    actions.forEach((act, i) => {
      const p = `${path}[${i}]`;
      if (!isObj(act) || !isText(act.id)) return c.add(p, 'Each action needs an id.');
      if (ids.has(act.id)) c.add(`${p}.id`, `Action id '${act.id}' is used twice for level '${level}'.`);
      ids.add(act.id);
      if (!isText(act.text)) c.add(`${p}.text`, `Action '${act.id}' for '${level}' has no text; say what should be done.`);
      c.optionalString(act, 'lead', p);
      if (act.withinDays !== undefined && !isPosInt(act.withinDays)) {
        c.add(`${p}.withinDays`, `withinDays of action '${act.id}' must be a whole number of 1 or more.`);
      }
    });
  }
  for (const level of c.levelIds.slice(1)) {
    const list = a[level];
    if (list === undefined || (Array.isArray(list) && list.length === 0)) {
      c.add(`actionsByLevel.${level}`, `Level '${level}' has no recommended actions; say what should be done at this level.`);
    }
  }
  const lowest = c.levelIds[0];
  if (lowest !== undefined && a[lowest] === undefined) {
    c.add(`actionsByLevel.${lowest}`, `Level '${lowest}' has no entry in actionsByLevel; add a list (it may be empty).`);
  }
}

function checkReviews(c: Checker, ins: Obj): void {
  const r = ins.reviewIntervalDays;
  if (!isObj(r)) {
    c.add('reviewIntervalDays', 'reviewIntervalDays must be an object of level id → days (or null).');
    return;
  }
  for (const key of Object.keys(r)) {
    if (!c.levelRank.has(key)) {
      c.add(`reviewIntervalDays.${key}`, `A review interval is given for level '${key}', which does not exist. Rename it to one of: ${c.levelIds.join(', ')}, or remove it.`);
    }
  }
  let previous: { level: string; days: number } | null = null;
  c.levelIds.forEach((level, rank) => {
    const days = r[level];
    const path = `reviewIntervalDays.${level}`;
    if (days === undefined) return c.add(path, `Level '${level}' has no review interval; give a number of days${rank === 0 ? ' or null' : ''}.`);
    if (days === null) {
      if (rank > 0) c.add(path, `Level '${level}' must have a review interval; only the lowest level may have none.`);
      return;
    }
    if (!isPosInt(days)) return c.add(path, `The review interval for '${level}' must be a whole number of days, 1 or more (got ${show(days)}).`);
    if (previous && days > previous.days) {
      c.add(
        path,
        `'${level}' would be reviewed less often (${days} days) than the lower level '${previous.level}' (${previous.days} days). Higher risk needs reviews at least as often.`,
      );
    }
    previous = { level, days };
  });
}

function checkJudgements(c: Checker, ins: Obj): void {
  const ids = new Set<string>();
  c.array(ins, 'judgementSections', '').forEach((s, i) => {
    const path = `judgementSections[${i}]`;
    if (!isObj(s) || !isText(s.id)) return c.add(path, 'Each judgement section needs an id.');
    if (ids.has(s.id)) c.add(`${path}.id`, `Judgement section id '${s.id}' is used twice.`);
    ids.add(s.id);
    c.text(s, 'title', path, `Judgement section '${s.id}'`);
    const options = c.array(s, 'options', path);
    if (Array.isArray(s.options) && options.length === 0) c.add(`${path}.options`, `Judgement section '${s.id}' needs at least one option.`);
    const optionIds = new Set<string>();
    options.forEach((o, j) => {
      const p = `${path}.options[${j}]`;
      if (!isObj(o) || !isText(o.id)) return c.add(p, 'Each option needs an id.');
      if (optionIds.has(o.id)) c.add(`${p}.id`, `Option id '${o.id}' is used twice in '${s.id}'.`);
      optionIds.add(o.id);
      c.text(o, 'label', p, `Option '${o.id}'`);
      if (o.atLeast !== undefined) c.level(o.atLeast, `${p}.atLeast`, `Option '${o.id}'`);
    });
  });
}

function checkGuidance(c: Checker, ins: Obj): void {
  const ids = new Set<string>();
  c.array(ins, 'guidance', '').forEach((g, i) => {
    const path = `guidance[${i}]`;
    if (!isObj(g) || !isText(g.id)) return c.add(path, 'Each guidance section needs an id.');
    if (ids.has(g.id)) c.add(`${path}.id`, `Guidance id '${g.id}' is used twice.`);
    ids.add(g.id);
    c.text(g, 'title', path, `Guidance '${g.id}'`);
    c.text(g, 'body', path, `Guidance '${g.id}'`);
  });
}

/** What the risk pages show, built from the engine's results; all wording is Lantern's own. */
import type { AnswerValue, AssessmentResult, FiredTrigger, Instrument, JudgedResult, Suggestion, TriggerUrgency } from './instrument/index.ts';
import type { PlannedAction, SectionContribution, SectionDef, SectionItem, SectionStatus } from './model.ts';

import { formatDate, formatDateTime } from '../../platform/views/filters.ts';

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The engine explains itself with indicator ids and ISO dates; people read wording and dates as
 * they are written in the UK. Ids are swapped for their wording in quotes.
 */
export function readableLine(line: string, instrument: Instrument): string {
  const items = [...instrument.indicators, ...instrument.protectiveFactors].sort((a, b) => b.id.length - a.id.length);
  let out = line
    .replace(/\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g, (iso) => formatDateTime(iso))
    .replace(/\b\d{4}-\d{2}-\d{2}\b/g, (d) => formatDate(d));
  for (const item of items) {
    if (!out.includes(item.id)) continue;
    out = out.split(`'${item.id}'`).join(`‘${item.wording}’`);
    out = out.replace(new RegExp(`(^|[\\s(,])${item.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=$|[\\s),.;])`, 'g'), (_m, before: string) => `${before}‘${item.wording}’`);
  }
  return out;
}

export const ANSWER_LABELS: Record<AnswerValue, string> = {
  now: 'Now (in the last 4 weeks)',
  last_6_months: 'In the last 6 months, but not now',
  '6_to_12_months': '6 to 12 months ago',
  not_present: 'No, or more than a year ago',
};

export const SHORT_ANSWER: Record<AnswerValue, string> = {
  now: 'now',
  last_6_months: 'in the last 6 months',
  '6_to_12_months': '6 to 12 months ago',
  not_present: 'not present',
};

export const URGENCY_WORDS: Record<TriggerUrgency, string> = {
  immediate: 'Act now',
  within_hours: 'Within hours',
  same_day: 'Today',
  promptly: 'Promptly',
};

export const FACT_LABELS = {
  none: 'No',
  indicated: 'Indicated (there are signs)',
  known: 'Known (confirmed)',
  not_recorded: 'Not known',
} as const;

export const YES_NO_UNKNOWN_LABELS = { yes: 'Yes', no: 'No', not_known: 'Not known' } as const;

/** GOV.UK task list statuses. */
export function taskStatus(status: SectionStatus) {
  switch (status) {
    case 'completed':
      return { text: 'Completed' };
    case 'in_progress':
      return { tag: { text: 'Incomplete', classes: 'govuk-tag--light-blue' } };
    case 'not_started':
      return { tag: { text: 'Not yet started', classes: 'govuk-tag--blue' } };
    case 'optional':
      return { tag: { text: 'Optional', classes: 'govuk-tag--grey' } };
    case 'cannot_start':
      return { text: 'Cannot start yet', classes: 'govuk-task-list__status--cannot-start-yet' };
  }
}

export function contributionWords(c: SectionContribution | undefined): string | null {
  return c ? `${c.name}, ${c.agencyName}` : null;
}

/** The radios for one question of a section, with any suggestion from what is on file in its hint. */
export function questionView(item: SectionItem, value: AnswerValue | undefined, suggestion: Suggestion | undefined, error: string | undefined) {
  const options: AnswerValue[] = item.timed ? ['now', 'last_6_months', '6_to_12_months', 'not_present'] : ['now', 'not_present'];
  const label = (v: AnswerValue) => (item.timed ? ANSWER_LABELS[v] : v === 'now' ? 'Yes' : 'No');
  let hint = item.hint ? `<span class="lantern-block">${escapeHtml(item.hint)}</span>` : '';
  if (suggestion) {
    hint +=
      `<span class="lantern-suggestion"><strong class="govuk-tag govuk-tag--yellow">Suggestion</strong> ` +
      `${escapeHtml(item.timed ? `Already on file: ${label(suggestion.suggested).toLowerCase()}.` : 'Already on file.')} ` +
      `From ${suggestion.sources.map(escapeHtml).join('; ')}. Check it and answer for yourself.</span>`;
  }
  return {
    name: `i-${item.id}`,
    idPrefix: `i-${item.id.replace(/[^A-Za-z0-9_-]/g, '-')}`,
    classes: item.timed ? 'govuk-radios--small' : 'govuk-radios--small govuk-radios--inline',
    fieldset: { legend: { text: item.wording, classes: 'govuk-fieldset__legend--s' } },
    hint: hint ? { html: hint } : undefined,
    errorMessage: error ? { text: error } : undefined,
    items: options.map((v) => ({ value: v, text: label(v), checked: value === v })),
    suggested: Boolean(suggestion),
  };
}

export function sectionSuggestionCount(section: SectionDef, suggestions: Map<string, Suggestion>): number {
  return section.items.filter((i) => suggestions.has(i.id)).length;
}

function triggerView(t: FiredTrigger, instrument: Instrument) {
  return {
    title: t.title,
    urgency: URGENCY_WORDS[t.urgency],
    whatToDo: t.whatToDo,
    why: t.why.map((w) => readableLine(w, instrument)),
    rule: t.rule ?? null,
    guidance: t.guidance,
    deadline: t.deadline ?? null,
  };
}

/**
 * Under the signs model, which signs of which level decided the calculated level, in plain words:
 * each level above the lowest with the signs of exactly that level that were present.
 */
function levelDecision(result: AssessmentResult | JudgedResult, instrument: Instrument) {
  if (result.reasons.method !== 'signs') return null;
  const computedRank = 'judgement' in result ? result.judgement.computedLevel.rank : result.level.rank;
  const signsRank = Math.max(0, ...result.reasons.signs.filter((x) => x.met).map((x) => x.level.rank));
  const exploitation = result.reasons.contributions.filter((c) => c.kind === 'exploitation');
  const byLevel = result.reasons.signs.map((x) => ({
    label: x.level.label,
    needed: x.needed,
    met: x.met,
    signs: exploitation.filter((c) => c.pointsTo === x.level.id).map((c) => `${c.wording} (${SHORT_ANSWER[c.answer]})`),
  }));
  const decided = result.reasons.signs.find((x) => x.level.rank === signsRank);
  const label = (rank: number) => instrument.levels[rank]?.label ?? '';
  let sentence = decided
    ? `The calculated level is ‘${label(signsRank)}’ because ${decided.present.length === 1 ? 'a sign' : `${decided.present.length} signs`} of ‘${label(signsRank)}’${signsRank < instrument.levels.length - 1 ? ' or above' : ''} ${decided.present.length === 1 ? 'is' : 'are'} present${decided.needed > 1 ? ` (this area needs ${decided.needed})` : ''}.`
    : `The calculated level is ‘${label(0)}’ because no sign of exploitation is present.`;
  if (computedRank > signsRank) sentence += ` A rule below raises it to ‘${label(computedRank)}’.`;
  return { sentence, byLevel: byLevel.filter((l) => l.signs.length > 0 || l.needed > 1) };
}

/** The result in the order it is read: statutory actions first, then the level and why, the judgement, the plan, the review. */
export function resultView(result: AssessmentResult | JudgedResult, instrument: Instrument, plan?: PlannedAction[]) {
  const judged = 'judgement' in result ? result.judgement : null;
  const description = instrument.levels.find((l) => l.id === result.level.id)?.description ?? '';
  const groupTitle = new Map(instrument.groups.map((g) => [g.id, g.title]));
  return {
    triggers: result.triggers.map((t) => triggerView(t, instrument)),
    level: result.level.label,
    levelId: result.level.id,
    levelDescription: description,
    strandLabels: result.level.strandLabels.filter((s) => s.label !== result.level.label).map((s) => `${s.label} (${instrument.strands.find((x) => x.id === s.strand)?.label.toLowerCase() ?? s.strand})`),
    computed: judged ? judged.computedLevel.label : result.level.label,
    differs: judged ? judged.differs : false,
    reason: judged ? judged.reason : null,
    total: result.total,
    riskScore: result.riskScore,
    protectiveReduction: result.protectiveReduction,
    cutOff: result.reasons.cutOff,
    method: result.reasons.method ?? 'total',
    decision: levelDecision(result, instrument),
    summary: result.reasons.summary.map((l) => readableLine(l, instrument)),
    contributions: result.reasons.contributions.map((c) => [
      { text: c.wording },
      { text: groupTitle.get(c.groupId) ?? c.groupId },
      { text: SHORT_ANSWER[c.answer] },
      { text: `+${c.weight}`, format: 'numeric' },
    ]),
    protective: result.reasons.protective.map((c) => [{ text: c.wording }, { text: String(c.weight), format: 'numeric' }]),
    floors: result.reasons.floors.map((f) => ({ description: f.description, requires: f.requires.label, raised: f.raisedLevel })),
    judgementFloors: result.reasons.judgementFloors.map((j) => ({ label: j.label, requires: j.requires.label, raised: j.raisedLevel })),
    minimumAllowed: result.minimumAllowed.label,
    actions: plan ?? result.recommendedActions.map((a) => ({ actionId: a.id, text: a.text, lead: a.lead ?? null, dueBy: null as string | null, withinDays: a.withinDays ?? null })),
    nextReviewDate: result.nextReviewDate,
    reviewIntervalDays: result.reviewIntervalDays,
    notices: result.notices.map((l) => readableLine(l, instrument)),
    ageYears: result.ageYears,
    version: result.instrumentVersion,
  };
}

/**
 * Test fixtures: a tiny instrument whose numbers are easy to reason about,
 * and helpers to score against it. Fictional data only.
 */
import assert from 'node:assert/strict';
import { scoreAssessment } from './score.ts';
import type { AnswerValue, AssessmentContext, AssessmentResult, Instrument, Outcome } from './types.ts';

const timed = (now: number, last6Months: number, sixTo12Months: number) => ({ timed: true as const, now, last6Months, sixTo12Months });

/**
 * Levels none < low < mid < high. Cut-offs low 3, mid 8, high 14.
 * Weights: low signs 2/1/1, mid 4/3/2, high 6/4/3, vulnerabilities 1.
 */
export function tinyInstrument(): Instrument {
  return {
    id: 'tiny',
    version: 3,
    status: 'draft',
    title: 'Tiny test instrument',
    description: 'For tests.',
    levels: [
      { id: 'none', label: 'None', description: '' },
      { id: 'low', label: 'Low', description: '' },
      { id: 'mid', label: 'Mid', description: '' },
      { id: 'high', label: 'High', description: '' },
    ],
    strands: [
      { id: 'contact', label: 'In person', description: '', levelLabels: {} },
      { id: 'online', label: 'Online', description: '', levelLabels: { high: 'Selling' } },
    ],
    groups: [
      { id: 'signs', title: 'Signs', description: '' },
      { id: 'vuln', title: 'Vulnerabilities', description: '' },
      { id: 'strengths', title: 'Strengths', description: '' },
    ],
    indicators: [
      { id: 'low1', groupId: 'signs', kind: 'exploitation', strand: 'contact', pointsTo: 'low', wording: 'Low sign one', hint: '', weights: timed(2, 1, 1), tags: ['missing'] },
      { id: 'low2', groupId: 'signs', kind: 'exploitation', strand: 'contact', pointsTo: 'low', wording: 'Low sign two', hint: '', weights: timed(2, 1, 1) },
      { id: 'mid1', groupId: 'signs', kind: 'exploitation', strand: 'contact', pointsTo: 'mid', wording: 'Mid sign one', hint: '', weights: timed(4, 3, 2) },
      { id: 'mid2', groupId: 'signs', kind: 'exploitation', strand: 'contact', pointsTo: 'mid', wording: 'Mid sign two', hint: '', weights: timed(4, 3, 2) },
      { id: 'high1', groupId: 'signs', kind: 'exploitation', strand: 'contact', pointsTo: 'high', wording: 'High sign one', hint: '', weights: timed(6, 4, 3) },
      { id: 'high2', groupId: 'signs', kind: 'exploitation', strand: 'contact', pointsTo: 'high', wording: 'High sign two', hint: '', weights: timed(6, 4, 3) },
      { id: 'online_high', groupId: 'signs', kind: 'exploitation', strand: 'online', pointsTo: 'high', wording: 'Online high sign', hint: '', weights: timed(6, 4, 3) },
      { id: 'vul1', groupId: 'vuln', kind: 'vulnerability', pointsTo: 'low', wording: 'Vulnerability one', hint: '', weights: { timed: false, present: 1 } },
      { id: 'ld', groupId: 'vuln', kind: 'vulnerability', pointsTo: 'low', wording: 'Learning disability', hint: '', weights: { timed: false, present: 1 } },
      { id: 'old_low', groupId: 'signs', kind: 'exploitation', strand: 'contact', pointsTo: 'low', wording: 'Old wording', hint: '', weights: timed(2, 1, 1), retired: true, replacedBy: 'low2' },
    ],
    protectiveFactors: [
      { id: 'pro1', groupId: 'strengths', wording: 'Strength one', hint: '', weight: -2 },
      { id: 'pro2', groupId: 'strengths', wording: 'Strength two', hint: '', weight: -2 },
      { id: 'pro3', groupId: 'strengths', wording: 'Strength three', hint: '', weight: -2 },
    ],
    scoring: {
      cutOffs: [
        { level: 'low', minTotal: 3 },
        { level: 'mid', minTotal: 8 },
        { level: 'high', minTotal: 14 },
      ],
      maxProtectiveReduction: 3,
    },
    floorRules: [
      {
        id: 'raise_on_high_now',
        description: 'A high sign now raises one step.',
        when: { select: { pointsTo: 'high' }, windows: ['now'], minCount: 1 },
        effect: { kind: 'raise_by', steps: 1 },
      },
      {
        id: 'two_high_recent',
        description: 'Two high signs in 6 months mean high.',
        when: { select: { pointsTo: 'high' }, windows: ['now', 'last_6_months'], minCount: 2 },
        effect: { kind: 'at_least', level: 'high' },
      },
      {
        id: 'two_mid_plus_now',
        description: 'Two signs at mid or above now mean at least mid.',
        when: { select: { pointsToAtLeast: 'mid', kind: 'exploitation' }, windows: ['now'], minCount: 2 },
        effect: { kind: 'at_least', level: 'mid' },
      },
    ],
    triggers: [
      { id: 't.danger', kind: 'immediate_danger', title: 'Danger', whatToDo: 'Call 999.', guidance: '', urgency: 'immediate' },
      { id: 't.u13pen', kind: 'under_age_penetrative_sex', ageUnder: 13, title: 'Under 13 penetrative', whatToDo: 'Refer today.', guidance: '', urgency: 'same_day' },
      { id: 't.u13sex', kind: 'under_age_sexual_activity', ageUnder: 13, title: 'Under 13 activity', whatToDo: 'Discuss with lead.', guidance: '', urgency: 'same_day' },
      { id: 't.lac', kind: 'looked_after_missing', withinHours: 72, missingIndicatorIds: ['low1'], title: 'LAC missing', whatToDo: 'Strategy meeting.', guidance: '', urgency: 'within_hours' },
      {
        id: 't.harm',
        kind: 'significant_harm',
        whenLevelAtLeast: 'high',
        whenAnyPresent: { indicatorIds: ['mid2'], windows: ['now'] },
        title: 'Significant harm',
        whatToDo: 'Consider s47.',
        guidance: '',
        urgency: 'same_day',
      },
      { id: 't.u13min', kind: 'minimum_level', atLeast: 'low', windows: ['now', 'last_6_months', '6_to_12_months'], condition: { kind: 'age_under', years: 13 }, title: 'Under 13 minimum', whatToDo: 'Never none.', guidance: '', urgency: 'promptly' },
      { id: 't.ldmin', kind: 'minimum_level', atLeast: 'low', windows: ['now', 'last_6_months', '6_to_12_months'], condition: { kind: 'learning_disability', indicatorIds: ['ld'] }, title: 'LD minimum', whatToDo: 'Never none.', guidance: '', urgency: 'promptly' },
    ],
    actionsByLevel: {
      none: [{ id: 'n1', text: 'Nothing more.' }],
      low: [{ id: 'l1', text: 'Team around the child.' }],
      mid: [{ id: 'm1', text: 'Refer to panel.' }],
      high: [{ id: 'h1', text: 'Strategy meeting.' }],
    },
    reviewIntervalDays: { none: null, low: 90, mid: 42, high: 28 },
    judgementSections: [
      {
        id: 'stage',
        title: 'Stage',
        hint: '',
        options: [
          { id: 'nothing', label: 'Nothing seen', hint: '' },
          { id: 'control', label: 'Control', hint: '', atLeast: 'mid' },
        ],
      },
    ],
    guidance: [{ id: 'g', title: 'Guide', body: 'Text.' }],
  };
}

/** A 15-year-old assessed at a fixed time; override any fact. */
export function ctx(over: Partial<AssessmentContext> = {}): AssessmentContext {
  return { assessedAt: '2025-03-01T10:00:00Z', dateOfBirth: '2009-06-15', ...over };
}

export function tryScore(
  ins: Instrument,
  indicators: Record<string, AnswerValue>,
  context: AssessmentContext = ctx(),
  judgements?: Record<string, string>,
): Outcome<AssessmentResult> {
  return scoreAssessment(
    ins,
    { instrumentId: ins.id, instrumentVersion: ins.version, indicators, ...(judgements ? { judgements } : {}) },
    context,
  );
}

export function score(
  ins: Instrument,
  indicators: Record<string, AnswerValue>,
  context: AssessmentContext = ctx(),
  judgements?: Record<string, string>,
): AssessmentResult {
  const r = tryScore(ins, indicators, context, judgements);
  if (!r.ok) assert.fail(`expected a score, got problems: ${JSON.stringify(r.problems)}`);
  return r.value;
}

export function triggerIds(r: AssessmentResult): string[] {
  return r.triggers.map((t) => t.triggerId);
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDefaultInstrument, validateInstrument, type Instrument } from './instrument/index.ts';
import { addIndicator, editIndicator, retireIndicator, restoreIndicator, setActions, setScoring } from './edits.ts';
import { missingSinceFields, readFacts } from './forms.ts';
import { checkSubmission, emptyDraftState, sectionsOf, sectionStatus, type DraftState } from './model.ts';
import { trajectoryChart } from './trajectory.ts';
import { readableLine } from './view-model.ts';

const SIGNS = { at_risk: '1', swapping: '1', entrenched: '1' };

const AT = '2026-03-02T10:00:00Z';
const TWELVE = { dateOfBirth: '2013-06-01', estimatedAgeYears: null };

function published(): Instrument {
  return { ...createDefaultInstrument(), status: 'published' };
}

/** Every question answered 'not present' except `present`, all facts answered, judgement at `level`. */
function complete(ins: Instrument, present: Record<string, string> = {}, level = 'no_apparent_risk', reason = ''): DraftState {
  const state = emptyDraftState();
  for (const s of sectionsOf(ins)) for (const item of s.items) state.indicators[item.id] = (present[item.id] ?? 'not_present') as never;
  state.facts = { immediateDanger: 'no', lookedAfter: 'no', missingNow: 'no', missingSince: null, learningDisability: 'no', hasPartner: 'no', sexualActivity: 'none', penetrativeSex: 'none' };
  state.judgement = { level, reason, significantHarm: 'no' };
  return state;
}

describe('assessment sections', () => {
  it('has about, one section per group with questions, the optional grooming stage, then judgement', () => {
    const keys = sectionsOf(published()).map((s) => s.key);
    assert.equal(keys[0], 'about');
    assert.equal(keys.at(-1), 'judgement');
    assert.ok(keys.includes('g.contact_at_risk'));
    assert.ok(keys.includes('g.protective'));
    assert.ok(keys.includes('j.grooming_stage'));
  });

  it('cannot start the judgement until every scoring section is complete', () => {
    const ins = published();
    const sections = sectionsOf(ins);
    const judgement = sections.find((s) => s.key === 'judgement')!;
    const state = complete(ins);
    assert.equal(sectionStatus(sections, judgement, state), 'completed');
    delete state.indicators['ar.going_missing'];
    assert.equal(sectionStatus(sections, judgement, state), 'cannot_start');
    assert.equal(sectionStatus(sections, sections.find((s) => s.key === 'g.contact_at_risk')!, state), 'in_progress');
  });
});

describe('checkSubmission', () => {
  const ins = published();

  it('accepts a complete assessment and fires the under-13 rule for a 12-year-old with a sign', () => {
    const r = checkSubmission(ins, 'published', complete(ins, { 'ar.unknown_lifts': 'now' }, 'at_risk'), TWELVE, AT, 1);
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.deepEqual(r.result.triggers.map((t) => t.triggerId), ['trigger.under13_minimum']);
    assert.equal(r.result.level.id, 'at_risk');
  });

  it('refuses a retired version, saying which version to carry the answers to', () => {
    const r = checkSubmission(ins, 'retired', complete(ins), TWELVE, AT, 4);
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.match(r.problems[0]!.message, /retired.*version 4/);
  });

  it('names each unfinished section and the questions left', () => {
    const state = complete(ins);
    delete state.indicators['sw.violence'];
    delete state.facts.sexualActivity;
    const r = checkSubmission(ins, 'published', state, TWELVE, AT, 1);
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.deepEqual(r.problems.map((p) => p.section), ['about', 'g.contact_swapping']);
    assert.match(r.problems[1]!.message, /Finish ‘In person: swapping’: 1 question is not answered \(‘Has been hurt/);
  });

  it('refuses an unknown indicator id with the engine’s message', () => {
    const state = complete(ins);
    state.indicators['made.up'] = 'now';
    const r = checkSubmission(ins, 'published', state, TWELVE, AT, 1);
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.match(r.problems.map((p) => p.message).join(' '), /'made\.up' is not an indicator/);
  });

  it('refuses a differing judgement without a reason, and accepts it with one', () => {
    const without = checkSubmission(ins, 'published', complete(ins, {}, 'swapping'), TWELVE, AT, 1);
    assert.equal(without.ok, false);
    if (!without.ok) assert.equal(without.problems[0]!.section, 'judgement');
    const withReason = checkSubmission(ins, 'published', complete(ins, {}, 'swapping', 'She told the nurse about an older man who gives her money.'), TWELVE, AT, 1);
    assert.ok(withReason.ok);
    if (withReason.ok) assert.equal(withReason.result.judgement.differs, true);
  });

  it('turns a missing-now answer into an episode the 72-hour rule reads', () => {
    const state = complete(ins, { 'ar.going_missing': 'now' }, 'at_risk');
    state.facts = { ...state.facts, lookedAfter: 'yes', missingNow: 'yes', missingSince: '2026-03-01T10:00:00Z' };
    const r = checkSubmission(ins, 'published', state, { dateOfBirth: '2010-01-01', estimatedAgeYears: null }, AT, 1);
    assert.ok(r.ok);
    if (!r.ok) return;
    const t = r.result.triggers.find((x) => x.kind === 'looked_after_missing');
    assert.equal(t?.deadline?.status, 'due');
  });
});

describe('draft edits', () => {
  it('replaces an indicator with new wording: the old one is retired, rules follow, and the version still validates', () => {
    const ins = published();
    const { problems, id } = addIndicator(ins, {
      groupId: 'contact_entrenched',
      wording: 'Is in contact with an adult known to have harmed children',
      hint: '',
      pointsTo: 'entrenched',
      replaces: 'en.known_abusers',
      weights: { now: '6', last6Months: '4', sixTo12Months: '3' },
    });
    assert.deepEqual(problems, []);
    const old = ins.indicators.find((i) => i.id === 'en.known_abusers')!;
    assert.equal(old.retired, true);
    assert.equal(old.replacedBy, id);
    const harm = ins.triggers.find((t) => t.kind === 'significant_harm');
    assert.ok(harm?.kind === 'significant_harm' && harm.whenAnyPresent?.indicatorIds.includes(id!));
    assert.ok(validateInstrument(ins).ok);
  });

  it('retiring an indicator a rule names, with nothing to replace it, leaves a draft that will not publish', () => {
    const ins = published();
    assert.deepEqual(retireIndicator(ins, 'en.known_abusers', ''), []);
    const v = validateInstrument(ins);
    assert.equal(v.ok, false);
    if (!v.ok) assert.match(v.problems.map((p) => p.message).join(' '), /en\.known_abusers.*retired/);
    assert.deepEqual(restoreIndicator(ins, 'en.known_abusers'), []);
    assert.ok(validateInstrument(ins).ok);
  });

  it('checks form values: wording, duplicate wording, whole-number weights that do not grow with age', () => {
    const ins = published();
    const existing = ins.indicators.find((i) => i.id === 'sw.violence')!.wording;
    const problems = editIndicator(ins, 'ar.going_missing', { wording: existing, hint: '', pointsTo: 'nowhere', weights: { now: '1', last6Months: 'x', sixTo12Months: '1' } });
    assert.deepEqual(problems.map((p) => p.path).sort(), ['pointsTo', 'weight-last6Months', 'wording']);
    assert.match(editIndicator(ins, 'ar.going_missing', { wording: 'Goes missing', hint: '', pointsTo: 'at_risk', weights: { now: '1', last6Months: '2', sixTo12Months: '1' } })[0]!.message, /at least as much/);
  });

  it('stores cut-offs out of order (publishing refuses them) but refuses values that are not numbers', () => {
    const ins = published();
    const days = { no_apparent_risk: '180', at_risk: '90', swapping: '42', entrenched: '28' };
    assert.deepEqual(setScoring(ins, { method: 'signs', signsNeeded: SIGNS, cutOffs: { at_risk: '12', swapping: '10', entrenched: '18' }, reviewDays: days, maxProtectiveReduction: '4' }), []);
    const v = validateInstrument(ins);
    assert.equal(v.ok, false);
    if (!v.ok) assert.match(v.problems[0]!.message, /Cut-offs are out of order/);
    assert.equal(setScoring(ins, { method: 'signs', signsNeeded: SIGNS, cutOffs: { at_risk: 'three', swapping: '10', entrenched: '18' }, reviewDays: days, maxProtectiveReduction: '' })[0]!.path, 'cutOff-at_risk');
    assert.deepEqual(
      setScoring(ins, { method: 'guess', signsNeeded: { ...SIGNS, entrenched: '0' }, cutOffs: { at_risk: '3', swapping: '10', entrenched: '18' }, reviewDays: days, maxProtectiveReduction: '' }).map((p) => p.path),
      ['method', 'signs-entrenched'],
    );
    assert.deepEqual(setScoring(ins, { method: 'signs', signsNeeded: { ...SIGNS, entrenched: '2' }, cutOffs: { at_risk: '3', swapping: '10', entrenched: '18' }, reviewDays: days, maxProtectiveReduction: '' }), []);
    assert.deepEqual(ins.scoring.signsNeeded, { at_risk: 1, swapping: 1, entrenched: 2 });
  });

  it('changes a level’s actions, keeping ids of kept ones and giving new ones their own', () => {
    const ins = published();
    const first = ins.actionsByLevel.at_risk![0]!;
    const problems = setActions(ins, 'at_risk', [
      { id: first.id, text: 'Name a lead professional within a week.', lead: 'Lead professional', withinDays: '7', remove: false },
      { id: '', text: 'Offer a worker who speaks the young person’s first language.', lead: '', withinDays: '', remove: false },
      { id: '', text: '', lead: '', withinDays: '', remove: false },
    ]);
    assert.deepEqual(problems, []);
    assert.deepEqual(ins.actionsByLevel.at_risk!.map((a) => a.id), [first.id, 'area.at_risk.1']);
    assert.equal(ins.actionsByLevel.at_risk![0]!.withinDays, 7);
  });
});

describe('reading answers', () => {
  it('turns a UK wall-clock time into the right instant in winter and in summer, and back into the form', () => {
    const now = new Date('2026-08-01T12:00:00Z');
    const read = (day: string, month: string) =>
      readFacts({ immediateDanger: 'no', lookedAfter: 'no', missingNow: 'yes', 'missingSince-day': day, 'missingSince-month': month, 'missingSince-year': '2026', 'missingSince-time': '21:30', learningDisability: 'no', sexualActivity: 'no', penetrativeSex: 'no' }, now);
    assert.equal(read('15', '1').facts.missingSince, '2026-01-15T21:30:00.000Z');
    assert.equal(read('15', '7').facts.missingSince, '2026-07-15T20:30:00.000Z');
    assert.equal(read('30', '2').errors.missingSince, 'The date they went missing must be a real date, like 27 3 2026');
    assert.deepEqual(missingSinceFields('2026-07-15T20:05:00.000Z'), { 'missingSince-day': '15', 'missingSince-month': '7', 'missingSince-year': '2026', 'missingSince-time': '21:05' });
  });

  it('requires when a young person went missing, in the past', () => {
    const base = { immediateDanger: 'no', lookedAfter: 'yes', missingNow: 'yes', learningDisability: 'no', hasPartner: 'no', sexualActivity: 'none', penetrativeSex: 'none' };
    const now = new Date('2026-03-02T12:00:00Z');
    assert.equal(readFacts(base, now).errors.missingSince, 'Enter the date they went missing');
    const future = readFacts({ ...base, 'missingSince-day': '3', 'missingSince-month': '3', 'missingSince-year': '2026', 'missingSince-time': '10:00' }, now);
    assert.equal(future.errors.missingSince, 'The time they went missing must be in the past');
    const ok = readFacts({ ...base, 'missingSince-day': '1', 'missingSince-month': '3', 'missingSince-year': '2026', 'missingSince-time': '22:15' }, now);
    assert.deepEqual(ok.errors, {});
    assert.equal(ok.facts.missingSince, '2026-03-01T22:15:00.000Z');
  });
});

describe('trajectory chart', () => {
  const levels = published().levels;
  const point = (ref: string, at: string, rank: number) => ({ assessmentId: ref, reference: ref, assessedAt: at, levelId: levels[rank]!.id, levelLabel: levels[rank]!.label, rank, differs: false, computedLabel: levels[rank]!.label });

  it('draws a step line that holds each level until the next assessment and runs on to today', () => {
    const chart = trajectoryChart([point('RA-2', '2026-02-01T10:00:00Z', 2), point('RA-1', '2026-01-01T10:00:00Z', 1)], levels, new Date('2026-03-01T10:00:00Z'))!;
    assert.equal(chart.points.length, 2);
    assert.ok(chart.points[0]!.y > chart.points[1]!.y, 'a higher level is drawn higher');
    assert.match(chart.path, /^M\d+ \d+ H\d+ V\d+ H\d+$/);
    assert.equal(chart.points[0]!.x, chart.plot.left);
    assert.match(chart.summary, /from At risk .* to Swapping/);
  });

  it('has nothing to draw without assessments', () => {
    assert.equal(trajectoryChart([], levels), null);
  });
});

describe('readable reasons', () => {
  it('names indicators by their wording and writes dates the UK way', () => {
    const line = readableLine('Signs of exploitation are present: ar.unknown_lifts, ol.ar.unexplained_credit. Aged 12 on 2026-03-02.', published());
    assert.match(line, /‘Is collected or dropped off/);
    assert.match(line, /‘Has phone, data, gaming/);
    assert.match(line, /2 March 2026/);
    assert.equal(
      readableLine("Trigger 'trigger.significant_harm' refers to indicator 'en.known_abusers', which is retired.", published()),
      "Trigger 'trigger.significant_harm' refers to indicator ‘Is in contact with someone known to have sexually harmed or exploited children’, which is retired.",
    );
  });
});

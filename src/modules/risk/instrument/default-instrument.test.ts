import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { concernChecklist, createDefaultInstrument, createDefaultInstrumentVersion1, mapConcernIndicator, MISSING_INDICATOR_IDS } from './default-instrument.ts';
import { applyJudgement } from './score.ts';
import { ctx, score, triggerIds } from './testing.ts';
import { validateInstrument } from './validate.ts';
import type { AnswerValue } from './types.ts';

const ins = createDefaultInstrument();
const active = (id: string) => ins.indicators.find((i) => i.id === id && !i.retired);

describe('default instrument: content', () => {
  it('validates', () => {
    assert.deepEqual(validateInstrument(ins), { ok: true });
  });

  it('is a fresh copy each time, so edits never leak', () => {
    const a = createDefaultInstrument();
    a.indicators[0]!.weights = { timed: false, present: 99 };
    a.indicators[1]!.wording = 'changed';
    assert.notEqual(createDefaultInstrument().indicators[1]!.wording, 'changed');
    assert.deepEqual(createDefaultInstrument().indicators[0]!.weights, ins.indicators[0]!.weights);
  });

  it('has the triangle’s levels, with the online strand calling the top level "selling"', () => {
    assert.deepEqual(ins.levels.map((l) => l.id), ['no_apparent_risk', 'at_risk', 'swapping', 'entrenched']);
    assert.deepEqual(ins.strands.find((s) => s.id === 'online')?.levelLabels, { entrenched: 'Selling' });
  });

  it('has concrete indicators for every level of both triangles', () => {
    for (const [strand, level] of [
      ['contact', 'at_risk'],
      ['contact', 'swapping'],
      ['contact', 'entrenched'],
      ['online', 'at_risk'],
      ['online', 'swapping'],
      ['online', 'entrenched'],
    ]) {
      const n = ins.indicators.filter((i) => i.strand === strand && i.pointsTo === level && !i.retired).length;
      assert.ok(n >= 4, `${strand}/${level} has ${n} indicators`);
    }
  });

  it('covers every vulnerability factor from the research', () => {
    for (const id of [
      'vul.history_missing',
      'vul.care_experience',
      'vul.learning_disability',
      'vul.special_needs',
      'vul.migrant_separated',
      'vul.out_of_education',
      'vul.substance_use',
      'vul.gang_involvement',
      'vul.abuse_family_difficulty',
      'vul.domestic_abuse',
      'vul.homeless',
      'vul.mental_health',
      'vul.sexual_health',
      'vul.isolated_from_peers',
      'vul.no_trusted_adult',
    ]) {
      assert.equal(active(id)?.kind, 'vulnerability', id);
    }
  });

  it('covers the factors to take into account, as signs of exploitation', () => {
    for (const id of [
      'rel.age_gap',
      'rel.power_imbalance',
      'rel.coercion_bribery',
      'rel.excess_secrecy',
      'rel.concerns_minimised',
      'rel.grooming_pattern',
      'rel.person_known_to_agencies',
      'rel.substances_disinhibit',
    ]) {
      assert.equal(active(id)?.kind, 'exploitation', id);
    }
  });

  it('has strengths with negative weights, and the four grooming stages as an optional judgement', () => {
    assert.ok(ins.protectiveFactors.length >= 6);
    assert.ok(ins.protectiveFactors.every((p) => p.weight < 0));
    const stages = ins.judgementSections.find((s) => s.id === 'grooming_stage');
    assert.deepEqual(stages?.options.filter((o) => o.atLeast).map((o) => o.id), ['drawing_in', 'dependency', 'control', 'total_control']);
  });

  it('has every kind of statutory trigger, actions for every level and reviews sooner as risk rises', () => {
    assert.deepEqual(
      [...new Set(ins.triggers.map((t) => t.kind))].sort(),
      ['age_gap', 'immediate_danger', 'looked_after_missing', 'minimum_level', 'significant_harm', 'under_age_penetrative_sex', 'under_age_sexual_activity'],
    );
    assert.equal(ins.triggers[0]?.kind, 'immediate_danger');
    for (const t of ins.triggers) assert.ok(t.rule && t.rule.length > 40, `${t.id} states its rule in words`);
    for (const l of ins.levels) assert.ok((ins.actionsByLevel[l.id] ?? []).length > 0, l.id);
    assert.deepEqual(ins.reviewIntervalDays, { no_apparent_risk: 180, at_risk: 90, swapping: 42, entrenched: 28 });
  });

  it('uses neutral, non-blaming language', () => {
    const all = JSON.stringify(ins).toLowerCase();
    for (const word of ['prostitut', 'promiscu', 'sexualised', 'sexualized', 'lifestyle choice', 'putting themselves', 'risky behaviour', 'offender']) {
      assert.ok(!all.includes(word), `found "${word}"`);
    }
    const indicatorText = JSON.stringify([...ins.indicators, ...ins.protectiveFactors]).toLowerCase();
    for (const word of ['dress', 'clothing', 'appearance', 'religio', 'hijab', 'ethnic', 'culture']) {
      assert.ok(!new RegExp(`\\b${word}`).test(indicatorText), `an indicator mentions "${word}"`);
    }
  });

  it('lists the going-missing indicators, all active and tagged', () => {
    const tagged = ins.indicators.filter((i) => i.tags?.includes('missing')).map((i) => i.id);
    assert.deepEqual([...MISSING_INDICATOR_IDS].sort(), tagged.sort());
    for (const id of MISSING_INDICATOR_IDS) assert.ok(active(id), id);
  });
});

describe('default instrument: concern checklist', () => {
  it('shows every active risk indicator once, grouped, with the same ids', () => {
    const list = concernChecklist(ins);
    const ids = list.flatMap((g) => g.indicators.map((i) => i.id));
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual(ids.sort(), ins.indicators.filter((i) => !i.retired).map((i) => i.id).sort());
    assert.ok(!list.some((g) => g.groupId === 'protective'));
  });

  it('maps a concern’s indicator to this version, following replacements', () => {
    assert.equal(mapConcernIndicator(ins, 'ar.unexplained_items'), 'ar.unexplained_items');
    assert.equal(mapConcernIndicator(ins, 'no.such'), null);
    // An area replaces one indicator with new wording (e.g. to make it more neutral).
    const area = createDefaultInstrument();
    area.version = 2;
    const old = area.indicators.find((i) => i.id === 'ar.older_associates')!;
    area.indicators.push({ ...old, weights: { ...old.weights }, id: 'ar.older_associates_v2', wording: 'Is in contact with adults much older than them, with no clear reason' });
    old.retired = true;
    old.replacedBy = 'ar.older_associates_v2';
    assert.deepEqual(validateInstrument(area), { ok: true });
    assert.equal(mapConcernIndicator(area, 'ar.older_associates'), 'ar.older_associates_v2');
    assert.ok(!concernChecklist(area).some((g) => g.indicators.some((i) => i.id === 'ar.older_associates')));
  });
});

describe('default instrument version 1 (levels from the total, kept for assessments made with it): scoring scenarios', () => {
  const ins = createDefaultInstrumentVersion1();
  it('two vulnerabilities alone are no apparent risk; three are at risk', () => {
    assert.equal(score(ins, { 'vul.homeless': 'now', 'vul.mental_health': 'now' }).level.id, 'no_apparent_risk');
    assert.equal(score(ins, { 'vul.homeless': 'now', 'vul.mental_health': 'now', 'vul.out_of_education': 'now' }).level.id, 'at_risk');
  });

  it('one early sign now plus one vulnerability is at risk', () => {
    assert.equal(score(ins, { 'ar.unknown_lifts': 'now', 'vul.care_experience': 'now' }).level.id, 'at_risk');
  });

  it('one entrenched sign now is at least swapping, two are entrenched with a significant-harm trigger', () => {
    assert.equal(score(ins, { 'en.fear_intimidation': 'now' }).level.id, 'swapping');
    const two = score(ins, { 'en.fear_intimidation': 'now', 'en.substance_dependence': 'last_6_months' });
    assert.equal(two.level.id, 'entrenched');
    assert.deepEqual(triggerIds(two), ['trigger.significant_harm']);
    assert.equal(two.nextReviewDate, '2025-03-29');
  });

  it('online selling reads as "Selling" on the online strand', () => {
    const r = score(ins, { 'ol.se.images_sold': 'now', 'ol.se.escalating_demands': 'now' });
    assert.equal(r.level.id, 'entrenched');
    assert.deepEqual(r.level.strandLabels, [{ strand: 'online', label: 'Selling' }]);
  });

  it('strengths cannot take a swapping sign present now down to no apparent risk', () => {
    const strengths = Object.fromEntries(ins.protectiveFactors.map((p) => [p.id, 'now' as const]));
    const r = score(ins, { 'sw.violence': 'now', ...strengths });
    assert.equal(r.total, 0);
    assert.equal(r.protectiveReduction, 4);
    assert.equal(r.level.id, 'at_risk');
  });

  it('a 12-year-old with signs on file: the trigger, the level with reasons, the actions', () => {
    const r = score(
      ins,
      { 'ar.older_associates': 'now', 'ol.ar.hidden_contacts': 'last_6_months', 'vul.isolated_from_peers': 'now' },
      ctx({ dateOfBirth: '2012-09-10', sexualActivity: 'indicated' }),
    );
    assert.equal(r.ageYears, 12);
    assert.deepEqual(triggerIds(r), ['trigger.under13_sexual_activity', 'trigger.under13_minimum']);
    assert.equal(r.level.id, 'at_risk');
    assert.equal(r.total, 4);
    assert.ok(r.reasons.summary.length >= 4);
    assert.ok(r.recommendedActions.some((a) => a.id === 'ar.team'));
    const judged = applyJudgement(r, 'swapping', 'Older adult seen collecting her from school twice this week.');
    assert.ok(judged.ok && judged.value.nextReviewDate === '2025-04-12');
  });
});

describe('default instrument version 2: the level follows the kind of signs present', () => {
  const signs = (pointsTo: string, strand?: string) =>
    ins.indicators.filter((i) => !i.retired && i.kind === 'exploitation' && i.pointsTo === pointsTo && (strand === undefined || i.strand === strand));
  const all = (list: { id: string }[], when: AnswerValue = 'now') => Object.fromEntries(list.map((i) => [i.id, when]));

  it('is version 2, based on version 1, deciding by signs', () => {
    assert.equal(ins.version, 2);
    assert.deepEqual(ins.basedOn, { id: 'lantern-cse', version: 1 });
    assert.equal(ins.scoring.method, 'signs');
  });

  for (const [strand, names] of [
    ['contact', ['At risk', 'Swapping', 'Entrenched']],
    ['online', ['At risk', 'Swapping', 'Selling']],
  ] as const) {
    it(`${strand}: a profile of only at-risk signs is "${names[0]}", of swapping signs "${names[1]}", of ${names[2].toLowerCase()} signs "${names[2]}", however many`, () => {
      for (const [level, expected] of [['at_risk', 'at_risk'], ['swapping', 'swapping'], ['entrenched', 'entrenched']] as const) {
        const list = signs(level, strand);
        assert.ok(list.length >= 3, `${strand} has several ${level} signs`);
        for (const when of ['now', 'last_6_months', '6_to_12_months'] as const) {
          const r = score(ins, all(list, when));
          assert.equal(r.level.id, expected, `every ${strand} ${level} sign, ${when}`);
          assert.equal(score(ins, all(list.slice(0, 1), when)).level.id, expected, `one ${strand} ${level} sign, ${when}`);
        }
        const shown = score(ins, all(list)).level.strandLabels.find((x) => x.strand === strand)?.label ?? score(ins, all(list)).level.label;
        assert.equal(shown, names[['at_risk', 'swapping', 'entrenched'].indexOf(level)]);
      }
    });
  }

  it('many at-risk and swapping signs stay "Swapping" whatever the total (the reported 52-point "Entrenched")', () => {
    const r = score(ins, { ...all(signs('at_risk')), ...all(signs('swapping')), ...all(ins.indicators.filter((i) => i.kind === 'vulnerability')) });
    assert.ok(r.total > 50, `the total is ${r.total}`);
    assert.equal(r.level.id, 'swapping');
    assert.equal(r.reasons.method, 'signs');
    assert.match(r.reasons.summary.join(' '), /does not decide the level/);
  });

  it('vulnerabilities alone are not a sign of exploitation: no apparent risk, however many', () => {
    assert.equal(score(ins, all(ins.indicators.filter((i) => i.kind === 'vulnerability'))).level.id, 'no_apparent_risk');
  });

  it('strengths are recorded but do not take a level below its signs', () => {
    const strengths = Object.fromEntries(ins.protectiveFactors.map((p) => [p.id, 'now' as const]));
    const r = score(ins, { 'sw.violence': 'now', ...strengths });
    assert.equal(r.level.id, 'swapping');
  });

  it('an area can require two signs of a level: one entrenched sign then gives "Swapping"', () => {
    const area = createDefaultInstrument();
    area.scoring.signsNeeded = { at_risk: 1, swapping: 1, entrenched: 2 };
    assert.deepEqual(validateInstrument(area), { ok: true });
    assert.equal(score(area, { 'en.fear_intimidation': 'now' }).level.id, 'swapping');
    assert.equal(score(area, { 'en.fear_intimidation': 'now', 'en.known_abusers': '6_to_12_months' }).level.id, 'entrenched');
    const bad = createDefaultInstrument();
    bad.scoring.signsNeeded = { entrenched: 0 };
    assert.equal(validateInstrument(bad).ok, false);
  });
});

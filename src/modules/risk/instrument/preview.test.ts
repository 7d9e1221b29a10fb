import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { previewVersion, type PastAssessment } from './preview.ts';
import { ctx, score, tinyInstrument } from './testing.ts';
import type { AnswerValue, Instrument } from './types.ts';

function past(id: string, indicators: Record<string, AnswerValue>, from: Instrument, judgements?: Record<string, string>): PastAssessment {
  const r = score(from, indicators, ctx(), judgements);
  return {
    assessmentId: id,
    answers: { instrumentId: from.id, instrumentVersion: from.version, indicators, ...(judgements ? { judgements } : {}) },
    context: ctx(),
    previousLevel: r.level.id,
  };
}

/** Version 4: low2 retired in favour of a reworded low3, mid cut-off lowered, vul1 removed entirely. */
function nextVersion(): Instrument {
  const v = tinyInstrument();
  v.version = 4;
  const low2 = v.indicators.find((i) => i.id === 'low2')!;
  v.indicators.push({ ...low2, weights: { ...low2.weights }, id: 'low3', wording: 'Reworded low sign' });
  low2.retired = true;
  low2.replacedBy = 'low3';
  v.indicators.find((i) => i.id === 'old_low')!.replacedBy = 'low3';
  v.indicators = v.indicators.filter((i) => i.id !== 'vul1');
  v.scoring.cutOffs = [
    { level: 'low', minTotal: 3 },
    { level: 'mid', minTotal: 6 },
    { level: 'high', minTotal: 14 },
  ];
  return v;
}

describe('previewVersion', () => {
  const v3 = tinyInstrument();
  const v4 = nextVersion();

  it('rescores each past assessment and reports the move', () => {
    const r = previewVersion(v4, [
      past('a', { mid1: 'now', low1: 'now' }, v3), // 6: low → mid
      past('b', {}, v3), // none → none
      past('c', { high1: 'now', high2: 'now' }, v3), // high → high
    ]);
    assert.ok(r.ok);
    if (!r.ok) return;
    const [a, b, c] = r.value.items;
    assert.equal(a?.previousLevel, 'low');
    assert.equal(a?.newLevel?.id, 'mid');
    assert.equal(a?.change, 'up');
    assert.equal(b?.change, 'same');
    assert.equal(c?.change, 'same');
    assert.deepEqual(c?.triggersFired, ['t.harm']);
    const s = r.value.summary;
    assert.deepEqual([s.total, s.scored, s.up, s.down, s.same], [3, 3, 1, 0, 2]);
    assert.deepEqual(s.moves, [{ from: 'low', to: 'mid', count: 1 }]);
    assert.deepEqual(s.perLevel.find((l) => l.levelId === 'low'), { levelId: 'low', label: 'Low', before: 1, after: 0, movedUp: 1, movedDown: 0 });
    assert.deepEqual(s.perLevel.find((l) => l.levelId === 'mid'), { levelId: 'mid', label: 'Mid', before: 0, after: 1, movedUp: 0, movedDown: 0 });
  });

  it('reports answers to indicators that no longer exist instead of dropping them silently', () => {
    const r = previewVersion(v4, [past('d', { vul1: 'now', low1: 'now' }, v3)]);
    assert.ok(r.ok);
    if (!r.ok) return;
    const d = r.value.items[0]!;
    assert.deepEqual(d.notCarried, [{ indicatorId: 'vul1', answer: 'now', reason: "'vul1' does not exist in this version." }]);
    assert.equal(d.previousLevel, 'low');
    assert.equal(d.newLevel?.id, 'none');
    assert.equal(d.change, 'down');
    assert.equal(r.value.summary.assessmentsWithAnswersNotCarried, 1);
    assert.deepEqual(r.value.summary.indicatorsNotCarried, [{ indicatorId: 'vul1', count: 1 }]);
  });

  it('carries answers from a retired indicator to its replacement, and reports it', () => {
    const r = previewVersion(v4, [past('e', { low2: 'last_6_months', mid1: 'now' }, v3)]);
    assert.ok(r.ok);
    if (!r.ok) return;
    const e = r.value.items[0]!;
    assert.deepEqual(e.carriedTo, [{ from: 'low2', to: 'low3', answer: 'last_6_months' }]);
    assert.deepEqual(e.notCarried, []);
    assert.equal(e.total, 5);
  });

  it('keeps an explicit answer to the replacement over a carried one', () => {
    const v5 = nextVersion();
    v5.version = 5;
    const answers: PastAssessment = {
      assessmentId: 'f',
      answers: { instrumentId: 'tiny', instrumentVersion: 4, indicators: { low3: 'now', low2: '6_to_12_months' } },
      context: ctx(),
      previousLevel: 'none',
    };
    const r = previewVersion(v5, [answers]);
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.equal(r.value.items[0]?.notCarried[0]?.indicatorId, 'low2');
    assert.match(r.value.items[0]?.notCarried[0]?.reason ?? '', /already has its own answer/);
    assert.equal(r.value.items[0]?.total, 2);
  });

  it('reports judgements that cannot be carried', () => {
    const v = nextVersion();
    v.judgementSections[0]!.options = v.judgementSections[0]!.options.filter((o) => o.id !== 'control');
    const r = previewVersion(v, [past('g', {}, v3, { stage: 'control' })]);
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.deepEqual(r.value.items[0]?.judgementsNotCarried.map((j) => j.optionId), ['control']);
    assert.equal(r.value.items[0]?.change, 'down');
  });

  it('marks assessments it cannot score, with the reason, and levels it cannot compare', () => {
    const bad: PastAssessment = { assessmentId: 'h', answers: { instrumentId: 'tiny', instrumentVersion: 3, indicators: { low1: 'sometimes' as never } }, context: ctx(), previousLevel: 'low' };
    const renamed: PastAssessment = { ...past('i', {}, v3), previousLevel: 'moderate' };
    const r = previewVersion(v4, [bad, renamed]);
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.equal(r.value.items[0]?.change, 'not_scored');
    assert.equal(r.value.items[0]?.problems[0]?.path, 'answers.indicators.low1');
    assert.equal(r.value.items[1]?.change, 'not_comparable');
    assert.deepEqual([r.value.summary.notScored, r.value.summary.notComparable], [1, 1]);
  });

  it('refuses an invalid new version', () => {
    const v = nextVersion();
    v.actionsByLevel.severe = [];
    const r = previewVersion(v, []);
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.problems[0]?.path, 'instrument.actionsByLevel.severe');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDefaultInstrument } from './default-instrument.ts';
import { suggestFromConcerns, suggestFromMissingEpisodes } from './suggestions.ts';

const ins = createDefaultInstrument();
const AT = '2025-03-01T12:00:00Z';
const daysAgo = (d: number): string => new Date(Date.parse(AT) - d * 86_400_000).toISOString();
const hoursAgo = (h: number): string => new Date(Date.parse(AT) - h * 3_600_000).toISOString();

describe('suggestions from concerns', () => {
  it('suggests each ticked indicator with the most recent window and every source', () => {
    const r = suggestFromConcerns(
      ins,
      [
        { concernId: 'C-1', raisedAt: daysAgo(10), indicatorIds: ['ar.unexplained_items', 'sw.violence'], raisedBy: 'Northfield School' },
        { concernId: 'C-2', raisedAt: daysAgo(100), indicatorIds: ['ar.unexplained_items', 'vul.out_of_education'] },
        { concernId: 'C-3', raisedAt: daysAgo(400), indicatorIds: ['en.known_abusers'] },
      ],
      AT,
    );
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.deepEqual(
      r.value.map((s) => [s.indicatorId, s.suggested, s.sources.length]),
      [
        ['ar.unexplained_items', 'now', 2],
        ['sw.violence', 'now', 1],
        ['vul.out_of_education', 'now', 1],
      ],
    );
    assert.match(r.value[0]?.sources[0] ?? '', /Concern C-1 raised \d{4}-\d{2}-\d{2} by Northfield School/);
  });

  it('times suggestions by when the concern was raised', () => {
    const r = suggestFromConcerns(ins, [{ concernId: 'C-4', raisedAt: daysAgo(200), indicatorIds: ['sw.known_places'] }], AT);
    assert.ok(r.ok && r.value[0]?.suggested === '6_to_12_months');
  });

  it('follows replacements and ignores ids the version does not know', () => {
    const area = createDefaultInstrument();
    const old = area.indicators.find((i) => i.id === 'ar.places_of_concern')!;
    area.indicators.push({ ...old, weights: { ...old.weights }, id: 'ar.places_v2', wording: 'Reworded' });
    old.retired = true;
    old.replacedBy = 'ar.places_v2';
    const r = suggestFromConcerns(area, [{ concernId: 'C-5', raisedAt: daysAgo(1), indicatorIds: ['ar.places_of_concern', 'unknown.id'] }], AT);
    assert.ok(r.ok);
    if (r.ok) assert.deepEqual(r.value.map((s) => s.indicatorId), ['ar.places_v2']);
  });

  it('refuses bad times', () => {
    const r = suggestFromConcerns(ins, [{ concernId: 'C-6', raisedAt: 'last week', indicatorIds: [] }], 'now');
    assert.equal(r.ok, false);
    if (!r.ok) assert.deepEqual(r.problems.map((p) => p.path), ['assessedAt', 'concerns[0].raisedAt']);
  });
});

describe('suggestions from missing episodes', () => {
  it('an ongoing episode of more than a day suggests going missing now and long spells', () => {
    const r = suggestFromMissingEpisodes(ins, [{ episodeId: 'M-1', startedAt: hoursAgo(30) }], AT);
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.deepEqual(r.value.map((s) => [s.indicatorId, s.suggested]), [
      ['ar.going_missing', 'now'],
      ['en.missing_long_or_repeated', 'now'],
    ]);
    assert.match(r.value[0]?.sources[0] ?? '', /still missing/);
  });

  it('three episodes in six months suggest going missing often; older ones a history', () => {
    const r = suggestFromMissingEpisodes(
      ins,
      [
        { episodeId: 'M-2', startedAt: daysAgo(40), returnedAt: daysAgo(39.9) },
        { episodeId: 'M-3', startedAt: daysAgo(60), returnedAt: daysAgo(59.9) },
        { episodeId: 'M-4', startedAt: daysAgo(90), returnedAt: daysAgo(89.9) },
        { episodeId: 'M-5', startedAt: daysAgo(500), returnedAt: daysAgo(499) },
      ],
      AT,
    );
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.deepEqual(r.value.map((s) => [s.indicatorId, s.suggested]), [
      ['ar.going_missing', 'last_6_months'],
      ['sw.regularly_missing', 'last_6_months'],
      ['vul.history_missing', 'now'],
    ]);
  });

  it('refuses bad times', () => {
    const r = suggestFromMissingEpisodes(ins, [{ episodeId: 'M-6', startedAt: 'Tuesday' }], AT);
    assert.equal(r.ok, false);
  });
});

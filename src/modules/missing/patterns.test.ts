import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { barChart, timeline } from './charts.ts';
import { computePatterns, type EpisodeForPatterns, type MentionForPatterns } from './patterns.ts';
import { DEFAULT_MISSING_SETTINGS, missingSettingsFrom } from './settings.ts';

const NOW = new Date('2026-11-21T12:00:00Z');
const DAY = 86_400_000;
const ago = (days: number, hourUtc = 23) => {
  const d = new Date(NOW.getTime() - days * DAY);
  d.setUTCHours(hourUtc, 0, 0, 0);
  return d;
};
let n = 0;
const ep = (days: number, hourUtc = 23, hoursAway: number | null = 8): EpisodeForPatterns => {
  n += 1;
  const lastSeenAt = ago(days, hourUtc);
  return { id: `e${n}`, number: n, lastSeenAt, returnedAt: hoursAway === null ? null : new Date(lastSeenAt.getTime() + hoursAway * 3_600_000) };
};

describe('patterns of one young person’s episodes', () => {
  it('counts 30, 90 and 365 days back and in all, and flags 3 in 90 days', () => {
    const episodes = [ep(5), ep(29), ep(31), ep(89), ep(200), ep(364), ep(500), ep(900)];
    const p = computePatterns(episodes, [], DEFAULT_MISSING_SETTINGS, NOW);
    assert.deepEqual(p.counts, { last30: 2, last90: 4, last365: 6, all: 8 });
    assert.deepEqual(p.flags, { repeat: true, many: false });
    assert.equal(p.missingNow, false);
  });

  it('the window includes an episode exactly 90 days ago and not one a minute older', () => {
    const exactly = { id: 'x', number: 100, lastSeenAt: new Date(NOW.getTime() - 90 * DAY), returnedAt: null };
    const older = { id: 'y', number: 101, lastSeenAt: new Date(NOW.getTime() - 90 * DAY - 60_000), returnedAt: new Date(NOW.getTime() - 89 * DAY) };
    const p = computePatterns([exactly, older], [], DEFAULT_MISSING_SETTINGS, NOW);
    assert.equal(p.counts.last90, 1);
    assert.equal(p.missingNow, true);
  });

  it('two in 90 days is not a repeat; more than 10 in all is flagged, exactly 10 is not; both thresholds follow the area', () => {
    const ten = Array.from({ length: 10 }, (_, i) => ep(100 + i * 30));
    assert.deepEqual(computePatterns([...ten.slice(0, 8), ep(10), ep(20)], [], DEFAULT_MISSING_SETTINGS, NOW).flags, { repeat: false, many: false });
    assert.deepEqual(computePatterns([...ten, ep(10)], [], DEFAULT_MISSING_SETTINGS, NOW).flags, { repeat: false, many: true });
    const strict = missingSettingsFrom({ missingRepeatCount90Days: 2, missingManyCount: 4 });
    assert.deepEqual(computePatterns([ep(10), ep(20), ep(300), ep(400), ep(500)], [], strict, NOW).flags, { repeat: true, many: true });
    assert.equal(missingSettingsFrom({ returnInterviewHours: 48 }).returnInterviewHours, 48);
    assert.equal(missingSettingsFrom({ returnInterviewHours: -1 }).returnInterviewHours, 72);
  });

  it('counts time of day and day of week in UK time, and time away', () => {
    // 20 Nov 2026 is a Friday; in summer UK time is an hour ahead of UTC.
    const winter = { id: 'w', number: 1, lastSeenAt: new Date('2026-11-20T23:30:00Z'), returnedAt: new Date('2026-11-21T07:30:00Z') };
    const summer = { id: 's', number: 2, lastSeenAt: new Date('2026-07-03T23:30:00Z'), returnedAt: new Date('2026-07-04T01:30:00Z') };
    const p = computePatterns([winter, summer], [], DEFAULT_MISSING_SETTINGS, NOW);
    assert.equal(p.byHour[23], 1);
    assert.equal(p.byHour[0], 1, 'the summer episode began at 00:30 UK time');
    assert.equal(p.byWeekday[4], 1, 'Friday');
    assert.equal(p.byWeekday[5], 1, 'Saturday, UK time');
    assert.equal(p.longestHours, 8);
    assert.equal(p.medianHours, 5);
  });

  it('ranks the places they are found and who they are with by how many episodes name them', () => {
    const episodes = [ep(10), ep(40), ep(70), ep(100)];
    const m = (i: number, kind: string, context: string, asTyped: string, matchKey: string | null): MentionForPatterns => ({ episodeId: episodes[i]!.id, kind, context, asTyped, matchKey });
    const mentions = [
      m(0, 'place', 'found_at', 'Flat above the takeaway, Mill Street', 'place:flat above takeaway mill street'),
      m(1, 'place', 'found_at', 'flat above takeaway mill street', 'place:flat above takeaway mill street'),
      m(2, 'place', 'found_at', 'Bus station', 'place:bus station'),
      m(3, 'place', 'found_at', 'Flat above the takeaway Mill St', 'place:flat above takeaway mill st'),
      m(0, 'adult', 'found_with', 'Deano', 'adult:deano'),
      m(2, 'adult', 'found_with', 'deano', 'adult:deano'),
      m(0, 'adult', 'found_with', 'Deano', 'adult:deano'),
      m(1, 'young_person', 'found_with', 'Kayla', 'young_person:kayla'),
      m(1, 'place', 'while_away', 'Petrol station', 'place:petrol station'),
      { episodeId: 'not-theirs', kind: 'place', context: 'found_at', asTyped: 'Elsewhere', matchKey: 'place:elsewhere' },
    ];
    const p = computePatterns(episodes, mentions, DEFAULT_MISSING_SETTINGS, NOW);
    assert.deepEqual(
      p.placesFound.map((r) => [r.label, r.episodes]),
      [
        ['Flat above the takeaway, Mill Street', 2],
        ['Bus station', 1],
        ['Flat above the takeaway Mill St', 1],
      ],
    );
    assert.deepEqual(
      p.peopleWith.map((r) => [r.label, r.kind, r.episodes]),
      [
        ['Deano', 'adult', 2],
        ['Kayla', 'young_person', 1],
      ],
    );
  });

  it('draws charts as SVG hidden from screen readers, with escaped labels', () => {
    const svg = barChart(['<b>', 'b'], [3, 0]);
    assert.match(svg, /^<svg [^>]*aria-hidden="true"/);
    assert.ok(svg.includes('&#60;b&#62;'));
    assert.equal((svg.match(/<rect /g) ?? []).length, 1, 'no bar for a zero');
    const strip = timeline([{ lastSeenAt: ago(10), returnedAt: null }, { lastSeenAt: ago(400), returnedAt: ago(399) }], NOW);
    assert.ok(strip.includes('#d4351c'), 'an open episode is drawn in red');
    assert.equal((strip.match(/fill="#1d70b8"/g) ?? []).length, 0, 'an episode older than the strip is not drawn');
  });
});

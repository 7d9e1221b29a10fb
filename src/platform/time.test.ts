import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addDays, calendarDate, daysBetween, isIsoDate, londonDayEnd, londonDayStart, londonInstant, londonParts, londonToday } from './time.ts';

describe('UK time', () => {
  test('today is the UK date, which is ahead of UTC late in a summer evening', () => {
    assert.equal(londonToday(new Date('2026-06-30T23:30:00Z')), '2026-07-01');
    assert.equal(londonToday(new Date('2026-12-31T23:30:00Z')), '2026-12-31');
  });

  test('a UK day starts at midnight UK time, and is 23 or 25 hours long when the clocks change', () => {
    assert.equal(londonDayStart('2026-01-15').toISOString(), '2026-01-15T00:00:00.000Z');
    assert.equal(londonDayStart('2026-07-15').toISOString(), '2026-07-14T23:00:00.000Z');
    assert.equal(londonDayEnd('2026-03-29').getTime() - londonDayStart('2026-03-29').getTime(), 23 * 3_600_000);
    assert.equal(londonDayEnd('2026-10-25').getTime() - londonDayStart('2026-10-25').getTime(), 25 * 3_600_000);
  });

  test('a clock time in the spring gap is the hour after', () => {
    assert.equal(londonInstant('2026-03-29', 1, 30).toISOString(), '2026-03-29T01:30:00.000Z');
    assert.equal(londonInstant('2026-03-29', 2, 30).toISOString(), '2026-03-29T01:30:00.000Z');
    assert.equal(londonInstant('2026-08-01', 21, 30).toISOString(), '2026-08-01T20:30:00.000Z');
  });

  test('parts of an instant as UK clocks show them, weeks starting on Monday', () => {
    assert.deepEqual(londonParts(new Date('2026-07-05T23:15:42Z')), { year: 2026, month: 7, day: 6, hour: 0, minute: 15, second: 42, weekday: 0 });
  });

  test('date arithmetic crosses months, leap days and years', () => {
    assert.equal(addDays('2028-02-28', 1), '2028-02-29');
    assert.equal(addDays('2026-12-31', 1), '2027-01-01');
    assert.equal(addDays('2026-03-01', -1), '2026-02-28');
    assert.equal(daysBetween('2026-03-28', '2026-03-30'), 2, 'the short day of the clock change still counts as one');
    assert.equal(daysBetween('2026-01-10', '2026-01-01'), -9);
  });

  test('only real dates written YYYY-MM-DD are dates', () => {
    assert.equal(isIsoDate('2026-02-28'), true);
    for (const text of ['2026-02-31', '2026-13-01', '2026-1-01', '26-01-01', '', '2026-02-28T00:00']) assert.equal(isIsoDate(text), false, text);
    assert.equal(calendarDate('2028-02-29'), '2028-02-29');
    assert.equal(calendarDate('2027-02-29'), null);
    assert.equal(calendarDate(null), null);
  });
});

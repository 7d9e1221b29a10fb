import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDate, formatDateTime, formatMonth, formatTime } from './filters.ts';

describe('dates and times for people', () => {
  it('writes instants in UK time, British Summer Time included', () => {
    assert.equal(formatDateTime(new Date('2026-12-02T09:30:00Z')), '2 December 2026, 9:30am');
    assert.equal(formatDateTime(new Date('2026-07-01T23:30:00Z')), '2 July 2026, 12:30am', 'an hour ahead in summer, on the next day');
    assert.equal(formatDateTime('2026-07-01T13:05:00Z'), '1 July 2026, 2:05pm');
  });

  it('writes whole hours, midday and midnight as GOV.UK does', () => {
    assert.equal(formatTime(new Date('2026-12-02T14:00:00Z')), '2pm');
    assert.equal(formatTime(new Date('2026-12-02T12:00:00Z')), 'midday');
    assert.equal(formatTime(new Date('2026-12-02T00:00:00Z')), 'midnight');
    assert.equal(formatTime(new Date('2026-12-02T00:15:00Z')), '12:15am');
  });

  it('never gives a date-only value a time, nor moves it to another day', () => {
    assert.equal(formatDateTime('2026-03-29'), '29 March 2026');
    assert.equal(formatDate('2026-10-25'), '25 October 2026');
    assert.equal(formatTime('2026-10-25'), '');
  });

  it('writes months of figures, and nothing for what is not a date', () => {
    assert.equal(formatMonth('2026-11'), 'November 2026');
    assert.equal(formatDate('not a date'), '');
    assert.equal(formatDateTime(null), '');
  });
});

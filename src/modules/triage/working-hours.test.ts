import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addWorkingHours, formatWorkingTime, subtractWorkingHours, workingHoursBetween } from './working-hours.ts';

// January is GMT, so these instants read the same on UK clocks. 5 January 2026 is a Monday.
const at = (iso: string) => new Date(iso);

describe('working hours (Monday to Friday, 9am to 5pm UK time, not bank holidays)', () => {
  it('counts the hours inside one working day', () => {
    assert.equal(workingHoursBetween(at('2026-01-05T09:00:00Z'), at('2026-01-05T17:00:00Z')), 8);
    assert.equal(workingHoursBetween(at('2026-01-05T10:30:00Z'), at('2026-01-05T12:00:00Z')), 1.5);
  });

  it('counts nothing in the evening or overnight', () => {
    assert.equal(workingHoursBetween(at('2026-01-06T18:00:00Z'), at('2026-01-07T08:30:00Z')), 0);
    // Sent at 4pm, looked at next morning at 10am: one hour that evening, one the next morning.
    assert.equal(workingHoursBetween(at('2026-01-06T16:00:00Z'), at('2026-01-07T10:00:00Z')), 2);
  });

  it('counts nothing at the weekend', () => {
    assert.equal(workingHoursBetween(at('2026-01-10T10:00:00Z'), at('2026-01-11T20:00:00Z')), 0);
    assert.equal(workingHoursBetween(at('2026-01-10T10:00:00Z'), at('2026-01-12T09:00:00Z')), 0);
  });

  it('carries across a weekend: Friday 4pm to Monday 10am is two hours', () => {
    assert.equal(workingHoursBetween(at('2026-01-09T16:00:00Z'), at('2026-01-12T10:00:00Z')), 2);
  });

  it('follows British Summer Time: the clocks change on the weekend of 28–29 March 2026', () => {
    // Friday 27 March 4pm GMT (16:00Z) to Monday 30 March 10am BST (09:00Z).
    assert.equal(workingHoursBetween(at('2026-03-27T16:00:00Z'), at('2026-03-30T09:00:00Z')), 2);
    // In summer, 9am UK time is 08:00Z.
    assert.equal(workingHoursBetween(at('2026-07-06T07:00:00Z'), at('2026-07-06T09:00:00Z')), 1);
  });

  it('counts whole weeks as forty hours', () => {
    assert.equal(workingHoursBetween(at('2026-01-05T09:00:00Z'), at('2026-01-12T09:00:00Z')), 40);
    assert.equal(workingHoursBetween(at('2026-01-03T12:00:00Z'), at('2026-02-02T12:00:00Z')), 4 * 40 + 3);
  });

  it('counts nothing on bank holidays in England and Wales, substitute days included', () => {
    // Friday 22 May 2026 4pm BST to Tuesday 26 May 10am BST: Monday 25 May is the spring bank holiday.
    assert.equal(workingHoursBetween(at('2026-05-22T15:00:00Z'), at('2026-05-26T09:00:00Z')), 2);
    // Christmas 2026: Friday 25th and Monday 28th (Boxing Day's substitute) are not working days.
    assert.equal(workingHoursBetween(at('2026-12-24T16:00:00Z'), at('2026-12-29T10:00:00Z')), 2);
    // The week of Easter Monday holds four working days.
    assert.equal(workingHoursBetween(at('2026-04-06T08:00:00Z'), at('2026-04-13T08:00:00Z')), 32);
    // A day's target from Maundy Thursday 3pm falls due on the Tuesday after Easter at 3pm.
    assert.equal(addWorkingHours(at('2026-04-02T14:00:00Z'), 8).toISOString(), '2026-04-07T14:00:00.000Z');
    assert.equal(subtractWorkingHours(at('2026-04-07T14:00:00Z'), 8).toISOString(), '2026-04-02T14:00:00.000Z');
  });

  it('is zero when the end is not after the start', () => {
    assert.equal(workingHoursBetween(at('2026-01-05T12:00:00Z'), at('2026-01-05T11:00:00Z')), 0);
  });

  it('finds when a target is due, and the cut-off for "over target"', () => {
    // One working day from Friday 3pm is Monday 3pm.
    assert.equal(addWorkingHours(at('2026-01-09T15:00:00Z'), 8).toISOString(), '2026-01-12T15:00:00.000Z');
    // Sent on Saturday: the clock starts on Monday at 9am.
    assert.equal(addWorkingHours(at('2026-01-10T11:00:00Z'), 8).toISOString(), '2026-01-12T17:00:00.000Z');
    assert.equal(subtractWorkingHours(at('2026-01-12T11:00:00Z'), 8).toISOString(), '2026-01-09T11:00:00.000Z');
    for (const start of ['2026-01-05T09:30:00Z', '2026-01-09T16:45:00Z', '2026-03-27T15:00:00Z', '2026-04-01T12:00:00Z', '2026-10-23T12:00:00Z', '2026-12-21T10:00:00Z']) {
      for (const hours of [0.5, 8, 13, 40, 100]) {
        const due = addWorkingHours(at(start), hours);
        assert.ok(Math.abs(workingHoursBetween(at(start), due) - hours) < 1e-9, `${start} + ${hours}h`);
        assert.ok(Math.abs(workingHoursBetween(subtractWorkingHours(due, hours), due) - hours) < 1e-9, `${start} − ${hours}h`);
      }
    }
  });

  it('writes working time as people say it', () => {
    assert.equal(formatWorkingTime(0.75), '45 minutes');
    assert.equal(formatWorkingTime(1), '1 hour');
    assert.equal(formatWorkingTime(3 + 20 / 60), '3 hours 20 minutes');
  });
});

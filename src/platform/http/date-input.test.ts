import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dateInputValues, readDateInput } from './date-input.ts';

const boxes = (day: string, month: string, year: string) => ({ 'dob-day': day, 'dob-month': month, 'dob-year': year });
const read = (input: unknown, options: Partial<Parameters<typeof readDateInput>[2]> = {}) => readDateInput(input, 'dob', { label: 'Date of birth', ...options });

describe('the GOV.UK date input', () => {
  test('a real date becomes YYYY-MM-DD, with spaces around the boxes ignored', () => {
    assert.deepEqual(read(boxes('7', '3', '2011')), { value: '2011-03-07', empty: false });
    assert.deepEqual(read(boxes(' 07 ', '\t3', '2011 ')), { value: '2011-03-07', empty: false });
    assert.deepEqual(read(boxes('29', '2', '2012')), { value: '2012-02-29', empty: false });
  });

  test('blank is allowed unless the date is required', () => {
    assert.deepEqual(read(boxes('', '', '')), { value: null, empty: true });
    assert.deepEqual(read(boxes(' ', ' ', ' ')), { value: null, empty: true });
    assert.deepEqual(read(undefined), { value: null, empty: true });
    assert.deepEqual(read({}, { required: 'Enter your date of birth' }), { value: null, empty: true, error: 'Enter your date of birth' });
  });

  test('a partly filled date names the parts that are missing', () => {
    assert.equal(read(boxes('7', '', '2011')).error, 'Date of birth must include a month');
    assert.equal(read(boxes('', '', '2011')).error, 'Date of birth must include a day and month');
    assert.equal(read(boxes('7', '', '')).error, 'Date of birth must include a month and year');
    assert.equal(read(boxes('7', '', '')).empty, false);
  });

  test('dates that do not exist, words and two-digit years are not real dates', () => {
    for (const [day, month, year] of [['31', '2', '2027'], ['29', '2', '2027'], ['1', '13', '2027'], ['0', '1', '2027'], ['7', 'March', '2027'], ['7', '3', '11'], ['7', '3', '02011'], ['1.5', '3', '2011'], ['-1', '3', '2011']]) {
      assert.deepEqual(read(boxes(day!, month!, year!)), { value: null, empty: false, error: 'Date of birth must be a real date' }, `${day} ${month} ${year}`);
    }
    assert.equal(read(boxes('31', '2', '2027'), { example: '27 3 2011' }).error, 'Date of birth must be a real date, like 27 3 2011');
  });

  test('a date after the latest allowed must be today or in the past; the latest itself is allowed', () => {
    assert.equal(read(boxes('2', '12', '2026'), { latest: '2026-12-01' }).error, 'Date of birth must be today or in the past');
    assert.equal(read(boxes('1', '12', '2026'), { latest: '2026-12-01' }).value, '2026-12-01');
    assert.equal(read(boxes('2', '12', '2026')).value, '2026-12-02', 'future dates are fine when no latest date is given');
  });

  test('a YYYY-MM-DD date in the field itself is read only when asked for, and checked the same way', () => {
    assert.equal(read({ dob: '2011-03-07' }, { acceptIsoField: true }).value, '2011-03-07');
    assert.equal(read({ dob: '2011-02-30' }, { acceptIsoField: true }).error, 'Date of birth must be a real date');
    assert.equal(read({ dob: '2011-03-07' }).empty, true);
  });

  test('values that are not text (repeated fields, objects) count as blank', () => {
    assert.equal(read({ 'dob-day': ['7', '8'], 'dob-month': '3', 'dob-year': '2011' }).error, 'Date of birth must include a day');
  });

  test('a stored date fills the three boxes without leading zeros', () => {
    assert.deepEqual(dateInputValues('dob', '2011-03-07'), { 'dob-day': '7', 'dob-month': '3', 'dob-year': '2011' });
    assert.deepEqual(dateInputValues('dob', null), { 'dob-day': '', 'dob-month': '', 'dob-year': '' });
  });
});

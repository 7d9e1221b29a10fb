import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatNhsNumber,
  isValidNhsNumber,
  nhsNumberCheckDigit,
  parseNhsNumber,
} from './nhs-number.ts';

// Valid numbers worked out by hand: weights 10..2 over the first nine digits,
// check = 11 - (sum mod 11), with 11 → 0.
//   9 4 3 4 7 6 5 9 1 → 299, 299 mod 11 = 2, check 9
//   9 9 9 0 0 0 0 0 1 → 245, 245 mod 11 = 3, check 8
//   9 9 9 0 0 0 0 0 5 → 253, 253 mod 11 = 0, check 0
//   1 2 3 4 5 6 7 8 9 → 210, 210 mod 11 = 1, check 10: no valid number
const VALID = ['9434765919', '9990000018', '9990000050'];

describe('nhsNumberCheckDigit', () => {
  it('computes the modulus-11 check digit', () => {
    assert.equal(nhsNumberCheckDigit('943476591'), 9);
    assert.equal(nhsNumberCheckDigit('999000001'), 8);
  });
  it('gives 0 when the remainder is 0', () => {
    assert.equal(nhsNumberCheckDigit('999000005'), 0);
  });
  it('gives null when the check would be 10', () => {
    assert.equal(nhsNumberCheckDigit('123456789'), null);
  });
  it('refuses anything but nine digits', () => {
    assert.throws(() => nhsNumberCheckDigit('12345678'), RangeError);
  });
});

describe('parseNhsNumber', () => {
  it('accepts valid numbers and formats them 3-3-4', () => {
    assert.deepEqual(parseNhsNumber('9434765919'), {
      ok: true,
      value: '9434765919',
      display: '943 476 5919',
    });
    for (const n of VALID) assert.equal(parseNhsNumber(n).ok, true, n);
  });

  it('ignores spaces, dashes and surrounding whitespace', () => {
    for (const typed of ['943 476 5919', '943-476-5919', ' 943 4765 919 ', '943–476–5919', '9434\t765919']) {
      const result = parseNhsNumber(typed);
      assert.ok(result.ok, typed);
      assert.equal(result.value, '9434765919');
      assert.equal(result.display, '943 476 5919');
    }
  });

  it('asks for a number when empty', () => {
    assert.deepEqual(parseNhsNumber('  '), { ok: false, message: 'Enter an NHS number' });
  });

  it('says to use numbers only when letters are typed', () => {
    const result = parseNhsNumber('943 476 591O');
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.message : '', /only include numbers/);
  });

  it('says how many numbers were typed when the length is wrong', () => {
    const short = parseNhsNumber('943 476 591');
    assert.equal(short.ok, false);
    assert.match(!short.ok ? short.message : '', /must be 10 numbers long – you entered 9 numbers/);
    const long = parseNhsNumber('94347659190');
    assert.match(!long.ok ? long.message : '', /you entered 11 numbers/);
  });

  it('rejects a wrong check digit and says to check the number', () => {
    const result = parseNhsNumber('943 476 5918');
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.message : '', /^Check the NHS number/);
  });

  it('rejects numbers whose check digit would be 10', () => {
    for (let last = 0; last <= 9; last += 1) {
      assert.equal(isValidNhsNumber(`123456789${last}`), false);
    }
  });

  it('catches every single mistyped digit and every adjacent swap', () => {
    for (const n of VALID) {
      for (let i = 0; i < 10; i += 1) {
        for (let d = 0; d <= 9; d += 1) {
          if (String(d) === n[i]) continue;
          const typo = n.slice(0, i) + String(d) + n.slice(i + 1);
          assert.equal(isValidNhsNumber(typo), false, typo);
        }
        if (i < 9 && n[i] !== n[i + 1]) {
          const swapped = n.slice(0, i) + n.charAt(i + 1) + n.charAt(i) + n.slice(i + 2);
          assert.equal(isValidNhsNumber(swapped), false, swapped);
        }
      }
    }
  });

  it('rejects placeholder numbers of one repeated digit even though they pass the check', () => {
    // 1111111111: sum 54, 54 mod 11 = 10, check 1 – passes modulus 11
    assert.equal(nhsNumberCheckDigit('111111111'), 1);
    for (const n of ['0000000000', '1111111111', '9999999999']) {
      assert.equal(isValidNhsNumber(n), false, n);
    }
  });
});

describe('formatNhsNumber', () => {
  it('groups 3-3-4', () => {
    assert.equal(formatNhsNumber('9990000018'), '999 000 0018');
  });
});

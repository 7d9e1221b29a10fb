import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalisePhoneNumber } from './phone.ts';

// Only Ofcom drama-range numbers and obviously fictional ones are used here.

describe('normalisePhoneNumber: UK mobiles', () => {
  it('reads national and international forms as the same E.164 number', () => {
    for (const typed of [
      '07700 900123',
      '07700900123',
      '+44 7700 900123',
      '+447700900123',
      '0044 7700 900 123',
      '447700900123',
      '+44 (0)7700 900123',
      '07700-900-123',
      '(07700) 900 123',
    ]) {
      assert.deepEqual(
        normalisePhoneNumber(typed),
        { e164: '+447700900123', normalised: '+447700900123', valid: true, display: '07700 900123' },
        typed,
      );
    }
  });

  it('accepts the whole 07700 900000–900999 drama range', () => {
    assert.equal(normalisePhoneNumber('07700 900000').valid, true);
    assert.equal(normalisePhoneNumber('07700 900999').valid, true);
  });
});

describe('normalisePhoneNumber: UK landlines', () => {
  const cases: Array<[string, string, string]> = [
    ['020 7946 0123', '+442079460123', '020 7946 0123'],
    ['+44 20 7946 0123', '+442079460123', '020 7946 0123'],
    ['0113 496 0456', '+441134960456', '0113 496 0456'],
    ['+44 161 496 0999', '+441614960999', '0161 496 0999'],
    ['029 2018 0000', '+442920180000', '029 2018 0000'],
    ['028 9649 6001', '+442896496001', '028 9649 6001'],
    ['01632 960123', '+441632960123', '01632 960123'],
    ['0044 1632 960 123', '+441632960123', '01632 960123'],
    ['0808 157 0111', '+448081570111', '0808 157 0111'],
  ];
  for (const [typed, e164, display] of cases) {
    it(`normalises ${typed}`, () => {
      assert.deepEqual(normalisePhoneNumber(typed), { e164, normalised: e164, valid: true, display });
    });
  }
});

describe('normalisePhoneNumber: other countries', () => {
  it('reads numbers with an international prefix and shows them internationally', () => {
    const result = normalisePhoneNumber('+1 201 555 0123');
    assert.equal(result.valid, true);
    assert.equal(result.e164, '+12015550123');
    assert.equal(result.display, '+1 201 555 0123');
  });
  it('can read national numbers for another default country', () => {
    assert.equal(normalisePhoneNumber('(201) 555-0123', 'US').e164, '+12015550123');
  });
});

describe('normalisePhoneNumber: invalid numbers are kept and flagged', () => {
  it('keeps a number of a possible length in E.164 form for matching, but flags it', () => {
    // 07700 901000 is outside the drama range and not allocated
    assert.deepEqual(normalisePhoneNumber(' 07700  901000 '), {
      e164: null,
      normalised: '+447700901000',
      valid: false,
      display: '07700 901000',
    });
    assert.equal(normalisePhoneNumber('+44 7700 901000').normalised, '+447700901000');
  });

  it('falls back to the digits for a partial number', () => {
    assert.deepEqual(normalisePhoneNumber('ends 123'), {
      e164: null,
      normalised: '123',
      valid: false,
      display: 'ends 123',
    });
  });

  it('flags text with no digits', () => {
    assert.deepEqual(normalisePhoneNumber('  withheld '), {
      e164: null,
      normalised: '',
      valid: false,
      display: 'withheld',
    });
    assert.equal(normalisePhoneNumber('').normalised, '');
  });
});

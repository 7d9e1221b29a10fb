import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normaliseVehicleRegistration, parseVehicleRegistration } from './vehicle.ts';

describe('normaliseVehicleRegistration', () => {
  it('ignores case, spaces, dashes and dots', () => {
    for (const typed of ['ab12 cde', 'AB12CDE', ' Ab 12 c D e ', 'ab12-cde', 'AB.12.CDE', 'ab12\tcde']) {
      assert.equal(normaliseVehicleRegistration(typed), 'AB12CDE', typed);
    }
  });
  it('keeps other characters, so a partial stays partial', () => {
    assert.equal(normaliseVehicleRegistration('ab12 c??'), 'AB12C??');
  });
});

describe('parseVehicleRegistration', () => {
  const cases: Array<[string, string, string, string]> = [
    // typed, format, normalised, display
    ['ab12 cde', 'current', 'AB12CDE', 'AB12 CDE'],
    ['LX71ABC', 'current', 'LX71ABC', 'LX71 ABC'],
    ['a123 bcd', 'prefix', 'A123BCD', 'A123 BCD'],
    ['P1 ABC', 'prefix', 'P1ABC', 'P1 ABC'],
    ['M45XYZ', 'prefix', 'M45XYZ', 'M45 XYZ'],
    ['abc 123d', 'suffix', 'ABC123D', 'ABC 123D'],
    ['XYZ1A', 'suffix', 'XYZ1A', 'XYZ 1A'],
    ['abc 123', 'dateless', 'ABC123', 'ABC 123'],
    ['A 1', 'dateless', 'A1', 'A 1'],
    ['1234 ab', 'dateless', '1234AB', '1234 AB'],
    ['xyz 1234', 'dateless', 'XYZ1234', 'XYZ 1234'], // Northern Ireland style
  ];
  for (const [typed, format, normalised, display] of cases) {
    it(`reads '${typed}' as ${format}`, () => {
      assert.deepEqual(parseVehicleRegistration(typed), {
        normalised,
        format,
        recognised: true,
        display,
      });
    });
  }

  it('keeps an odd-spaced current registration recognisable', () => {
    const result = parseVehicleRegistration('  a b1 2c  de ');
    assert.equal(result.format, 'current');
    assert.equal(result.normalised, 'AB12CDE');
    assert.equal(result.display, 'AB12 CDE');
  });

  it('keeps partial and foreign registrations as typed, flagged, never rejected', () => {
    assert.deepEqual(parseVehicleRegistration(' ab12 c?? '), {
      normalised: 'AB12C??',
      format: 'unrecognised',
      recognised: false,
      display: 'ab12 c??',
    });
    const partial = parseVehicleRegistration('AB12 C');
    assert.equal(partial.recognised, false);
    assert.equal(partial.normalised, 'AB12C');
    // The first half of a current registration has the shape of a dateless one;
    // either way it matches only the same characters.
    assert.equal(parseVehicleRegistration('ab12').format, 'dateless');
    const foreign = parseVehicleRegistration('AB-123-CD');
    assert.equal(foreign.format, 'unrecognised');
    assert.equal(foreign.normalised, 'AB123CD');
    assert.equal(foreign.display, 'AB-123-CD');
  });

  it('treats empty input as unrecognised', () => {
    assert.deepEqual(parseVehicleRegistration('   '), {
      normalised: '',
      format: 'unrecognised',
      recognised: false,
      display: '',
    });
  });
});

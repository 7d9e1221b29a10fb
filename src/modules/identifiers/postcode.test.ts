import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseUkPostcode } from './postcode.ts';

test('parses full postcodes of every shape into area, district, sector and unit', () => {
  const cases: Array<[string, string, string, string, string]> = [
    ['lu1 3ab', 'LU1 3AB', 'LU', 'LU1', 'LU1 3'],
    ['M1 1AE', 'M1 1AE', 'M', 'M1', 'M1 1'],
    ['B338TH', 'B33 8TH', 'B', 'B33', 'B33 8'],
    ['cr2 6xh', 'CR2 6XH', 'CR', 'CR2', 'CR2 6'],
    ['DN55 1PT', 'DN55 1PT', 'DN', 'DN55', 'DN55 1'],
    ['W1A 0AX', 'W1A 0AX', 'W', 'W1A', 'W1A 0'],
    ['EC1A 1BB', 'EC1A 1BB', 'EC', 'EC1A', 'EC1A 1'],
    ['  sw1a-2aa ', 'SW1A 2AA', 'SW', 'SW1A', 'SW1A 2'],
  ];
  for (const [input, normalised, area, district, sector] of cases) {
    const parsed = parseUkPostcode(input);
    assert.ok(parsed, input);
    assert.equal(parsed.normalised, normalised);
    assert.equal(parsed.unit, normalised);
    assert.equal(parsed.area, area);
    assert.equal(parsed.district, district);
    assert.equal(parsed.sector, sector);
    assert.equal(parsed.outwardOnly, false);
  }
});

test('accepts an outward code on its own', () => {
  const parsed = parseUkPostcode('lu4');
  assert.deepEqual(parsed, { normalised: 'LU4', area: 'LU', district: 'LU4', sector: '', unit: '', outwardOnly: true });
  assert.equal(parseUkPostcode('EC1A')?.district, 'EC1A');
});

test('repairs a letter O typed for a zero in the inward code', () => {
  assert.equal(parseUkPostcode('LU1 OAB')?.normalised, 'LU1 0AB');
});

test('rejects text that is not postcode-shaped', () => {
  for (const input of ['', 'hello world', '12345', '2119', 'LU1 3A', 'ZZZZ 999', '123 ABC']) {
    assert.equal(parseUkPostcode(input), null, input);
  }
});

/** The place-matching model: a table of the pairs an analyst would decide, and properties every comparison keeps. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { bandOf, comparePlace, readAddress, SUGGEST_AT, VERY_LIKELY_AT, type PlaceForMatching } from './place-matching.ts';

const grill: PlaceForMatching = { name: 'Mill Street Grill', kind: 'takeaway', addressLine: '14 Mill Street', town: 'Northbridge', postcode: 'NB1 2MS' };
const hotel: PlaceForMatching = { name: 'Station Lodge Hotel', kind: 'hotel', addressLine: '2 Quay Road', town: 'Northbridge', postcode: 'NB3 1QR' };
const flat: PlaceForMatching = { name: 'Flat 4, Canal Court', kind: 'private_address', addressLine: 'Flat 4, Canal Court, Wharf Lane', town: 'Northbridge', postcode: 'NB2 7WL' };

describe('comparing a place written in free text with a place of concern', () => {
  const table: Array<[string, PlaceForMatching, 'very likely' | 'possibly' | 'not offered']> = [
    ['Flat above the takeaway, Mill Street', grill, 'possibly'],
    ['Mill Street Grill', grill, 'very likely'],
    ['the grill on mill st', grill, 'very likely'],
    ['14 Mill Street, NB1 2MS', grill, 'very likely'],
    ['NB1 2MS', grill, 'possibly'],
    ['Northbridge bus station', grill, 'not offered'],
    ['3 Mill Road', grill, 'not offered'],
    ['Flat above the kebab shop, 20 Mill Street', grill, 'not offered'],
    ['Elm House children’s home, Northbridge', grill, 'not offered'],
    ['At a flat in town', grill, 'not offered'],
    ['The Station Lodge on Quay Rd', hotel, 'very likely'],
    ['Hotel by the station, Quay Road', hotel, 'very likely'],
    ['a hotel on Quay Road', hotel, 'possibly'],
    ['a hotel on Quay Street', hotel, 'not offered'],
    ['Quay Road snooker hall', hotel, 'not offered'],
    ['a flat in Canal Court, Wharf Lane', flat, 'possibly'],
    ['Flat 4 Canal Court, NB2 7WL', flat, 'very likely'],
    ['Wharf Lane', flat, 'not offered'],
    ['Mill Street Grill', hotel, 'not offered'],
  ];
  for (const [text, place, expected] of table) {
    it(`“${text}” and ${place.name}: ${expected}`, () => {
      const { probability, band } = comparePlace(text, place);
      const got = probability >= VERY_LIKELY_AT ? 'very likely' : probability >= SUGGEST_AT ? 'possibly' : 'not offered';
      assert.equal(got, expected, `${probability.toFixed(3)} ${band}`);
    });
  }

  it('explains the found-at address in plain words, for and against', () => {
    const match = comparePlace('Flat above the takeaway, Mill Street', grill);
    assert.equal(match.band, 'Possibly the same place');
    assert.deepEqual(match.explanation, ['For: on the same street, Mill Street; and the same kind of place (takeaway).', 'Against: the name “Mill Street Grill” is not in the text.']);
  });

  it('reads streets, house numbers, postcodes and kinds from an address', () => {
    const read = readAddress('Flat 2, 14 Mill St., nb12ms — above the kebab shop');
    assert.deepEqual(read.streets, [{ name: 'mill', type: 'street', number: '14' }]);
    assert.equal(read.postcode?.normalised, 'NB1 2MS');
    assert.deepEqual([...read.kinds].sort(), ['private_address', 'shop', 'takeaway']);
  });

  const word = fc.stringMatching(/^[A-Za-z]{3,9}$/);
  const place = fc.record({
    name: fc.array(word, { minLength: 1, maxLength: 3 }).map((w) => w.join(' ')),
    kind: fc.constantFrom('takeaway', 'hotel', 'park', 'shop', 'private_address', 'other'),
    addressLine: fc.option(fc.tuple(fc.integer({ min: 1, max: 200 }), word, fc.constantFrom('Street', 'Road', 'Lane')).map(([n, w, t]) => `${n} ${w} ${t}`), { nil: null }),
    town: fc.constant('Northbridge'),
    postcode: fc.option(fc.constantFrom('NB1 2MS', 'NB3 1QR', 'NB2 7WL'), { nil: null }),
  });
  const text = fc.oneof(fc.string({ maxLength: 60 }), fc.array(fc.oneof(word, fc.constantFrom('street', 'st', 'road', 'flat', 'takeaway', 'NB1 2MS', '14', ',')), { maxLength: 8 }).map((w) => w.join(' ')));

  it('gives a probability between 0 and 1, its band, and a reason for it, for any text and place', () => {
    fc.assert(
      fc.property(text, place, (t, p) => {
        const match = comparePlace(t, p);
        assert.ok(match.probability >= 0 && match.probability <= 1);
        assert.equal(match.band, bandOf(match.probability));
        assert.ok(match.explanation.length >= 1);
      }),
    );
  });

  it('offers a place written exactly as recorded (name, address and postcode)', () => {
    fc.assert(
      fc.property(place, (p) => {
        const written = [p.name, p.addressLine, p.postcode].filter(Boolean).join(', ');
        assert.ok(comparePlace(written, p).probability >= SUGGEST_AT, written);
      }),
    );
  });

  it('never scores a text higher for adding a different postcode', () => {
    fc.assert(
      fc.property(text, place, (t, p) => {
        const withOther = `${t}, ${p.postcode === 'NB3 1QR' ? 'NB1 2MS' : 'NB3 1QR'}`;
        assert.ok(comparePlace(withOther, p).probability <= comparePlace(t, p).probability + 1e-9);
      }),
    );
  });

  it('ignores case and spacing', () => {
    fc.assert(
      fc.property(text, place, (t, p) => {
        assert.equal(comparePlace(t.toUpperCase(), p).probability.toFixed(9), comparePlace(t.toLowerCase(), p).probability.toFixed(9));
      }),
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { identifierMatchKey } from './identifier-key.ts';
import { findIdentifiersInText, identifiersFromLine, identifiersFromNarrative, NOT_REGISTRATION_LETTERS } from './in-text.ts';

const keys = (text: string) => findIdentifiersInText(text).found.map((f) => f.key);

describe('findIdentifiersInText: what it finds', () => {
  const cases: Array<[string, string[]]> = [
    ['black Audi AB12 CDE', ['vehicle:AB12CDE']],
    ['black audi ab12cde parked outside', ['vehicle:AB12CDE']],
    ['an old Escort A123 BCD', ['vehicle:A123BCD']],
    ['Mini ABC 123D, red', ['vehicle:ABC123D']],
    ['a classic car, plate ABC 123', ['vehicle:ABC123']],
    ['plate 1234 AB on a Land Rover', ['vehicle:1234AB']],
    ['Northern Irish plate ABZ 1234', ['vehicle:ABZ1234']],
    ['registration AB 1234', ['vehicle:AB1234']],
    ['rang her on 07700 900123 at 10:30', ['phone:+447700900123']],
    ['texts from +44 7700 900456', ['phone:+447700900456']],
    ['landline (0161) 496 0000 and mobile 07700900789', ['phone:+441614960000', 'phone:+447700900789']],
    ['number +44 (0)7700 900123.', ['phone:+447700900123']],
    ['emails from Dean.M@Example.com.', ['email:dean.m@example.com']],
    ['added her as @Mimi_X on Snapchat', ['handle:snapchat:mimi_x']],
    ['snap: mimi_x', ['handle:snapchat:mimi_x']],
    ['Insta: jay.k99 and also @other_one', ['handle:instagram:jay.k99', 'handle:other:other_one']],
    ['kik: jaybird', ['handle:other/kik:jaybird']],
    ['silver Golf NB19 XKP, driver’s phone 07700 900123, snap @deano', ['vehicle:NB19XKP', 'phone:+447700900123', 'handle:snapchat:deano']],
  ];
  for (const [text, expected] of cases) {
    it(`finds ${expected.join(', ')} in “${text}”`, () => assert.deepEqual(keys(text), expected));
  }

  it('gives each the key its own field would give it', () => {
    const typed: Array<[Parameters<typeof identifierMatchKey>[0], string, string]> = [
      ['vehicle', 'AB12 CDE', 'seen in AB12 CDE'],
      ['phone', '07700 900123', 'call 07700 900123'],
      ['email', 'dean@example.com', 'dean@example.com'],
      ['online_account', 'snap: mimi_x', 'snap: mimi_x'],
    ];
    for (const [kind, alone, inText] of typed) {
      assert.deepEqual(keys(inText), [identifierMatchKey(kind, alone)], inText);
    }
  });

  it('says where each one is and keeps the rest as the description', () => {
    const text = 'black Audi AB12 CDE, seen twice';
    const { found, remainder } = findIdentifiersInText(text);
    assert.equal(found.length, 1);
    const [car] = found;
    assert.equal(car!.kind, 'vehicle');
    assert.equal(car!.asTyped, 'AB12 CDE');
    assert.equal(text.slice(car!.start, car!.end), 'AB12 CDE');
    assert.equal(remainder, 'black Audi, seen twice');
    assert.equal(findIdentifiersInText('black Audi AB12 CDE').remainder, 'black Audi');
    assert.equal(findIdentifiersInText('snap: mimi_x').remainder, '');
  });
});

describe('findIdentifiersInText: what it leaves alone', () => {
  const negatives = [
    'Seen in 2019 and again in 2021',
    'met at 10:30 and left at 22:15',
    'She lives at 14 Mill Street, LU1 3AB',
    'postcode lu13ab near the park',
    'B12 8QT and SW19 are postcodes, not cars',
    'drove up the A1 and the M25, then the A406 and B4632',
    'NHS 111 was called',
    'PC 1234 attended; DC 4521 took the statement',
    'at 10 AM and again at 9 PM',
    'on the 21 ST day',
    'CSE 2019 training',
    'Room 101, flat 4B',
    'a black car, maybe an Audi',
    'Her school is Year 10',
    'her date of birth is 03.12.2011 and reference 1234567',
    'over 18s only; aged 15',
    'Snapchat: she was sent messages late at night',
    'she emailed someone@ but did not finish',
    'call 12345',
    'the bus 42 and the car park',
    'mp3 player and an iphone 12 pro',
  ];
  for (const text of negatives) {
    it(`finds nothing in “${text}”`, () => assert.deepEqual(keys(text), []));
  }

  it('never reads part of a postcode as a registration, whatever the postcode', () => {
    const postcode = fc
      .tuple(
        fc.stringMatching(/^[A-Z]{1,2}$/),
        fc.integer({ min: 1, max: 99 }),
        fc.integer({ min: 0, max: 9 }),
        fc.stringMatching(/^[ABD-HJLNP-UW-Z]{2}$/),
        fc.boolean(),
      )
      .map(([area, district, sector, unit, spaced]) => `${area}${district}${spaced ? ' ' : ''}${sector}${unit}`);
    fc.assert(
      fc.property(postcode, (code) => findIdentifiersInText(`She lives at 4 High Street, ${code}, with her mum`).found.every((f) => f.kind !== 'vehicle')),
    );
  });

  it('never reads years, times or ordinary numbers as anything', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2099 }), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 1, max: 999 }), (year, hour, minute, house) => {
        const text = `In ${year} at ${hour}:${String(minute).padStart(2, '0')} she went to ${house} Mill Road`;
        return findIdentifiersInText(text).found.length === 0;
      }),
    );
  });

  it('finds a current registration wherever it sits in a sentence, and keeps the words around it', () => {
    const word = fc.constantFrom('black', 'Audi', 'seen', 'outside', 'school', 'twice', 'at', 'the', 'gate', 'driver', 'older');
    // Consonants only, and none of the abbreviations that follow a number in writing ("AB12 MPH"):
    // a spaced plate ending in a short word or one of those is deliberately not read.
    const plate = fc.tuple(
      fc.stringMatching(/^[A-Z]{2}$/),
      fc.integer({ min: 10, max: 99 }),
      fc.stringMatching(/^[B-DF-HJ-NP-TV-Z]{3}$/).filter((letters) => !NOT_REGISTRATION_LETTERS.has(letters)),
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 5 }), plate, fc.array(word, { maxLength: 5 }), (before, [a, n, b], after) => {
        const text = [...before, `${a}${n} ${b}`, ...after].join(' ');
        const { found, remainder } = findIdentifiersInText(text);
        return found.length === 1 && found[0]!.key === `vehicle:${a}${n}${b}` && remainder === [...before, ...after].join(' ');
      }),
    );
  });

  it('gives positions that point at what was typed, for any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => findIdentifiersInText(text).found.every((f) => text.slice(f.start, f.end) === f.asTyped)),
    );
  });
});

describe('findIdentifiersInText: a postcode district before a short word', () => {
  for (const text of ['SW19 are postcodes', 'sw19 and nw10 are near', 'LS12 THE END', 'She moved to NW10 now']) {
    it(`finds nothing in “${text}”`, () => assert.deepEqual(keys(text), []));
  }
});

describe('identifiersFromLine: a line of a one-per-line box', () => {
  it('keeps a line its kind recognises exactly as before', () => {
    assert.deepEqual(identifiersFromLine('vehicle', 'ab12 cde'), [{ kind: 'vehicle', asTyped: 'ab12 cde', key: 'vehicle:AB12CDE', recognised: true }]);
    assert.deepEqual(identifiersFromLine('phone', '07700 900123'), [{ kind: 'phone', asTyped: '07700 900123', key: 'phone:+447700900123', recognised: true }]);
  });
  it('keys the registration in “black Audi AB12 CDE”, keeping the line as typed', () => {
    assert.deepEqual(identifiersFromLine('vehicle', 'black Audi AB12 CDE'), [{ kind: 'vehicle', asTyped: 'black Audi AB12 CDE', key: 'vehicle:AB12CDE', recognised: true }]);
  });
  it('records each of several identifiers on one line', () => {
    assert.deepEqual(
      identifiersFromLine('vehicle', 'grey van A123 BCD or AB12 CDE').map((r) => [r.asTyped, r.key]),
      [['grey van A123 BCD or AB12 CDE', 'vehicle:A123BCD'], ['AB12 CDE', 'vehicle:AB12CDE']],
    );
  });
  it('keeps a line with nothing recognisable as typed and flagged, as before', () => {
    assert.deepEqual(identifiersFromLine('vehicle', 'black Audi'), [{ kind: 'vehicle', asTyped: 'black Audi', key: identifierMatchKey('vehicle', 'black Audi'), recognised: false }]);
    assert.deepEqual(identifiersFromLine('vehicle', 'AB12 C'), [{ kind: 'vehicle', asTyped: 'AB12 C', key: 'vehicle:AB12C', recognised: false }]);
  });
});

describe('identifiersFromNarrative', () => {
  it('finds each identifier once, leaving out those already recorded', () => {
    const found = identifiersFromNarrative(['He rang 07700 900123 and again 07700 900123 from AB12 CDE', null, 'snap: mimi_x'], ['vehicle:AB12CDE']);
    assert.deepEqual(found.map((f) => f.key), ['phone:+447700900123', 'handle:snapchat:mimi_x']);
  });
  it('finds nothing in a sentence with no identifiers', () => {
    assert.deepEqual(identifiersFromNarrative(['She was upset after school on Friday and went to her aunt’s at 6.']), []);
  });
});

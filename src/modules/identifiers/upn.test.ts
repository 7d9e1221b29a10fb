import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isValidUpn, normaliseUpn, parseUpn, upnCheckLetter, UPN_LETTERS } from './upn.ts';

// Worked out by hand: characters 2..13 times weights 2..13, sum mod 23,
// as a letter of ABCDEFGHJKLMNPQRTUVWXYZ (A = 0).
//   999123412001 → 18+27+36+5+12+21+32+9+20+0+0+13 = 193, 193 mod 23 = 9 → K
//   999123412002 → 193 - 13 + 26 = 206, 206 mod 23 = 22 → Z
//   99912341200A → 180 + 0×13 = 180, 180 mod 23 = 19 → W (temporary UPN)
//   99912341200B → 180 + 1×13 = 193 → K (temporary UPN)
//   99912341200Z → 180 + 22×13 = 466, 466 mod 23 = 6 → G (temporary UPN)

describe('upnCheckLetter', () => {
  it('uses 23 letters, without I, O and S', () => {
    assert.equal(UPN_LETTERS.length, 23);
    assert.doesNotMatch(UPN_LETTERS, /[IOS]/);
  });
  it('computes check letters for permanent UPNs', () => {
    assert.equal(upnCheckLetter('999123412001'), 'K');
    assert.equal(upnCheckLetter('999123412002'), 'Z');
  });
  it('counts a temporary UPN final letter by its place in the alphabet', () => {
    assert.equal(upnCheckLetter('99912341200A'), 'W');
    assert.equal(upnCheckLetter('99912341200B'), 'K');
    assert.equal(upnCheckLetter('99912341200Z'), 'G');
  });
  it('gives null for characters that cannot be a UPN', () => {
    assert.equal(upnCheckLetter('99912341200I'), null);
    assert.equal(upnCheckLetter('9991234120'), null);
    assert.equal(upnCheckLetter('A99123412001'), null);
  });
});

describe('parseUpn', () => {
  it('accepts a permanent UPN', () => {
    assert.deepEqual(parseUpn('K999123412001'), { ok: true, value: 'K999123412001', temporary: false });
    assert.equal(isValidUpn('Z999123412002'), true);
  });

  it('accepts a temporary UPN (last character a letter)', () => {
    assert.deepEqual(parseUpn('W99912341200A'), { ok: true, value: 'W99912341200A', temporary: true });
    assert.equal(isValidUpn('G99912341200Z'), true);
  });

  it('normalises case and spacing', () => {
    assert.equal(normaliseUpn(' k999 1234 12001 '), 'K999123412001');
    for (const typed of ['k999123412001', 'K 999 1234 12 001', 'k999-1234-12001']) {
      const result = parseUpn(typed);
      assert.ok(result.ok, typed);
      assert.equal(result.value, 'K999123412001');
    }
    assert.equal(parseUpn('w99912341200a').ok, true);
  });

  it('asks for a UPN when empty', () => {
    assert.deepEqual(parseUpn(''), { ok: false, message: 'Enter a unique pupil number' });
  });

  it('says how long it must be', () => {
    const result = parseUpn('K99912341200');
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.message : '', /must be 13 characters long – you entered 12/);
  });

  it('refuses punctuation', () => {
    const result = parseUpn('K999123412.01');
    assert.match(!result.ok ? result.message : '', /only include letters and numbers/);
  });

  it('explains the shape when letters are in the middle, with a hint for O typed for 0', () => {
    const result = parseUpn('K999123412OO1');
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.message : '', /a letter, then 11 numbers/);
    assert.match(!result.ok ? result.message : '', /number 0 \(zero\), not the letter O/);
    const noLetter = parseUpn('9999123412001');
    assert.match(!noLetter.ok ? noLetter.message : '', /a letter, then 11 numbers/);
    assert.doesNotMatch(!noLetter.ok ? noLetter.message : '', /zero/);
  });

  it('refuses I, O or S as the last letter of a temporary UPN', () => {
    const result = parseUpn('A99912341200S');
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.message : '', /cannot be the letter S/);
  });

  it('rejects a wrong check letter', () => {
    for (const typed of ['A999123412001', 'Z999123412001', 'K999123412002', 'K99912341200A']) {
      const result = parseUpn(typed);
      assert.equal(result.ok, false, typed);
      assert.match(!result.ok ? result.message : '', /^Check the unique pupil number/);
    }
  });

  it('catches every single mistyped digit', () => {
    const upn = 'K999123412001';
    for (let i = 1; i < 13; i += 1) {
      for (let d = 0; d <= 9; d += 1) {
        if (String(d) === upn[i]) continue;
        const typo = upn.slice(0, i) + String(d) + upn.slice(i + 1);
        assert.equal(isValidUpn(typo), false, typo);
      }
    }
  });
});

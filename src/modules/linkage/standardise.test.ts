import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dobSwapInsensitiveKey, isDayMonthSwap, parseDateOfBirth } from './dob.ts';
import { areNicknameEquivalent, nicknameCanonicals, nicknameTableSize } from './nicknames.ts';
import { phoneticCode } from './phonetic.ts';
import { damerauLevenshtein, jaroWinkler, jaroWinklerUpperBound, withinOneEdit } from './similarity.ts';
import {
  forenameNotKnown,
  isPlaceholderName,
  normaliseText,
  splitFullName,
  standardiseFamilyName,
  standardiseGivenNames,
  standardisePerson,
} from './standardise.ts';

const REFERENCE = new Date(Date.UTC(2025, 0, 1));

test('normalises case, accents, punctuation and spacing', () => {
  assert.equal(normaliseText('  ZOË  O’Brien-Łukasz '), 'zoe obrien lukasz');
  assert.equal(normaliseText('Siobhán'), 'siobhan');
  assert.deepEqual(standardiseGivenNames('Mary-Jane', 'Anne'), ['mary', 'jane', 'anne']);
});

test('treats Baby, Unknown and Not known as missing names', () => {
  for (const placeholder of ['Baby', 'UNKNOWN', 'Not known', 'N/K', 'baby girl', 'n/a']) {
    assert.equal(isPlaceholderName(placeholder), true, placeholder);
    assert.deepEqual(standardiseGivenNames(placeholder), [], placeholder);
  }
  assert.deepEqual(standardiseGivenNames('Baby Kayleigh'), ['kayleigh']);
  assert.equal(isPlaceholderName('Kayleigh'), false);
});

test('reads slipped placeholders as not known, and marks a forename written after one', () => {
  for (const slipped of ['Unknow', 'Uncnown', 'Unknwn', 'N/c', 'Ne/k', 'N/jk', 'Babhy', 'Bany', 'Notknwn']) {
    assert.equal(forenameNotKnown(slipped), true, slipped);
    assert.deepEqual(standardiseGivenNames(slipped), [], slipped);
  }
  // Real names close to a placeholder are names.
  for (const name of ['Abby', 'Gaby', 'Bart', 'Nia', 'Una', 'Kayleigh']) assert.equal(forenameNotKnown(name), false, name);
  assert.equal(standardisePerson({ id: 'a', givenName: 'Not known John', familyName: 'Walker' }).forenameNotKnown, true);
  assert.deepEqual(standardisePerson({ id: 'a', givenName: 'Not known John', familyName: 'Walker' }).givenNames, ['john']);
  assert.equal(standardisePerson({ id: 'a', givenName: 'John', familyName: 'Walker' }).forenameNotKnown, undefined);
});

test('knows the pet names used in UK homes and schools', () => {
  const pairs: Array<[string, string]> = [['amelia', 'millie'], ['emily', 'millie'], ['matilda', 'tilly'], ['florence', 'flo'], ['harriet', 'hattie'], ['imogen', 'immy'], ['finley', 'finn'], ['harrison', 'harry'], ['kayleigh', 'kay']];
  for (const [full, pet] of pairs) {
    assert.equal(areNicknameEquivalent(full, pet), true, `${full} ~ ${pet}`);
  }
  assert.equal(areNicknameEquivalent('matilda', 'millie'), false);
});

test('splits hyphenated and double-barrelled surnames and joins particles', () => {
  assert.deepEqual(standardiseFamilyName('Smith-Jones'), ['smith', 'jones']);
  assert.deepEqual(standardiseFamilyName('Lloyd George'), ['lloyd', 'george']);
  assert.deepEqual(standardiseFamilyName('Mc Donald'), ['mcdonald']);
  assert.deepEqual(standardiseFamilyName("O'Brien"), ['obrien']);
  assert.deepEqual(splitFullName('SMITH, Kayleigh Anne'), { familyNames: ['smith'], givenNames: ['kayleigh', 'anne'] });
  assert.deepEqual(splitFullName('Kayleigh Anne Smith'), { givenNames: ['kayleigh', 'anne'], familyNames: ['smith'] });
});

test('nickname table links diminutives and transliterations, and not unrelated names', () => {
  const pairs: Array<[string, string]> = [
    ['alfie', 'alfred'], ['kaz', 'karen'], ['mo', 'mohammed'], ['mo', 'muhammad'], ['mohamed', 'mohamad'],
    ['izzy', 'isabelle'], ['izzy', 'isabel'], ['dai', 'david'], ['kayleigh', 'kayley'], ['kaylee', 'kayleigh'],
    ['bex', 'rebecca'], ['liz', 'elizabeth'], ['beth', 'elizabeth'], ['kez', 'kerry'], ['yusuf', 'yousef'], ['yusuf', 'josef'],
    ['jay', 'james'], ['jay', 'jason'],
  ];
  for (const [a, b] of pairs) assert.equal(areNicknameEquivalent(a, b), true, `${a} ~ ${b}`);
  for (const [a, b] of [['karen', 'kerry'], ['james', 'jason'], ['ella', 'ellie'], ['amy', 'amelia']] as const) {
    assert.equal(areNicknameEquivalent(a, b), false, `${a} !~ ${b}`);
  }
  assert.ok(nicknameCanonicals('kaz').includes('karen'));
  assert.ok(nicknameTableSize().names >= 300);
});

test('phonetic code folds common spelling variants', () => {
  assert.equal(phoneticCode('Smith'), phoneticCode('Smyth'));
  assert.equal(phoneticCode('Kayleigh'), phoneticCode('Kayley'));
  assert.equal(phoneticCode('Mohammed'), phoneticCode('Muhammad'));
  assert.equal(phoneticCode('Stephen'), phoneticCode('Steven'));
  assert.equal(phoneticCode('Catherine'), phoneticCode('Kathryn'));
  assert.notEqual(phoneticCode('Smith'), phoneticCode('Jones'));
});

test('string similarities', () => {
  assert.ok(Math.abs(jaroWinkler('martha', 'marhta') - 0.9611) < 0.001);
  assert.equal(jaroWinkler('abc', 'abc'), 1);
  assert.equal(damerauLevenshtein('kayleigh', 'kayliegh'), 1);
  assert.equal(damerauLevenshtein('smith', 'smyth'), 1);
  assert.equal(damerauLevenshtein('karen', 'kaz'), 3);
  for (const [a, b, expected] of [['smith', 'smyth', true], ['smith', 'smiht', true], ['smith', 'smit', true], ['smith', 'mith', true], ['smith', 'smithy', true], ['smith', 'simth', true], ['smith', 'smyht', false], ['ab', 'ba', true], ['abc', 'cab', false]] as const) {
    assert.equal(withinOneEdit(a, b), expected, `${a} ${b}`);
    assert.equal(withinOneEdit(a, b), damerauLevenshtein(a, b) <= 1, `${a} ${b} agrees with the dynamic programme`);
  }
  for (const [a, b] of [['stanley street', 'wallaby place'], ['kayleigh', 'kayley'], ['mo', 'mohammed']] as const) {
    assert.ok(jaroWinklerUpperBound(a, b) + 1e-12 >= jaroWinkler(a, b), `${a} ${b}`);
  }
});

test('reads dates of birth in UK, ISO and compact forms, year only and approximate ages', () => {
  assert.equal(parseDateOfBirth('03/07/2010')?.digits, '20100703');
  assert.equal(parseDateOfBirth('2010-07-03')?.digits, '20100703');
  assert.equal(parseDateOfBirth('20100703')?.digits, '20100703');
  assert.equal(parseDateOfBirth('3 July 2010')?.digits, '20100703');
  assert.equal(parseDateOfBirth('3/7/10', { referenceDate: REFERENCE })?.digits, '20100703');
  const yearOnly = parseDateOfBirth('2009');
  assert.equal(yearOnly?.precision, 'year');
  assert.equal(yearOnly?.year, 2009);
  const approximate = parseDateOfBirth('about 15', { referenceDate: REFERENCE });
  assert.equal(approximate?.precision, 'approximate');
  assert.deepEqual([approximate?.yearFrom, approximate?.yearTo], [2009, 2010]);
  assert.equal(parseDateOfBirth('aged 14-15', { referenceDate: REFERENCE })?.yearFrom, 2009);
  const invalid = parseDateOfBirth('19711319');
  assert.equal(invalid?.valid, false);
  assert.equal(invalid?.digits, '19711319');
  assert.equal(parseDateOfBirth('not a date'), null);
  assert.equal(parseDateOfBirth(''), null);
});

test('detects day/month swaps and gives swapped dates the same blocking key', () => {
  const a = parseDateOfBirth('03/07/2010');
  const b = parseDateOfBirth('07/03/2010');
  assert.ok(a && b);
  assert.equal(isDayMonthSwap(a, b), true);
  assert.equal(dobSwapInsensitiveKey(a), dobSwapInsensitiveKey(b));
  const c = parseDateOfBirth('03/07/2011');
  assert.ok(c);
  assert.equal(isDayMonthSwap(a, c), false);
});

test('standardises a whole person', () => {
  const person = standardisePerson(
    { id: 'x', givenName: 'Baby', familyName: 'Smith-Jones', dateOfBirth: '2009', postcode: 'lu1 3ab', gender: 'girl', identifiers: { nhs: '999 000 0018' } },
    { referenceDate: REFERENCE },
  );
  assert.deepEqual(person.givenNames, []);
  assert.deepEqual(person.familyNames, ['smith', 'jones']);
  assert.equal(person.dob?.precision, 'year');
  assert.equal(person.postcode?.sector, 'LU1 3');
  assert.equal(person.gender, 'F');
  assert.equal(person.identifiers.nhs, '9990000018');
});

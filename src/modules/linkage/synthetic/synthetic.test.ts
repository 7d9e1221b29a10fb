import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseUkPostcode } from '../../identifiers/postcode.ts';
import { CORRUPTION_KINDS, corruptPerson, generateLinkageBenchmark, isApplicable, writePerson } from './corrupt.ts';
import { generatePopulation, nhsCheckDigit } from './population.ts';
import { Random } from '../../../platform/random.ts';

test('the population is reproducible from its seed and UK-shaped', () => {
  const first = generatePopulation({ size: 500, seed: 42 });
  const again = generatePopulation({ size: 500, seed: 42 });
  const other = generatePopulation({ size: 500, seed: 43 });
  assert.deepEqual(first, again);
  assert.notDeepEqual(first, other);
  for (const person of first) {
    assert.ok(parseUkPostcode(person.postcode)?.unit, person.postcode);
    const age = 2025 - Number(person.dateOfBirth.slice(0, 4));
    assert.ok(age >= 8 && age <= 25, person.dateOfBirth);
    assert.equal(nhsCheckDigit(person.nhsNumber.slice(0, 9)), Number(person.nhsNumber[9]));
  }
  assert.ok(new Set(first.map((person) => person.heritage)).size >= 5);
  assert.ok(new Set(first.map((person) => person.householdId)).size < first.length, 'some households have siblings');
});

test('each corruption is applied and tagged', () => {
  const people = generatePopulation({ size: 3000, seed: 8 });
  const random = new Random(1);
  for (const kind of CORRUPTION_KINDS) {
    const person = people.find((candidate) => isApplicable(kind, candidate));
    assert.ok(person, `someone can take ${kind}`);
    const clean = writePerson(person);
    const { written, corruptions } = corruptPerson(person, [kind], random);
    assert.deepEqual(corruptions, [kind]);
    assert.notDeepEqual(written, clean, kind);
  }
  const swapped = corruptPerson(people[0]!, ['swapped_names'], random).written;
  assert.equal(swapped.givenName, people[0]!.familyName);
});

test('the linkage benchmark mixes tagged copies with people who are not on the left', () => {
  const benchmark = generateLinkageBenchmark({ size: 1000, seed: 4 });
  assert.equal(benchmark.left.length, 1000);
  assert.equal(benchmark.right.length, 1000);
  const onLeft = new Set(benchmark.leftPerson);
  const copies = benchmark.rightPerson.filter((person) => onLeft.has(person)).length;
  assert.equal(copies, 500);
  const tagged = new Set(benchmark.rightCorruptions.flat());
  assert.ok(tagged.size >= 11, `kinds used: ${[...tagged].join(', ')}`);
  assert.deepEqual(generateLinkageBenchmark({ size: 1000, seed: 4 }).right, benchmark.right);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blockingKeys, candidatePairs } from './blocking.ts';
import { clusterPairs } from './cluster.ts';
import { dedupeRecords, linkRecords, type LinkageResult } from './engine.ts';
import { standardisePerson } from './standardise.ts';
import { generateLinkageBenchmark } from './synthetic/corrupt.ts';
import type { PersonRecord } from './types.ts';

const REFERENCE = new Date(Date.UTC(2025, 0, 1));

function sharesKey(a: PersonRecord, b: PersonRecord): boolean {
  const keysA = new Set(blockingKeys(standardisePerson(a, { referenceDate: REFERENCE })));
  return blockingKeys(standardisePerson(b, { referenceDate: REFERENCE })).some((key) => keysA.has(key));
}

test('blocking keys join the hard pairs the issue names', () => {
  const pairs: Array<[PersonRecord, PersonRecord]> = [
    [{ id: 'a', givenName: 'Kayleigh', familyName: 'Smith', dateOfBirth: '03/07/2010' }, { id: 'b', givenName: 'Kayley', familyName: 'Smyth', dateOfBirth: '' }],
    [{ id: 'a', givenName: 'Kaz', familyName: 'Walker' }, { id: 'b', givenName: 'Karen', familyName: 'Walker' }],
    [{ id: 'a', givenName: 'Mo', familyName: 'Ali' }, { id: 'b', givenName: 'Mohammed', familyName: 'Ali' }],
    [{ id: 'a', givenName: 'Ali', familyName: 'Mohammed' }, { id: 'b', givenName: 'Mohammed', familyName: 'Ali' }],
    [{ id: 'a', givenName: 'Tom', familyName: 'Xq', dateOfBirth: '03/07/2010' }, { id: 'b', givenName: 'Tim', familyName: 'Xz', dateOfBirth: '07/03/2010' }],
    [{ id: 'a', givenName: 'Jo', familyName: 'Brown', postcode: 'LU1 3AB' }, { id: 'b', givenName: 'Joanne', familyName: 'Browne', postcode: 'LU1 3AD' }],
    [{ id: 'a', givenName: 'Amy', familyName: 'Okafor', identifiers: { nhs: '9990000018' } }, { id: 'b', givenName: 'Zed', familyName: 'Zed', identifiers: { nhs: '999 000 0018' } }],
  ];
  for (const [a, b] of pairs) assert.equal(sharesKey(a, b), true, `${a.givenName} ${a.familyName} / ${b.givenName} ${b.familyName}`);
  assert.equal(sharesKey({ id: 'a', givenName: 'Kayleigh', familyName: 'Smith' }, { id: 'b', givenName: 'Omar', familyName: 'Nowak' }), false);
});

test('blocking keys are plain deterministic strings', () => {
  const record: PersonRecord = { id: 'a', givenName: 'Kayleigh', familyName: 'Smith', dateOfBirth: '03/07/2010', postcode: 'LU1 3AB' };
  const first = blockingKeys(standardisePerson(record));
  const second = blockingKeys(standardisePerson({ ...record, id: 'other' }));
  assert.deepEqual(first, second);
  for (const key of first) assert.match(key, /^[a-z]+:[\x20-\x7e]+$/);
});

test('candidate pairs are unique and respect the block-size cap', () => {
  const keys = [['k1', 'k2'], ['k1', 'k2'], ['k2'], ['k3']];
  const pairs = candidatePairs(keys, null);
  const seen = Array.from({ length: pairs.count }, (_, p) => `${pairs.left[p]}-${pairs.right[p]}`).sort();
  assert.deepEqual(seen, ['0-1', '0-2', '1-2']);
  // k2 would give three pairs: over a cap of one, so only k1's pair remains.
  const capped = candidatePairs(keys, null, { maxPairsPerKey: 1 });
  assert.equal(capped.count, 1);
  assert.equal(capped.skippedKeys, 1);
  const linked = candidatePairs([['a'], ['b']], [['b'], ['a'], ['a']]);
  assert.equal(linked.count, 3);
});

let shared: { result: LinkageResult; truth: { leftPerson: string[]; rightPerson: string[] } } | null = null;
function generatedRun(): NonNullable<typeof shared> {
  if (!shared) {
    const benchmark = generateLinkageBenchmark({ size: 3000, seed: 5 });
    const result = linkRecords(benchmark.left, benchmark.right, { referenceDate: benchmark.referenceDate, uSampleSize: 200_000 });
    shared = { result, truth: benchmark };
  }
  return shared;
}

test('blocking keeps nearly every true pair of a generated set', () => {
  const { result, truth } = generatedRun();
  const found = new Set<string>();
  for (let p = 0; p < result.pairs.count; p++) {
    const i = result.pairs.left[p] ?? 0;
    const j = result.pairs.right[p] ?? 0;
    if (truth.leftPerson[i] === truth.rightPerson[j]) found.add(`${i}-${j}`);
  }
  const onLeft = new Set(truth.leftPerson);
  const trueCopies = truth.rightPerson.filter((person) => onLeft.has(person)).length;
  assert.ok(found.size / trueCopies >= 0.99, `blocking recall ${found.size}/${trueCopies}`);
  assert.ok(result.pairs.count < 3000 * 3000 * 0.02, `candidates ${result.pairs.count} should be a small share of all pairs`);
});

test('EM converges to sensible m and u on a generated set', () => {
  const { result } = generatedRun();
  const model = result.model;
  const comparison = (key: string) => {
    const found = model.comparisons.find((candidate) => candidate.key === key);
    assert.ok(found, key);
    return found;
  };
  const dob = comparison('date_of_birth');
  const family = comparison('family_name');
  const postcode = comparison('postcode');
  assert.ok((dob.levels[0]?.m ?? 0) > 0.4, `m(dob exact) ${dob.levels[0]?.m}`);
  assert.ok((dob.levels[0]?.u ?? 1) < 0.01, `u(dob exact) ${dob.levels[0]?.u}`);
  assert.ok((family.levels[0]?.m ?? 0) > 0.6, `m(family exact) ${family.levels[0]?.m}`);
  assert.ok((family.levels.at(-1)?.m ?? 1) < 0.1, 'matches rarely have a different family name');
  assert.ok((family.levels.at(-1)?.u ?? 0) > 0.9, 'random pairs nearly always have different family names');
  assert.ok((postcode.levels[0]?.weight ?? 0) > 4);
  for (const parameters of model.comparisons) {
    const first = parameters.levels[0];
    const last = parameters.levels.at(-1);
    if (first && last && first.u < 0.5) assert.ok(first.weight > last.weight, `${parameters.key}: exact beats different`);
  }
  for (const block of model.training) assert.ok(block.iterations < 200, `${block.name} converged`);
  // The prior should imply roughly the number of copies generated (1,500), not wildly more or fewer.
  assert.ok(model.expectedMatches > 1000 && model.expectedMatches < 2500, `expected matches ${model.expectedMatches}`);
});

test('scores separate the generated matches from non-matches', () => {
  const { result, truth } = generatedRun();
  let truePositives = 0;
  let falsePositives = 0;
  for (let p = 0; p < result.pairs.count; p++) {
    if ((result.pairs.matchProbability[p] ?? 0) < 0.99) continue;
    if (truth.leftPerson[result.pairs.left[p] ?? 0] === truth.rightPerson[result.pairs.right[p] ?? 0]) truePositives++;
    else falsePositives++;
  }
  assert.ok(truePositives > 1300, `true positives ${truePositives}`);
  assert.ok(falsePositives / (truePositives + falsePositives) < 0.05, `false positives ${falsePositives}`);
});

test('each explanation adds up to the pair\'s total weight', () => {
  const { result } = generatedRun();
  for (let p = 0; p < result.pairs.count; p += Math.max(1, Math.floor(result.pairs.count / 300))) {
    const explanation = result.explain(p);
    const sum = explanation.priorWeight + explanation.fields.reduce((total, field) => total + field.weight, 0);
    assert.ok(Math.abs(sum - (result.pairs.matchWeight[p] ?? 0)) < 1e-9, `pair ${p}`);
    assert.ok(Math.abs(explanation.matchWeight - (result.pairs.matchWeight[p] ?? 0)) < 1e-9);
    assert.ok(Math.abs(explanation.matchProbability - (result.pairs.matchProbability[p] ?? 0)) < 1e-12);
  }
});

test('explains a nickname, a swapped date and a sound-alike surname in words', () => {
  // Score an extra hand-made pair with the fitted model by linking it alongside the generated data.
  const left: PersonRecord[] = [{ id: 'k1', givenName: 'Karen', familyName: 'Smith', dateOfBirth: '03/07/2010', postcode: 'LU1 3AB' }];
  const right: PersonRecord[] = [{ id: 'k2', givenName: 'Kaz', familyName: 'Smyth', dateOfBirth: '07/03/2010', postcode: 'LU1' }];
  const benchmark = generateLinkageBenchmark({ size: 1500, seed: 9 });
  const run = linkRecords([...benchmark.left, ...left], [...benchmark.right, ...right], {
    referenceDate: benchmark.referenceDate,
    uSampleSize: 100_000,
  });
  const explanation = run.explainRecords(benchmark.left.length, benchmark.right.length);
  const byKey = new Map(explanation.fields.map((field) => [field.key, field]));
  assert.equal(byKey.get('given_name')?.level, 'nickname or variant');
  assert.match(byKey.get('given_name')?.text ?? '', /Karen ~ Kaz/);
  assert.equal(byKey.get('date_of_birth')?.level, 'day and month swapped');
  assert.equal(byKey.get('family_name')?.level, 'one typing slip');
  assert.equal(byKey.get('postcode')?.level, 'same district (one side gives outward code only)');
  assert.ok((byKey.get('given_name')?.weight ?? 0) > 0);
  assert.ok(explanation.matchProbability > 0.9, `probability ${explanation.matchProbability}`);
});

test('dedupe clusters duplicates and never pairs a record with itself', () => {
  const records: PersonRecord[] = generateLinkageBenchmark({ size: 800, seed: 3 }).right;
  const result = dedupeRecords(records, { uSampleSize: 50_000 });
  for (let p = 0; p < result.pairs.count; p++) assert.ok((result.pairs.left[p] ?? 0) < (result.pairs.right[p] ?? 0));
  assert.equal(result.clusters.left.length, records.length);
  assert.equal(result.clusters.right, result.clusters.left);
});

test('connected components follow the threshold', () => {
  const clusters = clusterPairs(
    { left: 4, right: 0, dedupe: true },
    Int32Array.from([0, 1, 2]),
    Int32Array.from([1, 2, 3]),
    Float64Array.from([0.9, 0.8, 0.2]),
    3,
    0.5,
  );
  assert.deepEqual(Array.from(clusters.left), [0, 0, 0, 1]);
  assert.equal(clusters.clusterCount, 2);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { runLinkCommand } from './cli.ts';
import { CsvInputError, decodeCsv, looksLikeFormula, neutraliseFormula, readCsv, writeCsv } from '../../platform/csv.ts';
import { generateLinkageBenchmark } from './synthetic/corrupt.ts';

const encoder = new TextEncoder();

test('reports and skips blank rows, long rows and formula cells with their line numbers', () => {
  const text = [
    'id,given,family,dob',
    '1,Kayleigh,Smith,03/07/2010',
    '',
    ',,,',
    '2,=HYPERLINK("http://x"),Jones,01/01/2010',
    '3,Tom,Brown,01/02/2011,extra',
    '4,@SUM(A1),Green,',
    '5,Amy,-Ward,01/01/2009',
    '6,Sam',
    '7,Zoe,Okafor,-1',
  ].join('\n');
  const result = readCsv(encoder.encode(text), { requiredColumns: ['given', 'family'], checkedColumns: ['given', 'family'] });
  assert.deepEqual(result.rows.map((row) => row.cells.id), ['1', '6', '7']);
  const problems = new Map(result.issues.map((issue) => [issue.row, issue.problem]));
  assert.match(problems.get(3) ?? '', /blank row/);
  assert.match(problems.get(4) ?? '', /blank row/);
  assert.match(problems.get(5) ?? '', /formula/);
  assert.match(problems.get(6) ?? '', /has 5 cells but the header has 4/);
  assert.match(problems.get(7) ?? '', /formula/);
  assert.match(problems.get(8) ?? '', /formula/);
  assert.match(problems.get(9) ?? '', /missing cells read as blank/);
  assert.equal(result.rows[1]?.cells.family, '');
});

test('a missing mapped column stops the file with the header listed', () => {
  assert.throws(
    () => readCsv(encoder.encode('id,forename\n1,Amy\n'), { requiredColumns: ['surname'] }),
    (error: unknown) => error instanceof CsvInputError && /missing column "surname".*"forename"/.test(error.message),
  );
  assert.throws(() => readCsv(encoder.encode('\n\n')), CsvInputError);
});

test('detects encodings: BOM, UTF-16, Latin-1 fallback, strict UTF-8 and binary', () => {
  const bom = decodeCsv(Uint8Array.from([0xef, 0xbb, 0xbf, ...encoder.encode('a,b\n')]));
  assert.equal(bom.text, 'a,b\n');
  const utf16 = new Uint8Array([0xff, 0xfe, ...Array.from(Buffer.from('a,Zoë\n', 'utf16le'))]);
  assert.deepEqual([decodeCsv(utf16).encoding, decodeCsv(utf16).text], ['utf-16le', 'a,Zoë\n']);
  const latin1 = Uint8Array.from([...encoder.encode('name\nZo'), 0xeb, 0x0a, ...encoder.encode('Amy\n')]);
  const auto = decodeCsv(latin1);
  assert.equal(auto.encoding, 'windows-1252');
  assert.match(auto.text, /Zoë/);
  assert.match(auto.issues[0]?.problem ?? '', /not valid UTF-8 \(lines 2\)/);
  const strict = readCsv(latin1, { encoding: 'utf8' });
  assert.deepEqual(strict.rows.map((row) => row.cells.name), ['Amy']);
  assert.ok(strict.issues.some((issue) => issue.row === 2 && /not valid UTF-8/.test(issue.problem)));
  assert.throws(() => decodeCsv(Uint8Array.from([0x61, 0x00, 0x62])), CsvInputError);
});

test('exported cells that a spreadsheet would run as formulas are neutralised', () => {
  assert.equal(neutraliseFormula('=1+2'), "'=1+2");
  assert.equal(neutraliseFormula('+44 7700 900000'), "'+44 7700 900000");
  assert.equal(neutraliseFormula('@cmd'), "'@cmd");
  assert.equal(neutraliseFormula('-2+3'), "'-2+3");
  assert.equal(neutraliseFormula('-12.5'), '-12.5');
  assert.equal(neutraliseFormula('Smith'), 'Smith');
  assert.equal(looksLikeFormula('\t=1'), true);
  const written = writeCsv(['name', 'score'], [['=cmd|calc', -3.5], ['Amy', 1]]);
  const parsed = parse(written) as string[][];
  assert.deepEqual(parsed, [['name', 'score'], ["'=cmd|calc", '-3.5'], ['Amy', '1']]);
});

test('the link command writes pairs with explanations and clusters, skipping bad rows', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'lantern-link-'));
  try {
    const benchmark = generateLinkageBenchmark({ size: 600, seed: 21 });
    const toCsv = (records: typeof benchmark.left, idColumn: string, givenColumn: string): string =>
      [
        `${idColumn},${givenColumn},surname,dob,postcode`,
        ...records.map((record) => [record.id, record.givenName, record.familyName, record.dateOfBirth, record.postcode].join(',')),
      ].join('\n');
    const leftPath = path.join(folder, 'left.csv');
    const rightPath = path.join(folder, 'right.csv');
    writeFileSync(leftPath, `${toCsv(benchmark.left, 'id', 'forename')}\n\n99,=EVIL(),X,01/01/2010,LU1 1AA\n`);
    writeFileSync(rightPath, toCsv(benchmark.right, 'ref', 'first_name'));
    const out = path.join(folder, 'pairs.csv');
    const summary = runLinkCommand({
      left: leftPath,
      right: rightPath,
      out,
      id: 'id|ref',
      givenName: 'forename|first_name',
      referenceDate: '2025-01-01',
    });
    assert.equal(summary.files[0]?.recordsRead, 600);
    assert.deepEqual(summary.files[0]?.issues.map((issue) => issue.row), [602, 603]);
    const pairs = parse(readFileSync(out), { columns: true }) as Array<Record<string, string>>;
    assert.equal(pairs.length, summary.candidatePairs);
    assert.ok(pairs.some((pair) => pair.at_threshold === 'yes' && /date of birth: exact match/.test(pair.explanation ?? '')));
    const clusters = parse(readFileSync(summary.outputs.clusters), { columns: true }) as Array<Record<string, string>>;
    assert.equal(clusters.length, 1200);
    const linked = pairs.find((pair) => pair.at_threshold === 'yes');
    assert.ok(linked);
    assert.equal(linked.left_cluster, linked.right_cluster);
    assert.throws(() => runLinkCommand({ left: leftPath, right: rightPath, out, familyName: 'no_such_column' }), CsvInputError);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

/**
 * `lantern link`: batch linkage of CSV files.
 *
 *   link --left a.csv --right b.csv --out pairs.csv
 *   link --dedupe one.csv --out pairs.csv
 *
 * Columns are mapped by flag (--given-name forename …); common header names
 * are recognised without flags. Writes every candidate pair with its
 * probability, weight and explanation, and a cluster id per record.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CsvInputError, readCsv, writeCsv, type CsvEncodingChoice, type CsvIssue, type CsvReadResult } from '../../platform/csv.ts';
import { CommandFailed } from '../../platform/command-line.ts';
import { DEFAULT_THRESHOLDS, dedupeRecords, linkRecords, type LinkageResult } from './engine.ts';
import type { PersonRecord } from './types.ts';

type FieldName = 'id' | 'givenName' | 'middleNames' | 'familyName' | 'fullName' | 'dateOfBirth' | 'approximateAge' | 'postcode' | 'gender';

/** Header names recognised without a flag, per field (lower case). */
const AUTOMATIC_COLUMNS: Record<FieldName, string[]> = {
  id: ['id', 'record_id', 'unique_id', 'person_id', 'ref', 'reference'],
  givenName: ['given_name', 'given name', 'first_name', 'first name', 'forename', 'forenames', 'firstname'],
  middleNames: ['middle_name', 'middle_names', 'middle name', 'middle names'],
  familyName: ['family_name', 'family name', 'surname', 'last_name', 'last name', 'lastname'],
  fullName: ['name', 'full_name', 'full name'],
  dateOfBirth: ['dob', 'date_of_birth', 'date of birth', 'birth_date', 'birthdate'],
  approximateAge: ['age', 'approximate_age', 'estimated_age'],
  postcode: ['postcode', 'post_code', 'post code', 'postal_code', 'zip'],
  gender: ['gender', 'sex'],
};

export interface LinkCommandOptions {
  left?: string;
  right?: string;
  dedupe?: string;
  out: string;
  clusters?: string;
  report?: string;
  id?: string;
  givenName?: string;
  middleNames?: string;
  familyName?: string;
  fullName?: string;
  dob?: string;
  age?: string;
  postcode?: string;
  gender?: string;
  identifier?: string[];
  attribute?: string[];
  threshold?: string;
  minProbability?: string;
  encoding?: string;
  referenceDate?: string;
  quiet?: boolean;
}

interface ColumnMapping {
  fields: Partial<Record<FieldName, string>>;
  identifiers: Array<[string, string]>;
  attributes: string[];
}

function pickAlternative(spec: string, present: Set<string>): string {
  const alternatives = spec.split('|').map((name) => name.trim().toLowerCase()).filter(Boolean);
  return alternatives.find((name) => present.has(name)) ?? alternatives[0] ?? spec.toLowerCase();
}

function mappingFromOptions(options: LinkCommandOptions, header: string[]): ColumnMapping {
  const present = new Set(header.map((name) => name.toLowerCase()));
  const flags: Partial<Record<FieldName, string | undefined>> = {
    id: options.id,
    givenName: options.givenName,
    middleNames: options.middleNames,
    familyName: options.familyName,
    fullName: options.fullName,
    dateOfBirth: options.dob,
    approximateAge: options.age,
    postcode: options.postcode,
    gender: options.gender,
  };
  const fields: Partial<Record<FieldName, string>> = {};
  for (const field of Object.keys(AUTOMATIC_COLUMNS) as FieldName[]) {
    const flagged = flags[field];
    // "Forename|first_name" names the column in each file: the first one present is used.
    if (flagged) fields[field] = pickAlternative(flagged, present);
    else {
      const found = AUTOMATIC_COLUMNS[field].find((name) => present.has(name));
      if (found) fields[field] = found;
    }
  }
  const identifiers = (options.identifier ?? []).map((spec): [string, string] => {
    const [name, column] = spec.includes('=') ? spec.split('=', 2) : [spec, spec];
    return [(name ?? spec).trim(), pickAlternative(column ?? spec, present)];
  });
  const attributes = (options.attribute ?? []).map((column) => pickAlternative(column, present));
  return { fields, identifiers, attributes };
}

function requiredColumns(mapping: ColumnMapping): string[] {
  return [...Object.values(mapping.fields), ...mapping.identifiers.map(([, column]) => column), ...mapping.attributes];
}

function toRecords(result: CsvReadResult, mapping: ColumnMapping, prefix: string): { records: PersonRecord[]; rows: number[]; issues: CsvIssue[] } {
  const records: PersonRecord[] = [];
  const rows: number[] = [];
  const issues: CsvIssue[] = [];
  const seenIds = new Set<string>();
  const cell = (row: Record<string, string>, column: string | undefined): string | undefined => (column ? row[column] : undefined);
  for (const { row, cells } of result.rows) {
    let id = cell(cells, mapping.fields.id) || `${prefix}row-${row}`;
    if (seenIds.has(id)) {
      issues.push({ row, problem: `id "${id}" already used by an earlier row; this row is kept as "${id}#${row}"` });
      id = `${id}#${row}`;
    }
    seenIds.add(id);
    const identifiers: Record<string, string | undefined> = {};
    for (const [name, column] of mapping.identifiers) identifiers[name] = cells[column];
    const attributes: Record<string, string | undefined> = {};
    for (const column of mapping.attributes) attributes[column] = cells[column];
    records.push({
      id,
      givenName: cell(cells, mapping.fields.givenName),
      middleNames: cell(cells, mapping.fields.middleNames),
      familyName: cell(cells, mapping.fields.familyName),
      fullName: cell(cells, mapping.fields.fullName),
      dateOfBirth: cell(cells, mapping.fields.dateOfBirth),
      approximateAge: cell(cells, mapping.fields.approximateAge),
      postcode: cell(cells, mapping.fields.postcode),
      gender: cell(cells, mapping.fields.gender),
      identifiers,
      attributes,
    });
    rows.push(row);
  }
  return { records, rows, issues };
}

function parseProbability(value: string | undefined, fallback: number, flag: string): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0 || parsed > 1) throw new UsageError(`${flag} must be a probability between 0 and 1, not "${value}"`);
  return parsed;
}

class UsageError extends Error {
  override name = 'UsageError';
}

interface LoadedFile {
  path: string;
  records: PersonRecord[];
  rows: number[];
  issues: CsvIssue[];
  encoding: string;
}

function loadFile(path: string, options: LinkCommandOptions, prefix: string): LoadedFile {
  let buffer: Uint8Array;
  try {
    buffer = readFileSync(path);
  } catch (error) {
    throw new CsvInputError(`cannot read ${path}: ${(error as Error).message}`);
  }
  const encoding = (options.encoding ?? 'auto') as CsvEncodingChoice;
  if (!['auto', 'utf8', 'latin1'].includes(encoding)) throw new UsageError('--encoding must be auto, utf8 or latin1');
  // Read the header first to resolve automatic column names, then check them.
  const probe = readCsv(buffer, { encoding });
  const mapping = mappingFromOptions(options, probe.header);
  const mappedColumns = requiredColumns(mapping);
  if (!mapping.fields.givenName && !mapping.fields.familyName && !mapping.fields.fullName) {
    throw new CsvInputError(`${path}: no name column found; map one with --given-name, --family-name or --full-name`);
  }
  const result = readCsv(buffer, { encoding, requiredColumns: mappedColumns, checkedColumns: mappedColumns });
  const converted = toRecords(result, mapping, prefix);
  return {
    path,
    records: converted.records,
    rows: converted.rows,
    issues: [...result.issues, ...converted.issues].sort((a, b) => a.row - b.row),
    encoding: result.encoding,
  };
}

export interface LinkRunSummary {
  mode: 'link' | 'dedupe';
  files: Array<{ path: string; recordsRead: number; issues: CsvIssue[]; encoding: string }>;
  candidatePairs: number;
  pairsWritten: number;
  pairsAtThreshold: number;
  clusters: number;
  threshold: number;
  outputs: { pairs: string; clusters: string };
  timingsMs: Record<string, number>;
}

/** Runs the command; returns a summary (also used by tests). Throws CsvInputError / UsageError on unusable input. */
export function runLinkCommand(options: LinkCommandOptions): LinkRunSummary {
  const dedupe = options.dedupe !== undefined;
  if (dedupe && (options.left || options.right)) throw new UsageError('use either --dedupe FILE or --left FILE --right FILE, not both');
  if (!dedupe && (!options.left || !options.right)) throw new UsageError('give --left and --right files to link, or --dedupe FILE');
  if (!options.out) throw new UsageError('give --out FILE for the pairs');
  const threshold = parseProbability(options.threshold, DEFAULT_THRESHOLDS.review, '--threshold');
  const minProbability = parseProbability(options.minProbability, 0, '--min-probability');
  let referenceDate: Date | undefined;
  if (options.referenceDate) {
    referenceDate = new Date(`${options.referenceDate}T00:00:00Z`);
    if (Number.isNaN(referenceDate.getTime())) throw new UsageError('--reference-date must be YYYY-MM-DD');
  }

  const files = dedupe
    ? [loadFile(options.dedupe ?? '', options, '')]
    : [loadFile(options.left ?? '', options, 'left:'), loadFile(options.right ?? '', options, 'right:')];
  const [leftFile, rightFile] = files as [LoadedFile, LoadedFile | undefined];
  // Always block: the output lists every candidate pair, and exhaustive comparison would make every pair a candidate.
  const linkageOptions = { threshold, referenceDate, exhaustiveBelow: 0 };
  const result: LinkageResult = dedupe || !rightFile
    ? dedupeRecords(leftFile.records, linkageOptions)
    : linkRecords(leftFile.records, rightFile.records, linkageOptions);

  const clusterLabel = (cluster: number): string => `C${String(cluster + 1).padStart(6, '0')}`;
  const pairRows: Array<Array<string | number>> = [];
  let atThreshold = 0;
  const { pairs } = result;
  const order = Array.from({ length: pairs.count }, (_, p) => p).sort(
    (a, b) => (pairs.matchWeight[b] ?? 0) - (pairs.matchWeight[a] ?? 0),
  );
  for (const p of order) {
    const probability = pairs.matchProbability[p] ?? 0;
    if (probability >= threshold) atThreshold++;
    if (probability < minProbability) continue;
    const i = pairs.left[p] ?? 0;
    const j = pairs.right[p] ?? 0;
    const explanation = result.explain(p);
    pairRows.push([
      explanation.leftId,
      explanation.rightId,
      Number(probability.toPrecision(6)),
      Number((pairs.matchWeight[p] ?? 0).toFixed(3)),
      probability >= threshold ? 'yes' : 'no',
      clusterLabel(result.clusters.left[i] ?? 0),
      clusterLabel(result.clusters.right[j] ?? 0),
      explanation.namesSwapped ? 'yes' : 'no',
      explanation.summary,
    ]);
  }
  writeFileSync(
    options.out,
    writeCsv(['left_id', 'right_id', 'match_probability', 'match_weight', 'at_threshold', 'left_cluster', 'right_cluster', 'names_swapped', 'explanation'], pairRows),
  );

  const clustersPath = options.clusters ?? options.out.replace(/(\.csv)?$/i, '-clusters.csv');
  const clusterRows: Array<Array<string | number>> = [];
  leftFile.records.forEach((record, i) => {
    clusterRows.push([dedupe ? 'file' : 'left', record.id, leftFile.rows[i] ?? 0, clusterLabel(result.clusters.left[i] ?? 0)]);
  });
  if (!dedupe && rightFile) {
    rightFile.records.forEach((record, j) => {
      clusterRows.push(['right', record.id, rightFile.rows[j] ?? 0, clusterLabel(result.clusters.right[j] ?? 0)]);
    });
  }
  writeFileSync(clustersPath, writeCsv(['source', 'record_id', 'row', 'cluster_id'], clusterRows));

  const summary: LinkRunSummary = {
    mode: result.mode,
    files: files.map((file) => ({ path: file.path, recordsRead: file.records.length, issues: file.issues, encoding: file.encoding })),
    candidatePairs: pairs.count,
    pairsWritten: pairRows.length,
    pairsAtThreshold: atThreshold,
    clusters: result.clusters.clusterCount,
    threshold,
    outputs: { pairs: options.out, clusters: clustersPath },
    timingsMs: Object.fromEntries(Object.entries(result.timings).map(([phase, ms]) => [phase, Math.round(ms)])),
  };
  if (options.report) writeFileSync(options.report, JSON.stringify(summary, null, 2));
  return summary;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function registerLinkageCommands(program: Command): void {
  program
    .command('link')
    .description('find the same person across two CSV files (--left/--right) or within one (--dedupe)')
    .option('--left <file>', 'first CSV file to link')
    .option('--right <file>', 'second CSV file to link')
    .option('--dedupe <file>', 'one CSV file to search for duplicates')
    .requiredOption('--out <file>', 'CSV file for the candidate pairs')
    .option('--clusters <file>', 'CSV file for the cluster id of every record (default: <out>-clusters.csv)')
    .option('--report <file>', 'JSON file for the run summary, including every skipped row')
    // Any column flag may name alternatives, "Forename|first_name", when the two files differ.
    .option('--id <column>', 'column holding each record\'s id (default: row number)')
    .option('--given-name <column>', 'given (first) name column')
    .option('--middle-names <column>', 'middle names column (merged into the given names)')
    .option('--family-name <column>', 'family name (surname) column')
    .option('--full-name <column>', 'single name column, used when there are no separate name columns')
    .option('--dob <column>', 'date of birth column (dd/mm/yyyy, yyyy-mm-dd, year only or an approximate age)')
    .option('--age <column>', 'approximate age column, used when the date of birth is blank')
    .option('--postcode <column>', 'postcode column')
    .option('--gender <column>', 'gender column')
    .option('--identifier <name=column>', 'identifier compared exactly (repeatable), e.g. nhs=NHS Number', collect)
    .option('--attribute <column>', 'other column compared by similarity (repeatable), e.g. town or email', collect)
    .option('--threshold <probability>', `probability at which pairs join a cluster (default ${DEFAULT_THRESHOLDS.review})`)
    .option('--min-probability <probability>', 'only write pairs at or above this probability (default: every candidate)')
    .option('--encoding <auto|utf8|latin1>', 'input encoding (default auto: UTF-8, or Windows-1252 when not valid UTF-8)', 'auto')
    .option('--reference-date <yyyy-mm-dd>', 'date that approximate ages refer to (default today)')
    .option('--quiet', 'print only the summary line')
    .action((options: LinkCommandOptions) => {
      try {
        const summary = runLinkCommand(options);
        for (const file of summary.files) {
          const shown = options.quiet ? [] : file.issues.slice(0, 50);
          for (const issue of shown) console.error(`${file.path}${issue.row ? ` row ${issue.row}` : ''}: ${issue.problem}`);
          if (file.issues.length > shown.length && !options.quiet) {
            console.error(`${file.path}: ${file.issues.length - shown.length} more problems (see --report)`);
          }
          console.log(`${file.path}: ${file.recordsRead} records read (${file.encoding}), ${file.issues.length} problems reported`);
        }
        console.log(
          `${summary.candidatePairs} candidate pairs, ${summary.pairsAtThreshold} at or above ${summary.threshold}; ` +
            `${summary.clusters} clusters. Pairs: ${summary.outputs.pairs}; clusters: ${summary.outputs.clusters}`,
        );
      } catch (error) {
        if (error instanceof CsvInputError || error instanceof UsageError) {
          console.error(`link: ${error.message}`);
          throw new CommandFailed(error instanceof UsageError ? 2 : 1);
        }
        throw error;
      }
    });
}

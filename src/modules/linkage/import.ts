/**
 * Bulk import of an agency's existing list of young people:
 *
 *   npm run lantern -- import people --file list.csv --agency "<agency name>" [--area CODE] [--dry-run]
 *
 * Everything is checked before anything is written: the file is read defensively (csv.ts: wrong
 * encodings, blank rows, formula-injection cells and over-long rows are reported with their row
 * numbers and skipped), every row is validated as the pages validate a young person's details,
 * duplicates are looked for within the file and against the area's records with the area's
 * model. By default a row that matches a record already held at or above the area's
 * auto-suggest threshold is not created: it is listed for the coordinator instead. A dry run
 * stops there. A real run writes one transaction per batch, each new record with the agency in
 * its team around the child and an audit row.
 */
import { readFileSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { auditedCommand, writeAudit, type RequestContext } from '../../platform/audit/audit.ts';
import { agencies, areas } from '../organisation/tables.ts';
import { addChronologyEntry, validatePersonDetails, type PersonDetails, ETHNICITIES, GENDERS, referenceFor, insertYoungPerson, MAX_AGE_YEARS } from '../young-people/index.ts';
import { teamMembers } from '../young-people/tables.ts';
import { dedupeWithModel } from './area-model.ts';
import { CsvInputError, readCsv, writeCsv, type CsvEncodingChoice } from '../../platform/csv.ts';
import { findMatches } from './online.ts';
import { fromDetails } from './people.ts';
import { getAreaModel } from './stored-model.ts';

/** The columns an import file may have (header names, any order, case-insensitive). */
export const IMPORT_COLUMNS: Array<{ name: string; description: string }> = [
  { name: 'given_name', description: 'first name, and any middle names after it' },
  { name: 'family_name', description: 'family name (surname)' },
  { name: 'other_names', description: 'nicknames, street names and other names they are known by, separated by semicolons' },
  { name: 'date_of_birth', description: 'date of birth as 31/12/2011 (day first) or 2011-12-31' },
  { name: 'approximate_age', description: 'age in whole years, when the date of birth is not known' },
  { name: 'gender', description: 'female, male, transgender_female, transgender_male or non_binary (F and M are accepted); blank when not recorded' },
  { name: 'ethnicity', description: 'a 2021 census code such as white_british or asian_pakistani (listed in docs/import-people.md); blank when not recorded' },
  { name: 'address', description: 'home address, without the postcode' },
  { name: 'postcode', description: 'UK postcode, or just its first part' },
  { name: 'school', description: 'school or college' },
  { name: 'nhs_number', description: 'NHS number (10 digits, checked)' },
  { name: 'upn', description: 'Unique Pupil Number (13 characters, checked)' },
  { name: 'local_authority_id', description: 'local authority (children’s services) number' },
  { name: 'agency_reference', description: 'your agency’s own reference for the young person, used only in the report' },
];

export const NAME_COLUMNS = ['given_name', 'family_name', 'other_names'];

/**
 * More columns for an import built on this one (e.g. `import young-people` adds the monitoring
 * data): checked with the rest of the row, written in the same transaction as the record.
 */
export interface ImportExtension<T> {
  columns: Array<{ name: string; description: string }>;
  /** The row's extra cells checked; problems in the words of the file (column names). */
  validate(cells: Record<string, string>, today: Date): { value: T; problems: string[] };
  /**
   * The day the row's ages are judged on, with words for it, when the row has its own dates (a
   * past caseload: the day of the concern, or the day CSE work began); otherwise today.
   */
  ageDay?(cells: Record<string, string>): { day: string; words: string } | null;
  /** Stores them for the record just created, inside the batch's transaction. */
  write(tx: Db, youngPersonId: string, value: T): Promise<void>;
}

export interface ImportOptions {
  /** Path of the CSV file, or its bytes. */
  file: string | Uint8Array;
  agency: string;
  areaCode?: string;
  dryRun: boolean;
  /** Create records even when they match one already held at the auto-suggest threshold. */
  createMatches?: boolean;
  encoding?: CsvEncodingChoice;
  batchSize?: number;
  onProgress?: (stage: string, done: number, total: number) => void;
  today?: Date;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each extension checks and writes its own value
  extension?: ImportExtension<any>;
  /** Write nothing at all when any row is refused (the user fixes the file first). */
  allOrNothing?: boolean;
}

export type RowOutcome = 'refused' | 'held_existing_match' | 'held_same_as_row' | 'create' | 'created';

export interface RowReport {
  row: number;
  outcome: RowOutcome;
  /** The agency's own reference, when the file has one. */
  agencyReference: string;
  problems: string[];
  /** A record already held that this row matches (at or above the review threshold). */
  match?: { reference: string; probability: number };
  /** Another row of the file this one matches. */
  sameAsRow?: { row: number; probability: number };
  /** The record created (real runs). */
  created?: string;
}

export interface ImportReport {
  dryRun: boolean;
  agency: string;
  areaCode: string;
  encoding: string;
  rowsRead: number;
  /** Problems with the file as a whole (e.g. encoding, unknown columns). */
  fileNotes: string[];
  rows: RowReport[];
  counts: Record<RowOutcome, number>;
  thresholds: { review: number; autoSuggest: number };
  batches: number;
}

export class ImportError extends Error {
  override name = 'ImportError';
}

function splitDate(text: string): { day: string; month: string; year: string } | null {
  const uk = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (uk) return { day: uk[1]!, month: uk[2]!, year: uk[3]! };
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (iso) return { day: iso[3]!, month: iso[2]!, year: iso[1]! };
  return null;
}

const GENDER_WORDS: Record<string, string> = { f: 'female', girl: 'female', m: 'male', boy: 'male', 'not recorded': 'not_recorded', 'not known': 'not_recorded', unknown: 'not_recorded' };

/** One row as PersonDetails, with messages in the words of the file (column names, row numbers). */
export function validateImportRow(cells: Record<string, string>, today = new Date(), ageDay: { day: string; words: string } | null = null): { details: PersonDetails; problems: string[] } {
  const problems: string[] = [];
  const cell = (name: string) => (cells[name] ?? '').trim();
  const input: Record<string, string> = {
    givenName: cell('given_name'),
    familyName: cell('family_name'),
    aliases: cell('other_names').split(';').map((name) => name.trim()).filter(Boolean).join(', '),
    estimatedAge: cell('approximate_age'),
    address: cell('address'),
    postcode: cell('postcode'),
    school: cell('school'),
    nhsNumber: cell('nhs_number'),
    upn: cell('upn'),
    localAuthorityId: cell('local_authority_id'),
  };
  const dob = cell('date_of_birth');
  if (dob) {
    const parts = splitDate(dob);
    if (parts) Object.assign(input, { 'dateOfBirth-day': parts.day, 'dateOfBirth-month': parts.month, 'dateOfBirth-year': parts.year });
    else problems.push('date_of_birth must be a date like 27/03/2011 or 2011-03-27');
  }
  const genderText = cell('gender').toLowerCase().replace(/[\s-]+/g, '_');
  const gender = GENDER_WORDS[cell('gender').toLowerCase()] ?? (genderText || 'not_recorded');
  if (gender !== 'not_recorded' && !GENDERS.some((g) => g.value === gender)) problems.push(`gender must be one of ${GENDERS.map((g) => g.value).join(', ')}, or blank`);
  else input.gender = gender;
  const ethnicity = cell('ethnicity').toLowerCase();
  if (ethnicity && !ETHNICITIES.some((e) => e.value === ethnicity)) problems.push('ethnicity must be a code from the list in docs/import-people.md (like white_british), or blank');
  else input.ethnicity = ethnicity || 'not_recorded';

  const { details, errors } = validatePersonDetails(input, today, ageDay ? new Date(`${ageDay.day}T12:00:00Z`) : today);
  if (ageDay && details.dateOfBirth && details.dateOfBirth > ageDay.day) errors.dateOfBirth = `born after ${ageDay.words} (${ageDay.day}): check both dates`;
  else if (ageDay && errors.dateOfBirth?.includes('over')) errors.dateOfBirth = `gives an age over ${MAX_AGE_YEARS} on ${ageDay.words} (${ageDay.day}): Lantern is for children and young people – check the year`;
  const column: Record<string, string> = {
    givenName: 'given_name', familyName: 'family_name', aliases: 'other_names', dateOfBirth: 'date_of_birth', estimatedAge: 'approximate_age',
    gender: 'gender', ethnicity: 'ethnicity', address: 'address', postcode: 'postcode', school: 'school', nhsNumber: 'nhs_number', upn: 'upn', localAuthorityId: 'local_authority_id',
  };
  for (const [key, message] of Object.entries(errors)) {
    if (key === 'gender' || key === 'ethnicity') continue;
    problems.push(`${column[key] ?? key}: ${message}`);
  }
  if (!details.givenName && !details.familyName && details.aliases.length === 0) problems.push('Enter a given_name, a family_name or other_names: a row needs at least one name');
  return { details, problems };
}

function emptyCounts(): Record<RowOutcome, number> {
  return { refused: 0, held_existing_match: 0, held_same_as_row: 0, create: 0, created: 0 };
}

/** Runs the import (or, with dryRun, everything but the writing) and returns what happened to every row. */
export async function importPeople(db: Db, ctx: RequestContext, options: ImportOptions): Promise<ImportReport> {
  const today = options.today ?? new Date();
  const progress = options.onProgress ?? (() => {});
  const found = await db
    .select({ agencyId: agencies.id, agencyName: agencies.name, areaId: areas.id, areaCode: areas.code })
    .from(agencies)
    .innerJoin(areas, eq(areas.id, agencies.areaId))
    .where(and(eq(agencies.name, options.agency), options.areaCode ? eq(areas.code, options.areaCode.toUpperCase()) : undefined));
  if (found.length === 0) throw new ImportError(`No agency called "${options.agency}"${options.areaCode ? ` in area ${options.areaCode.toUpperCase()}` : ''}`);
  if (found.length > 1) throw new ImportError(`Several agencies are called "${options.agency}": add --area <code>`);
  const { agencyId, agencyName, areaId, areaCode } = found[0]!;

  let buffer: Uint8Array;
  if (typeof options.file === 'string') {
    try {
      buffer = readFileSync(options.file);
    } catch (error) {
      throw new ImportError(`Cannot read ${options.file}: ${(error as Error).message}`);
    }
  } else buffer = options.file;
  const known = [...IMPORT_COLUMNS, ...(options.extension?.columns ?? [])].map((column) => column.name);
  let csv;
  try {
    csv = readCsv(buffer, { encoding: options.encoding ?? 'auto', checkedColumns: known });
  } catch (error) {
    if (error instanceof CsvInputError) throw new ImportError(`The file cannot be imported: ${error.message}`);
    throw error;
  }
  const header = csv.header.map((name) => name.toLowerCase());
  if (!NAME_COLUMNS.some((name) => header.includes(name))) {
    throw new ImportError(`The file has no name column: the header needs given_name, family_name or other_names (it has ${csv.header.filter(Boolean).map((name) => `"${name}"`).join(', ')})`);
  }
  const fileNotes: string[] = [];
  const unknown = csv.header.filter((name) => name && !known.includes(name.toLowerCase()));
  if (unknown.length) fileNotes.push(`Columns not used: ${unknown.map((name) => `"${name}"`).join(', ')}. The columns Lantern reads are listed by --help and in docs/import-people.md`);

  const reports = new Map<number, RowReport>();
  const readRows = new Set(csv.rows.map((row) => row.row));
  for (const issue of csv.issues) {
    if (issue.row === 0) fileNotes.push(issue.problem);
    else if (readRows.has(issue.row)) fileNotes.push(`Row ${issue.row}: ${issue.problem}`);
    else {
      const existing = reports.get(issue.row);
      if (existing) existing.problems.push(issue.problem);
      else reports.set(issue.row, { row: issue.row, outcome: 'refused', agencyReference: '', problems: [issue.problem] });
    }
  }

  // Validate every row.
  const valid: Array<{ row: number; details: PersonDetails; report: RowReport; extra: unknown }> = [];
  for (const { row, cells } of csv.rows) {
    const { details, problems } = validateImportRow(cells, today, options.extension?.ageDay?.(cells) ?? null);
    const extra = options.extension?.validate(cells, today);
    if (extra) problems.push(...extra.problems);
    const report: RowReport = { row, outcome: problems.length ? 'refused' : 'create', agencyReference: (cells.agency_reference ?? '').trim(), problems };
    reports.set(row, report);
    if (!problems.length) valid.push({ row, details, report, extra: extra?.value });
  }

  const model = await getAreaModel(db, areaId);
  const { review, autoSuggest } = model.thresholds;

  // Duplicates within the file: rows very likely to be one young person are created once (the first row).
  const people = valid.map((entry) => fromDetails(String(entry.row), entry.details));
  const inFile = dedupeWithModel(model, people, today)
    .filter((pair) => pair.matchProbability >= review)
    .map((pair) => ({ first: Math.min(Number(pair.a), Number(pair.b)), second: Math.max(Number(pair.a), Number(pair.b)), matchProbability: pair.matchProbability }))
    .sort((x, y) => x.first - y.first || x.second - y.second);
  const sameAs = new Map<number, { row: number; probability: number }>();
  for (const { first, second, ...pair } of inFile) {
    const report = reports.get(second)!;
    const root = sameAs.get(first)?.row ?? first;
    if (pair.matchProbability >= autoSuggest) {
      if (!sameAs.has(second)) sameAs.set(second, { row: root, probability: pair.matchProbability });
    } else if (!report.sameAsRow) {
      report.sameAsRow = { row: first, probability: pair.matchProbability };
      report.problems.push(`may be the same young person as row ${first} (${percent(pair.matchProbability)}); both are created and shown to the coordinator as possible duplicates`);
    }
  }
  for (const [row, same] of sameAs) {
    const report = reports.get(row)!;
    report.outcome = 'held_same_as_row';
    report.sameAsRow = same;
    report.problems.push(`very likely the same young person as row ${same.row} (${percent(same.probability)}); not created, so the record is made once`);
  }

  // Against the records the area already holds.
  const toMatch = valid.filter((entry) => entry.report.outcome === 'create');
  progress('Checking against records held', 0, toMatch.length);
  for (const [index, entry] of toMatch.entries()) {
    const { matches } = await findMatches(db, areaId, fromDetails('import', entry.details), { limit: 1, minProbability: review, explain: false, referenceDate: today });
    const best = matches[0];
    if (best) {
      entry.report.match = { reference: referenceFor(best.person.number ?? 0), probability: best.matchProbability };
      if (best.matchProbability >= autoSuggest && !options.createMatches) {
        entry.report.outcome = 'held_existing_match';
        entry.report.problems.push(`very likely the same young person as ${entry.report.match.reference} (${percent(best.matchProbability)}); not created – listed for the coordinator to link`);
      } else {
        entry.report.problems.push(`may be the same young person as ${entry.report.match.reference} (${percent(best.matchProbability)}); created and shown to the coordinator as a possible duplicate`);
      }
    }
    if ((index + 1) % 25 === 0 || index + 1 === toMatch.length) progress('Checking against records held', index + 1, toMatch.length);
  }

  const toCreate = valid.filter((entry) => entry.report.outcome === 'create');
  let batches = 0;
  const refusedAny = [...reports.values()].some((report) => report.outcome === 'refused');
  if (!options.dryRun && toCreate.length && !(options.allOrNothing && refusedAny)) {
    const batchSize = options.batchSize ?? 200;
    progress('Writing records', 0, toCreate.length);
    for (let start = 0; start < toCreate.length; start += batchSize) {
      const batch = toCreate.slice(start, start + batchSize);
      await auditedCommand(
        db,
        ctx,
        (ids: string[]) => ({ action: 'create', recordKind: 'young_person_import', recordId: agencyId, details: { agencyId, batch: batches + 1, created: ids.length, youngPersonIds: ids } }),
        async (tx) => {
          const ids: string[] = [];
          for (const entry of batch) {
            const created = await insertYoungPerson(tx, areaId, entry.details, null);
            if (options.extension) await options.extension.write(tx, created.id, entry.extra);
            const [member] = await tx.insert(teamMembers).values({ youngPersonId: created.id, agencyId, userId: null, roleInTeam: null }).returning({ id: teamMembers.id });
            await addChronologyEntry(tx, { youngPersonId: created.id, occurredAt: new Date(), kind: 'record', agencyId, sourceKind: 'young_person', sourceId: created.id, summary: `Record created from ${agencyName}’s list of young people (bulk import)` });
            await addChronologyEntry(tx, { youngPersonId: created.id, occurredAt: new Date(), kind: 'team', agencyId, sourceKind: 'team_member', sourceId: member!.id, summary: `${agencyName} joined the team around the child` });
            await writeAudit(tx, ctx, { action: 'create', recordKind: 'young_person', recordId: created.id, details: { source: 'import', agencyId, row: entry.row } });
            entry.report.outcome = 'created';
            entry.report.created = referenceFor(created.number);
            ids.push(created.id);
          }
          return ids;
        },
      );
      batches++;
      progress('Writing records', Math.min(start + batchSize, toCreate.length), toCreate.length);
    }
  }

  const rows = [...reports.values()].sort((a, b) => a.row - b.row);
  const counts = emptyCounts();
  for (const report of rows) counts[report.outcome]++;
  const blocked = !options.dryRun && Boolean(options.allOrNothing) && refusedAny;
  if (blocked) fileNotes.push(`Nothing was written because ${counts.refused} row${counts.refused === 1 ? ' was' : 's were'} refused: fix ${counts.refused === 1 ? 'it' : 'them'} and run the import again`);
  return { dryRun: options.dryRun || blocked, agency: agencyName, areaCode, encoding: csv.encoding, rowsRead: csv.rows.length, fileNotes, rows, counts, thresholds: { review, autoSuggest }, batches };
}

function percent(probability: number): string {
  return probability >= 0.9995 ? 'over 99.9%' : `${(probability * 100).toFixed(probability >= 0.99 ? 1 : 0)}%`;
}

const OUTCOME_WORDS: Record<RowOutcome, string> = {
  refused: 'refused',
  held_existing_match: 'not created: matches a record already held',
  held_same_as_row: 'not created: same young person as an earlier row',
  create: 'would be created',
  created: 'created',
};

/** The report as CSV (formula cells neutralised), one line per row of the file. */
export function importReportCsv(report: ImportReport): string {
  return writeCsv(
    ['row', 'agency_reference', 'outcome', 'record', 'matches_record', 'match_probability', 'same_as_row', 'problems'],
    report.rows.map((row) => [
      row.row,
      row.agencyReference,
      OUTCOME_WORDS[row.outcome],
      row.created ?? '',
      row.match?.reference ?? '',
      row.match ? Number(row.match.probability.toFixed(4)) : '',
      row.sameAsRow?.row ?? '',
      row.problems.join('; '),
    ]),
  );
}

/** Plain-text lines for the terminal: a summary, then each row that needs attention. */
export function importReportLines(report: ImportReport, maxRows = 200): string[] {
  const lines: string[] = [];
  const c = report.counts;
  lines.push(`${report.dryRun ? 'Dry run – nothing was written. ' : ''}${report.rowsRead} row${report.rowsRead === 1 ? '' : 's'} read for ${report.agency} (area ${report.areaCode}, ${report.encoding}).`);
  for (const note of report.fileNotes) lines.push(`  ${note}`);
  lines.push(report.dryRun ? `  ${c.create} would be created` : `  ${c.created} created in ${report.batches} batch${report.batches === 1 ? '' : 'es'}, each with ${report.agency} in the team around the child`);
  lines.push(`  ${c.refused} refused (fix and import those rows again)`);
  lines.push(`  ${c.held_existing_match} not created because they match a record Lantern already holds (at or above ${percent(report.thresholds.autoSuggest)}): listed below for the coordinator to link`);
  lines.push(`  ${c.held_same_as_row} not created because an earlier row of the file is the same young person`);
  const attention = report.rows.filter((row) => row.problems.length);
  for (const row of attention.slice(0, maxRows)) {
    lines.push(`Row ${row.row}${row.agencyReference ? ` (${row.agencyReference})` : ''}: ${OUTCOME_WORDS[row.outcome]} – ${row.problems.join('; ')}`);
  }
  if (attention.length > maxRows) lines.push(`…and ${attention.length - maxRows} more rows: write them all with --report <file>`);
  return lines;
}

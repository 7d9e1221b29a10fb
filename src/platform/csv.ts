/**
 * Reading agency CSV exports defensively and writing results safely.
 * Problems with a row are reported with its line number and the row is
 * skipped; only a file that cannot be used at all (no header, a mapped column
 * missing, binary content) stops the run, with a plain message.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

export type CsvEncodingChoice = 'auto' | 'utf8' | 'latin1';

export interface CsvIssue {
  /** Line number in the file (the header is line 1); 0 for the file as a whole. */
  row: number;
  problem: string;
}

export interface CsvRow {
  row: number;
  cells: Record<string, string>;
}

export interface CsvReadResult {
  header: string[];
  rows: CsvRow[];
  issues: CsvIssue[];
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
}

/** A problem that makes the whole file unusable. */
export class CsvInputError extends Error {
  override name = 'CsvInputError';
}

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+([.,]\d+)?|\.\d+)$/;

/** True when a spreadsheet would treat the cell as a formula (and it is not just a signed number). */
export function looksLikeFormula(value: string): boolean {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value.trim());
}

/** Prefixes formula-like text with a single quote so spreadsheets show it as text. */
export function neutraliseFormula(value: string): string {
  return looksLikeFormula(value) ? `'${value}` : value;
}

function lineNumberAt(buffer: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < buffer.length; i++) if (buffer[i] === 0x0a) line++;
  return line;
}

/** Line numbers whose bytes are not valid UTF-8. */
function invalidUtf8Lines(buffer: Uint8Array): number[] {
  const lines: number[] = [];
  const strict = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  let line = 1;
  for (let i = 0; i <= buffer.length; i++) {
    if (i === buffer.length || buffer[i] === 0x0a) {
      try {
        strict.decode(buffer.subarray(start, i));
      } catch {
        lines.push(line);
      }
      start = i + 1;
      line++;
    }
  }
  return lines;
}

/**
 * Decodes the file: byte-order marks are honoured (UTF-8, UTF-16); otherwise
 * UTF-8 is expected. With "auto", a file that is not valid UTF-8 is read as
 * Windows-1252 (the usual Latin-1 export) and the lines affected are reported;
 * with "utf8", those lines are reported and skipped.
 */
export function decodeCsv(buffer: Uint8Array, choice: CsvEncodingChoice = 'auto'): { text: string; encoding: CsvReadResult['encoding']; issues: CsvIssue[] } {
  const issues: CsvIssue[] = [];
  if (buffer.length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) {
    buffer = buffer.subarray(3);
  } else if (buffer.length >= 2 && buffer[0] === 0xff && buffer[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(buffer.subarray(2)), encoding: 'utf-16le', issues };
  } else if (buffer.length >= 2 && buffer[0] === 0xfe && buffer[1] === 0xff) {
    const body = buffer.subarray(2);
    const swapped = new Uint8Array(body.length - (body.length % 2));
    for (let i = 0; i + 1 < body.length; i += 2) {
      swapped[i] = body[i + 1] ?? 0;
      swapped[i + 1] = body[i] ?? 0;
    }
    return { text: new TextDecoder('utf-16le').decode(swapped), encoding: 'utf-16be', issues };
  }
  const nul = buffer.indexOf(0);
  if (nul >= 0) {
    throw new CsvInputError(`the file contains a NUL byte on line ${lineNumberAt(buffer, nul)}: it looks like a binary file or UTF-16 without a byte-order mark, not a CSV`);
  }
  if (choice === 'latin1') return { text: new TextDecoder('windows-1252').decode(buffer), encoding: 'windows-1252', issues };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buffer), encoding: 'utf-8', issues };
  } catch {
    const badLines = invalidUtf8Lines(buffer);
    if (choice === 'utf8') {
      // Blank out the bad lines so the rest of the file still reads; they are reported as skipped.
      const bad = new Set(badLines);
      const parts: string[] = [];
      let start = 0;
      let line = 1;
      const decoder = new TextDecoder('utf-8');
      for (let i = 0; i <= buffer.length; i++) {
        if (i === buffer.length || buffer[i] === 0x0a) {
          parts.push(bad.has(line) ? '' : decoder.decode(buffer.subarray(start, i)));
          start = i + 1;
          line++;
        }
      }
      for (const row of badLines) issues.push({ row, problem: 'not valid UTF-8; row skipped' });
      return { text: parts.join('\n'), encoding: 'utf-8', issues };
    }
    issues.push({
      row: 0,
      problem: `the file is not valid UTF-8 (lines ${summariseLines(badLines)}); read as Windows-1252 (Latin-1) — check accented names`,
    });
    return { text: new TextDecoder('windows-1252').decode(buffer), encoding: 'windows-1252', issues };
  }
}

function summariseLines(lines: number[]): string {
  const shown = lines.slice(0, 10).join(', ');
  return lines.length > 10 ? `${shown} and ${lines.length - 10} more` : shown;
}

export interface ReadCsvOptions {
  /** Columns that must be in the header (compared case-insensitively, ignoring surrounding spaces). */
  requiredColumns?: string[];
  /** Columns whose cells are checked for formula injection; default every column. */
  checkedColumns?: string[];
  encoding?: CsvEncodingChoice;
}

/** Reads a CSV file's bytes into rows keyed by header name, reporting and skipping bad rows. */
export function readCsv(buffer: Uint8Array, options: ReadCsvOptions = {}): CsvReadResult {
  const decoded = decodeCsv(buffer, options.encoding ?? 'auto');
  const issues = decoded.issues;
  const skippedForErrors: CsvIssue[] = [];
  const records = parse(decoded.text, {
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    skip_records_with_error: true,
    info: true,
    on_skip: (error) => {
      const lines = (error as { lines?: number } | undefined)?.lines;
      skippedForErrors.push({ row: lines ?? 0, problem: `could not be read as CSV (${error?.message ?? 'malformed'}); row skipped` });
      return undefined;
    },
  }) as unknown as Array<{ info: { lines: number }; record: string[] }>;
  issues.push(...skippedForErrors);

  const headerRecord = records.find((entry) => entry.record.some((cell) => cell.trim() !== ''));
  if (!headerRecord) throw new CsvInputError('the file is empty: no header row found');
  const header = headerRecord.record.map((cell) => cell.trim());
  const position = new Map<string, number>();
  header.forEach((name, index) => {
    const key = name.toLowerCase();
    if (name === '') return;
    if (position.has(key)) issues.push({ row: headerRecord.info.lines, problem: `column "${name}" appears more than once; the first is used` });
    else position.set(key, index);
  });
  const missing = (options.requiredColumns ?? []).filter((column) => !position.has(column.trim().toLowerCase()));
  if (missing.length > 0) {
    throw new CsvInputError(
      `missing column${missing.length > 1 ? 's' : ''} ${missing.map((column) => `"${column}"`).join(', ')}; the header has: ${header.filter(Boolean).map((name) => `"${name}"`).join(', ')}`,
    );
  }
  const checked = (options.checkedColumns ?? header).map((column) => column.trim().toLowerCase());

  const rows: CsvRow[] = [];
  for (const entry of records) {
    if (entry === headerRecord) continue;
    const line = entry.info.lines;
    const cells = entry.record;
    if (cells.every((cell) => cell.trim() === '')) {
      issues.push({ row: line, problem: 'blank row; skipped' });
      continue;
    }
    if (cells.length > header.length) {
      issues.push({ row: line, problem: `has ${cells.length} cells but the header has ${header.length}; row skipped` });
      continue;
    }
    const formulaColumn = checked.find((column) => {
      const index = position.get(column);
      return index !== undefined && looksLikeFormula((cells[index] ?? '').trim());
    });
    if (formulaColumn !== undefined) {
      const index = position.get(formulaColumn) ?? 0;
      issues.push({
        row: line,
        problem: `cell in column "${header[index]}" starts with "${(cells[index] ?? '').trim()[0]}" (possible spreadsheet formula injection); row skipped`,
      });
      continue;
    }
    if (cells.length < header.length) {
      issues.push({ row: line, problem: `has ${cells.length} cells but the header has ${header.length}; missing cells read as blank` });
    }
    const byName: Record<string, string> = {};
    for (const [name, index] of position) byName[name] = (cells[index] ?? '').trim();
    rows.push({ row: line, cells: byName });
  }
  issues.sort((a, b) => a.row - b.row);
  return { header, rows, issues, encoding: decoded.encoding };
}

/** CSV text with every string cell neutralised against formula injection. */
export function writeCsv(header: string[], rows: Array<Array<string | number | boolean | null | undefined>>): string {
  const safe = (value: string | number | boolean | null | undefined): string | number | boolean | null | undefined =>
    typeof value === 'string' ? neutraliseFormula(value) : value;
  return stringify([header.map((name) => neutraliseFormula(name)), ...rows.map((row) => row.map(safe))]);
}

/**
 * Loaders for the public benchmark files in ../shared/benchmarks/linkage/.
 * The answer columns (rec_id, cluster) are turned into entity labels kept
 * beside the records; the matcher only ever sees opaque ids.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { PersonRecord } from '../../src/modules/linkage/types.ts';

// The shared folder sits beside the checkout; a checkout one level deeper looks one level further up.
export const BENCHMARK_FOLDER =
  process.env.LANTERN_LINKAGE_BENCHMARKS ??
  ['../../../shared/benchmarks/linkage', '../../../../shared/benchmarks/linkage']
    .map((relative) => path.resolve(import.meta.dirname, relative))
    .find((folder) => existsSync(folder)) ??
  path.resolve(import.meta.dirname, '../../../shared/benchmarks/linkage');

export interface LabelledRecords {
  records: PersonRecord[];
  /** Entity label of each record (the answer), never given to the matcher. */
  entities: string[];
}

function readRows(file: string): Record<string, string>[] {
  const text = readFileSync(path.join(BENCHMARK_FOLDER, file), 'utf8');
  return parse(text, { columns: (header: string[]) => header.map((name) => name.trim()), trim: true, skip_empty_lines: true, bom: true });
}

export function loadFebrl(file: string, idPrefix: string): LabelledRecords {
  const rows = readRows(file);
  const records: PersonRecord[] = [];
  const entities: string[] = [];
  rows.forEach((row, index) => {
    // "rec-1496-dup-3" and "rec-1496-org" are the same person.
    const match = /^rec-(\d+)-/.exec(row.rec_id ?? '');
    entities.push(match ? match[1] ?? '' : `unknown-${index}`);
    records.push({
      id: `${idPrefix}${index}`,
      givenName: row.given_name,
      familyName: row.surname,
      dateOfBirth: row.date_of_birth,
      postcode: row.postcode,
      identifiers: { soc_sec_id: row.soc_sec_id },
      attributes: {
        street_number: row.street_number,
        address_1: row.address_1,
        address_2: row.address_2,
        suburb: row.suburb,
        state: row.state,
      },
    });
  });
  return { records, entities };
}

export function loadFake1000(): LabelledRecords {
  const rows = readRows('fake_1000.csv');
  return {
    records: rows.map((row, index) => ({
      id: `f${index}`,
      givenName: row.first_name,
      familyName: row.surname,
      dateOfBirth: row.dob,
      attributes: { city: row.city, email: row.email },
    })),
    entities: rows.map((row) => row.cluster ?? ''),
  };
}

/**
 * Importing services into the databank from a CSV file (a directory the area already keeps).
 * Like the other imports (docs/import-young-people.md): a dry run unless confirmed, nothing written
 * while any row is refused, and every problem reported with its row number (the header is row 1)
 * and the column it is in. The rows are checked by the same rules as the form.
 */
import { readCsv, CsvInputError } from '../../platform/csv.ts';
import type { Db } from '../../platform/db/database.ts';
import { auditedCommand, writeAudit, type RequestContext } from '../../platform/audit/audit.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { isIsoDate, londonToday } from '../../platform/time.ts';
import { services } from './tables.ts';
import { areaAgencies, checkService, type ServiceDraft, type ServiceValues } from './service.ts';
import { NEEDS, SECTORS, SEXES } from './vocab.ts';

const list = (values: string[]) => values.join(', ');

export const SERVICE_IMPORT_COLUMNS: Array<{ name: string; description: string; required?: boolean }> = [
  { name: 'name', description: 'the name of the service', required: true },
  { name: 'sector', description: `one of ${list(Object.keys(SECTORS))}`, required: true },
  { name: 'provider', description: 'who runs it', required: true },
  { name: 'agency', description: 'the name of the partnership agency that runs it, exactly as Lantern has it; blank for a provider outside the partnership' },
  { name: 'offer', description: 'what it offers', required: true },
  { name: 'needs', description: `any of ${list(Object.keys(NEEDS))}, separated by semicolons (at least one)`, required: true },
  { name: 'min_age', description: 'the youngest age it takes, in years; blank for no lower limit' },
  { name: 'max_age', description: 'the oldest age it takes, in years; blank for no upper limit' },
  { name: 'sex', description: `one of ${list(Object.keys(SEXES))}; blank for any` },
  { name: 'refer_phone', description: 'a phone number for referrals' },
  { name: 'refer_email', description: 'an email address for referrals' },
  { name: 'refer_website', description: 'a web address for referrals, starting https://' },
  { name: 'self_referral', description: 'yes when young people may refer themselves' },
  { name: 'drop_in', description: 'yes when they may drop in' },
  { name: 'contact', description: 'other contact details' },
  { name: 'waiting_time', description: 'capacity or waiting time, in words' },
  { name: 'coverage', description: 'where it works, in words' },
  { name: 'last_checked_on', description: 'the day the entry was last checked, like 31/12/2025', required: true },
];

/** Which column a form field's message belongs to. */
const COLUMN_OF: Record<string, string> = { name: 'name', sector: 'sector', provider: 'provider', agencyId: 'agency', offer: 'offer', needs: 'needs', minAge: 'min_age', maxAge: 'max_age', sex: 'sex', referPhone: 'refer_phone', referEmail: 'refer_email', referWebsite: 'refer_website', waysToRefer: 'refer_phone, refer_email, refer_website, self_referral, drop_in', contact: 'contact', waitingTime: 'waiting_time', coverage: 'coverage', lastCheckedOn: 'last_checked_on' };

export interface ImportProblem {
  row: number;
  problem: string;
}

export interface ImportReport {
  /** Rows read (not counting the header). */
  rows: number;
  problems: ImportProblem[];
  /** Services created: 0 on a dry run or when any row was refused. */
  created: number;
  confirmed: boolean;
}

function dayFrom(text: string): string {
  const uk = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  return uk ? `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}` : text;
}

function yesNo(value: string, column: string, problems: string[]): boolean {
  const v = value.trim().toLowerCase();
  if (v === '' || v === 'no' || v === 'n') return false;
  if (v === 'yes' || v === 'y') return true;
  problems.push(`${column}: “${v.slice(0, 20)}” must be yes or no`);
  return false;
}

/** Reads and checks the file; writes the services in one transaction only when confirmed and every row passed. */
export async function importServices(db: Db, ctx: RequestContext, user: SignedInUser, file: Uint8Array, confirm: boolean, now = new Date()): Promise<ImportReport> {
  let read;
  try {
    read = readCsv(file, { requiredColumns: SERVICE_IMPORT_COLUMNS.filter((c) => c.required).map((c) => c.name) });
  } catch (error) {
    if (error instanceof CsvInputError) return { rows: 0, problems: [{ row: 1, problem: error.message }], created: 0, confirmed: false };
    throw error;
  }
  const problems: ImportProblem[] = read.issues.map((i) => ({ row: i.row, problem: i.problem }));
  const agencies = await areaAgencies(db, user.areaId);
  const byName = new Map(agencies.map((a) => [a.name.trim().toLowerCase(), a.id]));
  const known = new Set(agencies.map((a) => a.id));
  const today = londonToday(now);
  const valid: ServiceValues[] = [];
  for (const { row, cells } of read.rows) {
    const rowProblems: string[] = [];
    const cell = (name: string) => (cells[name] ?? '').trim();
    let agencyId = '';
    if (cell('agency')) {
      const found = byName.get(cell('agency').toLowerCase());
      if (!found) rowProblems.push(`agency: “${cell('agency').slice(0, 60)}” is not an agency in your area; use one of ${list(agencies.map((a) => a.name))}, or leave it blank`);
      else agencyId = found;
    }
    const draft: ServiceDraft = {
      name: cell('name'),
      sector: cell('sector').toLowerCase(),
      provider: cell('provider'),
      agencyId,
      offer: cell('offer'),
      needs: cell('needs').split(';').map((n) => n.trim().toLowerCase()).filter(Boolean),
      minAge: cell('min_age'),
      maxAge: cell('max_age'),
      sex: cell('sex').toLowerCase() || 'any',
      referPhone: cell('refer_phone'),
      referEmail: cell('refer_email'),
      referWebsite: cell('refer_website'),
      selfReferral: yesNo(cell('self_referral'), 'self_referral', rowProblems),
      dropIn: yesNo(cell('drop_in'), 'drop_in', rowProblems),
      contact: cell('contact'),
      waitingTime: cell('waiting_time'),
      coverage: cell('coverage'),
      lastCheckedOn: cell('last_checked_on') ? (isIsoDate(dayFrom(cell('last_checked_on'))) ? dayFrom(cell('last_checked_on')) : { error: `The date last checked must be a real date, like 31/12/2025` }) : '',
    };
    const checked = checkService(draft, known, today);
    for (const [field, message] of Object.entries(checked.errors)) rowProblems.push(`${COLUMN_OF[field] ?? field}: ${message}`);
    if (rowProblems.length) problems.push(...rowProblems.map((problem) => ({ row, problem })));
    else if (checked.value) valid.push(checked.value);
  }
  problems.sort((a, b) => a.row - b.row);
  if (!read.rows.length && !problems.length) problems.push({ row: 2, problem: 'the file has a header but no services' });
  if (problems.length || !confirm) return { rows: read.rows.length, problems, created: 0, confirmed: false };
  await auditedCommand(db, ctx, { action: 'create', recordKind: 'service_import', details: { services: valid.length } }, async (tx) => {
    for (const values of valid) {
      const [row] = await tx.insert(services).values({ ...values, areaId: user.areaId, createdByUserId: user.userId, createdAt: now, updatedAt: now }).returning({ id: services.id });
      await writeAudit(tx, ctx, { action: 'create', recordKind: 'service', recordId: row!.id, details: { source: 'import', needs: values.needs } });
    }
  });
  return { rows: read.rows.length, problems: [], created: valid.length, confirmed: true };
}

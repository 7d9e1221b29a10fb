/**
 * The command line's anonymised returns:
 *
 *   returns build --area CODE [--from 2026-01 --to 2026-12] [--csv] [--out file]
 *   returns combine a.json b.json … [--csv] [--out file]
 *   returns estimate --file indicators.csv [--out file]
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { eq } from 'drizzle-orm';
import { auditRead } from '../../platform/audit/audit.ts';
import { writeCsv } from '../../platform/csv.ts';
import type { DatabaseCommandSupport } from '../linkage/index.ts';
import { areas } from '../organisation/tables.ts';
import { CommandError, runCommand, writeOutput } from '../profile/index.ts';
import { buildReturn, combineReturns, validateMonthPeriod } from './build.ts';
import { ESTIMATE_COLUMNS, MIN_AREAS, estimateUnderIdentification, readIndicators } from './estimate.ts';
import { returnCsv } from './format.ts';

export function registerReturnsCommands(program: Command, { withDatabase, context }: DatabaseCommandSupport): void {
  const returns = program.command('returns').description('anonymised returns: build, combine, estimate under-identification');
  returns
    .command('build')
    .description('the anonymised return of an area for whole months, as JSON (or CSV)')
    .requiredOption('--area <code>', 'area code')
    .option('--from <month>', 'first month, like 2026-01 (default: twelve months ago)')
    .option('--to <month>', 'last month, like 2026-12 (default: last month)')
    .option('--csv', 'CSV instead of JSON')
    .option('--out <file>', 'write to this file instead of the screen')
    .action((options: { area: string; from?: string; to?: string; csv?: boolean; out?: string }) =>
      runCommand(() =>
        withDatabase(async ({ db }) => {
          const [area] = await db.select({ id: areas.id }).from(areas).where(eq(areas.code, options.area.toUpperCase()));
          if (!area) throw new CommandError(`No area with the code ${options.area.toUpperCase()}`);
          const { period, errors } = validateMonthPeriod({ from: options.from, to: options.to });
          if (Object.keys(errors).length) throw new CommandError(Object.values(errors).join('\n'));
          const built = await buildReturn(db, [area.id], period);
          await auditRead(db, { ...context, requestId: 'cli-returns-build' }, { action: 'export', recordKind: 'anonymised_return', details: { areaId: area.id, from: period.from, to: period.to, format: options.csv ? 'csv' : 'json' } });
          writeOutput(options.out, options.csv ? returnCsv(built.document) : JSON.stringify(built.document, null, 2));
        }),
      ),
    );

  returns
    .command('combine')
    .description('combine returns from several areas into one, suppressed again; refuses returns that are inconsistent or show small numbers')
    .argument('<files...>', 'the returns (JSON files)')
    .option('--csv', 'CSV instead of JSON')
    .option('--out <file>', 'write to this file instead of the screen')
    .action((files: string[], options: { csv?: boolean; out?: string }) =>
      runCommand(async () => {
        const inputs = files.map((file) => {
          try {
            return JSON.parse(readFileSync(file, 'utf8')) as unknown;
          } catch (error) {
            throw new CommandError(`${file} cannot be read as JSON: ${(error as Error).message}`);
          }
        });
        const combined = combineReturns(inputs);
        if (!combined.ok) throw new CommandError(`Refused:\n${combined.problems.map((p) => `  ${p.message}`).join('\n')}`);
        writeOutput(options.out, options.csv ? returnCsv(combined.value) : JSON.stringify(combined.value, null, 2));
      }),
    );

  returns
    .command('estimate')
    .description('estimate under-identification across areas from their proxy indicators')
    .requiredOption('--file <file>', 'CSV with one row per area')
    .option('--out <file>', 'write the estimate (CSV) to this file instead of the screen')
    .addHelpText('after', `\nColumns:\n${ESTIMATE_COLUMNS.map((c) => `  ${c.name.padEnd(24)} ${c.description}`).join('\n')}`)
    .action((options: { file: string; out?: string }) =>
      runCommand(async () => {
        let bytes: Uint8Array;
        try {
          bytes = readFileSync(options.file);
        } catch (error) {
          throw new CommandError(`Cannot read ${options.file}: ${(error as Error).message}`);
        }
        const { areas: rows, problems } = readIndicators(bytes);
        if (problems.length) throw new CommandError(problems.join('\n'));
        if (rows.length < MIN_AREAS) throw new CommandError(`The file has ${rows.length} area${rows.length === 1 ? '' : 's'}: a comparison needs several (at least ${MIN_AREAS}), because what an area might identify is learned from how the others compare.`);
        const result = estimateUnderIdentification(rows);
        writeOutput(
          options.out,
          writeCsv(
            ['area_code', 'area_name', 'identified', 'expected', 'low_90', 'high_90', 'gap', 'share_not_identified', 'reference_area'],
            result.areas.map((a) => [a.code, a.name, a.identified, a.expected, a.low, a.high, a.gap, Number(a.underIdentified.toFixed(3)), a.reference ? 'yes' : 'no']),
          ),
        );
        console.error(`All areas: ${result.totals.identified} identified, ${result.totals.expected} expected (90% range ${result.totals.low} to ${result.totals.high}). Reference areas: ${result.referenceAreas.join(', ')}.`);
      }),
    );
}

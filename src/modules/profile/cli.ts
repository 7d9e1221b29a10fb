/**
 * Command-line tools for the profile and returns:
 *
 *   import young-people --file list.csv --agency NAME [--area CODE] [--confirm] [--report out.csv]
 *   returns build --area CODE [--from 2026-01 --to 2026-12] [--csv] [--out file]
 *   returns combine a.json b.json … [--csv] [--out file]
 *   returns estimate --file indicators.csv [--out file]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { eq } from 'drizzle-orm';
import { auditRead } from '../../platform/audit/audit.ts';
import { writeCsv } from '../../platform/csv.ts';
import { progressBar, type DatabaseCommandSupport, ImportError, IMPORT_COLUMNS, importPeople, importReportCsv, importReportLines } from '../linkage/index.ts';
import { areas } from '../organisation/tables.ts';
import { buildReturn, combineReturns, validateMonthPeriod, ESTIMATE_COLUMNS, MIN_AREAS, estimateUnderIdentification, readIndicators, returnCsv } from '../returns/index.ts';
import { MONITORING_IMPORT_COLUMNS, youngPeopleImport } from './import-young-people.ts';

class ProfileCliError extends Error {}

async function run(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (error instanceof ProfileCliError || error instanceof ImportError) {
      console.error(error.message);
      process.exitCode = 2;
    } else throw error;
  }
}

function output(out: string | undefined, text: string) {
  if (out) {
    writeFileSync(out, text);
    console.error(`Written to ${out}`);
  } else process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function registerProfileCommands(program: Command, { withDatabase, context }: DatabaseCommandSupport): void {
  const importCommand = program.commands.find((c) => c.name() === 'import') ?? program.command('import').description('bulk imports');
  const columns = [...IMPORT_COLUMNS, ...MONITORING_IMPORT_COLUMNS].map((c) => `  ${c.name.padEnd(27)} ${c.description}`).join('\n');
  importCommand
    .command('young-people')
    .description('import an area’s existing young people with their monitoring data; checks everything and writes nothing unless --confirm')
    .requiredOption('--file <file>', 'CSV file (UTF-8; Windows-1252 is detected and reported)')
    .requiredOption('--agency <name>', 'the agency whose list it is: it joins the team around each young person')
    .option('--area <code>', 'area code, when agency names repeat across areas')
    .option('--confirm', 'write the records (without it, a dry run); nothing is written while any row is refused')
    .option('--report <file>', 'write what happened to every row to this CSV file')
    .option('--quiet', 'no progress bar')
    .addHelpText('after', `\nColumns (header row required, any order; each row needs a name):\n${columns}\n\nSee docs/import-young-people.md.`)
    .action((options: { file: string; agency: string; area?: string; confirm?: boolean; report?: string; quiet?: boolean }) =>
      run(() =>
        withDatabase(async (database) => {
          const bar = progressBar(Boolean(options.quiet));
          let report;
          try {
            report = await importPeople(database.db, { ...context, requestId: 'cli-import-young-people' }, {
              file: options.file,
              agency: options.agency,
              areaCode: options.area,
              dryRun: !options.confirm,
              allOrNothing: true,
              extension: youngPeopleImport,
              onProgress: (stage, done, total) => bar.update(stage, done, total),
            });
          } finally {
            bar.stop();
          }
          for (const line of importReportLines(report)) console.log(line);
          if (!options.confirm) console.log('Nothing was written. When the report is right, run the same command with --confirm.');
          if (options.report) {
            writeFileSync(options.report, importReportCsv(report));
            console.log(`What happened to every row: ${options.report}`);
          }
          if (report.counts.refused > 0) process.exitCode = 1;
        }),
      ),
    );

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
      run(() =>
        withDatabase(async ({ db }) => {
          const [area] = await db.select({ id: areas.id }).from(areas).where(eq(areas.code, options.area.toUpperCase()));
          if (!area) throw new ProfileCliError(`No area with the code ${options.area.toUpperCase()}`);
          const { period, errors } = validateMonthPeriod({ from: options.from, to: options.to });
          if (Object.keys(errors).length) throw new ProfileCliError(Object.values(errors).join('\n'));
          const built = await buildReturn(db, [area.id], period);
          await auditRead(db, { ...context, requestId: 'cli-returns-build' }, { action: 'export', recordKind: 'anonymised_return', details: { areaId: area.id, from: period.from, to: period.to, format: options.csv ? 'csv' : 'json' } });
          output(options.out, options.csv ? returnCsv(built.document) : JSON.stringify(built.document, null, 2));
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
      run(async () => {
        const inputs = files.map((file) => {
          try {
            return JSON.parse(readFileSync(file, 'utf8')) as unknown;
          } catch (error) {
            throw new ProfileCliError(`${file} cannot be read as JSON: ${(error as Error).message}`);
          }
        });
        const combined = combineReturns(inputs);
        if (!combined.ok) throw new ProfileCliError(`Refused:\n${combined.problems.map((p) => `  ${p}`).join('\n')}`);
        output(options.out, options.csv ? returnCsv(combined.document) : JSON.stringify(combined.document, null, 2));
      }),
    );

  returns
    .command('estimate')
    .description('estimate under-identification across areas from their proxy indicators')
    .requiredOption('--file <file>', 'CSV with one row per area')
    .option('--out <file>', 'write the estimate (CSV) to this file instead of the screen')
    .addHelpText('after', `\nColumns:\n${ESTIMATE_COLUMNS.map((c) => `  ${c.name.padEnd(24)} ${c.description}`).join('\n')}`)
    .action((options: { file: string; out?: string }) =>
      run(async () => {
        let bytes: Uint8Array;
        try {
          bytes = readFileSync(options.file);
        } catch (error) {
          throw new ProfileCliError(`Cannot read ${options.file}: ${(error as Error).message}`);
        }
        const { areas: rows, problems } = readIndicators(bytes);
        if (problems.length) throw new ProfileCliError(problems.join('\n'));
        if (rows.length < MIN_AREAS) throw new ProfileCliError(`The file has ${rows.length} area${rows.length === 1 ? '' : 's'}: a comparison needs several (at least ${MIN_AREAS}), because what an area might identify is learned from how the others compare.`);
        const result = estimateUnderIdentification(rows);
        output(
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

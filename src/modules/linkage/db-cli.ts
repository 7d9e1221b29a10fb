/**
 * Command-line tools of the database side of linkage:
 *
 *   linkage train [--area CODE]                              estimate each area's model again
 *   linkage thresholds --area CODE [--review P] [--auto-suggest P]
 *   linkage rebuild-keys [--area CODE]                       recompute every stored blocking key
 *   import people --file list.csv --agency NAME [--area CODE] [--dry-run] [--report out.csv]
 */
import { writeFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import type { Command } from 'commander';
import { Presets, SingleBar } from 'cli-progress';
import type { Database } from '../../platform/db/database.ts';
import { auditedCommand, type RequestContext } from '../../platform/audit/audit.ts';
import { CommandFailed } from '../../platform/command-line.ts';
import { areas } from '../organisation/tables.ts';
import { ImportError, IMPORT_COLUMNS, importPeople, importReportCsv, importReportLines } from './import.ts';
import { rebuildAreaKeys } from './keys.ts';
import { thresholdsFrom, trainAreaModel } from './stored-model.ts';

export interface DatabaseCommandSupport {
  withDatabase: <T>(work: (database: Database) => Promise<T>) => Promise<T>;
  context: RequestContext;
}

class LinkageCliError extends Error {}

async function areasFor(database: Database, code: string | undefined) {
  const list = await database.db
    .select({ id: areas.id, code: areas.code, settings: areas.settings })
    .from(areas)
    .where(code ? eq(areas.code, code.toUpperCase()) : undefined)
    .orderBy(areas.code);
  if (code && list.length === 0) throw new LinkageCliError(`No area with the code ${code.toUpperCase()}`);
  return list;
}

function probability(value: string, flag: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0 || parsed >= 1) throw new LinkageCliError(`${flag} must be a probability between 0 and 1, like 0.5 (got "${value}")`);
  return parsed;
}

export function progressBar(quiet: boolean) {
  if (quiet || !process.stderr.isTTY) {
    return { update: (_stage: string, _done: number, _total: number) => {}, stop: () => {} };
  }
  const bar = new SingleBar({ format: '{stage} [{bar}] {value}/{total}', hideCursor: true, stream: process.stderr }, Presets.shades_classic);
  let stage = '';
  return {
    update(name: string, done: number, total: number) {
      if (name !== stage) {
        if (stage) bar.stop();
        stage = name;
        bar.start(total, 0, { stage: name.padEnd(30) });
      }
      bar.update(done);
    },
    stop() {
      if (stage) bar.stop();
    },
  };
}

async function run(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (error instanceof LinkageCliError || error instanceof ImportError) {
      console.error(error.message);
      throw new CommandFailed(2);
    }
    throw error;
  }
}

export function registerLinkageDatabaseCommands(program: Command, support: DatabaseCommandSupport): void {
  const { withDatabase, context } = support;
  const linkage = program.command('linkage').description('the cross-referencing engine’s models, thresholds and keys');

  linkage
    .command('train')
    .description('estimate each area’s matching model again from its own records (also done automatically when a model is missing or stale)')
    .option('--area <code>', 'only this area')
    .action((options: { area?: string }) =>
      run(() =>
        withDatabase(async (database) => {
          for (const area of await areasFor(database, options.area)) {
            const summary = await trainAreaModel(database.db, context, area.id);
            console.log(
              `${area.code}: model estimated from ${summary.records} records${summary.syntheticRecords ? ` (topped up with ${summary.syntheticRecords} fictional ones)` : ''}, ` +
                `${summary.candidatePairs} candidate pairs, ${summary.pairsAtReview} possible duplicates, in ${(summary.milliseconds / 1000).toFixed(1)} s`,
            );
          }
        }),
      ),
    );

  linkage
    .command('thresholds')
    .description('show or set the match probabilities an area uses: --review (possible duplicates, practitioners told a match may exist) and --auto-suggest (matches offered proactively; imports hold back records matching this closely)')
    .requiredOption('--area <code>', 'area code')
    .option('--review <probability>', 'e.g. 0.5')
    .option('--auto-suggest <probability>', 'e.g. 0.99')
    .action((options: { area: string; review?: string; autoSuggest?: string }) =>
      run(() =>
        withDatabase(async (database) => {
          const [area] = await areasFor(database, options.area);
          if (!area) return;
          if (options.review !== undefined || options.autoSuggest !== undefined) {
            const settings = { ...area.settings };
            if (options.review !== undefined) settings.linkageReviewThreshold = probability(options.review, '--review');
            if (options.autoSuggest !== undefined) settings.linkageAutoSuggestThreshold = probability(options.autoSuggest, '--auto-suggest');
            if ((settings.linkageAutoSuggestThreshold ?? 0.99) < (settings.linkageReviewThreshold ?? 0.5)) throw new LinkageCliError('--auto-suggest must be at least --review');
            await auditedCommand(database.db, context, { action: 'update', recordKind: 'area', recordId: area.id, details: { change: 'linkage_thresholds', review: settings.linkageReviewThreshold, autoSuggest: settings.linkageAutoSuggestThreshold } }, async (tx) => {
              await tx.update(areas).set({ settings }).where(eq(areas.id, area.id));
            });
            const lowered = (settings.linkageReviewThreshold ?? 0.5) < thresholdsFrom(area.settings).review;
            area.settings = settings;
            if (lowered) console.log('Pairs between the new and the old review threshold are found at the next training: run "linkage train" for this area.');
          }
          const thresholds = thresholdsFrom(area.settings);
          console.log(`${area.code}: review at ${thresholds.review}, auto-suggest at ${thresholds.autoSuggest}`);
        }),
      ),
    );

  linkage
    .command('rebuild-keys')
    .description('recompute the stored blocking keys of every young person (after an upgrade that changes how keys are made)')
    .option('--area <code>', 'only this area')
    .action((options: { area?: string }) =>
      run(() =>
        withDatabase(async (database) => {
          const bar = progressBar(false);
          for (const area of await areasFor(database, options.area)) {
            const written = await rebuildAreaKeys(database.db, area.id, (done, total) => bar.update(`${area.code} keys`, done, total));
            bar.stop();
            console.log(`${area.code}: ${written} keys written`);
          }
        }),
      ),
    );

  const columns = IMPORT_COLUMNS.map((column) => `  ${column.name.padEnd(20)} ${column.description}`).join('\n');
  program
    .command('import')
    .description('bulk imports')
    .command('people')
    .description('import an agency’s existing list of young people from a CSV file, finding duplicates before anything is written')
    .requiredOption('--file <file>', 'CSV file, UTF-8 (Windows-1252 is detected and reported)')
    .requiredOption('--agency <name>', 'the agency whose list it is: it joins the team around each young person imported')
    .option('--area <code>', 'area code, when agency names repeat across areas')
    .option('--dry-run', 'check everything and report, but write nothing')
    .option('--create-matches', 'also create records that very likely match one already held (by default they are listed for the coordinator instead)')
    .option('--report <file>', 'write what happened to every row to this CSV file')
    .option('--encoding <auto|utf8|latin1>', 'input encoding', 'auto')
    .option('--quiet', 'no progress bar')
    .addHelpText(
      'after',
      `\nColumns (header row required, any order, names not case-sensitive; every column is optional\nbut each row needs at least one of given_name, family_name or other_names):\n${columns}\n\nRows that cannot be used (bad values, blank rows, cells starting with = + - @, wrong encoding,\nmore cells than the header) are reported with their row numbers and skipped. See docs/import-people.md.`,
    )
    .action((options: { file: string; agency: string; area?: string; dryRun?: boolean; createMatches?: boolean; report?: string; encoding?: string; quiet?: boolean }) =>
      run(() =>
        withDatabase(async (database) => {
          const encoding = options.encoding ?? 'auto';
          if (!['auto', 'utf8', 'latin1'].includes(encoding)) throw new LinkageCliError('--encoding must be auto, utf8 or latin1');
          const bar = progressBar(Boolean(options.quiet));
          const started = Date.now();
          let report;
          try {
            report = await importPeople(database.db, { ...context, requestId: 'cli-import' }, {
              file: options.file,
              agency: options.agency,
              areaCode: options.area,
              dryRun: Boolean(options.dryRun),
              createMatches: Boolean(options.createMatches),
              encoding: encoding as 'auto' | 'utf8' | 'latin1',
              onProgress: (stage, done, total) => bar.update(stage, done, total),
            });
          } finally {
            bar.stop();
          }
          for (const line of importReportLines(report)) console.log(line);
          if (options.report) {
            writeFileSync(options.report, importReportCsv(report));
            console.log(`What happened to every row: ${options.report}`);
          }
          console.log(`Finished in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
          if (report.counts.refused > 0) throw new CommandFailed(1);
        }),
      ),
    );
}

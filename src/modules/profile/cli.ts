/**
 * Command-line tools for the profile (the returns module's commands are in returns/cli.ts and use
 * this file's runCommand and writeOutput):
 *
 *   import young-people --file list.csv --agency NAME [--area CODE] [--confirm] [--report out.csv]
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CommandFailed } from '../../platform/command-line.ts';
import { progressBar, type DatabaseCommandSupport, ImportError, IMPORT_COLUMNS, importPeople, importReportCsv, importReportLines } from '../linkage/index.ts';
import { MONITORING_IMPORT_COLUMNS, youngPeopleImport } from './import-young-people.ts';

/** A problem the person running a command can fix: printed without a stack, exit code 2. */
export class CommandError extends Error {}

export async function runCommand(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (error instanceof CommandError || error instanceof ImportError) {
      console.error(error.message);
      throw new CommandFailed(2);
    }
    throw error;
  }
}

export function writeOutput(out: string | undefined, text: string) {
  if (out) {
    writeFileSync(out, text);
    console.error(`Written to ${out}`);
  } else console.log(text.endsWith('\n') ? text.slice(0, -1) : text);
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
      runCommand(() =>
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
          if (report.counts.refused > 0) throw new CommandFailed(1);
        }),
      ),
    );
}

/**
 * The databank's command:
 *
 *   import services --file list.csv --by EMAIL [--confirm]
 *
 * The same import as the page and the API (import.ts): a dry run unless --confirm, nothing written
 * while any row is refused, each problem printed with its row number. The services go into the area
 * of the coordinator named by --by, who is recorded as adding them.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { eq } from 'drizzle-orm';
import { loadSignedInUser, normaliseEmail } from '../../platform/auth/users.ts';
import { users } from '../../platform/auth/tables.ts';
import { PARTNERSHIP_EDIT_ROLES } from '../../platform/auth/roles.ts';
import { CommandFailed } from '../../platform/command-line.ts';
import { CommandError, runCommand } from '../profile/index.ts';
import type { DatabaseCommandSupport } from '../linkage/index.ts';
import { importServices, SERVICE_IMPORT_COLUMNS } from './import.ts';

export function registerServicesCommands(program: Command, { withDatabase, context }: DatabaseCommandSupport): void {
  const importCommand = program.commands.find((c) => c.name() === 'import') ?? program.command('import').description('bulk imports');
  const columns = SERVICE_IMPORT_COLUMNS.map((c) => `  ${c.name.padEnd(17)} ${c.description}${c.required ? ' (required)' : ''}`).join('\n');
  importCommand
    .command('services')
    .description('import services into the databank; checks everything and writes nothing unless --confirm')
    .requiredOption('--file <file>', 'CSV file (UTF-8; Windows-1252 is detected and reported)')
    .requiredOption('--by <email>', 'the coordinator adding them: the services go into their area')
    .option('--confirm', 'write the services (without it, a dry run); nothing is written while any row is refused')
    .addHelpText('after', `\nColumns (header row required, any order):\n${columns}\n\nSee docs/import-services.md.`)
    .action((options: { file: string; by: string; confirm?: boolean }) =>
      runCommand(() =>
        withDatabase(async (database) => {
          let bytes: Uint8Array;
          try {
            bytes = readFileSync(options.file);
          } catch {
            throw new CommandError(`Cannot read ${options.file}`);
          }
          const [account] = await database.db.select({ id: users.id }).from(users).where(eq(users.email, normaliseEmail(options.by)));
          const user = account ? await loadSignedInUser(database.db, account.id) : null;
          if (!user || !PARTNERSHIP_EDIT_ROLES.includes(user.role)) throw new CommandError(`${options.by} is not the account of someone who may edit the databank (a coordinator)`);
          const report = await importServices(database.db, { ...context, actor: { userId: user.userId, agencyId: user.agencyId, areaId: user.areaId, role: user.role }, requestId: 'cli-import-services' }, user, bytes, Boolean(options.confirm));
          for (const p of report.problems) console.log(`Row ${p.row}: ${p.problem}`);
          if (report.problems.length) {
            console.log(`${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} found in ${report.rows} rows: nothing was written.`);
            throw new CommandFailed(1);
          }
          if (report.confirmed) console.log(`${report.created} service${report.created === 1 ? '' : 's'} imported.`);
          else console.log(`${report.rows} service${report.rows === 1 ? '' : 's'} can be imported. Nothing was written. When this is right, run the same command with --confirm.`);
        }),
      ),
    );
}

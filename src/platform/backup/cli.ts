import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig } from '../config.ts';
import { useAuditKey } from '../audit/audit.ts';
import { CommandFailed } from '../command-line.ts';
import type { VerifyReport } from '../audit/audit.ts';
import { backupDatabase, BackupError, backupToFolder, restoreDatabase } from './backup.ts';

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive whole number');
  return n;
}

/** Prints what the audit check found; false for a broken trail, which fails the command (exit code 1) once the rest is printed. */
function reportAudit(report: VerifyReport, what: string): boolean {
  if (report.ok) {
    console.log(`${what}: audit trail verified, ${report.rowsChecked} rows in ${report.chains} chains, none changed, removed or reordered.`);
    return true;
  }
  console.error(`${what}: audit trail BROKEN. ${report.rowsChecked} rows checked.`);
  for (const p of report.problems) console.error(`  chain ${p.chain}, position ${p.chainSeq}${p.id === null ? '' : ` (row id ${p.id})`}: ${p.problem}`);
  return false;
}

/** `env` is the command line's environment: the database settings, and the PATH that pg_dump and pg_restore are found on. */
export function registerBackupCommands(program: Command, env: NodeJS.ProcessEnv): void {
  program
    .command('backup')
    .description('write the whole database to one file and verify the audit trail in it (embedded: only while no server uses the folder)')
    .option('--out <file>', 'the new backup file (it must not exist yet)')
    .option('--out-dir <folder>', 'write a new dated backup file into this folder (for a timer such as cron)')
    .option('--keep <n>', 'with --out-dir: keep only the newest n dated backups there', positiveInteger)
    .action(async (options: { out?: string; outDir?: string; keep?: number }) => {
      if (Boolean(options.out) === Boolean(options.outDir)) throw new BackupError('Give either --out <file> or --out-dir <folder>');
      if (options.keep !== undefined && !options.outDir) throw new BackupError('--keep only goes with --out-dir');
      const config = loadConfig(env);
      useAuditKey(config.auditKey);
      if (options.out) {
        const result = await backupDatabase(config, options.out, { env });
        console.log(`Backup written to ${result.file} (${result.bytes} bytes).`);
        if (!reportAudit(result.audit, 'Backup')) throw new CommandFailed(1);
        return;
      }
      const result = await backupToFolder(config, options.outDir!, options.keep ?? Number.POSITIVE_INFINITY, { env });
      console.log(`Backup written to ${result.file} (${result.bytes} bytes).`);
      const intact = reportAudit(result.audit, 'Backup');
      for (const file of result.removed) console.log(`Removed older backup ${file}.`);
      if (!intact) throw new CommandFailed(1);
    });

  program
    .command('restore')
    .description('replace the database with a backup file, then verify its audit trail (the target must be empty unless --force)')
    .requiredOption('--from <file>', 'a file written by the backup command')
    .option('--force', 'replace a database that is not empty (embedded: the old folder is moved aside, not deleted)')
    .action(async (options: { from: string; force?: boolean }) => {
      const config = loadConfig(env);
      useAuditKey(config.auditKey);
      const result = await restoreDatabase(config, options.from, { force: options.force, env });
      console.log(`Restored from ${options.from} into ${config.databaseUrl ? 'the database in DATABASE_URL' : config.dataDir}.`);
      if (result.replacedFolder) console.log(`The data it replaced is in ${result.replacedFolder}; delete that folder once you no longer need it.`);
      if (!reportAudit(result.audit, 'Restored database')) throw new CommandFailed(1);
    });
}

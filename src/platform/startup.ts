import type { Config } from './config.ts';
import { ConfigError } from './config.ts';
import { DataFolderBusyError } from './db/database.ts';
import { classifyFailure, describeError, errorCode, MigrationFailedError } from './db/failures.ts';

/**
 * The one line an operator reads when Lantern refuses to start: the cause and what to do, never
 * a stack trace and never a driver's message (which can quote data).
 */
export function explainStartupFailure(error: unknown, config: Config | null): string {
  const lead = 'Lantern could not start:';
  if (error instanceof ConfigError || error instanceof DataFolderBusyError) return `${lead} ${error.message}`;
  const code = errorCode(error);
  const embedded = config !== null && !config.databaseUrl;
  const where = embedded ? `the data folder ${config.dataDir}` : 'the database';
  if (error instanceof MigrationFailedError) {
    return `${lead} a database migration failed (${describeError(error.cause).errorClass}${code ? `, code ${code}` : ''}) and was rolled back, so the database is as it was before. Fix the migration and start again.`;
  }
  if (code === 'EADDRINUSE' && config) return `${lead} port ${config.port} on ${config.host} is already in use. Stop what is using it or set PORT.`;
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
    return `${lead} ${where} is read-only for this process (${code}). Give the user running Lantern write access to it, or point LANTERN_DATA_DIR at a folder it can write.`;
  }
  switch (classifyFailure(error)) {
    case 'disk_full':
      return `${lead} the disk holding ${where} is full (${code ?? 'no space'}). Free some space and start again.`;
    case 'read_only':
      return `${lead} ${where} accepts no writes (${code}). Point Lantern at the primary server.`;
    case 'database_unavailable':
    case 'pool_exhausted':
      return `${lead} the database cannot be reached${code ? ` (${code})` : ''}. Check DATABASE_URL and that the server is running.`;
    default: {
      const { errorClass } = describeError(error);
      return `${lead} an unexpected ${errorClass}${code ? ` (code ${code})` : ''}. Start with LOG_LEVEL=debug to print the full error.`;
    }
  }
}

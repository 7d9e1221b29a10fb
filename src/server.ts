import type { FastifyInstance } from 'fastify';
import type { Config } from './platform/config.ts';
import { openDatabase, type Database } from './platform/db/database.ts';
import { classifyFailure, MigrationFailedError } from './platform/db/failures.ts';
import { ensureAuditChains, sealUnkeyedChains, useAuditKey } from './platform/audit/audit.ts';
import { readLatestCheckpoint, startCheckpoints } from './platform/audit/checkpoints.ts';
import { buildApp } from './platform/http/app.ts';
import { MODULES, signedInGate } from './modules/index.ts';
import type { LanternModule } from './platform/modules.ts';
import { seedDemoIfEmpty } from './modules/demo/index.ts';
import { startJobs } from './platform/jobs/scheduler.ts';
import { contributions } from './platform/modules.ts';
import { mailOptions } from './platform/mail.ts';

export function openConfiguredDatabase(config: Config): Promise<Database> {
  return openDatabase({ databaseUrl: config.databaseUrl, migrationUrl: config.databaseMigrationUrl, dataDir: config.dataDir, fsync: config.pgliteFsync });
}

/**
 * Migrates the database, readies the audit chains and seeds the demo area when asked. Safe to run
 * again (each step does nothing the second time); with several worker processes the primary runs
 * it once before any worker starts.
 */
export async function prepareDatabase(config: Config, db: Database): Promise<{ seeded: boolean }> {
  useAuditKey(config.auditKey);
  await db.migrate().catch((error: unknown) => {
    // Out of reach or out of space is said as such; anything else is the migration itself.
    throw classifyFailure(error) ? error : new MigrationFailedError(error);
  });
  await ensureAuditChains(db.db);
  // Only before the first checkpoint: once one exists, an unkeyed chain end is a forgery to report.
  if (readLatestCheckpoint(config.auditCheckpointDir) === null) await sealUnkeyedChains(db.db, { actor: null, ip: null, requestId: 'start' });
  return { seeded: config.seedDemo ? await seedDemoIfEmpty(db.db) : false };
}

/** Opens the database, prepares it (above), and builds the web app. */
export async function startLantern(
  config: Config,
  database?: Database,
  options: { logStream?: NodeJS.WritableStream; modules?: readonly LanternModule[] } = {},
): Promise<{ app: FastifyInstance; database: Database; seeded: boolean }> {
  const db = database ?? (await openConfiguredDatabase(config));
  try {
    const { seeded } = await prepareDatabase(config, db);
    const app = await buildApp({ config, database: db, modules: options.modules ?? MODULES, signedInGate, logStream: options.logStream });
    // Error codes and chain numbers only: a checkpoint problem never carries personal data.
    const checkpoints = startCheckpoints(db.db, config.auditCheckpointDir, (result) => {
      if ('error' in result) app.log.error({ code: (result.error as NodeJS.ErrnoException)?.code }, 'audit checkpoint could not be written');
      else if (!result.written) app.log.error(`audit checkpoint not written: ${result.problem}; run "audit verify"`);
    });
    await checkpoints.first;
    // Reminders and other scheduled work; every instance ticks, and the jobs table lets one run each job.
    const jobs = startJobs({ db: db.db, jobs: contributions('jobs', MODULES), mail: mailOptions(config, app.log), log: app.log, tickMs: config.jobTickSeconds * 1000 });
    app.addHook('onClose', async () => {
      await jobs.stop();
      await checkpoints.stop();
      await db.close();
    });
    return { app, database: db, seeded };
  } catch (error) {
    if (!database) await db.close();
    throw error;
  }
}

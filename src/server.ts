import type { FastifyInstance } from 'fastify';
import type { Config } from './platform/config.ts';
import { openDatabase, type Database } from './platform/db/database.ts';
import { classifyFailure, MigrationFailedError } from './platform/db/failures.ts';
import { ensureAuditChains } from './platform/audit/audit.ts';
import { buildApp } from './platform/http/app.ts';
import { MODULES, pageContext } from './modules/index.ts';
import { seedDemoIfEmpty } from './modules/demo/seed.ts';

/** Opens the database, migrates it, seeds the demo area when asked, and builds the web app. */
export async function startLantern(
  config: Config,
  database?: Database,
  options: { logStream?: NodeJS.WritableStream } = {},
): Promise<{ app: FastifyInstance; database: Database; seeded: boolean }> {
  const db = database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, fsync: config.pgliteFsync }));
  try {
    await db.migrate().catch((error: unknown) => {
      // Out of reach or out of space is said as such; anything else is the migration itself.
      throw classifyFailure(error) ? error : new MigrationFailedError(error);
    });
    await ensureAuditChains(db.db);
    const seeded = config.seedDemo ? await seedDemoIfEmpty(db.db) : false;
    const app = await buildApp({ config, database: db, modules: MODULES, pageContext, logStream: options.logStream });
    app.addHook('onClose', async () => db.close());
    return { app, database: db, seeded };
  } catch (error) {
    if (!database) await db.close();
    throw error;
  }
}

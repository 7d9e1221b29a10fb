import { ConfigError, loadConfig } from './platform/config.ts';
import { DataFolderBusyError } from './platform/db/database.ts';
import { startLantern } from './server.ts';
import { DEMO_PASSWORD, DEMO_USERS } from './modules/demo/seed.ts';

try {
  const config = loadConfig();
  const { app, database } = await startLantern(config);
  await app.listen({ host: config.host, port: config.port });
  const address = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  console.log(`\nLantern is running at ${address} on ${database.kind === 'pglite' ? `embedded PostgreSQL (PGlite) in ${config.dataDir}` : 'PostgreSQL'}`);
  if (config.seedDemo) {
    console.log(`\nFictional demo area. Every demo user's password is: ${DEMO_PASSWORD}`);
    for (const user of DEMO_USERS) console.log(`  ${user.email.padEnd(38)} ${user.description}`);
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      app.close().then(() => process.exit(0), () => process.exit(1));
    });
  }
} catch (error) {
  if (error instanceof ConfigError || error instanceof DataFolderBusyError) {
    console.error(`Lantern could not start: ${error.message}`);
    process.exit(1);
  }
  throw error;
}

import { loadConfig, type Config } from './platform/config.ts';
import { explainStartupFailure } from './platform/startup.ts';
import { describeError } from './platform/db/failures.ts';
import { startLantern } from './server.ts';
import { DEMO_PASSWORD, DEMO_USERS } from './modules/demo/index.ts';

let config: Config | null = null;
try {
  config = loadConfig();
  const { app, database } = await startLantern(config);
  await app.listen({ host: config.host, port: config.port });
  const address = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  console.log(`\nLantern is running at ${address} on ${database.kind === 'pglite' ? `embedded PostgreSQL (PGlite) in ${config.dataDir}` : 'PostgreSQL'}`);
  if (config.seedDemo) {
    console.log(`\nFictional demo area. Every demo user's password is: ${DEMO_PASSWORD}`);
    for (const user of DEMO_USERS) console.log(`  ${user.email.padEnd(38)} ${user.description}`);
  }
  // A fault outside any request: log its class and code in one line (Node's own report would
  // print the message, which can hold query parameters) and exit for the supervisor to restart.
  for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
    process.on(event, (error: unknown) => {
      app.log.fatal({ failure: describeError(error) }, `${event === 'uncaughtException' ? 'uncaught exception' : 'unhandled rejection'}: stopping`);
      process.exit(1);
    });
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      app.close().then(() => process.exit(0), () => process.exit(1));
    });
  }
} catch (error) {
  console.error(explainStartupFailure(error, config));
  // The full error only when asked for: it can hold the text of a failed statement.
  if (config?.logLevel === 'debug' || config?.logLevel === 'trace') console.error(error);
  process.exit(1);
}

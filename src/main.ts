/**
 * `npm start`: Lantern's server. On PostgreSQL it runs LANTERN_WORKERS worker processes (by default
 * one per core) sharing one port through Node's cluster module; the primary prepares the database
 * once, starts the workers and replaces any that stop. On the embedded database it is one process.
 * Everything the workers must agree on (sessions, CSRF secret, sign-in limits and lockouts, jobs,
 * the audit chains) is in PostgreSQL or given to them by the primary (decision record 0025).
 */
import cluster, { type Worker } from 'node:cluster';
import { loadConfig, type Config } from './platform/config.ts';
import { explainStartupFailure } from './platform/startup.ts';
import { describeError } from './platform/db/failures.ts';
import { openConfiguredDatabase, prepareDatabase, startLantern } from './server.ts';
import { DEMO_PASSWORD, DEMO_USERS } from './modules/demo/index.ts';

/** A worker that stops within this long of starting is not restarted: it would only fail again. */
const EARLY_EXIT_MS = 10_000;

let config: Config | null = null;
try {
  config = loadConfig();
  if (cluster.isPrimary && config.workers > 1) await runPrimary(config);
  else await runServer(config);
} catch (error) {
  console.error(explainStartupFailure(error, config));
  // The full error only when asked for: it can hold the text of a failed statement.
  if (config?.logLevel === 'debug' || config?.logLevel === 'trace') console.error(error);
  process.exit(1);
}

function announce(config: Config, where: string): void {
  const address = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  console.log(`\nLantern is running at ${address} on ${where}`);
  if (config.workersAsked > 1 && config.workers === 1) {
    console.log(`LANTERN_WORKERS=${config.workersAsked} is ignored: the embedded database belongs to one process, so Lantern runs as one. Set DATABASE_URL to use several.`);
  }
  if (config.seedDemo) {
    console.log(`\nFictional demo area. Every demo user's password is: ${DEMO_PASSWORD}`);
    for (const user of DEMO_USERS) console.log(`  ${user.email.padEnd(38)} ${user.description}`);
  }
}

/** One process serving requests: the whole of Lantern on PGlite, or one worker on PostgreSQL. */
async function runServer(config: Config): Promise<void> {
  const { app, database } = await startLantern(config);
  await app.listen({ host: config.host, port: config.port });
  if (cluster.isPrimary) announce(config, database.kind === 'pglite' ? `embedded PostgreSQL (PGlite) in ${config.dataDir}` : 'PostgreSQL');
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
}

/** The cluster's primary: prepares the database, starts the workers, replaces those that stop. */
async function runPrimary(config: Config): Promise<void> {
  const database = await openConfiguredDatabase(config);
  try {
    await prepareDatabase(config, database);
  } finally {
    await database.close();
  }
  // Outside production the CSRF secret is made at start-up: every worker must sign with the same one.
  const env = { SESSION_SECRET: config.sessionSecret };
  let stopping = false;
  const startedAt = new Map<Worker, number>();
  const start = () => {
    const worker = cluster.fork(env);
    startedAt.set(worker, Date.now());
    return worker;
  };

  const workers = Array.from({ length: config.workers }, start);
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          worker.once('listening', () => resolve());
          worker.once('exit', (code) => reject(new Error(`A worker process stopped while starting (exit code ${code})`)));
        }),
    ),
  );
  announce(config, `PostgreSQL, with ${config.workers} worker processes`);

  cluster.on('exit', (worker, code, signal) => {
    const ranFor = Date.now() - (startedAt.get(worker) ?? 0);
    startedAt.delete(worker);
    if (stopping) {
      if (startedAt.size === 0) process.exit(0);
      return;
    }
    if (ranFor < EARLY_EXIT_MS) {
      console.error(`A worker process stopped ${Math.round(ranFor / 1000)} s after starting (${signal ?? `exit code ${code}`}); Lantern is stopping.`);
      stopping = true;
      for (const other of startedAt.keys()) other.kill('SIGTERM');
      process.exitCode = 1;
      if (startedAt.size === 0) process.exit(1);
      return;
    }
    console.error(`A worker process stopped (${signal ?? `exit code ${code}`}); starting another.`);
    start();
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stopping = true;
      for (const worker of startedAt.keys()) worker.kill('SIGTERM');
    });
  }
}

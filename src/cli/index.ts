import { Command, InvalidArgumentError } from 'commander';
import { and, eq } from 'drizzle-orm';
import { loadConfig, type Config } from '../platform/config.ts';
import { DataFolderBusyError, openDatabase, type Database } from '../platform/db/database.ts';
import { ensureAuditChains, useAuditKey, type RequestContext } from '../platform/audit/audit.ts';
import { describeVerification, verifyWithCheckpoint, writeCheckpoint } from '../platform/audit/checkpoints.ts';
import { createApiToken } from '../platform/auth/api-tokens.ts';
import { agencies, areas, users } from '../modules/organisation/tables.ts';
import { ROLES } from '../modules/organisation/roles.ts';
import { createUser } from '../modules/organisation/service.ts';
import { normaliseEmail } from '../modules/organisation/users.ts';
import { registerLinkageCommands } from '../modules/linkage/cli.ts';
import { registerLinkageDatabaseCommands } from '../modules/linkage/db-cli.ts';
import { generateArea } from '../modules/demo/generate.ts';
import { registerProfileCommands } from '../modules/profile/cli.ts';
// Every module, so the profile sections other modules register are there for `returns build` too.
import '../modules/index.ts';
import { Presets, SingleBar } from 'cli-progress';

/** The CLI acts as no signed-in person; its audit rows say so by their request id. */
const CLI_CONTEXT: RequestContext = { actor: null, ip: null, requestId: 'cli' };

/** Opens the configured database, runs `work`, and always closes it. Embedded data in use elsewhere is a clear error. */
async function withDatabase<T>(work: (database: Database, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  useAuditKey(config.auditKey);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, migrationUrl: config.databaseMigrationUrl, dataDir: config.dataDir });
  try {
    await database.migrate();
    await ensureAuditChains(database.db);
    return await work(database, config);
  } finally {
    await database.close();
  }
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive whole number');
  return n;
}

const program = new Command('lantern').description('Lantern command line: database, users, tokens and the audit trail').showHelpAfterError();

program
  .command('migrate')
  .description('apply database migrations (the server also applies them on start)')
  .action(() =>
    withDatabase(async (database) => {
      console.log(`Migrations applied to ${database.kind === 'pglite' ? 'the embedded database' : 'PostgreSQL'}.`);
    }),
  );

program
  .command('create-user')
  .description('create a user; without --password they get a one-time link to choose one')
  .requiredOption('--email <email>', 'work email address')
  .requiredOption('--name <name>', 'full name')
  .requiredOption('--role <role>', `one of: ${ROLES.join(', ')}`)
  .requiredOption('--agency <agency>', 'agency name or id')
  .option('--area <code>', 'area code, when agency names repeat across areas')
  .option('--job-title <title>', 'job title')
  .option('--password <password>', 'set the password directly (at least 12 characters)')
  .action((options: { email: string; name: string; role: string; agency: string; area?: string; jobTitle?: string; password?: string }) =>
    withDatabase(async ({ db }) => {
      const matches = await db
        .select({ id: agencies.id, areaCode: areas.code })
        .from(agencies)
        .innerJoin(areas, eq(areas.id, agencies.areaId))
        .where(and(/^[0-9a-f-]{36}$/i.test(options.agency) ? eq(agencies.id, options.agency) : eq(agencies.name, options.agency), options.area ? eq(areas.code, options.area.toUpperCase()) : undefined));
      if (matches.length !== 1) {
        throw new CliError(matches.length === 0 ? `No agency called "${options.agency}"` : `Several agencies are called "${options.agency}": add --area <code>`);
      }
      const result = await createUser(db, CLI_CONTEXT, { ...options, agencyId: matches[0]!.id });
      if (!result.ok) throw new CliError(Object.values(result.errors).join('\n'));
      console.log(`Created user ${result.value.id}.`);
      if (result.value.inviteToken) console.log(`One-time link to choose a password (shown once): /invite/${result.value.inviteToken}`);
    }),
  );

program
  .command('create-token')
  .description('create a personal access token for the JSON API (shown once, stored hashed)')
  .requiredOption('--email <email>', 'the user the token acts as')
  .option('--name <name>', 'what the token is for', 'API token')
  .option('--expires-days <days>', 'days until it expires', positiveInteger)
  .action((options: { email: string; name: string; expiresDays?: number }) =>
    withDatabase(async ({ db }) => {
      const [user] = await db.select({ id: users.id, active: users.active }).from(users).where(eq(users.email, normaliseEmail(options.email)));
      if (!user || !user.active) throw new CliError(`No active user with the email ${options.email}`);
      const { token } = await createApiToken(db, CLI_CONTEXT, user.id, options.name, options.expiresDays);
      console.log(token);
      console.error('Keep this token secret: it is shown only once. Send it as "Authorization: Bearer <token>".');
    }),
  );

const audit = program.command('audit').description('the audit trail');

audit
  .command('verify')
  .description('check every hash chain against the audit key and the latest checkpoint; exits 1 naming each broken chain')
  .action(() =>
    withDatabase(async ({ db }, config) => {
      const { ok, lines } = describeVerification(await verifyWithCheckpoint(db, config.auditCheckpointDir), config.auditCheckpointDir);
      for (const line of lines) (ok ? console.log : console.error)(line);
      if (!ok) process.exitCode = 1;
    }),
  );

audit
  .command('checkpoint')
  .description('write a signed checkpoint of every chain now (the server writes one hourly and when it stops)')
  .action(() =>
    withDatabase(async ({ db }, config) => {
      const result = await writeCheckpoint(db, config.auditCheckpointDir);
      if (!result.written) throw new CliError(`No checkpoint written: ${result.problem}. Run "audit verify".`);
      console.log(`Checkpoint written to ${result.file}`);
    }),
  );

program
  .command('generate')
  .description('write a realistic fictional area of any size into the database, reproducibly from a seed')
  .option('--young-people <n>', 'young people to create', positiveInteger, 10_000)
  .option('--concerns <n>', 'concerns to create', positiveInteger, 100_000)
  .option('--seed <n>', 'random seed: the same seed writes the same data', positiveInteger, 1)
  .option('--area <code>', 'code of the new area (must not exist yet)', 'GEN')
  .action((options: { youngPeople: number; concerns: number; seed: number; area: string }) =>
    withDatabase(async ({ db }) => {
      const [existing] = await db.select({ id: areas.id }).from(areas).where(eq(areas.code, options.area.toUpperCase()));
      if (existing) throw new CliError(`An area with the code ${options.area.toUpperCase()} already exists: choose another --area`);
      const bar = new SingleBar({ format: '{stage} [{bar}] {value}/{total}', hideCursor: true }, Presets.shades_classic);
      let stage = '';
      const started = Date.now();
      const result = await generateArea(db, CLI_CONTEXT, {
        youngPeople: options.youngPeople,
        concerns: options.concerns,
        seed: options.seed,
        areaCode: options.area,
        onProgress: (name, done, total) => {
          if (name !== stage) {
            if (stage) bar.stop();
            stage = name;
            bar.start(total, 0, { stage: name.padEnd(24) });
          }
          bar.update(done);
        },
      });
      bar.stop();
      console.log(`Generated area ${options.area.toUpperCase()} (${result.areaId}): ${result.youngPeople} young people, ${result.concerns} concerns in ${Math.round((Date.now() - started) / 1000)} s.`);
    }),
  );

registerLinkageCommands(program);
registerLinkageDatabaseCommands(program, { withDatabase, context: CLI_CONTEXT });
registerProfileCommands(program, { withDatabase, context: CLI_CONTEXT });

class CliError extends Error {}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CliError || error instanceof DataFolderBusyError) {
    console.error(error.message);
    process.exitCode = 2;
  } else throw error;
}

import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { and, eq } from 'drizzle-orm';
import { loadConfig, type Config } from '../platform/config.ts';
import { isUuid } from '../platform/ids.ts';
import { DataFolderBusyError, NoDatabaseError, openDatabase, type Database } from '../platform/db/database.ts';
import { BackupError, openExistingDatabase } from '../platform/backup/backup.ts';
import { registerBackupCommands } from '../platform/backup/cli.ts';
import { auditKeyInUse, ensureAuditChains, useAuditKey, type RequestContext } from '../platform/audit/audit.ts';
import { describeVerification, verifyWithCheckpoint, writeCheckpoint } from '../platform/audit/checkpoints.ts';
import { createApiToken, DEFAULT_API_TOKEN_DAYS, listApiTokens, MAX_API_TOKEN_DAYS, revokeApiToken } from '../platform/auth/api-tokens.ts';
import { agencies, areas, users } from '../modules/organisation/tables.ts';
import { ROLES } from '../platform/auth/roles.ts';
import { createUser, reissueInvite } from '../modules/organisation/index.ts';
import { normaliseEmail } from '../platform/auth/users.ts';
import { resetTwoFactor } from '../modules/two-factor/index.ts';
import { registerLinkageCommands, registerLinkageDatabaseCommands } from '../modules/linkage/index.ts';
import { generateArea } from '../modules/demo/index.ts';
import { registerProfileCommands } from '../modules/profile/index.ts';
import { registerReturnsCommands } from '../modules/returns/index.ts';
import { registerServicesCommands } from '../modules/services/index.ts';
import { registerRescanIdentifiersCommand } from './rescan-identifiers.ts';
import { makeDueBatches } from '../modules/retention/index.ts';
import { now } from '../platform/time.ts';
import { registerTransferCommands } from '../modules/transfers/index.ts';
import { installedModules, installModules } from '../platform/modules.ts';
import { CommandFailed } from '../platform/command-line.ts';
import { MODULES } from '../modules/index.ts';
import { Presets, SingleBar } from 'cli-progress';
import { describeError, FAILURE_WORDS, type FailureKind } from '../platform/db/failures.ts';

/**
 * The `lantern` command line as a function: runs the command `args` names (the arguments after the
 * program's own name) with `env` as its environment, and returns the exit code. src/cli/index.ts
 * runs it for the real process; tests run it in theirs, which saves starting a process per command.
 *
 * Each call builds its program afresh (commander keeps parsed options on the program, so one cannot
 * parse twice) and reads the environment only from `env`. Commands print through console.log and
 * console.error. Run one at a time: while a command runs, the audit key and the installed modules are
 * the command line's, and afterwards they are what they were before it ran.
 */
export async function runCommandLine(args: readonly string[], { env = process.env }: { env?: NodeJS.ProcessEnv } = {}): Promise<number> {
  const keyBefore = auditKeyInUse();
  const modulesBefore = installedModules();
  // Every module's contributions, so that `returns build` counts the profile sections other modules add.
  installModules(MODULES);
  try {
    await buildProgram(env).parseAsync([...args], { from: 'user' });
    return 0;
  } catch (error) {
    return reportFailure(error, env);
  } finally {
    useAuditKey(keyBefore);
    installModules(modulesBefore);
  }
}

/** The CLI acts as no signed-in person; its audit rows say so by their request id. */
const CLI_CONTEXT: RequestContext = { actor: null, ip: null, requestId: 'cli' };

/** A problem the person running the command can fix: its message is printed without a stack, exit code 2. */
class CliError extends Error {}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive whole number');
  return n;
}

async function activeUserId(db: Database['db'], email: string): Promise<string> {
  const [user] = await db.select({ id: users.id, active: users.active }).from(users).where(eq(users.email, normaliseEmail(email)));
  if (!user || !user.active) throw new CliError(`No active user with the email ${email}`);
  return user.id;
}

/** Prints why the command failed, in words that hold no personal data, and gives its exit code. */
function reportFailure(error: unknown, env: NodeJS.ProcessEnv): number {
  // Already printed: a command that failed on purpose, or commander's own usage message or help.
  if (error instanceof CommandFailed || error instanceof CommanderError) return error.exitCode;
  if (error instanceof DataFolderBusyError || error instanceof NoDatabaseError) {
    console.error(`Lantern could not open the database: ${error.message}`);
    return 2;
  }
  if (error instanceof CliError || error instanceof BackupError) {
    console.error(error.message);
    return 2;
  }
  // One line with the error's class and code: a failed query's message lists its parameters,
  // which can be the names and dates of birth being imported.
  const { kind, errorClass, code } = describeError(error);
  const cause = kind === 'internal' ? `an unexpected ${errorClass}` : `${FAILURE_WORDS[kind as FailureKind]} (${errorClass})`;
  console.error(`The command failed: ${cause}${code ? `, code ${code}` : ''}. Run it with LOG_LEVEL=debug to print the full error.`);
  if (env.LOG_LEVEL === 'debug' || env.LOG_LEVEL === 'trace') console.error(error);
  return 1;
}

function buildProgram(env: NodeJS.ProcessEnv): Command {
  /** Opens the configured database, runs `work`, and always closes it. Embedded data in use elsewhere is a clear error. */
  async function withDatabase<T>(work: (database: Database, config: Config) => Promise<T>): Promise<T> {
    const config = loadConfig(env);
    useAuditKey(config.auditKey);
    const database = await openDatabase({ databaseUrl: config.databaseUrl, migrationUrl: config.databaseMigrationUrl, dataDir: config.dataDir, fsync: config.pgliteFsync });
    try {
      await database.migrate();
      await ensureAuditChains(database.db);
      return await work(database, config);
    } finally {
      await database.close();
    }
  }

  // Set before any command is added, as subcommands copy these settings when they are made: usage
  // errors and help end the run with commander's exit code instead of ending the process.
  const program = new Command('lantern')
    .description('Lantern command line: database, users, tokens and the audit trail')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => console.log(text.replace(/\n$/, '')),
      writeErr: (text) => console.error(text.replace(/\n$/, '')),
    });

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
    .option('--expires-days <days>', `days until it expires (at most ${MAX_API_TOKEN_DAYS})`, positiveInteger, DEFAULT_API_TOKEN_DAYS)
    .action((options: { email: string; name: string; expiresDays: number }) =>
      withDatabase(async ({ db }) => {
        if (options.expiresDays > MAX_API_TOKEN_DAYS) throw new CliError(`A token lasts at most ${MAX_API_TOKEN_DAYS} days: renew it with a new token when it ends`);
        const { token } = await createApiToken(db, CLI_CONTEXT, await activeUserId(db, options.email), options.name, options.expiresDays);
        console.log(token);
        console.error(`Keep this token secret: it is shown only once and stops working in ${options.expiresDays} days. Send it as "Authorization: Bearer <token>".`);
      }),
    );

  program
    .command('reset-link')
    .description("make a one-time link for someone to choose a new password; for a server without email (the link is never shown to administrators)")
    .requiredOption('--email <email>', 'whose password')
    .action((options: { email: string }) =>
      withDatabase(async ({ db }, config) => {
        const token = await reissueInvite(db, CLI_CONTEXT, await activeUserId(db, options.email));
        const base = config.publicUrl?.replace(/\/+$/, '') ?? '';
        console.log(`${base}/invite/${token}`);
        console.error('Give this link to the person directly. It works once and for 7 days; choosing a password with it signs them out everywhere.');
      }),
    );

  program
    .command('reset-two-factor')
    .description("remove someone's two-factor sign-in (a lost phone and lost recovery codes) so they set it up again at their next sign-in; signs them out everywhere")
    .requiredOption('--email <email>', 'whose two-factor sign-in')
    .action((options: { email: string }) =>
      withDatabase(async ({ db }) => {
        const result = await resetTwoFactor(db, CLI_CONTEXT, 'command_line', await activeUserId(db, options.email));
        if (!result.ok) throw new CliError(`Two-factor sign-in is not set up for ${options.email}; nothing was changed`);
        console.log('Two-factor sign-in was reset. They will set it up again when they next sign in.');
      }),
    );

  program
    .command('list-tokens')
    .description("list a user's API tokens with when each was last used (never the tokens themselves)")
    .requiredOption('--email <email>', 'whose tokens')
    .action((options: { email: string }) =>
      withDatabase(async ({ db }) => {
        const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, normaliseEmail(options.email)));
        if (!user) throw new CliError(`No user with the email ${options.email}`);
        const tokens = await listApiTokens(db, user.id);
        if (tokens.length === 0) console.log('No tokens');
        for (const t of tokens) {
          console.log([t.id, t.status, t.name, `created ${t.createdAt.toISOString()}`, `expires ${t.expiresAt.toISOString()}`, `last used ${t.lastUsedAt?.toISOString() ?? 'never'}`].join('\t'));
        }
      }),
    );

  program
    .command('revoke-token')
    .description('stop an API token working at once')
    .requiredOption('--email <email>', 'whose token')
    .requiredOption('--id <id>', 'the token id, from list-tokens')
    .action((options: { email: string; id: string }) =>
      withDatabase(async ({ db }) => {
        const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, normaliseEmail(options.email)));
        if (!user || !isUuid(options.id) || !(await revokeApiToken(db, CLI_CONTEXT, user.id, options.id))) {
          throw new CliError(`${options.email} has no live token with the id ${options.id}`);
        }
        console.log('Revoked: the token no longer works');
      }),
    );

  const audit = program.command('audit').description('the audit trail');

  audit
    .command('verify')
    .description('check every hash chain against the audit key and the latest checkpoint; exits 1 naming each broken chain')
    .action(async () => {
      const config = loadConfig(env);
      useAuditKey(config.auditKey);
      // Never migrate or create here: a missing or empty database is refused, not reported as a clean trail.
      const database = await openExistingDatabase(config);
      try {
        const { ok, lines } = describeVerification(await verifyWithCheckpoint(database.db, config.auditCheckpointDir), config.auditCheckpointDir);
        for (const line of lines) (ok ? console.log : console.error)(line);
        if (!ok) throw new CommandFailed(1);
      } finally {
        await database.close();
      }
    });

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
    .command('retention-review')
    .description('find the records every area’s retention schedule says are due and make review batches now (the server does this daily)')
    .action(() =>
      withDatabase(async ({ db }) => {
        const made = await makeDueBatches(db, now());
        console.log(made ? `Made ${made} retention review batch${made === 1 ? '' : 'es'}: the coordinator reviews ${made === 1 ? 'it' : 'them'} on the Retention page.` : 'Nothing is due for a retention review.');
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
  registerBackupCommands(program, env);
  registerLinkageDatabaseCommands(program, { withDatabase, context: CLI_CONTEXT });
  registerProfileCommands(program, { withDatabase, context: CLI_CONTEXT });
  registerReturnsCommands(program, { withDatabase, context: CLI_CONTEXT });
  registerServicesCommands(program, { withDatabase, context: CLI_CONTEXT });
  registerRescanIdentifiersCommand(program, { withDatabase, context: CLI_CONTEXT });
  registerTransferCommands(program, { withDatabase, context: CLI_CONTEXT });

  return program;
}

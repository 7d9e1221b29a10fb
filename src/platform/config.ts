import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Everything Lantern reads from its environment, read once and validated at start-up. */
export interface Config {
  env: 'production' | 'development' | 'test';
  host: string;
  port: number;
  /** A PostgreSQL server; when absent Lantern runs on embedded PGlite in `dataDir`. */
  databaseUrl: string | undefined;
  /** The tables' owner, for migrations only; when set, `databaseUrl` is the application's own role. */
  databaseMigrationUrl: string | undefined;
  dataDir: string;
  /** Embedded PGlite flushes every commit to disk (off only trades power-loss safety for speed). */
  pgliteFsync: boolean;
  sessionSecret: string;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  lockoutThreshold: number;
  lockoutMinutes: number;
  signInRateLimitPerMinute: number;
  bodyLimitBytes: number;
  trustProxy: boolean;
  /** Seed the fictional demo area when the database is empty (never in production). */
  seedDemo: boolean;
  logLevel: string;
  smtpUrl: string | undefined;
  publicUrl: string | undefined;
  /** Lets a Prometheus server on another machine read /metrics; from this machine no token is needed. */
  metricsToken: string | undefined;
  /** Secret that keys every audit row's hash and signs checkpoints; never stored in the database. */
  auditKey: string;
  /** Where the key came from: `development` is the fixed key that is public and must never guard real data. */
  auditKeySource: 'environment' | 'file' | 'development';
  /** Folder where signed checkpoints of the audit chains are written, outside the database. */
  auditCheckpointDir: string;
  /** Everyone with casework or administration access must use an authenticator code to sign in (always in production). */
  requireTwoFactor: boolean;
  /** Seconds between the job scheduler's ticks (reminders); 0 in tests, which run jobs themselves. */
  jobTickSeconds: number;
  /**
   * Worker processes serving requests (LANTERN_WORKERS; on PostgreSQL, by default one per core).
   * The embedded database belongs to one process, so on PGlite this is always 1 and
   * `workersAsked` keeps what was asked for, to say so at start-up.
   */
  workers: number;
  workersAsked: number;
}

/**
 * Used outside production when no key is given. It is written here, so it protects nothing: it
 * only lets development and tests run without setting one up.
 */
export const DEVELOPMENT_AUDIT_KEY = 'lantern-development-audit-key-which-is-public-and-protects-nothing';
const AUDIT_KEY_MIN_LENGTH = 32;

export class ConfigError extends Error {}

/**
 * A whole number within limits that make sense for the setting, so a slip such as an extra zero
 * (a session that never expires, a body limit of gigabytes) stops start-up rather than running.
 */
function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.trim());
  if (!/^\s*\d+\s*$/.test(raw) || !Number.isSafeInteger(value) || value < 1 || value > max) {
    throw new ConfigError(`${name} must be a whole number from 1 to ${max} (got "${raw}")`);
  }
  return value;
}

/** One of a fixed set of words, so a typo such as LOG_LEVEL=loud stops start-up instead of being ignored. */
function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new ConfigError(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
  return raw as T;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  return oneOf(env, name, ['true', 'false'], fallback ? 'true' : 'false') === 'true';
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value > 65_535) throw new ConfigError(`${name} must be a port number from 0 to 65535 (got "${raw}")`);
  return value;
}

function url(env: NodeJS.ProcessEnv, name: string, protocols: readonly string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a full address such as ${protocols[0]}//host (the value given is not an address)`);
  }
  if (!protocols.includes(parsed.protocol)) throw new ConfigError(`${name} must start with ${protocols.join(' or ')}`);
  return raw;
}

/** A shared secret: long enough that it cannot be guessed, and nothing that a header would mangle. */
function secret(env: NodeJS.ProcessEnv, name: string, minLength: number): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (raw.length < minLength) throw new ConfigError(`${name} must be at least ${minLength} characters long (got ${raw.length})`);
  if (!/^[\x21-\x7e]+$/.test(raw)) throw new ConfigError(`${name} must be printable characters without spaces`);
  return raw;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The audit key from LANTERN_AUDIT_KEY or the file LANTERN_AUDIT_KEY_FILE names; required in production. */
function auditKey(env: NodeJS.ProcessEnv, nodeEnv: Config['env']): Pick<Config, 'auditKey' | 'auditKeySource'> {
  const direct = env.LANTERN_AUDIT_KEY ?? '';
  const file = env.LANTERN_AUDIT_KEY_FILE ?? '';
  if (direct && file) throw new ConfigError('Set LANTERN_AUDIT_KEY or LANTERN_AUDIT_KEY_FILE, not both');
  let key: string;
  let source: Config['auditKeySource'];
  if (file) {
    try {
      key = fs.readFileSync(file, 'utf8').trim();
    } catch (error) {
      throw new ConfigError(`LANTERN_AUDIT_KEY_FILE cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}): ${file}`);
    }
    source = 'file';
  } else if (direct) {
    key = direct;
    source = 'environment';
  } else if (nodeEnv === 'production') {
    throw new ConfigError('LANTERN_AUDIT_KEY or LANTERN_AUDIT_KEY_FILE must be set in production: it keys the audit trail\'s hashes');
  } else {
    return { auditKey: DEVELOPMENT_AUDIT_KEY, auditKeySource: 'development' };
  }
  if (key.length < AUDIT_KEY_MIN_LENGTH) {
    throw new ConfigError(`The audit key (${source === 'file' ? 'LANTERN_AUDIT_KEY_FILE' : 'LANTERN_AUDIT_KEY'}) must be at least ${AUDIT_KEY_MIN_LENGTH} characters`);
  }
  return { auditKey: key, auditKeySource: source };
}

/**
 * Beside the embedded data folder (./data → ./data-audit-checkpoints), or ./audit-checkpoints for a
 * PostgreSQL server. Tests get a fresh temporary folder so they never write into the working copy.
 */
function auditCheckpointDir(env: NodeJS.ProcessEnv, nodeEnv: Config['env'], databaseUrl: string | undefined, dataDir: string): string {
  const raw = env.LANTERN_AUDIT_CHECKPOINT_DIR;
  if (raw) return path.resolve(raw);
  if (nodeEnv === 'test') return path.join(os.tmpdir(), `lantern-audit-checkpoints-${randomBytes(6).toString('hex')}`);
  if (databaseUrl) return path.resolve('audit-checkpoints');
  return path.join(path.dirname(dataDir), `${path.basename(dataDir)}-audit-checkpoints`);
}

function workers(env: NodeJS.ProcessEnv, databaseUrl: string | undefined): Pick<Config, 'workers' | 'workersAsked'> {
  const asked = integer(env, 'LANTERN_WORKERS', databaseUrl ? os.availableParallelism() : 1, 256);
  return { workers: databaseUrl ? asked : 1, workersAsked: asked };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = oneOf(env, 'NODE_ENV', ['production', 'development', 'test'], 'development');
  let sessionSecret = env.SESSION_SECRET ?? '';
  if (nodeEnv === 'production') {
    if (sessionSecret.length < 32) {
      throw new ConfigError('SESSION_SECRET must be set to at least 32 random characters in production');
    }
  } else if (!sessionSecret) {
    // Outside production a throwaway secret is fine: it only signs the CSRF cookie.
    sessionSecret = randomBytes(32).toString('hex');
  }
  const seedDemo = flag(env, 'LANTERN_DEMO', nodeEnv !== 'production');
  if (seedDemo && nodeEnv === 'production') {
    throw new ConfigError('The fictional demo area cannot be seeded when NODE_ENV=production; unset LANTERN_DEMO');
  }
  const requireTwoFactor = flag(env, 'LANTERN_REQUIRE_TWO_FACTOR', nodeEnv === 'production');
  if (!requireTwoFactor && nodeEnv === 'production') {
    throw new ConfigError('Two-factor sign-in cannot be switched off when NODE_ENV=production; unset LANTERN_REQUIRE_TWO_FACTOR');
  }
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const databaseMigrationUrl = url(env, 'DATABASE_MIGRATION_URL', ['postgres:', 'postgresql:']);
  if (databaseMigrationUrl && !databaseUrl) throw new ConfigError('DATABASE_MIGRATION_URL needs DATABASE_URL as well (the application role\'s address)');
  const dataDir = path.resolve(env.LANTERN_DATA_DIR ?? './data');
  return {
    env: nodeEnv,
    host: env.HOST ?? '127.0.0.1',
    port: port(env, 'PORT', 3000),
    databaseUrl,
    databaseMigrationUrl,
    dataDir,
    pgliteFsync: flag(env, 'LANTERN_PGLITE_FSYNC', true),
    sessionSecret,
    sessionIdleMinutes: integer(env, 'SESSION_IDLE_MINUTES', 30, 24 * 60),
    sessionAbsoluteHours: integer(env, 'SESSION_ABSOLUTE_HOURS', 12, 7 * 24),
    lockoutThreshold: integer(env, 'SIGN_IN_LOCKOUT_THRESHOLD', 5, 100),
    lockoutMinutes: integer(env, 'SIGN_IN_LOCKOUT_MINUTES', 15, 24 * 60),
    signInRateLimitPerMinute: integer(env, 'SIGN_IN_RATE_LIMIT_PER_MINUTE', 20, 100_000),
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 256 * 1024, 100 * 1024 * 1024),
    trustProxy: flag(env, 'TRUST_PROXY', false),
    seedDemo,
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info'),
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    publicUrl: url(env, 'PUBLIC_URL', ['https:', 'http:']),
    metricsToken: secret(env, 'METRICS_TOKEN', 32),
    ...auditKey(env, nodeEnv),
    auditCheckpointDir: auditCheckpointDir(env, nodeEnv, databaseUrl, dataDir),
    requireTwoFactor,
    ...workers(env, databaseUrl),
    jobTickSeconds: env.LANTERN_JOB_TICK_SECONDS === '0' || (nodeEnv === 'test' && !env.LANTERN_JOB_TICK_SECONDS) ? 0 : integer(env, 'LANTERN_JOB_TICK_SECONDS', 60, 3600),
  };
}

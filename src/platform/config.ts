import { randomBytes } from 'node:crypto';
import path from 'node:path';

/** Everything Lantern reads from its environment, read once and validated at start-up. */
export interface Config {
  env: 'production' | 'development' | 'test';
  host: string;
  port: number;
  /** A PostgreSQL server; when absent Lantern runs on embedded PGlite in `dataDir`. */
  databaseUrl: string | undefined;
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
}

export class ConfigError extends Error {}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new ConfigError(`${name} must be a positive whole number (got "${raw}")`);
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
  return {
    env: nodeEnv,
    host: env.HOST ?? '127.0.0.1',
    port: port(env, 'PORT', 3000),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    dataDir: path.resolve(env.LANTERN_DATA_DIR ?? './data'),
    pgliteFsync: flag(env, 'LANTERN_PGLITE_FSYNC', true),
    sessionSecret,
    sessionIdleMinutes: integer(env, 'SESSION_IDLE_MINUTES', 30),
    sessionAbsoluteHours: integer(env, 'SESSION_ABSOLUTE_HOURS', 12),
    lockoutThreshold: integer(env, 'SIGN_IN_LOCKOUT_THRESHOLD', 5),
    lockoutMinutes: integer(env, 'SIGN_IN_LOCKOUT_MINUTES', 15),
    signInRateLimitPerMinute: integer(env, 'SIGN_IN_RATE_LIMIT_PER_MINUTE', 20),
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 256 * 1024),
    trustProxy: flag(env, 'TRUST_PROXY', false),
    seedDemo,
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info'),
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    publicUrl: url(env, 'PUBLIC_URL', ['https:', 'http:']),
    metricsToken: secret(env, 'METRICS_TOKEN', 32),
  };
}

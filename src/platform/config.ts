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
}

export class ConfigError extends Error {}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new ConfigError(`${name} must be a positive whole number (got "${raw}")`);
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development';
  let sessionSecret = env.SESSION_SECRET ?? '';
  if (nodeEnv === 'production') {
    if (sessionSecret.length < 32) {
      throw new ConfigError('SESSION_SECRET must be set to at least 32 random characters in production');
    }
  } else if (!sessionSecret) {
    // Outside production a throwaway secret is fine: it only signs the CSRF cookie.
    sessionSecret = randomBytes(32).toString('hex');
  }
  const seedDemo = env.LANTERN_DEMO === undefined ? nodeEnv !== 'production' : env.LANTERN_DEMO === 'true';
  if (seedDemo && nodeEnv === 'production') {
    throw new ConfigError('The fictional demo area cannot be seeded when NODE_ENV=production; unset LANTERN_DEMO');
  }
  return {
    env: nodeEnv,
    host: env.HOST ?? '127.0.0.1',
    port: env.PORT === undefined ? 3000 : Number(env.PORT),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.LANTERN_DATA_DIR ?? './data'),
    sessionSecret,
    sessionIdleMinutes: integer(env, 'SESSION_IDLE_MINUTES', 30),
    sessionAbsoluteHours: integer(env, 'SESSION_ABSOLUTE_HOURS', 12),
    lockoutThreshold: integer(env, 'SIGN_IN_LOCKOUT_THRESHOLD', 5),
    lockoutMinutes: integer(env, 'SIGN_IN_LOCKOUT_MINUTES', 15),
    signInRateLimitPerMinute: integer(env, 'SIGN_IN_RATE_LIMIT_PER_MINUTE', 20),
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 256 * 1024),
    trustProxy: env.TRUST_PROXY === 'true',
    seedDemo,
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    smtpUrl: env.SMTP_URL || undefined,
    publicUrl: env.PUBLIC_URL || undefined,
  };
}

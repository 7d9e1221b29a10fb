/**
 * Telling "the database cannot serve us right now" apart from a bug, by error codes and classes
 * only. Messages are never read: a query's text (which can contain any word) or its parameters
 * (which can contain a child's name) must not decide the answer or reach the log.
 */

/** Why the database could not do what was asked; each is answered 503 with Retry-After. */
export type FailureKind = 'database_unavailable' | 'disk_full' | 'read_only' | 'pool_exhausted';

/** Each kind in words for an operator (health checks, the command line). */
export const FAILURE_WORDS: Record<FailureKind, string> = {
  database_unavailable: 'the database cannot be reached',
  disk_full: 'the database disk is full',
  read_only: 'the database accepts no writes',
  pool_exhausted: 'every database connection is busy',
};

/** Raised by Lantern's own database layer when the driver failed without a code of its own. */
export class DatabaseUnavailableError extends Error {
  constructor(
    readonly kind: FailureKind,
    cause: unknown,
  ) {
    super(kind === 'pool_exhausted' ? 'No database connection became free in time' : 'The database could not be reached', { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

/** Operating-system error numbers that mean the server or the disk is out of reach. */
const ERRNO_KINDS: Record<string, FailureKind> = {
  ECONNREFUSED: 'database_unavailable',
  ECONNRESET: 'database_unavailable',
  ECONNABORTED: 'database_unavailable',
  ETIMEDOUT: 'database_unavailable',
  EPIPE: 'database_unavailable',
  ENOTFOUND: 'database_unavailable',
  EAI_AGAIN: 'database_unavailable',
  EHOSTUNREACH: 'database_unavailable',
  ENETUNREACH: 'database_unavailable',
  ENOSPC: 'disk_full',
  EDQUOT: 'disk_full',
  EROFS: 'read_only',
};

/** PostgreSQL's SQLSTATE codes (and classes) that mean the server cannot serve the request now. */
function kindOfSqlState(code: string): FailureKind | null {
  if (code === '53100') return 'disk_full';
  if (code === '25006') return 'read_only'; // a standby after fail-over, for example
  if (code.startsWith('08')) return 'database_unavailable'; // connection exceptions
  if (['57P01', '57P02', '57P03', '57P05'].includes(code)) return 'database_unavailable'; // shut down, crashed, starting, idle-terminated
  if (code === '53300' || code === '53200') return 'database_unavailable'; // too many connections, out of memory
  return null;
}

interface ErrorLike {
  code?: unknown;
  cause?: unknown;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** The failure kind of an error or anything in its chain of causes; null for everything else. */
export function classifyFailure(error: unknown): FailureKind | null {
  const seen = new Set<unknown>();
  for (let e = error as ErrorLike | undefined; e && typeof e === 'object' && !seen.has(e); e = e.cause as ErrorLike | undefined) {
    seen.add(e);
    if (e instanceof DatabaseUnavailableError) return e.kind;
    const code = typeof e.code === 'string' ? e.code : '';
    if (Object.hasOwn(ERRNO_KINDS, code)) return ERRNO_KINDS[code]!;
    if (SQLSTATE.test(code)) {
      const kind = kindOfSqlState(code);
      if (kind) return kind;
    }
  }
  return null;
}

/** The first code in an error's chain: a SQLSTATE such as 23505 or an error number such as ECONNRESET. */
export function errorCode(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  for (let e = error as ErrorLike | undefined; e && typeof e === 'object' && !seen.has(e); e = e.cause as ErrorLike | undefined) {
    seen.add(e);
    if (typeof e.code === 'string' && /^[0-9A-Z_]{2,40}$/.test(e.code)) return e.code;
  }
  return undefined;
}

/**
 * What may be logged about an error: its kind, its class names down the cause chain and its code.
 * Never its message or stack: Drizzle's message carries every parameter of the failed query.
 */
export function describeError(error: unknown): { kind: string; errorClass: string; code?: string } {
  const classes: string[] = [];
  const seen = new Set<unknown>();
  for (let e = error as ErrorLike | undefined; e && typeof e === 'object' && !seen.has(e) && classes.length < 4; e = e.cause as ErrorLike | undefined) {
    seen.add(e);
    const name = (e as { constructor?: { name?: unknown } }).constructor?.name;
    classes.push(typeof name === 'string' && /^[\w$]{1,60}$/.test(name) ? name : 'Unknown');
  }
  const code = errorCode(error);
  return { kind: classifyFailure(error) ?? 'internal', errorClass: classes.join(' < ') || typeof error, ...(code ? { code } : {}) };
}

/**
 * An error the pg driver raised itself, without a SQLSTATE or error number: the connection ended,
 * the client is no longer usable, or a connection timed out. Programming errors keep their class.
 */
export function isDriverConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError || error instanceof ReferenceError) return false;
  return errorCode(error) === undefined;
}

/** A migration failed; Drizzle applies pending migrations in one transaction, so none of them stayed. */
export class MigrationFailedError extends Error {
  constructor(cause: unknown) {
    super('A database migration failed and was rolled back', { cause });
    this.name = 'MigrationFailedError';
  }
}

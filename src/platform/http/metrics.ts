import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'drizzle-orm';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { rows, type Database } from '../db/database.ts';

/**
 * Lantern's Prometheus metrics. Each app has its own registry (tests build many apps in one
 * process). Labels are route patterns such as /young-people/:id, never the address as typed, so
 * no identifier or name can reach a metric and the number of series stays bounded.
 */
export interface LanternMetrics {
  registry: Registry;
  /** Counts the request; a 4xx or 5xx also counts as an error of `failureKind`, or client/internal. */
  requestFinished(request: FastifyRequest, statusCode: number, seconds: number, failureKind?: string): void;
}

export function createMetrics(database: Database): LanternMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'lantern_' });

  const requests = new Counter({
    name: 'lantern_http_requests_total',
    help: 'Requests answered, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'lantern_http_request_duration_seconds',
    help: 'Time to answer a request, by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'lantern_errors_total',
    help: 'Requests answered 4xx or 5xx, by kind: database_unavailable, disk_full, read_only, pool_exhausted, internal (a bug) or client (refused)',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'lantern_db_pool_connections',
    help: 'PostgreSQL pool connections by state (in_use, idle, waiting for one, max); absent on embedded PGlite',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const stats = database.poolStats();
      if (!stats) return;
      this.set({ state: 'in_use' }, stats.total - stats.idle);
      this.set({ state: 'idle' }, stats.idle);
      this.set({ state: 'waiting' }, stats.waiting);
      this.set({ state: 'max' }, stats.max);
    },
  });
  new Gauge({
    name: 'lantern_audit_rows',
    help: 'Rows committed to the audit trail (all instances), read from the chain heads; its rate is audit rows written',
    registers: [registry],
    async collect() {
      // The chain heads hold each chain's length, so this is exact and costs 16 rows, not a count.
      try {
        const [row] = await rows<{ total: number }>(database.db, sql`select coalesce(sum(last_seq), 0)::int as total from audit_chain_heads`);
        this.set(row?.total ?? 0);
      } catch {
        // The database is out of reach: leave the last value; lantern_errors_total says why.
      }
    },
  });

  return {
    registry,
    requestFinished(request, statusCode, seconds, failureKind) {
      const route = request.routeOptions.url ?? 'unmatched';
      requests.inc({ method: request.method, route, status: String(statusCode) });
      duration.observe({ method: request.method, route }, seconds);
      if (statusCode >= 400) errors.inc({ kind: failureKind ?? (statusCode >= 500 ? 'internal' : 'client') });
    },
  };
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function sameToken(given: string, expected: string): boolean {
  // Hashing first gives equal lengths, so the comparison takes the same time whatever was sent.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * GET /metrics: from this machine without a token, from elsewhere only with the bearer token in
 * METRICS_TOKEN. Everyone else gets a 404, as if it were not there.
 */
export function registerMetricsRoute(app: FastifyInstance, metrics: LanternMetrics, token: string | undefined): void {
  app.get('/metrics', { config: { public: true, audit: { none: 'request and database counters for monitoring, naming no one' } } }, async (request, reply) => {
    const header = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    const byToken = token !== undefined && header !== null && sameToken(header[1]!, token);
    // The socket's own address, not request.ip: behind a trusted proxy X-Forwarded-For could claim to be local.
    const local = LOOPBACK.has(request.socket.remoteAddress ?? '') && request.headers['x-forwarded-for'] === undefined;
    if (!byToken && !local) return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
    const body = await metrics.registry.metrics();
    return reply.header('cache-control', 'no-store').type(metrics.registry.contentType).send(body);
  });
}

import type { FastifyInstance } from 'fastify';
import { classifyFailure, FAILURE_WORDS } from '../db/failures.ts';
import { RETRY_AFTER_SECONDS } from './errors.ts';

const PING_TIMEOUT_MS = 2000;
/** How long after a write failed for want of space /health keeps saying so (reads still work). */
export const WRITE_FAILURE_MEMORY_MS = 60_000;

/** Why a ping failed, in words for an operator; never a driver message, which might quote data. */
const REASONS: Record<string, string> = {
  ...FAILURE_WORDS,
  timeout: `the database did not answer within ${PING_TIMEOUT_MS / 1000} seconds`,
  internal: 'the database check failed',
};

class PingTimeout extends Error {}

type Probe = { ok: true; latencyMs: number } | { ok: false; reason: string };

/**
 * Two probes, neither with personal data:
 * - /health (liveness): 200 while the process can answer at all, with "degraded" and the reason
 *   while the database cannot; a supervisor should not restart Lantern for an outage it will
 *   recover from by itself.
 * - /ready (readiness): 200 only when the database answers, so a load balancer sends no one to
 *   an instance that would answer 503.
 */
export default async function healthRoutes(app: FastifyInstance) {
  const { database } = app.lantern;

  async function probe(): Promise<Probe> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        database.ping(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new PingTimeout()), PING_TIMEOUT_MS);
          timer.unref();
        }),
      ]);
      return { ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
    } catch (error) {
      const kind = error instanceof PingTimeout ? 'timeout' : (classifyFailure(error) ?? (database.closed ? 'database_unavailable' : 'internal'));
      return { ok: false, reason: REASONS[kind]! };
    } finally {
      clearTimeout(timer);
    }
  }

  app.get('/health', { config: { public: true, audit: { none: 'a probe for the load balancer: the process and database state only' } } }, async (_request, reply) => {
    const result = await probe();
    reply.header('cache-control', 'no-store');
    const writes = app.lantern.lastWriteFailure;
    if (result.ok && writes && Date.now() - writes.at < WRITE_FAILURE_MEMORY_MS) {
      return reply.send({ status: 'degraded', db: database.kind, reason: `${REASONS[writes.kind]}: recent changes could not be saved` });
    }
    if (result.ok) return reply.send({ status: 'ok', db: database.kind, dbLatencyMs: result.latencyMs });
    return reply.send({ status: 'degraded', db: database.kind, reason: result.reason });
  });

  app.get('/ready', { config: { public: true, audit: { none: 'a probe for the load balancer: the process and database state only' } } }, async (_request, reply) => {
    const result = await probe();
    reply.header('cache-control', 'no-store');
    if (result.ok) return reply.send({ status: 'ready', db: database.kind });
    return reply.code(503).header('retry-after', String(RETRY_AFTER_SECONDS)).send({ status: 'not ready', db: database.kind, reason: result.reason });
  });
}

import type { FastifyInstance } from 'fastify';

const PING_TIMEOUT_MS = 2000;

/** For load balancers: 200 while the database answers, 503 when it does not. No personal data. */
export default async function healthRoutes(app: FastifyInstance) {
  const { database } = app.lantern;
  app.get('/health', { config: { public: true } }, async (_request, reply) => {
    const started = performance.now();
    try {
      await Promise.race([
        database.ping(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('database ping timed out')), PING_TIMEOUT_MS).unref()),
      ]);
      return reply.header('cache-control', 'no-store').send({ status: 'ok', db: database.kind, dbLatencyMs: Math.round((performance.now() - started) * 10) / 10 });
    } catch {
      return reply.code(503).header('cache-control', 'no-store').send({ status: 'unavailable', db: database.kind });
    }
  });
}

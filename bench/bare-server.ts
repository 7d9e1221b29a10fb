/**
 * The yardstick for the platform benchmark: Fastify with one JSON route and nothing else, run as its
 * own process exactly like Lantern, so the ratio between the two shows what Lantern adds.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/health', async () => ({ status: 'ok' }));
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.close().then(() => process.exit(0), () => process.exit(1));
  });
}

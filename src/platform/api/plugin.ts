import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { userIdForApiToken } from '../auth/api-tokens.ts';
import { ROLES } from '../auth/roles.ts';
import { loadSignedInUser } from '../auth/users.ts';
import { problem } from '../http/problem.ts';

export const API_PREFIX = '/api/v1';

/**
 * The JSON API's own machinery: bearer tokens, zod validation (unknown fields refused), and the
 * OpenAPI description built from the same schemas. Register before any API route.
 */
export async function registerApiPlatform(app: FastifyInstance): Promise<void> {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Lantern API',
        version: '1.0.0',
        description: 'For partner agencies’ systems. Every call is made as the person who owns the token, under the same access rules and audit as the pages.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A personal access token from `npm run lantern -- create-token`' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    // Only the API belongs in its description.
    hideUntagged: true,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true, uiConfig: { docExpansion: 'list' } });
  app.get('/api/openapi.json', { config: { public: true, audit: { none: 'the description of the API, the same for everyone' } } }, async () => app.swagger());

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith(`${API_PREFIX}/`) && request.url !== API_PREFIX) return;
    // API answers carry personal data: no browser, proxy or gateway may keep a copy.
    reply.header('cache-control', 'no-store');
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const userId = match ? await userIdForApiToken(app.lantern.database.db, match[1]!) : null;
    const user = userId ? await loadSignedInUser(app.lantern.database.db, userId) : null;
    if (!user) {
      reply.header('www-authenticate', 'Bearer');
      return problem(reply, 401, 'Unauthorised', 'Send a valid personal access token as `Authorization: Bearer <token>`.');
    }
    request.user = user;
    request.ctx.actor = user;
  });

  app.withTypeProvider<ZodTypeProvider>().get(
    `${API_PREFIX}/me`,
    {
      config: { roles: ROLES, audit: { none: 'the caller’s own name, role, agency and area, from their own token' } },
      schema: {
        tags: ['account'],
        summary: 'Who this token acts as',
        response: { 200: z.object({ id: z.string(), name: z.string(), role: z.string(), agency: z.string(), area: z.string() }) },
      },
    },
    async (request) => {
      const user = request.user!;
      return { id: user.userId, name: user.name, role: user.role, agency: user.agencyName, area: user.areaName };
    },
  );
}

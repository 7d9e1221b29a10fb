import type { FastifyInstance } from 'fastify';
import { PROFILE_ROLES } from '../profile/index.ts';

/**
 * The partnership figures page grew into the problem profile (src/modules/profile/), which counts
 * everything the old page did from the same sections; old links and bookmarks land there.
 */
export default async function figuresRoutes(app: FastifyInstance) {
  app.get('/figures', { config: { roles: PROFILE_ROLES } }, async (_request, reply) => reply.redirect('/profile', 301));
}

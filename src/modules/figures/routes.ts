import type { FastifyInstance } from 'fastify';
import { PROFILE_ROLES } from '../../platform/auth/roles.ts';

/**
 * The partnership figures page grew into the problem profile (src/modules/profile/), which counts
 * everything the old page did from the same sections; old links and bookmarks land there.
 */
export default async function figuresRoutes(app: FastifyInstance) {
  app.get('/figures', { config: { roles: PROFILE_ROLES, audit: { none: 'an old address that only sends people on to the problem profile' } } }, async (_request, reply) => reply.redirect('/profile', 301));
}

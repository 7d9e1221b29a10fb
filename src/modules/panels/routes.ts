import type { FastifyInstance } from 'fastify';
import panelPages from './routes/panels.ts';
import referralRoutes from './routes/referrals.ts';
import peerGroupRoutes from './routes/peer-groups.ts';
import meetingRoutes from './routes/meetings.ts';
import agendaItemRoutes from './routes/agenda-items.ts';
import casePackRoutes from './routes/case-packs.ts';
import actionRoutes from './routes/actions.ts';

/** The panels pages, one plugin per resource. */
export default async function panelRoutes(app: FastifyInstance) {
  for (const plugin of [panelPages, referralRoutes, peerGroupRoutes, meetingRoutes, agendaItemRoutes, casePackRoutes, actionRoutes]) await app.register(plugin);
}

import type { FastifyInstance } from 'fastify';
import overviewRoutes from './routes/overview.ts';
import adultRoutes from './routes/adults.ts';
import placeRoutes from './routes/places.ts';
import recordLinkRoutes from './routes/record-links.ts';
import entryRoutes from './routes/entries.ts';
import disruptionRoutes from './routes/disruptions.ts';
import networkRoutes from './routes/network.ts';
import hotspotRoutes from './routes/hotspots.ts';
import duplicateRoutes from './routes/duplicates.ts';

/** The intelligence pages, one plugin per resource. */
export default async function intelligenceRoutes(app: FastifyInstance) {
  for (const plugin of [overviewRoutes, adultRoutes, placeRoutes, recordLinkRoutes, entryRoutes, disruptionRoutes, networkRoutes, hotspotRoutes, duplicateRoutes]) await app.register(plugin);
}

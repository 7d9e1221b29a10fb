import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { queryText } from '../../../platform/http/page-input.ts';
import { INTELLIGENCE_ROLES } from '../../../platform/auth/roles.ts';
import { disruptionsFor } from '../disruptions.ts';
import { entriesFor } from '../entries.ts';
import { visibleAdults, visiblePlaces } from '../records.ts';
import { ADULT_STATUSES, DISRUPTION_KINDS, PLACE_KINDS, adultReference, disruptionReference, label, placeReference } from '../vocab.ts';

/** The officers' overview: the area's adults, places, latest intelligence and disruption steps. */
export default async function overviewRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  pages.get('/intelligence', { config: { roles: INTELLIGENCE_ROLES, audit: { action: 'view', recordKind: 'intelligence_overview' } }, schema: { querystring: z.object({ done: queryText }) } }, async (request, reply) => {
    const user = request.user!;
    const [adults, places, entries, steps] = await Promise.all([visibleAdults(db, user, 100), visiblePlaces(db, user, 100), entriesFor(db, user, null, 20), disruptionsFor(db, user, null, 20)]);
    request.noteAudit({ details: { adults: adults.length, places: places.length, entries: entries.map((e) => e.id), disruptions: steps.map((d) => d.id) } });
    return reply.page('intelligence/views/overview.njk', {
      title: 'Intelligence',
      flash: request.query.done === 'entry' ? 'The intelligence has been recorded.' : undefined,
      adults: adults.map((a) => ({ id: a.id, reference: adultReference(a.number), name: a.name, aliases: a.aliases.join(', '), status: label(ADULT_STATUSES, a.status) })),
      places: places.map((p) => ({ id: p.id, reference: placeReference(p.number), name: p.name, kind: label(PLACE_KINDS, p.kind), postcode: p.postcode })),
      entries,
      steps: steps.map((d) => ({ ...d, reference: disruptionReference(d.number), kindLabel: label(DISRUPTION_KINDS, d.kind) })),
    });
  });
}

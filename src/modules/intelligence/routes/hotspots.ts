import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { queryText } from '../../../platform/http/page-input.ts';
import { INTELLIGENCE_ROLES } from '../../../platform/auth/roles.ts';
import { hotspots } from '../hotspots.ts';
import { ADULT_STATUSES, PLACE_KINDS, adultReference, label, placeReference } from '../vocab.ts';

const TREND: Record<string, string> = { up: 'Rising', down: 'Falling', same: 'No change' };
const PERIODS = [30, 90, 180, 365];

/** The places and adults most often named lately, ranked. */
export default async function hotspotRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  pages.get('/intelligence/hotspots', { config: { roles: INTELLIGENCE_ROLES, audit: { action: 'view', recordKind: 'hotspots' } }, schema: { querystring: z.object({ days: queryText }) } }, async (request, reply) => {
    const days = Number(request.query.days || '90');
    const chosen = PERIODS.includes(days) ? days : 90;
    const to = new Date();
    const from = new Date(to.getTime() - chosen * 86_400_000);
    const ranked = await hotspots(db, request.user!.areaId, { from, to });
    request.noteAudit({ details: { days: chosen, places: ranked.places.map((p) => p.id), adults: ranked.adults.map((a) => a.id) } });
    return reply.page('intelligence/views/hotspots.njk', {
      title: 'Hotspots',
      backLink: '/intelligence',
      days: chosen,
      periodItems: PERIODS.map((d) => ({ value: String(d), text: `Last ${d} days`, selected: d === chosen })),
      places: ranked.places.map((p) => ({ ...p, reference: placeReference(p.number), kindLabel: label(PLACE_KINDS, p.kind), trendLabel: TREND[p.trend] })),
      adults: ranked.adults.map((a) => ({ ...a, reference: adultReference(a.number), statusLabel: label(ADULT_STATUSES, a.status), trendLabel: TREND[a.trend] })),
    });
  });
}

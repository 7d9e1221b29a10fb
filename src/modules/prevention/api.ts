/** The prevention log's JSON API: record a session, list sessions, and reach by postcode district. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { API_PREFIX } from '../../platform/api/plugin.ts';
import { PARTNERSHIP_READ_ROLES, PARTNERSHIP_RECORDING_ROLES } from '../../platform/auth/roles.ts';
import { problem } from '../../platform/http/problem.ts';
import { sendFailure } from '../../platform/http/refusals.ts';
import { addDays, isIsoDate, londonToday, now } from '../../platform/time.ts';
import { AUDIENCES, TOPICS } from './vocab.ts';
import { reachByDistrict, recordSession, sessionsIn } from './service.ts';

const periodQuery = z.object({ from: z.string().max(10).optional().describe('YYYY-MM-DD; a year before `to` when left out'), to: z.string().max(10).optional().describe('YYYY-MM-DD; today when left out') });

export default async function preventionApi(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['prevention'];

  function period(query: z.infer<typeof periodQuery>): { from: string; to: string } | string {
    const today = londonToday(now());
    const to = query.to ?? today;
    if (!isIsoDate(to) || (query.from !== undefined && !isIsoDate(query.from))) return 'from and to must be real dates written YYYY-MM-DD';
    const from = query.from ?? addDays(to, -364);
    if (from > to) return 'from must be on or before to';
    return { from, to };
  }

  api.post(
    `${API_PREFIX}/prevention-sessions`,
    {
      config: { roles: PARTNERSHIP_RECORDING_ROLES, audit: { action: 'create', recordKind: 'prevention_session' } },
      schema: {
        tags,
        summary: 'Record a prevention or awareness session',
        description: 'An agency lead records their own agency’s sessions (agencyId is ignored); the coordinator names the agency. The date must not be in the future; the number reached is from 1 to 5000. The place is a postcode district, a place of concern (coordinator), or both.',
        body: z.object({
          agencyId: z.uuid().optional(),
          provider: z.string().max(200),
          deliveredOn: z.string().max(10),
          audience: z.enum(Object.keys(AUDIENCES) as [string, ...string[]]),
          topic: z.enum(Object.keys(TOPICS) as [string, ...string[]]),
          title: z.string().max(200).optional(),
          reached: z.number().int(),
          district: z.string().max(10).optional(),
          placeId: z.uuid().optional(),
        }),
        response: { 201: z.object({ id: z.string(), reference: z.string() }) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const result = await recordSession(db, request.ctx, request.user!, { agencyId: b.agencyId ?? '', provider: b.provider, deliveredOn: b.deliveredOn, audience: b.audience, topic: b.topic, title: b.title ?? '', reached: String(b.reached), district: b.district ?? '', placeId: b.placeId ?? '' }, now());
      if (!result.ok) return sendFailure(reply, result, 'prevention session');
      return reply.code(201).send({ id: result.value.id, reference: `PS-${result.value.number}` });
    },
  );

  api.get(
    `${API_PREFIX}/prevention-sessions`,
    {
      config: { roles: PARTNERSHIP_READ_ROLES, audit: { action: 'view', recordKind: 'prevention_session', details: { list: 'sessions' } } },
      schema: {
        tags,
        summary: 'Prevention sessions delivered in a period (an agency lead: their agency’s)',
        querystring: periodQuery,
        response: { 200: z.object({ sessions: z.array(z.object({ id: z.string(), reference: z.string(), deliveredOn: z.string(), agency: z.string(), provider: z.string(), audience: z.string(), topic: z.string(), title: z.string().nullable(), reached: z.number(), district: z.string() })) }) },
      },
    },
    async (request, reply) => {
      const p = period(request.query);
      if (typeof p === 'string') return problem(reply, 400, 'Invalid period', p);
      const sessions = await sessionsIn(db, request.user!, p.from, p.to);
      return { sessions: sessions.map(({ id, reference, deliveredOn, agency, provider, audience, topic, title, reached, district }) => ({ id, reference, deliveredOn, agency, provider, audience, topic, title, reached, district })) };
    },
  );

  api.get(
    `${API_PREFIX}/prevention/reach`,
    {
      config: { roles: PARTNERSHIP_READ_ROLES, audit: { action: 'view', recordKind: 'prevention_reach' } },
      schema: {
        tags,
        summary: 'Sessions, people reached, concerns and hotspots by postcode district in a period',
        querystring: periodQuery,
        response: { 200: z.object({ from: z.string(), to: z.string(), districts: z.array(z.object({ district: z.string(), sessions: z.number(), reached: z.number(), concerns: z.number(), hotspots: z.number().nullable() })) }) },
      },
    },
    async (request, reply) => {
      const p = period(request.query);
      if (typeof p === 'string') return problem(reply, 400, 'Invalid period', p);
      const user = request.user!;
      const districts = await reachByDistrict(db, { areaIds: [user.areaId], agencyId: user.role === 'agency_lead' ? user.agencyId : null }, p.from, p.to);
      return { ...p, districts };
    },
  );
}

/** Audit rows that belong to a request as a whole: refusals. (Reads, forms included, are declared on their routes: decision record 0014.) */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isUuid } from '../ids.ts';
import { auditRead } from './audit.ts';
import { declaredRecord } from '../http/route-declarations.ts';

/**
 * Which kind of record a route's first parameter names, so that a refused attempt on, say,
 * /young-people/:id appears in that young person's access log beside the views of it.
 */
const RECORD_KIND_BY_ROUTE: [RegExp, string][] = [
  [/^(\/api\/v1)?\/young-people\/:/, 'young_person'],
  [/^(\/api\/v1)?\/concerns\/:|^\/my-concerns\/:|^\/triage\/:/, 'concern'],
  [/^\/missing\/:|^\/api\/v1\/missing-episodes\/:/, 'missing_episode'],
  [/^\/intelligence\/adults\/:|^\/api\/v1\/adults-of-concern\/:/, 'adult_of_concern'],
  [/^(\/intelligence|\/api\/v1)\/places\/:/, 'place_of_concern'],
  [/^\/risk\/assessments\/:/, 'risk_assessment'],
  [/^\/panels\/referrals\/:|^\/api\/v1\/referrals\/:/, 'panel_referral'],
  [/^\/panels\/meetings\/:/, 'panel_meeting'],
  [/^(\/api\/v1)?\/panels\/:/, 'panel'],
];

/**
 * The route a request first matched and its parameters. A 404 thrown by a handler is answered by
 * the not-found handler, which replaces both, so they are kept from the start of the request.
 */
const matched = new WeakMap<FastifyRequest, { route: string; params: Record<string, unknown>; declared?: { recordKind: string; recordId?: string } }>();

function refusedRecord(request: FastifyRequest): { recordKind?: string; recordId?: string; route: string } | null {
  const { route, params, declared } = matched.get(request) ?? {};
  if (!route || !params) return null;
  if (declared?.recordId) return { ...declared, route };
  const firstParam = Object.values(params)[0];
  const recordId = typeof firstParam === 'string' && isUuid(firstParam) ? firstParam : undefined;
  const recordKind = recordId ? RECORD_KIND_BY_ROUTE.find(([pattern]) => pattern.test(route))?.[1] : undefined;
  // A declaration naming no record (a draft under a young person's address) leaves the refusal to
  // the record the address names, so that it stays in that record's access log.
  if (declared && !recordKind) return { ...declared, route };
  return { recordKind, recordId, route };
}

/**
 * A signed-in person refused a record (404: not theirs to see, or no such record; 403: not their
 * role) is audited as "denied", through pages and the API alike: trying other people's record
 * addresses is itself something a coordinator should be able to see.
 */
export function auditRefusedRecordRequests(app: FastifyInstance) {
  app.addHook('onRequest', async (request) => {
    // Only a route with a parameter can name a record; every other request is left alone.
    const route = request.routeOptions.url;
    if (route?.includes('/:') && !matched.has(request)) {
      matched.set(request, { route, params: (request.params ?? {}) as Record<string, unknown>, declared: declaredRecord(request) ?? undefined });
    }
  });
  // onSend rather than onResponse: the row is written before the answer leaves, as for every other read.
  app.addHook('onSend', async (request, reply, payload) => {
    if ((reply.statusCode !== 404 && reply.statusCode !== 403) || !request.user) return payload;
    const refused = refusedRecord(request);
    if (!refused) return payload;
    await auditRead(app.lantern.database.db, request.ctx, {
      action: request.method === 'GET' ? 'view' : 'update',
      outcome: 'denied',
      recordKind: refused.recordKind,
      recordId: refused.recordId,
      details: { route: refused.route, method: request.method, status: reply.statusCode },
    }).catch((error: Error & { code?: string }) => request.log.warn({ code: error.code }, 'could not audit a refused request'));
    return payload;
  });
}

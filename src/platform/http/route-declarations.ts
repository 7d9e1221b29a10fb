/**
 * Every route says who may call it and what its call leaves in the audit trail, in its options:
 *
 *   app.get('/young-people/:id', { config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'young_person', recordId: 'id' } } }, …)
 *
 * The platform enforces the roles (403 for anyone else, pages and API alike), writes the audit row
 * for reads, and a test fails for any route that declares neither (decision record 0014).
 */
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { Role } from '../auth/roles.ts';
import { auditRead, type AuditAction } from '../audit/audit.ts';
import { isUuid } from '../ids.ts';

/** Reads: the platform writes their row when the answer is a success (2xx), before it is sent. */
export const READ_ACTIONS = ['view', 'search', 'export'] as const satisfies readonly AuditAction[];
type ReadAction = (typeof READ_ACTIONS)[number];

export interface AuditDeclaration {
  /**
   * A read is written by the platform. Any other action (create, update, permission_change…) is a
   * change: its row is written by the command itself, in the change's own transaction, and this
   * declaration says which kind of record it touches (it is also what a refused attempt is logged as).
   */
  action: AuditAction;
  recordKind: string;
  /** The route parameter holding the record's id, when the address names one record. */
  recordId?: string;
  /** Fixed, non-personal facts for every row of this route (e.g. which form showed the record). */
  details?: Record<string, unknown>;
}

/** A route with no audit row says why: nothing personal is shown, or nothing is shown at all. */
export interface NotAudited {
  none: string;
}

export type RouteAudit = AuditDeclaration | NotAudited;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without signing in (sign-in, health, static files). Needs no roles or audit. */
    public?: boolean;
    /** Only these roles may call the route; others get 403. One of the groups in platform/auth/roles.ts. */
    roles?: readonly Role[];
    audit?: RouteAudit;
  }
  interface FastifyRequest {
    /**
     * Adds to the read's audit row what only the handler knows: the record's id when the address
     * did not carry it, or non-personal details (ids listed, page number).
     */
    noteAudit(note: AuditNote): void;
  }
}

export interface AuditNote {
  recordId?: string;
  details?: Record<string, unknown>;
  /**
   * The page had nothing personal to show this time (a worklist that is empty for this user), so
   * there is no read to record. Not for searches: what was searched for is itself worth recording.
   */
  nothingShown?: boolean;
}

const notes = new WeakMap<FastifyRequest, { recordId?: string; details: Record<string, unknown>; nothingShown?: boolean }>();

export function isRead(audit: RouteAudit | undefined): audit is AuditDeclaration & { action: ReadAction } {
  return !!audit && 'action' in audit && (READ_ACTIONS as readonly string[]).includes(audit.action);
}

/** The record a request names through its declaration, if it names one by a well-formed id. */
export function declaredRecord(request: FastifyRequest): { recordKind: string; recordId?: string } | null {
  const audit = request.routeOptions.config.audit;
  if (!audit || !('action' in audit)) return null;
  const fromAddress = audit.recordId ? (request.params as Record<string, unknown> | undefined)?.[audit.recordId] : undefined;
  const noted = notes.get(request)?.recordId;
  const recordId = noted ?? (isUuid(fromAddress) ? fromAddress : undefined);
  return { recordKind: audit.recordKind, ...(recordId ? { recordId } : {}) };
}

export interface DeclaredRoute {
  method: string;
  url: string;
  public: boolean;
  roles: readonly Role[] | undefined;
  audit: RouteAudit | undefined;
}

/** Routes registered by the platform's own plugins (static files, the API's documentation): public, nothing to audit. */
const PLATFORM_PREFIXES = ['/govuk/', '/moj/', '/assets/', '/public/', '/vendor/', '/api/docs'];

/**
 * Collects every route as it is registered (for the declaration test and for navigation) and
 * writes the read audit. Register before any module.
 */
export function registerRouteDeclarations(app: FastifyInstance): DeclaredRoute[] {
  const routes: DeclaredRoute[] = [];
  app.decorateRequest('noteAudit', function noteAudit(this: FastifyRequest, note: AuditNote) {
    const current = notes.get(this) ?? { details: {} };
    notes.set(this, { recordId: note.recordId ?? current.recordId, details: { ...current.details, ...note.details }, nothingShown: note.nothingShown ?? current.nothingShown });
  });
  app.addHook('onRoute', (route: RouteOptions) => {
    const config = (route.config ?? {}) as { public?: boolean; roles?: readonly Role[]; audit?: RouteAudit };
    if (PLATFORM_PREFIXES.some((prefix) => route.url.startsWith(prefix))) {
      route.config = { ...config, public: true, audit: { none: 'a file or document Lantern itself serves' } };
    }
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      const declared = (route.config ?? {}) as typeof config;
      routes.push({ method, url: route.url, public: declared.public === true, roles: declared.roles, audit: declared.audit });
    }
  });
  // onSend, not onResponse: if the row cannot be written, the answer is an error, not the record.
  app.addHook('onSend', async (request, reply, payload) => {
    const audit = request.routeOptions.config.audit;
    if (!isRead(audit) || request.method === 'HEAD' || reply.statusCode < 200 || reply.statusCode >= 300 || !request.user) return payload;
    if (notes.get(request)?.nothingShown) return payload;
    const record = declaredRecord(request);
    const details = { ...audit.details, ...notes.get(request)?.details, ...(request.url.startsWith('/api/') ? { via: 'api' } : {}) };
    await auditRead(app.lantern.database.db, request.ctx, {
      action: audit.action,
      recordKind: audit.recordKind,
      ...(record?.recordId ? { recordId: record.recordId } : {}),
      ...(Object.keys(details).length > 0 ? { details } : {}),
    });
    return payload;
  });
  return routes;
}

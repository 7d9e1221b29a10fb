import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { postgresRateLimitStore } from './rate-limit-store.ts';
import fastifyStatic from '@fastify/static';
import qs from 'node:querystring';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { RequestContext } from '../audit/audit.ts';
import { auditRefusedRecordRequests } from '../audit/requests.ts';
import { resolveSession } from '../auth/sessions.ts';
import { loadSignedInUser, type SignedInUser } from '../auth/users.ts';
import { buildNavigation, navigationFor, unreadCounts, type Navigation } from './navigation.ts';
import { installModules, type LanternModule } from '../modules.ts';
import healthRoutes from './health.ts';
import { registerRouteDeclarations, type DeclaredRoute } from './route-declarations.ts';
import { problem } from './problem.ts';
import { classifyFailure, describeError, HttpError, RETRY_AFTER_SECONDS } from './errors.ts';
import { createMetrics, registerMetricsRoute, type LanternMetrics } from './metrics.ts';
import { createViewEnvironment } from '../views/environment.ts';
import { registerApiPlatform } from '../api/plugin.ts';
import { findUnstorableText, UNSTORABLE_TEXT_MESSAGE } from './unstorable-text.ts';

declare module 'fastify' {
  interface FastifyRequest {
    user: SignedInUser | null;
    /** Who is asking and from where: passed to every service call for its audit row. */
    ctx: RequestContext;
  }
  interface FastifyReply {
    page(template: string, context?: Record<string, unknown>): Promise<FastifyReply>;
  }
  interface FastifyInstance {
    lantern: {
      config: Config;
      database: Database;
      metrics: LanternMetrics;
      /** The last time a write failed for want of disk space or a writable database, for /health. */
      lastWriteFailure: { kind: 'disk_full' | 'read_only'; at: number } | null;
      /** Every route with what it declares, as registered (route-declarations.ts). */
      routes: DeclaredRoute[];
      /** The modules Lantern is built from, in order (platform/modules.ts). */
      modules: readonly LanternModule[];
      /** The service navigation, built from the modules' items once every route is registered. */
      navigation: Navigation;
    };
  }
}

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
export const SESSION_COOKIE = 'lantern_session';
const STATIC_ROUTES = ['/govuk/*', '/moj/*', '/assets/*', '/public/*', '/vendor/*'];

export interface AppOptions {
  config: Config;
  database: Database;
  /** The modules, in order: their routes are registered after the platform's, and their contributions gathered. */
  modules: readonly LanternModule[];
  /** Where the JSON log lines go instead of standard output (the tests read them). */
  logStream?: NodeJS.WritableStream;
  /**
   * Asked for every signed-in page request before the route: an address to send the person to
   * first (two-factor set-up when it is required), or null to carry on.
   */
  signedInGate?: (request: FastifyRequest, config: Config) => Promise<string | null>;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, database } = options;
  const env = createViewEnvironment({ noCache: config.env === 'development' });
  const app = Fastify({
    logger: {
      level: config.logLevel,
      ...(options.logStream ? { stream: options.logStream } : {}),
      // Request logs carry method, path and status only: never bodies, cookies or query strings with names in them.
      serializers: {
        req: (req) => ({ method: req.method, url: req.url.split('?')[0] }),
        res: (res) => ({ statusCode: res.statusCode }),
        // Any error Fastify itself logs is reduced to its kind, class and code, like Lantern's own lines.
        err: ((error: Error) => describeError(error)) as unknown as (error: Error) => { type: string; message: string; stack: string },
      },
      redact: ['req.headers.authorization', 'req.headers.cookie'],
    },
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true },
    // An address Fastify cannot route (broken %-encoding, an over-long id) is answered like any other
    // bad request, rather than with Fastify's own JSON, which repeats the address back.
    frameworkErrors: (error, request, reply) => {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      const status = tooLong ? 414 : 400;
      const detail = tooLong ? 'Part of this address is longer than Lantern accepts.' : 'This address is not written correctly.';
      if (request.url.startsWith('/api/')) return problem(reply, status, tooLong ? 'Address too long' : 'Invalid address', detail);
      // Fastify answers these before any hook or decorator, so the page is rendered here, signed out.
      const html = env.render('error.njk', { user: null, navigation: [], title: 'There is a problem', heading: 'There is a problem', paragraphs: [`${detail} Check it, or go back and follow the link again.`] });
      return (reply as FastifyReply).code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
    },
  });
  const metrics = createMetrics(database);
  app.decorate('lantern', { config, database, metrics, lastWriteFailure: null, routes: [], modules: installModules(options.modules), navigation: [] });
  app.lantern.routes = registerRouteDeclarations(app);
  registerMetricsRoute(app, metrics, config.metricsToken);
  app.addHook('onResponse', async (request, reply) => {
    metrics.requestFinished(request, reply.statusCode, reply.elapsedTime / 1000, (request as { failureKind?: string }).failureKind);
  });
  // One line per dropped connection, with its code: the cause of an outage is in the log.
  database.onConnectionLost((problem) => app.log.warn({ db: problem }, 'database connection lost'));

  await app.register(cookie, { secret: config.sessionSecret });
  // Repeated fields (checkboxes) arrive as arrays.
  await app.register(formbody, { parser: (body) => qs.parse(body) });
  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        upgradeInsecureRequests: config.env === 'production' ? [] : null,
      },
    },
    hsts: config.env === 'production',
    referrerPolicy: { policy: 'same-origin' },
  });
  await app.register(csrf, {
    cookieKey: 'lantern_csrf',
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'strict', secure: config.env === 'production', path: '/' },
    getToken: (request) => (request.body as Record<string, string> | undefined)?._csrf,
  });
  await app.register(rateLimit, { global: false, store: postgresRateLimitStore(database.db) });

  // GOV.UK Frontend's compiled files and its fonts and images, straight from the package.
  await app.register(fastifyStatic, {
    root: path.join(root, 'node_modules/govuk-frontend/dist/govuk'),
    prefix: '/govuk/',
    allowedPath: (pathName) => /^\/govuk-frontend\.min\.(css|js)$/.test(pathName),
    maxAge: '1d',
  });
  // The Ministry of Justice's components (built on GOV.UK Frontend) for what GOV.UK has no pattern for.
  await app.register(fastifyStatic, {
    root: path.join(root, 'node_modules/@ministryofjustice/frontend/moj'),
    prefix: '/moj/',
    decorateReply: false,
    allowedPath: (pathName) => pathName === '/moj-frontend.min.css',
    maxAge: '1d',
  });
  // Both packages' stylesheets ask for their images under /assets/images/.
  await app.register(fastifyStatic, {
    root: [path.join(root, 'node_modules/govuk-frontend/dist/govuk/assets'), path.join(root, 'node_modules/@ministryofjustice/frontend/moj/assets')],
    prefix: '/assets/',
    decorateReply: false,
    maxAge: '1d',
  });
  await app.register(fastifyStatic, { root: path.join(root, 'public'), prefix: '/public/', decorateReply: false, maxAge: '1h' });
  // Cytoscape's ES module build, for pages that draw a network (as a progressive enhancement).
  await app.register(fastifyStatic, { root: path.join(root, 'node_modules/cytoscape/dist'), prefix: '/vendor/', decorateReply: false, allowedPath: (pathName) => pathName === '/cytoscape.esm.min.mjs', maxAge: '1d' });

  app.decorateRequest('user', null);
  app.decorateRequest('ctx', null as unknown as RequestContext);

  app.decorateReply('page', async function page(this: FastifyReply, template: string, context: Record<string, unknown> = {}) {
    const request = this.request;
    const user = request.user;
    const unread = user ? await unreadCounts(app.lantern.modules, database.db, user) : {};
    const html = env.render(template, {
      user,
      navigation: user ? navigationFor(app.lantern.navigation, user.role, request.url.split('?')[0] ?? '/', unread) : [],
      csrfToken: this.generateCsrf(),
      cspNonce: (this as unknown as { cspNonce?: { script: string } }).cspNonce?.script,
      ...(user ? { unread } : {}),
      ...context,
    });
    // Pages with personal data must not be cached by the browser or a proxy.
    return this.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
  });

  app.addHook('onRequest', async (request) => {
    request.ctx = { actor: null, ip: request.ip, requestId: request.id };
  });

  // Every state-changing form carries a CSRF token; the JSON API authenticates by bearer token instead.
  app.addHook('preValidation', (request, reply, done) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(request.method) || request.url.startsWith('/api/')) return done();
    app.csrfProtection(request, reply, done);
  });

  app.addHook('preHandler', async (request, reply) => {
    const routeConfig = request.routeOptions.config;
    // The API signed its caller in from their bearer token already (api/plugin.ts): only their role is checked here.
    if (request.url.startsWith('/api/')) {
      if (request.user && routeConfig.roles && !routeConfig.roles.includes(request.user.role)) throw new HttpError(403, 'Your role does not allow this request');
      return;
    }
    // Stylesheets, scripts, fonts and images: public (the sign-in page needs them) and no session look-up.
    if (STATIC_ROUTES.includes(request.routeOptions.url ?? '')) return;
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      const session = await resolveSession(database.db, token, { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours });
      if (session.status === 'valid') {
        request.user = await loadSignedInUser(database.db, session.userId);
        if (request.user) request.ctx.actor = request.user;
      }
      if (!request.user) reply.clearCookie(SESSION_COOKIE, { path: '/' });
      if (session.status === 'expired') (request as { sessionExpired?: boolean }).sessionExpired = true;
    }
    if (routeConfig.public) return;
    if (!request.user) {
      const expired = (request as { sessionExpired?: boolean }).sessionExpired;
      const returnTo = request.method === 'GET' ? request.url : '/';
      const query = new URLSearchParams({ returnTo, ...(expired ? { expired: '1' } : {}) });
      return reply.redirect(`/sign-in?${query}`, 303);
    }
    if (options.signedInGate) {
      const firstGoTo = await options.signedInGate(request, config);
      if (firstGoTo) return reply.redirect(firstGoTo, 303);
    }
    if (routeConfig.roles && !routeConfig.roles.includes(request.user.role)) {
      throw new HttpError(403, 'You do not have access to this page');
    }
  });

  // Text PostgreSQL cannot store is refused here, once for every form, query and JSON body, before any route reads it.
  app.addHook('preHandler', async (request, reply) => {
    const where = findUnstorableText(request.params, 'path') ?? findUnstorableText(request.query, 'query') ?? findUnstorableText(request.body, 'body');
    if (!where) return;
    if (request.url.startsWith('/api/')) {
      return problem(reply, 400, 'Invalid request', `${where} contains a character Lantern cannot store (a null character or a broken one). Remove it and send the request again.`, {
        errors: { [where]: 'Contains a character Lantern cannot store' },
      });
    }
    return reply.code(400).page('error.njk', {
      title: 'There is a problem',
      heading: 'There is a problem',
      errors: { summary: [{ text: UNSTORABLE_TEXT_MESSAGE }], fields: {} },
      paragraphs: ['Nothing has been saved. Go back, remove the character (it may have come with text pasted from another program) and try again.'],
    });
  });

  auditRefusedRecordRequests(app);

  app.setNotFoundHandler(async (request, reply) => {
    if (request.url.startsWith('/api/')) return problem(reply, 404, 'Not found', 'There is nothing at this address.');
    return reply.code(404).page('error.njk', {
      title: 'Page not found',
      heading: 'Page not found',
      paragraphs: ['If you typed the web address, check it is correct.', 'If you followed a link to a record, it may not exist or you may not have access to it.'],
    });
  });

  app.setErrorHandler(async (error: Error & { statusCode?: number; code?: string; validation?: unknown }, request, reply) => {
    const api = request.url.startsWith('/api/');
    const status = error instanceof HttpError ? error.statusCode : (error.statusCode ?? 500);
    const failure = classifyFailure(error) ?? (database.closed ? 'database_unavailable' : null);
    if (failure) {
      // The database cannot serve anyone just now: say when to try again, log one line with the cause.
      (request as { failureKind?: string }).failureKind = failure;
      // A full disk does not stop `select 1`, so the health check must hear of it from here.
      if (failure === 'disk_full' || failure === 'read_only') app.lantern.lastWriteFailure = { kind: failure, at: Date.now() };
      request.log.warn({ failure: { ...describeError(error), kind: failure } }, 'database unavailable');
      reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      // The page is drawn without the signed-in user: their navigation would need the database.
      request.user = null;
      if (api) return problem(reply, 503, 'Service unavailable', `Lantern cannot reach its database just now. Try again in a few seconds. Reference ${request.id}`);
      return reply.code(503).page('error.njk', {
        title: 'Sorry, the service is unavailable',
        heading: 'Sorry, the service is unavailable',
        paragraphs: ['Lantern cannot reach its records just now. Nothing you were doing has been saved.', 'Wait a few seconds and try again.'],
        reference: request.id,
      });
    }
    // Only the class and code: a failed query's message lists its parameters (names, dates of birth, narrative).
    if (status >= 500) request.log.error({ failure: describeError(error) }, 'request failed');
    if (api) {
      if (error.validation) return problem(reply, 400, 'Invalid request', error.message);
      return problem(reply, status, status >= 500 ? 'Service problem' : (error as Error).message, status >= 500 ? `Something went wrong. Reference ${request.id}` : (error as Error).message);
    }
    if (status === 413) {
      return reply.code(413).page('error.njk', { title: 'Too much information sent', heading: 'Too much information was sent', paragraphs: ['What you sent is larger than Lantern accepts. Go back, shorten it and try again.'] });
    }
    if (status === 403) {
      const csrfFailure = typeof error.code === 'string' && error.code.startsWith('FST_CSRF');
      return reply.code(403).page('error.njk', {
        title: csrfFailure ? 'Your form could not be accepted' : 'You do not have access',
        heading: csrfFailure ? 'Your form could not be accepted' : 'You do not have access to this page',
        paragraphs: csrfFailure
          ? ['The form you sent could not be checked as coming from Lantern, so nothing was saved. Go back, reload the page and try again.']
          : ['Your role does not allow you to see this page. If you think you need it, speak to your agency lead or the CSE coordinator.'],
      });
    }
    if (status === 404) return reply.callNotFound();
    if (status === 429) {
      return reply.code(429).page('error.njk', { title: 'Too many attempts', heading: 'Too many attempts', paragraphs: ['Wait a minute and try again.'] });
    }
    if (status < 500) {
      return reply.code(status).page('error.njk', { title: 'There is a problem', heading: 'There is a problem', paragraphs: ['Lantern could not understand that request. Go back and try again.'] });
    }
    return reply.code(status).page('error.njk', {
      title: 'Sorry, there is a problem with the service',
      heading: 'Sorry, there is a problem with the service',
      paragraphs: ['Nothing you were doing has been saved. Try again later.'],
      reference: request.id,
    });
  });

  await registerApiPlatform(app);
  await app.register(async (scope) => healthRoutes(scope));
  for (const module of options.modules) {
    for (const register of module.routes ?? []) await app.register(async (scope) => register(scope));
  }
  app.lantern.navigation = buildNavigation(options.modules, app.lantern.routes);
  return app;
}

export { problem };

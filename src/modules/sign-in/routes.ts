import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SESSION_COOKIE } from '../../platform/http/app.ts';
import { refusalPage } from '../../platform/http/refusals.ts';
import { formErrors } from '../../platform/http/forms.ts';
import { form, formText, queryText } from '../../platform/http/page-input.ts';
import { destroySession } from '../../platform/auth/sessions.ts';
import { ROLES } from '../../platform/auth/roles.ts';
import { signIn, signOut } from './service.ts';
import { CHALLENGE_COOKIE } from '../two-factor/index.ts';
import { safeReturnTo } from '../../platform/http/return-to.ts';

/** A password as typed: spaces are part of it. Anything but one string reads as none. */
const passwordAsTyped = z.unknown().optional().transform((value) => (typeof value === 'string' ? value : ''));

export default async function signInRoutes(app: FastifyInstance) {
  const { config, database } = app.lantern;
  const pages = app.withTypeProvider<ZodTypeProvider>();
  const policy = {
    idleMinutes: config.sessionIdleMinutes,
    absoluteHours: config.sessionAbsoluteHours,
    lockout: { threshold: config.lockoutThreshold, minutes: config.lockoutMinutes },
    requireTwoFactor: config.requireTwoFactor,
  };

  pages.get(
    '/sign-in',
    { config: { public: true, audit: { none: 'the sign-in form shows nothing about anyone' } }, schema: { querystring: z.object({ returnTo: queryText, expired: queryText, signedOut: queryText }) } },
    async (request, reply) => {
      const query = request.query;
      if (request.user) return reply.redirect(safeReturnTo(query.returnTo), 303);
      return reply.page('sign-in/views/sign-in.njk', {
        title: 'Sign in',
        returnTo: safeReturnTo(query.returnTo),
        expired: query.expired === '1',
        signedOut: query.signedOut === '1',
      });
    },
  );

  pages.post(
    '/sign-in',
    // signIn (service.ts) writes the attempt's row: success, wrong password or locked.
    {
      config: { public: true, audit: { action: 'sign_in', recordKind: 'user' }, rateLimit: { max: config.signInRateLimitPerMinute, timeWindow: '1 minute' } },
      schema: { body: form({ email: formText, password: passwordAsTyped, returnTo: formText }) },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      const returnTo = safeReturnTo(request.body.returnTo);
      const errors: Record<string, string> = {};
      if (!email) errors.email = 'Enter your email address';
      else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) errors.email = 'Enter an email address in the correct format, like name@example.org';
      if (password === '') errors.password = 'Enter your password';
      const signInPage = (status: number, shown: Record<string, string>) =>
        reply.code(status).page('sign-in/views/sign-in.njk', {
          title: 'Sign in',
          errors: formErrors(shown, ['email', 'password']),
          values: { email },
          returnTo,
        });
      if (Object.keys(errors).length > 0) return signInPage(400, errors);
      const result = await signIn(database.db, request.ctx, email, password, policy);
      // One answer for a wrong password, an unknown email and a locked account (service.ts).
      if (!result.ok) return refusalPage(result, signInPage);
      const step = result.value;
      if (step.next !== 'session') {
        // No session yet: only a short-lived marker that the password was right.
        reply.setCookie(CHALLENGE_COOKIE, step.challengeToken, { httpOnly: true, sameSite: 'lax', secure: config.env === 'production', path: '/sign-in' });
        const to = step.next === 'code' ? '/sign-in/code' : '/sign-in/set-up-two-factor';
        return reply.redirect(`${to}?${new URLSearchParams({ returnTo })}`, 303);
      }
      // A fresh session id at every sign-in: an id planted before sign-in is worthless.
      const previous = request.cookies[SESSION_COOKIE];
      if (previous) await destroySession(database.db, previous);
      reply.setCookie(SESSION_COOKIE, step.sessionToken, {
        httpOnly: true,
        sameSite: 'lax',
        secure: config.env === 'production',
        path: '/',
      });
      return reply.redirect(returnTo, 303);
    },
  );

  app.post('/sign-out', { config: { roles: ROLES, audit: { action: 'sign_out', recordKind: 'user' } } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await signOut(database.db, request.ctx, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/sign-in?signedOut=1', 303);
  });
}

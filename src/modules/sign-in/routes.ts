import type { FastifyInstance } from 'fastify';
import { SESSION_COOKIE } from '../../platform/http/app.ts';
import { field, formErrors } from '../../platform/http/forms.ts';
import { destroySession } from '../../platform/auth/sessions.ts';
import { signIn, signOut } from './service.ts';
import { CHALLENGE_COOKIE } from '../two-factor/index.ts';
import { safeReturnTo } from '../../platform/http/return-to.ts';

export default async function signInRoutes(app: FastifyInstance) {
  const { config, database } = app.lantern;
  const policy = {
    idleMinutes: config.sessionIdleMinutes,
    absoluteHours: config.sessionAbsoluteHours,
    lockout: { threshold: config.lockoutThreshold, minutes: config.lockoutMinutes },
    requireTwoFactor: config.requireTwoFactor,
  };

  app.get('/sign-in', { config: { public: true } }, async (request, reply) => {
    const query = request.query as Record<string, string>;
    if (request.user) return reply.redirect(safeReturnTo(query.returnTo), 303);
    return reply.page('sign-in/views/sign-in.njk', {
      title: 'Sign in',
      returnTo: safeReturnTo(query.returnTo),
      expired: query.expired === '1',
      signedOut: query.signedOut === '1',
    });
  });

  app.post(
    '/sign-in',
    { config: { public: true, rateLimit: { max: config.signInRateLimitPerMinute, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const email = field(request.body, 'email');
      const password = (request.body as Record<string, unknown>)?.password;
      const returnTo = safeReturnTo(field(request.body, 'returnTo'));
      const errors: Record<string, string> = {};
      if (!email) errors.email = 'Enter your email address';
      else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) errors.email = 'Enter an email address in the correct format, like name@example.org';
      if (typeof password !== 'string' || password === '') errors.password = 'Enter your password';
      if (Object.keys(errors).length === 0) {
        const result = await signIn(database.db, request.ctx, email, password as string, policy);
        if (result.ok && result.next !== 'session') {
          // No session yet: only a short-lived marker that the password was right.
          reply.setCookie(CHALLENGE_COOKIE, result.challengeToken, { httpOnly: true, sameSite: 'lax', secure: config.env === 'production', path: '/sign-in' });
          const to = result.next === 'code' ? '/sign-in/code' : '/sign-in/set-up-two-factor';
          return reply.redirect(`${to}?${new URLSearchParams({ returnTo })}`, 303);
        }
        if (result.ok) {
          // A fresh session id at every sign-in: an id planted before sign-in is worthless.
          const previous = request.cookies[SESSION_COOKIE];
          if (previous) await destroySession(database.db, previous);
          reply.setCookie(SESSION_COOKIE, result.sessionToken, {
            httpOnly: true,
            sameSite: 'lax',
            secure: config.env === 'production',
            path: '/',
          });
          return reply.redirect(returnTo, 303);
        }
        // One answer for a wrong password, an unknown email and a locked account: telling them
        // apart would let anyone find out which email addresses have accounts.
        errors.email = `The email address or password is not right, or the account is locked after too many tries. Check them and try again, or wait ${config.lockoutMinutes} minutes`;
      }
      return reply.code(400).page('sign-in/views/sign-in.njk', {
        title: 'Sign in',
        errors: formErrors(errors, ['email', 'password']),
        values: { email },
        returnTo,
      });
    },
  );

  app.post('/sign-out', async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await signOut(database.db, request.ctx, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/sign-in?signedOut=1', 303);
  });
}

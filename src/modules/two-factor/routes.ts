import type { FastifyInstance, FastifyReply } from 'fastify';
import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SESSION_COOKIE } from '../../platform/http/app.ts';
import { formErrors } from '../../platform/http/forms.ts';
import { form, formText, queryText, recordAddress } from '../../platform/http/page-input.ts';
import { notFound } from '../../platform/http/errors.ts';
import { refusalPage } from '../../platform/http/refusals.ts';
import { isUuid } from '../../platform/ids.ts';
import { destroySession } from '../../platform/auth/sessions.ts';
import { agencies, users } from '../organisation/tables.ts';
import { CASEWORK_ROLES, COORDINATOR_ROLES, ROLES, TWO_FACTOR_RESET_ROLES, type Role } from '../../platform/auth/roles.ts';
import { safeReturnTo } from '../../platform/http/return-to.ts';
import { twoFactorSecrets } from './tables.ts';
import {
  beginSetUp,
  CHALLENGE_COOKIE,
  completeSignIn,
  confirmSetUp,
  findChallenge,
  looksLikeAuthenticatorCode,
  looksLikeRecoveryCode,
  needsTwoFactor,
  resetTwoFactor,
  SecretBox,
  twoFactorStatus,
  type SetUpDetails,
} from './service.ts';

/** Where to go once signed in, carried through every step. */
const returnToQuery = z.object({ returnTo: queryText });
/** Both code forms post here; each reads its own field. */
const codeForm = form({ returnTo: formText, code: formText, recoveryCode: formText });

/** Groups of four are easier to type into an app without losing one's place. */
function grouped(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(' ') ?? secret;
}

export default async function twoFactorRoutes(app: FastifyInstance) {
  const { config, database } = app.lantern;
  const db = database.db;
  const pages = app.withTypeProvider<ZodTypeProvider>();
  const box = new SecretBox(config.auditKey);
  const policy = {
    idleMinutes: config.sessionIdleMinutes,
    absoluteHours: config.sessionAbsoluteHours,
    lockout: { threshold: config.lockoutThreshold, minutes: config.lockoutMinutes },
  };
  const rateLimit = { max: config.signInRateLimitPerMinute, timeWindow: '1 minute' };
  /** The forms between the password and a session: they show nothing about the person. */
  const signInForm = { public: true, rateLimit, audit: { none: 'a form for the second step of signing in, showing nothing about the person' } } as const;
  /** completeSignIn and confirmSetUp (service.ts) write the attempt's row, right or wrong. */
  const signInAttempt = { public: true, rateLimit, audit: { action: 'sign_in', recordKind: 'user' } } as const;
  /** beginSetUp writes the start of a set-up against the person's second factor. */
  const setUpStarted = { action: 'create', recordKind: 'two_factor' } as const;
  const ownAccount = { roles: ROLES, audit: { none: 'the signed-in person’s own account: whether their second factor is on' } } as const;

  function openSession(reply: FastifyReply, previous: string | undefined, sessionToken: string) {
    reply.setCookie(SESSION_COOKIE, sessionToken, { httpOnly: true, sameSite: 'lax', secure: config.env === 'production', path: '/' });
    reply.clearCookie(CHALLENGE_COOKIE, { path: '/sign-in' });
    return previous ? destroySession(db, previous) : Promise.resolve();
  }

  function backToSignIn(reply: FastifyReply, returnTo: string) {
    reply.clearCookie(CHALLENGE_COOKIE, { path: '/sign-in' });
    return reply.redirect(`/sign-in?${new URLSearchParams({ returnTo })}`, 303);
  }

  // ---- The code after the password ----

  pages.get('/sign-in/code', { config: signInForm, schema: { querystring: returnToQuery } }, async (request, reply) => {
    const returnTo = safeReturnTo(request.query.returnTo);
    const challenge = await findChallenge(db, request.cookies[CHALLENGE_COOKIE]);
    if (!challenge || challenge.purpose !== 'code') return backToSignIn(reply, returnTo);
    return reply.page('two-factor/views/code.njk', { title: 'Enter your code', returnTo });
  });

  pages.get('/sign-in/recovery-code', { config: signInForm, schema: { querystring: returnToQuery } }, async (request, reply) => {
    const returnTo = safeReturnTo(request.query.returnTo);
    const challenge = await findChallenge(db, request.cookies[CHALLENGE_COOKIE]);
    if (!challenge || challenge.purpose !== 'code') return backToSignIn(reply, returnTo);
    return reply.page('two-factor/views/recovery-code.njk', { title: 'Enter a recovery code', returnTo });
  });

  for (const kind of ['code', 'recoveryCode'] as const) {
    const path = kind === 'code' ? '/sign-in/code' : '/sign-in/recovery-code';
    const template = kind === 'code' ? 'two-factor/views/code.njk' : 'two-factor/views/recovery-code.njk';
    const title = kind === 'code' ? 'Enter your code' : 'Enter a recovery code';
    pages.post(path, { config: signInAttempt, schema: { body: codeForm } }, async (request, reply) => {
      const returnTo = safeReturnTo(request.body.returnTo);
      const value = request.body[kind];
      const token = request.cookies[CHALLENGE_COOKIE];
      const challenge = await findChallenge(db, token);
      if (!token || !challenge || challenge.purpose !== 'code') return backToSignIn(reply, returnTo);
      const errors: Record<string, string> = {};
      if (kind === 'code') {
        if (!value) errors.code = 'Enter the 6-digit code from your authenticator app';
        else if (!looksLikeAuthenticatorCode(value)) errors.code = 'The code must be 6 digits, like 123456';
      } else if (!value) errors.recoveryCode = 'Enter one of your recovery codes';
      else if (!looksLikeRecoveryCode(value)) errors.recoveryCode = 'A recovery code is 12 letters and numbers, like abcd-efgh-jkmn';
      if (Object.keys(errors).length === 0) {
        const result = await completeSignIn(db, request.ctx, box, token, kind === 'code' ? { code: value } : { recoveryCode: value }, policy);
        if (result.ok) {
          await openSession(reply, request.cookies[SESSION_COOKIE], result.value.sessionToken);
          if (result.value.recoveryCodesLeft !== null) {
            // Using a recovery code is worth a pause: the person should know how few remain.
            return reply.redirect(`/account/recovery-code-used?${new URLSearchParams({ returnTo })}`, 303);
          }
          return reply.redirect(returnTo, 303);
        }
        if (result.kind === 'not_found') return backToSignIn(reply, returnTo);
        // Locked: this sign-in is over (the service ended it), so the marker goes too.
        if (result.kind === 'forbidden') reply.clearCookie(CHALLENGE_COOKIE, { path: '/sign-in' });
        // Every refusal of a code is answered 400, locked or not, as the password step is.
        Object.assign(errors, result.errors);
      }
      return reply.code(400).page(template, { title, returnTo, errors: formErrors(errors, [kind]) });
    });
  }

  // ---- Setting up during sign-in, when it is required ----

  function setUpPage(reply: FastifyReply, details: SetUpDetails, extra: Record<string, unknown>, errors?: Record<string, string>) {
    return reply.code(errors ? 400 : 200).page('two-factor/views/set-up.njk', {
      title: 'Set up two-factor sign-in',
      qrCode: details.qrCode,
      secretGrouped: grouped(details.secret),
      errors: errors ? formErrors(errors, ['code']) : null,
      ...extra,
    });
  }

  async function pendingSetUp(token: string | undefined) {
    const challenge = await findChallenge(db, token);
    if (!challenge || challenge.purpose !== 'set_up') return null;
    const [user] = await db.select({ userId: users.id, email: users.email, agencyId: users.agencyId, areaId: users.areaId, role: users.role }).from(users).where(eq(users.id, challenge.userId));
    return user ?? null;
  }

  pages.get('/sign-in/set-up-two-factor', { config: { public: true, rateLimit, audit: setUpStarted }, schema: { querystring: returnToQuery } }, async (request, reply) => {
    const returnTo = safeReturnTo(request.query.returnTo);
    const user = await pendingSetUp(request.cookies[CHALLENGE_COOKIE]);
    if (!user) return backToSignIn(reply, returnTo);
    const details = await beginSetUp(db, { ...request.ctx, actor: user }, box, user);
    if (!details) return backToSignIn(reply, returnTo);
    return setUpPage(reply, details, { required: true, action: '/sign-in/set-up-two-factor', returnTo });
  });

  pages.post('/sign-in/set-up-two-factor', { config: signInAttempt, schema: { body: form({ returnTo: formText, code: formText }) } }, async (request, reply) => {
    const returnTo = safeReturnTo(request.body.returnTo);
    const token = request.cookies[CHALLENGE_COOKIE];
    const user = await pendingSetUp(token);
    if (!token || !user) return backToSignIn(reply, returnTo);
    const ctx = { ...request.ctx, actor: user };
    const result = await confirmSetUp(db, ctx, box, user.userId, request.body.code, { challengeToken: token, policy });
    if (!result.ok) {
      // The sign-in this set-up belonged to has ended: start it again rather than show a 404.
      if (result.kind === 'not_found') return backToSignIn(reply, returnTo);
      return refusalPage(result, async (_status, errors) => {
        const details = await beginSetUp(db, ctx, box, user);
        if (!details) return backToSignIn(reply, returnTo);
        return setUpPage(reply, details, { required: true, action: '/sign-in/set-up-two-factor', returnTo }, errors);
      });
    }
    await openSession(reply, request.cookies[SESSION_COOKIE], result.value.sessionToken!);
    return reply.page('two-factor/views/recovery-codes.njk', { title: 'Two-factor sign-in is on', recoveryCodes: result.value.recoveryCodes, continueTo: returnTo });
  });

  // ---- The person's own account ----

  pages.get('/account', { config: ownAccount, schema: { querystring: z.object({ done: queryText }) } }, async (request, reply) => {
    const user = request.user!;
    const query = request.query;
    return reply.page('two-factor/views/account.njk', {
      title: 'Your account',
      status: await twoFactorStatus(db, user.userId),
      flash: query.done === 'set-up' ? 'Two-factor sign-in is on.' : undefined,
    });
  });

  /** When it is required, there is nowhere to go back to: every other page leads here. */
  function accountSetUpContext(role: Role) {
    return config.requireTwoFactor && needsTwoFactor(role) ? { required: true } : { backLink: '/account' };
  }

  app.get('/account/two-factor/set-up', { config: { roles: ROLES, audit: setUpStarted } }, async (request, reply) => {
    const user = request.user!;
    const details = await beginSetUp(db, request.ctx, box, user);
    if (!details) return reply.redirect('/account#two-factor', 303);
    return setUpPage(reply, details, { action: '/account/two-factor/set-up', returnTo: '/account', ...accountSetUpContext(user.role) });
  });

  pages.post('/account/two-factor/set-up', { config: { roles: ROLES, audit: { action: 'update', recordKind: 'two_factor' } }, schema: { body: form({ code: formText }) } }, async (request, reply) => {
    const user = request.user!;
    const result = await confirmSetUp(db, request.ctx, box, user.userId, request.body.code);
    if (!result.ok) {
      return refusalPage(result, async (_status, errors) => {
        const details = await beginSetUp(db, request.ctx, box, user);
        if (!details) return reply.redirect('/account#two-factor', 303);
        return setUpPage(reply, details, { action: '/account/two-factor/set-up', returnTo: '/account', ...accountSetUpContext(user.role) }, errors);
      });
    }
    return reply.page('two-factor/views/recovery-codes.njk', { title: 'Two-factor sign-in is on', recoveryCodes: result.value.recoveryCodes, continueTo: '/account' });
  });

  pages.get('/account/recovery-code-used', { config: ownAccount, schema: { querystring: returnToQuery } }, async (request, reply) => {
    const query = request.query;
    const left = (await twoFactorStatus(db, request.user!.userId)).recoveryCodesLeft;
    return reply.page('two-factor/views/recovery-code-used.njk', { title: 'You used a recovery code', left, continueTo: safeReturnTo(query.returnTo) });
  });

  // ---- Resets ----

  pages.get('/two-factor/people', { config: { roles: COORDINATOR_ROLES, audit: { action: 'view', recordKind: 'two_factor_people' } }, schema: { querystring: z.object({ reset: queryText }) } }, async (request, reply) => {
    const user = request.user!;
    const people = await db
      .select({ userId: users.id, name: users.name, agencyName: agencies.name, confirmedAt: twoFactorSecrets.confirmedAt })
      .from(users)
      .innerJoin(agencies, eq(agencies.id, users.agencyId))
      .leftJoin(twoFactorSecrets, and(eq(twoFactorSecrets.userId, users.id), isNotNull(twoFactorSecrets.confirmedAt)))
      .where(and(eq(users.areaId, user.areaId), eq(users.active, true), inArray(users.role, [...CASEWORK_ROLES])))
      .orderBy(asc(agencies.name), asc(users.name));
    request.noteAudit({ details: { people: people.length } });
    const done = request.query.reset === '1';
    return reply.page('two-factor/views/people.njk', {
      title: 'Two-factor sign-in',
      backLink: '/account',
      people: people.map((p) => ({ userId: p.userId, name: p.name, agencyName: p.agencyName, enabled: Boolean(p.confirmedAt), self: p.userId === user.userId })),
      flash: done ? 'Two-factor sign-in was reset and the person was signed out. They will set it up again when they next sign in.' : undefined,
    });
  });

  pages.post('/two-factor/people/:id/reset', { config: { roles: TWO_FACTOR_RESET_ROLES, audit: { action: 'permission_change', recordKind: 'two_factor', recordId: 'id' } }, schema: { params: recordAddress } }, async (request, reply) => {
    const user = request.user!;
    const { id } = request.params;
    if (!isUuid(id)) throw notFound();
    const result = await resetTwoFactor(db, request.ctx, user, id);
    if (!result.ok && result.kind === 'not_found') throw notFound();
    const back = user.role === 'administrator' ? `/admin/users/${id}` : '/two-factor/people';
    if (!result.ok) {
      const message = result.errors.reset ?? 'Two-factor sign-in was not reset';
      return reply.code(400).page('error.njk', {
        title: 'Two-factor sign-in was not reset',
        heading: 'Two-factor sign-in was not reset',
        errors: { summary: [{ text: message }], fields: {} },
        paragraphs: ['Nothing has changed.'],
        backLink: back,
      });
    }
    return reply.redirect(`${back}?reset=1`, 303);
  });
}

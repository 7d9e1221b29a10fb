import type { FastifyRequest } from 'fastify';
import type { Config } from '../../platform/config.ts';
import { hasTwoFactor, needsTwoFactor } from './service.ts';

export const ACCOUNT_SET_UP_PATH = '/account/two-factor/set-up';
/** What someone who must set two-factor up may still do: set it up, or leave. */
const ALLOWED = new Set([ACCOUNT_SET_UP_PATH, '/sign-out']);

/**
 * When two-factor is required, a session without it (one opened before the requirement was
 * switched on, say) reaches nothing but the set-up page until it is done.
 */
export async function twoFactorGate(request: FastifyRequest, config: Config): Promise<string | null> {
  const user = request.user;
  if (!config.requireTwoFactor || !user || !needsTwoFactor(user.role)) return null;
  if (ALLOWED.has(request.url.split('?')[0] ?? '')) return null;
  return (await hasTwoFactor(request.server.lantern.database.db, user.userId)) ? null : ACCOUNT_SET_UP_PATH;
}

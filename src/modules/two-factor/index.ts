/** The two-factor module's entry: what it contributes to Lantern and what other modules may use (decision record 0015). */
import type { LanternModule } from '../../platform/modules.ts';
import twoFactorRoutes from './routes.ts';

/** Authenticator codes after the password, recovery codes and resets. */
export const twoFactorModule: LanternModule = {
  name: 'two-factor',
  routes: [twoFactorRoutes],
};

export { twoFactorGate } from './gate.ts';

// Used by other modules.
export { CHALLENGE_COOKIE, createChallenge, needsTwoFactor, resetTwoFactor, twoFactorStatus } from './service.ts';

/** The sign-in module's entry: what it contributes to Lantern and what other modules may use (decision record 0015). */
import type { LanternModule } from '../../platform/modules.ts';
import { clearRateLimitWindows } from '../../platform/http/rate-limit-store.ts';
import signInRoutes from './routes.ts';

/** Signing in and out with a password (two-factor codes are the two-factor module's). */
export const signInModule: LanternModule = {
  name: 'sign-in',
  routes: [signInRoutes],
  // The limits on sign-in attempts count in the database; forget windows long over.
  jobs: [{ name: 'clear-rate-limit-windows', everySeconds: 3600, run: async ({ db }) => void (await clearRateLimitWindows(db)) }],
};

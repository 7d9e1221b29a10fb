/** The returns module's entry: what it contributes to Lantern and what other modules may use (decision record 0015). */
import type { LanternModule } from '../../platform/modules.ts';
import returnsRoutes from './routes.ts';
import returnsApi from './api.ts';

/** Anonymised returns, combining them, and estimating under-identification. */
export const returnsModule: LanternModule = {
  name: 'returns',
  routes: [returnsRoutes, returnsApi],
};

// Used by other modules.
export { registerReturnsCommands } from './cli.ts';
export { buildReturn } from './build.ts';

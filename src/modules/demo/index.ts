/** The demo module's entry: what it contributes to Lantern and what other modules may use (decision record 0015). */
import type { LanternModule } from '../../platform/modules.ts';

/** The demonstration area and the synthetic data generator: no pages of its own. */
export const demoModule: LanternModule = {
  name: 'demo',
};

// Used by other modules.
export { DEMO_PASSWORD, DEMO_USERS } from './people.ts';
export { seedDemoIfEmpty } from './seed.ts';
export { generateArea } from './generate.ts';

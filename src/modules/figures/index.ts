/** The figures module's entry: what it contributes to Lantern and what other modules may use (decision record 0015). */
import type { LanternModule } from '../../platform/modules.ts';
import figuresRoutes from './routes.ts';

/** Charts of the problem profile's figures. */
export const figuresModule: LanternModule = {
  name: 'figures',
  routes: [figuresRoutes],
};

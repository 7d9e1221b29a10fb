/** The home module's entry: what it contributes to Lantern and what other modules may use (decision record 0015). */
import type { LanternModule } from '../../platform/modules.ts';
import homeRoutes from './routes.ts';

/** The home page: the person's worklists and the tasks their role can do. */
export const homeModule: LanternModule = {
  name: 'home',
  routes: [homeRoutes],
  navigation: [{ href: '/', text: 'Home', order: 0 }],
};

/** The settings module's entry: what it contributes to Lantern and what other modules may use (decision record 0015). */
import type { LanternModule } from '../../platform/modules.ts';
import settingsRoutes from './routes.ts';

/** The area's own settings page. */
export const settingsModule: LanternModule = {
  name: 'settings',
  routes: [settingsRoutes],
  navigation: [
    {
      href: '/settings',
      text: 'Settings',
      order: 120,
      // The risk instrument is configuration too: it is reached from the Settings page.
      section: '/risk/instrument',
      description: 'The area’s own rules (triage target, flags, matching, missing deadlines) and the risk instrument.',
    },
  ],
};

/** The profile module's entry: what it contributes to Lantern and what other modules may use (decision record 0015). */
import type { LanternModule } from '../../platform/modules.ts';
import profileRoutes from './routes.ts';
import profileApi from './api.ts';

/** The problem profile: counts only, by section, with CSVs and charts. */
export const profileModule: LanternModule = {
  name: 'profile',
  routes: [profileRoutes, profileApi],
  navigation: [
    {
      href: '/profile',
      text: 'Problem profile',
      order: 90,
      section: '/returns',
      description: 'The problem profile, snapshot and anonymised return: counts only, no names, no free text.',
    },
  ],
};

// Used by other modules.
export { type FigureColumn, type FigureTable, fullGrid, hasTotalColumn, type ProfileSection, table } from './figure-table.ts';
export { areaCondition, type Scope, type Window, windowEnd } from './window.ts';
export { buildProfile } from './profile.ts';
export { CommandError, registerProfileCommands, runCommand, writeOutput } from './cli.ts';
export { type ProfileSectionBuilder } from './sections.ts';
export { horizontalBars } from './charts.ts';

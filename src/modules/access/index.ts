/** The access module's entry: what it contributes to Lantern and what other modules may use (decision record 0015). */
import type { LanternModule } from '../../platform/modules.ts';
import { ACCESS_SETTING_GROUP } from './settings.ts';
import accessRoutes from './routes.ts';
import { emergencyAccessWorklist } from './worklist.ts';

/** Emergency (break-glass) access, temporary access and the audit trail's pages. */
export const accessModule: LanternModule = {
  name: 'access',
  routes: [accessRoutes],
  navigation: [
    { href: '/access/break-glass', text: 'Emergency access', order: 100, description: 'Review emergency access to records.' },
    { href: '/audit', text: 'Audit trail', order: 130, description: 'Who viewed, searched, changed and exported what, and check the trail has not been altered.' },
  ],
  settings: ACCESS_SETTING_GROUP,
  worklists: [emergencyAccessWorklist],
};


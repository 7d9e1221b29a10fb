/** The organisation module's entry: what it contributes to Lantern and what other modules may use (decision record 0015). */
import type { LanternModule } from '../../platform/modules.ts';
import organisationRoutes from './routes.ts';

/** Areas, agencies and user accounts: administration, invitations and access approvals. */
export const organisationModule: LanternModule = {
  name: 'organisation',
  routes: [organisationRoutes],
  navigation: [
    { href: '/access/approvals', text: 'Access approvals', order: 110, description: 'Approve or refuse casework access that an administrator has asked for.' },
    { href: '/admin', text: 'Administration', order: 140, description: 'Areas, agencies and user accounts.' },
  ],
};

// Used by other modules.
export { createUser, reissueInvite } from './service.ts';

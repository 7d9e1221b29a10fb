/** The services module's entry: what it contributes to Lantern and what other modules may use (decision record 0015). */
import type { LanternModule } from '../../platform/modules.ts';
import serviceRoutes from './routes.ts';
import servicesApi from './api.ts';
import { servicesProfileSection } from './profile-section.ts';
import { staleWorklist } from './worklist.ts';
import { seedDemoServices } from './demo.ts';
import { numberedReferences } from '../../platform/db/references.ts';
import { serviceReference } from './vocab.ts';

/** The databank of services and resources, and what came of actions' referrals to them. */
export const servicesModule: LanternModule = {
  name: 'services',
  routes: [serviceRoutes, servicesApi],
  navigation: [{ href: '/services', text: 'Services', order: 84, description: 'Services and resources in and around the area, searchable by need, and how to refer to them.' }],
  worklists: [staleWorklist],
  recordReferences: [{ recordKind: 'service', references: numberedReferences('services', serviceReference) }],
  profileSections: [{ builder: servicesProfileSection }],
  // After plans and panels: the demo's referrals come from their tasks and actions.
  demo: { order: 50, seed: seedDemoServices },
};

// Used by other modules.
export { NEEDS, type Need } from './vocab.ts';
export { registerServicesCommands } from './cli.ts';

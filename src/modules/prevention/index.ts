/** The prevention module's entry: what it contributes to Lantern and what other modules may use (decision record 0015). */
import type { LanternModule } from '../../platform/modules.ts';
import preventionRoutes from './routes.ts';
import preventionApi from './api.ts';
import { preventionProfileSection } from './profile-section.ts';
import { seedDemoPrevention } from './demo.ts';
import { numberedReferences } from '../../platform/db/references.ts';
import { sessionReference } from './vocab.ts';

/** The prevention and awareness log, and where prevention reached against concerns and hotspots. */
export const preventionModule: LanternModule = {
  name: 'prevention',
  routes: [preventionRoutes, preventionApi],
  navigation: [{ href: '/prevention', text: 'Prevention', order: 85, description: 'Prevention and awareness sessions, and where they reached against concerns and hotspots.' }],
  profileSections: [{ builder: preventionProfileSection }],
  recordReferences: [{ recordKind: 'prevention_session', references: numberedReferences('prevention_sessions', sessionReference) }],
  // After intelligence: a session names the demo takeaway.
  demo: { order: 55, seed: seedDemoPrevention },
};

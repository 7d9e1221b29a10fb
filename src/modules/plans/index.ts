/** The plans module's entry: what it contributes to Lantern and what other modules may use (decision record 0015). */
import type { LanternModule } from '../../platform/modules.ts';
import planRoutes from './routes.ts';
import courtRoutes from './court-routes.ts';
import plansApi from './api.ts';
import { plansSection, tasksWorklist } from './record-section.ts';
import { seedDemoPlans } from './demo.ts';

/** Strategy meetings, tasks from plans and meetings, and court support for young witnesses. */
export const plansModule: LanternModule = {
  name: 'plans',
  routes: [planRoutes, courtRoutes, plansApi],
  chronologyKinds: { strategy_meeting: 'Strategy meeting', task: 'Task', court_support: 'Court support' },
  worklists: [tasksWorklist],
  recordSections: [{ id: 'plans', template: 'plans/views/_record-section.njk', place: 'after-circumstances', order: 30, load: plansSection }],
  demo: { order: 40, seed: seedDemoPlans },
};

// Used by other modules.
export { findVisibleTask } from './service.ts';

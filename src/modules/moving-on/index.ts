/** The moving-on module's entry: what it contributes to Lantern and what other modules may use (decision record 0015). */
import type { LanternModule } from '../../platform/modules.ts';
import { numberedReferences } from '../../platform/db/references.ts';
import movingOnRoutes from './routes.ts';
import movingOnApi from './api.ts';
import { MOVING_ON_SETTING_GROUP } from './settings.ts';
import { movingOnSection, movingOnSummary } from './record-section.ts';
import { transitionDeadlines, transitionsWorklist } from './worklist.ts';
import { turningEighteenSection } from './profile-section.ts';
import { seedDemoMovingOn } from './demo.ts';
import { closureReference } from './vocab.ts';

/** Closing and re-opening CSE work, and the transition at 18. */
export const movingOnModule: LanternModule = {
  name: 'moving-on',
  routes: [movingOnRoutes, movingOnApi],
  recordReferences: [{ recordKind: 'cse_closure', references: numberedReferences('cse_closures', closureReference) }],
  chronologyKinds: { closure: 'CSE work closed', reopening: 'CSE work re-opened', transition: 'Transition at 18' },
  settings: MOVING_ON_SETTING_GROUP,
  recordSections: [{ id: 'movingOn', title: 'Closure and transition', slug: 'moving-on', template: 'moving-on/views/_record-section.njk', place: 'after-circumstances', order: 80, load: movingOnSection, summary: movingOnSummary }],
  worklists: [transitionsWorklist],
  deadlines: transitionDeadlines,
  profileSections: [{ builder: turningEighteenSection }],
  demo: { order: 60, seed: seedDemoMovingOn },
};

// Used by other modules.
export { previousInvolvement } from './record-section.ts';

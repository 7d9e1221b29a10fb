/** The concerns module's entry: what it contributes to Lantern and what other modules may use (decision record 0015). */
import type { LanternModule } from '../../platform/modules.ts';
import concernRoutes from './routes.ts';
import concernApi from './api.ts';
import { numberedReferences } from '../../platform/db/references.ts';
import { concernReference } from './feedback.ts';
import concernAdditionRoutes from './additions-routes.ts';
import { seedDemoAdditions } from './demo.ts';

/** Recording a concern (the journey and the API) and feedback to the person who raised it. */
export const concernsModule: LanternModule = {
  name: 'concerns',
  recordReferences: [{ recordKind: 'concern', references: numberedReferences('concerns', concernReference) }],
  routes: [concernRoutes, concernApi, concernAdditionRoutes],
  navigation: [
    {
      href: '/concerns/new',
      text: 'Record a concern',
      order: 10,
      section: '/concerns/',
      description: 'Record something you have seen or been told, however small. Urgent concerns go to the top of the triage queue.',
    },
  ],
  chronologyKinds: { concern: 'Concern' },
  demo: { order: 5, seed: seedDemoAdditions },
};

// Used by other modules.
export { concernReference, emailFeedbackAfterCommit, feedbackKindLabel, REFERRER_STATUS_FROM_KIND, type FeedbackSent, markFeedbackRead, notify, notifyConcernRaisers, sendFeedback, unreadFeedbackCount } from './feedback.ts';
export { mentionMatchKey } from './submission.ts';
export { rescanConcernIdentifiers, type RescanCounts } from './rescan.ts';
export { addConcernToChronology } from './chronology.ts';
export { insertDemoConcern } from './demo.ts';
export { visibleConcerns } from './policy.ts';
export { checklistForArea, indicatorWording } from './indicators.ts';
export { additionsOf, unseenAdditions } from './additions.ts';

/** The self-assessment module's entry: what it contributes to Lantern and what other modules may use (decision record 0015). */
import type { LanternModule } from '../../platform/modules.ts';
import selfAssessmentRoutes from './routes.ts';
import selfAssessmentApi from './api.ts';
import { selfAssessmentProfileSection } from './profile-section.ts';
import { seedDemoSelfAssessment } from './demo.ts';
import { numberedReferences } from '../../platform/db/references.ts';
import { actionReference } from './service.ts';

/** The partnership's self-assessment: a versioned framework, yearly ratings with measured evidence and action plans. */
export const selfAssessmentModule: LanternModule = {
  name: 'self-assessment',
  routes: [selfAssessmentRoutes, selfAssessmentApi],
  navigation: [{ href: '/self-assessment', text: 'Self-assessment', order: 87, description: 'How the partnership rates itself against its standards, with figures from the records and the action plan, year against year.' }],
  recordReferences: [{ recordKind: 'self_assessment_action', references: numberedReferences('self_assessment_actions', actionReference) }],
  profileSections: [{ builder: selfAssessmentProfileSection }],
  // After the training register, whose figures it measures.
  demo: { order: 60, seed: seedDemoSelfAssessment },
};

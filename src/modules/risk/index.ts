/** The risk module's entry: what it contributes to Lantern and what other modules may use (decision record 0015). */
import type { LanternModule } from '../../platform/modules.ts';
import { riskPanelFor, riskSummary } from './record-panel.ts';
import riskRoutes from './routes.ts';
import instrumentRoutes from './instrument-routes.ts';
import reviewRoutes from './review-routes.ts';
import riskApi from './api.ts';
import { areaReviewsWorklist, leadReviewsWorklist, reviewDeadlines } from './home.ts';
import { checklistForArea } from './concern-checklist.ts';
import { COORDINATOR_ROLES } from '../../platform/auth/roles.ts';
import { numberedReferences } from '../../platform/db/references.ts';
import { assessmentReference } from './assessments.ts';
import { currentInstrument } from './versions.ts';

/** Risk assessments, reviews and the area's risk instrument. */
export const riskModule: LanternModule = {
  name: 'risk',
  recordReferences: [{ recordKind: 'risk_assessment', references: numberedReferences('risk_assessments', assessmentReference) }],
  routes: [riskRoutes, instrumentRoutes, reviewRoutes, riskApi],
  navigation: [
    // Lead professionals may open /risk/reviews too, but find their reviews on the home page instead.
    { href: '/risk/reviews', text: 'Reviews', order: 80, onlyFor: COORDINATOR_ROLES, description: 'Risk assessment reviews due and overdue across the area.' },
  ],
  chronologyKinds: { assessment: 'Risk assessment' },
  worklists: [areaReviewsWorklist, leadReviewsWorklist],
  deadlines: reviewDeadlines,
  provides: { concernChecklist: checklistForArea, riskLevels: async (db, areaId) => (await currentInstrument(db, areaId)).levels },
  recordSections: [{ id: 'risk', title: 'Risk', template: 'risk/views/record-panel.njk', place: 'after-team', order: 10, load: riskPanelFor, summary: riskSummary }],
};

// Used by other modules.
export { concernChecklist, createDefaultInstrument, type Instrument, type MissingEpisodeOnFile } from './instrument/index.ts';
export { readableLine } from './view-model.ts';

export { currentInstrument } from './versions.ts';


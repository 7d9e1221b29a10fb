/** The panels module's entry: what it contributes to Lantern and what other modules may use (decision record 0015). */
import type { LanternModule } from '../../platform/modules.ts';
import { seedDemoPanels as seedDemo } from './demo.ts';
import { panelActionsSection } from './profile-section.ts';
import { panelSection, panelSummary } from './record-section.ts';
import panelRoutes from './routes.ts';
import panelApi from './api.ts';
import { unreadNoticeCount } from './queries.ts';
import { actionDeadlines, actionsWorklist, referralsWorklist } from './worklist.ts';
import { CASEWORK_ROLES } from '../../platform/auth/roles.ts';
import { numberedReferences } from '../../platform/db/references.ts';
import { actionReference, referralReference } from './vocab.ts';

/** Multi-agency panels: referrals, meetings, case packs, decisions and actions. */
export const panelsModule: LanternModule = {
  name: 'panels',
  recordReferences: [{ recordKind: 'panel_referral', references: numberedReferences('panel_referrals', referralReference) }, { recordKind: 'panel_action', references: numberedReferences('panel_actions', actionReference) }],
  routes: [panelRoutes, panelApi],
  navigation: [
    { href: '/panels', text: 'Panels', order: 50, description: 'Multi-agency panels: referrals, agendas, case packs, decisions, minutes and the actions agreed.' },
  ],
  chronologyKinds: { panel: 'Panel decision', action: 'Action' },
  profileSections: [{ builder: panelActionsSection }],
  // After intelligence: a referral names the demo takeaway.
  demo: { order: 20, seed: (tx, area) => seedDemo(tx, area) },
  recordSections: [{ id: 'panels', title: 'Panels', template: 'panels/views/_record-section.njk', place: 'after-circumstances', order: 20, load: panelSection, summary: panelSummary }],
  worklists: [referralsWorklist, actionsWorklist],
  deadlines: actionDeadlines,
  navigationCounts: [{ href: '/panels', roles: CASEWORK_ROLES, count: (db, user) => unreadNoticeCount(db, user.userId) }],
};


// Used by other modules.
export { actionCounts } from './profile-section.ts';
export { findOwnAction } from './service.ts';
export { actionReference } from './vocab.ts';

/** The triage module's entry: what it contributes to Lantern and what other modules may use (decision record 0015). */
import type { LanternModule } from '../../platform/modules.ts';
import { TRIAGE_SETTING_GROUP } from './settings.ts';
import { feedbackSection } from './profile-section.ts';
import triageRoutes from './routes.ts';
import myConcernsRoutes from './my-concerns.ts';
import { unreadFeedbackCount } from '../concerns/index.ts';
import { CASEWORK_ROLES } from '../../platform/auth/roles.ts';
import { triageWorklist, updatesWorklist } from './worklist.ts';
import { concernsAbout, type ConcernsAbout } from './record-section.ts';

/** Triage of new concerns, matching them to records, and what happened to the concerns a person raised (My concerns). */
export const triageModule: LanternModule = {
  name: 'triage',
  routes: [triageRoutes, myConcernsRoutes],
  navigation: [
    { href: '/my-concerns', text: 'My concerns', order: 20, description: 'See what happened to every concern you have raised.' },
    { href: '/triage', text: 'Triage', order: 60, description: 'New concerns waiting for a decision, urgent first.' },
  ],
  settings: TRIAGE_SETTING_GROUP,
  chronologyKinds: { triage: 'Triage decision' },
  // In the profile after the new concerns, before the overlooked groups, where it has always been.
  profileSections: [{ builder: feedbackSection, before: 'overlooked' }],
  worklists: [triageWorklist, updatesWorklist],
  recordSections: [
    {
      id: 'concerns',
      title: 'Concerns',
      template: 'triage/views/_record-section.njk',
      place: 'after-team',
      order: 5,
      load: (db, user, record) => concernsAbout(db, user, record.id),
      // The record view's audit row names the concerns shown.
      auditDetails: (data) => ({ concernsShown: (data as ConcernsAbout).concerns.map((c) => c.id) }),
    },
  ],
  navigationCounts: [{ href: '/my-concerns', roles: CASEWORK_ROLES, count: (db, user) => unreadFeedbackCount(db, user.userId) }],
};
export { triageOutcome } from './outcomes.ts';
export { feedbackTimesBetween, triageTimesBetween } from './queue.ts';
export { triageSettingsForArea } from './settings.ts';

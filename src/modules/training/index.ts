/** The training module's entry: what it contributes to Lantern and what other modules may use (decision record 0015). */
import type { LanternModule } from '../../platform/modules.ts';
import trainingRoutes from './routes.ts';
import trainingApi from './api.ts';
import { TRAINING_SETTING_GROUP } from './settings.ts';
import { trainingProfileSection } from './profile-section.ts';
import { seedDemoTraining } from './demo.ts';
import { teamTraining } from './service.ts';
import { numberedReferences } from '../../platform/db/references.ts';
import { sessionReference } from './vocab.ts';

/** The training register: courses, sessions, attendance, coverage against the target, gaps and duplication. */
export const trainingModule: LanternModule = {
  name: 'training',
  routes: [trainingRoutes, trainingApi],
  navigation: [
    { href: '/my-training', text: 'My training', order: 25, description: 'The CSE training you have attended and when a refresher is due.' },
    { href: '/training', text: 'Training', order: 86, description: 'Training coverage by agency and role against the partnership’s target, the gaps, and courses given by several providers.' },
  ],
  recordReferences: [{ recordKind: 'training_session', references: numberedReferences('training_sessions', sessionReference) }],
  settings: TRAINING_SETTING_GROUP,
  profileSections: [{ builder: trainingProfileSection }],
  // After the demo's people and their teams.
  demo: { order: 50, seed: seedDemoTraining },
  recordSections: [
    {
      id: 'teamTraining',
      title: 'Team training',
      slug: 'team-training',
      template: 'training/views/_record-section.njk',
      place: 'after-team',
      order: 40,
      // The coordinator's view: counts of the team in date, no names.
      visibleTo: (user) => user.role === 'coordinator',
      load: (db, _user, record) => teamTraining(db, record.id),
    },
  ],
};

// Used by other modules.
export { areaAgencies, coverage, type Coverage } from './service.ts';

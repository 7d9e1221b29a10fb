/** The missing module's entry: what it contributes to Lantern and what other modules may use (decision record 0015). */
import type { LanternModule } from '../../platform/modules.ts';
import { MISSING_SETTING_GROUP } from './settings.ts';
import { missingSection, missingSummary } from './view-model.ts';
import missingRoutes from './routes.ts';
import missingApi from './api.ts';
import { missingDeadlines, missingWorklist } from './worklist.ts';
import { numberedReferences } from '../../platform/db/references.ts';
import { reference } from './vocab.ts';

/** Missing episodes, return interviews, strategy meetings and patterns. */
export const missingModule: LanternModule = {
  name: 'missing',
  recordReferences: [{ recordKind: 'missing_episode', references: numberedReferences('missing_episodes', reference) }],
  routes: [missingRoutes, missingApi],
  navigation: [
    {
      href: '/missing',
      text: 'Missing',
      order: 40,
      description: 'Who is missing now, return interviews due, and for the coordinator strategy meetings and patterns across the area.',
    },
  ],
  settings: MISSING_SETTING_GROUP,
  worklists: [missingWorklist],
  deadlines: missingDeadlines,
  chronologyKinds: { missing: 'Missing episode' },
  recordSections: [
    { id: 'missing', title: 'Missing episodes', template: 'missing/views/_record-section.njk', place: 'after-circumstances', order: 10, load: (db, user, record) => missingSection(db, user, record), summary: missingSummary },
  ],
};
export { missingEpisodesOnFile } from './queries.ts';
export { visibleEpisodes } from './policy.ts';

export { type DemoEpisode, seedDemoEpisodes } from './demo.ts';

export { rescanEpisodeIdentifiers } from './rescan.ts';

export { noteStrategyMeetingHeld } from './service.ts';
export { dateTimeFields, parseDateTimeInput } from './times.ts';
export { reference as episodeReference } from './vocab.ts';
export { lookedAfterMeetings, returnInterviewTimes } from './queries.ts';
export { missingSettings } from './settings.ts';

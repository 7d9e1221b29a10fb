/** The retention module's entry: schedules, review batches, erasure and legal holds (docs/retention.md). */
import { COORDINATOR_ROLES } from '../../platform/auth/roles.ts';
import type { LanternModule, WorkCounts } from '../../platform/modules.ts';
import retentionApi from './api.ts';
import retentionRoutes from './routes.ts';
import { awaitingReview, makeDueBatches } from './service.ts';
import { RETENTION_SETTING_GROUP } from './settings.ts';

export const retentionModule: LanternModule = {
  name: 'retention',
  routes: [retentionRoutes, retentionApi],
  settings: RETENTION_SETTING_GROUP,
  navigation: [{ href: '/retention', text: 'Retention', order: 125, description: 'Review records that have reached the end of their retention period, and set legal holds.' }],
  jobs: [
    {
      name: 'retention-review',
      everySeconds: 24 * 60 * 60,
      async run({ db, now, log }) {
        const made = await makeDueBatches(db, now);
        if (made) log.info({ batches: made }, 'retention review batches made');
      },
    },
  ],
  worklists: [
    {
      id: 'retentionReviews',
      roles: COORDINATOR_ROLES,
      async load(request): Promise<WorkCounts | null> {
        const waiting = await awaitingReview(request.server.lantern.database.db, request.user!.areaId);
        if (!waiting.count) return null;
        return { heading: 'Retention', counts: [{ label: 'records due for a retention decision', one: 'record due for a retention decision', count: waiting.count, oldest: waiting.oldest, href: '/retention' }] };
      },
    },
  ],
};

export { makeDueBatch, makeDueBatches, confirmBatch, decideItem, setLegalHold, liftLegalHold } from './service.ts';
export { RETENTION_DEFAULTS, retentionSettingsFrom } from './settings.ts';
export { ERASED } from './kinds.ts';

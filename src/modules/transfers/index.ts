/** The transfers module's entry: what it contributes to Lantern and what other modules may use (decision record 0015). */
import type { LanternModule, WorkCounts } from '../../platform/modules.ts';
import { COORDINATOR_ROLES } from '../../platform/auth/roles.ts';
import { numberedReferences } from '../../platform/db/references.ts';
import transferRoutes from './routes.ts';
import transfersApi from './api.ts';
import { transfersOfRecord, waitingCount } from './service.ts';
import { STATUS_TEXT } from './routes.ts';
import { crossAreaCount, crossAreaJob } from './cross-area.ts';

/** Moving a young person's record to another area: on this Lantern, or as a signed, encrypted package. */
export const transfersModule: LanternModule = {
  name: 'transfers',
  routes: [transferRoutes, transfersApi],
  jobs: [crossAreaJob],
  navigation: [{ href: '/transfers', text: 'Transfers', order: 75, description: 'Send records to other areas, and accept or import those sent to yours.' }],
  chronologyKinds: { transfer: 'From or to another area' },
  recordReferences: [{ recordKind: 'transfer', references: numberedReferences('transfers', (n) => `TR-${n}`) }],
  recordSections: [
    {
      id: 'transfers',
      title: 'Transfers',
      template: 'transfers/views/_record-section.njk',
      place: 'after-circumstances',
      order: 80,
      visibleTo: (user) => user.role === 'coordinator',
      async load(db, user, record) {
        const items = await transfersOfRecord(db, user, record.id);
        return { youngPersonId: record.id, items, statusText: STATUS_TEXT };
      },
      auditDetails: (data) => ({ transferIds: (data as { items: { id: string }[] }).items.map((t) => t.id) }),
    },
  ],
  worklists: [
    {
      id: 'transfersWaiting',
      roles: COORDINATOR_ROLES,
      async load(request): Promise<WorkCounts> {
        const waiting = await waitingCount(request.server.lantern.database.db, request.user!.areaId);
        const matches = await crossAreaCount(request.server.lantern.database.db, request.user!.areaId);
        return {
          heading: 'Transfers from other areas',
          counts: [
            { label: 'transfers waiting for your decision', one: 'transfer waiting for your decision', count: waiting.count, oldest: waiting.oldest, href: '/transfers' },
            { label: 'young people who may also be known to another area', one: 'young person who may also be known to another area', count: matches.count, oldest: matches.oldest, href: '/transfers/matches' },
          ],
        };
      },
    },
  ],
};

// Used by other modules and the command line.
export { registerTransferCommands } from './cli.ts';

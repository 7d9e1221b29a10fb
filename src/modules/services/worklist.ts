/** The coordinator's home page: databank entries not checked in a year, each count linking to exactly those. */
import type { Worklist, WorkCounts } from '../../platform/modules.ts';
import { PARTNERSHIP_EDIT_ROLES } from '../../platform/auth/roles.ts';
import { londonDayStart, londonToday, now } from '../../platform/time.ts';
import { staleCounts } from './service.ts';

export const staleWorklist: Worklist = {
  id: 'databankStale',
  roles: PARTNERSHIP_EDIT_ROLES,
  async load(request): Promise<WorkCounts | null> {
    const c = await staleCounts(request.server.lantern.database.db, request.user!.areaId, londonToday(now()));
    if (!c.services && !c.resources) return null;
    return {
      heading: 'Services and resources',
      counts: [
        { label: 'services not checked in a year', one: 'service not checked in a year', count: c.services, oldest: c.oldestService ? londonDayStart(c.oldestService) : null, href: '/services?show=stale', late: true },
        { label: 'resources not checked in a year', one: 'resource not checked in a year', count: c.resources, oldest: c.oldestResource ? londonDayStart(c.oldestResource) : null, href: '/services/resources?show=stale', late: true },
      ],
    };
  },
};

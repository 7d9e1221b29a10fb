import type { FastifyInstance } from 'fastify';
import { CASEWORK_ROLES, ROLES, ROLE_LABELS } from '../../platform/auth/roles.ts';
import { navigationFor } from '../../platform/http/navigation.ts';
import { contributions, type WorkCounts } from '../../platform/modules.ts';
import { now } from '../../platform/time.ts';

const COUNTS_TEMPLATE = 'home/views/_counts.njk';

export default async function homeRoutes(app: FastifyInstance) {
  // Everyone signed in has a home page. The modules' worklists on it (a lead professional's risk
  // reviews) list young people, so it is a view of them; with no worklist to show, nothing is recorded.
  app.get('/', { config: { roles: ROLES, audit: { action: 'view', recordKind: 'worklist' } } }, async (request, reply) => {
    const user = request.user!;
    const descriptions = new Map(app.lantern.navigation.map((item) => [item.href, item.description]));
    const tasks = navigationFor(app.lantern.navigation, user.role, '/')
      .filter((item) => item.href !== '/')
      .map((item) => ({ ...item, description: descriptions.get(item.href) ?? '' }));
    // A list with nothing in it is not shown. Each list notes for the audit row whom it listed.
    const worklists = contributions('worklists', app.lantern.modules).filter((list) => !list.roles || list.roles.includes(user.role));
    const loaded = await Promise.all(worklists.map((list) => list.load(request)));
    const at = now().getTime();
    const shown = worklists.flatMap((list, i) => {
      const data = loaded[i];
      if (data === null || data === undefined) return [];
      if (list.template) return [{ id: list.id, template: list.template, data }];
      const counted = data as WorkCounts;
      const counts = counted.counts.map((c) => ({ ...c, ageHours: c.count > 0 && c.oldest ? Math.max(0, (at - new Date(c.oldest).getTime()) / 3_600_000) : null }));
      return [{ id: list.id, template: COUNTS_TEMPLATE, data: { ...counted, counts } }];
    });
    if (shown.length === 0) request.noteAudit({ nothingShown: true });
    return reply.page('home/views/home.njk', {
      title: 'Home',
      roleLabel: ROLE_LABELS[user.role],
      caseworker: CASEWORK_ROLES.includes(user.role),
      tasks,
      worklists: shown,
      ...Object.fromEntries(shown.map((list) => [list.id, list.data])),
    });
  });
}

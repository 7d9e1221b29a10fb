import type { FastifyInstance } from 'fastify';
import { ROLES, ROLE_LABELS } from '../../platform/auth/roles.ts';
import { navigationFor } from '../../platform/http/navigation.ts';
import { contributions } from '../../platform/modules.ts';

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
    const worklists = contributions('worklists', app.lantern.modules);
    const loaded = await Promise.all(worklists.map((list) => list.load(request)));
    const shown = worklists.flatMap((list, i) => (loaded[i] === null || loaded[i] === undefined ? [] : [{ id: list.id, template: list.template, data: loaded[i] }]));
    if (shown.length === 0) request.noteAudit({ nothingShown: true });
    return reply.page('home/views/home.njk', {
      title: 'Home',
      roleLabel: ROLE_LABELS[user.role],
      tasks,
      worklists: shown,
      ...Object.fromEntries(shown.map((list) => [list.id, list.data])),
    });
  });
}

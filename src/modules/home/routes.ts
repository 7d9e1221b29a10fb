import type { FastifyInstance } from 'fastify';
import { ROLE_LABELS } from '../../platform/auth/roles.ts';
import { navigationFor } from '../../platform/http/navigation.ts';
import { contributions } from '../../platform/modules.ts';

export default async function homeRoutes(app: FastifyInstance) {
  app.get('/', async (request, reply) => {
    const user = request.user!;
    const descriptions = new Map(app.lantern.navigation.map((item) => [item.href, item.description]));
    const tasks = navigationFor(app.lantern.navigation, user.role, '/')
      .filter((item) => item.href !== '/')
      .map((item) => ({ ...item, description: descriptions.get(item.href) ?? '' }));
    // The modules' worklists (a lead professional's risk reviews) come before the tasks; a list with nothing in it is not shown.
    const worklists = contributions('worklists', app.lantern.modules);
    const loaded = await Promise.all(worklists.map((list) => list.load(request)));
    const shown = worklists.flatMap((list, i) => (loaded[i] === null || loaded[i] === undefined ? [] : [{ id: list.id, template: list.template, data: loaded[i] }]));
    return reply.page('home/views/home.njk', {
      title: 'Home',
      roleLabel: ROLE_LABELS[user.role],
      tasks,
      worklists: shown,
      ...Object.fromEntries(shown.map((list) => [list.id, list.data])),
    });
  });
}

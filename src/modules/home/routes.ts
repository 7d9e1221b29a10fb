import type { FastifyInstance } from 'fastify';
import { ROLE_LABELS } from '../organisation/roles.ts';
import { navigationFor } from '../../platform/http/navigation.ts';

const DESCRIPTIONS: Record<string, string> = {
  '/concerns/new': 'Record something you have seen or been told, however small. Urgent concerns go to the top of the triage queue.',
  '/my-concerns': 'See what happened to every concern you have raised.',
  '/young-people': 'Find the young people whose records you can see.',
  '/missing': 'Who is missing now, return interviews due, and for the coordinator strategy meetings and patterns across the area.',
  '/triage': 'New concerns waiting for a decision, urgent first.',
  '/figures': 'Anonymised figures for the partnership: no names, no free text.',
  '/access/break-glass': 'Review emergency access to records.',
  '/audit': 'Who viewed, searched, changed and exported what, and check the trail has not been altered.',
  '/admin': 'Areas, agencies and user accounts.',
};

export default async function homeRoutes(app: FastifyInstance) {
  app.get('/', async (request, reply) => {
    const user = request.user!;
    const tasks = navigationFor(user.role, '/')
      .filter((item) => item.href !== '/')
      .map((item) => ({ ...item, description: DESCRIPTIONS[item.href] ?? '' }));
    return reply.page('home/views/home.njk', { title: 'Home', roleLabel: ROLE_LABELS[user.role], tasks });
  });
}

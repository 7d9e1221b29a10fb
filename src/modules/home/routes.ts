import type { FastifyInstance } from 'fastify';
import { ROLE_LABELS } from '../../platform/auth/roles.ts';
import { navigationFor } from '../../platform/http/navigation.ts';
import { auditRead } from '../../platform/audit/audit.ts';
import { seesCasework } from '../young-people/index.ts';
import { leadProfessionalReviews } from '../risk/index.ts';

const DESCRIPTIONS: Record<string, string> = {
  '/concerns/new': 'Record something you have seen or been told, however small. Urgent concerns go to the top of the triage queue.',
  '/my-concerns': 'See what happened to every concern you have raised.',
  '/young-people': 'Find the young people whose records you can see.',
  '/missing': 'Who is missing now, return interviews due, and for the coordinator strategy meetings and patterns across the area.',
  '/triage': 'New concerns waiting for a decision, urgent first.',
  '/risk/reviews': 'Risk assessment reviews due and overdue across the area.',
  '/panels': 'Multi-agency panels: referrals, agendas, case packs, decisions, minutes and the actions agreed.',
  '/intelligence': 'Adults and places of concern, graded intelligence, disruption and prosecution, and who is linked to whom.',
  '/settings': 'The area’s own rules (triage target, flags, matching, missing deadlines) and the risk instrument.',
  '/profile': 'The problem profile, snapshot and anonymised return: counts only, no names, no free text.',
  '/access/break-glass': 'Review emergency access to records.',
  '/access/approvals': 'Approve or refuse casework access that an administrator has asked for.',
  '/audit': 'Who viewed, searched, changed and exported what, and check the trail has not been altered.',
  '/admin': 'Areas, agencies and user accounts.',
};

export default async function homeRoutes(app: FastifyInstance) {
  app.get('/', async (request, reply) => {
    const user = request.user!;
    const tasks = navigationFor(user.role, '/')
      .filter((item) => item.href !== '/')
      .map((item) => ({ ...item, description: DESCRIPTIONS[item.href] ?? '' }));
    // Lead professionals see the risk reviews they are responsible for first.
    const reviews = seesCasework(user.role) && user.role !== 'coordinator' ? await leadProfessionalReviews(app.lantern.database.db, user) : null;
    if (reviews?.items.length) await auditRead(app.lantern.database.db, request.ctx, { action: 'view', recordKind: 'risk_review_queue', details: { scope: 'lead', youngPersonIds: reviews.items.map((r) => r.youngPersonId) } });
    return reply.page('home/views/home.njk', { title: 'Home', roleLabel: ROLE_LABELS[user.role], tasks, reviews });
  });
}

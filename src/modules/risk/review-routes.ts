import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { queryText } from '../../platform/http/page-input.ts';
import { now } from '../../platform/time.ts';
import { CASEWORK_ROLES } from '../../platform/auth/roles.ts';
import { levelLabels } from './assessments.ts';
import { reviewQueue, reviewWords, type ReviewItem } from './reviews.ts';
import { currentInstrument } from './versions.ts';
import { formatDate } from '../../platform/views/filters.ts';

/** Table rows for a review queue: overdue in red, and whether a review has been started. */
export function reviewRows(items: ReviewItem[], labels: Record<string, string>, withLead: boolean) {
  return items.map((r) => [
    { html: `<a class="govuk-link" href="/young-people/${r.youngPersonId}">${escapeHtml(r.name)}</a><br><span class="govuk-body-s">${r.reference}</span>` },
    { text: labels[r.level] ?? r.level },
    { html: `${formatDate(r.dueOn)}<br><span class="${r.status === 'overdue' ? 'lantern-overdue' : 'govuk-body-s'}">${reviewWords(r.daysLeft)}</span>` },
    { text: r.reviewInProgress ? 'Review in progress' : 'Not started' },
    ...(withLead ? [{ text: r.leadProfessional ?? 'None named' }] : []),
  ]);
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export default async function reviewRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;

  // The coordinator's queue holds the whole area; anyone else sees the young people they are lead professional for.
  // `show=overdue` (or `due`: due in the next 14 days, not yet overdue) narrows it to what the home page counted.
  app.get('/risk/reviews', { config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'risk_review_queue' } }, schema: { querystring: z.object({ show: queryText }) } }, async (request, reply) => {
    const user = request.user!;
    const scope = user.role === 'coordinator' ? 'area' : 'lead';
    const query = request.query as { show: string };
    const show = query.show === 'overdue' || query.show === 'due' ? query.show : null;
    const [found, instrument] = await Promise.all([reviewQueue(db, user, scope, now()), currentInstrument(db, user.areaId)]);
    const items = show ? found.filter((i) => i.status === show) : found;
    request.noteAudit({ details: { scope, show, youngPersonIds: items.map((i) => i.youngPersonId) } });
    const labels = levelLabels(instrument);
    const due = items.filter((i) => i.status !== 'scheduled');
    const later = items.filter((i) => i.status === 'scheduled');
    return reply.page('risk/views/reviews.njk', {
      title: 'Risk assessment reviews',
      scope,
      overdue: items.filter((i) => i.status === 'overdue').length,
      dueRows: reviewRows(due, labels, scope === 'area'),
      laterRows: reviewRows(later, labels, scope === 'area'),
      withLead: scope === 'area',
      show,
    });
  });
}

import type { FastifyInstance } from 'fastify';
import { auditRead } from '../../platform/audit/audit.ts';
import { verifyWithCheckpoint } from '../../platform/audit/checkpoints.ts';
import { field, formErrors, isOneOf } from '../../platform/http/forms.ts';
import { isUuid } from '../../platform/ids.ts';
import { notFound } from '../../platform/http/errors.ts';
import { ROLE_LABELS, type Role } from '../../platform/auth/roles.ts';
import { AUDIT_ACTION_LABELS, auditTrailPage, recordAccessLog } from './audit-trail.ts';
import { findVisibleYoungPerson, personView, referenceFor } from '../young-people/index.ts';
import { REVIEW_OUTCOMES, breakGlassForReview, grantBreakGlass, reviewBreakGlass } from './service.ts';
import { pageNumber } from '../../platform/http/paging.ts';

const AUDIT_READERS = { roles: ['board_member', 'coordinator', 'administrator'] as const };
const COORDINATOR = { roles: ['coordinator'] as const };
const CASEWORK = { roles: ['practitioner', 'agency_lead', 'coordinator', 'panel_member', 'intelligence_officer'] as const };

function parseDay(value: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const date = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export default async function accessRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;

  app.get('/audit', { config: AUDIT_READERS }, async (request, reply) => {
    const user = request.user!;
    const query = request.query as Record<string, string | undefined>;
    const page = pageNumber(query.page);
    const filters = {
      action: isOneOf(AUDIT_ACTION_LABELS, query.action) ? query.action : undefined,
      recordKind: query.recordKind && /^[a-z_]{1,40}$/.test(query.recordKind) ? query.recordKind : undefined,
      recordId: query.recordId && query.recordId.length <= 64 ? query.recordId : undefined,
      from: parseDay(query.from ?? ''),
      to: parseDay(query.to ?? ''),
    };
    const { rows, hasNext } = await auditTrailPage(db, user.areaId, filters, page);
    await auditRead(db, request.ctx, { action: 'view', recordKind: 'audit_trail', details: { page, filtered: Object.values(filters).some(Boolean) } });
    const params = (p: number) => `?${new URLSearchParams(Object.entries({ ...query, page: String(p) }).filter(([, v]) => v) as [string, string][])}`;
    return reply.page('access/views/audit.njk', {
      title: 'Audit trail',
      rows: rows.map((r) => ({ ...r, actionLabel: AUDIT_ACTION_LABELS[r.action] ?? r.action, roleLabel: r.actorRole ? (ROLE_LABELS[r.actorRole as Role] ?? r.actorRole) : '' })),
      filters: query,
      actionItems: [{ value: '', text: 'Any action' }, ...Object.entries(AUDIT_ACTION_LABELS).map(([value, text]) => ({ value, text, selected: value === query.action }))],
      previous: page > 1 ? { href: params(page - 1) } : null,
      next: hasNext ? { href: params(page + 1) } : null,
      page,
    });
  });

  app.get('/audit/verify', { config: AUDIT_READERS }, async (request, reply) => {
    const report = await verifyWithCheckpoint(db, app.lantern.config.auditCheckpointDir);
    await auditRead(db, request.ctx, { action: 'view', recordKind: 'audit_verification', details: { ok: report.ok, rowsChecked: report.rowsChecked } });
    return reply.page('access/views/audit-verify.njk', { title: 'Check the audit trail', backLink: '/audit', report });
  });

  app.get('/access/break-glass', { config: COORDINATOR }, async (request, reply) => {
    const user = request.user!;
    const [waiting, reviewed] = await Promise.all([breakGlassForReview(db, user.areaId, false), breakGlassForReview(db, user.areaId, true)]);
    await auditRead(db, request.ctx, { action: 'view', recordKind: 'break_glass_review' });
    return reply.page('access/views/break-glass-review.njk', { title: 'Emergency access to review', waiting, reviewed, outcomes: REVIEW_OUTCOMES });
  });

  app.post('/access/break-glass/:id/review', { config: COORDINATOR }, async (request, reply) => {
    const user = request.user!;
    const id = (request.params as { id: string }).id;
    if (!isUuid(id)) throw notFound();
    const result = await reviewBreakGlass(db, request.ctx, user, id, field(request.body, 'outcome'), field(request.body, 'note'));
    if (result.ok) return reply.redirect('/access/break-glass', 303);
    if ('notFound' in result) throw notFound();
    const [waiting, reviewed] = await Promise.all([breakGlassForReview(db, user.areaId, false), breakGlassForReview(db, user.areaId, true)]);
    return reply.code(400).page('access/views/break-glass-review.njk', { title: 'Emergency access to review', waiting, reviewed, outcomes: REVIEW_OUTCOMES, errors: formErrors(result.errors) });
  });

  app.get('/young-people/emergency-access', { config: CASEWORK }, async (request, reply) => {
    const number = (request.query as Record<string, string>).reference ?? '';
    return reply.page('access/views/break-glass-request.njk', { title: 'Emergency access to a record', backLink: '/young-people', values: { reference: number } });
  });

  app.post('/young-people/emergency-access', { config: CASEWORK }, async (request, reply) => {
    const reference = field(request.body, 'reference');
    const reason = field(request.body, 'reason');
    const number = /^(YP-?)?(\d{1,12})$/i.exec(reference.replace(/\s/g, ''))?.[2];
    const errors: Record<string, string> = {};
    if (!number) errors.reference = 'Enter the record reference, like YP-1042';
    const result = number ? await grantBreakGlass(db, request.ctx, request.user!, Number(number), reason) : null;
    if (result?.ok) return reply.redirect(`/young-people/${result.youngPersonId}`, 303);
    if (result && 'errors' in result) Object.assign(errors, result.errors);
    if (result && 'notFound' in result) errors.reference = 'There is no record with this reference in your area. Check the reference and try again';
    return reply.code(400).page('access/views/break-glass-request.njk', { title: 'Emergency access to a record', backLink: '/young-people', values: { reference, reason }, errors: formErrors(errors, ['reference', 'reason']) });
  });

  // A young person's access log: the coordinator's view of who has looked at the record (linked from the record page).
  app.get('/young-people/:id/access-log', { config: { roles: ['coordinator'] } }, async (request, reply) => {
    const yp = await findVisibleYoungPerson(db, request.user!, (request.params as { id: string }).id);
    if (!yp) throw notFound();
    const entries = await recordAccessLog(db, request.user!.areaId, 'young_person', yp.id);
    await auditRead(db, request.ctx, { action: 'view', recordKind: 'young_person_access_log', recordId: yp.id });
    return reply.page('access/views/access-log.njk', {
      title: `Who has looked at ${referenceFor(yp.number)}`,
      backLink: `/young-people/${yp.id}`,
      yp: personView(yp),
      entries: entries.map((e) => ({ ...e, roleLabel: e.actorRole ? (ROLE_LABELS[e.actorRole as Role] ?? e.actorRole) : '' })),
    });
  });
}

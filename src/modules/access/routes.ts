import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { verifyWithCheckpoint } from '../../platform/audit/checkpoints.ts';
import { formErrors, isOneOf } from '../../platform/http/forms.ts';
import { form, formText, pageInQuery, queryText, recordAddress } from '../../platform/http/page-input.ts';
import { isUuid } from '../../platform/ids.ts';
import { notFound } from '../../platform/http/errors.ts';
import { AUDIT_TRAIL_ROLES, CASEWORK_ROLES, COORDINATOR_ROLES, ROLE_LABELS, type Role } from '../../platform/auth/roles.ts';
import { refusalPage } from '../../platform/http/refusals.ts';
import { AUDIT_ACTION_LABELS, auditTrailPage, recordAccessLog } from './audit-trail.ts';
import { findVisibleYoungPerson, personView, referenceFor } from '../young-people/index.ts';
import { REVIEW_OUTCOMES, breakGlassForReview, grantBreakGlass, reviewBreakGlass } from './service.ts';
import type { Db } from '../../platform/db/database.ts';
import { contributions } from '../../platform/modules.ts';

/** The audit trail's filters, read leniently: a filter that makes no sense is left out, not refused. */
const auditFilters = z.object({ page: pageInQuery, action: queryText, recordKind: queryText, recordId: queryText, from: queryText, to: queryText });

function parseDay(value: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const date = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** References (YP-2, C-10) for the records the rows name, from each module's `recordReferences`: one query per kind. */
async function recordReferencesFor(db: Db, rows: { recordKind: string | null; recordId: string | null }[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const source of contributions('recordReferences')) {
    const ids = rows.filter((r) => r.recordKind === source.recordKind && r.recordId).map((r) => r.recordId!);
    if (!ids.length) continue;
    for (const [id, reference] of await source.references(db, ids)) found.set(`${source.recordKind} ${id}`, reference);
  }
  return found;
}

/** "young person YP-2"; a record with no reference people know (an account, a setting) is named by its kind alone. */
function recordLabel(kind: string | null, reference: string | undefined): string {
  if (!kind) return '';
  const words = kind.replaceAll('_', ' ');
  return reference ? `${words} ${reference}` : words;
}

export default async function accessRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  pages.get('/audit', { config: { roles: AUDIT_TRAIL_ROLES, audit: { action: 'view', recordKind: 'audit_trail' } }, schema: { querystring: auditFilters } }, async (request, reply) => {
    const user = request.user!;
    const { page, ...query } = request.query;
    const filters = {
      action: isOneOf(AUDIT_ACTION_LABELS, query.action) ? query.action : undefined,
      recordKind: query.recordKind && /^[a-z_]{1,40}$/.test(query.recordKind) ? query.recordKind : undefined,
      recordId: query.recordId && query.recordId.length <= 64 ? query.recordId : undefined,
      from: parseDay(query.from),
      to: parseDay(query.to),
    };
    const { rows, hasNext } = await auditTrailPage(db, user.areaId, filters, page);
    const references = await recordReferencesFor(db, rows);
    request.noteAudit({ details: { page, filtered: Object.values(filters).some(Boolean) } });
    const params = (p: number) => `?${new URLSearchParams(Object.entries({ ...query, page: String(p) }).filter(([, v]) => v))}`;
    return reply.page('access/views/audit.njk', {
      title: 'Audit trail',
      rows: rows.map((r) => ({
        ...r,
        actionLabel: AUDIT_ACTION_LABELS[r.action] ?? r.action,
        roleLabel: r.actorRole ? (ROLE_LABELS[r.actorRole as Role] ?? r.actorRole) : '',
        recordLabel: recordLabel(r.recordKind, r.recordId ? references.get(`${r.recordKind} ${r.recordId}`) : undefined),
      })),
      filters: query,
      actionItems: [{ value: '', text: 'Any action' }, ...Object.entries(AUDIT_ACTION_LABELS).map(([value, text]) => ({ value, text, selected: value === query.action }))],
      previous: page > 1 ? { href: params(page - 1) } : null,
      next: hasNext ? { href: params(page + 1) } : null,
      page,
    });
  });

  pages.get('/audit/verify', { config: { roles: AUDIT_TRAIL_ROLES, audit: { action: 'view', recordKind: 'audit_verification' } } }, async (request, reply) => {
    const report = await verifyWithCheckpoint(db, app.lantern.config.auditCheckpointDir);
    request.noteAudit({ details: { ok: report.ok, rowsChecked: report.rowsChecked } });
    return reply.page('access/views/audit-verify.njk', { title: 'Check the audit trail', backLink: '/audit', report });
  });

  pages.get('/access/break-glass', { config: { roles: COORDINATOR_ROLES, audit: { action: 'view', recordKind: 'break_glass_review' } } }, async (request, reply) => {
    const user = request.user!;
    const [waiting, reviewed] = await Promise.all([breakGlassForReview(db, user.areaId, false), breakGlassForReview(db, user.areaId, true)]);
    return reply.page('access/views/break-glass-review.njk', { title: 'Emergency access to review', waiting, reviewed, outcomes: REVIEW_OUTCOMES });
  });

  pages.post('/access/break-glass/:id/review', {
    config: { roles: COORDINATOR_ROLES, audit: { action: 'update', recordKind: 'break_glass_access', recordId: 'id' } },
    schema: { params: recordAddress, body: form({ outcome: formText, note: formText }) },
  }, async (request, reply) => {
    const user = request.user!;
    const id = request.params.id;
    if (!isUuid(id)) throw notFound();
    const result = await reviewBreakGlass(db, request.ctx, user, id, request.body.outcome, request.body.note);
    if (result.ok) return reply.redirect('/access/break-glass', 303);
    return refusalPage(result, async (status, errors) => {
      const [waiting, reviewed] = await Promise.all([breakGlassForReview(db, user.areaId, false), breakGlassForReview(db, user.areaId, true)]);
      return reply.code(status).page('access/views/break-glass-review.njk', { title: 'Emergency access to review', waiting, reviewed, outcomes: REVIEW_OUTCOMES, errors: formErrors(errors) });
    });
  });

  pages.get('/young-people/emergency-access', {
    config: { roles: CASEWORK_ROLES, audit: { none: 'the request form shows only the reference the user typed, no record' } },
    schema: { querystring: z.object({ reference: queryText }) },
  }, async (request, reply) => {
    const number = request.query.reference;
    return reply.page('access/views/break-glass-request.njk', { title: 'Emergency access to a record', backLink: '/young-people', values: { reference: number } });
  });

  // The grant writes its own break_glass row against the record, with the reason given.
  pages.post('/young-people/emergency-access', {
    config: { roles: CASEWORK_ROLES, audit: { action: 'break_glass', recordKind: 'young_person' } },
    schema: { body: form({ reference: formText, reason: formText }) },
  }, async (request, reply) => {
    const { reference, reason } = request.body;
    const number = /^(YP-?)?(\d{1,12})$/i.exec(reference.replace(/\s/g, ''))?.[2];
    const errors: Record<string, string> = {};
    if (!number) errors.reference = 'Enter the record reference, like YP-1042';
    const result = number ? await grantBreakGlass(db, request.ctx, request.user!, Number(number), reason) : null;
    if (result?.ok) return reply.redirect(`/young-people/${result.value.youngPersonId}`, 303);
    // A record the person may not see is answered like one that does not exist, on the form.
    if (result?.kind === 'not_found') errors.reference = 'There is no record with this reference in your area. Check the reference and try again';
    else if (result) Object.assign(errors, result.errors);
    return reply.code(400).page('access/views/break-glass-request.njk', { title: 'Emergency access to a record', backLink: '/young-people', values: { reference, reason }, errors: formErrors(errors, ['reference', 'reason']) });
  });

  // A young person's access log: the coordinator's view of who has looked at the record (linked from the record page).
  pages.get('/young-people/:id/access-log', {
    config: { roles: COORDINATOR_ROLES, audit: { action: 'view', recordKind: 'young_person_access_log', recordId: 'id' } },
    schema: { params: recordAddress },
  }, async (request, reply) => {
    const yp = await findVisibleYoungPerson(db, request.user!, request.params.id);
    if (!yp) throw notFound();
    const entries = await recordAccessLog(db, request.user!.areaId, 'young_person', yp.id);
    return reply.page('access/views/access-log.njk', {
      title: `Who has looked at ${referenceFor(yp.number)}`,
      backLink: `/young-people/${yp.id}`,
      yp: personView(yp),
      entries: entries.map((e) => ({ ...e, roleLabel: e.actorRole ? (ROLE_LABELS[e.actorRole as Role] ?? e.actorRole) : '' })),
    });
  });
}

/**
 * The coordinator's retention pages: the batches the schedule found (/retention), one batch with
 * its items, the review of one item (keep with a reason and the next review date, or erase), the
 * batch's confirmation, and legal holds.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { COORDINATOR_ROLES } from '../../platform/auth/roles.ts';
import { formErrors, type FieldErrors } from '../../platform/http/forms.ts';
import { notFound } from '../../platform/http/errors.ts';
import { dateInputValues, readDateInput } from '../../platform/http/date-input.ts';
import { form, formText } from '../../platform/http/page-input.ts';
import { refusalPage } from '../../platform/http/refusals.ts';
import { awaitingReview, batchInArea, batchReference, batchesOf, confirmBatch, decideItem, holdsOf, liftLegalHold, setLegalHold } from './service.ts';

const batchAddress = z.object({ batchId: z.string() });
const itemAddress = z.object({ batchId: z.string(), itemId: z.string() });
const holdAddress = z.object({ holdId: z.string() });
const done = z.object({ done: z.string().optional() });
const decisionForm = form({ decision: formText, reason: formText, 'nextReviewOn-day': formText, 'nextReviewOn-month': formText, 'nextReviewOn-year': formText });
const holdForm = form({ reference: formText, reason: formText });
const liftForm = form({ liftReason: formText });

export const RULE_LABELS: Record<string, string> = {
  retentionYoungPersonUntilAge: 'Reached the age the record is kept to',
  retentionYoungPersonYearsAfterActivity: 'Nothing recorded for the period kept after the last activity',
  retentionConcernNoActionMonths: 'Concern closed with no action, period passed',
  retentionAdultUnlinkedMonths: 'Adult never linked to a child, period passed',
  retentionIntelligenceMonths: 'Intelligence (A to C), period passed',
  retentionIntelligenceDoubtfulMonths: 'Doubtful intelligence, period passed',
  retentionIntelligenceConditionsMonths: 'Intelligence shared with conditions, period passed',
  retentionAuditPersonalYears: 'Audit details, period passed',
  retentionFeedbackMonths: 'Updates, period passed',
};

const view = (recordKind: string, recordId?: string) => ({ roles: COORDINATOR_ROLES, audit: { action: 'view', recordKind, ...(recordId ? { recordId } : {}) } }) as const;

export default async function retentionRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  pages.get('/retention', { config: view('retention_batch'), schema: { querystring: done } }, async (request, reply) => {
    const batches = await batchesOf(db, request.user!.areaId);
    return reply.page('retention/views/batches.njk', {
      title: 'Retention reviews',
      batches: batches.map((b) => ({ ...b, reference: batchReference(b.number) })),
      waiting: await awaitingReview(db, request.user!.areaId),
    });
  });

  async function batchPage(request: FastifyRequest, batchId: string, errors?: FieldErrors, notice?: string) {
    const found = await batchInArea(db, request.user!.areaId, batchId);
    if (!found) throw notFound();
    request.noteAudit({ recordId: found.batch.id, details: { items: found.items.length } });
    return {
      title: `Retention review ${batchReference(found.batch.number)}`,
      backLink: '/retention',
      batch: { ...found.batch, reference: batchReference(found.batch.number) },
      items: found.items.map((i) => ({ ...i, ruleLabel: RULE_LABELS[i.rule] ?? i.rule })),
      undecided: found.items.filter((i) => !i.decision).length,
      errors: errors ? formErrors(errors) : null,
      notice,
    };
  }

  pages.get('/retention/batches/:batchId', { config: view('retention_batch', 'batchId'), schema: { params: batchAddress, querystring: done } }, async (request, reply) => {
    const notices: Record<string, string> = { decided: 'Decision saved.', confirmed: 'Batch confirmed: the records chosen for erasure have been erased.' };
    return reply.page('retention/views/batch.njk', await batchPage(request, request.params.batchId, undefined, notices[request.query.done ?? '']));
  });

  async function itemPage(request: FastifyRequest, batchId: string, itemId: string, values: Record<string, string | undefined>, errors?: FieldErrors) {
    const found = await batchInArea(db, request.user!.areaId, batchId);
    const item = found?.items.find((i) => i.id === itemId);
    if (!found || !item) throw notFound();
    return {
      title: `Review ${item.reference}`,
      backLink: `/retention/batches/${found.batch.id}`,
      batch: { ...found.batch, reference: batchReference(found.batch.number) },
      item: { ...item, ruleLabel: RULE_LABELS[item.rule] ?? item.rule, facts: Object.entries(item.facts).filter(([, v]) => v !== '') },
      values,
      errors: errors && Object.keys(errors).length ? formErrors(errors, ['decision', 'reason', 'nextReviewOn']) : null,
    };
  }

  pages.get('/retention/batches/:batchId/items/:itemId', { config: view('retention_item', 'itemId'), schema: { params: itemAddress } }, async (request, reply) => {
    const found = await batchInArea(db, request.user!.areaId, request.params.batchId);
    const item = found?.items.find((i) => i.id === request.params.itemId);
    const values = { decision: item?.decision ?? '', reason: item?.keepReason ?? '', ...dateInputValues('nextReviewOn', item?.nextReviewOn) };
    return reply.page('retention/views/item.njk', await itemPage(request, request.params.batchId, request.params.itemId, values));
  });

  pages.post('/retention/batches/:batchId/items/:itemId', { config: { roles: COORDINATOR_ROLES, audit: { action: 'update', recordKind: 'retention_item', recordId: 'itemId' } }, schema: { params: itemAddress, body: decisionForm } }, async (request, reply) => {
    const body = request.body;
    const date = readDateInput(body, 'nextReviewOn', { label: 'The next review', example: '1 6 2030' });
    const result = await decideItem(db, request.ctx, request.user!, request.params.batchId, request.params.itemId, {
      decision: body.decision,
      reason: body.reason,
      nextReviewOn: date.value,
      nextReviewError: body.decision === 'keep' ? date.error : undefined,
    });
    if (!result.ok) return refusalPage(result, async (status, errors) => reply.code(status).page('retention/views/item.njk', await itemPage(request, request.params.batchId, request.params.itemId, body, errors)));
    return reply.redirect(`/retention/batches/${request.params.batchId}?done=decided`, 303);
  });

  pages.post('/retention/batches/:batchId/confirm', { config: { roles: COORDINATOR_ROLES, audit: { action: 'erase', recordKind: 'retention_batch', recordId: 'batchId' } }, schema: { params: batchAddress } }, async (request, reply) => {
    const result = await confirmBatch(db, request.ctx, request.user!, request.params.batchId);
    if (!result.ok) return refusalPage(result, async (status, errors) => reply.code(status).page('retention/views/batch.njk', await batchPage(request, request.params.batchId, errors)));
    return reply.redirect(`/retention/batches/${request.params.batchId}?done=confirmed`, 303);
  });

  async function holdsPage(request: FastifyRequest, values: Record<string, string | undefined>, errors?: FieldErrors, liftErrors?: { holdId: string; errors: FieldErrors; value: string }, notice?: string) {
    const holds = await holdsOf(db, request.user!.areaId);
    request.noteAudit({ details: { holds: holds.length } });
    return {
      title: 'Legal holds',
      backLink: '/retention',
      holds,
      values,
      errors: errors && Object.keys(errors).length ? formErrors(errors, ['reference', 'reason']) : liftErrors ? formErrors({ [`liftReason-${liftErrors.holdId}`]: liftErrors.errors.liftReason ?? 'The hold could not be lifted' }) : null,
      liftFor: liftErrors?.holdId,
      liftValue: liftErrors?.value,
      notice,
    };
  }

  pages.get('/retention/holds', { config: view('legal_hold'), schema: { querystring: done } }, async (request, reply) => {
    const notices: Record<string, string> = { set: 'Legal hold set.', lifted: 'Legal hold lifted.' };
    return reply.page('retention/views/holds.njk', await holdsPage(request, {}, undefined, undefined, notices[request.query.done ?? '']));
  });

  pages.post('/retention/holds', { config: { roles: COORDINATOR_ROLES, audit: { action: 'create', recordKind: 'legal_hold' } }, schema: { body: holdForm } }, async (request, reply) => {
    const result = await setLegalHold(db, request.ctx, request.user!, request.body);
    if (!result.ok) return refusalPage(result, async (status, errors) => reply.code(status).page('retention/views/holds.njk', await holdsPage(request, request.body, errors)));
    return reply.redirect('/retention/holds?done=set', 303);
  });

  pages.post('/retention/holds/:holdId/lift', { config: { roles: COORDINATOR_ROLES, audit: { action: 'update', recordKind: 'legal_hold', recordId: 'holdId' } }, schema: { params: holdAddress, body: liftForm } }, async (request, reply) => {
    const result = await liftLegalHold(db, request.ctx, request.user!, request.params.holdId, { reason: request.body.liftReason });
    if (!result.ok) {
      return refusalPage(result, async (status, errors) => reply.code(status).page('retention/views/holds.njk', await holdsPage(request, {}, undefined, { holdId: request.params.holdId, errors, value: request.body.liftReason })));
    }
    return reply.redirect('/retention/holds?done=lifted', 303);
  });
}

/** The JSON API for retention reviews and legal holds (the coordinator's), through the pages' services. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { API_PREFIX } from '../../platform/api/plugin.ts';
import { COORDINATOR_ROLES } from '../../platform/auth/roles.ts';
import { problem } from '../../platform/http/problem.ts';
import { sendFailure } from '../../platform/http/refusals.ts';
import { batchInArea, batchReference, batchesOf, confirmBatch, decideItem, setLegalHold } from './service.ts';

const tags = ['retention'];
const problemSchema = z.object({ type: z.string(), title: z.string(), status: z.number(), detail: z.string(), errors: z.record(z.string(), z.string()).optional() });
const batchAddress = z.object({ batchId: z.string() });
const itemAddress = z.object({ batchId: z.string(), itemId: z.string() });
const itemView = z.object({
  id: z.string(),
  recordKind: z.string(),
  recordId: z.string(),
  reference: z.string(),
  dueOn: z.string(),
  rule: z.string(),
  legalHold: z.boolean(),
  decision: z.string().nullable(),
  keepReason: z.string().nullable(),
  nextReviewOn: z.string().nullable(),
  outcome: z.string().nullable(),
});
const batchSummary = z.object({ id: z.string(), reference: z.string(), status: z.string(), createdAt: z.string(), items: z.number(), undecided: z.number() });

export default async function retentionApi(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    `${API_PREFIX}/retention/batches`,
    { config: { roles: COORDINATOR_ROLES, audit: { action: 'view', recordKind: 'retention_batch' } }, schema: { tags, summary: 'Retention review batches in your area, newest first', response: { 200: z.object({ batches: z.array(batchSummary) }) } } },
    async (request) => {
      const batches = await batchesOf(db, request.user!.areaId);
      return { batches: batches.map((b) => ({ id: b.id, reference: batchReference(b.number), status: b.status, createdAt: b.createdAt.toISOString(), items: b.items, undecided: b.undecided })) };
    },
  );

  api.get(
    `${API_PREFIX}/retention/batches/:batchId`,
    { config: { roles: COORDINATOR_ROLES, audit: { action: 'view', recordKind: 'retention_batch', recordId: 'batchId' } }, schema: { tags, summary: 'One retention review batch and its records (references only)', params: batchAddress, response: { 200: batchSummary.extend({ records: z.array(itemView) }), 404: problemSchema } } },
    async (request, reply) => {
      const found = await batchInArea(db, request.user!.areaId, request.params.batchId);
      if (!found) return problem(reply, 404, 'Not found', 'There is no retention batch with this id in your area.');
      const { batch, items } = found;
      return {
        id: batch.id,
        reference: batchReference(batch.number),
        status: batch.status,
        createdAt: batch.createdAt.toISOString(),
        items: items.length,
        undecided: items.filter((i) => !i.decision).length,
        records: items.map((i) => ({ id: i.id, recordKind: i.recordKind, recordId: i.recordId, reference: i.reference, dueOn: i.dueOn, rule: i.rule, legalHold: i.held, decision: i.decision, keepReason: i.keepReason, nextReviewOn: i.nextReviewOn, outcome: i.outcome })),
      };
    },
  );

  api.post(
    `${API_PREFIX}/retention/batches/:batchId/records/:itemId`,
    {
      config: { roles: COORDINATOR_ROLES, audit: { action: 'update', recordKind: 'retention_item', recordId: 'itemId' } },
      schema: {
        tags,
        summary: 'Decide one record of an open batch: keep (with a reason and the next review date) or erase',
        description: 'Erasure happens only when the batch is confirmed. A record under a legal hold or with an open panel item cannot be chosen for erasure (409, audited).',
        params: itemAddress,
        body: z.object({ decision: z.enum(['keep', 'erase']), reason: z.string().max(2000).optional(), nextReviewOn: z.string().optional() }),
        response: { 200: z.object({ reference: z.string() }), 400: problemSchema, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const result = await decideItem(db, request.ctx, request.user!, request.params.batchId, request.params.itemId, request.body);
      if (!result.ok) return sendFailure(reply, result, 'retention decision');
      return { reference: result.value.reference };
    },
  );

  api.post(
    `${API_PREFIX}/retention/batches/:batchId/confirm`,
    {
      config: { roles: COORDINATOR_ROLES, audit: { action: 'erase', recordKind: 'retention_batch', recordId: 'batchId' } },
      schema: { tags, summary: 'Confirm a batch whose records are all decided: erases those chosen for erasure', params: batchAddress, response: { 200: z.object({ erased: z.number(), kept: z.number() }), 400: problemSchema, 404: problemSchema, 409: problemSchema } },
    },
    async (request, reply) => {
      const result = await confirmBatch(db, request.ctx, request.user!, request.params.batchId);
      if (!result.ok) return sendFailure(reply, result, 'confirmation');
      return result.value;
    },
  );

  api.post(
    `${API_PREFIX}/retention/holds`,
    {
      config: { roles: COORDINATOR_ROLES, audit: { action: 'create', recordKind: 'legal_hold' } },
      schema: { tags, summary: 'Put a record (YP-, C-, A- or I- reference) under a legal hold', body: z.object({ reference: z.string().max(40), reason: z.string().max(2000) }), response: { 201: z.object({ id: z.string(), reference: z.string() }), 400: problemSchema } },
    },
    async (request, reply) => {
      const result = await setLegalHold(db, request.ctx, request.user!, request.body);
      if (!result.ok) return sendFailure(reply, result, 'legal hold');
      return reply.code(201).send(result.value);
    },
  );
}

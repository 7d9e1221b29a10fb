/**
 * The JSON API for transfers within one Lantern: start one, list the area's, and decide one
 * received. Packages between Lanterns go through the pages and the command line.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { API_PREFIX } from '../../platform/api/plugin.ts';
import { COORDINATOR_ROLES } from '../../platform/auth/roles.ts';
import { sendFailure } from '../../platform/http/refusals.ts';
import { problem } from '../../platform/http/problem.ts';
import { decideTransfer, LAWFUL_BASES, listTransfers, startTransfer, transferReference, TRANSFER_REASONS } from './service.ts';
import { TRANSFER_SECTIONS } from './snapshot-types.ts';

const startInput = z.object({
  youngPersonId: z.string(),
  toArea: z.string().describe('The receiving area’s code'),
  reason: z.string().describe(`One of: ${Object.keys(TRANSFER_REASONS).join(', ')}`),
  reasonNote: z.string().max(2000).default(''),
  lawfulBasis: z.string().describe(`One of: ${Object.keys(LAWFUL_BASES).join(', ')}`),
});
const decisionInput = z.object({
  decision: z.enum(['accept', 'decline']),
  sections: z.array(z.enum(TRANSFER_SECTIONS)).default([]),
  match: z.string().optional().describe('attach:<young person id> or new; needed when the area may already hold the young person'),
  declineReason: z.string().max(2000).default(''),
});
const address = z.object({ id: z.string() });

export default async function transfersApi(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['transfers'];

  api.post(
    `${API_PREFIX}/transfers`,
    {
      config: { roles: COORDINATOR_ROLES, audit: { action: 'create', recordKind: 'transfer' } },
      schema: { tags, summary: 'Start a transfer of a young person’s record to another area on this Lantern', body: startInput, response: { 201: z.object({ id: z.string(), reference: z.string() }) } },
    },
    async (request, reply) => {
      const result = await startTransfer(db, request.ctx, request.user!, request.body);
      if (!result.ok) return sendFailure(reply, result, 'transfer');
      return reply.code(201).send({ id: result.value.id, reference: transferReference(result.value.number) });
    },
  );

  api.get(
    `${API_PREFIX}/transfers`,
    {
      config: { roles: COORDINATOR_ROLES, audit: { action: 'view', recordKind: 'transfer', details: { list: 'transfers' } } },
      schema: {
        tags,
        summary: 'The area’s transfers, sent and received, newest first',
        response: { 200: z.object({ transfers: z.array(z.object({ id: z.string(), reference: z.string(), side: z.string(), status: z.string(), otherArea: z.string(), startedAt: z.string(), youngPersonId: z.string().nullable() })) }) },
      },
    },
    async (request) => {
      const items = await listTransfers(db, request.user!);
      request.noteAudit({ details: { transferIds: items.map((i) => i.id) } });
      return { transfers: items.map((i) => ({ id: i.id, reference: i.reference, side: i.side, status: i.status, otherArea: i.otherArea, startedAt: i.startedAt.toISOString(), youngPersonId: i.youngPerson?.id ?? null })) };
    },
  );

  api.post(
    `${API_PREFIX}/transfers/:id/decision`,
    {
      config: { roles: COORDINATOR_ROLES, audit: { action: 'update', recordKind: 'transfer', recordId: 'id' } },
      schema: {
        tags,
        summary: 'Accept or decline a transfer sent to your area',
        description: 'Accepting without `match` when your area may already hold the young person answers 409 with the candidates; send again with `match`.',
        params: address,
        body: decisionInput,
        response: {
          200: z.object({ status: z.string(), youngPersonId: z.string().nullable() }),
        },
      },
    },
    async (request, reply) => {
      const result = await decideTransfer(db, request.ctx, request.user!, request.params.id, request.body);
      if (!result.ok) return sendFailure(reply, result, 'decision');
      if ('chooseMatch' in result.value) {
        return problem(reply, 409, 'Choose a record', 'Your area may already hold this young person: send the decision again with match attach:<id> or new. Nothing was stored.', { candidates: result.value.chooseMatch.map((c) => ({ youngPersonId: c.youngPersonId, reference: c.reference, probability: c.probability })) });
      }
      return { status: result.value.done, youngPersonId: result.value.youngPersonId };
    },
  );
}

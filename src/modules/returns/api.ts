import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problem } from '../../platform/http/problem.ts';
import { API_PREFIX } from '../../platform/api/plugin.ts';
import { RETURN_ROLES } from '../../platform/auth/roles.ts';
import { buildReturn, combineReturns, validateMonthPeriod } from './build.ts';
import { returnSchema } from './format.ts';

const problemSchema = z.object({ type: z.string(), title: z.string(), status: z.number(), detail: z.string(), errors: z.record(z.string(), z.string()).optional(), problems: z.array(z.string()).optional() });
const month = z.string().regex(/^\d{4}-\d{2}$/).describe('A month, like 2026-04');

export default async function returnsApi(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    `${API_PREFIX}/returns`,
    {
      config: { roles: RETURN_ROLES, audit: { action: 'export', recordKind: 'anonymised_return' } },
      schema: {
        tags: ['anonymised returns'],
        summary: 'The area’s anonymised return for whole months (docs/anonymised-return.md)',
        description: 'Counts only; 1 to 4 shown as "<5" and other figures withheld ("[c]") where totals would give them away. By default the last twelve whole months.',
        querystring: z.strictObject({ from: month.optional(), to: month.optional() }),
        response: { 200: returnSchema, 400: problemSchema, 403: problemSchema },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const { period, errors } = validateMonthPeriod(request.query);
      if (Object.keys(errors).length) return problem(reply, 400, 'Invalid period', 'The months are not valid.', { errors });
      const built = await buildReturn(db, [user.areaId], period);
      request.noteAudit({ details: { from: period.from, to: period.to, format: 'api' } });
      return built.document;
    },
  );

  api.post(
    `${API_PREFIX}/returns/combine`,
    {
      config: { roles: RETURN_ROLES, audit: { action: 'export', recordKind: 'combined_return' } },
      schema: {
        tags: ['anonymised returns'],
        summary: 'Combine several areas’ returns into one regional or national return, suppressed again',
        description: 'Refused (422, with every problem listed): returns that are not valid, show counts from 1 to 4, have totals that do not add up or give a withheld figure away, cover different months, or repeat an area.',
        body: z.strictObject({ returns: z.array(z.unknown()).min(2).max(500) }),
        response: { 200: returnSchema, 403: problemSchema, 422: problemSchema },
      },
    },
    async (request, reply) => {
      const combined = combineReturns(request.body.returns);
      if (!combined.ok) {
        // 422 with every message listed, not sendFailure's one: each return can have several.
        const problems = combined.problems.map((p) => p.message);
        return problem(reply, 422, 'Returns refused', problems[0]!, { problems });
      }
      const doc = combined.value;
      request.noteAudit({ details: { areas: doc.areas.map((a) => a.code), from: doc.period.from, to: doc.period.to, format: 'api' } });
      return doc;
    },
  );
}

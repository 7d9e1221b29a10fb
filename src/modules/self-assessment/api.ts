/** The self-assessment's JSON API: the years compared, one year in full, rating, actions and sign-off. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { API_PREFIX } from '../../platform/api/plugin.ts';
import { PARTNERSHIP_EDIT_ROLES, PARTNERSHIP_READ_ROLES } from '../../platform/auth/roles.ts';
import { sendFailure } from '../../platform/http/refusals.ts';
import { problem } from '../../platform/http/problem.ts';
import { addAction, assessmentView, rateStandard, signOff, yearAgainstYear } from './service.ts';

// A year Lantern could hold an assessment for: anything else is refused before it reaches the database.
const yearAddress = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
const standardAddress = yearAddress.extend({ standardId: z.string().max(100) });
const figure = z.object({ measure: z.string(), label: z.string(), figure: z.string(), numerator: z.number().nullable(), denominator: z.number().nullable(), from: z.string(), to: z.string(), lines: z.array(z.object({ label: z.string(), value: z.string() })) });

export default async function selfAssessmentApi(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['self-assessment'];

  api.get(
    `${API_PREFIX}/self-assessment`,
    {
      config: { roles: PARTNERSHIP_READ_ROLES, audit: { action: 'view', recordKind: 'self_assessment' } },
      schema: {
        tags,
        summary: 'Every year’s rating of every standard, year against year',
        response: { 200: z.object({ years: z.array(z.object({ year: z.number(), status: z.string() })), standards: z.array(z.object({ id: z.string(), text: z.string(), ratings: z.array(z.string().nullable()) })) }) },
      },
    },
    async (request) => {
      const c = await yearAgainstYear(db, request.user!.areaId);
      return { years: c.years, standards: c.rows.map((r) => ({ id: r.id, text: r.text, ratings: r.ratings })) };
    },
  );

  api.get(
    `${API_PREFIX}/self-assessment/:year`,
    {
      config: { roles: PARTNERSHIP_READ_ROLES, audit: { action: 'view', recordKind: 'self_assessment' } },
      schema: {
        tags,
        summary: 'One year’s assessment: each standard’s rating, written evidence, measured figure (live, or frozen at sign-off) and actions',
        params: yearAddress,
        response: {
          200: z.object({
            year: z.number(),
            status: z.string(),
            frameworkVersion: z.number(),
            standards: z.array(
              z.object({
                id: z.string(),
                theme: z.string(),
                text: z.string(),
                rating: z.string().nullable(),
                evidence: z.string(),
                figure: figure.nullable(),
                actions: z.array(z.object({ id: z.string(), reference: z.string(), description: z.string(), ownerAgencyId: z.string(), dueOn: z.string(), status: z.string() })),
              }),
            ),
          }),
        },
      },
    },
    async (request, reply) => {
      const found = await assessmentView(db, request.user!.areaId, request.params.year);
      if (!found) return problem(reply, 404, 'Not found', 'There is no assessment for this year.');
      return {
        year: found.assessment.year,
        status: found.assessment.status,
        frameworkVersion: found.framework.version,
        standards: found.standards.map((s) => ({ id: s.id, theme: s.theme, text: s.text, rating: s.rating, evidence: s.evidence, figure: s.figure, actions: s.actions.map((a) => ({ id: a.id, reference: a.reference, description: a.description, ownerAgencyId: a.ownerAgencyId, dueOn: a.dueOn, status: a.status })) })),
      };
    },
  );

  api.put(
    `${API_PREFIX}/self-assessment/:year/standards/:standardId/rating`,
    {
      config: { roles: PARTNERSHIP_EDIT_ROLES, audit: { action: 'update', recordKind: 'self_assessment' } },
      schema: { tags, summary: 'Rate a standard (not_started, developing, established or embedded) with written evidence; refused once the year is signed off', params: standardAddress, body: z.object({ rating: z.string(), evidence: z.string().default('') }), response: { 204: z.null() } },
    },
    async (request, reply) => {
      const result = await rateStandard(db, request.ctx, request.user!, request.params.year, request.params.standardId, request.body);
      if (!result.ok) return sendFailure(reply, result, 'rating');
      return reply.code(204).send(null);
    },
  );

  api.post(
    `${API_PREFIX}/self-assessment/:year/standards/:standardId/actions`,
    {
      config: { roles: PARTNERSHIP_EDIT_ROLES, audit: { action: 'create', recordKind: 'self_assessment_action' } },
      schema: { tags, summary: 'Add an action to a standard’s plan', params: standardAddress, body: z.object({ description: z.string(), ownerAgencyId: z.string(), dueOn: z.string(), status: z.string().default('not_started') }), response: { 201: z.object({ id: z.string() }) } },
    },
    async (request, reply) => {
      const result = await addAction(db, request.ctx, request.user!, request.params.year, request.params.standardId, request.body);
      if (!result.ok) return sendFailure(reply, result, 'action');
      return reply.code(201).send(result.value);
    },
  );

  api.post(
    `${API_PREFIX}/self-assessment/:year/sign-off`,
    {
      config: { roles: PARTNERSHIP_EDIT_ROLES, audit: { action: 'update', recordKind: 'self_assessment' } },
      schema: { tags, summary: 'Sign a year off: every standard must be rated; its figures are frozen as they are now', params: yearAddress, response: { 204: z.null() } },
    },
    async (request, reply) => {
      const result = await signOff(db, request.ctx, request.user!, request.params.year);
      if (!result.ok) return sendFailure(reply, result, 'sign-off');
      return reply.code(204).send(null);
    },
  );
}

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problem } from '../../platform/http/problem.ts';
import { API_PREFIX } from '../../platform/api/plugin.ts';
import { pageQuery } from '../../platform/http/paging.ts';
import { CASEWORK_ROLES } from '../../platform/auth/roles.ts';
import { chronologyPage } from './chronology.ts';
import { findVisibleYoungPerson, identifiersOf, referenceFor } from './records.ts';
import { findYoungPeople, isEmptySearch, parseSearch, searchAuditDetails } from './search.ts';

const summary = z.object({
  id: z.string(),
  reference: z.string(),
  givenName: z.string().nullable(),
  familyName: z.string().nullable(),
  aliases: z.array(z.string()),
  dateOfBirth: z.string().nullable(),
  estimatedAge: z.number().nullable(),
  postcode: z.string().nullable(),
  riskLevel: z.string().nullable(),
});

export default async function youngPeopleApi(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    `${API_PREFIX}/young-people`,
    {
      config: { roles: CASEWORK_ROLES, audit: { action: 'search', recordKind: 'young_person' } },
      schema: {
        tags: ['young people'],
        summary: 'Search the young people you may see',
        querystring: z.strictObject({ q: z.string().min(1).max(200).describe('Names, a date of birth, a YP reference, an NHS number or a UPN') }),
        response: { 200: z.object({ results: z.array(summary) }) },
      },
    },
    async (request, reply) => {
      const criteria = parseSearch(request.query.q);
      if (isEmptySearch(criteria)) return problem(reply, 400, 'Invalid search', 'Give a name of at least 2 letters, a date of birth, a reference, an NHS number or a UPN.');
      const results = await findYoungPeople(db, request.user!, criteria);
      request.noteAudit({ details: searchAuditDetails(criteria, results) });
      return { results: results.map(({ score: _score, number, ...r }) => ({ ...r, reference: referenceFor(number) })) };
    },
  );

  api.get(
    `${API_PREFIX}/young-people/:id`,
    {
      config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'young_person', recordId: 'id' } },
      schema: {
        tags: ['young people'],
        summary: 'A young person’s record with a page of their chronology',
        params: z.object({ id: z.uuid() }),
        querystring: z.strictObject({ page: pageQuery }),
        response: {
          200: summary.extend({
            gender: z.string(),
            ethnicity: z.string(),
            livingArrangement: z.string(),
            identifiers: z.array(z.object({ kind: z.string(), value: z.string() })),
            monitoring: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
            chronology: z.object({
              page: z.number(),
              pages: z.number(),
              total: z.number(),
              entries: z.array(z.object({ occurredAt: z.string(), kind: z.string(), agency: z.string().nullable(), summary: z.string(), source: z.object({ kind: z.string(), id: z.string() }) })),
            }),
          }),
        },
      },
    },
    async (request, reply) => {
      const yp = await findVisibleYoungPerson(db, request.user!, request.params.id);
      if (!yp) return problem(reply, 404, 'Not found', 'There is no young person with this id that you can see.');
      const [identifiers, chronology] = await Promise.all([identifiersOf(db, yp.id), chronologyPage(db, request.user!, yp.id, {}, request.query.page)]);
      request.noteAudit({ details: { chronologyPage: request.query.page } });
      return {
        id: yp.id,
        reference: referenceFor(yp.number),
        givenName: yp.givenName,
        familyName: yp.familyName,
        aliases: yp.aliases,
        dateOfBirth: yp.dateOfBirth,
        estimatedAge: yp.estimatedAge,
        postcode: yp.postcode,
        riskLevel: yp.riskLevel,
        gender: yp.gender,
        ethnicity: yp.ethnicity,
        livingArrangement: yp.livingArrangement,
        identifiers: identifiers.map((i) => ({ kind: i.kind, value: i.value })),
        monitoring: yp.monitoring,
        chronology: {
          page: request.query.page,
          pages: chronology.pages,
          total: chronology.total,
          entries: chronology.entries.map((e) => ({ occurredAt: e.occurredAt.toISOString(), kind: e.kind, agency: e.agencyName, summary: e.summary, source: { kind: e.sourceKind, id: e.sourceId } })),
        },
      };
    },
  );
}

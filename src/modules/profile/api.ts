import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problem } from '../../platform/http/problem.ts';
import { API_PREFIX } from '../../platform/api/plugin.ts';
import { PROFILE_ROLES } from '../../platform/auth/roles.ts';
import { fullGrid, hasTotalColumn } from './figure-table.ts';
import { buildProfile, type Profile } from './profile.ts';
import { periodFromQuery, scopeFor, snapshotDateFromQuery } from './request.ts';

const problemSchema = z.object({ type: z.string(), title: z.string(), status: z.number(), detail: z.string(), errors: z.record(z.string(), z.string()).optional() });
const tableSchema = z.object({
  id: z.string(),
  title: z.string(),
  rowHeading: z.string(),
  columns: z.array(z.object({ key: z.string(), label: z.string() })),
  rows: z.array(z.object({ key: z.string(), label: z.string(), values: z.array(z.number()) })),
  totalRow: z.boolean().describe('The last row is the Total of the rows above'),
  totalColumn: z.boolean().describe('The last column is the Total of the columns before it'),
  note: z.string().optional(),
});
const profileSchema = z.object({
  scope: z.object({ area: z.string(), agency: z.string().nullable() }),
  window: z.union([z.object({ kind: z.literal('period'), from: z.string(), to: z.string() }), z.object({ kind: z.literal('snapshot'), date: z.string(), known: z.enum(['now', 'then']).describe('now: the records as known now; then: as they were known on the day') })]),
  sections: z.array(z.object({ id: z.string(), title: z.string(), facts: z.array(z.object({ label: z.string(), value: z.string() })), tables: z.array(tableSchema) })),
});

export function profileJson(profile: Profile, scope: { area: string; agency: string | null }): z.infer<typeof profileSchema> {
  return {
    scope,
    window: profile.window.kind === 'period' ? { kind: 'period', from: profile.window.from, to: profile.window.to } : { kind: 'snapshot', date: profile.window.date, known: profile.window.known ?? 'now' },
    sections: profile.sections.map((s) => ({
      id: s.id,
      title: s.title,
      facts: s.facts ?? [],
      tables: s.tables.map((t) => {
        const grid = fullGrid(t);
        return { id: t.id, title: t.title, rowHeading: t.rowHeading, columns: grid.columns, rows: grid.rows, totalRow: t.rowsAdd, totalColumn: hasTotalColumn(t), ...(t.note ? { note: t.note } : {}) };
      }),
    })),
  };
}

export default async function profileApi(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    `${API_PREFIX}/profile`,
    {
      config: { roles: PROFILE_ROLES, audit: { action: 'export', recordKind: 'problem_profile' } },
      schema: {
        tags: ['problem profile'],
        summary: 'The problem profile for a period: counts only, with "not recorded" beside every breakdown',
        description: 'Dates are UK days, both included; by default the last twelve months. An agency lead gets their agency’s part.',
        querystring: z.strictObject({ from: z.iso.date().optional(), to: z.iso.date().optional() }),
        response: { 200: profileSchema, 400: problemSchema, 403: problemSchema },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const { period, errors } = periodFromQuery(request.query);
      if (Object.keys(errors).length) return problem(reply, 400, 'Invalid period', 'The period is not valid.', { errors });
      const scope = scopeFor(user);
      const profile = await buildProfile(db, scope, { kind: 'period', ...period });
      request.noteAudit({ details: { from: period.from, to: period.to, format: 'api' } });
      return profileJson(profile, { area: user.areaName, agency: scope.agencyId ? user.agencyName : null });
    },
  );

  api.get(
    `${API_PREFIX}/snapshot`,
    {
      config: { roles: PROFILE_ROLES, audit: { action: 'export', recordKind: 'profile_snapshot' } },
      schema: {
        tags: ['problem profile'],
        summary: 'The young people open to CSE work on one day, with the profile’s breakdowns',
        querystring: z.strictObject({ date: z.iso.date().optional(), known: z.enum(['now', 'then']).optional().describe('now (the default): the records as known now, with changes entered since; then: as they were known on the day') }),
        response: { 200: profileSchema, 400: problemSchema, 403: problemSchema },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const { date, errors } = snapshotDateFromQuery(request.query);
      if (errors.date) return problem(reply, 400, 'Invalid date', errors.date, { errors });
      const scope = scopeFor(user);
      const known = request.query.known ?? 'now';
      const profile = await buildProfile(db, scope, { kind: 'snapshot', date, known });
      request.noteAudit({ details: { date, known, format: 'api' } });
      return profileJson(profile, { area: user.areaName, agency: scope.agencyId ? user.agencyName : null });
    },
  );
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PROFILE_ROLES } from '../../platform/auth/roles.ts';
import { formErrors } from '../../platform/http/forms.ts';
import { queryText } from '../../platform/http/page-input.ts';
import { horizontalBars } from './charts.ts';
import { profileCsv, tableCsv } from './csv.ts';
import { fullGrid, type FigureTable } from './figure-table.ts';
import { buildProfile, findTable, type Profile } from './profile.ts';
import { dateParts, knownFromQuery, periodFromQuery, scopeFor, snapshotDateFromQuery } from './request.ts';
import type { Window } from './window.ts';
import { formatDate } from '../../platform/views/filters.ts';

/**
 * The window is asked for with GOV.UK date inputs (from-day, from-month…) or ISO dates (from=2026-01-31,
 * as the download links carry); `table` picks one table to download. All read leniently: request.ts
 * decides what is a real date and says so beside the field.
 */
const windowQuery = z.object({
  from: queryText,
  'from-day': queryText,
  'from-month': queryText,
  'from-year': queryText,
  to: queryText,
  'to-day': queryText,
  'to-month': queryText,
  'to-year': queryText,
  date: queryText,
  'date-day': queryText,
  'date-month': queryText,
  'date-year': queryText,
  table: queryText,
  known: queryText,
});
type Query = z.infer<typeof windowQuery>;


/** A table as the govukTable macro wants it, with its chart and its download address. */
function tableView(t: FigureTable, downloadBase: string) {
  const grid = fullGrid(t);
  return {
    id: t.id,
    title: t.title,
    note: t.note,
    chart: horizontalBars(t),
    download: `${downloadBase}&table=${encodeURIComponent(t.id)}`,
    head: [{ text: t.rowHeading }, ...grid.columns.map((c) => ({ text: c.label, format: 'numeric' }))],
    rows: grid.rows.map((r) => [{ text: r.label, classes: r.key === 'total' ? 'govuk-!-font-weight-bold' : undefined }, ...r.values.map((v) => ({ text: String(v), format: 'numeric', classes: r.key === 'total' ? 'govuk-!-font-weight-bold' : undefined }))]),
  };
}

function profileView(profile: Profile, downloadBase: string) {
  return profile.sections.map((s) => ({ id: s.id, title: s.title, intro: s.intro, facts: s.facts ?? [], tables: s.tables.map((t) => tableView(t, downloadBase)) }));
}

function sendCsv(reply: FastifyReply, name: string, body: string) {
  return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'no-store').send(body);
}

export default async function profileRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;

  async function render(request: FastifyRequest, query: Query, reply: FastifyReply, kind: Window['kind']) {
    const user = request.user!;
    const scope = scopeFor(user);
    const scopeName = scope.agencyId ? user.agencyName : user.areaName;
    if (kind === 'period') {
      const { period, errors } = periodFromQuery(query);
      const values = { from: dateParts(period.from), to: dateParts(period.to) };
      if (Object.keys(errors).length) {
        for (const name of ['from', 'to'] as const) {
          if (errors[name]) values[name] = { day: String(query[`${name}-day`] ?? ''), month: String(query[`${name}-month`] ?? ''), year: String(query[`${name}-year`] ?? '') };
        }
        return reply.code(400).page('profile/views/profile.njk', { title: 'Problem profile', scopeName, values, errors: formErrors(errors, ['from', 'to']), sections: [] });
      }
      const profile = await buildProfile(db, scope, { kind: 'period', ...period });
      request.noteAudit({ details: { from: period.from, to: period.to, scope: scope.agencyId ? 'agency' : 'area' } });
      const base = `/profile/download?from=${period.from}&to=${period.to}`;
      return reply.page('profile/views/profile.njk', { title: 'Problem profile', scopeName, values, period: { from: formatDate(period.from), to: formatDate(period.to) }, sections: profileView(profile, base), downloadAll: base });
    }
    const { date, errors } = snapshotDateFromQuery(query);
    const known = knownFromQuery(query);
    const values = { date: errors.date ? { day: String(query['date-day'] ?? ''), month: String(query['date-month'] ?? ''), year: String(query['date-year'] ?? '') } : dateParts(date) };
    if (errors.date) return reply.code(400).page('profile/views/snapshot.njk', { title: 'Snapshot', scopeName, values, known, errors: formErrors(errors, ['date']), sections: [] });
    const profile = await buildProfile(db, scope, { kind: 'snapshot', date, known });
    request.noteAudit({ details: { date, known, scope: scope.agencyId ? 'agency' : 'area' } });
    const base = `/profile/snapshot/download?date=${date}&known=${known}`;
    return reply.page('profile/views/snapshot.njk', { title: 'Snapshot', scopeName, values, known, date: formatDate(date), sections: profileView(profile, base), downloadAll: base });
  }

  async function download(request: FastifyRequest, query: Query, reply: FastifyReply, kind: Window['kind']) {
    const user = request.user!;
    const scope = scopeFor(user);
    let window: Window;
    if (kind === 'period') {
      const { period, errors } = periodFromQuery(query);
      if (Object.keys(errors).length) return reply.redirect('/profile', 303);
      window = { kind: 'period', ...period };
    } else {
      const { date, errors } = snapshotDateFromQuery(query);
      if (errors.date) return reply.redirect('/profile/snapshot', 303);
      window = { kind: 'snapshot', date, known: knownFromQuery(query) };
    }
    const profile = await buildProfile(db, scope, window);
    const tableId = query.table || undefined;
    const only = tableId ? findTable(profile, tableId) : undefined;
    if (tableId && !only) return reply.callNotFound();
    const stamp = window.kind === 'period' ? `${window.from}-to-${window.to}` : `${window.date}${window.known === 'then' ? '-as-known-then' : ''}`;
    request.noteAudit({ details: { window, table: tableId ?? 'all', format: 'csv', scope: scope.agencyId ? 'agency' : 'area' } });
    return sendCsv(reply, `${kind === 'period' ? 'problem-profile' : 'snapshot'}-${only ? `${only.id}-` : ''}${stamp}.csv`, only ? tableCsv(only) : profileCsv(profile));
  }

  // Counts only, but which figures someone looked at or took away is still worth a row.
  const pages = app.withTypeProvider<ZodTypeProvider>();
  const schema = { querystring: windowQuery };
  pages.get('/profile', { config: { roles: PROFILE_ROLES, audit: { action: 'view', recordKind: 'problem_profile' } }, schema }, (request, reply) => render(request, request.query, reply, 'period'));
  pages.get('/profile/snapshot', { config: { roles: PROFILE_ROLES, audit: { action: 'view', recordKind: 'profile_snapshot' } }, schema }, (request, reply) => render(request, request.query, reply, 'snapshot'));
  pages.get('/profile/download', { config: { roles: PROFILE_ROLES, audit: { action: 'export', recordKind: 'problem_profile' } }, schema }, (request, reply) => download(request, request.query, reply, 'period'));
  pages.get('/profile/snapshot/download', { config: { roles: PROFILE_ROLES, audit: { action: 'export', recordKind: 'profile_snapshot' } }, schema }, (request, reply) => download(request, request.query, reply, 'snapshot'));
}

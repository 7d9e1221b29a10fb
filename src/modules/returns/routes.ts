import type { FastifyInstance, FastifyReply } from 'fastify';
import { eq } from 'drizzle-orm';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RETURN_ROLES } from '../../platform/auth/roles.ts';
import { refusalPage } from '../../platform/http/refusals.ts';
import { formErrors } from '../../platform/http/forms.ts';
import { form, formText } from '../../platform/http/page-input.ts';
import { writeCsv } from '../../platform/csv.ts';
import { areas } from '../organisation/tables.ts';
import { buildReturn, combineReturns, parseReturns, validateMonthPeriod } from './build.ts';
import { ESTIMATE_COLUMNS, MIN_AREAS, estimateUnderIdentification, readIndicators } from './estimate.ts';
import { returnCsv, type AnonymisedReturn } from './format.ts';
import { estimateView, returnTablesView } from './view.ts';

/*
 * The months come as GOV.UK month inputs (from-month, from-year) or as 2026-04 (the download links).
 * Whether a field was sent at all matters: the first visit shows the form without a return.
 */
const monthText = z.string().optional();
const monthsQuery = z.object({ from: monthText, 'from-month': monthText, 'from-year': monthText, to: monthText, 'to-month': monthText, 'to-year': monthText });
const downloadQuery = z.object({ from: monthText, to: monthText, format: monthText });
type Query = z.infer<typeof monthsQuery>;

/** Largest paste the combine and estimate forms read (the body limit is the real ceiling). */
const MAX_PASTE = 240_000;

function monthFromParts(query: Query, name: 'from' | 'to'): string {
  const direct = (query[name] ?? '').trim();
  if (direct) return direct;
  const month = (query[`${name}-month`] ?? '').trim();
  const year = (query[`${name}-year`] ?? '').trim();
  if (!month && !year) return '';
  return /^\d{1,2}$/.test(month) && /^\d{4}$/.test(year) ? `${year}-${month.padStart(2, '0')}` : 'invalid';
}

const monthParts = (m: string) => ({ month: String(Number(m.slice(5, 7))), year: m.slice(0, 4) });

export function download(reply: FastifyReply, name: string, type: string, body: string) {
  return reply.header('content-type', `${type}; charset=utf-8`).header('content-disposition', `attachment; filename="${name}"`).header('cache-control', 'no-store').send(body);
}

export function returnFileName(doc: AnonymisedReturn, ext: string): string {
  const who = doc.areas.length === 1 ? doc.areas[0]!.code : `combined-${doc.areas.length}-areas`;
  return `cse-return-${who}-${doc.period.from}-to-${doc.period.to}.${ext}`;
}

export default async function returnsRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;
  /*
   * Combining and estimating show what was pasted, on the page or as a file: one declaration
   * covers both, so both are written as exports, with the format ('page', 'csv', 'json') noted.
   */
  const nothingShown = { roles: RETURN_ROLES, audit: { none: 'an empty form: nothing is shown until returns or indicators are pasted' } } as const;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  pages.get('/returns', { config: { roles: RETURN_ROLES, audit: { action: 'view', recordKind: 'anonymised_return' } }, schema: { querystring: monthsQuery } }, async (request, reply) => {
    const user = request.user!;
    const query = request.query;
    const asked = 'from' in query || 'from-month' in query;
    const { period, errors } = validateMonthPeriod({ from: monthFromParts(query, 'from'), to: monthFromParts(query, 'to') });
    const values = { from: monthParts(period.from), to: monthParts(period.to) };
    if (Object.keys(errors).length) {
      for (const name of ['from', 'to'] as const) if (errors[name]) values[name] = { month: query[`${name}-month`] ?? '', year: query[`${name}-year`] ?? '' };
      return reply.code(400).page('returns/views/return.njk', { title: 'Anonymised return', values, errors: formErrors(errors, ['from', 'to']) });
    }
    if (!asked) return reply.page('returns/views/return.njk', { title: 'Anonymised return', values });
    const built = await buildReturn(db, [user.areaId], period);
    request.noteAudit({ details: { from: period.from, to: period.to } });
    return reply.page('returns/views/return.njk', {
      title: 'Anonymised return',
      values,
      period,
      tables: returnTablesView(built.document),
      downloads: { json: `/returns/download?from=${period.from}&to=${period.to}&format=json`, csv: `/returns/download?from=${period.from}&to=${period.to}&format=csv` },
    });
  });

  pages.get('/returns/download', { config: { roles: RETURN_ROLES, audit: { action: 'export', recordKind: 'anonymised_return' } }, schema: { querystring: downloadQuery } }, async (request, reply) => {
    const user = request.user!;
    const query = request.query;
    const { period, errors } = validateMonthPeriod({ from: query.from ?? '', to: query.to ?? '' });
    if (Object.keys(errors).length || !['json', 'csv'].includes(query.format ?? '')) return reply.redirect('/returns', 303);
    const built = await buildReturn(db, [user.areaId], period);
    request.noteAudit({ details: { from: period.from, to: period.to, format: query.format } });
    return query.format === 'csv'
      ? download(reply, returnFileName(built.document, 'csv'), 'text/csv', returnCsv(built.document))
      : download(reply, returnFileName(built.document, 'json'), 'application/json', JSON.stringify(built.document, null, 2));
  });

  app.get('/returns/combine', { config: nothingShown }, async (_request, reply) => reply.page('returns/views/combine.njk', { title: 'Combine returns', values: {} }));

  pages.post('/returns/combine', { config: { roles: RETURN_ROLES, audit: { action: 'export', recordKind: 'combined_return' } }, schema: { body: form({ returns: formText, format: formText }) } }, async (request, reply) => {
    const { returns: text, format } = request.body;
    const refuse = (problems: string[]) =>
      reply.code(400).page('returns/views/combine.njk', {
        title: 'Combine returns',
        values: { returns: text.length > MAX_PASTE ? '' : text },
        errors: { summary: problems.slice(0, 20).map((p) => ({ text: p, href: '#returns' })), fields: { returns: { text: problems[0]! } } },
      });
    if (text.length > MAX_PASTE) return refuse(['The returns pasted are too long: combine at most about 8 areas at a time here, or use the command line (npm run lantern -- returns combine)']);
    const parsed = parseReturns(text);
    if (parsed.problem) return refuse([parsed.problem]);
    const combined = combineReturns(parsed.values);
    if (!combined.ok) return refusalPage(combined, () => refuse(combined.problems.map((p) => p.message)));
    const doc = combined.value;
    request.noteAudit({ details: { areas: doc.areas.map((a) => a.code), from: doc.period.from, to: doc.period.to, format: format || 'page' } });
    if (format === 'json') return download(reply, returnFileName(doc, 'json'), 'application/json', JSON.stringify(doc, null, 2));
    if (format === 'csv') return download(reply, returnFileName(doc, 'csv'), 'text/csv', returnCsv(doc));
    return reply.page('returns/views/combine.njk', { title: 'Combined return', values: { returns: text }, combined: { areas: doc.areas, period: doc.period, tables: returnTablesView(doc) } });
  });

  app.get('/returns/estimate', { config: nothingShown }, async (_request, reply) => reply.page('returns/views/estimate.njk', { title: 'Estimate under-identification', values: {}, columns: ESTIMATE_COLUMNS }));

  pages.post('/returns/estimate', { config: { roles: RETURN_ROLES, audit: { action: 'export', recordKind: 'under_identification_estimate' } }, schema: { body: form({ indicators: formText, format: formText }) } }, async (request, reply) => {
    const user = request.user!;
    const { indicators: text, format } = request.body;
    const page = (status: number, context: Record<string, unknown>) => reply.code(status).page('returns/views/estimate.njk', { title: 'Estimate under-identification', columns: ESTIMATE_COLUMNS, values: { indicators: text.length > MAX_PASTE ? '' : text }, ...context });
    const refuse = (problems: string[]) => page(400, { errors: { summary: problems.slice(0, 20).map((p) => ({ text: p, href: '#indicators' })), fields: { indicators: { text: problems[0]! } } } });
    if (!text) return refuse(['Paste the indicators file, with its header row']);
    if (text.length > MAX_PASTE) return refuse(['The indicators pasted are too long: use the command line (npm run lantern -- returns estimate --file …)']);
    const { areas: rowsRead, problems } = readIndicators(new TextEncoder().encode(text));
    if (problems.length) return refuse(problems);
    if (rowsRead.length < MIN_AREAS) {
      return page(200, { tooFew: rowsRead.length, minAreas: MIN_AREAS });
    }
    const result = estimateUnderIdentification(rowsRead);
    const [area] = await db.select({ code: areas.code }).from(areas).where(eq(areas.id, user.areaId));
    request.noteAudit({ details: { areas: rowsRead.map((a) => a.code), format: format || 'page' } });
    if (format === 'csv') {
      return download(reply, 'under-identification-estimate.csv', 'text/csv', writeCsv(
        ['area_code', 'area_name', 'identified', 'expected', 'low_90', 'high_90', 'gap', 'share_not_identified', 'reference_area'],
        result.areas.map((a) => [a.code, a.name, a.identified, a.expected, a.low, a.high, a.gap, Number(a.underIdentified.toFixed(3)), a.reference ? 'yes' : 'no']),
      ));
    }
    return page(200, { result, table: estimateView(result), ownArea: area?.code });
  });
}

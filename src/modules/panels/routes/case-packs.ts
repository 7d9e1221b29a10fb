import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { CASEWORK_ROLES } from '../../../platform/auth/roles.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { buildCasePack, casePackPdf, type CasePack, packParts } from '../casepack.ts';
import { itemAddress, itemOr404 } from './shared.ts';

/** Who and what a pack names, for its audit row. */
const packSubjects = (pack: CasePack) => (pack.place ? { placeId: pack.place.id, youngPersonIds: pack.place.youngPersonIds } : { youngPersonIds: pack.people.map((p) => p.id) });

/** The pack with each subject's sections in their parts (summary, then detail), for the page. */
const withParts = (pack: CasePack) => ({
  ...pack,
  people: pack.people.map((p) => ({ ...p, parts: packParts(p.sections) })),
  place: pack.place ? { ...pack.place, parts: packParts(pack.place.sections) } : null,
});

/** The case pack of an agenda item, as a page and as a PDF. */
export default async function casePackRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  async function packFor(request: FastifyRequest, address: { meetingId: string; itemId: string }) {
    const { m, item } = await itemOr404(db, request, address);
    const pack = await buildCasePack(db, request.user!, { panelName: m.panel.name, meetsOn: m.meeting.meetsOn }, item);
    if (!pack) throw notFound();
    return { m, item, pack };
  }

  pages.get('/panels/meetings/:meetingId/items/:itemId/pack', { config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'case_pack', recordId: 'itemId' } }, schema: { params: itemAddress } }, async (request, reply) => {
    const { m, item, pack } = await packFor(request, request.params);
    request.noteAudit({ details: { meetingId: m.meeting.id, ...packSubjects(pack) } });
    return reply.page('panels/views/pack.njk', { title: pack.title, backLink: `/panels/meetings/${m.meeting.id}/items/${item.id}`, pack: withParts(pack), pdfHref: `/panels/meetings/${m.meeting.id}/items/${item.id}/pack.pdf` });
  });

  pages.get('/panels/meetings/:meetingId/items/:itemId/pack.pdf', { config: { roles: CASEWORK_ROLES, audit: { action: 'export', recordKind: 'case_pack', recordId: 'itemId', details: { format: 'pdf' } } }, schema: { params: itemAddress } }, async (request, reply) => {
    const { m, item, pack } = await packFor(request, request.params);
    const pdf = await casePackPdf(pack);
    request.noteAudit({ details: { meetingId: m.meeting.id, ...packSubjects(pack), bytes: pdf.length } });
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="case-pack-item-${item.position}-${m.meeting.meetsOn}.pdf"`)
      .header('cache-control', 'no-store')
      .send(pdf);
  });
}

import type { FastifyInstance } from 'fastify';
import { auditRead } from '../../platform/audit/audit.ts';
import { AGENCY_KIND_LABELS, type AgencyKind } from '../organisation/roles.ts';
import { riskLevelLabel } from '../young-people/view-model.ts';
import { partnershipFigures } from './queries.ts';

const LEVEL_ORDER = ['entrenched', 'swapping', 'at_risk', 'no_apparent_risk', null];

export default async function figuresRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;
  app.get('/figures', { config: { roles: ['analyst', 'board_member', 'coordinator', 'agency_lead'] } }, async (request, reply) => {
    const user = request.user!;
    const ownAgency = user.role === 'agency_lead' ? user.agencyId : null;
    const figures = await partnershipFigures(db, user.areaId, ownAgency);
    await auditRead(db, request.ctx, { action: 'view', recordKind: 'partnership_figures', details: { scope: ownAgency ? 'agency' : 'area' } });
    const monthName = (m: string) => new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${m}-01T00:00:00Z`));
    return reply.page('figures/views/figures.njk', {
      title: 'Figures',
      scope: ownAgency ? user.agencyName : user.areaName,
      byMonth: figures.byMonth.map((r) => [{ text: monthName(r.month) }, { text: String(r.concerns), format: 'numeric' }, { text: String(r.urgent), format: 'numeric' }]),
      byAgencyKind: figures.byAgencyKind.map((r) => [{ text: AGENCY_KIND_LABELS[r.kind as AgencyKind] ?? r.kind }, { text: String(r.concerns), format: 'numeric' }]),
      byLevel: [...figures.byLevel]
        .sort((a, b) => LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level))
        .map((r) => [{ text: riskLevelLabel(r.level) }, { text: String(r.young_people), format: 'numeric' }]),
      certainty: figures.certainty.map((r) => [{ text: r.certainty === 'known' ? 'Known' : r.certainty === 'indicated' ? 'Indicated' : 'Not yet triaged' }, { text: String(r.concerns), format: 'numeric' }]),
    });
  });
}

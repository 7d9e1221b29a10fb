import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { queryText } from '../../../platform/http/page-input.ts';
import { CASEWORK_ROLES, INTELLIGENCE_ROLES } from '../../../platform/auth/roles.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { isOneOf, type FieldErrors } from '../../../platform/http/forms.ts';
import { isUuid } from '../../../platform/ids.ts';
import { lookupIdentifier } from '../lookup.ts';
import { networkFor, NETWORK_ROOT_KINDS, NODE_KIND_LABELS, type Network, type RootKind } from '../network.ts';
import { findVisibleAdult } from '../records.ts';
import { RECORD_IDENTIFIER_KINDS } from '../vocab.ts';
import { errorsOf, options } from './shared.ts';

/** For the network's script: the graph as JSON, with "<" escaped so it cannot close the script element. */
function graphJson(network: Network): string {
  return JSON.stringify({
    nodes: network.nodes.map((n) => ({ id: n.id, label: n.label, kind: n.kind, root: n.distance === 0, href: n.href })),
    edges: network.edges.map((e, i) => ({ id: `e${i}`, source: e.from, target: e.to, label: e.linkKind })),
  }).replace(/</g, '\\u003c');
}

/** Who and what is linked to a record, and looking a vehicle, phone or account up. */
export default async function networkRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  pages.get('/intelligence/network/:kind/:id', { config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'network', recordId: 'id' } }, schema: { params: z.object({ kind: z.string(), id: z.string() }) } }, async (request, reply) => {
    const { kind, id } = request.params;
    if (!(NETWORK_ROOT_KINDS as readonly string[]).includes(kind) || !isUuid(id)) throw notFound();
    if (kind === 'adult') {
      // A record merged into another: its network is the survivor's.
      const adult = await findVisibleAdult(db, request.user!, id);
      if (adult?.mergedIntoId) return reply.redirect(`/intelligence/network/adult/${adult.mergedIntoId}`, 303);
    }
    const network = await networkFor(db, request.user!, kind as RootKind, id);
    if (!network) throw notFound();
    request.noteAudit({ details: { rootKind: kind, nodes: network.nodes.filter((n) => !n.id.startsWith('key:')).map((n) => n.id) } });
    const labels = new Map(network.nodes.map((n) => [n.id, n.label]));
    const groups = ([1, 2] as const).map((distance) => ({
      distance,
      nodes: network.nodes
        .filter((n) => n.distance === distance)
        .map((n) => ({
          ...n,
          kindLabel: NODE_KIND_LABELS[n.kind],
          links: network.edges
            .filter((e) => e.from === n.id || e.to === n.id)
            .map((e) => ({ other: labels.get(e.from === n.id ? e.to : e.from) ?? '', linkKind: e.linkKind, source: e.source }))
            .filter((l) => l.other),
        })),
    }));
    return reply.page('intelligence/views/network.njk', {
      title: `Network: ${network.root.label}`,
      backLink: network.root.href,
      network,
      rootKindLabel: NODE_KIND_LABELS[network.root.kind],
      groups,
      graph: graphJson(network),
      scripts: ['/vendor/cytoscape.esm.min.mjs', '/public/network.js'],
    });
  });

  // `value` absent is the empty form; present (even blank) is a look-up asked for.
  const lookupQuery = z.object({ kind: queryText, value: z.string().optional() });
  pages.get('/intelligence/identifiers', { config: { roles: INTELLIGENCE_ROLES, audit: { action: 'search', recordKind: 'identifier' } }, schema: { querystring: lookupQuery } }, async (request, reply) => {
    const q = request.query;
    const kind = isOneOf(RECORD_IDENTIFIER_KINDS, q.kind) ? (q.kind as keyof typeof RECORD_IDENTIFIER_KINDS) : 'vehicle';
    const value = (q.value ?? '').trim().slice(0, 200);
    const asked = q.value !== undefined;
    const errors: FieldErrors = {};
    if (asked && !value) errors.value = 'Enter a registration, phone number, email address or online account to look up';
    const found = asked && value ? await lookupIdentifier(db, request.user!, kind, value) : null;
    if (asked && value && !found) errors.value = 'Enter more of the identifier: this is too short to look up';
    if (found) request.noteAudit({ details: { kind, adults: found.adults.map((a) => a.id), places: found.places.map((p) => p.id), youngPeople: found.youngPeople.map((p) => p.id) } });
    return reply.code(Object.keys(errors).length ? 400 : 200).page('intelligence/views/lookup.njk', {
      title: `Look up a vehicle, phone or account`,
      backLink: '/intelligence',
      kindItems: options(RECORD_IDENTIFIER_KINDS, kind),
      value,
      found,
      errors: errorsOf(errors, ['value']),
    });
  });
}

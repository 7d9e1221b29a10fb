/**
 * The intelligence officer's part of the working day: identifiers (registrations, phones, emails,
 * accounts) kept as typed because Lantern could not read them, so they match nothing until corrected.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../platform/db/database.ts';
import type { Actor } from '../../platform/audit/audit.ts';
import type { WorkCounts, Worklist } from '../../platform/modules.ts';
import { INTELLIGENCE_ROLES } from '../../platform/auth/roles.ts';
import { adultIdVisible, placeIdVisible } from './policy.ts';
import { RECORD_IDENTIFIER_KINDS, adultReference, label, placeReference } from './vocab.ts';

const unrecognisedVisible = (actor: Actor) =>
  sql`ri.area_id = ${actor.areaId} and not ri.recognised
      and ((ri.adult_id is not null and ${adultIdVisible(actor, sql`ri.adult_id`, sql`ri.area_id`)}) or (ri.place_id is not null and ${placeIdVisible(actor, sql`ri.place_id`, sql`ri.area_id`)}))`;

export const unrecognisedIdentifiersWorklist: Worklist = {
  id: 'unrecognisedIdentifiers',
  roles: INTELLIGENCE_ROLES,
  async load(request): Promise<WorkCounts | null> {
    const user = request.user!;
    const [row] = await rows<{ n: number; oldest: Date | null }>(request.server.lantern.database.db, sql`select count(*)::int as n, min(ri.created_at) as oldest from record_identifiers ri where ${unrecognisedVisible(user)}`);
    if (user.role !== 'intelligence_officer' && !row?.n) return null;
    return {
      heading: 'Intelligence to tidy',
      counts: [{ label: 'identifiers not recognised', one: 'identifier not recognised', count: row?.n ?? 0, href: '/intelligence/identifiers/unrecognised', oldest: row?.oldest ? new Date(row.oldest) : null }],
    };
  },
};

export interface UnrecognisedIdentifier {
  id: string;
  kind: string;
  as_typed: string;
  created_at: Date;
  adult_id: string | null;
  adult_number: number | null;
  place_id: string | null;
  place_number: number | null;
}

export async function unrecognisedIdentifiers(db: Db, actor: Actor): Promise<UnrecognisedIdentifier[]> {
  return rows<UnrecognisedIdentifier>(
    db,
    sql`select ri.id, ri.kind, ri.as_typed, ri.created_at, ri.adult_id, a.number::int as adult_number, ri.place_id, p.number::int as place_number
        from record_identifiers ri left join adults_of_concern a on a.id = ri.adult_id left join places_of_concern p on p.id = ri.place_id
        where ${unrecognisedVisible(actor)}
        order by ri.created_at limit 500`,
  );
}

export async function unrecognisedRoutes(app: FastifyInstance) {
  app.get('/intelligence/identifiers/unrecognised', { config: { roles: INTELLIGENCE_ROLES, audit: { action: 'view', recordKind: 'identifier' } } }, async (request, reply) => {
    const found = await unrecognisedIdentifiers(app.lantern.database.db, request.user!);
    request.noteAudit({ details: { identifierIds: found.map((f) => f.id) } });
    return reply.page('intelligence/views/unrecognised.njk', {
      title: 'Identifiers not recognised',
      backLink: '/intelligence',
      identifiers: found.map((f) => ({
        kind: label(RECORD_IDENTIFIER_KINDS, f.kind),
        asTyped: f.as_typed,
        recordedAt: f.created_at,
        record: f.adult_id ? { href: `/intelligence/adults/${f.adult_id}/edit`, reference: adultReference(f.adult_number!) } : { href: `/intelligence/places/${f.place_id}/edit`, reference: placeReference(f.place_number!) },
      })),
    });
  });
}

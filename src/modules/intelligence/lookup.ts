/** Finding every record that carries one identifier, however it was written. */
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../platform/db/database.ts';
import { identifierMatch } from '../identifiers/index.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { youngPersonIdVisible } from '../young-people/index.ts';
import { adultIdVisible, placeIdVisible } from './policy.ts';
import { adultReference, placeReference, type RecordIdentifierKind } from './vocab.ts';

export interface IdentifierLookup {
  key: string;
  recognised: boolean;
  adults: { id: string; reference: string; name: string; asTyped: string }[];
  places: { id: string; reference: string; name: string; asTyped: string }[];
  youngPeople: { id: string; reference: string; name: string; asTyped: string; source: string }[];
}

/** Null when the value gives no key (empty, or too short a fragment to link on). */
export async function lookupIdentifier(db: Db, viewer: SignedInUser, kind: RecordIdentifierKind, value: string): Promise<IdentifierLookup | null> {
  const match = identifierMatch(kind, value);
  if (!match) return null;
  const key = match.key;
  const [adults, places, people] = await Promise.all([
    rows<{ id: string; number: number; name: string; as_typed: string }>(
      db,
      sql`select a.id, a.number::int as number, a.name, min(ri.as_typed) as as_typed from record_identifiers ri join adults_of_concern a on a.id = ri.adult_id
           where ri.area_id = ${viewer.areaId} and ri.match_key = ${key} and ${adultIdVisible(viewer, sql`a.id`, sql`a.area_id`)} group by a.id order by a.number limit 100`,
    ),
    rows<{ id: string; number: number; name: string; as_typed: string }>(
      db,
      sql`select p.id, p.number::int as number, p.name, min(ri.as_typed) as as_typed from record_identifiers ri join places_of_concern p on p.id = ri.place_id
           where ri.area_id = ${viewer.areaId} and ri.match_key = ${key} and ${placeIdVisible(viewer, sql`p.id`, sql`p.area_id`)} group by p.id order by p.number limit 100`,
    ),
    rows<{ id: string; number: number; given_name: string | null; family_name: string | null; as_typed: string; source: string }>(
      db,
      sql`with found as (
            select c.young_person_id as yp, m.as_typed, 'Concern C-' || c.number as source from concern_mentions m join concerns c on c.id = m.concern_id
             where m.area_id = ${viewer.areaId} and m.match_key = ${key} and c.young_person_id is not null
            union all
            select mm.young_person_id, mm.as_typed, 'Missing episode M-' || e.number from missing_episode_mentions mm join missing_episodes e on e.id = mm.episode_id
             where mm.area_id = ${viewer.areaId} and mm.match_key = ${key}
            limit 500)
          select yp.id, yp.number::int as number, yp.given_name, yp.family_name, min(f.as_typed) as as_typed, string_agg(distinct f.source, ', ') as source
            from found f join young_people yp on yp.id = f.yp
           where ${youngPersonIdVisible(viewer, sql`yp.id`)} group by yp.id order by yp.number limit 100`,
    ),
  ]);
  return {
    key,
    recognised: match.recognised,
    adults: adults.map((a) => ({ id: a.id, reference: adultReference(Number(a.number)), name: a.name, asTyped: a.as_typed })),
    places: places.map((p) => ({ id: p.id, reference: placeReference(Number(p.number)), name: p.name, asTyped: p.as_typed })),
    youngPeople: people.map((p) => ({ id: p.id, reference: `YP-${p.number}`, name: [p.given_name, p.family_name].filter(Boolean).join(' ') || `YP-${p.number}`, asTyped: p.as_typed, source: p.source })),
  };
}

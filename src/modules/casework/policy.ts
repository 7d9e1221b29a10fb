import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../platform/audit/audit.ts';
import { adultIdVisible, recordsIntelligence } from '../intelligence/index.ts';
import { youngPersonIdVisible } from '../young-people/index.ts';

/**
 * Need-to-know for casework records, decided here and applied inside the queries:
 *  - case notes, the family and network, and the young person's views are part of their record:
 *    read by whoever may see the record under the young-people policy, which is reused here;
 *  - a case note kept to the writer's agency is read by that agency's users only, whatever their
 *    role (its chronology entry carries the same limit: young-people's `chronologyEntryVisible`);
 *  - anyone who may see the record may write a case note; the family and network and the views
 *    are kept by those who may manage the record (its team, their agency lead, the coordinator);
 *  - a child of an adult of concern is recorded by intelligence officers and coordinators; a
 *    reader sees the link only when they may see both the adult and the young person.
 */

/** True for a case note (aliased `n`) that `actor` may read. */
export function caseNoteVisible(actor: Actor, n = sql.raw('n')): SQL {
  return sql`((${n}.visibility = 'partnership' or ${n}.agency_id = ${actor.agencyId}) and ${youngPersonIdVisible(actor, sql`${n}.young_person_id`)})`;
}

/** True for an adult–child link (aliased `c`) that `actor` may read. */
export function adultChildVisible(actor: Actor, c = sql.raw('c')): SQL {
  return sql`(${adultIdVisible(actor, sql`${c}.adult_id`, sql`(select a.area_id from adults_of_concern a where a.id = ${c}.adult_id)`)}
    and (${c}.young_person_id is null or ${youngPersonIdVisible(actor, sql`${c}.young_person_id`)}))`;
}

export const recordsAdultChildren = recordsIntelligence;

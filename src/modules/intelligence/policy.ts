import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Actor } from '../../platform/audit/audit.ts';
import { seesCasework, youngPersonIdVisible } from '../young-people/index.ts';

/**
 * Need-to-know for adults of concern, places of concern, intelligence and disruptions, decided
 * here and applied inside the queries:
 *  - intelligence officers and coordinators see every record of their area in full, and are the
 *    only ones who record or change them;
 *  - other casework roles contribute through concerns. They see an adult or a place only when it
 *    is linked (by a recorded link, a concern, a disruption or an intelligence entry) to a young
 *    person they may see under the young-people policy, which is reused, never restated; panel
 *    members also see the places on an issued agenda of their panel for the agenda's access window;
 *  - they see an intelligence entry only when it concerns a young person, adult or place they may
 *    see; a P-handling entry in full, a C-handling entry only as its sanitised text;
 *  - they see a disruption only when it concerns a young person they may see;
 *  - analysts, board members and administrators see none of it.
 * A record the user may not see is not found (404), never a hidden link.
 */

export function seesFullIntelligence(actor: Pick<Actor, 'role'>): boolean {
  return actor.role === 'coordinator' || actor.role === 'intelligence_officer';
}

/** Only intelligence officers and coordinators record adults, places, links, intelligence and disruptions. */
export const recordsIntelligence = seesFullIntelligence;

const ypSeen = (actor: Actor, column: SQL) => youngPersonIdVisible(actor, column);

/** True for an adult (by id column) the actor may see. */
export function adultIdVisible(actor: Actor, adultId: AnyPgColumn | SQL, areaId: AnyPgColumn | SQL): SQL {
  if (!seesCasework(actor.role)) return sql`false`;
  const area = sql`${areaId} = ${actor.areaId}`;
  if (seesFullIntelligence(actor)) return area;
  return sql`(${area} and (
    exists (select 1 from intelligence_links l where (l.adult_id = ${adultId} or l.associate_adult_id = ${adultId}) and l.young_person_id is not null and ${ypSeen(actor, sql`l.young_person_id`)})
    or exists (select 1 from disruption_subjects a join disruption_subjects y on y.disruption_id = a.disruption_id and y.young_person_id is not null
               where a.adult_id = ${adultId} and ${ypSeen(actor, sql`y.young_person_id`)})
    or exists (select 1 from intelligence_subjects a join intelligence_subjects y on y.entry_id = a.entry_id and y.young_person_id is not null
               where a.adult_id = ${adultId} and ${ypSeen(actor, sql`y.young_person_id`)})))`;
}

/**
 * A place on an issued agenda of a panel the actor sits on, from the agenda's issue until the
 * minutes close plus the panel's access period: the same window as the young people on it (the
 * young-people policy's `panel_agenda` path). Written without a reference to the row so the
 * member's small set of open agenda places is built once per query.
 */
function placeOnOpenAgenda(actor: Actor, placeId: AnyPgColumn | SQL): SQL {
  return sql`${placeId} in (
      select ai.place_id from agenda_items ai
      join panel_meetings m on m.id = ai.meeting_id
      join panels p on p.id = m.panel_id
      join panel_members pm on pm.panel_id = p.id and pm.removed_at is null and pm.user_id = ${actor.userId}
      where ai.place_id is not null
        and m.agenda_issued_at is not null and m.agenda_issued_at <= now()
        and (m.minutes_closed_at is null or m.minutes_closed_at + make_interval(days => p.access_after_close_days) > now()))`;
}

/**
 * True for a place (by id column) the actor may see: linked to a young person they may see, or on
 * an open agenda of a panel they sit on.
 */
export function placeIdVisible(actor: Actor, placeId: AnyPgColumn | SQL, areaId: AnyPgColumn | SQL): SQL {
  if (!seesCasework(actor.role)) return sql`false`;
  const area = sql`${areaId} = ${actor.areaId}`;
  if (seesFullIntelligence(actor)) return area;
  return sql`(${area} and (
    ${placeOnOpenAgenda(actor, placeId)}
    or exists (select 1 from intelligence_links l where l.place_id = ${placeId} and l.young_person_id is not null and ${ypSeen(actor, sql`l.young_person_id`)})
    or exists (select 1 from concerns c where c.place_id = ${placeId} and c.young_person_id is not null and ${ypSeen(actor, sql`c.young_person_id`)})
    or exists (select 1 from disruption_subjects a join disruption_subjects y on y.disruption_id = a.disruption_id and y.young_person_id is not null
               where a.place_id = ${placeId} and ${ypSeen(actor, sql`y.young_person_id`)})
    or exists (select 1 from intelligence_subjects a join intelligence_subjects y on y.entry_id = a.entry_id and y.young_person_id is not null
               where a.place_id = ${placeId} and ${ypSeen(actor, sql`y.young_person_id`)})))`;
}

/** True for an intelligence entry (aliased `e`) the actor may know exists. */
export function entryVisible(actor: Actor, e = sql.raw('e')): SQL {
  if (!seesCasework(actor.role)) return sql`false`;
  const area = sql`${e}.area_id = ${actor.areaId}`;
  if (seesFullIntelligence(actor)) return area;
  return sql`(${area} and exists (select 1 from intelligence_subjects s where s.entry_id = ${e}.id and (
    (s.young_person_id is not null and ${ypSeen(actor, sql`s.young_person_id`)})
    or (s.adult_id is not null and ${adultIdVisible(actor, sql`s.adult_id`, sql`${e}.area_id`)})
    or (s.place_id is not null and ${placeIdVisible(actor, sql`s.place_id`, sql`${e}.area_id`)}))))`;
}

/** The entry's text as this actor may read it: in full, or (C handling, for partners) only the sanitised version. */
export function entryTextFor(actor: Actor, e = sql.raw('e')): SQL {
  if (seesFullIntelligence(actor)) return sql`${e}.text`;
  return sql`(case when ${e}.handling = 'P' then ${e}.text else ${e}.sanitised_text end)`;
}

/** Whether the actor reads the full text of entries of this handling code (for labelling what they see). */
export function readsFullText(actor: Pick<Actor, 'role'>, handling: string): boolean {
  return seesFullIntelligence(actor) || handling === 'P';
}

/** True for a disruption (aliased `d`) the actor may see. */
export function disruptionVisible(actor: Actor, d = sql.raw('d')): SQL {
  if (!seesCasework(actor.role)) return sql`false`;
  const area = sql`${d}.area_id = ${actor.areaId}`;
  if (seesFullIntelligence(actor)) return area;
  return sql`(${area} and exists (select 1 from disruption_subjects s where s.disruption_id = ${d}.id and s.young_person_id is not null and ${ypSeen(actor, sql`s.young_person_id`)}))`;
}

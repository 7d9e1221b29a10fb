import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Actor } from '../../platform/audit/audit.ts';
import { AREA_WIDE_ROLES, CASEWORK_ROLES, DATA_PROTECTION_ROLES, type Role } from '../../platform/auth/roles.ts';
import { chronologyEntries, youngPeople } from './tables.ts';
import { rows, type Db } from '../../platform/db/database.ts';

/**
 * Need-to-know for a young person's record, decided here and nowhere else, and applied inside the
 * queries that read the record (never only by hiding a link). A user sees a young person when:
 *  - their role sees the whole area (coordinator, intelligence officer); or
 *  - they are a named worker in the team around the child, or (agency leads) their agency is in it; or
 *  - they raised a concern about the young person, or (agency leads) someone in their agency did; or
 *  - they sit on a panel whose issued agenda has the young person (or a peer group they belong to), until the minutes close plus the panel's access period; or
 *  - they opened the record through break-glass, with a written reason, and that access has not expired.
 * Analysts, board members and administrators see no casework at all. The data protection officer
 * sees the whole area (through the data protection pages only, which are the only ones that let
 * the role in).
 *
 * A restricted record (an open row in `record_restrictions`, kept by the data-protection module
 * while a dispute about it is resolved) is seen by the coordinator and the data protection officer
 * only: every path above stops working for anyone else until the restriction is lifted.
 */
export type AccessPath = 'area_role' | 'team_around_child' | 'agency_team' | 'raised_concern' | 'agency_concern' | 'panel_agenda' | 'break_glass';

export function seesCasework(role: Role | string): boolean {
  return (CASEWORK_ROLES as readonly string[]).includes(role) || (AREA_WIDE_ROLES as readonly string[]).includes(role);
}

/** Whether the role still sees a record while it is restricted. */
export function seesRestricted(role: Role | string): boolean {
  return (DATA_PROTECTION_ROLES as readonly string[]).includes(role);
}

/** True when the young person `ypId` has a restriction in force. */
export function restrictedCondition(ypId: SQL | AnyPgColumn): SQL {
  return sql`exists (select 1 from record_restrictions rr where rr.young_person_id = ${ypId} and rr.lifted_at is null)`;
}

/** The restriction rule for `actor`: nothing for the coordinator and DPO, else "not restricted". */
function unlessRestricted(actor: Actor, ypId: SQL | AnyPgColumn): SQL {
  return seesRestricted(actor.role) ? sql`true` : sql`not ${restrictedCondition(ypId)}`;
}

export function seesWholeArea(role: Role | string): boolean {
  return (AREA_WIDE_ROLES as readonly string[]).includes(role);
}

/** SQL conditions, one per path, each true when that path grants `actor` access to the row `ypId`. */
function pathConditions(actor: Actor, ypId: SQL | AnyPgColumn): Record<AccessPath, SQL> {
  const isLead = actor.role === 'agency_lead';
  return {
    area_role: seesWholeArea(actor.role) ? sql`true` : sql`false`,
    team_around_child: sql`exists (select 1 from team_members tm where tm.young_person_id = ${ypId} and tm.removed_at is null and tm.user_id = ${actor.userId})`,
    agency_team: isLead
      ? sql`exists (select 1 from team_members tm where tm.young_person_id = ${ypId} and tm.removed_at is null and tm.agency_id = ${actor.agencyId})`
      : sql`false`,
    raised_concern: sql`exists (select 1 from concerns c where c.young_person_id = ${ypId} and c.raised_by_user_id = ${actor.userId} and c.grants_record_access)`,
    agency_concern: isLead
      ? sql`exists (select 1 from concerns c where c.young_person_id = ${ypId} and c.raised_by_agency_id = ${actor.agencyId} and c.grants_record_access)`
      : sql`false`,
    // Written without a reference to the row, so the database works out the member's open agendas
    // once per query (a small set) instead of once per young person.
    panel_agenda: sql`${ypId} in (
      select coalesce(ai.young_person_id, pgm.young_person_id) from agenda_items ai
      join panel_meetings m on m.id = ai.meeting_id
      join panels p on p.id = m.panel_id
      join panel_members pm on pm.panel_id = p.id and pm.removed_at is null and pm.user_id = ${actor.userId}
      left join peer_group_members pgm on pgm.peer_group_id = ai.peer_group_id and pgm.removed_at is null
      where coalesce(ai.young_person_id, pgm.young_person_id) is not null
        and m.agenda_issued_at is not null and m.agenda_issued_at <= now()
        and (m.minutes_closed_at is null or m.minutes_closed_at + make_interval(days => p.access_after_close_days) > now()))`,
    break_glass: sql`exists (select 1 from break_glass_accesses bg where bg.young_person_id = ${ypId} and bg.user_id = ${actor.userId} and bg.expires_at > now())`,
  };
}

/**
 * The condition to put in any query over `young_people` so that only rows `actor` may see come back.
 * A record merged into another is seen through the surviving record only (its rows moved there).
 */
export function visibleYoungPeople(actor: Actor): SQL {
  if (!seesCasework(actor.role)) return sql`false`;
  const area = sql`${youngPeople.areaId} = ${actor.areaId} and ${youngPeople.mergedIntoId} is null and ${unlessRestricted(actor, youngPeople.id)}`;
  if (seesWholeArea(actor.role)) return sql`(${area})`;
  const paths = Object.values(pathConditions(actor, youngPeople.id));
  return sql`(${area} and (${sql.join(paths, sql` or `)}))`;
}

/** The same rule for a young person referred to by id from another table (e.g. a concern's young_person_id). */
export function youngPersonIdVisible(actor: Actor, ypIdColumn: SQL | AnyPgColumn): SQL {
  if (!seesCasework(actor.role)) return sql`false`;
  return sql`exists (select 1 from young_people ypv where ypv.id = ${ypIdColumn} and ypv.area_id = ${actor.areaId} and ${unlessRestricted(actor, sql`ypv.id`)} and (${
    seesWholeArea(actor.role) ? sql`true` : sql.join(Object.values(pathConditions(actor, sql`ypv.id`)), sql` or `)
  }))`;
}

/** Paths that end by themselves (emergency access expires, a panel window closes). */
export const TEMPORARY_PATHS: readonly AccessPath[] = ['panel_agenda', 'break_glass'];

/**
 * How `actor` sees one young person: through a path that does not end by itself ('standing'),
 * only through emergency access or a panel window ('temporary'), or not at all.
 */
export async function accessKind(db: Db, actor: Actor, ypId: string): Promise<'standing' | 'temporary' | 'none'> {
  if (!seesCasework(actor.role)) return 'none';
  if (!seesRestricted(actor.role)) {
    const [restricted] = await rows<{ restricted: boolean }>(db, sql`select ${restrictedCondition(sql`${ypId}::uuid`)} as restricted`);
    if (restricted?.restricted) return 'none';
  }
  if (seesWholeArea(actor.role)) return 'standing';
  const paths = Object.entries(pathConditions(actor, sql`${ypId}::uuid`)) as [AccessPath, SQL][];
  const any = (wanted: (path: AccessPath) => boolean) => sql.join(paths.filter(([path]) => wanted(path)).map(([, condition]) => condition), sql` or `);
  const [row] = await rows<{ standing: boolean; temporary: boolean }>(
    db,
    sql`select (${any((path) => !TEMPORARY_PATHS.includes(path))}) as standing, (${any((path) => TEMPORARY_PATHS.includes(path))}) as temporary`,
  );
  return row?.standing ? 'standing' : row?.temporary ? 'temporary' : 'none';
}

/**
 * Whether a concern by `raiser` about this young person should let them see the record: yes for
 * a referrer, but not for someone whose only view of the record is temporary, so that emergency
 * access or a panel window cannot be turned into standing access by raising a concern.
 */
export async function concernGrantsRecordAccess(db: Db, raiser: Actor, ypId: string): Promise<boolean> {
  return (await accessKind(db, raiser, ypId)) !== 'temporary';
}

/** Which paths give `actor` access to one young person: shown on the record and used by the policy tests. */
export function accessPathColumns(actor: Actor, ypId: string): SQL {
  const conditions = pathConditions(actor, sql`${ypId}::uuid`);
  return sql.join(
    (Object.entries(conditions) as [AccessPath, SQL][]).map(([name, condition]) => sql`(${condition}) as ${sql.identifier(name)}`),
    sql`, `,
  );
}

/**
 * A chronology entry kept to one agency (an agency-only case note) is read by that agency's users
 * only, whatever their role: a coordinator from another agency does not see it either.
 */
export function chronologyEntryVisible(actor: Pick<Actor, 'agencyId'>, onlyForAgencyId: SQL | AnyPgColumn = chronologyEntries.onlyForAgencyId): SQL {
  return sql`(${onlyForAgencyId} is null or ${onlyForAgencyId} = ${actor.agencyId})`;
}

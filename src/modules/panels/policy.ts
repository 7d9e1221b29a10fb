import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/database.ts';
import { rows } from '../../platform/db/database.ts';
import { seesCasework, youngPersonIdVisible } from '../young-people/index.ts';

/**
 * Who may do what with panels. The young people on an agenda are seen through the young-person
 * policy (its `panel_agenda` path); this file decides only who runs and who sits on a panel.
 *  - The area's coordinator runs every panel of the area (sets them up, decides referrals, builds
 *    and issues agendas, records meetings); so does a member marked as the panel's chair.
 *  - A current member sees the panel's meetings, agendas and minutes.
 *  - Anyone doing casework may refer a young person or peer group they may see.
 */
export interface PanelRole {
  runs: boolean;
  sits: boolean;
}

export async function panelRole(db: Db, actor: Actor, panelId: string): Promise<PanelRole | null> {
  const [row] = await rows<{ area_id: string; member: boolean; chair: boolean }>(
    db,
    sql`select p.area_id,
          exists (select 1 from panel_members pm where pm.panel_id = p.id and pm.user_id = ${actor.userId} and pm.removed_at is null) as member,
          exists (select 1 from panel_members pm where pm.panel_id = p.id and pm.user_id = ${actor.userId} and pm.removed_at is null and pm.is_chair) as chair
        from panels p where p.id = ${panelId}`,
  );
  if (!row || row.area_id !== actor.areaId || !seesCasework(actor.role)) return null;
  const runs = actor.role === 'coordinator' || row.chair;
  if (!runs && !row.member) return null;
  return { runs, sits: row.member };
}

/** Panels `actor` may open, as a condition on `panels p`. */
export function visiblePanels(actor: Actor): SQL {
  if (!seesCasework(actor.role)) return sql`false`;
  if (actor.role === 'coordinator') return sql`p.area_id = ${actor.areaId}`;
  return sql`(p.area_id = ${actor.areaId} and exists (select 1 from panel_members pm where pm.panel_id = p.id and pm.user_id = ${actor.userId} and pm.removed_at is null))`;
}

/**
 * A peer group may be seen by someone who may see every current member of it (area-wide roles see
 * all groups of their area). Condition on `peer_groups g`.
 */
export function visiblePeerGroups(actor: Actor): SQL {
  if (!seesCasework(actor.role)) return sql`false`;
  return sql`(g.area_id = ${actor.areaId} and not exists (
    select 1 from peer_group_members gm where gm.peer_group_id = g.id and gm.removed_at is null and not ${youngPersonIdVisible(actor, sql`gm.young_person_id`)}))`;
}

/** Only the coordinator sets panels up and adds members. */
export function setsUpPanels(actor: Pick<Actor, 'role'>): boolean {
  return actor.role === 'coordinator';
}

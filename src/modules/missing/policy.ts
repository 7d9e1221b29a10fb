import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../platform/audit/audit.ts';
import { seesCasework, youngPersonIdVisible } from '../young-people/index.ts';
import { missingEpisodes } from './tables.ts';

/**
 * Who may see a missing episode (and its interview and mentions): exactly those who may see the
 * young person, in the same area. The young-person rule is reused, never restated; every query on
 * episodes includes this condition, so an episode of someone else's young person is "not found".
 */
export function visibleEpisodes(actor: Actor): SQL {
  if (!seesCasework(actor.role)) return sql`false`;
  return sql`(${missingEpisodes.areaId} = ${actor.areaId} and ${youngPersonIdVisible(actor, missingEpisodes.youngPersonId)})`;
}

/** The coordinator keeps the area's queues (strategy meetings, all interviews) and records strategy meetings. */
export function keepsAreaQueue(actor: Pick<Actor, 'role'>): boolean {
  return actor.role === 'coordinator';
}

/** Area-wide roles see the area view (who is missing now, patterns across the area). */
export function seesAreaView(actor: Pick<Actor, 'role'>): boolean {
  return actor.role === 'coordinator' || actor.role === 'intelligence_officer';
}

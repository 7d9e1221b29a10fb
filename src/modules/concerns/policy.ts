import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../platform/audit/audit.ts';
import { seesCasework, youngPersonIdVisible } from '../young-people/index.ts';
import { concerns } from './tables.ts';

/**
 * Who may read a concern: the person who raised it (always: they are told what happened), the
 * coordinator for the area, and anyone who may see the young person it is linked to.
 */
export function visibleConcerns(actor: Actor): SQL {
  if (!seesCasework(actor.role)) return sql`false`;
  return sql`(${concerns.areaId} = ${actor.areaId} and (
    ${concerns.raisedByUserId} = ${actor.userId}
    or ${actor.role === 'coordinator' ? sql`true` : sql`false`}
    or (${concerns.youngPersonId} is not null and ${youngPersonIdVisible(actor, concerns.youngPersonId)})))`;
}

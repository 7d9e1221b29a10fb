/**
 * "Who has seen this record": every view of a young person's record, every search that listed
 * them, every export and case-pack download naming them, every change and every emergency access,
 * read from the audit trail (which already records all of these, decision record 0004): the rows
 * about the record itself, searches whose results listed it, and exports whose details name it.
 */
import { sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../../platform/db/database.ts';
import { ROLE_LABELS, type Role } from '../../platform/auth/roles.ts';

export const SEEN_KINDS = {
  view: 'Viewed',
  search: 'Listed in a search',
  export: 'Exported or downloaded',
  change: 'Changed',
  emergency: 'Emergency access',
} as const;
export type SeenKind = keyof typeof SEEN_KINDS;

export interface SeenFilters {
  kind?: SeenKind;
  userId?: string;
  from?: string;
  to?: string;
}

export interface SeenRow {
  id: number;
  occurredAt: Date;
  kind: SeenKind;
  what: string;
  userId: string | null;
  userName: string | null;
  agencyName: string | null;
  roleLabel: string;
  reason: string | null;
  outcome: string;
}

const KIND_SQL = sql`case when e.action = 'search' or e.details -> 'resultIds' is not null then 'search'
  when e.action = 'break_glass' then 'emergency'
  when e.action = 'export' then 'export'
  when e.action = 'view' then 'view'
  else 'change' end`;

function describe(recordKind: string | null, action: string, listed: boolean): string {
  if (listed) return recordKind === 'young_person_list' ? 'Search results or the list of young people' : 'Search results';
  if (recordKind === 'case_pack') return action === 'export' ? 'Case pack downloaded' : 'Case pack read';
  if (recordKind === 'subject_access_request') return 'Subject-access answer';
  if (recordKind === 'young_person_access_log' || recordKind === 'young_person_seen_by') return 'List of who has seen the record';
  if (recordKind === 'record_restriction') return 'Restriction';
  return 'The record';
}

/** The rows about one young person, newest first (at most `limit`), filtered. One query. */
export async function seenBy(db: Db, areaId: string, youngPersonId: string, filters: SeenFilters = {}, limit = 2000): Promise<SeenRow[]> {
  const conditions: SQL[] = [];
  if (filters.kind) conditions.push(sql`${KIND_SQL} = ${filters.kind}`);
  if (filters.userId) conditions.push(sql`e.actor_user_id = ${filters.userId}::uuid`);
  if (filters.from) conditions.push(sql`e.occurred_at >= ${filters.from}::date`);
  if (filters.to) conditions.push(sql`e.occurred_at < ${filters.to}::date + 1`);
  const id = sql`${youngPersonId}::text`;
  const found = await rows<{ id: number; occurred_at: Date; kind: SeenKind; action: string; record_kind: string | null; user_id: string | null; user_name: string | null; agency_name: string | null; actor_role: string | null; reason: string | null; outcome: string; listed: boolean }>(
    db,
    sql`select e.id::int as id, e.occurred_at, ${KIND_SQL} as kind, e.action, e.record_kind, e.actor_user_id as user_id, u.name as user_name, a.name as agency_name, e.actor_role, e.reason, e.outcome, (e.details -> 'resultIds' is not null) as listed
          from audit_events e
          left join users u on u.id = e.actor_user_id
          left join agencies a on a.id = e.actor_agency_id
         where e.area_id = ${areaId}::uuid
           and ((e.record_kind in ('young_person', 'young_person_access_log', 'young_person_seen_by', 'record_restriction') and e.record_id = ${id})
             or (e.details -> 'resultIds' @> jsonb_build_array(${id}))
             or (e.details -> 'youngPersonIds' @> jsonb_build_array(${id}))
             or (e.details ->> 'youngPersonId' = ${id}))
           ${conditions.length ? sql`and ${sql.join(conditions, sql` and `)}` : sql``}
         order by e.occurred_at desc, e.id desc
         limit ${limit}`,
  );
  return found.map((r) => ({
    id: Number(r.id),
    occurredAt: new Date(r.occurred_at),
    kind: r.kind,
    what: `${describe(r.record_kind, r.action, r.listed)}${r.outcome === 'success' ? '' : ` (${r.outcome === 'denied' ? 'refused' : 'not completed'})`}`,
    userId: r.user_id,
    userName: r.user_name,
    agencyName: r.agency_name,
    roleLabel: r.actor_role ? (ROLE_LABELS[r.actor_role as Role] ?? r.actor_role) : '',
    reason: r.reason,
    outcome: r.outcome,
  }));
}

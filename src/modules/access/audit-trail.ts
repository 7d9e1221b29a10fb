import { and, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { SelectedFields } from 'drizzle-orm/pg-core';
import type { Db } from '../../platform/db/database.ts';
import { auditEvents } from '../../platform/audit/tables.ts';
import { agencies, users } from '../organisation/tables.ts';

export const AUDIT_PAGE_SIZE = 50;

export interface AuditFilters {
  action?: string;
  recordKind?: string;
  recordId?: string;
  from?: Date;
  to?: Date;
}

/**
 * Audit rows with what every listing shows (when, what, the outcome, the role and the reason) and
 * the name and agency of whoever acted (none for the system), plus `columns`.
 */
function auditEventsWithActor<Columns extends SelectedFields>(db: Db, columns: Columns) {
  return db
    .select({
      ...columns,
      occurredAt: auditEvents.occurredAt,
      action: auditEvents.action,
      outcome: auditEvents.outcome,
      actorRole: auditEvents.actorRole,
      reason: auditEvents.reason,
      userName: users.name,
      agencyName: agencies.name,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .leftJoin(agencies, eq(agencies.id, auditEvents.actorAgencyId));
}

/** A page of the area's audit trail, newest first. Staff names only: the trail holds no casework text. */
export async function auditTrailPage(db: Db, areaId: string, filters: AuditFilters, page: number) {
  const conditions: SQL[] = [eq(auditEvents.areaId, areaId)];
  if (filters.action) conditions.push(eq(auditEvents.action, filters.action));
  if (filters.recordKind) conditions.push(eq(auditEvents.recordKind, filters.recordKind));
  if (filters.recordId) conditions.push(eq(auditEvents.recordId, filters.recordId));
  if (filters.from) conditions.push(gte(auditEvents.occurredAt, filters.from));
  if (filters.to) conditions.push(lt(auditEvents.occurredAt, filters.to));
  const rows = await auditEventsWithActor(db, { id: auditEvents.id, recordKind: auditEvents.recordKind, recordId: auditEvents.recordId, ip: auditEvents.ip })
    .where(and(...conditions))
    .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
    .limit(AUDIT_PAGE_SIZE + 1)
    .offset((page - 1) * AUDIT_PAGE_SIZE);
  return { rows: rows.slice(0, AUDIT_PAGE_SIZE), hasNext: rows.length > AUDIT_PAGE_SIZE };
}

/** Who has looked at or changed one record, for the coordinator. */
export async function recordAccessLog(db: Db, areaId: string, recordKind: string, recordId: string) {
  return auditEventsWithActor(db, {})
    .where(and(eq(auditEvents.areaId, areaId), eq(auditEvents.recordKind, recordKind), eq(auditEvents.recordId, recordId)))
    .orderBy(desc(auditEvents.occurredAt))
    .limit(500);
}

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  sign_in: 'Signed in',
  sign_out: 'Signed out',
  view: 'Viewed',
  search: 'Searched',
  create: 'Created',
  update: 'Changed',
  delete: 'Deleted',
  export: 'Exported',
  permission_change: 'Changed access',
  break_glass: 'Emergency access',
  token_create: 'Created API token',
  token_use: 'Used API token',
  seal: 'Sealed an audit chain with the key',
  erase: 'Erased under the retention schedule',
  redact: 'Redacted personal details in the audit trail',
};

export const distinctAuditActions = () => Object.keys(AUDIT_ACTION_LABELS);

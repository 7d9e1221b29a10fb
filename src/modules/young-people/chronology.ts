import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { installedModules } from '../../platform/modules.ts';
import { agencies } from '../organisation/tables.ts';
import type { Actor } from '../../platform/audit/audit.ts';
import { chronologyEntryVisible } from './policy.ts';
import { chronologyEntries } from './tables.ts';

/** Kinds of chronology entry; later modules add theirs here so the filter lists them. */
/**
 * The kinds of chronology entry with their labels: every module's `chronologyKinds` (the modules
 * that write entries say what they call them), in the modules' order.
 */
export function chronologyKinds(): Record<string, string> {
  return Object.assign({}, ...installedModules().map((m) => m.chronologyKinds ?? {}));
}

export interface NewChronologyEntry {
  youngPersonId: string;
  occurredAt: Date;
  /** One of the kinds a module contributes (`chronologyKinds`). */
  kind: string;
  agencyId: string | null;
  sourceKind: string;
  sourceId: string;
  summary: string;
  /** Only this agency's users will see the entry (an agency-only case note); omitted for the partnership. */
  onlyForAgencyId?: string | null;
}

/** Called by the service that records the event, inside its transaction: the chronology is derived, never retyped. */
export async function addChronologyEntry(tx: Db, entry: NewChronologyEntry): Promise<void> {
  await tx.insert(chronologyEntries).values(entry);
}

export const CHRONOLOGY_PAGE_SIZE = 25;

/**
 * A page of one young person's chronology as `viewer` may read it, newest first. The caller has
 * already checked access to the young person; entries kept to another agency are left out here.
 */
export async function chronologyPage(db: Db, viewer: Actor, youngPersonId: string, filters: { agencyId?: string; kind?: string }, page: number, pageSize = CHRONOLOGY_PAGE_SIZE) {
  const conditions: SQL[] = [eq(chronologyEntries.youngPersonId, youngPersonId), chronologyEntryVisible(viewer)];
  if (filters.agencyId) conditions.push(eq(chronologyEntries.agencyId, filters.agencyId));
  if (filters.kind) conditions.push(eq(chronologyEntries.kind, filters.kind));
  const where = and(...conditions);
  const [entries, [total]] = await Promise.all([
    db
      .select({
        id: chronologyEntries.id,
        occurredAt: chronologyEntries.occurredAt,
        kind: chronologyEntries.kind,
        summary: chronologyEntries.summary,
        sourceKind: chronologyEntries.sourceKind,
        sourceId: chronologyEntries.sourceId,
        agencyName: agencies.name,
      })
      .from(chronologyEntries)
      .leftJoin(agencies, eq(agencies.id, chronologyEntries.agencyId))
      .where(where)
      .orderBy(desc(chronologyEntries.occurredAt), desc(chronologyEntries.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(chronologyEntries).where(where),
  ]);
  return { entries, total: total?.n ?? 0, pages: Math.max(1, Math.ceil((total?.n ?? 0) / pageSize)) };
}

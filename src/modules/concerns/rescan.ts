/**
 * Re-reading the concerns already held for identifiers written in free text (`lantern
 * rescan-identifiers`): lines such as "black Audi AB12 CDE" get the registration's key, and the
 * registrations, numbers, emails and accounts in the narrative are added as mentions. A dry run
 * only counts; a write changes one concern per audited transaction.
 */
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { auditedCommand, type RequestContext } from '../../platform/audit/audit.ts';
import { rescanIdentifiers } from '../identifiers/index.ts';
import { concernMentions, concerns } from './tables.ts';

export interface RescanCounts {
  /** Records read. */
  read: number;
  /** Records that would change, or did. */
  changed: number;
  /** Rows whose key would change, or did. */
  rekeyed: number;
  /** Rows that would be added, or were. */
  added: number;
}

const BATCH = 500;

export async function rescanConcernIdentifiers(db: Db, context: RequestContext, options: { write: boolean }): Promise<RescanCounts> {
  const counts: RescanCounts = { read: 0, changed: 0, rekeyed: 0, added: 0 };
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const batch = await db
      .select({ id: concerns.id, areaId: concerns.areaId, details: concerns.details, whereText: concerns.whereText, whenText: concerns.whenText })
      .from(concerns)
      .where(gt(concerns.id, after))
      .orderBy(asc(concerns.id))
      .limit(BATCH);
    if (!batch.length) break;
    after = batch[batch.length - 1]!.id;
    const held = await db
      .select({ id: concernMentions.id, concernId: concernMentions.concernId, kind: concernMentions.kind, asTyped: concernMentions.asTyped, matchKey: concernMentions.matchKey })
      .from(concernMentions)
      .where(inArray(concernMentions.concernId, batch.map((c) => c.id)));
    for (const concern of batch) {
      counts.read += 1;
      const rows = held.filter((h) => h.concernId === concern.id);
      const otherLines = rows.filter((r) => r.kind === 'adult' || r.kind === 'young_person' || r.kind === 'place').map((r) => ({ text: r.asTyped, tag: null }));
      const plan = rescanIdentifiers(rows, [...otherLines, ...[concern.details, concern.whereText, concern.whenText].map((text) => ({ text, tag: null }))], () => null);
      if (!plan.rekey.length && !plan.add.length) continue;
      counts.changed += 1;
      counts.rekeyed += plan.rekey.length;
      counts.added += plan.add.length;
      if (!options.write) continue;
      await auditedCommand(db, context, { action: 'update', recordKind: 'concern', recordId: concern.id, details: { change: 'identifiers_rescanned', rekeyed: plan.rekey.length, added: plan.add.length } }, async (tx) => {
        for (const r of plan.rekey) {
          await tx.update(concernMentions).set({ kind: r.kind, matchKey: r.matchKey }).where(and(eq(concernMentions.id, r.id), eq(concernMentions.concernId, concern.id)));
        }
        if (plan.add.length) {
          await tx.insert(concernMentions).values(plan.add.map((a) => ({ concernId: concern.id, areaId: concern.areaId, kind: a.kind, asTyped: a.asTyped, matchKey: a.key })));
        }
      });
    }
  }
  return counts;
}

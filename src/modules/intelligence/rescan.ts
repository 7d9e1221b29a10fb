/**
 * Re-reading adults' and places' identifiers and intelligence entries' text already held (`lantern rescan-identifiers`): a line
 * such as "black Audi AB12 CDE" gets the registration's key, and an adult's description gives the
 * registrations, numbers, emails and accounts written in it that the record does not hold yet. A
 * dry run only counts; a write changes one record per audited transaction. The record's history
 * (intelligence_record_changes) names the person who made a change, so a rescan, made by no one,
 * is kept in the audit trail only.
 */
import { and, asc, eq, gt, inArray, isNotNull, or } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { auditedCommand, type RequestContext } from '../../platform/audit/audit.ts';
import { rescanIdentifiers } from '../identifiers/index.ts';
import type { RescanCounts } from '../concerns/index.ts';
import { adultsOfConcern, intelligenceEntries, intelligenceEntryIdentifiers, placesOfConcern, recordIdentifiers } from './tables.ts';

const BATCH = 500;

type Owner = { kind: 'adult'; id: string; areaId: string; description: string | null } | { kind: 'place'; id: string; areaId: string; description: null };

async function rescanOwners(db: Db, context: RequestContext, owners: Owner[], counts: RescanCounts, write: boolean): Promise<void> {
  if (!owners.length) return;
  const adultIds = owners.filter((o) => o.kind === 'adult').map((o) => o.id);
  const placeIds = owners.filter((o) => o.kind === 'place').map((o) => o.id);
  const held = await db
    .select({ id: recordIdentifiers.id, adultId: recordIdentifiers.adultId, placeId: recordIdentifiers.placeId, kind: recordIdentifiers.kind, asTyped: recordIdentifiers.asTyped, matchKey: recordIdentifiers.matchKey })
    .from(recordIdentifiers)
    .where(or(adultIds.length ? inArray(recordIdentifiers.adultId, adultIds) : undefined, placeIds.length ? inArray(recordIdentifiers.placeId, placeIds) : undefined));
  for (const owner of owners) {
    counts.read += 1;
    const rows = held.filter((h) => (owner.kind === 'adult' ? h.adultId : h.placeId) === owner.id);
    const plan = rescanIdentifiers(rows, [{ text: owner.description, tag: null }], () => null);
    if (!plan.rekey.length && !plan.add.length) continue;
    counts.changed += 1;
    counts.rekeyed += plan.rekey.length;
    counts.added += plan.add.length;
    if (!write) continue;
    const ownerColumns = owner.kind === 'adult' ? { adultId: owner.id, placeId: null } : { adultId: null, placeId: owner.id };
    const recordKind = owner.kind === 'adult' ? 'adult_of_concern' : 'place_of_concern';
    await auditedCommand(db, context, { action: 'update', recordKind, recordId: owner.id, details: { change: 'identifiers_rescanned', rekeyed: plan.rekey.length, added: plan.add.length } }, async (tx) => {
      for (const r of plan.rekey) {
        await tx.update(recordIdentifiers).set({ kind: r.kind, matchKey: r.matchKey, recognised: r.recognised }).where(eq(recordIdentifiers.id, r.id));
      }
      if (plan.add.length) {
        await tx.insert(recordIdentifiers).values(plan.add.map((a) => ({ areaId: owner.areaId, ...ownerColumns, kind: a.kind, asTyped: a.asTyped, matchKey: a.key, recognised: a.recognised })));
      }
    });
  }
}

/** Intelligence entries: the identifiers written in their text that are not held yet, and held ones re-keyed. */
async function rescanEntries(db: Db, context: RequestContext, counts: RescanCounts, write: boolean): Promise<void> {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const entries = await db.select({ id: intelligenceEntries.id, areaId: intelligenceEntries.areaId, text: intelligenceEntries.text }).from(intelligenceEntries).where(gt(intelligenceEntries.id, after)).orderBy(asc(intelligenceEntries.id)).limit(BATCH);
    if (!entries.length) break;
    after = entries[entries.length - 1]!.id;
    const held = await db
      .select({ id: intelligenceEntryIdentifiers.id, entryId: intelligenceEntryIdentifiers.entryId, kind: intelligenceEntryIdentifiers.kind, asTyped: intelligenceEntryIdentifiers.asTyped, matchKey: intelligenceEntryIdentifiers.matchKey })
      .from(intelligenceEntryIdentifiers)
      .where(inArray(intelligenceEntryIdentifiers.entryId, entries.map((e) => e.id)));
    for (const entry of entries) {
      counts.read += 1;
      const plan = rescanIdentifiers(held.filter((h) => h.entryId === entry.id), [{ text: entry.text, tag: null }], () => null);
      if (!plan.rekey.length && !plan.add.length) continue;
      counts.changed += 1;
      counts.rekeyed += plan.rekey.length;
      counts.added += plan.add.length;
      if (!write) continue;
      await auditedCommand(db, context, { action: 'update', recordKind: 'intelligence_entry', recordId: entry.id, details: { change: 'identifiers_rescanned', rekeyed: plan.rekey.length, added: plan.add.length } }, async (tx) => {
        for (const r of plan.rekey) {
          await tx.update(intelligenceEntryIdentifiers).set({ kind: r.kind, matchKey: r.matchKey, recognised: r.recognised }).where(eq(intelligenceEntryIdentifiers.id, r.id));
        }
        if (plan.add.length) {
          await tx.insert(intelligenceEntryIdentifiers).values(plan.add.map((a) => ({ entryId: entry.id, areaId: entry.areaId, kind: a.kind, asTyped: a.asTyped, matchKey: a.key, recognised: a.recognised })));
        }
      });
    }
  }
}

export async function rescanIntelligenceIdentifiers(db: Db, context: RequestContext, options: { write: boolean }): Promise<RescanCounts> {
  const counts: RescanCounts = { read: 0, changed: 0, rekeyed: 0, added: 0 };
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const adults = await db.select({ id: adultsOfConcern.id, areaId: adultsOfConcern.areaId, description: adultsOfConcern.description }).from(adultsOfConcern).where(gt(adultsOfConcern.id, after)).orderBy(asc(adultsOfConcern.id)).limit(BATCH);
    if (!adults.length) break;
    after = adults[adults.length - 1]!.id;
    await rescanOwners(db, context, adults.map((a) => ({ kind: 'adult', ...a })), counts, options.write);
  }
  after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    // Places have no description: only those holding identifiers can change.
    const places = await db
      .selectDistinct({ id: placesOfConcern.id, areaId: placesOfConcern.areaId })
      .from(placesOfConcern)
      .innerJoin(recordIdentifiers, and(isNotNull(recordIdentifiers.placeId), eq(recordIdentifiers.placeId, placesOfConcern.id)))
      .where(gt(placesOfConcern.id, after))
      .orderBy(asc(placesOfConcern.id))
      .limit(BATCH);
    if (!places.length) break;
    after = places[places.length - 1]!.id;
    await rescanOwners(db, context, places.map((p) => ({ kind: 'place', ...p, description: null })), counts, options.write);
  }
  await rescanEntries(db, context, counts, options.write);
  return counts;
}

/**
 * Merging two records of one adult of concern (found on the possible-duplicates page), and undoing
 * it, as young people are merged (linkage/merge.ts): the surviving record absorbs the other's
 * identifiers, links, intelligence and disruption steps and gains its names as other names;
 * nothing is deleted. The absorbed record is kept, marked merged (hidden from lists, its page
 * leading to the survivor), and the merge row lists exactly which rows moved, so undoing it moves
 * exactly those back. A link recorded between the two adults themselves stays where it is.
 */
import { fail, succeed, type Outcome } from '../../platform/outcome.ts';
import { and, eq, sql } from 'drizzle-orm';
import { rows, type Db } from '../../platform/db/database.ts';
import { auditedCommand, writeAudit, type RequestContext } from '../../platform/audit/audit.ts';
import { isUuid } from '../../platform/ids.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { recordsIntelligence } from './policy.ts';
import { adultMerges, adultsOfConcern, intelligenceRecordChanges, type AdultMergeMoves } from './tables.ts';
import { adultReference } from './vocab.ts';

interface MovedTable {
  kind: string;
  table: string;
  column: string;
  label: string;
}

/** Every row that points at an adult and belongs to what is known about them. */
const ADULT_MERGE_TABLES: MovedTable[] = [
  { kind: 'identifiers', table: 'record_identifiers', column: 'adult_id', label: 'vehicles, phones and accounts' },
  { kind: 'links', table: 'intelligence_links', column: 'adult_id', label: 'links' },
  { kind: 'associate_links', table: 'intelligence_links', column: 'associate_adult_id', label: 'links as an associate' },
  { kind: 'intelligence', table: 'intelligence_subjects', column: 'adult_id', label: 'intelligence entries' },
  { kind: 'disruptions', table: 'disruption_subjects', column: 'adult_id', label: 'disruption and prosecution steps' },
];

/** Links between the two adults themselves are not moved (they would join a record to itself). */
const notBetweenThePair = (table: MovedTable, survivingId: string) =>
  table.table === 'intelligence_links' ? sql`and t.adult_id is distinct from ${survivingId} and t.associate_adult_id is distinct from ${survivingId}` : sql``;

/** An adults' merge that was made: its id and its AM-number. */
export interface AdultsMerged {
  mergeId: string;
  number: number;
}

/** How many rows of each kind a merge would move now, for the confirmation page. */
export async function adultMergePreview(db: Db, survivingId: string, absorbedId: string): Promise<Array<{ label: string; count: number }>> {
  const counts: Array<{ label: string; count: number }> = [];
  for (const table of ADULT_MERGE_TABLES) {
    const [row] = await rows<{ n: number }>(db, sql`select count(*)::int as n from ${sql.identifier(table.table)} t where t.${sql.identifier(table.column)} = ${absorbedId} ${notBetweenThePair(table, survivingId)}`);
    counts.push({ label: table.label, count: row?.n ?? 0 });
  }
  return counts;
}

/** Names of the absorbed adult the survivor does not already have. */
export function adultAliasesToAdd(surviving: { name: string; aliases: string[] }, absorbed: { name: string; aliases: string[] }): string[] {
  const known = new Set([surviving.name, ...surviving.aliases].map((n) => n.trim().toLowerCase()));
  const added: string[] = [];
  for (const name of [absorbed.name, ...absorbed.aliases]) {
    const trimmed = name.trim();
    if (!trimmed || known.has(trimmed.toLowerCase())) continue;
    known.add(trimmed.toLowerCase());
    added.push(trimmed);
  }
  return added;
}

/** Merges `absorbedId` into `survivingId`: both live adults of the user's area. Audited on both. */
export async function mergeAdults(db: Db, ctx: RequestContext, user: SignedInUser, survivingId: string, absorbedId: string): Promise<Outcome<AdultsMerged>> {
  if (!recordsIntelligence(user)) return fail('forbidden', { merge: 'Only intelligence officers and coordinators merge records' });
  if (!isUuid(survivingId) || !isUuid(absorbedId) || survivingId === absorbedId) return fail('invalid', { merge: 'Choose two different adults' });
  try {
    return await auditedCommand(
      db,
      ctx,
      (result: Outcome<AdultsMerged>) => ({ action: 'update', recordKind: 'adult_of_concern', recordId: survivingId, outcome: result.ok ? 'success' : 'failure', details: result.ok ? { change: 'merge', mergeId: result.value.mergeId, absorbedId } : { change: 'merge', absorbedId } }),
      async (tx) => {
        // Both locked in id order, so two merges of the same pair cannot deadlock.
        const locked = await rows<{ id: string }>(tx, sql`select id from adults_of_concern where id in (${survivingId}, ${absorbedId}) and area_id = ${user.areaId} and merged_into_id is null order by id for update`);
        if (locked.length !== 2) return fail('conflict', { merge: 'One of the adults has been merged already, or cannot be found' });
        const [surviving] = await tx.select().from(adultsOfConcern).where(eq(adultsOfConcern.id, survivingId));
        const [absorbed] = await tx.select().from(adultsOfConcern).where(eq(adultsOfConcern.id, absorbedId));
        const moves: AdultMergeMoves = { rows: {}, aliasesAdded: adultAliasesToAdd(surviving!, absorbed!) };
        for (const table of ADULT_MERGE_TABLES) {
          const moved = await rows<{ id: string }>(
            tx,
            sql`update ${sql.identifier(table.table)} t set ${sql.identifier(table.column)} = ${survivingId} where t.${sql.identifier(table.column)} = ${absorbedId} ${notBetweenThePair(table, survivingId)} returning t.id`,
          );
          moves.rows[table.kind] = moved.map((r) => r.id);
        }
        const now = new Date();
        await tx.update(adultsOfConcern).set({ aliases: [...surviving!.aliases, ...moves.aliasesAdded], updatedAt: now }).where(eq(adultsOfConcern.id, survivingId));
        await tx.update(adultsOfConcern).set({ mergedIntoId: survivingId, updatedAt: now }).where(eq(adultsOfConcern.id, absorbedId));
        const [merge] = await tx.insert(adultMerges).values({ areaId: user.areaId, survivingId, absorbedId, moved: moves, mergedByUserId: user.userId }).returning({ id: adultMerges.id, number: adultMerges.number });
        // For the chronologies: `fields` holds the other adult's reference.
        await tx.insert(intelligenceRecordChanges).values([
          { areaId: user.areaId, adultId: survivingId, kind: 'merged_in', fields: [adultReference(absorbed!.number)], changedByUserId: user.userId },
          { areaId: user.areaId, adultId: absorbedId, kind: 'merged_into', fields: [adultReference(surviving!.number)], changedByUserId: user.userId },
        ]);
        const counts = Object.fromEntries(Object.entries(moves.rows).map(([kind, ids]) => [kind, ids.length]));
        await writeAudit(tx, ctx, { action: 'update', recordKind: 'adult_of_concern', recordId: absorbedId, details: { change: 'merged_into', mergeId: merge!.id, survivingId, moved: counts, aliasesAdded: moves.aliasesAdded.length } });
        return succeed({ mergeId: merge!.id, number: merge!.number });
      },
    );
  } catch (error) {
    // The live-merge unique index: someone else merged the same record at the same moment.
    const code = (error as { code?: string; cause?: { code?: string } }).code ?? (error as { cause?: { code?: string } }).cause?.code;
    if (code === '23505') return fail('conflict', { merge: 'One of the adults has just been merged by someone else' });
    throw error;
  }
}

/** The two adults an undone merge separated again. */
export interface AdultsSeparated {
  survivingId: string;
  absorbedId: string;
}

/** Undoes a merge: exactly the rows that moved (still on the survivor) go back, and the names it added are taken away. */
export async function undoAdultMerge(db: Db, ctx: RequestContext, user: SignedInUser, mergeId: string): Promise<Outcome<AdultsSeparated>> {
  if (!recordsIntelligence(user)) return fail('forbidden', { merge: 'Only intelligence officers and coordinators undo merges' });
  if (!isUuid(mergeId)) return fail('not_found', { merge: 'No such merge' });
  return auditedCommand(
    db,
    ctx,
    (result: Outcome<AdultsSeparated>) => ({ action: 'update', recordKind: 'adult_merge', recordId: mergeId, outcome: result.ok ? 'success' : 'failure', details: { change: 'merge_undone' } }),
    async (tx) => {
      const [merge] = await tx.select().from(adultMerges).where(and(eq(adultMerges.id, mergeId), eq(adultMerges.areaId, user.areaId))).for('update');
      if (!merge) return fail('not_found', { merge: 'No such merge' });
      if (merge.undoneAt) return fail('conflict', { merge: 'This merge has already been undone' });
      const { survivingId, absorbedId } = merge;
      await rows(tx, sql`select id from adults_of_concern where id in (${survivingId}, ${absorbedId}) order by id for update`);
      const [surviving] = await tx.select().from(adultsOfConcern).where(eq(adultsOfConcern.id, survivingId));
      const [absorbed] = await tx.select().from(adultsOfConcern).where(eq(adultsOfConcern.id, absorbedId));
      if (surviving!.mergedIntoId) return fail('conflict', { merge: 'The surviving record has since been merged into another. Undo that merge first' });
      const restored: Record<string, number> = {};
      for (const table of ADULT_MERGE_TABLES) {
        const ids = merge.moved.rows[table.kind] ?? [];
        if (!ids.length) continue;
        const back = await rows<{ id: string }>(
          tx,
          sql`update ${sql.identifier(table.table)} t set ${sql.identifier(table.column)} = ${absorbedId} where t.id = any(${`{${ids.join(',')}}`}::uuid[]) and t.${sql.identifier(table.column)} = ${survivingId} returning t.id`,
        );
        restored[table.kind] = back.length;
      }
      // Take away exactly the names the merge added (one each), keeping any added since.
      const remaining = [...surviving!.aliases];
      for (const alias of merge.moved.aliasesAdded) {
        const at = remaining.indexOf(alias);
        if (at >= 0) remaining.splice(at, 1);
      }
      const now = new Date();
      await tx.update(adultsOfConcern).set({ aliases: remaining, updatedAt: now }).where(eq(adultsOfConcern.id, survivingId));
      await tx.update(adultsOfConcern).set({ mergedIntoId: null, updatedAt: now }).where(eq(adultsOfConcern.id, absorbedId));
      await tx.update(adultMerges).set({ undoneAt: now, undoneByUserId: user.userId }).where(eq(adultMerges.id, mergeId));
      await tx.insert(intelligenceRecordChanges).values([
        { areaId: user.areaId, adultId: survivingId, kind: 'merge_undone', fields: [adultReference(absorbed!.number)], changedByUserId: user.userId },
        { areaId: user.areaId, adultId: absorbedId, kind: 'merge_undone', fields: [adultReference(surviving!.number)], changedByUserId: user.userId },
      ]);
      await writeAudit(tx, ctx, { action: 'update', recordKind: 'adult_of_concern', recordId: absorbedId, details: { change: 'merge_undone', mergeId, survivingId, restored } });
      return succeed({ survivingId, absorbedId });
    },
  );
}

/** The live merges into an adult, for the survivor's page (with an undo button each). */
export async function mergesInto(db: Db, survivingId: string) {
  return rows<{ id: string; number: number; absorbed_number: number; absorbed_name: string; merged_at: Date | string }>(
    db,
    sql`select m.id, m.number::int as number, a.number::int as absorbed_number, a.name as absorbed_name, m.merged_at
          from adult_merges m join adults_of_concern a on a.id = m.absorbed_id
         where m.surviving_id = ${survivingId} and m.undone_at is null order by m.merged_at desc`,
  );
}

/**
 * Re-reading the missing episodes already held for identifiers written in free text (`lantern
 * rescan-identifiers`): vehicle and phone lines as the identifiers module reads them now, and the
 * registrations, numbers, emails and accounts in what happened while away and in the return
 * interview. A dry run only counts; a write changes one episode per audited transaction.
 */
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { auditedCommand, type RequestContext } from '../../platform/audit/audit.ts';
import { rescanIdentifiers } from '../identifiers/index.ts';
import type { RescanCounts } from '../concerns/index.ts';
import { missingEpisodeMentions, missingEpisodes, returnInterviews } from './tables.ts';
import type { MentionContext } from './vocab.ts';

const BATCH = 500;

export async function rescanEpisodeIdentifiers(db: Db, context: RequestContext, options: { write: boolean }): Promise<RescanCounts> {
  const counts: RescanCounts = { read: 0, changed: 0, rekeyed: 0, added: 0 };
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const batch = await db
      .select({ id: missingEpisodes.id, areaId: missingEpisodes.areaId, youngPersonId: missingEpisodes.youngPersonId, whileAway: missingEpisodes.whileAway })
      .from(missingEpisodes)
      .where(gt(missingEpisodes.id, after))
      .orderBy(asc(missingEpisodes.id))
      .limit(BATCH);
    if (!batch.length) break;
    after = batch[batch.length - 1]!.id;
    const ids = batch.map((e) => e.id);
    const [held, interviews] = await Promise.all([
      db
        .select({ id: missingEpisodeMentions.id, episodeId: missingEpisodeMentions.episodeId, kind: missingEpisodeMentions.kind, context: missingEpisodeMentions.context, asTyped: missingEpisodeMentions.asTyped, matchKey: missingEpisodeMentions.matchKey })
        .from(missingEpisodeMentions)
        .where(inArray(missingEpisodeMentions.episodeId, ids)),
      db
        .select({ episodeId: returnInterviews.episodeId, whereTheyWere: returnInterviews.whereTheyWere, withWhom: returnInterviews.withWhom, disclosureDetails: returnInterviews.disclosureDetails, learning: returnInterviews.learning })
        .from(returnInterviews)
        .where(inArray(returnInterviews.episodeId, ids)),
    ]);
    for (const episode of batch) {
      counts.read += 1;
      const rows = held.filter((h) => h.episodeId === episode.id);
      const texts: { text: string | null; tag: MentionContext }[] = [
        ...rows.filter((r) => r.kind === 'adult' || r.kind === 'young_person' || r.kind === 'place').map((r) => ({ text: r.asTyped, tag: r.context as MentionContext })),
        { text: episode.whileAway, tag: 'while_away' },
        ...interviews.filter((i) => i.episodeId === episode.id).flatMap((i) => [i.whereTheyWere, i.withWhom, i.disclosureDetails, i.learning].map((text) => ({ text, tag: 'interview' as const }))),
      ];
      const plan = rescanIdentifiers(rows, texts, (row) => row.context as MentionContext);
      if (!plan.rekey.length && !plan.add.length) continue;
      counts.changed += 1;
      counts.rekeyed += plan.rekey.length;
      counts.added += plan.add.length;
      if (!options.write) continue;
      await auditedCommand(db, context, { action: 'update', recordKind: 'missing_episode', recordId: episode.id, details: { change: 'identifiers_rescanned', rekeyed: plan.rekey.length, added: plan.add.length } }, async (tx) => {
        for (const r of plan.rekey) {
          await tx.update(missingEpisodeMentions).set({ kind: r.kind, matchKey: r.matchKey }).where(and(eq(missingEpisodeMentions.id, r.id), eq(missingEpisodeMentions.episodeId, episode.id)));
        }
        if (plan.add.length) {
          await tx.insert(missingEpisodeMentions).values(plan.add.map((a) => ({ episodeId: episode.id, areaId: episode.areaId, youngPersonId: episode.youngPersonId, kind: a.kind, context: a.tag, asTyped: a.asTyped, matchKey: a.key })));
        }
      });
    }
  }
  return counts;
}

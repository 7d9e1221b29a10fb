import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { formatDate } from '../../platform/views/filters.ts';
import { agencies } from '../organisation/tables.ts';
import { concerns } from '../concerns/tables.ts';
import { ANSWER_WINDOWS, suggestFromConcerns, suggestFromMissingEpisodes, type Instrument, type Suggestion } from './instrument/index.ts';
import { missingEpisodesOnFile } from '../missing/index.ts';
import type { Actor } from '../../platform/audit/audit.ts';

/**
 * What is already known from concerns (and missing episodes) as SUGGESTIONS for the assessor:
 * indicator id → suggested time window and where it came from. Nothing is ticked by this.
 * The caller has checked that the user may see the young person (and so these concerns).
 */
export async function suggestionsFor(db: Db, actor: Actor, instrument: Instrument, youngPersonId: string, assessedAt: string): Promise<Map<string, Suggestion>> {
  const onFile = await db
    .select({ id: concerns.id, number: concerns.number, submittedAt: concerns.submittedAt, indicators: concerns.indicators, agencyName: agencies.name })
    .from(concerns)
    .innerJoin(agencies, eq(agencies.id, concerns.raisedByAgencyId))
    .where(and(eq(concerns.youngPersonId, youngPersonId), sql`cardinality(${concerns.indicators}) > 0`))
    .orderBy(asc(concerns.submittedAt));
  const fromConcerns = suggestFromConcerns(
    instrument,
    onFile.map((c) => ({ concernId: `C-${c.number}`, raisedAt: c.submittedAt.toISOString(), indicatorIds: c.indicators, raisedBy: c.agencyName })),
    assessedAt,
  );
  const fromMissing = suggestFromMissingEpisodes(instrument, (await missingEpisodesOnFile(db, actor, youngPersonId)) ?? [], assessedAt);
  const out = new Map<string, Suggestion>();
  // Dates in the sources as people write them (9 November 2026).
  const readable = (source: string) => source.replace(/\b(\d{4}-\d{2}-\d{2})\b/g, (d) => formatDate(d));
  for (const list of [fromConcerns, fromMissing]) {
    if (!list.ok) continue;
    for (const found of list.value) {
      const s = { ...found, sources: found.sources.map(readable) };
      const seen = out.get(s.indicatorId);
      if (!seen) out.set(s.indicatorId, { ...s, sources: [...s.sources] });
      else {
        // The more recent window wins; every source is kept.
        if (ANSWER_WINDOWS.indexOf(s.suggested) < ANSWER_WINDOWS.indexOf(seen.suggested)) seen.suggested = s.suggested;
        seen.sources.push(...s.sources.filter((x) => !seen.sources.includes(x)));
      }
    }
  }
  return out;
}

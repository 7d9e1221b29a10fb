/**
 * Places of concern offered as links for places written in free text: a missing episode's found-at
 * address and the return interview's "where they were", and a concern's "where it happened". The
 * place-matching model scores each pair; those at "Possibly the same place" or above are offered,
 * with its reasons, to intelligence officers and coordinators (who may see every place of the
 * area). Nothing is linked until one of them confirms; a dismissed pair is remembered and not
 * offered again. A confirmed episode becomes an intelligence link between the young person and
 * the place (so both records show it); a confirmed concern is linked to the place as at triage.
 */
import { sql } from 'drizzle-orm';
import { fail, succeed, type Outcome } from '../../platform/outcome.ts';
import { rows, type Db } from '../../platform/db/database.ts';
import { auditedCommand, type RequestContext } from '../../platform/audit/audit.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { isUuid } from '../../platform/ids.ts';
import { londonDate } from '../../platform/time.ts';
import { eq } from 'drizzle-orm';
import { concerns as concernsTable } from '../concerns/tables.ts';
import { visibleConcerns } from '../concerns/index.ts';
import { youngPersonIdVisible } from '../young-people/index.ts';
import { postcodesIn, placeWords } from './concern-places.ts';
import { comparePlace, SUGGEST_AT, type PlaceForMatching, type PlaceMatch, type PlaceMatchBand } from './place-matching.ts';
import { placeIdVisible, recordsIntelligence } from './policy.ts';
import { intelligenceLinks, intelligenceRecordChanges, placeMatchDecisions } from './tables.ts';
import { PLACE_KINDS, label, placeReference } from './vocab.ts';

export type PlaceMatchSource = 'missing_episode' | 'concern';

/** Where in a record the place was written. */
const WHERE_LABELS = { found_at: 'Where they were found', interview: 'Where they said they were (return interview)', where_text: 'Where it happened' } as const;
type WrittenWhere = keyof typeof WHERE_LABELS;

interface Mention {
  where: WrittenWhere;
  text: string;
}

interface PlaceRowForMatching extends PlaceForMatching {
  id: string;
  number: number;
}

/** One place offered for one record, with the model's reasons. */
export interface PlaceSuggestion {
  placeId: string;
  placeReference: string;
  placeName: string;
  placeKind: string;
  placeAddress: string;
  /** "Mill Street Grill (P-1), takeaway, 14 Mill Street, Northbridge, NB1 2MS". */
  placeLine: string;
  sourceKind: PlaceMatchSource;
  sourceId: string;
  sourceReference: string;
  /** The text the place was found in, and which part of the record it is. */
  writtenAs: string;
  writtenWhere: string;
  probability: number;
  percent: string;
  band: PlaceMatchBand;
  explanation: string[];
}

/** The best of a record's mentions against one place. */
function bestMatch(mentions: Mention[], place: PlaceForMatching): { mention: Mention; match: PlaceMatch } | null {
  let best: { mention: Mention; match: PlaceMatch } | null = null;
  for (const mention of mentions) {
    const match = comparePlace(mention.text, place);
    if (!best || match.probability > best.match.probability) best = { mention, match };
  }
  return best;
}

const percent = (p: number) => `${p >= 0.995 ? '99' : Math.round(p * 100)}%`;

function suggestionOf(place: PlaceRowForMatching, source: { kind: PlaceMatchSource; id: string; reference: string }, best: { mention: Mention; match: PlaceMatch }): PlaceSuggestion {
  const address = [place.addressLine, place.town, place.postcode].filter(Boolean).join(', ');
  const kind = label(PLACE_KINDS, place.kind, 'Other');
  return {
    placeLine: [`${place.name} (${placeReference(place.number)})`, kind.toLowerCase(), address].filter(Boolean).join(', '),
    placeId: place.id,
    placeReference: placeReference(place.number),
    placeName: place.name,
    placeKind: kind,
    placeAddress: address,
    sourceKind: source.kind,
    sourceId: source.id,
    sourceReference: source.reference,
    writtenAs: best.mention.text,
    writtenWhere: WHERE_LABELS[best.mention.where],
    probability: best.match.probability,
    percent: percent(best.match.probability),
    band: best.match.band,
    explanation: best.match.explanation,
  };
}

const PLACE_COLUMNS = sql`p.id, p.number::int as number, p.name, p.kind, p.address_line as "addressLine", p.town, p.postcode`;

/** Places of the area sharing a postcode or a word (by trigram) with the texts: the only ones worth scoring. */
async function candidatePlaces(db: Db, areaId: string, texts: string[]): Promise<PlaceRowForMatching[]> {
  const joined = texts.join(' ').slice(0, 2000);
  const postcodes = postcodesIn(joined);
  const words = placeWords(joined);
  if (!postcodes.length && !words.length) return [];
  const conditions = [
    ...(postcodes.length ? [sql`p.postcode in (${sql.join(postcodes.map((p) => sql`${p}`), sql`, `)})`] : []),
    ...words.flatMap((w) => [sql`lower(p.name) %> ${w}`, sql`lower(coalesce(p.address_line, '')) %> ${w}`]),
  ];
  return rows<PlaceRowForMatching>(db, sql`select ${PLACE_COLUMNS} from places_of_concern p where p.area_id = ${areaId} and (${sql.join(conditions, sql` or `)}) limit 200`);
}

async function decidedPlaces(db: Db, sourceKind: PlaceMatchSource, sourceIds: string[]): Promise<Set<string>> {
  if (!sourceIds.length) return new Set();
  const decided = await rows<{ key: string }>(
    db,
    sql`select source_id || '|' || place_id as key from place_match_decisions where source_kind = ${sourceKind} and source_id in (${sql.join(sourceIds.map((id) => sql`${id}::uuid`), sql`, `)})`,
  );
  return new Set(decided.map((d) => d.key));
}

interface EpisodeTexts {
  id: string;
  number: number;
  area_id: string;
  young_person_id: string;
  found_where: string | null;
  where_they_were: string | null;
  last_seen_at: Date | string;
  returned_at: Date | string | null;
}

function episodeMentions(e: EpisodeTexts): Mention[] {
  const mentions: Mention[] = [];
  if (e.found_where?.trim()) mentions.push({ where: 'found_at', text: e.found_where });
  if (e.where_they_were?.trim()) mentions.push({ where: 'interview', text: e.where_they_were });
  return mentions;
}

/** An episode the viewer may see (the missing module's rule: whoever may see the young person). */
async function episodeTexts(db: Db, viewer: SignedInUser, episodeId: string): Promise<EpisodeTexts | null> {
  if (!isUuid(episodeId)) return null;
  const [row] = await rows<EpisodeTexts>(
    db,
    sql`select e.id, e.number::int as number, e.area_id, e.young_person_id, e.found_where, i.where_they_were, e.last_seen_at, e.returned_at
          from missing_episodes e left join return_interviews i on i.episode_id = e.id
         where e.id = ${episodeId} and e.area_id = ${viewer.areaId} and ${youngPersonIdVisible(viewer, sql`e.young_person_id`)}`,
  );
  return row ?? null;
}

/**
 * Places offered for one missing episode (the caller has checked the viewer may see the episode);
 * null for anyone who may not see every place of the area, who is offered none.
 */
export async function placeSuggestionsForEpisode(db: Db, viewer: SignedInUser, episodeId: string): Promise<PlaceSuggestion[] | null> {
  if (!recordsIntelligence(viewer)) return null;
  const episode = await episodeTexts(db, viewer, episodeId);
  if (!episode) return [];
  const mentions = episodeMentions(episode);
  if (!mentions.length) return [];
  const [places, decided] = await Promise.all([candidatePlaces(db, viewer.areaId, mentions.map((m) => m.text)), decidedPlaces(db, 'missing_episode', [episode.id])]);
  const source = { kind: 'missing_episode' as const, id: episode.id, reference: `M-${episode.number}` };
  return places
    .filter((p) => !decided.has(`${episode.id}|${p.id}`))
    .map((p) => ({ place: p, best: bestMatch(mentions, p) }))
    .filter((c): c is { place: PlaceRowForMatching; best: NonNullable<ReturnType<typeof bestMatch>> } => c.best !== null && c.best.match.probability >= SUGGEST_AT)
    .sort((a, b) => b.best.match.probability - a.best.match.probability)
    .map((c) => suggestionOf(c.place, source, c.best));
}

/** The words of a place worth searching records' free text for: its street names, its name's longer words, its postcode. */
function searchTermsFor(place: PlaceForMatching): string[] {
  const terms = new Set<string>();
  for (const text of [place.name, place.addressLine ?? '']) {
    for (const w of text.toLowerCase().match(/[a-z]{4,}/g) ?? []) if (!['street', 'road', 'lane', 'avenue', 'close', 'drive', 'place', 'flat', 'unit', 'house'].includes(w)) terms.add(w);
  }
  if (place.postcode) {
    terms.add(place.postcode.toLowerCase());
    terms.add(place.postcode.toLowerCase().replace(/\s+/g, ''));
  }
  return [...terms].slice(0, 12);
}

const escapeLike = (term: string) => term.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Missing episodes and unlinked concerns of the area whose free text may be about this place, best first (officers only). */
export async function placeSuggestionsForPlace(db: Db, viewer: SignedInUser, placeId: string, limit = 20): Promise<PlaceSuggestion[] | null> {
  if (!recordsIntelligence(viewer)) return null;
  const [place] = await rows<PlaceRowForMatching>(db, sql`select ${PLACE_COLUMNS} from places_of_concern p where p.id = ${placeId} and p.area_id = ${viewer.areaId}`);
  if (!place) return [];
  const terms = searchTermsFor(place);
  if (!terms.length) return [];
  const like = (column: string) => sql.join(terms.map((t) => sql`${sql.raw(column)} ilike ${`%${escapeLike(t)}%`}`), sql` or `);
  const [episodes, concerns] = await Promise.all([
    rows<EpisodeTexts>(
      db,
      sql`select e.id, e.number::int as number, e.area_id, e.young_person_id, e.found_where, i.where_they_were, e.last_seen_at, e.returned_at
            from missing_episodes e left join return_interviews i on i.episode_id = e.id
           where e.area_id = ${viewer.areaId} and ${youngPersonIdVisible(viewer, sql`e.young_person_id`)} and (${like('e.found_where')} or ${like('i.where_they_were')})
             and not exists (select 1 from intelligence_links l where l.place_id = ${place.id} and l.source_kind = 'missing_episode' and l.source_id = e.id)
           order by e.last_seen_at desc limit 500`,
    ),
    rows<{ id: string; number: number; where_text: string }>(
      db,
      // Unaliased, as the concerns module's rule names the table's columns.
      sql`select concerns.id, concerns.number::int as number, concerns.where_text from concerns
           where ${visibleConcerns(viewer)} and concerns.place_id is null and concerns.where_text is not null and (${like('concerns.where_text')})
           order by concerns.submitted_at desc limit 500`,
    ),
  ]);
  const [decidedEpisodes, decidedConcerns] = await Promise.all([decidedPlaces(db, 'missing_episode', episodes.map((e) => e.id)), decidedPlaces(db, 'concern', concerns.map((c) => c.id))]);
  const found: PlaceSuggestion[] = [];
  for (const e of episodes) {
    if (decidedEpisodes.has(`${e.id}|${place.id}`)) continue;
    const best = bestMatch(episodeMentions(e), place);
    if (best && best.match.probability >= SUGGEST_AT) found.push(suggestionOf(place, { kind: 'missing_episode', id: e.id, reference: `M-${e.number}` }, best));
  }
  for (const c of concerns) {
    if (decidedConcerns.has(`${c.id}|${place.id}`)) continue;
    const best = bestMatch([{ where: 'where_text', text: c.where_text }], place);
    if (best && best.match.probability >= SUGGEST_AT) found.push(suggestionOf(place, { kind: 'concern', id: c.id, reference: `C-${c.number}` }, best));
  }
  return found.sort((a, b) => b.probability - a.probability).slice(0, limit);
}

/** The places linked to an episode by a confirmed suggestion, for its page (the caller has checked the viewer may see the episode). */
export async function placesLinkedToEpisode(db: Db, viewer: SignedInUser, episodeId: string) {
  if (!isUuid(episodeId)) return [];
  const found = await rows<{ id: string; number: number; name: string }>(
    db,
    sql`select distinct p.id, p.number::int as number, p.name from intelligence_links l join places_of_concern p on p.id = l.place_id
         where l.source_kind = 'missing_episode' and l.source_id = ${episodeId} and ${placeIdVisible(viewer, sql`p.id`, sql`p.area_id`)}
         order by 2`,
  );
  return found.map((p) => ({ id: p.id, reference: placeReference(p.number), name: p.name }));
}

export interface PlaceMatchDecision {
  placeId: string;
  sourceKind: PlaceMatchSource;
  sourceId: string;
  decision: 'linked' | 'dismissed';
}

const refuse = () => fail('forbidden', { decision: 'Only intelligence officers and coordinators link places of concern' });

/**
 * Links a suggested place to the record it was written in, or dismisses the suggestion: one
 * transaction with its audit row. A pair already decided is refused, so a form sent twice links once.
 */
export async function decidePlaceMatch(db: Db, ctx: RequestContext, user: SignedInUser, input: PlaceMatchDecision): Promise<Outcome<{ placeId: string; sourceId: string }>> {
  if (!recordsIntelligence(user)) return refuse();
  if (!isUuid(input.placeId) || !isUuid(input.sourceId)) return fail('not_found');
  const [place] = await rows<PlaceRowForMatching>(db, sql`select ${PLACE_COLUMNS} from places_of_concern p where p.id = ${input.placeId} and p.area_id = ${user.areaId}`);
  if (!place) return fail('not_found');
  let mentions: Mention[];
  let episode: EpisodeTexts | null = null;
  let concern: { id: string; place_id: string | null; where_text: string | null } | undefined;
  if (input.sourceKind === 'missing_episode') {
    episode = await episodeTexts(db, user, input.sourceId);
    if (!episode) return fail('not_found');
    mentions = episodeMentions(episode);
  } else {
    [concern] = await rows<{ id: string; place_id: string | null; where_text: string | null }>(db, sql`select concerns.id, concerns.place_id, concerns.where_text from concerns where concerns.id = ${input.sourceId} and ${visibleConcerns(user)}`);
    if (!concern) return fail('not_found');
    if (input.decision === 'linked' && concern.place_id) return fail('invalid', { decision: 'The concern is already linked to a place' });
    mentions = concern.where_text ? [{ where: 'where_text', text: concern.where_text }] : [];
  }
  const already = await rows(db, sql`select 1 from place_match_decisions where place_id = ${place.id} and source_kind = ${input.sourceKind} and source_id = ${input.sourceId}`);
  if (already.length) return fail('invalid', { decision: 'This place has already been linked or dismissed for this record' });
  const probability = bestMatch(mentions, place)?.match.probability ?? 0;
  await auditedCommand(
    db,
    ctx,
    { action: 'update', recordKind: 'place_of_concern', recordId: place.id, details: { placeMatch: input.decision, sourceKind: input.sourceKind, sourceId: input.sourceId, probability: Number(probability.toFixed(4)) } },
    async (tx) => {
      let linkId: string | null = null;
      if (input.decision === 'linked' && episode) {
        const on = londonDate(new Date(episode.returned_at ?? episode.last_seen_at));
        const [link] = await tx
          .insert(intelligenceLinks)
          .values({ areaId: user.areaId, placeId: place.id, youngPersonId: episode.young_person_id, linkKind: 'seen_at', sourceKind: 'missing_episode', sourceId: episode.id, occurredOn: on, recordedByUserId: user.userId })
          .returning({ id: intelligenceLinks.id });
        linkId = link!.id;
      }
      if (input.decision === 'linked' && concern) {
        await tx.update(concernsTable).set({ placeId: place.id }).where(eq(concernsTable.id, concern.id));
        await tx.insert(intelligenceRecordChanges).values({ areaId: user.areaId, placeId: place.id, kind: 'concern_linked', concernId: concern.id, changedByUserId: user.userId });
      }
      await tx.insert(placeMatchDecisions).values({ areaId: user.areaId, placeId: place.id, sourceKind: input.sourceKind, sourceId: input.sourceId, decision: input.decision, probability, linkId, decidedByUserId: user.userId });
    },
  );
  return succeed({ placeId: place.id, sourceId: input.sourceId });
}

/**
 * Reads over missing episodes: one young person's episodes and patterns, the coordinator's area
 * view and queues, the responsible agency's queue, shared mentions (weak signals) and the episodes
 * on file in the shape the risk assessment's suggestions take. Every query applies the policy; the
 * routes audit what they show.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { rows } from '../../platform/db/database.ts';
import { UK_TIME_ZONE_SQL } from '../../platform/time.ts';
import type { Actor } from '../../platform/audit/audit.ts';
import type { MissingEpisodeOnFile } from '../risk/index.ts';
import { agencies, users } from '../organisation/tables.ts';
import { findVisibleYoungPerson, type YoungPersonRow, youngPersonIdVisible } from '../young-people/index.ts';
import { youngPeople } from '../young-people/tables.ts';
import { textKeySql } from './mentions.ts';
import { computePatterns, type Patterns } from './patterns.ts';
import { visibleEpisodes } from './policy.ts';
import { DAY_MS, interviewState, meetingState, type InterviewState, type MeetingState } from './rules.ts';
import type { MissingSettings } from './settings.ts';
import { missingEpisodeMentions, missingEpisodes, returnInterviews } from './tables.ts';
import { startOfLondonMonth } from './times.ts';
import { reference } from './vocab.ts';

export type EpisodeRow = typeof missingEpisodes.$inferSelect;
export type InterviewRow = typeof returnInterviews.$inferSelect;
export type MentionRow = typeof missingEpisodeMentions.$inferSelect;

export interface EpisodeWithInterview {
  episode: EpisodeRow;
  interview: InterviewRow | null;
  interviewState: InterviewState;
  offeredLate: boolean;
  meetingState: MeetingState;
}

function withStates(episode: EpisodeRow, interview: InterviewRow | null, now: Date): EpisodeWithInterview {
  const i = interviewState(episode, interview, now);
  return { episode, interview, interviewState: i.state, offeredLate: i.offeredLate, meetingState: meetingState(episode, now).state };
}

/** A young person's episodes, newest first. The caller has already checked access to the young person. */
export async function episodesOf(db: Db, youngPersonId: string, now = new Date()): Promise<EpisodeWithInterview[]> {
  const list = await db
    .select({ episode: missingEpisodes, interview: returnInterviews })
    .from(missingEpisodes)
    .leftJoin(returnInterviews, eq(returnInterviews.episodeId, missingEpisodes.id))
    .where(eq(missingEpisodes.youngPersonId, youngPersonId))
    .orderBy(desc(missingEpisodes.lastSeenAt));
  return list.map((r) => withStates(r.episode, r.interview, now));
}

export async function mentionsOf(db: Db, episodeIds: string[]): Promise<MentionRow[]> {
  if (!episodeIds.length) return [];
  return db.select().from(missingEpisodeMentions).where(inArray(missingEpisodeMentions.episodeId, episodeIds)).orderBy(asc(missingEpisodeMentions.createdAt));
}

/**
 * The young person's episodes in the shape `suggestFromMissingEpisodes` takes, for the risk
 * assessment journey; null when `actor` may not see the young person. `episodeId` is the episode's
 * reference (M-12), because the suggestions quote it to the assessor. The caller audits the read
 * as part of the page it shows.
 */
export async function missingEpisodesOnFile(db: Db, actor: Actor, youngPersonId: string): Promise<MissingEpisodeOnFile[] | null> {
  const yp = await findVisibleYoungPerson(db, actor, youngPersonId);
  if (!yp) return null;
  const list = await db
    .select({ number: missingEpisodes.number, lastSeenAt: missingEpisodes.lastSeenAt, returnedAt: missingEpisodes.returnedAt })
    .from(missingEpisodes)
    .where(and(eq(missingEpisodes.youngPersonId, yp.id), visibleEpisodes(actor)))
    .orderBy(asc(missingEpisodes.lastSeenAt));
  return list.map((e) => ({ episodeId: reference(e.number), startedAt: e.lastSeenAt.toISOString(), returnedAt: e.returnedAt?.toISOString() ?? null }));
}

/** One young person's patterns, from their episodes and what the episodes mention. */
export async function patternsFor(db: Db, youngPersonId: string, settings: MissingSettings, now = new Date()): Promise<{ patterns: Patterns; episodes: EpisodeWithInterview[]; mentions: MentionRow[] }> {
  const episodes = await episodesOf(db, youngPersonId, now);
  const mentions = await mentionsOf(db, episodes.map((e) => e.episode.id));
  const patterns = computePatterns(
    episodes.map((e) => e.episode),
    mentions,
    settings,
    now,
  );
  return { patterns, episodes, mentions };
}

export interface SharedMention {
  episodeId: string;
  kind: string;
  context: string;
  asTyped: string;
  matchKey: string;
  /** Other young people whose concerns or episodes mention the same thing. */
  otherYoungPersonIds: string[];
  concernIds: string[];
  episodeIds: string[];
  /** Concerns about someone not yet identified (or not yet linked) that mention it. */
  unlinkedConcerns: number;
}

/**
 * Weak signals: what these episodes mention (the place found above all, but also who they were
 * with, vehicles and phones) that another young person's concern or episode also mentions. Places
 * and people in concerns carry no key, so they are compared by the same tidied words in SQL.
 */
export async function sharedMentionsForEpisodes(db: Db, areaId: string, episodeIds: string[]): Promise<SharedMention[]> {
  if (!episodeIds.length) return [];
  const list = sql.join(
    episodeIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const found = await rows<{ episode_id: string; kind: string; context: string; as_typed: string; match_key: string; source_kind: string; source_id: string; other_yp: string | null }>(
    db,
    sql`with mine as (
          select episode_id, young_person_id, kind, context, as_typed, match_key
          from missing_episode_mentions where episode_id in (${list}) and match_key is not null)
        select mine.episode_id, mine.kind, mine.context, mine.as_typed, mine.match_key, 'episode' as source_kind, o.episode_id as source_id, o.young_person_id as other_yp
          from mine join missing_episode_mentions o on o.area_id = ${areaId} and o.match_key = mine.match_key and o.young_person_id <> mine.young_person_id
        union all
        select mine.episode_id, mine.kind, mine.context, mine.as_typed, mine.match_key, 'concern', c.id, c.young_person_id
          from mine
          join concern_mentions cm on cm.area_id = ${areaId}
            and (cm.match_key = mine.match_key or (cm.match_key is null and ${textKeySql(sql`cm.kind`, sql`cm.as_typed`)} = mine.match_key))
          join concerns c on c.id = cm.concern_id
          where c.young_person_id is distinct from mine.young_person_id`,
  );
  const byKey = new Map<string, SharedMention & { others: Set<string>; concerns: Set<string>; episodes: Set<string> }>();
  for (const r of found) {
    const key = `${r.episode_id}|${r.context}|${r.match_key}`;
    const entry = byKey.get(key) ?? {
      episodeId: r.episode_id,
      kind: r.kind,
      context: r.context,
      asTyped: r.as_typed,
      matchKey: r.match_key,
      otherYoungPersonIds: [],
      concernIds: [],
      episodeIds: [],
      unlinkedConcerns: 0,
      others: new Set<string>(),
      concerns: new Set<string>(),
      episodes: new Set<string>(),
    };
    if (r.other_yp) entry.others.add(r.other_yp);
    if (r.source_kind === 'concern') {
      if (!entry.concerns.has(r.source_id) && !r.other_yp) entry.unlinkedConcerns += 1;
      entry.concerns.add(r.source_id);
    } else entry.episodes.add(r.source_id);
    byKey.set(key, entry);
  }
  return [...byKey.values()].map(({ others, concerns, episodes, ...rest }) => ({ ...rest, otherYoungPersonIds: [...others], concernIds: [...concerns], episodeIds: [...episodes] }));
}

/** Weak signals for one episode: see `sharedMentionsForEpisodes`. */
export async function sharedMentionsForEpisode(db: Db, areaId: string, episodeId: string): Promise<SharedMention[]> {
  return sharedMentionsForEpisodes(db, areaId, [episodeId]);
}

export interface QueueItem {
  episodeId: string;
  number: number;
  youngPersonId: string;
  youngPersonNumber: number;
  givenName: string | null;
  familyName: string | null;
  aliases: string[];
  lookedAfter: boolean;
  dueAt: Date | null;
  state: InterviewState | MeetingState;
  agencyName: string | null;
  returnedAt: Date | null;
  lastSeenAt: Date;
}

const personColumns = {
  youngPersonNumber: youngPeople.number,
  givenName: youngPeople.givenName,
  familyName: youngPeople.familyName,
  aliases: youngPeople.aliases,
};

/** Strategy meetings still to be recorded for looked-after young people's episodes, soonest due first. */
export async function strategyMeetingQueue(db: Db, actor: Actor, now = new Date()): Promise<QueueItem[]> {
  const list = await db
    .select({ episode: missingEpisodes, ...personColumns })
    .from(missingEpisodes)
    .innerJoin(youngPeople, eq(youngPeople.id, missingEpisodes.youngPersonId))
    .where(and(visibleEpisodes(actor), sql`${missingEpisodes.strategyMeetingDueAt} is not null and ${missingEpisodes.strategyMeetingOutcome} is null`))
    .orderBy(asc(missingEpisodes.strategyMeetingDueAt));
  return list.map(({ episode, ...p }) => ({
    ...p,
    episodeId: episode.id,
    number: episode.number,
    youngPersonId: episode.youngPersonId,
    lookedAfter: episode.lookedAfter,
    dueAt: episode.strategyMeetingDueAt,
    state: meetingState(episode, now).state,
    agencyName: null,
    returnedAt: episode.returnedAt,
    lastSeenAt: episode.lastSeenAt,
  }));
}

const outstandingInterview = sql`${missingEpisodes.status} = 'returned' and (${returnInterviews.id} is null or (${returnInterviews.completedAt} is null and ${returnInterviews.response} <> 'declined'))`;

/**
 * Return interviews not yet held or declined, soonest due first: the whole area's for the
 * coordinator, one agency's for everyone else (only those whose young person they may see; the
 * others are counted, not shown).
 */
export async function interviewQueue(db: Db, actor: Actor, scope: { agencyId: string | null }, now = new Date()): Promise<{ items: QueueItem[]; notVisible: number }> {
  const agencyCondition = scope.agencyId ? sql`${missingEpisodes.interviewAgencyId} = ${scope.agencyId}` : sql`true`;
  const list = await db
    .select({ episode: missingEpisodes, interview: returnInterviews, agencyName: agencies.name, ...personColumns })
    .from(missingEpisodes)
    .innerJoin(youngPeople, eq(youngPeople.id, missingEpisodes.youngPersonId))
    .leftJoin(returnInterviews, eq(returnInterviews.episodeId, missingEpisodes.id))
    .leftJoin(agencies, eq(agencies.id, missingEpisodes.interviewAgencyId))
    .where(and(visibleEpisodes(actor), outstandingInterview, agencyCondition))
    .orderBy(asc(missingEpisodes.interviewDueAt));
  let notVisible = 0;
  if (scope.agencyId) {
    const [hidden] = await rows<{ n: number }>(
      db,
      sql`select count(*)::int as n from ${missingEpisodes} left join ${returnInterviews} on ${returnInterviews.episodeId} = ${missingEpisodes.id}
          where ${missingEpisodes.areaId} = ${actor.areaId} and ${outstandingInterview} and ${agencyCondition} and not ${youngPersonIdVisible(actor, missingEpisodes.youngPersonId)}`,
    );
    notVisible = hidden?.n ?? 0;
  }
  return {
    items: list.map(({ episode, interview, agencyName, ...p }) => ({
      ...p,
      episodeId: episode.id,
      number: episode.number,
      youngPersonId: episode.youngPersonId,
      lookedAfter: episode.lookedAfter,
      dueAt: episode.interviewDueAt,
      state: interviewState(episode, interview, now).state,
      agencyName,
      returnedAt: episode.returnedAt,
      lastSeenAt: episode.lastSeenAt,
    })),
    notVisible,
  };
}

/** Episodes still open (the young person is missing now) that `actor` may see, longest missing first. */
export async function missingNow(db: Db, actor: Actor) {
  return db
    .select({ episode: missingEpisodes, ...personColumns })
    .from(missingEpisodes)
    .innerJoin(youngPeople, eq(youngPeople.id, missingEpisodes.youngPersonId))
    .where(and(visibleEpisodes(actor), eq(missingEpisodes.status, 'open')))
    .orderBy(asc(missingEpisodes.lastSeenAt));
}

export interface AreaFigures {
  thisMonth: { episodes: number; youngPeople: number };
  lastMonth: { episodes: number; youngPeople: number };
  repeat: { youngPersonId: string; youngPersonNumber: number; givenName: string | null; familyName: string | null; aliases: string[]; last90: number; all: number }[];
  placesFound: { label: string; episodes: number; youngPeople: number }[];
}

/** The coordinator's figures for the area (the caller has checked the role). */
export async function areaFigures(db: Db, areaId: string, settings: MissingSettings, now = new Date()): Promise<AreaFigures> {
  const thisMonthStart = startOfLondonMonth(now);
  const lastMonthStart = startOfLondonMonth(now, 1);
  const [months] = await rows<{ this_n: number; this_yp: number; last_n: number; last_yp: number }>(
    db,
    sql`select
          count(*) filter (where last_seen_at >= ${thisMonthStart.toISOString()}::timestamptz)::int as this_n,
          count(distinct young_person_id) filter (where last_seen_at >= ${thisMonthStart.toISOString()}::timestamptz)::int as this_yp,
          count(*) filter (where last_seen_at < ${thisMonthStart.toISOString()}::timestamptz)::int as last_n,
          count(distinct young_person_id) filter (where last_seen_at < ${thisMonthStart.toISOString()}::timestamptz)::int as last_yp
        from missing_episodes
        where area_id = ${areaId} and last_seen_at >= ${lastMonthStart.toISOString()}::timestamptz and last_seen_at <= ${now.toISOString()}::timestamptz`,
  );
  const since90 = new Date(now.getTime() - 90 * DAY_MS).toISOString();
  const repeat = await rows<{ young_person_id: string; number: number; given_name: string | null; family_name: string | null; aliases: string[]; last90: number; all_n: number }>(
    db,
    sql`select e.young_person_id, yp.number, yp.given_name, yp.family_name, yp.aliases, e.last90, e.all_n
        from (select young_person_id,
                     count(*) filter (where last_seen_at >= ${since90}::timestamptz)::int as last90,
                     count(*)::int as all_n
              from missing_episodes where area_id = ${areaId} and last_seen_at <= ${now.toISOString()}::timestamptz
              group by young_person_id) e
        join young_people yp on yp.id = e.young_person_id
        where e.last90 >= ${settings.repeatCount90Days} or e.all_n > ${settings.manyCount}
        order by e.last90 desc, e.all_n desc
        limit 50`,
  );
  const since365 = new Date(now.getTime() - 365 * DAY_MS).toISOString();
  const places = await rows<{ label: string; episodes: number; young_people: number }>(
    db,
    sql`select min(m.as_typed) as label, count(distinct m.episode_id)::int as episodes, count(distinct m.young_person_id)::int as young_people
        from missing_episode_mentions m join missing_episodes e on e.id = m.episode_id
        where m.area_id = ${areaId} and m.context = 'found_at' and e.last_seen_at >= ${since365}::timestamptz
        group by coalesce(m.match_key, lower(m.as_typed))
        order by episodes desc, young_people desc, label
        limit 10`,
  );
  return {
    thisMonth: { episodes: months?.this_n ?? 0, youngPeople: months?.this_yp ?? 0 },
    lastMonth: { episodes: months?.last_n ?? 0, youngPeople: months?.last_yp ?? 0 },
    repeat: repeat.map((r) => ({ youngPersonId: r.young_person_id, youngPersonNumber: Number(r.number), givenName: r.given_name, familyName: r.family_name, aliases: r.aliases, last90: r.last90, all: r.all_n })),
    placesFound: places.map((p) => ({ label: p.label, episodes: p.episodes, youngPeople: p.young_people })),
  };
}

/** Recent episodes in the area with their shared mentions: the weak signals on the coordinator's view. */
export async function recentWeakSignals(db: Db, areaId: string, now = new Date(), days = 90) {
  const recent = await db
    .select({ id: missingEpisodes.id, number: missingEpisodes.number, youngPersonId: missingEpisodes.youngPersonId, lastSeenAt: missingEpisodes.lastSeenAt, ...personColumns })
    .from(missingEpisodes)
    .innerJoin(youngPeople, eq(youngPeople.id, missingEpisodes.youngPersonId))
    .where(and(eq(missingEpisodes.areaId, areaId), sql`${missingEpisodes.lastSeenAt} >= ${new Date(now.getTime() - days * DAY_MS).toISOString()}::timestamptz`))
    .orderBy(desc(missingEpisodes.lastSeenAt))
    .limit(200);
  const shared = await sharedMentionsForEpisodes(
    db,
    areaId,
    recent.map((e) => e.id),
  );
  const byEpisode = new Map(recent.map((e) => [e.id, e]));
  return shared.map((s) => ({ ...s, episode: byEpisode.get(s.episodeId)! })).sort((a, b) => b.episode.lastSeenAt.getTime() - a.episode.lastSeenAt.getTime());
}

/** Names of young people by id, within the area (for the coordinator, who sees the whole area). */
export async function youngPeopleNamed(db: Db, areaId: string, ids: string[]) {
  if (!ids.length) return new Map<string, Pick<YoungPersonRow, 'id' | 'number' | 'givenName' | 'familyName' | 'aliases'>>();
  const list = await db
    .select({ id: youngPeople.id, number: youngPeople.number, givenName: youngPeople.givenName, familyName: youngPeople.familyName, aliases: youngPeople.aliases })
    .from(youngPeople)
    .where(and(eq(youngPeople.areaId, areaId), inArray(youngPeople.id, ids)));
  return new Map(list.map((p) => [p.id, p]));
}

/** Who recorded an episode and its return, and agency names, for the episode page. */
export async function episodePeople(db: Db, episode: EpisodeRow, interview: InterviewRow | null) {
  const userIds = [episode.recordedByUserId, episode.returnRecordedByUserId, episode.strategyMeetingRecordedByUserId, interview?.recordedByUserId].filter((v): v is string => Boolean(v));
  const agencyIds = [episode.recordedByAgencyId, episode.interviewAgencyId, interview?.interviewerAgencyId].filter((v): v is string => Boolean(v));
  const [people, orgs] = await Promise.all([
    db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, userIds)),
    db.select({ id: agencies.id, name: agencies.name }).from(agencies).where(inArray(agencies.id, agencyIds)),
  ]);
  return { users: new Map(people.map((p) => [p.id, p.name])), agencies: new Map(orgs.map((a) => [a.id, a.name])) };
}

/**
 * Episodes whose young person came back between two UK days (inclusive), and how many were offered
 * a return interview within the area's hours of coming back (72 unless set).
 */
export async function returnInterviewTimes(db: Db, areaId: string, from: string, to: string, settings: MissingSettings): Promise<{ returned: number; offeredInTime: number; hours: number }> {
  const [row] = await rows<{ returned: number; in_time: number }>(
    db,
    sql`select count(*)::int as returned,
               count(*) filter (where ri.offered_at is not null and ri.offered_at <= e.returned_at + make_interval(hours => ${settings.returnInterviewHours}::int))::int as in_time
          from missing_episodes e left join return_interviews ri on ri.episode_id = e.id
         where e.area_id = ${areaId} and e.returned_at is not null
           and e.returned_at >= ((${from}::date)::timestamp at time zone ${UK_TIME_ZONE_SQL})
           and e.returned_at < (((${to}::date + 1))::timestamp at time zone ${UK_TIME_ZONE_SQL})`,
  );
  return { returned: row?.returned ?? 0, offeredInTime: row?.in_time ?? 0, hours: settings.returnInterviewHours };
}

/**
 * Episodes of looked-after young people reported between two UK days (inclusive) that called for a
 * strategy meeting, how many had one held, and how many by the time it was due.
 */
export async function lookedAfterMeetings(db: Db, areaId: string, from: string, to: string): Promise<{ due: number; held: number; heldInTime: number }> {
  const [row] = await rows<{ due: number; held: number; in_time: number }>(
    db,
    sql`select count(*)::int as due,
               count(*) filter (where strategy_meeting_outcome = 'held')::int as held,
               count(*) filter (where strategy_meeting_outcome = 'held' and strategy_meeting_at <= strategy_meeting_due_at)::int as in_time
          from missing_episodes
         where area_id = ${areaId} and looked_after and strategy_meeting_due_at is not null
           and coalesce(reported_at, last_seen_at) >= ((${from}::date)::timestamp at time zone ${UK_TIME_ZONE_SQL})
           and coalesce(reported_at, last_seen_at) < (((${to}::date + 1))::timestamp at time zone ${UK_TIME_ZONE_SQL})`,
  );
  return { due: row?.due ?? 0, held: row?.held ?? 0, heldInTime: row?.in_time ?? 0 };
}

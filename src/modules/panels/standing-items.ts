/**
 * Standing agenda items: what the records say has happened in the area since the panel last met –
 * new adults of concern, hotspots, missing patterns and disruption activity. Worked out when the
 * meeting page is read, for that reader: every count and link goes through the owning module's
 * visibility rule, so a member sees only what they may see, and the coordinator sees the area.
 */
import { sql } from 'drizzle-orm';
import type { Actor } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/database.ts';
import { rows } from '../../platform/db/database.ts';
import { formatDate } from '../../platform/views/filters.ts';
import { addDays, londonDayStartSql } from '../../platform/time.ts';
import { DISRUPTION_KINDS, adultIdVisible, adultReference, disruptionReference, disruptionVisible, label as intelligenceLabel, placeIdVisible, placeReference } from '../intelligence/index.ts';
import { visibleEpisodes } from '../missing/index.ts';
import { referenceFor, youngPersonIdVisible } from '../young-people/index.ts';

export interface StandingLink {
  href: string;
  text: string;
  detail?: string;
}

export interface StandingItem {
  key: 'adults' | 'hotspots' | 'missing' | 'disruption';
  title: string;
  count: number;
  summary: string;
  links: StandingLink[];
}

export interface StandingItems {
  /** The calendar date the items count from. */
  since: string;
  /** Whether `since` is the panel's previous meeting (otherwise its usual interval before this one). */
  sinceMeeting: boolean;
  items: StandingItem[];
  /** What the reader was shown, for the audit row. */
  shown: { adultIds: string[]; placeIds: string[]; youngPersonIds: string[]; disruptionIds: string[] };
}

/** Young people with this many episodes or more since the last meeting are listed as a pattern. */
export const MISSING_PATTERN_EPISODES = 2;
const LISTED = 10;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export async function standingItemsFor(db: Db, actor: Actor, meeting: { id: string; panelId: string; meetsOn: string }, meetsEveryDays: number | null): Promise<StandingItems> {
  const [previous] = await rows<{ meets_on: string }>(
    db,
    sql`select max(meets_on)::text as meets_on from panel_meetings where panel_id = ${meeting.panelId} and meets_on < ${meeting.meetsOn}`,
  );
  const since = previous?.meets_on ?? addDays(meeting.meetsOn, -(meetsEveryDays ?? 28));
  const from = londonDayStartSql(since);

  const adults = await rows<{ id: string; number: number; name: string; status: string }>(
    db,
    sql`select a.id, a.number, a.name, a.status from adults_of_concern a
        where a.area_id = ${actor.areaId} and a.merged_into_id is null and a.created_at >= ${from}
          and ${adultIdVisible(actor, sql`a.id`, sql`a.area_id`)}
        order by a.created_at desc`,
  );

  // Concerns at a place, counted only where the reader may see the young person they were about.
  const hotspots = await rows<{ id: string; number: number; name: string; concerns: number; young_people: number }>(
    db,
    sql`select pl.id, pl.number, pl.name, count(distinct c.id)::int as concerns, count(distinct c.young_person_id)::int as young_people
        from places_of_concern pl join concerns c on c.place_id = pl.id
        where pl.area_id = ${actor.areaId} and c.submitted_at >= ${from} and c.young_person_id is not null
          and ${placeIdVisible(actor, sql`pl.id`, sql`pl.area_id`)} and ${youngPersonIdVisible(actor, sql`c.young_person_id`)}
        group by pl.id, pl.number, pl.name
        order by concerns desc, young_people desc, pl.name`,
  );

  const missing = await rows<{ id: string; number: number; name: string; episodes: number; looked_after: boolean }>(
    db,
    sql`select y.id, y.number, coalesce(nullif(trim(concat_ws(' ', y.given_name, y.family_name)), ''), 'Not yet identified') as name,
          count(*)::int as episodes, bool_or(missing_episodes.looked_after) as looked_after
        from missing_episodes join young_people y on y.id = missing_episodes.young_person_id
        where ${visibleEpisodes(actor)} and missing_episodes.last_seen_at >= ${from}
        group by y.id, y.number, y.given_name, y.family_name
        order by episodes desc, name`,
  );
  const episodes = missing.reduce((n, m) => n + m.episodes, 0);
  const repeated = missing.filter((m) => m.episodes >= MISSING_PATTERN_EPISODES);

  const disruption = await rows<{ id: string; number: number; kind: string; occurred_on: string }>(
    db,
    sql`select d.id, d.number, d.kind, d.occurred_on::text from disruptions d
        where ${disruptionVisible(actor, sql.raw('d'))} and d.occurred_on >= ${since}
        order by d.occurred_on desc, d.number desc`,
  );
  const byKind = new Map<string, number>();
  for (const d of disruption) byKind.set(d.kind, (byKind.get(d.kind) ?? 0) + 1);

  const items: StandingItem[] = [
    {
      key: 'adults',
      title: 'New adults of concern',
      count: adults.length,
      summary: adults.length ? `${plural(adults.length, 'adult of concern was', 'adults of concern were')} recorded.` : 'No adults of concern were recorded.',
      links: adults.slice(0, LISTED).map((a) => ({ href: `/intelligence/adults/${a.id}`, text: `${adultReference(a.number)} ${a.name}` })),
    },
    {
      key: 'hotspots',
      title: 'Hotspots',
      count: hotspots.length,
      summary: hotspots.length
        ? `${plural(hotspots.length, 'place of concern was', 'places of concern were')} named in concerns.`
        : 'No place of concern was named in a concern.',
      links: hotspots.slice(0, LISTED).map((h) => ({
        href: `/intelligence/places/${h.id}`,
        text: `${placeReference(h.number)} ${h.name}`,
        detail: `${plural(h.concerns, 'concern', 'concerns')} about ${plural(h.young_people, 'young person', 'young people')}`,
      })),
    },
    {
      key: 'missing',
      title: 'Missing patterns',
      count: repeated.length,
      summary: episodes
        ? `${plural(episodes, 'missing episode', 'missing episodes')} of ${plural(missing.length, 'young person', 'young people')}; ${plural(repeated.length, 'young person', 'young people')} went missing ${MISSING_PATTERN_EPISODES} times or more.`
        : 'No missing episodes were recorded.',
      links: repeated.slice(0, LISTED).map((m) => ({
        href: `/young-people/${m.id}`,
        text: `${m.name} (${referenceFor(m.number)})`,
        detail: `${plural(m.episodes, 'episode', 'episodes')}${m.looked_after ? ', looked after' : ''}`,
      })),
    },
    {
      key: 'disruption',
      title: 'Disruption activity',
      count: disruption.length,
      summary: disruption.length
        ? `${plural(disruption.length, 'disruption was', 'disruptions were')} recorded: ${[...byKind].map(([kind, n]) => `${intelligenceLabel(DISRUPTION_KINDS, kind).toLowerCase()} (${n})`).join(', ')}.`
        : 'No disruption was recorded.',
      links: disruption.slice(0, LISTED).map((d) => ({ href: `/intelligence/disruptions/${d.id}`, text: `${disruptionReference(d.number)} ${intelligenceLabel(DISRUPTION_KINDS, d.kind)}`, detail: formatDate(d.occurred_on) })),
    },
  ];
  return {
    since,
    sinceMeeting: Boolean(previous?.meets_on),
    items,
    shown: {
      adultIds: adults.slice(0, LISTED).map((a) => a.id),
      placeIds: hotspots.slice(0, LISTED).map((h) => h.id),
      youngPersonIds: repeated.slice(0, LISTED).map((m) => m.id),
      disruptionIds: disruption.slice(0, LISTED).map((d) => d.id),
    },
  };
}

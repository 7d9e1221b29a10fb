/**
 * Patterns in one young person's missing episodes (pure: the queries fetch, this counts). Windows
 * are counted back from `now` by episode start; time of day and day of week are in UK time.
 */
import { DAY_MS, hoursBetween } from './rules.ts';
import type { MissingSettings } from './settings.ts';
import { londonParts } from '../../platform/time.ts';
import { tidyText } from './mentions.ts';

export interface EpisodeForPatterns {
  id: string;
  number: number;
  lastSeenAt: Date;
  returnedAt: Date | null;
}

export interface MentionForPatterns {
  episodeId: string;
  kind: string;
  context: string;
  asTyped: string;
  matchKey: string | null;
}

export interface Ranked {
  label: string;
  kind: string;
  episodes: number;
}

export interface Patterns {
  counts: { last30: number; last90: number; last365: number; all: number };
  missingNow: boolean;
  /** `repeat`: at least the area's count in 90 days (3); `many`: more than the area's count in all (10). */
  flags: { repeat: boolean; many: boolean };
  thresholds: { repeatCount90Days: number; manyCount: number };
  /** Episodes by the hour they began, 0–23, UK time. */
  byHour: number[];
  /** Episodes by the day they began, Monday first. */
  byWeekday: number[];
  placesFound: Ranked[];
  peopleWith: Ranked[];
  /** Hours away, for returned episodes. */
  longestHours: number | null;
  medianHours: number | null;
}

export const TOP_N = 5;

/** Groups mentions by their key (or their tidied words) and counts the episodes each appears in. */
export function rankMentions(mentions: MentionForPatterns[], limit = TOP_N): Ranked[] {
  const groups = new Map<string, { label: string; kind: string; episodes: Set<string> }>();
  for (const m of mentions) {
    const key = m.matchKey ?? `${m.kind}:${tidyText(m.asTyped)}`;
    const group = groups.get(key) ?? { label: m.asTyped, kind: m.kind, episodes: new Set<string>() };
    group.episodes.add(m.episodeId);
    groups.set(key, group);
  }
  return [...groups.values()]
    .map((g) => ({ label: g.label, kind: g.kind, episodes: g.episodes.size }))
    .sort((a, b) => b.episodes - a.episodes || a.label.localeCompare(b.label))
    .slice(0, limit);
}

export function computePatterns(episodes: EpisodeForPatterns[], mentions: MentionForPatterns[], settings: MissingSettings, now: Date): Patterns {
  const started = episodes.filter((e) => e.lastSeenAt.getTime() <= now.getTime());
  const within = (days: number) => started.filter((e) => now.getTime() - e.lastSeenAt.getTime() <= days * DAY_MS).length;
  const counts = { last30: within(30), last90: within(90), last365: within(365), all: started.length };
  const byHour = Array.from({ length: 24 }, () => 0);
  const byWeekday = Array.from({ length: 7 }, () => 0);
  for (const e of started) {
    const p = londonParts(e.lastSeenAt);
    byHour[p.hour]! += 1;
    byWeekday[p.weekday]! += 1;
  }
  const durations = started.filter((e) => e.returnedAt).map((e) => hoursBetween(e.lastSeenAt, e.returnedAt!)).sort((a, b) => a - b);
  const median = durations.length === 0 ? null : durations.length % 2 ? durations[(durations.length - 1) / 2]! : (durations[durations.length / 2 - 1]! + durations[durations.length / 2]!) / 2;
  const ids = new Set(started.map((e) => e.id));
  const mine = mentions.filter((m) => ids.has(m.episodeId));
  return {
    counts,
    missingNow: started.some((e) => e.returnedAt === null),
    flags: { repeat: counts.last90 >= settings.repeatCount90Days, many: counts.all > settings.manyCount },
    thresholds: { repeatCount90Days: settings.repeatCount90Days, manyCount: settings.manyCount },
    byHour,
    byWeekday,
    placesFound: rankMentions(mine.filter((m) => m.context === 'found_at' && m.kind === 'place')),
    peopleWith: rankMentions(mine.filter((m) => m.context === 'found_with' && (m.kind === 'adult' || m.kind === 'young_person'))),
    longestHours: durations.length ? durations[durations.length - 1]! : null,
    medianHours: median,
  };
}

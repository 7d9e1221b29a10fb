/** What the templates show for episodes, interviews and the patterns on a young person's page. */
import type { Actor } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/database.ts';
import type { RecordSummaryItem } from '../../platform/modules.ts';
import { displayName, referenceFor, type YoungPersonRow } from '../young-people/index.ts';
import { barChart, timeline } from './charts.ts';
import { patternsFor, type EpisodeWithInterview, type SharedMention } from './queries.ts';
import { hoursBetween, INTERVIEW_STATE_LABELS, MEETING_STATE_LABELS, type InterviewState, type MeetingState } from './rules.ts';
import { missingSettings } from './settings.ts';
import { EPISODE_KINDS, HOW_RETURNED, MENTION_KINDS, label, reference } from './vocab.ts';

const INTERVIEW_TAG: Record<InterviewState, string> = {
  not_yet_back: 'grey',
  offer_due: 'yellow',
  offer_overdue: 'red',
  awaiting_answer: 'blue',
  to_complete: 'blue',
  completed: 'green',
  declined: 'grey',
};
const MEETING_TAG: Record<MeetingState, string> = { not_needed_not_looked_after: 'grey', due: 'yellow', overdue: 'red', held: 'green', not_needed: 'grey' };

export function interviewTag(state: InterviewState, offeredLate = false) {
  return { text: INTERVIEW_STATE_LABELS[state] + (offeredLate ? ' (offered late)' : ''), classes: `govuk-tag--${INTERVIEW_TAG[state]}` };
}

export function meetingTag(state: MeetingState) {
  return { text: MEETING_STATE_LABELS[state], classes: `govuk-tag--${MEETING_TAG[state]}` };
}

export function personName(p: { givenName: string | null; familyName: string | null; aliases: string[]; youngPersonNumber?: number; number?: number }) {
  return displayName({ givenName: p.givenName, familyName: p.familyName, aliases: p.aliases, number: p.youngPersonNumber ?? p.number ?? 0 });
}

export function episodeSummary(item: EpisodeWithInterview, now = new Date()) {
  const e = item.episode;
  return {
    id: e.id,
    reference: reference(e.number),
    kind: label(EPISODE_KINDS, e.kind),
    open: e.status === 'open',
    lastSeenAt: e.lastSeenAt,
    returnedAt: e.returnedAt,
    hoursAway: hoursBetween(e.lastSeenAt, e.returnedAt ?? now),
    foundWhere: e.foundWhere,
    howReturned: e.howReturned ? label(HOW_RETURNED, e.howReturned) : null,
    interview: interviewTag(item.interviewState, item.offeredLate),
    interviewState: item.interviewState,
    meetingState: e.lookedAfter ? item.meetingState : null,
    meeting: e.lookedAfter ? meetingTag(item.meetingState) : null,
  };
}

const HOURS = Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}:00`);
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/**
 * The "Missing episodes" section of a young person's record: flags, counts, a timeline, where they
 * are found and who with, and when episodes begin. The caller has checked access to the young
 * person and audits the page view.
 */
export async function missingSection(db: Db, actor: Actor, yp: YoungPersonRow, now = new Date()) {
  const settings = await missingSettings(db, yp.areaId);
  const { patterns, episodes } = await patternsFor(db, yp.id, settings, now);
  const open = episodes.find((e) => e.episode.status === 'open') ?? null;
  return {
    youngPersonId: yp.id,
    youngPersonReference: referenceFor(yp.number),
    canRecord: actor.role !== 'analyst',
    settings,
    patterns,
    open: open ? episodeSummary(open, now) : null,
    episodes: episodes.map((e) => episodeSummary(e, now)),
    learning: episodes
      .filter((e) => e.interview?.completedAt)
      .slice(0, 3)
      .map((e) => ({ reference: reference(e.episode.number), episodeId: e.episode.id, completedAt: e.interview!.completedAt, learning: e.interview!.learning, disclosure: e.interview!.disclosure })),
    charts: {
      timeline: timeline(episodes.map((e) => e.episode), now),
      byHour: barChart(
        HOURS.map((h) => h.slice(0, 2)),
        patterns.byHour,
        { labelEvery: 3 },
      ),
      byWeekday: barChart(
        WEEKDAYS.map((d) => d.slice(0, 3)),
        patterns.byWeekday,
        { width: 420 },
      ),
    },
    hourRows: patterns.byHour.map((n, h) => [{ text: `${HOURS[h]} to ${HOURS[(h + 1) % 24]}` }, { text: String(n), format: 'numeric' }]),
    weekdayRows: patterns.byWeekday.map((n, d) => [{ text: WEEKDAYS[d] }, { text: String(n), format: 'numeric' }]),
  };
}

interface NamedPerson {
  id: string;
  number: number;
  givenName: string | null;
  familyName: string | null;
  aliases: string[];
}

/**
 * The area's weak signals, one per thing mentioned (a place, a car): which young people it links,
 * the recent episodes that mention it and how many concerns do, most young people first.
 */
export function groupSignals(
  signals: (SharedMention & { episode: { id: string; number: number; youngPersonId: string } & Omit<NamedPerson, 'id' | 'number'> & { youngPersonNumber: number } })[],
  named: Map<string, NamedPerson>,
) {
  const groups = new Map<string, { kind: string; label: string; episodes: Map<string, string>; youngPeople: Map<string, { id: string; name: string; reference: string }>; concerns: Set<string>; unlinkedConcerns: number }>();
  for (const s of signals) {
    const g = groups.get(s.matchKey) ?? { kind: label(MENTION_KINDS, s.kind, s.kind), label: s.asTyped, episodes: new Map(), youngPeople: new Map(), concerns: new Set<string>(), unlinkedConcerns: 0 };
    g.episodes.set(s.episode.id, reference(s.episode.number));
    g.youngPeople.set(s.episode.youngPersonId, { id: s.episode.youngPersonId, name: personName(s.episode), reference: referenceFor(s.episode.youngPersonNumber) });
    for (const id of s.otherYoungPersonIds) {
      const p = named.get(id);
      if (p) g.youngPeople.set(id, { id, name: personName(p), reference: referenceFor(p.number) });
    }
    for (const c of s.concernIds) g.concerns.add(c);
    g.unlinkedConcerns = Math.max(g.unlinkedConcerns, s.unlinkedConcerns);
    groups.set(s.matchKey, g);
  }
  return [...groups.values()]
    .map((g) => ({ kind: g.kind, label: g.label, episodes: [...g.episodes].map(([id, ref]) => ({ id, reference: ref })), youngPeople: [...g.youngPeople.values()], concerns: g.concerns.size, unlinkedConcerns: g.unlinkedConcerns }))
    .sort((a, b) => b.youngPeople.length - a.youngPeople.length || b.concerns - a.concerns || a.label.localeCompare(b.label));
}

const OPEN_INTERVIEW: Partial<Record<InterviewState, string>> = { offer_due: 'to be offered', offer_overdue: 'offer overdue', awaiting_answer: 'offered, waiting for an answer', to_complete: 'accepted, to be held' };

/** For the record's summary: missing now, and return interviews and strategy meetings still to do. */
export function missingSummary(data: unknown): RecordSummaryItem[] {
  const m = data as Awaited<ReturnType<typeof missingSection>>;
  const items: RecordSummaryItem[] = [];
  if (m.open) items.push({ kind: 'alert', text: `Missing now (${m.open.reference})`, href: `/missing/${m.open.id}` });
  for (const e of m.episodes) {
    const interview = OPEN_INTERVIEW[e.interviewState];
    if (interview) items.push({ kind: 'deadline', text: `Return interview for ${e.reference}: ${interview}`, overdue: e.interviewState === 'offer_overdue', href: `/missing/${e.id}#interview` });
    if (e.meetingState === 'due' || e.meetingState === 'overdue') items.push({ kind: 'deadline', text: `Strategy meeting for ${e.reference}`, overdue: e.meetingState === 'overdue', href: `/missing/${e.id}` });
  }
  return items;
}

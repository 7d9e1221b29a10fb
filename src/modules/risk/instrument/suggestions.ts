/**
 * Pre-filled SUGGESTIONS for an assessment from what is already on file
 * (concerns and missing episodes). They are offered with their source for the
 * assessor to accept or not; nothing here ticks an answer by itself.
 */
import { mapConcernIndicator } from './default-instrument.ts';
import { HOUR_MS, parseInstant } from './dates.ts';
import { ANSWER_WINDOWS, type AnswerWindow, type Instrument, type Outcome, type Problem } from './types.ts';

export interface Suggestion {
  indicatorId: string;
  suggested: AnswerWindow;
  /** Where each part of the suggestion came from, in words. */
  sources: string[];
}

export interface ConcernOnFile {
  concernId: string;
  /** ISO date-time the concern was raised. */
  raisedAt: string;
  /** Indicator ids ticked on the concern (same ids as the instrument). */
  indicatorIds: string[];
  /** Who raised it, for the source line (e.g. agency name). */
  raisedBy?: string;
}

export interface MissingEpisodeOnFile {
  episodeId: string;
  startedAt: string;
  returnedAt?: string | null;
}

const DAY_MS = 24 * HOUR_MS;
// The instrument's guidance defines "now" as the last four weeks; months are
// approximated in days because these are only suggestions.
const NOW_DAYS = 28;
const SIX_MONTHS_DAYS = 183;
const YEAR_DAYS = 365;

function windowFor(eventMs: number, atMs: number): AnswerWindow | null {
  const days = (atMs - eventMs) / DAY_MS;
  if (days <= NOW_DAYS) return 'now';
  if (days <= SIX_MONTHS_DAYS) return 'last_6_months';
  if (days <= YEAR_DAYS) return '6_to_12_months';
  return null;
}

class Collector {
  private readonly byId = new Map<string, Suggestion>();
  constructor(private readonly instrument: Instrument) {}

  add(indicatorId: string, window: AnswerWindow, source: string): void {
    const id = mapConcernIndicator(this.instrument, indicatorId);
    if (!id) return;
    const def = this.instrument.indicators.find((i) => i.id === id);
    // An untimed indicator is simply present.
    const w: AnswerWindow = def && !def.weights.timed ? 'now' : window;
    const existing = this.byId.get(id);
    if (!existing) {
      this.byId.set(id, { indicatorId: id, suggested: w, sources: [source] });
      return;
    }
    if (ANSWER_WINDOWS.indexOf(w) < ANSWER_WINDOWS.indexOf(existing.suggested)) existing.suggested = w;
    if (!existing.sources.includes(source)) existing.sources.push(source);
  }

  /** In the instrument's order, so the list reads like the form. */
  list(): Suggestion[] {
    const order = new Map(this.instrument.indicators.map((i, n) => [i.id, n]));
    return [...this.byId.values()].sort((a, b) => (order.get(a.indicatorId) ?? 0) - (order.get(b.indicatorId) ?? 0));
  }
}

/** Suggestions from indicators ticked on concerns, timed by when each concern was raised. */
export function suggestFromConcerns(instrument: Instrument, concerns: ConcernOnFile[], assessedAt: string): Outcome<Suggestion[]> {
  const at = parseInstant(assessedAt);
  const problems: Problem[] = [];
  if (at === null) problems.push({ path: 'assessedAt', message: 'Give the assessment time as an ISO date-time with a zone.' });
  concerns.forEach((c, i) => {
    if (parseInstant(c.raisedAt) === null) problems.push({ path: `concerns[${i}].raisedAt`, message: `Concern '${c.concernId}' has no valid time raised.` });
  });
  if (problems.length > 0 || at === null) return { ok: false, problems };
  const out = new Collector(instrument);
  for (const c of concerns) {
    const raised = parseInstant(c.raisedAt) ?? 0;
    const window = windowFor(raised, at);
    if (!window) continue;
    const source = `Concern ${c.concernId} raised ${c.raisedAt.slice(0, 10)}${c.raisedBy ? ` by ${c.raisedBy}` : ''}`;
    for (const id of c.indicatorIds) out.add(id, window, source);
  }
  return { ok: true, value: out.list() };
}

/**
 * Suggestions from missing episodes (default instrument ids, followed to
 * their replacements in an area's version): any episode in the last year
 * suggests "has begun to go missing"; three or more in six months suggest
 * "goes missing often"; 24 hours or more away suggests "missing for long
 * spells"; episodes over a year ago suggest a history of going missing.
 */
export function suggestFromMissingEpisodes(
  instrument: Instrument,
  episodes: MissingEpisodeOnFile[],
  assessedAt: string,
): Outcome<Suggestion[]> {
  const at = parseInstant(assessedAt);
  const problems: Problem[] = [];
  if (at === null) problems.push({ path: 'assessedAt', message: 'Give the assessment time as an ISO date-time with a zone.' });
  const parsed = episodes.map((e, i) => {
    const start = parseInstant(e.startedAt);
    const back = e.returnedAt ? parseInstant(e.returnedAt) : null;
    if (start === null) problems.push({ path: `episodes[${i}].startedAt`, message: `Missing episode '${e.episodeId}' has no valid start time.` });
    if (e.returnedAt && back === null) problems.push({ path: `episodes[${i}].returnedAt`, message: `Missing episode '${e.episodeId}' has an invalid return time.` });
    return { id: e.episodeId, start: start ?? 0, back };
  });
  if (problems.length > 0 || at === null) return { ok: false, problems };
  const out = new Collector(instrument);
  const current = parsed.filter((e) => e.start <= at);
  const windowOf = (e: (typeof current)[number]): AnswerWindow | null =>
    e.back === null || e.back > at ? 'now' : windowFor(e.start, at);
  const label = (e: (typeof current)[number]): string =>
    `Missing episode ${e.id} from ${new Date(e.start).toISOString().slice(0, 16).replace('T', ' ')}${e.back === null || e.back > at ? ' (still missing)' : ''}`;

  for (const e of current) {
    const w = windowOf(e);
    if (w) out.add('ar.going_missing', w, label(e));
    else out.add('vul.history_missing', 'now', label(e));
    const end = e.back === null || e.back > at ? at : e.back;
    if (w && end - e.start >= 24 * HOUR_MS) out.add('en.missing_long_or_repeated', w, `${label(e)}, away 24 hours or more`);
  }
  const inLastSix = current.filter((e) => {
    const w = windowOf(e);
    return w === 'now' || w === 'last_6_months';
  });
  if (inLastSix.length >= 3) {
    const w: AnswerWindow = inLastSix.some((e) => windowOf(e) === 'now') ? 'now' : 'last_6_months';
    out.add('sw.regularly_missing', w, `${inLastSix.length} missing episodes in the last 6 months`);
  } else {
    const older = current.filter((e) => windowOf(e) === '6_to_12_months');
    if (older.length >= 3) out.add('sw.regularly_missing', '6_to_12_months', `${older.length} missing episodes 6 to 12 months ago`);
  }
  return { ok: true, value: out.list() };
}

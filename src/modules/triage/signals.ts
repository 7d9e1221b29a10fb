import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { rows } from '../../platform/db/database.ts';
import type { TriageSettings } from './settings.ts';

/**
 * Weak signals: small concerns that mean little alone but add up. Both are computed in SQL over
 * every concern in the area, whatever its status, so a pattern shows however the concerns arrived.
 *
 * (a) Several agencies: concerns about one young person from at least N distinct agencies within
 *     D days of each other, counting the concern being looked at.
 * (b) Shared mentions: something the concern mentions (a vehicle, phone, account, email…, compared
 *     by its match key) also appears in a concern about another young person, or in a concern
 *     raised by a different agency.
 *
 * Each function takes a list of questions, so a queue page asks once, not once per row. A question
 * may name a young person the concern is not (yet) linked to: that is how triage shows what linking
 * would reveal before the decision is made.
 */

export interface ConcernQuestion {
  /** The caller's name for this question; answers come back under it. */
  key: string;
  concernId: string;
  submittedAt: Date;
  agencyId: string;
  /** The young person the concern is, or would be, linked to; null when nobody is linked. */
  youngPersonId: string | null;
}

export interface MultiAgencySignal {
  fired: boolean;
  /** The most distinct agencies found in any one window that includes this concern. */
  agencyCount: number;
  agencyIds: string[];
  threshold: number;
  windowDays: number;
}

export interface SharedMentionSignal {
  kind: string;
  /** How this concern wrote it (the coordinator can see both concerns). */
  asTyped: string;
  otherConcerns: { id: string; number: number; youngPersonId: string | null; aboutAnotherYoungPerson: boolean; fromAnotherAgency: boolean }[];
}

/** At most this many other concerns are listed per shared mention: a phone in a thousand concerns needs no thousand links. */
export const SHARED_MENTION_LIMIT = 20;

function questionValues(questions: ConcernQuestion[]): SQL {
  return sql.join(
    questions.map((q) => sql`(${q.key}::text, ${q.concernId}::uuid, ${q.youngPersonId}::uuid, ${q.submittedAt.toISOString()}::timestamptz, ${q.agencyId}::uuid)`),
    sql`, `,
  );
}

/** Signal (a) for each question. */
export async function multiAgencySignals(db: Db, questions: ConcernQuestion[], settings: Pick<TriageSettings, 'weakSignalAgencies' | 'weakSignalWindowDays'>): Promise<Map<string, MultiAgencySignal>> {
  const result = new Map<string, MultiAgencySignal>();
  const empty = (): MultiAgencySignal => ({ fired: false, agencyCount: 0, agencyIds: [], threshold: settings.weakSignalAgencies, windowDays: settings.weakSignalWindowDays });
  for (const q of questions) result.set(q.key, empty());
  const asked = questions.filter((q) => q.youngPersonId);
  if (!asked.length) {
    for (const q of questions) result.set(q.key, { ...empty(), agencyCount: 1, agencyIds: [q.agencyId], fired: settings.weakSignalAgencies <= 1 });
    return result;
  }
  const window = sql`make_interval(days => ${settings.weakSignalWindowDays}::int)`;
  // Every concern about the young person near this one, plus this one (even if not yet linked).
  // A window of D days that contains this concern can always start at one of those concerns,
  // so trying each of them as the start finds the busiest window.
  const found = await rows<{ key: string; n: number; agencies: string }>(
    db,
    sql`with q(key, concern_id, young_person_id, t, agency_id) as (values ${questionValues(questions)}),
      pool as (
        select q.key, c.id, c.submitted_at as t, c.raised_by_agency_id as agency_id
          from q join concerns c on c.young_person_id = q.young_person_id
         where c.submitted_at between q.t - ${window} and q.t + ${window}
        union
        select q.key, q.concern_id, q.t, q.agency_id from q
      ),
      windows as (
        select a.key, a.id, count(distinct b.agency_id)::int as n, string_agg(distinct b.agency_id::text, ',') as agencies
          from pool a
          join q on q.key = a.key
          join pool b on b.key = a.key and b.t >= a.t and b.t <= a.t + ${window}
         where a.t between q.t - ${window} and q.t
         group by a.key, a.id
      )
      select distinct on (key) key, n, agencies from windows order by key, n desc`,
  );
  for (const row of found) {
    result.set(row.key, {
      fired: row.n >= settings.weakSignalAgencies,
      agencyCount: row.n,
      agencyIds: row.agencies ? row.agencies.split(',') : [],
      threshold: settings.weakSignalAgencies,
      windowDays: settings.weakSignalWindowDays,
    });
  }
  return result;
}

/** Signal (b) for each question: the concern's mentions that also appear elsewhere in a way that matters. */
export async function sharedMentionSignals(db: Db, areaId: string, questions: ConcernQuestion[]): Promise<Map<string, SharedMentionSignal[]>> {
  const result = new Map<string, SharedMentionSignal[]>(questions.map((q) => [q.key, []]));
  if (!questions.length) return result;
  const found = await rows<{
    key: string;
    mention_id: string;
    kind: string;
    as_typed: string;
    other_id: string;
    other_number: number;
    other_young_person_id: string | null;
    other_person: boolean;
    other_agency: boolean;
  }>(
    db,
    sql`with q(key, concern_id, young_person_id, t, agency_id) as (values ${questionValues(questions)})
      select q.key, m.id as mention_id, m.kind, m.as_typed, o.other_id, o.other_number::int as other_number, o.other_young_person_id, o.other_person, o.other_agency
        from q
        join concern_mentions m on m.concern_id = q.concern_id and m.area_id = ${areaId} and m.match_key is not null
        cross join lateral (
          select oc.id as other_id, oc.number as other_number, oc.young_person_id as other_young_person_id,
                 (oc.young_person_id is not null and oc.young_person_id is distinct from q.young_person_id) as other_person,
                 (oc.raised_by_agency_id <> q.agency_id) as other_agency
            from concern_mentions om
            join concerns oc on oc.id = om.concern_id
           where om.area_id = m.area_id and om.match_key = m.match_key and om.concern_id <> q.concern_id
             and ((oc.young_person_id is not null and oc.young_person_id is distinct from q.young_person_id) or oc.raised_by_agency_id <> q.agency_id)
           group by oc.id
           order by oc.submitted_at desc
           limit ${SHARED_MENTION_LIMIT}
        ) o
       order by q.key, m.kind, m.as_typed, o.other_number`,
  );
  const byMention = new Map<string, SharedMentionSignal>();
  for (const row of found) {
    let signal = byMention.get(`${row.key}\u0000${row.mention_id}`);
    if (!signal) {
      signal = { kind: row.kind, asTyped: row.as_typed, otherConcerns: [] };
      byMention.set(`${row.key}\u0000${row.mention_id}`, signal);
      result.get(row.key)!.push(signal);
    }
    signal.otherConcerns.push({ id: row.other_id, number: Number(row.other_number), youngPersonId: row.other_young_person_id, aboutAnotherYoungPerson: row.other_person, fromAnotherAgency: row.other_agency });
  }
  return result;
}

export interface WeakSignals {
  multiAgency: MultiAgencySignal;
  sharedMentions: SharedMentionSignal[];
}

/** Both signals for each question. */
export async function weakSignals(db: Db, areaId: string, questions: ConcernQuestion[], settings: Pick<TriageSettings, 'weakSignalAgencies' | 'weakSignalWindowDays'>): Promise<Map<string, WeakSignals>> {
  const [multi, shared] = await Promise.all([multiAgencySignals(db, questions, settings), sharedMentionSignals(db, areaId, questions)]);
  return new Map(questions.map((q) => [q.key, { multiAgency: multi.get(q.key)!, sharedMentions: shared.get(q.key) ?? [] }]));
}

export const MENTION_KIND_LABELS: Record<string, string> = {
  adult: 'Adult',
  young_person: 'Another young person',
  peer: 'Another young person',
  vehicle: 'Vehicle',
  phone: 'Phone number',
  email: 'Email address',
  online_account: 'Online account',
  place: 'Place',
};

export function mentionKindLabel(kind: string): string {
  return MENTION_KIND_LABELS[kind] ?? kind.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

/** Short flag texts for a queue row or a heading; no names, only counts and kinds. */
export function signalFlags(signals: WeakSignals | undefined): string[] {
  if (!signals) return [];
  const flags: string[] = [];
  if (signals.multiAgency.fired) flags.push(`Concerns from ${signals.multiAgency.agencyCount} agencies within ${signals.multiAgency.windowDays} days`);
  for (const mention of signals.sharedMentions) {
    const others = mention.otherConcerns.filter((c) => c.aboutAnotherYoungPerson).length;
    const label = mentionKindLabel(mention.kind).toLowerCase();
    flags.push(others ? `Same ${label} in a concern about another young person` : `Same ${label} raised by another agency`);
  }
  return [...new Set(flags)];
}

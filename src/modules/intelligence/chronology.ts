/**
 * The chronology of an adult or a place, derived (never typed twice) from what is recorded about
 * them: when they became known, links, intelligence entries, disruption and prosecution steps, and
 * (for officers) concerns that name one of an adult's identifiers or were raised at a place. Only
 * what the viewer may see is listed.
 */
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../platform/db/database.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { youngPersonIdVisible } from '../young-people/index.ts';
import { disruptionsFor } from './disruptions.ts';
import { entriesFor } from './entries.ts';
import { seesFullIntelligence } from './policy.ts';
import { CHANGED_FIELD_LABELS, DISRUPTION_KINDS, DISRUPTION_OUTCOMES, LINK_KINDS, RECORD_IDENTIFIER_KINDS, disruptionReference, entryReference, label } from './vocab.ts';

export interface ChronologyEntry {
  on: string;
  kind: string;
  summary: string;
  href: string | null;
}

export async function recordChronology(db: Db, viewer: SignedInUser, kind: 'adult' | 'place', id: string): Promise<ChronologyEntry[]> {
  const ref = [{ kind, id }];
  const full = seesFullIntelligence(viewer);
  const touches = kind === 'adult' ? sql`(l.adult_id = ${id} or l.associate_adult_id = ${id})` : sql`l.place_id = ${id}`;
  // The other end of the link: for an adult, whichever adult column is not them.
  const otherAdult = kind === 'adult' ? sql`(case when l.adult_id = ${id} then l.associate_adult_id else l.adult_id end)` : sql`l.adult_id`;
  const owner = kind === 'adult' ? sql`ch.adult_id = ${id}` : sql`ch.place_id = ${id}`;
  const identifierOwner = kind === 'adult' ? sql`ri.adult_id = ${id}` : sql`ri.place_id = ${id}`;
  const subjectOwner = kind === 'adult' ? sql`s.adult_id = ${id}` : sql`s.place_id = ${id}`;
  const [steps, entries, links, concerns, known, changes, written] = await Promise.all([
    disruptionsFor(db, viewer, ref),
    entriesFor(db, viewer, ref),
    rows<{ on: string; link_kind: string; other: string; href: string }>(
      db,
      sql`select coalesce(l.occurred_on, l.created_at::date)::text as on, l.link_kind,
                 coalesce(nullif(trim(coalesce(y.given_name, '') || ' ' || coalesce(y.family_name, '')), ''), a.name || ' (A-' || a.number || ')', p.name || ' (P-' || p.number || ')') as other,
                 coalesce('/young-people/' || y.id, '/intelligence/adults/' || a.id, '/intelligence/places/' || p.id) as href
            from intelligence_links l
            left join young_people y on y.id = l.young_person_id
            left join adults_of_concern a on a.id = ${otherAdult}
            left join places_of_concern p on p.id = l.place_id and ${kind === 'adult' ? sql`true` : sql`false`}
           where ${touches}
             and (l.young_person_id is null or ${youngPersonIdVisible(viewer, sql`l.young_person_id`)})
             and ${full ? sql`true` : sql`l.young_person_id is not null`}`,
    ),
    !full
      ? Promise.resolve([])
      : kind === 'adult'
        ? rows<{ on: string; number: number; what: string }>(
            db,
            sql`select c.submitted_at::date::text as on, c.number::int as number,
                       'Their ' || (case m.kind when 'vehicle' then 'vehicle' when 'phone' then 'phone number' when 'email' then 'email address' else 'account' end) || ' “' || m.as_typed || '” mentioned in concern C-' || c.number as what
                  from record_identifiers ri
                  join concern_mentions m on m.area_id = ri.area_id and m.match_key = ri.match_key
                  join concerns c on c.id = m.concern_id
                 where ri.adult_id = ${id} order by c.submitted_at desc limit 100`,
          )
        : rows<{ on: string; number: number; what: string }>(
            db,
            sql`select c.submitted_at::date::text as on, c.number::int as number, 'Concern C-' || c.number || ' raised about a young person seen here' as what
                  from concerns c where c.place_id = ${id} order by c.submitted_at desc limit 100`,
          ),
    rows<{ since: string }>(db, kind === 'adult' ? sql`select known_since::text as since from adults_of_concern where id = ${id}` : sql`select created_at::date::text as since from places_of_concern where id = ${id}`),
    // Changes after recording: officers only, as partners see fewer fields.
    full
      ? rows<{ on: string; kind: string; fields: string[]; concern_number: number | null; concern_id: string | null }>(
          db,
          sql`select ch.changed_at::date::text as on, ch.kind, ch.fields, c.number::int as concern_number, c.id as concern_id
                from intelligence_record_changes ch left join concerns c on c.id = ch.concern_id
               where ${owner} order by ch.changed_at desc limit 200`,
        )
      : Promise.resolve([]),
    // Entries whose text names one of the record's identifiers but that are not about it: officers only, as they read every entry in full.
    full
      ? rows<{ on: string; number: number; kind: string; as_typed: string }>(
          db,
          sql`select distinct e.received_on::text as on, e.number::int as number, ri.kind, ei.as_typed
                from record_identifiers ri
                join intelligence_entry_identifiers ei on ei.area_id = ri.area_id and ei.match_key = ri.match_key
                join intelligence_entries e on e.id = ei.entry_id
               where ${identifierOwner} and not exists (select 1 from intelligence_subjects s where s.entry_id = e.id and ${subjectOwner})
               order by 1 desc limit 100`,
        )
      : Promise.resolve([]),
  ]);
  const identifierWords: Record<string, string> = { vehicle: 'vehicle', phone: 'phone number', email: 'email address', online_account: 'account' };
  const list: ChronologyEntry[] = [
    ...steps.map((d) => ({ on: d.occurredOn, kind: 'Disruption', summary: `${label(DISRUPTION_KINDS, d.kind)} (${disruptionReference(d.number)})${d.outcome ? `: ${label(DISRUPTION_OUTCOMES, d.outcome).toLowerCase()}` : ''}`, href: `/intelligence/disruptions/${d.id}` })),
    ...entries.map((e) => ({ on: e.receivedOn, kind: 'Intelligence', summary: `Intelligence ${entryReference(e.number)} graded ${e.grade}`, href: null })),
    ...links.map((l) => ({ on: l.on, kind: 'Link', summary: `${label(LINK_KINDS, l.link_kind, 'Linked')}: ${l.other.trim()}`, href: l.href })),
    ...concerns.map((c) => ({ on: c.on, kind: 'Concern', summary: c.what, href: null })),
    ...written.map((w) => ({ on: w.on, kind: 'Intelligence', summary: `${kind === 'adult' ? 'Their' : 'Its'} ${identifierWords[w.kind] ?? 'identifier'} “${w.as_typed}” written in intelligence ${entryReference(w.number)}`, href: null })),
    ...changes.map((c) => ({
      on: c.on,
      kind: 'Change',
      summary:
        c.kind === 'details_changed'
          ? `Details changed: ${c.fields.map((f) => CHANGED_FIELD_LABELS[f] ?? f).join(', ')}`
          : c.kind === 'merged_in'
            ? `${c.fields[0]} merged into this record (a duplicate of the same person)`
            : c.kind === 'merged_into'
              ? `Merged into ${c.fields[0]} (a duplicate of the same person)`
              : c.kind === 'merge_undone'
                ? `Merge with ${c.fields[0]} undone: the records are separate again`
                : c.kind === 'identifiers_added'
            ? `Added: ${c.fields.map((f) => label(RECORD_IDENTIFIER_KINDS, f, f).toLowerCase()).join(', ')}`
            : `Concern C-${c.concern_number} ${c.kind === 'concern_linked' ? 'linked to' : 'unlinked from'} this place`,
      href: null,
    })),
    ...(known[0] ? [{ on: known[0].since, kind: 'Record', summary: kind === 'adult' ? 'First known to the partnership' : 'Recorded as a place of concern', href: null }] : []),
  ];
  return list.sort((a, b) => (a.on < b.on ? 1 : a.on > b.on ? -1 : 0));
}

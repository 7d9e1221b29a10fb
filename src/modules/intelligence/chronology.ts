/**
 * An adult's chronology, derived (never typed twice) from what is recorded about them: when they
 * became known, links, intelligence entries, disruption and prosecution steps, and concerns that
 * mention one of their identifiers. Only what the viewer may see is listed.
 */
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../platform/db/database.ts';
import type { SignedInUser } from '../organisation/users.ts';
import { youngPersonIdVisible } from '../young-people/policy.ts';
import { disruptionsFor } from './disruptions.ts';
import { entriesFor } from './entries.ts';
import { seesFullIntelligence } from './policy.ts';
import { DISRUPTION_KINDS, DISRUPTION_OUTCOMES, LINK_KINDS, disruptionReference, entryReference, gradeText, label } from './vocab.ts';

export interface AdultChronologyEntry {
  on: string;
  kind: string;
  summary: string;
  href: string | null;
}

export async function adultChronology(db: Db, viewer: SignedInUser, adultId: string): Promise<AdultChronologyEntry[]> {
  const ref = [{ kind: 'adult' as const, id: adultId }];
  const [steps, entries, links, mentions, known] = await Promise.all([
    disruptionsFor(db, viewer, ref),
    entriesFor(db, viewer, ref),
    rows<{ on: string; link_kind: string; other: string; href: string }>(
      db,
      sql`select coalesce(l.occurred_on, l.created_at::date)::text as on, l.link_kind,
                 coalesce(y.given_name || ' ' || y.family_name, a.name || ' (A-' || a.number || ')', p.name || ' (P-' || p.number || ')') as other,
                 coalesce('/young-people/' || y.id, '/intelligence/adults/' || a.id, '/intelligence/places/' || p.id) as href
            from intelligence_links l
            left join young_people y on y.id = l.young_person_id
            left join adults_of_concern a on a.id = (case when l.adult_id = ${adultId} then l.associate_adult_id else l.adult_id end)
            left join places_of_concern p on p.id = l.place_id
           where (l.adult_id = ${adultId} or l.associate_adult_id = ${adultId})
             and (l.young_person_id is null or ${youngPersonIdVisible(viewer, sql`l.young_person_id`)})
             and ${seesFullIntelligence(viewer) ? sql`true` : sql`l.young_person_id is not null`}`,
    ),
    seesFullIntelligence(viewer)
      ? rows<{ on: string; number: number; kind: string; as_typed: string }>(
          db,
          sql`select c.submitted_at::date::text as on, c.number::int as number, m.kind, m.as_typed from record_identifiers ri
                join concern_mentions m on m.area_id = ri.area_id and m.match_key = ri.match_key
                join concerns c on c.id = m.concern_id
               where ri.adult_id = ${adultId} order by c.submitted_at desc limit 100`,
        )
      : Promise.resolve([]),
    rows<{ known_since: string }>(db, sql`select known_since::text as known_since from adults_of_concern where id = ${adultId}`),
  ]);
  const list: AdultChronologyEntry[] = [
    ...steps.map((d) => ({ on: d.occurredOn, kind: 'Disruption', summary: `${label(DISRUPTION_KINDS, d.kind)} (${disruptionReference(d.number)})${d.outcome ? `: ${label(DISRUPTION_OUTCOMES, d.outcome).toLowerCase()}` : ''}`, href: `/intelligence/disruptions/${d.id}` })),
    ...entries.map((e) => ({ on: e.receivedOn, kind: 'Intelligence', summary: `Intelligence ${entryReference(e.number)} graded ${gradeText({ sourceGrade: e.grade[0]!, intelligenceGrade: e.grade[1]!, handling: e.handling })}`, href: null })),
    ...links.map((l) => ({ on: l.on, kind: 'Link', summary: `${label(LINK_KINDS, l.link_kind, 'Linked')}: ${l.other.trim()}`, href: l.href })),
    ...mentions.map((m) => ({ on: m.on, kind: 'Concern', summary: `Their ${m.kind === 'vehicle' ? 'vehicle' : m.kind === 'phone' ? 'phone number' : 'account'} “${m.as_typed}” mentioned in concern C-${m.number}`, href: null })),
    ...(known[0] ? [{ on: known[0].known_since, kind: 'Record', summary: 'First known to the partnership', href: null }] : []),
  ];
  return list.sort((a, b) => (a.on < b.on ? 1 : a.on > b.on ? -1 : 0));
}

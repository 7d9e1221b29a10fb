import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { rows } from '../../platform/db/database.ts';
import { auditedCommand, type Actor, type RequestContext } from '../../platform/audit/audit.ts';
import { parseNhsNumber, parseUpn } from '../identifiers/index.ts';
import type { ConcernSubject } from '../concerns/tables.ts';
import { visibleYoungPeople } from '../young-people/policy.ts';
import type { SearchResult } from '../young-people/search.ts';
import { swappedDayMonth } from '../young-people/details.ts';

/**
 * Match suggestions for linking a concern to a young person already held: names and aliases
 * (trigram similarity and Double Metaphone), date of birth (exact, day and month swapped, or an
 * age within a year of an approximate one), and identifiers (NHS number, UPN). Each suggestion
 * says why it was suggested, so the coordinator judges the match rather than trusting a score.
 */

export interface MatchSubject {
  givenName: string | null;
  familyName: string | null;
  aliases: string[];
  dateOfBirth: string | null;
  estimatedAge: number | null;
  nhsNumber: string | null;
  upn: string | null;
  /** When the concern was raised: an approximate age is an age on that day. */
  asOf: Date;
}

export interface MatchSuggestion extends SearchResult {
  reasons: string[];
}

export const MATCH_LIMIT = 10;
/** Below this a candidate shares too little with the concern to be worth showing. */
export const MIN_MATCH_SCORE = 0.6;

const clean = (value: string | undefined | null) => (value ?? '').trim().toLowerCase().replace(/\s+/g, ' ');

/** What the practitioner typed, made comparable; identifiers that fail their check digit are dropped. */
export function matchSubjectFrom(subject: ConcernSubject, asOf: Date): MatchSubject {
  const nhs = subject.nhsNumber ? parseNhsNumber(subject.nhsNumber) : null;
  const upn = subject.upn ? parseUpn(subject.upn) : null;
  const dob = subject.dateOfBirth && /^\d{4}-\d{2}-\d{2}$/.test(subject.dateOfBirth) ? subject.dateOfBirth : null;
  return {
    givenName: clean(subject.givenName) || null,
    familyName: clean(subject.familyName) || null,
    aliases: (subject.aliases ?? []).map(clean).filter(Boolean).slice(0, 20),
    dateOfBirth: dob,
    estimatedAge: typeof subject.estimatedAge === 'number' && Number.isFinite(subject.estimatedAge) ? Math.round(subject.estimatedAge) : null,
    nhsNumber: nhs?.ok ? nhs.value : null,
    upn: upn?.ok ? upn.value : null,
    asOf,
  };
}


function hasCriteria(s: MatchSubject): boolean {
  return Boolean(s.givenName || s.familyName || s.aliases.length || s.dateOfBirth || s.nhsNumber || s.upn);
}

interface MatchRow {
  id: string;
  number: number;
  given_name: string | null;
  family_name: string | null;
  aliases: string[];
  date_of_birth: string | null;
  estimated_age: number | null;
  postcode: string | null;
  risk_level: string | null;
  score: number;
  given_exact: boolean;
  given_similar: boolean;
  given_sound: boolean;
  family_exact: boolean;
  family_similar: boolean;
  family_sound: boolean;
  names_swapped: boolean;
  alias_match: string | null;
  dob_exact: boolean;
  dob_swapped: boolean;
  age_fits: boolean;
  nhs_match: boolean;
  upn_match: boolean;
}

/** Plain words for why a candidate was suggested, strongest first. */
function reasonsFor(row: MatchRow): string[] {
  const reasons: string[] = [];
  if (row.nhs_match) reasons.push('NHS number matches');
  if (row.upn_match) reasons.push('Unique Pupil Number matches');
  if (row.dob_exact) reasons.push('date of birth matches');
  else if (row.dob_swapped) reasons.push('date of birth matches with the day and month swapped');
  else if (row.age_fits) reasons.push('age is within a year of the age given');
  if (row.family_exact) reasons.push('surname matches');
  else if (row.family_sound) reasons.push('surname sounds the same');
  else if (row.family_similar) reasons.push('surname is spelt similarly');
  if (row.given_exact) reasons.push('first name matches');
  else if (row.given_sound) reasons.push('first name sounds the same');
  else if (row.given_similar) reasons.push('first name is spelt similarly');
  if (row.names_swapped) reasons.push('first name and surname match the other way round');
  if (row.alias_match) reasons.push(`alias ‘${row.alias_match}’ matches`);
  return reasons;
}

/**
 * Up to `limit` young people in the actor's area who may be the subject of a concern, best first.
 * Audited as a search (ids and counts only), like the search box.
 */
export async function matchSuggestions(
  db: Db,
  ctx: RequestContext & { actor: Actor },
  concernId: string,
  subject: MatchSubject,
  limit = MATCH_LIMIT,
): Promise<MatchSuggestion[]> {
  if (!hasCriteria(subject)) return [];
  const given = subject.givenName ?? '';
  const family = subject.familyName ?? '';
  // Every word typed as a name or alias, for the trigram and alias comparisons.
  const typedNames = [...new Set([given, family, ...subject.aliases].flatMap((n) => [n, ...n.split(' ')]).filter((n) => n.length >= 2))];
  const typedArray = typedNames.length ? sql`array[${sql.join(typedNames.map((n) => sql`${n}::text`), sql`, `)}]` : sql`array[]::text[]`;
  const dob = subject.dateOfBirth;
  const swapped = dob ? swappedDayMonth(dob) : null;
  const asOf = subject.asOf.toISOString().slice(0, 10);

  const dobExact = sql`coalesce(young_people.date_of_birth = ${dob}::date, false)`;
  const dobSwapped = sql`coalesce(young_people.date_of_birth = ${swapped}::date, false)`;
  // "Within a year" both ways: the record's age against the age typed, or the record's approximate age against the date typed.
  const ageFits = sql`coalesce(
      (${subject.estimatedAge}::int is not null and young_people.date_of_birth is not null
        and abs(date_part('year', age(${asOf}::date, young_people.date_of_birth)) - ${subject.estimatedAge}::int) <= 1)
   or (${subject.estimatedAge}::int is not null and young_people.date_of_birth is null and young_people.estimated_age is not null
        and abs(young_people.estimated_age + date_part('year', age(${asOf}::date, coalesce(young_people.estimated_age_at, young_people.created_at::date))) - ${subject.estimatedAge}::int) <= 1)
   or (${dob}::date is not null and young_people.date_of_birth is null and young_people.estimated_age is not null
        and abs(date_part('year', age(coalesce(young_people.estimated_age_at, young_people.created_at::date), ${dob}::date)) - young_people.estimated_age) <= 1), false)`;
  const identifier = (kind: string, value: string | null) =>
    value ? sql`exists (select 1 from young_person_identifiers i where i.young_person_id = young_people.id and i.kind = ${kind} and i.value = ${value})` : sql`false`;
  const nameSound = (typed: string, column: ReturnType<typeof sql>) =>
    typed ? sql`(${column} is not null and dmetaphone(${column}) <> '' and dmetaphone(${column}) = dmetaphone(${typed}))` : sql`false`;

  // Candidates come from a union of index-friendly lookups (trigram, Double Metaphone, date of birth,
  // identifier), so a large area is never scanned row by row; only they are then scored.
  const area = ctx.actor.areaId;
  const lookups = [
    ...typedNames.map((n) => sql`select id from young_people where area_id = ${area} and ${n} <% search_text`),
    given ? sql`select id from young_people where area_id = ${area} and dmetaphone(coalesce(given_name, '')) = dmetaphone(${given})` : null,
    family ? sql`select id from young_people where area_id = ${area} and dmetaphone(coalesce(family_name, '')) = dmetaphone(${family})` : null,
    dob ? sql`select id from young_people where area_id = ${area} and date_of_birth = ${dob}::date` : null,
    swapped ? sql`select id from young_people where area_id = ${area} and date_of_birth = ${swapped}::date` : null,
    subject.nhsNumber ? sql`select young_person_id from young_person_identifiers where kind = 'nhs_number' and value = ${subject.nhsNumber}` : null,
    subject.upn ? sql`select young_person_id from young_person_identifiers where kind = 'upn' and value = ${subject.upn}` : null,
  ].filter((c): c is ReturnType<typeof sql> => c !== null);
  if (!lookups.length) return [];
  const candidates = sql.join(lookups, sql` union `);

  return auditedCommand(
    db,
    ctx,
    (found: MatchSuggestion[]) => ({
      action: 'search',
      recordKind: 'young_person',
      details: { purpose: 'triage_match', concernId, resultCount: found.length, resultIds: found.map((f) => f.id) },
    }),
    async (tx) => {
      await tx.execute(sql`select set_config('pg_trgm.word_similarity_threshold', '0.45', true)`);
      const found = await rows<MatchRow>(
        tx,
        sql`select * from (
          select young_people.id, young_people.number::int as number, young_people.given_name, young_people.family_name, young_people.aliases, young_people.date_of_birth::text as date_of_birth,
                 young_people.estimated_age, young_people.postcode, young_people.risk_level, m.*,
                 (  case when m.nhs_match or m.upn_match then 4 else 0 end
                  + case when m.dob_exact then 2 when m.dob_swapped then 1.4 when m.age_fits then 0.4 else 0 end
                  + m.given_sim * 1.0 + m.family_sim * 1.4
                  + case when m.given_sound and not m.given_exact then 0.3 else 0 end
                  + case when m.family_sound and not m.family_exact then 0.5 else 0 end
                  + case when m.names_swapped then 1.6 else 0 end
                  + case when m.alias_match is not null then 0.9 else 0 end
                  + m.word_sim * 0.5)::float8 as score
            from young_people
            cross join lateral (
              select
                similarity(${given}, lower(coalesce(young_people.given_name, '')))::float8 as given_sim,
                similarity(${family}, lower(coalesce(young_people.family_name, '')))::float8 as family_sim,
                (${given} <> '' and lower(coalesce(young_people.given_name, '')) = ${given}) as given_exact,
                (${given} <> '' and similarity(${given}, lower(coalesce(young_people.given_name, ''))) >= 0.4) as given_similar,
                ${nameSound(given, sql`young_people.given_name`)} as given_sound,
                (${family} <> '' and lower(coalesce(young_people.family_name, '')) = ${family}) as family_exact,
                (${family} <> '' and similarity(${family}, lower(coalesce(young_people.family_name, ''))) >= 0.4) as family_similar,
                ${nameSound(family, sql`young_people.family_name`)} as family_sound,
                (${given} <> '' and ${family} <> '' and similarity(${given}, lower(coalesce(young_people.family_name, ''))) >= 0.5
                  and similarity(${family}, lower(coalesce(young_people.given_name, ''))) >= 0.5) as names_swapped,
                (select a from unnest(young_people.aliases) a cross join unnest(${typedArray}) t
                  where similarity(lower(a), t) >= 0.5 or (length(t) >= 3 and dmetaphone(a) <> '' and dmetaphone(a) = dmetaphone(t))
                  order by similarity(lower(a), t) desc limit 1) as alias_match,
                coalesce((select max(word_similarity(t, young_people.search_text)) from unnest(${typedArray}) t), 0)::float8 as word_sim,
                ${dobExact} as dob_exact,
                ${dobSwapped} as dob_swapped,
                ${ageFits} as age_fits,
                ${identifier('nhs_number', subject.nhsNumber)} as nhs_match,
                ${identifier('upn', subject.upn)} as upn_match
            ) m
           where young_people.id in (${candidates}) and ${visibleYoungPeople(ctx.actor)}
        ) scored
        where score >= ${MIN_MATCH_SCORE}
        order by score desc, number desc
        limit ${limit}`,
      );
      return found.map((row) => ({
        id: row.id,
        number: Number(row.number),
        givenName: row.given_name,
        familyName: row.family_name,
        aliases: row.aliases,
        dateOfBirth: row.date_of_birth,
        estimatedAge: row.estimated_age,
        postcode: row.postcode,
        riskLevel: row.risk_level,
        score: Number(row.score),
        reasons: reasonsFor(row),
      }));
    },
  );
}

import { and, desc, eq, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import type { Actor } from '../../platform/audit/audit.ts';
import { parseNhsNumber, parseUpn } from '../identifiers/index.ts';
import { visibleYoungPeople } from './policy.ts';
import { youngPeople, youngPersonIdentifiers } from './tables.ts';
import { swappedDayMonth } from './details.ts';
import type { PersonLike } from './view-model.ts';

export interface SearchCriteria {
  names: string[];
  dateOfBirth: string | null;
  reference: number | null;
  identifier: { kind: string; value: string } | null;
}

const NAME_TOKEN = /^[\p{L}'’-]{2,40}$/u;

/** Reads one search box: names, a date of birth (31/12/2011 or 2011-12-31), a YP reference, an NHS number or a UPN. */
export function parseSearch(q: string): SearchCriteria {
  const criteria: SearchCriteria = { names: [], dateOfBirth: null, reference: null, identifier: null };
  const compact = q.replace(/\s+/g, '');
  const nhs = /^\d{10}$/.test(compact) ? parseNhsNumber(compact) : null;
  if (nhs?.ok) return { ...criteria, identifier: { kind: 'nhs_number', value: nhs.value } };
  const upn = /^[A-Z]\d{11}[A-Z0-9]$/i.test(compact) ? parseUpn(compact) : null;
  if (upn?.ok) return { ...criteria, identifier: { kind: 'upn', value: upn.value } };
  for (const token of q.split(/[\s,]+/).filter(Boolean)) {
    const ref = /^YP-?(\d{1,12})$/i.exec(token);
    const uk = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(token);
    const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(token);
    if (ref) criteria.reference = Number(ref[1]);
    else if (uk) criteria.dateOfBirth = `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}`;
    else if (iso) criteria.dateOfBirth = token;
    else if (NAME_TOKEN.test(token)) criteria.names.push(token.toLowerCase());
  }
  if (criteria.dateOfBirth && Number.isNaN(new Date(`${criteria.dateOfBirth}T00:00:00Z`).getTime())) criteria.dateOfBirth = null;
  return criteria;
}

export function isEmptySearch(c: SearchCriteria): boolean {
  return !c.names.length && !c.dateOfBirth && c.reference === null && !c.identifier;
}

export interface SearchResult extends PersonLike {
  score: number;
}

/**
 * Tolerant of misspelling (trigram word similarity and Double Metaphone on each name), and only
 * over the rows `actor` may see. It writes no audit row: every route that searches declares the
 * search as its read and notes `searchAuditDetails` on it (decision record 0014).
 */
export async function findYoungPeople(db: Db, actor: Actor, criteria: SearchCriteria, limit = 50): Promise<SearchResult[]> {
  const query = searchQuery(actor, criteria, limit);
  return query ? db.transaction(query) : [];
}

/** What a search's audit row records: the kinds of criteria used and the records that came back, never the words typed. */
export function searchAuditDetails(criteria: SearchCriteria, results: { id: string }[]) {
  return {
    criteria: [criteria.names.length && 'name', criteria.dateOfBirth && 'date_of_birth', criteria.reference !== null && 'reference', criteria.identifier?.kind].filter(Boolean),
    resultCount: results.length,
    resultIds: results.map((r) => r.id),
  };
}

function searchQuery(actor: Actor, criteria: SearchCriteria, limit: number): ((tx: Db) => Promise<SearchResult[]>) | null {
  const matches: SQL[] = [];
  // A bare 0 would be read by ORDER BY as a column position; typed, it is a score of nothing.
  const score: SQL[] = [sql`0::float8`];
  for (const name of criteria.names) {
    // Short fragments have too few trigrams to compare, so they match as substrings instead.
    const spelling = name.length < 4 ? sql`${youngPeople.searchText} like ${`%${name}%`}` : sql`${name} <% ${youngPeople.searchText}`;
    matches.push(
      sql`(${spelling}
        or dmetaphone(coalesce(${youngPeople.familyName}, '')) = dmetaphone(${name})
        or dmetaphone(coalesce(${youngPeople.givenName}, '')) = dmetaphone(${name}))`,
    );
    score.push(sql`word_similarity(${name}, ${youngPeople.searchText})`);
  }
  if (criteria.dateOfBirth) {
    const swapped = swappedDayMonth(criteria.dateOfBirth);
    const dobMatch = or(eq(youngPeople.dateOfBirth, criteria.dateOfBirth), swapped ? eq(youngPeople.dateOfBirth, swapped) : undefined)!;
    if (criteria.names.length) score.push(sql`case when ${dobMatch} then 1 else 0 end`);
    else matches.push(dobMatch);
  }
  if (criteria.reference !== null) matches.push(eq(youngPeople.number, criteria.reference));
  if (criteria.identifier) {
    matches.push(
      sql`exists (select 1 from ${youngPersonIdentifiers} i where i.young_person_id = ${youngPeople.id} and i.kind = ${criteria.identifier.kind} and i.value = ${criteria.identifier.value})`,
    );
  }
  if (!matches.length) return null;
  const scoreSql = sql.join(score, sql` + `);
  return async (tx) => {
    // A looser threshold than the default 0.6 finds "Kayley" for "Kayleigh"; set for this transaction only.
    await tx.execute(sql`select set_config('pg_trgm.word_similarity_threshold', '0.5', true)`);
    return tx
      .select({
        id: youngPeople.id,
        number: youngPeople.number,
        givenName: youngPeople.givenName,
        familyName: youngPeople.familyName,
        aliases: youngPeople.aliases,
        dateOfBirth: youngPeople.dateOfBirth,
        estimatedAge: youngPeople.estimatedAge,
        postcode: youngPeople.postcode,
        riskLevel: youngPeople.riskLevel,
        closedOn: youngPeople.closedOn,
        score: sql<number>`(${scoreSql})::float8`,
      })
      .from(youngPeople)
      .where(and(visibleYoungPeople(actor), ...matches))
      .orderBy(desc(sql`(${scoreSql})`), desc(youngPeople.updatedAt))
      .limit(limit);
  };
}

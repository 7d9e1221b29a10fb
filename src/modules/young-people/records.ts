import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { rows } from '../../platform/db/database.ts';
import type { Actor } from '../../platform/audit/audit.ts';
import { isUuid } from '../../platform/ids.ts';
import { agencies, users } from '../organisation/tables.ts';
import { concerns } from '../concerns/tables.ts';
import { missingEpisodes } from '../missing/tables.ts';
import { accessPathColumns, visibleYoungPeople, type AccessPath } from './policy.ts';
import { teamMembers, youngPeople, youngPersonIdentifiers } from './tables.ts';
import { isLookedAfter } from './monitoring.ts';

export type YoungPersonRow = typeof youngPeople.$inferSelect;

export function referenceFor(number: number): string {
  return `YP-${number}`;
}

export function displayName(yp: Pick<YoungPersonRow, 'givenName' | 'familyName' | 'aliases' | 'number'>): string {
  const name = [yp.givenName, yp.familyName].filter(Boolean).join(' ');
  if (name) return name;
  if (yp.aliases.length) return `Known as ‘${yp.aliases[0]}’`;
  return `Not yet identified (${referenceFor(yp.number)})`;
}

/** One young person, only if `actor` may see them: the policy is in the WHERE clause, so a forbidden id reads as missing. */
export async function findVisibleYoungPerson(db: Db, actor: Actor, id: string): Promise<YoungPersonRow | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.select().from(youngPeople).where(and(eq(youngPeople.id, id), visibleYoungPeople(actor)));
  return row ?? null;
}

/**
 * The live record a merged record now belongs to (following later merges too), within one area;
 * null when `id` is not a merged record there. Callers still check the survivor's visibility.
 */
export async function survivingRecordId(db: Db, areaId: string, id: string): Promise<string | null> {
  if (!isUuid(id)) return null;
  let current = id;
  for (let hop = 0; hop < 20; hop++) {
    const [row] = await db.select({ mergedIntoId: youngPeople.mergedIntoId }).from(youngPeople).where(and(eq(youngPeople.id, current), eq(youngPeople.areaId, areaId)));
    if (!row) return null;
    if (!row.mergedIntoId) return hop === 0 ? null : current;
    current = row.mergedIntoId;
  }
  return null;
}

/** Which need-to-know paths give `actor` access to this young person (for "why can I see this" and the tests). */
export async function accessPaths(db: Db, actor: Actor, youngPersonId: string): Promise<AccessPath[]> {
  const [row] = await rows<Record<AccessPath, boolean>>(db, sql`select ${accessPathColumns(actor, youngPersonId)}`);
  return row ? (Object.entries(row).filter(([, v]) => v).map(([k]) => k) as AccessPath[]) : [];
}

export async function identifiersOf(db: Db, youngPersonId: string) {
  return db.select().from(youngPersonIdentifiers).where(eq(youngPersonIdentifiers.youngPersonId, youngPersonId)).orderBy(asc(youngPersonIdentifiers.kind));
}

export async function teamOf(db: Db, youngPersonId: string) {
  return db
    .select({
      id: teamMembers.id,
      agencyId: teamMembers.agencyId,
      agencyName: agencies.name,
      agencyKind: agencies.kind,
      userId: teamMembers.userId,
      userName: users.name,
      userJobTitle: users.jobTitle,
      roleInTeam: teamMembers.roleInTeam,
      isLeadProfessional: teamMembers.isLeadProfessional,
      addedAt: teamMembers.addedAt,
    })
    .from(teamMembers)
    .innerJoin(agencies, eq(agencies.id, teamMembers.agencyId))
    .leftJoin(users, eq(users.id, teamMembers.userId))
    .where(and(eq(teamMembers.youngPersonId, youngPersonId), isNull(teamMembers.removedAt)))
    .orderBy(desc(teamMembers.isLeadProfessional), asc(agencies.name));
}

/** Facts for the flags on the record's summary. Later modules (missing, panels) add theirs. */
export async function summaryFlags(db: Db, yp: YoungPersonRow) {
  const [urgent] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from ${concerns} where ${concerns.youngPersonId} = ${yp.id} and ${concerns.urgent} and ${concerns.status} = 'new'`,
  );
  const [missing] = await rows<{ open: number; last90: number }>(
    db,
    sql`select count(*) filter (where ${missingEpisodes.status} = 'open')::int as open,
               count(*) filter (where ${missingEpisodes.lastSeenAt} >= now() - interval '90 days' and ${missingEpisodes.lastSeenAt} <= now())::int as last90
        from ${missingEpisodes} where ${missingEpisodes.youngPersonId} = ${yp.id}`,
  );
  return {
    lookedAfter: isLookedAfter(yp.livingArrangement, yp.lookedAfter),
    urgentConcerns: urgent?.n ?? 0,
    missingNow: (missing?.open ?? 0) > 0,
    missingLast90: missing?.last90 ?? 0,
  };
}

export const YOUNG_PEOPLE_PAGE_SIZE = 25;

/** The young people `actor` can see, most recently changed first. */
export async function listVisibleYoungPeople(db: Db, actor: Actor, page: number) {
  const list = await db
    .select()
    .from(youngPeople)
    .where(visibleYoungPeople(actor))
    .orderBy(desc(youngPeople.updatedAt))
    .limit(YOUNG_PEOPLE_PAGE_SIZE + 1)
    .offset((page - 1) * YOUNG_PEOPLE_PAGE_SIZE);
  return { people: list.slice(0, YOUNG_PEOPLE_PAGE_SIZE), hasNext: list.length > YOUNG_PEOPLE_PAGE_SIZE };
}

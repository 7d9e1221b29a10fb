/**
 * Alerts across areas of one Lantern: a young person named in a recent concern in one area who may
 * be a young person with an open record in another (the linkage engine, at the other area's review
 * threshold). Both coordinators are told that a match exists and which of their own records it is
 * about; nothing of the other area's record is shown until a transfer is started and accepted.
 */
import { and, desc, eq, gte, isNotNull, isNull, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import type { Actor } from '../../platform/audit/audit.ts';
import type { ScheduledJob } from '../../platform/modules.ts';
import { areas } from '../organisation/tables.ts';
import { concerns } from '../concerns/tables.ts';
import { youngPeople, youngPersonIdentifiers } from '../young-people/tables.ts';
import { findMatches, fromDetails } from '../linkage/index.ts';
import { personDetailsWith, referenceFor } from '../young-people/index.ts';
import { crossAreaMatches } from './tables.ts';

/** Concerns raised within this many days are checked (each run looks back this far; pairs are kept once). */
export const LOOK_BACK_DAYS = 7;

/** Finds and keeps new matches; returns how many were new. One query per recent young person and other area. */
export async function findCrossAreaMatches(db: Db, now: Date): Promise<number> {
  const allAreas = await db.select({ id: areas.id }).from(areas);
  if (allAreas.length < 2) return 0;
  const since = new Date(now.getTime() - LOOK_BACK_DAYS * 86_400_000);
  const recent = await db
    .selectDistinct({ id: youngPeople.id, areaId: youngPeople.areaId, givenName: youngPeople.givenName, familyName: youngPeople.familyName, aliases: youngPeople.aliases, dateOfBirth: youngPeople.dateOfBirth, estimatedAge: youngPeople.estimatedAge, gender: youngPeople.gender, postcode: youngPeople.postcode })
    .from(concerns)
    .innerJoin(youngPeople, eq(youngPeople.id, concerns.youngPersonId))
    .where(and(gte(concerns.submittedAt, since), isNotNull(concerns.youngPersonId), isNull(youngPeople.mergedIntoId)));
  let added = 0;
  for (const person of recent) {
    const ids = await db.select({ kind: youngPersonIdentifiers.kind, value: youngPersonIdentifiers.value }).from(youngPersonIdentifiers).where(eq(youngPersonIdentifiers.youngPersonId, person.id));
    const identifier = (kind: string) => ids.find((i) => i.kind === kind)?.value ?? null;
    const details = personDetailsWith({ ...person, nhsNumber: identifier('nhs_number'), upn: identifier('upn'), localAuthorityId: identifier('local_authority_id') });
    for (const area of allAreas) {
      if (area.id === person.areaId) continue;
      const { matches, thresholds } = await findMatches(db, area.id, fromDetails(person.id, details), { limit: 3, explain: false, referenceDate: now });
      const review = thresholds.review;
      for (const match of matches) {
        if (match.matchProbability < review) continue;
        const [open] = await db.select({ id: youngPeople.id }).from(youngPeople).where(and(eq(youngPeople.id, match.person.id), isNotNull(youngPeople.openedOn), isNull(youngPeople.closedOn)));
        if (!open) continue;
        const inserted = await db
          .insert(crossAreaMatches)
          .values({ openAreaId: area.id, openYoungPersonId: open.id, concernAreaId: person.areaId, concernYoungPersonId: person.id, foundAt: now })
          .onConflictDoNothing()
          .returning({ id: crossAreaMatches.id });
        added += inserted.length;
      }
    }
  }
  return added;
}

export const crossAreaJob: ScheduledJob = {
  name: 'cross-area-matches',
  everySeconds: 15 * 60,
  async run({ db, now, log }) {
    const added = await findCrossAreaMatches(db, now);
    if (added) log.info({ added }, 'possible matches across areas found');
  },
};

/** The area's notices: its own record's reference and the other area's name, nothing more. */
export async function crossAreaNotices(db: Db, user: Actor) {
  const found = await db
    .select({ m: crossAreaMatches, openNumber: sql<number>`(select number from young_people y where y.id = ${crossAreaMatches.openYoungPersonId})`, concernNumber: sql<number>`(select number from young_people y where y.id = ${crossAreaMatches.concernYoungPersonId})`, openArea: sql<string>`(select name from areas a where a.id = ${crossAreaMatches.openAreaId})`, concernArea: sql<string>`(select name from areas a where a.id = ${crossAreaMatches.concernAreaId})` })
    .from(crossAreaMatches)
    .where(or(eq(crossAreaMatches.openAreaId, user.areaId), eq(crossAreaMatches.concernAreaId, user.areaId)))
    .orderBy(desc(crossAreaMatches.foundAt))
    .limit(200);
  return found.map(({ m, openNumber, concernNumber, openArea, concernArea }) => {
    const ours = m.openAreaId === user.areaId;
    return {
      id: m.id,
      foundAt: m.foundAt,
      youngPersonId: ours ? m.openYoungPersonId : m.concernYoungPersonId,
      reference: referenceFor(ours ? openNumber : concernNumber),
      otherArea: ours ? concernArea : openArea,
      text: ours ? `may be the young person named in a recent concern in ${concernArea}` : `may be a young person with an open record in ${openArea}`,
    };
  });
}

export async function crossAreaCount(db: Db, areaId: string): Promise<{ count: number; oldest: Date | null }> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int`, oldest: sql<Date | null>`min(${crossAreaMatches.foundAt})` })
    .from(crossAreaMatches)
    .where(and(or(eq(crossAreaMatches.openAreaId, areaId), eq(crossAreaMatches.concernAreaId, areaId)), ne(crossAreaMatches.openAreaId, crossAreaMatches.concernAreaId)));
  return { count: row?.count ?? 0, oldest: row?.oldest ? new Date(row.oldest) : null };
}

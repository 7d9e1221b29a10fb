/**
 * Adults and places of concern known to another area: the area's name and how to reach whoever
 * there holds what they know. Recorded by those who keep intelligence; shared with a transfer's
 * sanitised intelligence (snapshot.ts).
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { auditedCommand, type RequestContext } from '../../platform/audit/audit.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { fail, succeed, type Outcome } from '../../platform/outcome.ts';
import type { FieldErrors } from '../../platform/http/forms.ts';
import { findVisibleAdult, findVisiblePlace, recordsIntelligence } from '../intelligence/index.ts';
import { knownElsewhere } from './tables.ts';
import { auditRefusal } from './service.ts';

export type SubjectKind = 'adult' | 'place';

export async function findSubject(db: Db, user: SignedInUser, kind: string, id: string) {
  if (kind === 'adult') {
    const adult = await findVisibleAdult(db, user, id);
    return adult ? { kind: 'adult' as const, id: adult.id, name: adult.name, reference: `A-${adult.number}`, path: `/intelligence/adults/${adult.id}` } : null;
  }
  if (kind === 'place') {
    const place = await findVisiblePlace(db, user, id);
    return place ? { kind: 'place' as const, id: place.id, name: place.name, reference: `P-${place.number}`, path: `/intelligence/places/${place.id}` } : null;
  }
  return null;
}

export async function flagsOf(db: Db, kind: SubjectKind, id: string) {
  return db
    .select({ id: knownElsewhere.id, otherAreaName: knownElsewhere.otherAreaName, contactRoute: knownElsewhere.contactRoute, addedAt: knownElsewhere.addedAt })
    .from(knownElsewhere)
    .where(kind === 'adult' ? eq(knownElsewhere.adultId, id) : eq(knownElsewhere.placeId, id))
    .orderBy(asc(knownElsewhere.addedAt));
}

export async function addKnownElsewhere(db: Db, ctx: RequestContext, user: SignedInUser, kind: string, id: string, input: { otherAreaName: string; contactRoute: string }): Promise<Outcome<{ id: string }>> {
  const subject = await findSubject(db, user, kind, id);
  if (!subject) return fail('not_found');
  if (!recordsIntelligence(user)) return fail('forbidden');
  const errors: FieldErrors = {};
  const area = input.otherAreaName.trim();
  const route = input.contactRoute.trim();
  if (!area) errors.otherAreaName = 'Enter the name of the area that knows them';
  else if (area.length > 200) errors.otherAreaName = 'The area’s name must be 200 characters or fewer';
  if (!route) errors.contactRoute = 'Say how to reach whoever in that area holds what they know';
  else if (route.length > 500) errors.contactRoute = 'The contact route must be 500 characters or fewer';
  if (!errors.otherAreaName) {
    const [already] = await db.select({ id: knownElsewhere.id }).from(knownElsewhere).where(and(subject.kind === 'adult' ? eq(knownElsewhere.adultId, subject.id) : eq(knownElsewhere.placeId, subject.id), eq(knownElsewhere.otherAreaName, area)));
    if (already) errors.otherAreaName = `This is already recorded as known to ${area}`;
  }
  if (Object.keys(errors).length) {
    await auditRefusal(db, ctx, 'create', { knownElsewhere: subject.kind, subjectId: subject.id, fields: Object.keys(errors) });
    return fail('invalid', errors);
  }
  const row = await auditedCommand(
    db,
    ctx,
    (r: { id: string }) => ({ action: 'create', recordKind: 'known_elsewhere', recordId: r.id, details: { [subject.kind === 'adult' ? 'adultId' : 'placeId']: subject.id } }),
    async (tx) => {
      const [created] = await tx
        .insert(knownElsewhere)
        .values({ areaId: user.areaId, adultId: subject.kind === 'adult' ? subject.id : null, placeId: subject.kind === 'place' ? subject.id : null, otherAreaName: area, contactRoute: route, addedByUserId: user.userId })
        .returning({ id: knownElsewhere.id });
      return created!;
    },
  );
  return succeed(row);
}

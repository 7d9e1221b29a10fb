import { fail, succeed, type Outcome, type Saved } from '../../platform/outcome.ts';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { isUniqueViolation } from '../../platform/db/database.ts';
import { auditedCommand, type RequestContext } from '../../platform/audit/audit.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { identifierMatchKey } from '../identifiers/index.ts';
import { findVisibleYoungPerson, concernGrantsRecordAccess } from '../young-people/index.ts';
import { possibleMatchInArea } from '../linkage/index.ts';
import type { PersonDetails } from '../young-people/index.ts';
import { addConcernToChronology } from './chronology.ts';
import { concernMentionRows } from './mention-rows.ts';
import type { ConcernInput, MentionKind } from './concern-input.ts';
import { concernDrafts, concernMentions, concerns, type ConcernSubject } from './tables.ts';

export interface SubmitOptions {
  source: 'web' | 'api';
  /** The draft the pages built; a second submit of the same draft returns the first concern. */
  draftId?: string;
  /** The sending system's reference; a resend returns the first concern. */
  externalReference?: string;
}

/** A concern that was recorded: its id, its C-number and whether it said a child is in immediate danger. */
export interface SubmittedConcern {
  id: string;
  number: number;
  urgent: boolean;
}

/** The key by which the same vehicle, phone or account is recognised wherever it is mentioned. */
export function mentionMatchKey(kind: MentionKind, value: string): string | null {
  if (kind === 'vehicle' || kind === 'phone' || kind === 'online_account') return identifierMatchKey(kind, value);
  return null;
}

function subjectRecord(input: ConcernInput): ConcernSubject {
  const s = input.subject;
  if (s.kind === 'known') return {};
  if (s.kind === 'unidentified') return { description: s.description, estimatedAge: s.estimatedAge ?? undefined, gender: s.gender };
  const d = s.details;
  return {
    givenName: d.givenName ?? undefined,
    familyName: d.familyName ?? undefined,
    aliases: d.aliases,
    dateOfBirth: d.dateOfBirth ?? undefined,
    estimatedAge: d.estimatedAge ?? undefined,
    gender: d.gender,
    ethnicity: d.ethnicity,
    address: d.address ?? undefined,
    postcode: d.postcode ?? undefined,
    school: d.school ?? undefined,
    nhsNumber: d.nhsNumber ?? undefined,
    upn: d.upn ?? undefined,
  };
}

/**
 * Whether the area already holds someone who looks like this new young person, by the
 * cross-referencing engine (the area's model, indexed key look-ups). Only triage is told: the
 * sender may have no reason to see that record, so even "a record may exist" would tell them
 * something about a child they cannot see.
 */
export async function possibleMatchExists(db: Db, areaId: string, d: PersonDetails): Promise<boolean> {
  return possibleMatchInArea(db, areaId, d);
}

async function existingConcern(db: Db, where: ReturnType<typeof and>) {
  const [row] = await db.select({ id: concerns.id, number: concerns.number, urgent: concerns.urgent }).from(concerns).where(where);
  return row ?? null;
}

/** Records a concern: from the pages at the end of the journey, or from another agency's system through the API. */
export async function submitConcern(db: Db, ctx: RequestContext, user: SignedInUser, input: ConcernInput, options: SubmitOptions): Promise<Outcome<Saved<SubmittedConcern>, 'invalid'>> {
  const idempotency = options.externalReference
    ? and(eq(concerns.raisedByAgencyId, user.agencyId), eq(concerns.externalReference, options.externalReference))
    : options.draftId
      ? and(eq(concerns.raisedByUserId, user.userId), eq(concerns.submissionKey, options.draftId))
      : undefined;
  if (idempotency) {
    const earlier = await existingConcern(db, idempotency);
    if (earlier) return succeed({ ...earlier, created: false });
  }
  if (input.subject.kind === 'known' && !(await findVisibleYoungPerson(db, user, input.subject.youngPersonId))) {
    return fail('invalid', { youngPersonId: 'Select a young person from those you can see. If they are not there, choose “a young person not on Lantern yet”' });
  }
  const possibleMatch = input.subject.kind === 'new' ? await possibleMatchExists(db, user.areaId, input.subject.details) : false;
  const grantsRecordAccess = input.subject.kind === 'known' ? await concernGrantsRecordAccess(db, user, input.subject.youngPersonId) : true;
  try {
    const created = await auditedCommand(
      db,
      ctx,
      (c: { id: string }) => ({ action: 'create', recordKind: 'concern', recordId: c.id, details: { source: options.source, subjectKind: input.subject.kind, urgent: input.immediateDanger } }),
      async (tx) => {
        const [row] = await tx
          .insert(concerns)
          .values({
            areaId: user.areaId,
            raisedByUserId: user.userId,
            raisedByAgencyId: user.agencyId,
            subjectKind: input.subject.kind,
            subject: subjectRecord(input),
            youngPersonId: input.subject.kind === 'known' ? input.subject.youngPersonId : null,
            possibleMatch,
            grantsRecordAccess,
            immediateDanger: input.immediateDanger,
            urgent: input.immediateDanger,
            indicators: input.indicators,
            details: input.details,
            occurredOn: input.occurredOn,
            whenText: input.whenText,
            whereText: input.whereText,
            howLearned: input.howLearned,
            youngPersonAware: input.youngPersonAware,
            lawfulBasis: input.lawfulBasis,
            source: options.source,
            externalReference: options.externalReference ?? null,
            submissionKey: options.draftId ?? null,
          })
          .returning({ id: concerns.id, number: concerns.number });
        const mentions = concernMentionRows(input.mentions, input);
        if (mentions.length) {
          await tx.insert(concernMentions).values(mentions.map((m) => ({ concernId: row!.id, areaId: user.areaId, ...m })));
        }
        if (input.subject.kind === 'known') await addConcernToChronology(tx, row!.id);
        if (options.draftId) await tx.delete(concernDrafts).where(and(eq(concernDrafts.id, options.draftId), eq(concernDrafts.userId, user.userId)));
        return row!;
      },
    );
    return succeed({ id: created.id, number: created.number, urgent: input.immediateDanger, created: true });
  } catch (error) {
    // Two identical submissions racing: the unique index let one through; answer with that one.
    if (isUniqueViolation(error) && idempotency) {
      const earlier = await existingConcern(db, idempotency);
      if (earlier) return succeed({ ...earlier, created: false });
    }
    throw error;
  }
}

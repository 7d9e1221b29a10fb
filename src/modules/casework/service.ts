/**
 * The casework commands. Each is one transaction with its audit row (and, where the event belongs
 * in the young person's story, its chronology entry); each refuses with field messages and
 * changes nothing when the input breaks a rule that needs the database.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { auditedCommand, type RequestContext } from '../../platform/audit/audit.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { rows, type Db } from '../../platform/db/database.ts';
import { fail, succeed, type Outcome } from '../../platform/outcome.ts';
import { formatDate } from '../../platform/views/filters.ts';
import { findVisibleAdult } from '../intelligence/index.ts';
import { addChronologyEntry, displayName, findVisibleYoungPerson } from '../young-people/index.ts';
import { youngPeople } from '../young-people/tables.ts';
import type { AdultChildInput, CaseNoteInput, NetworkMemberInput, ViewsInput } from './input.ts';
import { adultChildren, caseNotes, networkMembers, viewsAndWishes } from './tables.ts';
import { CHILD_RELATIONSHIPS, CONTACT_TYPES, label, RELATIONSHIPS } from './vocab.ts';

/** Noon in the UK on a calendar date, so a dated event sorts on its own day in the chronology. */
const onDay = (isoDate: string) => new Date(`${isoDate}T12:00:00Z`);

export async function addCaseNote(db: Db, ctx: RequestContext, user: SignedInUser, youngPersonId: string, input: CaseNoteInput): Promise<Outcome<{ id: string }>> {
  const id = await auditedCommand(
    db,
    ctx,
    (noteId: string) => ({ action: 'create', recordKind: 'case_note', recordId: noteId, details: { youngPersonId, visibility: input.visibility, contactType: input.contactType } }),
    async (tx) => {
      const [note] = await tx
        .insert(caseNotes)
        .values({ youngPersonId, contactOn: input.contactOn, contactType: input.contactType, text: input.text, visibility: input.visibility, agencyId: user.agencyId, writtenByUserId: user.userId })
        .returning({ id: caseNotes.id });
      await addChronologyEntry(tx, {
        youngPersonId,
        occurredAt: onDay(input.contactOn),
        kind: 'case_note',
        agencyId: user.agencyId,
        sourceKind: 'case_note',
        sourceId: note!.id,
        summary: `${label(CONTACT_TYPES, input.contactType)} noted by ${user.name}${input.visibility === 'agency' ? ` (${user.agencyName} only)` : ''}: ${excerpt(input.text)}`,
        onlyForAgencyId: input.visibility === 'agency' ? user.agencyId : null,
      });
      return note!.id;
    },
  );
  return succeed({ id });
}

function excerpt(text: string, length = 160): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

/** The links a network member's input names, checked against what the person may see. */
async function networkLinks(db: Db, user: SignedInUser, youngPersonId: string, input: NetworkMemberInput): Promise<Outcome<{ linkedYoungPersonId: string | null; adultOfConcernId: string | null }, 'invalid'>> {
  let linkedYoungPersonId: string | null = null;
  if (input.linkedYoungPersonReference !== null) {
    const [found] = await db.select({ id: youngPeople.id }).from(youngPeople).where(and(eq(youngPeople.areaId, user.areaId), eq(youngPeople.number, input.linkedYoungPersonReference), isNull(youngPeople.mergedIntoId)));
    // A record the person may not see is answered as one that does not exist.
    const visible = found ? await findVisibleYoungPerson(db, user, found.id) : null;
    if (!visible) return fail('invalid', { linkedYoungPersonReference: 'There is no young person with that reference whose record you can see' });
    if (visible.id === youngPersonId) return fail('invalid', { linkedYoungPersonReference: 'A young person cannot be in their own network: enter someone else’s reference' });
    linkedYoungPersonId = visible.id;
  }
  let adultOfConcernId: string | null = null;
  if (input.adultOfConcernId) {
    const adult = await findVisibleAdult(db, user, input.adultOfConcernId);
    if (!adult) return fail('invalid', { adultOfConcernId: 'Select an adult of concern from the list, or none' });
    adultOfConcernId = adult.id;
  }
  return succeed({ linkedYoungPersonId, adultOfConcernId });
}

const memberColumns = (input: NetworkMemberInput) => ({
  name: input.name,
  relationship: input.relationship,
  contactDetails: input.contactDetails,
  parentalResponsibility: input.parentalResponsibility,
  livesWithYoungPerson: input.livesWithYoungPerson,
  note: input.note,
});

export async function addNetworkMember(db: Db, ctx: RequestContext, user: SignedInUser, youngPersonId: string, input: NetworkMemberInput): Promise<Outcome<{ id: string }, 'invalid'>> {
  const links = await networkLinks(db, user, youngPersonId, input);
  if (!links.ok) return links;
  const id = await auditedCommand(
    db,
    ctx,
    (memberId: string) => ({ action: 'create', recordKind: 'network_member', recordId: memberId, details: { youngPersonId, relationship: input.relationship } }),
    async (tx) => {
      const [member] = await tx.insert(networkMembers).values({ youngPersonId, ...memberColumns(input), ...links.value, addedByUserId: user.userId }).returning({ id: networkMembers.id });
      await addChronologyEntry(tx, { youngPersonId, occurredAt: new Date(), kind: 'network', agencyId: user.agencyId, sourceKind: 'network_member', sourceId: member!.id, summary: `${user.name} added ${input.name} (${label(RELATIONSHIPS, input.relationship).toLowerCase()}) to the family and network` });
      return member!.id;
    },
  );
  return succeed({ id });
}

export async function updateNetworkMember(db: Db, ctx: RequestContext, user: SignedInUser, youngPersonId: string, memberId: string, input: NetworkMemberInput): Promise<Outcome<undefined, 'invalid' | 'not_found'>> {
  const links = await networkLinks(db, user, youngPersonId, input);
  if (!links.ok) return links;
  const changed = await auditedCommand(db, ctx, { action: 'update', recordKind: 'network_member', recordId: memberId, details: { youngPersonId } }, async (tx) => {
    const [row] = await tx
      .update(networkMembers)
      .set({ ...memberColumns(input), ...links.value, updatedAt: new Date() })
      .where(and(eq(networkMembers.id, memberId), eq(networkMembers.youngPersonId, youngPersonId), isNull(networkMembers.removedAt)))
      .returning({ id: networkMembers.id });
    if (!row) throw new NothingToChange();
    await addChronologyEntry(tx, { youngPersonId, occurredAt: new Date(), kind: 'network', agencyId: user.agencyId, sourceKind: 'network_member', sourceId: memberId, summary: `${user.name} changed what is recorded about ${input.name} in the family and network` });
    return true;
  }).catch(nothingChanged);
  return changed ? succeed() : fail('not_found');
}

export async function removeNetworkMember(db: Db, ctx: RequestContext, user: SignedInUser, youngPersonId: string, memberId: string): Promise<boolean> {
  return auditedCommand(db, ctx, { action: 'delete', recordKind: 'network_member', recordId: memberId, details: { youngPersonId } }, async (tx) => {
    const [row] = await tx
      .update(networkMembers)
      .set({ removedAt: new Date(), removedByUserId: user.userId })
      .where(and(eq(networkMembers.id, memberId), eq(networkMembers.youngPersonId, youngPersonId), isNull(networkMembers.removedAt)))
      .returning({ name: networkMembers.name });
    if (!row) throw new NothingToChange();
    await addChronologyEntry(tx, { youngPersonId, occurredAt: new Date(), kind: 'network', agencyId: user.agencyId, sourceKind: 'network_member', sourceId: memberId, summary: `${user.name} removed ${row.name} from the family and network` });
    return true;
  }).catch(nothingChanged);
}

/** Thrown inside a command to roll it back, audit row and all, when the record it changes is not there. */
class NothingToChange extends Error {}
function nothingChanged(error: unknown): false {
  if (error instanceof NothingToChange) return false;
  throw error;
}

export async function recordViews(db: Db, ctx: RequestContext, user: SignedInUser, youngPersonId: string, input: ViewsInput): Promise<Outcome<{ id: string }>> {
  const id = await auditedCommand(
    db,
    ctx,
    (entryId: string) => ({ action: 'create', recordKind: 'views_and_wishes', recordId: entryId, details: { youngPersonId } }),
    async (tx) => {
      const [entry] = await tx.insert(viewsAndWishes).values({ youngPersonId, recordedOn: input.recordedOn, views: input.views, agencyId: user.agencyId, recordedByUserId: user.userId }).returning({ id: viewsAndWishes.id });
      await addChronologyEntry(tx, { youngPersonId, occurredAt: onDay(input.recordedOn), kind: 'views', agencyId: user.agencyId, sourceKind: 'views_and_wishes', sourceId: entry!.id, summary: `Their views and wishes, as told on ${formatDate(input.recordedOn)}, recorded by ${user.name}` });
      return entry!.id;
    },
  );
  return succeed({ id });
}

export async function linkAdultChild(db: Db, ctx: RequestContext, user: SignedInUser, adultId: string, input: AdultChildInput): Promise<Outcome<{ id: string }, 'invalid'>> {
  let child: Awaited<ReturnType<typeof findVisibleYoungPerson>> = null;
  if (input.youngPersonId) {
    child = await findVisibleYoungPerson(db, user, input.youngPersonId);
    if (!child) return fail('invalid', { youngPersonId: 'Select a young person from the list' });
    const [already] = await rows<{ id: string }>(db, sql`select id from adult_children where adult_id = ${adultId} and young_person_id = ${child.id} and removed_at is null`);
    if (already) return fail('invalid', { youngPersonId: `${displayName(child)} is already recorded as this adult’s child` });
  }
  const id = await auditedCommand(
    db,
    ctx,
    (linkId: string) => ({ action: 'create', recordKind: 'adult_child', recordId: linkId, details: { adultId, youngPersonId: child?.id ?? null, relationship: input.relationship } }),
    async (tx) => {
      const [link] = await tx
        .insert(adultChildren)
        .values({ adultId, youngPersonId: child?.id ?? null, description: child ? null : input.description, relationship: input.relationship, note: input.note, recordedByUserId: user.userId })
        .returning({ id: adultChildren.id });
      if (child) {
        // The adult is not named in the chronology: partners who may not see the adult read it too.
        await addChronologyEntry(tx, { youngPersonId: child.id, occurredAt: new Date(), kind: 'network', agencyId: user.agencyId, sourceKind: 'adult_child', sourceId: link!.id, summary: `${user.name} recorded that an adult of concern is ${label(CHILD_RELATIONSHIPS, input.relationship).toLowerCase()}` });
      }
      return link!.id;
    },
  );
  return succeed({ id });
}

export async function unlinkAdultChild(db: Db, ctx: RequestContext, adultId: string, linkId: string): Promise<boolean> {
  return auditedCommand(db, ctx, { action: 'delete', recordKind: 'adult_child', recordId: linkId, details: { adultId } }, async (tx) => {
    const [row] = await tx.update(adultChildren).set({ removedAt: new Date() }).where(and(eq(adultChildren.id, linkId), eq(adultChildren.adultId, adultId), isNull(adultChildren.removedAt))).returning({ id: adultChildren.id });
    if (!row) throw new NothingToChange();
    return true;
  }).catch(nothingChanged);
}

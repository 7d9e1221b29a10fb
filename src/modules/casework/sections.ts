/**
 * What the casework sections of a young person's record show, for one viewer. The record page has
 * already checked that the viewer may see the young person; each query applies the policy again.
 */
import type { Actor } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/database.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { adultReference } from '../intelligence/index.ts';
import { accessPaths, canManageRecord, displayName, referenceFor, type YoungPersonRow } from '../young-people/index.ts';
import { layoutGenogram } from './genogram.ts';
import { adultsAsParentsOf, caseNotesOf, networkOf, viewsOf, type CaseNoteRow, type NetworkMemberRow } from './queries.ts';
import { CHILD_RELATIONSHIPS, CONTACT_TYPES, label, NOTE_VISIBILITY, PARENTAL_RESPONSIBILITY, RELATIONSHIPS } from './vocab.ts';

export const RECENT_NOTES = 5;

export async function keepsRecord(db: Db, viewer: SignedInUser, youngPersonId: string): Promise<boolean> {
  return canManageRecord(viewer, await accessPaths(db, viewer, youngPersonId));
}

export function noteView(note: CaseNoteRow) {
  return {
    id: note.id,
    contactOn: note.contactOn,
    contactType: label(CONTACT_TYPES, note.contactType),
    text: note.text,
    agencyOnly: note.visibility === 'agency',
    visibility: note.visibility === 'agency' ? `${note.agencyName} only` : label(NOTE_VISIBILITY, note.visibility),
    writtenBy: `${note.writtenBy}, ${note.agencyName}`,
  };
}

export async function caseNotesSection(db: Db, viewer: Actor, record: YoungPersonRow) {
  const notes = await caseNotesOf(db, viewer, record.id, RECENT_NOTES + 1);
  return { youngPersonId: record.id, notes: notes.slice(0, RECENT_NOTES).map(noteView), more: notes.length > RECENT_NOTES };
}

export function memberView(member: NetworkMemberRow) {
  return {
    ...member,
    relationshipLabel: label(RELATIONSHIPS, member.relationship),
    parentalResponsibilityLabel: label(PARENTAL_RESPONSIBILITY, member.parentalResponsibility),
    linkedYoungPersonReference: member.linkedYoungPerson ? referenceFor(member.linkedYoungPerson.number) : null,
    adultReference: member.adultOfConcern ? adultReference(member.adultOfConcern.number) : null,
  };
}

export async function networkView(db: Db, viewer: Actor, record: YoungPersonRow) {
  const [members, parentsOfConcern] = await Promise.all([networkOf(db, viewer, record.id), adultsAsParentsOf(db, viewer, record.id)]);
  const name = displayName(record);
  return {
    youngPersonId: record.id,
    members: members.map(memberView),
    diagram: members.length
      ? layoutGenogram(
          name,
          members.map((m) => ({ id: m.id, name: m.name, relationship: m.relationship, livesWithYoungPerson: m.livesWithYoungPerson, parentalResponsibility: m.parentalResponsibility, adultOfConcern: m.adultOfConcern !== null })),
        )
      : null,
    // Adults of concern recorded (from their side) as this young person's parent or carer.
    adultsOfConcern: parentsOfConcern.map((c) => ({ id: c.adultId, reference: adultReference(c.adultNumber), name: c.adultName, relationship: label(CHILD_RELATIONSHIPS, c.relationship).replace(/^Their /, '') })),
  };
}

export async function networkSection(db: Db, viewer: SignedInUser, record: YoungPersonRow) {
  const [view, canKeep] = await Promise.all([networkView(db, viewer, record), keepsRecord(db, viewer, record.id)]);
  return { ...view, canKeep };
}

export async function viewsSection(db: Db, viewer: SignedInUser, record: YoungPersonRow) {
  const [entries, canKeep] = await Promise.all([viewsOf(db, record.id), keepsRecord(db, viewer, record.id)]);
  return { youngPersonId: record.id, current: entries[0] ?? null, earlier: entries.length - 1 > 0 ? entries.length - 1 : 0, canKeep };
}

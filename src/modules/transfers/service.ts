/**
 * Transfers within one Lantern: the sending coordinator starts one, the receiving area's
 * coordinator sees only that it waits, then accepts (choosing what to take, and whether the young
 * person is someone their area already holds) or declines. What a transfer writes in the receiving
 * area (a record, or an addition to one, and its chronology) is `receiveSnapshot`, which imported
 * packages use too.
 */
import { and, desc, eq, isNull, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { auditedCommand, auditRead, type Actor, type RequestContext } from '../../platform/audit/audit.ts';
import { fail, succeed, type Outcome } from '../../platform/outcome.ts';
import type { FieldErrors } from '../../platform/http/forms.ts';
import { now } from '../../platform/time.ts';
import { isUuid } from '../../platform/ids.ts';
import { areas } from '../organisation/tables.ts';
import { chronologyEntries, youngPeople } from '../young-people/tables.ts';
import { addChronologyEntry, findVisibleYoungPerson, insertYoungPerson, personDetailsWith, referenceFor } from '../young-people/index.ts';
import { bandFor, findMatches, fromDetails } from '../linkage/index.ts';
import { transfers } from './tables.ts';
import { buildSnapshot, takeSections } from './snapshot.ts';
import { TRANSFER_SECTIONS, type TransferSection, type TransferSnapshot } from './snapshot-types.ts';

export const transferReference = (number: number) => `TR-${number}`;

/** Why the young person is moving. */
export const TRANSFER_REASONS = {
  moved_home: 'The young person has moved to live in the other area',
  placed: 'The young person has been placed in care or accommodation in the other area',
  moved_by_others: 'The young person has been moved, or is being taken, to the other area by others',
  services: 'The young person’s support is moving to services in the other area',
  other: 'Another reason (say what in the note)',
} as const;

/** Why sharing is lawful: what the sending coordinator relies on. */
export const LAWFUL_BASES = {
  s47: 'Enquiries because a child may be suffering significant harm (Children Act 1989, section 47)',
  s17: 'Services for a child in need (Children Act 1989, section 17)',
  consent: 'The young person (or, where right, their parent) has agreed to the sharing',
  legal_obligation: 'A legal duty requires the sharing',
  public_task: 'The sharing is part of a public task the partnership carries out',
} as const;

export const SECTION_LABELS: Record<TransferSection, string> = {
  record: 'Who the young person is (name, date of birth, identifiers, current level)',
  chronology: 'The chronology',
  risk: 'The risk assessment history',
  missing: 'Missing episodes',
  intelligence: 'Linked adults and places, as sanitised intelligence',
};

export const OPTIONAL_SECTIONS = TRANSFER_SECTIONS.filter((s) => s !== 'record');

export function isSection(value: string): value is TransferSection {
  return (TRANSFER_SECTIONS as readonly string[]).includes(value);
}

export interface StartTransferInput {
  youngPersonId: string;
  /** The receiving area: its code or id. */
  toArea: string;
  reason: string;
  reasonNote: string;
  lawfulBasis: string;
}

/** The other areas of this Lantern and whether each has an active coordinator. */
export async function otherAreas(db: Db, areaId: string) {
  return db
    .select({
      id: areas.id,
      code: areas.code,
      name: areas.name,
      hasCoordinator: sql<boolean>`exists (select 1 from users u where u.area_id = areas.id and u.role = 'coordinator' and u.active)`,
    })
    .from(areas)
    .where(ne(areas.id, areaId))
    .orderBy(areas.name);
}

/** The common checks of a transfer's reason and lawful basis (also for packages). */
export function checkReasonAndBasis(input: { reason: string; reasonNote: string; lawfulBasis: string }, errors: FieldErrors): void {
  if (!Object.hasOwn(TRANSFER_REASONS, input.reason)) errors.reason = 'Choose why the young person is moving';
  else if (input.reason === 'other' && !input.reasonNote.trim()) errors.reasonNote = 'Say why the young person is moving';
  if (!Object.hasOwn(LAWFUL_BASES, input.lawfulBasis)) errors.lawfulBasis = 'Choose the lawful basis for sharing';
  if (input.reasonNote.length > 2000) errors.reasonNote = 'The note must be 2,000 characters or fewer';
}

/** A refused attempt leaves a row in the audit trail, with the fields that were wrong (never their values). */
export async function auditRefusal(db: Db, ctx: RequestContext, action: 'create' | 'update', details: Record<string, unknown>, recordId?: string): Promise<void> {
  await auditRead(db, ctx, { action, recordKind: 'transfer', recordId, outcome: 'failure', details });
}

export async function startTransfer(db: Db, ctx: RequestContext, user: Actor, input: StartTransferInput): Promise<Outcome<{ id: string; number: number }>> {
  const yp = await findVisibleYoungPerson(db, user, input.youngPersonId);
  if (!yp || yp.mergedIntoId) return fail('not_found');
  const errors: FieldErrors = {};
  const candidates = await otherAreas(db, user.areaId);
  const wanted = input.toArea.trim();
  const target = candidates.find((a) => a.id === wanted || a.code.toUpperCase() === wanted.toUpperCase());
  if (!wanted) errors.toArea = 'Choose the area the young person is moving to';
  else if (!target) errors.toArea = 'There is no other area with that name on this Lantern';
  else if (!target.hasCoordinator) errors.toArea = `${target.name} has no CSE coordinator on Lantern to receive the transfer: ask them to name one first`;
  checkReasonAndBasis(input, errors);
  if (!errors.toArea && target) {
    const [open] = await db.select({ id: transfers.id }).from(transfers).where(and(eq(transfers.youngPersonId, yp.id), eq(transfers.toAreaId, target.id), eq(transfers.status, 'waiting')));
    if (open) errors.toArea = `A transfer of this young person to ${target.name} is already waiting for a decision`;
  }
  if (Object.keys(errors).length) {
    await auditRefusal(db, ctx, 'create', { youngPersonId: yp.id, fields: Object.keys(errors) });
    return fail('invalid', errors);
  }
  const done = await auditedCommand(
    db,
    ctx,
    (r: { id: string }) => ({ action: 'create', recordKind: 'transfer', recordId: r.id, details: { youngPersonId: yp.id, toAreaId: target!.id, reason: input.reason, lawfulBasis: input.lawfulBasis } }),
    async (tx) => {
      const [row] = await tx
        .insert(transfers)
        .values({ direction: 'internal', fromAreaId: user.areaId, toAreaId: target!.id, youngPersonId: yp.id, reason: input.reason, reasonNote: input.reasonNote.trim() || null, lawfulBasis: input.lawfulBasis, status: 'waiting', sections: [...TRANSFER_SECTIONS], startedByUserId: user.userId, startedAt: now() })
        .returning({ id: transfers.id, number: transfers.number });
      await addChronologyEntry(tx, { youngPersonId: yp.id, occurredAt: now(), kind: 'transfer', agencyId: user.agencyId, sourceKind: 'transfer', sourceId: row!.id, summary: `Transfer ${transferReference(row!.number)} to ${target!.name} started` });
      return row!;
    },
  );
  return succeed(done);
}

/** Transfers the area sent or received; the policy: a coordinator sees their own area's only. */
function ofArea(areaId: string) {
  return or(eq(transfers.fromAreaId, areaId), eq(transfers.toAreaId, areaId));
}

export async function waitingCount(db: Db, areaId: string): Promise<{ count: number; oldest: Date | null }> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int`, oldest: sql<Date | null>`min(${transfers.startedAt})` })
    .from(transfers)
    .where(and(eq(transfers.toAreaId, areaId), eq(transfers.status, 'waiting')));
  return { count: row?.count ?? 0, oldest: row?.oldest ? new Date(row.oldest) : null };
}

export interface TransferListItem {
  id: string;
  reference: string;
  side: 'sent' | 'received';
  direction: string;
  status: string;
  otherArea: string;
  startedAt: Date;
  /** Only a record the viewer's own area holds. */
  youngPerson: { id: string; reference: string } | null;
}

export async function listTransfers(db: Db, user: Actor): Promise<TransferListItem[]> {
  const found = await db
    .select({ t: transfers, fromName: sql<string | null>`(select name from areas a where a.id = ${transfers.fromAreaId})`, toName: sql<string | null>`(select name from areas a where a.id = ${transfers.toAreaId})`, ypNumber: sql<number | null>`(select number from young_people y where y.id = ${transfers.youngPersonId} and y.area_id = ${user.areaId})`, receivedNumber: sql<number | null>`(select number from young_people y where y.id = ${transfers.receivedYoungPersonId} and y.area_id = ${user.areaId})` })
    .from(transfers)
    .where(ofArea(user.areaId))
    .orderBy(desc(transfers.startedAt))
    .limit(200);
  return found.map(({ t, fromName, toName, ypNumber, receivedNumber }) => {
    const side = t.fromAreaId === user.areaId ? 'sent' : 'received';
    const ypId = side === 'sent' ? t.youngPersonId : t.receivedYoungPersonId;
    const number = side === 'sent' ? ypNumber : receivedNumber;
    return {
      id: t.id,
      reference: transferReference(t.number),
      side,
      direction: t.direction,
      status: t.status,
      otherArea: (side === 'sent' ? (toName ?? t.counterpartName) : (fromName ?? t.counterpartName)) ?? 'Unknown area',
      startedAt: t.startedAt,
      youngPerson: ypId && number !== null ? { id: ypId, reference: referenceFor(number) } : null,
    };
  });
}

export type TransferRow = typeof transfers.$inferSelect;

export interface FoundTransfer {
  transfer: TransferRow;
  side: 'sent' | 'received';
  fromName: string;
  toName: string;
  /** The viewer's own area's record, when there is one. */
  youngPerson: { id: string; reference: string } | null;
  /** What was shared, for the sender always and for the receiver once accepted; null otherwise. */
  snapshot: TransferSnapshot | null;
}

export async function findTransfer(db: Db, user: Actor, id: string): Promise<FoundTransfer | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.select().from(transfers).where(and(eq(transfers.id, id), ofArea(user.areaId)));
  if (!row) return null;
  const side = row.fromAreaId === user.areaId ? 'sent' : 'received';
  const names = await db.select({ id: areas.id, name: areas.name }).from(areas).where(or(eq(areas.id, row.fromAreaId ?? user.areaId), eq(areas.id, row.toAreaId ?? user.areaId)));
  const nameOf = (areaId: string | null) => names.find((n) => n.id === areaId)?.name ?? row.counterpartName ?? 'Unknown area';
  const ypId = side === 'sent' ? row.youngPersonId : row.receivedYoungPersonId;
  const [yp] = ypId ? await db.select({ id: youngPeople.id, number: youngPeople.number }).from(youngPeople).where(and(eq(youngPeople.id, ypId), eq(youngPeople.areaId, user.areaId))) : [];
  const decided = row.status !== 'waiting' && row.status !== 'declined';
  return {
    transfer: row,
    side,
    fromName: nameOf(row.fromAreaId),
    toName: nameOf(row.toAreaId),
    youngPerson: yp ? { id: yp.id, reference: referenceFor(yp.number) } : null,
    snapshot: side === 'sent' || decided ? row.snapshot : null,
  };
}

export interface MatchCandidate {
  youngPersonId: string;
  reference: string;
  name: string;
  dateOfBirth: string | null;
  postcode: string | null;
  probability: number;
  band: 'likely' | 'possible';
}

/** Records the receiving area already holds that may be the young person (at or above its review threshold). */
export async function matchesInArea(db: Db, areaId: string, person: TransferSnapshot['person']): Promise<MatchCandidate[]> {
  const details = personDetailsWith({ givenName: person.givenName, familyName: person.familyName, aliases: person.aliases, dateOfBirth: person.dateOfBirth, estimatedAge: person.estimatedAge, gender: person.gender, postcode: person.postcode, nhsNumber: person.nhsNumber, upn: person.upn, localAuthorityId: person.localAuthorityId });
  const names = [person.givenName, person.familyName, ...person.aliases].filter((n): n is string => Boolean(n));
  const { matches, thresholds } = await findMatches(db, areaId, fromDetails('incoming', details), { limit: 5, explain: false, names });
  return matches
    .filter((m) => m.matchProbability >= thresholds.review)
    .map((m) => ({
      youngPersonId: m.person.id,
      reference: referenceFor(m.person.number ?? 0),
      name: [m.person.givenName, m.person.familyName].filter(Boolean).join(' ') || (m.person.aliases[0] ? `Known as ‘${m.person.aliases[0]}’` : referenceFor(m.person.number ?? 0)),
      dateOfBirth: m.person.dateOfBirth,
      postcode: m.person.postcode,
      probability: m.matchProbability,
      band: bandFor(m.matchProbability, thresholds) === 'likely' ? 'likely' : 'possible',
    }));
}

/** `attach:<id>` or `new`; anything else is no choice. */
export type MatchChoice = { kind: 'attach'; youngPersonId: string } | { kind: 'new' };

export function readMatchChoice(value: string | undefined): MatchChoice | null {
  if (value === 'new') return { kind: 'new' };
  if (value?.startsWith('attach:') && isUuid(value.slice(7))) return { kind: 'attach', youngPersonId: value.slice(7) };
  return null;
}

/**
 * Writes what was received into the receiving area, inside the caller's transaction: a new record
 * (or the one chosen), the chronology entries taken (dated as they happened, marked as coming from
 * another area) and an entry saying the record arrived. Returns the receiving record's id.
 */
export async function receiveSnapshot(tx: Db, areaId: string, userId: string | null, snapshot: TransferSnapshot, transferId: string, reference: string, match: MatchChoice): Promise<{ youngPersonId: string; matchDecision: 'attached' | 'created' }> {
  let youngPersonId: string;
  if (match.kind === 'attach') {
    const [held] = await tx.select({ id: youngPeople.id }).from(youngPeople).where(and(eq(youngPeople.id, match.youngPersonId), eq(youngPeople.areaId, areaId), isNull(youngPeople.mergedIntoId)));
    if (!held) throw new MatchGoneError();
    youngPersonId = held.id;
  } else {
    const p = snapshot.person;
    const created = await insertYoungPerson(tx, areaId, personDetailsWith({ givenName: p.givenName, familyName: p.familyName, aliases: p.aliases, dateOfBirth: p.dateOfBirth, estimatedAge: p.dateOfBirth ? null : p.estimatedAge, gender: p.gender, ethnicity: p.ethnicity, address: p.address, postcode: p.postcode, school: p.school, nhsNumber: p.nhsNumber, upn: p.upn, localAuthorityId: p.localAuthorityId }), userId);
    youngPersonId = created.id;
  }
  const copied = (snapshot.chronology ?? []).map((e) => ({ youngPersonId, occurredAt: new Date(e.occurredAt), kind: 'transfer', agencyId: null, sourceKind: 'transfer', sourceId: transferId, summary: `${e.summary} (recorded in ${snapshot.from.name})` }));
  for (let i = 0; i < copied.length; i += 500) await tx.insert(chronologyEntries).values(copied.slice(i, i + 500));
  await addChronologyEntry(tx, { youngPersonId, occurredAt: now(), kind: 'transfer', agencyId: null, sourceKind: 'transfer', sourceId: transferId, summary: `Record received from ${snapshot.from.name} (${reference}${match.kind === 'attach' ? ', added to the record already held' : ''})` });
  return { youngPersonId, matchDecision: match.kind === 'attach' ? 'attached' : 'created' };
}

/** The record chosen to attach to has gone (merged or never in this area) since it was offered. */
export class MatchGoneError extends Error {}

export interface DecisionInput {
  decision: string;
  sections: string[];
  match?: string;
  declineReason: string;
}

export type DecisionResult = { done: 'accepted' | 'declined'; youngPersonId: string | null } | { chooseMatch: MatchCandidate[]; person: TransferSnapshot['person']; from: string };

/**
 * The receiving coordinator's decision. Accepting without a match choice when the area already
 * holds someone who may be the young person answers `chooseMatch`: nothing is written until they
 * choose to attach to one of them or to create a new record.
 */
export async function decideTransfer(db: Db, ctx: RequestContext, user: Actor, id: string, input: DecisionInput): Promise<Outcome<DecisionResult>> {
  const found = await findTransfer(db, user, id);
  if (!found || found.side !== 'received' || found.transfer.direction !== 'internal') return fail('not_found');
  const t = found.transfer;
  const errors: FieldErrors = {};
  if (t.status !== 'waiting') errors.decision = 'This transfer has already been decided';
  else if (input.decision !== 'accept' && input.decision !== 'decline') errors.decision = 'Choose whether to accept or decline the transfer';
  const sections = input.sections.filter(isSection);
  if (input.decision === 'decline' && !input.declineReason.trim()) errors.declineReason = 'Say why you are declining, so the sending area knows what to do next';
  if (Object.keys(errors).length) {
    await auditRefusal(db, ctx, 'update', { fields: Object.keys(errors) }, t.id);
    return fail('invalid', errors);
  }
  if (input.decision === 'decline') {
    await auditedCommand(db, ctx, { action: 'update', recordKind: 'transfer', recordId: t.id, details: { decision: 'declined' } }, async (tx) => {
      await tx.update(transfers).set({ status: 'declined', decidedByUserId: user.userId, decidedAt: now(), declineReason: input.declineReason.trim() }).where(and(eq(transfers.id, t.id), eq(transfers.status, 'waiting')));
      await addChronologyEntry(tx, { youngPersonId: t.youngPersonId!, occurredAt: now(), kind: 'transfer', agencyId: null, sourceKind: 'transfer', sourceId: t.id, summary: `Transfer ${transferReference(t.number)} declined by ${found.toName}` });
    });
    return succeed({ done: 'declined', youngPersonId: null });
  }
  const full = await buildSnapshot(db, t.youngPersonId!, OPTIONAL_SECTIONS);
  const snapshot = takeSections(full, sections);
  const match = readMatchChoice(input.match);
  if (!match) {
    const candidates = await matchesInArea(db, user.areaId, snapshot.person);
    await auditRead(db, ctx, { action: 'search', recordKind: 'young_person', details: { purpose: 'transfer_match', transferId: t.id, resultIds: candidates.map((c) => c.youngPersonId) } });
    if (candidates.length) return succeed({ chooseMatch: candidates, person: snapshot.person, from: found.fromName });
  }
  try {
    const received = await auditedCommand(
      db,
      ctx,
      (r: { youngPersonId: string; matchDecision: string }) => ({ action: 'update', recordKind: 'transfer', recordId: t.id, details: { decision: 'accepted', sections: snapshot.sections, matchDecision: r.matchDecision, receivedYoungPersonId: r.youngPersonId } }),
      async (tx) => {
        const [claimed] = await tx.update(transfers).set({ status: 'accepted' }).where(and(eq(transfers.id, t.id), eq(transfers.status, 'waiting'))).returning({ id: transfers.id });
        if (!claimed) throw new AlreadyDecidedError();
        const r = await receiveSnapshot(tx, user.areaId, user.userId, snapshot, t.id, transferReference(t.number), match ?? { kind: 'new' });
        await tx.update(transfers).set({ snapshot, sections: snapshot.sections, receivedYoungPersonId: r.youngPersonId, matchDecision: r.matchDecision, decidedByUserId: user.userId, decidedAt: now() }).where(eq(transfers.id, t.id));
        await addChronologyEntry(tx, { youngPersonId: t.youngPersonId!, occurredAt: now(), kind: 'transfer', agencyId: null, sourceKind: 'transfer', sourceId: t.id, summary: `Transfer ${transferReference(t.number)} accepted by ${found.toName}` });
        return r;
      },
    );
    return succeed({ done: 'accepted', youngPersonId: received.youngPersonId });
  } catch (error) {
    if (error instanceof AlreadyDecidedError) return fail('conflict', { decision: 'This transfer has already been decided' });
    if (error instanceof MatchGoneError) return fail('invalid', { match: 'That record can no longer be chosen: choose again' });
    throw error;
  }
}

class AlreadyDecidedError extends Error {}

/** An area by its code (the command line names areas so).  */
export async function areaByCode(db: Db, code: string) {
  const [area] = await db.select({ id: areas.id, code: areas.code, name: areas.name }).from(areas).where(eq(areas.code, code.trim().toUpperCase()));
  return area ?? null;
}

export async function areaById(db: Db, id: string) {
  const [area] = await db.select({ id: areas.id, code: areas.code, name: areas.name }).from(areas).where(eq(areas.id, id));
  return area ?? null;
}

/** The record's transfers, sent from it or received into it, for its Transfers section (coordinators only). */
export async function transfersOfRecord(db: Db, user: Actor, youngPersonId: string) {
  const found = await db
    .select({ id: transfers.id, number: transfers.number, direction: transfers.direction, status: transfers.status, startedAt: transfers.startedAt, fromAreaId: transfers.fromAreaId, counterpartName: transfers.counterpartName, otherName: sql<string | null>`(select name from areas a where a.id = case when ${transfers.fromAreaId} = ${user.areaId} then ${transfers.toAreaId} else ${transfers.fromAreaId} end)` })
    .from(transfers)
    .where(and(ofArea(user.areaId), or(eq(transfers.youngPersonId, youngPersonId), eq(transfers.receivedYoungPersonId, youngPersonId))))
    .orderBy(desc(transfers.startedAt));
  return found.map((t) => ({ id: t.id, reference: transferReference(t.number), sent: t.fromAreaId === user.areaId, status: t.status, startedAt: t.startedAt, otherArea: t.otherName ?? t.counterpartName ?? 'Unknown area' }));
}

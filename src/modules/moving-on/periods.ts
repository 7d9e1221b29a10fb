/**
 * Periods of CSE work with a young person. `young_people.opened_on` / `closed_on` say how the
 * record stands now (the snapshot and worklists read them); `cse_closures` keeps every period that
 * has ended and `cse_reopenings` every new start, so the whole history of periods is kept
 * (decision record 0028).
 *
 * `writeClosure` and `writeReopening` are the ONLY code that changes `opened_on` / `closed_on`
 * after a record is created. They run inside the caller's transaction; anything that must happen
 * whenever a record closes or re-opens hooks in here, once. The database's triggers write the
 * open/closed history from the two columns, dated the days given; the reason a period ended is
 * written here (decision record 0029).
 */
import { asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { UK_TIME_ZONE } from '../../platform/time.ts';
import { formatDate } from '../../platform/views/filters.ts';
import { youngPeople } from '../young-people/tables.ts';
import { recordFactChanges, type YoungPersonRow } from '../young-people/index.ts';
import { users } from '../organisation/tables.ts';
import { panelMeetings, panels, agendaItems } from '../panels/tables.ts';
import { concerns } from '../concerns/tables.ts';
import { cseClosures, cseReopenings } from './tables.ts';
import type { ClosureInput, ReopeningInput } from './input.ts';
import { AGREED_BY, closureReasonText, closureReference, type AgreedBy } from './vocab.ts';

/** The first day of the record's current (or last) period: opened_on, or the day it was created. */
export function currentOpenedOn(yp: Pick<YoungPersonRow, 'openedOn' | 'createdAt'>): string {
  return yp.openedOn ?? new Intl.DateTimeFormat('en-CA', { timeZone: UK_TIME_ZONE }).format(yp.createdAt);
}

/** Ends the record's current period. The caller has checked the input and that the record is open. */
export async function writeClosure(tx: Db, user: SignedInUser, yp: YoungPersonRow, input: ClosureInput): Promise<{ id: string; number: number }> {
  const [row] = await tx
    .insert(cseClosures)
    .values({
      areaId: yp.areaId,
      youngPersonId: yp.id,
      openedOn: currentOpenedOn(yp),
      closedOn: input.closedOn,
      reason: input.reason,
      reasonDetails: input.reason === 'other' ? input.reasonDetails : null,
      levelAtClosure: yp.riskLevel,
      youngPersonViews: input.youngPersonViews,
      familyViews: input.familyViews,
      agreedBy: input.agreedBy,
      agendaItemId: input.agreedBy === 'panel' ? (input.agendaItemId ?? null) : null,
      panelDecidedOn: input.agreedBy === 'panel' ? (input.panelDecidedOn ?? null) : null,
      closedByUserId: user.userId,
      closedByAgencyId: user.agencyId,
    })
    .returning({ id: cseClosures.id, number: cseClosures.number });
  await tx.update(youngPeople).set({ closedOn: input.closedOn, updatedAt: new Date() }).where(eq(youngPeople.id, yp.id));
  await closureReasonFrom(tx, yp.id, input.reason, input.closedOn);
  return row!;
}

/** Starts a new period after `closureId`. The caller has checked the input and that the record is closed. */
export async function writeReopening(tx: Db, user: SignedInUser, yp: YoungPersonRow, closureId: string, input: ReopeningInput): Promise<{ id: string }> {
  const [row] = await tx
    .insert(cseReopenings)
    .values({ areaId: yp.areaId, youngPersonId: yp.id, closureId, reopenedOn: input.reopenedOn, reason: input.reason, concernId: input.concernId ?? null, reopenedByUserId: user.userId })
    .returning({ id: cseReopenings.id });
  await tx.update(youngPeople).set({ openedOn: input.reopenedOn, closedOn: null, updatedAt: new Date() }).where(eq(youngPeople.id, yp.id));
  await closureReasonFrom(tx, yp.id, null, input.reopenedOn);
  return row!;
}

/** The figures' history of why CSE work ended: the reason from the day it closed, none from the day it re-opened. */
async function closureReasonFrom(tx: Db, youngPersonId: string, reason: string | null, day: string): Promise<void> {
  const written = await recordFactChanges(tx, youngPersonId, [{ fact: 'closure_reason', value: reason }], { effectiveFrom: day });
  // The forms have already checked the day against the record, so a refusal here is a fault.
  if (!written.ok) throw new Error(`closure history refused: ${Object.keys(written.errors).join(', ')}`);
}

/** The record's closures, newest first, each with the re-opening that followed it (if any). The caller has checked access. */
export async function closuresOf(db: Db, youngPersonId: string) {
  const rows = await db
    .select({
      closure: cseClosures,
      closedBy: users.name,
      panelName: panels.name,
      meetsOn: panelMeetings.meetsOn,
      reopening: { id: cseReopenings.id, reopenedOn: cseReopenings.reopenedOn, reason: cseReopenings.reason, concernNumber: concerns.number },
    })
    .from(cseClosures)
    .innerJoin(users, eq(users.id, cseClosures.closedByUserId))
    .leftJoin(agendaItems, eq(agendaItems.id, cseClosures.agendaItemId))
    .leftJoin(panelMeetings, eq(panelMeetings.id, agendaItems.meetingId))
    .leftJoin(panels, eq(panels.id, panelMeetings.panelId))
    .leftJoin(cseReopenings, eq(cseReopenings.closureId, cseClosures.id))
    .leftJoin(concerns, eq(concerns.id, cseReopenings.concernId))
    .where(eq(cseClosures.youngPersonId, youngPersonId))
    .orderBy(desc(cseClosures.closedOn), desc(cseClosures.number));
  return rows.map((r) => ({
    ...r.closure,
    reference: closureReference(r.closure.number),
    reasonText: closureReasonText(r.closure.reason, r.closure.reasonDetails),
    closedBy: r.closedBy,
    agreedByText:
      r.closure.agreedBy === 'panel'
        ? r.panelName
          ? `${r.panelName}, meeting of ${formatDate(r.meetsOn)}`
          : `Panel decision${r.closure.panelDecidedOn ? `, meeting of ${formatDate(r.closure.panelDecidedOn)}` : ''}`
        : AGREED_BY[r.closure.agreedBy as AgreedBy] ?? r.closure.agreedBy,
    panelMeetsOn: r.meetsOn ?? r.closure.panelDecidedOn,
    panelName: r.panelName,
    reopening: r.reopening?.id ? { id: r.reopening.id, reopenedOn: r.reopening.reopenedOn!, reason: r.reopening.reason!, concernReference: r.reopening.concernNumber ? `C-${r.reopening.concernNumber}` : null } : null,
  }));
}
export type ClosureView = Awaited<ReturnType<typeof closuresOf>>[number];

/** Every period, oldest first: the ended ones from the closures, then the current one if open. */
export function periodsFrom(yp: Pick<YoungPersonRow, 'openedOn' | 'createdAt' | 'closedOn'>, closures: ClosureView[]) {
  const ended = [...closures].reverse().map((c) => ({ openedOn: c.openedOn, closedOn: c.closedOn as string | null, reasonText: c.reasonText, reference: c.reference as string | null }));
  if (!yp.closedOn) ended.push({ openedOn: currentOpenedOn(yp), closedOn: null, reasonText: '', reference: null });
  return ended;
}

/** The panel discussions of this young person a closure may name, newest first. */
export async function panelDiscussionsOf(db: Db, youngPersonId: string) {
  return db
    .select({ id: agendaItems.id, panelName: panels.name, meetsOn: panelMeetings.meetsOn })
    .from(agendaItems)
    .innerJoin(panelMeetings, eq(panelMeetings.id, agendaItems.meetingId))
    .innerJoin(panels, eq(panels.id, panelMeetings.panelId))
    .where(eq(agendaItems.youngPersonId, youngPersonId))
    .orderBy(desc(panelMeetings.meetsOn))
    .limit(50);
}

/** Concerns about the young person since `since` (a day), the ones a re-opening may name, oldest first. */
export async function concernsSince(db: Db, youngPersonId: string, since: string) {
  return db
    .select({ id: concerns.id, number: concerns.number, submittedAt: concerns.submittedAt })
    .from(concerns)
    .where(sql`${concerns.youngPersonId} = ${youngPersonId} and ${concerns.submittedAt} >= ${since}::date`)
    .orderBy(asc(concerns.submittedAt))
    .limit(50);
}

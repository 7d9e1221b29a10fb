/**
 * The "Concerns" section of a young person's record: every concern about them the reader may see,
 * newest first, with what triage decided. The record's page has already checked (and audits) that
 * the reader may see the young person; the concerns' own policy still applies in the query.
 */
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { agencies } from '../organisation/tables.ts';
import { concernReference, visibleConcerns } from '../concerns/index.ts';
import { concerns } from '../concerns/tables.ts';
import { AWAITING_TRIAGE } from './queue.ts';
import { triageOutcome } from './outcomes.ts';

const SHOWN = 50;

export async function concernsAbout(db: Db, user: SignedInUser, youngPersonId: string) {
  const list = await db
    .select({ id: concerns.id, number: concerns.number, submittedAt: concerns.submittedAt, urgent: concerns.urgent, status: concerns.status, outcome: concerns.outcome, details: concerns.details, agencyName: agencies.name })
    .from(concerns)
    .innerJoin(agencies, eq(agencies.id, concerns.raisedByAgencyId))
    .where(and(eq(concerns.youngPersonId, youngPersonId), visibleConcerns(user)))
    .orderBy(desc(concerns.submittedAt))
    .limit(SHOWN + 1);
  return {
    triages: user.role === 'coordinator',
    more: list.length > SHOWN,
    concerns: list.slice(0, SHOWN).map((c) => ({
      id: c.id,
      reference: concernReference(c.number),
      submittedAt: c.submittedAt,
      urgent: c.urgent,
      agencyName: c.agencyName,
      details: c.details,
      decision: c.status === AWAITING_TRIAGE ? 'Waiting for triage' : (triageOutcome(c.outcome)?.label ?? 'Triaged'),
      waiting: c.status === AWAITING_TRIAGE,
    })),
  };
}

export type ConcernsAbout = Awaited<ReturnType<typeof concernsAbout>>;

import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { agencies } from '../organisation/tables.ts';
import { addChronologyEntry } from '../young-people/index.ts';
import { concerns } from './tables.ts';

const SUMMARY_LENGTH = 300;

/**
 * Puts a concern into its young person's chronology. Called when the concern is about a known
 * young person (at submission) or when triage links it; the entry points back at the concern.
 */
export async function addConcernToChronology(tx: Db, concernId: string): Promise<void> {
  const [row] = await tx
    .select({ concern: concerns, agencyName: agencies.name })
    .from(concerns)
    .innerJoin(agencies, eq(agencies.id, concerns.raisedByAgencyId))
    .where(eq(concerns.id, concernId));
  if (!row?.concern.youngPersonId) return;
  const { concern, agencyName } = row;
  const details = concern.details.length > SUMMARY_LENGTH ? `${concern.details.slice(0, SUMMARY_LENGTH)}…` : concern.details;
  await addChronologyEntry(tx, {
    youngPersonId: concern.youngPersonId!,
    occurredAt: concern.submittedAt,
    kind: 'concern',
    agencyId: concern.raisedByAgencyId,
    sourceKind: 'concern',
    sourceId: concern.id,
    summary: `${concern.urgent ? 'Urgent concern' : 'Concern'} C-${concern.number} raised by ${agencyName}${concern.indicators.length ? ` (${concern.indicators.length} indicator${concern.indicators.length === 1 ? '' : 's'} ticked)` : ''}: ${details}`,
  });
}

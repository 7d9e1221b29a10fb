import type { Db } from '../../platform/db/database.ts';
import { concerns } from './tables.ts';

type ConcernInsert = typeof concerns.$inferInsert;

/**
 * Inserts a concern about a known young person as the demo area seeds them: seen by the referrer,
 * the young person not known to be aware, shared under safeguarding, neither urgent nor an
 * immediate danger unless `concern` says otherwise.
 */
export async function insertDemoConcern(
  tx: Db,
  concern: Pick<ConcernInsert, 'areaId' | 'raisedByUserId' | 'raisedByAgencyId' | 'youngPersonId' | 'details' | 'submittedAt'> & Partial<ConcernInsert>,
): Promise<{ id: string; number: number }> {
  const [row] = await tx
    .insert(concerns)
    .values({
      subjectKind: 'known',
      immediateDanger: false,
      urgent: false,
      indicators: [],
      howLearned: 'observed',
      youngPersonAware: 'not_known',
      lawfulBasis: 'safeguarding',
      ...concern,
    })
    .returning({ id: concerns.id, number: concerns.number });
  return row!;
}

import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import type { DemoArea } from '../../platform/modules.ts';
import { loadSignedInUser } from '../../platform/auth/users.ts';
import { addToConcern } from './additions.ts';
import { concerns } from './tables.ts';
import { youngPeople } from '../young-people/tables.ts';

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

/**
 * The demo's further information: the education lead adds to her concern about Jade what the
 * school saw since, so triage shows it as new information.
 */
export async function seedDemoAdditions(tx: Db, area: DemoArea): Promise<void> {
  const lead = area.userIds.get('education.lead@northbridge.example')!;
  const [concern] = await tx
    .select({ id: concerns.id })
    .from(concerns)
    .innerJoin(youngPeople, eq(youngPeople.id, concerns.youngPersonId))
    .where(and(eq(concerns.areaId, area.areaId), eq(concerns.raisedByUserId, lead), eq(youngPeople.givenName, 'Jade'), eq(youngPeople.familyName, 'Carter')))
    .orderBy(desc(concerns.submittedAt))
    .limit(1);
  if (!concern) return;
  const user = (await loadSignedInUser(tx, lead))!;
  const added = await addToConcern(tx, { actor: null, ip: null, requestId: 'demo-seed' }, user, concern.id, {
    details: 'Since we sent this, the same man has waited outside the school gate twice more, in a silver car. Jade told her form tutor he is “just a friend of my cousin”.',
  });
  if (!added.ok) throw new Error('The demo further information was refused');
}

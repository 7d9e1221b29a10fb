/** The data-protection module's sections of a young person's record. */
import { DATA_PROTECTION_ROLES } from '../../platform/auth/roles.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import type { Db } from '../../platform/db/database.ts';
import type { RecordInView, RecordSection } from '../../platform/modules.ts';
import { rows } from '../../platform/db/database.ts';
import { sql } from 'drizzle-orm';
import { correctionsOf, currentRestriction } from './records.ts';
import { sharingDecisionsFor } from './sharing.ts';
import { sarReference } from './vocab.ts';

const handlesDataProtection = (user: Pick<SignedInUser, 'role'>) => (DATA_PROTECTION_ROLES as readonly string[]).includes(user.role);

async function correctionsSection(db: Db, user: SignedInUser, record: RecordInView) {
  return { youngPersonId: record.id, corrections: await correctionsOf(db, record.id), mayCorrect: handlesDataProtection(user) };
}

async function sharingSection(db: Db, _user: SignedInUser, record: RecordInView) {
  return { youngPersonId: record.id, decisions: await sharingDecisionsFor(db, record.id) };
}

async function dataProtectionSection(db: Db, _user: SignedInUser, record: RecordInView) {
  const requests = await rows<{ id: string; number: number; received_on: string; due_on: string; completed_at: Date | null }>(
    db,
    sql`select id, number::int as number, received_on::text, due_on::text, completed_at from subject_access_requests where young_person_id = ${record.id}::uuid order by received_on desc`,
  );
  return {
    youngPersonId: record.id,
    restriction: await currentRestriction(db, record.id),
    requests: requests.map((r) => ({ id: r.id, reference: sarReference(Number(r.number)), receivedOn: r.received_on, dueOn: r.due_on, completedAt: r.completed_at })),
  };
}

export const dataProtectionSections: RecordSection[] = [
  {
    id: 'corrections',
    title: 'Corrections',
    template: 'data-protection/views/_corrections-section.njk',
    place: 'after-circumstances',
    order: 85,
    load: correctionsSection,
    auditDetails: (data) => ({ corrections: (data as Awaited<ReturnType<typeof correctionsSection>>).corrections.length }),
  },
  {
    id: 'sharing',
    title: 'Sharing decisions',
    template: 'data-protection/views/_sharing-section.njk',
    place: 'after-circumstances',
    order: 86,
    load: sharingSection,
  },
  {
    id: 'dataProtection',
    title: 'Data protection',
    template: 'data-protection/views/_data-protection-section.njk',
    place: 'after-circumstances',
    order: 88,
    visibleTo: handlesDataProtection,
    load: dataProtectionSection,
    summary: (data) => {
      const d = data as Awaited<ReturnType<typeof dataProtectionSection>>;
      return d.restriction ? [{ kind: 'alert', text: 'This record is restricted: only the coordinator and the data protection officer see it', href: `/young-people/${d.youngPersonId}/restriction` }] : [];
    },
  },
  {
    id: 'seenBy',
    title: 'Who has seen this record',
    href: (recordId) => `/young-people/${recordId}/seen-by`,
    visibleTo: handlesDataProtection,
    place: 'after-circumstances',
    order: 90,
    load: async () => null,
  },
];

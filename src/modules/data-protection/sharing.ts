/**
 * Sharing decisions: when information about a young person leaves Lantern (a concern shared with
 * an agency, a case pack issued, a transfer, a subject-access answer), the basis it went under,
 * from a fixed list, and who decided. The problem profile counts them by basis.
 */
import { desc, eq, sql } from 'drizzle-orm';
import { auditedCommand, type RequestContext } from '../../platform/audit/audit.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { rows, type Db } from '../../platform/db/database.ts';
import { isOneOf, type FieldErrors } from '../../platform/http/forms.ts';
import { isUuid } from '../../platform/ids.ts';
import { fail, succeed, type Outcome } from '../../platform/outcome.ts';
import { now, londonDayStartSql, addDays } from '../../platform/time.ts';
import { agencies, users } from '../organisation/tables.ts';
import { areaCondition, table, type ProfileSectionBuilder } from '../profile/index.ts';
import { findVisibleYoungPerson } from '../young-people/index.ts';
import { sharingDecisions } from './tables.ts';
import { SHARING_BASES, SHARING_KINDS } from './vocab.ts';

/** The kinds a person records by hand; a subject-access answer is recorded when it is exported. */
export const RECORDED_KINDS = { concern_shared: SHARING_KINDS.concern_shared, case_pack: SHARING_KINDS.case_pack, transfer: SHARING_KINDS.transfer } as const;

export async function sharingDecisionsFor(db: Db, youngPersonId: string) {
  const found = await db
    .select({ id: sharingDecisions.id, kind: sharingDecisions.kind, recipient: sharingDecisions.recipient, basis: sharingDecisions.basis, reference: sharingDecisions.reference, decidedAt: sharingDecisions.decidedAt, by: users.name })
    .from(sharingDecisions)
    .innerJoin(users, eq(users.id, sharingDecisions.decidedByUserId))
    .where(eq(sharingDecisions.youngPersonId, youngPersonId))
    .orderBy(desc(sharingDecisions.decidedAt));
  return found.map((d) => ({ ...d, kindLabel: isOneOf(SHARING_KINDS, d.kind) ? SHARING_KINDS[d.kind] : d.kind, basisLabel: isOneOf(SHARING_BASES, d.basis) ? SHARING_BASES[d.basis] : d.basis }));
}

/** Records a decision to share about a young person the user sees; the decision-maker is the user. */
export async function recordSharingDecision(
  db: Db,
  ctx: RequestContext,
  user: SignedInUser,
  youngPersonId: string,
  input: { kind: string; agencyId: string; basis: string; reference: string },
): Promise<Outcome<undefined, 'invalid' | 'not_found'>> {
  const yp = isUuid(youngPersonId) ? await findVisibleYoungPerson(db, user, youngPersonId) : null;
  if (!yp) return fail('not_found');
  const errors: FieldErrors = {};
  if (!isOneOf(RECORDED_KINDS, input.kind)) errors.kind = 'Choose what was shared';
  const [agency] = isUuid(input.agencyId) ? await db.select({ id: agencies.id, name: agencies.name }).from(agencies).where(eq(agencies.id, input.agencyId)) : [];
  if (!agency) errors.agencyId = 'Choose the agency it was shared with';
  if (!isOneOf(SHARING_BASES, input.basis) || input.basis === 'right_of_access') errors.basis = 'Choose the lawful basis it was shared under';
  if (input.reference.length > 40) errors.reference = 'The reference must be 40 characters or fewer, like C-12';
  if (Object.keys(errors).length) return fail('invalid', errors);
  await auditedCommand(db, ctx, { action: 'create', recordKind: 'sharing_decision', details: { youngPersonId: yp.id, kind: input.kind, basis: input.basis } }, async (tx) => {
    await tx.insert(sharingDecisions).values({ areaId: yp.areaId, youngPersonId: yp.id, kind: input.kind, recipient: agency!.name, basis: input.basis, reference: input.reference || null, decidedByUserId: user.userId, decidedAt: now() });
  });
  return succeed(undefined);
}

/** Shares in the period by lawful basis and by what moved (problem profile, through the module's entry). */
export const sharingProfileSection: ProfileSectionBuilder = {
  id: 'sharing_decisions',
  title: 'Information shared, by lawful basis',
  windows: ['period'],
  async build(db, scope, window) {
    if (window.kind !== 'period') throw new Error('shares are counted over a period');
    const agency = scope.agencyId ? sql` and u.agency_id = ${scope.agencyId}::uuid` : sql``;
    const found = await rows<{ basis: string; kind: string; n: number }>(
      db,
      sql`select sd.basis, sd.kind, count(*)::int as n from sharing_decisions sd join users u on u.id = sd.decided_by_user_id
           where ${areaCondition(sql`sd.area_id`, scope)} and sd.decided_at >= ${londonDayStartSql(window.from)} and sd.decided_at < ${londonDayStartSql(addDays(window.to, 1))}${agency}
           group by 1, 2`,
    );
    const kinds = Object.entries(SHARING_KINDS).map(([key, label]) => ({ key, label }));
    return {
      id: 'sharing_decisions',
      title: 'Information shared, by lawful basis',
      intro: 'Each time information about a young person left Lantern with a recorded decision: what moved, and the basis it was shared under.',
      tables: [
        table({
          id: 'sharing_decisions_by_basis',
          title: 'Sharing decisions in the period by lawful basis',
          rowHeading: 'Lawful basis',
          columns: kinds,
          rows: Object.entries(SHARING_BASES).map(([key, label]) => ({ key, label, values: kinds.map((k) => found.filter((f) => f.basis === key && f.kind === k.key).reduce((t, f) => t + f.n, 0)) })),
          rowsAdd: true,
          columnsAdd: true,
          inReturn: false,
          note: 'Counted from the decisions recorded in Lantern; a share not recorded here is not counted.',
        }),
      ],
    };
  },
};

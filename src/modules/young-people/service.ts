import { fail, succeed, type Outcome } from '../../platform/outcome.ts';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { auditedCommand, type RequestContext } from '../../platform/audit/audit.ts';
import { isUuid } from '../../platform/ids.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { agencies, users } from '../organisation/tables.ts';
import { personDetailsChanged } from '../../platform/modules.ts';
import { addChronologyEntry } from './chronology.ts';
import { searchTextFor, type PersonDetails } from './details.ts';
import { teamMembers, youngPeople, youngPersonIdentifiers } from './tables.ts';
import type { MonitoringAnswers } from './monitoring.ts';
import type { AccessPath } from './policy.ts';
import { knownFrom, recordFactChanges } from './history.ts';
import { formatDate } from '../../platform/views/filters.ts';
import { londonDate } from '../../platform/time.ts';
import type { YoungPersonRow } from './records.ts';

/** Who may change a record and its team: the coordinator, and the people and agencies in the team around the child. */
export function canManageRecord(actor: Pick<SignedInUser, 'role'>, paths: AccessPath[]): boolean {
  return actor.role === 'coordinator' || paths.includes('team_around_child') || paths.includes('agency_team');
}

const IDENTIFIER_FIELDS = [
  ['nhsNumber', 'nhs_number'],
  ['upn', 'upn'],
  ['localAuthorityId', 'local_authority_id'],
] as const;

async function replaceIdentifiers(tx: Db, youngPersonId: string, details: PersonDetails): Promise<void> {
  await tx.delete(youngPersonIdentifiers).where(eq(youngPersonIdentifiers.youngPersonId, youngPersonId));
  const values = IDENTIFIER_FIELDS.filter(([field]) => details[field]).map(([field, kind]) => ({ youngPersonId, kind, value: details[field]! }));
  if (values.length) await tx.insert(youngPersonIdentifiers).values(values);
}

function personColumns(details: PersonDetails, today = new Date()) {
  return {
    givenName: details.givenName,
    familyName: details.familyName,
    aliases: details.aliases,
    searchText: searchTextFor(details),
    dateOfBirth: details.dateOfBirth,
    estimatedAge: details.dateOfBirth ? null : details.estimatedAge,
    estimatedAgeAt: details.dateOfBirth || details.estimatedAge === null ? null : today.toISOString().slice(0, 10),
    gender: details.gender,
    ethnicity: details.ethnicity,
    address: details.address,
    postcode: details.postcode,
    school: details.school,
  };
}

/** Creates a young person's record inside the caller's transaction (triage, import). */
export async function insertYoungPerson(tx: Db, areaId: string, details: PersonDetails, createdByUserId: string | null, extra: { description?: string | null } = {}): Promise<{ id: string; number: number }> {
  const [row] = await tx
    .insert(youngPeople)
    .values({ areaId, ...personColumns(details), description: extra.description ?? null, createdByUserId, openedOn: new Date().toISOString().slice(0, 10) })
    .returning({ id: youngPeople.id, number: youngPeople.number });
  await replaceIdentifiers(tx, row!.id, details);
  // Other modules keep what they derive from the details in step (linkage: its match keys).
  await personDetailsChanged(tx, [row!.id]);
  return row!;
}

/**
 * Writes a young person's details inside the caller's transaction (the details form, a correction
 * with its reason), keeping their identifiers and other modules' derived keys in step.
 */
export async function writePersonDetails(tx: Db, youngPersonId: string, details: PersonDetails): Promise<void> {
  await tx.update(youngPeople).set({ ...personColumns(details), updatedAt: new Date() }).where(eq(youngPeople.id, youngPersonId));
  await replaceIdentifiers(tx, youngPersonId, details);
  await personDetailsChanged(tx, [youngPersonId]);
}

/** The details as they stand, in the shape the details form and `writePersonDetails` use. */
export async function currentPersonDetails(tx: Db, yp: YoungPersonRow): Promise<PersonDetails> {
  const ids = await tx.select().from(youngPersonIdentifiers).where(eq(youngPersonIdentifiers.youngPersonId, yp.id));
  const id = (kind: string) => ids.find((i) => i.kind === kind)?.value ?? null;
  return {
    givenName: yp.givenName,
    familyName: yp.familyName,
    aliases: yp.aliases,
    dateOfBirth: yp.dateOfBirth,
    estimatedAge: yp.estimatedAge,
    gender: yp.gender,
    ethnicity: yp.ethnicity,
    address: yp.address,
    postcode: yp.postcode,
    school: yp.school,
    nhsNumber: id('nhs_number'),
    upn: id('upn'),
    localAuthorityId: id('local_authority_id'),
  };
}

export async function updatePersonDetails(db: Db, ctx: RequestContext, user: SignedInUser, youngPersonId: string, details: PersonDetails): Promise<void> {
  await auditedCommand(db, ctx, { action: 'update', recordKind: 'young_person', recordId: youngPersonId, details: { section: 'details' } }, async (tx) => {
    await writePersonDetails(tx, youngPersonId, details);
    await addChronologyEntry(tx, { youngPersonId, occurredAt: new Date(), kind: 'record', agencyId: user.agencyId, sourceKind: 'young_person', sourceId: youngPersonId, summary: `Personal details updated by ${user.name}` });
  });
}

export interface CircumstancesInput {
  livingArrangement: string;
  lookedAfter?: string;
  earlierMissingEpisodes?: number | null;
  priorInvolvement: string;
  monitoring: MonitoringAnswers;
  /** The day the change took effect, when it is recorded late (null or absent: today). */
  changedOn?: string | null;
}

export async function updateCircumstances(db: Db, ctx: RequestContext, user: SignedInUser, youngPersonId: string, input: CircumstancesInput): Promise<Outcome<undefined, 'invalid'>> {
  const { changedOn, ...columns } = input;
  if (changedOn) {
    const known = await knownFrom(db, youngPersonId);
    if (known && changedOn < known.knownFrom) return fail('invalid', { effectiveFrom: `The day this changed cannot be before the young person was known (${formatDate(known.knownFrom)})` });
  }
  await auditedCommand(db, ctx, { action: 'update', recordKind: 'young_person', recordId: youngPersonId, details: { section: 'circumstances', fields: Object.keys(input.monitoring), ...(changedOn ? { changedOn } : {}) } }, async (tx) => {
    // The history of what changed is written by the database in this transaction, from the day given (decision record 0029).
    if (changedOn) await tx.execute(sql`select set_config('lantern.facts_from', ${changedOn}, true)`);
    await tx.update(youngPeople).set({ ...columns, updatedAt: new Date() }).where(eq(youngPeople.id, youngPersonId));
    if (changedOn) await tx.execute(sql`select set_config('lantern.facts_from', '', true)`);
    await addChronologyEntry(tx, { youngPersonId, occurredAt: new Date(), kind: 'record', agencyId: user.agencyId, sourceKind: 'young_person', sourceId: youngPersonId, summary: `Circumstances and monitoring information updated by ${user.name}${changedOn ? `, as from ${formatDate(changedOn)}` : ''}` });
  });
  return succeed();
}

export interface TeamMemberInput {
  agencyId: string;
  userId: string | null;
  roleInTeam: string | null;
  isLeadProfessional: boolean;
}


/** Adding someone to the team around the child grants them access to the record: audited as a change of access. */
export async function addTeamMember(db: Db, ctx: RequestContext, user: SignedInUser, youngPersonId: string, input: TeamMemberInput): Promise<Outcome<undefined, 'invalid'>> {
  const errors: Record<string, string> = {};
  const [agency] = isUuid(input.agencyId) ? await db.select().from(agencies).where(and(eq(agencies.id, input.agencyId), eq(agencies.areaId, user.areaId))) : [];
  if (!agency) errors.agencyId = 'Select the agency';
  let worker: { id: string; name: string } | undefined;
  if (input.userId) {
    [worker] = isUuid(input.userId) ? await db.select({ id: users.id, name: users.name }).from(users).where(and(eq(users.id, input.userId), eq(users.agencyId, input.agencyId), eq(users.active, true))) : [];
    if (!worker) errors.userId = 'Select a worker from the agency you chose, or leave it as the agency as a whole';
  }
  if (input.roleInTeam && input.roleInTeam.length > 120) errors.roleInTeam = 'Role in the team must be 120 characters or fewer';
  if (!errors.agencyId && !errors.userId) {
    const existing = await db
      .select({ id: teamMembers.id })
      .from(teamMembers)
      .where(and(eq(teamMembers.youngPersonId, youngPersonId), eq(teamMembers.agencyId, input.agencyId), input.userId ? eq(teamMembers.userId, input.userId) : isNull(teamMembers.userId), isNull(teamMembers.removedAt)));
    if (existing.length) errors.userId = 'They are already in the team around this young person';
  }
  if (Object.keys(errors).length || !agency) return fail('invalid', errors);
  await auditedCommand(
    db,
    ctx,
    (memberId: string) => ({ action: 'permission_change', recordKind: 'young_person', recordId: youngPersonId, details: { change: 'team_member_added', teamMemberId: memberId, agencyId: agency.id, userId: input.userId } }),
    async (tx) => {
      if (input.isLeadProfessional) {
        await tx.update(teamMembers).set({ isLeadProfessional: false }).where(eq(teamMembers.youngPersonId, youngPersonId));
      }
      const [row] = await tx
        .insert(teamMembers)
        .values({ youngPersonId, agencyId: agency.id, userId: input.userId, roleInTeam: input.roleInTeam, isLeadProfessional: input.isLeadProfessional, addedByUserId: user.userId })
        .returning({ id: teamMembers.id });
      const who = worker ? `${worker.name} (${agency.name})` : agency.name;
      await addChronologyEntry(tx, { youngPersonId, occurredAt: new Date(), kind: 'team', agencyId: user.agencyId, sourceKind: 'team_member', sourceId: row!.id, summary: `${who} joined the team around the child${input.isLeadProfessional ? ' as lead professional' : ''}` });
      await tx.update(youngPeople).set({ updatedAt: sql`now()` }).where(eq(youngPeople.id, youngPersonId));
      return row!.id;
    },
  );
  return succeed();
}

/** Removing a member revokes the access their membership gave. */
export async function removeTeamMember(db: Db, ctx: RequestContext, user: SignedInUser, youngPersonId: string, teamMemberId: string): Promise<boolean> {
  if (!isUuid(teamMemberId)) return false;
  return auditedCommand(
    db,
    ctx,
    { action: 'permission_change', recordKind: 'young_person', recordId: youngPersonId, details: { change: 'team_member_removed', teamMemberId } },
    async (tx) => {
      const [removed] = await tx
        .update(teamMembers)
        .set({ removedAt: new Date(), removedByUserId: user.userId })
        .where(and(eq(teamMembers.id, teamMemberId), eq(teamMembers.youngPersonId, youngPersonId), isNull(teamMembers.removedAt)))
        .returning({ agencyId: teamMembers.agencyId, userId: teamMembers.userId });
      if (!removed) return false;
      const [agency] = await tx.select({ name: agencies.name }).from(agencies).where(eq(agencies.id, removed.agencyId));
      const [worker] = removed.userId ? await tx.select({ name: users.name }).from(users).where(eq(users.id, removed.userId)) : [];
      await addChronologyEntry(tx, { youngPersonId, occurredAt: new Date(), kind: 'team', agencyId: user.agencyId, sourceKind: 'team_member', sourceId: teamMemberId, summary: `${worker ? `${worker.name} (${agency?.name})` : agency?.name} left the team around the child` });
      return true;
    },
  );
}

/**
 * Puts an agency (or one of its workers) in the team around the child when another module gives
 * it work on the young person (a return interview, a panel action), so the work does not sit where
 * nobody can open the record. Nothing happens when the agency, or that worker, is already in the
 * team; otherwise the joining is in the chronology. Runs inside the caller's audited transaction.
 */
export async function joinTeamForTask(
  tx: Db,
  task: { youngPersonId: string; agencyId: string; userId: string | null; roleInTeam: string; why: string; byUserId: string },
): Promise<boolean> {
  const [present] = await tx
    .select({ id: teamMembers.id })
    .from(teamMembers)
    .where(and(eq(teamMembers.youngPersonId, task.youngPersonId), eq(teamMembers.agencyId, task.agencyId), task.userId ? eq(teamMembers.userId, task.userId) : undefined, isNull(teamMembers.removedAt)))
    .limit(1);
  if (present) return false;
  const [row] = await tx
    .insert(teamMembers)
    .values({ youngPersonId: task.youngPersonId, agencyId: task.agencyId, userId: task.userId, roleInTeam: task.roleInTeam, addedByUserId: task.byUserId })
    .returning({ id: teamMembers.id });
  const [agency] = await tx.select({ name: agencies.name }).from(agencies).where(eq(agencies.id, task.agencyId));
  await addChronologyEntry(tx, {
    youngPersonId: task.youngPersonId,
    occurredAt: new Date(),
    kind: 'team',
    agencyId: task.agencyId,
    sourceKind: 'team_member',
    sourceId: row!.id,
    summary: `${agency?.name ?? 'An agency'} joined the team around the child ${task.why}.`,
  });
  return true;
}

/** What may set a young person's current risk level. */
export type RiskLevelSource = 'assessment' | 'panel';

/**
 * The one place a young person's current risk level is decided: the latest of their risk
 * assessments and the panels' decisions about them wins, whichever kind it is. A decision older
 * than the level already held (an assessment entered late, say) leaves the level alone.
 */
export async function setCurrentRiskLevel(tx: Db, youngPersonId: string, decision: { level: string; at: Date; source: RiskLevelSource; sourceId: string }): Promise<boolean> {
  const changed = await tx
    .update(youngPeople)
    .set({ riskLevel: decision.level, riskLevelSetAt: decision.at, riskLevelSource: decision.source, riskLevelSourceId: decision.sourceId, updatedAt: new Date() })
    .where(and(eq(youngPeople.id, youngPersonId), sql`(${youngPeople.riskLevelSetAt} is null or ${youngPeople.riskLevelSetAt} <= ${decision.at.toISOString()}::timestamptz)`))
    .returning({ id: youngPeople.id });
  // The level held from the decision's day whether or not it is still the current one: an
  // assessment entered late fills its place in the history until the next decision on record.
  if (!changed.length) await recordFactChanges(tx, youngPersonId, [{ fact: 'level', value: decision.level }], { effectiveFrom: londonDate(decision.at) });
  return changed.length > 0;
}

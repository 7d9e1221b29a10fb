import { fail, succeed, type Outcome } from '../../platform/outcome.ts';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { auditedCommand, type RequestContext } from '../../platform/audit/audit.ts';
import { isUuid } from '../../platform/ids.ts';
import { isOneOf } from '../../platform/http/forms.ts';
import type { TextFields } from '../../platform/http/page-input.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { agencies, users } from '../organisation/tables.ts';
import { concernMentions, concerns, type ConcernSubject } from '../concerns/tables.ts';
import { addConcernToChronology, concernReference, sendFeedback, type FeedbackSent } from '../concerns/index.ts';
import { addChronologyEntry, limitFreeText, validatePersonDetails, type PersonDetails, displayName, concernGrantsRecordAccess, addTeamMember, insertYoungPerson } from '../young-people/index.ts';
import { teamMembers, youngPeople } from '../young-people/tables.ts';
import { AWAITING_TRIAGE } from './queue.ts';
import { CERTAINTIES, triageOutcome } from './outcomes.ts';

export type ConcernRow = typeof concerns.$inferSelect;

/** A concern of the coordinator's area with what the triage page shows about it; null for any other id. */
export async function concernForTriage(db: Db, areaId: string, concernId: string) {
  if (!isUuid(concernId)) return null;
  const [row] = await db
    .select({ concern: concerns, agencyName: agencies.name, raisedByName: users.name })
    .from(concerns)
    .innerJoin(agencies, eq(agencies.id, concerns.raisedByAgencyId))
    .innerJoin(users, eq(users.id, concerns.raisedByUserId))
    .where(and(eq(concerns.id, concernId), eq(concerns.areaId, areaId)));
  if (!row) return null;
  const [mentions, [linked], [triagedBy]] = await Promise.all([
    db.select({ kind: concernMentions.kind, asTyped: concernMentions.asTyped }).from(concernMentions).where(eq(concernMentions.concernId, concernId)).orderBy(asc(concernMentions.kind), asc(concernMentions.asTyped)),
    row.concern.youngPersonId ? db.select().from(youngPeople).where(eq(youngPeople.id, row.concern.youngPersonId)) : Promise.resolve([]),
    row.concern.triagedByUserId ? db.select({ name: users.name }).from(users).where(eq(users.id, row.concern.triagedByUserId)) : Promise.resolve([]),
  ]);
  return { ...row, mentions, youngPerson: linked ?? null, triagedByName: triagedBy?.name ?? null };
}

/** A young person the coordinator may link a concern to: only in their own area. */
export async function linkableYoungPerson(db: Db, areaId: string, youngPersonId: string) {
  if (!isUuid(youngPersonId)) return null;
  const [row] = await db.select().from(youngPeople).where(and(eq(youngPeople.id, youngPersonId), eq(youngPeople.areaId, areaId)));
  return row ?? null;
}

/** The form values that prefill "create a new record" from what the practitioner typed. */
export function personFormValuesFromSubject(subject: ConcernSubject): Record<string, string> {
  const [year, month, day] = (subject.dateOfBirth ?? '').split('-');
  return {
    givenName: subject.givenName ?? '',
    familyName: subject.familyName ?? '',
    aliases: (subject.aliases ?? []).join(', '),
    'dateOfBirth-day': day ?? '',
    'dateOfBirth-month': month ?? '',
    'dateOfBirth-year': year ?? '',
    estimatedAge: subject.estimatedAge === undefined || subject.estimatedAge === null ? '' : String(subject.estimatedAge),
    gender: subject.gender ?? 'not_recorded',
    ethnicity: subject.ethnicity ?? 'not_recorded',
    address: subject.address ?? '',
    postcode: subject.postcode ?? '',
    school: subject.school ?? '',
    nhsNumber: subject.nhsNumber ?? '',
    upn: subject.upn ?? '',
    localAuthorityId: '',
  };
}

/** Field order for the error summary of the decision form. */
export const DECISION_FIELD_ORDER = ['youngPerson', 'givenName', 'familyName', 'aliases', 'dateOfBirth', 'estimatedAge', 'gender', 'ethnicity', 'address', 'postcode', 'school', 'nhsNumber', 'upn', 'localAuthorityId', 'certainty', 'outcome', 'teamAgencyId', 'teamUserId', 'outcomeNote'];

type LinkChoice = { kind: 'already'; id: string } | { kind: 'existing'; id: string } | { kind: 'new'; details: PersonDetails } | { kind: 'none' };

interface ValidDecision {
  link: LinkChoice;
  certainty: string;
  outcome: string;
  note: string | null;
  team: { agencyId: string; userId: string | null } | null;
}

/** A triage decision that was recorded, and the feedback it sent the person who raised the concern. */
export interface TriageDecided {
  number: number;
  youngPersonId: string | null;
  createdYoungPerson: boolean;
  feedback: FeedbackSent;
}

class AlreadyTriaged extends Error {}
class InvalidDecision extends Error {
  constructor(readonly errors: Record<string, string>) {
    super('invalid triage decision');
  }
}

async function validateDecision(db: Db, user: SignedInUser, concern: ConcernRow, body: TextFields, today: Date): Promise<{ decision?: ValidDecision; errors: Record<string, string> }> {
  const errors: Record<string, string> = {};
  const outcomeId = body.outcome ?? '';
  const outcome = triageOutcome(outcomeId);
  if (!outcome) errors.outcome = 'Select the outcome of triage';

  let link: LinkChoice | undefined;
  if (concern.youngPersonId) link = { kind: 'already', id: concern.youngPersonId };
  else {
    const choice = body.youngPerson ?? '';
    if (choice === 'new') {
      const { details, errors: personErrors } = validatePersonDetails(body, today);
      Object.assign(errors, personErrors);
      link = { kind: 'new', details };
    } else if (choice === 'none') {
      if (outcome?.needsYoungPerson) errors.youngPerson = `‘${outcome.label}’ is about a particular young person – link the concern to a record, or create one`;
      link = { kind: 'none' };
    } else if (isUuid(choice)) {
      const [found] = await db.select({ id: youngPeople.id }).from(youngPeople).where(and(eq(youngPeople.id, choice), eq(youngPeople.areaId, user.areaId)));
      if (found) link = { kind: 'existing', id: found.id };
      else errors.youngPerson = 'Choose a young person in your area from the suggestions or a search, or create a new record';
    } else errors.youngPerson = 'Choose who this concern is about: a suggested or searched-for record, a new record, or no record';
  }

  const certainty = body.certainty ?? '';
  if (!isOneOf(CERTAINTIES, certainty)) errors.certainty = 'Select whether the concern is indicated or known';

  // Trimmed here too: a note of only spaces is no reason, however the decision reached the service.
  const note = (body.outcomeNote ?? '').trim();
  const tooLong = limitFreeText(note, 'The note');
  if (tooLong) errors.outcomeNote = tooLong;
  else if (outcome?.noteRequired && !note) errors.outcomeNote = outcome.noteRequiredMessage ?? `Enter a note about ‘${outcome.label}’`;

  let team: ValidDecision['team'] = null;
  if (outcome?.addsTeamMember) {
    const agencyId = body.teamAgencyId ?? '';
    const userId = body.teamUserId ?? '';
    const [agency] = isUuid(agencyId) ? await db.select({ id: agencies.id }).from(agencies).where(and(eq(agencies.id, agencyId), eq(agencies.areaId, user.areaId), eq(agencies.active, true))) : [];
    if (!agency) errors.teamAgencyId = 'Select the agency to add to the team around the child';
    else if (userId) {
      const [worker] = isUuid(userId) ? await db.select({ id: users.id }).from(users).where(and(eq(users.id, userId), eq(users.agencyId, agency.id), eq(users.active, true))) : [];
      if (!worker) errors.teamUserId = 'Select a worker from the agency you chose, or leave it as the agency as a whole';
    }
    if (agency) team = { agencyId: agency.id, userId: userId || null };
  }

  if (Object.keys(errors).length || !link || !outcome) return { errors };
  return { decision: { link, certainty, outcome: outcomeId, note: note || null, team }, errors };
}

/**
 * Records the coordinator's triage decision in ONE audited transaction: the link to a young person
 * (existing, or created here from what the practitioner typed), certainty, outcome and note, the
 * concern's place in the young person's chronology, a 'triage' chronology entry, the team member
 * for "added to team", and the feedback to the referrer (which also sets first_feedback_at).
 * Nothing is stored when any field is wrong; a concern already triaged is refused. `body` is the
 * decision form as its route's schema read it (every field trimmed text).
 */
export async function decideTriage(db: Db, ctx: RequestContext, user: SignedInUser, concernId: string, body: TextFields, today = new Date()): Promise<Outcome<TriageDecided, 'invalid' | 'conflict' | 'not_found'>> {
  if (!isUuid(concernId)) return fail('not_found');
  const [concern] = await db.select().from(concerns).where(and(eq(concerns.id, concernId), eq(concerns.areaId, user.areaId)));
  if (!concern) return fail('not_found');
  if (concern.status !== AWAITING_TRIAGE) return fail('conflict');
  const { decision, errors } = await validateDecision(db, user, concern, body, today);
  if (!decision) return fail('invalid', errors);
  const outcome = triageOutcome(decision.outcome)!;

  try {
    return await auditedCommand(
      db,
      ctx,
      (result: { ok: true; value: TriageDecided }) => ({
        action: 'update',
        recordKind: 'concern',
        recordId: concernId,
        details: {
          change: 'triage',
          outcome: decision.outcome,
          certainty: decision.certainty,
          link: decision.link.kind,
          youngPersonId: result.value.youngPersonId,
          createdYoungPerson: result.value.createdYoungPerson,
          feedbackId: result.value.feedback.feedbackId,
        },
      }),
      async (tx) => {
        // Lock the concern: of two coordinators deciding at once, the second finds it triaged.
        const [locked] = await tx.select().from(concerns).where(eq(concerns.id, concernId)).for('update');
        if (!locked || locked.status !== AWAITING_TRIAGE) throw new AlreadyTriaged();
        const reference = concernReference(locked.number);

        let youngPersonId: string | null = locked.youngPersonId;
        let createdYoungPerson = false;
        const link = decision.link;
        if (link.kind === 'already' && link.id !== locked.youngPersonId) throw new AlreadyTriaged();
        if (link.kind === 'existing') youngPersonId = link.id;
        if (link.kind === 'new') {
          const created = await insertYoungPersonFromConcern(tx, user, locked, link.details);
          youngPersonId = created.id;
          createdYoungPerson = true;
        }
        const newlyLinked = youngPersonId !== null && youngPersonId !== locked.youngPersonId;
        const grantsRecordAccess = link.kind === 'existing' ? await raiserConcernGrantsAccess(tx, locked, link.id) : locked.grantsRecordAccess;

        await tx
          .update(concerns)
          .set({
            youngPersonId,
            grantsRecordAccess,
            certainty: decision.certainty,
            outcome: decision.outcome,
            outcomeNote: decision.note,
            status: 'triaged',
            triagedAt: new Date(),
            triagedByUserId: user.userId,
          })
          .where(eq(concerns.id, concernId));

        if (youngPersonId) {
          if (newlyLinked) await addConcernToChronology(tx, concernId);
          if (decision.team) await addToTeam(tx, ctx, user, youngPersonId, decision.team);
          const note = decision.note ? `: ${decision.note.length > 300 ? `${decision.note.slice(0, 300)}…` : decision.note}` : '';
          await addChronologyEntry(tx, {
            youngPersonId,
            occurredAt: new Date(),
            kind: 'triage',
            agencyId: user.agencyId,
            sourceKind: 'concern',
            sourceId: concernId,
            summary: `Concern ${reference} triaged by ${user.name} as ${CERTAINTIES[decision.certainty]!.label.toLowerCase()}. Outcome: ${outcome.label}${note}`,
          });
          await tx.update(youngPeople).set({ updatedAt: new Date() }).where(eq(youngPeople.id, youngPersonId));
        }

        const feedback = await sendFeedback(tx, {
          concernId,
          kind: 'triage',
          message: outcome.feedback({ reference, note: outcome.noteSharedWithReferrer ? decision.note : null }),
          eventKey: `triage:${concernId}`,
        });
        // The lock above lets a concern be triaged once, so its triage message is always new.
        if (!feedback) throw new Error('The triage decision was reported already');
        return succeed({ number: locked.number, youngPersonId, createdYoungPerson, feedback });
      },
    );
  } catch (error) {
    if (error instanceof AlreadyTriaged) return fail('conflict');
    if (error instanceof InvalidDecision) return fail('invalid', error.errors);
    throw error;
  }
}

async function insertYoungPersonFromConcern(tx: Db, user: SignedInUser, concern: ConcernRow, details: PersonDetails) {
  const created = await insertYoungPerson(tx, user.areaId, details, user.userId, { description: concern.subject.description?.trim() || null });
  const [row] = await tx.select().from(youngPeople).where(eq(youngPeople.id, created.id));
  await addChronologyEntry(tx, {
    youngPersonId: created.id,
    occurredAt: new Date(),
    kind: 'record',
    agencyId: user.agencyId,
    sourceKind: 'young_person',
    sourceId: created.id,
    summary: `Record for ${row ? displayName(row) : 'this young person'} created by ${user.name} when triaging concern ${concernReference(concern.number)}`,
  });
  return created;
}

/** "Added to team": through the young-people service, unless they are already in the team. */
/** A referrer linked to an existing record gains it, unless their only view of it is temporary (see the young-people policy). */
async function raiserConcernGrantsAccess(tx: Db, concern: ConcernRow, youngPersonId: string): Promise<boolean> {
  const [raiser] = await tx.select({ role: users.role }).from(users).where(eq(users.id, concern.raisedByUserId));
  if (!raiser) return true;
  return concernGrantsRecordAccess(tx, { userId: concern.raisedByUserId, agencyId: concern.raisedByAgencyId, areaId: concern.areaId, role: raiser.role }, youngPersonId);
}

async function addToTeam(tx: Db, ctx: RequestContext, user: SignedInUser, youngPersonId: string, team: { agencyId: string; userId: string | null }) {
  const [existing] = await tx
    .select({ id: teamMembers.id })
    .from(teamMembers)
    .where(and(eq(teamMembers.youngPersonId, youngPersonId), eq(teamMembers.agencyId, team.agencyId), team.userId ? eq(teamMembers.userId, team.userId) : isNull(teamMembers.userId), isNull(teamMembers.removedAt)));
  if (existing) return;
  const result = await addTeamMember(tx, ctx, user, youngPersonId, { agencyId: team.agencyId, userId: team.userId, roleInTeam: null, isLeadProfessional: false });
  if (!result.ok) {
    const errors: Record<string, string> = {};
    if (result.errors.agencyId) errors.teamAgencyId = result.errors.agencyId;
    if (result.errors.userId) errors.teamUserId = result.errors.userId;
    throw new InvalidDecision(Object.keys(errors).length ? errors : { teamAgencyId: 'Select the agency to add to the team around the child' });
  }
}

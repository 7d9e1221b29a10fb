/**
 * Commands on missing episodes: record one, record the return, the return interview and the
 * strategy meeting. Each checks access through the young person's policy, checks the rules, and
 * writes its change, its chronology entry, any message to the reporter and its audit row in one
 * transaction. A refusal stores nothing.
 */
import { fail, succeed, type Outcome, type Saved } from '../../platform/outcome.ts';
import type { FieldErrors } from '../../platform/http/forms.ts';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { isUniqueViolation, rows } from '../../platform/db/database.ts';
import { auditedCommand, type RequestContext } from '../../platform/audit/audit.ts';
import { isUuid } from '../../platform/ids.ts';
import { formatDateTime, formatDuration } from '../../platform/views/filters.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { agencies } from '../organisation/tables.ts';
import { addChronologyEntry, joinTeamForTask, findVisibleYoungPerson } from '../young-people/index.ts';
import { notifyReporter } from './feedback.ts';
import { episodeMentionRows, type MentionInput } from './mentions.ts';
import { visibleEpisodes, keepsAreaQueue } from './policy.ts';
import { checkEpisode, checkInterview, checkOutcome, checkReturn, checkStrategyMeeting, dueAfter, findOverlap, hoursBetween, overlapMessage, type EpisodeInput, type InterviewInput, type InterviewOutcome, type ReturnInput, type StrategyMeetingInput } from './rules.ts';
import { missingSettings } from './settings.ts';
import { missingEpisodeMentions, missingEpisodes, returnInterviews } from './tables.ts';
import { HOW_RETURNED, INTERVIEW_RESPONSES, PULL_FACTORS, PUSH_FACTORS, reference, type MentionContext } from './vocab.ts';

export type EpisodeRow = typeof missingEpisodes.$inferSelect;
export type InterviewRow = typeof returnInterviews.$inferSelect;

/**
 * Thrown inside a transaction to roll it back and answer with a refusal. The service's refusals
 * are not_found when the young person or episode cannot be seen, conflict when the change clashes
 * with what is on file (an overlapping episode, a return already recorded), invalid otherwise.
 */
class Refused extends Error {
  constructor(
    readonly kind: 'invalid' | 'conflict',
    readonly errors: FieldErrors,
  ) {
    super('refused');
  }
}

const clip = (text: string, max = 200) => (text.length > max ? `${text.slice(0, max)}…` : text);
/** Parts of a chronology summary as one sentence, with one full stop at the end. */
const sentence = (parts: string[]) => {
  const text = parts.join('; ');
  return /[.!?…]$/.test(text) ? text : `${text}.`;
};

export interface RecordOptions {
  source: 'web' | 'api';
  /** The sending system's reference: a resend answers with the episode first recorded. */
  externalReference?: string;
  /** The page form's key: the same form sent twice records one episode. */
  submissionKey?: string;
}

export interface RecordedEpisode {
  id: string;
  number: number;
  youngPersonId: string;
}

async function lockYoungPerson(tx: Db, youngPersonId: string): Promise<void> {
  // Episodes of one young person are written one at a time, so two overlapping ones cannot both pass the check.
  await tx.execute(sql`select id from young_people where id = ${youngPersonId} for update`);
}

async function spansOf(tx: Db, youngPersonId: string) {
  return tx
    .select({ id: missingEpisodes.id, number: missingEpisodes.number, lastSeenAt: missingEpisodes.lastSeenAt, returnedAt: missingEpisodes.returnedAt })
    .from(missingEpisodes)
    .where(eq(missingEpisodes.youngPersonId, youngPersonId))
    .orderBy(asc(missingEpisodes.lastSeenAt));
}

async function existingEpisode(db: Db, where: ReturnType<typeof and>): Promise<RecordedEpisode | null> {
  const [row] = await db.select({ id: missingEpisodes.id, number: missingEpisodes.number, youngPersonId: missingEpisodes.youngPersonId }).from(missingEpisodes).where(where);
  return row ?? null;
}

async function insertMentions(tx: Db, episode: Pick<EpisodeRow, 'id' | 'areaId' | 'youngPersonId'>, mentions: MentionInput[], narratives: ReadonlyArray<{ context: MentionContext; text: string | null }>): Promise<void> {
  const rows = episodeMentionRows(mentions, narratives);
  if (!rows.length) return;
  await tx.insert(missingEpisodeMentions).values(rows.map((m) => ({ episodeId: episode.id, areaId: episode.areaId, youngPersonId: episode.youngPersonId, ...m })));
}

/** An agency of the user's area, or null. */
async function areaAgency(db: Db, areaId: string, agencyId: string | null): Promise<{ id: string; name: string } | null> {
  if (!agencyId || !isUuid(agencyId)) return null;
  const [row] = await db.select({ id: agencies.id, name: agencies.name }).from(agencies).where(and(eq(agencies.id, agencyId), eq(agencies.areaId, areaId)));
  return row ?? null;
}

/**
 * Who owes the return interview when nobody said: the lead professional's agency, else the
 * area's children's social care, else the agency of whoever recorded the return.
 */
async function defaultInterviewAgency(tx: Db, areaId: string, youngPersonId: string, fallback: string): Promise<string> {
  const [lead] = await rows<{ agency_id: string }>(
    tx,
    sql`select agency_id from team_members where young_person_id = ${youngPersonId} and removed_at is null and is_lead_professional order by added_at limit 1`,
  );
  if (lead) return lead.agency_id;
  const [care] = await rows<{ id: string }>(tx, sql`select id from agencies where area_id = ${areaId} and kind = 'childrens_social_care' and active order by name limit 1`);
  return care?.id ?? fallback;
}

/**
 * The agency that owes the interview must be able to see the young person, or the interview would
 * sit in a queue nobody can open: being asked to do it puts the agency in the team around the child
 * (agency-wide, audited with the return, and in the chronology) when it is not there already.
 */
function ensureAgencyInTeam(tx: Db, youngPersonId: string, agencyId: string, episodeNumber: number, byUserId: string): Promise<boolean> {
  const episode = reference(episodeNumber);
  return joinTeamForTask(tx, { youngPersonId, agencyId, userId: null, roleInTeam: `Return interview after missing episode ${episode}`, why: `to offer the return interview after missing episode ${episode}`, byUserId });
}

function episodeSummary(number: number, input: EpisodeInput, strategyDue: Date | null): string {
  const parts = [`${input.kind === 'away' ? 'Away from placement without permission' : 'Reported missing'} (${reference(number)}): last seen ${formatDateTime(input.lastSeenAt)}${input.lastSeenWhere ? ` – ${clip(input.lastSeenWhere)}` : ''}`];
  if (input.reportedBy) parts.push(`reported by ${clip(input.reportedBy)}`);
  if (input.policeReference) parts.push(`police reference ${input.policeReference}`);
  if (input.lookedAfter) parts.push(`looked after${input.placement ? `, placed at ${clip(input.placement)}` : ''}`);
  if (strategyDue) parts.push(`strategy meeting due by ${formatDateTime(strategyDue)}`);
  return sentence(parts);
}

function returnSummary(episode: Pick<EpisodeRow, 'number' | 'lastSeenAt'>, input: ReturnInput, agencyName: string, interviewDue: Date): string {
  const hours = hoursBetween(episode.lastSeenAt, input.returnedAt);
  const parts = [`Came back ${formatDateTime(input.returnedAt)} after ${formatDuration(hours)} (${reference(episode.number)})`];
  if (input.foundWhere) parts.push(`found at ${clip(input.foundWhere)}`);
  const withWhom = input.mentions.filter((m) => m.context === 'found_with').map((m) => m.value);
  if (withWhom.length) parts.push(`with ${clip(withWhom.join(', '))}`);
  parts.push(HOW_RETURNED[input.howReturned].charAt(0).toLowerCase() + HOW_RETURNED[input.howReturned].slice(1));
  parts.push(`return interview due from ${agencyName} by ${formatDateTime(interviewDue)}`);
  return sentence(parts);
}

async function applyReturn(tx: Db, user: SignedInUser, episode: EpisodeRow, input: ReturnInput, interviewAgencyId: string, interviewHours: number) {
  const due = dueAfter(input.returnedAt, interviewHours);
  await tx
    .update(missingEpisodes)
    .set({
      status: 'returned',
      returnedAt: input.returnedAt,
      foundWhere: input.foundWhere,
      howReturned: input.howReturned,
      whileAway: input.whileAway,
      interviewAgencyId,
      interviewDueAt: due,
      returnRecordedByUserId: user.userId,
      updatedAt: new Date(),
    })
    .where(eq(missingEpisodes.id, episode.id));
  const found: MentionInput[] = input.foundWhere ? [{ kind: 'place', context: 'found_at', value: input.foundWhere }] : [];
  await insertMentions(tx, episode, [...found, ...input.mentions], [{ context: 'while_away', text: input.whileAway }]);
  const teamAdded = await ensureAgencyInTeam(tx, episode.youngPersonId, interviewAgencyId, episode.number, user.userId);
  const [agency] = await tx.select({ name: agencies.name }).from(agencies).where(eq(agencies.id, interviewAgencyId));
  await addChronologyEntry(tx, {
    youngPersonId: episode.youngPersonId,
    occurredAt: input.returnedAt,
    kind: 'missing',
    agencyId: user.agencyId,
    sourceKind: 'missing_episode',
    sourceId: episode.id,
    summary: returnSummary(episode, input, agency?.name ?? 'the agency chosen', due),
  });
  return { due, teamAdded, mentions: found.length + input.mentions.length };
}

/** Records an episode (open, or with its return when `ret` is given, as a system sending history may). */
export async function recordEpisode(
  db: Db,
  ctx: RequestContext,
  user: SignedInUser,
  youngPersonId: string,
  input: EpisodeInput,
  options: RecordOptions,
  ret?: ReturnInput,
  now = new Date(),
): Promise<Outcome<Saved<RecordedEpisode>>> {
  const idempotency = options.externalReference
    ? and(eq(missingEpisodes.recordedByAgencyId, user.agencyId), eq(missingEpisodes.externalReference, options.externalReference))
    : options.submissionKey
      ? and(eq(missingEpisodes.recordedByUserId, user.userId), eq(missingEpisodes.submissionKey, options.submissionKey))
      : undefined;
  if (idempotency) {
    const earlier = await existingEpisode(db, idempotency);
    if (earlier) return succeed({ ...earlier, created: false });
  }
  const yp = await findVisibleYoungPerson(db, user, youngPersonId);
  if (!yp) return fail('not_found', { youngPersonId: 'There is no young person with this id that you can see' });
  const errors = checkEpisode(input, now);
  if (ret) Object.assign(errors, checkReturn({ lastSeenAt: input.lastSeenAt }, ret, now));
  const interviewAgency = ret?.interviewAgencyId ? await areaAgency(db, user.areaId, ret.interviewAgencyId) : null;
  if (ret?.interviewAgencyId && !interviewAgency) errors.interviewAgencyId = 'Select the agency that will offer the return interview';
  if (Object.keys(errors).length) return fail('invalid', errors);
  const settings = await missingSettings(db, user.areaId);
  const strategyDue = input.lookedAfter ? dueAfter(input.reportedAt ?? input.lastSeenAt, settings.strategyMeetingHours) : null;
  try {
    const created = await auditedCommand(
      db,
      ctx,
      (e: RecordedEpisode & { returned: boolean }) => ({
        action: 'create',
        recordKind: 'missing_episode',
        recordId: e.id,
        details: { youngPersonId, source: options.source, kind: input.kind, lookedAfter: input.lookedAfter, returned: e.returned },
      }),
      async (tx) => {
        await lockYoungPerson(tx, youngPersonId);
        const clash = findOverlap({ lastSeenAt: input.lastSeenAt, returnedAt: ret?.returnedAt ?? null }, await spansOf(tx, youngPersonId));
        if (clash) throw new Refused('conflict', { lastSeenAt: overlapMessage(clash) });
        const [row] = await tx
          .insert(missingEpisodes)
          .values({
            areaId: user.areaId,
            youngPersonId,
            kind: input.kind,
            lastSeenAt: input.lastSeenAt,
            lastSeenWhere: input.lastSeenWhere,
            reportedAt: input.reportedAt,
            reportedBy: input.reportedBy,
            policeReference: input.policeReference,
            lookedAfter: input.lookedAfter,
            placement: input.placement,
            strategyMeetingDueAt: strategyDue,
            recordedByUserId: user.userId,
            recordedByAgencyId: user.agencyId,
            source: options.source,
            externalReference: options.externalReference ?? null,
            submissionKey: options.submissionKey ?? null,
          })
          .returning();
        const episode = row!;
        await addChronologyEntry(tx, {
          youngPersonId,
          occurredAt: input.lastSeenAt,
          kind: 'missing',
          agencyId: user.agencyId,
          sourceKind: 'missing_episode',
          sourceId: episode.id,
          summary: episodeSummary(episode.number, input, strategyDue),
        });
        if (ret) {
          const agencyId = interviewAgency?.id ?? (await defaultInterviewAgency(tx, user.areaId, youngPersonId, user.agencyId));
          await applyReturn(tx, user, episode, ret, agencyId, settings.returnInterviewHours);
        }
        return { id: episode.id, number: episode.number, youngPersonId, returned: Boolean(ret) };
      },
    );
    return succeed({ id: created.id, number: created.number, youngPersonId, created: true });
  } catch (error) {
    if (error instanceof Refused) return fail(error.kind, error.errors);
    // The same reference sent twice at once: the unique index let one through; answer with that one.
    if (isUniqueViolation(error) && idempotency) {
      const earlier = await existingEpisode(db, idempotency);
      if (earlier) return succeed({ ...earlier, created: false });
    }
    throw error;
  }
}

/** One episode, only if `actor` may see its young person. */
export async function findVisibleEpisode(db: Db, actor: SignedInUser, episodeId: string): Promise<EpisodeRow | null> {
  if (!isUuid(episodeId)) return null;
  const [row] = await db.select().from(missingEpisodes).where(and(eq(missingEpisodes.id, episodeId), visibleEpisodes(actor)));
  return row ?? null;
}

/** Closes an open episode with the return. Sending the same return again changes nothing. */
export async function recordReturn(db: Db, ctx: RequestContext, user: SignedInUser, episodeId: string, input: ReturnInput, now = new Date()): Promise<Outcome<Saved<{ id: string; interviewDueAt: Date }>>> {
  const episode = await findVisibleEpisode(db, user, episodeId);
  if (!episode) return fail('not_found', { episodeId: 'There is no missing episode with this id that you can see' });
  if (episode.status === 'returned') {
    if (episode.returnedAt?.getTime() === input.returnedAt.getTime()) return succeed({ id: episode.id, interviewDueAt: episode.interviewDueAt!, created: false });
    return fail('conflict', { returnedAt: `Their return from this episode is already recorded (${formatDateTime(episode.returnedAt)})` });
  }
  const errors = checkReturn(episode, input, now);
  const chosen = input.interviewAgencyId ? await areaAgency(db, user.areaId, input.interviewAgencyId) : null;
  if (input.interviewAgencyId && !chosen) errors.interviewAgencyId = 'Select the agency that will offer the return interview';
  if (Object.keys(errors).length) return fail('invalid', errors);
  const settings = await missingSettings(db, user.areaId);
  try {
    const result = await auditedCommand(
      db,
      ctx,
      (r: { teamAdded: boolean; mentions: number; agencyId: string }) => ({
        action: 'update',
        recordKind: 'missing_episode',
        recordId: episode.id,
        details: { change: 'returned', youngPersonId: episode.youngPersonId, interviewAgencyId: r.agencyId, teamAgencyAdded: r.teamAdded, mentions: r.mentions },
      }),
      async (tx) => {
        await lockYoungPerson(tx, episode.youngPersonId);
        const [current] = await tx.select({ status: missingEpisodes.status }).from(missingEpisodes).where(eq(missingEpisodes.id, episode.id));
        if (current?.status !== 'open') throw new Refused('conflict', { returnedAt: 'Their return from this episode has just been recorded by someone else' });
        const clash = findOverlap({ id: episode.id, lastSeenAt: episode.lastSeenAt, returnedAt: input.returnedAt }, await spansOf(tx, episode.youngPersonId));
        if (clash) throw new Refused('conflict', { returnedAt: overlapMessage(clash) });
        const agencyId = chosen?.id ?? (await defaultInterviewAgency(tx, user.areaId, episode.youngPersonId, user.agencyId));
        const applied = await applyReturn(tx, user, episode, input, agencyId, settings.returnInterviewHours);
        await notifyReporter(
          tx,
          episode.recordedByUserId,
          user.userId,
          'returned',
          `Missing episode ${reference(episode.number)} you reported: their return was recorded (back ${formatDateTime(input.returnedAt)}). A return interview is to be offered by ${formatDateTime(applied.due)}.`,
        );
        return { ...applied, agencyId };
      },
    );
    return succeed({ id: episode.id, interviewDueAt: result.due, created: true });
  } catch (error) {
    if (error instanceof Refused) return fail(error.kind, error.errors);
    throw error;
  }
}

export interface InterviewChange {
  offer?: InterviewInput;
  outcome?: InterviewOutcome;
}

function factorList(values: string[], labels: Record<string, string>): string {
  return values.map((v) => labels[v] ?? v).join(', ').toLowerCase();
}

/**
 * Records the offer of a return interview, the answer, and (when held) what was learned. The pages
 * send the offer and the outcome separately; the API may send both at once.
 */
export async function saveReturnInterview(db: Db, ctx: RequestContext, user: SignedInUser, episodeId: string, change: InterviewChange, now = new Date()): Promise<Outcome<Saved<{ id: string }>>> {
  const episode = await findVisibleEpisode(db, user, episodeId);
  if (!episode) return fail('not_found', { episodeId: 'There is no missing episode with this id that you can see' });
  const [existing] = await db.select().from(returnInterviews).where(eq(returnInterviews.episodeId, episode.id));
  const errors: FieldErrors = {};
  if (!change.offer && !change.outcome) errors.offeredAt = 'Send the offer of the interview, what was learned, or both';
  if (change.offer) Object.assign(errors, checkInterview(episode, change.offer, now));
  if (change.offer?.interviewerAgencyId && !(await areaAgency(db, user.areaId, change.offer.interviewerAgencyId))) errors.interviewerAgencyId = 'Select the interviewer’s agency from the list';
  if (existing?.completedAt) return fail('conflict', { completedAt: `The return interview was already recorded as held (${formatDateTime(existing.completedAt)})` });
  const offer = change.offer ?? existing;
  if (change.outcome) {
    if (!offer) errors.completedAt = 'Record that the interview was offered before recording what was learned';
    else if (!errors.offeredAt) {
      const response = change.offer ? change.offer.response : existing!.response;
      if (response === 'awaiting') errors.response = 'Record that they accepted the interview before recording what was learned';
      else Object.assign(errors, checkOutcome(episode, { offeredAt: offer.offeredAt, response }, change.outcome, now));
    }
  }
  if (Object.keys(errors).length) return fail(errors.offeredAt && !episode.returnedAt ? 'conflict' : 'invalid', errors);

  const result = await auditedCommand(
    db,
    ctx,
    (r: { id: string; created: boolean }) => ({
      action: r.created ? 'create' : 'update',
      recordKind: 'return_interview',
      recordId: r.id,
      details: { episodeId: episode.id, youngPersonId: episode.youngPersonId, offer: Boolean(change.offer), outcome: Boolean(change.outcome), response: change.offer?.response ?? existing?.response, mentions: change.outcome?.mentions.length ?? 0 },
    }),
    async (tx) => {
      let id = existing?.id;
      let created = false;
      const entries: { at: Date; summary: string }[] = [];
      const messages: { kind: string; text: string }[] = [];
      if (change.offer) {
        const o = change.offer;
        const [agency] = o.interviewerAgencyId ? await tx.select({ name: agencies.name }).from(agencies).where(eq(agencies.id, o.interviewerAgencyId)) : [];
        const who = `${o.interviewerName}${agency ? ` (${agency.name})` : ''}${o.independent ? '' : ', not independent of their care'}`;
        const values = { offeredAt: o.offeredAt, interviewerName: o.interviewerName, interviewerAgencyId: o.interviewerAgencyId, independent: o.independent, response: o.response, updatedAt: new Date() };
        if (existing) {
          await tx.update(returnInterviews).set(values).where(eq(returnInterviews.id, existing.id));
          if (existing.response !== o.response) entries.push({ at: now, summary: `Return interview after ${reference(episode.number)}: ${INTERVIEW_RESPONSES[o.response].toLowerCase()} (offered by ${who}).` });
        } else {
          const [row] = await tx
            .insert(returnInterviews)
            .values({ ...values, episodeId: episode.id, areaId: episode.areaId, youngPersonId: episode.youngPersonId, recordedByUserId: user.userId, recordedByAgencyId: user.agencyId })
            .returning({ id: returnInterviews.id });
          id = row!.id;
          created = true;
          entries.push({ at: o.offeredAt, summary: `Return interview offered after ${reference(episode.number)} by ${who}: ${INTERVIEW_RESPONSES[o.response].toLowerCase()}.` });
          messages.push({ kind: 'interview_offered', text: `Missing episode ${reference(episode.number)} you reported: a return interview was offered on ${formatDateTime(o.offeredAt)}.` });
        }
        if (o.response === 'declined' && existing?.response !== 'declined') messages.push({ kind: 'interview_declined', text: `Missing episode ${reference(episode.number)} you reported: the young person declined the return interview.` });
      }
      if (change.outcome) {
        const c = change.outcome;
        await tx
          .update(returnInterviews)
          .set({
            response: 'accepted',
            completedAt: c.completedAt,
            pushFactors: c.pushFactors,
            pullFactors: c.pullFactors,
            whereTheyWere: c.whereTheyWere,
            withWhom: c.withWhom,
            disclosure: c.disclosure,
            disclosureDetails: c.disclosureDetails,
            learning: c.learning,
            updatedAt: new Date(),
          })
          .where(eq(returnInterviews.id, id!));
        await insertMentions(tx, episode, c.mentions, [c.whereTheyWere, c.withWhom, c.disclosureDetails, c.learning].map((text) => ({ context: 'interview' as const, text })));
        const parts = [`Return interview held after ${reference(episode.number)}`];
        if (c.pushFactors.length) parts.push(`pushed away by: ${factorList(c.pushFactors, PUSH_FACTORS)}`);
        if (c.pullFactors.length) parts.push(`drawn away by: ${factorList(c.pullFactors, PULL_FACTORS)}`);
        if (c.whereTheyWere) parts.push(`where they were: ${clip(c.whereTheyWere)}`);
        if (c.withWhom) parts.push(`with: ${clip(c.withWhom)}`);
        parts.push(c.disclosure === 'yes' ? 'they told the interviewer about harm or abuse (see the interview record)' : 'no disclosure of harm');
        if (c.learning) parts.push(`learning: ${clip(c.learning, 300)}`);
        entries.push({ at: c.completedAt, summary: sentence(parts) });
        messages.push({ kind: 'interview_completed', text: `Missing episode ${reference(episode.number)} you reported: the return interview was held on ${formatDateTime(c.completedAt)}, and what was learned is on their record.` });
      }
      for (const entry of entries) {
        await addChronologyEntry(tx, { youngPersonId: episode.youngPersonId, occurredAt: entry.at, kind: 'missing', agencyId: user.agencyId, sourceKind: 'return_interview', sourceId: id!, summary: entry.summary });
      }
      for (const m of messages) await notifyReporter(tx, episode.recordedByUserId, user.userId, m.kind, m.text);
      return { id: id!, created };
    },
  );
  return succeed({ id: result.id, created: result.created });
}

/** The coordinator records the strategy meeting for a looked-after young person's episode (held, or not needed and why). */
export async function recordStrategyMeeting(db: Db, ctx: RequestContext, user: SignedInUser, episodeId: string, input: StrategyMeetingInput, now = new Date()): Promise<Outcome<Saved<{ id: string }>>> {
  if (!keepsAreaQueue(user)) return fail('forbidden', { outcome: 'Only the CSE coordinator records strategy meetings' });
  const episode = await findVisibleEpisode(db, user, episodeId);
  if (!episode) return fail('not_found', { episodeId: 'There is no missing episode with this id that you can see' });
  const errors = checkStrategyMeeting(episode, input, now);
  if (Object.keys(errors).length) return fail('invalid', errors);
  await auditedCommand(db, ctx, { action: 'update', recordKind: 'missing_episode', recordId: episode.id, details: { change: 'strategy_meeting', outcome: input.outcome, youngPersonId: episode.youngPersonId } }, async (tx) => {
    await tx
      .update(missingEpisodes)
      .set({ strategyMeetingOutcome: input.outcome, strategyMeetingAt: input.at, strategyMeetingNote: input.note, strategyMeetingRecordedByUserId: user.userId, updatedAt: new Date() })
      .where(eq(missingEpisodes.id, episode.id));
    const summary =
      input.outcome === 'held'
        ? `Strategy meeting held ${formatDateTime(input.at)} about missing episode ${reference(episode.number)}${input.note ? `: ${clip(input.note, 300)}` : '.'}`
        : `Strategy meeting about missing episode ${reference(episode.number)} decided not needed: ${clip(input.note ?? '', 300)}`;
    await addChronologyEntry(tx, { youngPersonId: episode.youngPersonId, occurredAt: input.at ?? now, kind: 'missing', agencyId: user.agencyId, sourceKind: 'missing_episode', sourceId: episode.id, summary });
    await notifyReporter(
      tx,
      episode.recordedByUserId,
      user.userId,
      'strategy_meeting',
      input.outcome === 'held'
        ? `Missing episode ${reference(episode.number)} you reported: a strategy meeting was held on ${formatDateTime(input.at)}.`
        : `Missing episode ${reference(episode.number)} you reported: the coordinator decided a strategy meeting was not needed.`,
    );
  });
  return succeed({ id: episode.id, created: false });
}

/**
 * A structured strategy meeting about this episode was recorded (by the plans module, inside its
 * transaction): the episode's meeting is then held, and its reporter is told once.
 */
export async function noteStrategyMeetingHeld(tx: Db, episodeId: string, heldAt: Date, byUserId: string): Promise<void> {
  const [episode] = await tx.select().from(missingEpisodes).where(eq(missingEpisodes.id, episodeId));
  if (!episode?.strategyMeetingDueAt || episode.strategyMeetingOutcome === 'held') return;
  await tx
    .update(missingEpisodes)
    .set({ strategyMeetingOutcome: 'held', strategyMeetingAt: heldAt, strategyMeetingRecordedByUserId: byUserId, updatedAt: new Date() })
    .where(eq(missingEpisodes.id, episodeId));
  await notifyReporter(tx, episode.recordedByUserId, byUserId, 'strategy_meeting', `Missing episode ${reference(episode.number)} you reported: a strategy meeting was held on ${formatDateTime(heldAt)}.`);
}

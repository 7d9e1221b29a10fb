import { sendFailure } from '../../platform/http/refusals.ts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { problem } from '../../platform/http/problem.ts';
import { API_PREFIX } from '../../platform/api/plugin.ts';
import { CASEWORK_ROLES } from '../../platform/auth/roles.ts';
import { findVisibleYoungPerson, isLookedAfter } from '../young-people/index.ts';
import type { MentionInput } from './mentions.ts';
import { episodesOf, mentionsOf } from './queries.ts';
import type { EpisodeInput, InterviewInput, InterviewOutcome, ReturnInput } from './rules.ts';
import { recordEpisode, recordReturn, saveReturnInterview } from './service.ts';
import { missingEpisodes, returnInterviews } from './tables.ts';
import { EPISODE_KINDS, HOW_RETURNED, INTERVIEW_RESPONSES, PULL_FACTORS, PUSH_FACTORS, reference } from './vocab.ts';

const keys = <T extends Record<string, unknown>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
const instant = z.iso.datetime({ offset: true }).describe('An ISO 8601 date-time with a zone, like 2026-11-20T23:15:00Z');
const text = (max: number) => z.string().trim().min(1).max(max);
const list = z.array(z.string().trim().min(1).max(200)).max(20);

const returnFields = {
  returnedAt: instant,
  foundWhere: text(500).optional(),
  foundWithAdults: list.optional(),
  foundWithYoungPeople: list.optional(),
  howReturned: z.enum(keys(HOW_RETURNED)),
  whileAway: text(20_000).optional(),
  otherPlaces: list.optional(),
  vehicles: list.optional(),
  phones: list.optional(),
  returnInterviewAgencyId: z.uuid().optional().describe('The agency that will offer the return interview; by default the lead professional’s'),
};
const returnBody = z.strictObject(returnFields);

export const episodeBody = z.strictObject({
  externalReference: text(100).describe('Your system’s own reference: sending the same one again creates nothing new'),
  youngPersonId: z.uuid(),
  kind: z.enum(keys(EPISODE_KINDS)).describe('missing, or away (away from placement without permission)'),
  lastSeenAt: instant,
  lastSeenWhere: text(500).optional(),
  reportedAt: instant.optional(),
  reportedBy: text(500).optional(),
  policeReference: text(100).optional(),
  lookedAfter: z.boolean().optional().describe('Whether they were looked after at the time; by default what their record says'),
  placement: text(500).optional(),
  return: returnBody.optional().describe('For an episode that is already over: their return, as PATCH takes it'),
});

const interviewBody = z.strictObject({
  offeredAt: instant,
  interviewerName: text(200),
  interviewerAgencyId: z.uuid().optional(),
  independent: z.boolean().describe('The interviewer has no part in their care or placement and was not part of the police search'),
  response: z.enum(keys(INTERVIEW_RESPONSES)),
  outcome: z
    .strictObject({
      completedAt: instant,
      pushFactors: z.array(z.enum(keys(PUSH_FACTORS))).max(20).default([]),
      pullFactors: z.array(z.enum(keys(PULL_FACTORS))).max(20).default([]),
      whereTheyWere: text(20_000).optional(),
      withWhom: text(20_000).optional(),
      places: list.optional(),
      adults: list.optional(),
      disclosure: z.boolean(),
      disclosureDetails: text(20_000).optional(),
      learning: text(20_000).optional(),
    })
    .optional()
    .describe('What was learned, once the interview has been held'),
});

const problemSchema = z.object({ type: z.string(), title: z.string(), status: z.number(), detail: z.string(), errors: z.record(z.string(), z.string()).optional() });
const created = z.object({ id: z.string(), reference: z.string(), status: z.string(), strategyMeetingDueAt: z.string().nullable(), returnInterviewDueAt: z.string().nullable() });

const episodeView = z.object({
  id: z.string(),
  reference: z.string(),
  kind: z.string(),
  status: z.string(),
  lastSeenAt: z.string(),
  lastSeenWhere: z.string().nullable(),
  reportedAt: z.string().nullable(),
  reportedBy: z.string().nullable(),
  policeReference: z.string().nullable(),
  lookedAfter: z.boolean(),
  placement: z.string().nullable(),
  returnedAt: z.string().nullable(),
  foundWhere: z.string().nullable(),
  howReturned: z.string().nullable(),
  whileAway: z.string().nullable(),
  mentions: z.array(z.object({ kind: z.string(), context: z.string(), value: z.string() })),
  strategyMeeting: z.object({ dueAt: z.string().nullable(), outcome: z.string().nullable(), at: z.string().nullable(), state: z.string() }),
  returnInterview: z.object({
    dueAt: z.string().nullable(),
    state: z.string(),
    offeredAt: z.string().nullable(),
    interviewerName: z.string().nullable(),
    independent: z.boolean().nullable(),
    response: z.string().nullable(),
    completedAt: z.string().nullable(),
    pushFactors: z.array(z.string()),
    pullFactors: z.array(z.string()),
    disclosure: z.boolean().nullable(),
  }),
});

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const lineMentions = (values: string[] | undefined, kind: MentionInput['kind'], context: MentionInput['context']): MentionInput[] => (values ?? []).map((value) => ({ kind, context, value }));

function toReturn(body: z.infer<typeof returnBody>): ReturnInput {
  return {
    returnedAt: new Date(body.returnedAt),
    foundWhere: body.foundWhere ?? null,
    howReturned: body.howReturned,
    whileAway: body.whileAway ?? null,
    mentions: [
      ...lineMentions(body.foundWithAdults, 'adult', 'found_with'),
      ...lineMentions(body.foundWithYoungPeople, 'young_person', 'found_with'),
      ...lineMentions(body.otherPlaces, 'place', 'while_away'),
      ...lineMentions(body.vehicles, 'vehicle', 'while_away'),
      ...lineMentions(body.phones, 'phone', 'while_away'),
    ],
    interviewAgencyId: body.returnInterviewAgencyId ?? null,
  };
}

export default async function missingApi(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const api = app.withTypeProvider<ZodTypeProvider>();
  async function episodeCreated(id: string) {
    const [e] = await db.select().from(missingEpisodes).where(eq(missingEpisodes.id, id));
    return { id: e!.id, reference: reference(e!.number), status: e!.status, strategyMeetingDueAt: iso(e!.strategyMeetingDueAt), returnInterviewDueAt: iso(e!.interviewDueAt) };
  }

  api.post(
    `${API_PREFIX}/missing-episodes`,
    {
      config: { roles: CASEWORK_ROLES, audit: { action: 'create', recordKind: 'missing_episode' } },
      schema: {
        tags: ['missing episodes'],
        summary: 'Report a missing episode from a police or care provider’s system',
        description: 'Idempotent on `externalReference`: a resend answers 200 with the episode first recorded. Refused (nothing stored): a young person you cannot see (404), times in the future or out of order (400), an episode overlapping another for the same young person (409).',
        body: episodeBody,
        response: { 201: created, 200: created, 400: problemSchema, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const b = request.body;
      const yp = await findVisibleYoungPerson(db, user, b.youngPersonId);
      const input: EpisodeInput = {
        kind: b.kind,
        lastSeenAt: new Date(b.lastSeenAt),
        lastSeenWhere: b.lastSeenWhere ?? null,
        reportedAt: b.reportedAt ? new Date(b.reportedAt) : null,
        reportedBy: b.reportedBy ?? null,
        policeReference: b.policeReference ?? null,
        lookedAfter: b.lookedAfter ?? isLookedAfter(yp?.livingArrangement, yp?.lookedAfter),
        placement: b.placement ?? null,
      };
      const result = await recordEpisode(db, request.ctx, user, b.youngPersonId, input, { source: 'api', externalReference: b.externalReference }, b.return ? toReturn(b.return) : undefined);
      if (!result.ok) return sendFailure(reply, result, 'missing episode');
      return reply.code(result.value.created ? 201 : 200).send(await episodeCreated(result.value.id));
    },
  );

  api.patch(
    `${API_PREFIX}/missing-episodes/:id`,
    {
      config: { roles: CASEWORK_ROLES, audit: { action: 'update', recordKind: 'missing_episode', recordId: 'id' } },
      schema: {
        tags: ['missing episodes'],
        summary: 'Record that the young person has come back',
        description: 'Sending the same return again changes nothing. Refused: a return before they were last seen or in the future (400), a different return already recorded or one that would overlap another episode (409).',
        params: z.object({ id: z.uuid() }),
        body: returnBody,
        response: { 200: created, 400: problemSchema, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const result = await recordReturn(db, request.ctx, request.user!, request.params.id, toReturn(request.body));
      if (!result.ok) return sendFailure(reply, result, 'return');
      return episodeCreated(result.value.id);
    },
  );

  api.post(
    `${API_PREFIX}/missing-episodes/:id/return-interview`,
    {
      config: { roles: CASEWORK_ROLES, audit: { action: 'update', recordKind: 'return_interview' } },
      schema: {
        tags: ['missing episodes'],
        summary: 'Record the offer of a return interview, the answer and what was learned',
        description: 'Send the offer (and the answer); send it again with `outcome` once the interview has been held. Refused: an offer or interview before the return or in the future (400), an episode whose return is not recorded or whose interview is already recorded as held (409).',
        params: z.object({ id: z.uuid() }),
        body: interviewBody,
        response: { 201: z.object({ id: z.string(), episodeId: z.string(), state: z.string() }), 200: z.object({ id: z.string(), episodeId: z.string(), state: z.string() }), 400: problemSchema, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const offer: InterviewInput = { offeredAt: new Date(b.offeredAt), interviewerName: b.interviewerName, interviewerAgencyId: b.interviewerAgencyId ?? null, independent: b.independent, response: b.response };
      const outcome: InterviewOutcome | undefined = b.outcome
        ? {
            completedAt: new Date(b.outcome.completedAt),
            pushFactors: b.outcome.pushFactors,
            pullFactors: b.outcome.pullFactors,
            whereTheyWere: b.outcome.whereTheyWere ?? null,
            withWhom: b.outcome.withWhom ?? null,
            disclosure: b.outcome.disclosure ? 'yes' : 'no',
            disclosureDetails: b.outcome.disclosureDetails ?? null,
            learning: b.outcome.learning ?? null,
            mentions: [...lineMentions(b.outcome.places, 'place', 'interview'), ...lineMentions(b.outcome.adults, 'adult', 'interview')],
          }
        : undefined;
      const result = await saveReturnInterview(db, request.ctx, request.user!, request.params.id, { offer, outcome });
      if (!result.ok) return sendFailure(reply, result, 'return interview');
      const [row] = await db.select().from(returnInterviews).where(eq(returnInterviews.id, result.value.id));
      const state = row!.completedAt ? 'completed' : row!.response === 'declined' ? 'declined' : row!.response === 'accepted' ? 'to_complete' : 'awaiting_answer';
      return reply.code(result.value.created ? 201 : 200).send({ id: row!.id, episodeId: row!.episodeId, state });
    },
  );

  api.get(
    `${API_PREFIX}/young-people/:id/missing-episodes`,
    {
      config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'missing_episodes', recordId: 'id' } },
      schema: {
        tags: ['missing episodes'],
        summary: 'A young person’s missing episodes, newest first, with their return interviews',
        params: z.object({ id: z.uuid() }),
        response: { 200: z.object({ youngPersonId: z.string(), episodes: z.array(episodeView) }), 404: problemSchema },
      },
    },
    async (request, reply) => {
      const yp = await findVisibleYoungPerson(db, request.user!, request.params.id);
      if (!yp) return problem(reply, 404, 'Not found', 'There is no young person with this id that you can see.');
      const list = await episodesOf(db, yp.id);
      const mentions = await mentionsOf(
        db,
        list.map((e) => e.episode.id),
      );
      request.noteAudit({ details: { episodes: list.length } });
      return {
        youngPersonId: yp.id,
        episodes: list.map(({ episode: e, interview: i, interviewState, meetingState }) => ({
          id: e.id,
          reference: reference(e.number),
          kind: e.kind,
          status: e.status,
          lastSeenAt: e.lastSeenAt.toISOString(),
          lastSeenWhere: e.lastSeenWhere,
          reportedAt: iso(e.reportedAt),
          reportedBy: e.reportedBy,
          policeReference: e.policeReference,
          lookedAfter: e.lookedAfter,
          placement: e.placement,
          returnedAt: iso(e.returnedAt),
          foundWhere: e.foundWhere,
          howReturned: e.howReturned,
          whileAway: e.whileAway,
          mentions: mentions.filter((m) => m.episodeId === e.id).map((m) => ({ kind: m.kind, context: m.context, value: m.asTyped })),
          strategyMeeting: { dueAt: iso(e.strategyMeetingDueAt), outcome: e.strategyMeetingOutcome, at: iso(e.strategyMeetingAt), state: meetingState },
          returnInterview: {
            dueAt: iso(e.interviewDueAt),
            state: interviewState,
            offeredAt: iso(i?.offeredAt),
            interviewerName: i?.interviewerName ?? null,
            independent: i?.independent ?? null,
            response: i?.response ?? null,
            completedAt: iso(i?.completedAt),
            pushFactors: i?.pushFactors ?? [],
            pullFactors: i?.pullFactors ?? [],
            disclosure: i?.disclosure ? i.disclosure === 'yes' : null,
          },
        })),
      };
    },
  );
}

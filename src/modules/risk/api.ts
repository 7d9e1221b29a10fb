/**
 * The risk assessment JSON API: submit a complete assessment in one body (the same checks as
 * the pages, which it goes through by building the pages' draft shape), list a young person's
 * assessments, and read the area's current instrument.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problem } from '../../platform/http/problem.ts';
import { API_PREFIX } from '../../platform/api/plugin.ts';
import { MAX_FREE_TEXT } from '../../platform/http/forms.ts';
import { CASEWORK_ROLES } from '../../platform/auth/roles.ts';
import { accessPaths, findVisibleYoungPerson, canManageRecord } from '../young-people/index.ts';
import { assessmentReference, findVisibleAssessment, fullAssessmentsOf, submitAssessment, type AssessmentRow } from './assessments.ts';
import { emptyDraftState, type DraftState } from './model.ts';
import { currentVersion } from './versions.ts';

const answerValue = z.enum(['now', 'last_6_months', '6_to_12_months', 'not_present']);
const yesNoUnknown = z.enum(['yes', 'no', 'not_known']);
const factStatus = z.enum(['none', 'indicated', 'known', 'not_recorded']);

export const assessmentBody = z.strictObject({
  youngPersonId: z.uuid(),
  instrumentVersion: z.int32().min(1).describe('The version of the area’s instrument the answers were given against; it must be the current one'),
  answers: z.record(z.string().min(1).max(100), answerValue).describe('Every indicator and protective factor in use in that version: id → answer. Untimed ones take now or not_present'),
  judgements: z.record(z.string().min(1).max(100), z.string().min(1).max(100)).optional().describe('Optional sections (such as the grooming stage): section id → option id'),
  facts: z.strictObject({
    immediateDanger: z.boolean(),
    lookedAfter: yesNoUnknown,
    learningDisability: yesNoUnknown,
    sexualActivity: factStatus,
    penetrativeSex: factStatus,
    missingNow: z.boolean().optional().describe('Whether the young person is missing now; when left out, true exactly when missingSince is given. Refused when the missing episodes on the record say otherwise'),
    missingSince: z.iso.datetime({ offset: true }).nullable().optional().describe('When the young person went missing, if they are missing now'),
    hasPartner: yesNoUnknown.describe('Whether they have a boyfriend, girlfriend or partner (for the age-gap rule)'),
    partnerAgeYears: z.int32().min(10).max(99).nullable().optional().describe('The partner’s age in whole years, the best estimate; required when hasPartner is yes'),
  }),
  judgement: z.strictObject({
    level: z.string().min(1).max(60).describe('The assessor’s level (a level id)'),
    reason: z.string().max(MAX_FREE_TEXT).optional().describe('Required when the level differs from the calculated one'),
    significantHarm: yesNoUnknown,
  }),
});
type AssessmentBody = z.infer<typeof assessmentBody>;

/** The API's JSON in the pages' draft shape, so both go through the same checks. */
function toState(body: AssessmentBody): DraftState {
  return {
    ...emptyDraftState(),
    indicators: { ...body.answers },
    judgements: { ...(body.judgements ?? {}) },
    optionalSeen: Object.keys(body.judgements ?? {}),
    facts: {
      immediateDanger: body.facts.immediateDanger ? 'yes' : 'no',
      lookedAfter: body.facts.lookedAfter,
      learningDisability: body.facts.learningDisability,
      sexualActivity: body.facts.sexualActivity,
      penetrativeSex: body.facts.penetrativeSex,
      missingNow: (body.facts.missingNow ?? Boolean(body.facts.missingSince)) ? 'yes' : 'no',
      missingSince: body.facts.missingSince ?? null,
      hasPartner: body.facts.hasPartner,
      partnerAge: body.facts.hasPartner === 'yes' ? (body.facts.partnerAgeYears ?? null) : null,
    },
    judgement: { level: body.judgement.level, reason: body.judgement.reason ?? '', significantHarm: body.judgement.significantHarm },
  };
}

const triggerView = z.object({
  id: z.string(),
  title: z.string(),
  whatToDo: z.string(),
  why: z.array(z.string()).describe('The facts the trigger used: the answers given and the episodes on the record'),
  rule: z.string().nullable().describe('The rule it follows, in plain words'),
});
const assessmentView = z.object({
  id: z.string(),
  reference: z.string(),
  youngPersonId: z.string(),
  assessedAt: z.string(),
  instrumentVersion: z.number(),
  level: z.string(),
  computedLevel: z.string(),
  levelDiffers: z.boolean(),
  judgementReason: z.string().nullable(),
  triggers: z.array(triggerView),
  reasons: z.array(z.string()),
  plan: z.array(z.object({ actionId: z.string(), text: z.string(), lead: z.string().nullable(), dueBy: z.string().nullable() })),
  nextReviewDue: z.string().nullable(),
});

export default async function riskApi(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    `${API_PREFIX}/assessments`,
    {
      config: { roles: CASEWORK_ROLES, audit: { action: 'create', recordKind: 'risk_assessment' } },
      schema: {
        tags: ['risk assessments'],
        summary: 'Submit a complete risk assessment',
        description:
          'The same checks as the pages: every question answered, only ids of the current version, and a reason when the level differs from the calculated one. A refused assessment stores nothing. The token’s user must be in the team around the young person, or the coordinator.',
        body: assessmentBody,
        response: { 201: assessmentView },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const yp = await findVisibleYoungPerson(db, user, request.body.youngPersonId);
      if (!yp) return problem(reply, 404, 'Not found', 'There is no young person with this id that you can see.');
      if (!canManageRecord(user, await accessPaths(db, user, yp.id))) {
        return problem(reply, 403, 'Forbidden', 'Only the team around the young person, or the coordinator, can submit an assessment.');
      }
      const result = await submitAssessment(db, request.ctx, user, yp.id, { kind: 'api', state: toState(request.body), version: request.body.instrumentVersion });
      if (!result.ok) {
        return problem(reply, 400, 'Invalid assessment', 'The assessment was not stored. Fix each problem and send it again.', {
          errors: result.problems.map((p) => ({ section: p.section, message: p.message })),
        });
      }
      const saved = await findVisibleAssessment(db, user, result.value.id);
      return reply.code(201).send(view(saved!));
    },
  );

  api.get(
    `${API_PREFIX}/young-people/:id/assessments`,
    {
      config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'risk_assessment_list' } },
      schema: {
        tags: ['risk assessments'],
        summary: 'A young person’s risk assessments, newest first',
        params: z.object({ id: z.uuid() }),
        response: { 200: z.object({ assessments: z.array(assessmentView) }) },
      },
    },
    async (request, reply) => {
      const yp = await findVisibleYoungPerson(db, request.user!, request.params.id);
      if (!yp) return problem(reply, 404, 'Not found', 'There is no young person with this id that you can see.');
      const list = await fullAssessmentsOf(db, yp.id);
      request.noteAudit({ recordId: yp.id, details: { assessmentIds: list.map((a) => a.id) } });
      return { assessments: list.map(view) };
    },
  );

  api.get(
    `${API_PREFIX}/instruments/current`,
    {
      // The questions and rules are configuration, not anyone's record; those who assess need them to send an assessment.
      config: { roles: CASEWORK_ROLES, audit: { none: 'the instrument is configuration and names no one' } },
      schema: {
        tags: ['risk assessments'],
        summary: 'The area’s current risk instrument',
        description: 'Answer its indicators and protective factors that are not retired; send its version with the assessment.',
        response: {
          200: z.object({
            version: z.number(),
            publishedAt: z.string().nullable(),
            changeNote: z.string().nullable(),
            instrument: z.record(z.string(), z.unknown()),
          }),
        },
      },
    },
    async (request) => {
      const current = await currentVersion(db, request.user!.areaId);
      return {
        version: current.row.version,
        publishedAt: current.row.publishedAt?.toISOString() ?? null,
        changeNote: current.row.changeNote,
        instrument: current.instrument as unknown as Record<string, unknown>,
      };
    },
  );
}

function view(a: AssessmentRow): z.infer<typeof assessmentView> {
  return {
    id: a.id,
    reference: assessmentReference(a.number),
    youngPersonId: a.youngPersonId,
    assessedAt: a.assessedAt.toISOString(),
    instrumentVersion: a.instrumentVersion,
    level: a.level,
    computedLevel: a.computedLevel,
    levelDiffers: a.levelDiffers,
    judgementReason: a.judgementReason,
    triggers: a.result.triggers.map((t) => ({ id: t.triggerId, title: t.title, whatToDo: t.whatToDo, why: t.why, rule: t.rule ?? null })),
    reasons: a.result.reasons.summary,
    plan: a.plan,
    nextReviewDue: a.nextReviewDue,
  };
}

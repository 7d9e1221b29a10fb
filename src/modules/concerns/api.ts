import { sendFailure } from '../../platform/http/refusals.ts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { problem } from '../../platform/http/problem.ts';
import { API_PREFIX } from '../../platform/api/plugin.ts';
import { CASEWORK_ROLES } from '../../platform/auth/roles.ts';
import { HOW_LEARNED, LAWFUL_BASES, MENTION_KINDS, YOUNG_PERSON_AWARE, validateConcern, type RawConcern } from './concern-input.ts';
import { checklistForArea } from './indicators.ts';
import { visibleConcerns } from './policy.ts';
import { submitConcern } from './submission.ts';
import { concerns } from './tables.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const keys = <T extends Record<string, unknown>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];

const newPerson = z.strictObject({
  kind: z.literal('new'),
  givenName: z.string().max(100).optional(),
  familyName: z.string().max(100).optional(),
  aliases: z.array(z.string().max(60)).max(20).optional(),
  dateOfBirth: isoDate.optional(),
  estimatedAge: z.number().int().min(0).max(25).optional(),
  gender: z.string().max(40).optional(),
  ethnicity: z.string().max(40).optional(),
  address: z.string().max(500).optional(),
  postcode: z.string().max(10).optional(),
  school: z.string().max(200).optional(),
  nhsNumber: z.string().max(20).optional(),
  upn: z.string().max(20).optional(),
  localAuthorityId: z.string().max(30).optional(),
});

export const concernBody = z.strictObject({
  externalReference: z.string().min(1).max(100).describe('Your system’s own reference: sending the same one again creates nothing new'),
  immediateDanger: z.boolean(),
  subject: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('known'), youngPersonId: z.uuid() }),
    newPerson,
    z.strictObject({ kind: z.literal('unidentified'), description: z.string().min(1).max(2000), estimatedAge: z.number().int().min(0).max(25).optional(), gender: z.string().max(40).optional() }),
  ]),
  indicators: z.array(z.string().max(80)).max(200).default([]),
  details: z.string().min(1).max(20_000),
  occurredOn: isoDate.optional(),
  whenText: z.string().max(500).optional(),
  whereText: z.string().max(1000).optional(),
  others: z.partialRecord(z.enum(keys(MENTION_KINDS)), z.array(z.string().max(200)).max(30)).optional(),
  howLearned: z.enum(keys(HOW_LEARNED)),
  youngPersonAware: z.enum(keys(YOUNG_PERSON_AWARE)),
  lawfulBasis: z.enum(keys(LAWFUL_BASES)),
});
type ConcernBody = z.infer<typeof concernBody>;

const dateParts = (prefix: string, iso: string | undefined) => {
  const [year, month, day] = (iso ?? '').split('-');
  return { [`${prefix}-day`]: day ?? '', [`${prefix}-month`]: month ?? '', [`${prefix}-year`]: year ?? '' };
};

/** The API's JSON, in the shape the pages' answers take, so both go through the same checks. */
function toRaw(body: ConcernBody): RawConcern {
  const s = body.subject;
  const raw: RawConcern = {
    immediateDanger: body.immediateDanger,
    subjectKind: s.kind,
    indicators: body.indicators,
    details: body.details,
    occurredOn: dateParts('occurredOn', body.occurredOn),
    whenText: body.whenText,
    whereText: body.whereText,
    others: body.others ?? {},
    howLearned: body.howLearned,
    youngPersonAware: body.youngPersonAware,
    lawfulBasis: body.lawfulBasis,
  };
  if (s.kind === 'known') raw.youngPersonId = s.youngPersonId;
  if (s.kind === 'unidentified') Object.assign(raw, { description: s.description, estimatedAge: s.estimatedAge?.toString(), gender: s.gender });
  if (s.kind === 'new') {
    raw.person = {
      ...s,
      aliases: (s.aliases ?? []).join(', '),
      estimatedAge: s.estimatedAge?.toString() ?? '',
      ...dateParts('dateOfBirth', s.dateOfBirth),
    };
  }
  return raw;
}

const concernView = z.object({
  id: z.string(),
  reference: z.string(),
  status: z.string(),
  urgent: z.boolean(),
  subjectKind: z.string(),
  youngPersonId: z.string().nullable(),
  indicators: z.array(z.string()),
  details: z.string(),
  submittedAt: z.string(),
  certainty: z.string().nullable(),
  outcome: z.string().nullable(),
});

export default async function concernApi(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    `${API_PREFIX}/concerns`,
    {
      config: { roles: CASEWORK_ROLES, audit: { action: 'create', recordKind: 'concern' } },
      schema: {
        tags: ['concerns'],
        summary: 'Send a concern from another agency’s system',
        description: 'Idempotent on `externalReference`: a resend answers 200 with the concern first created.',
        body: concernBody,
        response: { 201: z.object({ id: z.string(), reference: z.string(), urgent: z.boolean() }), 200: z.object({ id: z.string(), reference: z.string(), urgent: z.boolean() }) },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const { input, errors } = validateConcern(toRaw(request.body), await checklistForArea(db, user.areaId));
      if (!input) return problem(reply, 400, 'Invalid concern', 'Some fields are not valid; nothing was stored.', { errors });
      const result = await submitConcern(db, request.ctx, user, input, { source: 'api', externalReference: request.body.externalReference });
      if (!result.ok) return sendFailure(reply, result, 'concern');
      return reply.code(result.value.created ? 201 : 200).send({ id: result.value.id, reference: `C-${result.value.number}`, urgent: result.value.urgent });
    },
  );

  api.get(
    `${API_PREFIX}/concerns/:id`,
    {
      config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'concern', recordId: 'id' } },
      schema: { tags: ['concerns'], summary: 'One concern, if you may see it', params: z.object({ id: z.uuid() }), response: { 200: concernView } },
    },
    async (request, reply) => {
      const [row] = await db.select().from(concerns).where(and(eq(concerns.id, request.params.id), visibleConcerns(request.user!)));
      if (!row) return problem(reply, 404, 'Not found', 'There is no concern with this id that you can see.');
      return {
        id: row.id,
        reference: `C-${row.number}`,
        status: row.status,
        urgent: row.urgent,
        subjectKind: row.subjectKind,
        youngPersonId: row.youngPersonId,
        indicators: row.indicators,
        details: row.details,
        submittedAt: row.submittedAt.toISOString(),
        certainty: row.certainty,
        outcome: row.outcome,
      };
    },
  );
}

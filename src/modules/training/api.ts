/** The training register's JSON API: coverage, courses, sessions, importing attendance, one's own record. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { API_PREFIX } from '../../platform/api/plugin.ts';
import { PARTNERSHIP_EDIT_ROLES, PARTNERSHIP_READ_ROLES, PARTNERSHIP_RECORDING_ROLES, ROLES } from '../../platform/auth/roles.ts';
import { sendFailure } from '../../platform/http/refusals.ts';
import { problem } from '../../platform/http/problem.ts';
import { addDays, londonToday } from '../../platform/time.ts';
import { areaCourses, coverage, createCourse, duplication, ownTraining, recordSession } from './service.ts';
import { importAttendance } from './import.ts';
import { sessionReference } from './vocab.ts';

const courseBody = z.object({ title: z.string(), topic: z.string(), level: z.string(), provider: z.string(), lengthMinutes: z.number(), audience: z.string(), validMonths: z.number() });
const sessionBody = z.object({
  courseId: z.string(),
  heldOn: z.string(),
  places: z.number(),
  agencyId: z.string(),
  attendance: z.array(z.union([z.object({ userId: z.string() }), z.object({ agencyId: z.string(), role: z.string(), count: z.number() })])),
});
const importBody = z.object({ csv: z.string(), confirm: z.boolean().default(false) });
const share = z.number().nullable();

export default async function trainingApi(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['training register'];

  api.get(
    `${API_PREFIX}/training/coverage`,
    {
      config: { roles: PARTNERSHIP_READ_ROLES, audit: { action: 'view', recordKind: 'training_register' } },
      schema: {
        tags,
        summary: 'Coverage by agency and role against the area’s target, the gaps, and duplicated content in the last year (counts only)',
        response: {
          200: z.object({
            today: z.string(),
            target: z.number(),
            totals: z.object({ people: z.number(), trained: z.number(), countedWithoutAccounts: z.number(), share }),
            lines: z.array(z.object({ agencyId: z.string(), agencyName: z.string(), role: z.string(), people: z.number(), trained: z.number(), countedWithoutAccounts: z.number(), share, belowTarget: z.boolean() })),
            gaps: z.array(z.object({ agencyName: z.string(), roleLabel: z.string().nullable() })),
            duplication: z.array(z.object({ topic: z.string(), audience: z.string(), providers: z.array(z.string()), sessions: z.number() })),
          }),
        },
      },
    },
    async (request) => {
      const today = londonToday();
      const c = await coverage(db, request.user!.areaId, today);
      const d = await duplication(db, request.user!.areaId, addDays(today, -365), today);
      return {
        today,
        target: c.target,
        totals: c.totals,
        lines: c.lines.map((l) => ({ agencyId: l.agencyId, agencyName: l.agencyName, role: l.role, people: l.people, trained: l.trained, countedWithoutAccounts: l.countedWithoutAccounts, share: l.share, belowTarget: l.belowTarget })),
        gaps: c.gaps,
        duplication: d.map((x) => ({ topic: x.topic, audience: x.audience, providers: x.providers, sessions: x.sessions })),
      };
    },
  );

  api.get(
    `${API_PREFIX}/training/courses`,
    { config: { roles: PARTNERSHIP_READ_ROLES, audit: { action: 'view', recordKind: 'training_register', details: { list: 'courses' } } }, schema: { tags, summary: 'The area’s courses', response: { 200: z.object({ courses: z.array(courseBody.extend({ id: z.string() })) }) } } },
    async (request) => ({ courses: (await areaCourses(db, request.user!.areaId)).map((c) => ({ id: c.id, title: c.title, topic: c.topic, level: c.level, provider: c.provider, lengthMinutes: c.lengthMinutes, audience: c.audience, validMonths: c.validMonths })) }),
  );

  api.post(
    `${API_PREFIX}/training/courses`,
    { config: { roles: PARTNERSHIP_EDIT_ROLES, audit: { action: 'create', recordKind: 'training_course' } }, schema: { tags, summary: 'Add a course to the register', body: courseBody, response: { 201: z.object({ id: z.string() }) } } },
    async (request, reply) => {
      const result = await createCourse(db, request.ctx, request.user!, request.body);
      if (!result.ok) return sendFailure(reply, result, 'course');
      return reply.code(201).send(result.value);
    },
  );

  api.post(
    `${API_PREFIX}/training/sessions`,
    {
      config: { roles: PARTNERSHIP_RECORDING_ROLES, audit: { action: 'create', recordKind: 'training_session' } },
      schema: {
        tags,
        summary: 'Record a session and who attended',
        description: 'Attendance is people with accounts ({ userId }) or counts by agency and role ({ agencyId, role, count }); it may not add up to more than the places. The date may not be in the future. An agency lead records their own agency only.',
        body: sessionBody,
        response: { 201: z.object({ id: z.string(), reference: z.string() }) },
      },
    },
    async (request, reply) => {
      const result = await recordSession(db, request.ctx, request.user!, request.body);
      if (!result.ok) return sendFailure(reply, result, 'training session');
      return reply.code(201).send({ id: result.value.id, reference: sessionReference(result.value.number) });
    },
  );

  api.post(
    `${API_PREFIX}/training/attendance-import`,
    {
      config: { roles: PARTNERSHIP_RECORDING_ROLES, audit: { action: 'create', recordKind: 'training_session' } },
      schema: {
        tags,
        summary: 'Import attendance from CSV: a dry run unless confirm is true; nothing is saved while any row has a problem',
        body: importBody,
        response: {
          200: z.object({ confirmed: z.boolean(), written: z.boolean(), rows: z.number(), sessions: z.number(), people: z.number(), problems: z.array(z.object({ row: z.number(), field: z.string(), problem: z.string() })) }),
        },
      },
    },
    async (request, reply) => {
      const report = await importAttendance(db, request.ctx, request.user!, request.body.csv, request.body.confirm);
      if (report.problems.length) return problem(reply, 400, 'Invalid import', `${report.problems[0]!.field}: ${report.problems[0]!.problem} (row ${report.problems[0]!.row}). Nothing was stored.`, { problems: report.problems });
      return report;
    },
  );

  api.get(
    `${API_PREFIX}/my-training`,
    {
      config: { roles: ROLES, audit: { action: 'view', recordKind: 'training_record' } },
      schema: { tags, summary: 'The signed-in person’s own training', response: { 200: z.object({ entries: z.array(z.object({ title: z.string(), level: z.string(), provider: z.string(), heldOn: z.string(), expiresOn: z.string(), refresherDueOn: z.string() })) }) } },
    },
    async (request) => {
      request.noteAudit({ recordId: request.user!.userId });
      const found = await ownTraining(db, request.user!.userId);
      return { entries: found.map((e) => ({ title: e.title, level: e.level, provider: e.provider, heldOn: e.heldOn, expiresOn: e.expiresOn, refresherDueOn: e.refresherDueOn })) };
    },
  );
}

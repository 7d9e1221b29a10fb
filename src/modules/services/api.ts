/**
 * The databank's JSON API: search and read services, add and change them, import a CSV file (a
 * dry run unless confirmed), list resources, and record what came of an action's referral. The
 * same checks as the pages, through the same functions.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { API_PREFIX } from '../../platform/api/plugin.ts';
import { CASEWORK_ROLES, PARTNERSHIP_EDIT_ROLES } from '../../platform/auth/roles.ts';
import { problem } from '../../platform/http/problem.ts';
import { sendFailure } from '../../platform/http/refusals.ts';
import { londonToday, now } from '../../platform/time.ts';
import { DATABANK_READ_ROLES } from './access.ts';
import { NEEDS, REFERRAL_OUTCOMES, SECTORS, SEXES } from './vocab.ts';
import { createService, findService, searchResources, searchServices, serviceView, updateService, type ServiceDraft, type ServiceRow } from './service.ts';
import { recordReferral } from './referrals.ts';
import { importServices } from './import.ts';

const NO_PERSONAL_DATA = 'the databank lists services and resources, naming no young person';
const needEnum = z.enum(Object.keys(NEEDS) as [string, ...string[]]);

const serviceInput = z.object({
  name: z.string().max(200),
  sector: z.enum(Object.keys(SECTORS) as [string, ...string[]]),
  provider: z.string().max(200),
  agencyId: z.uuid().nullable().optional(),
  offer: z.string().max(4000),
  needs: z.array(z.string().max(60)).max(20),
  minAge: z.number().int().min(0).max(25).nullable().optional(),
  maxAge: z.number().int().min(0).max(25).nullable().optional(),
  sex: z.enum(Object.keys(SEXES) as [string, ...string[]]).default('any'),
  referPhone: z.string().max(40).nullable().optional(),
  referEmail: z.string().max(200).nullable().optional(),
  referWebsite: z.string().max(500).nullable().optional(),
  selfReferral: z.boolean().default(false),
  dropIn: z.boolean().default(false),
  contact: z.string().max(4000).nullable().optional(),
  waitingTime: z.string().max(200).nullable().optional(),
  coverage: z.string().max(200).nullable().optional(),
  lastCheckedOn: z.string().max(10).describe('YYYY-MM-DD, today or before'),
});

const serviceOutput = z.object({
  id: z.string(),
  reference: z.string(),
  name: z.string(),
  sector: z.string(),
  provider: z.string(),
  agencyId: z.string().nullable(),
  offer: z.string(),
  needs: z.array(z.string()),
  minAge: z.number().nullable(),
  maxAge: z.number().nullable(),
  sex: z.string(),
  referPhone: z.string().nullable(),
  referEmail: z.string().nullable(),
  referWebsite: z.string().nullable(),
  selfReferral: z.boolean(),
  dropIn: z.boolean(),
  contact: z.string().nullable(),
  waitingTime: z.string().nullable(),
  coverage: z.string().nullable(),
  lastCheckedOn: z.string(),
  stale: z.boolean(),
});

function draftOf(body: z.infer<typeof serviceInput>): ServiceDraft {
  const s = (v: string | null | undefined) => v ?? '';
  const n = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
  return { ...body, agencyId: s(body.agencyId), minAge: n(body.minAge), maxAge: n(body.maxAge), referPhone: s(body.referPhone), referEmail: s(body.referEmail), referWebsite: s(body.referWebsite), contact: s(body.contact), waitingTime: s(body.waitingTime), coverage: s(body.coverage) };
}

function outputOf(row: ServiceRow, today: string): z.infer<typeof serviceOutput> {
  const v = serviceView(row, today);
  return {
    id: v.id, reference: v.reference, name: v.name, sector: v.sector, provider: v.provider, agencyId: v.agencyId, offer: v.offer, needs: v.needs, minAge: v.minAge, maxAge: v.maxAge, sex: v.sex,
    referPhone: v.referPhone, referEmail: v.referEmail, referWebsite: v.referWebsite, selfReferral: v.selfReferral, dropIn: v.dropIn, contact: v.contact, waitingTime: v.waitingTime, coverage: v.coverage, lastCheckedOn: v.lastCheckedOn, stale: v.stale,
  };
}

export default async function servicesApi(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['services and resources'];

  api.get(
    `${API_PREFIX}/services`,
    {
      config: { roles: DATABANK_READ_ROLES, audit: { none: NO_PERSONAL_DATA } },
      schema: { tags, summary: 'Search the area’s services by need and words', querystring: z.object({ need: needEnum.optional(), q: z.string().max(100).optional(), stale: z.enum(['true', 'false']).optional() }), response: { 200: z.object({ services: z.array(serviceOutput) }) } },
    },
    async (request) => {
      const today = londonToday(now());
      const found = await searchServices(db, request.user!.areaId, { need: request.query.need, q: request.query.q?.trim(), staleOnly: request.query.stale === 'true' }, today);
      return { services: found.map((s) => outputOf(s, today)) };
    },
  );

  api.get(
    `${API_PREFIX}/services/:serviceId`,
    { config: { roles: DATABANK_READ_ROLES, audit: { none: NO_PERSONAL_DATA } }, schema: { tags, summary: 'One service', params: z.object({ serviceId: z.uuid() }), response: { 200: serviceOutput } } },
    async (request, reply) => {
      const found = await findService(db, request.user!.areaId, request.params.serviceId);
      if (!found) return problem(reply, 404, 'Not found', 'There is no service with this id in your area.');
      return outputOf(found, londonToday(now()));
    },
  );

  api.post(
    `${API_PREFIX}/services`,
    {
      config: { roles: PARTNERSHIP_EDIT_ROLES, audit: { action: 'create', recordKind: 'service' } },
      schema: { tags, summary: 'Add a service to the databank', description: 'Needs come from the fixed list; at least one way to refer (phone, email, web address, self-referral or drop-in) is required.', body: serviceInput, response: { 201: z.object({ id: z.string(), reference: z.string() }) } },
    },
    async (request, reply) => {
      const result = await createService(db, request.ctx, request.user!, draftOf(request.body), now());
      if (!result.ok) return sendFailure(reply, result, 'service');
      return reply.code(201).send({ id: result.value.id, reference: `SV-${result.value.number}` });
    },
  );

  api.put(
    `${API_PREFIX}/services/:serviceId`,
    {
      config: { roles: PARTNERSHIP_EDIT_ROLES, audit: { action: 'update', recordKind: 'service', recordId: 'serviceId' } },
      schema: { tags, summary: 'Change a service (every field is sent again)', params: z.object({ serviceId: z.uuid() }), body: serviceInput, response: { 200: z.object({ id: z.string() }) } },
    },
    async (request, reply) => {
      const result = await updateService(db, request.ctx, request.user!, request.params.serviceId, draftOf(request.body), now());
      if (!result.ok) return sendFailure(reply, result, 'service');
      return { id: result.value.id };
    },
  );

  api.post(
    `${API_PREFIX}/services/import`,
    {
      config: { roles: PARTNERSHIP_EDIT_ROLES, audit: { action: 'create', recordKind: 'service_import' } },
      schema: {
        tags,
        summary: 'Import services from CSV text: a dry run unless confirm is true; nothing is saved while any row has a problem',
        body: z.object({ csv: z.string().max(2_000_000), confirm: z.boolean().default(false) }),
        description: 'A file with problems is refused with a problem document (400) listing each problem with its row number (the header is row 1); nothing is saved.',
        response: { 200: z.object({ rows: z.number(), created: z.number(), confirmed: z.boolean(), problems: z.array(z.object({ row: z.number(), problem: z.string() })) }) },
      },
    },
    async (request, reply) => {
      const report = await importServices(db, request.ctx, request.user!, new TextEncoder().encode(request.body.csv), request.body.confirm, now());
      if (report.problems.length) {
        const count = report.problems.length === 1 ? 'One problem was' : `${report.problems.length} problems were`;
        return problem(reply, 400, 'Invalid import', `${count} found, so nothing was imported: row ${report.problems[0]!.row}: ${report.problems[0]!.problem}`, { rows: report.rows, created: 0, confirmed: false, problems: report.problems });
      }
      return reply.code(200).send(report);
    },
  );

  api.get(
    `${API_PREFIX}/resources`,
    {
      config: { roles: DATABANK_READ_ROLES, audit: { none: NO_PERSONAL_DATA } },
      schema: {
        tags,
        summary: 'Search the area’s resources (toolkits, leaflets, guidance)',
        querystring: z.object({ need: needEnum.optional(), q: z.string().max(100).optional() }),
        response: { 200: z.object({ resources: z.array(z.object({ id: z.string(), title: z.string(), kind: z.string(), audience: z.string(), description: z.string().nullable(), link: z.string(), needs: z.array(z.string()), lastCheckedOn: z.string() })) }) },
      },
    },
    async (request) => {
      const found = await searchResources(db, request.user!.areaId, { need: request.query.need, q: request.query.q?.trim() });
      return { resources: found.map((r) => ({ id: r.id, title: r.title, kind: r.kind, audience: r.audience, description: r.description, link: r.link, needs: r.needs, lastCheckedOn: r.lastCheckedOn })) };
    },
  );

  api.post(
    `${API_PREFIX}/service-referrals`,
    {
      config: { roles: CASEWORK_ROLES, audit: { action: 'create', recordKind: 'service_referral' } },
      schema: {
        tags,
        summary: 'Record what came of an action’s referral: a service referred to for a need, or no service found',
        description: 'The action is a task (casework_task) or a panel action (panel_action) the token’s user may complete.',
        body: z.object({ actionKind: z.enum(['casework_task', 'panel_action']), actionId: z.uuid(), need: needEnum, outcome: z.enum(Object.keys(REFERRAL_OUTCOMES) as [string, ...string[]]), serviceId: z.uuid().nullable().optional() }),
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const result = await recordReferral(db, request.ctx, request.user!, b.actionKind, b.actionId, { need: b.need, outcome: b.outcome, serviceId: b.serviceId ?? '' }, now());
      if (!result.ok) return sendFailure(reply, result, 'referral');
      return reply.code(201).send({ id: result.value.id });
    },
  );
}

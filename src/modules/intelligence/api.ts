import { sendFailure } from '../../platform/http/refusals.ts';
import { fail } from '../../platform/outcome.ts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problem } from '../../platform/http/problem.ts';
import { API_PREFIX } from '../../platform/api/plugin.ts';
import { CASEWORK_ROLES, INTELLIGENCE_ROLES } from '../../platform/auth/roles.ts';
import { disruptionsFor, readDisruption, recordDisruption } from './disruptions.ts';
import { entriesFor, readEntry, readSubjects, recordEntry } from './entries.ts';
import { networkFor, NETWORK_ROOT_KINDS, type RootKind } from './network.ts';
import { seesFullIntelligence } from './policy.ts';
import { linkConcernToPlace, unlinkConcernFromPlace } from './concern-places.ts';
import { decidePlaceMatch, placeSuggestionsForPlace } from './place-suggestions.ts';
import { createAdult, createPlace, findVisibleAdult, findVisiblePlace, identifiersOfRecord, readAdult, readPlace, updateAdult, updatePlace, visibleAdults, visiblePlaces, type AdultRow, type PlaceRow } from './records.ts';
import { ADULT_STATUSES, DISRUPTION_KINDS, DISRUPTION_OUTCOMES, MAPPA, PLACE_KINDS, SOURCE_KINDS, adultReference, disruptionReference, entryReference, placeReference } from './vocab.ts';

const keys = <T extends Record<string, unknown>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
const short = z.string().trim().min(1).max(200);
const long = z.string().trim().min(1).max(20_000);
const list = z.array(short).max(20);
const day = z.iso.date().describe('A date, like 2026-03-27');
const subject = z.strictObject({ kind: z.enum(['adult', 'place', 'young_person']), id: z.uuid() });
const problemSchema = z.object({ type: z.string(), title: z.string(), status: z.number(), detail: z.string(), errors: z.record(z.string(), z.string()).optional() });

const identifierLists = {
  vehicles: list.optional().describe('Registrations as known; an unrecognised or partial one is kept as typed and flagged'),
  phones: list.optional().describe('Phone numbers; an invalid one is kept as typed and flagged'),
  emails: list.optional(),
  onlineAccounts: list.optional().describe('Like "Snapchat: deano_nb"'),
};

const adultBody = z.strictObject({
  name: short,
  aliases: list.optional(),
  dateOfBirth: day.optional(),
  approximateAge: z.number().int().min(10).max(110).optional(),
  description: long.optional(),
  addresses: list.optional(),
  otherAreas: list.optional(),
  status: z.enum(keys(ADULT_STATUSES)).optional(),
  mappa: z.enum(keys(MAPPA)).optional(),
  knownSince: day.optional(),
  ...identifierLists,
});

const placeBody = z.strictObject({
  kind: z.enum(keys(PLACE_KINDS)),
  name: short,
  addressLine: short.optional(),
  town: short.optional(),
  postcode: short.optional(),
  openingHours: short.optional(),
  runBy: short.optional(),
  licensingAuthority: short.optional(),
  ...identifierLists,
});

const entryBody = z.strictObject({
  text: long,
  sanitisedText: long.optional().describe('Required for handling code C: what partners are shown'),
  sourceKind: z.enum(keys(SOURCE_KINDS)).describe('The kind of source; never its identity'),
  receivedOn: day,
  sourceGrade: z.string().max(5).describe('1 reliable, 2 untested, 3 not reliable; anything else is refused'),
  intelligenceGrade: z.string().max(5).describe('A known directly, B known indirectly and corroborated, C known indirectly, D not known, E suspected false'),
  handling: z.string().max(5).describe('P may be shared, C may be shared with conditions'),
  handlingConditions: z.string().trim().max(1000).optional().describe('Required for handling code C: who may be told and what may be done with it'),
  subjects: z.array(subject).min(1).max(20),
});

const disruptionBody = z.strictObject({
  kind: z.enum(keys(DISRUPTION_KINDS)),
  occurredOn: day,
  details: long.optional(),
  outcome: z.enum(keys(DISRUPTION_OUTCOMES)).optional().describe('For kind "outcome"'),
  outcomeReason: long.optional(),
  supportGiven: long.optional().describe('Support given to the young person before, during and after court'),
  followsId: z.uuid().optional().describe('The earlier step this one follows (a notice for a breach)'),
  subjects: z.array(subject).min(1).max(20),
});

const identifierView = z.object({ kind: z.string(), asTyped: z.string(), recognised: z.boolean() });
const adultView = z.object({
  id: z.string(),
  reference: z.string(),
  name: z.string(),
  aliases: z.array(z.string()),
  status: z.string(),
  approximateAge: z.number().nullable(),
  dateOfBirth: z.string().nullable(),
  description: z.string().nullable().optional(),
  addresses: z.array(z.string()).optional(),
  otherAreas: z.array(z.string()).optional(),
  mappa: z.string().optional(),
  knownSince: z.string().optional(),
  identifiers: z.array(identifierView).optional(),
});
const placeView = z.object({
  id: z.string(),
  reference: z.string(),
  kind: z.string(),
  name: z.string(),
  addressLine: z.string().nullable(),
  town: z.string().nullable(),
  postcode: z.string().nullable(),
  openingHours: z.string().nullable().optional(),
  runBy: z.string().nullable().optional(),
  licensingAuthority: z.string().nullable().optional(),
  identifiers: z.array(identifierView).optional(),
});
const entryView = z.object({
  id: z.string(),
  reference: z.string(),
  receivedOn: z.string(),
  sourceKind: z.string().nullable().describe('Null for a partner reading a handling-code-C entry: the kind of source is not shared with them'),
  grade: z.string(),
  handling: z.string(),
  handlingConditions: z.string().nullable().describe('Who may be told and what may be done with it; always given with the text'),
  text: z.string(),
  fullText: z.boolean(),
  sanitisedText: z.string().nullable(),
});
const disruptionView = z.object({ id: z.string(), reference: z.string(), kind: z.string(), occurredOn: z.string(), outcome: z.string().nullable(), followsId: z.string().nullable(), warnings: z.array(z.string()).optional() });

/** Turns the API's JSON into the pages' answer shape, so the same checks run. */
const asAnswers = (body: Record<string, unknown>) => Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'number' ? String(v) : v]));

export default async function intelligenceApi(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const api = app.withTypeProvider<ZodTypeProvider>();
  // Reads are for anyone doing casework (the policy narrows what each sees); changes are the officers'.
  const reading = (recordKind: string, recordId?: string) => ({ roles: CASEWORK_ROLES, audit: { action: 'view' as const, recordKind, ...(recordId ? { recordId } : {}) } });
  const change = (action: 'create' | 'update', recordKind: string, recordId?: string) => ({ roles: INTELLIGENCE_ROLES, audit: { action, recordKind, ...(recordId ? { recordId } : {}) } });

  async function adultJson(user: Parameters<typeof seesFullIntelligence>[0], a: AdultRow) {
    const basic = { id: a.id, reference: adultReference(a.number), name: a.name, aliases: a.aliases, status: a.status, approximateAge: a.approximateAge, dateOfBirth: a.dateOfBirth };
    if (!seesFullIntelligence(user)) return basic;
    const identifiers = await identifiersOfRecord(db, { adultId: a.id });
    return { ...basic, description: a.description, addresses: a.addresses, otherAreas: a.otherAreas, mappa: a.mappa, knownSince: a.knownSince, identifiers: identifiers.map((i) => ({ kind: i.kind, asTyped: i.asTyped, recognised: i.recognised })) };
  }
  async function placeJson(user: Parameters<typeof seesFullIntelligence>[0], p: PlaceRow) {
    const basic = { id: p.id, reference: placeReference(p.number), kind: p.kind, name: p.name, addressLine: p.addressLine, town: p.town, postcode: p.postcode };
    if (!seesFullIntelligence(user)) return basic;
    const identifiers = await identifiersOfRecord(db, { placeId: p.id });
    return { ...basic, openingHours: p.openingHours, runBy: p.runBy, licensingAuthority: p.licensingAuthority, identifiers: identifiers.map((i) => ({ kind: i.kind, asTyped: i.asTyped, recognised: i.recognised })) };
  }

  api.get(`${API_PREFIX}/adults-of-concern`, { config: reading('adult_of_concern'), schema: { tags: ['intelligence'], summary: 'Adults of concern you may see', response: { 200: z.object({ items: z.array(adultView) }), 403: problemSchema } } }, async (request) => {
    const user = request.user!;
    const adults = await visibleAdults(db, user);
    request.noteAudit({ details: { ids: adults.map((a) => a.id) } });
    return { items: await Promise.all(adults.map((a) => adultJson(user, a))) };
  });

  api.post(
    `${API_PREFIX}/adults-of-concern`,
    { config: change('create', 'adult_of_concern'), schema: { tags: ['intelligence'], summary: 'Record an adult of concern (intelligence officers and coordinators)', body: adultBody, response: { 201: adultView, 400: problemSchema, 403: problemSchema } } },
    async (request, reply) => {
      const { input, errors } = readAdult(asAnswers(request.body));
      if (!input) return sendFailure(reply, fail('invalid', errors), 'adult of concern');
      const result = await createAdult(db, request.ctx, request.user!, input);
      if (!result.ok) return sendFailure(reply, result, 'adult of concern');
      return reply.code(201).send(await adultJson(request.user!, result.value));
    },
  );

  const idParams = z.object({ id: z.string() });

  api.put(
    `${API_PREFIX}/adults-of-concern/:id`,
    {
      config: change('update', 'adult_of_concern', 'id'),
      schema: {
        tags: ['intelligence'],
        summary: 'Change an adult’s details (intelligence officers and coordinators)',
        description: 'The details sent replace those held; identifiers sent are added to those held, never replacing them. Only the names of changed fields are kept in the record’s history.',
        params: idParams,
        body: adultBody,
        response: { 200: adultView, 400: problemSchema, 403: problemSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const adult = await findVisibleAdult(db, request.user!, request.params.id);
      if (!adult || adult.mergedIntoId) return sendFailure(reply, fail('not_found', {}), 'adult of concern');
      const { input, errors } = readAdult(asAnswers(request.body));
      if (!input) return sendFailure(reply, fail('invalid', errors), 'adult of concern');
      const result = await updateAdult(db, request.ctx, request.user!, adult, input);
      if (!result.ok) return sendFailure(reply, result, 'adult of concern');
      return reply.send(await adultJson(request.user!, (await findVisibleAdult(db, request.user!, adult.id))!));
    },
  );

  api.put(
    `${API_PREFIX}/places/:id`,
    {
      config: change('update', 'place_of_concern', 'id'),
      schema: {
        tags: ['intelligence'],
        summary: 'Change a place’s details (intelligence officers and coordinators)',
        description: 'The details sent replace those held; identifiers sent are added to those held.',
        params: idParams,
        body: placeBody,
        response: { 200: placeView, 400: problemSchema, 403: problemSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const place = await findVisiblePlace(db, request.user!, request.params.id);
      if (!place) return sendFailure(reply, fail('not_found', {}), 'place of concern');
      const { input, errors } = readPlace(asAnswers(request.body));
      if (!input) return sendFailure(reply, fail('invalid', errors), 'place of concern');
      const result = await updatePlace(db, request.ctx, request.user!, place, input);
      if (!result.ok) return sendFailure(reply, result, 'place of concern');
      return reply.send(await placeJson(request.user!, (await findVisiblePlace(db, request.user!, place.id))!));
    },
  );

  api.put(
    `${API_PREFIX}/concerns/:id/place`,
    {
      config: change('update', 'concern', 'id'),
      schema: {
        tags: ['intelligence'],
        summary: 'Link a concern to the place of concern it happened at (intelligence officers and coordinators)',
        description: 'The concern then counts in hotspots and the network. A concern linked elsewhere is moved.',
        params: idParams,
        body: z.strictObject({ placeId: z.uuid() }),
        response: { 204: z.null(), 400: problemSchema, 403: problemSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const result = await linkConcernToPlace(db, request.ctx, request.user!, request.params.id, request.body.placeId, 'api');
      if (!result.ok) return sendFailure(reply, result, 'link to a place');
      return reply.code(204).send(null);
    },
  );

  api.delete(
    `${API_PREFIX}/concerns/:id/place`,
    { config: change('update', 'concern', 'id'), schema: { tags: ['intelligence'], summary: 'Take a concern off the place it was linked to', params: idParams, response: { 204: z.null(), 400: problemSchema, 403: problemSchema, 404: problemSchema } } },
    async (request, reply) => {
      const result = await unlinkConcernFromPlace(db, request.ctx, request.user!, request.params.id, 'api');
      if (!result.ok) return sendFailure(reply, result, 'link to a place');
      return reply.code(204).send(null);
    },
  );

  const suggestionView = z.object({
    sourceKind: z.enum(['missing_episode', 'concern']),
    sourceId: z.uuid(),
    sourceReference: z.string(),
    writtenWhere: z.string().describe('Which part of the record the place was written in'),
    writtenAs: z.string(),
    probability: z.number(),
    band: z.string(),
    explanation: z.array(z.string()),
  });

  api.get(
    `${API_PREFIX}/places/:id/suggested-records`,
    {
      config: { roles: INTELLIGENCE_ROLES, audit: { action: 'view', recordKind: 'place_of_concern', recordId: 'id' } },
      schema: {
        tags: ['intelligence'],
        summary: 'Missing episodes and concerns whose free text may be about this place (intelligence officers and coordinators)',
        description: 'Offered by the place-matching model at “Possibly the same place” or above, best first, with its reasons; none is linked until decided.',
        params: idParams,
        response: { 200: z.object({ items: z.array(suggestionView) }), 403: problemSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const place = await findVisiblePlace(db, request.user!, request.params.id);
      if (!place) return sendFailure(reply, fail('not_found', {}), 'place of concern');
      const suggested = (await placeSuggestionsForPlace(db, request.user!, place.id)) ?? [];
      request.noteAudit({ details: { suggestedFrom: suggested.map((s) => s.sourceId) } });
      return { items: suggested.map((s) => ({ sourceKind: s.sourceKind, sourceId: s.sourceId, sourceReference: s.sourceReference, writtenWhere: s.writtenWhere, writtenAs: s.writtenAs, probability: s.probability, band: s.band, explanation: s.explanation })) };
    },
  );

  api.post(
    `${API_PREFIX}/places/:id/suggested-records`,
    {
      config: change('update', 'place_of_concern', 'id'),
      schema: {
        tags: ['intelligence'],
        summary: 'Link a suggested missing episode or concern to this place, or dismiss the suggestion (intelligence officers and coordinators)',
        description: 'A linked episode becomes a “seen at” link between its young person and the place; a linked concern gets the place. A dismissed pair is not offered again; a pair already decided is refused (400).',
        params: idParams,
        body: z.strictObject({ sourceKind: z.enum(['missing_episode', 'concern']), sourceId: z.uuid(), decision: z.enum(['linked', 'dismissed']) }),
        response: { 204: z.null(), 400: problemSchema, 403: problemSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const result = await decidePlaceMatch(db, request.ctx, request.user!, { placeId: request.params.id, ...request.body });
      if (!result.ok) return sendFailure(reply, result, 'suggested link to a place');
      return reply.code(204).send(null);
    },
  );

  api.get(`${API_PREFIX}/places`, { config: reading('place_of_concern'), schema: { tags: ['intelligence'], summary: 'Places of concern you may see', response: { 200: z.object({ items: z.array(placeView) }), 403: problemSchema } } }, async (request) => {
    const user = request.user!;
    const places = await visiblePlaces(db, user);
    request.noteAudit({ details: { ids: places.map((p) => p.id) } });
    return { items: await Promise.all(places.map((p) => placeJson(user, p))) };
  });

  api.post(
    `${API_PREFIX}/places`,
    { config: change('create', 'place_of_concern'), schema: { tags: ['intelligence'], summary: 'Record a place of concern (intelligence officers and coordinators)', body: placeBody, response: { 201: placeView, 400: problemSchema, 403: problemSchema } } },
    async (request, reply) => {
      const { input, errors } = readPlace(asAnswers(request.body));
      if (!input) return sendFailure(reply, fail('invalid', errors), 'place of concern');
      const result = await createPlace(db, request.ctx, request.user!, input);
      if (!result.ok) return sendFailure(reply, result, 'place of concern');
      return reply.code(201).send(await placeJson(request.user!, result.value));
    },
  );

  api.get(
    `${API_PREFIX}/intelligence`,
    {
      config: reading('intelligence_entry'),
      schema: {
        tags: ['intelligence'],
        summary: 'Intelligence entries you may know of, as you may read them',
        description: 'Partners other than intelligence officers and coordinators get the sanitised text of a C-handling entry (`fullText` false), with its handling conditions and without the kind of source. `about` narrows to the records given, like `adult:<id>`.',
        querystring: z.object({ about: z.union([z.string(), z.array(z.string())]).optional() }),
        response: { 200: z.object({ items: z.array(entryView) }), 400: problemSchema, 403: problemSchema },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const about = request.query.about === undefined ? null : readSubjects(request.query.about);
      if (request.query.about !== undefined && !about) return problem(reply, 400, 'Invalid query', 'about must be like adult:<id>, place:<id> or young_person:<id>.');
      const entries = await entriesFor(db, user, about);
      request.noteAudit({ details: { ids: entries.map((e) => e.id) } });
      return { items: entries.map((e) => ({ id: e.id, reference: entryReference(e.number), receivedOn: e.receivedOn, sourceKind: e.sourceKind, grade: e.grade, handling: e.handling, handlingConditions: e.handlingConditions, text: e.text, fullText: e.fullText, sanitisedText: e.sanitisedText })) };
    },
  );

  api.post(
    `${API_PREFIX}/intelligence`,
    { config: change('create', 'intelligence_entry'), schema: { tags: ['intelligence'], summary: 'Record graded intelligence (intelligence officers and coordinators)', description: 'A grade outside the 3x5x2 scheme is refused (400).', body: entryBody, response: { 201: entryView, 400: problemSchema, 403: problemSchema } } },
    async (request, reply) => {
      const b = request.body;
      const { input, errors } = readEntry({ ...b, subjects: b.subjects });
      if (!input) return sendFailure(reply, fail('invalid', errors), 'intelligence entry');
      const result = await recordEntry(db, request.ctx, request.user!, input);
      if (!result.ok) return sendFailure(reply, result, 'intelligence entry');
      const e = result.value;
      return reply.code(201).send({ id: e.id, reference: entryReference(e.number), receivedOn: e.receivedOn, sourceKind: e.sourceKind, grade: `${e.sourceGrade}${e.intelligenceGrade}${e.handling}`, handling: e.handling, handlingConditions: e.handlingConditions, text: e.text, fullText: true, sanitisedText: e.sanitisedText || null });
    },
  );

  api.get(`${API_PREFIX}/disruptions`, { config: reading('disruption'), schema: { tags: ['intelligence'], summary: 'Disruption and prosecution steps you may see', response: { 200: z.object({ items: z.array(disruptionView) }), 403: problemSchema } } }, async (request) => {
    const user = request.user!;
    const steps = await disruptionsFor(db, user, null);
    request.noteAudit({ details: { ids: steps.map((d) => d.id) } });
    return { items: steps.map((d) => ({ id: d.id, reference: disruptionReference(d.number), kind: d.kind, occurredOn: d.occurredOn, outcome: d.outcome, followsId: d.followsId })) };
  });

  api.post(
    `${API_PREFIX}/disruptions`,
    {
      config: change('create', 'disruption'),
      schema: {
        tags: ['intelligence'],
        summary: 'Record a step of disruption or prosecution (intelligence officers and coordinators)',
        description: 'A step dated before an adult it concerns was known is stored, with a warning in `warnings`.',
        body: disruptionBody,
        response: { 201: disruptionView, 400: problemSchema, 403: problemSchema },
      },
    },
    async (request, reply) => {
      const { input, errors } = readDisruption(request.body as unknown as Record<string, unknown>);
      if (!input) return sendFailure(reply, fail('invalid', errors), 'disruption');
      const result = await recordDisruption(db, request.ctx, request.user!, input);
      if (!result.ok) return sendFailure(reply, result, 'disruption');
      const d = result.value;
      return reply.code(201).send({ id: d.id, reference: disruptionReference(d.number), kind: d.kind, occurredOn: d.occurredOn, outcome: d.outcome, followsId: d.followsId, warnings: d.warnings });
    },
  );

  api.get(
    `${API_PREFIX}/network/:kind/:id`,
    {
      config: reading('network', 'id'),
      schema: {
        tags: ['intelligence'],
        summary: 'The records linked to a young person, adult or place, up to two steps away',
        description: 'Only what you may see is included. A record you may not see answers 404, as one that does not exist.',
        params: z.object({ kind: z.enum(NETWORK_ROOT_KINDS), id: z.uuid() }),
        response: {
          200: z.object({
            root: z.string(),
            truncated: z.boolean(),
            nodes: z.array(z.object({ id: z.string(), kind: z.string(), label: z.string(), distance: z.number(), flagged: z.boolean().optional() })),
            edges: z.array(z.object({ from: z.string(), to: z.string(), linkKind: z.string(), source: z.string() })),
          }),
          403: problemSchema,
          404: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const network = await networkFor(db, user, request.params.kind as RootKind, request.params.id);
      if (!network) return problem(reply, 404, 'Not found', 'Not found.');
      request.noteAudit({ details: { rootKind: request.params.kind, nodes: network.nodes.filter((n) => !n.id.startsWith('key:')).map((n) => n.id) } });
      return { root: network.root.id, truncated: network.truncated, nodes: network.nodes.map((n) => ({ id: n.id, kind: n.kind, label: n.label, distance: n.distance, ...(n.flagged !== undefined ? { flagged: n.flagged } : {}) })), edges: network.edges };
    },
  );
}

/** The casework records over the JSON API, with the same schemas as the pages (input.ts). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { API_PREFIX } from '../../platform/api/plugin.ts';
import { CASEWORK_ROLES, INTELLIGENCE_ROLES } from '../../platform/auth/roles.ts';
import { problem } from '../../platform/http/problem.ts';
import { sendFailure } from '../../platform/http/refusals.ts';
import { findVisibleAdult } from '../intelligence/index.ts';
import { findVisibleYoungPerson, referenceFor } from '../young-people/index.ts';
import { adultChildInput, caseNoteInput, networkMemberInput, viewsInput } from './input.ts';
import { recordsAdultChildren } from './policy.ts';
import { adultsAsParentsOf, caseNotesOf, childrenOfAdult, networkOf, viewsOf } from './queries.ts';
import { keepsRecord } from './sections.ts';
import { addCaseNote, addNetworkMember, linkAdultChild, recordViews, updateNetworkMember } from './service.ts';

const problemSchema = z.object({ type: z.string(), title: z.string(), status: z.number(), detail: z.string(), errors: z.record(z.string(), z.string()).optional() });
const youngPersonAddress = z.object({ id: z.uuid() });
const created = z.object({ id: z.string() });

const caseNoteView = z.object({ id: z.string(), contactOn: z.string(), contactType: z.string(), text: z.string(), visibility: z.string(), writtenBy: z.string(), agency: z.string(), writtenAt: z.string() });
const memberView = z.object({
  id: z.string(),
  name: z.string(),
  relationship: z.string(),
  contactDetails: z.string().nullable(),
  parentalResponsibility: z.string(),
  livesWithYoungPerson: z.boolean(),
  note: z.string().nullable(),
  linkedYoungPerson: z.object({ id: z.string(), reference: z.string() }).nullable(),
  adultOfConcernId: z.string().nullable(),
});
const viewsView = z.object({ id: z.string(), recordedOn: z.string(), views: z.string(), recordedBy: z.string(), agency: z.string() });
const childView = z.object({ id: z.string(), relationship: z.string(), youngPersonId: z.string().nullable(), reference: z.string().nullable(), description: z.string().nullable(), note: z.string().nullable() });

const NOT_FOUND = 'There is no young person with this id that you can see.';

export default async function caseworkApi(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    `${API_PREFIX}/young-people/:id/case-notes`,
    {
      config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'young_person', recordId: 'id', details: { page: 'case_notes' } } },
      schema: { tags: ['casework'], summary: 'The case notes on a young person’s record that you may read', params: youngPersonAddress, response: { 200: z.object({ caseNotes: z.array(caseNoteView) }), 404: problemSchema } },
    },
    async (request, reply) => {
      const yp = await findVisibleYoungPerson(db, request.user!, request.params.id);
      if (!yp) return problem(reply, 404, 'Not found', NOT_FOUND);
      const notes = await caseNotesOf(db, request.user!, yp.id);
      request.noteAudit({ details: { caseNoteIds: notes.map((n) => n.id) } });
      return { caseNotes: notes.map((n) => ({ id: n.id, contactOn: n.contactOn, contactType: n.contactType, text: n.text, visibility: n.visibility, writtenBy: n.writtenBy, agency: n.agencyName, writtenAt: new Date(n.writtenAt).toISOString() })) };
    },
  );

  api.post(
    `${API_PREFIX}/young-people/:id/case-notes`,
    {
      config: { roles: CASEWORK_ROLES, audit: { action: 'create', recordKind: 'case_note' } },
      schema: {
        tags: ['casework'],
        summary: 'Add a case note to a young person’s record',
        description: 'A note kept to your agency (`agency`) is read by your agency’s users only, in the notes and the chronology. Refused (nothing stored): a young person you cannot see (404), a date in the future or a missing field (400).',
        params: youngPersonAddress,
        body: caseNoteInput,
        response: { 201: created, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const yp = await findVisibleYoungPerson(db, request.user!, request.params.id);
      if (!yp) return problem(reply, 404, 'Not found', NOT_FOUND);
      const result = await addCaseNote(db, request.ctx, request.user!, yp.id, request.body);
      if (!result.ok) return sendFailure(reply, result, 'case note');
      return reply.code(201).send(result.value);
    },
  );

  api.get(
    `${API_PREFIX}/young-people/:id/network`,
    {
      config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'young_person', recordId: 'id', details: { page: 'network' } } },
      schema: {
        tags: ['casework'],
        summary: 'The young person’s family and network',
        params: youngPersonAddress,
        response: { 200: z.object({ members: z.array(memberView), adultsOfConcernAsParents: z.array(z.object({ adultOfConcernId: z.string(), relationship: z.string() })) }), 404: problemSchema },
      },
    },
    async (request, reply) => {
      const yp = await findVisibleYoungPerson(db, request.user!, request.params.id);
      if (!yp) return problem(reply, 404, 'Not found', NOT_FOUND);
      const [members, parents] = await Promise.all([networkOf(db, request.user!, yp.id), adultsAsParentsOf(db, request.user!, yp.id)]);
      return {
        members: members.map((m) => ({
          id: m.id,
          name: m.name,
          relationship: m.relationship,
          contactDetails: m.contactDetails,
          parentalResponsibility: m.parentalResponsibility,
          livesWithYoungPerson: m.livesWithYoungPerson,
          note: m.note,
          linkedYoungPerson: m.linkedYoungPerson ? { id: m.linkedYoungPerson.id, reference: referenceFor(m.linkedYoungPerson.number) } : null,
          adultOfConcernId: m.adultOfConcernId,
        })),
        adultsOfConcernAsParents: parents.map((p) => ({ adultOfConcernId: p.adultId, relationship: p.relationship })),
      };
    },
  );

  const keeps = async (request: { user?: Parameters<typeof keepsRecord>[1] | null }, id: string) => {
    const yp = await findVisibleYoungPerson(db, request.user!, id);
    return yp && (await keepsRecord(db, request.user!, yp.id)) ? yp : null;
  };

  api.post(
    `${API_PREFIX}/young-people/:id/network`,
    {
      config: { roles: CASEWORK_ROLES, audit: { action: 'create', recordKind: 'network_member' } },
      schema: {
        tags: ['casework'],
        summary: 'Add someone to the young person’s family and network',
        description: 'For those who keep the record (its team, their agency lead, the coordinator). Refused (nothing stored): a record you cannot see or keep (404), the young person’s own reference, or a linked record you cannot see (400).',
        params: youngPersonAddress,
        body: networkMemberInput,
        response: { 201: created, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const yp = await keeps(request, request.params.id);
      if (!yp) return problem(reply, 404, 'Not found', NOT_FOUND);
      const result = await addNetworkMember(db, request.ctx, request.user!, yp.id, request.body);
      if (!result.ok) return sendFailure(reply, result, 'network member');
      return reply.code(201).send(result.value);
    },
  );

  api.put(
    `${API_PREFIX}/young-people/:id/network/:memberId`,
    {
      config: { roles: CASEWORK_ROLES, audit: { action: 'update', recordKind: 'network_member', recordId: 'memberId' } },
      schema: {
        tags: ['casework'],
        summary: 'Replace what is recorded about someone in the family and network',
        params: z.object({ id: z.uuid(), memberId: z.uuid() }),
        body: networkMemberInput,
        response: { 200: created, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const yp = await keeps(request, request.params.id);
      if (!yp) return problem(reply, 404, 'Not found', NOT_FOUND);
      const result = await updateNetworkMember(db, request.ctx, request.user!, yp.id, request.params.memberId, request.body);
      if (!result.ok) return sendFailure(reply, result, 'network member');
      return { id: request.params.memberId };
    },
  );

  api.get(
    `${API_PREFIX}/young-people/:id/views-and-wishes`,
    {
      config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'young_person', recordId: 'id', details: { page: 'views_and_wishes' } } },
      schema: { tags: ['casework'], summary: 'The young person’s views and wishes, the current entry first', params: youngPersonAddress, response: { 200: z.object({ entries: z.array(viewsView) }), 404: problemSchema } },
    },
    async (request, reply) => {
      const yp = await findVisibleYoungPerson(db, request.user!, request.params.id);
      if (!yp) return problem(reply, 404, 'Not found', NOT_FOUND);
      const entries = await viewsOf(db, yp.id);
      return { entries: entries.map((e) => ({ id: e.id, recordedOn: e.recordedOn, views: e.views, recordedBy: e.recordedBy, agency: e.agencyName })) };
    },
  );

  api.post(
    `${API_PREFIX}/young-people/:id/views-and-wishes`,
    {
      config: { roles: CASEWORK_ROLES, audit: { action: 'create', recordKind: 'views_and_wishes' } },
      schema: { tags: ['casework'], summary: 'Record the young person’s views and wishes as they are now', params: youngPersonAddress, body: viewsInput, response: { 201: created, 400: problemSchema, 404: problemSchema } },
    },
    async (request, reply) => {
      const yp = await keeps(request, request.params.id);
      if (!yp) return problem(reply, 404, 'Not found', NOT_FOUND);
      const result = await recordViews(db, request.ctx, request.user!, yp.id, request.body);
      if (!result.ok) return sendFailure(reply, result, 'views and wishes');
      return reply.code(201).send(result.value);
    },
  );

  api.get(
    `${API_PREFIX}/adults-of-concern/:id/children`,
    {
      config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'adult_of_concern', recordId: 'id', details: { page: 'children' } } },
      schema: { tags: ['casework'], summary: 'The children recorded for an adult of concern that you may know of', params: youngPersonAddress, response: { 200: z.object({ children: z.array(childView) }), 404: problemSchema } },
    },
    async (request, reply) => {
      const adult = await findVisibleAdult(db, request.user!, request.params.id);
      if (!adult) return problem(reply, 404, 'Not found', 'There is no adult of concern with this id that you can see.');
      const children = await childrenOfAdult(db, request.user!, adult.id);
      return { children: children.map((c) => ({ id: c.id, relationship: c.relationship, youngPersonId: c.youngPersonId, reference: c.youngPersonNumber ? referenceFor(c.youngPersonNumber) : null, description: c.description, note: c.note })) };
    },
  );

  api.post(
    `${API_PREFIX}/adults-of-concern/:id/children`,
    {
      config: { roles: INTELLIGENCE_ROLES, audit: { action: 'create', recordKind: 'adult_child' } },
      schema: {
        tags: ['casework'],
        summary: 'Record a child of an adult of concern: a young person in Lantern, or a child described without a record',
        params: youngPersonAddress,
        body: adultChildInput,
        response: { 201: created, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request, reply) => {
      const adult = await findVisibleAdult(db, request.user!, request.params.id);
      if (!adult || adult.mergedIntoId || !recordsAdultChildren(request.user!)) return problem(reply, 404, 'Not found', 'There is no adult of concern with this id that you can see.');
      const result = await linkAdultChild(db, request.ctx, request.user!, adult.id, request.body);
      if (!result.ok) return sendFailure(reply, result, 'child');
      return reply.code(201).send(result.value);
    },
  );
}

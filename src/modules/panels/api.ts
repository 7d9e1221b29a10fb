import { sendFailure } from '../../platform/http/refusals.ts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problem } from '../../platform/http/problem.ts';
import { API_PREFIX } from '../../platform/api/plugin.ts';
import { CASEWORK_ROLES, COORDINATOR_ROLES } from '../../platform/auth/roles.ts';
import { currentInstrument } from '../risk/index.ts';
import { emailFeedbackAfterCommit } from '../concerns/index.ts';
import { mailOptions } from '../../platform/mail.ts';
import { panelRole } from './policy.ts';
import { actionsWhere, agendaOf, listPanels, meetingsOf, referralsWhere } from './queries.ts';
import { calendarDate } from '../../platform/time.ts';
import { addAction, addAgendaItem, createMeeting, createPanel, decideReferral, recordDecision, refer } from './service.ts';
import { emailNoticesAfterCommit } from './mail.ts';
import { PANEL_KINDS, REFERRAL_SOURCES, URGENCIES, actionReference, referralReference } from './vocab.ts';

const keys = <T extends Record<string, unknown>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
const text = (max: number) => z.string().trim().min(1).max(max);
const day = z.string().describe('A calendar date, YYYY-MM-DD');
const problemSchema = z.object({ type: z.string(), title: z.string(), status: z.number(), detail: z.string(), errors: z.record(z.string(), z.string()).optional() });

const panelView = z.object({ id: z.string(), name: z.string(), kind: z.string(), chairAgency: z.string().nullable(), meetsEveryDays: z.number().nullable(), accessAfterCloseDays: z.number(), members: z.number(), nextMeetingOn: z.string().nullable() });
const panelBody = z.strictObject({
  name: text(120),
  kind: z.enum(keys(PANEL_KINDS)),
  chairAgencyId: z.uuid().optional(),
  meetsEveryDays: z.number().int().optional(),
  accessAfterCloseDays: z.number().int().default(30).describe('Days members keep access to what was on an agenda after its minutes close'),
});
const meetingView = z.object({ id: z.string(), meetsOn: z.string(), agendaIssuedAt: z.string().nullable(), minutesClosedAt: z.string().nullable(), items: z.number(), openItems: z.number() });
const referralBody = z.strictObject({
  panelId: z.uuid(),
  youngPersonId: z.uuid().optional(),
  peerGroupId: z.uuid().optional(),
  placeId: z.uuid().optional(),
  source: z.enum(keys(REFERRAL_SOURCES)),
  reason: text(20_000),
  urgency: z.enum(keys(URGENCIES)),
  youngPersonViews: text(20_000).optional(),
  familyViews: text(20_000).optional(),
  acknowledgeOpenReferral: z.boolean().default(false).describe('Send even though the same young person, peer group or place has an open referral (refused with 409 otherwise, naming it)'),
});
const referralView = z.object({
  id: z.string(),
  reference: z.string(),
  panelId: z.string(),
  subjectKind: z.string(),
  youngPersonId: z.string().nullable(),
  peerGroupId: z.string().nullable(),
  placeId: z.string().nullable(),
  status: z.string(),
  urgency: z.string(),
  reason: z.string(),
  decisionReason: z.string().nullable(),
  referredAt: z.string(),
  scheduledFor: z.string().nullable(),
});
const actionBody = z.strictObject({
  meetingId: z.uuid(),
  agendaItemId: z.uuid(),
  description: text(2000),
  ownerAgencyId: z.uuid().optional().describe('Required: refused without it'),
  ownerUserId: z.uuid().optional(),
  dueOn: day.optional().describe('Required: refused without it'),
});
const actionView = z.object({ id: z.string(), reference: z.string(), description: z.string(), ownerAgency: z.string(), ownerName: z.string().nullable(), dueOn: z.string(), status: z.string(), overdue: z.boolean(), youngPersonId: z.string().nullable() });
const decisionBody = z.strictObject({
  agendaItemId: z.uuid(),
  notes: text(20_000).optional(),
  levelAgreed: z.string().optional(),
  plan: text(20_000),
  disruption: text(20_000).optional(),
  childProtectionReferral: z.boolean(),
  nextReviewOn: day,
});

const dateOrInvalid = (value: string | undefined) => (value === undefined ? null : (calendarDate(value) ?? 'invalid'));

export default async function panelApi(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const api = app.withTypeProvider<ZodTypeProvider>();
  // Anyone doing casework; who runs or sits on which panel is the policy's decision, per record.
  const casework = (action: 'view' | 'create' | 'update', recordKind: string, recordId?: string) => ({ roles: CASEWORK_ROLES, audit: { action, recordKind, ...(recordId ? { recordId } : {}) } });

  api.get(`${API_PREFIX}/panels`, { config: casework('view', 'panels'), schema: { tags: ['panels'], summary: 'Panels you sit on (the coordinator: every panel of the area)', response: { 200: z.object({ panels: z.array(panelView) }) } } }, async (request) => {
    const list = await listPanels(db, request.user!);
    request.noteAudit({ details: { panels: list.length, source: 'api' } });
    return { panels: list.map((p) => ({ id: p.id, name: p.name, kind: p.kind, chairAgency: p.chair_agency, meetsEveryDays: p.meets_every_days, accessAfterCloseDays: p.access_after_close_days, members: p.members, nextMeetingOn: p.next_meets_on })) };
  });

  api.post(
    `${API_PREFIX}/panels`,
    { config: { roles: COORDINATOR_ROLES, audit: { action: 'create', recordKind: 'panel' } }, schema: { tags: ['panels'], summary: 'Set up a panel (coordinator)', body: panelBody, response: { 201: z.object({ id: z.string() }), 400: problemSchema, 403: problemSchema } } },
    async (request, reply) => {
      const b = request.body;
      const result = await createPanel(db, request.ctx, request.user!, { name: b.name, kind: b.kind, chairAgencyId: b.chairAgencyId ?? null, meetsEveryDays: b.meetsEveryDays ?? null, accessAfterCloseDays: b.accessAfterCloseDays });
      if (!result.ok) return sendFailure(reply, result, 'panel');
      return reply.code(201).send({ id: result.value });
    },
  );

  api.get(
    `${API_PREFIX}/panels/:id/meetings`,
    {
      config: casework('view', 'panel', 'id'),
      schema: { tags: ['panels'], summary: 'A panel’s meetings, newest first', params: z.object({ id: z.uuid() }), response: { 200: z.object({ meetings: z.array(meetingView) }), 404: problemSchema } },
    },
    async (request, reply) => {
      const role = await panelRole(db, request.user!, request.params.id);
      if (!role) return problem(reply, 404, 'Not found', 'There is no panel with this id that you can see.');
      const list = await meetingsOf(db, request.params.id);
      request.noteAudit({ details: { meetings: list.length, source: 'api' } });
      return { meetings: list.map((m) => ({ id: m.id, meetsOn: m.meets_on, agendaIssuedAt: m.agenda_issued_at ? new Date(m.agenda_issued_at).toISOString() : null, minutesClosedAt: m.minutes_closed_at ? new Date(m.minutes_closed_at).toISOString() : null, items: m.items, openItems: m.open_items })) };
    },
  );

  api.post(
    `${API_PREFIX}/panels/:id/meetings`,
    {
      config: casework('create', 'panel_meeting'),
      schema: { tags: ['panels'], summary: 'Arrange a meeting (coordinator or chair)', params: z.object({ id: z.uuid() }), body: z.strictObject({ meetsOn: day }), response: { 201: z.object({ id: z.string() }), 400: problemSchema, 403: problemSchema, 404: problemSchema } },
    },
    async (request, reply) => {
      const result = await createMeeting(db, request.ctx, request.user!, request.params.id, dateOrInvalid(request.body.meetsOn));
      if (!result.ok) return sendFailure(reply, result, 'meeting');
      return reply.code(201).send({ id: result.value });
    },
  );

  api.post(
    `${API_PREFIX}/panels/:id/meetings/:meetingId/decisions`,
    {
      config: casework('update', 'agenda_item'),
      schema: {
        tags: ['panels'],
        summary: 'Record the decision on an agenda item (coordinator or chair)',
        description: 'Refused (nothing stored): an item not on this meeting’s agenda, a missing plan, level or review date (400); a meeting whose agenda is not issued or whose minutes are closed (409).',
        params: z.object({ id: z.uuid(), meetingId: z.uuid() }),
        body: decisionBody,
        response: { 200: z.object({ agendaItemId: z.string(), outcome: z.string() }), 400: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const levels = (await currentInstrument(db, request.user!.areaId)).levels;
      const result = await recordDecision(db, request.ctx, request.user!, request.params.meetingId, b.agendaItemId, {
        notes: b.notes ?? null,
        levelAgreed: b.levelAgreed ?? null,
        plan: b.plan,
        disruption: b.disruption ?? null,
        childProtectionReferral: b.childProtectionReferral,
        nextReviewOn: dateOrInvalid(b.nextReviewOn),
      }, levels);
      if (!result.ok) return sendFailure(reply, result, 'decision');
      return { agendaItemId: b.agendaItemId, outcome: 'decided' };
    },
  );

  api.get(
    `${API_PREFIX}/referrals`,
    {
      config: casework('view', 'panel_referrals'),
      schema: { tags: ['panels'], summary: 'Referrals you made (the coordinator: every referral of the area)', querystring: z.object({ status: z.string().optional() }), response: { 200: z.object({ referrals: z.array(referralView) }) } },
    },
    async (request) => {
      const user = request.user!;
      const list = await referralsWhere(db, user, { ...(user.role === 'coordinator' ? {} : { referredByUserId: user.userId }), ...(request.query.status ? { status: request.query.status } : {}) });
      request.noteAudit({ details: { referralIds: list.map((r) => r.id), source: 'api' } });
      return {
        referrals: list.map((r) => ({
          id: r.id,
          reference: referralReference(r.number),
          panelId: r.panel_id,
          subjectKind: r.subject_kind,
          youngPersonId: r.subject_name ? r.young_person_id : null,
          peerGroupId: r.subject_name ? r.peer_group_id : null,
          placeId: r.subject_name ? r.place_id : null,
          status: r.status,
          urgency: r.urgency,
          reason: r.reason,
          decisionReason: r.decision_reason,
          referredAt: new Date(r.referred_at).toISOString(),
          scheduledFor: r.scheduled_meeting_on,
        })),
      };
    },
  );

  api.post(
    `${API_PREFIX}/referrals`,
    {
      config: casework('create', 'panel_referral'),
      schema: {
        tags: ['panels'],
        summary: 'Refer a young person, a peer group or a place of concern to a panel',
        description:
          'Give exactly one of youngPersonId, peerGroupId or placeId. Refused (nothing stored): a record you cannot see (404), missing or unknown fields (400), an open referral about the same subject not acknowledged (409). The answer lists any open referrals about the same subject.',
        body: referralBody,
        response: {
          201: z.object({ id: z.string(), reference: z.string(), status: z.string(), alsoOpen: z.array(z.object({ id: z.string(), reference: z.string(), status: z.string(), panel: z.string(), onAgendaFor: z.string().nullable() })) }),
          400: problemSchema,
          404: problemSchema,
          409: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const given = [b.youngPersonId, b.peerGroupId, b.placeId].filter(Boolean).length;
      if (given !== 1) return problem(reply, 400, 'Invalid referral', 'Give exactly one of youngPersonId, peerGroupId or placeId. Nothing was stored.', { errors: { youngPersonId: 'Give exactly one of youngPersonId, peerGroupId or placeId' } });
      const result = await refer(db, request.ctx, request.user!, {
        panelId: b.panelId,
        subjectKind: b.youngPersonId ? 'young_person' : b.peerGroupId ? 'peer_group' : 'place',
        youngPersonId: b.youngPersonId ?? null,
        peerGroupId: b.peerGroupId ?? null,
        placeId: b.placeId ?? null,
        source: b.source,
        reason: b.reason,
        urgency: b.urgency,
        youngPersonViews: b.youngPersonViews ?? null,
        familyViews: b.familyViews ?? null,
        acknowledgeOpenReferral: b.acknowledgeOpenReferral,
      });
      if (!result.ok) return sendFailure(reply, result, 'referral');
      return reply.code(201).send({
        id: result.value.id,
        reference: referralReference(result.value.number),
        status: 'pending',
        alsoOpen: result.value.alsoOpen.map((o) => ({ id: o.id, reference: referralReference(o.number), status: o.status, panel: o.panelName, onAgendaFor: o.agendaMeetsOn })),
      });
    },
  );

  api.post(
    `${API_PREFIX}/referrals/:id/decision`,
    {
      config: casework('update', 'panel_referral', 'id'),
      schema: {
        tags: ['panels'],
        summary: 'Accept or decline a referral (coordinator or chair); the referrer is told',
        params: z.object({ id: z.uuid() }),
        body: z.strictObject({ decision: z.enum(['accept', 'decline']), reason: z.string().max(2000).default('') }),
        response: { 200: z.object({ id: z.string(), status: z.string() }), 400: problemSchema, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const result = await decideReferral(db, request.ctx, request.user!, request.params.id, request.body.decision, request.body.reason);
      if (!result.ok) return sendFailure(reply, result, 'decision');
      emailFeedbackAfterCommit(db, mailOptions(app.lantern.config, request.log), result.value.feedback);
      return { id: request.params.id, status: request.body.decision === 'accept' ? 'accepted' : 'declined' };
    },
  );

  api.post(
    `${API_PREFIX}/panels/:id/meetings/:meetingId/items`,
    {
      config: casework('update', 'panel_meeting', 'meetingId'),
      schema: {
        tags: ['panels'],
        summary: 'Add an accepted referral to a meeting’s agenda (coordinator or chair)',
        description: 'After the agenda is issued the item is marked late and every member is told. Refused (nothing stored): a referral not accepted for this panel (400), already on an agenda or minutes closed (409).',
        params: z.object({ id: z.uuid(), meetingId: z.uuid() }),
        body: z.strictObject({ referralId: z.uuid() }),
        response: { 201: z.object({ referralId: z.string(), late: z.boolean() }), 400: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const { id, meetingId } = request.params;
      const meeting = (await meetingsOf(db, id)).find((m) => m.id === meetingId);
      if (!meeting) return problem(reply, 404, 'Not found', 'There is no meeting with this id that you can see.');
      const result = await addAgendaItem(db, request.ctx, request.user!, meetingId, request.body.referralId);
      if (!result.ok) return sendFailure(reply, result, 'agenda item');
      const options = mailOptions(app.lantern.config, request.log);
      emailFeedbackAfterCommit(db, options, result.value.feedback);
      emailNoticesAfterCommit(db, options, result.value.noticeRecipients, 'late');
      return reply.code(201).send({ referralId: request.body.referralId, late: result.value.late });
    },
  );

  api.get(
    `${API_PREFIX}/actions`,
    {
      config: casework('view', 'panel_actions'),
      schema: { tags: ['panels'], summary: 'Panel actions you own, or your agency owns', querystring: z.object({ scope: z.enum(['mine', 'agency']).default('mine') }), response: { 200: z.object({ actions: z.array(actionView), overdue: z.number() }) } },
    },
    async (request) => {
      const user = request.user!;
      const list = await actionsWhere(db, user, request.query.scope === 'mine' ? { ownerUserId: user.userId } : { ownerAgencyId: user.agencyId });
      request.noteAudit({ details: { scope: request.query.scope, actionIds: list.map((a) => a.id), source: 'api' } });
      return {
        actions: list.map((a) => ({ id: a.id, reference: actionReference(a.number), description: a.description, ownerAgency: a.owner_agency, ownerName: a.owner_name, dueOn: a.due_on, status: a.status, overdue: a.overdue, youngPersonId: a.subject_name ? a.young_person_id : null })),
        overdue: list.filter((a) => a.overdue).length,
      };
    },
  );

  api.post(
    `${API_PREFIX}/actions`,
    {
      config: casework('create', 'panel_action'),
      schema: {
        tags: ['panels'],
        summary: 'Add an action to an agenda item during the meeting (coordinator or chair)',
        description: 'Refused (nothing stored): no owning agency or no due date, an item not on the meeting’s agenda (400).',
        body: actionBody,
        response: { 201: z.object({ id: z.string(), reference: z.string() }), 400: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const result = await addAction(db, request.ctx, request.user!, b.meetingId, b.agendaItemId, { description: b.description, ownerAgencyId: b.ownerAgencyId ?? null, ownerUserId: b.ownerUserId ?? null, dueOn: dateOrInvalid(b.dueOn) });
      if (!result.ok) return sendFailure(reply, result, 'action');
      return reply.code(201).send({ id: result.value.id, reference: actionReference(result.value.number) });
    },
  );

  api.get(
    `${API_PREFIX}/panels/:id/meetings/:meetingId/agenda`,
    {
      config: casework('view', 'panel_meeting', 'meetingId'),
      schema: {
        tags: ['panels'],
        summary: 'The agenda of a meeting (members once it is issued)',
        params: z.object({ id: z.uuid(), meetingId: z.uuid() }),
        response: { 200: z.object({ items: z.array(z.object({ id: z.string(), position: z.number(), subjectKind: z.string(), youngPersonId: z.string().nullable(), peerGroupId: z.string().nullable(), placeId: z.string().nullable(), urgency: z.string(), outcome: z.string().nullable() })) }), 404: problemSchema },
      },
    },
    async (request, reply) => {
      const role = await panelRole(db, request.user!, request.params.id);
      const meetings = role ? await meetingsOf(db, request.params.id) : [];
      const meeting = meetings.find((m) => m.id === request.params.meetingId);
      if (!role || !meeting || (!role.runs && !meeting.agenda_issued_at)) return problem(reply, 404, 'Not found', 'There is no meeting with this id that you can see.');
      const items = (await agendaOf(db, request.user!, meeting.id)).filter((i) => i.subject_name);
      request.noteAudit({ details: { youngPersonIds: items.map((i) => i.young_person_id).filter(Boolean), placeIds: items.map((i) => i.place_id).filter(Boolean), source: 'api' } });
      return { items: items.map((i) => ({ id: i.id, position: i.position, subjectKind: i.subject_kind, youngPersonId: i.young_person_id, peerGroupId: i.peer_group_id, placeId: i.place_id, urgency: i.urgency, outcome: i.outcome })) };
    },
  );
}

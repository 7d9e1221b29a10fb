import { dateInputValues } from '../../../platform/http/date-input.ts';
import { calendarDate } from '../../../platform/time.ts';
import { refusalPage } from '../../../platform/http/refusals.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { form, formText } from '../../../platform/http/page-input.ts';
import { CASEWORK_ROLES } from '../../../platform/auth/roles.ts';
import { formErrors, type FieldErrors } from '../../../platform/http/forms.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { currentInstrument } from '../../risk/index.ts';
import { riskLevelLabel } from '../../young-people/index.ts';
import { actionsWhere, areaAgencies, areaPeople } from '../queries.ts';
import { addAction, deferItem, recordDecision } from '../service.ts';
import { ACTION_STATUSES, ORIGINS, actionReference, label, urgencyLabel } from '../vocab.ts';
import { dateField, dateFields, itemAddress, itemOr404, optional, subjectText } from './shared.ts';

const DECISION_FIELDS = ['notes', 'levelAgreed', 'plan', 'disruption', 'childProtectionReferral', 'nextReviewOn'];
const ACTION_FIELDS = ['description', 'ownerAgencyId', 'ownerUserId', 'dueOn'];
const decisionForm = form({ notes: formText, levelAgreed: formText, plan: formText, disruption: formText, childProtectionReferral: formText, ...dateFields('nextReviewOn') });
const actionForm = form({ description: formText, ownerAgencyId: formText, ownerUserId: formText, ...dateFields('dueOn') });

/** An agenda item in the meeting: its page, the decision, its actions, deferring it to the next meeting. */
export default async function agendaItemRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  async function itemPage(request: FastifyRequest, reply: FastifyReply, address: { meetingId: string; itemId: string }, status = 200, errors?: FieldErrors, values?: Record<string, unknown>) {
    const user = request.user!;
    const { m, item } = await itemOr404(db, request, address);
    if (!item.subject_name) throw notFound();
    const [instrument, actions, agencyList, people] = await Promise.all([currentInstrument(db, user.areaId), actionsWhere(db, user, { agendaItemId: item.id }), areaAgencies(db, user.areaId), areaPeople(db, user.areaId)]);
    request.noteAudit({ details: { youngPersonId: item.young_person_id, peerGroupId: item.peer_group_id, placeId: item.place_id } });
    const v = values ?? { ...item, ...dateInputValues('nextReviewOn', calendarDate(item.next_review_on)), levelAgreed: item.level_agreed, childProtectionReferral: item.child_protection_referral === null ? '' : item.child_protection_referral ? 'yes' : 'no' };
    return reply.code(status).page('panels/views/item.njk', {
      title: `Item ${item.position}: ${subjectText(item)}`,
      backLink: `/panels/meetings/${m.meeting.id}`,
      m,
      item: { ...item, subject: subjectText(item), originLabel: label(ORIGINS, item.origin), urgencyLabel: urgencyLabel(item.urgency), levelAgreedLabel: item.level_agreed ? riskLevelLabel(item.level_agreed, instrument.levels) : null },
      recording: m.runs && Boolean(m.meeting.agendaIssuedAt) && !m.meeting.minutesClosedAt,
      levels: instrument.levels.map((l) => ({ value: l.id, text: l.label, checked: v.levelAgreed === l.id })),
      values: v,
      actions: actions.map((a) => ({ ...a, reference: actionReference(a.number), statusLabel: label(ACTION_STATUSES, a.status) })),
      agencies: [{ value: '', text: 'Choose an agency' }, ...agencyList.map((a) => ({ value: a.id, text: a.name, selected: v.ownerAgencyId === a.id }))],
      people: [{ value: '', text: 'The agency (no named person)' }, ...people.map((p) => ({ value: p.id, text: `${p.name} – ${p.agency}`, selected: v.ownerUserId === p.id }))],
      errors: errors && Object.keys(errors).length ? formErrors(errors, [...DECISION_FIELDS, ...ACTION_FIELDS, 'item']) : null,
    });
  }

  pages.get('/panels/meetings/:meetingId/items/:itemId', { config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'agenda_item', recordId: 'itemId' } }, schema: { params: itemAddress } }, async (request, reply) => itemPage(request, reply, request.params));

  pages.post('/panels/meetings/:meetingId/items/:itemId/decision', { config: { roles: CASEWORK_ROLES, audit: { action: 'update', recordKind: 'agenda_item', recordId: 'itemId' } }, schema: { params: itemAddress, body: decisionForm } }, async (request, reply) => {
    const { meetingId, itemId } = request.params;
    const body = request.body;
    const cp = body.childProtectionReferral;
    const instrument = await currentInstrument(db, request.user!.areaId);
    const result = await recordDecision(
      db,
      request.ctx,
      request.user!,
      meetingId,
      itemId,
      {
        notes: optional(body.notes),
        levelAgreed: optional(body.levelAgreed),
        plan: body.plan,
        disruption: optional(body.disruption),
        childProtectionReferral: cp === 'yes' ? true : cp === 'no' ? false : null,
        nextReviewOn: dateField(body, 'nextReviewOn'),
      },
      instrument.levels,
    );
    if (!result.ok) return refusalPage(result, (status, errors) => itemPage(request, reply, request.params, status, errors, body));
    return reply.redirect(`/panels/meetings/${meetingId}/items/${itemId}#actions`, 303);
  });

  pages.post('/panels/meetings/:meetingId/items/:itemId/actions', { config: { roles: CASEWORK_ROLES, audit: { action: 'create', recordKind: 'panel_action' } }, schema: { params: itemAddress, body: actionForm } }, async (request, reply) => {
    const { meetingId, itemId } = request.params;
    const body = request.body;
    const result = await addAction(db, request.ctx, request.user!, meetingId, itemId, {
      description: body.description,
      ownerAgencyId: optional(body.ownerAgencyId),
      ownerUserId: optional(body.ownerUserId),
      dueOn: dateField(body, 'dueOn'),
    });
    if (!result.ok) return refusalPage(result, (status, errors) => itemPage(request, reply, request.params, status, errors, body));
    return reply.redirect(`/panels/meetings/${meetingId}/items/${itemId}#actions`, 303);
  });

  pages.post('/panels/meetings/:meetingId/items/:itemId/defer', { config: { roles: CASEWORK_ROLES, audit: { action: 'update', recordKind: 'agenda_item', recordId: 'itemId' } }, schema: { params: itemAddress } }, async (request, reply) => {
    const { meetingId, itemId } = request.params;
    const result = await deferItem(db, request.ctx, request.user!, meetingId, itemId);
    if (!result.ok) return refusalPage(result, (status, errors) => itemPage(request, reply, request.params, status, errors));
    return reply.redirect(`/panels/meetings/${meetingId}?done=deferred`, 303);
  });
}

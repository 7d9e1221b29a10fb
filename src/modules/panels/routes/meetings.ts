import { refusalPage } from '../../../platform/http/refusals.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { form, formChoices, formText, queryText } from '../../../platform/http/page-input.ts';
import { CASEWORK_ROLES } from '../../../platform/auth/roles.ts';
import { formErrors, type FieldErrors } from '../../../platform/http/forms.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { mailOptions as platformMailOptions } from '../../../platform/mail.ts';
import { emailFeedbackAfterCommit } from '../../concerns/index.ts';
import { currentInstrument } from '../../risk/index.ts';
import { riskLevelLabel } from '../../young-people/index.ts';
import { emailNoticesAfterCommit } from '../mail.ts';
import { actionsWhere, agendaOf, attendanceOf, markNoticesRead, panelMembersOf } from '../queries.ts';
import { addAgendaItem, buildAgenda, closeMeeting, editAgenda, issueAgenda, recordAttendance, referralsWaitingForAgenda, type Told } from '../service.ts';
import { standingItemsFor } from '../standing-items.ts';
import { fail, type Outcome } from '../../../platform/outcome.ts';
import { ATTENDANCE, ORIGINS, actionReference, label, referralReference, urgencyLabel } from '../vocab.ts';
import { meetingAddress, meetingOr404, subjectText } from './shared.ts';
import { formatDate } from '../../../platform/views/filters.ts';

/** Who attended: the members listed, and for each an `attendance-<user id>` choice. */
const attendanceForm = form({ member: formChoices }).catchall(formText);
const agendaChangeForm = form({ change: formText, itemId: formText });
const addItemForm = form({ referralId: formText });
/** Building, issuing and closing send nothing but the form's token. */
const noFields = form({});

/** A meeting: its page, building and issuing its agenda, attendance, closing it, and its minutes. */
export default async function meetingRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const pages = app.withTypeProvider<ZodTypeProvider>();
  const mailOptions = (request: FastifyRequest) => platformMailOptions(app.lantern.config, request.log);

  function afterCommit(request: FastifyRequest, told: Told, kind: 'agenda' | 'late' | 'minutes') {
    emailFeedbackAfterCommit(db, mailOptions(request), told.feedback);
    emailNoticesAfterCommit(db, mailOptions(request), told.noticeRecipients, kind);
  }

  async function meetingPage(request: FastifyRequest, reply: FastifyReply, meetingId: string, status = 200, errors?: FieldErrors, done = '', values: Record<string, string> = {}) {
    const user = request.user!;
    const m = await meetingOr404(db, request, meetingId);
    const issued = Boolean(m.meeting.agendaIssuedAt);
    const agenda = m.runs || issued ? await agendaOf(db, user, m.meeting.id) : [];
    const [members, attendance] = await Promise.all([panelMembersOf(db, m.panel.id), attendanceOf(db, m.meeting.id)]);
    const closed = Boolean(m.meeting.minutesClosedAt);
    const waiting = m.runs && !closed ? await referralsWaitingForAgenda(db, m.panel.id) : [];
    const standing = m.runs || issued ? await standingItemsFor(db, user, { id: m.meeting.id, panelId: m.panel.id, meetsOn: m.meeting.meetsOn }, m.panel.meetsEveryDays) : null;
    await markNoticesRead(db, user.userId, m.meeting.id);
    request.noteAudit({
      details: {
        youngPersonIds: agenda.filter((i) => i.subject_name && i.young_person_id).map((i) => i.young_person_id),
        peerGroupIds: agenda.filter((i) => i.subject_name && i.peer_group_id).map((i) => i.peer_group_id),
        placeIds: agenda.filter((i) => i.subject_name && i.place_id).map((i) => i.place_id),
        ...(standing ? { standingItems: standing.shown } : {}),
      },
    });
    const attended = new Map(attendance.map((a) => [a.user_id, a.status]));
    return reply.code(status).page('panels/views/meeting.njk', {
      title: `${m.panel.name}: meeting on ${formatDate(m.meeting.meetsOn)}`,
      backLink: `/panels/${m.panel.id}`,
      m,
      issued,
      closed,
      standing,
      waiting: [
        { value: '', text: 'Choose a referral' },
        ...waiting.map((r) => ({ value: r.id, text: `${referralReference(r.number)} – ${urgencyLabel(r.urgency)}`, selected: values.referralId === r.id })),
      ],
      agenda: agenda.map((i) => ({ ...i, subject: subjectText(i), originLabel: label(ORIGINS, i.origin), urgencyLabel: urgencyLabel(i.urgency), levelLabel: riskLevelLabel(i.current_level) })),
      members: members.map((mm) => ({ ...mm, attendance: attended.get(mm.user_id) ?? (attendance.length ? 'absent' : '') })),
      attendanceChoices: ATTENDANCE,
      attendance,
      done,
      errors: errors && Object.keys(errors).length ? formErrors(errors, ['agenda', 'referralId', 'attendance', 'item', 'close']) : null,
    });
  }

  pages.get('/panels/meetings/:meetingId', { config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'panel_meeting', recordId: 'meetingId' } }, schema: { params: meetingAddress, querystring: z.object({ done: queryText }) } }, async (request, reply) =>
    meetingPage(request, reply, request.params.meetingId, 200, undefined, request.query.done),
  );

  /** A command on the meeting: its page again with the refusal, or back to it with what was done. */
  async function answerCommand(request: FastifyRequest, reply: FastifyReply, meetingId: string, result: Outcome<unknown>, done: string, values: Record<string, string> = {}) {
    if (!result.ok) return refusalPage(result, (status, errors) => meetingPage(request, reply, meetingId, status, errors, '', values));
    return reply.redirect(`/panels/meetings/${meetingId}?done=${done}`, 303);
  }
  const commandOptions = <Body extends z.ZodType>(body: Body) => ({
    config: { roles: CASEWORK_ROLES, audit: { action: 'update' as const, recordKind: 'panel_meeting', recordId: 'meetingId' } },
    schema: { params: meetingAddress, body },
  });

  pages.post('/panels/meetings/:meetingId/build', commandOptions(noFields), async (request, reply) => {
    const { meetingId } = request.params;
    return answerCommand(request, reply, meetingId, await buildAgenda(db, request.ctx, request.user!, meetingId), 'built');
  });

  pages.post('/panels/meetings/:meetingId/issue', commandOptions(noFields), async (request, reply) => {
    const { meetingId } = request.params;
    const result = await issueAgenda(db, request.ctx, request.user!, meetingId);
    if (result.ok) afterCommit(request, result.value, 'agenda');
    return answerCommand(request, reply, meetingId, result, 'issued');
  });

  pages.post('/panels/meetings/:meetingId/close', commandOptions(noFields), async (request, reply) => {
    const { meetingId } = request.params;
    const result = await closeMeeting(db, request.ctx, request.user!, meetingId);
    if (result.ok) afterCommit(request, result.value, 'minutes');
    return answerCommand(request, reply, meetingId, result, 'closed');
  });

  pages.post('/panels/meetings/:meetingId/items', commandOptions(addItemForm), async (request, reply) => {
    const { meetingId } = request.params;
    const result = await addAgendaItem(db, request.ctx, request.user!, meetingId, request.body.referralId);
    if (result.ok) afterCommit(request, result.value, 'late');
    return answerCommand(request, reply, meetingId, result, result.ok && result.value.late ? 'added-late' : 'added', request.body);
  });

  pages.post('/panels/meetings/:meetingId/attendance', commandOptions(attendanceForm), async (request, reply) => {
    const { meetingId } = request.params;
    const body = request.body;
    const entries = body.member.map((userId) => ({ userId, status: (body[`attendance-${userId}`] ?? '') as 'present' | 'apologies' | 'absent' }));
    const result: Outcome<unknown> = entries.some((e) => !e.status)
      ? fail('invalid', { attendance: 'Select present, apologies or did not attend for each member' })
      : await recordAttendance(db, request.ctx, request.user!, meetingId, entries);
    return answerCommand(request, reply, meetingId, result, 'attendance');
  });

  pages.post('/panels/meetings/:meetingId/agenda', commandOptions(agendaChangeForm), async (request, reply) => {
    const { meetingId } = request.params;
    const { change, itemId } = request.body;
    const result: Outcome<unknown> =
      change !== 'up' && change !== 'down' && change !== 'remove'
        ? fail('invalid', { agenda: 'Choose to move the item up, down or off the agenda' })
        : await editAgenda(db, request.ctx, request.user!, meetingId, itemId, change);
    return answerCommand(request, reply, meetingId, result, 'agenda');
  });

  pages.get('/panels/meetings/:meetingId/minutes', { config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'panel_minutes', recordId: 'meetingId' } }, schema: { params: meetingAddress } }, async (request, reply) => {
    const user = request.user!;
    const m = await meetingOr404(db, request, request.params.meetingId);
    if (!m.meeting.minutesClosedAt) throw notFound();
    const [agenda, attendance, actions, instrument] = await Promise.all([agendaOf(db, user, m.meeting.id), attendanceOf(db, m.meeting.id), actionsWhere(db, user, { meetingId: m.meeting.id }), currentInstrument(db, user.areaId)]);
    // Only what this reader may see: items about people outside their access are counted, not shown.
    const shown = agenda.filter((i) => i.subject_name);
    await markNoticesRead(db, user.userId, m.meeting.id);
    request.noteAudit({ details: { youngPersonIds: shown.map((i) => i.young_person_id).filter(Boolean), placeIds: shown.map((i) => i.place_id).filter(Boolean), hiddenItems: agenda.length - shown.length } });
    return reply.page('panels/views/minutes.njk', {
      title: `Minutes: ${m.panel.name}, ${formatDate(m.meeting.meetsOn)}`,
      backLink: `/panels/meetings/${m.meeting.id}`,
      m,
      attendance: attendance.map((a) => ({ ...a, statusLabel: label(ATTENDANCE, a.status) })),
      items: shown.map((i) => ({
        ...i,
        subject: subjectText(i),
        levelAgreedLabel: i.level_agreed ? riskLevelLabel(i.level_agreed, instrument.levels) : null,
        actions: actions.filter((a) => a.agenda_item_id === i.id).map((a) => ({ ...a, reference: actionReference(a.number) })),
      })),
      hidden: agenda.length - shown.length,
    });
  });
}

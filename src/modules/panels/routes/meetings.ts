import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CASEWORK_ROLES } from '../../../platform/auth/roles.ts';
import { field, fieldList, formErrors } from '../../../platform/http/forms.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { mailOptions as platformMailOptions } from '../../../platform/mail.ts';
import { emailFeedbackAfterCommit } from '../../concerns/feedback.ts';
import { currentInstrument } from '../../risk/versions.ts';
import { riskLevelLabel } from '../../young-people/view-model.ts';
import { emailNoticesAfterCommit } from '../mail.ts';
import { actionsWhere, agendaOf, attendanceOf, markNoticesRead, panelMembersOf } from '../queries.ts';
import type { Errors } from '../rules.ts';
import { buildAgenda, closeMeeting, editAgenda, issueAgenda, recordAttendance, type CommandResult, type Told } from '../service.ts';
import { ATTENDANCE, ORIGINS, actionReference, label, urgencyLabel } from '../vocab.ts';
import { meetingOr404, refusedOr404, subjectText } from './shared.ts';

/** A meeting: its page, building and issuing its agenda, attendance, closing it, and its minutes. */
export default async function meetingRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const mailOptions = (request: FastifyRequest) => platformMailOptions(app.lantern.config, request.log);

  function afterCommit(request: FastifyRequest, told: Told, kind: 'agenda' | 'minutes') {
    emailFeedbackAfterCommit(db, mailOptions(request), told.feedback);
    emailNoticesAfterCommit(db, mailOptions(request), told.noticeRecipients, kind);
  }

  async function meetingPage(request: FastifyRequest, reply: FastifyReply, status = 200, errors?: Errors) {
    const user = request.user!;
    const m = await meetingOr404(db, request);
    const issued = Boolean(m.meeting.agendaIssuedAt);
    const agenda = m.runs || issued ? await agendaOf(db, user, m.meeting.id) : [];
    const [members, attendance] = await Promise.all([panelMembersOf(db, m.panel.id), attendanceOf(db, m.meeting.id)]);
    await markNoticesRead(db, user.userId, m.meeting.id);
    request.noteAudit({
      details: { youngPersonIds: agenda.filter((i) => i.subject_name && i.young_person_id).map((i) => i.young_person_id), peerGroupIds: agenda.filter((i) => i.subject_name && i.peer_group_id).map((i) => i.peer_group_id), placeIds: agenda.filter((i) => i.subject_name && i.place_id).map((i) => i.place_id) },
    });
    const attended = new Map(attendance.map((a) => [a.user_id, a.status]));
    const query = request.query as Record<string, string>;
    return reply.code(status).page('panels/views/meeting.njk', {
      title: `${m.panel.name}: meeting on ${m.meeting.meetsOn}`,
      backLink: `/panels/${m.panel.id}`,
      m,
      issued,
      closed: Boolean(m.meeting.minutesClosedAt),
      agenda: agenda.map((i) => ({ ...i, subject: subjectText(i), originLabel: label(ORIGINS, i.origin), urgencyLabel: urgencyLabel(i.urgency), levelLabel: riskLevelLabel(i.current_level) })),
      members: members.map((mm) => ({ ...mm, attendance: attended.get(mm.user_id) ?? (attendance.length ? 'absent' : '') })),
      attendanceChoices: ATTENDANCE,
      attendance,
      done: query.done,
      errors: errors && Object.keys(errors).length ? formErrors(errors, ['agenda', 'attendance', 'item', 'close']) : null,
    });
  }

  app.get('/panels/meetings/:meetingId', { config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'panel_meeting', recordId: 'meetingId' } } }, async (request, reply) => meetingPage(request, reply));

  const meetingCommand = (path: string, run: (request: FastifyRequest, meetingId: string) => Promise<CommandResult<unknown>>, done: string) =>
    app.post(`/panels/meetings/:meetingId/${path}`, { config: { roles: CASEWORK_ROLES, audit: { action: 'update', recordKind: 'panel_meeting', recordId: 'meetingId' } } }, async (request, reply) => {
      const { meetingId } = request.params as { meetingId: string };
      const result = await run(request, meetingId);
      if (!result.ok) return meetingPage(request, reply, result.status === 403 ? 403 : 400, refusedOr404(result));
      return reply.redirect(`/panels/meetings/${meetingId}?done=${done}`, 303);
    });

  meetingCommand('build', (request, id) => buildAgenda(db, request.ctx, request.user!, id), 'built');
  meetingCommand(
    'issue',
    async (request, id) => {
      const result = await issueAgenda(db, request.ctx, request.user!, id);
      if (result.ok) afterCommit(request, result.value, 'agenda');
      return result;
    },
    'issued',
  );
  meetingCommand(
    'close',
    async (request, id) => {
      const result = await closeMeeting(db, request.ctx, request.user!, id);
      if (result.ok) afterCommit(request, result.value, 'minutes');
      return result;
    },
    'closed',
  );
  meetingCommand(
    'attendance',
    async (request, id) => {
      const body = request.body as Record<string, unknown>;
      const entries = fieldList(body, 'member').map((userId) => ({ userId, status: field(body, `attendance-${userId}`) as 'present' | 'apologies' | 'absent' }));
      if (entries.some((e) => !e.status)) return { ok: false, status: 400, errors: { attendance: 'Select present, apologies or did not attend for each member' } };
      return recordAttendance(db, request.ctx, request.user!, id, entries);
    },
    'attendance',
  );
  meetingCommand(
    'agenda',
    async (request, id) => {
      const body = request.body as Record<string, unknown>;
      const change = field(body, 'change');
      if (change !== 'up' && change !== 'down' && change !== 'remove') return { ok: false, status: 400, errors: { agenda: 'Choose to move the item up, down or off the agenda' } };
      return editAgenda(db, request.ctx, request.user!, id, field(body, 'itemId'), change);
    },
    'agenda',
  );

  app.get('/panels/meetings/:meetingId/minutes', { config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'panel_minutes', recordId: 'meetingId' } } }, async (request, reply) => {
    const user = request.user!;
    const m = await meetingOr404(db, request);
    if (!m.meeting.minutesClosedAt) throw notFound();
    const [agenda, attendance, actions, instrument] = await Promise.all([agendaOf(db, user, m.meeting.id), attendanceOf(db, m.meeting.id), actionsWhere(db, user, { meetingId: m.meeting.id }), currentInstrument(db, user.areaId)]);
    // Only what this reader may see: items about people outside their access are counted, not shown.
    const shown = agenda.filter((i) => i.subject_name);
    await markNoticesRead(db, user.userId, m.meeting.id);
    request.noteAudit({ details: { youngPersonIds: shown.map((i) => i.young_person_id).filter(Boolean), placeIds: shown.map((i) => i.place_id).filter(Boolean), hiddenItems: agenda.length - shown.length } });
    return reply.page('panels/views/minutes.njk', {
      title: `Minutes: ${m.panel.name}, ${m.meeting.meetsOn}`,
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

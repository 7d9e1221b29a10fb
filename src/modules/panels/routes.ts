import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { and, asc, eq } from 'drizzle-orm';
import { auditRead } from '../../platform/audit/audit.ts';
import { field, fieldList, formErrors } from '../../platform/http/forms.ts';
import { notFound } from '../../platform/http/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { emailFeedbackAfterCommit } from '../concerns/index.ts';
import { mailOptions as platformMailOptions } from '../../platform/mail.ts';
import { agencies, users } from '../organisation/tables.ts';
import { findVisibleYoungPerson, displayName, referenceFor, riskLevelLabel } from '../young-people/index.ts';
import { currentInstrument } from '../risk/index.ts';
import { youngPeople } from '../young-people/tables.ts';
import { buildCasePack, casePackPdf, type CasePack } from './casepack.ts';
import { emailNoticesAfterCommit } from './mail.ts';
import { panelRole, setsUpPanels } from './policy.ts';
import {
  actionsWhere,
  agendaOf,
  attendanceOf,
  findVisiblePeerGroup,
  listPanels,
  markNoticesRead,
  meetingsOf,
  overdueByAgency,
  panelFigures,
  panelMembersOf,
  panelsToReferTo,
  peerGroupMembersOf,
  peerGroupsVisible,
  referralsWhere,
  unreadNotices,
  type AgendaRow,
} from './queries.ts';
import { calendarDate, dateFromParts, type Errors } from './rules.ts';
import {
  addAction,
  addMember,
  buildAgenda,
  closeMeeting,
  completeAction,
  createMeeting,
  createPanel,
  createPeerGroup,
  decideReferral,
  deferItem,
  editAgenda,
  findOwnAction,
  issueAgenda,
  loadMeeting,
  recordAttendance,
  recordDecision,
  PLACE_NOT_FOUND,
  refer,
  removeMember,
  withdrawReferral,
  type CommandResult,
  type LoadedMeeting,
  type Told,
} from './service.ts';
import { panels } from './tables.ts';
import { placesOfConcern } from '../intelligence/tables.ts';
import { findVisiblePlace, placeReference } from '../intelligence/index.ts';
import { ACTION_STATUSES, ATTENDANCE, ORIGINS, PANEL_KINDS, REFERRAL_SOURCES, REFERRAL_STATUSES, URGENCIES, actionReference, label, referralReference, urgencyLabel } from './vocab.ts';

const CASEWORK = { roles: ['practitioner', 'agency_lead', 'coordinator', 'panel_member', 'intelligence_officer'] as const };
const COORDINATOR = { roles: ['coordinator'] as const };

export const PANEL_FIELDS = ['name', 'kind', 'chairAgencyId', 'meetsEveryDays', 'accessAfterCloseDays'];
export const REFERRAL_FIELDS = ['panelId', 'subjectKind', 'youngPersonId', 'peerGroupId', 'placeId', 'placeReference', 'source', 'reason', 'urgency', 'youngPersonViews', 'familyViews'];
export const DECISION_FIELDS = ['notes', 'levelAgreed', 'plan', 'disruption', 'childProtectionReferral', 'nextReviewOn'];
export const ACTION_FIELDS = ['description', 'ownerAgencyId', 'ownerUserId', 'dueOn'];

const radios = (labels: Record<string, string>, chosen: unknown) => Object.entries(labels).map(([value, text]) => ({ value, text, checked: chosen === value }));
const optional = (body: unknown, name: string) => field(body, name) || null;
const wholeNumber = (raw: string): number => (/^\d{1,4}$/.test(raw) ? Number(raw) : Number.NaN);
const dateField = (body: unknown, prefix: string) => dateFromParts(field(body, `${prefix}-day`), field(body, `${prefix}-month`), field(body, `${prefix}-year`));
const dateParts = (iso: string | null | undefined, prefix: string): Record<string, string> => {
  const d = calendarDate(iso ?? null);
  if (!d) return {};
  const [y, m, day] = d.split('-');
  return { [`${prefix}-day`]: String(Number(day)), [`${prefix}-month`]: String(Number(m)), [`${prefix}-year`]: y! };
};

/** Subject words for a row the reader may or may not see. */
export function subjectText(row: { subject_kind: string; subject_name: string | null; subject_reference: string | null }): string {
  if (!row.subject_name) return row.subject_kind === 'peer_group' ? 'A peer group you cannot see' : row.subject_kind === 'place' ? 'A place of concern you cannot see' : 'A young person you cannot see';
  if (row.subject_kind === 'peer_group') return `${row.subject_name} (peer group)`;
  return `${row.subject_name} (${row.subject_reference})`;
}

export function referralFromForm(body: unknown) {
  const subjectKind = field(body, 'subjectKind');
  return {
    panelId: field(body, 'panelId'),
    subjectKind,
    youngPersonId: subjectKind === 'young_person' ? optional(body, 'youngPersonId') : null,
    peerGroupId: subjectKind === 'peer_group' ? optional(body, 'peerGroupId') : null,
    placeId: subjectKind === 'place' ? optional(body, 'placeId') : null,
    source: field(body, 'source'),
    reason: field(body, 'reason'),
    urgency: field(body, 'urgency'),
    youngPersonViews: optional(body, 'youngPersonViews'),
    familyViews: optional(body, 'familyViews'),
  };
}

export default async function panelRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const mailOptions = (request: FastifyRequest) => platformMailOptions(app.lantern.config, request.log);

  function afterCommit(request: FastifyRequest, told: Told, kind: 'agenda' | 'minutes') {
    emailFeedbackAfterCommit(db, mailOptions(request), told.feedback);
    emailNoticesAfterCommit(db, mailOptions(request), told.noticeRecipients, kind);
  }

  /** The refusal of a command as a page: 404 for what cannot be seen, else the form again with its messages. */
  function refusedOr404<T>(result: CommandResult<T>): Errors {
    if (result.ok) return {};
    if (result.status === 404) throw notFound();
    return result.errors;
  }

  async function areaAgencies(areaId: string) {
    return db.select({ id: agencies.id, name: agencies.name }).from(agencies).where(and(eq(agencies.areaId, areaId), eq(agencies.active, true))).orderBy(asc(agencies.name));
  }

  async function areaPeople(areaId: string) {
    return db
      .select({ id: users.id, name: users.name, agencyId: users.agencyId, agency: agencies.name })
      .from(users)
      .innerJoin(agencies, eq(agencies.id, users.agencyId))
      .where(and(eq(users.areaId, areaId), eq(users.active, true)))
      .orderBy(asc(agencies.name), asc(users.name));
  }

  async function meetingOr404(request: FastifyRequest): Promise<LoadedMeeting> {
    const m = await loadMeeting(db, request.user!, (request.params as { meetingId: string }).meetingId);
    if (!m) throw notFound();
    return m;
  }

  /** An item of a meeting the reader may open: members only once the agenda is issued. */
  async function itemOr404(request: FastifyRequest): Promise<{ m: LoadedMeeting; item: AgendaRow; agenda: AgendaRow[] }> {
    const m = await meetingOr404(request);
    if (!m.runs && !m.meeting.agendaIssuedAt) throw notFound();
    const agenda = await agendaOf(db, request.user!, m.meeting.id);
    const item = agenda.find((i) => i.id === (request.params as { itemId: string }).itemId);
    if (!item) throw notFound();
    return { m, item, agenda };
  }

  // ---- Panels ----

  app.get('/panels', { config: CASEWORK }, async (request, reply) => {
    const user = request.user!;
    const [list, notices, mine] = await Promise.all([listPanels(db, user), unreadNotices(db, user.userId), actionsWhere(db, user, { ownerUserId: user.userId, openOnly: true })]);
    const pending = user.role === 'coordinator' ? await referralsWhere(db, user, { status: 'pending' }) : [];
    await auditRead(db, request.ctx, { action: 'view', recordKind: 'panels', details: { panels: list.length, pendingReferrals: pending.map((p) => p.id) } });
    return reply.page('panels/views/index.njk', {
      title: 'Panels',
      panels: list.map((p) => ({ ...p, kindLabel: label(PANEL_KINDS, p.kind) })),
      notices,
      openActions: mine.length,
      overdueActions: mine.filter((a) => a.overdue).length,
      pending: pending.map((r) => ({ ...r, subject: subjectText(r), reference: referralReference(r.number), urgencyLabel: urgencyLabel(r.urgency) })),
      setsUp: setsUpPanels(user),
    });
  });

  function panelFormContext(values: Record<string, unknown>, agencyList: { id: string; name: string }[], errors?: Errors) {
    return {
      title: 'Set up a panel',
      backLink: '/panels',
      values,
      kinds: radios(PANEL_KINDS, values.kind),
      agencies: [{ value: '', text: 'Choose an agency' }, ...agencyList.map((a) => ({ value: a.id, text: a.name, selected: values.chairAgencyId === a.id }))],
      errors: errors && Object.keys(errors).length ? formErrors(errors, PANEL_FIELDS) : null,
    };
  }

  app.get('/panels/new', { config: COORDINATOR }, async (request, reply) =>
    reply.page('panels/views/panel-form.njk', panelFormContext({ accessAfterCloseDays: '30', meetsEveryDays: '28' }, await areaAgencies(request.user!.areaId))),
  );

  app.post('/panels/new', { config: COORDINATOR }, async (request, reply) => {
    const body = request.body as Record<string, unknown>;
    const every = field(body, 'meetsEveryDays');
    const result = await createPanel(db, request.ctx, request.user!, {
      name: field(body, 'name'),
      kind: field(body, 'kind'),
      chairAgencyId: optional(body, 'chairAgencyId'),
      meetsEveryDays: every ? wholeNumber(every) : null,
      accessAfterCloseDays: wholeNumber(field(body, 'accessAfterCloseDays')),
    });
    if (!result.ok) return reply.code(400).page('panels/views/panel-form.njk', panelFormContext(body, await areaAgencies(request.user!.areaId), refusedOr404(result)));
    return reply.redirect(`/panels/${result.value}`, 303);
  });

  async function panelPage(request: FastifyRequest, reply: FastifyReply, status = 200, errors?: Errors, values: Record<string, unknown> = {}) {
    const user = request.user!;
    const panelId = (request.params as { panelId: string }).panelId;
    const role = isUuid(panelId) ? await panelRole(db, user, panelId) : null;
    if (!role) throw notFound();
    const [panel] = await db.select().from(panels).where(eq(panels.id, panelId));
    const [members, meetings, figures, referrals] = await Promise.all([
      panelMembersOf(db, panelId),
      meetingsOf(db, panelId),
      panelFigures(db, panelId),
      role.runs ? referralsWhere(db, user, { panelId }) : Promise.resolve([]),
    ]);
    const people = setsUpPanels(user) ? await areaPeople(user.areaId) : [];
    const chair = panel!.chairAgencyId ? (await db.select({ name: agencies.name }).from(agencies).where(eq(agencies.id, panel!.chairAgencyId)))[0]?.name : null;
    await auditRead(db, request.ctx, { action: 'view', recordKind: 'panel', recordId: panelId, details: { referralIds: referrals.map((r) => r.id) } });
    return reply.code(status).page('panels/views/panel.njk', {
      title: panel!.name,
      backLink: '/panels',
      panel: { ...panel!, kindLabel: label(PANEL_KINDS, panel!.kind), chair },
      role,
      setsUp: setsUpPanels(user),
      members,
      people: [{ value: '', text: 'Choose a person' }, ...people.filter((p) => !members.some((m) => m.user_id === p.id)).map((p) => ({ value: p.id, text: `${p.name} – ${p.agency}` }))],
      meetings,
      referrals: referrals.map((r) => ({ ...r, subject: subjectText(r), reference: referralReference(r.number), urgencyLabel: urgencyLabel(r.urgency), statusLabel: label(REFERRAL_STATUSES, r.status) })),
      figures,
      values,
      errors: errors && Object.keys(errors).length ? formErrors(errors, ['userId', 'meetsOn']) : null,
    });
  }

  app.get('/panels/:panelId', { config: CASEWORK }, async (request, reply) => panelPage(request, reply));

  app.post('/panels/:panelId/members', { config: COORDINATOR }, async (request, reply) => {
    const { panelId } = request.params as { panelId: string };
    const body = request.body as Record<string, unknown>;
    const result = await addMember(db, request.ctx, request.user!, panelId, field(body, 'userId'), field(body, 'isChair') === 'yes');
    if (!result.ok) return panelPage(request, reply, 400, refusedOr404(result), body);
    return reply.redirect(`/panels/${panelId}`, 303);
  });

  app.post('/panels/:panelId/members/:memberId/remove', { config: COORDINATOR }, async (request, reply) => {
    const { panelId, memberId } = request.params as { panelId: string; memberId: string };
    const result = await removeMember(db, request.ctx, request.user!, panelId, memberId);
    if (!result.ok) refusedOr404(result);
    return reply.redirect(`/panels/${panelId}`, 303);
  });

  app.post('/panels/:panelId/meetings', { config: CASEWORK }, async (request, reply) => {
    const { panelId } = request.params as { panelId: string };
    const body = request.body as Record<string, unknown>;
    const result = await createMeeting(db, request.ctx, request.user!, panelId, dateField(body, 'meetsOn'));
    if (!result.ok) return panelPage(request, reply, 400, refusedOr404(result), body);
    return reply.redirect(`/panels/meetings/${result.value}`, 303);
  });

  // ---- Referrals ----

  async function referralFormContext(request: FastifyRequest, values: Record<string, unknown>, errors?: Errors) {
    const user = request.user!;
    const [panelList, groups] = await Promise.all([panelsToReferTo(db, user.areaId), peerGroupsVisible(db, user)]);
    const ypId = String(values.youngPersonId ?? '');
    const yp = ypId ? await findVisibleYoungPerson(db, user, ypId) : null;
    const choosingPlace = values.subjectKind === 'place';
    const place = choosingPlace && values.placeId ? await findVisiblePlace(db, user, String(values.placeId)) : null;
    // Typed as a reference, a place's refusal belongs to the reference box.
    const shown = errors && !place && choosingPlace && errors.placeId ? { ...errors, placeReference: errors.placeId, placeId: undefined } : errors;
    const fieldErrors = shown ? (Object.fromEntries(Object.entries(shown).filter(([, v]) => v)) as Errors) : undefined;
    return {
      title: 'Refer to a panel',
      backLink: yp ? `/young-people/${yp.id}` : place ? `/intelligence/places/${place.id}` : '/panels',
      values,
      youngPerson: yp ? { id: yp.id, name: displayName(yp), reference: referenceFor(yp.number) } : null,
      choosingPlace,
      place: place ? { id: place.id, name: place.name, reference: placeReference(place.number) } : null,
      panels: [{ value: '', text: 'Choose a panel' }, ...panelList.map((p) => ({ value: p.id, text: p.name, selected: values.panelId === p.id }))],
      groups: [{ value: '', text: 'Choose a peer group' }, ...groups.map((g) => ({ value: g.id, text: `${g.name} (${g.members} young people)`, selected: values.peerGroupId === g.id }))],
      hasGroups: groups.length > 0,
      sources: radios(REFERRAL_SOURCES, values.source),
      urgencies: Object.entries(URGENCIES).map(([value, u]) => ({ value, text: u.label, checked: values.urgency === value })),
      errors: fieldErrors && Object.keys(fieldErrors).length ? formErrors(fieldErrors, REFERRAL_FIELDS) : null,
    };
  }

  app.get('/panels/referrals/new', { config: CASEWORK }, async (request, reply) => {
    const query = request.query as Record<string, string>;
    const placeId = isUuid(query.placeId) ? query.placeId : '';
    const subjectKind = placeId || query.subject === 'place' ? 'place' : query.peerGroupId ? 'peer_group' : 'young_person';
    const values: Record<string, unknown> = { subjectKind, youngPersonId: isUuid(query.youngPersonId) ? query.youngPersonId : '', peerGroupId: isUuid(query.peerGroupId) ? query.peerGroupId : '', placeId };
    if (values.youngPersonId && !(await findVisibleYoungPerson(db, request.user!, String(values.youngPersonId)))) throw notFound();
    if (placeId && !(await findVisiblePlace(db, request.user!, placeId))) throw notFound();
    return reply.page('panels/views/referral-form.njk', await referralFormContext(request, values));
  });

  app.post('/panels/referrals', { config: CASEWORK }, async (request, reply) => {
    const body = request.body as Record<string, unknown>;
    const input = referralFromForm(body);
    if (input.subjectKind === 'place' && !input.placeId) {
      // A place typed as its reference (P-3): found in the area here; whether the referrer may see it is the service's decision.
      const number = /^P-?(\d{1,12})$/i.exec(field(body, 'placeReference').replace(/\s+/g, ''))?.[1];
      if (!number) return reply.code(400).page('panels/views/referral-form.njk', await referralFormContext(request, body, { placeReference: 'Enter the reference of the place of concern as shown on its page, for example P-3' }));
      const [found] = await db.select({ id: placesOfConcern.id }).from(placesOfConcern).where(and(eq(placesOfConcern.areaId, request.user!.areaId), eq(placesOfConcern.number, Number(number))));
      if (!found) return reply.code(404).page('panels/views/referral-form.njk', await referralFormContext(request, body, { placeReference: PLACE_NOT_FOUND }));
      input.placeId = found.id;
    }
    const result = await refer(db, request.ctx, request.user!, input);
    if (!result.ok) return reply.code(result.status === 404 ? 404 : 400).page('panels/views/referral-form.njk', await referralFormContext(request, result.status === 404 ? { ...body, youngPersonId: '', placeId: '' } : body, result.errors));
    return reply.redirect(`/panels/referrals/${result.value.id}?done=referred`, 303);
  });

  app.get('/panels/referrals', { config: CASEWORK }, async (request, reply) => {
    const user = request.user!;
    const mine = await referralsWhere(db, user, { referredByUserId: user.userId });
    await auditRead(db, request.ctx, { action: 'view', recordKind: 'panel_referrals', details: { referralIds: mine.map((r) => r.id) } });
    return reply.page('panels/views/referrals.njk', {
      title: 'Your referrals to panels',
      backLink: '/panels',
      referrals: mine.map((r) => ({ ...r, subject: subjectText(r), reference: referralReference(r.number), urgencyLabel: urgencyLabel(r.urgency), statusLabel: label(REFERRAL_STATUSES, r.status) })),
    });
  });

  async function referralPage(request: FastifyRequest, reply: FastifyReply, status = 200, errors?: Errors, values: Record<string, unknown> = {}) {
    const user = request.user!;
    const { referralId } = request.params as { referralId: string };
    if (!isUuid(referralId)) throw notFound();
    const [r] = await referralsWhere(db, user, { id: referralId });
    if (!r) throw notFound();
    const role = await panelRole(db, user, r.panel_id);
    const isReferrer = r.referred_by_user_id === user.userId;
    if (!role?.runs && !isReferrer) throw notFound();
    await auditRead(db, request.ctx, { action: 'view', recordKind: 'panel_referral', recordId: r.id });
    const query = request.query as Record<string, string>;
    return reply.code(status).page('panels/views/referral.njk', {
      title: `Referral ${referralReference(r.number)}`,
      backLink: role?.runs ? `/panels/${r.panel_id}` : '/panels/referrals',
      r: { ...r, subject: subjectText(r), reference: referralReference(r.number), urgencyLabel: urgencyLabel(r.urgency), statusLabel: label(REFERRAL_STATUSES, r.status), sourceLabel: label(REFERRAL_SOURCES, r.source) },
      runs: role?.runs ?? false,
      isReferrer,
      done: query.done,
      values,
      errors: errors && Object.keys(errors).length ? formErrors(errors, ['decision', 'reason']) : null,
    });
  }

  app.get('/panels/referrals/:referralId', { config: CASEWORK }, async (request, reply) => referralPage(request, reply));

  app.post('/panels/referrals/:referralId/decision', { config: CASEWORK }, async (request, reply) => {
    const { referralId } = request.params as { referralId: string };
    const body = request.body as Record<string, unknown>;
    const decision = field(body, 'decision');
    if (decision !== 'accept' && decision !== 'decline') return referralPage(request, reply, 400, { decision: 'Select whether to accept or decline the referral' }, body);
    const result = await decideReferral(db, request.ctx, request.user!, referralId, decision, field(body, 'reason'));
    if (!result.ok) return referralPage(request, reply, 400, refusedOr404(result), body);
    return reply.redirect(`/panels/referrals/${referralId}?done=${decision}`, 303);
  });

  app.post('/panels/referrals/:referralId/withdraw', { config: CASEWORK }, async (request, reply) => {
    const { referralId } = request.params as { referralId: string };
    const body = request.body as Record<string, unknown>;
    const result = await withdrawReferral(db, request.ctx, request.user!, referralId, field(body, 'withdrawReason'));
    if (!result.ok) {
      const errors = refusedOr404(result);
      return referralPage(request, reply, 400, errors.reason ? { withdrawReason: errors.reason } : errors, body);
    }
    return reply.redirect(`/panels/referrals/${referralId}?done=withdrawn`, 303);
  });

  // ---- Peer groups ----

  app.get('/panels/peer-groups', { config: CASEWORK }, async (request, reply) => {
    const groups = await peerGroupsVisible(db, request.user!);
    await auditRead(db, request.ctx, { action: 'view', recordKind: 'peer_groups', details: { peerGroupIds: groups.map((g) => g.id) } });
    return reply.page('panels/views/peer-groups.njk', { title: 'Peer groups', backLink: '/panels', groups });
  });

  function groupFormContext(values: Record<string, unknown>, errors?: Errors) {
    return {
      title: 'Record a peer group',
      backLink: '/panels/peer-groups',
      values,
      errors: errors && Object.keys(errors).length ? formErrors(errors, ['name', 'description', 'youngPersonIds']) : null,
    };
  }

  app.get('/panels/peer-groups/new', { config: CASEWORK }, async (_request, reply) => reply.page('panels/views/peer-group-form.njk', groupFormContext({})));

  app.post('/panels/peer-groups/new', { config: CASEWORK }, async (request, reply) => {
    const body = request.body as Record<string, unknown>;
    // Young people are given by their YP- references, one per line, so the form needs no script.
    const references = field(body, 'references')
      .split(/[\s,]+/)
      .map((s) => s.trim().toUpperCase())
      .filter(Boolean);
    const ids: string[] = [];
    const bad: string[] = [];
    for (const ref of references) {
      const match = /^(?:YP-)?(\d{1,12})$/.exec(ref);
      const id = match ? await youngPersonIdByNumber(request, Number(match[1])) : null;
      if (id) ids.push(id);
      else bad.push(ref);
    }
    const result = bad.length
      ? ({ ok: false, status: 400, errors: { youngPersonIds: `You cannot see a young person with the reference ${bad.join(', ')}: check the references on their records` } } as const)
      : await createPeerGroup(db, request.ctx, request.user!, { name: field(body, 'name'), description: optional(body, 'description'), youngPersonIds: ids });
    if (!result.ok) {
      const errors: Errors = Object.fromEntries(Object.entries(result.errors as Errors).map(([k, v]) => [k === 'youngPersonIds' ? 'references' : k, v]));
      return reply.code(400).page('panels/views/peer-group-form.njk', { ...groupFormContext(body, errors), errors: formErrors(errors, ['name', 'description', 'references']) });
    }
    return reply.redirect(`/panels/peer-groups/${result.value}`, 303);
  });

  async function youngPersonIdByNumber(request: FastifyRequest, number: number): Promise<string | null> {
    const [row] = await db.select({ id: youngPeople.id }).from(youngPeople).where(and(eq(youngPeople.number, number), eq(youngPeople.areaId, request.user!.areaId)));
    return row && (await findVisibleYoungPerson(db, request.user!, row.id)) ? row.id : null;
  }

  app.get('/panels/peer-groups/:groupId', { config: CASEWORK }, async (request, reply) => {
    const group = await findVisiblePeerGroup(db, request.user!, (request.params as { groupId: string }).groupId);
    if (!group) throw notFound();
    const members = await peerGroupMembersOf(db, request.user!, group.id);
    await auditRead(db, request.ctx, { action: 'view', recordKind: 'peer_group', recordId: group.id, details: { youngPersonIds: members.map((m) => m.id) } });
    return reply.page('panels/views/peer-group.njk', { title: group.name, backLink: '/panels/peer-groups', group, members: members.map((m) => ({ ...m, reference: referenceFor(m.number) })) });
  });

  // ---- Meetings ----

  async function meetingPage(request: FastifyRequest, reply: FastifyReply, status = 200, errors?: Errors) {
    const user = request.user!;
    const m = await meetingOr404(request);
    const issued = Boolean(m.meeting.agendaIssuedAt);
    const agenda = m.runs || issued ? await agendaOf(db, user, m.meeting.id) : [];
    const [members, attendance] = await Promise.all([panelMembersOf(db, m.panel.id), attendanceOf(db, m.meeting.id)]);
    await markNoticesRead(db, user.userId, m.meeting.id);
    await auditRead(db, request.ctx, {
      action: 'view',
      recordKind: 'panel_meeting',
      recordId: m.meeting.id,
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

  app.get('/panels/meetings/:meetingId', { config: CASEWORK }, async (request, reply) => meetingPage(request, reply));

  const meetingCommand = (path: string, run: (request: FastifyRequest, meetingId: string) => Promise<CommandResult<unknown>>, done: string) =>
    app.post(`/panels/meetings/:meetingId/${path}`, { config: CASEWORK }, async (request, reply) => {
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

  // ---- Agenda items: the pack, the decision, actions, deferral ----

  async function itemPage(request: FastifyRequest, reply: FastifyReply, status = 200, errors?: Errors, values?: Record<string, unknown>) {
    const user = request.user!;
    const { m, item } = await itemOr404(request);
    if (!item.subject_name) throw notFound();
    const [instrument, actions, agencyList, people] = await Promise.all([currentInstrument(db, user.areaId), actionsWhere(db, user, { agendaItemId: item.id }), areaAgencies(user.areaId), areaPeople(user.areaId)]);
    await auditRead(db, request.ctx, { action: 'view', recordKind: 'agenda_item', recordId: item.id, details: { youngPersonId: item.young_person_id, peerGroupId: item.peer_group_id, placeId: item.place_id } });
    const v = values ?? { ...item, ...dateParts(item.next_review_on, 'nextReviewOn'), levelAgreed: item.level_agreed, childProtectionReferral: item.child_protection_referral === null ? '' : item.child_protection_referral ? 'yes' : 'no' };
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

  app.get('/panels/meetings/:meetingId/items/:itemId', { config: CASEWORK }, async (request, reply) => itemPage(request, reply));

  app.post('/panels/meetings/:meetingId/items/:itemId/decision', { config: CASEWORK }, async (request, reply) => {
    const { meetingId, itemId } = request.params as { meetingId: string; itemId: string };
    const body = request.body as Record<string, unknown>;
    const cp = field(body, 'childProtectionReferral');
    const instrument = await currentInstrument(db, request.user!.areaId);
    const result = await recordDecision(
      db,
      request.ctx,
      request.user!,
      meetingId,
      itemId,
      {
        notes: optional(body, 'notes'),
        levelAgreed: optional(body, 'levelAgreed'),
        plan: field(body, 'plan'),
        disruption: optional(body, 'disruption'),
        childProtectionReferral: cp === 'yes' ? true : cp === 'no' ? false : null,
        nextReviewOn: dateField(body, 'nextReviewOn'),
      },
      instrument.levels,
    );
    if (!result.ok) return itemPage(request, reply, result.status === 403 ? 403 : 400, refusedOr404(result), body);
    return reply.redirect(`/panels/meetings/${meetingId}/items/${itemId}#actions`, 303);
  });

  app.post('/panels/meetings/:meetingId/items/:itemId/actions', { config: CASEWORK }, async (request, reply) => {
    const { meetingId, itemId } = request.params as { meetingId: string; itemId: string };
    const body = request.body as Record<string, unknown>;
    const result = await addAction(db, request.ctx, request.user!, meetingId, itemId, {
      description: field(body, 'description'),
      ownerAgencyId: optional(body, 'ownerAgencyId'),
      ownerUserId: optional(body, 'ownerUserId'),
      dueOn: dateField(body, 'dueOn'),
    });
    if (!result.ok) return itemPage(request, reply, result.status === 403 ? 403 : 400, refusedOr404(result), body);
    return reply.redirect(`/panels/meetings/${meetingId}/items/${itemId}#actions`, 303);
  });

  app.post('/panels/meetings/:meetingId/items/:itemId/defer', { config: CASEWORK }, async (request, reply) => {
    const { meetingId, itemId } = request.params as { meetingId: string; itemId: string };
    const result = await deferItem(db, request.ctx, request.user!, meetingId, itemId);
    if (!result.ok) return itemPage(request, reply, result.status === 403 ? 403 : 400, refusedOr404(result));
    return reply.redirect(`/panels/meetings/${meetingId}?done=deferred`, 303);
  });

  /** Who and what a pack names, for its audit row. */
  const packSubjects = (pack: CasePack) => (pack.place ? { placeId: pack.place.id, youngPersonIds: pack.place.youngPersonIds } : { youngPersonIds: pack.people.map((p) => p.id) });

  async function packFor(request: FastifyRequest) {
    const { m, item } = await itemOr404(request);
    const pack = await buildCasePack(db, request.user!, { panelName: m.panel.name, meetsOn: m.meeting.meetsOn }, item);
    if (!pack) throw notFound();
    return { m, item, pack };
  }

  app.get('/panels/meetings/:meetingId/items/:itemId/pack', { config: CASEWORK }, async (request, reply) => {
    const { m, item, pack } = await packFor(request);
    await auditRead(db, request.ctx, { action: 'view', recordKind: 'case_pack', recordId: item.id, details: { meetingId: m.meeting.id, ...packSubjects(pack) } });
    return reply.page('panels/views/pack.njk', { title: pack.title, backLink: `/panels/meetings/${m.meeting.id}/items/${item.id}`, pack, pdfHref: `/panels/meetings/${m.meeting.id}/items/${item.id}/pack.pdf` });
  });

  app.get('/panels/meetings/:meetingId/items/:itemId/pack.pdf', { config: CASEWORK }, async (request, reply) => {
    const { m, item, pack } = await packFor(request);
    const pdf = await casePackPdf(pack);
    await auditRead(db, request.ctx, { action: 'export', recordKind: 'case_pack', recordId: item.id, details: { meetingId: m.meeting.id, format: 'pdf', ...packSubjects(pack), bytes: pdf.length } });
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="case-pack-item-${item.position}-${m.meeting.meetsOn}.pdf"`)
      .header('cache-control', 'no-store')
      .send(pdf);
  });

  // ---- Minutes ----

  app.get('/panels/meetings/:meetingId/minutes', { config: CASEWORK }, async (request, reply) => {
    const user = request.user!;
    const m = await meetingOr404(request);
    if (!m.meeting.minutesClosedAt) throw notFound();
    const [agenda, attendance, actions, instrument] = await Promise.all([agendaOf(db, user, m.meeting.id), attendanceOf(db, m.meeting.id), actionsWhere(db, user, { meetingId: m.meeting.id }), currentInstrument(db, user.areaId)]);
    // Only what this reader may see: items about people outside their access are counted, not shown.
    const shown = agenda.filter((i) => i.subject_name);
    await markNoticesRead(db, user.userId, m.meeting.id);
    await auditRead(db, request.ctx, { action: 'view', recordKind: 'panel_minutes', recordId: m.meeting.id, details: { youngPersonIds: shown.map((i) => i.young_person_id).filter(Boolean), placeIds: shown.map((i) => i.place_id).filter(Boolean), hiddenItems: agenda.length - shown.length } });
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

  // ---- Actions ----

  async function actionsPage(request: FastifyRequest, reply: FastifyReply, scope: 'mine' | 'agency') {
    const user = request.user!;
    const list = await actionsWhere(db, user, scope === 'mine' ? { ownerUserId: user.userId } : { ownerAgencyId: user.agencyId });
    const counts = scope === 'agency' || user.role === 'coordinator' ? await overdueByAgency(db, user.areaId) : [];
    await auditRead(db, request.ctx, { action: 'view', recordKind: 'panel_actions', details: { scope, actionIds: list.map((a) => a.id) } });
    return reply.page('panels/views/actions.njk', {
      title: scope === 'mine' ? 'My actions' : `${user.agencyName}: actions`,
      backLink: '/panels',
      scope,
      actions: list.map((a) => ({ ...a, reference: actionReference(a.number), statusLabel: label(ACTION_STATUSES, a.status), subject: a.subject_name ? `${a.subject_name} (${a.subject_reference})` : a.young_person_id ? 'A young person you cannot see' : 'A peer group or place' })),
      overdue: list.filter((a) => a.overdue).length,
      counts,
      done: (request.query as Record<string, string>).done,
    });
  }

  app.get('/panels/actions/mine', { config: CASEWORK }, async (request, reply) => actionsPage(request, reply, 'mine'));
  app.get('/panels/actions/agency', { config: CASEWORK }, async (request, reply) => actionsPage(request, reply, 'agency'));

  async function completePage(request: FastifyRequest, reply: FastifyReply, status = 200, errors?: Errors, values: Record<string, unknown> = {}) {
    const action = await findOwnAction(db, request.user!, (request.params as { actionId: string }).actionId);
    if (!action) throw notFound();
    const [row] = await actionsWhere(db, request.user!, { agendaItemId: action.agendaItemId }).then((all) => all.filter((a) => a.id === action.id));
    await auditRead(db, request.ctx, { action: 'view', recordKind: 'panel_action', recordId: action.id });
    return reply.code(status).page('panels/views/complete.njk', {
      title: `Complete action ${actionReference(action.number)}`,
      backLink: '/panels/actions/mine',
      a: { ...row!, reference: actionReference(action.number), subject: row!.subject_name ? `${row!.subject_name} (${row!.subject_reference})` : 'A young person you cannot see' },
      values,
      errors: errors && Object.keys(errors).length ? formErrors(errors, ['whatWasDone']) : null,
    });
  }

  app.get('/panels/actions/:actionId/complete', { config: CASEWORK }, async (request, reply) => completePage(request, reply));

  app.post('/panels/actions/:actionId/complete', { config: CASEWORK }, async (request, reply) => {
    const body = request.body as Record<string, unknown>;
    const result = await completeAction(db, request.ctx, request.user!, (request.params as { actionId: string }).actionId, field(body, 'whatWasDone'));
    if (!result.ok) return completePage(request, reply, 400, refusedOr404(result), body);
    return reply.redirect('/panels/actions/mine?done=completed', 303);
  });
}

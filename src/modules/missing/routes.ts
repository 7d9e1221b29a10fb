import { refusalPage } from '../../platform/http/refusals.ts';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { formErrors, type FieldErrors } from '../../platform/http/forms.ts';
import { queryText, recordAddress } from '../../platform/http/page-input.ts';
import { CASEWORK_ROLES, COORDINATOR_ROLES } from '../../platform/auth/roles.ts';
import { notFound } from '../../platform/http/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { now as lanternNow } from '../../platform/time.ts';
import { agencies } from '../organisation/tables.ts';
import { placeSuggestionsForEpisode, placesLinkedToEpisode } from '../intelligence/index.ts';
import { displayName, findVisibleYoungPerson, referenceFor, type YoungPersonRow, isLookedAfter, LIVING_ARRANGEMENTS, personView } from '../young-people/index.ts';
import {
  EPISODE_FIELDS,
  EPISODE_FORM_NAMES,
  episodeForm,
  meetingForm,
  offerForm,
  outcomeForm,
  returnForm,
  MEETING_FIELDS,
  OFFER_FIELDS,
  OUTCOME_FIELDS,
  RETURN_FIELDS,
  readEpisodeForm,
  readMeetingForm,
  readOfferForm,
  readOutcomeForm,
  readReturnForm,
} from './form-input.ts';
import { keepsAreaQueue, seesAreaView } from './policy.ts';
import {
  areaFigures,
  episodePeople,
  interviewQueue,
  mentionsOf,
  missingNow,
  recentWeakSignals,
  sharedMentionsForEpisode,
  strategyMeetingQueue,
  youngPeopleNamed,
  type QueueItem,
} from './queries.ts';
import { hoursBetween, interviewState, meetingState } from './rules.ts';
import { findVisibleEpisode, recordEpisode, recordReturn, recordStrategyMeeting, saveReturnInterview, type EpisodeRow } from './service.ts';
import { missingSettings } from './settings.ts';
import { returnInterviews } from './tables.ts';
import { dateTimeFields } from './times.ts';
import { groupSignals, interviewTag, meetingTag, personName } from './view-model.ts';
import { EPISODE_KINDS, HOW_RETURNED, INTERVIEW_RESPONSES, MENTION_CONTEXTS, MENTION_KINDS, PULL_FACTORS, PUSH_FACTORS, label, reference } from './vocab.ts';

const episodeAddress = z.object({ episodeId: z.string() });

/** A form that shows a young person's record, or an episode of theirs, is a view of it (decision record 0014). */
const youngPersonForm = (form: string) => ({ roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'young_person', recordId: 'id', details: { form } } }) as const;
const episodeFormView = (form: string, roles = CASEWORK_ROLES) => ({ roles, audit: { action: 'view', recordKind: 'missing_episode', recordId: 'episodeId', details: { form } } }) as const;
const episodeChange = (recordKind: 'missing_episode' | 'return_interview', roles = CASEWORK_ROLES) => ({ roles, audit: { action: 'update', recordKind, ...(recordKind === 'missing_episode' ? { recordId: 'episodeId' } : {}) } }) as const;

const MENTION_PLURALS: Record<string, string> = { place: 'Places', adult: 'Adults', young_person: 'Young people', vehicle: 'Vehicles', phone: 'Phone numbers', email: 'Email addresses', online_account: 'Online accounts' };

const FLASH: Record<string, string> = {
  returned: 'Their return has been recorded. The return interview is now due.',
  offered: 'The offer of a return interview has been recorded.',
  completed: 'What was learned at the return interview has been recorded.',
  meeting: 'The strategy meeting has been recorded.',
  'place-linked': 'The episode has been linked to the place of concern. The link shows on both records.',
  'place-dismissed': 'The suggested place has been dismissed. It will not be offered for this episode again.',
};

const radios = (labels: Record<string, string>, chosen: unknown) => Object.entries(labels).map(([value, text]) => ({ value, text, checked: chosen === value }));
const yesNo = (chosen: unknown, yes = 'Yes', no = 'No') => [
  { value: 'yes', text: yes, checked: chosen === 'yes' },
  { value: 'no', text: no, checked: chosen === 'no' },
];

function queueRow(item: QueueItem, kind: 'interview' | 'meeting') {
  return {
    episodeId: item.episodeId,
    reference: reference(item.number),
    youngPersonId: item.youngPersonId,
    name: personName(item),
    youngPersonReference: referenceFor(item.youngPersonNumber),
    dueAt: item.dueAt,
    tag: kind === 'interview' ? interviewTag(item.state as never) : meetingTag(item.state as never),
    overdue: item.state === 'offer_overdue' || item.state === 'overdue',
    agencyName: item.agencyName,
    returnedAt: item.returnedAt,
    lastSeenAt: item.lastSeenAt,
  };
}

export default async function missingRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  async function youngPersonOr404(request: FastifyRequest, id: string): Promise<YoungPersonRow> {
    const yp = await findVisibleYoungPerson(db, request.user!, id);
    if (!yp) throw notFound();
    return yp;
  }

  async function episodeOr404(request: FastifyRequest, episodeId: string): Promise<{ episode: EpisodeRow; yp: YoungPersonRow }> {
    const episode = await findVisibleEpisode(db, request.user!, episodeId);
    if (!episode) throw notFound();
    const yp = await findVisibleYoungPerson(db, request.user!, episode.youngPersonId);
    if (!yp) throw notFound();
    return { episode, yp };
  }

  async function areaAgencies(areaId: string) {
    return db.select({ id: agencies.id, name: agencies.name }).from(agencies).where(and(eq(agencies.areaId, areaId), eq(agencies.active, true))).orderBy(asc(agencies.name));
  }

  // ---- The area view (coordinator, intelligence officer) and the agency's queue (everyone else) ----

  // One address, two views: an agency's own queue, or the area view for those who see the area.
  // `show` narrows the queues to what the home page counted: due (not yet late) or late.
  const queueFilter = z.object({ show: queryText });
  pages.get('/missing', { config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'missing_queue' } }, schema: { querystring: queueFilter } }, async (request, reply) => {
    const user = request.user!;
    const now = lanternNow();
    const show = request.query.show === 'late' || request.query.show === 'due' ? request.query.show : null;
    const shown = <T extends { dueAt: Date | null }>(items: T[]) => (show ? items.filter((i) => i.dueAt !== null && (i.dueAt.getTime() < now.getTime()) === (show === 'late')) : items);
    const [open, interviewsFound] = await Promise.all([missingNow(db, user), interviewQueue(db, user, { agencyId: seesAreaView(user) ? null : user.agencyId }, now)]);
    const interviews = { ...interviewsFound, items: shown(interviewsFound.items) };
    const openRows = open.map(({ episode, ...p }) => ({
      episodeId: episode.id,
      reference: reference(episode.number),
      youngPersonId: episode.youngPersonId,
      name: personName(p),
      youngPersonReference: referenceFor(p.youngPersonNumber),
      lastSeenAt: episode.lastSeenAt,
      hours: hoursBetween(episode.lastSeenAt, now),
      lookedAfter: episode.lookedAfter,
      kind: label(EPISODE_KINDS, episode.kind),
      policeReference: episode.policeReference,
    }));
    const filter = show ? { show, text: show === 'late' ? 'Showing only those past their deadline.' : 'Showing only those not yet past their deadline.' } : null;
    if (!seesAreaView(user)) {
      request.noteAudit({ details: { agencyId: user.agencyId, show, episodeIds: [...open.map((o) => o.episode.id), ...interviews.items.map((i) => i.episodeId)] } });
      return reply.page('missing/views/queue.njk', { title: 'Missing episodes', open: openRows, interviews: interviews.items.map((i) => queueRow(i, 'interview')), notVisible: interviews.notVisible, filter });
    }
    const settings = await missingSettings(db, user.areaId);
    const [meetingsFound, figures, signals] = await Promise.all([keepsAreaQueue(user) ? strategyMeetingQueue(db, user, now) : Promise.resolve([]), areaFigures(db, user.areaId, settings, now), recentWeakSignals(db, user.areaId, now)]);
    const meetings = shown(meetingsFound);
    const named = await youngPeopleNamed(db, user.areaId, [...new Set(signals.flatMap((s) => s.otherYoungPersonIds))]);
    request.noteAudit({
      details: { view: 'area', show, openEpisodes: open.length, interviews: interviews.items.length, meetings: meetings.length, repeatYoungPeople: figures.repeat.map((r) => r.youngPersonId), weakSignals: signals.length },
    });
    const interviewRows = interviews.items.map((i) => queueRow(i, 'interview'));
    return reply.page('missing/views/area.njk', {
      title: 'Missing episodes',
      keepsQueue: keepsAreaQueue(user),
      settings,
      filter,
      open: openRows,
      meetings: meetings.map((m) => queueRow(m, 'meeting')),
      interviews: interviewRows,
      overdueInterviews: interviewRows.filter((i) => i.overdue).length,
      figures,
      repeat: figures.repeat.map((r) => ({ ...r, name: personName(r), reference: referenceFor(r.youngPersonNumber) })),
      signals: groupSignals(signals, named),
    });
  });

  // ---- Recording an episode: question page, check answers, confirmation ----

  async function episodeFormContext(yp: YoungPersonRow, values: Record<string, unknown>, errors?: FieldErrors) {
    const settings = await missingSettings(db, yp.areaId);
    return {
      strategyHours: settings.strategyMeetingHours,
      title: `Record a missing episode – ${displayName(yp)}`,
      backLink: `/young-people/${yp.id}/missing`,
      yp: personView(yp),
      values,
      kindItems: [
        { value: 'missing', text: 'Missing', hint: { text: 'Their whereabouts are not known' }, checked: values.kind === 'missing' },
        { value: 'away', text: 'Away from placement without permission', hint: { text: 'It is known, or thought, where they are, but they are not where they should be' }, checked: values.kind === 'away' },
      ],
      lookedAfterItems: yesNo(values.lookedAfter, 'Yes, looked after', 'No'),
      livingArrangement: LIVING_ARRANGEMENTS.find((o) => o.value === yp.livingArrangement)?.label ?? null,
      errors: errors && Object.keys(errors).length ? formErrors(errors, EPISODE_FIELDS) : null,
    };
  }

  pages.get('/young-people/:id/missing/new', { config: youngPersonForm('missing_episode_new'), schema: { params: recordAddress } }, async (request, reply) => {
    const yp = await youngPersonOr404(request, request.params.id);
    const values = { submissionKey: randomUUID(), lookedAfter: isLookedAfter(yp.livingArrangement, yp.lookedAfter) ? 'yes' : yp.livingArrangement === 'not_recorded' ? '' : 'no' };
    return reply.page('missing/views/episode-form.njk', await episodeFormContext(yp, values));
  });

  // "Change" on the check page sends the answers back to the question page.
  pages.post('/young-people/:id/missing/new', { config: youngPersonForm('missing_episode_new'), schema: { params: recordAddress, body: episodeForm } }, async (request, reply) => {
    const yp = await youngPersonOr404(request, request.params.id);
    const body = request.body;
    return reply.page('missing/views/episode-form.njk', await episodeFormContext(yp, { ...body, submissionKey: isUuid(body.submissionKey) ? body.submissionKey : randomUUID() }));
  });

  pages.post('/young-people/:id/missing/check', { config: youngPersonForm('missing_episode_check'), schema: { params: recordAddress, body: episodeForm } }, async (request, reply) => {
    const yp = await youngPersonOr404(request, request.params.id);
    const body = request.body;
    const { input, errors } = readEpisodeForm(body);
    if (!input) return reply.code(400).page('missing/views/episode-form.njk', await episodeFormContext(yp, body, errors));
    return reply.page('missing/views/episode-check.njk', {
      title: 'Check your answers before recording the episode',
      yp: personView(yp),
      input,
      kindLabel: EPISODE_KINDS[input.kind],
      hidden: EPISODE_FORM_NAMES.map((name) => ({ name, value: body[name] ?? '' })),
    });
  });

  pages.post('/young-people/:id/missing', {
    config: { roles: CASEWORK_ROLES, audit: { action: 'create', recordKind: 'missing_episode' } },
    schema: { params: recordAddress, body: episodeForm },
  }, async (request, reply) => {
    const yp = await youngPersonOr404(request, request.params.id);
    const body = request.body;
    const submissionKey = isUuid(body.submissionKey) ? body.submissionKey : undefined;
    const { input, errors } = readEpisodeForm(body);
    if (!input) return reply.code(400).page('missing/views/episode-form.njk', await episodeFormContext(yp, body, errors));
    const result = await recordEpisode(db, request.ctx, request.user!, yp.id, input, { source: 'web', submissionKey });
    if (!result.ok) return refusalPage(result, async (status, errors) => reply.code(status).page('missing/views/episode-form.njk', await episodeFormContext(yp, body, errors)));
    return reply.redirect(`/missing/${result.value.id}/recorded`, 303);
  });

  pages.get('/missing/:episodeId/recorded', { config: episodeFormView('recorded'), schema: { params: episodeAddress } }, async (request, reply) => {
    const { episode, yp } = await episodeOr404(request, request.params.episodeId);
    return reply.page('missing/views/recorded.njk', { title: 'Missing episode recorded', episode, reference: reference(episode.number), yp: personView(yp) });
  });

  // ---- One episode ----

  pages.get('/missing/:episodeId', {
    config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'missing_episode', recordId: 'episodeId' } },
    schema: { params: episodeAddress, querystring: z.object({ done: queryText }) },
  }, async (request, reply) => {
    const user = request.user!;
    const { episode, yp } = await episodeOr404(request, request.params.episodeId);
    const now = new Date();
    const [[interview], mentions] = await Promise.all([db.select().from(returnInterviews).where(eq(returnInterviews.episodeId, episode.id)), mentionsOf(db, [episode.id])]);
    const people = await episodePeople(db, episode, interview ?? null);
    const shared = seesAreaView(user) ? await sharedMentionsForEpisode(db, user.areaId, episode.id) : [];
    const [named, placeSuggestions, linkedPlaces] = await Promise.all([
      youngPeopleNamed(db, user.areaId, [...new Set(shared.flatMap((s) => s.otherYoungPersonIds))]),
      placeSuggestionsForEpisode(db, user, episode.id),
      placesLinkedToEpisode(db, user, episode.id),
    ]);
    request.noteAudit({ details: { youngPersonId: yp.id, sharedMentions: shared.length, ...(linkedPlaces.length ? { places: linkedPlaces.map((p) => p.id) } : {}), ...(placeSuggestions?.length ? { suggestedPlaces: placeSuggestions.map((s) => s.placeId) } : {}) } });
    const istate = interviewState(episode, interview ?? null, now);
    const mstate = meetingState(episode, now);
    const mentionGroups = (context: string) =>
      Object.entries(MENTION_PLURALS)
        .map(([kind, text]) => ({ kind: text, values: mentions.filter((m) => m.context === context && m.kind === kind).map((m) => m.asTyped) }))
        .filter((g) => g.values.length);
    const flash = FLASH[request.query.done];
    return reply.page('missing/views/episode.njk', {
      title: `${reference(episode.number)}: ${label(EPISODE_KINDS, episode.kind)} – ${displayName(yp)}`,
      backLink: `/young-people/${yp.id}/missing`,
      flash,
      yp: personView(yp),
      episode,
      reference: reference(episode.number),
      kindLabel: label(EPISODE_KINDS, episode.kind),
      howReturned: label(HOW_RETURNED, episode.howReturned),
      hoursAway: hoursBetween(episode.lastSeenAt, episode.returnedAt ?? now),
      recordedBy: people.users.get(episode.recordedByUserId),
      recordedByAgency: people.agencies.get(episode.recordedByAgencyId),
      interviewAgency: episode.interviewAgencyId ? people.agencies.get(episode.interviewAgencyId) : null,
      interview: interview ?? null,
      interviewerAgency: interview?.interviewerAgencyId ? people.agencies.get(interview.interviewerAgencyId) : null,
      interviewResponse: interview ? label(INTERVIEW_RESPONSES, interview.response) : null,
      pushFactors: (interview?.pushFactors ?? []).map((f) => label(PUSH_FACTORS, f, f)),
      pullFactors: (interview?.pullFactors ?? []).map((f) => label(PULL_FACTORS, f, f)),
      interviewTag: interviewTag(istate.state, istate.offeredLate),
      interviewState: istate.state,
      meetingTag: meetingTag(mstate.state),
      meetingState: mstate.state,
      foundWith: mentionGroups('found_with'),
      whileAway: mentionGroups('while_away'),
      fromInterview: mentionGroups('interview'),
      canRecordMeeting: keepsAreaQueue(user),
      seesSignals: seesAreaView(user),
      linkedPlaces,
      // Null for those who may not see every place of the area: they are offered none.
      placeSuggestions,
      shared: shared.map((s) => ({
        ...s,
        kindLabel: label(MENTION_KINDS, s.kind, s.kind),
        contextLabel: label(MENTION_CONTEXTS, s.context, s.context),
        others: s.otherYoungPersonIds.map((id) => named.get(id)).filter((p) => p !== undefined).map((p) => ({ id: p.id, name: personName(p), reference: referenceFor(p.number) })),
      })),
    });
  });

  // ---- Their return ----

  async function returnFormContext(request: FastifyRequest, episode: EpisodeRow, yp: YoungPersonRow, values: Record<string, unknown>, errors?: FieldErrors) {
    const [list, settings] = await Promise.all([areaAgencies(request.user!.areaId), missingSettings(db, request.user!.areaId)]);
    return {
      interviewHours: settings.returnInterviewHours,
      title: `Record their return – ${reference(episode.number)}`,
      backLink: `/missing/${episode.id}`,
      yp: personView(yp),
      episode,
      reference: reference(episode.number),
      values,
      howItems: radios(HOW_RETURNED, values.howReturned),
      agencyItems: [{ value: '', text: 'Let Lantern choose (the lead professional’s agency)' }, ...list.map((a) => ({ value: a.id, text: a.name, selected: a.id === values.interviewAgencyId }))],
      errors: errors && Object.keys(errors).length ? formErrors(errors, RETURN_FIELDS) : null,
    };
  }

  pages.get('/missing/:episodeId/return', { config: episodeFormView('return'), schema: { params: episodeAddress } }, async (request, reply) => {
    const { episode, yp } = await episodeOr404(request, request.params.episodeId);
    if (episode.status !== 'open') return reply.redirect(`/missing/${episode.id}`, 303);
    return reply.page('missing/views/return-form.njk', await returnFormContext(request, episode, yp, {}));
  });

  pages.post('/missing/:episodeId/return', { config: episodeChange('missing_episode'), schema: { params: episodeAddress, body: returnForm } }, async (request, reply) => {
    const { episode, yp } = await episodeOr404(request, request.params.episodeId);
    const body = request.body;
    if (episode.status !== 'open') return reply.redirect(`/missing/${episode.id}`, 303);
    const { input, errors } = readReturnForm(body, episode);
    if (!input) return reply.code(400).page('missing/views/return-form.njk', await returnFormContext(request, episode, yp, body, errors));
    const result = await recordReturn(db, request.ctx, request.user!, episode.id, input);
    if (!result.ok) return refusalPage(result, async (status, errors) => reply.code(status).page('missing/views/return-form.njk', await returnFormContext(request, episode, yp, body, errors)));
    return reply.redirect(`/missing/${episode.id}?done=returned`, 303);
  });

  // ---- The return interview: the offer and the answer, then what was learned ----

  async function offerFormContext(request: FastifyRequest, episode: EpisodeRow, yp: YoungPersonRow, values: Record<string, unknown>, errors?: FieldErrors) {
    const list = await areaAgencies(request.user!.areaId);
    return {
      title: `Offer of a return interview – ${reference(episode.number)}`,
      backLink: `/missing/${episode.id}`,
      yp: personView(yp),
      episode,
      reference: reference(episode.number),
      values,
      responseItems: radios(INTERVIEW_RESPONSES, values.response),
      independentItems: yesNo(values.independent),
      agencyItems: [{ value: '', text: 'Select an agency' }, ...list.map((a) => ({ value: a.id, text: a.name, selected: a.id === values.interviewerAgencyId }))],
      errors: errors && Object.keys(errors).length ? formErrors(errors, OFFER_FIELDS) : null,
    };
  }

  pages.get('/missing/:episodeId/interview/offer', { config: episodeFormView('interview_offer'), schema: { params: episodeAddress } }, async (request, reply) => {
    const { episode, yp } = await episodeOr404(request, request.params.episodeId);
    if (!episode.returnedAt) return reply.redirect(`/missing/${episode.id}`, 303);
    const [existing] = await db.select().from(returnInterviews).where(eq(returnInterviews.episodeId, episode.id));
    if (existing?.completedAt) return reply.redirect(`/missing/${episode.id}`, 303);
    const values = existing
      ? { ...dateTimeFields('offeredAt', existing.offeredAt), interviewerName: existing.interviewerName, interviewerAgencyId: existing.interviewerAgencyId, independent: existing.independent ? 'yes' : 'no', response: existing.response }
      : { interviewerAgencyId: episode.interviewAgencyId ?? '' };
    return reply.page('missing/views/offer-form.njk', await offerFormContext(request, episode, yp, values));
  });

  pages.post('/missing/:episodeId/interview/offer', { config: episodeChange('return_interview'), schema: { params: episodeAddress, body: offerForm } }, async (request, reply) => {
    const { episode, yp } = await episodeOr404(request, request.params.episodeId);
    const body = request.body;
    const { input, errors } = readOfferForm(body, episode);
    if (!input) return reply.code(400).page('missing/views/offer-form.njk', await offerFormContext(request, episode, yp, body, errors));
    const result = await saveReturnInterview(db, request.ctx, request.user!, episode.id, { offer: input });
    if (!result.ok) return refusalPage(result, async (status, errors) => reply.code(status).page('missing/views/offer-form.njk', await offerFormContext(request, episode, yp, body, errors)));
    return reply.redirect(input.response === 'accepted' ? `/missing/${episode.id}/interview/outcome` : `/missing/${episode.id}?done=offered`, 303);
  });

  function outcomeFormContext(episode: EpisodeRow, yp: YoungPersonRow, values: Record<string, unknown>, errors?: FieldErrors) {
    const chosen = (name: string) => {
      const value = values[name];
      return Array.isArray(value) ? (value as string[]) : [];
    };
    return {
      title: `What was learned at the return interview – ${reference(episode.number)}`,
      backLink: `/missing/${episode.id}`,
      yp: personView(yp),
      episode,
      reference: reference(episode.number),
      values,
      pushItems: Object.entries(PUSH_FACTORS).map(([value, text]) => ({ value, text, checked: chosen('pushFactors').includes(value) })),
      pullItems: Object.entries(PULL_FACTORS).map(([value, text]) => ({ value, text, checked: chosen('pullFactors').includes(value) })),
      disclosureValue: values.disclosure,
      errors: errors && Object.keys(errors).length ? formErrors(errors, OUTCOME_FIELDS) : null,
    };
  }

  async function interviewFor(episode: EpisodeRow) {
    const [row] = await db.select().from(returnInterviews).where(eq(returnInterviews.episodeId, episode.id));
    return row ?? null;
  }

  pages.get('/missing/:episodeId/interview/outcome', { config: episodeFormView('interview_outcome'), schema: { params: episodeAddress } }, async (request, reply) => {
    const { episode, yp } = await episodeOr404(request, request.params.episodeId);
    const interview = await interviewFor(episode);
    if (!interview || interview.completedAt || interview.response !== 'accepted') return reply.redirect(`/missing/${episode.id}`, 303);
    return reply.page('missing/views/outcome-form.njk', outcomeFormContext(episode, yp, {}));
  });

  pages.post('/missing/:episodeId/interview/outcome', { config: episodeChange('return_interview'), schema: { params: episodeAddress, body: outcomeForm } }, async (request, reply) => {
    const { episode, yp } = await episodeOr404(request, request.params.episodeId);
    const interview = await interviewFor(episode);
    if (!interview || interview.completedAt) return reply.redirect(`/missing/${episode.id}`, 303);
    const body = request.body;
    const { input, errors } = readOutcomeForm(body, episode, interview);
    if (!input) return reply.code(400).page('missing/views/outcome-form.njk', outcomeFormContext(episode, yp, body, errors));
    const result = await saveReturnInterview(db, request.ctx, request.user!, episode.id, { outcome: input });
    if (!result.ok) return refusalPage(result, (status, errors) => reply.code(status).page('missing/views/outcome-form.njk', outcomeFormContext(episode, yp, body, errors)));
    return reply.redirect(`/missing/${episode.id}?done=completed`, 303);
  });

  // ---- The strategy meeting (coordinator) ----

  function meetingFormContext(episode: EpisodeRow, yp: YoungPersonRow, values: Record<string, unknown>, errors?: FieldErrors) {
    return {
      title: `Strategy meeting – ${reference(episode.number)}`,
      backLink: `/missing/${episode.id}`,
      yp: personView(yp),
      episode,
      reference: reference(episode.number),
      values,
      errors: errors && Object.keys(errors).length ? formErrors(errors, MEETING_FIELDS) : null,
    };
  }

  pages.get('/missing/:episodeId/strategy-meeting', { config: episodeFormView('strategy_meeting', COORDINATOR_ROLES), schema: { params: episodeAddress } }, async (request, reply) => {
    const { episode, yp } = await episodeOr404(request, request.params.episodeId);
    if (!episode.strategyMeetingDueAt) throw notFound();
    return reply.page('missing/views/meeting-form.njk', meetingFormContext(episode, yp, { outcome: episode.strategyMeetingOutcome ?? '', ...dateTimeFields('at', episode.strategyMeetingAt), note: episode.strategyMeetingNote ?? '' }));
  });

  pages.post('/missing/:episodeId/strategy-meeting', {
    config: episodeChange('missing_episode', COORDINATOR_ROLES),
    schema: { params: episodeAddress, body: meetingForm },
  }, async (request, reply) => {
    const { episode, yp } = await episodeOr404(request, request.params.episodeId);
    if (!episode.strategyMeetingDueAt) throw notFound();
    const body = request.body;
    // A meeting that was held is recorded in full (attendees, decisions, actions) on the record.
    if (body.outcome === 'held') return reply.redirect(`/young-people/${yp.id}/strategy-meetings/new?episode=${episode.id}`, 303);
    const { input, errors } = readMeetingForm(body, episode);
    if (!input) return reply.code(400).page('missing/views/meeting-form.njk', meetingFormContext(episode, yp, body, errors));
    const result = await recordStrategyMeeting(db, request.ctx, request.user!, episode.id, input);
    if (!result.ok) return refusalPage(result, (status, errors) => reply.code(status).page('missing/views/meeting-form.njk', meetingFormContext(episode, yp, body, errors)));
    return reply.redirect(`/missing/${episode.id}?done=meeting`, 303);
  });
}

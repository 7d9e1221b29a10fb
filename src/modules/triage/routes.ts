import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { formErrors } from '../../platform/http/forms.ts';
import { form, formText, pageInQuery, queryText, type TextFields } from '../../platform/http/page-input.ts';
import { COORDINATOR_ROLES } from '../../platform/auth/roles.ts';
import { notFound } from '../../platform/http/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { agencies, users } from '../organisation/tables.ts';
import { additionsOf, checklistForArea, indicatorWording, concernReference, emailFeedbackAfterCommit, unseenAdditions } from '../concerns/index.ts';
import { mailOptions } from '../../platform/mail.ts';
import { previousInvolvement } from '../moving-on/index.ts';
import { feedbackMessages } from '../concerns/tables.ts';
import { displayName, referenceFor, findYoungPeople, isEmptySearch, parseSearch, searchAuditDetails, ETHNICITIES, GENDERS, PERSON_FIELD_ORDER, personView } from '../young-people/index.ts';
import { matchSuggestions } from './matching.ts';
import { explanationLines, probabilityText, tagForBand } from '../linkage/index.ts';
import { CERTAINTIES, TRIAGE_OUTCOMES, triageOutcome } from './outcomes.ts';
import { AWAITING_TRIAGE, feedbackTimes, queueCounts, queuePage, typedSubjectSummary } from './queue.ts';
import { DECISION_FIELD_ORDER, concernForTriage, decideTriage, linkableYoungPerson, personFormValuesFromSubject } from './service.ts';
import { triageSettingsForArea, type TriageSettings } from './settings.ts';
import { mentionKindLabel, signalFlags, weakSignals, type ConcernQuestion, type WeakSignals } from './signals.ts';
import { addWorkingHours, formatWorkingTime, subtractWorkingHours, workingHoursBetween } from './working-hours.ts';
import { now as lanternNow } from '../../platform/time.ts';
import { CONCERN_PLACE_FIELDS, concernPlaceFlash, concernPlaceSection, postConcernPlace } from '../intelligence/index.ts';
import { formatDate } from '../../platform/views/filters.ts';

const textFields = (names: readonly string[]) => Object.fromEntries(names.map((name) => [name, formText]));
const concernAddress = z.object({ concernId: z.string() });
const decisionQuery = z.object({ q: queryText, youngPerson: queryText, place: queryText });
type DecisionQuery = z.infer<typeof decisionQuery>;
/** The decision form: the outcome, who it is about (a record, or a new one's details) and the team member to add. */
const decisionForm = form(
  textFields(['outcome', 'youngPerson', 'certainty', 'outcomeNote', 'teamAgencyId', 'teamUserId', ...PERSON_FIELD_ORDER.filter((f) => f !== 'dateOfBirth'), 'dateOfBirth-day', 'dateOfBirth-month', 'dateOfBirth-year']),
);
/** The "where it happened" forms, with the young person chosen so far so the choice survives them. */
const placeForm = form(textFields(['action', 'placeId', 'placeReference', 'placeKind', 'placeName', 'placeAddressLine', 'placeTown', 'placePostcode', 'youngPerson']));

/** Labels for the answers of the concern journey; an answer this list does not know is shown as written. */
const ANSWER_LABELS: Record<string, string> = {
  observed: 'They saw it themselves',
  told_by_young_person: 'The young person told them',
  told_by_someone_else: 'Someone else told them',
  yes: 'Yes',
  no: 'No',
  not_known: 'The referrer does not know',
  consent: 'With consent (the young person, or a parent or carer, agreed)',
  safeguarding: 'Without consent, to protect a child from harm',
  legal_duty: 'Required by law or by a court',
};

function answerLabel(value: string | null | undefined): string {
  if (!value) return 'Not given';
  return ANSWER_LABELS[value] ?? value.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

const SUBJECT_KIND_LABELS: Record<string, string> = {
  known: 'A young person the referrer could already see',
  new: 'A young person not yet on Lantern',
  unidentified: 'Someone not yet identified',
};

/** Free text as paragraphs: line breaks kept without inline styles (the CSP allows none). */
function paragraphs(text: string | null | undefined): string[] {
  return (text ?? '')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

function waitingView(submittedAt: Date, settings: TriageSettings, now: Date) {
  const waited = workingHoursBetween(submittedAt, now);
  return {
    text: formatWorkingTime(waited),
    overTarget: waited > settings.targetWorkingHours,
    dueBy: addWorkingHours(submittedAt, settings.targetWorkingHours),
  };
}

function signalView(signals: WeakSignals | undefined, agencyNames: Map<string, string>) {
  if (!signals) return null;
  return {
    flags: signalFlags(signals),
    multiAgency: signals.multiAgency.fired ? { ...signals.multiAgency, agencyNames: signals.multiAgency.agencyIds.map((id) => agencyNames.get(id) ?? 'Another agency').sort() } : null,
    sharedMentions: signals.sharedMentions.map((m) => ({
      kind: mentionKindLabel(m.kind),
      asTyped: m.asTyped,
      others: m.otherConcerns.map((o) => ({ ...o, reference: concernReference(o.number) })),
    })),
  };
}

export default async function triageRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const { config } = app.lantern;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  pages.get('/triage', {
    config: { roles: COORDINATOR_ROLES, audit: { action: 'view', recordKind: 'triage_queue' } },
    schema: { querystring: z.object({ page: pageInQuery, decided: queryText, show: queryText }) },
  }, async (request, reply) => {
    const user = request.user!;
    const query = request.query;
    const page = query.page;
    const now = lanternNow();
    const show = query.show === 'late' || query.show === 'urgent' ? query.show : null;
    const settings = await triageSettingsForArea(db, user.areaId);
    const lateBefore = subtractWorkingHours(now, settings.targetWorkingHours);
    const [counts, list, times, newInformation] = await Promise.all([queueCounts(db, user.areaId, settings, now), queuePage(db, user.areaId, page, { show, lateBefore }), feedbackTimes(db, user.areaId), unseenAdditions(db, user.areaId)]);
    const questions: ConcernQuestion[] = list.concerns.map((c) => ({ key: c.id, concernId: c.id, submittedAt: c.submittedAt, agencyId: c.raisedByAgencyId, youngPersonId: c.youngPersonId }));
    const signals = await weakSignals(db, user.areaId, questions, settings);
    request.noteAudit({ details: { page, concernIds: list.concerns.map((c) => c.id), newInformation: newInformation.map((n) => n.concernId) } });
    const decided = /^\d{1,15}$/.test(query.decided) ? Number(query.decided) : null;
    return reply.page('triage/views/queue.njk', {
      title: 'Triage',
      flash: decided ? `Concern ${concernReference(decided)} has been triaged and the person who raised it has been told.` : undefined,
      counts,
      settings,
      newInformation,
      targetText: formatWorkingTime(settings.targetWorkingHours),
      times: {
        ...times,
        medianText: times.medianHours === null ? null : formatElapsed(times.medianHours),
        p90Text: times.p90Hours === null ? null : formatElapsed(times.p90Hours),
      },
      concerns: list.concerns.map((c) => ({
        id: c.id,
        reference: concernReference(c.number),
        submittedAt: c.submittedAt,
        agencyName: c.agencyName,
        about: c.yp ? `${displayName({ ...c.yp })} (${referenceFor(c.yp.number)})` : typedSubjectSummary(c.subject, c.subjectKind),
        linked: Boolean(c.yp),
        possibleMatch: c.possibleMatch && !c.yp,
        urgent: c.urgent,
        immediateDanger: c.immediateDanger,
        waiting: waitingView(c.submittedAt, settings, now),
        flags: signalFlags(signals.get(c.id)),
        newInformation: newInformation.some((n) => n.concernId === c.id),
      })),
      show,
      previous: page > 1 ? { href: `?page=${page - 1}${show ? `&show=${show}` : ''}` } : null,
      next: list.hasNext ? { href: `?page=${page + 1}${show ? `&show=${show}` : ''}` } : null,
      page,
    });
  });

  interface DecisionPageOptions {
    values?: Record<string, string | undefined>;
    errors?: Record<string, string>;
    alreadyTriaged?: boolean;
    /** The young person chosen before a place form was sent, so the choice survives it. */
    youngPerson?: string;
    placeValues?: TextFields;
    placeErrors?: Record<string, string>;
  }

  async function decisionPage(request: FastifyRequest, query: DecisionQuery, concernId: string, options: DecisionPageOptions = {}) {
    const user = request.user!;
    const data = await concernForTriage(db, user.areaId, concernId);
    if (!data) throw notFound();
    const { concern } = data;
    const now = new Date();
    const [settings, checklist, areaAgencies, areaUsers, additions] = await Promise.all([
      triageSettingsForArea(db, user.areaId),
      checklistForArea(db, user.areaId),
      db.select({ id: agencies.id, name: agencies.name }).from(agencies).where(and(eq(agencies.areaId, user.areaId), eq(agencies.active, true))).orderBy(asc(agencies.name)),
      db
        .select({ id: users.id, name: users.name, jobTitle: users.jobTitle, agencyName: agencies.name })
        .from(users)
        .innerJoin(agencies, eq(agencies.id, users.agencyId))
        .where(and(eq(users.areaId, user.areaId), eq(users.active, true)))
        .orderBy(asc(agencies.name), asc(users.name)),
      additionsOf(db, concernId),
    ]);
    const agencyNames = new Map(areaAgencies.map((a) => [a.id, a.name]));
    const awaiting = concern.status === AWAITING_TRIAGE;
    const values = options.values ?? {};

    // Who the decision would link to: already linked, or chosen through the page (query) or the form (body).
    const choiceParam = options.values ? (values.youngPerson ?? '') : (options.youngPerson ?? query.youngPerson);
    let chosen: { kind: 'existing'; yp: NonNullable<Awaited<ReturnType<typeof linkableYoungPerson>>> } | { kind: 'new' } | { kind: 'none' } | null = null;
    if (awaiting && !concern.youngPersonId) {
      if (choiceParam === 'new') chosen = { kind: 'new' };
      else if (choiceParam === 'none') chosen = { kind: 'none' };
      else if (isUuid(choiceParam)) {
        const yp = await linkableYoungPerson(db, user.areaId, choiceParam);
        if (yp) chosen = { kind: 'existing', yp };
      }
    }

    const actorCtx = { ...request.ctx, actor: user };
    const q = query.q.slice(0, 200);
    const offerChoice = awaiting && !concern.youngPersonId;
    const suggestions = offerChoice ? await matchSuggestions(db, actorCtx, concern) : [];
    const criteria = q ? parseSearch(q) : null;
    const searchResults = offerChoice && criteria && !isEmptySearch(criteria) ? await findYoungPeople(db, user, criteria, 10) : null;

    // Weak signals as things stand, as they would be with the chosen record, and for each candidate.
    const base = { concernId: concern.id, submittedAt: concern.submittedAt, agencyId: concern.raisedByAgencyId };
    const questions: ConcernQuestion[] = [{ key: 'current', ...base, youngPersonId: concern.youngPersonId }];
    if (chosen?.kind === 'existing') questions.push({ key: 'chosen', ...base, youngPersonId: chosen.yp.id });
    const candidateIds = [...new Set([...suggestions.map((s) => s.youngPersonId), ...(searchResults ?? []).map((r) => r.id)])];
    for (const id of candidateIds) questions.push({ key: `yp:${id}`, ...base, youngPersonId: id });
    const signals = await weakSignals(db, user.areaId, questions, settings);
    const ifLinked = (id: string) => {
      const s = signals.get(`yp:${id}`);
      return s?.multiAgency.fired ? `Concerns from ${s.multiAgency.agencyCount} agencies within ${s.multiAgency.windowDays} days` : '';
    };

    request.noteAudit({ details: { status: concern.status, ...(criteria && searchResults ? { search: searchAuditDetails(criteria, searchResults) } : {}) } });

    const personValues = options.values && chosen?.kind === 'new' ? values : personFormValuesFromSubject(concern.subject);
    const outcomeItems = Object.entries(TRIAGE_OUTCOMES).filter(([, o]) => !(chosen?.kind === 'none' && o.needsYoungPerson));
    const sharedNoteOutcomes = outcomeItems.filter(([, o]) => o.noteSharedWithReferrer).map(([, o]) => o.label.toLowerCase());
    const requiredNoteOutcomes = outcomeItems.filter(([, o]) => o.noteRequired).map(([, o]) => o.label.toLowerCase());
    const feedback = awaiting
      ? []
      : await db.select({ message: feedbackMessages.message, createdAt: feedbackMessages.createdAt, kind: feedbackMessages.kind }).from(feedbackMessages).where(eq(feedbackMessages.concernId, concern.id)).orderBy(asc(feedbackMessages.createdAt));
    const subject = concern.subject;
    const reference = concernReference(concern.number);
    const selfHref = `/triage/${concern.id}`;
    // Where it happened: the place it is linked to, places that may be it, and recording a new one.
    const place = await concernPlaceSection(db, user, concern, options.placeValues ?? {}, options.placeErrors);
    // Places suggested as where it happened are shown too: the view's row lists them.
    if (place.suggestions.length) request.noteAudit({ details: { suggestedPlaces: place.suggestions.map((s) => s.id) } });

    // A young person whose CSE work has closed: the coordinator sees the earlier periods before deciding.
    const promptFor = data.youngPerson?.id ?? (chosen?.kind === 'existing' ? chosen.yp.id : null);
    const previous = promptFor ? await previousInvolvement(db, promptFor) : null;

    return {
      title: `Triage concern ${reference}`,
      previous,
      errors: options.errors ? formErrors(options.errors, DECISION_FIELD_ORDER) : options.placeErrors ? formErrors(options.placeErrors, CONCERN_PLACE_FIELDS) : null,
      flash: concernPlaceFlash(query.place),
      place,
      youngPersonChoice: choiceParam,
      alreadyTriaged: options.alreadyTriaged ?? false,
      selfHref,
      c: {
        id: concern.id,
        reference,
        status: concern.status,
        awaiting,
        urgent: concern.urgent,
        immediateDanger: concern.immediateDanger,
        possibleMatch: concern.possibleMatch && !concern.youngPersonId,
        submittedAt: concern.submittedAt,
        raisedByName: data.raisedByName,
        agencyName: data.agencyName,
        subjectKind: SUBJECT_KIND_LABELS[concern.subjectKind] ?? answerLabel(concern.subjectKind),
        details: paragraphs(concern.details),
        occurredOn: concern.occurredOn,
        whenText: concern.whenText,
        whereText: concern.whereText,
        howLearned: answerLabel(concern.howLearned),
        youngPersonAware: answerLabel(concern.youngPersonAware),
        lawfulBasis: answerLabel(concern.lawfulBasis),
        indicators: concern.indicators.map((id) => indicatorWording(checklist, id) ?? `An indicator no longer on the checklist (${id})`),
        mentions: data.mentions.map((m) => ({ kind: mentionKindLabel(m.kind), asTyped: m.asTyped })),
        certainty: concern.certainty ? (CERTAINTIES[concern.certainty]?.label ?? concern.certainty) : null,
        outcome: concern.outcome ? (triageOutcome(concern.outcome)?.label ?? answerLabel(concern.outcome)) : null,
        outcomeNote: paragraphs(concern.outcomeNote),
        triagedAt: concern.triagedAt,
        triagedByName: data.triagedByName,
      },
      subjectRows: [
        ['First name', subject.givenName],
        ['Last name', subject.familyName],
        ['Other names', subject.aliases?.join(', ')],
        ['Date of birth', subject.dateOfBirth],
        ['Approximate age', subject.estimatedAge === undefined || subject.estimatedAge === null ? '' : String(subject.estimatedAge)],
        ['Gender', subject.gender ? (GENDERS.find((g) => g.value === subject.gender)?.label ?? '') : ''],
        ['Ethnic group', subject.ethnicity ? (ETHNICITIES.find((e) => e.value === subject.ethnicity)?.label ?? '') : ''],
        ['Address', [subject.address, subject.postcode].filter(Boolean).join(' ')],
        ['School or college', subject.school],
        ['NHS number', subject.nhsNumber],
        ['Unique Pupil Number', subject.upn],
        ['Description', subject.description],
      ]
        .filter(([, v]) => v)
        .map(([k, v]) => ({ key: { text: k }, value: { text: k === 'Date of birth' ? formatIsoDate(v!) : v } })),
      additions,
      unseenAdditions: additions.some((a) => !a.seenAt),
      additionsConcernId: concern.id,
      canMarkSeen: true,
      waiting: awaiting ? waitingView(concern.submittedAt, settings, now) : null,
      targetText: formatWorkingTime(settings.targetWorkingHours),
      linked: data.youngPerson ? personView(data.youngPerson) : null,
      signals: signalView(signals.get('current'), agencyNames),
      chosenSignals: chosen?.kind === 'existing' ? signalView(signals.get('chosen'), agencyNames) : null,
      offerChoice,
      chosen: chosen?.kind === 'existing' ? { kind: 'existing', id: chosen.yp.id, person: personView(chosen.yp) } : chosen,
      suggestions: suggestions.map((s) => ({
        id: s.youngPersonId,
        reference: s.reference,
        name: s.name,
        aliases: s.aliases,
        dateOfBirth: s.dateOfBirth,
        estimatedAge: s.estimatedAge,
        tag: tagForBand(s.band),
        probability: probabilityText(s.matchProbability),
        reasons: explanationLines(s.explanation),
        ifLinked: ifLinked(s.youngPersonId),
      })),
      q,
      searched: Boolean(q),
      unusableSearch: Boolean(q) && (!criteria || isEmptySearch(criteria)),
      searchResults: (searchResults ?? []).map((r) => ({ ...personView(r), ifLinked: ifLinked(r.id) })),
      values: personValues,
      decisionValues: { certainty: values.certainty ?? '', outcome: values.outcome ?? '', outcomeNote: values.outcomeNote ?? '', teamAgencyId: values.teamAgencyId ?? '', teamUserId: values.teamUserId ?? '' },
      genderItems: [{ value: 'not_recorded', text: 'Not recorded' }, ...GENDERS.map((g) => ({ value: g.value, text: g.label }))].map((i) => ({ ...i, selected: i.value === personValues.gender })),
      ethnicityItems: [{ value: 'not_recorded', text: 'Not recorded' }, ...ETHNICITIES.map((e) => ({ value: e.value, text: `${e.group}: ${e.label}` }))].map((i) => ({ ...i, selected: i.value === personValues.ethnicity })),
      certaintyItems: Object.entries(CERTAINTIES).map(([value, c]) => ({ value, text: c.label, hint: { text: c.hint }, checked: values.certainty === value })),
      outcomeItems: outcomeItems.map(([value, o]) => ({ value, text: o.label, hint: o.hint ? { text: o.hint } : undefined, checked: values.outcome === value })),
      teamOutcomeLabel: outcomeItems.filter(([, o]) => o.addsTeamMember).map(([, o]) => o.label)[0] ?? null,
      noteHint: noteHint(requiredNoteOutcomes, sharedNoteOutcomes),
      agencyItems: [{ value: '', text: 'Select an agency' }, ...areaAgencies.map((a) => ({ value: a.id, text: a.name, selected: a.id === (values.teamAgencyId ?? '') }))],
      userItems: [{ value: '', text: 'The agency as a whole' }, ...areaUsers.map((p) => ({ value: p.id, text: `${p.name}${p.jobTitle ? `, ${p.jobTitle}` : ''} – ${p.agencyName}`, selected: p.id === (values.teamUserId ?? '') }))],
      feedback,
    };
  }

  pages.get('/triage/:concernId', {
    config: { roles: COORDINATOR_ROLES, audit: { action: 'view', recordKind: 'concern', recordId: 'concernId', details: { purpose: 'triage' } } },
    schema: { params: concernAddress, querystring: decisionQuery },
  }, async (request, reply) => {
    const { concernId } = request.params;
    return reply.page('triage/views/decision.njk', await decisionPage(request, request.query, concernId));
  });

  // Linking the concern to a place of concern (or recording a new place from it), at any time.
  pages.post('/triage/:concernId/place', {
    config: { roles: COORDINATOR_ROLES, audit: { action: 'update', recordKind: 'concern', recordId: 'concernId' } },
    schema: { params: concernAddress, body: placeForm, querystring: decisionQuery },
  }, async (request, reply) => {
    const { concernId } = request.params;
    const body = request.body;
    const youngPerson = body.youngPerson ?? '';
    const result = await postConcernPlace(db, request.ctx, request.user!, concernId, body, 'triage');
    if (result.outcome === 'not_found') throw notFound();
    if (result.outcome === 'refused') return reply.code(400).page('triage/views/decision.njk', await decisionPage(request, request.query, concernId, { youngPerson, placeValues: body, placeErrors: result.errors }));
    const keep = /^(new|none|[0-9a-f-]{36})$/.test(youngPerson) ? `&youngPerson=${youngPerson}` : '';
    return reply.redirect(`/triage/${concernId}?place=${result.outcome}${keep}#place`, 303);
  });

  pages.post('/triage/:concernId', {
    config: { roles: COORDINATOR_ROLES, audit: { action: 'update', recordKind: 'concern', recordId: 'concernId' } },
    schema: { params: concernAddress, body: decisionForm, querystring: decisionQuery },
  }, async (request, reply) => {
    const user = request.user!;
    const { concernId } = request.params;
    const body = request.body;
    const result = await decideTriage(db, request.ctx, user, concernId, body);
    if (result.ok) {
      emailFeedbackAfterCommit(db, mailOptions(config, request.log), [result.value.feedback]);
      return reply.redirect(`/triage?decided=${result.value.number}`, 303);
    }
    if (result.kind === 'not_found') throw notFound();
    // Someone else decided it first: the page says so rather than showing the form again.
    if (result.kind === 'conflict') return reply.code(409).page('triage/views/decision.njk', await decisionPage(request, request.query, concernId, { alreadyTriaged: true }));
    return reply.code(400).page('triage/views/decision.njk', await decisionPage(request, request.query, concernId, { values: body, errors: result.errors }));
  });
}

function listInWords(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The note's hint, from the registry: which outcomes need it, and which the referrer will read. */
function noteHint(required: string[], shared: string[]): string {
  const sentences: string[] = [];
  if (required.length) sentences.push(`Required for ${listInWords(required)}.`);
  if (shared.length) sentences.push(`The person who raised the concern reads the note for ${shared.length === required.length && shared.every((s) => required.includes(s)) ? 'those outcomes' : listInWords(shared)}, so write nothing they should not know.`);
  sentences.push('For any other outcome the note stays with the concern and the young person’s chronology.');
  return sentences.join(' ');
}

function formatIsoDate(iso: string): string {
  return formatDate(iso) || iso;
}

/** Elapsed time (not working time) for the feedback measure. */
function formatElapsed(hours: number): string {
  if (hours < 48) return formatWorkingTime(hours);
  const days = hours / 24;
  return `${days.toFixed(1).replace(/\.0$/, '')} days`;
}

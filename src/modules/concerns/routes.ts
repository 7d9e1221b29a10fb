import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { formErrors } from '../../platform/http/forms.ts';
import { form, formChoices, formText, queryText, recordAddress } from '../../platform/http/page-input.ts';
import { CASEWORK_ROLES } from '../../platform/auth/roles.ts';
import { notFound } from '../../platform/http/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { ETHNICITIES, GENDERS, PERSON_FIELD_ORDER, findVisibleYoungPerson, listVisibleYoungPeople, findYoungPeople, isEmptySearch, parseSearch, searchAuditDetails, personView } from '../young-people/index.ts';
import { HOW_LEARNED, LAWFUL_BASES, MENTION_KINDS, YOUNG_PERSON_AWARE, checks, validateConcern, type RawConcern } from './concern-input.ts';
import { createDraft, discardDraft, draftsOf, loadDraft, saveDraft } from './drafts.ts';
import { checklistForArea, indicatorWording } from './indicators.ts';
import { knownPersonChoices } from './known-person.ts';
import { isStep, nextPage, previousPage, stepApplies, type Step } from './journey.ts';
import { submitConcern } from './submission.ts';
import { concerns } from './tables.ts';

type Draft = RawConcern & { reachedCheck?: boolean };

const PERSON_FIELDS = ['givenName', 'familyName', 'aliases', 'dateOfBirth-day', 'dateOfBirth-month', 'dateOfBirth-year', 'estimatedAge', 'gender', 'ethnicity', 'address', 'postcode', 'school', 'nhsNumber', 'upn', 'localAuthorityId'];
const textFields = (names: string[]) => Object.fromEntries(names.map((name) => [name, formText]));

/** Every field any question page sends; each page takes only its own (readStep). */
const stepForm = form({
  ...textFields([
    'immediateDanger',
    'subjectKind',
    'youngPersonId',
    ...PERSON_FIELDS,
    'description',
    'details',
    'occurredOn-day',
    'occurredOn-month',
    'occurredOn-year',
    'whenText',
    'whereText',
    ...Object.keys(MENTION_KINDS).map((k) => `others-${k}`),
    'howLearned',
    'youngPersonAware',
    'lawfulBasis',
  ]),
  indicators: formChoices,
});
const draftAddress = z.object({ draftId: z.string(), step: z.string() });

/** Which fields each page owns: they are taken from the form and checked when the page is sent. */
function readStep(step: Step, body: Record<string, unknown>): Partial<RawConcern> {
  const pick = (...keys: string[]) => Object.fromEntries(keys.map((k) => [k, body[k]]));
  switch (step) {
    case 'danger':
      return pick('immediateDanger');
    case 'about':
      return pick('subjectKind');
    case 'known':
      return pick('youngPersonId');
    case 'person':
      return { person: Object.fromEntries(PERSON_FIELDS.map((k) => [k, typeof body[k] === 'string' ? body[k] : ''])) };
    case 'unidentified':
      return pick('description', 'estimatedAge', 'gender');
    case 'indicators':
      return { indicators: body.indicators };
    case 'details':
      return { ...pick('details', 'whenText', 'whereText'), occurredOn: pick('occurredOn-day', 'occurredOn-month', 'occurredOn-year') };
    case 'others':
      return { others: Object.fromEntries(Object.keys(MENTION_KINDS).map((k) => [k, typeof body[`others-${k}`] === 'string' ? body[`others-${k}`] : ''])) };
    case 'sharing':
      return pick('howLearned', 'youngPersonAware', 'lawfulBasis');
  }
}

export default async function concernRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  async function draftOr404(request: FastifyRequest, id: string): Promise<{ id: string; draft: Draft }> {
    const draft = await loadDraft(db, request.user!.userId, id);
    if (!draft) throw notFound();
    return { id, draft };
  }

  async function stepErrors(request: FastifyRequest, step: Step, answers: Draft): Promise<Record<string, string>> {
    const errors: Record<string, string> = {};
    switch (step) {
      case 'danger':
        checks.immediateDanger(answers, errors);
        break;
      case 'about':
        checks.subjectKind(answers, errors);
        break;
      case 'known': {
        const id = checks.known(answers, errors);
        if (id && !(await findVisibleYoungPerson(db, request.user!, id))) errors.youngPersonId = 'Select the young person this concern is about';
        break;
      }
      case 'person':
        checks.person(answers, errors);
        break;
      case 'unidentified':
        checks.unidentified(answers, errors);
        break;
      case 'indicators':
        checks.indicators(answers, errors, await checklistForArea(db, request.user!.areaId));
        break;
      case 'details':
        checks.details(answers, errors);
        break;
      case 'others':
        checks.others(answers, errors);
        break;
      case 'sharing':
        checks.sharing(answers, errors);
        break;
    }
    return errors;
  }

  async function stepContext(request: FastifyRequest, draftId: string, step: Step, answers: Draft, errors?: Record<string, string>, search = '') {
    const user = request.user!;
    const back = previousPage(step, answers);
    const base = {
      draftId,
      step,
      answers,
      urgent: answers.immediateDanger === 'yes',
      backLink: answers.reachedCheck ? `/concerns/drafts/${draftId}/check` : back ? `/concerns/drafts/${draftId}/${back}` : '/concerns/new',
      errors: errors && Object.keys(errors).length ? formErrors(errors, ['immediateDanger', 'subjectKind', 'youngPersonId', 'description', ...PERSON_FIELD_ORDER, 'indicators', 'details', 'occurredOn', 'whenText', 'whereText', ...Object.keys(MENTION_KINDS).map((k) => `others-${k}`), 'howLearned', 'youngPersonAware', 'lawfulBasis']) : null,
    };
    switch (step) {
      case 'known': {
        const q = search.slice(0, 200);
        const criteria = parseSearch(q);
        const searched = q && !isEmptySearch(criteria);
        const people = searched ? await findYoungPeople(db, user, criteria, 20) : (await listVisibleYoungPeople(db, user, 1)).people;
        request.noteAudit({ details: searched ? { search: searchAuditDetails(criteria, people) } : { listed: people.map((p) => p.id) } });
        return { ...base, title: 'Which young person is it about?', q, choices: knownPersonChoices(people.map(personView), answers.youngPersonId) };
      }
      case 'person': {
        const values = answers.person ?? {};
        return {
          ...base,
          title: 'About the young person',
          values,
          genderItems: [{ value: 'not_recorded', text: 'Not known' }, ...GENDERS.map((g) => ({ value: g.value, text: g.label }))].map((i) => ({ ...i, selected: i.value === values.gender })),
          ethnicityItems: [{ value: 'not_recorded', text: 'Not known' }, ...ETHNICITIES.map((e) => ({ value: e.value, text: `${e.group}: ${e.label}` }))].map((i) => ({ ...i, selected: i.value === values.ethnicity })),
        };
      }
      case 'unidentified':
        return { ...base, title: 'Describe the young person', genderItems: [{ value: 'not_recorded', text: 'Not known' }, ...GENDERS.map((g) => ({ value: g.value, text: g.label }))].map((i) => ({ ...i, selected: i.value === answers.gender })) };
      case 'indicators': {
        const chosen = new Set(Array.isArray(answers.indicators) ? (answers.indicators as string[]) : []);
        const checklist = await checklistForArea(db, user.areaId);
        return { ...base, title: 'What have you noticed?', groups: checklist.map((g) => ({ ...g, items: g.indicators.map((i) => ({ value: i.id, text: i.wording, hint: i.hint ? { text: i.hint } : undefined, checked: chosen.has(i.id) })) })) };
      }
      case 'others':
        return { ...base, title: 'Who else was involved?', kinds: Object.entries(MENTION_KINDS).map(([key, k]) => ({ key, ...k, value: (answers.others?.[key] as string | undefined) ?? '' })) };
      case 'sharing':
        return {
          ...base,
          title: 'How you know and sharing this',
          howItems: Object.entries(HOW_LEARNED).map(([value, text]) => ({ value, text, checked: answers.howLearned === value })),
          awareItems: Object.entries(YOUNG_PERSON_AWARE).map(([value, text]) => ({ value, text, checked: answers.youngPersonAware === value })),
          basisItems: Object.entries(LAWFUL_BASES).map(([value, b]) => ({ value, text: b.label, hint: { text: b.hint }, checked: answers.lawfulBasis === value })),
        };
      default:
        return { ...base, title: { danger: 'Is a child in immediate danger?', about: 'Who is the concern about?', details: 'What happened?' }[step as 'danger' | 'about' | 'details'] };
    }
  }

  pages.get('/concerns/new', { config: { roles: CASEWORK_ROLES, audit: { none: 'lists when the user started their own drafts, nothing about anyone' } } }, async (request, reply) => {
    const drafts = await draftsOf(db, request.user!.userId);
    return reply.page('concerns/views/journey/start.njk', { title: 'Record a concern', drafts });
  });

  pages.post('/concerns/drafts', { config: { roles: CASEWORK_ROLES, audit: { action: 'create', recordKind: 'concern_draft' } } }, async (request, reply) => {
    const id = await createDraft(db, request.ctx, request.user!.userId);
    return reply.redirect(`/concerns/drafts/${id}/danger`, 303);
  });

  // A draft holds what its writer typed about a young person: showing it back is a view of it.
  pages.get('/concerns/drafts/:draftId/:step', {
    config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'concern_draft', recordId: 'draftId' } },
    schema: { params: draftAddress, querystring: z.object({ q: queryText }) },
  }, async (request, reply) => {
    const { id, draft } = await draftOr404(request, request.params.draftId);
    const step = request.params.step;
    request.noteAudit({ details: { step } });
    if (step === 'check') return reply.page('concerns/views/journey/check.njk', await checkContext(request, id, draft));
    if (!isStep(step) || !stepApplies(step, draft)) throw notFound();
    return reply.page(`concerns/views/journey/${step}.njk`, await stepContext(request, id, step, draft, undefined, request.query.q));
  });

  // Saves a page's answers; "submit" makes the concern (its own create row) and "discard" deletes the draft.
  pages.post('/concerns/drafts/:draftId/:step', {
    config: { roles: CASEWORK_ROLES, audit: { action: 'update', recordKind: 'concern_draft', recordId: 'draftId' } },
    schema: { params: draftAddress, body: stepForm },
  }, async (request, reply) => {
    const { step, draftId } = request.params;
    if (step === 'submit' && isUuid(draftId)) {
      // A form sent twice: the first submission used the draft up; show the concern it made.
      const [earlier] = await db.select({ id: concerns.id }).from(concerns).where(and(eq(concerns.raisedByUserId, request.user!.userId), eq(concerns.submissionKey, draftId)));
      if (earlier) return reply.redirect(`/concerns/${earlier.id}/recorded`, 303);
    }
    const { id, draft } = await draftOr404(request, draftId);
    if (step === 'submit') return submit(request, reply, id, draft);
    if (step === 'discard') {
      await discardDraft(db, request.ctx, request.user!.userId, id);
      return reply.redirect('/concerns/new', 303);
    }
    if (!isStep(step) || !stepApplies(step, draft)) throw notFound();
    const answers: Draft = { ...draft, ...readStep(step, request.body) };
    const errors = await stepErrors(request, step, answers);
    if (Object.keys(errors).length) return reply.code(400).page(`concerns/views/journey/${step}.njk`, await stepContext(request, id, step, answers, errors));
    const next = nextPage(step, answers);
    // Once the user has seen their answers, "Change" links bring them back there rather than through every page again.
    await saveDraft(db, request.ctx, request.user!.userId, id, next === 'check' ? { ...answers, reachedCheck: true } : answers);
    return reply.redirect(`/concerns/drafts/${id}/${next}`, 303);
  });

  async function checkContext(request: FastifyRequest, draftId: string, draft: Draft, errors?: Record<string, string>) {
    const user = request.user!;
    const checklist = await checklistForArea(db, user.areaId);
    const known = draft.subjectKind === 'known' && isUuid(draft.youngPersonId) ? await findVisibleYoungPerson(db, user, draft.youngPersonId) : null;
    const mentions = Object.entries(MENTION_KINDS)
      .map(([kind, k]) => ({ kind, label: k.label, values: String(draft.others?.[kind] ?? '').split('\n').map((v) => v.trim()).filter(Boolean) }))
      .filter((m) => m.values.length);
    return {
      title: 'Check your answers before recording the concern',
      backLink: `/concerns/drafts/${draftId}/sharing`,
      draftId,
      draft,
      urgent: draft.immediateDanger === 'yes',
      known: known ? personView(known) : null,
      indicators: (Array.isArray(draft.indicators) ? (draft.indicators as string[]) : []).map((id) => indicatorWording(checklist, id) ?? id),
      mentions,
      labels: { howLearned: HOW_LEARNED, youngPersonAware: YOUNG_PERSON_AWARE, lawfulBasis: Object.fromEntries(Object.entries(LAWFUL_BASES).map(([k, v]) => [k, v.label])) },
      gender: GENDERS.find((g) => g.value === (draft.subjectKind === 'new' ? draft.person?.gender : draft.gender))?.label ?? 'Not known',
      ethnicity: ETHNICITIES.find((e) => e.value === draft.person?.ethnicity)?.label ?? 'Not known',
      errors: errors ? formErrors(errors) : null,
    };
  }

  async function submit(request: FastifyRequest, reply: import('fastify').FastifyReply, draftId: string, draft: Draft) {
    const user = request.user!;
    const { input, errors } = validateConcern(draft, await checklistForArea(db, user.areaId));
    if (!input) {
      await saveDraft(db, request.ctx, user.userId, draftId, { ...draft, reachedCheck: true });
      return reply.code(400).page('concerns/views/journey/check.njk', await checkContext(request, draftId, draft, errors));
    }
    const result = await submitConcern(db, request.ctx, user, input, { source: 'web', draftId });
    if (!result.ok) return reply.code(400).page('concerns/views/journey/check.njk', await checkContext(request, draftId, draft, result.errors));
    return reply.redirect(`/concerns/${result.value.id}/recorded`, 303);
  }

  // Reached after submitting; the draft is gone, so a resubmitted form lands on the same concern.
  pages.get('/concerns/:id/recorded', {
    config: { roles: CASEWORK_ROLES, audit: { none: 'shows only the reference of the concern the user has just sent them' } },
    schema: { params: recordAddress },
  }, async (request, reply) => {
    const id = request.params.id;
    if (!isUuid(id)) throw notFound();
    const [concern] = await db.select().from(concerns).where(and(eq(concerns.id, id), eq(concerns.raisedByUserId, request.user!.userId)));
    if (!concern) throw notFound();
    return reply.page('concerns/views/journey/recorded.njk', { title: 'Concern recorded', concern });
  });
}


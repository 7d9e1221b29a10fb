/**
 * Assessing a young person: a GOV.UK task list whose sections anyone in the team around the
 * child (or the coordinator) may complete, a check page showing what would be recorded, one
 * person's submission, and the result. Anyone who may see the young person may read their
 * assessments; anyone else gets the same 404 as a record that does not exist.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { and, eq } from 'drizzle-orm';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formErrors } from '../../platform/http/forms.ts';
import { fieldNamedByData, form, formText, queryText, recordAddress } from '../../platform/http/page-input.ts';
import { notFound } from '../../platform/http/errors.ts';
import { refusalPage } from '../../platform/http/refusals.ts';
import { formatDate, formatDateTime } from '../../platform/views/filters.ts';
import { CASEWORK_ROLES } from '../../platform/auth/roles.ts';
import { agencies, users } from '../organisation/tables.ts';
import { LIVING_ARRANGEMENTS, accessPaths, displayName, findVisibleYoungPerson, type YoungPersonRow, canManageRecord, personView } from '../young-people/index.ts';
import { applyJudgement } from './instrument/index.ts';
import {
  assessmentFromDraft,
  assessmentReference,
  assessmentsOf,
  carryDraftToCurrent,
  discardAssessmentDraft,
  draftFor,
  findVisibleAssessment,
  levelLabels,
  recordFactsFor,
  saveSection,
  startAssessment,
  submitAssessment,
  type LoadedDraft,
} from './assessments.ts';
import { FACT_FIELD_ORDER, missingSinceFields, readFacts, readJudgement, readSectionAnswers } from './forms.ts';
import {
  ABOUT_KEY,
  checkSubmission,
  emptyDraftState,
  missingAnswerProblem,
  openEpisodesOnRecord,
  JUDGEMENT_KEY,
  provisionalResult,
  scoringSectionsComplete,
  sectionsOf,
  sectionStatus,
  type DraftState,
  type SectionDef,
  type SubmissionProblem,
} from './model.ts';
import { suggestionsFor } from './suggest.ts';
import { contributionWords, FACT_LABELS, questionView, resultView, sectionSuggestionCount, SHORT_ANSWER, taskStatus, YES_NO_UNKNOWN_LABELS } from './view-model.ts';
import { currentVersion, instrumentOf, versionById } from './versions.ts';

/*
 * Everything here is casework. An address under a young person names them, not the list, draft
 * or assessment the page shows: those pages note the id their row is written against themselves,
 * and a refusal is written against the young person.
 */
const ASSESSMENT_LIST = { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'risk_assessment_list' } } as const;
const DRAFT_VIEW = { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'assessment_draft' } } as const;
const DRAFT_CREATE = { roles: CASEWORK_ROLES, audit: { action: 'create', recordKind: 'assessment_draft' } } as const;
const DRAFT_UPDATE = { roles: CASEWORK_ROLES, audit: { action: 'update', recordKind: 'assessment_draft' } } as const;
const DRAFT_DELETE = { roles: CASEWORK_ROLES, audit: { action: 'delete', recordKind: 'assessment_draft' } } as const;
const ASSESSMENT_SUBMIT = { roles: CASEWORK_ROLES, audit: { action: 'create', recordKind: 'risk_assessment' } } as const;
const ASSESSMENT_VIEW = { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'risk_assessment', recordId: 'assessmentId' } } as const;

const sectionAddress = z.object({ id: z.string(), section: z.string() });
/*
 * A section's questions are named by the instrument (i-<indicator id>, the facts, the judgement),
 * so they are read by the section's own reader (forms.ts); only the fields every section shares
 * are declared here. `option` stays absent when not sent: "I cannot tell" is sent as ''.
 */
const sectionForm = form({ action: formText, option: z.string().trim().optional() }).catchall(fieldNamedByData);

export default async function riskRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  async function visibleOr404(request: FastifyRequest, youngPersonId: string): Promise<YoungPersonRow> {
    const yp = await findVisibleYoungPerson(db, request.user!, youngPersonId);
    if (!yp) throw notFound();
    return yp;
  }

  /** Contributing needs a place in the team around the child (or the coordinator's role). */
  async function contributorOr404(request: FastifyRequest, youngPersonId: string): Promise<YoungPersonRow> {
    const yp = await visibleOr404(request, youngPersonId);
    if (!canManageRecord(request.user!, await accessPaths(db, request.user!, yp.id))) throw notFound();
    return yp;
  }

  const listUrl = (yp: { id: string }) => `/young-people/${yp.id}/assessments`;
  const draftUrl = (yp: { id: string }) => `/young-people/${yp.id}/assessments/draft`;
  const sectionUrl = (yp: { id: string }, key: string) => `${draftUrl(yp)}/sections/${encodeURIComponent(key)}`;

  pages.get('/young-people/:id/assessments', { config: ASSESSMENT_LIST, schema: { params: recordAddress } }, async (request, reply) => {
    const user = request.user!;
    const yp = await visibleOr404(request, request.params.id);
    const [list, draft, paths, current] = await Promise.all([assessmentsOf(db, yp.id), draftFor(db, yp.id), accessPaths(db, user, yp.id), currentVersion(db, user.areaId)]);
    request.noteAudit({ recordId: yp.id, details: { assessmentIds: list.map((a) => a.id) } });
    const labels = levelLabels(current.instrument);
    return reply.page('risk/views/assessments.njk', {
      title: `Risk assessments – ${displayName(yp)}`,
      backLink: `/young-people/${yp.id}`,
      yp: personView(yp),
      canAssess: canManageRecord(user, paths),
      draft: draft ? { updatedAt: draft.row.updatedAt, version: draft.version.row.version } : null,
      rows: list.map((a) => [
        { html: `<a class="govuk-link" href="/risk/assessments/${a.id}">${assessmentReference(a.number)}</a>` },
        { text: formatDateTime(a.assessedAt) },
        { text: a.result.level.label ?? labels[a.level] ?? a.level },
        { text: a.levelDiffers ? `Yes (calculated ${a.result.judgement.computedLevel.label})` : 'No' },
        { text: String(a.triggers.length), format: 'numeric' },
        { text: a.nextReviewDue ? formatDate(a.nextReviewDue) : 'None' },
        { text: String(a.instrumentVersion), format: 'numeric' },
      ]),
    });
  });

  pages.post('/young-people/:id/assessments', { config: DRAFT_CREATE, schema: { params: recordAddress } }, async (request, reply) => {
    const yp = await contributorOr404(request, request.params.id);
    await startAssessment(db, request.ctx, request.user!, yp);
    return reply.redirect(draftUrl(yp), 303);
  });

  /** The draft with the page's shared context, or a redirect when there is none any more. */
  async function loadDraft(request: FastifyRequest, reply: FastifyReply, yp: YoungPersonRow): Promise<LoadedDraft | null> {
    const draft = await draftFor(db, yp.id);
    if (!draft) {
      await reply.redirect(listUrl(yp), 303);
      return null;
    }
    return draft;
  }

  const stateOf = (draft: LoadedDraft): DraftState => ({ ...emptyDraftState(), ...draft.row.state });

  pages.get('/young-people/:id/assessments/draft', { config: DRAFT_VIEW, schema: { params: recordAddress } }, async (request, reply) => {
    const user = request.user!;
    const yp = await contributorOr404(request, request.params.id);
    const draft = await loadDraft(request, reply, yp);
    if (!draft) return reply;
    const instrument = draft.version.instrument;
    const state = stateOf(draft);
    const sections = sectionsOf(instrument);
    const suggestions = await suggestionsFor(db, user, instrument, yp.id, new Date().toISOString());
    const current = await currentVersion(db, user.areaId);
    request.noteAudit({ recordId: draft.row.id, details: { youngPersonId: yp.id } });
    const retired = draft.version.row.status !== 'published';
    const item = (s: SectionDef) => {
      const status = sectionStatus(sections, s, state);
      const who = contributionWords(state.contributions[s.key]);
      const suggested = sectionSuggestionCount(s, suggestions);
      const hint = [
        s.kind === 'group' ? `${s.items.length} question${s.items.length === 1 ? '' : 's'}` : null,
        suggested ? `${suggested} suggestion${suggested === 1 ? '' : 's'} from what is on file` : null,
        who ? `Last completed by ${who}` : null,
      ].filter(Boolean);
      return {
        title: { text: s.title },
        ...(status === 'cannot_start' || retired ? {} : { href: sectionUrl(yp, s.key) }),
        ...(hint.length ? { hint: { text: hint.join('. ') } } : {}),
        status: taskStatus(status),
      };
    };
    const required = sections.filter((s) => s.kind !== 'optional');
    const done = required.filter((s) => sectionStatus(sections, s, state) === 'completed').length;
    return reply.page('risk/views/task-list.njk', {
      title: `Risk assessment – ${displayName(yp)}`,
      backLink: `/young-people/${yp.id}`,
      yp: personView(yp),
      draftId: draft.row.id,
      version: draft.version.row.version,
      currentVersion: current.row.version,
      retired,
      startedAt: draft.row.createdAt,
      about: sections.filter((s) => s.kind === 'about').map(item),
      groups: sections.filter((s) => s.kind === 'group').map(item),
      optional: sections.filter((s) => s.kind === 'optional').map(item),
      judgement: sections.filter((s) => s.kind === 'judgement').map(item),
      done,
      required: required.length,
      ready: done === required.length && !retired,
      suggestionsTotal: suggestions.size,
    });
  });

  pages.post('/young-people/:id/assessments/draft/carry', { config: DRAFT_UPDATE, schema: { params: recordAddress } }, async (request, reply) => {
    const yp = await contributorOr404(request, request.params.id);
    const draft = await loadDraft(request, reply, yp);
    if (!draft) return reply;
    const report = await carryDraftToCurrent(db, request.ctx, request.user!, draft.row.id);
    if (!report) return reply.redirect(draftUrl(yp), 303);
    const old = draft.version.instrument;
    const wording = (id: string) => [...old.indicators, ...old.protectiveFactors].find((i) => i.id === id)?.wording ?? id;
    return reply.page('risk/views/carried.njk', {
      title: 'Answers carried over to the current version',
      yp: personView(yp),
      report,
      carried: report.carried.map((c) => wording(c.from)),
      notCarried: report.notCarried.map((n) => wording(n.indicatorId)),
      draftUrl: draftUrl(yp),
    });
  });

  pages.post('/young-people/:id/assessments/draft/discard', { config: DRAFT_DELETE, schema: { params: recordAddress } }, async (request, reply) => {
    const yp = await contributorOr404(request, request.params.id);
    const draft = await draftFor(db, yp.id);
    if (draft) await discardAssessmentDraft(db, request.ctx, draft.row);
    return reply.redirect(listUrl(yp), 303);
  });

  async function sectionContext(request: FastifyRequest, yp: YoungPersonRow, draft: LoadedDraft, section: SectionDef, state: DraftState, errors?: Record<string, string>, values?: Record<string, unknown>) {
    const instrument = draft.version.instrument;
    const person = await recordFactsFor(db, request.user!, yp);
    const base = {
      title: section.title,
      backLink: draftUrl(yp),
      yp: personView(yp),
      section,
      action: sectionUrl(yp, section.key),
      errors: errors && Object.keys(errors).length ? formErrors(errors, [...FACT_FIELD_ORDER, ...section.items.map((i) => `i-${i.id}`), 'level', 'reason', 'significantHarm', 'option']) : null,
    };
    switch (section.kind) {
      case 'group': {
        const suggestions = await suggestionsFor(db, request.user!, instrument, yp.id, new Date().toISOString());
        const given = (values ?? {}) as Record<string, string>;
        return {
          ...base,
          questions: section.items.map((item) =>
            questionView(item, (values ? given[`i-${item.id}`] : state.indicators[item.id]) as never, suggestions.get(item.id), errors?.[`i-${item.id}`]),
          ),
          suggested: section.items.filter((i) => suggestions.has(i.id)).length,
        };
      }
      case 'about': {
        const facts = state.facts;
        const fromRecord = {
          lookedAfter: yp.livingArrangement === 'not_recorded' ? null : yp.livingArrangement.startsWith('looked_after_') ? 'yes' : 'no',
          learningDisability: yp.monitoring.learning_difficulty === 'yes' || yp.monitoring.learning_difficulty === 'no' ? (yp.monitoring.learning_difficulty as string) : null,
        };
        const v: Record<string, unknown> = values ?? {
          ...facts,
          // Facts already on the record are offered, with where they came from, until someone answers.
          lookedAfter: facts.lookedAfter ?? fromRecord.lookedAfter,
          learningDisability: facts.learningDisability ?? fromRecord.learningDisability,
          ...missingSinceFields(facts.missingSince ?? openEpisodesOnRecord(person, new Date())[0]?.startedAt),
          partnerAge: typeof facts.partnerAge === 'number' ? String(facts.partnerAge) : '',
        };
        const episodes = person.missingEpisodes ?? [];
        const open = openEpisodesOnRecord(person, new Date());
        const latest = episodes[episodes.length - 1];
        const missingOnRecord = open[0]
          ? `The record shows them missing since ${formatDateTime(open[0].startedAt)} (${open[0].reference}) with no return recorded.`
          : episodes.length && latest
            ? `The record shows ${episodes.length === 1 ? '1 missing episode' : `${episodes.length} missing episodes`}, each with a return recorded; the latest started ${formatDateTime(latest.startedAt)} (${latest.reference}).`
            : 'The record shows no missing episodes.';
        const radios = (name: string, labels: Record<string, string>) => Object.entries(labels).map(([value, text]) => ({ value, text, checked: v[name] === value }));
        return {
          ...base,
          values: v,
          person,
          livingArrangement: LIVING_ARRANGEMENTS.find((o) => o.value === yp.livingArrangement)?.label ?? null,
          fromRecord,
          dangerItems: radios('immediateDanger', { yes: 'Yes', no: 'No' }),
          lookedAfterItems: radios('lookedAfter', YES_NO_UNKNOWN_LABELS),
          missingItems: radios('missingNow', { yes: 'Yes', no: 'No' }),
          missingOnRecord,
          partnerItems: radios('hasPartner', YES_NO_UNKNOWN_LABELS),
          disabilityItems: radios('learningDisability', YES_NO_UNKNOWN_LABELS),
          sexualItems: radios('sexualActivity', FACT_LABELS),
          penetrativeItems: radios('penetrativeSex', FACT_LABELS),
        };
      }
      case 'optional': {
        const def = instrument.judgementSections.find((j) => j.id === section.judgementSectionId)!;
        const chosen = values ? (values.option as string) : (state.judgements[def.id] ?? (state.optionalSeen.includes(def.id) ? '' : undefined));
        return {
          ...base,
          def,
          items: [
            ...def.options.map((o) => ({ value: o.id, text: o.label, hint: o.hint ? { text: o.hint } : undefined, checked: chosen === o.id })),
            { divider: 'or' },
            { value: '', text: 'I cannot tell', checked: chosen === '' },
          ],
        };
      }
      case 'judgement': {
        const scored = provisionalResult(instrument, state, person, new Date().toISOString());
        const result = scored.ok ? scored.value : null;
        const j = (values ?? state.judgement) as Record<string, string | undefined>;
        return {
          ...base,
          result: result ? resultView(result, instrument) : null,
          problems: scored.ok ? [] : scored.problems.map((p) => p.message),
          values: j,
          levelItems: instrument.levels.map((l, rank) => ({
            value: l.id,
            text: l.label,
            hint: { text: `${l.description}${result && result.level.id === l.id ? ' This is the calculated level.' : ''}${result && rank < result.minimumAllowed.rank ? ' Not allowed: a statutory rule requires a higher level.' : ''}` },
            checked: j.level === l.id,
          })),
          harmItems: Object.entries({ yes: 'Yes', no: 'No', not_known: 'Not sure' }).map(([value, text]) => ({ value, text, checked: j.significantHarm === value })),
        };
      }
    }
  }

  function findSection(draft: LoadedDraft, key: string): SectionDef {
    const section = sectionsOf(draft.version.instrument).find((s) => s.key === key);
    if (!section) throw notFound();
    return section;
  }

  pages.get('/young-people/:id/assessments/draft/sections/:section', { config: DRAFT_VIEW, schema: { params: sectionAddress } }, async (request, reply) => {
    const yp = await contributorOr404(request, request.params.id);
    const draft = await loadDraft(request, reply, yp);
    if (!draft) return reply;
    if (draft.version.row.status !== 'published') return reply.redirect(draftUrl(yp), 303);
    const section = findSection(draft, request.params.section);
    const state = stateOf(draft);
    const sections = sectionsOf(draft.version.instrument);
    if (section.kind === 'judgement' && !scoringSectionsComplete(sections, state)) return reply.redirect(draftUrl(yp), 303);
    request.noteAudit({ recordId: draft.row.id, details: { youngPersonId: yp.id, section: section.key } });
    return reply.page(`risk/views/section-${section.kind}.njk`, await sectionContext(request, yp, draft, section, state));
  });

  pages.post('/young-people/:id/assessments/draft/sections/:section', { config: DRAFT_UPDATE, schema: { params: sectionAddress, body: sectionForm } }, async (request, reply) => {
    const user = request.user!;
    const yp = await contributorOr404(request, request.params.id);
    const draft = await loadDraft(request, reply, yp);
    if (!draft) return reply;
    if (draft.version.row.status !== 'published') return reply.redirect(draftUrl(yp), 303);
    const section = findSection(draft, request.params.section);
    const body = request.body;
    const later = body.action === 'later';
    const state = stateOf(draft);
    const render400 = async (errors: Record<string, string>, values: Record<string, unknown>) =>
      reply.code(400).page(`risk/views/section-${section.kind}.njk`, await sectionContext(request, yp, draft, section, state, errors, values));

    switch (section.kind) {
      case 'group': {
        const { answers, errors } = readSectionAnswers(body, section);
        const complete = Object.keys(errors).length === 0;
        if (!complete && !later) return render400(errors, body);
        await saveSection(db, request.ctx, user, draft.row.id, section.key, (s) => Object.assign(s.indicators, answers), complete);
        break;
      }
      case 'about': {
        const { facts, errors } = readFacts(body);
        const contradiction = missingAnswerProblem(facts, await recordFactsFor(db, user, yp), new Date());
        if (contradiction) errors.missingNow = contradiction;
        const complete = Object.keys(errors).length === 0;
        if (!complete && !later) return render400(errors, body);
        await saveSection(db, request.ctx, user, draft.row.id, section.key, (s) => Object.assign(s.facts, facts), complete);
        break;
      }
      case 'optional': {
        const def = draft.version.instrument.judgementSections.find((j) => j.id === section.judgementSectionId)!;
        const option = body.option ?? '';
        const known = option === '' || def.options.some((o) => o.id === option);
        if (!known || (!later && body.option === undefined)) return render400({ option: `Select the option that fits best, or that you cannot tell` }, body);
        await saveSection(
          db,
          request.ctx,
          user,
          draft.row.id,
          section.key,
          (s) => {
            if (option) s.judgements[def.id] = option;
            else delete s.judgements[def.id];
            if (!s.optionalSeen.includes(def.id)) s.optionalSeen.push(def.id);
          },
          true,
        );
        break;
      }
      case 'judgement': {
        const { judgement, errors } = readJudgement(body);
        if (judgement.level && !errors.level) {
          const scored = provisionalResult(draft.version.instrument, state, await recordFactsFor(db, user, yp), new Date().toISOString());
          if (scored.ok) {
            const judged = applyJudgement(scored.value, judgement.level, judgement.reason ?? null);
            if (!judged.ok) for (const p of judged.problems) errors[p.path === 'reason' ? 'reason' : 'level'] = p.message;
          }
        }
        if (Object.keys(errors).length && !later) return render400(errors, body);
        await saveSection(db, request.ctx, user, draft.row.id, section.key, (s) => Object.assign(s.judgement, judgement), Object.keys(errors).length === 0);
        if (!later && Object.keys(errors).length === 0) return reply.redirect(`${draftUrl(yp)}/check`, 303);
        break;
      }
    }
    return reply.redirect(draftUrl(yp), 303);
  });

  async function checkContext(request: FastifyRequest, yp: YoungPersonRow, draft: LoadedDraft, problems?: SubmissionProblem[]) {
    const user = request.user!;
    const instrument = draft.version.instrument;
    const state = stateOf(draft);
    const current = await currentVersion(db, user.areaId);
    const check = checkSubmission(instrument, draft.version.row.status, state, await recordFactsFor(db, user, yp), new Date().toISOString(), current.row.version);
    const shown = problems ?? (check.ok ? [] : check.problems);
    const sections = sectionsOf(instrument);
    const title = new Map(sections.map((s) => [s.key, s.title]));
    const answered = sections
      .filter((s) => s.kind === 'group')
      .map((s) => ({
        key: s.key,
        title: s.title,
        href: sectionUrl(yp, s.key),
        by: contributionWords(state.contributions[s.key]),
        present: s.items
          .filter((i) => state.indicators[i.id] && state.indicators[i.id] !== 'not_present')
          .map((i) => (i.timed ? `${i.wording} (${SHORT_ANSWER[state.indicators[i.id]!]})` : i.wording)),
      }));
    return {
      title: 'Check the assessment before you submit it',
      showJudgement: true,
      backLink: draftUrl(yp),
      yp: personView(yp),
      draftId: draft.row.id,
      submitUrl: `${draftUrl(yp)}/submit`,
      result: check.ok ? resultView(check.result, instrument) : null,
      problems: shown.map((p) => ({ text: p.message, href: p.section ? sectionUrl(yp, p.section) : draftUrl(yp), section: p.section ? title.get(p.section) : null })),
      errors: problems && problems.length ? { summary: problems.map((p) => ({ text: p.message, href: p.section ? sectionUrl(yp, p.section) : draftUrl(yp) })) } : null,
      answered,
      facts: state.facts,
      factLabels: { ...FACT_LABELS, ...YES_NO_UNKNOWN_LABELS },
      aboutHref: sectionUrl(yp, ABOUT_KEY),
      aboutBy: contributionWords(state.contributions[ABOUT_KEY]),
      judgementHref: sectionUrl(yp, JUDGEMENT_KEY),
      judgementBy: contributionWords(state.contributions[JUDGEMENT_KEY]),
    };
  }

  pages.get('/young-people/:id/assessments/draft/check', { config: DRAFT_VIEW, schema: { params: recordAddress } }, async (request, reply) => {
    const yp = await contributorOr404(request, request.params.id);
    const draft = await loadDraft(request, reply, yp);
    if (!draft) return reply;
    request.noteAudit({ recordId: draft.row.id, details: { youngPersonId: yp.id, section: 'check' } });
    return reply.page('risk/views/check.njk', await checkContext(request, yp, draft));
  });

  pages.post('/young-people/:id/assessments/draft/submit', { config: ASSESSMENT_SUBMIT, schema: { params: recordAddress, body: form({ draftId: formText }) } }, async (request, reply) => {
    const yp = await contributorOr404(request, request.params.id);
    const { draftId } = request.body;
    // A form sent twice: the first submission used the draft up; show what it recorded.
    const earlier = await assessmentFromDraft(db, draftId);
    if (earlier && earlier.youngPersonId === yp.id) return reply.redirect(`/risk/assessments/${earlier.id}`, 303);
    const draft = await loadDraft(request, reply, yp);
    if (!draft) return reply;
    if (draft.row.id !== draftId) return reply.redirect(`${draftUrl(yp)}/check`, 303);
    const result = await submitAssessment(db, request.ctx, request.user!, yp.id, { kind: 'draft', draftId: draft.row.id });
    if (!result.ok) return refusalPage(result, async (status) => reply.code(status).page('risk/views/check.njk', await checkContext(request, yp, draft, result.problems)));
    return reply.redirect(`/risk/assessments/${result.value.id}?submitted=1`, 303);
  });

  pages.get('/risk/assessments/:assessmentId', { config: ASSESSMENT_VIEW, schema: { params: z.object({ assessmentId: z.string() }), querystring: z.object({ submitted: queryText }) } }, async (request, reply) => {
    const user = request.user!;
    const assessment = await findVisibleAssessment(db, user, request.params.assessmentId);
    if (!assessment) throw notFound();
    const yp = await findVisibleYoungPerson(db, user, assessment.youngPersonId);
    if (!yp) throw notFound();
    const [version, [by]] = await Promise.all([
      versionById(db, assessment.areaId, assessment.instrumentVersionId),
      db.select({ name: users.name, agency: agencies.name }).from(users).innerJoin(agencies, eq(agencies.id, users.agencyId)).where(and(eq(users.id, assessment.submittedByUserId))),
    ]);
    if (!version) throw notFound();
    request.noteAudit({ details: { youngPersonId: yp.id } });
    const instrument = instrumentOf(version.row);
    const sections = sectionsOf(instrument);
    const ctx = assessment.context;
    return reply.page('risk/views/result.njk', {
      title: `Risk assessment ${assessmentReference(assessment.number)} – ${displayName(yp)}`,
      backLink: `/young-people/${yp.id}`,
      yp: personView(yp),
      assessment,
      reference: assessmentReference(assessment.number),
      submitted: request.query.submitted === '1',
      showJudgement: true,
      planRecorded: true,
      result: resultView(assessment.result, instrument, assessment.plan),
      by: by ? `${by.name}, ${by.agency}` : null,
      contributions: sections
        .filter((s) => assessment.contributions[s.key])
        .map((s) => ({ key: { text: s.title }, value: { text: contributionWords(assessment.contributions[s.key]) ?? '' } })),
      facts: [
        ['Immediate danger', ctx.immediateDanger === true ? 'Yes' : ctx.immediateDanger === false ? 'No' : 'Not recorded'],
        ['Looked after', ctx.lookedAfter === true ? 'Yes' : ctx.lookedAfter === false ? 'No' : 'Not known'],
        ['Missing at the time', ctx.missingEpisodes?.length ? `Yes, since ${formatDateTime(ctx.missingEpisodes[0]!.startedAt)}` : 'No'],
        ['Learning disability', ctx.learningDisability === true ? 'Yes' : ctx.learningDisability === false ? 'No' : 'Not known'],
        ['Sexual activity', FACT_LABELS[ctx.sexualActivity ?? 'not_recorded']],
        ['Penetrative sex', FACT_LABELS[ctx.penetrativeSex ?? 'not_recorded']],
        ['Risk of significant harm (assessor’s view)', ctx.riskOfSignificantHarm === true ? 'Yes' : ctx.riskOfSignificantHarm === false ? 'No' : 'Not sure'],
      ].map(([k, v]) => ({ key: { text: k }, value: { text: v } })),
      version: version.row.version,
      versionStatus: version.row.status,
    });
  });
}

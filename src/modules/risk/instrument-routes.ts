/**
 * The coordinator's pages for the area's risk instrument: the current version and its history,
 * a draft of the next version changed one focused form at a time, a preview of how the draft
 * would have scored the area's recent assessments, and publishing (validated and audited).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { COORDINATOR_ROLES } from '../../platform/auth/roles.ts';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formErrors } from '../../platform/http/forms.ts';
import { form, formText, queryText } from '../../platform/http/page-input.ts';
import { notFound } from '../../platform/http/errors.ts';
import { refusalPage } from '../../platform/http/refusals.ts';
import { referenceFor } from '../young-people/index.ts';
import { previewVersion, type Instrument, type PastAssessment, type Problem } from './instrument/index.ts';
import { assessmentReference, recentAssessmentsForPreview } from './assessments.ts';
import { readableLine } from './view-model.ts';
import { addIndicator, editIndicator, retireIndicator, restoreIndicator, setActions, setScoring, type ActionInput } from './edits.ts';
import { changeDraft, currentVersion, discardDraftVersion, draftVersion, publishDraft, publishProblems, startDraftVersion, versionByNumber, versionHistory, type LoadedVersion } from './versions.ts';

/** Reading the instrument: its questions, weights and rules name no one. */
const READ_INSTRUMENT = { roles: COORDINATOR_ROLES, audit: { none: 'the area’s risk instrument: questions and scoring, naming no one' } } as const;
/** Every change to a draft is written by changeDraft (versions.ts) against the draft version. */
const CHANGE_DRAFT = { roles: COORDINATOR_ROLES, audit: { action: 'update', recordKind: 'instrument_version' } } as const;
const BASE = '/risk/instrument';
const DRAFT = `${BASE}/draft`;
const NEW_ACTION_ROWS = 3;

/** The indicator forms (change and add) send the same fields. */
const indicatorFields = form({
  wording: formText,
  hint: formText,
  pointsTo: formText,
  'weight-now': formText,
  'weight-last6Months': formText,
  'weight-sixTo12Months': formText,
  'weight-present': formText,
  'weight-reduction': formText,
  replaces: formText,
  replacedBy: formText,
});
/**
 * Forms whose fields are named after the draft itself (a cut-off per level, a row per action):
 * every field is read as text the way formText reads one, and a field not sent reads as ''.
 */
const fieldsNamedByDraft = z.record(z.string(), z.unknown().transform((value) => (typeof value === 'string' ? value.trim() : '')));
const textOf = (body: Record<string, string>, name: string) => body[name] ?? '';

/** Every item of a version, for the pages that show or change one. */
function findItem(instrument: Instrument, id: string) {
  const indicator = instrument.indicators.find((i) => i.id === id);
  if (indicator) return { kind: 'indicator' as const, indicator, protective: null };
  const protective = instrument.protectiveFactors.find((p) => p.id === id);
  if (protective) return { kind: 'protective' as const, indicator: null, protective };
  return null;
}

/** Where a validation problem can be fixed, when it is something these pages change. */
function problemLink(instrument: Instrument, path: string): string | null {
  const indicator = /^indicators\[(\d+)\]/.exec(path);
  if (indicator) {
    const id = instrument.indicators[Number(indicator[1])]?.id;
    return id ? `${DRAFT}/indicators/${encodeURIComponent(id)}` : null;
  }
  const protective = /^protectiveFactors\[(\d+)\]/.exec(path);
  if (protective) {
    const id = instrument.protectiveFactors[Number(protective[1])]?.id;
    return id ? `${DRAFT}/indicators/${encodeURIComponent(id)}` : null;
  }
  if (path.startsWith('scoring') || path.startsWith('reviewIntervalDays')) return `${DRAFT}/scoring`;
  const actions = /^actionsByLevel\.([^.[]+)/.exec(path);
  if (actions) return `${DRAFT}/actions/${encodeURIComponent(actions[1]!)}`;
  return null;
}

const weightWords = (w: Instrument['indicators'][number]['weights']) => (w.timed ? `${w.now} now, ${w.last6Months} in the last 6 months, ${w.sixTo12Months} 6 to 12 months ago` : `${w.present} when present`);

const signsWords = (n: number, label: string, top: boolean) => `${n === 1 ? 'A sign' : `${n} signs`} of ‘${label}’${top ? '' : ' or above'}`;

/** A version laid out for reading (and, for a draft, with the links that change it). */
function instrumentView(loaded: LoadedVersion, editable: boolean) {
  const ins = loaded.instrument;
  const label = new Map(ins.levels.map((l) => [l.id, l.label]));
  const wording = new Map([...ins.indicators, ...ins.protectiveFactors].map((i) => [i.id, i.wording]));
  const cutOff = new Map(ins.scoring.cutOffs.map((c) => [c.level, c.minTotal]));
  const bySigns = ins.scoring.method === 'signs';
  return {
    editable,
    bySigns,
    version: loaded.row.version,
    status: loaded.row.status,
    levels: ins.levels.map((l, rank) => [
      { text: l.label },
      { text: l.description },
      bySigns
        ? { text: rank === 0 ? 'No sign of exploitation' : signsWords(ins.scoring.signsNeeded?.[l.id] ?? 1, l.label, rank === ins.levels.length - 1) }
        : { text: rank === 0 ? 'Below the first cut-off' : String(cutOff.get(l.id) ?? 'Missing'), format: rank === 0 ? undefined : 'numeric' },
      { text: ins.reviewIntervalDays[l.id] === null || ins.reviewIntervalDays[l.id] === undefined ? 'No review' : `${ins.reviewIntervalDays[l.id]} days` },
    ]),
    maxProtectiveReduction: ins.scoring.maxProtectiveReduction,
    groups: ins.groups.map((g) => ({
      id: g.id,
      title: g.title,
      description: g.description,
      items: [
        ...ins.indicators
          .filter((i) => i.groupId === g.id)
          .map((i) => ({ id: i.id, wording: i.wording, hint: i.hint, pointsTo: label.get(i.pointsTo) ?? i.pointsTo, weights: weightWords(i.weights), retired: i.retired === true, replacedBy: i.replacedBy ? (wording.get(i.replacedBy) ?? i.replacedBy) : null })),
        ...ins.protectiveFactors
          .filter((p) => p.groupId === g.id)
          .map((p) => ({ id: p.id, wording: p.wording, hint: p.hint, pointsTo: 'Strength', weights: `takes off ${-p.weight}`, retired: p.retired === true, replacedBy: p.replacedBy ? (wording.get(p.replacedBy) ?? p.replacedBy) : null })),
      ],
    })),
    triggers: ins.triggers.map((t) => ({ title: t.title, whatToDo: t.whatToDo })),
    floors: ins.floorRules.map((f) => f.description),
    actions: ins.levels.map((l) => ({ id: l.id, label: l.label, list: (ins.actionsByLevel[l.id] ?? []).map((a) => `${a.text}${a.lead ? ` (usually ${a.lead})` : ''}${a.withinDays ? `, within ${a.withinDays} days` : ''}`) })),
    judgementSections: ins.judgementSections.map((j) => ({ title: j.title, options: j.options.map((o) => o.label) })),
  };
}

/** What every page that changes the draft needs: the draft itself (or 404), and one change run through changeDraft. */
function draftEditing(app: FastifyInstance) {
  const { db } = app.lantern.database;

  async function draftOr404(request: FastifyRequest): Promise<LoadedVersion> {
    const draft = await draftVersion(db, request.user!.areaId);
    if (!draft) throw notFound();
    return draft;
  }

  /** Runs one change on the draft: back to the draft page, or the form again with its problems. */
  async function change(request: FastifyRequest, reply: FastifyReply, what: string, details: Record<string, unknown>, edit: (ins: Instrument) => Problem[], rerender: (errors: Record<string, string>) => Promise<FastifyReply>, to = DRAFT) {
    const result = await changeDraft(db, request.ctx, request.user!, { change: what, details }, edit);
    if (!result.ok) {
      return refusalPage(result, () => {
        // One message a field (the last, where several share one); 'form' for the draft as a whole.
        const errors: Record<string, string> = {};
        for (const p of result.problems) errors[p.path || 'form'] = p.message;
        return rerender(errors);
      });
    }
    return reply.redirect(to, 303);
  }

  return { draftOr404, change };
}
type DraftEditing = ReturnType<typeof draftEditing>;

/** The draft page: the draft laid out with links to change it, and what stops it being published. */
function draftPageContext(draft: LoadedVersion) {
  return {
    title: `Draft of version ${draft.row.version}`,
    backLink: BASE,
    row: draft.row,
    view: instrumentView(draft, true),
    problems: publishProblems(draft.instrument).map((p) => ({ text: readableLine(p.message, draft.instrument), href: problemLink(draft.instrument, p.path) })),
  };
}

// Changing one indicator: wording, hint, level and weights (or a strength's wording and weight).
function indicatorForm(draft: LoadedVersion, id: string, values: Record<string, string>, errors?: Record<string, string>) {
  const item = findItem(draft.instrument, id);
  if (!item) throw notFound();
  return {
    title: 'Change an indicator',
    backLink: DRAFT,
    action: `${DRAFT}/indicators/${encodeURIComponent(id)}`,
    item,
    timed: item.indicator?.weights.timed ?? false,
    values,
    levelItems: draft.instrument.levels.map((l) => ({ value: l.id, text: l.label, checked: values.pointsTo === l.id })),
    errors: errors ? formErrors(errors, ['form', 'wording', 'hint', 'pointsTo', 'weight-now', 'weight-last6Months', 'weight-sixTo12Months', 'weight-present', 'weight-reduction']) : null,
  };
}

const weightsOf = (v: Record<string, string>) => ({ now: v['weight-now'] ?? '', last6Months: v['weight-last6Months'] ?? '', sixTo12Months: v['weight-sixTo12Months'] ?? '', present: v['weight-present'] ?? '', reduction: v['weight-reduction'] ?? '' });

// Adding an indicator to a section, optionally replacing one already in use.
function addForm(draft: LoadedVersion, groupId: string, values: Record<string, string>, errors?: Record<string, string>) {
  const ins = draft.instrument;
  const group = ins.groups.find((g) => g.id === groupId);
  if (!group) throw notFound();
  const protective = ins.protectiveFactors.some((p) => p.groupId === groupId) && !ins.indicators.some((i) => i.groupId === groupId);
  const model = ins.indicators.find((i) => i.groupId === groupId);
  const candidates = protective ? ins.protectiveFactors.filter((p) => !p.retired) : ins.indicators.filter((i) => !i.retired);
  const groupTitle = new Map(ins.groups.map((g) => [g.id, g.title]));
  return {
    title: `Add an indicator to ‘${group.title}’`,
    backLink: DRAFT,
    action: `${DRAFT}/groups/${encodeURIComponent(groupId)}/add`,
    group,
    protective,
    timed: model ? model.weights.timed : true,
    values,
    levelItems: ins.levels.map((l) => ({ value: l.id, text: l.label, checked: values.pointsTo === l.id })),
    replaceItems: [
      { value: '', text: 'It does not replace one', selected: !values.replaces },
      ...candidates.map((c) => ({ value: c.id, text: `${groupTitle.get(c.groupId) ?? c.groupId}: ${c.wording}`, selected: values.replaces === c.id })),
    ],
    errors: errors ? formErrors(errors, ['form', 'wording', 'hint', 'replaces', 'pointsTo', 'weight-now', 'weight-last6Months', 'weight-sixTo12Months', 'weight-present', 'weight-reduction']) : null,
  };
}

// Retiring an indicator (with its replacement, if any) and restoring one.
function retireForm(draft: LoadedVersion, id: string, values: Record<string, string>, errors?: Record<string, string>) {
  const ins = draft.instrument;
  const item = findItem(ins, id);
  if (!item || (item.indicator ?? item.protective)!.retired) throw notFound();
  const candidates = item.kind === 'protective' ? ins.protectiveFactors.filter((p) => !p.retired && p.id !== id) : ins.indicators.filter((i) => !i.retired && i.id !== id);
  const groupTitle = new Map(ins.groups.map((g) => [g.id, g.title]));
  const usedBy = [
    ...ins.triggers.filter((t) => JSON.stringify(t).includes(`"${id}"`)).map((t) => `Statutory rule: ${t.title}`),
    ...ins.floorRules.filter((f) => (f.when.select.indicatorIds ?? []).includes(id)).map((f) => `Rule: ${f.description}`),
  ];
  return {
    title: 'Retire an indicator',
    backLink: DRAFT,
    action: `${DRAFT}/indicators/${encodeURIComponent(id)}/retire`,
    wording: (item.indicator ?? item.protective)!.wording,
    usedBy,
    replaceItems: [
      { value: '', text: 'Nothing replaces it', selected: !values.replacedBy },
      ...candidates.map((c) => ({ value: c.id, text: `${groupTitle.get(c.groupId) ?? c.groupId}: ${c.wording}`, selected: values.replacedBy === c.id })),
    ],
    errors: errors ? formErrors(errors, ['form', 'replacedBy']) : null,
  };
}

// Cut-offs, the cap on strengths, and review intervals.
function scoringForm(draft: LoadedVersion, values: Record<string, string>, errors?: Record<string, string>) {
  const ins = draft.instrument;
  return {
    title: 'How the level is decided, and reviews',
    backLink: DRAFT,
    levels: ins.levels.map((l, rank) => ({ id: l.id, label: l.label, rank })),
    values,
    methodItems: [
      { value: 'signs', text: 'By the kind of signs present', hint: { text: 'The highest level with enough of its signs present. A sign of a higher level also counts towards the levels below it. The total is shown for information.' }, checked: values.method === 'signs' },
      { value: 'total', text: 'By the total score', hint: { text: 'The highest level whose lowest total the score reaches.' }, checked: values.method === 'total' },
    ],
    errors: errors ? formErrors(errors, ['form', 'method', ...ins.levels.slice(1).map((l) => `signs-${l.id}`), ...ins.levels.slice(1).map((l) => `cutOff-${l.id}`), 'maxProtectiveReduction', ...ins.levels.map((l) => `review-${l.id}`)]) : null,
  };
}

// A level's recommended actions.
function actionsForm(draft: LoadedVersion, levelId: string, rows: ActionInput[], errors?: Record<string, string>) {
  const level = draft.instrument.levels.find((l) => l.id === levelId);
  if (!level) throw notFound();
  return {
    title: `Actions for ‘${level.label}’`,
    backLink: DRAFT,
    action: `${DRAFT}/actions/${encodeURIComponent(levelId)}`,
    level,
    rows: rows.map((r, i) => ({ ...r, index: i, isNew: !r.id })),
    errors: errors ? formErrors(errors, ['form', ...rows.flatMap((_, i) => [`action-${i}-text`, `action-${i}-lead`, `action-${i}-withinDays`])]) : null,
  };
}

function publishContext(draft: LoadedVersion, values: Record<string, string>, refused?: Problem[]) {
  const problems = refused ?? publishProblems(draft.instrument);
  return {
    title: `Publish version ${draft.row.version}`,
    backLink: DRAFT,
    version: draft.row.version,
    values,
    problems: problems.filter((p) => p.path !== 'changeNote').map((p) => ({ text: readableLine(p.message, draft.instrument), href: problemLink(draft.instrument, p.path) })),
    // Refused: every problem in the summary, linked to the page that fixes it.
    errors: refused
      ? {
          summary: refused.map((p) => ({ text: readableLine(p.message, draft.instrument), href: p.path === 'changeNote' ? '#changeNote' : (problemLink(draft.instrument, p.path) ?? '#problems') })),
          fields: Object.fromEntries(refused.filter((p) => p.path === 'changeNote').map((p) => ['changeNote', { text: p.message }])),
        }
      : null,
  };
}

/** The version in use, the history, and each earlier version. */
function versionPages(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  pages.get(BASE, { config: READ_INSTRUMENT, schema: { querystring: z.object({ published: queryText }) } }, async (request, reply) => {
    const user = request.user!;
    const [current, draft, history] = await Promise.all([currentVersion(db, user.areaId), draftVersion(db, user.areaId), versionHistory(db, user.areaId)]);
    return reply.page('risk/views/instrument.njk', {
      title: 'Risk instrument',
      flash: request.query.published ? `Version ${request.query.published} is published. New assessments use it from now on.` : undefined,
      current: current.row,
      draft: draft?.row ?? null,
      history,
      view: instrumentView(current, false),
    });
  });

  pages.get(`${BASE}/versions/:version`, { config: READ_INSTRUMENT, schema: { params: z.object({ version: z.string() }) } }, async (request, reply) => {
    const loaded = await versionByNumber(db, request.user!.areaId, Number(request.params.version));
    if (!loaded || loaded.row.status === 'draft') throw notFound();
    return reply.page('risk/views/instrument-version.njk', { title: `Risk instrument version ${loaded.row.version}`, backLink: BASE, row: loaded.row, view: instrumentView(loaded, false) });
  });
}

/** The draft as a whole: starting one, the draft page, discarding it, its preview and publishing it. */
function draftPages(app: FastifyInstance, { draftOr404 }: DraftEditing) {
  const { db } = app.lantern.database;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  app.post(DRAFT, { config: { roles: COORDINATOR_ROLES, audit: { action: 'create', recordKind: 'instrument_version' } } }, async (request, reply) => {
    await startDraftVersion(db, request.ctx, request.user!);
    return reply.redirect(DRAFT, 303);
  });

  app.get(DRAFT, { config: READ_INSTRUMENT }, async (request, reply) => {
    const draft = await draftOr404(request);
    return reply.page('risk/views/instrument-draft.njk', draftPageContext(draft));
  });

  app.post(`${DRAFT}/discard`, { config: { roles: COORDINATOR_ROLES, audit: { action: 'delete', recordKind: 'instrument_version' } } }, async (request, reply) => {
    await discardDraftVersion(db, request.ctx, request.user!);
    return reply.redirect(BASE, 303);
  });

  app.get(`${DRAFT}/preview`, { config: { roles: COORDINATOR_ROLES, audit: { action: 'view', recordKind: 'instrument_preview' } } }, async (request, reply) => {
    const user = request.user!;
    const draft = await draftOr404(request);
    const recent = await recentAssessmentsForPreview(db, user.areaId);
    const past: PastAssessment[] = recent.map((a) => ({ assessmentId: a.id, answers: a.answers, context: a.context, previousLevel: a.computedLevel }));
    const preview = previewVersion(draft.instrument, past);
    request.noteAudit({ recordId: draft.row.id, details: { assessments: recent.length } });
    const byId = new Map(recent.map((a) => [a.id, a]));
    const label = new Map(draft.instrument.levels.map((l) => [l.id, l.label]));
    const wording = new Map<string, string>();
    for (const i of [...draft.instrument.indicators, ...draft.instrument.protectiveFactors]) wording.set(i.id, i.wording);
    const changeWords = { up: 'Higher', down: 'Lower', same: 'Same', not_comparable: 'Not comparable', not_scored: 'Could not be scored' } as const;
    return reply.page('risk/views/instrument-preview.njk', {
      title: `Preview of version ${draft.row.version}`,
      backLink: DRAFT,
      version: draft.row.version,
      preview: preview.ok ? preview.value : null,
      problems: preview.ok ? [] : preview.problems.map((p) => p.message),
      perLevel: preview.ok ? preview.value.summary.perLevel.map((l) => [{ text: l.label }, { text: String(l.before), format: 'numeric' }, { text: String(l.after), format: 'numeric' }, { text: String(l.movedUp), format: 'numeric' }, { text: String(l.movedDown), format: 'numeric' }]) : [],
      moves: preview.ok ? preview.value.summary.moves.map((m) => [{ text: label.get(m.from) ?? m.from }, { text: label.get(m.to) ?? m.to }, { text: String(m.count), format: 'numeric' }]) : [],
      notCarried: preview.ok ? preview.value.summary.indicatorsNotCarried.map((n) => [{ text: wording.get(n.indicatorId) ?? n.indicatorId }, { text: String(n.count), format: 'numeric' }]) : [],
      items: preview.ok
        ? preview.value.items.map((i) => {
            const a = byId.get(i.assessmentId)!;
            return [
              { html: `<a class="govuk-link" href="/risk/assessments/${a.id}">${assessmentReference(a.number)}</a>` },
              { text: referenceFor(a.youngPersonNumber) },
              { text: String(a.instrumentVersion), format: 'numeric' },
              { text: label.get(a.computedLevel) ?? a.computedLevel },
              { text: i.newLevel?.label ?? 'None' },
              { text: changeWords[i.change] },
            ];
          })
        : [],
    });
  });

  app.get(`${DRAFT}/publish`, { config: READ_INSTRUMENT }, async (request, reply) => {
    const draft = await draftOr404(request);
    return reply.page('risk/views/instrument-publish.njk', publishContext(draft, { changeNote: draft.row.changeNote ?? '' }));
  });

  pages.post(`${DRAFT}/publish`, { config: CHANGE_DRAFT, schema: { body: form({ changeNote: formText }) } }, async (request, reply) => {
    const draft = await draftOr404(request);
    const { changeNote } = request.body;
    const result = await publishDraft(db, request.ctx, request.user!, changeNote);
    if (!result.ok) return refusalPage(result, (status) => reply.code(status).page('risk/views/instrument-publish.njk', publishContext(draft, { changeNote }, result.problems)));
    return reply.redirect(`${BASE}?published=${result.value.version}`, 303);
  });
}

/** One indicator or strength: changing it, adding one to a section, retiring and restoring it. */
function indicatorPages(app: FastifyInstance, { draftOr404, change }: DraftEditing) {
  const { db } = app.lantern.database;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  pages.get(`${DRAFT}/indicators/:indicatorId`, { config: READ_INSTRUMENT, schema: { params: z.object({ indicatorId: z.string() }) } }, async (request, reply) => {
    const draft = await draftOr404(request);
    const id = request.params.indicatorId;
    const item = findItem(draft.instrument, id);
    if (!item || (item.indicator ?? item.protective)!.retired) throw notFound();
    const w = item.indicator?.weights;
    const values: Record<string, string> = item.indicator
      ? { wording: item.indicator.wording, hint: item.indicator.hint, pointsTo: item.indicator.pointsTo, ...(w && w.timed ? { 'weight-now': String(w.now), 'weight-last6Months': String(w.last6Months), 'weight-sixTo12Months': String(w.sixTo12Months) } : { 'weight-present': String(w && !w.timed ? w.present : '') }) }
      : { wording: item.protective!.wording, hint: item.protective!.hint, 'weight-reduction': String(-item.protective!.weight) };
    return reply.page('risk/views/instrument-indicator.njk', indicatorForm(draft, id, values));
  });

  pages.post(`${DRAFT}/indicators/:indicatorId`, { config: CHANGE_DRAFT, schema: { params: z.object({ indicatorId: z.string() }), body: indicatorFields } }, async (request, reply) => {
    const draft = await draftOr404(request);
    const id = request.params.indicatorId;
    if (!findItem(draft.instrument, id)) throw notFound();
    const values = request.body;
    return change(
      request,
      reply,
      'indicator_changed',
      { indicatorId: id },
      (ins) => editIndicator(ins, id, { wording: values.wording ?? '', hint: values.hint ?? '', pointsTo: values.pointsTo ?? '', weights: weightsOf(values) }),
      async (errors) => reply.code(400).page('risk/views/instrument-indicator.njk', indicatorForm(draft, id, values, errors)),
    );
  });

  pages.get(`${DRAFT}/groups/:groupId/add`, { config: READ_INSTRUMENT, schema: { params: z.object({ groupId: z.string() }), querystring: z.object({ replaces: queryText }) } }, async (request, reply) => {
    const draft = await draftOr404(request);
    const groupId = request.params.groupId;
    const model = draft.instrument.indicators.find((i) => i.groupId === groupId && !i.retired);
    const w = model?.weights;
    // Start from the section's usual level and weights; the coordinator changes them if needed.
    const values: Record<string, string> = {
      pointsTo: model?.pointsTo ?? '',
      ...(w ? (w.timed ? { 'weight-now': String(w.now), 'weight-last6Months': String(w.last6Months), 'weight-sixTo12Months': String(w.sixTo12Months) } : { 'weight-present': String(w.present) }) : { 'weight-reduction': '1' }),
    };
    const replaces = request.query.replaces;
    if (replaces) values.replaces = replaces;
    return reply.page('risk/views/instrument-add.njk', addForm(draft, groupId, values));
  });

  pages.post(`${DRAFT}/groups/:groupId/add`, { config: CHANGE_DRAFT, schema: { params: z.object({ groupId: z.string() }), body: indicatorFields } }, async (request, reply) => {
    const draft = await draftOr404(request);
    const groupId = request.params.groupId;
    if (!draft.instrument.groups.some((g) => g.id === groupId)) throw notFound();
    const values = request.body;
    return change(
      request,
      reply,
      'indicator_added',
      { groupId, replaces: values.replaces || null },
      (ins) => addIndicator(ins, { groupId, wording: values.wording ?? '', hint: values.hint ?? '', pointsTo: values.pointsTo ?? '', replaces: values.replaces ?? '', weights: weightsOf(values) }).problems,
      async (errors) => reply.code(400).page('risk/views/instrument-add.njk', addForm(draft, groupId, values, errors)),
    );
  });

  pages.get(`${DRAFT}/indicators/:indicatorId/retire`, { config: READ_INSTRUMENT, schema: { params: z.object({ indicatorId: z.string() }) } }, async (request, reply) => {
    const draft = await draftOr404(request);
    return reply.page('risk/views/instrument-retire.njk', retireForm(draft, request.params.indicatorId, {}));
  });

  pages.post(`${DRAFT}/indicators/:indicatorId/retire`, { config: CHANGE_DRAFT, schema: { params: z.object({ indicatorId: z.string() }), body: form({ replacedBy: formText }) } }, async (request, reply) => {
    const draft = await draftOr404(request);
    const id = request.params.indicatorId;
    if (!findItem(draft.instrument, id)) throw notFound();
    const { replacedBy } = request.body;
    return change(
      request,
      reply,
      'indicator_retired',
      { indicatorId: id, replacedBy: replacedBy || null },
      (ins) => retireIndicator(ins, id, replacedBy),
      async (errors) => reply.code(400).page('risk/views/instrument-retire.njk', retireForm(draft, id, { replacedBy }, errors)),
    );
  });

  pages.post(`${DRAFT}/indicators/:indicatorId/restore`, { config: CHANGE_DRAFT, schema: { params: z.object({ indicatorId: z.string() }) } }, async (request, reply) => {
    const draft = await draftOr404(request);
    const id = request.params.indicatorId;
    if (!findItem(draft.instrument, id)) throw notFound();
    const result = await changeDraft(db, request.ctx, request.user!, { change: 'indicator_restored', details: { indicatorId: id } }, (ins) => restoreIndicator(ins, id));
    if (!result.ok) {
      return refusalPage(result, (status) => reply.code(status).page('risk/views/instrument-draft.njk', { ...draftPageContext(draft), errors: formErrors({ form: result.problems.map((p) => p.message).join(' ') }) }));
    }
    return reply.redirect(DRAFT, 303);
  });
}

/** Cut-offs, the cap on strengths, and review intervals. */
function scoringPages(app: FastifyInstance, { draftOr404, change }: DraftEditing) {
  const pages = app.withTypeProvider<ZodTypeProvider>();

  app.get(`${DRAFT}/scoring`, { config: READ_INSTRUMENT }, async (request, reply) => {
    const draft = await draftOr404(request);
    const ins = draft.instrument;
    const values: Record<string, string> = { method: ins.scoring.method ?? 'total', maxProtectiveReduction: ins.scoring.maxProtectiveReduction === null ? '' : String(ins.scoring.maxProtectiveReduction) };
    for (const l of ins.levels.slice(1)) values[`signs-${l.id}`] = String(ins.scoring.signsNeeded?.[l.id] ?? 1);
    for (const c of ins.scoring.cutOffs) values[`cutOff-${c.level}`] = String(c.minTotal);
    for (const l of ins.levels) values[`review-${l.id}`] = ins.reviewIntervalDays[l.id] === null || ins.reviewIntervalDays[l.id] === undefined ? '' : String(ins.reviewIntervalDays[l.id]);
    return reply.page('risk/views/instrument-scoring.njk', scoringForm(draft, values));
  });

  pages.post(`${DRAFT}/scoring`, { config: CHANGE_DRAFT, schema: { body: fieldsNamedByDraft } }, async (request, reply) => {
    const draft = await draftOr404(request);
    const ins = draft.instrument;
    const values: Record<string, string> = { method: textOf(request.body, 'method'), maxProtectiveReduction: textOf(request.body, 'maxProtectiveReduction') };
    for (const l of ins.levels) {
      values[`signs-${l.id}`] = textOf(request.body, `signs-${l.id}`);
      values[`cutOff-${l.id}`] = textOf(request.body, `cutOff-${l.id}`);
      values[`review-${l.id}`] = textOf(request.body, `review-${l.id}`);
    }
    const input = {
      method: values.method ?? '',
      signsNeeded: Object.fromEntries(ins.levels.map((l) => [l.id, values[`signs-${l.id}`] ?? ''])),
      cutOffs: Object.fromEntries(ins.levels.map((l) => [l.id, values[`cutOff-${l.id}`] ?? ''])),
      reviewDays: Object.fromEntries(ins.levels.map((l) => [l.id, values[`review-${l.id}`] ?? ''])),
      maxProtectiveReduction: values.maxProtectiveReduction ?? '',
    };
    return change(request, reply, 'scoring_changed', {}, (x) => setScoring(x, input), async (errors) => reply.code(400).page('risk/views/instrument-scoring.njk', scoringForm(draft, values, errors)));
  });
}

/** A level's recommended actions. */
function actionPages(app: FastifyInstance, { draftOr404, change }: DraftEditing) {
  const pages = app.withTypeProvider<ZodTypeProvider>();

  pages.get(`${DRAFT}/actions/:levelId`, { config: READ_INSTRUMENT, schema: { params: z.object({ levelId: z.string() }) } }, async (request, reply) => {
    const draft = await draftOr404(request);
    const levelId = request.params.levelId;
    const existing: ActionInput[] = (draft.instrument.actionsByLevel[levelId] ?? []).map((a) => ({ id: a.id, text: a.text, lead: a.lead ?? '', withinDays: a.withinDays ? String(a.withinDays) : '', remove: false }));
    const blank = Array.from({ length: NEW_ACTION_ROWS }, () => ({ id: '', text: '', lead: '', withinDays: '', remove: false }));
    return reply.page('risk/views/instrument-actions.njk', actionsForm(draft, levelId, [...existing, ...blank]));
  });

  pages.post(`${DRAFT}/actions/:levelId`, { config: CHANGE_DRAFT, schema: { params: z.object({ levelId: z.string() }), body: fieldsNamedByDraft } }, async (request, reply) => {
    const draft = await draftOr404(request);
    const levelId = request.params.levelId;
    if (!draft.instrument.levels.some((l) => l.id === levelId)) throw notFound();
    const body = request.body;
    const count = Math.min(200, Number.parseInt(textOf(body, 'rows'), 10) || 0);
    const rows: ActionInput[] = Array.from({ length: count }, (_, i) => ({
      id: textOf(body, `action-${i}-id`),
      text: textOf(body, `action-${i}-text`),
      lead: textOf(body, `action-${i}-lead`),
      withinDays: textOf(body, `action-${i}-withinDays`),
      remove: textOf(body, `action-${i}-remove`) === 'yes',
    }));
    return change(request, reply, 'actions_changed', { levelId }, (ins) => setActions(ins, levelId, rows), async (errors) => reply.code(400).page('risk/views/instrument-actions.njk', actionsForm(draft, levelId, rows, errors)));
  });
}

export default async function instrumentRoutes(app: FastifyInstance) {
  const editing = draftEditing(app);
  versionPages(app);
  draftPages(app, editing);
  indicatorPages(app, editing);
  scoringPages(app, editing);
  actionPages(app, editing);
}

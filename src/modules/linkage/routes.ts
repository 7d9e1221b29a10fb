/**
 * Coordinator pages: possible duplicates (with the engine's explanation of each pair), "not the
 * same person", merge with a confirmation page, and undo merge. Coordinators only: other roles get
 * 403 from the route's role check; records outside the coordinator's area are simply not found.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formErrors } from '../../platform/http/forms.ts';
import { form, formText, pageInQuery, queryText } from '../../platform/http/page-input.ts';
import { COORDINATOR_ROLES } from '../../platform/auth/roles.ts';
import { notFound } from '../../platform/http/errors.ts';
import { isUuid } from '../../platform/ids.ts';
import { formatDate } from '../../platform/views/filters.ts';
import { GENDERS, displayName, referenceFor, ageOn } from '../young-people/index.ts';
import { explainHeldPair, isMarkedNotSame, listKeptApart, listPossibleDuplicates, markNotSamePerson, visiblePair, DUPLICATES_PAGE_SIZE } from './duplicates.ts';
import type { PairExplanation } from './explain.ts';
import { FAMILY_LIKENESS_KEY } from './comparisons.ts';
import { countMovable, differencesNeedingReason, findMerge, mergeYoungPeople, recentMerges, undoMerge, aliasesToAdd } from './merge.ts';
import { bandTag, explanationRows, probabilityText, signed } from './presentation.ts';
import type { MatchablePerson } from './people.ts';
import { getAreaModel, type Thresholds } from './stored-model.ts';

const pairForm = form({ first: formText, second: formText });
const mergeAddress = z.object({ mergeId: z.string() });

const IDENTIFIER_LABELS: Record<string, string> = { nhs_number: 'NHS number', upn: 'Unique Pupil Number', local_authority_id: 'Local authority number' };

function personCard(person: MatchablePerson) {
  const name = displayName({ givenName: person.givenName, familyName: person.familyName, aliases: person.aliases, number: person.number ?? 0 });
  return {
    id: person.id,
    reference: referenceFor(person.number ?? 0),
    name,
    rows: [
      { key: { text: 'Other names' }, value: { text: person.aliases.join(', ') || 'None recorded' } },
      {
        key: { text: 'Date of birth' },
        value: { text: person.dateOfBirth ? `${formatDate(person.dateOfBirth)} (age ${ageOn(person.dateOfBirth, new Date())})` : person.estimatedAge !== null ? `About ${person.estimatedAge} when recorded` : 'Not known' },
      },
      { key: { text: 'Gender' }, value: { text: GENDERS.find((g) => g.value === person.gender)?.label ?? 'Not recorded' } },
      { key: { text: 'Postcode' }, value: { text: person.postcode ?? 'Not known' } },
      ...Object.entries(person.identifiers).map(([kind, value]) => ({ key: { text: IDENTIFIER_LABELS[kind] ?? kind }, value: { text: value } })),
    ],
  };
}

function pairView(a: MatchablePerson, b: MatchablePerson, scored: { matchProbability: number; matchWeight: number; explanation: PairExplanation }, thresholds: Thresholds) {
  return {
    a: personCard(a),
    b: personCard(b),
    probability: probabilityText(scored.matchProbability),
    tag: bandTag(scored.matchProbability, thresholds),
    rows: explanationRows(scored.explanation),
    prior: signed(scored.explanation.priorWeight),
    total: signed(scored.matchWeight),
    namesSwapped: scored.explanation.namesSwapped,
  };
}

const lower = (value: string) => value.trim().toLowerCase();

/** The family likeness of a pair in plain words, e.g. "Different first names … probably twins". */
function likenessText(explanation: PairExplanation): string {
  const level = explanation.fields.find((field) => field.key === FAMILY_LIKENESS_KEY)?.level ?? '';
  return level.charAt(0).toUpperCase() + level.slice(1);
}
const MAX_REASON_LENGTH = 1000;

export default async function linkageRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  pages.get('/young-people/duplicates', {
    config: { roles: COORDINATOR_ROLES, audit: { action: 'view', recordKind: 'possible_duplicates' } },
    schema: { querystring: z.object({ page: pageInQuery, done: queryText }) },
  }, async (request, reply) => {
    const user = request.user!;
    const query = request.query;
    const page = query.page;
    const { pairs, total, model, stillChecking } = await listPossibleDuplicates(db, user, page);
    const keptApart = page === 1 ? await listKeptApart(db, user, model) : [];
    request.noteAudit({ details: { page, total, pairs: pairs.map((pair) => [pair.a.id, pair.b.id]), keptApart: keptApart.map((pair) => [pair.a.id, pair.b.id]) } });
    const merges = await recentMerges(db, user.areaId, 10);
    const done = query.done === 'not-same' ? 'Those two records will not be suggested as the same young person again.' : query.done === 'undone' ? 'The merge was undone: the two records are separate again.' : null;
    return reply.page('linkage/views/duplicates.njk', {
      title: 'Possible duplicates',
      done,
      total,
      stillChecking,
      thresholds: { review: probabilityText(model.thresholds.review), autoSuggest: probabilityText(model.thresholds.autoSuggest) },
      trainedAt: model.trainedAt,
      pairs: pairs.map((pair) => pairView(pair.a, pair.b, pair, model.thresholds)),
      keptApart: keptApart.map((pair) => ({ ...pairView(pair.a, pair.b, pair, model.thresholds), likeness: likenessText(pair.explanation), caption: 'Why Lantern keeps these records apart' })),
      merges,
      previous: page > 1 ? { href: `?page=${page - 1}` } : null,
      next: page * DUPLICATES_PAGE_SIZE < total ? { href: `?page=${page + 1}` } : null,
    });
  });

  pages.post('/young-people/duplicates/not-same', {
    config: { roles: COORDINATOR_ROLES, audit: { action: 'create', recordKind: 'linkage_decision' } },
    schema: { body: pairForm },
  }, async (request, reply) => {
    const first = lower(request.body.first);
    const second = lower(request.body.second);
    if (!(await markNotSamePerson(db, request.ctx, request.user!, first, second))) throw notFound();
    return reply.redirect('/young-people/duplicates?done=not-same', 303);
  });

  async function mergeContext(request: { user: unknown }, first: MatchablePerson, second: MatchablePerson, values: { keep?: string; reason?: string }, errors?: Record<string, string>) {
    const user = request.user as { areaId: string };
    const model = await getAreaModel(db, user.areaId);
    const scored = explainHeldPair(model, first, second);
    const [firstMoves, secondMoves] = await Promise.all([countMovable(db, second.id, first.id), countMovable(db, first.id, second.id)]);
    const what = (moves: Awaited<ReturnType<typeof countMovable>>) =>
      moves.filter((m) => m.moving + m.staying > 0).map((m) => `${m.moving} ${m.moving === 1 ? m.table.singular : m.table.plural}${m.staying ? ` (${m.staying} already on the other record stay here)` : ''}`);
    const conflicts = Object.keys(first.identifiers)
      .filter((kind) => second.identifiers[kind] && second.identifiers[kind] !== first.identifiers[kind])
      .map((kind) => `${IDENTIFIER_LABELS[kind] ?? kind}: ${first.identifiers[kind]} and ${second.identifiers[kind]}`);
    const cardOf = (person: MatchablePerson) => personCard(person);
    const firstCard = cardOf(first);
    const secondCard = cardOf(second);
    const asRow = (p: MatchablePerson) => ({ givenName: p.givenName, familyName: p.familyName, aliases: p.aliases });
    return {
      title: 'Merge these records?',
      backLink: '/young-people/duplicates',
      pair: pairView(first, second, scored, model.thresholds),
      first: { ...firstCard, moves: what(firstMoves), aliases: aliasesToAdd(asRow(second), asRow(first)) },
      second: { ...secondCard, moves: what(secondMoves), aliases: aliasesToAdd(asRow(first), asRow(second)) },
      conflicts,
      notSame: await isMarkedNotSame(db, first.id, second.id),
      matchProbability: scored.matchProbability,
      keepItems: [firstCard, secondCard].map((card) => ({ value: card.id, text: `Keep ${card.reference} (${card.name})`, checked: values.keep === card.id })),
      differences: differencesNeedingReason(first, second),
      reason: values.reason ?? '',
      errors: errors ? formErrors(errors, ['keep', 'reason']) : null,
    };
  }

  pages.get('/young-people/merge', {
    config: { roles: COORDINATOR_ROLES, audit: { action: 'view', recordKind: 'young_person_merge_preview' } },
    schema: { querystring: z.object({ first: queryText, second: queryText }) },
  }, async (request, reply) => {
    const pair = await visiblePair(db, request.user!, lower(request.query.first), lower(request.query.second));
    if (!pair) throw notFound();
    request.noteAudit({ details: { youngPersonIds: pair.map((p) => p.id) } });
    return reply.page('linkage/views/merge.njk', await mergeContext(request, pair[0], pair[1], {}));
  });

  // The merge writes its rows against both records and the merge itself (merge.ts).
  pages.post('/young-people/merge', {
    config: { roles: COORDINATOR_ROLES, audit: { action: 'update', recordKind: 'young_person' } },
    schema: { body: form({ first: formText, second: formText, keep: formText, reason: formText }) },
  }, async (request, reply) => {
    const first = lower(request.body.first);
    const second = lower(request.body.second);
    const keep = lower(request.body.keep);
    const reason = request.body.reason.trim();
    const pair = await visiblePair(db, request.user!, first, second);
    if (!pair) throw notFound();
    const errors: Record<string, string> = {};
    if (keep !== first && keep !== second) errors.keep = 'Select which record to keep';
    const differences = differencesNeedingReason(pair[0], pair[1]);
    if (differences.length && !reason) errors.reason = `Enter why these records are the same young person although their ${differences.join(' and ')} differ`;
    else if (reason.length > MAX_REASON_LENGTH) errors.reason = `Reason must be ${MAX_REASON_LENGTH} characters or fewer`;
    if (Object.keys(errors).length) {
      return reply.code(400).page('linkage/views/merge.njk', await mergeContext(request, pair[0], pair[1], { keep, reason }, errors));
    }
    const model = await getAreaModel(db, request.user!.areaId);
    const probability = explainHeldPair(model, pair[0], pair[1]).matchProbability;
    const result = await mergeYoungPeople(db, request.ctx, request.user!, keep, keep === first ? second : first, probability, differences.length ? reason : null);
    if (!result.ok) return reply.code(409).page('linkage/views/merge.njk', await mergeContext(request, pair[0], pair[1], { keep, reason }, { keep: result.errors.merge ?? '' }));
    return reply.redirect(`/young-people/merges/${result.value.mergeId}`, 303);
  });

  async function mergePage(areaId: string, mergeId: string) {
    const merge = await findMerge(db, areaId, mergeId);
    if (!merge) throw notFound();
    return {
      title: merge.undoneAt ? `Merge M-${merge.number} (undone)` : `Merge M-${merge.number}`,
      merge,
      moved: merge.moved.filter((m) => m.count > 0).map((m) => `${m.count} ${m.label}`),
    };
  }

  pages.get('/young-people/merges/:mergeId', {
    config: { roles: COORDINATOR_ROLES, audit: { action: 'view', recordKind: 'young_person_merge', recordId: 'mergeId' } },
    schema: { params: mergeAddress },
  }, async (request, reply) => {
    const context = await mergePage(request.user!.areaId, request.params.mergeId);
    request.noteAudit({ recordId: context.merge.id });
    return reply.page('linkage/views/merged.njk', context);
  });

  pages.post('/young-people/merges/:mergeId/undo', {
    config: { roles: COORDINATOR_ROLES, audit: { action: 'update', recordKind: 'young_person_merge', recordId: 'mergeId' } },
    schema: { params: mergeAddress },
  }, async (request, reply) => {
    const mergeId = request.params.mergeId.toLowerCase();
    if (!isUuid(mergeId)) throw notFound();
    const result = await undoMerge(db, request.ctx, request.user!, mergeId);
    if (!result.ok) {
      const context = await mergePage(request.user!.areaId, mergeId);
      return reply.code(409).page('linkage/views/merged.njk', { ...context, errors: formErrors({ undo: result.errors.merge ?? '' }) });
    }
    return reply.redirect('/young-people/duplicates?done=undone', 303);
  });
}

import type { FieldErrors } from '../../../platform/http/forms.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { form, formText, queryText, recordAddress } from '../../../platform/http/page-input.ts';
import { INTELLIGENCE_ROLES } from '../../../platform/auth/roles.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { isUuid } from '../../../platform/ids.ts';
import { adultMergePreview, mergeAdults, undoAdultMerge } from '../adult-merge.ts';
import { markNotSamePerson, possibleDuplicateAdults } from '../duplicates.ts';
import { findVisibleAdult, type AdultRow } from '../records.ts';
import { adultReference } from '../vocab.ts';
import { adultSummary, errorsOf } from './shared.ts';

/** Possible duplicate adults, merging two records of one adult, and undoing a merge. */
export default async function duplicateRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  pages.get('/intelligence/duplicates', { config: { roles: INTELLIGENCE_ROLES, audit: { action: 'view', recordKind: 'adult_duplicates' } }, schema: { querystring: z.object({ done: queryText }) } }, async (request, reply) => {
    const pairs = await possibleDuplicateAdults(db, request.user!);
    request.noteAudit({ details: { pairs: pairs.map((p) => [p.a.id, p.b.id]) } });
    return reply.page('intelligence/views/duplicates.njk', {
      title: 'Possible duplicate adults',
      backLink: '/intelligence',
      flash: request.query.done === 'not-same' ? 'Noted: they will not be suggested as the same person again.' : undefined,
      pairs,
    });
  });

  pages.post('/intelligence/duplicates/not-same', { config: { roles: INTELLIGENCE_ROLES, audit: { action: 'create', recordKind: 'adult_duplicate_decision' } }, schema: { body: form({ adultId: formText, otherAdultId: formText }) } }, async (request, reply) => {
    const done = await markNotSamePerson(db, request.ctx, request.user!, request.body.adultId, request.body.otherAdultId);
    if (!done) throw notFound();
    return reply.redirect('/intelligence/duplicates?done=not-same', 303);
  });

  async function mergeContext(request: FastifyRequest, ids: [string, string], values: Record<string, unknown>, errors?: FieldErrors) {
    const pair = await Promise.all(ids.map((id) => findVisibleAdult(db, request.user!, id)));
    if (pair.some((a) => !a || a.mergedIntoId) || ids[0] === ids[1]) throw notFound();
    const [a, b] = pair as AdultRow[];
    const [fromA, fromB] = await Promise.all([adultMergePreview(db, b!.id, a!.id), adultMergePreview(db, a!.id, b!.id)]);
    const describe = (adult: AdultRow, moving: Array<{ label: string; count: number }>) => ({
      id: adult.id,
      reference: adultReference(adult.number),
      name: adult.name,
      summary: adultSummary(adult, true),
      holds: moving.filter((m) => m.count).map((m) => `${m.label.replace(/^./, (c) => c.toUpperCase())}: ${m.count}`).join('; ') || 'Nothing else recorded',
    });
    return {
      title: 'Merge two records of one adult',
      backLink: '/intelligence/duplicates',
      a: describe(a!, fromA),
      b: describe(b!, fromB),
      keepItems: [a!, b!].map((adult) => ({ value: adult.id, text: `Keep ${adult.name} (${adultReference(adult.number)})`, checked: values.keep === adult.id })),
      errors: errorsOf(errors, ['keep']),
    };
  }

  pages.get('/intelligence/duplicates/merge', { config: { roles: INTELLIGENCE_ROLES, audit: { action: 'view', recordKind: 'adult_of_concern', details: { purpose: 'merge' } } }, schema: { querystring: z.object({ a: queryText, b: queryText }) } }, async (request, reply) => {
    const q = request.query;
    if (!isUuid(q.a) || !isUuid(q.b)) throw notFound();
    const context = await mergeContext(request, [q.a, q.b], {});
    request.noteAudit({ recordId: q.a, details: { otherAdultId: q.b } });
    return reply.page('intelligence/views/merge.njk', context);
  });

  pages.post('/intelligence/duplicates/merge', { config: { roles: INTELLIGENCE_ROLES, audit: { action: 'update', recordKind: 'adult_of_concern' } }, schema: { body: form({ a: formText, b: formText, keep: formText }) } }, async (request, reply) => {
    const body = request.body;
    const { a, b, keep } = body;
    if (!isUuid(a) || !isUuid(b)) throw notFound();
    if (keep !== a && keep !== b) return reply.code(400).page('intelligence/views/merge.njk', await mergeContext(request, [a, b], body, { keep: 'Choose which record to keep' }));
    const absorbed = keep === a ? b : a;
    const result = await mergeAdults(db, request.ctx, request.user!, keep, absorbed);
    if (!result.ok) return reply.code(400).page('intelligence/views/merge.njk', await mergeContext(request, [a, b], body, { keep: result.errors.merge ?? '' }));
    return reply.redirect(`/intelligence/adults/${keep}?done=merged#merges`, 303);
  });

  pages.post('/intelligence/adult-merges/:id/undo', { config: { roles: INTELLIGENCE_ROLES, audit: { action: 'update', recordKind: 'adult_merge', recordId: 'id' } }, schema: { params: recordAddress } }, async (request, reply) => {
    const result = await undoAdultMerge(db, request.ctx, request.user!, request.params.id);
    if (!result.ok) throw notFound();
    return reply.redirect(`/intelligence/adults/${result.value.survivingId}?done=unmerged`, 303);
  });
}

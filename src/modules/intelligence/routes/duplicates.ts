import type { FastifyInstance, FastifyRequest } from 'fastify';
import { INTELLIGENCE_ROLES } from '../../../platform/auth/roles.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { isUuid } from '../../../platform/ids.ts';
import { adultMergePreview, mergeAdults, undoAdultMerge } from '../adult-merge.ts';
import { markNotSamePerson, possibleDuplicateAdults } from '../duplicates.ts';
import { findVisibleAdult, type AdultRow, type Errors } from '../records.ts';
import { adultReference } from '../vocab.ts';
import { adultSummary, errorsOf } from './shared.ts';

/** Possible duplicate adults, merging two records of one adult, and undoing a merge. */
export default async function duplicateRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;

  app.get('/intelligence/duplicates', { config: { roles: INTELLIGENCE_ROLES, audit: { action: 'view', recordKind: 'adult_duplicates' } } }, async (request, reply) => {
    const pairs = await possibleDuplicateAdults(db, request.user!);
    request.noteAudit({ details: { pairs: pairs.map((p) => [p.a.id, p.b.id]) } });
    return reply.page('intelligence/views/duplicates.njk', {
      title: 'Possible duplicate adults',
      backLink: '/intelligence',
      flash: (request.query as Record<string, string>).done === 'not-same' ? 'Noted: they will not be suggested as the same person again.' : undefined,
      pairs,
    });
  });

  app.post('/intelligence/duplicates/not-same', { config: { roles: INTELLIGENCE_ROLES, audit: { action: 'create', recordKind: 'adult_duplicate_decision' } } }, async (request, reply) => {
    const body = request.body as Record<string, unknown>;
    const done = await markNotSamePerson(db, request.ctx, request.user!, String(body.adultId ?? ''), String(body.otherAdultId ?? ''));
    if (!done) throw notFound();
    return reply.redirect('/intelligence/duplicates?done=not-same', 303);
  });

  async function mergeContext(request: FastifyRequest, ids: [string, string], values: Record<string, unknown>, errors?: Errors) {
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

  app.get('/intelligence/duplicates/merge', { config: { roles: INTELLIGENCE_ROLES, audit: { action: 'view', recordKind: 'adult_of_concern', details: { purpose: 'merge' } } } }, async (request, reply) => {
    const q = request.query as Record<string, string | undefined>;
    if (!isUuid(q.a) || !isUuid(q.b)) throw notFound();
    const context = await mergeContext(request, [q.a!, q.b!], {});
    request.noteAudit({ recordId: q.a, details: { otherAdultId: q.b } });
    return reply.page('intelligence/views/merge.njk', context);
  });

  app.post('/intelligence/duplicates/merge', { config: { roles: INTELLIGENCE_ROLES, audit: { action: 'update', recordKind: 'adult_of_concern' } } }, async (request, reply) => {
    const body = request.body as Record<string, unknown>;
    const [a, b, keep] = ['a', 'b', 'keep'].map((k) => (typeof body[k] === 'string' ? (body[k] as string) : ''));
    if (!isUuid(a) || !isUuid(b)) throw notFound();
    if (keep !== a && keep !== b) return reply.code(400).page('intelligence/views/merge.njk', await mergeContext(request, [a!, b!], body, { keep: 'Choose which record to keep' }));
    const absorbed = keep === a ? b! : a!;
    const result = await mergeAdults(db, request.ctx, request.user!, keep, absorbed);
    if (!result.ok) return reply.code(400).page('intelligence/views/merge.njk', await mergeContext(request, [a!, b!], body, { keep: result.error }));
    return reply.redirect(`/intelligence/adults/${keep}?done=merged#merges`, 303);
  });

  app.post('/intelligence/adult-merges/:id/undo', { config: { roles: INTELLIGENCE_ROLES, audit: { action: 'update', recordKind: 'adult_merge', recordId: 'id' } } }, async (request, reply) => {
    const result = await undoAdultMerge(db, request.ctx, request.user!, (request.params as { id: string }).id);
    if (!result.ok) throw notFound();
    return reply.redirect(`/intelligence/adults/${result.survivingId}?done=unmerged`, 303);
  });
}

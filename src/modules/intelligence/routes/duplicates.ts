import type { FastifyInstance, FastifyRequest } from 'fastify';
import { auditRead } from '../../../platform/audit/audit.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { isUuid } from '../../../platform/ids.ts';
import { adultMergePreview, mergeAdults, undoAdultMerge } from '../adult-merge.ts';
import { markNotSamePerson, possibleDuplicateAdults } from '../duplicates.ts';
import { findVisibleAdult, type AdultRow, type Errors } from '../records.ts';
import { adultReference } from '../vocab.ts';
import { OFFICERS, adultSummary, errorsOf } from './shared.ts';

/** Possible duplicate adults, merging two records of one adult, and undoing a merge. */
export default async function duplicateRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;

  app.get('/intelligence/duplicates', { config: OFFICERS }, async (request, reply) => {
    const pairs = await possibleDuplicateAdults(db, request.user!);
    await auditRead(db, request.ctx, { action: 'view', recordKind: 'adult_duplicates', details: { pairs: pairs.map((p) => [p.a.id, p.b.id]) } });
    return reply.page('intelligence/views/duplicates.njk', {
      title: 'Possible duplicate adults',
      backLink: '/intelligence',
      flash: (request.query as Record<string, string>).done === 'not-same' ? 'Noted: they will not be suggested as the same person again.' : undefined,
      pairs,
    });
  });

  app.post('/intelligence/duplicates/not-same', { config: OFFICERS }, async (request, reply) => {
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

  app.get('/intelligence/duplicates/merge', { config: OFFICERS }, async (request, reply) => {
    const q = request.query as Record<string, string | undefined>;
    if (!isUuid(q.a) || !isUuid(q.b)) throw notFound();
    await auditRead(db, request.ctx, { action: 'view', recordKind: 'adult_of_concern', recordId: q.a, details: { purpose: 'merge', otherAdultId: q.b } });
    return reply.page('intelligence/views/merge.njk', await mergeContext(request, [q.a!, q.b!], {}));
  });

  app.post('/intelligence/duplicates/merge', { config: OFFICERS }, async (request, reply) => {
    const body = request.body as Record<string, unknown>;
    const [a, b, keep] = ['a', 'b', 'keep'].map((k) => (typeof body[k] === 'string' ? (body[k] as string) : ''));
    if (!isUuid(a) || !isUuid(b)) throw notFound();
    if (keep !== a && keep !== b) return reply.code(400).page('intelligence/views/merge.njk', await mergeContext(request, [a!, b!], body, { keep: 'Choose which record to keep' }));
    const absorbed = keep === a ? b! : a!;
    const result = await mergeAdults(db, request.ctx, request.user!, keep, absorbed);
    if (!result.ok) return reply.code(400).page('intelligence/views/merge.njk', await mergeContext(request, [a!, b!], body, { keep: result.error }));
    return reply.redirect(`/intelligence/adults/${keep}?done=merged#merges`, 303);
  });

  app.post('/intelligence/adult-merges/:id/undo', { config: OFFICERS }, async (request, reply) => {
    const result = await undoAdultMerge(db, request.ctx, request.user!, (request.params as { id: string }).id);
    if (!result.ok) throw notFound();
    return reply.redirect(`/intelligence/adults/${result.survivingId}?done=unmerged`, 303);
  });
}

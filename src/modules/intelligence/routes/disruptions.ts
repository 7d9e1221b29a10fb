import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { form, formText, queryText, recordAddress } from '../../../platform/http/page-input.ts';
import { CASEWORK_ROLES, INTELLIGENCE_ROLES } from '../../../platform/auth/roles.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { isOneOf, type FieldErrors } from '../../../platform/http/forms.ts';
import { isUuid } from '../../../platform/ids.ts';
import type { SignedInUser } from '../../../platform/auth/users.ts';
import { disruptionWithSubjects, disruptionsFor, readDisruption, recordDisruption } from '../disruptions.ts';
import { recordsIntelligence, seesFullIntelligence } from '../policy.ts';
import { DISRUPTION_KINDS, DISRUPTION_OUTCOMES, disruptionReference, label } from '../vocab.ts';
import { dateFields, errorsOf, options, presetSubjects, subjectFields, subjectItems, subjectsFromForm, subjectsInQuery } from './shared.ts';

const disruptionForm = form({
  kind: formText,
  ...dateFields('occurredOn'),
  details: formText,
  outcome: formText,
  outcomeReason: formText,
  supportGiven: formText,
  followsId: formText,
  ...subjectFields,
});
const DISRUPTION_FIELDS = ['kind', 'occurredOn', 'subjects', 'followsId', 'details', 'outcome', 'outcomeReason', 'supportGiven'];

/** The disruption and prosecution log: recording a step and its page. */
export default async function disruptionRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  async function disruptionContext(user: SignedInUser, values: Record<string, unknown>, errors?: FieldErrors) {
    const steps = await disruptionsFor(db, user, null, 200);
    return {
      title: `Record disruption or prosecution`,
      backLink: '/intelligence',
      values,
      kindItems: options(DISRUPTION_KINDS, values.kind),
      outcomeItems: options(DISRUPTION_OUTCOMES, values.outcome),
      followsItems: [{ value: '', text: 'None' }, ...steps.map((d) => ({ value: d.id, text: `${disruptionReference(d.number)}: ${label(DISRUPTION_KINDS, d.kind)}, ${d.occurredOn}`, selected: values.followsId === d.id }))],
      ...(await subjectItems(db, user, values)),
      errors: errorsOf(errors, DISRUPTION_FIELDS),
    };
  }

  // The form lists the young people, adults and places of the area as possible subjects.
  pages.get('/intelligence/disruptions/new', { config: { roles: INTELLIGENCE_ROLES, audit: { action: 'view', recordKind: 'disruption', details: { purpose: 'new' } } }, schema: { querystring: z.object({ ...subjectsInQuery, follows: queryText, kind: queryText }) } }, async (request, reply) => {
    const q = request.query;
    return reply.page('intelligence/views/disruption-form.njk', await disruptionContext(request.user!, { ...presetSubjects(q), ...(isUuid(q.follows) ? { followsId: q.follows } : {}), ...(isOneOf(DISRUPTION_KINDS, q.kind) ? { kind: q.kind } : {}) }));
  });

  pages.post('/intelligence/disruptions', { config: { roles: INTELLIGENCE_ROLES, audit: { action: 'create', recordKind: 'disruption' } }, schema: { body: disruptionForm } }, async (request, reply) => {
    const body = request.body;
    const { input, errors } = readDisruption({ ...body, subjects: subjectsFromForm(body) });
    if (!input) return reply.code(400).page('intelligence/views/disruption-form.njk', await disruptionContext(request.user!, body, errors));
    const result = await recordDisruption(db, request.ctx, request.user!, input);
    if (!result.ok) return reply.code(400).page('intelligence/views/disruption-form.njk', await disruptionContext(request.user!, body, result.errors));
    return reply.redirect(`/intelligence/disruptions/${result.value.id}?done=recorded`, 303);
  });

  pages.get('/intelligence/disruptions/:id', { config: { roles: CASEWORK_ROLES, audit: { action: 'view', recordKind: 'disruption', recordId: 'id' } }, schema: { params: recordAddress, querystring: z.object({ done: queryText }) } }, async (request, reply) => {
    const user = request.user!;
    const found = await disruptionWithSubjects(db, user, request.params.id);
    if (!found) throw notFound();
    const { step, subjects } = found;
    const visibleSubjects = subjects.filter((s) => s.visible);
    const early = subjects.filter((s) => s.kind === 'adult' && s.known_since && s.known_since > step.occurred_on);
    const reference = disruptionReference(Number(step.number));
    return reply.page('intelligence/views/disruption.njk', {
      title: `${reference}: ${label(DISRUPTION_KINDS, step.kind)}`,
      backLink: seesFullIntelligence(user) ? '/intelligence' : undefined,
      flash: request.query.done === 'recorded' ? 'The step has been recorded and added to the chronology of each young person it concerns.' : undefined,
      reference,
      step,
      kindLabel: label(DISRUPTION_KINDS, step.kind),
      outcomeLabel: step.outcome ? label(DISRUPTION_OUTCOMES, step.outcome) : null,
      followsReference: step.follows_number ? disruptionReference(Number(step.follows_number)) : null,
      subjects: visibleSubjects,
      warnings: early.map((s) => `This is dated before ${s.label} was known to the partnership (known since ${s.known_since}). It has been kept; check the date is right.`),
      canRecord: recordsIntelligence(user),
      isNotice: step.kind === 'cawn_issued' || step.kind === 'cawn_served',
    });
  });
}

import type { FieldErrors } from '../../../platform/http/forms.ts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { form, formText } from '../../../platform/http/page-input.ts';
import { INTELLIGENCE_ROLES } from '../../../platform/auth/roles.ts';
import type { SignedInUser } from '../../../platform/auth/users.ts';
import { readEntry, recordEntry } from '../entries.ts';
import { HANDLING_CODES, INTELLIGENCE_GRADES, SOURCE_GRADES, SOURCE_KINDS } from '../vocab.ts';
import { dateFields, errorsOf, options, presetSubjects, subjectFields, subjectItems, subjectsFromForm, subjectsInQuery } from './shared.ts';

const ENTRY_FIELDS = ['text', 'sourceKind', 'receivedOn', 'sourceGrade', 'intelligenceGrade', 'handling', 'sanitisedText', 'handlingConditions', 'subjects'];
const entryForm = form({
  text: formText,
  sourceKind: formText,
  ...dateFields('receivedOn'),
  sourceGrade: formText,
  intelligenceGrade: formText,
  handling: formText,
  sanitisedText: formText,
  handlingConditions: formText,
  ...subjectFields,
});
const graded = (codes: Record<string, string>) => Object.fromEntries(Object.entries(codes).map(([k, v]) => [k, `${k}: ${v}`]));

/** Recording graded intelligence about adults, places and young people. */
export default async function entryRoutes(app: FastifyInstance) {
  const { db } = app.lantern.database;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  async function entryContext(user: SignedInUser, values: Record<string, unknown>, errors?: FieldErrors) {
    return {
      title: `Record intelligence`,
      backLink: '/intelligence',
      values,
      sourceKindItems: [{ value: '', text: 'Choose a kind of source' }, ...options(SOURCE_KINDS, values.sourceKind)],
      sourceGradeItems: options(graded(SOURCE_GRADES), values.sourceGrade),
      intelligenceGradeItems: options(graded(INTELLIGENCE_GRADES), values.intelligenceGrade),
      handlingItems: options(graded(HANDLING_CODES), values.handling),
      ...(await subjectItems(db, user, values)),
      errors: errorsOf(errors, ENTRY_FIELDS),
    };
  }

  // The form lists the young people, adults and places of the area as possible subjects.
  pages.get('/intelligence/entries/new', { config: { roles: INTELLIGENCE_ROLES, audit: { action: 'view', recordKind: 'intelligence_entry', details: { purpose: 'new' } } }, schema: { querystring: z.object(subjectsInQuery) } }, async (request, reply) =>
    reply.page('intelligence/views/entry-form.njk', await entryContext(request.user!, presetSubjects(request.query))),
  );

  pages.post('/intelligence/entries', { config: { roles: INTELLIGENCE_ROLES, audit: { action: 'create', recordKind: 'intelligence_entry' } }, schema: { body: entryForm } }, async (request, reply) => {
    const body = request.body;
    const { input, errors } = readEntry({ ...body, subjects: subjectsFromForm(body) });
    if (errors.subjects) errors.subjects = errors.subjects.replace('from the list', 'from the lists');
    if (!input) return reply.code(400).page('intelligence/views/entry-form.njk', await entryContext(request.user!, body, errors));
    const result = await recordEntry(db, request.ctx, request.user!, input);
    if (!result.ok) return reply.code(400).page('intelligence/views/entry-form.njk', await entryContext(request.user!, body, result.errors));
    const first = input.subjects.find((s) => s.kind !== 'young_person');
    return reply.redirect(first ? `/intelligence/${first.kind === 'adult' ? 'adults' : 'places'}/${first.id}?done=entry#intelligence` : '/intelligence?done=entry', 303);
  });
}

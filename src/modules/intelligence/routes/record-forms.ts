import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { RequestContext } from '../../../platform/audit/audit.ts';
import type { SignedInUser } from '../../../platform/auth/users.ts';
import { INTELLIGENCE_ROLES } from '../../../platform/auth/roles.ts';
import type { Db } from '../../../platform/db/database.ts';
import type { FieldErrors } from '../../../platform/http/forms.ts';
import { recordAddress } from '../../../platform/http/page-input.ts';
import { refusalPage } from '../../../platform/http/refusals.ts';
import type { Outcome } from '../../../platform/outcome.ts';

/** What adding and changing an adult differ in from adding and changing a place. */
export interface RecordForm<Row extends { id: string }, Input extends { identifiers: unknown[] }> {
  /** The records' address under /intelligence, e.g. "adults". */
  path: string;
  recordKind: 'adult_of_concern' | 'place_of_concern';
  template: string;
  body: z.ZodObject<z.ZodRawShape>;
  /** The form's page: for adding, or for changing `editing`. */
  context: (values: Record<string, unknown>, errors?: FieldErrors, editing?: Row) => Record<string, unknown>;
  read: (body: Record<string, unknown>) => { input: Input | null; errors: FieldErrors };
  load: (db: Db, user: SignedInUser, id: string) => Promise<Row>;
  valuesOf: (row: Row) => Record<string, string>;
  create: (db: Db, ctx: RequestContext, user: SignedInUser, input: Input) => Promise<Outcome<{ id: string }>>;
  update: (db: Db, ctx: RequestContext, user: SignedInUser, row: Row, input: Input) => Promise<Outcome<{ changed: string[] }>>;
}

/** The headings, address and links of the add or change form of an adult or a place. */
export function recordFormPage(path: string, adding: { title: string; submitText: string }, editing?: { id: string; name: string; reference: string }) {
  return {
    title: editing ? `Change the details of ${editing.name}` : adding.title,
    heading: editing ? `Change the details of ${editing.name} (${editing.reference})` : adding.title,
    action: editing ? `/intelligence/${path}/${editing.id}/edit` : `/intelligence/${path}`,
    submitText: editing ? 'Save changes' : adding.submitText,
    editing: Boolean(editing),
    backLink: editing ? `/intelligence/${path}/${editing.id}` : '/intelligence',
  };
}

/**
 * The add and change pages of an adult or a place: the empty form, creating, the form filled in
 * with the record, and saving changes (only identifiers typed count as a change when no field did).
 */
export function recordFormRoutes<Row extends { id: string }, Input extends { identifiers: unknown[] }>(app: FastifyInstance, spec: RecordForm<Row, Input>) {
  const { db } = app.lantern.database;
  const pages = app.withTypeProvider<ZodTypeProvider>();
  const base = `/intelligence/${spec.path}`;

  pages.get(`${base}/new`, { config: { roles: INTELLIGENCE_ROLES, audit: { none: 'an empty form: nothing recorded is shown' } } }, async (_request, reply) => reply.page(spec.template, spec.context({})));

  pages.post(base, { config: { roles: INTELLIGENCE_ROLES, audit: { action: 'create', recordKind: spec.recordKind } }, schema: { body: spec.body } }, async (request, reply) => {
    const body = request.body;
    const { input, errors } = spec.read(body);
    if (!input) return reply.code(400).page(spec.template, spec.context(body, errors));
    const result = await spec.create(db, request.ctx, request.user!, input);
    if (!result.ok) return refusalPage(result, (status, errors) => reply.code(status).page(spec.template, spec.context(body, errors)));
    return reply.redirect(`${base}/${result.value.id}?done=created`, 303);
  });

  pages.get(`${base}/:id/edit`, { config: { roles: INTELLIGENCE_ROLES, audit: { action: 'view', recordKind: spec.recordKind, recordId: 'id', details: { purpose: 'edit' } } }, schema: { params: recordAddress } }, async (request, reply) => {
    const row = await spec.load(db, request.user!, request.params.id);
    return reply.page(spec.template, spec.context(spec.valuesOf(row), undefined, row));
  });

  pages.post(`${base}/:id/edit`, { config: { roles: INTELLIGENCE_ROLES, audit: { action: 'update', recordKind: spec.recordKind, recordId: 'id' } }, schema: { params: recordAddress, body: spec.body } }, async (request, reply) => {
    const row = await spec.load(db, request.user!, request.params.id);
    const body = request.body;
    const { input, errors } = spec.read(body);
    if (!input) return reply.code(400).page(spec.template, spec.context(body, errors, row));
    const result = await spec.update(db, request.ctx, request.user!, row, input);
    if (!result.ok) return refusalPage(result, (status, errors) => reply.code(status).page(spec.template, spec.context(body, errors, row)));
    return reply.redirect(`${base}/${row.id}?done=${result.value.changed.length || input.identifiers.length ? 'edited' : 'unchanged'}`, 303);
  });
}

/**
 * What a page route reads from the address and the form, as Zod schemas in the route's `schema`,
 * the same way the API declares its input (decision record 0014). Fastify validates before the
 * handler runs, so handlers read typed values and never cast `request.body`.
 *
 *   const pages = app.withTypeProvider<ZodTypeProvider>();
 *   pages.post('/young-people/:id/details', {
 *     config: { roles: CASEWORK_ROLES, audit: { action: 'update', recordKind: 'young_person', recordId: 'id' } },
 *     schema: { params: recordAddress, body: form({ firstName: formText, aliases: formChoices }) },
 *   }, async (request, reply) => { request.body.firstName … });
 *
 * These schemas check the shape only (a text field is one string, a checkbox group a list). Whether
 * a value is acceptable (a real date, a known agency) is the domain's rule, checked in the handler,
 * so the form can be shown again with GOV.UK error messages beside the fields. A request whose
 * shape is wrong did not come from Lantern's own form; it gets the generic "there is a problem" page.
 */
import { z } from 'zod';
import { pageNumber } from './paging.ts';

/** A text field as typed, without surrounding spaces; '' when the form did not send it. */
export const formText = z.string().trim().default('');

/** A checkbox group or repeated field: always a list, without empty entries. */
export const formChoices = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (value === undefined ? [] : [value].flat().filter((entry) => entry !== '')));

/**
 * A field of a form whose names come from data, not code (a risk assessment's questions are the
 * area's instrument's), read as trimmed text: `form({ … }).catchall(fieldNamedByData)`. A field sent
 * twice reads as '', so the handler asks for it again with its message rather than refusing the form.
 */
export const fieldNamedByData = z.unknown().transform((raw) => (typeof raw === 'string' ? raw.trim() : ''));

/**
 * What a form of text fields gives the handler once its schema has read it: each field as trimmed
 * text. Typed by name lookup, so a field the schema does not list reads as undefined.
 */
export type TextFields = Readonly<Record<string, string | undefined>>;

/** A form's fields. Fields not named here (the CSRF token, a button's name) are dropped, not refused. */
export function form<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.object(shape);
}

/** An address naming one record by its id. The handler decides whether it exists and may be seen (404). */
export const recordAddress = z.object({ id: z.string() });

/** A paged list's `?page=`, read leniently (paging.ts): a mistyped page number shows a page, not an error. */
// `.optional()` before the transform: in an object, Zod 4 otherwise requires the key to be present.
export const pageInQuery = z.unknown().optional().transform((raw) => pageNumber(raw));

/** An optional query value as text ('' when absent or repeated). Filters read leniently: a bad value shows everything. */
export const queryText = z
  .unknown()
  .optional()
  .transform((raw) => (typeof raw === 'string' ? raw.trim() : ''));

/**
 * The one way a command's refusal (a Failure from platform/outcome.ts) reaches a person: as a page
 * (the 404 page, or the form again with its messages) or, from the JSON API, as a problem response.
 */
import type { FastifyReply } from 'fastify';
import { FAILURE_STATUS, type Failure } from '../outcome.ts';
import { notFound } from './errors.ts';
import type { FieldErrors } from './forms.ts';
import { problem } from './problem.ts';

/**
 * A refusal on a page. What cannot be found (or may not be seen) is the 404 page, so a page never
 * says whether a record it hides exists. Anything else shows the form again with the messages
 * beside the fields: 403 when the person may not do it, otherwise 400 (a conflict is something
 * to correct on the form, like any other message).
 */
export function refusalPage<R>(failure: Failure, rerender: (status: 400 | 403, errors: FieldErrors) => R): R {
  if (failure.kind === 'not_found') throw notFound();
  return rerender(failure.kind === 'forbidden' ? 403 : 400, failure.errors);
}

const TITLES = { forbidden: 'Forbidden', not_found: 'Not found', conflict: 'Conflict' } as const;
const FALLBACK_DETAIL = { forbidden: 'Not allowed.', not_found: 'Not found.', conflict: 'This conflicts with what is on file; nothing was stored.' } as const;

/**
 * A command's refusal as a problem response. The first message becomes the detail; the field
 * messages go with invalid input and conflicts so a client can show them beside its own fields.
 * `what` names the thing sent, for the title of a refusal of invalid input: "Invalid referral".
 */
export function sendFailure(reply: FastifyReply, failure: Failure, what: string) {
  const status = FAILURE_STATUS[failure.kind];
  const first = Object.values(failure.errors)[0];
  if (failure.kind === 'invalid') return problem(reply, status, `Invalid ${what}`, `${first ?? 'Some fields are not valid'}. Nothing was stored.`, { errors: failure.errors });
  return problem(reply, status, TITLES[failure.kind], first ?? FALLBACK_DETAIL[failure.kind], failure.kind === 'conflict' ? { errors: failure.errors } : {});
}

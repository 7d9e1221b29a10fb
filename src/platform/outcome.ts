/**
 * What a command gives back: its value, or why it refused. Every module's services answer this
 * way, so pages and the API turn a refusal into a response one way (platform/http/problem.ts for
 * the API; the page re-renders its form or shows the error page).
 */
import type { FieldErrors } from './http/forms.ts';

/**
 * Why a command refused: the input is wrong (`invalid`, the form again with messages), the person
 * may not do it (`forbidden`), the record is not there or not theirs to see (`not_found`), or it
 * clashes with what is on file now (`conflict`, e.g. someone else got there first).
 */
export type FailureKind = 'invalid' | 'forbidden' | 'not_found' | 'conflict';

/** One message about the input: `path` names the field or part it is about ('' for the whole). */
export interface Problem {
  path: string;
  message: string;
}

/**
 * A refusal. `errors` holds the messages by field; a refusal about no one field may leave it empty.
 * A command that checks a whole document or form at once (a risk instrument, an assessment, a set
 * of returns) names the shape of its messages as `P` and also gives `problems`: every message in
 * the order found, since several may be about the same field and `errors` keeps one a field.
 */
export type Failure<K extends FailureKind = FailureKind, P extends { message: string } = never> = {
  ok: false;
  kind: K;
  errors: FieldErrors;
} & ([P] extends [never] ? unknown : { problems: P[] });

/**
 * `K` narrows the kinds of refusal a command can give, e.g. `Outcome<User, 'invalid'>`; `P`, when
 * given, is the shape of the `problems` its refusals list, e.g. `Outcome<Report, 'invalid', Problem>`.
 */
export type Outcome<T = undefined, K extends FailureKind = FailureKind, P extends { message: string } = never> = { ok: true; value: T } | Failure<K, P>;

export function succeed(): { ok: true; value: undefined };
export function succeed<T>(value: T): { ok: true; value: T };
export function succeed<T>(value?: T): { ok: true; value: T | undefined } {
  return { ok: true, value };
}

export function fail<K extends FailureKind>(kind: K, errors: FieldErrors = {}): Failure<K> {
  return { ok: false, kind, errors };
}

/** A refusal with every problem kept in order; `errors` holds the first message for each named path. */
export function failWithProblems<K extends FailureKind, P extends { message: string; path?: string }>(kind: K, problems: P[]): Failure<K, P> {
  const errors: FieldErrors = {};
  for (const problem of problems) if (problem.path && !Object.hasOwn(errors, problem.path)) errors[problem.path] = problem.message;
  return { ok: false, kind, errors, problems } as Failure<K, P>;
}

/**
 * What a command that creates something stored. `created` is false when a repeated submission (the
 * same submission key or external reference) found what the first one stored, so the API answers
 * 200 rather than 201 and nothing is stored twice.
 */
export type Saved<T> = T & { created: boolean };

/** The HTTP status each kind of refusal is answered with. */
export const FAILURE_STATUS: Record<FailureKind, 400 | 403 | 404 | 409> = { invalid: 400, forbidden: 403, not_found: 404, conflict: 409 };

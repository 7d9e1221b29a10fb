import type { z } from 'zod';
import type { FieldErrors } from '../../platform/http/forms.ts';

/** A failed parse as messages by field (the first for each), for a form whose fields are the schema's keys. */
export function fieldErrorsFrom(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) errors[String(issue.path[0] ?? 'details')] ??= issue.message;
  return errors;
}

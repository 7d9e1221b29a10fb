/** What is wrong with a form: a message for each field, worded for the person filling it in. */
export type FieldErrors = Record<string, string>;

/** GOV.UK error summary and per-field messages from a map of field → message, in page order. */
export interface FormErrors {
  summary: { text: string; href: string }[];
  fields: Record<string, { text: string }>;
}

export function formErrors(errors: FieldErrors, fieldOrder: readonly string[] = []): FormErrors | null {
  const keys = Object.keys(errors);
  if (keys.length === 0) return null;
  const ordered = [...new Set([...fieldOrder.filter((k) => Object.hasOwn(errors, k)), ...keys])];
  return {
    summary: ordered.map((key) => ({ text: errors[key]!, href: `#${key}` })),
    fields: Object.fromEntries(ordered.map((key) => [key, { text: errors[key]! }])),
  };
}

export const MAX_FREE_TEXT = 20_000;

/**
 * Whether `value` is one of the choices `options` defines itself. `value in options` is not enough:
 * it also accepts names every object inherits, such as `constructor` or `toString`.
 */
export function isOneOf<T extends object>(options: T, value: unknown): value is keyof T & string {
  return typeof value === 'string' && Object.hasOwn(options, value);
}

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

/** A form field as a trimmed string; anything else (a repeated field, a missing one) becomes ''. */
export function field(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.trim() : '';
}

/** A checkbox group: always a list of strings. */
export function fieldList(body: unknown, name: string): string[] {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v !== '');
  return [];
}

export const MAX_FREE_TEXT = 20_000;

/**
 * Whether `value` is one of the choices `options` defines itself. `value in options` is not enough:
 * it also accepts names every object inherits, such as `constructor` or `toString`.
 */
export function isOneOf<T extends object>(options: T, value: unknown): value is keyof T & string {
  return typeof value === 'string' && Object.hasOwn(options, value);
}

/**
 * A local authority's own id for a child (from its children's social care
 * system). Its format differs between authorities, so only the shape is
 * checked: letters and numbers, 3 to 20 of them. Spaces and dashes typed
 * within it are ignored, so 'ab-12 345' and 'AB12345' are the same id.
 */

export type LocalAuthorityIdResult =
  | { ok: true; value: string }
  | { ok: false; message: string };

export const LOCAL_AUTHORITY_ID_MIN_LENGTH = 3;
export const LOCAL_AUTHORITY_ID_MAX_LENGTH = 20;

const SEPARATORS = /[\s\-\u2010-\u2015]/g;

/** Upper case with spaces and dashes removed; does not validate. */
export function normaliseLocalAuthorityId(input: string): string {
  return input.replace(SEPARATORS, '').toUpperCase();
}

/** Validates a local authority child id typed by a person. */
export function parseLocalAuthorityId(input: string): LocalAuthorityIdResult {
  const value = normaliseLocalAuthorityId(input);
  if (value === '') {
    return { ok: false, message: 'Enter the local authority child ID' };
  }
  if (!/^[A-Z0-9]+$/.test(value)) {
    return {
      ok: false,
      message: 'Local authority child ID must only include letters a to z and numbers',
    };
  }
  if (value.length < LOCAL_AUTHORITY_ID_MIN_LENGTH) {
    return {
      ok: false,
      message: `Local authority child ID must be ${LOCAL_AUTHORITY_ID_MIN_LENGTH} characters or more`,
    };
  }
  if (value.length > LOCAL_AUTHORITY_ID_MAX_LENGTH) {
    return {
      ok: false,
      message: `Local authority child ID must be ${LOCAL_AUTHORITY_ID_MAX_LENGTH} characters or fewer`,
    };
  }
  return { ok: true, value };
}

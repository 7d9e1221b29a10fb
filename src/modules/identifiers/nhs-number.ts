/**
 * NHS numbers (England, Wales and the Isle of Man): 10 digits, the last being a
 * modulus-11 check digit over the first nine.
 */

export type NhsNumberResult =
  | { ok: true; value: string; display: string }
  | { ok: false; message: string };

const EXAMPLE = '943 476 5919';

/** Spaces, hyphens and the dashes word processors substitute for them. */
const SEPARATORS = /[\s\-\u2010-\u2015]/g;

/**
 * The check digit for the first nine digits of an NHS number, or null when no
 * check digit can make them valid (the remainder gives 10).
 */
export function nhsNumberCheckDigit(firstNine: string): number | null {
  if (!/^\d{9}$/.test(firstNine)) {
    throw new RangeError('nhsNumberCheckDigit needs exactly nine digits');
  }
  let sum = 0;
  for (let i = 0; i < 9; i += 1) {
    sum += Number(firstNine.charAt(i)) * (10 - i);
  }
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return null;
  return check;
}

/** '9434765919' → '943 476 5919'. */
export function formatNhsNumber(tenDigits: string): string {
  return `${tenDigits.slice(0, 3)} ${tenDigits.slice(3, 6)} ${tenDigits.slice(6)}`;
}

/**
 * Validates an NHS number typed by a person. Spaces and dashes are ignored.
 * Numbers made of one repeated digit (such as 000 000 0000) pass the check
 * digit but are placeholders, so they are refused.
 */
export function parseNhsNumber(input: string): NhsNumberResult {
  const compact = input.replace(SEPARATORS, '');
  if (compact === '') {
    return { ok: false, message: 'Enter an NHS number' };
  }
  if (!/^\d+$/.test(compact)) {
    return {
      ok: false,
      message: `NHS number must only include numbers 0 to 9, like ${EXAMPLE}`,
    };
  }
  if (compact.length !== 10) {
    const count = compact.length === 1 ? '1 number' : `${compact.length} numbers`;
    return {
      ok: false,
      message: `NHS number must be 10 numbers long – you entered ${count}`,
    };
  }
  const expected = nhsNumberCheckDigit(compact.slice(0, 9));
  const placeholder = /^(\d)\1{9}$/.test(compact);
  if (expected === null || expected !== Number(compact.charAt(9)) || placeholder) {
    return {
      ok: false,
      message:
        'Check the NHS number – it is not a real NHS number, so a number may have been typed wrongly or 2 numbers swapped',
    };
  }
  return { ok: true, value: compact, display: formatNhsNumber(compact) };
}

/** True when the input is a valid NHS number, however it is spaced. */
export function isValidNhsNumber(input: string): boolean {
  return parseNhsNumber(input).ok;
}

/**
 * Unique Pupil Numbers (England): 13 characters. The first is a check letter
 * over the other twelve: 11 digits then a digit (permanent UPN) or a letter
 * (temporary UPN). The check is modulus 23 with weights 2 to 13 by position,
 * mapped onto the 23 letters A–Z without I, O and S. A temporary UPN's final
 * letter counts as its position in that same alphabet.
 */

export type UpnResult =
  | { ok: true; value: string; temporary: boolean }
  | { ok: false; message: string };

/** The 23 letters used for check letters and temporary UPN final letters. */
export const UPN_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';

const SEPARATORS = /[\s\-\u2010-\u2015]/g;

function characterValue(ch: string): number | null {
  if (/^\d$/.test(ch)) return Number(ch);
  const index = UPN_LETTERS.indexOf(ch);
  return index === -1 ? null : index;
}

/**
 * The check letter for the twelve characters that follow it (upper case:
 * 11 digits then a digit or one of UPN_LETTERS), or null if they cannot be
 * part of a UPN.
 */
export function upnCheckLetter(lastTwelve: string): string | null {
  if (!/^\d{11}[0-9A-Z]$/.test(lastTwelve)) return null;
  let sum = 0;
  for (let i = 0; i < 12; i += 1) {
    const value = characterValue(lastTwelve.charAt(i));
    if (value === null) return null;
    sum += value * (i + 2);
  }
  return UPN_LETTERS.charAt(sum % 23);
}

/** Upper case with spaces and dashes removed; does not validate. */
export function normaliseUpn(input: string): string {
  return input.replace(SEPARATORS, '').toUpperCase();
}

/** Validates a Unique Pupil Number typed by a person. */
export function parseUpn(input: string): UpnResult {
  const upn = normaliseUpn(input);
  if (upn === '') {
    return { ok: false, message: 'Enter a unique pupil number' };
  }
  if (!/^[0-9A-Z]+$/.test(upn)) {
    return {
      ok: false,
      message: 'Unique pupil number must only include letters and numbers',
    };
  }
  if (upn.length !== 13) {
    return {
      ok: false,
      message: `Unique pupil number must be 13 characters long – you entered ${upn.length}`,
    };
  }
  const middle = upn.slice(1, 12);
  if (!/^[A-Z]$/.test(upn.charAt(0)) || !/^\d{11}$/.test(middle)) {
    const zeroHint = middle.includes('O') ? ' – use the number 0 (zero), not the letter O' : '';
    return {
      ok: false,
      message: `Unique pupil number must be a letter, then 11 numbers, then a number or a letter${zeroHint}`,
    };
  }
  const last = upn.charAt(12);
  const temporary = /^[A-Z]$/.test(last);
  if (temporary && !UPN_LETTERS.includes(last)) {
    return {
      ok: false,
      message: `The last character of a unique pupil number cannot be the letter ${last} – check it has been typed correctly`,
    };
  }
  if (upnCheckLetter(upn.slice(1)) !== upn.charAt(0)) {
    return {
      ok: false,
      message:
        'Check the unique pupil number – the letter at the start does not match the rest of it, so a character may have been typed wrongly',
    };
  }
  return { ok: true, value: upn, temporary };
}

/** True when the input is a valid permanent or temporary UPN. */
export function isValidUpn(input: string): boolean {
  return parseUpn(input).ok;
}

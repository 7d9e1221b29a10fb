/**
 * Email addresses, normalised for matching. Both parts are lower-cased: the
 * local part is case-sensitive in theory but treated as case-insensitive by
 * every mainstream provider, and two spellings differing only in case are
 * the same address for safeguarding purposes.
 */
import { domainToASCII, domainToUnicode } from 'node:url';

export interface EmailAddress {
  /** Trimmed, 'mailto:' and angle brackets removed, whitespace removed, lower case. */
  normalised: string;
  valid: boolean;
  /** Why it is not valid, as a fix-it message; absent when valid. */
  message?: string;
}

const LOCAL_PART = /^[^\s@"(),:;<>[\]\\]+$/u;
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const TOP_LEVEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

const FORMAT_MESSAGE = 'Enter an email address in the correct format, like name@example.com';

function validLocalPart(local: string): boolean {
  return (
    local.length > 0 &&
    local.length <= 64 &&
    LOCAL_PART.test(local) &&
    !local.startsWith('.') &&
    !local.endsWith('.') &&
    !local.includes('..')
  );
}

function validAsciiDomain(domain: string): boolean {
  const labels = domain.split('.');
  const last = labels[labels.length - 1] ?? '';
  return (
    domain.length <= 253 &&
    labels.length >= 2 &&
    labels.every((label) => DOMAIN_LABEL.test(label)) &&
    TOP_LEVEL.test(last)
  );
}

/** Normalises an email address and says whether it looks like a real one. */
export function normaliseEmail(input: string): EmailAddress {
  let text = input.trim().replace(/^mailto:/i, '');
  if (text.startsWith('<') && text.endsWith('>')) text = text.slice(1, -1);
  text = text.replace(/\s+/g, '').toLowerCase();
  if (text === '') {
    return { normalised: '', valid: false, message: 'Enter an email address' };
  }
  const at = text.lastIndexOf('@');
  if (at === -1) return { normalised: text, valid: false, message: FORMAT_MESSAGE };
  const local = text.slice(0, at);
  const domain = text.slice(at + 1).replace(/\.$/, '');
  const ascii = domain === '' ? '' : domainToASCII(domain);
  // Keep the domain readable (ü rather than xn--), but in one canonical form.
  const canonicalDomain = ascii === '' ? domain : domainToUnicode(ascii);
  const normalised = `${local}@${canonicalDomain}`;
  const valid =
    validLocalPart(local) && ascii !== '' && validAsciiDomain(ascii) && normalised.length <= 254;
  return valid ? { normalised, valid } : { normalised, valid, message: FORMAT_MESSAGE };
}

/** True when the input looks like a deliverable email address. */
export function isValidEmail(input: string): boolean {
  return normaliseEmail(input).valid;
}

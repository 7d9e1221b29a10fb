/**
 * Phone numbers, normalised to E.164 for matching. A number that cannot be
 * validated is kept as typed and flagged, never rejected: a partial number is
 * still intelligence.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

export interface PhoneNumberResult {
  /** E.164 ('+447700900123') when the number is valid, otherwise null. */
  e164: string | null;
  /**
   * The form used for matching: the E.164 form when the number is valid, or
   * has a possible length for its country; otherwise the digits as typed.
   */
  normalised: string;
  valid: boolean;
  /** National format for UK (+44) numbers, international otherwise; as typed when invalid. */
  display: string;
}

/**
 * Ofcom's ranges reserved for drama, which libphonenumber's metadata treats as
 * unallocated. Lantern's demonstration and test data use them, so they count
 * as valid (national significant numbers after +44).
 */
const DRAMA_RANGES = /^(?:7700900|1632960|1154960)\d{3}$/;

function tidy(input: string): string {
  return input.trim().replace(/\s+/g, ' ');
}

/** Normalises a phone number; numbers without an international prefix are read as `defaultCountry` (GB). */
export function normalisePhoneNumber(
  input: string,
  defaultCountry: CountryCode = 'GB',
): PhoneNumberResult {
  const digits = input.replace(/\D/g, '');
  const parsed = digits === '' ? undefined : parsePhoneNumberFromString(input, defaultCountry);
  if (parsed) {
    const drama =
      parsed.countryCallingCode === '44' && DRAMA_RANGES.test(parsed.nationalNumber);
    if (parsed.isValid() || drama) {
      return {
        e164: parsed.number,
        normalised: parsed.number,
        valid: true,
        display:
          parsed.countryCallingCode === '44'
            ? parsed.formatNational()
            : parsed.formatInternational(),
      };
    }
    if (parsed.isPossible()) {
      return { e164: null, normalised: parsed.number, valid: false, display: tidy(input) };
    }
  }
  return { e164: null, normalised: digits, valid: false, display: tidy(input) };
}

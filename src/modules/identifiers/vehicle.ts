/**
 * UK vehicle registrations, normalised for matching. A registration that does
 * not fit a known format (a partial one, a foreign plate, a typo) is still
 * intelligence: it is kept as typed and flagged, never rejected.
 */

export type VehicleRegistrationFormat =
  | 'current' // since 2001: AB12 CDE
  | 'prefix' // 1983–2001: A123 BCD
  | 'suffix' // 1963–1983: ABC 123D
  | 'dateless' // before 1963, and Northern Ireland: ABC 1234 or 1234 AB
  | 'unrecognised';

export interface VehicleRegistration {
  /** Upper case with spaces, dashes and dots removed: the form used for matching. */
  normalised: string;
  format: VehicleRegistrationFormat;
  recognised: boolean;
  /** Spaced the way plates show it; what was typed (tidied) when unrecognised. */
  display: string;
}

const SEPARATORS = /[\s.\-\u2010-\u2015]/g;

const PATTERNS: ReadonlyArray<{
  format: Exclude<VehicleRegistrationFormat, 'unrecognised'>;
  pattern: RegExp;
}> = [
  { format: 'current', pattern: /^([A-Z]{2}\d{2})([A-Z]{3})$/ },
  { format: 'prefix', pattern: /^([A-Z]\d{1,3})([A-Z]{3})$/ },
  { format: 'suffix', pattern: /^([A-Z]{3})(\d{1,3}[A-Z])$/ },
  { format: 'dateless', pattern: /^([A-Z]{1,3})(\d{1,4})$/ },
  { format: 'dateless', pattern: /^(\d{1,4})([A-Z]{1,3})$/ },
];

/** Upper case with spaces, dashes and dots removed; anything else is kept. */
export function normaliseVehicleRegistration(input: string): string {
  return input.replace(SEPARATORS, '').toUpperCase();
}

/** Normalises and classifies a registration; never rejects it. */
export function parseVehicleRegistration(input: string): VehicleRegistration {
  const normalised = normaliseVehicleRegistration(input);
  for (const { format, pattern } of PATTERNS) {
    const match = pattern.exec(normalised);
    if (match) {
      return {
        normalised,
        format,
        recognised: true,
        display: `${match[1] ?? ''} ${match[2] ?? ''}`,
      };
    }
  }
  return {
    normalised,
    format: 'unrecognised',
    recognised: false,
    display: input.trim().replace(/\s+/g, ' '),
  };
}

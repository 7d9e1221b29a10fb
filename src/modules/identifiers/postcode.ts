/**
 * UK postcode parsing into its hierarchy: area (letters), district (outward
 * code), sector (outward code + first inward digit) and unit (full postcode).
 *
 * Self-contained on purpose: the identifiers folder collects small validators
 * (postcodes, NHS numbers, UPNs) that several modules import without pulling
 * in anything else.
 */

export interface UkPostcode {
  /** Canonical form, e.g. "LU1 3AB", or just the outward code "LU1". */
  normalised: string;
  /** Postcode area: the leading letters, e.g. "LU". */
  area: string;
  /** Postcode district: the outward code, e.g. "LU1". */
  district: string;
  /** Postcode sector, e.g. "LU1 3"; empty when only the outward code is known. */
  sector: string;
  /** Full unit postcode, e.g. "LU1 3AB"; empty when only the outward code is known. */
  unit: string;
  /** True when the input held only an outward code. */
  outwardOnly: boolean;
}

const OUTWARD_PATTERN = /^([A-Z]{1,2})([0-9][A-Z0-9]?)$/;
const INWARD_PATTERN = /^[0-9][A-Z]{2}$/;

// People and OCR confuse O/0 and I/1; only fix them where the format leaves no doubt.
function digitAt(ch: string): string {
  if (ch === 'O') return '0';
  if (ch === 'I') return '1';
  return ch;
}

function letterAt(ch: string): string {
  if (ch === '0') return 'O';
  if (ch === '1') return 'I';
  return ch;
}

function parseOutward(raw: string): { area: string; district: string } | null {
  if (raw.length < 2 || raw.length > 4) return null;
  const direct = OUTWARD_PATTERN.exec(raw);
  if (direct) return { area: direct[1] ?? '', district: raw };
  // Try repairing a confusable character in the first digit position.
  for (const letters of [1, 2]) {
    if (raw.length <= letters) continue;
    const area = raw.slice(0, letters).split('').map(letterAt).join('');
    const rest = raw.slice(letters);
    const repaired = area + digitAt(rest[0] ?? '') + rest.slice(1);
    const match = OUTWARD_PATTERN.exec(repaired);
    if (match && match[1] === area) return { area, district: repaired };
  }
  return null;
}

/**
 * Parses a UK postcode, full ("lu1 3ab", "LU13AB") or outward code only
 * ("LU1"). Returns null for anything that is not postcode-shaped.
 */
export function parseUkPostcode(input: string): UkPostcode | null {
  if (typeof input !== 'string') return null;
  const compact = input.toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (compact.length < 2 || compact.length > 7) return null;

  if (compact === 'GIR0AA') {
    return { normalised: 'GIR 0AA', area: 'GIR', district: 'GIR', sector: 'GIR 0', unit: 'GIR 0AA', outwardOnly: false };
  }

  if (compact.length >= 5) {
    const inwardRaw = compact.slice(-3);
    const inward = digitAt(inwardRaw[0] ?? '') + inwardRaw.slice(1).split('').map(letterAt).join('');
    const outward = parseOutward(compact.slice(0, -3));
    if (outward && INWARD_PATTERN.test(inward)) {
      const unit = `${outward.district} ${inward}`;
      return {
        normalised: unit,
        area: outward.area,
        district: outward.district,
        sector: `${outward.district} ${inward[0] ?? ''}`,
        unit,
        outwardOnly: false,
      };
    }
    return null;
  }

  const outward = parseOutward(compact);
  if (!outward) return null;
  return { normalised: outward.district, area: outward.area, district: outward.district, sector: '', unit: '', outwardOnly: true };
}

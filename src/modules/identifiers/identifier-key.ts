/**
 * One canonical string per identifier, for linking records automatically:
 * the same identifier written differently gives the same key, and keys of
 * different kinds never collide (each starts with its kind).
 *
 * Identifiers with a check digit or fixed shape (NHS number, UPN, local
 * authority id) give no key unless valid: an invalid one is a typing mistake,
 * and linking on it would link the wrong child. Intelligence identifiers
 * (vehicle, phone, email, online account) are kept as typed and flagged, so a
 * partial or unrecognised one still gives a key (unless it is too short to
 * mean anything on its own); `identifierMatch` says
 * whether it was recognised, so callers can weigh such links accordingly.
 */
import { normaliseEmail } from './email.ts';
import { parseLocalAuthorityId } from './local-authority-id.ts';
import { parseNhsNumber } from './nhs-number.ts';
import {
  normaliseOnlineAccount,
  parseOnlineAccountText,
  type OnlineAccount,
} from './online-handle.ts';
import { normalisePhoneNumber } from './phone.ts';
import { parseUpn } from './upn.ts';
import { parseVehicleRegistration } from './vehicle.ts';

export const IDENTIFIER_KINDS = [
  'nhs_number',
  'upn',
  'local_authority_id',
  'vehicle',
  'phone',
  'email',
  'online_account',
] as const;

export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

/** An online account may be given as free text or as its two parts. */
export type OnlineAccountInput = { platform?: string | null; handle: string };

export type IdentifierInput = string | OnlineAccountInput;

export interface IdentifierMatch {
  kind: IdentifierKind;
  key: string;
  /** False for an unrecognised registration, an invalid phone number or email, or an account on an unlisted platform. */
  recognised: boolean;
}

/**
 * Fragments shorter than these link too many unrelated records, so an
 * unrecognised registration or invalid phone number gives a key only when
 * it has at least this many letters and numbers (or digits).
 */
export const MIN_UNRECOGNISED_VEHICLE_CHARACTERS = 2;
export const MIN_INVALID_PHONE_DIGITS = 7;

export function isIdentifierKind(value: string): value is IdentifierKind {
  return (IDENTIFIER_KINDS as readonly string[]).includes(value);
}

function asText(raw: IdentifierInput): string {
  return typeof raw === 'string' ? raw : raw.handle;
}

function onlineAccountKey(account: OnlineAccount): string {
  const platform =
    account.platform === 'other' && account.otherPlatform !== undefined
      ? `other/${account.otherPlatform.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')}`
      : account.platform;
  return `handle:${platform}:${account.handle}`;
}

/** The key and whether the identifier was recognised, or null when it gives no key. */
export function identifierMatch(kind: IdentifierKind, raw: IdentifierInput): IdentifierMatch | null {
  switch (kind) {
    case 'nhs_number': {
      const result = parseNhsNumber(asText(raw));
      return result.ok ? { kind, key: `nhs_number:${result.value}`, recognised: true } : null;
    }
    case 'upn': {
      const result = parseUpn(asText(raw));
      return result.ok ? { kind, key: `upn:${result.value}`, recognised: true } : null;
    }
    case 'local_authority_id': {
      const result = parseLocalAuthorityId(asText(raw));
      return result.ok
        ? { kind, key: `local_authority_id:${result.value}`, recognised: true }
        : null;
    }
    case 'vehicle': {
      const result = parseVehicleRegistration(asText(raw));
      const characters = result.normalised.replace(/[^A-Z0-9]/g, '').length;
      return !result.recognised && characters < MIN_UNRECOGNISED_VEHICLE_CHARACTERS
        ? null
        : { kind, key: `vehicle:${result.normalised}`, recognised: result.recognised };
    }
    case 'phone': {
      const result = normalisePhoneNumber(asText(raw));
      const digits = result.normalised.replace(/\D/g, '').length;
      return !result.valid && digits < MIN_INVALID_PHONE_DIGITS
        ? null
        : { kind, key: `phone:${result.normalised}`, recognised: result.valid };
    }
    case 'email': {
      const result = normaliseEmail(asText(raw));
      return result.normalised === ''
        ? null
        : { kind, key: `email:${result.normalised}`, recognised: result.valid };
    }
    case 'online_account': {
      const account =
        typeof raw === 'string'
          ? parseOnlineAccountText(raw)
          : normaliseOnlineAccount(raw.platform, raw.handle);
      return account.handle === ''
        ? null
        : { kind, key: onlineAccountKey(account), recognised: account.platform !== 'other' };
    }
  }
}

/**
 * The canonical matching key, e.g. 'vehicle:AB12CDE', 'phone:+447700900123',
 * 'email:mimi@example.com', 'handle:snapchat:mimi_x'; null when the value
 * gives no key (empty, an invalid NHS number, UPN or local authority id, or
 * a fragment too short to link on).
 */
export function identifierMatchKey(kind: IdentifierKind, raw: IdentifierInput): string | null {
  return identifierMatch(kind, raw)?.key ?? null;
}

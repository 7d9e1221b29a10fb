/**
 * Online accounts: a platform from a fixed list and a handle, normalised so
 * that the same account written differently ('@Mimi_X on Snap',
 * 'snapchat: mimi_x', 'https://www.snapchat.com/add/mimi_x') compares equal.
 */
import { normalisePhoneNumber } from './phone.ts';

export const ONLINE_PLATFORMS = [
  'snapchat',
  'instagram',
  'tiktok',
  'facebook',
  'whatsapp',
  'telegram',
  'x',
  'discord',
  'xbox',
  'playstation',
  'other',
] as const;

export type OnlinePlatform = (typeof ONLINE_PLATFORMS)[number];

export const ONLINE_PLATFORM_LABELS: Readonly<Record<OnlinePlatform, string>> = {
  snapchat: 'Snapchat',
  instagram: 'Instagram',
  tiktok: 'TikTok',
  facebook: 'Facebook',
  whatsapp: 'WhatsApp',
  telegram: 'Telegram',
  x: 'X (Twitter)',
  discord: 'Discord',
  xbox: 'Xbox',
  playstation: 'PlayStation',
  other: 'Other',
};

export interface OnlineAccount {
  platform: OnlinePlatform;
  /** Lower case, no leading '@', no whitespace; E.164 for WhatsApp phone numbers. */
  handle: string;
  /** For platform 'other': the platform name as typed (tidied), if one was given. */
  otherPlatform?: string;
}

/** What a person might type for each platform, compacted (lower case, letters and digits only). */
const ALIASES: Readonly<Record<string, OnlinePlatform>> = {
  snapchat: 'snapchat',
  snap: 'snapchat',
  sc: 'snapchat',
  snapchatcom: 'snapchat',
  instagram: 'instagram',
  insta: 'instagram',
  ig: 'instagram',
  gram: 'instagram',
  instagramcom: 'instagram',
  tiktok: 'tiktok',
  tiktokcom: 'tiktok',
  facebook: 'facebook',
  fb: 'facebook',
  messenger: 'facebook',
  facebookmessenger: 'facebook',
  fbmessenger: 'facebook',
  facebookcom: 'facebook',
  whatsapp: 'whatsapp',
  whatsap: 'whatsapp',
  watsapp: 'whatsapp',
  wa: 'whatsapp',
  telegram: 'telegram',
  tg: 'telegram',
  x: 'x',
  twitter: 'x',
  xtwitter: 'x',
  twitterx: 'x',
  xformerlytwitter: 'x',
  xcom: 'x',
  twittercom: 'x',
  discord: 'discord',
  xbox: 'xbox',
  xboxlive: 'xbox',
  xbl: 'xbox',
  gamertag: 'xbox',
  xboxgamertag: 'xbox',
  playstation: 'playstation',
  playstationnetwork: 'playstation',
  psn: 'playstation',
  psnid: 'playstation',
  ps: 'playstation',
  ps4: 'playstation',
  ps5: 'playstation',
  other: 'other',
};

function compact(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The platform a name or alias stands for ('Insta' → 'instagram'), or null if unknown. */
export function parseOnlinePlatform(text: string): OnlinePlatform | null {
  return ALIASES[compact(text)] ?? null;
}

/** Lower case, whitespace removed, leading '@' removed. */
export function normaliseHandle(handle: string): string {
  return handle.replace(/\s+/g, '').replace(/^@+/, '').toLowerCase();
}

const URL_PATTERN =
  /^(?:https?:\/\/)?(?:www\.|m\.|mobile\.|web\.)?((?:[a-z0-9-]+\.)+[a-z]{2,})\/([^#]*)$/i;

const HOSTS: Readonly<Record<string, OnlinePlatform>> = {
  'snapchat.com': 'snapchat',
  'instagram.com': 'instagram',
  'tiktok.com': 'tiktok',
  'facebook.com': 'facebook',
  'fb.com': 'facebook',
  'twitter.com': 'x',
  'x.com': 'x',
  't.me': 'telegram',
  'telegram.me': 'telegram',
  'wa.me': 'whatsapp',
  'discord.com': 'discord',
};

const INSTAGRAM_NON_PROFILE = new Set(['p', 'reel', 'reels', 'tv', 'explore']);

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A profile link on a known platform, as { platform, raw handle }, or null. */
function accountFromUrl(text: string): { platform: OnlinePlatform; handle: string } | null {
  const match = URL_PATTERN.exec(text.trim());
  if (!match) return null;
  const platform = HOSTS[(match[1] ?? '').toLowerCase()];
  if (!platform) return null;
  const [path = '', query = ''] = (match[2] ?? '').split('?');
  const segments = path.split('/').filter((s) => s !== '').map(safeDecode);
  const [first = '', second = ''] = segments;
  let handle: string;
  switch (platform) {
    case 'snapchat':
      handle = first.toLowerCase() === 'add' ? second : first;
      break;
    case 'instagram':
      if (INSTAGRAM_NON_PROFILE.has(first.toLowerCase())) return null;
      handle = first.toLowerCase() === 'stories' ? second : first;
      break;
    case 'tiktok':
      if (!first.startsWith('@')) return null;
      handle = first;
      break;
    case 'facebook':
      handle =
        first.toLowerCase() === 'profile.php'
          ? (new URLSearchParams(query).get('id') ?? '')
          : first;
      break;
    case 'discord':
      handle = first.toLowerCase() === 'users' ? second : '';
      break;
    default:
      handle = first;
  }
  return handle === '' ? null : { platform, handle };
}

function normaliseForPlatform(platform: OnlinePlatform, handle: string): string {
  if (platform === 'whatsapp' && /^[+\d\s().-]+$/.test(handle.trim())) {
    // WhatsApp accounts are phone numbers; wa.me links give them without the '+'.
    const trimmed = handle.trim();
    const international = /^\d{11,}$/.test(trimmed) && !trimmed.startsWith('0') ? `+${trimmed}` : trimmed;
    const phone = normalisePhoneNumber(international);
    if (phone.normalised !== '') return phone.normalised;
  }
  return normaliseHandle(handle);
}

/**
 * Normalises an account given as a platform (name or alias, may be empty)
 * and a handle (or a profile link, which wins over the platform given).
 */
export function normaliseOnlineAccount(
  platform: string | null | undefined,
  handle: string,
): OnlineAccount {
  const fromUrl = accountFromUrl(handle);
  if (fromUrl) {
    return { platform: fromUrl.platform, handle: normaliseForPlatform(fromUrl.platform, fromUrl.handle) };
  }
  const typed = (platform ?? '').trim().replace(/\s+/g, ' ');
  const known = typed === '' ? 'other' : (parseOnlinePlatform(typed) ?? 'other');
  const account: OnlineAccount = { platform: known, handle: normaliseForPlatform(known, handle) };
  if (known === 'other' && typed !== '' && compact(typed) !== 'other') {
    account.otherPlatform = typed;
  }
  return account;
}

/** An unlisted platform's name: one to three words of letters and numbers. */
function looksLikePlatformName(text: string): boolean {
  return /^[\p{L}\p{N}][\p{L}\p{N}.+-]*(?: [\p{L}\p{N}.+-]+){0,2}$/u.test(text.trim());
}

/** A platform name (listed, or plausibly an unlisted one) and the handle with it. */
function named(platform: string, handle: string, allowUnlisted: boolean): OnlineAccount | null {
  if (handle.trim() === '') return null;
  if (parseOnlinePlatform(platform) || (allowUnlisted && looksLikePlatformName(platform))) {
    return normaliseOnlineAccount(platform, handle);
  }
  return null;
}

/**
 * Reads an account written as free text: 'snapchat: mimi_x', 'snap @mimi_x',
 * '@mimi_x on Snapchat', 'mimi_x (insta)', 'kik: mimi_x' or a profile link.
 * Anything else is a handle on an unknown platform.
 */
export function parseOnlineAccountText(text: string): OnlineAccount {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  if (accountFromUrl(trimmed)) return normaliseOnlineAccount(null, trimmed);

  const colon = trimmed.includes('://') ? null : /^([^:]+):(.*)$/.exec(trimmed);
  const bracketed = /^(.+?) ?\(([^()]+)\)$/.exec(trimmed);
  const onPlatform = /^(.+?) (?:on|via) (.+)$/i.exec(trimmed);
  const found =
    (colon && named(colon[1] ?? '', colon[2] ?? '', true)) ??
    (bracketed && named(bracketed[2] ?? '', bracketed[1] ?? '', true)) ??
    (onPlatform && named(onPlatform[2] ?? '', onPlatform[1] ?? '', true));
  if (found) return found;

  // A listed platform's name of up to three words, then the handle: 'xbox live Mimi X'.
  const words = trimmed.split(' ');
  for (let count = Math.min(3, words.length - 1); count >= 1; count -= 1) {
    const account = named(words.slice(0, count).join(' '), words.slice(count).join(' '), false);
    if (account) return account;
  }

  return normaliseOnlineAccount(null, trimmed);
}

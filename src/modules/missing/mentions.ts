import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { mentionMatchKey } from '../concerns/index.ts';
import type { MentionContext, MentionKind } from './vocab.ts';

/** A mention as typed, with the part of the episode it came from. */
export interface MentionInput {
  kind: MentionKind;
  context: MentionContext;
  value: string;
}

/** Names and places shorter than this (after tidying) link too many unrelated records to key. */
export const MIN_TEXT_KEY_LENGTH = 3;

/**
 * Places and people have no identifier to check, so their key is the words as typed, tidied: lower
 * case, letters and digits only, single spaces, a leading "the", "a" or "an" dropped. "The Mill St.
 * Takeaway" and "mill st takeaway" give the same key. `textKeySql` is the same rule in SQL, so
 * concerns' place and adult mentions (stored without a key) can be compared with an episode's.
 */
export function tidyText(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/^(the|a|an) /, '');
}

export function textMatchKey(kind: 'place' | 'adult' | 'young_person', value: string): string | null {
  const tidy = tidyText(value);
  return tidy.length >= MIN_TEXT_KEY_LENGTH ? `${kind}:${tidy}` : null;
}

/** The SQL twin of `textMatchKey` for a kind column and a text column (null when too short). */
export function textKeySql(kindColumn: AnyPgColumn | SQL, textColumn: AnyPgColumn | SQL): SQL {
  const tidy = sql`regexp_replace(btrim(regexp_replace(lower(${textColumn}), '[^a-z0-9]+', ' ', 'g')), '^(the|a|an) ', '')`;
  return sql`(case when length(${tidy}) >= ${MIN_TEXT_KEY_LENGTH} then ${kindColumn} || ':' || ${tidy} end)`;
}

/**
 * The key by which the same place, person, vehicle or phone is recognised wherever it is
 * mentioned: vehicles and phones exactly as concerns key them (so an episode's car links to a
 * concern's car), places and people by their tidied words.
 */
export function episodeMentionKey(kind: MentionKind, value: string): string | null {
  if (kind === 'vehicle' || kind === 'phone') return mentionMatchKey(kind, value);
  return textMatchKey(kind, value);
}

/** Lines of a textarea (or a list from the API) as separate values, blanks dropped. */
export function lines(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/\r?\n/) : [];
  return list.filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter(Boolean);
}

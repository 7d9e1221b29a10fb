import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { mentionMatchKey } from '../concerns/index.ts';
import { identifierMatchKey, identifiersFromLine, identifiersFromNarrative } from '../identifiers/index.ts';
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
  if (kind === 'vehicle' || kind === 'phone' || kind === 'online_account') return mentionMatchKey(kind, value);
  if (kind === 'email') return identifierMatchKey('email', value);
  return textMatchKey(kind, value);
}

export interface EpisodeMentionRow {
  kind: string;
  context: MentionContext;
  asTyped: string;
  matchKey: string | null;
}

/**
 * The rows an episode's return or interview records: each line as typed (a vehicle or phone line
 * as the identifiers module reads it, so "black Audi AB12 CDE" is keyed on AB12CDE), then the
 * registrations, numbers, emails and accounts written in its free text, once per key.
 */
export function episodeMentionRows(mentions: MentionInput[], narratives: ReadonlyArray<{ context: MentionContext; text: string | null }>): EpisodeMentionRow[] {
  const rows = mentions.flatMap((m): EpisodeMentionRow[] =>
    m.kind === 'vehicle' || m.kind === 'phone'
      ? identifiersFromLine(m.kind, m.value).map((i) => ({ kind: i.kind, context: m.context, asTyped: i.asTyped, matchKey: i.key }))
      : [{ kind: m.kind, context: m.context, asTyped: m.value, matchKey: episodeMentionKey(m.kind, m.value) }],
  );
  const keys = new Set(rows.map((r) => r.matchKey));
  const texts = [...mentions.filter((m) => m.kind === 'adult' || m.kind === 'young_person' || m.kind === 'place'), ...narratives.map((n) => ({ context: n.context, value: n.text }))];
  for (const { context, value } of texts) {
    for (const found of identifiersFromNarrative([value], keys)) {
      keys.add(found.key);
      rows.push({ kind: found.kind, context, asTyped: found.asTyped, matchKey: found.key });
    }
  }
  return rows;
}

/** Lines of a textarea (or a list from the API) as separate values, blanks dropped. */
export function lines(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/\r?\n/) : [];
  return list.filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter(Boolean);
}

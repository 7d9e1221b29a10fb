/**
 * The rows of concern_mentions a concern records: what was typed in the "others involved" boxes,
 * and the registrations, phone numbers, emails and accounts written in its account of what
 * happened, each with the key that links it to the same identifier anywhere else.
 */
import { identifiersFromLine, identifiersFromNarrative, type IdentifierToRecord } from '../identifiers/index.ts';
import type { MentionKind } from './concern-input.ts';

export interface MentionRow {
  kind: string;
  asTyped: string;
  matchKey: string | null;
}

/** The free text of a concern in which identifiers are looked for. */
export interface ConcernNarrative {
  details: string | null;
  whereText: string | null;
  whenText: string | null;
}

const toRow = (i: IdentifierToRecord): MentionRow => ({ kind: i.kind, asTyped: i.asTyped, matchKey: i.key });

/** The rows for one typed line: identifier boxes as the identifiers module reads a line; names and places as typed, without a key. */
export function rowsForTypedMention(kind: MentionKind, value: string): MentionRow[] {
  if (kind === 'vehicle' || kind === 'phone' || kind === 'online_account') return identifiersFromLine(kind, value).map(toRow);
  return [{ kind, asTyped: value, matchKey: null }];
}

/**
 * Every row a concern records. Identifiers found in a name or place line ("Dean, drives AB12 CDE")
 * or in the narrative are added as rows of their own, once per key, after the lines as typed.
 */
export function concernMentionRows(typed: ReadonlyArray<{ kind: MentionKind; value: string }>, narrative: ConcernNarrative): MentionRow[] {
  const rows = typed.flatMap((m) => rowsForTypedMention(m.kind, m.value));
  const otherLines = typed.filter((m) => m.kind === 'adult' || m.kind === 'young_person' || m.kind === 'place').map((m) => m.value);
  const found = identifiersFromNarrative([...otherLines, narrative.details, narrative.whereText, narrative.whenText], rows.map((r) => r.matchKey));
  return [...rows, ...found.map(toRow)];
}

/**
 * Intelligence entries graded by the 3x5x2 scheme. A grade outside the scheme is refused; the
 * source is described by kind only. Reads apply the policy's visibility and text rules in SQL.
 */
import { fail, succeed, type Outcome } from '../../platform/outcome.ts';
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../platform/db/database.ts';
import { auditedCommand, type RequestContext } from '../../platform/audit/audit.ts';
import { MAX_FREE_TEXT, isOneOf, type FieldErrors } from '../../platform/http/forms.ts';
import { isUuid } from '../../platform/ids.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { entryTextFor, entryVisible, readsFullText, recordsIntelligence } from './policy.ts';
import { readDate, recordExists, type RecordRef } from './records.ts';
import { identifiersFromNarrative } from '../identifiers/index.ts';
import { intelligenceEntries, intelligenceEntryIdentifiers, intelligenceSubjects } from './tables.ts';
import { HANDLING_CODES, INTELLIGENCE_GRADES, SOURCE_GRADES, SOURCE_KINDS, label, type HandlingCode, type IntelligenceGrade, type SourceGrade } from './vocab.ts';

export interface EntryInput {
  text: string;
  sanitisedText: string;
  sourceKind: keyof typeof SOURCE_KINDS;
  receivedOn: string;
  sourceGrade: SourceGrade;
  intelligenceGrade: IntelligenceGrade;
  handling: HandlingCode;
  handlingConditions: string | null;
  subjects: RecordRef[];
}

const str = (raw: Record<string, unknown>, name: string) => (typeof raw[name] === 'string' ? (raw[name] as string).trim() : '');

/** "adult:<uuid>", "place:<uuid>" or "young_person:<uuid>" from a checkbox or select; the API sends objects. */
export function readSubjects(value: unknown): RecordRef[] | null {
  const list = Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value];
  const refs: RecordRef[] = [];
  for (const item of list) {
    const [kind, id] = typeof item === 'string' ? item.split(':') : [(item as RecordRef)?.kind, (item as RecordRef)?.id];
    if (!['adult', 'place', 'young_person'].includes(kind ?? '') || !isUuid(id)) return null;
    if (!refs.some((r) => r.kind === kind && r.id === id)) refs.push({ kind: kind as RecordRef['kind'], id });
  }
  return refs;
}

export function readEntry(raw: Record<string, unknown>): { input: EntryInput | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const text = str(raw, 'text');
  if (!text) errors.text = 'Enter the intelligence';
  else if (text.length > MAX_FREE_TEXT) errors.text = `The intelligence must be ${MAX_FREE_TEXT.toLocaleString('en-GB')} characters or fewer`;
  const sourceKind = str(raw, 'sourceKind');
  if (!isOneOf(SOURCE_KINDS, sourceKind)) errors.sourceKind = 'Choose what kind of source it came from';
  const receivedOn = readDate(raw, 'receivedOn', 'Date received', errors, { required: true, notFuture: true });
  const sourceGrade = str(raw, 'sourceGrade');
  if (!isOneOf(SOURCE_GRADES, sourceGrade)) errors.sourceGrade = 'Grade the source 1 (reliable), 2 (untested) or 3 (not reliable)';
  const intelligenceGrade = str(raw, 'intelligenceGrade').toUpperCase();
  if (!isOneOf(INTELLIGENCE_GRADES, intelligenceGrade)) errors.intelligenceGrade = 'Grade the intelligence A, B, C, D or E';
  const handling = str(raw, 'handling').toUpperCase();
  if (!isOneOf(HANDLING_CODES, handling)) errors.handling = 'Choose handling code P (may be shared) or C (may be shared with conditions)';
  const sanitisedText = str(raw, 'sanitisedText');
  if (handling === 'C' && !sanitisedText) errors.sanitisedText = 'Enter a sanitised version partners may read: an entry with handling code C is shown to them only in this form';
  else if (sanitisedText.length > MAX_FREE_TEXT) errors.sanitisedText = `The sanitised version must be ${MAX_FREE_TEXT.toLocaleString('en-GB')} characters or fewer`;
  else if (sanitisedText && sanitisedText === text) errors.sanitisedText = 'The sanitised version is the same as the intelligence: take out what could identify the source or must not be shared';
  const handlingConditions = str(raw, 'handlingConditions') || null;
  // Code C means "may be shared with conditions": without the conditions partners could not keep them.
  if (handling === 'C' && !handlingConditions) errors.handlingConditions = 'Enter the handling conditions: who may be told and what may be done with it (an entry with handling code C is shared only with them)';
  else if (handlingConditions && handlingConditions.length > 1000) errors.handlingConditions = 'The conditions must be 1,000 characters or fewer';
  const subjects = readSubjects(raw.subjects);
  if (!subjects) errors.subjects = 'Choose the records this intelligence is about from the list';
  else if (!subjects.length) errors.subjects = 'Choose at least one young person, adult or place this intelligence is about';
  if (Object.keys(errors).length) return { input: null, errors };
  return {
    input: { text, sanitisedText, sourceKind: sourceKind as EntryInput['sourceKind'], receivedOn: receivedOn!, sourceGrade: sourceGrade as SourceGrade, intelligenceGrade: intelligenceGrade as IntelligenceGrade, handling: handling as HandlingCode, handlingConditions, subjects: subjects! },
    errors,
  };
}

/** The registrations, numbers, emails and accounts written in an entry's text, once per key. */
export function entryIdentifierRows(entryId: string, areaId: string, text: string, already: Iterable<string | null> = []) {
  return identifiersFromNarrative([text], already).map((i) => ({ entryId, areaId, kind: i.kind, asTyped: i.asTyped, matchKey: i.key, recognised: i.recognised }));
}

export type EntryRow = typeof intelligenceEntries.$inferSelect;

export async function recordEntry(db: Db, ctx: RequestContext, user: SignedInUser, input: EntryInput): Promise<Outcome<EntryRow>> {
  if (!recordsIntelligence(user)) return fail('forbidden', { role: 'Only intelligence officers and coordinators record intelligence; please raise a concern instead' });
  for (const subject of input.subjects) {
    if (!(await recordExists(db, user, subject))) return fail('invalid', { subjects: 'Choose records that exist in your area' });
  }
  const entry = await auditedCommand(db, ctx, { action: 'create', recordKind: 'intelligence_entry', details: { grade: `${input.sourceGrade}${input.intelligenceGrade}${input.handling}`, subjects: input.subjects } }, async (tx) => {
    const [row] = await tx
      .insert(intelligenceEntries)
      .values({ areaId: user.areaId, text: input.text, sanitisedText: input.sanitisedText, sourceKind: input.sourceKind, receivedOn: input.receivedOn, sourceGrade: input.sourceGrade, intelligenceGrade: input.intelligenceGrade, handling: input.handling, handlingConditions: input.handlingConditions, recordedByUserId: user.userId, recordedByAgencyId: user.agencyId })
      .returning();
    await tx.insert(intelligenceSubjects).values(
      input.subjects.map((s) => ({ entryId: row!.id, adultId: s.kind === 'adult' ? s.id : null, placeId: s.kind === 'place' ? s.id : null, youngPersonId: s.kind === 'young_person' ? s.id : null })),
    );
    const found = entryIdentifierRows(row!.id, user.areaId, input.text);
    if (found.length) await tx.insert(intelligenceEntryIdentifiers).values(found);
    return row!;
  });
  return succeed(entry);
}

/**
 * An entry as one viewer may read it. `fullText` false means `text` is the sanitised version; the
 * handling conditions always come with it, and the kind of source is withheld (null) from a
 * partner reading a handling-code-C entry, since it could point to the source.
 */
export interface EntryForViewer {
  id: string;
  number: number;
  receivedOn: string;
  sourceKind: string | null;
  sourceKindLabel: string | null;
  grade: string;
  handling: string;
  handlingConditions: string | null;
  text: string;
  fullText: boolean;
  /** Only for those who read the full text: what partners are shown. */
  sanitisedText: string | null;
}

/**
 * Entries the viewer may know of, about any of the given records (or every entry of the area when
 * none are given, for officers' lists), newest first, with the text this viewer may read.
 */
export async function entriesFor(db: Db, viewer: SignedInUser, about: RecordRef[] | null, limit = 200): Promise<EntryForViewer[]> {
  if (about && !about.length) return [];
  const aboutCondition = about
    ? sql`and exists (select 1 from intelligence_subjects s where s.entry_id = e.id and (${sql.join(
        about.map((r) => (r.kind === 'adult' ? sql`s.adult_id = ${r.id}` : r.kind === 'place' ? sql`s.place_id = ${r.id}` : sql`s.young_person_id = ${r.id}`)),
        sql` or `,
      )}))`
    : sql``;
  const found = await rows<{ id: string; number: number; received_on: string; source_kind: string; source_grade: string; intelligence_grade: string; handling: string; handling_conditions: string | null; shown: string; sanitised_text: string }>(
    db,
    sql`select e.id, e.number::int as number, e.received_on::text as received_on, e.source_kind, e.source_grade, e.intelligence_grade, e.handling, e.handling_conditions,
               ${entryTextFor(viewer)} as shown, e.sanitised_text
          from intelligence_entries e
         where ${entryVisible(viewer)} ${aboutCondition}
         order by e.received_on desc, e.number desc
         limit ${limit}`,
  );
  return found.map((e) => {
    const full = readsFullText(viewer, e.handling);
    return {
      id: e.id,
      number: Number(e.number),
      receivedOn: e.received_on,
      sourceKind: full ? e.source_kind : null,
      sourceKindLabel: full ? label(SOURCE_KINDS, e.source_kind, 'Other') : null,
      grade: `${e.source_grade}${e.intelligence_grade}${e.handling}`,
      handling: e.handling,
      handlingConditions: e.handling_conditions,
      text: e.shown,
      fullText: full,
      sanitisedText: full && e.sanitised_text ? e.sanitised_text : null,
    };
  });
}

/** The records an entry concerns, for its page (the caller has checked the entry is visible). */
export async function subjectsOfEntries(db: Db, entryIds: string[]): Promise<Map<string, RecordRef[]>> {
  const result = new Map<string, RecordRef[]>();
  if (!entryIds.length) return result;
  const found = await rows<{ entry_id: string; adult_id: string | null; place_id: string | null; young_person_id: string | null }>(
    db,
    sql`select entry_id, adult_id, place_id, young_person_id from intelligence_subjects where entry_id in (${sql.join(entryIds.map((id) => sql`${id}::uuid`), sql`, `)})`,
  );
  for (const r of found) {
    const ref: RecordRef = r.adult_id ? { kind: 'adult', id: r.adult_id } : r.place_id ? { kind: 'place', id: r.place_id } : { kind: 'young_person', id: r.young_person_id! };
    result.set(r.entry_id, [...(result.get(r.entry_id) ?? []), ref]);
  }
  return result;
}

/**
 * The entry's text as one line for other modules' summaries (case packs, panel views): a partner's
 * sanitised version is labelled as such, and the handling conditions always follow the text.
 */
export function entryTextWithConditions(e: Pick<EntryForViewer, 'text' | 'fullText' | 'handlingConditions'>): string {
  const text = e.fullText ? e.text : `${e.text} (sanitised version)`;
  return e.handlingConditions ? `${text} Handling conditions: ${e.handlingConditions}` : text;
}

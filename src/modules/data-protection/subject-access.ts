/**
 * Subject-access requests (UK GDPR article 15): everything Lantern holds about a young person,
 * gathered through the same policies as every other read, with third parties' names and
 * identifiers redacted by default and each redaction listed for the data protection officer's
 * review, items held back under an exemption with a reason, and the answer itself audited.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { auditedCommand, auditRead, type RequestContext } from '../../platform/audit/audit.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { DATA_PROTECTION_ROLES } from '../../platform/auth/roles.ts';
import { rows, type Db } from '../../platform/db/database.ts';
import { readDateInput } from '../../platform/http/date-input.ts';
import { isOneOf, type FieldErrors } from '../../platform/http/forms.ts';
import { isUuid } from '../../platform/ids.ts';
import { fail, succeed, type Outcome } from '../../platform/outcome.ts';
import { addDays, londonDayStart, londonToday, now } from '../../platform/time.ts';
import { formatDate, formatDateTime } from '../../platform/views/filters.ts';
import type { DeadlineSource, WorkCounts, Worklist } from '../../platform/modules.ts';
import { findIdentifiersInText, parseUkPostcode } from '../identifiers/index.ts';
import { entriesFor } from '../intelligence/index.ts';
import { chronologyEntryVisible, chronologyKinds, displayName, findVisibleYoungPerson, referenceFor, youngPersonIdVisible, type YoungPersonRow } from '../young-people/index.ts';
import { correctionsOf } from './records.ts';
import { seenBy, SEEN_KINDS } from './seen-by.ts';
import { sharingDecisions, subjectAccessExemptions, subjectAccessRedactions, subjectAccessRequests } from './tables.ts';
import { EXEMPTIONS, REDACTION_KINDS, sarReference } from './vocab.ts';
import { users } from '../organisation/tables.ts';

/** One month from the day a request is received: the same day next month, or that month's last day. */
export function oneMonthAfter(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const year = m === 12 ? y + 1 : y;
  const month = m === 12 ? 1 : m + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

// ---- Requests ----

/**
 * Opens a request about a young person the user sees. A request about someone they cannot see is
 * refused like a record that does not exist, and the refusal is audited.
 */
export async function openRequest(db: Db, ctx: RequestContext, user: SignedInUser, input: { youngPersonId: string; requester: string; body: unknown }): Promise<Outcome<{ id: string }, 'invalid' | 'not_found'>> {
  const yp = isUuid(input.youngPersonId) ? await findVisibleYoungPerson(db, user, input.youngPersonId) : null;
  if (!yp) {
    await auditRead(db, ctx, { action: 'create', recordKind: 'subject_access_request', outcome: 'denied', details: { refused: 'young_person_not_visible' } });
    return fail('not_found');
  }
  const errors: FieldErrors = {};
  if (!input.requester) errors.requester = 'Enter who made the request, for example the young person or their parent';
  else if (input.requester.length > 200) errors.requester = 'Who made the request must be 200 characters or fewer';
  const today = londonToday(now());
  const received = readDateInput(input.body, 'receivedOn', { label: 'Date received', required: 'Enter the date the request was received', latest: today, acceptIsoField: true });
  if (received.error) errors.receivedOn = received.error;
  else if (received.value! < addDays(today, -365)) errors.receivedOn = 'Date received must be within the last year';
  if (Object.keys(errors).length) return fail('invalid', errors);
  const created = await auditedCommand(
    db,
    ctx,
    (r: { id: string }) => ({ action: 'create', recordKind: 'subject_access_request', recordId: r.id, details: { youngPersonId: yp.id } }),
    async (tx) => {
      const [row] = await tx
        .insert(subjectAccessRequests)
        .values({ areaId: yp.areaId, youngPersonId: yp.id, requester: input.requester, receivedOn: received.value!, dueOn: oneMonthAfter(received.value!), openedByUserId: user.userId, openedAt: now() })
        .returning({ id: subjectAccessRequests.id });
      return row!;
    },
  );
  return succeed(created);
}

export type RequestRow = typeof subjectAccessRequests.$inferSelect;

/** A request of the user's area whose young person they still see. */
export async function findRequest(db: Db, user: SignedInUser, id: string): Promise<{ request: RequestRow; yp: YoungPersonRow } | null> {
  if (!isUuid(id)) return null;
  const [request] = await db.select().from(subjectAccessRequests).where(and(eq(subjectAccessRequests.id, id), eq(subjectAccessRequests.areaId, user.areaId)));
  const yp = request ? await findVisibleYoungPerson(db, user, request.youngPersonId) : null;
  return request && yp ? { request, yp } : null;
}

/** The area's requests, open ones first by due date; `show` narrows to open or overdue ones. */
export async function listRequests(db: Db, areaId: string, show: 'all' | 'open' | 'overdue') {
  const today = londonToday(now());
  const found = await rows<{ id: string; number: number; young_person_id: string; yp_number: number; received_on: string; due_on: string; completed_at: Date | null }>(
    db,
    sql`select r.id, r.number::int as number, r.young_person_id, yp.number::int as yp_number, r.received_on::text, r.due_on::text, r.completed_at
          from subject_access_requests r join young_people yp on yp.id = r.young_person_id
         where r.area_id = ${areaId}::uuid
           ${show === 'open' ? sql`and r.completed_at is null` : show === 'overdue' ? sql`and r.completed_at is null and r.due_on < ${today}::date` : sql``}
         order by (r.completed_at is null) desc, r.due_on, r.number`,
  );
  return found.map((r) => ({ id: r.id, reference: sarReference(Number(r.number)), recordReference: referenceFor(Number(r.yp_number)), youngPersonId: r.young_person_id, receivedOn: r.received_on, dueOn: r.due_on, completedAt: r.completed_at, overdue: !r.completed_at && r.due_on < today }));
}

export async function completeRequest(db: Db, ctx: RequestContext, user: SignedInUser, id: string): Promise<Outcome<undefined, 'not_found' | 'conflict'>> {
  const found = await findRequest(db, user, id);
  if (!found) return fail('not_found');
  if (found.request.completedAt) return fail('conflict', { complete: 'This request has already been marked as answered' });
  await auditedCommand(db, ctx, { action: 'update', recordKind: 'subject_access_request', recordId: id, details: { completed: true, youngPersonId: found.yp.id } }, async (tx) => {
    await tx.update(subjectAccessRequests).set({ completedAt: now(), completedByUserId: user.userId }).where(eq(subjectAccessRequests.id, id));
  });
  return succeed(undefined);
}

// ---- What is held ----

export interface DisclosureLine {
  label: string;
  text: string;
}

export interface DisclosureItem {
  /** Where the item comes from, stable across exports: `concern:<id>`. */
  key: string;
  section: string;
  title: string;
  when: string | null;
  lines: DisclosureLine[];
}

const SECTIONS = ['Record', 'Corrections', 'Concerns', 'Chronology', 'Risk assessments', 'Missing episodes', 'Panels', 'Strategy meetings', 'Case notes', 'Intelligence', 'Who has seen the record'] as const;

const line = (label: string, text: string | null | undefined): DisclosureLine[] => (text ? [{ label, text }] : []);
const dateTime = (d: Date | string | null) => (d ? formatDateTime(new Date(d)) : null);

/** Everything held about the young person, read through each domain's rule for `actor`. */
export async function gatherHeld(db: Db, actor: SignedInUser, yp: YoungPersonRow): Promise<DisclosureItem[]> {
  const items: DisclosureItem[] = [];
  const id = yp.id;
  const visible = (column: string) => youngPersonIdVisible(actor, sql.raw(column));
  items.push({
    key: `young_person:${id}`,
    section: 'Record',
    title: `${displayName(yp)} (${referenceFor(yp.number)})`,
    when: dateTime(yp.createdAt),
    lines: [
      ...line('First name', yp.givenName),
      ...line('Last name', yp.familyName),
      ...line('Other names', yp.aliases.join(', ')),
      ...line('Date of birth', yp.dateOfBirth ? formatDate(yp.dateOfBirth) : null),
      ...line('Address', yp.address),
      ...line('Postcode', yp.postcode),
      ...line('School or college', yp.school),
      ...line('Description', yp.description),
      ...line('Current risk level', yp.riskLevel),
    ],
  });
  const identifiers = await rows<{ kind: string; value: string }>(db, sql`select kind, value from young_person_identifiers where young_person_id = ${id}::uuid order by kind`);
  if (identifiers.length) items.push({ key: `identifiers:${id}`, section: 'Record', title: 'Identifiers', when: null, lines: identifiers.map((i) => ({ label: i.kind.replaceAll('_', ' '), text: i.value })) });

  for (const c of await correctionsOf(db, id)) {
    items.push({ key: `correction:${c.id}`, section: 'Corrections', title: `${c.fieldLabel} corrected`, when: dateTime(c.correctedAt), lines: [...line('Was', c.oldValue ?? '(empty)'), ...line('Now', c.newValue ?? '(empty)'), ...line('Why', c.reason), ...line('Corrected by', c.by)] });
  }

  const concernRows = await rows<{ id: string; number: number; submitted_at: Date; details: string | null; when_text: string | null; where_text: string | null; status: string; outcome: string | null; outcome_note: string | null }>(
    db,
    sql`select c.id, c.number::int as number, c.submitted_at, c.details, c.when_text, c.where_text, c.status, c.outcome, c.outcome_note from concerns c
         where c.young_person_id = ${id}::uuid and ${visible('c.young_person_id')} order by c.submitted_at`,
  );
  for (const c of concernRows) {
    items.push({ key: `concern:${c.id}`, section: 'Concerns', title: `Concern C-${c.number}`, when: dateTime(c.submitted_at), lines: [...line('What happened', c.details), ...line('When', c.when_text), ...line('Where', c.where_text), ...line('Status', c.status), ...line('Outcome', c.outcome), ...line('Outcome note', c.outcome_note)] });
  }

  const kinds = chronologyKinds();
  const chronology = await rows<{ id: string; occurred_at: Date; kind: string; summary: string }>(
    db,
    sql`select ce.id, ce.occurred_at, ce.kind, ce.summary from chronology_entries ce
         where ce.young_person_id = ${id}::uuid and ${visible('ce.young_person_id')} and ${chronologyEntryVisible(actor, sql.raw('ce.only_for_agency_id'))} order by ce.occurred_at`,
  );
  for (const e of chronology) items.push({ key: `chronology:${e.id}`, section: 'Chronology', title: kinds[e.kind] ?? e.kind, when: dateTime(e.occurred_at), lines: line('Entry', e.summary) });

  const assessments = await rows<{ id: string; number: number; assessed_at: Date; level: string; judgement_reason: string | null; summary: string[] | null }>(
    db,
    sql`select ra.id, ra.number::int as number, ra.assessed_at, ra.level, ra.judgement_reason, ra.result->'reasons'->'summary' as summary from risk_assessments ra
         where ra.young_person_id = ${id}::uuid and ${visible('ra.young_person_id')} order by ra.assessed_at`,
  );
  for (const a of assessments) {
    items.push({ key: `assessment:${a.id}`, section: 'Risk assessments', title: `Risk assessment RA-${a.number}`, when: dateTime(a.assessed_at), lines: [...line('Level', a.level), ...line('Reasons', Array.isArray(a.summary) ? a.summary.join('; ') : null), ...line('Professional judgement', a.judgement_reason)] });
  }

  const episodes = await rows<{ id: string; number: number; last_seen_at: Date; last_seen_where: string | null; returned_at: Date | null; found_where: string | null; while_away: string | null; status: string }>(
    db,
    sql`select me.id, me.number::int as number, me.last_seen_at, me.last_seen_where, me.returned_at, me.found_where, me.while_away, me.status from missing_episodes me
         where me.young_person_id = ${id}::uuid and ${visible('me.young_person_id')} order by me.last_seen_at`,
  );
  for (const e of episodes) {
    items.push({ key: `missing:${e.id}`, section: 'Missing episodes', title: `Missing episode M-${e.number}`, when: dateTime(e.last_seen_at), lines: [...line('Last seen', e.last_seen_where), ...line('Returned', dateTime(e.returned_at)), ...line('Found', e.found_where), ...line('While away', e.while_away), ...line('Status', e.status)] });
  }

  const panelItems = await rows<{ id: string; panel: string; meets_on: string; notes: string | null; outcome: string | null; plan: string | null; level_agreed: string | null }>(
    db,
    sql`select ai.id, p.name as panel, m.meets_on::text, ai.notes, ai.outcome, ai.plan, ai.level_agreed from agenda_items ai
          join panel_meetings m on m.id = ai.meeting_id join panels p on p.id = m.panel_id
         where ai.young_person_id = ${id}::uuid and ${visible('ai.young_person_id')} order by m.meets_on`,
  );
  for (const i of panelItems) {
    items.push({ key: `agenda_item:${i.id}`, section: 'Panels', title: i.panel, when: formatDate(i.meets_on), lines: [...line('Notes', i.notes), ...line('Outcome', i.outcome), ...line('Plan', i.plan), ...line('Level agreed', i.level_agreed)] });
  }

  const meetings = await rows<{ id: string; number: number; held_at: Date; information_shared: string | null; decisions: string | null }>(
    db,
    sql`select sm.id, sm.number::int as number, sm.held_at, sm.information_shared, sm.decisions from strategy_meetings sm
         where sm.young_person_id = ${id}::uuid and ${visible('sm.young_person_id')} order by sm.held_at`,
  );
  for (const m of meetings) items.push({ key: `strategy_meeting:${m.id}`, section: 'Strategy meetings', title: `Strategy meeting SM-${m.number}`, when: dateTime(m.held_at), lines: [...line('Information shared', m.information_shared), ...line('Decisions', m.decisions)] });

  const notes = await rows<{ id: string; contact_on: string; contact_type: string; text: string }>(
    db,
    sql`select n.id, n.contact_on::text, n.contact_type, n.text from case_notes n
         where n.young_person_id = ${id}::uuid and ${visible('n.young_person_id')} and (n.visibility = 'partnership' or n.agency_id = ${actor.agencyId}::uuid) order by n.contact_on`,
  );
  for (const n of notes) items.push({ key: `case_note:${n.id}`, section: 'Case notes', title: `Case note (${n.contact_type.replaceAll('_', ' ')})`, when: formatDate(n.contact_on), lines: line('Note', n.text) });

  // Intelligence as partners read it: an entry with handling code C only in its sanitised form.
  for (const e of await entriesFor(db, actor, [{ kind: 'young_person', id }])) {
    const text = e.handling === 'C' ? (e.sanitisedText ?? (e.fullText ? null : e.text)) : e.text;
    items.push({ key: `intelligence:${e.id}`, section: 'Intelligence', title: `Intelligence received ${formatDate(e.receivedOn)}`, when: formatDate(e.receivedOn), lines: line('Intelligence', text ?? 'Held; not disclosed under its handling code') });
  }

  const seen = await seenBy(db, yp.areaId, id);
  if (seen.length) {
    items.push({
      key: `seen_by:${id}`,
      section: 'Who has seen the record',
      title: `${seen.length} ${seen.length === 1 ? 'entry' : 'entries'}`,
      when: null,
      lines: seen.map((s) => ({ label: formatDateTime(s.occurredAt), text: `${SEEN_KINDS[s.kind]}: ${s.userName ?? 'not signed in'}${s.agencyName ? `, ${s.agencyName}` : ''}${s.roleLabel ? ` (${s.roleLabel})` : ''}` })),
    });
  }
  return items;
}

// ---- Third parties ----

export interface FoundThirdParty {
  itemKey: string;
  location: string;
  kind: keyof typeof REDACTION_KINDS;
  value: string;
}

interface KnownName {
  value: string;
  kind: 'young_person' | 'adult' | 'practitioner';
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Names of other people Lantern holds in the area: other young people, adults of concern, staff. */
async function knownNames(db: Db, yp: YoungPersonRow): Promise<KnownName[]> {
  const own = new Set([yp.givenName, yp.familyName, ...yp.aliases].filter(Boolean).map((n) => n!.toLowerCase()));
  const found = await rows<{ kind: KnownName['kind']; name: string }>(
    db,
    sql`select 'young_person' as kind, trim(coalesce(given_name, '') || ' ' || coalesce(family_name, '')) as name from young_people where area_id = ${yp.areaId}::uuid and id <> ${yp.id}::uuid
        union all select 'young_person', family_name from young_people where area_id = ${yp.areaId}::uuid and id <> ${yp.id}::uuid and family_name is not null
        union all select 'young_person', given_name from young_people where area_id = ${yp.areaId}::uuid and id <> ${yp.id}::uuid and given_name is not null
        union all select 'young_person', unnest(aliases) from young_people where area_id = ${yp.areaId}::uuid and id <> ${yp.id}::uuid
        union all select 'adult', name from adults_of_concern where area_id = ${yp.areaId}::uuid and name is not null
        union all select 'adult', unnest(aliases) from adults_of_concern where area_id = ${yp.areaId}::uuid
        union all select 'practitioner', name from users where area_id = ${yp.areaId}::uuid`,
  );
  const names = new Map<string, KnownName>();
  for (const f of found) {
    const value = f.name?.trim();
    if (!value || value.length < 3 || own.has(value.toLowerCase())) continue;
    if (!names.has(value.toLowerCase())) names.set(value.toLowerCase(), { value, kind: f.kind });
  }
  // Longest first, so "Jordan Reeves" is found before "Reeves".
  return [...names.values()].sort((a, b) => b.value.length - a.value.length);
}

/** The third-party details in one text: known names, identifiers written in it, others' postcodes. */
function thirdPartiesIn(text: string, names: KnownName[], ownPostcode: string | null): { kind: FoundThirdParty['kind']; value: string }[] {
  const found: { kind: FoundThirdParty['kind']; value: string }[] = [];
  let rest = text;
  for (const n of names) {
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(n.value)}(?![\\p{L}\\p{N}])`, 'giu');
    if (pattern.test(rest)) {
      found.push({ kind: n.kind, value: n.value });
      rest = rest.replace(pattern, ' ');
    }
  }
  for (const i of findIdentifiersInText(rest).found) found.push({ kind: i.kind, value: i.asTyped });
  for (const match of rest.matchAll(/\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/gi)) {
    const parsed = parseUkPostcode(match[0]);
    if (parsed && parsed.normalised !== ownPostcode) found.push({ kind: 'postcode', value: match[0] });
  }
  return found;
}

/** Every third-party detail in the items, once per item and value, with where it is. */
export async function findThirdParties(db: Db, yp: YoungPersonRow, items: DisclosureItem[]): Promise<FoundThirdParty[]> {
  const names = await knownNames(db, yp);
  const found = new Map<string, FoundThirdParty>();
  for (const item of items) {
    for (const l of item.lines) {
      for (const t of thirdPartiesIn(l.text, names, yp.postcode)) {
        const key = `${item.key} ${t.value.toLowerCase()}`;
        if (!found.has(key)) found.set(key, { itemKey: item.key, location: `${item.section}: ${item.title}${item.when ? `, ${item.when}` : ''} (${l.label})`, kind: t.kind, value: t.value });
      }
    }
  }
  return [...found.values()];
}

// ---- The review ----

export interface RedactionView extends FoundThirdParty {
  id: string | null;
  status: 'redacted' | 'confirmed' | 'released';
  kindLabel: string;
}

/** The redactions of a request: every third-party detail found now, with the DPO's decision on it when there is one. */
export async function redactionsFor(db: Db, requestId: string, found: FoundThirdParty[]): Promise<RedactionView[]> {
  const decided = await db.select().from(subjectAccessRedactions).where(eq(subjectAccessRedactions.requestId, requestId));
  const byKey = new Map(decided.map((d) => [`${d.itemKey} ${d.value.toLowerCase()}`, d]));
  return found.map((f) => {
    const d = byKey.get(`${f.itemKey} ${f.value.toLowerCase()}`);
    return { ...f, id: d?.id ?? null, status: (d?.status as RedactionView['status']) ?? 'redacted', kindLabel: REDACTION_KINDS[f.kind] };
  });
}

/** Confirms or releases one redaction (found again from the item, so only a real one can be decided). */
export async function decideRedaction(
  db: Db,
  ctx: RequestContext,
  user: SignedInUser,
  requestId: string,
  input: { itemKey: string; value: string; decision: string },
): Promise<Outcome<undefined, 'invalid' | 'not_found'>> {
  const found = await findRequest(db, user, requestId);
  if (!found) return fail('not_found');
  if (input.decision !== 'confirmed' && input.decision !== 'released') return fail('invalid', { decision: 'Choose whether to keep the redaction or release the text' });
  const items = await gatherHeld(db, user, found.yp);
  const third = (await findThirdParties(db, found.yp, items)).find((t) => t.itemKey === input.itemKey && t.value.toLowerCase() === input.value.toLowerCase());
  if (!third) return fail('invalid', { decision: 'This redaction is no longer in what would be disclosed' });
  await auditedCommand(db, ctx, { action: 'update', recordKind: 'subject_access_request', recordId: requestId, details: { redaction: input.decision, kind: third.kind, youngPersonId: found.yp.id } }, async (tx) => {
    await tx
      .insert(subjectAccessRedactions)
      .values({ requestId, itemKey: third.itemKey, location: third.location, kind: third.kind, value: third.value, status: input.decision, decidedByUserId: user.userId, decidedAt: now() })
      .onConflictDoUpdate({ target: [subjectAccessRedactions.requestId, subjectAccessRedactions.itemKey, subjectAccessRedactions.value], set: { status: input.decision, decidedByUserId: user.userId, decidedAt: now() } });
  });
  return succeed(undefined);
}

export async function exemptionsFor(db: Db, requestId: string) {
  const found = await db
    .select({ id: subjectAccessExemptions.id, itemKey: subjectAccessExemptions.itemKey, location: subjectAccessExemptions.location, exemption: subjectAccessExemptions.exemption, reason: subjectAccessExemptions.reason, recordedAt: subjectAccessExemptions.recordedAt, by: users.name })
    .from(subjectAccessExemptions)
    .innerJoin(users, eq(users.id, subjectAccessExemptions.recordedByUserId))
    .where(eq(subjectAccessExemptions.requestId, requestId))
    .orderBy(asc(subjectAccessExemptions.recordedAt));
  return found.map((e) => ({ ...e, exemptionLabel: isOneOf(EXEMPTIONS, e.exemption) ? EXEMPTIONS[e.exemption] : e.exemption }));
}

/** Holds one item back under an exemption, with a reason. */
export async function recordExemption(
  db: Db,
  ctx: RequestContext,
  user: SignedInUser,
  requestId: string,
  input: { itemKey: string; exemption: string; reason: string },
): Promise<Outcome<undefined, 'invalid' | 'not_found'>> {
  const found = await findRequest(db, user, requestId);
  if (!found) return fail('not_found');
  const errors: FieldErrors = {};
  const items = await gatherHeld(db, user, found.yp);
  const item = items.find((i) => i.key === input.itemKey);
  if (!item) errors.itemKey = 'Choose the item to hold back from the list';
  if (!isOneOf(EXEMPTIONS, input.exemption)) errors.exemption = 'Choose the exemption that applies';
  if (!input.reason) errors.reason = 'Enter why the exemption applies to this item';
  else if (input.reason.length > 2000) errors.reason = 'The reason must be 2,000 characters or fewer';
  if (Object.keys(errors).length) return fail('invalid', errors);
  await auditedCommand(db, ctx, { action: 'update', recordKind: 'subject_access_request', recordId: requestId, details: { exemption: input.exemption, youngPersonId: found.yp.id } }, async (tx) => {
    await tx
      .insert(subjectAccessExemptions)
      .values({ requestId, itemKey: item!.key, location: `${item!.section}: ${item!.title}${item!.when ? `, ${item!.when}` : ''}`, exemption: input.exemption, reason: input.reason, recordedByUserId: user.userId, recordedAt: now() })
      .onConflictDoUpdate({ target: [subjectAccessExemptions.requestId, subjectAccessExemptions.itemKey], set: { exemption: input.exemption, reason: input.reason, recordedByUserId: user.userId, recordedAt: now() } });
  });
  return succeed(undefined);
}

// ---- The answer ----

export interface SubjectAccessAnswer {
  reference: string;
  youngPerson: { reference: string; name: string };
  requester: string;
  receivedOn: string;
  dueOn: string;
  generatedAt: string;
  sections: { heading: string; items: { title: string; when: string | null; withheld: boolean; lines: DisclosureLine[] }[] }[];
  redactions: { location: string; kind: string }[];
  withheldItems: number;
}

const REDACTED = (kind: FoundThirdParty['kind']) => `[redacted: ${REDACTION_KINDS[kind].toLowerCase()}]`;

/** Applies the redactions still in force (all but released ones) to one text. */
function redact(text: string, redactions: RedactionView[]): string {
  let out = text;
  for (const r of [...redactions].sort((a, b) => b.value.length - a.value.length)) {
    out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(r.value)}(?![\\p{L}\\p{N}])`, 'giu'), REDACTED(r.kind));
  }
  return out;
}

/** The answer as it would be sent: redactions applied, exempt items held back. */
export async function buildAnswer(db: Db, user: SignedInUser, found: { request: RequestRow; yp: YoungPersonRow }): Promise<SubjectAccessAnswer> {
  const items = await gatherHeld(db, user, found.yp);
  const redactions = (await redactionsFor(db, found.request.id, await findThirdParties(db, found.yp, items))).filter((r) => r.status !== 'released');
  const exempt = new Set((await exemptionsFor(db, found.request.id)).map((e) => e.itemKey));
  const sections = SECTIONS.map((heading) => ({
    heading,
    items: items
      .filter((i) => i.section === heading)
      .map((i) =>
        exempt.has(i.key)
          ? { title: i.title, when: i.when, withheld: true, lines: [{ label: 'Withheld', text: 'This item is held back under an exemption in the Data Protection Act 2018.' }] }
          : { title: i.title, when: i.when, withheld: false, lines: i.lines.map((l) => ({ label: l.label, text: redact(l.text, redactions.filter((r) => r.itemKey === i.key)) })) },
      ),
  })).filter((s) => s.items.length);
  return {
    reference: sarReference(found.request.number),
    youngPerson: { reference: referenceFor(found.yp.number), name: displayName(found.yp) },
    requester: found.request.requester,
    receivedOn: found.request.receivedOn,
    dueOn: found.request.dueOn,
    generatedAt: now().toISOString(),
    sections,
    redactions: redactions.filter((r) => !exempt.has(r.itemKey)).map((r) => ({ location: r.location, kind: REDACTION_KINDS[r.kind] })),
    withheldItems: exempt.size,
  };
}

/**
 * Records that the answer left Lantern, under the right of access, with who produced it (a sharing
 * decision, audited as such; the download itself is the route's export row).
 */
export async function recordAnswerShared(db: Db, ctx: RequestContext, user: SignedInUser, found: { request: RequestRow; yp: YoungPersonRow }, format: 'pdf' | 'json', counts: { redactions: number; withheldItems: number }) {
  await auditedCommand(
    db,
    ctx,
    { action: 'create', recordKind: 'sharing_decision', details: { requestId: found.request.id, format, youngPersonId: found.yp.id, basis: 'right_of_access', ...counts } },
    async (tx) => {
      await tx.insert(sharingDecisions).values({ areaId: found.yp.areaId, youngPersonId: found.yp.id, kind: 'subject_access', recipient: 'The requester', basis: 'right_of_access', reference: sarReference(found.request.number), decidedByUserId: user.userId, decidedAt: now() });
    },
  );
}

// ---- Worklist and deadlines ----

/** Open requests and overdue ones, for the coordinator's and DPO's home page. */
export const subjectAccessWorklist: Worklist = {
  id: 'subjectAccessRequests',
  roles: DATA_PROTECTION_ROLES,
  async load(request): Promise<WorkCounts | null> {
    const db = request.server.lantern.database.db;
    const today = londonToday(now());
    const [c] = await rows<{ open: number; overdue: number; oldest_open: string | null; oldest_overdue: string | null }>(
      db,
      sql`select count(*)::int as open, count(*) filter (where due_on < ${today}::date)::int as overdue,
                 min(received_on)::text as oldest_open, min(due_on) filter (where due_on < ${today}::date)::text as oldest_overdue
            from subject_access_requests where area_id = ${request.user!.areaId}::uuid and completed_at is null`,
    );
    if (!c || !c.open) return null;
    return {
      heading: 'Subject-access requests',
      counts: [
        { label: 'requests to answer', one: 'request to answer', count: c.open, oldest: c.oldest_open ? londonDayStart(c.oldest_open) : null, href: '/data-protection/requests?show=open' },
        { label: 'requests overdue', one: 'request overdue', count: c.overdue, oldest: c.oldest_overdue ? londonDayStart(addDays(c.oldest_overdue, 1)) : null, href: '/data-protection/requests?show=overdue', late: true },
      ],
    };
  },
};

export const subjectAccessDeadlines: DeadlineSource[] = [
  {
    kind: 'subject_access',
    label: 'a subject-access request',
    href: '/data-protection/requests?show=open',
    async due(db, areaId, until) {
      const list = await db
        .select({ id: subjectAccessRequests.id, number: subjectAccessRequests.number, dueOn: subjectAccessRequests.dueOn, openedBy: subjectAccessRequests.openedByUserId })
        .from(subjectAccessRequests)
        .where(and(eq(subjectAccessRequests.areaId, areaId), isNull(subjectAccessRequests.completedAt), sql`${subjectAccessRequests.dueOn} < ${londonToday(until)}::date`))
        .orderBy(asc(subjectAccessRequests.dueOn));
      // Due by the end of the UK day it falls on.
      return list.map((r) => ({ id: r.id, dueAt: londonDayStart(addDays(r.dueOn, 1)), reference: sarReference(r.number), ownerUserIds: [r.openedBy], ownerRoles: ['data_protection_officer'] as const }));
    },
  },
];

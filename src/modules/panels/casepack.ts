/**
 * The case pack for one agenda item, generated from the records (never retyped): for each young
 * person it is about, a list of sections. A section is plain data, rendered the same way in the
 * printable HTML page and in the PDF, so a new section is one more entry in `youngPersonPack`.
 *
 * Every read here goes through the young-person policy: a young person the reader may not see is
 * left out of the pack (and a pack with nobody in it is "not found").
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../platform/audit/audit.ts';
import { markedPdf } from '../../platform/pdf.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import type { Db } from '../../platform/db/database.ts';
import { rows } from '../../platform/db/database.ts';
import { formatDate, formatDateTime, formatDuration } from '../../platform/views/filters.ts';
import { displayName, findVisibleYoungPerson, referenceFor, type YoungPersonRow, riskLevelLabel, chronologyKinds, youngPersonIdVisible } from '../young-people/index.ts';
import { visibleEpisodes } from '../missing/index.ts';
import { missingEpisodes } from '../missing/tables.ts';
import { disruptionsFor, type DisruptionForViewer, entriesFor, entryTextWithConditions, type EntryForViewer, findVisiblePlace, placeSummary, seesFullIntelligence, linkedAdultsAndPlaces, DISRUPTION_KINDS, DISRUPTION_OUTCOMES, label as intelligenceLabel, placeReference } from '../intelligence/index.ts';
import type { AgendaRow } from './queries.ts';
import { londonToday } from '../../platform/time.ts';
import { currentInstrument, type Instrument, readableLine } from '../risk/index.ts';
import { actionReference, label, ORIGINS, urgencyLabel } from './vocab.ts';

export interface PackLine {
  /** A date or short label shown before the text. */
  when?: string;
  text: string;
  /** A warning shown with the line, e.g. "Overdue". */
  flag?: string;
}

export interface PackSection {
  id: string;
  heading: string;
  /** The summary comes first, then the detail. */
  part?: 'summary' | 'detail';
  lines: PackLine[];
  /** Said when there are no lines. */
  empty: string;
}

export interface YoungPersonPack {
  id: string;
  name: string;
  reference: string;
  sections: PackSection[];
}

export interface PlacePack {
  id: string;
  name: string;
  reference: string;
  sections: PackSection[];
  /** The young people named in the pack, for the audit row. */
  youngPersonIds: string[];
}

export interface CasePack {
  title: string;
  panelName: string;
  meetsOn: string;
  item: { position: number; origin: string; urgency: string; reason: string | null; referralNumber: number | null };
  /** For a peer group: its name and description. */
  group: { name: string; description: string | null } | null;
  people: YoungPersonPack[];
  /** For a place of concern: its own sections (the young people linked to it are listed, not given packs). */
  place: PlacePack | null;
  generatedAt: Date;
}

const HIGHLIGHT_KINDS = ['concern', 'triage', 'assessment', 'missing', 'panel', 'disruption', 'action'];

/** The latest assessment's reasons, in the instrument's own words (never its indicator codes). */
async function latestAssessment(db: Db, yp: YoungPersonRow, instrument: Instrument) {
  const [latest] = await rows<{ id: string; number: number; assessed_at: Date; summary: string[] | null; judgement_reason: string | null; next_review_due: string | null }>(
    db,
    sql`select id, number, assessed_at, result->'reasons'->'summary' as summary, judgement_reason, next_review_due::text
        from risk_assessments where young_person_id = ${yp.id} and superseded_at is null order by assessed_at desc limit 1`,
  );
  return latest ? { ...latest, reasons: (latest.summary ?? []).map((line) => readableLine(line, instrument)) } : null;
}

type LatestAssessment = Awaited<ReturnType<typeof latestAssessment>>;

/** Reasons the summary gives for the level; the detail has them all. */
const SUMMARY_REASONS = 4;

/** The current level (the one every page shows), what it means, where it came from, and the main reasons. */
async function levelSection(db: Db, yp: YoungPersonRow, instrument: Instrument, latest: LatestAssessment): Promise<PackSection> {
  const level = instrument.levels.find((l) => l.id === yp.riskLevel);
  const lines: PackLine[] = [{ when: 'Level', text: level ? `${level.label}. ${level.description}` : riskLevelLabel(yp.riskLevel, instrument.levels) }];
  if (yp.riskLevelSource === 'panel' && yp.riskLevelSourceId) {
    const [decision] = await rows<{ panel: string; decided_at: Date }>(db, sql`select p.name as panel, ai.decided_at from agenda_items ai join panel_meetings m on m.id = ai.meeting_id join panels p on p.id = m.panel_id where ai.id = ${yp.riskLevelSourceId}`);
    if (decision) lines.push({ when: 'Set by', text: `The panel's decision at ${decision.panel} on ${formatDate(decision.decided_at)}` });
  } else if (latest && yp.riskLevel) lines.push({ when: 'Set by', text: `Risk assessment RA-${latest.number} on ${formatDate(latest.assessed_at)}` });
  if (latest) {
    for (const reason of latest.reasons.slice(0, SUMMARY_REASONS)) lines.push({ when: 'Why', text: reason });
    if (latest.judgement_reason) lines.push({ when: 'Professional judgement', text: latest.judgement_reason });
  } else lines.push({ text: 'There is no risk assessment yet.' });
  return { id: 'level', part: 'summary', heading: 'Current level of risk and why', lines, empty: '' };
}

/** Every reason the latest assessment gave, for those who want the detail. */
function assessmentSection(latest: LatestAssessment): PackSection {
  const lines: PackLine[] = latest ? [{ when: 'Assessed', text: `RA-${latest.number} on ${formatDate(latest.assessed_at)}${latest.next_review_due ? `; review due by ${formatDate(latest.next_review_due)}` : ''}` }, ...latest.reasons.map((text) => ({ text }))] : [];
  return { id: 'assessment', part: 'detail', heading: 'How the latest risk assessment reached its level', lines, empty: 'There is no risk assessment yet.' };
}

/** The newest changes the summary lists; the record's chronology has the rest. */
const CHANGES_SHOWN = 12;

/** Chronology entries since the young person was last decided on at any panel (or the last 90 days). */
async function changedSection(db: Db, yp: YoungPersonRow, beforeItemId: string): Promise<PackSection> {
  const [last] = await rows<{ decided_at: Date; panel: string }>(
    db,
    sql`select ai.decided_at, p.name as panel from agenda_items ai join panel_meetings m on m.id = ai.meeting_id join panels p on p.id = m.panel_id
        where ai.id <> ${beforeItemId} and ai.outcome = 'decided'
          and (ai.young_person_id = ${yp.id} or exists (select 1 from peer_group_members gm where gm.peer_group_id = ai.peer_group_id and gm.young_person_id = ${yp.id}))
        order by ai.decided_at desc limit 1`,
  );
  const since = last?.decided_at ?? new Date(Date.now() - 90 * 86_400_000);
  const entries = await rows<{ occurred_at: Date; kind: string; summary: string; total: number }>(
    db,
    sql`select occurred_at, kind, summary, count(*) over ()::int as total from chronology_entries where young_person_id = ${yp.id} and only_for_agency_id is null and occurred_at > ${since} order by occurred_at desc limit ${CHANGES_SHOWN}`,
  );
  const more = (entries[0]?.total ?? 0) - entries.length;
  return {
    id: 'changed',
    part: 'summary',
    heading: last ? `What has changed since the last review (${last.panel}, ${formatDate(last.decided_at)})` : 'What has changed in the last 90 days (no earlier panel review)',
    lines: [
      ...entries.map((e) => ({ when: formatDate(e.occurred_at), text: `${chronologyKinds()[e.kind] ?? 'Entry'}: ${e.summary}` })),
      ...(more > 0 ? [{ text: `And ${more} earlier ${more === 1 ? 'entry' : 'entries'} since then, in the young person's chronology.` }] : []),
    ],
    empty: 'Nothing new has been recorded since then.',
  };
}

async function highlightsSection(db: Db, yp: YoungPersonRow): Promise<PackSection> {
  const entries = await rows<{ occurred_at: Date; kind: string; summary: string }>(
    db,
    sql`select occurred_at, kind, summary from chronology_entries
        where young_person_id = ${yp.id} and only_for_agency_id is null and kind in (${sql.join(HIGHLIGHT_KINDS.map((k) => sql`${k}`), sql`, `)})
        order by occurred_at desc limit 15`,
  );
  return {
    id: 'chronology',
    part: 'detail',
    heading: 'Chronology highlights',
    lines: entries.map((e) => ({ when: formatDate(e.occurred_at), text: `${chronologyKinds()[e.kind] ?? 'Entry'}: ${e.summary}` })),
    empty: 'The chronology has no concerns, assessments, missing episodes or panel decisions.',
  };
}

async function missingSection(db: Db, actor: Actor, yp: YoungPersonRow, now: Date): Promise<PackSection> {
  const episodes = await rows<{ number: number; last_seen_at: Date; returned_at: Date | null; found_where: string | null; looked_after: boolean }>(
    db,
    sql`select ${missingEpisodes.number} as number, ${missingEpisodes.lastSeenAt} as last_seen_at, ${missingEpisodes.returnedAt} as returned_at, ${missingEpisodes.foundWhere} as found_where, ${missingEpisodes.lookedAfter} as looked_after
        from ${missingEpisodes}
        where ${missingEpisodes.youngPersonId} = ${yp.id} and ${visibleEpisodes(actor)}
          and coalesce(${missingEpisodes.returnedAt}, ${now}) > ${new Date(now.getTime() - 90 * 86_400_000)}
        order by ${missingEpisodes.lastSeenAt} desc`,
  );
  return {
    id: 'missing',
    part: 'detail',
    heading: `Missing episodes in the last 90 days (${episodes.length})`,
    lines: episodes.map((e) => ({
      when: formatDateTime(e.last_seen_at),
      text: `M-${e.number}: ${e.returned_at ? `away ${formatDuration((new Date(e.returned_at).getTime() - new Date(e.last_seen_at).getTime()) / 3_600_000)}${e.found_where ? `, found at ${e.found_where}` : ''}` : 'still missing'}`,
      flag: e.returned_at ? undefined : 'Missing now',
    })),
    empty: 'No missing episodes in the last 90 days.',
  };
}

async function actionsSection(db: Db, yp: YoungPersonRow, today: string): Promise<PackSection> {
  return openActionsSection(db, sql`pa.young_person_id = ${yp.id}`, today);
}

/** Open actions agreed on any agenda item about the place. */
async function placeActionsSection(db: Db, placeId: string, today: string): Promise<PackSection> {
  return openActionsSection(db, sql`pa.agenda_item_id in (select ai.id from agenda_items ai where ai.place_id = ${placeId})`, today);
}

async function openActionsSection(db: Db, which: SQL, today: string): Promise<PackSection> {
  const actions = await rows<{ number: number; description: string; agency: string; owner: string | null; due_on: string; overdue: boolean }>(
    db,
    sql`select pa.number, pa.description, a.name as agency, u.name as owner, pa.due_on::text, pa.due_on < ${today}::date as overdue
        from panel_actions pa join agencies a on a.id = pa.owner_agency_id left join users u on u.id = pa.owner_user_id
        where ${which} and pa.status = 'open' order by pa.due_on`,
  );
  return {
    id: 'actions',
    part: 'summary',
    heading: 'Open actions',
    lines: actions.map((a) => ({ when: `Due ${formatDate(a.due_on)}`, text: `${actionReference(a.number)}: ${a.description} – ${a.owner ? `${a.owner}, ` : ''}${a.agency}`, flag: a.overdue ? 'Overdue' : undefined })),
    empty: 'No open actions.',
  };
}

async function viewsSection(db: Db, yp: YoungPersonRow): Promise<PackSection> {
  const views = await rows<{ number: number; referred_at: Date; young_person_views: string | null; family_views: string | null }>(
    db,
    sql`select number, referred_at, young_person_views, family_views from panel_referrals
        where young_person_id = ${yp.id} and (young_person_views is not null or family_views is not null) order by referred_at desc limit 3`,
  );
  const lines: PackLine[] = [];
  for (const v of views) {
    if (v.young_person_views) lines.push({ when: `Young person (PR-${v.number}, ${formatDate(v.referred_at)})`, text: v.young_person_views });
    if (v.family_views) lines.push({ when: `Family (PR-${v.number}, ${formatDate(v.referred_at)})`, text: v.family_views });
  }
  return { id: 'views', part: 'summary', heading: "The young person's own views, and their family's", lines, empty: 'Not recorded. Ask the lead professional to bring them to the meeting.' };
}

const entryLine = (e: EntryForViewer): PackLine => ({
  when: `${formatDate(e.receivedOn)}, graded ${e.grade}`,
  // Partners read a C-handling entry only as its sanitised text, are told so, and get its handling conditions with it.
  text: entryTextWithConditions(e),
  flag: e.fullText && e.handling === 'C' ? 'Handling C: partners see the sanitised version only' : undefined,
});

const stepLine = (d: DisruptionForViewer): PackLine => ({
  when: formatDate(d.occurredOn),
  text: [intelligenceLabel(DISRUPTION_KINDS, d.kind), d.details, d.outcome ? `Outcome: ${intelligenceLabel(DISRUPTION_OUTCOMES, d.outcome)}${d.outcomeReason ? ` (${d.outcomeReason})` : ''}` : null].filter(Boolean).join('; '),
});

/** The adults and places linked to the young person, with intelligence as this reader may read it (intelligence module). */
async function linkedSection(db: Db, reader: SignedInUser, yp: YoungPersonRow): Promise<PackSection> {
  const linked = await linkedAdultsAndPlaces(db, reader, yp.id);
  const lines: PackLine[] = [];
  for (const a of linked?.adults ?? []) lines.push({ when: 'Adult', text: `${a.label} – ${a.how.join('; ')}` });
  for (const p of linked?.places ?? []) lines.push({ when: 'Place', text: `${p.label} – ${p.how.join('; ')}` });
  for (const e of linked?.intelligence ?? []) lines.push({ ...entryLine(e), when: `Intelligence, ${entryLine(e).when}` });
  for (const d of linked?.disruptions ?? []) lines.push({ ...stepLine(d), when: `Disruption, ${stepLine(d).when}` });
  return { id: 'linked', part: 'detail', heading: 'Linked adults and places', lines, empty: 'No adults or places of concern you may see are linked to this young person.' };
}

/** One young person's part of the pack. */
export async function youngPersonPack(db: Db, actor: SignedInUser, yp: YoungPersonRow, itemId: string, now = new Date()): Promise<YoungPersonPack> {
  const today = londonToday(now);
  const instrument = await currentInstrument(db, actor.areaId);
  const latest = await latestAssessment(db, yp, instrument);
  // What changed, their views, the level and the actions first: the detail follows for those who need it.
  const sections = [
    await changedSection(db, yp, itemId),
    await viewsSection(db, yp),
    await levelSection(db, yp, instrument, latest),
    await actionsSection(db, yp, today),
    assessmentSection(latest),
    await highlightsSection(db, yp),
    await missingSection(db, actor, yp, now),
    await linkedSection(db, actor, yp),
  ];
  return { id: yp.id, name: displayName(yp), reference: referenceFor(yp.number), sections };
}

/**
 * The young people linked to a place (a recorded link, a concern raised there, a shared disruption
 * step or intelligence entry): those the reader may see by name, the rest only counted.
 */
async function placePeopleSection(db: Db, actor: Actor, placeId: string): Promise<{ section: PackSection; ids: string[] }> {
  const linked = await rows<{ id: string | null; number: number | null; name: string | null; risk_level: string | null; how: string[] | null; hidden: number }>(
    db,
    sql`with linked as (
          select young_person_id, 'a recorded link' as how from intelligence_links where place_id = ${placeId} and young_person_id is not null
          union select young_person_id, 'a concern raised there' from concerns where place_id = ${placeId} and young_person_id is not null
          union select y.young_person_id, 'a disruption step' from disruption_subjects a join disruption_subjects y on y.disruption_id = a.disruption_id and y.young_person_id is not null where a.place_id = ${placeId}
          union select y.young_person_id, 'intelligence' from intelligence_subjects a join intelligence_subjects y on y.entry_id = a.entry_id and y.young_person_id is not null where a.place_id = ${placeId}
        ), people as (
          select yp.id, yp.number, yp.given_name, yp.family_name, yp.aliases, yp.risk_level, ${youngPersonIdVisible(actor, sql`yp.id`)} as visible,
                 array_agg(distinct l.how order by l.how) as how
            from linked l join young_people yp on yp.id = l.young_person_id and yp.area_id = ${actor.areaId} and yp.merged_into_id is null
           group by yp.id)
        select id, number::int as number,
               coalesce(nullif(trim(concat_ws(' ', given_name, family_name)), ''), 'Known as ' || aliases[1], 'Not yet identified') as name, risk_level, how, 0 as hidden
          from people where visible
        union all
        select null, null, null, null, null, count(*)::int from people where not visible
        order by hidden, name`,
  );
  const shown = linked.filter((r) => r.id);
  const hidden = linked.find((r) => !r.id)?.hidden ?? 0;
  const lines: PackLine[] = shown.map((r) => ({ when: `${r.name} (${referenceFor(Number(r.number))})`, text: `${riskLevelLabel(r.risk_level)}; linked through ${(r.how ?? []).join(', ')}` }));
  if (hidden) lines.push({ text: `${hidden} other young ${hidden === 1 ? 'person is' : 'people are'} linked to this place whose records you may not open.` });
  return { section: { id: 'people', heading: 'Young people linked to the place', lines, empty: 'No young people are linked to this place.' }, ids: shown.map((r) => r.id!) };
}

/** The pack for a place of concern, or null when the reader may not see the place. */
async function placePack(db: Db, reader: SignedInUser, placeId: string, today: string): Promise<PlacePack | null> {
  const place = await findVisiblePlace(db, reader, placeId);
  if (!place) return null;
  const about = [{ kind: 'place' as const, id: place.id }];
  const [people, entries, steps] = await Promise.all([placePeopleSection(db, reader, place.id), entriesFor(db, reader, about, 50), disruptionsFor(db, reader, about, 50)]);
  return {
    id: place.id,
    name: place.name,
    reference: placeReference(place.number),
    youngPersonIds: people.ids,
    sections: [
      { id: 'place', part: 'summary', heading: 'About the place', lines: placeSummary(place, seesFullIntelligence(reader)).map(([when, text]) => ({ when, text })), empty: '' },
      people.section,
      { id: 'intelligence', part: 'detail', heading: 'Intelligence about the place', lines: entries.map(entryLine), empty: 'No intelligence you may read is recorded about this place.' },
      { id: 'disruption', part: 'detail', heading: 'Disruption steps', lines: steps.map(stepLine), empty: 'No disruption steps you may see are recorded for this place.' },
      await placeActionsSection(db, place.id, today),
    ],
  };
}

/**
 * The pack for an agenda item, or null when the reader may see nothing it is about. For a peer
 * group, the members the reader may see (each with their own sections); for a place, the place.
 */
export async function buildCasePack(db: Db, actor: SignedInUser, context: { panelName: string; meetsOn: string }, item: AgendaRow, now = new Date()): Promise<CasePack | null> {
  const header = (title: string) => ({
    title,
    panelName: context.panelName,
    meetsOn: context.meetsOn,
    item: { position: item.position, origin: label(ORIGINS, item.origin), urgency: urgencyLabel(item.urgency), reason: item.referral_reason, referralNumber: item.referral_number },
    generatedAt: now,
  });
  if (item.place_id) {
    const place = await placePack(db, actor, item.place_id, londonToday(now));
    return place ? { ...header(`Case pack: ${place.name} (${place.reference})`), group: null, people: [], place } : null;
  }
  let ids: string[] = [];
  let group: CasePack['group'] = null;
  if (item.young_person_id) ids = [item.young_person_id];
  else if (item.peer_group_id) {
    const [g] = await rows<{ name: string; description: string | null }>(db, sql`select name, description from peer_groups where id = ${item.peer_group_id}`);
    group = g ?? null;
    ids = (await rows<{ id: string }>(db, sql`select young_person_id as id from peer_group_members where peer_group_id = ${item.peer_group_id} and removed_at is null`)).map((r) => r.id);
  }
  const people: YoungPersonPack[] = [];
  for (const id of ids) {
    const yp = await findVisibleYoungPerson(db, actor, id);
    if (yp) people.push(await youngPersonPack(db, actor, yp, item.id, now));
  }
  if (!people.length) return null;
  return { ...header(group ? `Case pack: ${group.name}` : `Case pack: ${people[0]!.name} (${people[0]!.reference})`), group, people, place: null };
}

const MARKING = 'OFFICIAL-SENSITIVE';
const HANDLING = 'For the members of this panel only. Do not copy or forward.';

/** The pack's parts in reading order: the summary, then the detail. */
export function packParts(sections: PackSection[]) {
  return [
    { heading: 'Summary', sections: sections.filter((s) => s.part !== 'detail') },
    { heading: 'The detail', sections: sections.filter((s) => s.part === 'detail') },
  ].filter((p) => p.sections.length);
}

const lineText = (line: PackLine) => `${line.flag ? `[${line.flag}] ` : ''}${line.when ? `${line.when}: ` : ''}${line.text}`;

/**
 * The pack as a PDF: the same sections as the page, in reading order. Every page carries the
 * protective marking at its top and foot, with the panel's date and "Page n of m". The document is
 * tagged (headings, paragraphs, its title and language) so that screen readers can follow it; the
 * marking and page numbers are marked as page furniture, not content.
 */
export function casePackPdf(pack: CasePack): Promise<Buffer> {
  return markedPdf({
    title: pack.title,
    subject: `${MARKING}: ${pack.panelName}, ${formatDate(pack.meetsOn)}`,
    marking: MARKING,
    runningHeader: `${pack.panelName}, ${formatDate(pack.meetsOn)}`,
    body({ write, moveDown }) {
      write('H1', pack.title, 'Helvetica-Bold', 18);
      write('P', `${pack.panelName}, meeting on ${formatDate(pack.meetsOn)}, item ${pack.item.position}. ${pack.item.origin}; ${pack.item.urgency}.`, 'Helvetica', 11);
      if (pack.item.reason) write('P', `Reason for referral${pack.item.referralNumber ? ` (PR-${pack.item.referralNumber})` : ''}: ${pack.item.reason}`, 'Helvetica', 11);
      if (pack.group?.description) write('P', `About the group: ${pack.group.description}`, 'Helvetica', 11);
      write('P', `Made ${formatDateTime(pack.generatedAt)} from the records in Lantern. ${HANDLING}`, 'Helvetica', 11);
      const several = !pack.place && pack.people.length > 1;
      for (const person of pack.place ? [pack.place] : pack.people) {
        moveDown();
        if (several || pack.place) write('H2', `${person.name} (${person.reference})`, 'Helvetica-Bold', 15);
        for (const part of packParts(person.sections)) {
          moveDown(0.5);
          write(several ? 'H3' : 'H2', part.heading, 'Helvetica-Bold', 14);
          for (const section of part.sections) {
            moveDown(0.5);
            write(several ? 'H4' : 'H3', section.heading, 'Helvetica-Bold', 12);
            if (!section.lines.length) write('P', section.empty, 'Helvetica', 10);
            for (const line of section.lines) write('P', lineText(line), 'Helvetica', 10, { indent: 10 });
          }
        }
      }
    },
  });
}

import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { auditedCommand, type RequestContext } from '../../platform/audit/audit.ts';
import { agencies, areas, users } from '../organisation/tables.ts';
import { AGENCY_KINDS, AGENCY_KIND_LABELS } from '../../platform/auth/roles.ts';
import { teamMembers, youngPeople, youngPersonIdentifiers } from '../young-people/tables.ts';
import { ETHNICITIES, LIVING_ARRANGEMENTS, MONITORING_FIELDS, PRIOR_INVOLVEMENT, type MonitoringAnswers, searchTextFor } from '../young-people/index.ts';
import { concernMentions, concerns } from '../concerns/tables.ts';
import { mentionMatchKey } from '../concerns/index.ts';
import { createDefaultInstrument, concernChecklist } from '../risk/index.ts';
import { generatePopulation, type SyntheticPerson, corruptPerson, WRITTEN_NICKNAMES, refreshLinkageKeys, trainAreaModel } from '../linkage/index.ts';
import { Random } from '../../platform/random.ts';

export interface GenerateOptions {
  youngPeople: number;
  concerns: number;
  seed: number;
  areaCode: string;
  /** Share of records that are a second, differently written record of someone already in the area; default 0.03. */
  duplicateShare?: number;
  /** Reported after each batch, for a progress bar. */
  onProgress?: (stage: string, done: number, total: number) => void;
}

const BATCH = 2000;
export const DEFAULT_DUPLICATE_SHARE = 0.03;
/** How a second record of the same young person differs from the first. */
const DUPLICATE_CORRUPTIONS = ['typo', 'phonetic', 'nickname', 'swapped_names', 'day_month_swap', 'outward_postcode', 'missing_field', 'hyphenated_surname_partial', 'transliteration'] as const;
const DAY = 86_400_000;
/** Fixed so the same seed always gives the same data, whatever the date it is run. */
const REFERENCE = Date.UTC(2026, 0, 1);

const DETAILS = [
  'Seen getting into a car with an older man outside school; she would not say who he was.',
  'Has a new phone and expensive clothes and will not say where they came from.',
  'Came back to the placement after midnight smelling of alcohol and with money.',
  'A friend says he is being sent to houses in other towns and given drugs.',
  'Talking to an adult online who asks her for pictures and sends gaming credit.',
  'Missing from home overnight; found in a flat with adults not known to the family.',
  'Disclosed that an older boyfriend makes her have sex with his friends.',
  'Regularly collected from the park by different cars late in the evening.',
  'Teacher concerned about marks on her arm and falling attendance since the summer.',
  'Housing officer saw young people coming and going from a flat at night.',
];
const OUTCOMES = ['no_further_action', 'advice_given', 'risk_assessment_requested', 'added_to_team', 'referred_to_panel'];

/** A plausible share of "not recorded" for each monitoring field, so the figures look like real records. */
function monitoringFor(random: Random): MonitoringAnswers {
  const answers: MonitoringAnswers = {};
  for (const field of MONITORING_FIELDS) {
    if (random.chance(0.35)) continue;
    if (field.kind === 'yes_no') answers[field.key] = random.chance(0.3) ? 'yes' : 'no';
    else if (field.kind === 'one') answers[field.key] = random.pick(field.options).value;
    else answers[field.key] = field.options.filter(() => random.chance(0.2)).map((o) => o.value);
  }
  return answers;
}

/**
 * Writes a realistic fictional area into the database: agencies and workers, young people with
 * nicknames, typos and swapped fields, teams around them, and concerns spread over three years,
 * a few young people with very many. The same seed always writes the same data.
 */
export async function generateArea(db: Db, ctx: RequestContext, options: GenerateOptions): Promise<{ areaId: string; youngPeople: number; concerns: number }> {
  const random = new Random(options.seed);
  const progress = options.onProgress ?? (() => {});
  const code = options.areaCode.toUpperCase();

  const { areaId, userPool } = await auditedCommand(db, ctx, (r: { areaId: string }) => ({ action: 'create', recordKind: 'area', recordId: r.areaId, details: { generated: true, seed: options.seed } }), async (tx) => {
    const [area] = await tx.insert(areas).values({ name: `Generated area ${code}`, code }).returning({ id: areas.id });
    const agencyIds: string[] = [];
    const userPool: { userId: string; agencyId: string }[] = [];
    for (const [i, kind] of [...AGENCY_KINDS, 'voluntary' as const].entries()) {
      const [agency] = await tx.insert(agencies).values({ areaId: area!.id, name: `${code} ${AGENCY_KIND_LABELS[kind]}${i === AGENCY_KINDS.length ? ' 2' : ''}`, kind }).returning({ id: agencies.id });
      agencyIds.push(agency!.id);
      const staff = await tx
        .insert(users)
        .values(Array.from({ length: 6 }, (_, n) => ({ areaId: area!.id, agencyId: agency!.id, email: `worker${n + 1}.${kind}${i}@${code.toLowerCase()}.generated.example`, name: `Worker ${n + 1} ${AGENCY_KIND_LABELS[kind]}`, role: 'practitioner' as const })))
        .returning({ id: users.id });
      userPool.push(...staff.map((s) => ({ userId: s.id, agencyId: agency!.id })));
    }
    await tx.insert(users).values({ areaId: area!.id, agencyId: agencyIds[1]!, email: `coordinator@${code.toLowerCase()}.generated.example`, name: `Coordinator ${code}`, role: 'coordinator' });
    return { areaId: area!.id, agencyIds, userPool };
  });

  // Young people, in batches, each with identifiers and a team around them.
  // Some young people are recorded twice, as in any agency's data: a second record made later by
  // another agency and written differently (the duplicates the cross-referencing engine is for).
  const duplicateCount = Math.round(options.youngPeople * (options.duplicateShare ?? DEFAULT_DUPLICATE_SHARE));
  const people = generatePopulation({ size: options.youngPeople - duplicateCount, seed: options.seed, referenceDate: new Date(REFERENCE), minAge: 10, maxAge: 17 });
  const population: Array<SyntheticPerson & { duplicate?: boolean }> = [...people];
  for (let d = 0; d < duplicateCount; d++) population.push({ ...people[random.int(people.length)]!, duplicate: true });
  const youngPersonIds: string[] = [];
  for (let start = 0; start < population.length; start += BATCH) {
    const slice = population.slice(start, start + BATCH);
    const rowsToInsert = slice.map((person) => {
      // About a fifth are written the way a busy practitioner might: a typo, a nickname, swapped fields;
      // second records always differ in one or two ways.
      const written = person.duplicate
        ? corruptPerson(person, random.shuffle(DUPLICATE_CORRUPTIONS.slice()).slice(0, 1 + (random.chance(0.3) ? 1 : 0)), random, { referenceDate: new Date(REFERENCE) }).written
        : random.chance(0.2)
          ? corruptPerson(person, [random.pick(['typo', 'phonetic', 'swapped_names', 'day_month_swap', 'nickname'] as const)], random).written
          : null;
      const givenName = written?.givenName || person.givenName;
      const familyName = written?.familyName || person.familyName;
      const nicknames = WRITTEN_NICKNAMES[person.givenName] ?? [];
      const aliases = nicknames.length && random.chance(0.3) ? [random.pick(nicknames)] : [];
      const dob = written && /^\d{2}\/\d{2}\/\d{4}$/.test(written.dateOfBirth) ? written.dateOfBirth.split('/').reverse().join('-') : written && written.dateOfBirth === '' ? null : person.dateOfBirth;
      return {
        areaId,
        givenName,
        familyName,
        aliases,
        searchText: searchTextFor({ givenName, familyName, aliases }),
        dateOfBirth: dob,
        gender: random.chance(0.03) ? 'not_recorded' : person.gender === 'F' ? (random.chance(0.01) ? 'transgender_female' : 'female') : 'male',
        ethnicity: random.chance(0.1) ? 'not_recorded' : random.pick(ETHNICITIES).value,
        postcode: written ? written.postcode || null : person.postcode,
        livingArrangement: random.chance(0.15) ? 'not_recorded' : random.pick(LIVING_ARRANGEMENTS).value,
        priorInvolvement: random.chance(0.3) ? 'not_recorded' : random.pick(PRIOR_INVOLVEMENT).value,
        monitoring: monitoringFor(random),
        riskLevel: random.pick([null, 'no_apparent_risk', 'at_risk', 'at_risk', 'swapping', 'entrenched']),
        openedOn: new Date(REFERENCE - random.int(3 * 365) * DAY).toISOString().slice(0, 10),
      };
    });
    await db.transaction(async (tx) => {
      const inserted = await tx.insert(youngPeople).values(rowsToInsert).returning({ id: youngPeople.id });
      const ids = inserted.map((r) => r.id);
      youngPersonIds.push(...ids);
      // A second record carries the NHS number half the time.
      const identifiers = slice.flatMap((person, i) => (person.duplicate && random.chance(0.5) ? [] : [{ youngPersonId: ids[i]!, kind: 'nhs_number', value: person.nhsNumber }]));
      if (identifiers.length) await tx.insert(youngPersonIdentifiers).values(identifiers);
      // Blocking keys for the cross-referencing engine, written with the batch (one set per young person).
      await refreshLinkageKeys(tx, ids);
      await tx.insert(teamMembers).values(
        ids.flatMap((id) => Array.from({ length: 1 + random.int(3) }, () => {
          const worker = random.pick(userPool);
          return { youngPersonId: id, agencyId: worker.agencyId, userId: random.chance(0.7) ? worker.userId : null };
        })),
      );
    });
    progress('young people', Math.min(start + BATCH, population.length), population.length);
  }

  // Concerns over three years.
  const indicatorIds = concernChecklist(createDefaultInstrument()).flatMap((g) => g.indicators.map((i) => i.id));
  const vehicles = Array.from({ length: Math.max(50, Math.floor(options.concerns / 200)) }, () => `${String.fromCharCode(65 + random.int(26))}${String.fromCharCode(65 + random.int(26))}${10 + random.int(60)} ${'ABCDEFGHJKLMNOPRSTUVWXY'[random.int(23)]}${'ABCDEFGHJKLMNOPRSTUVWXY'[random.int(23)]}${'ABCDEFGHJKLMNOPRSTUVWXY'[random.int(23)]}`);
  const coordinatorId = (await db.select({ id: users.id }).from(users).where(eq(users.email, `coordinator@${code.toLowerCase()}.generated.example`)))[0]!.id;
  for (let start = 0; start < options.concerns; start += BATCH) {
    const count = Math.min(BATCH, options.concerns - start);
    const batch = Array.from({ length: count }, () => {
      const raiser = random.pick(userPool);
      const linked = youngPersonIds.length > 0 && random.chance(0.95);
      // One concern in ten goes to the first 0.5% of young people: a few have hundreds, as in real caseloads.
      const heavy = Math.max(1, Math.floor(youngPersonIds.length / 200));
      const target = linked ? youngPersonIds[random.chance(0.1) ? random.int(heavy) : random.int(youngPersonIds.length)]! : null;
      const submittedAt = new Date(REFERENCE - random.next() * 3 * 365 * DAY);
      const triaged = target !== null && random.chance(0.9);
      const feedbackAt = triaged ? new Date(submittedAt.getTime() + (1 + random.int(72)) * 3_600_000) : null;
      return {
        areaId,
        raisedByUserId: raiser.userId,
        raisedByAgencyId: raiser.agencyId,
        subjectKind: target ? 'known' : 'unidentified',
        subject: target ? {} : { description: 'A girl of about 14 seen with older men near the station' },
        youngPersonId: target,
        immediateDanger: random.chance(0.03),
        urgent: false,
        indicators: indicatorIds.filter(() => random.chance(0.05)),
        details: random.pick(DETAILS),
        howLearned: random.pick(['observed', 'told_by_young_person', 'told_by_someone_else']),
        youngPersonAware: random.pick(['yes', 'no', 'not_known']),
        lawfulBasis: random.pick(['consent', 'safeguarding']),
        status: triaged ? 'triaged' : 'new',
        certainty: triaged ? random.pick(['indicated', 'known']) : null,
        outcome: triaged ? random.pick(OUTCOMES) : null,
        outcomeNote: triaged ? 'Generated decision' : null,
        triagedAt: feedbackAt,
        triagedByUserId: triaged ? coordinatorId : null,
        firstFeedbackAt: feedbackAt,
        submittedAt,
        source: 'web',
      };
    });
    for (const c of batch) c.urgent = c.immediateDanger;
    await db.transaction(async (tx) => {
      const inserted = await tx.insert(concerns).values(batch).returning({ id: concerns.id });
      const mentions = inserted.filter(() => random.chance(0.1)).map((c) => {
        const value = random.pick(vehicles);
        return { concernId: c.id, areaId, kind: 'vehicle', asTyped: value, matchKey: mentionMatchKey('vehicle', value) };
      });
      if (mentions.length) await tx.insert(concernMentions).values(mentions);
    });
    progress('concerns', start + count, options.concerns);
  }

  // Chronology and feedback follow from the concerns, written in SQL in one pass each.
  await db.execute(sql`
    insert into chronology_entries (young_person_id, occurred_at, kind, agency_id, source_kind, source_id, summary)
    select c.young_person_id, c.submitted_at, 'concern', c.raised_by_agency_id, 'concern', c.id,
           'Concern C-' || c.number || ' raised by ' || a.name || ': ' || c.details
    from concerns c join agencies a on a.id = c.raised_by_agency_id
    where c.area_id = ${areaId} and c.young_person_id is not null`);
  await db.execute(sql`
    insert into feedback_messages (recipient_user_id, concern_id, kind, message, created_at, read_at)
    select c.raised_by_user_id, c.id, 'triage_outcome', 'The coordinator reviewed your concern C-' || c.number || ' and recorded a decision.', c.first_feedback_at, c.first_feedback_at
    from concerns c where c.area_id = ${areaId} and c.first_feedback_at is not null`);
  await db.execute(sql`analyze`);
  progress('chronology and feedback', 1, 1);
  // The area's matching model, so the first match does not wait for it.
  await trainAreaModel(db, ctx, areaId);
  progress('matching model', 1, 1);
  return { areaId, youngPeople: youngPersonIds.length, concerns: options.concerns };
}

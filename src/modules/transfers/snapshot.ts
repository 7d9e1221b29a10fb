/**
 * What a transfer shares, read from the sender's record in one go: the parts chosen, nothing more.
 * Chronology entries kept to one agency are never shared; intelligence goes sanitised (names,
 * approximate ages, kinds of link and other areas that know them; no addresses, dates of birth,
 * identifiers or intelligence texts) with its handling conditions.
 */
import { and, asc, eq, inArray, isNull, or } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { areas } from '../organisation/tables.ts';
import { chronologyEntries, youngPeople } from '../young-people/tables.ts';
import { riskAssessments } from '../risk/tables.ts';
import { missingEpisodes } from '../missing/tables.ts';
import { adultsOfConcern, intelligenceLinks, placesOfConcern } from '../intelligence/tables.ts';
import { youngPersonIdentifiers } from '../young-people/tables.ts';
import { referenceFor } from '../young-people/index.ts';
import { knownElsewhere } from './tables.ts';
import type { SnapshotKnownElsewhere, TransferSection, TransferSnapshot } from './snapshot-types.ts';

/** The conditions every piece of shared intelligence travels with. */
export const INTELLIGENCE_HANDLING =
  'Shared by one safeguarding partnership with another to protect a child. Use it only for child protection work in the receiving partnership; do not tell the people or places named that it was shared, and ask the sending area before passing it on or acting on it openly.';

export async function buildSnapshot(db: Db, youngPersonId: string, sections: readonly TransferSection[]): Promise<TransferSnapshot> {
  const [yp] = await db.select().from(youngPeople).where(eq(youngPeople.id, youngPersonId));
  if (!yp) throw new Error('No such young person');
  const [area] = await db.select({ code: areas.code, name: areas.name }).from(areas).where(eq(areas.id, yp.areaId));
  const identifiers = await db.select({ kind: youngPersonIdentifiers.kind, value: youngPersonIdentifiers.value }).from(youngPersonIdentifiers).where(eq(youngPersonIdentifiers.youngPersonId, yp.id));
  const identifier = (kind: string) => identifiers.find((i) => i.kind === kind)?.value ?? null;
  const chosen = new Set<TransferSection>(['record', ...sections]);
  const snapshot: TransferSnapshot = {
    from: { code: area!.code, name: area!.name },
    sections: [...chosen],
    person: {
      reference: referenceFor(yp.number),
      givenName: yp.givenName,
      familyName: yp.familyName,
      aliases: yp.aliases,
      dateOfBirth: yp.dateOfBirth,
      estimatedAge: yp.estimatedAge,
      gender: yp.gender,
      ethnicity: yp.ethnicity,
      address: yp.address,
      postcode: yp.postcode,
      school: yp.school,
      nhsNumber: identifier('nhs_number'),
      upn: identifier('upn'),
      localAuthorityId: identifier('local_authority_id'),
      riskLevel: yp.riskLevel,
      openedOn: yp.openedOn,
    },
  };
  if (chosen.has('chronology')) {
    const entries = await db
      .select({ occurredAt: chronologyEntries.occurredAt, kind: chronologyEntries.kind, summary: chronologyEntries.summary })
      .from(chronologyEntries)
      .where(and(eq(chronologyEntries.youngPersonId, yp.id), isNull(chronologyEntries.onlyForAgencyId)))
      .orderBy(asc(chronologyEntries.occurredAt));
    snapshot.chronology = entries.map((e) => ({ occurredAt: e.occurredAt.toISOString(), kind: e.kind, summary: e.summary }));
  }
  if (chosen.has('risk')) {
    const assessments = await db
      .select({ assessedAt: riskAssessments.assessedAt, instrumentId: riskAssessments.instrumentId, instrumentVersion: riskAssessments.instrumentVersion, level: riskAssessments.level, computedLevel: riskAssessments.computedLevel, triggers: riskAssessments.triggers, judgementReason: riskAssessments.judgementReason })
      .from(riskAssessments)
      .where(eq(riskAssessments.youngPersonId, yp.id))
      .orderBy(asc(riskAssessments.assessedAt));
    snapshot.riskHistory = assessments.map((a) => ({ assessedAt: a.assessedAt.toISOString(), instrument: `${a.instrumentId} version ${a.instrumentVersion}`, level: a.level, computedLevel: a.computedLevel, triggers: a.triggers, judgementReason: a.judgementReason }));
  }
  if (chosen.has('missing')) {
    const episodes = await db
      .select({ kind: missingEpisodes.kind, lastSeenAt: missingEpisodes.lastSeenAt, lastSeenWhere: missingEpisodes.lastSeenWhere, returnedAt: missingEpisodes.returnedAt, foundWhere: missingEpisodes.foundWhere, lookedAfter: missingEpisodes.lookedAfter, status: missingEpisodes.status })
      .from(missingEpisodes)
      .where(eq(missingEpisodes.youngPersonId, yp.id))
      .orderBy(asc(missingEpisodes.lastSeenAt));
    snapshot.missingEpisodes = episodes.map((e) => ({ ...e, lastSeenAt: e.lastSeenAt.toISOString(), returnedAt: e.returnedAt?.toISOString() ?? null }));
  }
  if (chosen.has('intelligence')) snapshot.intelligence = await sanitisedIntelligence(db, yp.id);
  return snapshot;
}

async function sanitisedIntelligence(db: Db, youngPersonId: string): Promise<NonNullable<TransferSnapshot['intelligence']>> {
  const links = await db
    .select({ adultId: intelligenceLinks.adultId, placeId: intelligenceLinks.placeId, linkKind: intelligenceLinks.linkKind })
    .from(intelligenceLinks)
    .where(eq(intelligenceLinks.youngPersonId, youngPersonId));
  const adultIds = [...new Set(links.flatMap((l) => (l.adultId ? [l.adultId] : [])))];
  const placeIds = [...new Set(links.flatMap((l) => (l.placeId ? [l.placeId] : [])))];
  const [adults, places, elsewhere] = await Promise.all([
    adultIds.length ? db.select().from(adultsOfConcern).where(inArray(adultsOfConcern.id, adultIds)).orderBy(asc(adultsOfConcern.number)) : [],
    placeIds.length ? db.select().from(placesOfConcern).where(inArray(placesOfConcern.id, placeIds)).orderBy(asc(placesOfConcern.number)) : [],
    adultIds.length || placeIds.length
      ? db
          .select()
          .from(knownElsewhere)
          .where(or(adultIds.length ? inArray(knownElsewhere.adultId, adultIds) : undefined, placeIds.length ? inArray(knownElsewhere.placeId, placeIds) : undefined))
      : [],
  ]);
  const flagsOf = (key: 'adultId' | 'placeId', id: string): SnapshotKnownElsewhere[] => elsewhere.filter((k) => k[key] === id).map((k) => ({ area: k.otherAreaName, contactRoute: k.contactRoute }));
  const kindsOf = (key: 'adultId' | 'placeId', id: string) => [...new Set(links.filter((l) => l[key] === id).map((l) => l.linkKind))];
  return {
    handling: INTELLIGENCE_HANDLING,
    adults: adults.map((a) => ({ name: a.name, aliases: a.aliases, approximateAge: a.approximateAge, status: a.status, links: kindsOf('adultId', a.id), knownElsewhere: flagsOf('adultId', a.id) })),
    places: places.map((p) => ({ kind: p.kind, name: p.name, town: p.town, postcode: p.postcode, links: kindsOf('placeId', p.id), knownElsewhere: flagsOf('placeId', p.id) })),
  };
}

/** The snapshot narrowed to the parts the receiving coordinator chose to take. */
export function takeSections(snapshot: TransferSnapshot, sections: readonly TransferSection[]): TransferSnapshot {
  const chosen = new Set<TransferSection>(['record', ...sections.filter((s) => snapshot.sections.includes(s))]);
  return {
    from: snapshot.from,
    sections: [...chosen],
    person: snapshot.person,
    ...(chosen.has('chronology') && snapshot.chronology ? { chronology: snapshot.chronology } : {}),
    ...(chosen.has('risk') && snapshot.riskHistory ? { riskHistory: snapshot.riskHistory } : {}),
    ...(chosen.has('missing') && snapshot.missingEpisodes ? { missingEpisodes: snapshot.missingEpisodes } : {}),
    ...(chosen.has('intelligence') && snapshot.intelligence ? { intelligence: snapshot.intelligence } : {}),
  };
}

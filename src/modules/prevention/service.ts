/**
 * The prevention log: checking and recording a session (the page and the API share the rules),
 * listing sessions, and prevention's reach by postcode district against the concerns and hotspots
 * of the same period. Counts only: no young person is named anywhere here.
 */
import { and, asc, desc, eq, gte, lte, sql } from 'drizzle-orm';
import { rows, type Db } from '../../platform/db/database.ts';
import { auditedCommand, type RequestContext } from '../../platform/audit/audit.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { fail, succeed, type Outcome } from '../../platform/outcome.ts';
import { isOneOf, type FieldErrors } from '../../platform/http/forms.ts';
import { isUuid } from '../../platform/ids.ts';
import { addDays, isIsoDate, londonDayStartSql, londonToday } from '../../platform/time.ts';
import { agencies } from '../organisation/tables.ts';
import { placesOfConcern } from '../intelligence/tables.ts';
import { placeReference, seesFullIntelligence } from '../intelligence/index.ts';
import { parseUkPostcode } from '../identifiers/index.ts';
import { areaCondition, type Scope } from '../profile/index.ts';
import { preventionSessions } from './tables.ts';
import { AUDIENCES, MAX_REACHED, TOPICS, sessionReference } from './vocab.ts';

export interface SessionDraft {
  /** The agency it is recorded for: ignored for an agency lead, who records their own agency's. */
  agencyId: string;
  provider: string;
  /** YYYY-MM-DD, or the message the page's date input already found. */
  deliveredOn: string | { error: string };
  audience: string;
  topic: string;
  title: string;
  reached: string;
  district: string;
  placeId: string;
}

export const SESSION_FIELDS = ['agencyId', 'provider', 'deliveredOn', 'audience', 'topic', 'title', 'reached', 'district', 'placeId'];

/** Whether the user may pick a place of concern (places are intelligence). */
export const mayChoosePlace = (user: Pick<SignedInUser, 'role'>) => seesFullIntelligence(user);

/** The postcode district of a postcode or outward code ("NB1 4HD" and "nb1" give "NB1"), or null. */
export function districtOf(text: string | null | undefined): string | null {
  if (!text) return null;
  return parseUkPostcode(text)?.district ?? null;
}

export async function recordSession(db: Db, ctx: RequestContext, user: SignedInUser, draft: SessionDraft, now = new Date()): Promise<Outcome<{ id: string; number: number }>> {
  const errors: FieldErrors = {};
  const today = londonToday(now);
  let agencyId = user.agencyId;
  if (user.role === 'coordinator') {
    if (!draft.agencyId) errors.agencyId = 'Choose the agency that delivered or arranged the session';
    else {
      const [known] = isUuid(draft.agencyId) ? await db.select({ id: agencies.id }).from(agencies).where(and(eq(agencies.id, draft.agencyId), eq(agencies.areaId, user.areaId))) : [];
      if (!known) errors.agencyId = 'Choose an agency from the list';
      else agencyId = known.id;
    }
  }
  const provider = draft.provider.trim();
  if (!provider) errors.provider = 'Enter who delivered the session';
  else if (provider.length > 200) errors.provider = 'Who delivered the session must be 200 characters or fewer';
  let deliveredOn: string | null = null;
  if (typeof draft.deliveredOn === 'object') errors.deliveredOn = draft.deliveredOn.error;
  else if (!draft.deliveredOn) errors.deliveredOn = 'Enter the date the session was delivered';
  else if (!isIsoDate(draft.deliveredOn)) errors.deliveredOn = 'The date delivered must be a real date';
  else if (draft.deliveredOn > today) errors.deliveredOn = 'The date delivered must be today or in the past: record a session once it has happened';
  else if (draft.deliveredOn < addDays(today, -3650)) errors.deliveredOn = 'The date delivered is more than ten years ago: check the year';
  else deliveredOn = draft.deliveredOn;
  if (!isOneOf(AUDIENCES, draft.audience)) errors.audience = 'Choose who the session was for';
  if (!isOneOf(TOPICS, draft.topic)) errors.topic = 'Choose what the session was about';
  const title = draft.title.trim();
  if (title.length > 200) errors.title = 'The title must be 200 characters or fewer';
  if (draft.topic === 'other' && !title) errors.title = 'Enter the title of the session, since its topic is not on the list';
  const reachedText = draft.reached.trim();
  let reached = 0;
  if (!reachedText) errors.reached = 'Enter the number of people the session reached';
  else if (!/^-?\d+$/.test(reachedText)) errors.reached = 'The number reached must be a whole number, like 25';
  else if (Number(reachedText) < 1) errors.reached = 'The number reached must be 1 or more';
  else if (Number(reachedText) > MAX_REACHED) errors.reached = `The number reached must be ${MAX_REACHED} or fewer: record a bigger event as several sessions`;
  else reached = Number(reachedText);
  let placeId: string | null = null;
  let placeDistrict: string | null = null;
  if (draft.placeId) {
    const [place] = mayChoosePlace(user) && isUuid(draft.placeId) ? await db.select({ id: placesOfConcern.id, postcode: placesOfConcern.postcode }).from(placesOfConcern).where(and(eq(placesOfConcern.id, draft.placeId), eq(placesOfConcern.areaId, user.areaId))) : [];
    if (!place) errors.placeId = 'Choose a place of concern from the list, or none';
    else {
      placeId = place.id;
      placeDistrict = districtOf(place.postcode);
    }
  }
  let district: string | null = null;
  if (draft.district.trim()) {
    district = districtOf(draft.district);
    if (!district) errors.district = 'Enter the postcode district as the first part of a postcode, like NB1';
    else if (placeDistrict && placeDistrict !== district) errors.district = `The place of concern is in ${placeDistrict}: leave the district blank or enter ${placeDistrict}`;
  } else if (placeDistrict) district = placeDistrict;
  else if (!errors.placeId) errors.district = placeId ? 'The place of concern has no postcode: enter the postcode district, like NB1' : 'Enter the postcode district where the session was held, like NB1';
  if (Object.keys(errors).length) return fail('invalid', errors);
  const saved = await auditedCommand(db, ctx, (r: { id: string; number: number }) => ({ action: 'create', recordKind: 'prevention_session', recordId: r.id, details: { agencyId, audience: draft.audience, topic: draft.topic, reached, district, placeId } }), async (tx) => {
    const [row] = await tx
      .insert(preventionSessions)
      .values({ areaId: user.areaId, agencyId, provider, deliveredOn: deliveredOn!, audience: draft.audience, topic: draft.topic, title: title || null, reached, district: district!, placeId, recordedByUserId: user.userId, createdAt: now })
      .returning({ id: preventionSessions.id, number: preventionSessions.number });
    return row!;
  });
  return succeed(saved);
}

export interface SessionListRow {
  id: string;
  reference: string;
  deliveredOn: string;
  agency: string;
  provider: string;
  audience: string;
  audienceLabel: string;
  topic: string;
  topicLabel: string;
  title: string | null;
  reached: number;
  district: string;
  /** Only for those who see places of concern. */
  place: string | null;
}

/** Sessions delivered in the period, newest first; an agency lead's list is their agency's. */
export async function sessionsIn(db: Db, user: SignedInUser, from: string, to: string): Promise<SessionListRow[]> {
  const conditions = [eq(preventionSessions.areaId, user.areaId), gte(preventionSessions.deliveredOn, from), lte(preventionSessions.deliveredOn, to)];
  if (user.role === 'agency_lead') conditions.push(eq(preventionSessions.agencyId, user.agencyId));
  const found = await db
    .select({ s: preventionSessions, agency: agencies.name, placeNumber: placesOfConcern.number })
    .from(preventionSessions)
    .innerJoin(agencies, eq(agencies.id, preventionSessions.agencyId))
    .leftJoin(placesOfConcern, eq(placesOfConcern.id, preventionSessions.placeId))
    .where(and(...conditions))
    .orderBy(desc(preventionSessions.deliveredOn), desc(preventionSessions.number));
  const showPlace = seesFullIntelligence(user);
  return found.map(({ s, agency, placeNumber }) => ({
    id: s.id,
    reference: sessionReference(s.number),
    deliveredOn: s.deliveredOn,
    agency,
    provider: s.provider,
    audience: s.audience,
    audienceLabel: AUDIENCES[s.audience as keyof typeof AUDIENCES] ?? s.audience,
    topic: s.topic,
    topicLabel: TOPICS[s.topic as keyof typeof TOPICS] ?? s.topic,
    title: s.title,
    reached: s.reached,
    district: s.district,
    place: showPlace && placeNumber ? placeReference(placeNumber) : null,
  }));
}

/** The area's places of concern to choose from (for those who see intelligence), by number. */
export async function placeChoices(db: Db, user: SignedInUser) {
  if (!mayChoosePlace(user)) return [];
  return db.select({ id: placesOfConcern.id, number: placesOfConcern.number, name: placesOfConcern.name, postcode: placesOfConcern.postcode }).from(placesOfConcern).where(eq(placesOfConcern.areaId, user.areaId)).orderBy(asc(placesOfConcern.number));
}

export async function agencyChoices(db: Db, areaId: string) {
  return db.select({ id: agencies.id, name: agencies.name }).from(agencies).where(and(eq(agencies.areaId, areaId), eq(agencies.active, true))).orderBy(asc(agencies.name));
}

// ---- Reach by district ----

/** A postcode's district in SQL: the postcode without spaces and without its inward code, upper case; null when blank. */
const districtSql = (column: ReturnType<typeof sql>) => sql`nullif(upper(regexp_replace(regexp_replace(coalesce(${column}, ''), '\\s+', '', 'g'), '[0-9][A-Za-z]{2}$', '')), '')`;

export interface DistrictReach {
  district: string;
  sessions: number;
  reached: number;
  concerns: number;
  /** Places of concern in the district linked to a young person in the period; null for one agency's view. */
  hotspots: number | null;
}

/**
 * Per postcode district, for a period (UK days, both included): prevention sessions and people
 * reached; concerns received (placed by the place of concern they name, else the young person's
 * home postcode; "Not known" when neither has one); and places of concern linked to a young person
 * in the period. For one agency (scope.agencyId): its sessions and the concerns it raised, no hotspots.
 */
export async function reachByDistrict(db: Db, scope: Scope, from: string, to: string): Promise<DistrictReach[]> {
  const start = londonDayStartSql(from);
  const end = londonDayStartSql(addDays(to, 1));
  const sessionAgency = scope.agencyId ? sql` and ps.agency_id = ${scope.agencyId}::uuid` : sql``;
  const concernAgency = scope.agencyId ? sql` and c.raised_by_agency_id = ${scope.agencyId}::uuid` : sql``;
  const sessions = await rows<{ district: string; sessions: number; reached: number }>(
    db,
    sql`select ps.district, count(*)::int as sessions, coalesce(sum(ps.reached), 0)::int as reached from prevention_sessions ps
         where ${areaCondition(sql`ps.area_id`, scope)} and ps.delivered_on >= ${from}::date and ps.delivered_on <= ${to}::date${sessionAgency}
         group by 1`,
  );
  const concerns = await rows<{ district: string | null; concerns: number }>(
    db,
    sql`select coalesce(${districtSql(sql`p.postcode`)}, ${districtSql(sql`yp.postcode`)}) as district, count(*)::int as concerns
          from concerns c left join places_of_concern p on p.id = c.place_id left join young_people yp on yp.id = c.young_person_id
         where ${areaCondition(sql`c.area_id`, scope)} and c.submitted_at >= ${start} and c.submitted_at < ${end}${concernAgency}
         group by 1`,
  );
  const hotspots = scope.agencyId
    ? []
    : await rows<{ district: string | null; hotspots: number }>(
        db,
        sql`select ${districtSql(sql`p.postcode`)} as district, count(distinct p.id)::int as hotspots from places_of_concern p
             where ${areaCondition(sql`p.area_id`, scope)} and (
               exists (select 1 from intelligence_links l where l.place_id = p.id and l.young_person_id is not null
                        and coalesce(l.occurred_on::timestamptz, l.created_at) >= ${start} and coalesce(l.occurred_on::timestamptz, l.created_at) < ${end})
               or exists (select 1 from concerns c where c.place_id = p.id and c.young_person_id is not null and c.submitted_at >= ${start} and c.submitted_at < ${end}))
             group by 1`,
      );
  const byDistrict = new Map<string, DistrictReach>();
  const entry = (district: string | null) => {
    const key = district ?? NOT_KNOWN;
    let e = byDistrict.get(key);
    if (!e) byDistrict.set(key, (e = { district: key, sessions: 0, reached: 0, concerns: 0, hotspots: scope.agencyId ? null : 0 }));
    return e;
  };
  for (const s of sessions) Object.assign(entry(s.district), { sessions: s.sessions, reached: s.reached });
  for (const c of concerns) entry(c.district).concerns += c.concerns;
  for (const h of hotspots) {
    const e = entry(h.district);
    e.hotspots = (e.hotspots ?? 0) + h.hotspots;
  }
  return [...byDistrict.values()].sort((a, b) => (a.district === NOT_KNOWN ? 1 : b.district === NOT_KNOWN ? -1 : a.district.localeCompare(b.district, 'en', { numeric: true })));
}

export const NOT_KNOWN = 'Not known';

/**
 * The databank's services and resources: checking an entry (the page, the API and the CSV import
 * share one set of rules), saving it with its audit row, searching by need and words, and the
 * stale entries the coordinator is asked to check.
 */
import { and, asc, eq, ilike, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import { auditedCommand, type Actor, type RequestContext } from '../../platform/audit/audit.ts';
import { fail, succeed, type Outcome } from '../../platform/outcome.ts';
import { isOneOf, type FieldErrors } from '../../platform/http/forms.ts';
import { isUuid } from '../../platform/ids.ts';
import { addDays, isIsoDate, londonToday } from '../../platform/time.ts';
import { agencies } from '../organisation/tables.ts';
import { resources, services } from './tables.ts';
import { NEEDS, RESOURCE_AUDIENCES, RESOURCE_KINDS, SECTORS, SEXES, STALE_AFTER_DAYS, serviceReference } from './vocab.ts';

/** A service as sent by a form, the API or a row of the import, before it is checked. */
export interface ServiceDraft {
  name: string;
  sector: string;
  provider: string;
  /** The id of one of the area's agencies, or '' for a provider outside the partnership. */
  agencyId: string;
  offer: string;
  needs: string[];
  minAge: string;
  maxAge: string;
  sex: string;
  referPhone: string;
  referEmail: string;
  referWebsite: string;
  selfReferral: boolean;
  dropIn: boolean;
  contact: string;
  waitingTime: string;
  coverage: string;
  /** YYYY-MM-DD, or a message already found reading it (the page's date input). */
  lastCheckedOn: string | { error: string };
}

export type ServiceValues = Omit<typeof services.$inferInsert, 'id' | 'number' | 'areaId' | 'createdByUserId' | 'createdAt' | 'updatedAt'>;

/** The fields in the order the form shows them, for the error summary. */
export const SERVICE_FIELDS = ['name', 'sector', 'provider', 'agencyId', 'offer', 'needs', 'minAge', 'maxAge', 'sex', 'waysToRefer', 'referPhone', 'referEmail', 'referWebsite', 'contact', 'waitingTime', 'coverage', 'lastCheckedOn'];

const MAX_SHORT = 200;
const MAX_LONG = 4000;
const blankToNull = (s: string) => (s.trim() === '' ? null : s.trim());

function age(text: string, field: string, label: string, errors: FieldErrors): number | null {
  const t = text.trim();
  if (!t) return null;
  if (!/^\d{1,2}$/.test(t) || Number(t) > 25) {
    errors[field] = `${label} must be a whole number of years from 0 to 25`;
    return null;
  }
  return Number(t);
}

/** Checks a service against the databank's rules; `areaAgencyIds` are the ids of the area's agencies. */
export function checkService(draft: ServiceDraft, areaAgencyIds: ReadonlySet<string>, today: string): { value: ServiceValues | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const text = (field: keyof ServiceDraft, value: string, label: string, max: number, required?: string) => {
    const t = value.trim();
    if (!t && required) errors[field] = required;
    else if (t.length > max) errors[field] = `${label} must be ${max} characters or fewer`;
    return t;
  };
  const name = text('name', draft.name, 'The name', MAX_SHORT, 'Enter the name of the service');
  if (!isOneOf(SECTORS, draft.sector)) errors.sector = 'Choose whether the service is statutory or voluntary';
  const provider = text('provider', draft.provider, 'Who runs it', MAX_SHORT, 'Enter who runs the service');
  if (draft.agencyId && !areaAgencyIds.has(draft.agencyId)) errors.agencyId = 'Choose an agency from the list, or none';
  const offer = text('offer', draft.offer, 'What it offers', MAX_LONG, 'Enter what the service offers');
  const needs = [...new Set(draft.needs.map((n) => n.trim()).filter(Boolean))];
  const unknownNeeds = needs.filter((n) => !isOneOf(NEEDS, n));
  if (unknownNeeds.length) errors.needs = `Needs must come from the list: ${unknownNeeds.map((n) => `“${n.slice(0, 40)}”`).join(', ')} is not one`;
  else if (!needs.length) errors.needs = 'Choose at least one need the service meets';
  const minAge = age(draft.minAge, 'minAge', 'The youngest age', errors);
  const maxAge = age(draft.maxAge, 'maxAge', 'The oldest age', errors);
  if (minAge !== null && maxAge !== null && minAge > maxAge && !errors.maxAge) errors.maxAge = 'The oldest age must be the same as or more than the youngest age';
  if (!isOneOf(SEXES, draft.sex)) errors.sex = 'Choose who the service is for: anyone, girls and young women, or boys and young men';
  const referPhone = text('referPhone', draft.referPhone, 'The phone number for referrals', 40);
  if (referPhone && !/^[0-9 +()-]{6,40}$/.test(referPhone)) errors.referPhone = 'Enter the phone number for referrals in digits, like 01632 960123';
  const referEmail = text('referEmail', draft.referEmail, 'The email address for referrals', MAX_SHORT);
  if (referEmail && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(referEmail)) errors.referEmail = 'Enter the email address for referrals in the right format, like referrals@example.org';
  const referWebsite = text('referWebsite', draft.referWebsite, 'The referral web address', 500);
  if (referWebsite && !/^https:\/\/[^\s]+$/.test(referWebsite)) errors.referWebsite = 'Enter the referral web address starting with https://';
  if (!referPhone && !referEmail && !referWebsite && !draft.selfReferral && !draft.dropIn && !errors.referPhone && !errors.referEmail && !errors.referWebsite)
    errors.waysToRefer = 'Give at least one way to refer: a phone number, an email address, a web address, self-referral or drop-in';
  const contact = text('contact', draft.contact, 'The contact details', MAX_LONG);
  const waitingTime = text('waitingTime', draft.waitingTime, 'The capacity or waiting time', MAX_SHORT);
  const coverage = text('coverage', draft.coverage, 'Where it works', MAX_SHORT);
  let lastCheckedOn: string | null = null;
  if (typeof draft.lastCheckedOn === 'object') errors.lastCheckedOn = draft.lastCheckedOn.error;
  else if (!draft.lastCheckedOn.trim()) errors.lastCheckedOn = 'Enter the date the entry was last checked';
  else if (!isIsoDate(draft.lastCheckedOn.trim())) errors.lastCheckedOn = 'The date last checked must be a real date';
  else if (draft.lastCheckedOn.trim() > today) errors.lastCheckedOn = 'The date last checked must be today or in the past';
  else if (draft.lastCheckedOn.trim() < '2000-01-01') errors.lastCheckedOn = 'The date last checked is too long ago to be right';
  else lastCheckedOn = draft.lastCheckedOn.trim();
  if (Object.keys(errors).length) return { value: null, errors };
  return {
    value: {
      name,
      sector: draft.sector,
      provider,
      agencyId: draft.agencyId || null,
      offer,
      needs,
      minAge,
      maxAge,
      sex: draft.sex,
      referPhone: blankToNull(referPhone),
      referEmail: blankToNull(referEmail),
      referWebsite: blankToNull(referWebsite),
      selfReferral: draft.selfReferral,
      dropIn: draft.dropIn,
      contact: blankToNull(contact),
      waitingTime: blankToNull(waitingTime),
      coverage: blankToNull(coverage),
      lastCheckedOn: lastCheckedOn!,
    },
    errors,
  };
}

export async function areaAgencies(db: Db, areaId: string): Promise<{ id: string; name: string }[]> {
  return db.select({ id: agencies.id, name: agencies.name }).from(agencies).where(and(eq(agencies.areaId, areaId), eq(agencies.active, true))).orderBy(asc(agencies.name));
}

export async function createService(db: Db, ctx: RequestContext, user: Actor, draft: ServiceDraft, now = new Date()): Promise<Outcome<{ id: string; number: number }>> {
  const known = new Set((await areaAgencies(db, user.areaId)).map((a) => a.id));
  const checked = checkService(draft, known, londonToday(now));
  if (!checked.value) return fail('invalid', checked.errors);
  const values = checked.value;
  const saved = await auditedCommand(db, ctx, (r: { id: string; number: number }) => ({ action: 'create', recordKind: 'service', recordId: r.id, details: { needs: values.needs } }), async (tx) => {
    const [row] = await tx.insert(services).values({ ...values, areaId: user.areaId, createdByUserId: user.userId, createdAt: now, updatedAt: now }).returning({ id: services.id, number: services.number });
    return row!;
  });
  return succeed(saved);
}

export async function updateService(db: Db, ctx: RequestContext, user: Actor, serviceId: string, draft: ServiceDraft, now = new Date()): Promise<Outcome<{ id: string }>> {
  const found = await findService(db, user.areaId, serviceId);
  if (!found) return fail('not_found', { serviceId: 'There is no service with this id in your area' });
  const known = new Set((await areaAgencies(db, user.areaId)).map((a) => a.id));
  const checked = checkService(draft, known, londonToday(now));
  if (!checked.value) return fail('invalid', checked.errors);
  const values = checked.value;
  const changed = (Object.keys(values) as (keyof ServiceValues)[]).filter((k) => JSON.stringify(values[k] ?? null) !== JSON.stringify((found as Record<string, unknown>)[k] ?? null));
  await auditedCommand(db, ctx, { action: 'update', recordKind: 'service', recordId: serviceId, details: { changed } }, async (tx) => {
    await tx.update(services).set({ ...values, updatedAt: now }).where(eq(services.id, serviceId));
  });
  return succeed({ id: serviceId });
}

/** Marks a service checked today, unchanged. */
export async function markServiceChecked(db: Db, ctx: RequestContext, user: Actor, serviceId: string, now = new Date()): Promise<Outcome<null>> {
  const found = await findService(db, user.areaId, serviceId);
  if (!found) return fail('not_found', { serviceId: 'There is no service with this id in your area' });
  await auditedCommand(db, ctx, { action: 'update', recordKind: 'service', recordId: serviceId, details: { changed: ['lastCheckedOn'] } }, async (tx) => {
    await tx.update(services).set({ lastCheckedOn: londonToday(now), updatedAt: now }).where(eq(services.id, serviceId));
  });
  return succeed(null);
}

export type ServiceRow = typeof services.$inferSelect;

export async function findService(db: Db, areaId: string, serviceId: string): Promise<ServiceRow | null> {
  if (!isUuid(serviceId)) return null;
  const [row] = await db.select().from(services).where(and(eq(services.id, serviceId), eq(services.areaId, areaId)));
  return row ?? null;
}

/** The day before which an entry is stale. */
export const staleBefore = (today: string) => addDays(today, -STALE_AFTER_DAYS);

export interface ServiceSearch {
  need?: string;
  q?: string;
  staleOnly?: boolean;
}

/** The area's active services meeting a need and matching words in their name, provider or offer, by name. */
export async function searchServices(db: Db, areaId: string, search: ServiceSearch, today = londonToday()): Promise<ServiceRow[]> {
  const conditions: SQL[] = [eq(services.areaId, areaId), eq(services.active, true)];
  if (search.need && isOneOf(NEEDS, search.need)) conditions.push(sql`${search.need} = any(${services.needs})`);
  if (search.q) {
    const pattern = `%${search.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(services.name, pattern), ilike(services.provider, pattern), ilike(services.offer, pattern))!);
  }
  if (search.staleOnly) conditions.push(lt(services.lastCheckedOn, staleBefore(today)));
  return db.select().from(services).where(and(...conditions)).orderBy(asc(services.name));
}

/** Services and resources not checked in a year, with the oldest check, in one query each. */
export async function staleCounts(db: Db, areaId: string, today = londonToday()) {
  const before = staleBefore(today);
  const [s] = await db.select({ n: sql<number>`count(*)::int`, oldest: sql<string | null>`min(${services.lastCheckedOn})::text` }).from(services).where(and(eq(services.areaId, areaId), eq(services.active, true), lt(services.lastCheckedOn, before)));
  const [r] = await db.select({ n: sql<number>`count(*)::int`, oldest: sql<string | null>`min(${resources.lastCheckedOn})::text` }).from(resources).where(and(eq(resources.areaId, areaId), eq(resources.active, true), lt(resources.lastCheckedOn, before)));
  return { services: s?.n ?? 0, oldestService: s?.oldest ?? null, resources: r?.n ?? 0, oldestResource: r?.oldest ?? null };
}

/** A service for reading: labels and the ways to refer in words. */
export function serviceView(s: ServiceRow, today = londonToday()) {
  const ways = [
    s.referPhone ? `Phone ${s.referPhone}` : null,
    s.referEmail ? `Email ${s.referEmail}` : null,
    s.referWebsite ? `Online at ${s.referWebsite}` : null,
    s.selfReferral ? 'Young people may refer themselves' : null,
    s.dropIn ? 'Drop in' : null,
  ].filter((w): w is string => w !== null);
  const ages = s.minAge !== null && s.maxAge !== null ? `${s.minAge} to ${s.maxAge}` : s.minAge !== null ? `${s.minAge} and over` : s.maxAge !== null ? `Up to ${s.maxAge}` : 'Any age';
  return {
    ...s,
    reference: serviceReference(s.number),
    sectorLabel: SECTORS[s.sector as keyof typeof SECTORS] ?? s.sector,
    sexLabel: SEXES[s.sex as keyof typeof SEXES] ?? s.sex,
    needLabels: s.needs.map((n) => NEEDS[n as keyof typeof NEEDS] ?? n),
    ages,
    ways,
    stale: s.lastCheckedOn < staleBefore(today),
  };
}

// ---- Resources ----

export interface ResourceDraft {
  title: string;
  kind: string;
  audience: string;
  description: string;
  link: string;
  needs: string[];
  lastCheckedOn: string | { error: string };
}

export const RESOURCE_FIELDS = ['title', 'kind', 'audience', 'description', 'link', 'needs', 'lastCheckedOn'];

export function checkResource(draft: ResourceDraft, today: string) {
  const errors: FieldErrors = {};
  const title = draft.title.trim();
  if (!title) errors.title = 'Enter the title of the resource';
  else if (title.length > MAX_SHORT) errors.title = `The title must be ${MAX_SHORT} characters or fewer`;
  if (!isOneOf(RESOURCE_KINDS, draft.kind)) errors.kind = 'Choose what kind of resource it is';
  if (!isOneOf(RESOURCE_AUDIENCES, draft.audience)) errors.audience = 'Choose who the resource is for';
  const description = draft.description.trim();
  if (description.length > MAX_LONG) errors.description = `The description must be ${MAX_LONG} characters or fewer`;
  const link = draft.link.trim();
  if (!link) errors.link = 'Enter the web address of the resource';
  else if (!/^https:\/\/[^\s]+$/.test(link) || link.length > 500) errors.link = 'Enter the web address starting with https://';
  const needs = [...new Set(draft.needs.filter(Boolean))];
  if (needs.some((n) => !isOneOf(NEEDS, n))) errors.needs = 'Choose needs from the list';
  let lastCheckedOn: string | null = null;
  if (typeof draft.lastCheckedOn === 'object') errors.lastCheckedOn = draft.lastCheckedOn.error;
  else if (!isIsoDate(draft.lastCheckedOn)) errors.lastCheckedOn = draft.lastCheckedOn ? 'The date last checked must be a real date' : 'Enter the date the resource was last checked';
  else if (draft.lastCheckedOn > today) errors.lastCheckedOn = 'The date last checked must be today or in the past';
  else lastCheckedOn = draft.lastCheckedOn;
  if (Object.keys(errors).length) return { value: null, errors };
  return { value: { title, kind: draft.kind, audience: draft.audience, description: description || null, link, needs, lastCheckedOn: lastCheckedOn! }, errors };
}

export async function createResource(db: Db, ctx: RequestContext, user: Actor, draft: ResourceDraft, now = new Date()): Promise<Outcome<{ id: string }>> {
  const checked = checkResource(draft, londonToday(now));
  if (!checked.value) return fail('invalid', checked.errors);
  const values = checked.value;
  const saved = await auditedCommand(db, ctx, (r: { id: string }) => ({ action: 'create', recordKind: 'resource', recordId: r.id }), async (tx) => {
    const [row] = await tx.insert(resources).values({ ...values, areaId: user.areaId, createdByUserId: user.userId, createdAt: now, updatedAt: now }).returning({ id: resources.id });
    return row!;
  });
  return succeed(saved);
}

export type ResourceRow = typeof resources.$inferSelect;

export async function searchResources(db: Db, areaId: string, search: ServiceSearch & { audience?: string }, today = londonToday()): Promise<ResourceRow[]> {
  const conditions: SQL[] = [eq(resources.areaId, areaId), eq(resources.active, true)];
  if (search.need && isOneOf(NEEDS, search.need)) conditions.push(sql`${search.need} = any(${resources.needs})`);
  if (search.audience && isOneOf(RESOURCE_AUDIENCES, search.audience)) conditions.push(eq(resources.audience, search.audience));
  if (search.q) {
    const pattern = `%${search.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(resources.title, pattern), ilike(sql`coalesce(${resources.description}, '')`, pattern))!);
  }
  if (search.staleOnly) conditions.push(lt(resources.lastCheckedOn, staleBefore(today)));
  return db.select().from(resources).where(and(...conditions)).orderBy(asc(resources.title));
}

export function resourceView(r: ResourceRow, today = londonToday()) {
  return {
    ...r,
    kindLabel: RESOURCE_KINDS[r.kind as keyof typeof RESOURCE_KINDS] ?? r.kind,
    audienceLabel: RESOURCE_AUDIENCES[r.audience as keyof typeof RESOURCE_AUDIENCES] ?? r.audience,
    needLabels: r.needs.map((n) => NEEDS[n as keyof typeof NEEDS] ?? n),
    stale: r.lastCheckedOn < staleBefore(today),
  };
}

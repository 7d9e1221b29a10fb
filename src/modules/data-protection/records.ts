/**
 * Corrections and restrictions of a young person's record (UK GDPR articles 16 and 18). Both are
 * decided by the coordinator or the data protection officer; a correction keeps the old value,
 * who changed it and why; a restriction keeps the record but hides it from everyone else until it
 * is lifted (the young-people policy reads `record_restrictions`, decision record on restriction).
 */
import { and, desc, eq, isNull } from 'drizzle-orm';
import { auditedCommand, auditRead, type RequestContext } from '../../platform/audit/audit.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import type { Db } from '../../platform/db/database.ts';
import { readDateInput } from '../../platform/http/date-input.ts';
import { isOneOf, type FieldErrors } from '../../platform/http/forms.ts';
import { isUuid } from '../../platform/ids.ts';
import { fail, succeed, type Outcome } from '../../platform/outcome.ts';
import { londonToday, now } from '../../platform/time.ts';
import { parseUkPostcode } from '../identifiers/index.ts';
import { users } from '../organisation/tables.ts';
import { addChronologyEntry, ageOn, currentPersonDetails, findVisibleYoungPerson, MAX_AGE_YEARS, writePersonDetails, type YoungPersonRow } from '../young-people/index.ts';
import { recordCorrections, recordRestrictions } from './tables.ts';
import { CORRECTABLE_FIELDS, type CorrectableField } from './vocab.ts';

const MAX_REASON = 2000;

function readReason(value: string, errors: FieldErrors, missing: string) {
  if (!value) errors.reason = missing;
  else if (value.length > MAX_REASON) errors.reason = `The reason must be ${MAX_REASON.toLocaleString('en-GB')} characters or fewer`;
}

export async function currentRestriction(db: Db, youngPersonId: string) {
  const [row] = await db
    .select({ id: recordRestrictions.id, reason: recordRestrictions.reason, reviewOn: recordRestrictions.reviewOn, restrictedAt: recordRestrictions.restrictedAt, by: users.name })
    .from(recordRestrictions)
    .innerJoin(users, eq(users.id, recordRestrictions.restrictedByUserId))
    .where(and(eq(recordRestrictions.youngPersonId, youngPersonId), isNull(recordRestrictions.liftedAt)))
    .limit(1);
  return row ?? null;
}

export async function restrictionHistory(db: Db, youngPersonId: string) {
  return db.select().from(recordRestrictions).where(eq(recordRestrictions.youngPersonId, youngPersonId)).orderBy(desc(recordRestrictions.restrictedAt));
}

/** The area's records restricted now, for the data protection page (the coordinator and DPO see them all). */
export async function restrictedRecords(db: Db, areaId: string) {
  return db
    .select({ youngPersonId: recordRestrictions.youngPersonId, reviewOn: recordRestrictions.reviewOn, restrictedAt: recordRestrictions.restrictedAt })
    .from(recordRestrictions)
    .where(and(eq(recordRestrictions.areaId, areaId), isNull(recordRestrictions.liftedAt)))
    .orderBy(recordRestrictions.reviewOn);
}

export interface RestrictionInput {
  reason: string;
  reviewOn: Record<string, unknown>;
}

/**
 * Restricts a record the user sees: a reason and a review date (today or later, within a year)
 * are required. A refusal for want of a reason is audited too, as the issue asks.
 */
export async function restrictRecord(db: Db, ctx: RequestContext, user: SignedInUser, youngPersonId: string, input: { reason: string; body: unknown }): Promise<Outcome<undefined, 'invalid' | 'not_found' | 'conflict'>> {
  const yp = isUuid(youngPersonId) ? await findVisibleYoungPerson(db, user, youngPersonId) : null;
  if (!yp) return fail('not_found');
  const errors: FieldErrors = {};
  readReason(input.reason, errors, 'Enter why the record is being restricted: a record cannot be restricted without a reason');
  const today = londonToday(now());
  const review = readDateInput(input.body, 'reviewOn', { label: 'Review date', required: 'Enter the date the restriction will be reviewed', acceptIsoField: true });
  if (review.error) errors.reviewOn = review.error;
  else if (review.value! < today) errors.reviewOn = 'Review date must be today or in the future';
  else if (review.value! > `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`) errors.reviewOn = 'Review date must be within a year: a restriction is kept under review';
  if (Object.keys(errors).length) {
    await auditRead(db, ctx, { action: 'update', recordKind: 'record_restriction', recordId: yp.id, outcome: 'failure', details: { refused: Object.keys(errors) } });
    return fail('invalid', errors);
  }
  if (await currentRestriction(db, yp.id)) return fail('conflict', { reason: 'This record is already restricted' });
  await auditedCommand(db, ctx, { action: 'update', recordKind: 'record_restriction', recordId: yp.id, details: { restricted: true, reviewOn: review.value } }, async (tx) => {
    await tx.insert(recordRestrictions).values({ areaId: yp.areaId, youngPersonId: yp.id, reason: input.reason, reviewOn: review.value!, restrictedByUserId: user.userId, restrictedAt: now() });
  });
  return succeed(undefined);
}

export async function liftRestriction(db: Db, ctx: RequestContext, user: SignedInUser, youngPersonId: string, reason: string): Promise<Outcome<undefined, 'invalid' | 'not_found'>> {
  const yp = isUuid(youngPersonId) ? await findVisibleYoungPerson(db, user, youngPersonId) : null;
  const current = yp ? await currentRestriction(db, yp.id) : null;
  if (!yp || !current) return fail('not_found');
  const errors: FieldErrors = {};
  readReason(reason, errors, 'Enter why the restriction is being lifted');
  if (Object.keys(errors).length) return fail('invalid', { liftReason: errors.reason! });
  await auditedCommand(db, ctx, { action: 'update', recordKind: 'record_restriction', recordId: yp.id, details: { restricted: false } }, async (tx) => {
    await tx.update(recordRestrictions).set({ liftedAt: now(), liftedByUserId: user.userId, liftReason: reason }).where(eq(recordRestrictions.id, current.id));
  });
  return succeed(undefined);
}

/** A record's corrections, newest first, with who made them. */
export async function correctionsOf(db: Db, youngPersonId: string) {
  const found = await db
    .select({ id: recordCorrections.id, field: recordCorrections.field, oldValue: recordCorrections.oldValue, newValue: recordCorrections.newValue, reason: recordCorrections.reason, correctedAt: recordCorrections.correctedAt, by: users.name })
    .from(recordCorrections)
    .innerJoin(users, eq(users.id, recordCorrections.correctedByUserId))
    .where(eq(recordCorrections.youngPersonId, youngPersonId))
    .orderBy(desc(recordCorrections.correctedAt));
  return found.map((c) => ({ ...c, fieldLabel: isOneOf(CORRECTABLE_FIELDS, c.field) ? CORRECTABLE_FIELDS[c.field] : c.field }));
}

function currentValue(yp: YoungPersonRow, field: CorrectableField): string | null {
  return yp[field] ?? null;
}

/** Reads the new value of one field as the details form would, or says what is wrong with it. */
function readNewValue(field: CorrectableField, body: unknown, errors: FieldErrors): string | null {
  const raw = (body as Record<string, unknown>)?.value;
  const text = typeof raw === 'string' ? raw.trim() : '';
  const limit = { givenName: 100, familyName: 100, address: 500, school: 200 } as const;
  if (field === 'dateOfBirth') {
    const today = londonToday(now());
    const read = readDateInput(body, 'dateOfBirth', { label: 'Date of birth', latest: today, acceptIsoField: true });
    if (read.error) errors.dateOfBirth = read.error;
    else if (read.value && ageOn(read.value, now()) > MAX_AGE_YEARS) errors.dateOfBirth = `Date of birth gives an age over ${MAX_AGE_YEARS}: check the year`;
    return read.value;
  }
  if (field === 'postcode') {
    if (!text) return null;
    const parsed = parseUkPostcode(text);
    if (!parsed) errors.value = 'Enter a real UK postcode, like NB1 4XY, or leave it empty to remove it';
    return parsed?.normalised ?? null;
  }
  if (text.length > limit[field]) errors.value = `${CORRECTABLE_FIELDS[field]} must be ${limit[field]} characters or fewer`;
  return text || null;
}

/**
 * Corrects one field of the details: the change, its old value, who made it and the reason in one
 * transaction with the audit row and a chronology entry (which names the field, not the values).
 */
export async function correctDetail(
  db: Db,
  ctx: RequestContext,
  user: SignedInUser,
  youngPersonId: string,
  input: { field: string; reason: string; body: unknown },
): Promise<Outcome<undefined, 'invalid' | 'not_found'>> {
  const yp = isUuid(youngPersonId) ? await findVisibleYoungPerson(db, user, youngPersonId) : null;
  if (!yp) return fail('not_found');
  const errors: FieldErrors = {};
  if (!isOneOf(CORRECTABLE_FIELDS, input.field)) {
    errors.field = 'Choose the detail you are correcting';
    readReason(input.reason, errors, 'Enter why the detail is being corrected');
    return fail('invalid', errors);
  }
  const field = input.field;
  const newValue = readNewValue(field, input.body, errors);
  readReason(input.reason, errors, 'Enter why the detail is being corrected');
  const oldValue = currentValue(yp, field);
  if (!Object.keys(errors).length && newValue === oldValue) errors[field === 'dateOfBirth' ? 'dateOfBirth' : 'value'] = 'The new value is the same as the one on the record';
  if (Object.keys(errors).length) return fail('invalid', errors);
  await auditedCommand(db, ctx, { action: 'update', recordKind: 'young_person', recordId: yp.id, details: { section: 'correction', field } }, async (tx) => {
    const details = await currentPersonDetails(tx, yp);
    await writePersonDetails(tx, yp.id, { ...details, [field]: newValue });
    await tx.insert(recordCorrections).values({ areaId: yp.areaId, youngPersonId: yp.id, field, oldValue, newValue, reason: input.reason, correctedByUserId: user.userId, correctedAt: now() });
    await addChronologyEntry(tx, { youngPersonId: yp.id, occurredAt: now(), kind: 'record', agencyId: user.agencyId, sourceKind: 'young_person', sourceId: yp.id, summary: `${CORRECTABLE_FIELDS[field]} corrected by ${user.name}` });
  });
  return succeed(undefined);
}

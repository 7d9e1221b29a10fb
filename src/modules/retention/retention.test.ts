/**
 * Retention through the pages and the API: the scheduled job finds what is due once the clock has
 * moved on, the coordinator reviews each record (keep with a reason and a date, or erase) and
 * confirms; erasure removes names and text, keeps the problem profile's counts, redacts the
 * record's audit details and leaves the audit trail verifying. A legal hold or an open panel item
 * refuses erasure, audited; bad input is refused with messages and nothing saved.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { auditRead, verifyAuditTrail } from '../../platform/audit/audit.ts';
import { auditEvents } from '../../platform/audit/tables.ts';
import { verifyWithCheckpoint, writeCheckpoint } from '../../platform/audit/checkpoints.ts';
import { rows } from '../../platform/db/database.ts';
import { startJobs } from '../../platform/jobs/scheduler.ts';
import { contributions } from '../../platform/modules.ts';
import { londonToday, setClock } from '../../platform/time.ts';
import { apiTokenFor, countRows, createTestLantern, signInAs, userIdByEmail, type TestClient, type TestLantern } from '../../test-support/index.ts';
import { youngPeople, chronologyEntries } from '../young-people/tables.ts';
import { ERASED } from './kinds.ts';
import { retentionModule, retentionSettingsFrom } from './index.ts';
import { legalHolds, retentionBatches, retentionItems } from './tables.ts';

const COORDINATOR = 'coordinator@northbridge.example';
const silentLog = { info() {}, warn(details: Record<string, unknown>) { throw new Error(`a job failed: ${JSON.stringify(details)}`); } };

let lantern: TestLantern;
let coordinator: TestClient;
let token: string;

async function api(method: 'GET' | 'POST', url: string, body?: unknown) {
  const response = await lantern.app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) });
  return { status: response.statusCode, json: response.json() as Record<string, unknown> };
}

/** The profile and a snapshot as the API gives them, without anything that says when they were made. */
async function figures() {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([k]) => !/generated|madeAt|asOf/i.test(k)).map(([k, v]) => [k, strip(v)]));
    return value;
  };
  // The period's end may not be after the real today (the profile checks against the wall clock).
  const today = londonToday(new Date());
  const profile = await api('GET', `/api/v1/profile?from=${Number(today.slice(0, 4)) - 3}-01-01&to=${today}`);
  const snapshot = await api('GET', `/api/v1/snapshot?date=${today}`);
  assert.equal(profile.status, 200, JSON.stringify(profile.json));
  assert.equal(snapshot.status, 200, JSON.stringify(snapshot.json));
  return { profile: strip(profile.json), snapshot: strip(snapshot.json) };
}

/** A demo young person with a chronology, and no open panel item, that is not `other`. */
async function youngPersonToErase(other?: string) {
  const [row] = await rows<{ id: string; number: number }>(
    lantern.db,
    sql`select yp.id, yp.number from young_people yp
        where yp.given_name is not null and yp.merged_into_id is null ${other ? sql`and yp.id <> ${other}` : sql``}
          and exists (select 1 from chronology_entries c where c.young_person_id = yp.id)
          and not exists (select 1 from agenda_items a where a.young_person_id = yp.id and a.outcome is null)
          and not exists (select 1 from panel_referrals r where r.young_person_id = yp.id and r.status = 'pending')
        order by yp.number limit 1`,
  );
  assert.ok(row, 'the demo has such a young person');
  return row;
}

before(async () => {
  lantern = await createTestLantern();
  coordinator = await signInAs(lantern.app, COORDINATOR);
  token = await apiTokenFor(lantern.db, COORDINATOR);
});
after(async () => {
  setClock(null);
  await lantern.close();
});

describe('retention', () => {
  let erased: { id: string; number: number };
  let held: { id: string; number: number };
  let batchId: string;
  let figuresBefore: Awaited<ReturnType<typeof figures>>;

  test('the periods are set on the Settings page, checked, and read by the schedule', async () => {
    const page = await coordinator.get('/settings');
    assert.match(page.text, /Retention .*Keep a young person’s record at least until they are this old/);
    const bad = await coordinator.post('/settings', { retentionYoungPersonUntilAge: '17', retentionConcernNoActionMonths: 'two years' }, { csrfFrom: '/settings' });
    assert.equal(bad.status, 400);
    assert.ok(bad.errors.some((e) => /between 18 and 30/.test(e)), bad.errors.join('; '));
    assert.ok(bad.errors.some((e) => /as a number/.test(e)), bad.errors.join('; '));
    const [area] = await rows<{ settings: Record<string, unknown> }>(lantern.db, sql`select a.settings from areas a join users u on u.area_id = a.id where u.email = ${COORDINATOR}`);
    assert.equal(area!.settings.retentionYoungPersonUntilAge, undefined, 'nothing saved');
    const saved = await coordinator.post('/settings', { retentionYoungPersonUntilAge: '26' }, { csrfFrom: '/settings' });
    assert.equal(saved.status, 303);
    const [after] = await rows<{ settings: Record<string, unknown> }>(lantern.db, sql`select a.settings from areas a join users u on u.area_id = a.id where u.email = ${COORDINATOR}`);
    assert.equal(after!.settings.retentionYoungPersonUntilAge, 26);
    assert.equal(retentionSettingsFrom(after!.settings).retentionYoungPersonUntilAge, 26);
  });

  test('a legal hold is set through the page; bad input is refused with messages and nothing saved', async () => {
    erased = await youngPersonToErase();
    held = await youngPersonToErase(erased.id);

    const empty = await coordinator.post('/retention/holds', { reference: '', reason: '' }, { csrfFrom: '/retention/holds' });
    assert.equal(empty.status, 400);
    assert.deepEqual(empty.errors, ['Enter the reference of the record to hold, like YP-12', 'Enter why the record must be held']);
    const unknown = await coordinator.post('/retention/holds', { reference: 'YP-999999', reason: 'A fictional court case.' }, { csrfFrom: '/retention/holds' });
    assert.equal(unknown.status, 400);
    assert.deepEqual(unknown.errors, ['There is no record YP-999999 in your area']);
    const garbled = await coordinator.post('/retention/holds', { reference: 'not a reference', reason: 'A fictional court case.' }, { csrfFrom: '/retention/holds' });
    assert.deepEqual(garbled.errors, ['Enter a reference like YP-12, C-40, A-3 or I-7']);
    assert.equal(await countRows(lantern.db, 'legal_holds'), 0);

    const set = await coordinator.post('/retention/holds', { reference: `yp-${held.number}`, reason: 'Fictional civil claim: the record may be needed in court.' }, { csrfFrom: '/retention/holds' });
    assert.equal(set.status, 303);
    const page = await coordinator.follow(set);
    assert.match(page.text, new RegExp(`Legal hold set\\. .*YP-${held.number}.*Fictional civil claim`));
    const again = await coordinator.post('/retention/holds', { reference: `YP-${held.number}`, reason: 'Twice.' }, { csrfFrom: '/retention/holds' });
    assert.deepEqual(again.errors, [`YP-${held.number} is already under a legal hold`]);

    // Only the coordinator: a practitioner is refused the page and the API.
    const practitioner = await signInAs(lantern.app, 'youth.worker@northbridge.example');
    assert.equal((await practitioner.get('/retention')).status, 403);
  });

  test('the scheduled job finds nothing due today, and a batch once the clock has moved on; the coordinator is told', async () => {
    const runner = startJobs({ db: lantern.db, jobs: contributions('jobs', [retentionModule]), mail: {}, log: silentLog, tickMs: 0 });
    try {
      await runner.runDue();
      assert.equal(await countRows(lantern.db, 'retention_batches'), 0, 'demo records are recent: nothing is due');
      figuresBefore = await figures();

      // A reason written against the record in the audit trail (as emergency access writes one).
      await auditRead(lantern.db, { actor: null, ip: '192.0.2.44', requestId: 'retention-fixture' }, { action: 'break_glass', recordKind: 'young_person', recordId: erased.id, reason: 'Fictional: she rang the out-of-hours line.' });
      await writeCheckpoint(lantern.db, lantern.config.auditCheckpointDir);

      setClock(new Date('2060-01-15T10:00:00Z'));
      assert.deepEqual(await runner.runDue(), ['retention-review']);
    } finally {
      await runner.stop();
    }
    const [batch] = await lantern.db.select().from(retentionBatches);
    assert.ok(batch);
    batchId = batch.id;
    const items = await lantern.db.select().from(retentionItems).where(eq(retentionItems.batchId, batchId));
    const kinds = new Set(items.map((i) => i.recordKind));
    for (const kind of ['young_person', 'adult_of_concern', 'intelligence_entry', 'audit_personal']) assert.ok(kinds.has(kind), `${kind} is due`);
    assert.ok(items.some((i) => i.reference === `YP-${erased.number}`));

    const home = await coordinator.get('/');
    assert.match(home.text, new RegExp(`${items.length} records due for a retention decision`));
    const list = await coordinator.get('/retention');
    assert.match(list.text, new RegExp(`R-${batch.number} .* ${items.length} ${items.length} To review`));
    const shown = await coordinator.get(`/retention/batches/${batchId}`);
    assert.match(shown.text, new RegExp(`YP-${held.number} Legal hold`));
    assert.doesNotMatch(shown.text, /undefined/);
  });

  test('a decision with bad input is refused with messages and nothing saved', async () => {
    const [item] = await lantern.db.select().from(retentionItems).where(and(eq(retentionItems.batchId, batchId), eq(retentionItems.reference, `YP-${erased.number}`)));
    const url = `/retention/batches/${batchId}/items/${item!.id}`;
    const nothing = await coordinator.post(url, {}, { csrfFrom: url });
    assert.equal(nothing.status, 400);
    assert.deepEqual(nothing.errors, ['Choose whether to keep or erase this record']);
    const keep = await coordinator.post(url, { decision: 'keep', reason: '', 'nextReviewOn-day': '31', 'nextReviewOn-month': '2', 'nextReviewOn-year': '2061' }, { csrfFrom: url });
    assert.deepEqual(keep.errors, ['Enter why the record is being kept', 'The next review must be a real date, like 1 6 2030']);
    const past = await coordinator.post(url, { decision: 'keep', reason: 'A fictional reason.', 'nextReviewOn-day': '1', 'nextReviewOn-month': '1', 'nextReviewOn-year': '2050' }, { csrfFrom: url });
    assert.deepEqual(past.errors, ['The next review must be in the future']);
    const [still] = await lantern.db.select().from(retentionItems).where(eq(retentionItems.id, item!.id));
    assert.equal(still!.decision, null);
    assert.equal((await api('POST', `/api/v1/retention/batches/${batchId}/records/${item!.id}`, { decision: 'keep' })).status, 400);
    assert.equal((await api('POST', `/api/v1/retention/batches/${batchId}/records/${item!.id}`, { decision: 'shred' })).status, 400);
  });

  test('erasing a record under a legal hold or with an open panel item is refused, audited, and nothing is erased', async () => {
    const [heldItem] = await lantern.db.select().from(retentionItems).where(and(eq(retentionItems.batchId, batchId), eq(retentionItems.reference, `YP-${held.number}`)));
    const url = `/retention/batches/${batchId}/items/${heldItem!.id}`;
    const refused = await coordinator.post(url, { decision: 'erase' }, { csrfFrom: url });
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.errors, [`YP-${held.number} is under a legal hold: lift the hold first, or keep the record. Nothing has been erased`]);
    const byApi = await api('POST', `/api/v1/retention/batches/${batchId}/records/${heldItem!.id}`, { decision: 'erase' });
    assert.equal(byApi.status, 409);
    assert.match(String(byApi.json.detail), /legal hold/);
    const denied = await lantern.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'erase'), eq(auditEvents.recordId, held.id), eq(auditEvents.outcome, 'denied')));
    assert.equal(denied.length, 2);
    assert.equal(denied[0]!.details?.refused, 'legal_hold');

    // A referral to a panel still waiting for its decision: pending until the panel decides it.
    const [panel] = await rows<{ id: string; item: string; reference: string }>(
      lantern.db,
      sql`select i.id as item, i.record_id as id, i.reference from retention_items i where i.batch_id = ${batchId} and i.record_kind = 'young_person' and i.record_id not in (${erased.id}, ${held.id}) limit 1`,
    );
    assert.ok(panel);
    const [referral] = await rows<{ id: string }>(
      lantern.db,
      sql`insert into panel_referrals (area_id, panel_id, subject_kind, young_person_id, source, reason, urgency, referred_by_user_id, referred_by_agency_id)
          select u.area_id, (select id from panels p where p.area_id = u.area_id limit 1), 'young_person', ${panel.id}::uuid, 'other', 'Fictional referral.', 'routine', u.id, u.agency_id
          from users u where u.email = ${COORDINATOR} returning id`,
    );
    try {
      const open = await api('POST', `/api/v1/retention/batches/${batchId}/records/${panel.item}`, { decision: 'erase' });
      assert.equal(open.status, 409);
      assert.equal(open.json.detail, `${panel.reference} has an open panel item or referral: it cannot be erased until the panel has decided it. Nothing has been erased`);
      const [refusal] = await lantern.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'erase'), eq(auditEvents.recordId, panel.id), eq(auditEvents.outcome, 'denied')));
      assert.equal(refusal!.details?.refused, 'open_panel_item');
    } finally {
      // Gone again, so the figures compared below are the demo's own.
      await lantern.db.execute(sql`delete from panel_referrals where id = ${referral!.id}`);
    }
    const [{ n }] = (await rows<{ n: number }>(lantern.db, sql`select count(*)::int as n from young_people where id = ${held.id} and given_name is not null`)) as [{ n: number }];
    assert.equal(n, 1, 'the held record keeps its name');
  });

  test('the coordinator decides every record (pages and API), confirms, and the record is erased with the figures unchanged and the trail verifying', async () => {
    const [item] = await lantern.db.select().from(retentionItems).where(and(eq(retentionItems.batchId, batchId), eq(retentionItems.reference, `YP-${erased.number}`)));
    const url = `/retention/batches/${batchId}/items/${item!.id}`;
    const decided = await coordinator.post(url, { decision: 'erase' }, { csrfFrom: url });
    assert.equal(decided.status, 303);

    // Confirming too early is refused: every record needs a decision.
    const early = await coordinator.post(`/retention/batches/${batchId}/confirm`, {}, { csrfFrom: `/retention/batches/${batchId}` });
    assert.equal(early.status, 400);
    assert.match(early.errors[0]!, /^Decide every item before confirming: \d+ of \d+ still to decide/);

    const batch = await api('GET', `/api/v1/retention/batches/${batchId}`);
    assert.equal(batch.status, 200);
    for (const record of batch.json.records as { id: string; decision: string | null }[]) {
      if (record.decision) continue;
      const kept = await api('POST', `/api/v1/retention/batches/${batchId}/records/${record.id}`, { decision: 'keep', reason: 'Fictional: still needed for a review.', nextReviewOn: '2061-01-15' });
      assert.equal(kept.status, 200, JSON.stringify(kept.json));
    }
    const before = await lantern.db.select().from(youngPeople).where(eq(youngPeople.id, erased.id));
    assert.ok(before[0]!.givenName);

    const confirmed = await coordinator.post(`/retention/batches/${batchId}/confirm`, {}, { csrfFrom: `/retention/batches/${batchId}` });
    assert.equal(confirmed.status, 303, confirmed.errors.join('; '));
    const page = await coordinator.follow(confirmed);
    assert.match(page.text, new RegExp(`Batch confirmed.*YP-${erased.number} .* Erased`));

    const [yp] = await lantern.db.select().from(youngPeople).where(eq(youngPeople.id, erased.id));
    assert.equal(yp!.givenName, null);
    assert.equal(yp!.familyName, null);
    assert.deepEqual(yp!.aliases, []);
    assert.equal(await countRows(lantern.db, 'young_person_identifiers', sql`young_person_id = ${erased.id}`), 0);
    const chronology = await lantern.db.select({ summary: chronologyEntries.summary }).from(chronologyEntries).where(eq(chronologyEntries.youngPersonId, erased.id));
    assert.ok(chronology.length > 0 && chronology.every((c) => c.summary === ERASED));
    const [{ texts }] = (await rows<{ texts: number }>(lantern.db, sql`select count(*)::int as texts from concerns where young_person_id = ${erased.id} and details <> ${ERASED}`)) as [{ texts: number }];
    assert.equal(texts, 0);
    const [heldNow] = await lantern.db.select().from(youngPeople).where(eq(youngPeople.id, held.id));
    assert.ok(heldNow!.givenName, 'kept records are untouched');

    // The tombstone, and the record's audit details redacted.
    const [tombstone] = await lantern.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'erase'), eq(auditEvents.recordId, erased.id), eq(auditEvents.outcome, 'success')));
    assert.ok(tombstone);
    assert.equal(tombstone.details?.auditRowsRedacted, 1);
    const [breakGlass] = await lantern.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'break_glass'), eq(auditEvents.recordId, erased.id)));
    assert.equal(breakGlass!.reason, null);
    assert.equal(breakGlass!.ip, null);
    assert.ok(breakGlass!.redactedAt);

    assert.deepEqual(await figures(), figuresBefore, 'the profile and snapshot count exactly as before');
    const report = await verifyWithCheckpoint(lantern.db, lantern.config.auditCheckpointDir);
    assert.deepEqual(report.problems, []);
    assert.equal(report.ok, true);
    assert.ok(report.checkpoint, 'compared with the checkpoint written before the erasure');

    // A confirmed batch is closed.
    const twice = await api('POST', `/api/v1/retention/batches/${batchId}/confirm`);
    assert.equal(twice.status, 409);
  });

  test('kept records do not come back before their review date, erased ones never; the hold is lifted with a reason', async () => {
    const runner = startJobs({ db: lantern.db, jobs: contributions('jobs', [retentionModule]), mail: {}, log: silentLog, tickMs: 0 });
    try {
      setClock(new Date('2060-03-01T10:00:00Z'));
      await runner.runDue();
      assert.equal(await countRows(lantern.db, 'retention_batches'), 1, 'nothing new is due');
    } finally {
      await runner.stop();
    }
    const [hold] = await lantern.db.select().from(legalHolds);
    const url = `/retention/holds/${hold!.id}/lift`;
    const blank = await coordinator.post(url, { liftReason: '' }, { csrfFrom: '/retention/holds' });
    assert.equal(blank.status, 400);
    assert.deepEqual(blank.errors, ['Enter why the hold is being lifted']);
    const lifted = await coordinator.post(url, { liftReason: 'Fictional: the claim was settled.' }, { csrfFrom: '/retention/holds' });
    assert.equal(lifted.status, 303);
    const [after] = await lantern.db.select().from(legalHolds);
    assert.ok(after!.liftedAt);
    assert.equal(after!.liftedByUserId, await userIdByEmail(lantern.db, COORDINATOR));
    assert.equal((await verifyAuditTrail(lantern.db)).ok, true);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { rows } from '../../platform/db/database.ts';
import type { RequestContext } from '../../platform/audit/audit.ts';
import { loadSignedInUser, type SignedInUser } from '../../platform/auth/users.ts';
import { areas, users } from '../organisation/tables.ts';
import { youngPeople } from '../young-people/tables.ts';
import { checklistForArea } from '../concerns/indicators.ts';
import { emptyDraftState, sectionsOf, type DraftState } from './model.ts';
import { addIndicator, setScoring } from './edits.ts';
import { submitAssessment } from './assessments.ts';
import { suggestionsFor } from './suggest.ts';
import { instrumentVersions, riskAssessments } from './tables.ts';
import { changeDraft, changeVersion, currentVersion, publishDraft, startDraftVersion, versionByNumber } from './versions.ts';
import { createTestLantern, type TestLantern } from '../../test-support/index.ts';

const SIGNS = { at_risk: '1', swapping: '1', entrenched: '1' };

/** Drizzle wraps the database's own error; the trigger's words are in its cause. */
const dbRefusal = (pattern: RegExp) => (error: unknown) => {
  const e = error as { message?: string; cause?: { message?: string } };
  assert.match(e.cause?.message ?? e.message ?? '', pattern);
  return true;
};

const NEUTRAL = 'Spends time with people much older than them whom family or carers do not know';

describe('instrument versions per area', () => {
  let lantern: TestLantern;
  let database: Database;
  let coordinator: SignedInUser;
  let nurse: SignedInUser;
  let ctx: RequestContext;
  let jadeId: string;

  before(async () => {
    lantern = await createTestLantern();
    ({ database } = lantern);
    const byEmail = async (email: string) => {
      const [u] = await database.db.select({ id: users.id }).from(users).where(eq(users.email, email));
      return (await loadSignedInUser(database.db, u!.id))!;
    };
    coordinator = await byEmail('coordinator@northbridge.example');
    nurse = await byEmail('school.nurse@northbridge.example');
    ctx = { actor: coordinator, ip: null, requestId: 'versions-test' };
    const [jade] = await database.db.select({ id: youngPeople.id }).from(youngPeople).where(eq(youngPeople.givenName, 'Jade'));
    jadeId = jade!.id;
  });
  after(async () => lantern.close());

  /** A complete set of answers to `version` with nothing present. */
  async function nothingPresent(): Promise<DraftState> {
    const { instrument } = await currentVersion(database.db, coordinator.areaId);
    const state = emptyDraftState();
    for (const s of sectionsOf(instrument)) for (const item of s.items) state.indicators[item.id] = 'not_present';
    state.facts = { immediateDanger: 'no', lookedAfter: 'no', missingNow: 'no', missingSince: null, learningDisability: 'no', hasPartner: 'no', sexualActivity: 'none', penetrativeSex: 'none' };
    state.judgement = { level: 'no_apparent_risk', reason: '', significantHarm: 'no' };
    return state;
  }

  it('gives every area, including one that existed before, the shipped default as version 1', async () => {
    const current = await currentVersion(database.db, coordinator.areaId);
    assert.equal(current.row.version, 1);
    assert.equal(current.row.status, 'published');
    const [other] = await database.db.insert(areas).values({ name: 'Eastmoor Partnership', code: 'EMR' }).returning({ id: areas.id });
    const theirs = await currentVersion(database.db, other!.id);
    assert.equal(theirs.row.version, 1);
    assert.notEqual(theirs.row.id, current.row.id);
  });

  it('refuses to publish an inconsistent draft, with the validation’s messages, and nothing changes', async () => {
    await startDraftVersion(database.db, ctx, coordinator);
    const days = { no_apparent_risk: '180', at_risk: '90', swapping: '42', entrenched: '28' };
    const scoring = await changeDraft(database.db, ctx, coordinator, { change: 'test' }, (ins) => setScoring(ins, { method: 'signs', signsNeeded: SIGNS, cutOffs: { at_risk: '12', swapping: '10', entrenched: '18' }, reviewDays: days, maxProtectiveReduction: '4' }));
    assert.ok(scoring.ok);
    // An action for a level that does not exist cannot come from the forms; the check still catches it.
    await changeDraft(database.db, ctx, coordinator, { change: 'test' }, (ins) => {
      ins.actionsByLevel.selling = [{ id: 'x', text: 'Something' }];
      return [];
    });
    const refused = await publishDraft(database.db, ctx, coordinator, 'Raise the at-risk cut-off');
    assert.equal(refused.ok, false);
    if (refused.ok) return;
    const messages = refused.problems.map((p) => p.message).join('\n');
    assert.match(messages, /Cut-offs are out of order: 'swapping' \(10\) must need a higher total than 'at_risk' \(12\)/);
    assert.match(messages, /Actions are given for level 'selling', which does not exist/);
    assert.equal((await currentVersion(database.db, coordinator.areaId)).row.version, 1);
    const [failure] = await rows<{ n: number }>(database.db, sql`select count(*)::int as n from audit_events where record_kind = 'instrument_version' and outcome = 'failure'`);
    assert.equal(failure!.n, 1);
    // Put it right for the next test.
    await changeDraft(database.db, ctx, coordinator, { change: 'test' }, (ins) => {
      delete ins.actionsByLevel.selling;
      return setScoring(ins, { method: 'signs', signsNeeded: SIGNS, cutOffs: { at_risk: '3', swapping: '10', entrenched: '18' }, reviewDays: days, maxProtectiveReduction: '4' });
    });
  });

  it('freezes a version once an assessment has used it: the service and the database both refuse', async () => {
    const v1 = (await versionByNumber(database.db, coordinator.areaId, 1))!;
    const submitted = await submitAssessment(database.db, { ...ctx, actor: nurse }, nurse, jadeId, { kind: 'api', state: await nothingPresent(), version: 1 });
    assert.ok(submitted.ok, JSON.stringify(submitted));
    const refused = await changeVersion(database.db, ctx, coordinator, v1.row.id, (ins) => {
      ins.title = 'Changed';
      return [];
    });
    assert.equal(refused.ok, false);
    if (!refused.ok) assert.match(refused.problems[0]!.message, /Version 1 is published and 1 assessment has used it, so it cannot be changed/);
    await assert.rejects(
      database.db.update(instrumentVersions).set({ instrument: { ...v1.row.instrument, title: 'Changed' } }).where(eq(instrumentVersions.id, v1.row.id)),
      dbRefusal(/instrument version 1 is published and cannot be changed/),
    );
    await assert.rejects(database.db.delete(instrumentVersions).where(eq(instrumentVersions.id, v1.row.id)), dbRefusal(/cannot be deleted|foreign key/));
    // The assessment itself is a record of what was decided.
    await assert.rejects(database.db.update(riskAssessments).set({ level: 'entrenched' }).where(eq(riskAssessments.youngPersonId, jadeId)), dbRefusal(/a submitted risk assessment cannot be changed/));
    assert.equal((await versionByNumber(database.db, coordinator.areaId, 1))!.row.instrument.title, v1.row.instrument.title);
  });

  it('publishes an area version that replaces one indicator with culturally neutral wording; earlier assessments keep version 1', async () => {
    const added = await changeDraft(database.db, ctx, coordinator, { change: 'test' }, (ins) =>
      addIndicator(ins, { groupId: 'contact_at_risk', wording: NEUTRAL, hint: 'Describe the relationship and how they met.', pointsTo: 'at_risk', replaces: 'ar.older_associates', weights: { now: '2', last6Months: '1', sixTo12Months: '1' } }).problems,
    );
    assert.ok(added.ok);
    const published = await publishDraft(database.db, ctx, coordinator, 'Clearer, neutral wording for older associates.');
    assert.deepEqual(published, { ok: true, value: { version: 2 } });

    const current = await currentVersion(database.db, coordinator.areaId);
    assert.equal(current.row.version, 2);
    assert.equal(current.row.publishedByUserId, coordinator.userId);
    const newId = current.instrument.indicators.find((i) => i.wording === NEUTRAL)!.id;
    assert.equal(current.instrument.indicators.find((i) => i.id === 'ar.older_associates')?.replacedBy, newId);
    const [v1] = await database.db.select().from(instrumentVersions).where(and(eq(instrumentVersions.areaId, coordinator.areaId), eq(instrumentVersions.version, 1)));
    assert.equal(v1!.status, 'retired');

    // The concern form offers the new wording, not the old.
    const checklist = (await checklistForArea(database.db, coordinator.areaId)).flatMap((g) => g.indicators);
    assert.ok(checklist.some((i) => i.id === newId && i.wording === NEUTRAL));
    assert.ok(!checklist.some((i) => i.id === 'ar.older_associates'));

    // A concern that ticked the old indicator suggests the new one.
    const suggestions = await suggestionsFor(database.db, coordinator, current.instrument, jadeId, new Date().toISOString());
    assert.ok(suggestions.has(newId));
    assert.ok(!suggestions.has('ar.older_associates'));

    // The earlier assessment keeps version 1; answers against version 1 are now refused.
    const [earlier] = await database.db.select().from(riskAssessments).where(eq(riskAssessments.youngPersonId, jadeId));
    assert.equal(earlier!.instrumentVersion, 1);
    const late = await submitAssessment(database.db, { ...ctx, actor: nurse }, nurse, jadeId, { kind: 'api', state: await nothingPresent(), version: 1 });
    assert.equal(late.ok, false);
    if (!late.ok) assert.match(late.problems[0]!.message, /version 1 .* retired .*version 2/);

    // Another area is untouched by this one's change.
    const [other] = await database.db.select({ id: areas.id }).from(areas).where(eq(areas.code, 'EMR'));
    assert.equal((await currentVersion(database.db, other!.id)).row.version, 1);
  });
});

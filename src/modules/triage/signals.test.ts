import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestLantern, type TestLantern } from '../../test-support/lantern.ts';
import { DEFAULT_TRIAGE_SETTINGS } from './settings.ts';
import { multiAgencySignals, sharedMentionSignals, signalFlags, weakSignals, type ConcernQuestion } from './signals.ts';
import { DAY_MS, demoArea, demoReferrers, makeConcern, makeYoungPerson, type DemoArea } from './testing.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';

let lantern: TestLantern;
let area: DemoArea;
let nurse: SignedInUser; // health
let youthWorker: SignedInUser; // voluntary sector
let police: SignedInUser;

before(async () => {
  lantern = await createTestLantern();
  area = await demoArea(lantern.db);
  ({ nurse, youthWorker, police } = await demoReferrers(area));
});
after(() => lantern?.close());

const question = (key: string, c: { id: string }, by: SignedInUser, submittedAt: Date, youngPersonId: string | null): ConcernQuestion => ({
  key,
  concernId: c.id,
  submittedAt,
  agencyId: by.agencyId,
  youngPersonId,
});

describe('weak signal (a): concerns from several agencies within the window', () => {
  it('fires for two agencies within 30 days, counting the concern being triaged', async () => {
    const db = lantern.db;
    const yp = await makeYoungPerson(db, area.areaId, { givenName: 'Tegan', familyName: 'Signalwood' });
    const first = new Date(Date.now() - 20 * DAY_MS);
    await makeConcern(db, { areaId: area.areaId, raisedBy: nurse, youngPersonId: yp, submittedAt: first });
    const second = new Date(Date.now() - 2 * DAY_MS);
    const unlinked = await makeConcern(db, { areaId: area.areaId, raisedBy: youthWorker, subjectKind: 'unidentified', subject: { description: 'Girl about 14' }, submittedAt: second });

    // Not linked yet: nothing to add up.
    const before = await multiAgencySignals(db, [question('q', unlinked, youthWorker, second, null)], DEFAULT_TRIAGE_SETTINGS);
    assert.equal(before.get('q')!.fired, false);
    // As it would be if triage linked it to Tegan: the concern itself is the second agency.
    const ifLinked = await multiAgencySignals(db, [question('q', unlinked, youthWorker, second, yp)], DEFAULT_TRIAGE_SETTINGS);
    const signal = ifLinked.get('q')!;
    assert.equal(signal.fired, true);
    assert.equal(signal.agencyCount, 2);
    assert.deepEqual(new Set(signal.agencyIds), new Set([nurse.agencyId, youthWorker.agencyId]));
    assert.ok(signalFlags({ multiAgency: signal, sharedMentions: [] }).includes('Concerns from 2 agencies within 30 days'));
  });

  it('does not fire for the same agency twice', async () => {
    const db = lantern.db;
    const yp = await makeYoungPerson(db, area.areaId, { givenName: 'Ruby', familyName: 'Sameagency' });
    const t1 = new Date(Date.now() - 10 * DAY_MS);
    const t2 = new Date(Date.now() - 1 * DAY_MS);
    await makeConcern(db, { areaId: area.areaId, raisedBy: nurse, youngPersonId: yp, submittedAt: t1 });
    const c2 = await makeConcern(db, { areaId: area.areaId, raisedBy: nurse, youngPersonId: yp, submittedAt: t2 });
    const result = await multiAgencySignals(db, [question('q', c2, nurse, t2, yp)], DEFAULT_TRIAGE_SETTINGS);
    assert.equal(result.get('q')!.fired, false);
    assert.equal(result.get('q')!.agencyCount, 1);
  });

  it('does not fire for two agencies 31 days apart, but does at exactly 30', async () => {
    const db = lantern.db;
    const yp = await makeYoungPerson(db, area.areaId, { givenName: 'Nadia', familyName: 'Farapart' });
    const t1 = new Date(Date.now() - 40 * DAY_MS);
    const t2 = new Date(t1.getTime() + 31 * DAY_MS);
    await makeConcern(db, { areaId: area.areaId, raisedBy: nurse, youngPersonId: yp, submittedAt: t1 });
    const c2 = await makeConcern(db, { areaId: area.areaId, raisedBy: police, youngPersonId: yp, submittedAt: t2 });
    const apart = await multiAgencySignals(db, [question('q', c2, police, t2, yp)], DEFAULT_TRIAGE_SETTINGS);
    assert.equal(apart.get('q')!.fired, false);

    const yp2 = await makeYoungPerson(db, area.areaId, { givenName: 'Nadia', familyName: 'Justwithin' });
    const t3 = new Date(t1.getTime() + 30 * DAY_MS);
    await makeConcern(db, { areaId: area.areaId, raisedBy: nurse, youngPersonId: yp2, submittedAt: t1 });
    const c3 = await makeConcern(db, { areaId: area.areaId, raisedBy: police, youngPersonId: yp2, submittedAt: t3 });
    const within = await multiAgencySignals(db, [question('q', c3, police, t3, yp2)], DEFAULT_TRIAGE_SETTINGS);
    assert.equal(within.get('q')!.fired, true);
  });

  it('needs all N agencies inside one window, and follows the area’s settings', async () => {
    const db = lantern.db;
    const yp = await makeYoungPerson(db, area.areaId, { givenName: 'Leah', familyName: 'Threeway' });
    const now = Date.now();
    // Health 50 days ago, police 25 days ago, voluntary today: any 30-day window holds only two.
    await makeConcern(db, { areaId: area.areaId, raisedBy: nurse, youngPersonId: yp, submittedAt: new Date(now - 50 * DAY_MS) });
    const c2 = await makeConcern(db, { areaId: area.areaId, raisedBy: police, youngPersonId: yp, submittedAt: new Date(now - 25 * DAY_MS) });
    const t3 = new Date(now);
    const c3 = await makeConcern(db, { areaId: area.areaId, raisedBy: youthWorker, youngPersonId: yp, submittedAt: t3 });
    const three = { weakSignalAgencies: 3, weakSignalWindowDays: 30 };
    const result = await multiAgencySignals(db, [question('c3', c3, youthWorker, t3, yp), question('c2', c2, police, new Date(now - 25 * DAY_MS), yp)], three);
    assert.equal(result.get('c3')!.fired, false);
    assert.equal(result.get('c3')!.agencyCount, 2);
    assert.equal(result.get('c2')!.fired, false);
    // A 60-day window holds all three.
    const wide = await multiAgencySignals(db, [question('c3', c3, youthWorker, t3, yp)], { weakSignalAgencies: 3, weakSignalWindowDays: 60 });
    assert.equal(wide.get('c3')!.fired, true);
    assert.equal(wide.get('c3')!.agencyCount, 3);
  });
});

describe('weak signal (b): something mentioned in another concern', () => {
  it('fires when a vehicle appears in concerns about two different young people', async () => {
    const db = lantern.db;
    const ypA = await makeYoungPerson(db, area.areaId, { givenName: 'Amber', familyName: 'Vehicleone' });
    const ypB = await makeYoungPerson(db, area.areaId, { givenName: 'Bethany', familyName: 'Vehicletwo' });
    const earlier = await makeConcern(db, { areaId: area.areaId, raisedBy: nurse, youngPersonId: ypA, mentions: [{ kind: 'vehicle', asTyped: 'ZX19 KLM' }] });
    // The same registration written differently, in a concern from the same agency about someone else.
    const t = new Date();
    const later = await makeConcern(db, { areaId: area.areaId, raisedBy: nurse, youngPersonId: ypB, submittedAt: t, mentions: [{ kind: 'vehicle', asTyped: 'zx19klm' }, { kind: 'adult', asTyped: 'a man called Dee' }] });
    const result = await sharedMentionSignals(db, area.areaId, [question('q', later, nurse, t, ypB)]);
    const shared = result.get('q')!;
    assert.equal(shared.length, 1);
    assert.equal(shared[0]!.kind, 'vehicle');
    assert.deepEqual(shared[0]!.otherConcerns.map((o) => o.id), [earlier.id]);
    assert.equal(shared[0]!.otherConcerns[0]!.aboutAnotherYoungPerson, true);
    const both = await weakSignals(db, area.areaId, [question('q', later, nurse, t, ypB)], DEFAULT_TRIAGE_SETTINGS);
    assert.ok(signalFlags(both.get('q')).includes('Same vehicle in a concern about another young person'));
  });

  it('does not fire for the same young person and the same agency; does for another agency', async () => {
    const db = lantern.db;
    const yp = await makeYoungPerson(db, area.areaId, { givenName: 'Cara', familyName: 'Samephone' });
    await makeConcern(db, { areaId: area.areaId, raisedBy: nurse, youngPersonId: yp, mentions: [{ kind: 'phone', asTyped: '07700 900456' }] });
    const t = new Date();
    const again = await makeConcern(db, { areaId: area.areaId, raisedBy: nurse, youngPersonId: yp, submittedAt: t, mentions: [{ kind: 'phone', asTyped: '+44 7700 900456' }] });
    const same = await sharedMentionSignals(db, area.areaId, [question('q', again, nurse, t, yp)]);
    assert.deepEqual(same.get('q'), []);

    const fromPolice = await makeConcern(db, { areaId: area.areaId, raisedBy: police, subjectKind: 'unidentified', subject: { description: 'A girl in a red coat' }, submittedAt: t, mentions: [{ kind: 'phone', asTyped: '07700900456' }] });
    const other = await sharedMentionSignals(db, area.areaId, [question('q', fromPolice, police, t, null)]);
    const shared = other.get('q')!;
    assert.equal(shared.length, 1);
    assert.equal(shared[0]!.otherConcerns.length, 2);
    assert.ok(shared[0]!.otherConcerns.every((o) => o.fromAnotherAgency));
  });

  it('ignores mentions without a match key (free descriptions)', async () => {
    const db = lantern.db;
    const t = new Date();
    await makeConcern(db, { areaId: area.areaId, raisedBy: nurse, subjectKind: 'unidentified', subject: { description: 'x' }, mentions: [{ kind: 'adult', asTyped: 'Tall man, goes by Spider' }] });
    const c = await makeConcern(db, { areaId: area.areaId, raisedBy: police, subjectKind: 'unidentified', subject: { description: 'y' }, submittedAt: t, mentions: [{ kind: 'adult', asTyped: 'Tall man, goes by Spider' }] });
    const result = await sharedMentionSignals(db, area.areaId, [question('q', c, police, t, null)]);
    assert.deepEqual(result.get('q'), []);
  });
});

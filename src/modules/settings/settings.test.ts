import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { createTestLantern, signInAs, type TestClient, type TestLantern } from '../../test-support/index.ts';
import { auditEvents } from '../../platform/audit/tables.ts';
import { areas } from '../organisation/tables.ts';
import { DEFAULT_TRIAGE_SETTINGS, triageSettingsForArea } from '../triage/settings.ts';
import { areaThresholds } from '../linkage/stored-model.ts';
import { missingSettings } from '../missing/settings.ts';
import { areaSettingDefinitions, validateAreaSettings } from './area-settings.ts';

let lantern: TestLantern;
let coordinator: TestClient;
let areaId: string;

before(async () => {
  lantern = await createTestLantern();
  coordinator = await signInAs(lantern.app, 'coordinator@northbridge.example');
  const [area] = await lantern.db.select({ id: areas.id }).from(areas).where(eq(areas.code, 'NBR'));
  areaId = area!.id;
});
after(() => lantern?.close());

const storedSettings = async () => (await lantern.db.select({ settings: areas.settings }).from(areas).where(eq(areas.id, areaId)))[0]!.settings;
const blankForm = () => Object.fromEntries(areaSettingDefinitions().map((d) => [d.key, '']));

describe('area settings', () => {
  it('is for coordinators only', async () => {
    const nurse = await signInAs(lantern.app, 'school.nurse@northbridge.example');
    assert.equal((await nurse.get('/settings')).status, 403);
    assert.equal((await nurse.post('/settings', { weakSignalAgencies: '3' })).status, 403);
  });

  it('saves what the coordinator sets, which the modules then use, with one audit row of what changed', async () => {
    const page = await coordinator.get('/settings');
    assert.equal(page.status, 200);
    assert.match(page.body, /Leave blank for the default, 72 hours/);

    const saved = await coordinator.post('/settings', { ...blankForm(), triageTargetWorkingHours: '4', weakSignalAgencies: '3', linkageReviewThreshold: '60', linkageAutoSuggestThreshold: '99.5', returnInterviewHours: '48' });
    assert.equal(saved.status, 303);
    assert.equal(saved.location, '/settings?saved=1');
    assert.match((await coordinator.get('/settings?saved=1')).body, /settings were saved/);

    assert.equal((await triageSettingsForArea(lantern.db, areaId)).targetWorkingHours, 4);
    assert.equal((await triageSettingsForArea(lantern.db, areaId)).weakSignalAgencies, 3);
    assert.deepEqual(await areaThresholds(lantern.db, areaId), { review: 0.6, autoSuggest: 0.995 });
    assert.equal((await missingSettings(lantern.db, areaId)).returnInterviewHours, 48);

    const audit = await lantern.db.select().from(auditEvents).where(and(eq(auditEvents.recordKind, 'area'), eq(auditEvents.recordId, areaId)));
    const changes = (audit.at(-1)!.details as { changes: Record<string, { from: unknown; to: unknown }> }).changes;
    assert.deepEqual(changes.weakSignalAgencies, { from: null, to: 3 });
    assert.deepEqual(changes.linkageReviewThreshold, { from: null, to: 0.6 });

    // Blank puts a setting back to its default.
    await coordinator.post('/settings', { ...blankForm(), weakSignalAgencies: '3' });
    assert.equal((await triageSettingsForArea(lantern.db, areaId)).targetWorkingHours, DEFAULT_TRIAGE_SETTINGS.targetWorkingHours);
    assert.equal((await storedSettings()).triageTargetWorkingHours, undefined);
    assert.equal((await storedSettings()).weakSignalAgencies, 3);
  });

  it('refuses bad figures with a message for each and changes nothing', async () => {
    const before = await storedSettings();
    const bad = await coordinator.post('/settings', { ...blankForm(), weakSignalAgencies: 'three', breakGlassHours: '500', strategyMeetingHours: '1.5', linkageReviewThreshold: '90', linkageAutoSuggestThreshold: '80' });
    assert.equal(bad.status, 400);
    assert.match(bad.body, /There is a problem/);
    assert.match(bad.body, /href="#weakSignalAgencies">Enter agencies that flag a young person as a number/);
    assert.match(bad.body, /href="#breakGlassHours">Enter emergency access lasts between 1 and 72/);
    assert.match(bad.body, /href="#strategyMeetingHours">[^<]*whole number/);
    assert.match(bad.body, /href="#linkageAutoSuggestThreshold">The “Very likely the same” figure must be higher than the “Possibly the same” figure/);
    assert.match(bad.body, /value="three"/);
    assert.deepEqual(await storedSettings(), before);
  });

  it('accepts any value in range and refuses any value out of range', () => {
    for (const definition of areaSettingDefinitions().filter((d) => !d.percent)) {
      fc.assert(
        fc.property(fc.integer({ min: -1000, max: 10_000 }), (value) => {
          const result = validateAreaSettings({}, { [definition.key]: String(value) });
          const inRange = value >= definition.min && value <= definition.max;
          return result.ok === inRange && (!result.ok || result.value[definition.key] === value);
        }),
        { numRuns: 200 },
      );
    }
  });
});

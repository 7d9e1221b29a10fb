/**
 * An area still on the untouched first shipped instrument moves to version 2 (levels by signs):
 * version 1 is retired unchanged, so assessments made with it keep the version and level they used.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { areas } from '../organisation/tables.ts';
import { createDefaultInstrumentVersion1 } from './instrument/index.ts';
import { instrumentVersions } from './tables.ts';
import { currentInstrument, currentVersion, versionByNumber } from './versions.ts';
import { createTestLantern, type TestLantern } from '../../test-support/index.ts';

describe('moving an area on the first shipped instrument to version 2', () => {
  let lantern: TestLantern;
  let database: Database;
  let areaId: string;

  before(async () => {
    lantern = await createTestLantern();
    database = lantern.database;
    const [area] = await database.db.insert(areas).values({ name: 'Westbrook Partnership', code: 'WBK' }).returning({ id: areas.id });
    areaId = area!.id;
    // As Lantern created it for an area before the signs model.
    const first = createDefaultInstrumentVersion1();
    first.areaId = areaId;
    await database.db.insert(instrumentVersions).values({ areaId, instrumentId: first.id, version: 1, status: 'published', instrument: first, changeNote: first.changeNote ?? null, publishedAt: new Date() });
  });
  after(async () => lantern.close());

  it('publishes version 2, retires version 1 untouched, and does it once', async () => {
    assert.equal((await currentInstrument(database.db, areaId)).scoring.method, 'signs');
    const current = await currentVersion(database.db, areaId);
    assert.equal(current.row.version, 2);
    assert.equal(current.row.basedOnVersion, 1);
    assert.equal(current.instrument.scoring.method, 'signs');
    const first = (await versionByNumber(database.db, areaId, 1))!;
    assert.equal(first.row.status, 'retired');
    assert.equal(first.instrument.scoring.method, undefined, 'version 1 keeps its cut-offs, so its assessments read as they were made');
    assert.equal((await currentVersion(database.db, areaId)).row.id, current.row.id);
    assert.equal((await database.db.select().from(instrumentVersions).where(eq(instrumentVersions.areaId, areaId))).length, 2);
  });

  it('leaves an area that has made a version of its own alone', async () => {
    const [area] = await database.db.insert(areas).values({ name: 'Southgate Partnership', code: 'SGT' }).returning({ id: areas.id });
    const first = createDefaultInstrumentVersion1();
    await database.db.insert(instrumentVersions).values({ areaId: area!.id, instrumentId: first.id, version: 1, status: 'retired', instrument: first, retiredAt: new Date() });
    await database.db.insert(instrumentVersions).values({ areaId: area!.id, instrumentId: first.id, version: 2, status: 'published', instrument: { ...first, version: 2 }, publishedAt: new Date() });
    const current = await currentVersion(database.db, area!.id);
    assert.equal(current.row.version, 2);
    assert.equal(current.instrument.scoring.method, undefined);
  });
});

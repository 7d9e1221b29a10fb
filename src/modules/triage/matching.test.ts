import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { createTestLantern, type TestLantern } from '../../test-support/lantern.ts';
import { auditEvents } from '../../platform/audit/tables.ts';
import { areas } from '../organisation/tables.ts';
import type { SignedInUser } from '../organisation/users.ts';
import { matchSubjectFrom, matchSuggestions } from './matching.ts';
import { swappedDayMonth } from '../young-people/details.ts';
import { demoArea, makeYoungPerson, type DemoArea } from './testing.ts';

let lantern: TestLantern;
let area: DemoArea;
let coordinator: SignedInUser;
const ctx = () => ({ actor: coordinator, ip: null, requestId: null });

before(async () => {
  lantern = await createTestLantern();
  area = await demoArea(lantern.db);
  coordinator = await area.user('coordinator@northbridge.example');
});
after(() => lantern?.close());

describe('match suggestions', () => {
  it('swaps day and month only when that gives another real date', () => {
    assert.equal(swappedDayMonth('2011-07-03'), '2011-03-07');
    assert.equal(swappedDayMonth('2011-07-25'), null);
    assert.equal(swappedDayMonth('2011-05-05'), null);
  });

  it('ranks the right young person first for a misspelt name with day and month swapped, and says why', async () => {
    const db = lantern.db;
    const right = await makeYoungPerson(db, area.areaId, { givenName: 'Kayleigh', familyName: 'Robinshaw', aliases: ['Kaz'], dateOfBirth: '2011-03-07', gender: 'female' });
    await makeYoungPerson(db, area.areaId, { givenName: 'Kayla', familyName: 'Robertshaw', dateOfBirth: '2011-03-08' });
    await makeYoungPerson(db, area.areaId, { givenName: 'Kelly', familyName: 'Robins', dateOfBirth: '2010-07-03' });
    // Someone with exactly the date typed but nothing else in common.
    await makeYoungPerson(db, area.areaId, { givenName: 'Marcus', familyName: 'Oyelaran', dateOfBirth: '2011-07-03' });

    const subject = matchSubjectFrom({ givenName: 'Kaleigh', familyName: 'Robinshore', aliases: ['Kazz'], dateOfBirth: '2011-07-03' }, new Date());
    const found = await matchSuggestions(db, ctx(), '00000000-0000-4000-8000-000000000001', subject);
    assert.ok(found.length >= 2, 'finds the candidates');
    assert.equal(found[0]!.id, right);
    const reasons = found[0]!.reasons;
    assert.ok(reasons.includes('date of birth matches with the day and month swapped'), reasons.join('; '));
    assert.ok(reasons.some((r) => r.startsWith('surname')), reasons.join('; '));
    assert.ok(reasons.includes('alias ‘Kaz’ matches'), reasons.join('; '));
    assert.ok(found.length <= 10);
    const marcus = found.find((f) => f.familyName === 'Oyelaran');
    if (marcus) assert.deepEqual(marcus.reasons, ['date of birth matches']);
  });

  it('puts an identifier match first and says so, and uses an approximate age', async () => {
    const db = lantern.db;
    const byNhs = await makeYoungPerson(db, area.areaId, { givenName: 'Precious', familyName: 'Okonkwo-Idris', nhsNumber: '9434765919', dateOfBirth: '2012-02-02' });
    await makeYoungPerson(db, area.areaId, { givenName: 'Precious', familyName: 'Okonkwo', dateOfBirth: '2009-02-02' });
    const found = await matchSuggestions(db, ctx(), '00000000-0000-4000-8000-000000000002', matchSubjectFrom({ givenName: 'Precious', familyName: 'Okonkwo', nhsNumber: '943 476 5919' }, new Date()));
    assert.equal(found[0]!.id, byNhs);
    assert.ok(found[0]!.reasons.includes('NHS number matches'));

    const asOf = new Date('2026-06-01T12:00:00Z');
    const fourteen = await makeYoungPerson(db, area.areaId, { givenName: 'Mimi', familyName: 'Ashgrove', dateOfBirth: '2012-01-15' });
    const ageFound = await matchSuggestions(db, ctx(), '00000000-0000-4000-8000-000000000003', matchSubjectFrom({ aliases: ['Mimi'], estimatedAge: 14 }, asOf));
    const mimi = ageFound.find((f) => f.id === fourteen);
    assert.ok(mimi, 'the alias finds her');
    assert.ok(mimi.reasons.includes('age is within a year of the age given'), mimi.reasons.join('; '));
  });

  it('suggests only young people in the coordinator’s own area, and audits the search with ids only', async () => {
    const db = lantern.db;
    const [other] = await db.insert(areas).values({ name: 'Elsewhere Partnership', code: 'ELS' }).returning({ id: areas.id });
    await makeYoungPerson(db, other!.id, { givenName: 'Zuzanna', familyName: 'Kowalczyk', dateOfBirth: '2010-10-10' });
    const concernId = '00000000-0000-4000-8000-000000000004';
    const found = await matchSuggestions(db, ctx(), concernId, matchSubjectFrom({ givenName: 'Zuzanna', familyName: 'Kowalczyk', dateOfBirth: '2010-10-10' }, new Date()));
    assert.deepEqual(found, []);
    const audit = await db.select().from(auditEvents).where(and(eq(auditEvents.action, 'search'), eq(auditEvents.actorUserId, coordinator.userId)));
    const row = audit.find((a) => (a.details as Record<string, unknown>)?.concernId === concernId);
    assert.ok(row, 'the suggestion search is audited');
    assert.equal(JSON.stringify(row.details).includes('Zuzanna'), false);
  });

  it('gives nothing when nothing usable was typed', async () => {
    assert.deepEqual(await matchSuggestions(lantern.db, ctx(), '00000000-0000-4000-8000-000000000005', matchSubjectFrom({ description: 'A girl seen at the bus station' }, new Date())), []);
  });
});

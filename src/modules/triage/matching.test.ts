import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { createTestLantern, type TestLantern } from '../../test-support/lantern.ts';
import { auditEvents } from '../../platform/audit/tables.ts';
import { areas } from '../organisation/tables.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { matchDetailsFrom, matchSuggestions } from './matching.ts';
import { explanationLines } from '../linkage/presentation.ts';
import type { ConcernSubject } from '../concerns/tables.ts';
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

const concern = (id: string, subject: ConcernSubject, submittedAt = new Date()) => ({ id, subject, submittedAt });
const lines = (found: Awaited<ReturnType<typeof matchSuggestions>>[number]) => explanationLines(found.explanation);

describe('match suggestions', () => {
  it('swaps day and month only when that gives another real date', () => {
    assert.equal(swappedDayMonth('2011-07-03'), '2011-03-07');
    assert.equal(swappedDayMonth('2011-07-25'), null);
    assert.equal(swappedDayMonth('2011-05-05'), null);
  });

  it('ranks the right young person first for a misspelt name with day and month swapped, and explains each field', async () => {
    const db = lantern.db;
    const right = await makeYoungPerson(db, area.areaId, { givenName: 'Kayleigh', familyName: 'Robinshaw', aliases: ['Kaz'], dateOfBirth: '2011-03-07', gender: 'female' });
    await makeYoungPerson(db, area.areaId, { givenName: 'Kayla', familyName: 'Robertshaw', dateOfBirth: '2011-03-08' });
    await makeYoungPerson(db, area.areaId, { givenName: 'Kelly', familyName: 'Robins', dateOfBirth: '2010-07-03' });
    // Someone with exactly the date typed but nothing else in common.
    const marcus = await makeYoungPerson(db, area.areaId, { givenName: 'Marcus', familyName: 'Oyelaran', dateOfBirth: '2011-07-03' });

    const found = await matchSuggestions(db, ctx(), concern('00000000-0000-4000-8000-000000000001', { givenName: 'Kaleigh', familyName: 'Robinshore', aliases: ['Kazz'], dateOfBirth: '2011-07-03' }));
    assert.ok(found.length >= 1 && found.length <= 10);
    const best = found[0]!;
    assert.equal(best.youngPersonId, right);
    assert.ok(lines(best).some((l) => l.startsWith('Date of birth: day and month swapped')), lines(best).join('; '));
    assert.ok(lines(best).some((l) => l.startsWith('Family name: similar spelling')), lines(best).join('; '));
    const other = found.find((f) => f.youngPersonId === marcus);
    if (other) assert.ok(other.matchProbability < best.matchProbability);
  });

  it('puts an identifier match first and reads an approximate age as the age on the day the concern was raised', async () => {
    const db = lantern.db;
    const byNhs = await makeYoungPerson(db, area.areaId, { givenName: 'Precious', familyName: 'Okonkwo-Idris', nhsNumber: '9434765919', dateOfBirth: '2012-02-02' });
    await makeYoungPerson(db, area.areaId, { givenName: 'Precious', familyName: 'Okonkwo', dateOfBirth: '2009-02-02' });
    const found = await matchSuggestions(db, ctx(), concern('00000000-0000-4000-8000-000000000002', { givenName: 'Precious', familyName: 'Okonkwo', nhsNumber: '943 476 5919' }));
    assert.equal(found[0]!.youngPersonId, byNhs);
    assert.ok(lines(found[0]!).some((l) => /^Nhs number: exact match/i.test(l)), lines(found[0]!).join('; '));

    const fourteen = await makeYoungPerson(db, area.areaId, { givenName: 'Mimi', familyName: 'Ashgrove', dateOfBirth: '2012-01-15' });
    const raised = new Date('2026-06-01T12:00:00Z');
    const ageFound = await matchSuggestions(db, ctx(), concern('00000000-0000-4000-8000-000000000003', { givenName: 'Mimi', familyName: 'Ashgrove', estimatedAge: 14 }, raised));
    const mimi = ageFound.find((f) => f.youngPersonId === fourteen);
    assert.ok(mimi, 'the name finds her');
    assert.ok(lines(mimi).some((l) => l.startsWith('Date of birth: consistent with approximate age')), lines(mimi).join('; '));
  });

  it('suggests only young people in the coordinator’s own area, and audits the look-up with ids only', async () => {
    const db = lantern.db;
    const [other] = await db.insert(areas).values({ name: 'Elsewhere Partnership', code: 'ELS' }).returning({ id: areas.id });
    await makeYoungPerson(db, other!.id, { givenName: 'Zuzanna', familyName: 'Kowalczyk', dateOfBirth: '2010-10-10' });
    const concernId = '00000000-0000-4000-8000-000000000004';
    const found = await matchSuggestions(db, ctx(), concern(concernId, { givenName: 'Zuzanna', familyName: 'Kowalczyk', dateOfBirth: '2010-10-10' }));
    assert.deepEqual(found, []);
    const audit = await db.select().from(auditEvents).where(and(eq(auditEvents.action, 'search'), eq(auditEvents.actorUserId, coordinator.userId)));
    const row = audit.find((a) => (a.details as Record<string, unknown>)?.concernId === concernId);
    assert.ok(row, 'the suggestion look-up is audited');
    assert.equal((row.details as Record<string, unknown>).purpose, 'triage_match');
    assert.equal(JSON.stringify(row.details).includes('Zuzanna'), false);
  });

  it('gives nothing when nothing usable was typed, and drops identifiers that fail their check digit', async () => {
    assert.equal(matchDetailsFrom({ description: 'A girl seen at the bus station' }), null);
    assert.deepEqual(await matchSuggestions(lantern.db, ctx(), concern('00000000-0000-4000-8000-000000000005', { description: 'A girl seen at the bus station' })), []);
    assert.equal(matchDetailsFrom({ givenName: 'Ann', nhsNumber: '943 476 5918' })?.nhsNumber, null);
  });
});

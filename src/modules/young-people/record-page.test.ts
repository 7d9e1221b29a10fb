/**
 * The record page is built from the sections other modules contribute (risk, emergency access's
 * log link, missing, panels, intelligence): they keep their places, and the view's audit row keeps
 * what the intelligence section adds to it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, desc, eq, sql } from 'drizzle-orm';
import { createTestLantern, signInAs, userIdByEmail, type TestLantern } from '../../test-support/index.ts';
import { rows } from '../../platform/db/database.ts';
import { auditEvents } from '../../platform/audit/tables.ts';

let lantern: TestLantern;
let people: string[];

before(async () => {
  lantern = await createTestLantern();
  people = (await rows<{ id: string }>(lantern.db, sql`select id from young_people where merged_into_id is null order by number`)).map((r) => r.id);
});
after(() => lantern.close());

async function lastRecordView(userId: string, youngPersonId: string) {
  const [row] = await lantern.db
    .select({ details: auditEvents.details })
    .from(auditEvents)
    .where(and(eq(auditEvents.actorUserId, userId), eq(auditEvents.recordKind, 'young_person'), eq(auditEvents.recordId, youngPersonId), eq(auditEvents.action, 'view')))
    .orderBy(desc(auditEvents.id))
    .limit(1);
  return row?.details as { paths: string[]; chronologyPage: number; intelligenceEntries: string[] } | undefined;
}

describe('a young person’s record page', () => {
  it('shows the modules’ sections in their places, and the audit row names the intelligence shown', async () => {
    const coordinator = await signInAs(lantern.app, 'coordinator@northbridge.example');
    const coordinatorId = await userIdByEmail(lantern.db, 'coordinator@northbridge.example');
    let sawIntelligence = false;
    for (const id of people.slice(0, 12)) {
      const page = await coordinator.request('GET', `/young-people/${id}`);
      assert.equal(page.status, 200);
      const at = (marker: string) => page.body.indexOf(marker);
      assert.ok(at('id="team"') < at('id="risk"'), 'risk after the team');
      assert.ok(at('id="risk"') < at('/circumstances">Change circumstances'), 'circumstances after risk');
      assert.ok(at('/circumstances">Change circumstances') < at('/access-log">Who has looked'), 'the access log link after the circumstances');
      assert.ok(at('/access-log">Who has looked') < at('id="missing"'), 'missing after the access log link');
      assert.ok(at('id="missing"') < at('id="panels"'), 'panels after missing');
      assert.ok(at('id="panels"') < at('id="chronology"'), 'the chronology last');
      if (at('id="intelligence"') >= 0) assert.ok(at('id="panels"') < at('id="intelligence"') && at('id="intelligence"') < at('id="chronology"'), 'intelligence between panels and the chronology');
      const details = await lastRecordView(coordinatorId, id);
      assert.ok(details, 'the view is audited');
      assert.ok(Array.isArray(details.intelligenceEntries) && Array.isArray(details.paths) && details.chronologyPage === 1);
      if (details.intelligenceEntries.length > 0) sawIntelligence = true;
    }
    assert.ok(sawIntelligence, 'one of the demo records shows intelligence entries');
  });

  it('offers the access log to the coordinator only', async () => {
    const officer = await signInAs(lantern.app, 'intelligence@northbridge.example');
    const page = await officer.request('GET', `/young-people/${people[0]}`);
    assert.equal(page.status, 200);
    assert.ok(!page.body.includes('Who has looked at this record'));
  });
});

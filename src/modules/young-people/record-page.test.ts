/**
 * The young person's record in sections: a summary page that says what is happening now (with the
 * one current level of risk every page shows), a sub-navigation to a page per section, the other
 * modules' contributed sections among them (a module's section appears without any change to the
 * record's templates), and a view audit row for every section page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, desc, eq, sql } from 'drizzle-orm';
import { createTestLantern, signInAs, textOf, userIdByEmail, type TestLantern } from '../../test-support/index.ts';
import { rows } from '../../platform/db/database.ts';
import { auditEvents } from '../../platform/audit/tables.ts';
import type { LanternModule } from '../../platform/modules.ts';
import { referenceFor } from './records.ts';
import { setCurrentRiskLevel } from './service.ts';
import { youngPeople } from './tables.ts';

const contributedModule: LanternModule = {
  name: 'contributed-for-test',
  recordSections: [
    {
      id: 'contributed',
      title: 'Contributed',
      template: 'young-people/test-fixtures/_contributed-section.njk',
      place: 'after-circumstances',
      order: 50,
      load: async (_db, _user, record) => ({ reference: referenceFor(record.number) }),
      auditDetails: () => ({ contributedShown: true }),
      summary: () => [{ kind: 'deadline', text: 'A contributed deadline', due: '2020-01-01', overdue: true }],
    },
  ],
};

let lantern: TestLantern;
let people: Record<string, { id: string; number: number }>;

before(async () => {
  lantern = await createTestLantern({ extraModules: [contributedModule] });
  const list = await rows<{ id: string; number: number; given_name: string }>(lantern.db, sql`select id, number::int, given_name from young_people where merged_into_id is null order by number`);
  people = Object.fromEntries(list.map((p) => [p.given_name, { id: p.id, number: p.number }]));
});
after(() => lantern.close());

async function lastRecordView(userId: string, youngPersonId: string) {
  const [row] = await lantern.db
    .select({ details: auditEvents.details })
    .from(auditEvents)
    .where(and(eq(auditEvents.actorUserId, userId), eq(auditEvents.recordKind, 'young_person'), eq(auditEvents.recordId, youngPersonId), eq(auditEvents.action, 'view')))
    .orderBy(desc(auditEvents.id))
    .limit(1);
  return row?.details as Record<string, unknown> | undefined;
}

const navigation = (body: string) => [...body.matchAll(/class="moj-sub-navigation__link"\s*(aria-current="page")?\s*href="([^"]+)"[^>]*>\s*([^<]+?)\s*</g)].map((m) => ({ current: Boolean(m[1]), href: m[2]!, text: m[3]! }));

describe('a young person’s record in sections', () => {
  it('opens on a summary: the panel’s agreed level, the same in the heading and the summary, with its date and source', async () => {
    const coordinator = await signInAs(lantern.app, 'coordinator@northbridge.example');
    const chloe = people.Chloe!;
    const page = await coordinator.request('GET', `/young-people/${chloe.id}`);
    assert.equal(page.status, 200);
    assert.equal(page.h1, 'Chloe Barnes');
    const text = textOf(page.body, { asOnScreen: true });
    assert.match(text, /Risk: Swapping/);
    assert.doesNotMatch(text, /Not assessed/);
    assert.match(text, /Current level of risk Swapping Agreed at a multi-agency panel on \d{1,2} \w+ \d{4}/);
    assert.match(text, /Lead professional .*Northbridge Children’s Social Care/);
    assert.match(text, /Open deadlines .*open panel action.*late/);
    assert.match(text, /A contributed deadline – late, was due 1 January 2020/, 'a contributed section’s deadline is in the summary');
    assert.match(text, /Latest in the chronology/);
    assert.ok(page.body.includes('class="moj-timeline"'));
  });

  it('lists every section in the sub-navigation, the contributed one too, and each opens as its own audited page', async () => {
    const coordinator = await signInAs(lantern.app, 'coordinator@northbridge.example');
    const coordinatorId = await userIdByEmail(lantern.db, 'coordinator@northbridge.example');
    const chloe = people.Chloe!;
    const summary = await coordinator.request('GET', `/young-people/${chloe.id}`);
    const links = navigation(summary.body);
    assert.deepEqual(links.map((l) => l.text), ['Summary', 'Chronology', 'Concerns', 'Risk', 'Views and wishes', 'Network', 'Team training', 'Team around the child', 'Details and circumstances', 'Missing episodes', 'Panels', 'Plans', 'Intelligence', 'Case notes', 'Contributed', 'Closure and transition', 'Transfers', 'Corrections', 'Sharing decisions', 'Data protection', 'Who has seen this record']);
    assert.deepEqual(links.filter((l) => l.current).map((l) => l.text), ['Summary']);
    const expectedHeading: Record<string, RegExp> = {
      Chronology: /id="chronology"/,
      Concerns: /id="concerns"/,
      Risk: /id="risk"/,
      'Team around the child': /id="team"/,
      'Details and circumstances': /id="details"[\s\S]*id="circumstances"/,
      'Missing episodes': /id="missing"/,
      Panels: /id="panels"/,
      Intelligence: /id="intelligence"/,
      Contributed: /Contributed for YP-\d+/,
    };
    for (const link of links.filter((l) => expectedHeading[l.text])) {
      const page = await coordinator.request('GET', link.href);
      assert.equal(page.status, 200, link.href);
      assert.match(page.body, expectedHeading[link.text]!, link.text);
      assert.equal(page.h1, 'Chloe Barnes', 'every section keeps the record’s heading');
      assert.match(textOf(page.body, { asOnScreen: true }), /Risk: Swapping/, 'and its level');
      assert.deepEqual(navigation(page.body).filter((l) => l.current).map((l) => l.text), [link.text]);
      const details = await lastRecordView(coordinatorId, chloe.id);
      assert.ok(details?.section, `${link.href} is audited as a view of the record, naming its section`);
    }
    assert.equal((await lastRecordView(coordinatorId, chloe.id))?.contributedShown, true, 'the contributed section adds to the audit row');
    const intelligence = await coordinator.request('GET', `/young-people/${chloe.id}/intelligence`);
    assert.equal(intelligence.status, 200);
    assert.ok(Array.isArray((await lastRecordView(coordinatorId, chloe.id))?.intelligenceEntries), 'the intelligence page’s audit row names the entries shown');
    assert.equal((await coordinator.request('GET', `/young-people/${chloe.id}/no-such-section`)).status, 404);
  });

  it('shows the chronology in full, filtered and paged, on its own page', async () => {
    const coordinator = await signInAs(lantern.app, 'coordinator@northbridge.example');
    const chloe = people.Chloe!;
    const page = await coordinator.request('GET', `/young-people/${chloe.id}/chronology?kind=missing`);
    assert.equal(page.status, 200);
    const text = textOf(page.body, { asOnScreen: true });
    assert.match(text, /Return interview held after M-\d+; pushed away by: rules or boundaries they struggle with;[^.]*learning: [^.]+\./, 'a long entry is not cut short');
    assert.doesNotMatch(text, /Concern C-\d+ raised/, 'the filter leaves other kinds out');
  });

  it('offers who has seen the record to the coordinator only', async () => {
    const officer = await signInAs(lantern.app, 'intelligence@northbridge.example');
    const visible = (await rows<{ id: string }>(lantern.db, sql`select id from young_people where merged_into_id is null order by number limit 1`))[0]!.id;
    const page = await officer.request('GET', `/young-people/${visible}`);
    assert.equal(page.status, 200);
    assert.ok(!navigation(page.body).some((l) => l.text === 'Who has seen this record'));
  });
});

describe('the current level of risk', () => {
  it('is the latest of the assessments and panel decisions, and an older one changes nothing', async () => {
    const id = people.Chloe!.id;
    const [before] = await lantern.db.select().from(youngPeople).where(eq(youngPeople.id, id));
    const later = new Date(before!.riskLevelSetAt!.getTime() + 86_400_000);
    const assessmentId = crypto.randomUUID();
    assert.equal(await setCurrentRiskLevel(lantern.db, id, { level: 'entrenched', at: later, source: 'assessment', sourceId: assessmentId }), true);
    assert.equal(await setCurrentRiskLevel(lantern.db, id, { level: 'at_risk', at: new Date(later.getTime() - 7 * 86_400_000), source: 'panel', sourceId: crypto.randomUUID() }), false);
    const [after] = await lantern.db.select().from(youngPeople).where(eq(youngPeople.id, id));
    assert.equal(after!.riskLevel, 'entrenched');
    assert.equal(after!.riskLevelSource, 'assessment');
    assert.equal(after!.riskLevelSourceId, assessmentId);
    const coordinator = await signInAs(lantern.app, 'coordinator@northbridge.example');
    const text = textOf((await coordinator.request('GET', `/young-people/${id}`)).body, { asOnScreen: true });
    assert.match(text, /Risk: Entrenched/);
    assert.match(text, /Current level of risk Entrenched From a risk assessment on/);
    const list = textOf((await coordinator.request('GET', '/young-people?q=Chloe')).body, { asOnScreen: true });
    assert.match(list, /Chloe Barnes.*Entrenched/, 'the list says the same');
    await lantern.db.update(youngPeople).set({ riskLevel: before!.riskLevel, riskLevelSetAt: before!.riskLevelSetAt, riskLevelSource: before!.riskLevelSource, riskLevelSourceId: before!.riskLevelSourceId }).where(eq(youngPeople.id, id));
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { createTestLantern, signInAs, type TestClient, type TestLantern } from '../../test-support/index.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { concerns, feedbackMessages } from '../concerns/tables.ts';
import { youngPeople } from '../young-people/tables.ts';
import { DAY_MS, demoArea, demoReferrers, makeConcern, makeYoungPerson, type DemoArea } from './testing.ts';

let lantern: TestLantern;
let area: DemoArea;
let coordinator: TestClient;
let nurse: SignedInUser;
let youthWorker: SignedInUser;

before(async () => {
  lantern = await createTestLantern();
  area = await demoArea(lantern.db);
  ({ nurse, youthWorker } = await demoReferrers(area));
  coordinator = await signInAs(lantern.app, 'coordinator@northbridge.example');
});
after(() => lantern?.close());

/** Every id on a page is unique (axe's duplicate-id rule), checked without a browser. */
function assertUniqueIds(html: string) {
  const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
  const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);
  assert.deepEqual(duplicates, [], `duplicate ids: ${duplicates.join(', ')}`);
}

describe('triage pages', () => {
  it('are for coordinators only', async () => {
    const practitioner = await signInAs(lantern.app, 'school.nurse@northbridge.example');
    assert.equal((await practitioner.get('/triage')).status, 403);
    const concern = await makeConcern(lantern.db, { areaId: area.areaId, raisedBy: nurse, subject: { givenName: 'Hidden' } });
    assert.equal((await practitioner.get(`/triage/${concern.id}`)).status, 403);
    assert.equal((await coordinator.get('/triage/not-a-uuid')).status, 404);
    assert.equal((await coordinator.get('/triage/00000000-0000-4000-8000-000000000000')).status, 404);
  });

  it('lists new concerns urgent first then oldest first, with waiting time, counts and the feedback measure', async () => {
    const db = lantern.db;
    const old = await makeConcern(db, { areaId: area.areaId, raisedBy: nurse, subject: { givenName: 'Queueold' }, submittedAt: new Date(Date.now() - 20 * DAY_MS) });
    const urgent = await makeConcern(db, { areaId: area.areaId, raisedBy: youthWorker, subject: { givenName: 'Queueurgent' }, urgent: true, possibleMatch: true });
    const res = await coordinator.get('/triage');
    assert.equal(res.status, 200);
    assertUniqueIds(res.body);
    const urgentAt = res.body.indexOf(`C-${urgent.number}<`);
    const oldAt = res.body.indexOf(`C-${old.number}<`);
    assert.ok(urgentAt > 0 && oldAt > 0 && urgentAt < oldAt, 'urgent first');
    assert.match(res.body, /Possible match held/);
    assert.match(res.body, /over the target/);
    assert.match(res.body, /Over the target/);
    assert.match(res.body, /Time to first feedback/);
    assert.match(res.body, /<caption[^>]*>Concerns waiting for triage/);
  });

  it('shows match suggestions, search, and refuses bad input with GOV.UK messages', async () => {
    const db = lantern.db;
    const yp = await makeYoungPerson(db, area.areaId, { givenName: 'Saoirse', familyName: 'Pagetest', aliases: ['Sersh'], dateOfBirth: '2011-04-09' });
    const concern = await makeConcern(db, { areaId: area.areaId, raisedBy: nurse, subject: { givenName: 'Sorsha', familyName: 'Pagetest', dateOfBirth: '2011-09-04' } });
    const page = await coordinator.get(`/triage/${concern.id}`);
    assert.equal(page.status, 200);
    assertUniqueIds(page.body);
    assert.match(page.body, /Possible matches in the area/);
    assert.ok(page.body.includes(`?youngPerson=${yp}#decision`));
    assert.match(page.body, /Date of birth: day and month swapped \(04\/09\/2011 and 09\/04\/2011\) \+/);
    assert.match(page.body, /First choose who this concern is about/);

    const search = await coordinator.get(`/triage/${concern.id}?q=Sersh`);
    assert.match(search.body, /<caption[^>]*>Search results/);

    const chosen = await coordinator.get(`/triage/${concern.id}?youngPerson=${yp}`);
    assertUniqueIds(chosen.body);
    assert.match(chosen.body, /Record decision and tell the referrer/);
    assert.match(chosen.body, /name="youngPerson" value="[0-9a-f-]{36}"/);

    const fresh = await coordinator.get(`/triage/${concern.id}?youngPerson=new`);
    assertUniqueIds(fresh.body);
    assert.match(fresh.body, /id="givenName" name="givenName" type="text"[^>]*value="Sorsha"/);

    const bad = await coordinator.post(`/triage/${concern.id}`, { youngPerson: yp, outcome: 'no_further_action', outcomeNote: '' });
    assert.equal(bad.status, 400);
    assertUniqueIds(bad.body);
    assert.match(bad.body, /There is a problem/);
    assert.match(bad.body, /href="#certainty">Select whether the concern is indicated or known/);
    assert.match(bad.body, /Enter the reason for no further action/);
    const [row] = await db.select().from(concerns).where(eq(concerns.id, concern.id));
    assert.equal(row!.status, 'new');
  });

  it('the issue’s story: two referrers, one young person, the two-agency flag, an outcome, and both told', async () => {
    const db = lantern.db;
    // A youth worker's low-level concern about a girl they cannot name...
    const unidentified = await makeConcern(db, {
      areaId: area.areaId,
      raisedBy: youthWorker,
      subjectKind: 'unidentified',
      subject: { aliases: ['Mimsy'], estimatedAge: 14, description: 'Girl about 14, calls herself Mimsy, seen getting into cars outside the youth club' },
      submittedAt: new Date(Date.now() - 3 * DAY_MS),
      mentions: [{ kind: 'vehicle', asTyped: 'NB68 QRT' }],
    });
    // ...and a school nurse's concern about a named girl.
    const named = await makeConcern(db, {
      areaId: area.areaId,
      raisedBy: nurse,
      subjectKind: 'new',
      subject: { givenName: 'Amelie', familyName: 'Storyfield', aliases: ['Mimsy'], dateOfBirth: '2012-02-14' },
      submittedAt: new Date(Date.now() - 1 * DAY_MS),
    });

    // The coordinator creates the record from the named concern.
    const created = await coordinator.post(
      `/triage/${named.id}`,
      { youngPerson: 'new', givenName: 'Amelie', familyName: 'Storyfield', aliases: 'Mimsy', 'dateOfBirth-day': '14', 'dateOfBirth-month': '2', 'dateOfBirth-year': '2012', gender: 'female', ethnicity: 'not_recorded', certainty: 'indicated', outcome: 'risk_assessment_requested', outcomeNote: '' },
    );
    assert.equal(created.status, 303);
    assert.equal(created.location, `/triage?decided=${named.number}`);
    const [amelie] = await db.select().from(youngPeople).where(eq(youngPeople.familyName, 'Storyfield'));
    assert.ok(amelie);

    // The unidentified girl's concern suggests Amelie through the alias and shows the two-agency flag if linked.
    const page = await coordinator.get(`/triage/${unidentified.id}`);
    assert.ok(page.body.includes(`?youngPerson=${amelie.id}#decision`), 'Amelie is suggested');
    assert.match(page.body, /First name: exact match \(mimsy\) \+/i);
    assert.match(page.body, /If linked: Concerns from 2 agencies within 30 days/);
    const chosen = await coordinator.get(`/triage/${unidentified.id}?youngPerson=${amelie.id}`);
    assert.match(chosen.body, /Once linked: concerns about this young person from 2 agencies within 30 days/);

    const decided = await coordinator.post(`/triage/${unidentified.id}`, { youngPerson: amelie.id, certainty: 'indicated', outcome: 'referred_to_panel', outcomeNote: 'Two agencies, cars outside the youth club' });
    assert.equal(decided.status, 303);
    const flash = await coordinator.get(decided.location!);
    assert.match(flash.body, new RegExp(`Concern C-${unidentified.number} has been triaged`));

    // Triaged: the page shows the decision and a second decision is refused clearly.
    const done = await coordinator.get(`/triage/${unidentified.id}`);
    assert.match(done.body, /Concerns about this young person from 2 agencies within 30 days/);
    assert.match(done.body, /Referred to the multi-agency panel/);
    const twice = await coordinator.post(`/triage/${unidentified.id}`, { youngPerson: amelie.id, certainty: 'known', outcome: 'advice_given', outcomeNote: 'again' });
    assert.equal(twice.status, 409);
    assert.match(twice.body, new RegExp(`Concern C-${unidentified.number} has already been triaged`));

    // Both referrers are told, in their own words.
    for (const [user, concern] of [[youthWorker, unidentified], [nurse, named]] as const) {
      const messages = await db.select().from(feedbackMessages).where(eq(feedbackMessages.concernId, concern.id));
      assert.equal(messages.length, 1);
      assert.equal(messages[0]!.recipientUserId, user.userId);
      assert.ok(messages[0]!.message.includes(`C-${concern.number}`));
      assert.equal(messages[0]!.message.includes('Amelie'), false);
    }
    const referrer = await signInAs(lantern.app, 'youth.worker@northbridge.example');
    const mine = await referrer.get('/my-concerns');
    assert.match(mine.body, new RegExp(`The coordinator reviewed your concern C-${unidentified.number} and has referred the young person to the multi-agency CSE panel`));
  });
});

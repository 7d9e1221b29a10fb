/**
 * The young person's edit forms over HTTP: each shows the record (and is audited as a view of it),
 * saves, refuses bad input with a GOV.UK error while saving nothing, and is not there at all for
 * someone with no access to the record.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { createTestLantern, signInAs, type TestClient, type TestLantern } from '../../test-support/index.ts';
import { auditEvents } from '../../platform/audit/tables.ts';
import { demoArea, makeYoungPerson, type DemoArea } from '../triage/testing.ts';
import { teamMembers, youngPeople } from './tables.ts';

let lantern: TestLantern;
let area: DemoArea;
let coordinator: TestClient;
/** A practitioner with no path to the records made here. */
let outsider: TestClient;

before(async () => {
  lantern = await createTestLantern();
  area = await demoArea(lantern.db);
  coordinator = await signInAs(lantern.app, 'coordinator@northbridge.example');
  outsider = await signInAs(lantern.app, 'housing.officer@northbridge.example');
});
after(() => lantern?.close());

const newRecord = () => makeYoungPerson(lantern.db, area.areaId, { givenName: 'Morwenna', familyName: 'Trelawny', dateOfBirth: '2011-02-14' });

async function record(id: string) {
  const [row] = await lantern.db.select().from(youngPeople).where(eq(youngPeople.id, id));
  return row!;
}

/** The forms' view rows for a record, by the coordinator: which form showed it. */
async function formViews(id: string): Promise<string[]> {
  const rows = await lantern.db
    .select({ details: auditEvents.details })
    .from(auditEvents)
    .where(and(eq(auditEvents.recordKind, 'young_person'), eq(auditEvents.recordId, id), eq(auditEvents.action, 'view'), eq(auditEvents.outcome, 'success'), sql`${auditEvents.details} ? 'form'`));
  return rows.map((r) => (r.details as { form: string }).form);
}

async function updatesOf(id: string): Promise<number> {
  const rows = await lantern.db.select({ id: auditEvents.id }).from(auditEvents).where(and(eq(auditEvents.recordId, id), sql`${auditEvents.action} in ('update', 'permission_change')`));
  return rows.length;
}

describe('personal details', () => {
  it('shows the record, saves a change, and writes one view row for the showing', async () => {
    const id = await newRecord();
    const page = await coordinator.get(`/young-people/${id}/details`);
    assert.equal(page.status, 200);
    assert.equal(page.input('givenName'), 'Morwenna');
    assert.deepEqual(await formViews(id), ['details']);

    const saved = await coordinator.post(`/young-people/${id}/details`, { givenName: ' Morwen ', familyName: 'Trelawny', aliases: 'Wenna', 'dateOfBirth-day': '14', 'dateOfBirth-month': '2', 'dateOfBirth-year': '2011', gender: 'female' }, { csrfFrom: `/young-people/${id}/details` });
    assert.equal(saved.status, 303);
    assert.equal(saved.location, `/young-people/${id}/about`);
    const after = await record(id);
    assert.equal(after.givenName, 'Morwen');
    assert.deepEqual(after.aliases, ['Wenna']);
    assert.equal(after.gender, 'female');
  });

  it('refuses an impossible date and a record with no name, with GOV.UK errors, saving nothing', async () => {
    const id = await newRecord();
    const before = await updatesOf(id);
    const badDate = await coordinator.post(`/young-people/${id}/details`, { givenName: 'Morwenna', 'dateOfBirth-day': '31', 'dateOfBirth-month': '2', 'dateOfBirth-year': '2011' }, { csrfFrom: `/young-people/${id}/details` });
    assert.equal(badDate.status, 400);
    assert.equal(badDate.errors.length, 1);
    assert.match(badDate.errors[0]!, /date of birth must be a real date/i);
    const nameless = await coordinator.post(`/young-people/${id}/details`, {}, { csrfFrom: `/young-people/${id}/details` });
    assert.equal(nameless.status, 400);
    assert.deepEqual(nameless.errors, ['Enter a first name, a last name or a name they are known by']);
    assert.equal((await record(id)).givenName, 'Morwenna');
    assert.equal((await record(id)).dateOfBirth, '2011-02-14');
    assert.equal(await updatesOf(id), before);
  });

  it('a form of the wrong shape gets the problem page, not a 500, and saves nothing', async () => {
    const id = await newRecord();
    const twice = await coordinator.post(`/young-people/${id}/details`, { givenName: ['Morwenna', 'Wenna'] }, { csrfFrom: `/young-people/${id}/details` });
    assert.equal(twice.status, 400);
    assert.match(twice.text, /There is a problem/);
    assert.equal((await record(id)).givenName, 'Morwenna');
  });
});

describe('circumstances and monitoring', () => {
  it('shows the record, saves answers, and writes one view row for the showing', async () => {
    const id = await newRecord();
    const page = await coordinator.get(`/young-people/${id}/circumstances`);
    assert.equal(page.status, 200);
    assert.deepEqual(await formViews(id), ['circumstances']);

    const saved = await coordinator.post(`/young-people/${id}/circumstances`, { livingArrangement: 'homeless', priorInvolvement: 'child_in_need', exploitation_models: 'older_partner', from_abroad: 'no' }, { csrfFrom: `/young-people/${id}/circumstances` });
    assert.equal(saved.status, 303);
    const after = await record(id);
    assert.equal(after.livingArrangement, 'homeless');
    assert.equal(after.priorInvolvement, 'child_in_need');
    assert.deepEqual(after.monitoring, { exploitation_models: ['older_partner'], from_abroad: 'no' });
  });

  it('refuses answers not on the list, with GOV.UK errors, saving nothing', async () => {
    const id = await newRecord();
    const before = await updatesOf(id);
    const bad = await coordinator.post(`/young-people/${id}/circumstances`, { livingArrangement: 'castle', exploitation_models: ['older_partner', 'none'], from_abroad: 'perhaps' }, { csrfFrom: `/young-people/${id}/circumstances` });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.errors, [
      'Select where they live from the list',
      'Select “None” on its own, or the options that apply, for model of exploitation',
      'Select an answer from the list for brought to the uk from abroad',
    ]);
    assert.equal((await record(id)).livingArrangement, 'not_recorded');
    assert.equal(await updatesOf(id), before);
  });
});

describe('adding to the team around the child', () => {
  it('shows the form, adds an agency, and writes one view row for the showing', async () => {
    const id = await newRecord();
    const page = await coordinator.get(`/young-people/${id}/team/add`);
    assert.equal(page.status, 200);
    assert.deepEqual(await formViews(id), ['team_add']);

    const saved = await coordinator.post(`/young-people/${id}/team`, { agencyId: area.agency('health'), userId: '', roleInTeam: 'School nurse', lead: 'yes' }, { csrfFrom: `/young-people/${id}/team/add` });
    assert.equal(saved.status, 303);
    const team = await lantern.db.select().from(teamMembers).where(and(eq(teamMembers.youngPersonId, id), isNull(teamMembers.removedAt)));
    assert.equal(team.length, 1);
    assert.equal(team[0]!.agencyId, area.agency('health'));
    assert.equal(team[0]!.isLeadProfessional, true);
  });

  it('refuses a missing agency, with a GOV.UK error, adding nobody', async () => {
    const id = await newRecord();
    const bad = await coordinator.post(`/young-people/${id}/team`, { agencyId: '', userId: '' }, { csrfFrom: `/young-people/${id}/team/add` });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.errors, ['Select the agency']);
    assert.equal((await lantern.db.select().from(teamMembers).where(eq(teamMembers.youngPersonId, id))).length, 0);
  });
});

describe('someone without access to the record', () => {
  it('finds none of the forms, cannot save through any of them, and the attempts are logged as denied', async () => {
    const id = await newRecord();
    for (const form of ['details', 'circumstances', 'team/add']) {
      assert.equal((await outsider.get(`/young-people/${id}/${form}`)).status, 404, form);
    }
    assert.equal((await outsider.post(`/young-people/${id}/details`, { givenName: 'Changed' })).status, 404);
    assert.equal((await outsider.post(`/young-people/${id}/circumstances`, { livingArrangement: 'homeless' })).status, 404);
    assert.equal((await outsider.post(`/young-people/${id}/team`, { agencyId: area.agency('housing') })).status, 404);
    const after = await record(id);
    assert.equal(after.givenName, 'Morwenna');
    assert.equal(after.livingArrangement, 'not_recorded');
    assert.equal((await lantern.db.select().from(teamMembers).where(eq(teamMembers.youngPersonId, id))).length, 0);
    assert.deepEqual(await formViews(id), []);
    const denied = await lantern.db.select({ action: auditEvents.action }).from(auditEvents).where(and(eq(auditEvents.recordId, id), eq(auditEvents.outcome, 'denied')));
    assert.equal(denied.length, 6);
  });

  it('an analyst, whose role sees no casework, is refused by role', async () => {
    const id = await newRecord();
    const analyst = await signInAs(lantern.app, 'analyst@northbridge.example');
    assert.equal((await analyst.get(`/young-people/${id}/details`)).status, 403);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq, isNull } from 'drizzle-orm';
import { createTestLantern, type TestLantern } from '../../test-support/lantern.ts';
import { auditEvents } from '../../platform/audit/tables.ts';
import { areas } from '../organisation/tables.ts';
import type { SignedInUser } from '../../platform/auth/users.ts';
import { concerns, feedbackMessages } from '../concerns/tables.ts';
import { chronologyEntries, teamMembers, youngPeople, youngPersonIdentifiers } from '../young-people/tables.ts';
import { decideTriage } from './service.ts';
import { demoArea, makeConcern, makeYoungPerson, type DemoArea } from './testing.ts';

let lantern: TestLantern;
let area: DemoArea;
let coordinator: SignedInUser;
let nurse: SignedInUser;
let youthWorker: SignedInUser;
const ctx = () => ({ actor: coordinator, ip: '127.0.0.1', requestId: 'test' });

before(async () => {
  lantern = await createTestLantern();
  area = await demoArea(lantern.db);
  coordinator = await area.user('coordinator@northbridge.example');
  nurse = await area.user('school.nurse@northbridge.example');
  youthWorker = await area.user('youth.worker@northbridge.example');
});
after(() => lantern?.close());

async function concernRow(id: string) {
  const [row] = await lantern.db.select().from(concerns).where(eq(concerns.id, id));
  return row!;
}

async function auditRowsFor(concernId: string) {
  return lantern.db.select().from(auditEvents).where(and(eq(auditEvents.recordKind, 'concern'), eq(auditEvents.recordId, concernId), eq(auditEvents.action, 'update')));
}

describe('triage decision', () => {
  it('links, records the outcome, adds chronology, feedback, first_feedback_at and one audit row; refuses a second decision', async () => {
    const db = lantern.db;
    const yp = await makeYoungPerson(db, area.areaId, { givenName: 'Orla', familyName: 'Triagetest', dateOfBirth: '2011-05-04' });
    const concern = await makeConcern(db, { areaId: area.areaId, raisedBy: youthWorker, subjectKind: 'unidentified', subject: { description: 'Girl about 14, calls herself O' } });

    const result = await decideTriage(db, ctx(), coordinator, concern.id, { youngPerson: yp, certainty: 'indicated', outcome: 'no_further_action', outcomeNote: 'She is already well supported by her school and family' });
    assert.equal(result.ok, true);

    const row = await concernRow(concern.id);
    assert.equal(row.youngPersonId, yp);
    assert.equal(row.status, 'triaged');
    assert.equal(row.certainty, 'indicated');
    assert.equal(row.outcome, 'no_further_action');
    assert.equal(row.triagedByUserId, coordinator.userId);
    assert.ok(row.triagedAt);
    assert.ok(row.firstFeedbackAt, 'first feedback time is recorded');

    const chronology = await db.select().from(chronologyEntries).where(eq(chronologyEntries.sourceId, concern.id));
    assert.deepEqual(chronology.map((c) => c.kind).sort(), ['concern', 'triage']);
    assert.ok(chronology.every((c) => c.youngPersonId === yp));

    const feedback = await db.select().from(feedbackMessages).where(eq(feedbackMessages.concernId, concern.id));
    assert.equal(feedback.length, 1);
    assert.equal(feedback[0]!.recipientUserId, youthWorker.userId);
    assert.equal(feedback[0]!.readAt, null);
    assert.match(feedback[0]!.message, new RegExp(`^The coordinator reviewed your concern C-${concern.number} and decided no further action is needed by the partnership at this stage: She is already well supported`));
    assert.equal(feedback[0]!.message.includes('Orla'), false, 'nothing from the record is told to the referrer');
    assert.equal(feedback[0]!.createdAt.getTime(), row.firstFeedbackAt!.getTime());

    const audit = await auditRowsFor(concern.id);
    assert.equal(audit.length, 1);
    assert.equal((audit[0]!.details as Record<string, unknown>).outcome, 'no_further_action');
    assert.equal(JSON.stringify(audit[0]!.details).includes('well supported'), false, 'no free text in the audit trail');

    // The second decision is refused and changes nothing.
    const again = await decideTriage(db, ctx(), coordinator, concern.id, { youngPerson: yp, certainty: 'known', outcome: 'advice_given', outcomeNote: 'Something else' });
    assert.deepEqual(again, { ok: false, kind: 'conflict', errors: {} });
    assert.equal((await concernRow(concern.id)).outcome, 'no_further_action');
    assert.equal((await db.select().from(feedbackMessages).where(eq(feedbackMessages.concernId, concern.id))).length, 1);
    assert.equal((await auditRowsFor(concern.id)).length, 1);
  });

  it('refuses two decisions made at the same moment: exactly one wins', async () => {
    const db = lantern.db;
    const yp = await makeYoungPerson(db, area.areaId, { givenName: 'Skye', familyName: 'Racecondition' });
    const concern = await makeConcern(db, { areaId: area.areaId, raisedBy: nurse, youngPersonId: yp });
    const body = { certainty: 'known', outcome: 'risk_assessment_requested' };
    const results = await Promise.all([decideTriage(db, ctx(), coordinator, concern.id, body), decideTriage(db, ctx(), coordinator, concern.id, body)]);
    assert.equal(results.filter((r) => r.ok).length, 1);
    assert.equal((await db.select().from(feedbackMessages).where(eq(feedbackMessages.concernId, concern.id))).length, 1);
  });

  it('validates every field with GOV.UK messages and stores nothing on error', async () => {
    const db = lantern.db;
    const concern = await makeConcern(db, { areaId: area.areaId, raisedBy: nurse, subject: { givenName: 'Pia' } });
    const missing = await decideTriage(db, ctx(), coordinator, concern.id, {});
    assert.equal(missing.ok, false);
    assert.ok(!missing.ok && missing.kind === 'invalid');
    if (!missing.ok && missing.kind === 'invalid') {
      assert.equal(missing.errors.youngPerson, 'Choose who this concern is about: a suggested or searched-for record, a new record, or no record');
      assert.equal(missing.errors.certainty, 'Select whether the concern is indicated or known');
      assert.equal(missing.errors.outcome, 'Select the outcome of triage');
    }
    const noReason = await decideTriage(db, ctx(), coordinator, concern.id, { youngPerson: 'none', certainty: 'indicated', outcome: 'no_further_action', outcomeNote: '  ' });
    assert.ok(!noReason.ok && noReason.kind === 'invalid' && noReason.errors.outcomeNote === 'Enter the reason for no further action');
    const needsPerson = await decideTriage(db, ctx(), coordinator, concern.id, { youngPerson: 'none', certainty: 'indicated', outcome: 'referred_to_panel' });
    assert.ok(!needsPerson.ok && needsPerson.kind === 'invalid' && needsPerson.errors.youngPerson?.includes('link the concern to a record'));
    const badPerson = await decideTriage(db, ctx(), coordinator, concern.id, { youngPerson: 'new', givenName: 'Pia', 'dateOfBirth-day': '31', 'dateOfBirth-month': '2', 'dateOfBirth-year': '2012', certainty: 'indicated', outcome: 'advice_given', outcomeNote: 'x' });
    assert.ok(!badPerson.ok && badPerson.kind === 'invalid' && badPerson.errors.dateOfBirth === 'Date of birth must be a real date');
    const tooLong = await decideTriage(db, ctx(), coordinator, concern.id, { youngPerson: 'none', certainty: 'indicated', outcome: 'advice_given', outcomeNote: 'a'.repeat(20_001) });
    assert.ok(!tooLong.ok && tooLong.kind === 'invalid' && tooLong.errors.outcomeNote?.startsWith('The note must be 20,000 characters or fewer'));
    const noAgency = await decideTriage(db, ctx(), coordinator, concern.id, { youngPerson: 'new', givenName: 'Pia', certainty: 'indicated', outcome: 'added_to_team', teamAgencyId: 'not-an-id' });
    assert.ok(!noAgency.ok && noAgency.kind === 'invalid' && noAgency.errors.teamAgencyId === 'Select the agency to add to the team around the child');

    const row = await concernRow(concern.id);
    assert.equal(row.status, 'new');
    assert.equal(row.firstFeedbackAt, null);
    assert.equal((await db.select().from(youngPeople).where(eq(youngPeople.givenName, 'Pia'))).length, 0);
    assert.equal((await auditRowsFor(concern.id)).length, 0);
  });

  it('links only to a young person in the coordinator’s area', async () => {
    const db = lantern.db;
    const [other] = await db.insert(areas).values({ name: 'Another Partnership', code: 'ANP' }).returning({ id: areas.id });
    const outsider = await makeYoungPerson(db, other!.id, { givenName: 'Outside', familyName: 'Area' });
    const concern = await makeConcern(db, { areaId: area.areaId, raisedBy: nurse, subject: { givenName: 'Outside' } });
    const result = await decideTriage(db, ctx(), coordinator, concern.id, { youngPerson: outsider, certainty: 'indicated', outcome: 'risk_assessment_requested' });
    assert.ok(!result.ok && result.kind === 'invalid' && result.errors.youngPerson);
    assert.equal((await concernRow(concern.id)).youngPersonId, null);
  });

  it('creates a new young person from what the referrer typed and adds a team member', async () => {
    const db = lantern.db;
    const concern = await makeConcern(db, {
      areaId: area.areaId,
      raisedBy: nurse,
      subjectKind: 'new',
      subject: { givenName: 'Imogen', familyName: 'Newrecord', aliases: ['Immy'], dateOfBirth: '2012-09-01', nhsNumber: '9434765919', description: 'Seen with older men near the retail park' },
    });
    const result = await decideTriage(db, ctx(), coordinator, concern.id, {
      youngPerson: 'new',
      givenName: 'Imogen',
      familyName: 'Newrecord',
      aliases: 'Immy',
      'dateOfBirth-day': '1',
      'dateOfBirth-month': '9',
      'dateOfBirth-year': '2012',
      nhsNumber: '943 476 5919',
      certainty: 'known',
      outcome: 'added_to_team',
      teamAgencyId: area.agency('harbour'),
      teamUserId: (await area.user('harbour.worker@northbridge.example')).userId,
    });
    assert.ok(result.ok);
    assert.ok(result.value.createdYoungPerson);
    const [yp] = await db.select().from(youngPeople).where(eq(youngPeople.id, result.value.youngPersonId!));
    assert.equal(yp!.givenName, 'Imogen');
    assert.deepEqual(yp!.aliases, ['Immy']);
    assert.equal(yp!.description, 'Seen with older men near the retail park');
    const ids = await db.select().from(youngPersonIdentifiers).where(eq(youngPersonIdentifiers.youngPersonId, yp!.id));
    assert.deepEqual(ids.map((i) => [i.kind, i.value]), [['nhs_number', '9434765919']]);
    const team = await db.select().from(teamMembers).where(and(eq(teamMembers.youngPersonId, yp!.id), isNull(teamMembers.removedAt)));
    assert.equal(team.length, 1);
    assert.equal(team[0]!.agencyId, area.agency('harbour'));
    const kinds = (await db.select().from(chronologyEntries).where(eq(chronologyEntries.youngPersonId, yp!.id))).map((c) => c.kind).sort();
    assert.deepEqual(kinds, ['concern', 'record', 'team', 'triage']);
    const [message] = await db.select().from(feedbackMessages).where(eq(feedbackMessages.concernId, concern.id));
    assert.match(message!.message, /join the team around the young person/);
  });

  it('keeps the link the referrer made to a record they could see', async () => {
    const db = lantern.db;
    const yp = await makeYoungPerson(db, area.areaId, { givenName: 'Keira', familyName: 'Alreadylinked' });
    const concern = await makeConcern(db, { areaId: area.areaId, raisedBy: nurse, youngPersonId: yp });
    const result = await decideTriage(db, ctx(), coordinator, concern.id, { youngPerson: 'new', givenName: 'Ignored', certainty: 'indicated', outcome: 'referred_to_panel' });
    assert.ok(result.ok);
    assert.equal(result.value.youngPersonId, yp);
    assert.equal(result.value.createdYoungPerson, false);
    // Linked at submission (by the test), so triage adds only its own entry.
    const kinds = (await db.select().from(chronologyEntries).where(eq(chronologyEntries.sourceId, concern.id))).map((c) => c.kind);
    assert.deepEqual(kinds, ['triage']);
  });
});

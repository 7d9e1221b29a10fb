/**
 * Data protection through the pages and the API: a subject-access request with a third party's
 * name redacted and the redaction listed (then released), an exemption, the answer's audit rows;
 * a correction's history; a restricted record invisible to a practitioner on its team (page,
 * search, API) while the coordinator and the DPO still see it; who has seen the record, with a
 * search hit and the CSV; sharing decisions counted by basis; and bad input saving nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { apiTokenFor, countRows, createTestLantern, signInAs, type TestClient, type TestLantern } from '../../test-support/index.ts';
import { auditEvents } from '../../platform/audit/tables.ts';
import { addDays, londonToday } from '../../platform/time.ts';
import { youngPeople } from '../young-people/tables.ts';
import { recordCorrections, recordRestrictions, sharingDecisions, subjectAccessExemptions, subjectAccessRequests } from './tables.ts';
import { caseNotes } from '../casework/tables.ts';
import { oneMonthAfter, type SubjectAccessAnswer } from './subject-access.ts';

let lantern: TestLantern;
let app: FastifyInstance;
const people: Record<string, { id: string; number: number }> = {};
let socialWorker: TestClient;
let coordinator: TestClient;
let dpo: TestClient;
let youthWorker: TestClient;
let requestId: string;

const chloe = () => people.Chloe!;
const today = () => londonToday();
const dateBoxes = (prefix: string, iso: string) => ({ [`${prefix}-day`]: String(Number(iso.slice(8, 10))), [`${prefix}-month`]: String(Number(iso.slice(5, 7))), [`${prefix}-year`]: iso.slice(0, 4) });
const NOTE = 'Chloe said Dean Marsh rang her on 07700 900123 and asked her to meet at the park.';

before(async () => {
  lantern = await createTestLantern();
  app = lantern.app;
  for (const p of await lantern.db.select({ id: youngPeople.id, name: youngPeople.givenName, number: youngPeople.number }).from(youngPeople)) people[p.name!] = { id: p.id, number: p.number };
  const as = (who: string) => signInAs(app, `${who}@northbridge.example`);
  [socialWorker, coordinator, dpo, youthWorker] = await Promise.all([as('social.worker'), as('coordinator'), as('dpo'), as('youth.worker')]);
  const form = `/young-people/${chloe().id}/case-notes/new`;
  const saved = await socialWorker.post(`/young-people/${chloe().id}/case-notes`, { ...dateBoxes('contactOn', today()), contactType: 'visit', text: NOTE, visibility: 'partnership' }, { csrfFrom: form });
  assert.equal(saved.status, 303);
});
after(() => lantern?.close());

describe('the data protection officer', () => {
  it('has the data protection page and the subject-access pages, but no casework pages', async () => {
    assert.equal((await dpo.get('/data-protection')).status, 200);
    assert.equal((await dpo.get(`/young-people/${chloe().id}`)).status, 403);
    assert.equal((await dpo.get(`/young-people/${chloe().id}/subject-access/new`)).status, 200);
    assert.equal((await youthWorker.get('/data-protection')).status, 403);
  });
});

describe('subject access', () => {
  it('works the deadline out as one calendar month', () => {
    assert.equal(oneMonthAfter('2026-01-31'), '2026-02-28');
    assert.equal(oneMonthAfter('2026-12-15'), '2027-01-15');
    assert.equal(oneMonthAfter('2026-03-10'), '2026-04-10');
  });

  it('refuses a request with nothing filled in, saving nothing', async () => {
    const form = `/young-people/${chloe().id}/subject-access/new`;
    const page = await dpo.post(`/young-people/${chloe().id}/subject-access`, { requester: '' }, { csrfFrom: form });
    assert.equal(page.status, 400);
    assert.deepEqual(page.errors, ['Enter who made the request, for example the young person or their parent', 'Enter the date the request was received']);
    assert.equal(await countRows(lantern.db, 'subject_access_requests'), 0);
  });

  it('opens a request with its deadline a month on, shown on the DPO’s home page', async () => {
    const received = addDays(today(), -3);
    const form = `/young-people/${chloe().id}/subject-access/new`;
    const page = await dpo.post(`/young-people/${chloe().id}/subject-access`, { requester: 'Chloe herself', ...dateBoxes('receivedOn', received) }, { csrfFrom: form });
    assert.equal(page.status, 303);
    const [row] = await lantern.db.select().from(subjectAccessRequests);
    assert.ok(row);
    requestId = row.id;
    assert.equal(row.dueOn, oneMonthAfter(received));
    assert.equal(page.location, `/data-protection/requests/${row.id}`);
    const home = await dpo.get('/');
    assert.match(home.text, /Subject-access requests/);
    assert.match(home.text, /1 request to answer/);
    const list = await dpo.get('/data-protection/requests?show=open');
    assert.match(list.text, new RegExp(`SAR-${row.number}`));
  });

  it('refuses a request about someone the user cannot see, and audits the refusal', async () => {
    const other = await lantern.db.select({ id: youngPeople.id }).from(youngPeople).where(sql`${youngPeople.areaId} <> (select area_id from young_people where id = ${chloe().id})`).limit(1);
    const target = other[0]?.id ?? '00000000-0000-4000-8000-000000000000';
    const page = await dpo.post(`/young-people/${target}/subject-access`, { requester: 'Someone', receivedOn: today() }, { csrfFrom: `/young-people/${chloe().id}/subject-access/new` });
    assert.equal(page.status, 404);
    const refused = await lantern.db.select().from(auditEvents).where(and(eq(auditEvents.recordKind, 'subject_access_request'), eq(auditEvents.outcome, 'denied')));
    assert.equal(refused.length, 1);
  });

  it('lists a third party’s name and phone number as redactions, and redacts them in the JSON answer', async () => {
    const review = await dpo.get(`/data-protection/requests/${requestId}`);
    assert.equal(review.status, 200);
    assert.match(review.text, /Redactions to review/);
    assert.match(review.text, /Case notes: Case note \(visit\).*Dean Marsh/);
    assert.match(review.text, /An adult’s name/);
    assert.match(review.text, /07700 900123/);
    const json = await dpo.get(`/data-protection/requests/${requestId}/answer.json`);
    assert.equal(json.status, 200);
    const answer = json.json<SubjectAccessAnswer>();
    const text = JSON.stringify(answer);
    assert.ok(!text.includes('Dean Marsh'), 'the adult’s name is not in the answer');
    assert.ok(!text.includes('07700 900123'), 'the phone number is not in the answer');
    assert.match(text, /Chloe said \[redacted: an adult’s name\] rang her on \[redacted: a phone number\]/);
    assert.ok(answer.redactions.some((r) => r.kind === 'An adult’s name' && r.location.startsWith('Case notes')));
    assert.ok(answer.sections.some((s) => s.heading === 'Who has seen the record'));
    const exported = await lantern.db.select().from(auditEvents).where(and(eq(auditEvents.recordKind, 'subject_access_request'), eq(auditEvents.action, 'export'), eq(auditEvents.recordId, requestId)));
    assert.equal(exported.length, 1, 'the export is audited');
    assert.equal(await countRows(lantern.db, 'sharing_decisions', sql`basis = 'right_of_access'`), 1);
  });

  it('releases a redaction the DPO decides the requester may see, and the PDF is a PDF', async () => {
    const from = `/data-protection/requests/${requestId}`;
    const [note] = await lantern.db.select({ id: caseNotes.id }).from(caseNotes).where(eq(caseNotes.text, NOTE));
    const caseNoteKey = `case_note:${note!.id}`;
    assert.ok((await dpo.get(from)).body.includes(`name="itemKey" value="${caseNoteKey}"`), 'the note’s redactions are listed');
    const released = await dpo.post(`/data-protection/requests/${requestId}/redactions`, { itemKey: caseNoteKey, value: '07700 900123', decision: 'released' }, { csrfFrom: from });
    assert.equal(released.status, 303);
    const answer = JSON.stringify((await dpo.get(`/data-protection/requests/${requestId}/answer.json`)).json());
    assert.ok(answer.includes('07700 900123'), 'the released number is in the answer');
    assert.ok(!answer.includes('Dean Marsh'), 'the name stays redacted');
    const bad = await dpo.post(`/data-protection/requests/${requestId}/redactions`, { itemKey: caseNoteKey, value: 'Not in the note', decision: 'released' }, { csrfFrom: from });
    assert.equal(bad.status, 400);
    const pdf = await dpo.get(`/data-protection/requests/${requestId}/answer.pdf`);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.ok(pdf.body.startsWith('%PDF-'));
  });

  it('holds an item back under an exemption with its reason, and refuses one without a reason', async () => {
    const from = `/data-protection/requests/${requestId}`;
    const [note] = await lantern.db.select({ id: caseNotes.id }).from(caseNotes).where(eq(caseNotes.text, NOTE));
    const caseNoteKey = `case_note:${note!.id}`;
    const refused = await dpo.post(`/data-protection/requests/${requestId}/exemptions`, { itemKey: caseNoteKey, exemption: 'crime_prevention', reason: '' }, { csrfFrom: from });
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.errors, ['Enter why the exemption applies to this item']);
    assert.equal(await countRows(lantern.db, 'subject_access_exemptions'), 0);
    const saved = await dpo.post(`/data-protection/requests/${requestId}/exemptions`, { itemKey: caseNoteKey, exemption: 'crime_prevention', reason: 'A police enquiry into the caller is open' }, { csrfFrom: from });
    assert.equal(saved.status, 303);
    const [row] = await lantern.db.select().from(subjectAccessExemptions);
    assert.equal(row?.reason, 'A police enquiry into the caller is open');
    const answer = (await dpo.get(`/data-protection/requests/${requestId}/answer.json`)).json<SubjectAccessAnswer>();
    assert.equal(answer.withheldItems, 1);
    const notes = answer.sections.find((s) => s.heading === 'Case notes')!;
    assert.equal(notes.items.filter((i) => i.withheld).length, 1, 'the case note is held back');
    assert.ok(!JSON.stringify(notes).includes('rang her'), 'the exempt item’s text is not in the answer');
  });
});

describe('corrections', () => {
  it('refuses a correction without a reason, saving nothing', async () => {
    const form = `/young-people/${chloe().id}/corrections/new`;
    const page = await coordinator.post(`/young-people/${chloe().id}/corrections`, { field: 'school', value: 'Northbridge Academy', reason: '' }, { csrfFrom: form });
    assert.equal(page.status, 400);
    assert.deepEqual(page.errors, ['Enter why the detail is being corrected']);
    assert.equal(await countRows(lantern.db, 'record_corrections'), 0);
  });

  it('keeps the old value, who changed it and why, shown to the team on the record', async () => {
    const [before] = await lantern.db.select({ school: youngPeople.school }).from(youngPeople).where(eq(youngPeople.id, chloe().id));
    const form = `/young-people/${chloe().id}/corrections/new`;
    const page = await coordinator.post(`/young-people/${chloe().id}/corrections`, { field: 'school', value: 'Riverside College', reason: 'Chloe moved to the college in September' }, { csrfFrom: form });
    assert.equal(page.status, 303);
    const [after] = await lantern.db.select({ school: youngPeople.school }).from(youngPeople).where(eq(youngPeople.id, chloe().id));
    assert.equal(after?.school, 'Riverside College');
    const [correction] = await lantern.db.select().from(recordCorrections);
    assert.equal(correction?.oldValue, before?.school ?? null);
    const history = await socialWorker.get(`/young-people/${chloe().id}/corrections`);
    assert.equal(history.status, 200);
    assert.match(history.text, /School or college/);
    assert.match(history.text, /Riverside College/);
    assert.match(history.text, /Chloe moved to the college in September/);
    assert.match(history.text, /Priya Raman/);
    if (before?.school) assert.ok(history.text.includes(before.school), 'the old value is shown');
    assert.ok(!history.text.includes('Correct a detail'), 'only the coordinator and DPO correct');
  });
});

describe('sharing decisions', () => {
  it('records a share with its basis and decision-maker, refuses one without a basis, and counts shares by basis on the profile', async () => {
    const form = `/young-people/${chloe().id}/sharing/new`;
    const agencyId = (await socialWorker.get(form)).body.match(/<option value="([0-9a-f-]{36})">Northbridge Police<\/option>/)?.[1];
    assert.ok(agencyId);
    const refused = await socialWorker.post(`/young-people/${chloe().id}/sharing`, { kind: 'concern_shared', agencyId, basis: '', reference: 'C-1' }, { csrfFrom: form });
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.errors, ['Choose the lawful basis it was shared under']);
    const saved = await socialWorker.post(`/young-people/${chloe().id}/sharing`, { kind: 'concern_shared', agencyId, basis: 'safeguarding', reference: 'C-1' }, { csrfFrom: form });
    assert.equal(saved.status, 303);
    const rows = await lantern.db.select().from(sharingDecisions).where(eq(sharingDecisions.basis, 'safeguarding'));
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.recipient, 'Northbridge Police');
    const record = await socialWorker.get(`/young-people/${chloe().id}/sharing`);
    assert.match(record.text, /A concern shared with an agency \(C-1\) Northbridge Police Safeguarding/);
    const profile = await coordinator.get('/profile');
    assert.equal(profile.status, 200);
    assert.match(profile.text, /Sharing decisions in the period by lawful basis/);
  });
});

describe('restriction', () => {
  it('refuses a restriction without a reason, with a clear message, audited and saving nothing', async () => {
    const form = `/young-people/${chloe().id}/restriction`;
    const page = await coordinator.post(form, { reason: '', ...dateBoxes('reviewOn', addDays(today(), 30)) }, { csrfFrom: form });
    assert.equal(page.status, 400);
    assert.deepEqual(page.errors, ['Enter why the record is being restricted: a record cannot be restricted without a reason']);
    assert.equal(await countRows(lantern.db, 'record_restrictions'), 0);
    assert.equal(await countRows(lantern.db, 'audit_events', sql`record_kind = 'record_restriction' and outcome = 'failure'`), 1);
    const past = await coordinator.post(form, { reason: 'Disputed', ...dateBoxes('reviewOn', addDays(today(), -1)) }, { csrfFrom: form });
    assert.deepEqual(past.errors, ['Review date must be today or in the future']);
  });

  it('hides a restricted record from a practitioner on its team (page, search, API) while the coordinator and DPO still see it', async () => {
    assert.equal((await socialWorker.get(`/young-people/${chloe().id}`)).status, 200, 'the social worker sees Chloe before');
    const token = await apiTokenFor(lantern.db, 'social.worker@northbridge.example');
    const api = (url: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    assert.equal((await api(`/api/v1/young-people/${chloe().id}`)).statusCode, 200);
    const form = `/young-people/${chloe().id}/restriction`;
    const saved = await coordinator.post(form, { reason: 'Chloe disputes that the concerns are about her', ...dateBoxes('reviewOn', addDays(today(), 30)) }, { csrfFrom: form });
    assert.equal(saved.status, 303);
    assert.equal(await countRows(lantern.db, 'record_restrictions'), 1);

    assert.equal((await socialWorker.get(`/young-people/${chloe().id}`)).status, 404);
    assert.equal((await socialWorker.get(`/young-people/${chloe().id}/chronology`)).status, 404);
    const list = await socialWorker.get('/young-people');
    assert.ok(!list.body.includes(chloe().id), 'not in the list');
    const search = await socialWorker.get(`/young-people?q=YP-${chloe().number}`);
    assert.ok(!search.body.includes(chloe().id), 'not found by a search');
    assert.equal((await api(`/api/v1/young-people/${chloe().id}`)).statusCode, 404);
    const apiSearch = await api(`/api/v1/young-people?q=YP-${chloe().number}`);
    assert.equal(apiSearch.statusCode, 200);
    assert.deepEqual(apiSearch.json().results, []);

    assert.equal((await coordinator.get(`/young-people/${chloe().id}`)).status, 200, 'the coordinator still sees it');
    assert.equal((await dpo.get(`/young-people/${chloe().id}/restriction`)).status, 200, 'and the DPO');
    const intelligence = await signInAs(app, 'intelligence@northbridge.example');
    assert.equal((await intelligence.get(`/young-people/${chloe().id}`)).status, 404, 'an area-wide role other than the coordinator does not');

    const lifted = await dpo.post(`/young-people/${chloe().id}/restriction/lift`, { liftReason: 'The dispute is resolved: the record is accurate' }, { csrfFrom: form });
    assert.equal(lifted.status, 303);
    const [row] = await lantern.db.select().from(recordRestrictions);
    assert.ok(row?.liftedAt);
    assert.equal((await socialWorker.get(`/young-people/${chloe().id}`)).status, 200, 'seen again once lifted');
  });
});

describe('who has seen this record', () => {
  it('lists views, search hits and exports, filters them, and downloads them as CSV', async () => {
    await socialWorker.get(`/young-people?q=YP-${chloe().number}`);
    const page = await coordinator.get(`/young-people/${chloe().id}/seen-by`);
    assert.equal(page.status, 200);
    assert.match(page.text, /Listed in a search Search results or the list of young people Aisha Khan/);
    assert.match(page.text, /Viewed The record Aisha Khan/);
    assert.match(page.text, /Exported or downloaded Subject-access answer Farah Siddiqui/);
    const searches = await coordinator.get(`/young-people/${chloe().id}/seen-by?kind=search`);
    assert.ok(!/Viewed The record/.test(searches.text), 'the filter leaves views out');
    assert.match(searches.text, /Listed in a search/);
    const csv = await coordinator.get(`/young-people/${chloe().id}/seen-by.csv?kind=export`);
    assert.equal(csv.status, 200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    assert.match(csv.body, /^when,kind,what,person,agency,role,reason,outcome/);
    assert.match(csv.body, /Subject-access answer,Farah Siddiqui/);
    assert.ok(!csv.body.includes('Listed in a search'));
    assert.equal((await socialWorker.get(`/young-people/${chloe().id}/seen-by`)).status, 403, 'a practitioner does not see the list');
  });
});

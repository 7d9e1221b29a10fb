/**
 * Case notes, the family and network, views and wishes and an adult's children, through the pages
 * and the JSON API: what each shows and to whom, the refusals (saving nothing), and the audit rows.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { apiTokenFor, countRows, createTestLantern, signInAs, textOf, userIdByEmail, type TestClient, type TestLantern } from '../../test-support/index.ts';
import { auditEvents } from '../../platform/audit/tables.ts';
import { londonToday, addDays } from '../../platform/time.ts';
import { adultsOfConcern, intelligenceLinks } from '../intelligence/tables.ts';
import { youngPeople } from '../young-people/tables.ts';
import { users } from '../organisation/tables.ts';
import { DEMO_AGENCY_ONLY_NOTE } from './demo.ts';
import { adultChildren, caseNotes, networkMembers, viewsAndWishes } from './tables.ts';

let lantern: TestLantern;
let app: FastifyInstance;
const people: Record<string, { id: string; number: number }> = {};
let deanMarsh: string;
let socialWorker: TestClient;
let police: TestClient;
let harbour: TestClient;
let housing: TestClient;
let coordinator: TestClient;

before(async () => {
  lantern = await createTestLantern();
  app = lantern.app;
  for (const p of await lantern.db.select({ id: youngPeople.id, name: youngPeople.givenName, number: youngPeople.number }).from(youngPeople)) people[p.name!] = { id: p.id, number: p.number };
  [{ id: deanMarsh }] = (await lantern.db.select({ id: adultsOfConcern.id }).from(adultsOfConcern).where(eq(adultsOfConcern.name, 'Dean Marsh'))) as [{ id: string }];
  const as = (who: string) => signInAs(app, `${who}@northbridge.example`);
  [socialWorker, police, harbour, housing, coordinator] = await Promise.all([as('social.worker'), as('police.officer'), as('harbour.worker'), as('housing.officer'), as('coordinator')]);
});
after(() => lantern?.close());

const chloe = () => people.Chloe!;
const today = () => londonToday();
const dateBoxes = (prefix: string, iso: string) => ({ [`${prefix}-day`]: String(Number(iso.slice(8, 10))), [`${prefix}-month`]: String(Number(iso.slice(5, 7))), [`${prefix}-year`]: iso.slice(0, 4) });
const onScreen = (html: string) => textOf(html, { asOnScreen: true });
const api = (token: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload: payload as Record<string, unknown> } : {}) });
const auditRows = (recordKind: string) => countRows(lantern.db, 'audit_events', sql`record_kind = ${recordKind} and action in ('create', 'update', 'delete')`);

describe('case notes', () => {
  it('saves a partnership note from the form, with its audit row, and shows it on the record and in every team member’s chronology', async () => {
    const form = `/young-people/${chloe().id}/case-notes/new`;
    const page = await socialWorker.get(form);
    assert.equal(page.status, 200);
    assert.equal(page.input('contactOn-year'), today().slice(0, 4), 'the date of contact starts as today');
    const saved = await socialWorker.post(`/young-people/${chloe().id}/case-notes`, { ...dateBoxes('contactOn', today()), contactType: 'visit', text: 'Saw Chloe at the library after school.\nShe was chatty.', visibility: 'partnership' }, { csrfFrom: form });
    assert.equal(saved.status, 303);
    assert.equal(saved.location, `/young-people/${chloe().id}/case-notes`);
    const [note] = await lantern.db.select().from(caseNotes).where(eq(caseNotes.text, 'Saw Chloe at the library after school.\nShe was chatty.'));
    assert.ok(note);
    const [audit] = await lantern.db.select().from(auditEvents).where(and(eq(auditEvents.recordKind, 'case_note'), eq(auditEvents.recordId, note.id)));
    assert.equal(audit?.action, 'create');

    const record = await police.get(`/young-people/${chloe().id}`);
    assert.equal(record.status, 200);
    const text = onScreen(record.body);
    assert.match(text, /Saw Chloe at the library after school/);
    assert.match(text, /Visit noted by Aisha Khan: Saw Chloe at the library/, 'the chronology has it too');
  });

  it('keeps an agency-only note to that agency: other agencies, the coordinator included, see it nowhere', async () => {
    const own = onScreen((await harbour.get(`/young-people/${chloe().id}/case-notes`)).body);
    assert.match(own, new RegExp(DEMO_AGENCY_ONLY_NOTE), 'the writer’s agency sees it in the record’s case notes');
    assert.match(own, /Harbour Young People’s Service only/);
    const ownChronology = onScreen((await harbour.get(`/young-people/${chloe().id}/chronology?kind=case_note`)).body);
    assert.match(ownChronology, /Meeting noted by Niamh Doyle/);

    for (const other of [police, coordinator, socialWorker]) {
      const summary = await other.get(`/young-people/${chloe().id}`);
      assert.equal(summary.status, 200);
      assert.doesNotMatch(summary.body, new RegExp(DEMO_AGENCY_ONLY_NOTE));
      assert.doesNotMatch(summary.body, /Meeting noted by Niamh Doyle/);
      const record = await other.get(`/young-people/${chloe().id}/chronology?kind=case_note`);
      assert.equal(record.status, 200);
      assert.match(record.body, /Message \(text, email or online\) noted by Niamh Doyle/, 'the chronology shows Harbour’s shared note');
      assert.doesNotMatch(record.body, new RegExp(DEMO_AGENCY_ONLY_NOTE));
      assert.doesNotMatch(record.body, /Meeting noted by Niamh Doyle/);
      const list = await other.get(`/young-people/${chloe().id}/case-notes`);
      assert.equal(list.status, 200);
      assert.doesNotMatch(list.body, new RegExp(DEMO_AGENCY_ONLY_NOTE));
      assert.match(list.body, /Chloe texted to move our session/, 'Harbour’s shared note is there');
    }
    const policeToken = await apiTokenFor(lantern.db, 'police.officer@northbridge.example');
    const notes = (await api(policeToken, 'GET', `/api/v1/young-people/${chloe().id}/case-notes`)).json() as { caseNotes: { text: string }[] };
    assert.ok(notes.caseNotes.length >= 3);
    assert.ok(notes.caseNotes.every((n) => !n.text.includes(DEMO_AGENCY_ONLY_NOTE)));
    const chronology = (await api(policeToken, 'GET', `/api/v1/young-people/${chloe().id}`)).json() as { chronology: { entries: { summary: string }[] } };
    assert.ok(chronology.chronology.entries.every((e) => !e.summary.includes('Meeting noted by Niamh Doyle')));
    const harbourToken = await apiTokenFor(lantern.db, 'harbour.worker@northbridge.example');
    const theirs = (await api(harbourToken, 'GET', `/api/v1/young-people/${chloe().id}/case-notes`)).json() as { caseNotes: { text: string; visibility: string }[] };
    assert.ok(theirs.caseNotes.some((n) => n.text.includes(DEMO_AGENCY_ONLY_NOTE) && n.visibility === 'agency'));
  });

  it('refuses a future date, a missing type and an empty note with GOV.UK errors, saving nothing', async () => {
    const form = `/young-people/${chloe().id}/case-notes/new`;
    const before = [await countRows(lantern.db, 'case_notes'), await auditRows('case_note')];
    const future = await socialWorker.post(`/young-people/${chloe().id}/case-notes`, { ...dateBoxes('contactOn', addDays(today(), 2)), contactType: 'visit', text: 'x', visibility: 'partnership' }, { csrfFrom: form });
    assert.equal(future.status, 400);
    assert.deepEqual(future.errors, ['Date of contact must be today or in the past']);
    const empty = await socialWorker.post(`/young-people/${chloe().id}/case-notes`, { 'contactOn-day': '31', 'contactOn-month': '2', 'contactOn-year': '2026' }, { csrfFrom: form });
    assert.equal(empty.status, 400);
    assert.deepEqual(empty.errors, ['Date of contact must be a real date, like 27 3 2026', 'Select the type of contact', 'Enter the note', 'Select who may read the note']);
    assert.deepEqual([await countRows(lantern.db, 'case_notes'), await auditRows('case_note')], before);
  });

  it('is not there for someone without need-to-know, through the pages or the API', async () => {
    assert.equal((await housing.get(`/young-people/${chloe().id}/case-notes`)).status, 404);
    assert.equal((await housing.get(`/young-people/${chloe().id}/case-notes/new`)).status, 404);
    const before = await countRows(lantern.db, 'case_notes');
    const posted = await housing.post(`/young-people/${chloe().id}/case-notes`, { ...dateBoxes('contactOn', today()), contactType: 'visit', text: 'x', visibility: 'partnership' });
    assert.equal(posted.status, 404);
    const token = await apiTokenFor(lantern.db, 'housing.officer@northbridge.example');
    assert.equal((await api(token, 'GET', `/api/v1/young-people/${chloe().id}/case-notes`)).statusCode, 404);
    assert.equal((await api(token, 'POST', `/api/v1/young-people/${chloe().id}/case-notes`, { contactOn: today(), contactType: 'visit', text: 'x', visibility: 'partnership' })).statusCode, 404);
    assert.equal(await countRows(lantern.db, 'case_notes'), before);
  });

  it('takes the same note through the API, refusing what the form refuses', async () => {
    const token = await apiTokenFor(lantern.db, 'police.officer@northbridge.example');
    const url = `/api/v1/young-people/${chloe().id}/case-notes`;
    const created = await api(token, 'POST', url, { contactOn: today(), contactType: 'phone_call', text: 'Called Elm House: Chloe is in tonight.', visibility: 'agency' });
    assert.equal(created.statusCode, 201, created.body);
    const [note] = await lantern.db.select().from(caseNotes).where(eq(caseNotes.id, created.json().id));
    assert.equal(note?.visibility, 'agency');
    const before = await countRows(lantern.db, 'case_notes');
    const future = await api(token, 'POST', url, { contactOn: addDays(today(), 1), contactType: 'visit', text: 'x', visibility: 'partnership' });
    assert.equal(future.statusCode, 400);
    assert.match(future.body, /Date of contact must be today or in the past/);
    assert.equal((await api(token, 'POST', url, { contactOn: today(), contactType: 'visit', text: '   ', visibility: 'everyone' })).statusCode, 400);
    assert.equal((await api(token, 'POST', url, { contactOn: today(), contactType: 'visit', text: 'x', visibility: 'partnership', extra: 1 })).statusCode, 400);
    assert.equal(await countRows(lantern.db, 'case_notes'), before);
  });
});

describe('family and network', () => {
  const networkForm = (extra: Record<string, string> = {}) => ({ name: 'Gran Barnes', relationship: 'grandparent', contactDetails: '07700 900111', parentalResponsibility: 'no', livesWithYoungPerson: 'no', note: 'Chloe trusts her.', ...extra });

  it('shows the list and an accessible diagram drawn on the server', async () => {
    const page = await police.get(`/young-people/${chloe().id}/network`);
    assert.equal(page.status, 200);
    assert.match(page.body, /<svg class="lantern-genogram"[^>]*role="img"[^>]*aria-labelledby="genogram-title genogram-desc"/);
    assert.match(page.body, /<title id="genogram-title">Diagram of the family and network of Chloe Barnes<\/title>/);
    const text = onScreen(page.body);
    assert.match(text, /Lisa Barnes – Mother/);
    assert.match(text, /Not to be contacted without speaking to the social worker first/);
    assert.match(text, /Deano – Other adult around them/);
    assert.doesNotMatch(text, /Dean Marsh/, 'the police officer may not see the adult of concern, so the link is not shown');
    assert.match(onScreen((await coordinator.get(`/young-people/${chloe().id}/network`)).body), /Adult of concern Dean Marsh \(A-\d+\)/, 'the coordinator may, and sees it');
    const record = await police.get(`/young-people/${chloe().id}`);
    assert.match(record.body, new RegExp(`href="/young-people/${chloe().id}/network"`), 'the record’s sub-navigation leads to the family and network page');
  });

  it('adds, changes and removes someone, each with its audit row', async () => {
    const form = `/young-people/${chloe().id}/network/add`;
    const added = await socialWorker.post(`/young-people/${chloe().id}/network`, networkForm(), { csrfFrom: form });
    assert.equal(added.status, 303, added.errors.join());
    const [member] = await lantern.db.select().from(networkMembers).where(eq(networkMembers.name, 'Gran Barnes'));
    assert.ok(member && member.relationship === 'grandparent' && member.livesWithYoungPerson === false && member.parentalResponsibility === 'no');
    const edit = `/young-people/${chloe().id}/network/${member.id}/edit`;
    assert.equal((await socialWorker.get(edit)).input('name'), 'Gran Barnes');
    const changed = await socialWorker.post(`/young-people/${chloe().id}/network/${member.id}`, networkForm({ livesWithYoungPerson: 'yes', linkedYoungPersonReference: `YP-${people.Amira!.number}` }), { csrfFrom: edit });
    assert.equal(changed.status, 303, changed.errors.join());
    const [after] = await lantern.db.select().from(networkMembers).where(eq(networkMembers.id, member.id));
    assert.equal(after?.livesWithYoungPerson, true);
    assert.equal(after?.linkedYoungPersonId, people.Amira!.id);
    const unseen = await socialWorker.post(`/young-people/${chloe().id}/network/${member.id}`, networkForm({ linkedYoungPersonReference: `YP-${people.Jade!.number}` }), { csrfFrom: edit });
    assert.deepEqual(unseen.errors, ['There is no young person with that reference whose record you can see'], 'the social worker is not in Jade’s team');
    const removed = await socialWorker.post(`/young-people/${chloe().id}/network/${member.id}/remove`, {}, { csrfFrom: edit });
    assert.equal(removed.status, 303);
    assert.doesNotMatch((await socialWorker.get(`/young-people/${chloe().id}/network`)).body, /Gran Barnes/);
    const kinds = await lantern.db.select({ action: auditEvents.action }).from(auditEvents).where(and(eq(auditEvents.recordKind, 'network_member'), eq(auditEvents.recordId, member.id)));
    assert.deepEqual(kinds.map((k) => k.action).sort(), ['create', 'delete', 'update']);
  });

  it('refuses a relationship to oneself and a missing answer, with GOV.UK errors, saving nothing', async () => {
    const form = `/young-people/${chloe().id}/network/add`;
    const before = [await countRows(lantern.db, 'network_members'), await auditRows('network_member')];
    const self = await socialWorker.post(`/young-people/${chloe().id}/network`, networkForm({ linkedYoungPersonReference: `YP-${chloe().number}` }), { csrfFrom: form });
    assert.equal(self.status, 400);
    assert.deepEqual(self.errors, ['A young person cannot be in their own network: enter someone else’s reference']);
    const missing = await socialWorker.post(`/young-people/${chloe().id}/network`, { name: '', relationship: 'cousin' }, { csrfFrom: form });
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.errors, ['Enter their name, or how the young person refers to them', 'Select how they are related to the young person', 'Select whether they have parental responsibility', 'Select whether the young person lives with them']);
    const token = await apiTokenFor(lantern.db, 'social.worker@northbridge.example');
    const viaApi = await api(token, 'POST', `/api/v1/young-people/${chloe().id}/network`, { name: 'Me', relationship: 'sibling', parentalResponsibility: 'no', livesWithYoungPerson: false, linkedYoungPersonReference: `YP-${chloe().number}` });
    assert.equal(viaApi.statusCode, 400);
    assert.match(viaApi.json().detail, /cannot be in their own network/);
    assert.deepEqual([await countRows(lantern.db, 'network_members'), await auditRows('network_member')], before);
  });

  it('adds through the API and lists through it; not for someone without need-to-know', async () => {
    const token = await apiTokenFor(lantern.db, 'social.worker@northbridge.example');
    const created = await api(token, 'POST', `/api/v1/young-people/${chloe().id}/network`, { name: 'Tyler', relationship: 'friend', parentalResponsibility: 'no', livesWithYoungPerson: false, note: 'From the youth club' });
    assert.equal(created.statusCode, 201, created.body);
    const listed = (await api(token, 'GET', `/api/v1/young-people/${chloe().id}/network`)).json() as { members: { name: string; relationship: string }[] };
    assert.ok(listed.members.some((m) => m.name === 'Tyler' && m.relationship === 'friend'));
    const outsider = await apiTokenFor(lantern.db, 'housing.officer@northbridge.example');
    assert.equal((await api(outsider, 'GET', `/api/v1/young-people/${chloe().id}/network`)).statusCode, 404);
    assert.equal((await housing.get(`/young-people/${chloe().id}/network`)).status, 404);
    assert.equal((await housing.get(`/young-people/${chloe().id}/network/add`)).status, 404);
  });
});

describe('views and wishes', () => {
  it('shows the latest entry on the record and keeps the earlier ones as history', async () => {
    const form = `/young-people/${chloe().id}/views-and-wishes/new`;
    const page = await socialWorker.get(form);
    assert.match(page.body, /go back to school after half term/, 'the form starts from what is on file');
    const saved = await socialWorker.post(`/young-people/${chloe().id}/views-and-wishes`, { ...dateBoxes('recordedOn', today()), views: 'I want to choose who comes to my meetings.' }, { csrfFrom: form });
    assert.equal(saved.status, 303);
    const history = onScreen((await police.get(`/young-people/${chloe().id}/views-and-wishes`)).body);
    assert.match(history, /Their views and wishes (Update their views and wishes )?Now: told on \d{1,2} \w+ \d{4} I want to choose who comes to my meetings\./, 'the latest entry is shown as what they say now');
    assert.equal(history.match(/told on /g)?.length, 3, 'the two earlier entries are kept');
    assert.equal(history.match(/Now: told on /g)?.length, 1);
    assert.match(history, /I want to choose who comes to my meetings[\s\S]*go back to school after half term[\s\S]*I don’t want to live at Elm House/);
    const [audit] = await lantern.db.select().from(auditEvents).where(and(eq(auditEvents.recordKind, 'views_and_wishes'), eq(auditEvents.action, 'create')));
    assert.ok(audit);
  });

  it('refuses a missing date or text, saving nothing, and the API uses the same rules', async () => {
    const before = await countRows(lantern.db, 'views_and_wishes');
    const refused = await socialWorker.post(`/young-people/${chloe().id}/views-and-wishes`, { views: ' ' }, { csrfFrom: `/young-people/${chloe().id}/views-and-wishes/new` });
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.errors, ['Enter the date they said this', 'Enter what the young person said they think and want']);
    const token = await apiTokenFor(lantern.db, 'social.worker@northbridge.example');
    assert.equal((await api(token, 'POST', `/api/v1/young-people/${chloe().id}/views-and-wishes`, { recordedOn: '2026-02-30', views: 'x' })).statusCode, 400);
    assert.equal(await countRows(lantern.db, 'views_and_wishes'), before);
    const created = await api(token, 'POST', `/api/v1/young-people/${chloe().id}/views-and-wishes`, { recordedOn: today(), views: 'Said through the API.' });
    assert.equal(created.statusCode, 201);
    const listed = (await api(token, 'GET', `/api/v1/young-people/${chloe().id}/views-and-wishes`)).json() as { entries: { views: string }[] };
    assert.equal(listed.entries[0]?.views, 'Said through the API.');
    assert.equal((await housing.get(`/young-people/${chloe().id}/views-and-wishes`)).status, 404);
    assert.equal((await housing.get(`/young-people/${chloe().id}/views-and-wishes/new`)).status, 404);
  });
});

describe('children of adults of concern', () => {
  let officer: TestClient;
  before(async () => {
    officer = await signInAs(app, 'intelligence@northbridge.example');
  });

  it('links a young person in Lantern, shown on the adult’s page and on the young person’s record', async () => {
    const form = `/intelligence/adults/${deanMarsh}/children/add`;
    assert.equal((await officer.get(form)).status, 200);
    const saved = await officer.post(`/intelligence/adults/${deanMarsh}/children`, { youngPersonId: people.Ryan!.id, relationship: 'step_parent', note: 'Lives with Ryan’s mother' }, { csrfFrom: form });
    assert.equal(saved.status, 303, saved.errors.join());
    const adultPage = onScreen((await officer.get(`/intelligence/adults/${deanMarsh}`)).body);
    assert.match(adultPage, /Ryan Doyle \(YP-\d+\)\s+Their step-parent/);
    assert.match(adultPage, /Not in Lantern: A daughter, about 6/);
    const record = onScreen((await officer.get(`/young-people/${people.Ryan!.id}/network`)).body);
    assert.match(record, /Intelligence records Dean Marsh \(A-\d+\), an adult of concern, as step-parent of Ryan Doyle/);
    const [audit] = await lantern.db.select().from(auditEvents).where(and(eq(auditEvents.recordKind, 'adult_child'), eq(auditEvents.action, 'create')));
    assert.ok(audit);
  });

  it('respects need-to-know: the Ryan link is not shown to a practitioner who cannot see Ryan', async () => {
    // An officer links Dean Marsh to Jade, so Jade's school nurse sees him; she is not in Ryan's team.
    const [jade] = await lantern.db.select({ areaId: youngPeople.areaId }).from(youngPeople).where(eq(youngPeople.id, people.Jade!.id));
    await lantern.db.insert(intelligenceLinks).values({ areaId: jade!.areaId, adultId: deanMarsh, youngPersonId: people.Jade!.id, linkKind: 'seen_with', recordedByUserId: await userIdByEmail(lantern.db, 'intelligence@northbridge.example') });
    const nurse = await signInAs(app, 'school.nurse@northbridge.example');
    const page = await nurse.get(`/intelligence/adults/${deanMarsh}`);
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.body, /Ryan Doyle/);
    assert.doesNotMatch(page.body, /Add a child/);
    const token = await apiTokenFor(lantern.db, 'school.nurse@northbridge.example');
    const listed = (await api(token, 'GET', `/api/v1/adults-of-concern/${deanMarsh}/children`)).json() as { children: { youngPersonId: string | null }[] };
    assert.ok(listed.children.length >= 1, 'the child without a record is shown');
    assert.ok(listed.children.every((c) => c.youngPersonId !== people.Ryan!.id));
    assert.equal((await nurse.get(`/intelligence/adults/${deanMarsh}/children/add`)).status, 403);
    assert.equal((await api(token, 'POST', `/api/v1/adults-of-concern/${deanMarsh}/children`, { description: 'x', relationship: 'parent' })).statusCode, 403);
  });

  it('refuses neither or both of a record and a description, saving nothing; takes an unnamed child through the API', async () => {
    const form = `/intelligence/adults/${deanMarsh}/children/add`;
    const before = await countRows(lantern.db, 'adult_children');
    const neither = await officer.post(`/intelligence/adults/${deanMarsh}/children`, { relationship: 'parent' }, { csrfFrom: form });
    assert.equal(neither.status, 400);
    assert.deepEqual(neither.errors, ['Select a young person in Lantern, or describe a child who is not']);
    const both = await officer.post(`/intelligence/adults/${deanMarsh}/children`, { youngPersonId: people.Jade!.id, description: 'A boy', relationship: 'parent' }, { csrfFrom: form });
    assert.equal(both.status, 400);
    assert.deepEqual(both.errors, ['Either select a young person or describe a child without a record, not both']);
    const unrelated = await officer.post(`/intelligence/adults/${deanMarsh}/children`, { description: 'A boy' }, { csrfFrom: form });
    assert.deepEqual(unrelated.errors, ['Select how the adult is related to the child']);
    assert.equal(await countRows(lantern.db, 'adult_children'), before);
    const token = await apiTokenFor(lantern.db, 'intelligence@northbridge.example');
    const created = await api(token, 'POST', `/api/v1/adults-of-concern/${deanMarsh}/children`, { description: 'A son, about 10, name not known', relationship: 'parent' });
    assert.equal(created.statusCode, 201, created.body);
    const [row] = await lantern.db.select().from(adultChildren).where(eq(adultChildren.id, created.json().id));
    assert.equal(row?.youngPersonId, null);
  });
});

describe('merging two records of the same young person', () => {
  it('moves the absorbed record’s notes, network and views to the survivor, but not a network entry naming the survivor', async () => {
    const [{ areaId }] = (await lantern.db.select({ areaId: youngPeople.areaId }).from(youngPeople).where(eq(youngPeople.id, chloe().id))) as [{ areaId: string }];
    const make = async (givenName: string) => (await lantern.db.insert(youngPeople).values({ areaId, givenName, familyName: 'Merriweather', openedOn: today() }).returning({ id: youngPeople.id }))[0]!.id;
    const [keep, absorb] = [await make('Tamsin'), await make('Tamzin')];
    const writer = await userIdByEmail(lantern.db, 'coordinator@northbridge.example');
    const [{ agencyId }] = (await lantern.db.select({ agencyId: users.agencyId }).from(users).where(eq(users.id, writer))) as [{ agencyId: string }];
    await lantern.db.insert(caseNotes).values({ youngPersonId: absorb, contactOn: today(), contactType: 'visit', text: 'Seen at home.', visibility: 'partnership', agencyId, writtenByUserId: writer });
    await lantern.db.insert(viewsAndWishes).values({ youngPersonId: absorb, recordedOn: today(), views: 'Wants to stay at school.', agencyId, recordedByUserId: writer });
    const [{ id: cousin }] = await lantern.db.insert(networkMembers).values({ youngPersonId: absorb, name: 'A cousin', relationship: 'other_relative', addedByUserId: writer }).returning({ id: networkMembers.id }) as [{ id: string }];
    const [{ id: self }] = await lantern.db.insert(networkMembers).values({ youngPersonId: absorb, name: 'Tamsin', relationship: 'sibling', linkedYoungPersonId: keep, addedByUserId: writer }).returning({ id: networkMembers.id }) as [{ id: string }];

    const merged = await coordinator.post('/young-people/merge', { first: keep, second: absorb, keep, reason: 'Tamzin is a misspelling of Tamsin on a police referral; same school and address.' }, { csrfFrom: `/young-people/merge?first=${keep}&second=${absorb}` });
    assert.equal(merged.status, 303, merged.errors.join());
    assert.equal((await lantern.db.select().from(caseNotes).where(eq(caseNotes.youngPersonId, keep))).length, 1);
    assert.equal((await lantern.db.select().from(viewsAndWishes).where(eq(viewsAndWishes.youngPersonId, keep))).length, 1);
    const placed = Object.fromEntries((await lantern.db.select({ id: networkMembers.id, yp: networkMembers.youngPersonId }).from(networkMembers).where(sql`${networkMembers.id} in (${cousin}, ${self})`)).map((m) => [m.id, m.yp]));
    assert.deepEqual(placed, { [cousin]: keep, [self]: absorb });
  });
});

describe('the demo', () => {
  it('has case notes, a network, views and an adult’s child to show', async () => {
    assert.ok((await lantern.db.select().from(caseNotes).where(eq(caseNotes.visibility, 'agency'))).length >= 1);
    assert.ok((await lantern.db.select().from(networkMembers)).length >= 5);
    assert.ok((await lantern.db.select().from(viewsAndWishes)).length >= 2);
    assert.ok((await lantern.db.select().from(adultChildren)).length >= 1);
  });
});

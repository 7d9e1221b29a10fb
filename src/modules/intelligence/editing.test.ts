/**
 * Changing an adult's or a place's details after they were recorded: officers only, bad input
 * refused with GOV.UK messages and nothing changed, identifiers only ever added, and each change
 * audited and shown in the record's chronology.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { auditEvents } from '../../platform/audit/tables.ts';
import { createTestLantern, type TestLantern, signInAs, apiTokenFor, textOf, type TestClient } from '../../test-support/index.ts';
import { adultsOfConcern, intelligenceRecordChanges, placesOfConcern, recordIdentifiers } from './tables.ts';

let lantern: TestLantern;
let app: FastifyInstance;
let database: Database;
let officer: TestClient;
let coordinator: TestClient;
let nurse: TestClient;

before(async () => {
  lantern = await createTestLantern();
  ({ app, database } = lantern);
  officer = await signInAs(app, 'intelligence@northbridge.example');
  coordinator = await signInAs(app, 'coordinator@northbridge.example');
  nurse = await signInAs(app, 'school.nurse@northbridge.example');
});
after(async () => lantern.close());

async function newAdult(name: string) {
  const created = await officer.post('/intelligence/adults', { name, aliases: 'Fizz', approximateAge: '28', vehicles: 'NB21 FKE', status: 'suspected', mappa: 'not_known' });
  assert.equal(created.status, 303);
  return String(created.location).split('/')[3]!.split('?')[0]!;
}

async function newPlace(name: string) {
  const created = await officer.post('/intelligence/places', { kind: 'hotel', name, postcode: 'NB3 1AA' });
  assert.equal(created.status, 303);
  return String(created.location).split('/')[3]!.split('?')[0]!;
}

const adultRow = async (id: string) => (await database.db.select().from(adultsOfConcern).where(eq(adultsOfConcern.id, id)))[0]!;
const changesOf = async (owner: { adultId?: string; placeId?: string }) =>
  database.db.select().from(intelligenceRecordChanges).where(owner.adultId ? eq(intelligenceRecordChanges.adultId, owner.adultId) : eq(intelligenceRecordChanges.placeId, owner.placeId!));

describe('changing an adult’s details', () => {
  it('opens the form filled in with what is held, for officers and coordinators only', async () => {
    const id = await newAdult('Editform Person');
    const page = await officer.get(`/intelligence/adults/${id}/edit`);
    assert.equal(page.status, 200);
    assert.match(page.body, /Change the details of Editform Person \(A-\d+\)/);
    assert.match(page.body, /id="name" name="name" type="text" value="Editform Person"/);
    assert.match(page.body, />Fizz<\/textarea>/);
    assert.match(page.body, /action="\/intelligence\/adults\/[0-9a-f-]+\/edit"/);
    assert.match(textOf(page.body, { asOnScreen: true }), /Those already recorded are kept/);
    assert.equal((await coordinator.get(`/intelligence/adults/${id}/edit`)).status, 200);
    assert.equal((await nurse.get(`/intelligence/adults/${id}/edit`)).status, 403);
    assert.equal((await nurse.post(`/intelligence/adults/${id}/edit`, { name: 'Changed by nurse' })).status, 403);
    assert.equal((await officer.get('/intelligence/adults/00000000-0000-4000-8000-000000000000/edit')).status, 404);
    assert.equal((await adultRow(id)).name, 'Editform Person');
  });

  it('saves changed fields and new identifiers, audited, and lists the change in the chronology', async () => {
    const id = await newAdult('Editsave Person');
    const saved = await officer.post(`/intelligence/adults/${id}/edit`, {
      name: 'Editsave Person',
      aliases: 'Fizz\nFizzy',
      approximateAge: '29',
      status: 'charged',
      mappa: 'not_known',
      vehicles: 'NB21FKE\nnot a plate at all!',
      phones: '07700 900123',
    });
    assert.equal(saved.status, 303);
    assert.match(String(saved.location), /done=edited/);
    const adult = await adultRow(id);
    assert.deepEqual(adult.aliases, ['Fizz', 'Fizzy']);
    assert.equal(adult.approximateAge, 29);
    assert.equal(adult.status, 'charged');
    const identifiers = await database.db.select().from(recordIdentifiers).where(eq(recordIdentifiers.adultId, id));
    assert.equal(identifiers.length, 4, 'the vehicle recorded at first is kept; three are added');
    assert.equal(identifiers.find((i) => i.asTyped === 'not a plate at all!')?.recognised, false, 'kept as typed and flagged');
    const changes = await changesOf({ adultId: id });
    assert.deepEqual(changes.find((c) => c.kind === 'details_changed')?.fields, ['aliases', 'approximateAge', 'status']);
    assert.deepEqual(changes.find((c) => c.kind === 'identifiers_added')?.fields.sort(), ['phone', 'vehicle']);
    const [audit] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.recordKind, 'adult_of_concern'), eq(auditEvents.recordId, id), eq(auditEvents.action, 'update'))).orderBy(desc(auditEvents.id)).limit(1);
    assert.deepEqual(audit?.details?.changed, ['aliases', 'approximateAge', 'status']);
    assert.equal(JSON.stringify(audit?.details).includes('Fizzy'), false, 'the audit row names the fields, never the values');

    const page = textOf((await officer.get(`/intelligence/adults/${id}?done=edited`)).body, { asOnScreen: true });
    assert.match(page, /The changes have been saved/);
    assert.match(page, /Details changed: other names, approximate age, status/);
    assert.match(page, /Added: (vehicle registration, phone number|phone number, vehicle registration)/);
    assert.match(page, /not a plate at all! Not recognised – kept as typed/);
  });

  it('refuses bad input with messages and changes nothing; saving without a change writes nothing', async () => {
    const id = await newAdult('Editbad Person');
    const before = await adultRow(id);
    const refused = await officer.post(`/intelligence/adults/${id}/edit`, { name: '', approximateAge: 'old', status: 'jailed', mappa: 'not_known', 'dateOfBirth-day': '31', 'dateOfBirth-month': '2', 'dateOfBirth-year': '1990' });
    assert.equal(refused.status, 400);
    assert.match(refused.body, /govuk-error-summary/);
    const text = textOf(refused.body, { asOnScreen: true });
    assert.match(text, /Enter the name, nickname or street name/);
    assert.match(text, /Approximate age must be a number of years/);
    assert.match(text, /Date of birth must be a real date/);
    assert.match(text, /Choose suspected, charged, convicted or no further action/);
    assert.match(refused.body, /<title>Error: Change the details of Editbad Person/);
    assert.doesNotMatch(refused.body, /Error: Error:/, 'the layout adds the prefix once');
    assert.deepEqual(await adultRow(id), before);

    const unchanged = await officer.post(`/intelligence/adults/${id}/edit`, { name: 'Editbad Person', aliases: 'Fizz', approximateAge: '28', status: 'suspected', mappa: 'not_known' });
    assert.equal(unchanged.status, 303);
    assert.match(String(unchanged.location), /done=unchanged/);
    assert.deepEqual(await changesOf({ adultId: id }), []);
    assert.equal((await adultRow(id)).knownSince, before.knownSince, 'a blank "known since" keeps the date held');
  });
});

describe('changing a place’s details', () => {
  it('saves a corrected name and postcode and refuses a bad postcode', async () => {
    const id = await newPlace('Editplace Hotel');
    const form = await officer.get(`/intelligence/places/${id}/edit`);
    assert.equal(form.status, 200);
    assert.match(form.body, /id="postcode" name="postcode" type="text" value="NB3 1AA"/);
    assert.equal((await nurse.get(`/intelligence/places/${id}/edit`)).status, 403);

    const refused = await officer.post(`/intelligence/places/${id}/edit`, { kind: 'nightclub', name: 'Editplace Hotel', postcode: 'nowhere' });
    assert.equal(refused.status, 400);
    assert.match(textOf(refused.body, { asOnScreen: true }), /Choose what kind of place it is/);
    assert.match(textOf(refused.body, { asOnScreen: true }), /Enter a real postcode/);
    assert.equal((await database.db.select().from(placesOfConcern).where(eq(placesOfConcern.id, id)))[0]!.postcode, 'NB3 1AA');

    const saved = await officer.post(`/intelligence/places/${id}/edit`, { kind: 'hotel', name: 'Editplace Guest House', postcode: 'nb3 1ab', onlineAccounts: 'Instagram: editplace_rooms' });
    assert.equal(saved.status, 303);
    const [place] = await database.db.select().from(placesOfConcern).where(eq(placesOfConcern.id, id));
    assert.equal(place!.name, 'Editplace Guest House');
    assert.equal(place!.postcode, 'NB3 1AB');
    const page = textOf((await coordinator.get(`/intelligence/places/${id}`)).body, { asOnScreen: true });
    assert.match(page, /Details changed: name, postcode/);
    assert.match(page, /Added: online account/);
  });
});

describe('changing details through the API', () => {
  it('replaces the details sent, adds identifiers, and refuses practitioners and bad input', async () => {
    const id = await newAdult('Apiedit Person');
    const officerToken = await apiTokenFor(database.db, 'intelligence@northbridge.example');
    const nurseToken = await apiTokenFor(database.db, 'school.nurse@northbridge.example');
    const put = (url: string, token: string, payload: Record<string, unknown>) => app.inject({ method: 'PUT', url, headers: { authorization: `Bearer ${token}` }, payload });

    assert.equal((await put(`/api/v1/adults-of-concern/${id}`, nurseToken, { name: 'Nurse change' })).statusCode, 403);
    assert.equal((await put(`/api/v1/adults-of-concern/${id}`, officerToken, { name: '' })).statusCode, 400);
    assert.equal((await put('/api/v1/adults-of-concern/00000000-0000-4000-8000-000000000000', officerToken, { name: 'Nobody' })).statusCode, 404);
    assert.equal((await adultRow(id)).name, 'Apiedit Person');

    const changed = await put(`/api/v1/adults-of-concern/${id}`, officerToken, { name: 'Apiedit Person', aliases: ['Fizz', 'AP'], approximateAge: 28, phones: ['07700 900999'] });
    assert.equal(changed.statusCode, 200);
    const body = changed.json();
    assert.deepEqual(body.aliases, ['Fizz', 'AP']);
    assert.equal(body.identifiers.length, 2, 'the vehicle held is kept and the phone added');
    assert.deepEqual((await changesOf({ adultId: id })).find((c) => c.kind === 'details_changed')?.fields, ['aliases']);

    const placeId = await newPlace('Apiedit Hotel');
    const refused = await put(`/api/v1/places/${placeId}`, officerToken, { kind: 'hotel', name: 'Apiedit Hotel', postcode: 'nowhere' });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Enter a real postcode/);
    const placeChanged = await put(`/api/v1/places/${placeId}`, officerToken, { kind: 'hotel', name: 'Apiedit Inn', postcode: 'NB3 1AA' });
    assert.equal(placeChanged.statusCode, 200);
    assert.equal(placeChanged.json().name, 'Apiedit Inn');
  });
});

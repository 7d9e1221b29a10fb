/**
 * Transfers: within one Lantern (pages and API, accepted by the other area's coordinator, matched
 * against its records), and as packages between two separate Lantern databases (keys exchanged on
 * the settings page, export, import, acknowledgement, and refused packages). Also prints how long
 * export and import take for a record with 500 chronology entries.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { adultsOfConcern, intelligenceLinks } from '../intelligence/tables.ts';
import { createTestLantern, signInAs, apiTokenFor, countRows, userIdByEmail, type TestLantern } from '../../test-support/index.ts';
import { chronologyEntries, youngPeople } from '../young-people/tables.ts';
import { auditEvents } from '../../platform/audit/tables.ts';
import { transfers } from './tables.ts';
import { addArea, areaIdByCode } from './testing.ts';
import { findCrossAreaMatches } from './cross-area.ts';
import { exportTransfer, importPackage, publicKeyLine, areaKeys, addPartner } from './package.ts';

const NBR = 'coordinator@northbridge.example';

let a: TestLantern;
let b: TestLantern;
let chloeId: string;
let eastmoor: { areaId: string; coordinatorEmail: string };

before(async () => {
  a = await createTestLantern();
  b = await createTestLantern({ seedDemo: false });
  eastmoor = await addArea(a.db, 'EMR', 'Eastmoor Safeguarding Partnership');
  await addArea(a.db, 'QLY', 'Quayley Partnership', { coordinator: false });
  const [chloe] = await a.db.select({ id: youngPeople.id }).from(youngPeople).where(and(eq(youngPeople.givenName, 'Chloe'), eq(youngPeople.familyName, 'Barnes')));
  chloeId = chloe!.id;
});
after(async () => {
  await a?.close();
  await b?.close();
});

const failures = (db: TestLantern['db']) => countRows(db, 'audit_events', sql`record_kind = 'transfer' and outcome = 'failure'`);

describe('a transfer within one Lantern', () => {
  let transferId: string;

  it('refuses bad input with a clear message, writes nothing and audits the attempt', async () => {
    const coordinator = await signInAs(a.app, NBR);
    const form = await coordinator.get(`/young-people/${chloeId}/transfer`);
    assert.equal(form.status, 200);
    assert.match(form.text, /Eastmoor Safeguarding Partnership/);
    const before = await failures(a.db);
    const noReason = await coordinator.post(`/young-people/${chloeId}/transfer`, { destination: 'area:EMR', lawfulBasis: 's47' });
    assert.equal(noReason.status, 400);
    assert.deepEqual(noReason.errors, ['Choose why the young person is moving']);
    const noCoordinator = await coordinator.post(`/young-people/${chloeId}/transfer`, { destination: 'area:QLY', reason: 'moved_home', lawfulBasis: 's47' });
    assert.equal(noCoordinator.status, 400);
    assert.match(noCoordinator.errors[0]!, /no CSE coordinator/);
    const token = await apiTokenFor(a.db, NBR);
    const noArea = await a.app.inject({ method: 'POST', url: '/api/v1/transfers', headers: { authorization: `Bearer ${token}` }, payload: { youngPersonId: chloeId, toArea: 'ZZZ', reason: 'moved_home', lawfulBasis: 's47' } });
    assert.equal(noArea.statusCode, 400);
    assert.match(noArea.json().detail, /no other area/);
    assert.equal(await countRows(a.db, 'transfers'), 0, 'nothing was written');
    assert.equal(await failures(a.db), before + 3, 'each attempt is audited');
  });

  it('is started by the sending coordinator and shown to the receiving one without personal details', async () => {
    const coordinator = await signInAs(a.app, NBR);
    const started = await coordinator.post(`/young-people/${chloeId}/transfer`, { destination: 'area:EMR', reason: 'placed', reasonNote: 'Placed in a children’s home in your area last week.', lawfulBasis: 's47' });
    assert.equal(started.status, 303, started.errors.join());
    transferId = started.location!.split('/')[2]!.split('?')[0]!;
    const section = await coordinator.get(`/young-people/${chloeId}/transfers`);
    assert.equal(section.status, 200);
    assert.match(section.text, /TR-\d+ ?: sent to Eastmoor Safeguarding Partnership/);
    const receiver = await signInAs(a.app, eastmoor.coordinatorEmail);
    const home = await receiver.get('/');
    assert.match(home.text, /1 transfer waiting for your decision/);
    const page = await receiver.get(`/transfers/${transferId}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /Northbridge Safeguarding Partnership/);
    assert.match(page.text, /Placed in a children’s home/);
    assert.doesNotMatch(page.text, /Chloe|Barnes|YP-/, 'nothing personal before acceptance');
    const practitioner = await signInAs(a.app, 'social.worker@northbridge.example');
    assert.equal((await practitioner.get(`/transfers/${transferId}`)).status, 403);
  });

  it('is accepted with the parts chosen: a new record, the chronology, the risk history; both areas keep what was shared', async () => {
    const receiver = await signInAs(a.app, eastmoor.coordinatorEmail);
    const noChoice = await receiver.post(`/transfers/${transferId}/decision`, {});
    assert.equal(noChoice.status, 400);
    assert.deepEqual(noChoice.errors, ['Choose whether to accept or decline the transfer']);
    const accepted = await receiver.post(`/transfers/${transferId}/decision`, { decision: 'accept', sections: ['chronology', 'risk'] });
    assert.equal(accepted.status, 303, accepted.errors.join());
    const [row] = await a.db.select().from(transfers).where(eq(transfers.id, transferId));
    assert.equal(row!.status, 'accepted');
    assert.equal(row!.matchDecision, 'created');
    assert.deepEqual(row!.sections, ['record', 'chronology', 'risk']);
    assert.equal(row!.snapshot!.missingEpisodes, undefined, 'missing episodes were not taken');
    const [received] = await a.db.select().from(youngPeople).where(eq(youngPeople.id, row!.receivedYoungPersonId!));
    assert.equal(received!.areaId, eastmoor.areaId);
    assert.equal(received!.givenName, 'Chloe');
    const shared = await countRows(a.db, 'chronology_entries', sql`young_person_id = ${chloeId} and only_for_agency_id is null and source_kind <> 'transfer'`);
    const copied = await countRows(a.db, 'chronology_entries', sql`young_person_id = ${received!.id} and kind = 'transfer' and source_id = ${transferId}`);
    assert.ok(copied >= shared, `the chronology came with it (${copied} of at least ${shared})`);
    const page = await receiver.get(`/transfers/${transferId}`);
    assert.match(page.text, /Chloe Barnes/);
    const sender = await signInAs(a.app, NBR);
    const senderPage = await sender.get(`/transfers/${transferId}`);
    assert.match(senderPage.text, /Accepted/);
    assert.match(senderPage.text, /What was shared/);
    const [audit] = await a.db.select().from(auditEvents).where(and(eq(auditEvents.recordId, transferId), eq(auditEvents.action, 'update'), eq(auditEvents.outcome, 'success')));
    assert.equal((audit!.details as Record<string, unknown>).matchDecision, 'created');
  });

  it('matches a second transfer of the same young person to the record already held (API)', async () => {
    const senderToken = await apiTokenFor(a.db, NBR);
    const receiverToken = await apiTokenFor(a.db, eastmoor.coordinatorEmail);
    const start = await a.app.inject({ method: 'POST', url: '/api/v1/transfers', headers: { authorization: `Bearer ${senderToken}` }, payload: { youngPersonId: chloeId, toArea: 'EMR', reason: 'moved_home', lawfulBasis: 'public_task' } });
    assert.equal(start.statusCode, 201, start.body);
    const id = start.json().id as string;
    const people = await countRows(a.db, 'young_people', sql`area_id = ${eastmoor.areaId}`);
    const ask = await a.app.inject({ method: 'POST', url: `/api/v1/transfers/${id}/decision`, headers: { authorization: `Bearer ${receiverToken}` }, payload: { decision: 'accept', sections: ['chronology'] } });
    assert.equal(ask.statusCode, 409, ask.body);
    const candidates = ask.json().candidates as { youngPersonId: string }[];
    const [first] = await a.db.select({ received: transfers.receivedYoungPersonId }).from(transfers).where(eq(transfers.id, (await a.db.select({ id: transfers.id }).from(transfers).where(eq(transfers.status, 'accepted')))[0]!.id));
    assert.ok(candidates.some((c) => c.youngPersonId === first!.received), 'the record made by the first transfer is offered');
    const attach = await a.app.inject({ method: 'POST', url: `/api/v1/transfers/${id}/decision`, headers: { authorization: `Bearer ${receiverToken}` }, payload: { decision: 'accept', sections: ['chronology'], match: `attach:${first!.received}` } });
    assert.equal(attach.statusCode, 200, attach.body);
    assert.equal(attach.json().youngPersonId, first!.received);
    assert.equal(await countRows(a.db, 'young_people', sql`area_id = ${eastmoor.areaId}`), people, 'no duplicate was made');
  });

  it('is declined with a reason the sending area can read', async () => {
    const sender = await signInAs(a.app, NBR);
    const started = await sender.post(`/young-people/${chloeId}/transfer`, { destination: 'area:EMR', reason: 'moved_home', lawfulBasis: 'consent' });
    const id = started.location!.split('/')[2]!.split('?')[0]!;
    const receiver = await signInAs(a.app, eastmoor.coordinatorEmail);
    const noReason = await receiver.post(`/transfers/${id}/decision`, { decision: 'decline' });
    assert.deepEqual(noReason.errors, ['Say why you are declining, so the sending area knows what to do next']);
    assert.equal((await receiver.post(`/transfers/${id}/decision`, { decision: 'decline', declineReason: 'She has already moved on again.' })).status, 303);
    assert.match((await sender.get(`/transfers/${id}`)).text, /She has already moved on again/);
  });
});

describe('alerts across areas of one Lantern', () => {
  it('tells both coordinators that a young person in a new concern may have an open record in another area, and nothing more', async () => {
    // Chloe now has an open record in Eastmoor (the accepted transfer); Northbridge raises a concern about her today.
    await a.db.execute(sql`update concerns set submitted_at = now() where id = (select id from concerns where young_person_id = ${chloeId} order by submitted_at desc limit 1)`);
    assert.equal(await findCrossAreaMatches(a.db, new Date()), 1);
    assert.equal(await findCrossAreaMatches(a.db, new Date()), 0, 'a pair is noticed once');
    const nbr = await signInAs(a.app, NBR);
    assert.match((await nbr.get('/')).text, /1 young person who may also be known to another area/);
    const emr = await signInAs(a.app, eastmoor.coordinatorEmail);
    assert.match((await emr.get('/')).text, /1 young person who may also be known to another area/);
    const notices = await emr.get('/transfers/matches');
    assert.equal(notices.status, 200);
    assert.match(notices.text, /may be the young person named in a recent concern in Northbridge Safeguarding Partnership/);
    const [chloe] = await a.db.select({ number: youngPeople.number }).from(youngPeople).where(eq(youngPeople.id, chloeId));
    assert.doesNotMatch(notices.text, new RegExp(`YP-${chloe!.number}\\b`), 'the other area’s record is not named');
    const nbrNotices = await nbr.get('/transfers/matches');
    assert.match(nbrNotices.text, new RegExp(`YP-${chloe!.number}\\b.*may be a young person with an open record in Eastmoor`));
  });
});

describe('a transfer package between two Lanterns', () => {
  let westvaleId: string;
  let northbridgeId: string;
  let packageText: string;
  let linkedAdultId: string;

  before(async () => {
    westvaleId = (await addArea(b.db, 'WVL', 'Westvale Safeguarding Partnership')).areaId;
    northbridgeId = await areaIdByCode(a.db, 'NBR');
  });

  it('exchanges public keys once through the transfer keys page', async () => {
    const nbr = await signInAs(a.app, NBR);
    const keysPage = await nbr.get('/transfers/keys');
    const nbrLine = /LANTERN-AREA-KEY:1:NBR:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+/.exec(keysPage.body)![0];
    const wvl = await signInAs(b.app, 'coordinator@wvl.example');
    const bad = await wvl.post('/transfers/keys/partners', { name: 'Northbridge', key: 'not a key' });
    assert.equal(bad.status, 400);
    assert.match(bad.errors[0]!, /starts LANTERN-AREA-KEY/);
    assert.equal((await wvl.post('/transfers/keys/partners', { name: 'Northbridge Safeguarding Partnership', key: nbrLine })).status, 303);
    const wvlLine = /LANTERN-AREA-KEY:1:WVL:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+/.exec((await wvl.get('/transfers/keys')).body)![0];
    assert.equal((await nbr.post('/transfers/keys/partners', { name: 'Westvale Safeguarding Partnership', key: wvlLine })).status, 303);
    assert.doesNotMatch(keysPage.body, /sealed|v1\./, 'private keys are never shown');
  });

  it('flags an adult linked to the young person as known to another area, refusing it without a contact route', async () => {
    // The demo's adult, linked to Chloe as an officer would link them.
    const [adult] = await a.db.select({ id: adultsOfConcern.id }).from(adultsOfConcern).limit(1);
    await a.db.insert(intelligenceLinks).values({ areaId: northbridgeId, adultId: adult!.id, youngPersonId: chloeId, linkKind: 'seen_with', recordedByUserId: await userIdByEmail(a.db, 'intelligence@northbridge.example') });
    linkedAdultId = adult!.id;
    const officer = await signInAs(a.app, 'intelligence@northbridge.example');
    assert.match((await officer.get(`/intelligence/adults/${linkedAdultId}`)).body, /known-elsewhere\/adult/);
    const missing = await officer.post(`/transfers/known-elsewhere/adult/${linkedAdultId}`, { otherAreaName: 'Westvale Safeguarding Partnership' });
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.errors, ['Say how to reach whoever in that area holds what they know']);
    const added = await officer.post(`/transfers/known-elsewhere/adult/${linkedAdultId}`, { otherAreaName: 'Westvale Safeguarding Partnership', contactRoute: 'Westvale CSE team shared mailbox' });
    assert.equal(added.status, 303);
    assert.match((await officer.follow(added)).text, /Westvale CSE team shared mailbox/);
    const practitioner = await signInAs(a.app, 'social.worker@northbridge.example');
    assert.equal((await practitioner.get(`/transfers/known-elsewhere/adult/${linkedAdultId}`)).status, 403);
  });

  it('exports a package from the record page and downloads it', async () => {
    const nbr = await signInAs(a.app, NBR);
    const made = await nbr.post(`/young-people/${chloeId}/transfer`, { destination: 'partner:WVL', reason: 'moved_by_others', lawfulBasis: 's47', sections: ['chronology', 'risk', 'missing', 'intelligence'] });
    assert.equal(made.status, 303, made.errors.join());
    const id = made.location!.split('/')[2]!.split('?')[0]!;
    const download = await nbr.get(`/transfers/${id}/package`);
    assert.equal(download.status, 200);
    assert.match(String(download.headers['content-disposition']), /attachment/);
    packageText = download.body;
    assert.doesNotMatch(packageText, /Chloe|Barnes/, 'the content is encrypted');
  });

  it('refuses a tampered package, an unknown version and a package for another area, writing nothing', async () => {
    const wvl = await signInAs(b.app, 'coordinator@wvl.example');
    const parsed = JSON.parse(packageText);
    const flipped = parsed.ciphertext[10] === 'A' ? 'B' : 'A';
    const tampered = JSON.stringify({ ...parsed, ciphertext: parsed.ciphertext.slice(0, 10) + flipped + parsed.ciphertext.slice(11) });
    const before = await failures(b.db);
    const refusedTamper = await wvl.post('/transfers/import', { package: tampered });
    assert.equal(refusedTamper.status, 400);
    assert.match(refusedTamper.errors[0]!, /signature does not match/);
    const refusedVersion = await wvl.post('/transfers/import', { package: JSON.stringify({ ...parsed, version: 2 }) });
    assert.match(refusedVersion.errors[0]!, /format version 2/);
    const refusedArea = await wvl.post('/transfers/import', { package: JSON.stringify({ ...parsed, to: { code: 'XYZ', name: 'Elsewhere' } }) });
    assert.match(refusedArea.errors[0]!, /for the area XYZ/);
    assert.equal(await countRows(b.db, 'transfers'), 0);
    assert.equal(await countRows(b.db, 'young_people'), 0);
    assert.equal(await failures(b.db), before + 3);
    // A package made for Westvale cannot be imported by Northbridge either.
    const intoSender = await importPackage(a.db, { actor: null, ip: null, requestId: 'test' }, { userId: null, agencyId: null }, northbridgeId, a.config.auditKey, packageText, null);
    assert.equal(intoSender.ok, false);
  });

  it('imports the package into the other Lantern and acknowledges it back', async () => {
    const wvl = await signInAs(b.app, 'coordinator@wvl.example');
    const imported = await wvl.post('/transfers/import', { package: packageText });
    assert.equal(imported.status, 303, imported.errors.join());
    const id = imported.location!.split('/')[2]!.split('?')[0]!;
    const [row] = await b.db.select().from(transfers).where(eq(transfers.id, id));
    assert.equal(row!.status, 'imported');
    const [yp] = await b.db.select().from(youngPeople).where(eq(youngPeople.id, row!.receivedYoungPersonId!));
    assert.equal(yp!.givenName, 'Chloe');
    assert.equal(yp!.areaId, westvaleId);
    const adults = row!.snapshot!.intelligence!.adults;
    assert.ok(adults.some((adult) => adult.knownElsewhere.some((k) => k.contactRoute === 'Westvale CSE team shared mailbox')), 'the flag travelled with the sanitised intelligence');
    assert.ok(row!.snapshot!.intelligence!.handling.length > 0);
    assert.ok((await countRows(b.db, 'chronology_entries', sql`young_person_id = ${yp!.id}`)) > 1);
    const again = await wvl.post('/transfers/import', { package: packageText });
    assert.match(again.errors[0]!, /already imported/);
    const ack = await wvl.get(`/transfers/${id}/package`);
    assert.equal(ack.status, 200);
    const nbr = await signInAs(a.app, NBR);
    const acknowledged = await nbr.post('/transfers/import', { package: ack.body });
    assert.equal(acknowledged.status, 303, acknowledged.errors.join());
    const [sent] = await a.db.select().from(transfers).where(eq(transfers.direction, 'outgoing'));
    assert.equal(sent!.status, 'received');
    assert.ok(sent!.acknowledgedAt);
  });

  it('asks whether a young person already held is the one in a new package', async () => {
    const wvl = await signInAs(b.app, 'coordinator@wvl.example');
    const nbr = await signInAs(a.app, NBR);
    const made = await nbr.post(`/young-people/${chloeId}/transfer`, { destination: 'partner:WVL', reason: 'moved_home', lawfulBasis: 'consent', sections: [] });
    const second = (await nbr.get(`/transfers/${made.location!.split('/')[2]!.split('?')[0]}/package`)).body;
    const people = await countRows(b.db, 'young_people');
    const ask = await wvl.post('/transfers/import', { package: second });
    assert.equal(ask.status, 200);
    assert.match(ask.h1, /already holds/);
    assert.equal(await countRows(b.db, 'transfers', sql`direction = 'incoming'`), 1, 'nothing written before the choice');
    const attachTo = /value="(attach:[0-9a-f-]+)"/.exec(ask.body)![1]!;
    const done = await wvl.post('/transfers/import', { package: second, match: attachTo });
    assert.equal(done.status, 303, done.errors.join());
    assert.equal(await countRows(b.db, 'young_people'), people, 'no duplicate was made');
  });

  it('exports and imports a record with 500 chronology entries quickly (printed, not asserted)', async () => {
    const [yp] = await a.db.select({ id: youngPeople.id }).from(youngPeople).where(eq(youngPeople.givenName, 'Ryan'));
    await a.db.insert(chronologyEntries).values(Array.from({ length: 500 }, (_, i) => ({ youngPersonId: yp!.id, occurredAt: new Date(Date.UTC(2025, 0, 1) + i * 3_600_000), kind: 'record', sourceKind: 'young_person', sourceId: yp!.id, summary: `Fictional entry number ${i + 1} for the speed check` })));
    const ctx = { actor: null, ip: null, requestId: 'bench' };
    let started = performance.now();
    const exported = await exportTransfer(a.db, ctx, { userId: null, agencyId: null, areaId: northbridgeId }, a.config.auditKey, { youngPersonId: yp!.id, partner: 'WVL', reason: 'moved_home', reasonNote: '', lawfulBasis: 's47', sections: ['chronology', 'risk', 'missing', 'intelligence'] });
    const exportMs = performance.now() - started;
    assert.ok(exported.ok);
    started = performance.now();
    const imported = await importPackage(b.db, ctx, { userId: null, agencyId: null }, westvaleId, b.config.auditKey, exported.value.packageText, { kind: 'new' });
    const importMs = performance.now() - started;
    assert.ok(imported.ok && imported.value.kind === 'imported');
    const entries = exported.value.packageText.length;
    console.log(`transfer of 500+ chronology entries: export ${exportMs.toFixed(0)} ms, import ${importMs.toFixed(0)} ms, package ${Math.round(entries / 1024)} KiB (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`);
  });

  it('keeps keys per area and refuses a partner key that is the area’s own', async () => {
    const keys = await areaKeys(b.db, westvaleId, b.config.auditKey);
    const own = await addPartner(b.db, { actor: null, ip: null, requestId: 'test' }, { userId: null, agencyId: null }, westvaleId, { name: 'Us', key: publicKeyLine('WVL', keys) });
    assert.equal(own.ok, false);
  });
});

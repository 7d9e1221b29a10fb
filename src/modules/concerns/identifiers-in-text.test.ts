/**
 * Identifiers written inside free text, through the API and the pages: a car described with its
 * registration on one line, and a phone number in the account of what happened, link the concern
 * to the adult of concern who has them, and the adult's page says so.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { youngPeople } from '../young-people/tables.ts';
import { createTestLantern, type TestLantern, signInAs, apiTokenFor, textOf, type TestClient } from '../../test-support/index.ts';
import { and } from 'drizzle-orm';
import { auditEvents } from '../../platform/audit/tables.ts';
import type { RequestContext } from '../../platform/audit/audit.ts';
import { rescanEpisodeIdentifiers } from '../missing/index.ts';
import { rescanIntelligenceIdentifiers } from '../intelligence/index.ts';
import { intelligenceEntryIdentifiers, recordIdentifiers } from '../intelligence/tables.ts';
import { findIdentifiersInText } from '../identifiers/index.ts';
import { rescanConcernIdentifiers } from './rescan.ts';
import { concernMentions } from './tables.ts';

let lantern: TestLantern;
let app: FastifyInstance;
let database: Database;
let jade: string;
let adultId: string;
let officer: TestClient;
let nurseToken: string;

const concern = (reference: string, fields: { details: string; others?: Record<string, string[]> }) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/concerns',
    headers: { authorization: `Bearer ${nurseToken}` },
    payload: {
      externalReference: reference,
      immediateDanger: false,
      subject: { kind: 'known', youngPersonId: jade },
      howLearned: 'observed',
      youngPersonAware: 'yes',
      lawfulBasis: 'safeguarding',
      ...fields,
    },
  });

before(async () => {
  lantern = await createTestLantern();
  ({ app, database } = lantern);
  jade = (await database.db.select({ id: youngPeople.id }).from(youngPeople).where(eq(youngPeople.givenName, 'Jade')))[0]!.id;
  const officerToken = await apiTokenFor(database.db, 'intelligence@northbridge.example');
  nurseToken = await apiTokenFor(database.db, 'school.nurse@northbridge.example');
  const created = await app.inject({
    method: 'POST',
    url: '/api/v1/adults-of-concern',
    headers: { authorization: `Bearer ${officerToken}` },
    payload: { name: 'Man known as Ace', vehicles: ['AB12CDE'], phones: ['07700 900321'] },
  });
  assert.equal(created.statusCode, 201, created.body);
  adultId = created.json().id;
  officer = await signInAs(app, 'intelligence@northbridge.example');
});
after(async () => lantern.close());

describe('identifiers written in a concern’s free text', () => {
  it('links “black Audi AB12 CDE” on the vehicle line to the adult with AB12CDE, keeping the line as typed', async () => {
    const sent = await concern('free-text-car', { details: 'Seen getting into a car outside school after the last lesson.', others: { vehicle: ['black Audi AB12 CDE'] } });
    assert.equal(sent.statusCode, 201, sent.body);
    const { id, reference } = sent.json();
    const rows = await database.db.select({ kind: concernMentions.kind, asTyped: concernMentions.asTyped, matchKey: concernMentions.matchKey }).from(concernMentions).where(eq(concernMentions.concernId, id));
    assert.deepEqual(rows, [{ kind: 'vehicle', asTyped: 'black Audi AB12 CDE', matchKey: 'vehicle:AB12CDE' }]);
    assert.equal(findIdentifiersInText(rows[0]!.asTyped).remainder, 'black Audi', 'the make and colour are the description');

    const adultPage = textOf((await officer.get(`/intelligence/adults/${adultId}`)).body, { asOnScreen: true });
    assert.match(adultPage, new RegExp(`Their vehicle “black Audi AB12 CDE” mentioned in concern ${reference}`));
    const network = textOf((await officer.get(`/intelligence/network/young_person/${jade}`)).body, { asOnScreen: true });
    assert.match(network, /Man known as Ace/);
  });

  it('links a phone number written in the account of what happened', async () => {
    const sent = await concern('free-text-phone', { details: 'She said a man keeps ringing her from 07700 900321, usually after 22:00.' });
    assert.equal(sent.statusCode, 201, sent.body);
    const { id, reference } = sent.json();
    const rows = await database.db.select({ kind: concernMentions.kind, asTyped: concernMentions.asTyped, matchKey: concernMentions.matchKey }).from(concernMentions).where(eq(concernMentions.concernId, id));
    assert.deepEqual(rows, [{ kind: 'phone', asTyped: '07700 900321', matchKey: 'phone:+447700900321' }]);
    const adultPage = textOf((await officer.get(`/intelligence/adults/${adultId}`)).body, { asOnScreen: true });
    assert.match(adultPage, new RegExp(`Their phone number “07700 900321” mentioned in concern ${reference}`));
  });

  it('stores nothing for a sentence without identifiers, and keeps an unrecognisable line as typed', async () => {
    const plain = await concern('free-text-none', { details: 'She was upset at 10:30 in Year 10 maths and went home to 14 Mill Street, LU1 3AB, in 2026.' });
    assert.equal(plain.statusCode, 201, plain.body);
    assert.deepEqual(await database.db.select().from(concernMentions).where(eq(concernMentions.concernId, plain.json().id)), []);

    const vague = await concern('free-text-vague', { details: 'Picked up by car.', others: { vehicle: ['black Audi'] } });
    assert.equal(vague.statusCode, 201, vague.body);
    const rows = await database.db.select({ asTyped: concernMentions.asTyped, matchKey: concernMentions.matchKey }).from(concernMentions).where(eq(concernMentions.concernId, vague.json().id));
    assert.deepEqual(rows, [{ asTyped: 'black Audi', matchKey: 'vehicle:BLACKAUDI' }]);
  });
});

describe('an intelligence entry’s text', () => {
  it('links the registration and number written in it to the adult who has them, for officers', async () => {
    const officerToken = await apiTokenFor(database.db, 'intelligence@northbridge.example');
    const recorded = await app.inject({
      method: 'POST',
      url: '/api/v1/intelligence',
      headers: { authorization: `Bearer ${officerToken}` },
      payload: { text: 'Girls from the estate are picked up in a black Audi AB12 CDE; the driver is called on 07700 900321.', sourceKind: 'professional', receivedOn: new Date().toISOString().slice(0, 10), sourceGrade: '2', intelligenceGrade: 'B', handling: 'P', subjects: [{ kind: 'young_person', id: jade }] },
    });
    assert.equal(recorded.statusCode, 201, recorded.body);
    const { id, reference } = recorded.json();
    const rows = await database.db.select({ kind: intelligenceEntryIdentifiers.kind, asTyped: intelligenceEntryIdentifiers.asTyped, matchKey: intelligenceEntryIdentifiers.matchKey }).from(intelligenceEntryIdentifiers).where(eq(intelligenceEntryIdentifiers.entryId, id));
    assert.deepEqual(rows, [
      { kind: 'vehicle', asTyped: 'AB12 CDE', matchKey: 'vehicle:AB12CDE' },
      { kind: 'phone', asTyped: '07700 900321', matchKey: 'phone:+447700900321' },
    ]);
    const adultPage = textOf((await officer.get(`/intelligence/adults/${adultId}`)).body, { asOnScreen: true });
    assert.match(adultPage, new RegExp(`Their vehicle “AB12 CDE” written in intelligence ${reference}`));
    assert.match(adultPage, new RegExp(`Their phone number “07700 900321” written in intelligence ${reference}`));
  });
});

describe('an adult’s description', () => {
  it('gives the adult the registration and number written in it, once, beside those typed in the boxes', async () => {
    const officerToken = await apiTokenFor(database.db, 'intelligence@northbridge.example');
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/adults-of-concern',
      headers: { authorization: `Bearer ${officerToken}` },
      payload: { name: 'Man known as Dee', description: 'Drives a white Golf LM68 RTY; uses 07700 900654 and 07700 900654.', phones: ['07700 900654'] },
    });
    assert.equal(created.statusCode, 201, created.body);
    const rows = await database.db.select({ kind: recordIdentifiers.kind, asTyped: recordIdentifiers.asTyped, matchKey: recordIdentifiers.matchKey }).from(recordIdentifiers).where(eq(recordIdentifiers.adultId, created.json().id));
    assert.deepEqual(rows.sort((a, b) => a.kind.localeCompare(b.kind)), [
      { kind: 'phone', asTyped: '07700 900654', matchKey: 'phone:+447700900654' },
      { kind: 'vehicle', asTyped: 'LM68 RTY', matchKey: 'vehicle:LM68RTY' },
    ]);
  });
});

describe('re-reading records held from before', () => {
  const ctx: RequestContext = { actor: null, ip: null, requestId: 'cli-rescan-identifiers' };

  it('counts on a dry run, then re-keys the line and adds the narrative’s number, audited, and then has nothing more to do', async () => {
    // As concerns were stored before: the whole line as one unrecognised key, nothing from the narrative.
    const sent = await concern('free-text-old', { details: 'Her mum found 07700 900321 saved as “Ace” in her phone.', others: { vehicle: ['black Audi AB12 CDE'] } });
    assert.equal(sent.statusCode, 201, sent.body);
    const id: string = sent.json().id;
    await database.db.delete(concernMentions).where(and(eq(concernMentions.concernId, id), eq(concernMentions.kind, 'phone')));
    await database.db.update(concernMentions).set({ matchKey: 'vehicle:BLACKAUDIAB12CDE' }).where(eq(concernMentions.concernId, id));
    const [adult] = await database.db.select().from(recordIdentifiers).where(eq(recordIdentifiers.adultId, adultId)).limit(1);
    const oldAdultLine = (await database.db.insert(recordIdentifiers).values({ areaId: adult!.areaId, adultId, kind: 'vehicle', asTyped: 'grey Transit van YR51 KLM', matchKey: 'vehicle:GREYTRANSITVANYR51KLM', recognised: false }).returning())[0]!;
    const keysOf = async () => (await database.db.select({ kind: concernMentions.kind, asTyped: concernMentions.asTyped, matchKey: concernMentions.matchKey }).from(concernMentions).where(eq(concernMentions.concernId, id))).sort((a, b) => a.kind.localeCompare(b.kind));

    const dry = await rescanConcernIdentifiers(database.db, ctx, { write: false });
    assert.ok(dry.changed >= 1 && dry.rekeyed >= 1 && dry.added >= 1, JSON.stringify(dry));
    assert.deepEqual(await keysOf(), [{ kind: 'vehicle', asTyped: 'black Audi AB12 CDE', matchKey: 'vehicle:BLACKAUDIAB12CDE' }], 'a dry run writes nothing');
    const intelligenceDry = await rescanIntelligenceIdentifiers(database.db, ctx, { write: false });
    assert.ok(intelligenceDry.rekeyed >= 1);

    const written = await rescanConcernIdentifiers(database.db, ctx, { write: true });
    assert.deepEqual(written, dry);
    assert.deepEqual(await keysOf(), [
      { kind: 'phone', asTyped: '07700 900321', matchKey: 'phone:+447700900321' },
      { kind: 'vehicle', asTyped: 'black Audi AB12 CDE', matchKey: 'vehicle:AB12CDE' },
    ]);
    const audit = await database.db.select({ action: auditEvents.action, details: auditEvents.details, requestId: auditEvents.requestId }).from(auditEvents).where(and(eq(auditEvents.recordKind, 'concern'), eq(auditEvents.recordId, id), eq(auditEvents.action, 'update')));
    assert.deepEqual(audit, [{ action: 'update', details: { change: 'identifiers_rescanned', rekeyed: 1, added: 1 }, requestId: 'cli-rescan-identifiers' }]);

    await rescanIntelligenceIdentifiers(database.db, ctx, { write: true });
    const [rekeyed] = await database.db.select().from(recordIdentifiers).where(eq(recordIdentifiers.id, oldAdultLine.id));
    assert.equal(rekeyed!.matchKey, 'vehicle:YR51KLM');
    assert.equal(rekeyed!.recognised, true);
    assert.equal(rekeyed!.asTyped, 'grey Transit van YR51 KLM', 'the text is never changed');
    await rescanEpisodeIdentifiers(database.db, ctx, { write: true });

    // An entry recorded before its text was read: the rescan finds its registration.
    const [entryRow] = await database.db.select().from(intelligenceEntryIdentifiers).limit(1);
    await database.db.delete(intelligenceEntryIdentifiers).where(eq(intelligenceEntryIdentifiers.entryId, entryRow!.entryId));
    const entryDry = await rescanIntelligenceIdentifiers(database.db, ctx, { write: false });
    assert.ok(entryDry.added >= 2, JSON.stringify(entryDry));
    await rescanIntelligenceIdentifiers(database.db, ctx, { write: true });
    const restored = await database.db.select({ matchKey: intelligenceEntryIdentifiers.matchKey }).from(intelligenceEntryIdentifiers).where(eq(intelligenceEntryIdentifiers.entryId, entryRow!.entryId));
    assert.deepEqual(restored.map((r) => r.matchKey).sort(), ['phone:+447700900321', 'vehicle:AB12CDE']);
    const entryAudit = await database.db.select({ details: auditEvents.details }).from(auditEvents).where(and(eq(auditEvents.recordKind, 'intelligence_entry'), eq(auditEvents.recordId, entryRow!.entryId), eq(auditEvents.action, 'update')));
    assert.deepEqual(entryAudit, [{ details: { change: 'identifiers_rescanned', rekeyed: 0, added: 2 } }]);

    for (const again of [rescanConcernIdentifiers, rescanEpisodeIdentifiers, rescanIntelligenceIdentifiers]) {
      const counts = await again(database.db, ctx, { write: false });
      assert.equal(counts.changed, 0, `${again.name} has more to do: ${JSON.stringify(counts)}`);
    }
  });
});

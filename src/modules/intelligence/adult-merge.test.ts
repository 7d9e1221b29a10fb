/**
 * Merging two records of one adult from the possible-duplicates page, and undoing it: exactly the
 * rows that moved go back, the names added are taken away, and each step is audited and shown in
 * both records' chronologies.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { auditEvents } from '../../platform/audit/tables.ts';
import { youngPeople } from '../young-people/tables.ts';
import { createTestLantern, type TestLantern, signInAs, textOf, type TestClient } from '../../test-support/index.ts';
import { adultAliasesToAdd } from './adult-merge.ts';
import { adultMerges, adultsOfConcern, intelligenceLinks, recordIdentifiers } from './tables.ts';

let lantern: TestLantern;
let app: FastifyInstance;
let database: Database;
let officer: TestClient;
let nurse: TestClient;
let jade: string;

before(async () => {
  lantern = await createTestLantern();
  ({ app, database } = lantern);
  officer = await signInAs(app, 'intelligence@northbridge.example');
  nurse = await signInAs(app, 'school.nurse@northbridge.example');
  jade = (await database.db.select({ id: youngPeople.id }).from(youngPeople).where(eq(youngPeople.givenName, 'Jade')))[0]!.id;
});
after(async () => lantern.close());

async function newAdult(form: Record<string, string>) {
  const created = await officer.post('/intelligence/adults', { status: 'suspected', mappa: 'not_known', ...form });
  assert.equal(created.status, 303);
  return String(created.location).split('/')[3]!.split('?')[0]!;
}
const adult = async (id: string) => (await database.db.select().from(adultsOfConcern).where(eq(adultsOfConcern.id, id)))[0]!;
const identifierOwners = async (ids: string[]) => (await database.db.select({ id: recordIdentifiers.id, adultId: recordIdentifiers.adultId }).from(recordIdentifiers).where(sql`${recordIdentifiers.adultId} in (${sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `)})`));

describe('merging duplicate adults', () => {
  it('adds only the names the survivor lacks', () => {
    assert.deepEqual(adultAliasesToAdd({ name: 'Tommy Vale', aliases: ['TV'] }, { name: 'tommy vale', aliases: ['Vapes', 'tv', 'Vapes'] }), ['Vapes']);
  });

  it('offers the merge from the duplicates page, asks which to keep, and refuses without a choice', async () => {
    const a = await newAdult({ name: 'Mergetest Kowalczyk', phones: '07700 900451' });
    const b = await newAdult({ name: 'M Kowalczyk', aliases: 'Koko', phones: '07700900451' });
    const duplicates = await officer.get('/intelligence/duplicates');
    assert.match(duplicates.body, new RegExp(`href="/intelligence/duplicates/merge\\?a=(${a}|${b})&amp;b=(${a}|${b})"`));
    const page = await officer.get(`/intelligence/duplicates/merge?a=${a}&b=${b}`);
    assert.equal(page.status, 200);
    assert.match(textOf(page.body, { asOnScreen: true }), /Which record should be kept\?/);
    assert.match(textOf(page.body, { asOnScreen: true }), /Also recorded Vehicles, phones and accounts: 1/);
    assert.equal((await nurse.get(`/intelligence/duplicates/merge?a=${a}&b=${b}`)).status, 403);
    assert.equal((await officer.get(`/intelligence/duplicates/merge?a=${a}&b=${a}`)).status, 404);

    const refused = await officer.post('/intelligence/duplicates/merge', { a, b });
    assert.equal(refused.status, 400);
    assert.match(textOf(refused.body, { asOnScreen: true }), /Choose which record to keep/);
    assert.match(refused.body, /href="#keep"/);
    assert.equal((await adult(b)).mergedIntoId, null, 'nothing merged');
  });

  it('moves everything to the kept record, hides the other, and undoes exactly that', async () => {
    const kept = await newAdult({ name: 'Mergemove Okafor', aliases: 'Oki', vehicles: 'NB66 MRG' });
    const other = await newAdult({ name: 'Merge Okafor', aliases: 'Oki\nBig O', phones: '07700 900777' });
    const linkToJade = await officer.post(`/intelligence/adults/${other}/link`, { to: `young_person:${jade}`, linkKind: 'seen_with' });
    assert.equal(linkToJade.status, 303);
    const between = await officer.post(`/intelligence/adults/${other}/link`, { to: `adult:${kept}`, linkKind: 'associate' });
    assert.equal(between.status, 303);
    const identifiersBefore = await identifierOwners([kept, other]);

    const merged = await officer.post('/intelligence/duplicates/merge', { a: kept, b: other, keep: kept });
    assert.equal(merged.status, 303);
    assert.match(String(merged.location), new RegExp(`/intelligence/adults/${kept}\\?done=merged`));
    assert.equal((await adult(other)).mergedIntoId, kept);
    assert.deepEqual((await adult(kept)).aliases, ['Oki', 'Merge Okafor', 'Big O']);
    assert.ok((await identifierOwners([kept, other])).every((i) => i.adultId === kept), 'identifiers moved');
    const jadeLinks = await database.db.select().from(intelligenceLinks).where(and(eq(intelligenceLinks.youngPersonId, jade), eq(intelligenceLinks.adultId, kept)));
    assert.equal(jadeLinks.length, 1, 'the link to Jade moved');
    const pairLink = await database.db.select().from(intelligenceLinks).where(and(eq(intelligenceLinks.adultId, other), eq(intelligenceLinks.associateAdultId, kept)));
    assert.equal(pairLink.length, 1, 'the link between the two stays as it was');

    // The absorbed record leads to the kept one and can no longer be changed or chosen.
    const opened = await officer.get(`/intelligence/adults/${other}`);
    assert.equal(opened.status, 303);
    assert.match(String(opened.location), new RegExp(`/intelligence/adults/${kept}`));
    const network = await officer.get(`/intelligence/network/adult/${other}`);
    assert.equal(network.status, 303);
    assert.equal(network.location, `/intelligence/network/adult/${kept}`);
    assert.equal((await officer.post(`/intelligence/adults/${other}/edit`, { name: 'Changed', status: 'suspected', mappa: 'not_known' })).status, 404);
    assert.doesNotMatch(textOf((await officer.get('/intelligence')).body, { asOnScreen: true }), /Merge Okafor \(A-/);
    assert.doesNotMatch((await officer.get('/intelligence/duplicates')).body, new RegExp(other));

    const keptPage = textOf((await officer.get(`/intelligence/adults/${kept}?done=merged`)).body, { asOnScreen: true });
    assert.match(keptPage, /The records have been merged/);
    assert.match(keptPage, /Records merged into this one/);
    assert.match(keptPage, /A-\d+ merged into this record/);
    const [merge] = await database.db.select().from(adultMerges).where(eq(adultMerges.absorbedId, other));
    const [audit] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.recordKind, 'adult_of_concern'), eq(auditEvents.recordId, other), sql`${auditEvents.details}->>'change' = 'merged_into'`));
    assert.equal(audit?.details?.mergeId, merge!.id);

    assert.equal((await nurse.post(`/intelligence/adult-merges/${merge!.id}/undo`, {})).status, 403);
    const undone = await officer.post(`/intelligence/adult-merges/${merge!.id}/undo`, {});
    assert.equal(undone.status, 303);
    assert.equal((await adult(other)).mergedIntoId, null);
    assert.deepEqual((await adult(kept)).aliases, ['Oki']);
    assert.deepEqual((await identifierOwners([kept, other])).sort((x, y) => x.id.localeCompare(y.id)), identifiersBefore.sort((x, y) => x.id.localeCompare(y.id)));
    assert.equal((await database.db.select().from(intelligenceLinks).where(and(eq(intelligenceLinks.youngPersonId, jade), eq(intelligenceLinks.adultId, other)))).length, 1, 'the link went back');
    assert.match(textOf((await officer.get(`/intelligence/adults/${other}`)).body, { asOnScreen: true }), /Merge with A-\d+ undone/);
    assert.equal((await officer.post(`/intelligence/adult-merges/${merge!.id}/undo`, {})).status, 404, 'a merge is undone once');
  });
});

/**
 * Places written in free text offered as links to places of concern, through the pages with the
 * demo's users: Chloe's found-at address "Flat above the takeaway, Mill Street" and the demo's
 * Mill Street Grill. Linking takes a person; dismissing is remembered; only those who may see every
 * place of the area are offered any.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { and, eq } from 'drizzle-orm';
import { auditEvents } from '../../platform/audit/tables.ts';
import type { Database } from '../../platform/db/database.ts';
import { youngPeople } from '../young-people/tables.ts';
import { missingEpisodes, returnInterviews } from '../missing/tables.ts';
import { concerns } from '../concerns/tables.ts';
import { createTestLantern, type TestLantern, signInAs, apiTokenFor, textOf, type TestClient } from '../../test-support/index.ts';
import { DEMO_TAKEAWAY } from './demo.ts';
import { intelligenceLinks, placeMatchDecisions, placesOfConcern } from './tables.ts';

let lantern: TestLantern;
let app: FastifyInstance;
let database: Database;
let chloe: string;
let placeId: string;
let millStreetEpisodes: string[];
let busStationEpisode: string;
let officer: TestClient;

const screen = async (client: TestClient, url: string) => {
  const page = await client.get(url);
  assert.equal(page.status, 200, `${url}: ${page.status}`);
  return textOf(page.body, { asOnScreen: true });
};

before(async () => {
  lantern = await createTestLantern();
  ({ app, database } = lantern);
  chloe = (await database.db.select({ id: youngPeople.id }).from(youngPeople).where(and(eq(youngPeople.givenName, 'Chloe'), eq(youngPeople.familyName, 'Barnes'))))[0]!.id;
  placeId = (await database.db.select({ id: placesOfConcern.id }).from(placesOfConcern).where(eq(placesOfConcern.name, DEMO_TAKEAWAY)))[0]!.id;
  const episodes = await database.db.select({ id: missingEpisodes.id, foundWhere: missingEpisodes.foundWhere }).from(missingEpisodes).where(eq(missingEpisodes.youngPersonId, chloe));
  millStreetEpisodes = episodes.filter((e) => e.foundWhere === 'Flat above the takeaway, Mill Street').map((e) => e.id);
  busStationEpisode = episodes.find((e) => e.foundWhere === 'Northbridge bus station')!.id;
  assert.ok(millStreetEpisodes.length >= 4, 'the demo finds Chloe above the takeaway more than once');
  officer = await signInAs(app, 'intelligence@northbridge.example');
});
after(async () => lantern.close());

describe('a found-at address suggested as a place of concern', () => {
  it('is offered on the episode’s page and the place’s page with its reasons and band, and linked only when confirmed', async () => {
    const episodeId = millStreetEpisodes[0]!;
    const episodePage = await screen(officer, `/missing/${episodeId}`);
    assert.match(episodePage, /Places of concern/);
    assert.match(episodePage, new RegExp(`${DEMO_TAKEAWAY} \\(P-\\d+\\)`));
    assert.match(episodePage, /Possibly the same place \d+%/);
    assert.match(episodePage, /on the same street, Mill Street/);
    assert.match(episodePage, /the same kind of place \(takeaway\)/);
    assert.equal((await database.db.select().from(intelligenceLinks).where(eq(intelligenceLinks.sourceId, episodeId))).length, 0, 'offering links nothing');

    const placePage = await screen(officer, `/intelligence/places/${placeId}`);
    assert.match(placePage, /Records that may mention this place/);
    assert.match(placePage, /Where they were found “Flat above the takeaway, Mill Street”/);
    const [viewed] = await database.db.select({ details: auditEvents.details }).from(auditEvents).where(and(eq(auditEvents.recordKind, 'place_of_concern'), eq(auditEvents.recordId, placeId), eq(auditEvents.action, 'view')));
    assert.ok((viewed!.details as { suggestedFrom?: string[] }).suggestedFrom?.includes(episodeId), 'the view row names the records offered');

    const linked = await officer.post(`/intelligence/places/${placeId}/matches`, { sourceKind: 'missing_episode', sourceId: episodeId, decision: 'linked', returnTo: 'episode' }, { csrfFrom: `/missing/${episodeId}` });
    assert.equal(linked.status, 303);
    assert.equal(linked.location, `/missing/${episodeId}?done=place-linked#places`);
    const links = await database.db.select().from(intelligenceLinks).where(and(eq(intelligenceLinks.sourceKind, 'missing_episode'), eq(intelligenceLinks.sourceId, episodeId)));
    assert.equal(links.length, 1);
    assert.equal(links[0]!.placeId, placeId);
    assert.equal(links[0]!.youngPersonId, chloe);
    const [decision] = await database.db.select().from(placeMatchDecisions).where(eq(placeMatchDecisions.sourceId, episodeId));
    assert.equal(decision!.decision, 'linked');
    assert.equal(decision!.linkId, links[0]!.id);
    assert.ok(decision!.probability >= 0.5 && decision!.probability < 0.95);
    const audit = await database.db.select({ details: auditEvents.details }).from(auditEvents).where(and(eq(auditEvents.recordKind, 'place_of_concern'), eq(auditEvents.recordId, placeId), eq(auditEvents.action, 'update')));
    assert.equal(audit.length, 1);
    assert.deepEqual({ ...(audit[0]!.details as object), probability: undefined }, { placeMatch: 'linked', sourceKind: 'missing_episode', sourceId: episodeId, probability: undefined });

    // The link is on both records, and the pair is not offered again.
    const after = await screen(officer, `/missing/${episodeId}?done=place-linked`);
    assert.match(after, new RegExp(`Linked to ${DEMO_TAKEAWAY} \\(P-\\d+\\)`));
    assert.doesNotMatch(after, /Possibly the same place/);
    const placeAfter = await screen(officer, `/intelligence/places/${placeId}`);
    assert.match(placeAfter, /Seen at: Chloe Barnes/);

    const again = await officer.post(`/intelligence/places/${placeId}/matches`, { sourceKind: 'missing_episode', sourceId: episodeId, decision: 'linked', returnTo: 'episode' }, { csrfFrom: `/missing/${episodeId}` });
    assert.equal(again.status, 400);
    assert.deepEqual(again.errors, ['This place has already been linked or dismissed for this record']);
    assert.equal((await database.db.select().from(intelligenceLinks).where(eq(intelligenceLinks.sourceId, episodeId))).length, 1, 'a form sent twice links once');
  });

  it('does not offer a clearly different place', async () => {
    const page = await screen(officer, `/missing/${busStationEpisode}`);
    assert.doesNotMatch(page, new RegExp(DEMO_TAKEAWAY));
    assert.match(page, /No place of concern matches where they were found or said they were/);
  });

  it('remembers a dismissed suggestion and does not offer it again', async () => {
    const episodeId = millStreetEpisodes[1]!;
    const dismissed = await officer.post(`/intelligence/places/${placeId}/matches`, { sourceKind: 'missing_episode', sourceId: episodeId, decision: 'dismissed', returnTo: 'place' }, { csrfFrom: `/intelligence/places/${placeId}` });
    assert.equal(dismissed.status, 303);
    assert.equal(dismissed.location, `/intelligence/places/${placeId}?done=place-dismissed#suggested`);
    assert.equal((await database.db.select().from(intelligenceLinks).where(eq(intelligenceLinks.sourceId, episodeId))).length, 0);
    const [decision] = await database.db.select().from(placeMatchDecisions).where(eq(placeMatchDecisions.sourceId, episodeId));
    assert.equal(decision!.decision, 'dismissed');
    assert.doesNotMatch(await screen(officer, `/missing/${episodeId}`), new RegExp(`${DEMO_TAKEAWAY} \\(P-`));
    const placePage = (await officer.get(`/intelligence/places/${placeId}`)).body;
    assert.ok(!placePage.includes(`value="${episodeId}"`), 'the place page no longer offers it');
  });

  it('offers a place named at the return interview', async () => {
    await database.db.update(returnInterviews).set({ whereTheyWere: 'In the back room of the Mill St Grill' }).where(eq(returnInterviews.episodeId, busStationEpisode));
    const page = await screen(officer, `/missing/${busStationEpisode}`);
    assert.match(page, /Where they said they were \(return interview\) “In the back room of the Mill St Grill”/);
    assert.match(page, /Very likely the same place/);
  });

  it('offers a concern whose where-text names the place, and confirming links the concern', async () => {
    const nurse = await apiTokenFor(database.db, 'school.nurse@northbridge.example');
    const jade = (await database.db.select({ id: youngPeople.id }).from(youngPeople).where(eq(youngPeople.givenName, 'Jade')))[0]!.id;
    const sent = await app.inject({
      method: 'POST',
      url: '/api/v1/concerns',
      headers: { authorization: `Bearer ${nurse}` },
      payload: { externalReference: 'place-suggestion', immediateDanger: false, subject: { kind: 'known', youngPersonId: jade }, howLearned: 'observed', youngPersonAware: 'yes', lawfulBasis: 'safeguarding', details: 'Seen going in late with older men.', whereText: 'the grill on mill st' },
    });
    assert.equal(sent.statusCode, 201, sent.body);
    const concernId: string = sent.json().id;
    assert.match(await screen(officer, `/intelligence/places/${placeId}`), new RegExp(`Concern ${sent.json().reference}[\\s\\S]*Where it happened “the grill on mill st”[\\s\\S]*Very likely the same place`));
    const linked = await officer.post(`/intelligence/places/${placeId}/matches`, { sourceKind: 'concern', sourceId: concernId, decision: 'linked', returnTo: 'place' }, { csrfFrom: `/intelligence/places/${placeId}` });
    assert.equal(linked.status, 303);
    const [row] = await database.db.select({ placeId: concerns.placeId }).from(concerns).where(eq(concerns.id, concernId));
    assert.equal(row!.placeId, placeId);
  });

  it('offers a concern about a young person not yet identified to the coordinator, who may read it, and not to the intelligence officer', async () => {
    const nurse = await apiTokenFor(database.db, 'school.nurse@northbridge.example');
    const sent = await app.inject({
      method: 'POST',
      url: '/api/v1/concerns',
      headers: { authorization: `Bearer ${nurse}` },
      payload: { externalReference: 'place-suggestion-unidentified', immediateDanger: false, subject: { kind: 'unidentified', description: 'A girl of about 14 in a school blazer' }, howLearned: 'observed', youngPersonAware: 'no', lawfulBasis: 'safeguarding', details: 'Seen with older men.', whereText: 'Mill Street Grill, NB1 2MS' },
    });
    assert.equal(sent.statusCode, 201, sent.body);
    const reference: string = sent.json().reference;
    const coordinator = await signInAs(app, 'coordinator@northbridge.example');
    assert.match(await screen(coordinator, `/intelligence/places/${placeId}`), new RegExp(`Concern ${reference}`));
    assert.doesNotMatch(await screen(officer, `/intelligence/places/${placeId}`), new RegExp(`Concern ${reference}`));
  });

  it('offers and decides the same through the API', async () => {
    const episodeId = millStreetEpisodes[3]!;
    const token = await apiTokenFor(database.db, 'intelligence@northbridge.example');
    const call = (method: 'GET' | 'POST', payload?: object, bearer = token) => app.inject({ method, url: `/api/v1/places/${placeId}/suggested-records`, headers: { authorization: `Bearer ${bearer}` }, ...(payload ? { payload } : {}) });
    const listed = await call('GET');
    assert.equal(listed.statusCode, 200, listed.body);
    const item = listed.json().items.find((i: { sourceId: string }) => i.sourceId === episodeId);
    assert.equal(item.band, 'Possibly the same place');
    assert.equal(item.writtenAs, 'Flat above the takeaway, Mill Street');
    assert.ok(item.explanation.some((line: string) => line.includes('on the same street, Mill Street')));

    assert.equal((await call('POST', { sourceKind: 'missing_episode', sourceId: episodeId, decision: 'maybe' })).statusCode, 400);
    assert.equal((await call('POST', { sourceKind: 'missing_episode', sourceId: episodeId, decision: 'dismissed' })).statusCode, 204);
    const twice = await call('POST', { sourceKind: 'missing_episode', sourceId: episodeId, decision: 'linked' });
    assert.equal(twice.statusCode, 400);
    assert.match(twice.json().errors.decision, /already been linked or dismissed/);
    assert.ok(!(await call('GET')).json().items.some((i: { sourceId: string }) => i.sourceId === episodeId));

    const nurse = await apiTokenFor(database.db, 'school.nurse@northbridge.example');
    assert.equal((await call('GET', undefined, nurse)).statusCode, 403);
    assert.equal((await call('POST', { sourceKind: 'missing_episode', sourceId: millStreetEpisodes[2]!, decision: 'linked' }, nurse)).statusCode, 403);
  });

  it('refuses and offers nothing to those who may not see every place', async () => {
    const episodeId = millStreetEpisodes[2]!;
    const police = await signInAs(app, 'police.officer@northbridge.example');
    const page = await police.get(`/missing/${episodeId}`);
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.body, /matches" novalidate/);
    assert.doesNotMatch(textOf(page.body, { asOnScreen: true }), /Possibly the same place/);
    const refused = await police.post(`/intelligence/places/${placeId}/matches`, { sourceKind: 'missing_episode', sourceId: episodeId, decision: 'linked', returnTo: 'episode' }, { csrfFrom: `/missing/${episodeId}` });
    assert.equal(refused.status, 403);
    const analyst = await signInAs(app, 'analyst@northbridge.example');
    assert.equal((await analyst.get(`/intelligence/places/${placeId}`)).status, 403);
    const analystPost = await analyst.post(`/intelligence/places/${placeId}/matches`, { sourceKind: 'missing_episode', sourceId: episodeId, decision: 'linked', returnTo: 'episode' }, { csrfFrom: '/' });
    assert.equal(analystPost.status, 403);
    assert.equal((await database.db.select().from(placeMatchDecisions).where(eq(placeMatchDecisions.sourceId, episodeId))).length, 0);
  });
});

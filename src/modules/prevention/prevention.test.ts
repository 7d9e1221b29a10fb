/**
 * The prevention log through the pages and the API: an agency lead records their agency's session,
 * the coordinator one at a place of concern, bad input refused with nothing saved, who may see and
 * record, and the reach by district (table, chart and profile) against a direct count. Fictional
 * demo data only.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { rows } from '../../platform/db/database.ts';
import { addDays, londonToday } from '../../platform/time.ts';
import { dateInputValues } from '../../platform/http/date-input.ts';
import { apiTokenFor, countRows, createTestLantern, signInAs, textOf, userIdByEmail, type TestLantern } from '../../test-support/index.ts';
import { agencies, areas } from '../organisation/tables.ts';
import { users } from '../../platform/auth/tables.ts';
import { placesOfConcern } from '../intelligence/tables.ts';
import { DEMO_TAKEAWAY } from '../intelligence/index.ts';
import { preventionSessions } from './tables.ts';
import { reachByDistrict } from './service.ts';
import { preventionProfileSection } from './profile-section.ts';

let lantern: TestLantern;
let app: FastifyInstance;
let database: Database;
let areaId: string;

before(async () => {
  lantern = await createTestLantern();
  ({ app, database } = lantern);
  const [area] = await database.db.select({ id: areas.id }).from(areas).limit(1);
  areaId = area!.id;
});
after(async () => lantern.close());

async function api(email: string) {
  const token = await apiTokenFor(database.db, email);
  return async (method: 'GET' | 'POST', url: string, body?: unknown) => {
    const response = await app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) });
    return { status: response.statusCode, json: response.json() as Record<string, unknown> };
  };
}

function expectRefused(response: { status: number; body: string }, message: RegExp) {
  assert.equal(response.status, 400, textOf(response.body).slice(0, 400));
  assert.match(response.body, /There is a problem/);
  assert.match(textOf(response.body, { asOnScreen: true }), message);
}

const sessionForm = (extra: Record<string, string> = {}) => ({
  provider: 'Northbridge College student services',
  audience: 'schools_colleges',
  topic: 'online_safety',
  title: '',
  reached: '64',
  district: 'NB3 2QT',
  placeId: '',
  ...dateInputValues('deliveredOn', addDays(londonToday(), -2)),
  ...extra,
});

describe('recording prevention sessions', () => {
  it('an agency lead records a session for their own agency, whatever agency the form names', async () => {
    const lead = await signInAs(app, 'education.lead@northbridge.example');
    const [police] = await database.db.select().from(agencies).where(eq(agencies.name, 'Northbridge Police'));
    const saved = await lead.post('/prevention/sessions', sessionForm({ agencyId: police!.id }));
    assert.equal(saved.status, 303, textOf(saved.body).slice(0, 500));
    const [row] = await database.db.select().from(preventionSessions).where(eq(preventionSessions.provider, 'Northbridge College student services'));
    const [leadUser] = await database.db.select().from(users).where(eq(users.id, await userIdByEmail(database.db, 'education.lead@northbridge.example')));
    assert.equal(row!.agencyId, leadUser!.agencyId);
    assert.equal(row!.district, 'NB3');
    assert.equal(row!.reached, 64);
    assert.equal(await countRows(database.db, 'audit_events', sql`record_kind = 'prevention_session' and record_id = ${row!.id} and action = 'create'`), 1);
    const board = await signInAs(app, 'board.member@northbridge.example');
    const trail = textOf((await board.get(`/audit?recordKind=prevention_session&recordId=${row!.id}`)).body, { asOnScreen: true });
    assert.match(trail, /PS-\d+/);
    const page = textOf((await lead.follow(saved)).body, { asOnScreen: true });
    assert.match(page, /The prevention session has been recorded/);
    assert.match(page, /Northbridge College student services/);
  });

  it('the coordinator records one at a place of concern: its district comes from the place', async () => {
    const coordinator = await signInAs(app, 'coordinator@northbridge.example');
    const [place] = await database.db.select().from(placesOfConcern).where(eq(placesOfConcern.name, DEMO_TAKEAWAY));
    const [police] = await database.db.select().from(agencies).where(eq(agencies.name, 'Northbridge Police'));
    const form = await coordinator.get('/prevention/sessions/new');
    assert.match(form.body, new RegExp(DEMO_TAKEAWAY));
    const saved = await coordinator.post('/prevention/sessions', sessionForm({ agencyId: police!.id, provider: 'Licensing follow-up visit', audience: 'licensed_premises', topic: 'reporting', district: '', reached: '4', placeId: place!.id }));
    assert.equal(saved.status, 303, textOf(saved.body).slice(0, 500));
    const [row] = await database.db.select().from(preventionSessions).where(eq(preventionSessions.provider, 'Licensing follow-up visit'));
    assert.equal(row!.district, 'NB1');
    assert.equal(row!.placeId, place!.id);
    expectRefused(await coordinator.post('/prevention/sessions', sessionForm({ agencyId: police!.id, placeId: place!.id, district: 'NB4' })), /The place of concern is in NB1/);
    expectRefused(await coordinator.post('/prevention/sessions', sessionForm({ agencyId: '' })), /Choose the agency that delivered or arranged the session/);
    // An agency lead cannot pick a place of concern: places are intelligence.
    const lead = await signInAs(app, 'education.lead@northbridge.example');
    assert.doesNotMatch((await lead.get('/prevention/sessions/new')).body, new RegExp(DEMO_TAKEAWAY));
    expectRefused(await lead.post('/prevention/sessions', sessionForm({ placeId: place!.id })), /Choose a place of concern from the list, or none/);
  });

  it('refuses a future date, a negative or absurd number reached, and a district that is not one, storing nothing', async () => {
    const lead = await signInAs(app, 'education.lead@northbridge.example');
    const before = await countRows(database.db, 'prevention_sessions');
    expectRefused(await lead.post('/prevention/sessions', sessionForm(dateInputValues('deliveredOn', addDays(londonToday(), 1)))), /The date delivered must be today or in the past/);
    expectRefused(await lead.post('/prevention/sessions', sessionForm({ 'deliveredOn-day': '31', 'deliveredOn-month': '2' })), /The date delivered must be a real date/);
    expectRefused(await lead.post('/prevention/sessions', sessionForm({ reached: '-5' })), /The number reached must be 1 or more/);
    expectRefused(await lead.post('/prevention/sessions', sessionForm({ reached: '250000' })), /The number reached must be 5000 or fewer/);
    expectRefused(await lead.post('/prevention/sessions', sessionForm({ reached: 'lots' })), /The number reached must be a whole number/);
    expectRefused(await lead.post('/prevention/sessions', sessionForm({ district: 'Northbridge' })), /Enter the postcode district as the first part of a postcode/);
    expectRefused(await lead.post('/prevention/sessions', sessionForm({ audience: 'martians' })), /Choose who the session was for/);
    expectRefused(await lead.post('/prevention/sessions', sessionForm({ topic: 'other' })), /Enter the title of the session/);
    assert.equal(await countRows(database.db, 'prevention_sessions'), before);
  });

  it('through the API: recorded, and refused with the field named when dated in the future or reaching too many', async () => {
    const call = await api('education.lead@northbridge.example');
    const body = { provider: 'St Anne’s School', deliveredOn: addDays(londonToday(), -1), audience: 'parents', topic: 'online_safety', reached: 30, district: 'NB4' };
    const made = await call('POST', '/api/v1/prevention-sessions', body);
    assert.equal(made.status, 201, JSON.stringify(made.json));
    const before = await countRows(database.db, 'prevention_sessions');
    const future = await call('POST', '/api/v1/prevention-sessions', { ...body, deliveredOn: addDays(londonToday(), 3) });
    assert.equal(future.status, 400);
    assert.ok((future.json.errors as Record<string, string>).deliveredOn);
    const absurd = await call('POST', '/api/v1/prevention-sessions', { ...body, reached: 999999 });
    assert.equal(absurd.status, 400);
    assert.match(String(absurd.json.detail), /5000 or fewer/);
    assert.equal(await countRows(database.db, 'prevention_sessions'), before);
    assert.equal((await (await api('youth.worker@northbridge.example'))('POST', '/api/v1/prevention-sessions', body)).status, 403);
    assert.equal((await (await api('board.member@northbridge.example'))('POST', '/api/v1/prevention-sessions', body)).status, 403);
  });
});

describe('where prevention reached', () => {
  it('the board sees districts against concerns and hotspots in a table and a chart; practitioners cannot open it', async () => {
    const board = await signInAs(app, 'board.member@northbridge.example');
    const page = await board.get('/prevention');
    assert.equal(page.status, 200);
    const text = textOf(page.body, { asOnScreen: true });
    assert.match(text, /Prevention against concerns and hotspots by postcode district/);
    assert.match(page.body, /<svg class="lantern-chart"/);
    assert.match(text, /NB1/);
    assert.equal((await board.get('/prevention/sessions/new')).status, 403);
    assert.equal((await (await signInAs(app, 'youth.worker@northbridge.example')).get('/prevention')).status, 403);
    assert.equal((await (await signInAs(app, 'analyst@northbridge.example')).get('/prevention')).status, 200);
    const badPeriod = await board.get('/prevention?from-day=31&from-month=2&from-year=2026');
    expectRefused(badPeriod, /The start of the period must be a real date/);
  });

  it('reach by district equals a direct count of sessions, people reached, concerns and hotspots', async () => {
    const from = addDays(londonToday(), -364);
    const to = londonToday();
    const reach = await reachByDistrict(database.db, { areaIds: [areaId] }, from, to);
    const sessions = await rows<{ district: string; sessions: number; reached: number }>(database.db, sql`select district, count(*)::int as sessions, sum(reached)::int as reached from prevention_sessions where area_id = ${areaId} and delivered_on between ${from}::date and ${to}::date group by 1`);
    assert.ok(sessions.length >= 3);
    for (const s of sessions) {
      const r = reach.find((x) => x.district === s.district)!;
      assert.deepEqual([r.sessions, r.reached], [s.sessions, s.reached], s.district);
    }
    const [concerns] = await rows<{ n: number }>(database.db, sql`select count(*)::int as n from concerns where area_id = ${areaId} and submitted_at >= (${from}::date::timestamp at time zone 'Europe/London') and submitted_at < ((${to}::date + 1)::timestamp at time zone 'Europe/London')`);
    assert.equal(reach.reduce((t, r) => t + r.concerns, 0), concerns!.n);
    const [nb1Concerns] = await rows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from concerns c left join places_of_concern p on p.id = c.place_id left join young_people yp on yp.id = c.young_person_id
           where c.area_id = ${areaId} and c.submitted_at >= (${from}::date::timestamp at time zone 'Europe/London')
             and upper(replace(coalesce(p.postcode, yp.postcode, ''), ' ', '')) like 'NB1___'`,
    );
    assert.equal(reach.find((r) => r.district === 'NB1')?.concerns ?? 0, nb1Concerns!.n);
    const [hotspots] = await rows<{ n: number }>(
      database.db,
      sql`select count(distinct p.id)::int as n from places_of_concern p where p.area_id = ${areaId} and (
            exists (select 1 from intelligence_links l where l.place_id = p.id and l.young_person_id is not null and coalesce(l.occurred_on::timestamptz, l.created_at) >= (${from}::date::timestamp at time zone 'Europe/London'))
            or exists (select 1 from concerns c where c.place_id = p.id and c.young_person_id is not null and c.submitted_at >= (${from}::date::timestamp at time zone 'Europe/London')))`,
    );
    assert.equal(reach.reduce((t, r) => t + (r.hotspots ?? 0), 0), hotspots!.n);
    const section = await preventionProfileSection.build(database.db, { areaIds: [areaId] }, { kind: 'period', from, to });
    const byAudience = section.tables.find((t) => t.id === 'prevention_by_audience')!;
    assert.equal(byAudience.rows.reduce((t, r) => t + (r.values[1] ?? 0), 0), sessions.reduce((t, s) => t + s.reached, 0));
    const api = await (await apiFor('board.member@northbridge.example'))(`/api/v1/prevention/reach?from=${from}&to=${to}`);
    assert.deepEqual(api.districts, JSON.parse(JSON.stringify(reach)));
  });

  it('an agency lead sees only their agency’s sessions and the concerns it raised, without hotspots', async () => {
    const lead = await signInAs(app, 'education.lead@northbridge.example');
    const text = textOf((await lead.get('/prevention')).body, { asOnScreen: true });
    assert.match(text, /You see your agency’s sessions/);
    assert.doesNotMatch(text, /Northbridge Police licensing team/);
    assert.doesNotMatch(text, /Hotspots/);
    const listed = await (await apiFor('education.lead@northbridge.example'))('/api/v1/prevention-sessions');
    const [leadUser] = await database.db.select().from(users).where(eq(users.id, await userIdByEmail(database.db, 'education.lead@northbridge.example')));
    const [own] = await rows<{ n: number }>(database.db, sql`select count(*)::int as n from prevention_sessions where agency_id = ${leadUser!.agencyId} and delivered_on >= ${addDays(londonToday(), -364)}::date`);
    assert.equal((listed.sessions as unknown[]).length, own!.n);
  });
});

async function apiFor(email: string) {
  const call = await api(email);
  return async (url: string) => {
    const r = await call('GET', url);
    assert.equal(r.status, 200, JSON.stringify(r.json));
    return r.json;
  };
}

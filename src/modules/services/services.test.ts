/**
 * The databank through the pages and the API: searching by need, adding and changing services
 * (and refusing one with no way to refer, storing nothing), stale entries on the coordinator's home
 * page, the CSV import's dry run and all-or-nothing rule, referrals recorded from panel actions and
 * tasks, and the profile's referral figures against a direct count. Fictional demo data only.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { and, eq, like, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { rows } from '../../platform/db/database.ts';
import { addDays, londonToday } from '../../platform/time.ts';
import { dateInputValues } from '../../platform/http/date-input.ts';
import { apiTokenFor, countRows, createTestLantern, signInAs, textOf, type TestLantern } from '../../test-support/index.ts';
import { agencies, areas } from '../organisation/tables.ts';
import { caseworkTasks } from '../plans/tables.ts';
import { panelActions } from '../panels/tables.ts';
import { services } from './tables.ts';
import { servicesProfileSection } from './profile-section.ts';
import { buildReturn } from '../returns/build.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { registerServicesCommands } from './cli.ts';
import { CommandFailed } from '../../platform/command-line.ts';
import { SMALL, WITHHELD } from '../returns/suppression.ts';

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
  return async (method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) => {
    const response = await app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) });
    return { status: response.statusCode, json: response.json() as Record<string, unknown> };
  };
}

function expectRefused(response: { status: number; body: string }, message: RegExp) {
  assert.equal(response.status, 400, textOf(response.body).slice(0, 400));
  assert.match(response.body, /There is a problem/);
  assert.match(textOf(response.body, { asOnScreen: true }), message);
}

const serviceForm = (extra: Record<string, string | string[]> = {}) => ({
  name: 'Northbridge girls’ group',
  sector: 'voluntary',
  provider: 'Northbridge Girls’ Trust',
  agencyId: '',
  offer: 'A weekly group for girls aged 12 to 16 about friendships, relationships and staying safe.',
  needs: ['cse_specialist', 'online_safety'],
  minAge: '12',
  maxAge: '16',
  sex: 'female',
  referPhone: '01632 960555',
  referEmail: '',
  referWebsite: '',
  contact: '',
  waitingTime: 'No waiting list',
  coverage: 'Northbridge',
  ...dateInputValues('lastCheckedOn', addDays(londonToday(), -3)),
  ...extra,
});

describe('searching the databank', () => {
  it('the board member and a practitioner read services and search them by need and words', async () => {
    for (const email of ['board.member@northbridge.example', 'youth.worker@northbridge.example', 'analyst@northbridge.example']) {
      const client = await signInAs(app, email);
      const all = await client.get('/services');
      assert.equal(all.status, 200, email);
      assert.match(textOf(all.body), /Harbour one-to-one support/);
      const sexualHealth = textOf((await client.get('/services?need=sexual_health')).body, { asOnScreen: true });
      assert.match(sexualHealth, /1 service/);
      assert.match(sexualHealth, /sexual health clinic/);
      assert.doesNotMatch(sexualHealth, /Harbour one-to-one/);
      assert.match(textOf((await client.get('/services?q=mentor')).body), /Open Door youth club/);
    }
    const practitioner = await signInAs(app, 'youth.worker@northbridge.example');
    assert.equal((await practitioner.get('/services/new')).status, 403);
    assert.equal((await practitioner.post('/services', serviceForm())).status, 403);
  });

  it('resources are listed by audience; the coordinator adds one', async () => {
    const coordinator = await signInAs(app, 'coordinator@northbridge.example');
    const saved = await coordinator.post('/services/resources', { title: 'Consent: a guide for parents', kind: 'guidance', audience: 'parents_carers', description: '', link: 'https://lantern.example/resources/consent', needs: ['family_support'], ...dateInputValues('lastCheckedOn', londonToday()) });
    assert.equal(saved.status, 303, textOf(saved.body).slice(0, 400));
    const list = textOf((await coordinator.get('/services/resources?audience=parents_carers')).body);
    assert.match(list, /Consent: a guide for parents/);
    assert.doesNotMatch(list, /Staying safe online: leaflet/);
    expectRefused(await coordinator.post('/services/resources', { title: 'No link', kind: 'leaflet', audience: 'young_people', link: 'ftp://x', ...dateInputValues('lastCheckedOn', londonToday()) }), /Enter the web address starting with https:\/\//);
  });
});

describe('adding and changing services', () => {
  it('the coordinator adds a service, changes it and marks it checked, each with an audit row', async () => {
    const coordinator = await signInAs(app, 'coordinator@northbridge.example');
    const saved = await coordinator.post('/services', serviceForm());
    assert.equal(saved.status, 303, textOf(saved.body).slice(0, 600));
    const page = textOf((await coordinator.follow(saved)).body, { asOnScreen: true });
    assert.match(page, /Northbridge girls’ group/);
    assert.match(page, /12 to 16/);
    assert.match(page, /Phone 01632 960555/);
    const [row] = await database.db.select().from(services).where(eq(services.name, 'Northbridge girls’ group'));
    assert.deepEqual(row!.needs, ['cse_specialist', 'online_safety']);
    assert.equal(await countRows(database.db, 'audit_events', sql`record_kind = 'service' and record_id = ${row!.id} and action = 'create'`), 1);
    const changed = await coordinator.post(`/services/${row!.id}`, serviceForm({ waitingTime: 'About four weeks', ways: ['self'] }));
    assert.equal(changed.status, 303, textOf(changed.body).slice(0, 600));
    const [after] = await database.db.select().from(services).where(eq(services.id, row!.id));
    assert.equal(after!.waitingTime, 'About four weeks');
    assert.equal(after!.selfReferral, true);
    assert.equal((await coordinator.post(`/services/${row!.id}/checked`)).status, 303);
    assert.equal(await countRows(database.db, 'audit_events', sql`record_kind = 'service' and record_id = ${row!.id} and action = 'update'`), 2);
  });

  it('refuses a service with no way to refer, an unknown need, bad ages or a future check date, storing nothing', async () => {
    const coordinator = await signInAs(app, 'coordinator@northbridge.example');
    const before = await countRows(database.db, 'services');
    expectRefused(await coordinator.post('/services', serviceForm({ referPhone: '' })), /Give at least one way to refer/);
    expectRefused(await coordinator.post('/services', serviceForm({ needs: ['ponies'] })), /Needs must come from the list/);
    expectRefused(await coordinator.post('/services', serviceForm({ needs: [] })), /Choose at least one need/);
    expectRefused(await coordinator.post('/services', serviceForm({ minAge: '17', maxAge: '12' })), /The oldest age must be the same as or more than the youngest age/);
    expectRefused(await coordinator.post('/services', serviceForm(dateInputValues('lastCheckedOn', addDays(londonToday(), 2)))), /The date last checked must be today or in the past/);
    expectRefused(await coordinator.post('/services', serviceForm({ name: '' })), /Enter the name of the service/);
    assert.equal(await countRows(database.db, 'services'), before);
  });

  it('through the API: added, read, searched, and refused without a way to refer', async () => {
    const call = await api('coordinator@northbridge.example');
    const body = { name: 'Eastmoor drug and alcohol team for young people', sector: 'statutory', provider: 'Eastmoor Council', offer: 'Assessment and support for young people using drugs or alcohol.', needs: ['drugs_alcohol'], minAge: 11, maxAge: 18, referEmail: 'young.people@eastmoor.example', lastCheckedOn: londonToday() };
    const created = await call('POST', '/api/v1/services', body);
    assert.equal(created.status, 201, JSON.stringify(created.json));
    assert.match(String(created.json.reference), /^SV-\d+$/);
    const read = await call('GET', `/api/v1/services/${created.json.id}`);
    assert.equal(read.json.name, body.name);
    const searched = await (await api('board.member@northbridge.example'))('GET', '/api/v1/services?need=drugs_alcohol');
    assert.deepEqual((searched.json.services as { name: string }[]).map((s) => s.name), [body.name]);
    const before = await countRows(database.db, 'services');
    const refused = await call('POST', '/api/v1/services', { ...body, referEmail: null });
    assert.equal(refused.status, 400);
    assert.match(String(refused.json.detail), /at least one way to refer/);
    assert.ok((refused.json.errors as Record<string, string>).waysToRefer);
    assert.equal(await countRows(database.db, 'services'), before);
    assert.equal((await (await api('analyst@northbridge.example'))('POST', '/api/v1/services', body)).status, 403);
  });
});

describe('stale entries', () => {
  it('the coordinator’s home page counts services and resources not checked in a year, each linking to exactly those', async () => {
    const coordinator = await signInAs(app, 'coordinator@northbridge.example');
    const [stale] = await rows<{ n: number }>(database.db, sql`select count(*)::int as n from services where area_id = ${areaId} and active and last_checked_on < ${addDays(londonToday(), -365)}::date`);
    assert.ok(stale!.n >= 1);
    const home = await coordinator.get('/');
    const text = textOf(home.body, { asOnScreen: true });
    assert.match(text, new RegExp(`${stale!.n} services? not checked in a year`));
    assert.match(home.body, /href="\/services\?show=stale"/);
    assert.match(home.body, /href="\/services\/resources\?show=stale"/);
    const list = textOf((await coordinator.get('/services?show=stale')).body, { asOnScreen: true });
    assert.match(list, new RegExp(`${stale!.n} services?`));
    assert.match(list, /Open Door youth club and mentoring/);
    assert.doesNotMatch(list, /Harbour one-to-one support/);
    assert.match(textOf((await coordinator.get('/services/resources?show=stale')).body), /Night-time economy toolkit/);
    const practitionerHome = textOf((await (await signInAs(app, 'youth.worker@northbridge.example')).get('/')).body);
    assert.doesNotMatch(practitionerHome, /not checked in a year/);
  });
});

describe('importing services from CSV', () => {
  const header = 'name,sector,provider,agency,offer,needs,min_age,max_age,sex,refer_phone,refer_email,refer_website,self_referral,drop_in,contact,waiting_time,coverage,last_checked_on';
  const goodRows = [
    'Northbridge family support hub,statutory,Northbridge Council,Northbridge Children’s Social Care,Early help for families under strain,family_support;housing,0,18,any,01632 960700,,,no,no,,About a month,Northbridge,01/10/2026',
    'Eastmoor online safety workshops,voluntary,Safer Screens,,Workshops on staying safe online,online_safety,11,17,,,,https://saferscreens.example/book,yes,,,,Eastmoor,2026-09-15',
  ];

  it('a dry run reports what it would do and saves nothing; confirming imports every row with audit rows', async () => {
    const coordinator = await signInAs(app, 'coordinator@northbridge.example');
    const before = await countRows(database.db, 'services');
    const csv = [header, ...goodRows].join('\n');
    const dry = await coordinator.post('/services/import', { csv });
    assert.equal(dry.status, 200, textOf(dry.body).slice(0, 600));
    assert.match(textOf(dry.body, { asOnScreen: true }), /2 services can be imported. Nothing has been saved yet/);
    assert.equal(await countRows(database.db, 'services'), before);
    const done = await coordinator.post('/services/import', { csv, confirm: 'yes' });
    assert.equal(done.status, 303, textOf(done.body).slice(0, 600));
    assert.equal(await countRows(database.db, 'services'), before + 2);
    const [hub] = await database.db.select().from(services).where(eq(services.name, 'Northbridge family support hub'));
    const [socialCare] = await database.db.select().from(agencies).where(like(agencies.name, 'Northbridge Children%'));
    assert.equal(hub!.agencyId, socialCare!.id);
    assert.equal(hub!.lastCheckedOn, '2026-10-01');
    assert.equal(await countRows(database.db, 'audit_events', sql`record_kind = 'service' and details->>'source' = 'import'`), 2);
  });

  it('refuses the whole file when a row names an unknown agency or need or has no way to refer, naming the row and column', async () => {
    const coordinator = await signInAs(app, 'coordinator@northbridge.example');
    const before = await countRows(database.db, 'services');
    const csv = [
      header,
      goodRows[0]!.replace('Northbridge family support hub', 'Another hub'),
      'Mystery service,voluntary,Someone,Ministry of Magic,Something,online_safety,,,,01632 960111,,,,,,,,2026-01-01',
      'Pony club,voluntary,Someone,,Rides,ponies,,,,01632 960111,,,,,,,,2026-01-01',
      'Nowhere to refer,voluntary,Someone,,Help,family_support,,,,,,,no,no,,,,2026-01-01',
    ].join('\n');
    const refused = await coordinator.post('/services/import', { csv, confirm: 'yes' });
    expectRefused(refused, /3 problems were found, so nothing was imported/);
    const text = textOf(refused.body, { asOnScreen: true });
    assert.match(text, /3 agency: “Ministry of Magic” is not an agency in your area/);
    assert.match(text, /4 needs: Needs must come from the list: “ponies” is not one/);
    assert.match(text, /5 refer_phone, refer_email, refer_website, self_referral, drop_in: Give at least one way to refer/);
    assert.equal(await countRows(database.db, 'services'), before);
    const viaApi = await (await api('coordinator@northbridge.example'))('POST', '/api/v1/services/import', { csv, confirm: true });
    assert.equal(viaApi.status, 400);
    assert.equal((viaApi.json.problems as unknown[]).length, 3);
    assert.equal(viaApi.json.created, 0);
    assert.equal(await countRows(database.db, 'services'), before);
    const apiDry = await (await api('coordinator@northbridge.example'))('POST', '/api/v1/services/import', { csv: [header, goodRows[1]!.replace('Eastmoor online', 'Westmoor online')].join('\n') });
    assert.equal(apiDry.status, 200);
    assert.deepEqual([apiDry.json.rows, apiDry.json.created, apiDry.json.confirmed], [1, 0, false]);
    assert.equal(await countRows(database.db, 'services'), before);
  });

  it('from the command line: a dry run, a refused file naming the row and column, then a confirmed import', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'lantern-services-'));
    const file = path.join(folder, 'services.csv');
    const run = async (...args: string[]) => {
      const program = new Command().exitOverride();
      registerServicesCommands(program, { withDatabase: (work) => work(database), context: { actor: null, ip: null, requestId: 'test' } });
      const printed: string[] = [];
      const log = console.log;
      console.log = (line: string) => printed.push(line);
      try {
        await program.parseAsync(['node', 'lantern', 'import', 'services', '--file', file, '--by', 'coordinator@northbridge.example', ...args]);
        return { printed: printed.join('\n'), failed: false };
      } catch (error) {
        if (!(error instanceof CommandFailed)) throw error;
        return { printed: printed.join('\n'), failed: error.exitCode === 1 };
      } finally {
        console.log = log;
      }
    };
    const before = await countRows(database.db, 'services');
    const row = 'Northbridge careers drop-in,statutory,Northbridge Council,,Advice on college and work,education_training,14,19,any,,,,no,yes,,,,02/11/2026';
    writeFileSync(file, [header, row, row.replace('Northbridge careers', 'Mystery').replace('education_training', 'ponies')].join('\n'));
    const refused = await run('--confirm');
    assert.ok(refused.failed);
    assert.match(refused.printed, /Row 3: needs: Needs must come from the list: “ponies” is not one/);
    assert.equal(await countRows(database.db, 'services'), before);
    writeFileSync(file, [header, row].join('\n'));
    assert.match((await run()).printed, /1 service can be imported. Nothing was written/);
    assert.equal(await countRows(database.db, 'services'), before);
    assert.match((await run('--confirm')).printed, /1 service imported/);
    assert.equal(await countRows(database.db, 'services'), before + 1);
  });
});

describe('referrals from actions', () => {
  it('a panel action’s owner records a referral and a need no service was found for; the profile counts them as a direct count does', async () => {
    const coordinator = await signInAs(app, 'coordinator@northbridge.example');
    const [action] = await database.db.select().from(panelActions).where(eq(panelActions.areaId, areaId)).limit(1);
    const listPage = await coordinator.get('/panels/actions/agency');
    assert.equal(listPage.status, 200);
    const form = await coordinator.get(`/services/referrals/new?kind=panel_action&action=${action!.id}`);
    assert.equal(form.status, 200, textOf(form.body).slice(0, 300));
    const narrowed = await coordinator.post('/services/referrals', { kind: 'panel_action', action: action!.id, need: 'family_support', show: 'yes' });
    assert.match(narrowed.body, /Parents Against Exploitation helpline/);
    assert.doesNotMatch(narrowed.body, /Harbour one-to-one support/);
    const [helpline] = await database.db.select().from(services).where(like(services.name, 'Parents Against%'));
    const before = await countRows(database.db, 'service_referrals');
    const referred = await coordinator.post('/services/referrals', { kind: 'panel_action', action: action!.id, need: 'family_support', outcome: 'referred', serviceId: helpline!.id });
    assert.equal(referred.status, 303, textOf(referred.body).slice(0, 400));
    const unmet = await coordinator.post('/services/referrals', { kind: 'panel_action', action: action!.id, need: 'housing', outcome: 'no_service_found', serviceId: '' });
    assert.equal(unmet.status, 303);
    expectRefused(await coordinator.post('/services/referrals', { kind: 'panel_action', action: action!.id, need: 'housing', outcome: 'referred', serviceId: '' }), /Choose the service referred to/);
    expectRefused(await coordinator.post('/services/referrals', { kind: 'panel_action', action: action!.id, need: '', outcome: 'no_service_found' }), /Choose the need the referral is for/);
    assert.equal(await countRows(database.db, 'service_referrals'), before + 2);
    const shown = textOf((await coordinator.get(`/services/referrals/new?kind=panel_action&action=${action!.id}`)).body, { asOnScreen: true });
    assert.match(shown, /Support for parents and families.*Parents Against Exploitation helpline/);
    assert.match(shown, /Somewhere safe to live.*No service found/);
    assert.match(textOf((await coordinator.get(`/services/${helpline!.id}`)).body), /1 in all, 1 in the last year/);

    // The profile's figures equal a direct count.
    const window = { kind: 'period' as const, from: addDays(londonToday(), -364), to: londonToday() };
    const section = await servicesProfileSection.build(database.db, { areaIds: [areaId] }, window);
    const byNeed = section.tables.find((t) => t.id === 'referrals_by_need')!;
    const direct = await rows<{ need: string; outcome: string; n: number }>(database.db, sql`select need, outcome, count(*)::int as n from service_referrals where area_id = ${areaId} and recorded_on between ${window.from}::date and ${window.to}::date group by 1, 2`);
    for (const d of direct) {
      const row = byNeed.rows.find((r) => r.key === d.need)!;
      assert.equal(row.values[d.outcome === 'referred' ? 0 : 1], d.n, `${d.need} ${d.outcome}`);
    }
    const total = (table: typeof byNeed, column: number) => table.rows.reduce((t, r) => t + (r.values[column] ?? 0), 0);
    const [all] = await rows<{ referred: number; unmet: number }>(database.db, sql`select count(*) filter (where outcome = 'referred')::int as referred, count(*) filter (where outcome = 'no_service_found')::int as unmet from service_referrals where area_id = ${areaId} and recorded_on between ${window.from}::date and ${window.to}::date`);
    assert.equal(total(byNeed, 0), all!.referred);
    assert.equal(total(byNeed, 1), all!.unmet);
    assert.ok(all!.unmet >= 3, 'the demo’s unmet needs and this one');
    const board = await signInAs(app, 'board.member@northbridge.example');
    const profile = textOf((await board.get('/profile')).body, { asOnScreen: true });
    assert.match(profile, /Services used and unmet needs/);
    assert.match(profile, /Prevention and awareness reach/);
  });

  it('a task’s owner refers from the record’s tasks; someone outside the team cannot see the form; the API records one', async () => {
    const [task] = await database.db.select().from(caseworkTasks).where(and(eq(caseworkTasks.areaId, areaId), like(caseworkTasks.description, 'Offer Chloe weekly sessions%')));
    const harbour = await signInAs(app, 'harbour.worker@northbridge.example');
    const plans = await harbour.get(`/young-people/${task!.youngPersonId}/plans`);
    assert.match(plans.body, new RegExp(`/services/referrals/new\\?kind=casework_task&amp;action=${task!.id}`));
    assert.equal((await harbour.get(`/services/referrals/new?kind=casework_task&action=${task!.id}`)).status, 200);
    const housing = await signInAs(app, 'housing.officer@northbridge.example');
    assert.equal((await housing.get(`/services/referrals/new?kind=casework_task&action=${task!.id}`)).status, 404);
    assert.equal((await housing.post('/services/referrals', { kind: 'casework_task', action: task!.id, need: 'housing', outcome: 'no_service_found' })).status, 404);
    const call = await api('harbour.worker@northbridge.example');
    const made = await call('POST', '/api/v1/service-referrals', { actionKind: 'casework_task', actionId: task!.id, need: 'education_training', outcome: 'no_service_found' });
    assert.equal(made.status, 201, JSON.stringify(made.json));
    assert.equal(await countRows(database.db, 'audit_events', sql`record_kind = 'service_referral' and record_id = ${made.json.id as string}`), 1);
    const refused = await (await api('housing.officer@northbridge.example'))('POST', '/api/v1/service-referrals', { actionKind: 'casework_task', actionId: task!.id, need: 'housing', outcome: 'no_service_found' });
    assert.equal(refused.status, 404);
  });
});

describe('the anonymised return', () => {
  it('holds referrals by need and kind of service and prevention by audience and topic, small counts suppressed, naming no service or district', async () => {
    const today = londonToday();
    const period = { from: addDays(today, -300).slice(0, 7), to: today.slice(0, 7) };
    const built = await buildReturn(database.db, [areaId], period);
    const ids = built.document.tables.map((t) => t.id);
    for (const id of ['referrals_by_need', 'referrals_by_sector', 'prevention_by_audience', 'prevention_by_topic']) assert.ok(ids.includes(id), `the return has ${id}`);
    for (const id of ['referrals_by_service', 'prevention_by_district']) assert.ok(!ids.includes(id), `the return leaves out ${id}`);
    const byNeed = built.document.tables.find((t) => t.id === 'referrals_by_need')!;
    const values = byNeed.rows.flatMap((r) => r.values);
    assert.ok(values.includes(SMALL), 'the few referrals by need are shown as <5');
    assert.ok(values.every((v) => v === SMALL || v === WITHHELD || v === 0 || (typeof v === 'number' && v >= 5)), JSON.stringify(values));
    const json = JSON.stringify(built.document);
    const named = await rows<{ name: string }>(database.db, sql`select name from services union all select district from prevention_sessions`);
    for (const { name } of named) assert.ok(!json.includes(name), `the return names ${name}`);
  });
});

/**
 * The problem profile, snapshot and returns over HTTP: who may see them, that they carry no
 * names, that bad input is refused with a GOV.UK error summary, that every export is audited,
 * and the JSON API.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { createTestLantern, signInAs, type TestLantern } from '../../test-support/index.ts';
import { rows } from '../../platform/db/database.ts';
import { createApiToken } from '../../platform/auth/api-tokens.ts';
import { users } from '../organisation/tables.ts';
import { youngPeople } from '../young-people/tables.ts';

let lantern: TestLantern;
let names: string[] = [];

before(async () => {
  lantern = await createTestLantern();
  const people = await lantern.db.select({ given: youngPeople.givenName, family: youngPeople.familyName, aliases: youngPeople.aliases }).from(youngPeople);
  names = people.flatMap((p) => [p.given, p.family, ...p.aliases]).filter((n): n is string => Boolean(n && n.length > 2));
  // Adults and places of concern are never named on the profile either (the hotspots are numbered).
  const intelligence = await rows<{ name: string }>(lantern.db, sql`select name from places_of_concern union all select name from adults_of_concern union all select unnest(aliases) from adults_of_concern`);
  names.push(...intelligence.map((r) => r.name));
});
after(async () => lantern?.close());

const lastMonth = () => {
  const d = new Date();
  const m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1));
  return m.toISOString().slice(0, 7);
};

async function exportsLogged(kind: string): Promise<number> {
  const [row] = await rows<{ n: number }>(lantern.db, sql`select count(*)::int as n from audit_events where action = 'export' and record_kind = ${kind}`);
  return row?.n ?? 0;
}

describe('the problem profile pages', () => {
  it('shows the board member the profile, the snapshot and the return without a single name', async () => {
    const board = await signInAs(lantern.app, 'board.member@northbridge.example');
    for (const url of ['/profile', '/profile/snapshot', `/returns?from=2025-01&to=${lastMonth()}`]) {
      const page = await board.get(url);
      assert.equal(page.status, 200, url);
      for (const name of names) assert.ok(!page.text.includes(name), `${url} shows the name ${name}`);
    }
    const profile = await board.get('/profile');
    assert.match(profile.text, /Not recorded/);
    assert.match(profile.text, /Boys and young men/);
    assert.match(profile.body, /<svg class="lantern-chart"/);
    assert.match(profile.text, /Hotspot 1: Takeaway/);
    assert.match(profile.text, /Child abduction warning notice issued/);
    assert.match(profile.text, /Panel actions due in the period by agency/);
    assert.match(profile.body, /id="table-panel_actions"[\s\S]*?<svg class="lantern-chart"/);
  });

  it('sends the old figures page to the profile', async () => {
    const analyst = await signInAs(lantern.app, 'analyst@northbridge.example');
    const page = await analyst.get('/figures');
    assert.equal(page.status, 301);
    assert.equal(page.location, '/profile');
  });

  it('refuses a practitioner (403) and lets an agency lead see only their agency’s part', async () => {
    const practitioner = await signInAs(lantern.app, 'school.nurse@northbridge.example');
    assert.equal((await practitioner.get('/profile')).status, 403);
    assert.equal((await practitioner.get('/returns')).status, 403);
    const lead = await signInAs(lantern.app, 'education.lead@northbridge.example');
    const page = await lead.get('/profile');
    assert.equal(page.status, 200);
    assert.match(page.text, /Northbridge Schools and Colleges/);
    assert.match(page.text, /not shown for one agency/);
    assert.doesNotMatch(page.text, /Hotspot 1/);
    assert.equal((await lead.get('/returns')).status, 403, 'returns are for the area as a whole');
  });

  it('refuses an impossible period with an error summary and shows nothing', async () => {
    const coordinator = await signInAs(lantern.app, 'coordinator@northbridge.example');
    const page = await coordinator.get('/profile?from-day=31&from-month=2&from-year=2026&to-day=1&to-month=3&to-year=2026');
    assert.equal(page.status, 400);
    assert.match(page.title, /^Error: /);
    assert.deepEqual(page.errors, ['The start of the period must be a real date, like 1 4 2026']);
    const backwards = await coordinator.get('/profile?from=2026-03-01&to=2026-01-01');
    assert.equal(backwards.status, 400);
    assert.deepEqual(backwards.errors, ['The end of the period must be the same as or after its start']);
    const snapshot = await coordinator.get('/profile/snapshot?date-day=40&date-month=1&date-year=2026');
    assert.equal(snapshot.status, 400);
    const months = await coordinator.get('/returns?from-month=13&from-year=2026&to-month=1&to-year=2027');
    assert.equal(months.status, 400);
    assert.match(months.errors[0]!, /first month/);
  });

  it('downloads every figure and single tables as CSV, each download audited', async () => {
    const analyst = await signInAs(lantern.app, 'analyst@northbridge.example');
    const before = await exportsLogged('problem_profile');
    const all = await analyst.get('/profile/download?from=2025-01-01&to=2025-12-31');
    assert.equal(all.status, 200);
    assert.match(String(all.headers['content-type']), /text\/csv/);
    assert.match(all.body.split('\n')[0]!, /^section,table_id,table,row,column,count/);
    const one = await analyst.get('/profile/download?from=2025-01-01&to=2025-12-31&table=gender');
    assert.match(one.body.split('\n')[0]!, /^Gender,/);
    assert.match(one.body, /Not recorded/);
    assert.equal(await exportsLogged('problem_profile'), before + 2);
    const snapshot = await analyst.get('/profile/snapshot/download?date=2026-01-01&table=age');
    assert.equal(snapshot.status, 200);
    assert.equal(await exportsLogged('profile_snapshot'), 1);
    const actions = await analyst.get('/profile/download?from=2025-01-01&to=2025-12-31&table=panel_actions_by_agency_kind');
    assert.equal(actions.status, 200);
    assert.match(actions.body, /Completed on time/);
    assert.match(all.body, /,places_by_kind,Places of concern by kind,Not recorded,/);
    const unknownTable = await analyst.get('/profile/download?from=2025-01-01&to=2025-12-31&table=nothing');
    assert.equal(unknownTable.status, 404);
  });

  it('downloads the return as JSON and CSV, audited, with small numbers suppressed', async () => {
    const analyst = await signInAs(lantern.app, 'analyst@northbridge.example');
    const before = await exportsLogged('anonymised_return');
    const json = await analyst.get(`/returns/download?from=2024-01&to=${lastMonth()}&format=json`);
    assert.equal(json.status, 200);
    const doc = json.json<{ format: string; tables: Array<{ rows: Array<{ values: unknown[] }> }> }>();
    assert.equal(doc.format, 'lantern-cse-return');
    for (const t of doc.tables) for (const r of t.rows) for (const v of r.values) assert.ok(typeof v !== 'number' || v === 0 || v >= 5, `a small number ${String(v)} was shown`);
    for (const name of names) assert.ok(!json.body.includes(name));
    const csv = await analyst.get(`/returns/download?from=2024-01&to=${lastMonth()}&format=csv`);
    assert.match(csv.body.split('\n')[0]!, /^areas,period_from,period_to,table_id/);
    assert.equal(await exportsLogged('anonymised_return'), before + 2);
  });
});

describe('combining returns and estimating under-identification on the pages', () => {
  it('refuses a return with small numbers shown or totals that do not add up, with the reason', async () => {
    const analyst = await signInAs(lantern.app, 'analyst@northbridge.example');
    const good = (await analyst.get(`/returns/download?from=2024-01&to=${lastMonth()}&format=json`)).json<Record<string, unknown>>();
    const other = { ...good, areas: [{ code: 'OTH', name: 'Other area' }] };
    const broken = structuredClone(other) as unknown as { tables: Array<{ id: string; rows: Array<{ values: Array<number | string> }> }> };
    const gender = broken.tables.find((t) => t.id === 'gender')!;
    gender.rows[0]!.values[0] = 3;
    const page = await analyst.post('/returns/combine', { returns: `${JSON.stringify(good)}\n${JSON.stringify(broken)}` });
    assert.equal(page.status, 400);
    assert.match(page.title, /^Error: /);
    assert.ok(page.errors.some((e) => /small number that should have been shown as “<5”/.test(e)), page.errors.join(' | '));
    const sums = structuredClone(other) as unknown as typeof broken;
    const open = sums.tables.find((t) => t.id === 'open')!;
    // Every figure shown (none withheld), so the only fault is the total: the demo's own figures may be small.
    open.rows.forEach((r, i) => (r.values[0] = i === open.rows.length - 1 ? 999 : 10));
    const refused = await analyst.post('/returns/combine', { returns: `${JSON.stringify(good)}\n${JSON.stringify(sums)}` });
    assert.equal(refused.status, 400);
    assert.ok(refused.errors.some((e) => /do not add up/.test(e)), refused.errors.join(' | '));
    const ok = await analyst.post('/returns/combine', { returns: `${JSON.stringify(good)}\n${JSON.stringify(other)}` });
    assert.equal(ok.status, 200);
    assert.match(ok.text, /2 areas/);
  });

  it('estimates with several areas and says a comparison needs several with one', async () => {
    const analyst = await signInAs(lantern.app, 'analyst@northbridge.example');
    const header = 'area_code,area_name,population,identified,missing_episodes,looked_after,teenage_conceptions';
    const one = await analyst.post('/returns/estimate', { indicators: `${header}\nNBR,Northbridge,24000,60,900,300,40` });
    assert.equal(one.status, 200);
    assert.match(one.text, /A comparison needs several areas/);
    const lines = [header, 'AAA,Area A,24000,60,900,300,40', 'BBB,Area B,30000,150,1400,420,70', 'CCC,Area C,18000,20,700,260,35', 'DDD,Area D,26000,95,1000,310,50', 'EEE,Area E,21000,40,950,330,45'];
    const many = await analyst.post('/returns/estimate', { indicators: lines.join('\n') });
    assert.equal(many.status, 200);
    assert.match(many.text, /Identified, expected and the gap/);
    assert.match(many.text, /Area C \(CCC\)/);
    const bad = await analyst.post('/returns/estimate', { indicators: `${header}\nAAA,Area A,24000,sixty,900,300,40\nAAA,Again,1,1,1,1,1` });
    assert.equal(bad.status, 400);
    assert.ok(bad.errors.some((e) => /Row 2: identified must be a number/.test(e)), bad.errors.join(' | '));
    assert.ok(bad.errors.some((e) => /Row 3: area AAA is already on row 2/.test(e)), bad.errors.join(' | '));
  });
});

describe('the JSON API', () => {
  async function token(email: string) {
    const [user] = await lantern.db.select({ id: users.id }).from(users).where(eq(users.email, email));
    return (await createApiToken(lantern.db, { actor: null, ip: null, requestId: 'test' }, user!.id, 'test')).token;
  }

  it('answers the profile, the snapshot and the return, and combines returns', async () => {
    const auth = { authorization: `Bearer ${await token('analyst@northbridge.example')}` };
    const profile = await lantern.app.inject({ method: 'GET', url: '/api/v1/profile?from=2025-01-01&to=2025-12-31', headers: auth });
    assert.equal(profile.statusCode, 200);
    const body = profile.json() as { sections: Array<{ tables: Array<{ id: string; rows: Array<{ key: string }> }> }> };
    const gender = body.sections.flatMap((s) => s.tables).find((t) => t.id === 'gender')!;
    assert.ok(gender.rows.some((r) => r.key === 'not_recorded'));
    const snapshot = await lantern.app.inject({ method: 'GET', url: '/api/v1/snapshot?date=2026-01-01', headers: auth });
    assert.equal(snapshot.statusCode, 200);
    const bad = await lantern.app.inject({ method: 'GET', url: '/api/v1/profile?from=2025-13-01', headers: auth });
    assert.equal(bad.statusCode, 400);
    const ret = await lantern.app.inject({ method: 'GET', url: `/api/v1/returns?from=2024-01&to=${lastMonth()}`, headers: auth });
    assert.equal(ret.statusCode, 200);
    const doc = ret.json() as Record<string, unknown>;
    const combined = await lantern.app.inject({ method: 'POST', url: '/api/v1/returns/combine', headers: auth, payload: { returns: [doc, { ...doc, areas: [{ code: 'OTH', name: 'Other' }] }] } });
    assert.equal(combined.statusCode, 200);
    assert.equal((combined.json() as { areas: unknown[] }).areas.length, 2);
    const twice = await lantern.app.inject({ method: 'POST', url: '/api/v1/returns/combine', headers: auth, payload: { returns: [doc, doc] } });
    assert.equal(twice.statusCode, 422);
    assert.match((twice.json() as { detail: string }).detail, /more than one return/);
  });

  it('refuses a practitioner’s token', async () => {
    const auth = { authorization: `Bearer ${await token('school.nurse@northbridge.example')}` };
    const response = await lantern.app.inject({ method: 'GET', url: '/api/v1/profile', headers: auth });
    assert.equal(response.statusCode, 403);
  });
});


import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { countRows, createTestLantern, signInAs, TestClient, type TestLantern } from '../../test-support/index.ts';

const ADMIN = 'admin@northbridge.example';

describe('CSRF protection', () => {
  let lantern: TestLantern;
  before(async () => {
    lantern = await createTestLantern();
  });
  after(() => lantern?.close());

  const areaCount = (code: string) => countRows(lantern.db, 'areas', sql`code = ${code}`);

  function assertRefused(page: { status: number; h1: string; text: string }) {
    assert.equal(page.status, 403);
    assert.equal(page.h1, 'Your form could not be accepted');
    assert.match(page.text, /nothing was saved/);
  }

  test('a form posted with its token is accepted (the control case)', async () => {
    const admin = await signInAs(lantern.app, ADMIN);
    const page = await admin.post('/admin/areas', { name: 'Csrf Control Area', code: 'CSRF-OK' }, { csrfFrom: '/admin/areas/new' });
    assert.equal(page.status, 303);
    assert.equal(await areaCount('CSRF-OK'), 1);
  });

  test('a state-changing form without a token answers 403 and changes nothing', async () => {
    const admin = await signInAs(lantern.app, ADMIN);
    await admin.get('/admin/areas/new'); // the browser has the CSRF cookie; the form lacks the field
    assertRefused(await admin.post('/admin/areas', { name: 'No Token Area', code: 'CSRF-NONE' }, { csrf: null }));
    assert.equal(await areaCount('CSRF-NONE'), 0);
  });

  test('a forged token answers 403 and changes nothing', async () => {
    const admin = await signInAs(lantern.app, ADMIN);
    const real = await admin.csrfToken('/admin/areas/new');
    for (const forged of ['forged-token', `${real.slice(0, -4)}AAAA`, '']) {
      assertRefused(await admin.post('/admin/areas', { name: 'Forged Area', code: 'CSRF-FORGED' }, { csrf: forged }));
    }
    assert.equal(await areaCount('CSRF-FORGED'), 0);
  });

  test("another person's valid token does not work with my cookies (cross-site request)", async () => {
    const attacker = await signInAs(lantern.app, 'coordinator@northbridge.example');
    const attackersToken = await attacker.csrfToken('/');
    const admin = await signInAs(lantern.app, ADMIN);
    await admin.get('/admin');
    assertRefused(await admin.post('/admin/areas', { name: 'Cross Site Area', code: 'CSRF-XS' }, { csrf: attackersToken }));
    assert.equal(await areaCount('CSRF-XS'), 0);
  });

  test('a token without its signed cookie is refused', async () => {
    const admin = await signInAs(lantern.app, ADMIN);
    const token = await admin.csrfToken('/admin/areas/new');
    admin.cookies.delete('lantern_csrf');
    assertRefused(await admin.post('/admin/areas', { name: 'Cookieless Area', code: 'CSRF-NOCK' }, { csrf: token }));
    admin.cookies.set('lantern_csrf', 'tampered.cookie-value');
    assertRefused(await admin.post('/admin/areas', { name: 'Cookieless Area', code: 'CSRF-NOCK' }, { csrf: token }));
    assert.equal(await areaCount('CSRF-NOCK'), 0);
  });

  test('sign-in and sign-out are protected too', async () => {
    const client = await signInAs(lantern.app, ADMIN);
    const sessionsBefore = await countRows(lantern.db, 'sessions');
    assertRefused(await client.post('/sign-out', {}, { csrf: null }));
    assert.equal((await client.get('/admin')).status, 200, 'still signed in: a forged sign-out did nothing');

    const stranger = new TestClient(lantern.app);
    await stranger.get('/sign-in');
    assertRefused(await stranger.post('/sign-in', { email: ADMIN, password: 'lantern-demo-password' }, { csrf: null }));
    assert.ok(!stranger.sessionToken);
    assert.equal(await countRows(lantern.db, 'sessions'), sessionsBefore, 'no session was created');
  });
});

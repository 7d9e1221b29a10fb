import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { createTestLantern, signInAs, textOf, type TestLantern } from '../../test-support/index.ts';
import { youngPeople } from '../young-people/tables.ts';

let lantern: TestLantern;
before(async () => {
  lantern = await createTestLantern({ pglite: true });
});
after(() => lantern?.close());

it('the audit trail names the records people read by their references, never their ids', async () => {
  const [yp] = await lantern.db.select({ id: youngPeople.id, number: youngPeople.number }).from(youngPeople).limit(1);
  const coordinator = await signInAs(lantern.app, 'coordinator@northbridge.example');
  assert.equal((await coordinator.get(`/young-people/${yp!.id}`)).status, 200);
  const board = await signInAs(lantern.app, 'board.member@northbridge.example');
  const page = await board.get(`/audit?recordKind=young_person&recordId=${yp!.id}`);
  assert.equal(page.status, 200);
  const text = textOf(page.body, { asOnScreen: true });
  assert.match(text, new RegExp(`young person YP-${yp!.number}\\b`));
  assert.doesNotMatch(text, /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/, 'no record id in what people read');
});

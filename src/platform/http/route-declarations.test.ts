/**
 * Every route declares who may call it and what it audits (decision record 0014), and the platform
 * does what the declaration says: the role check, the read's audit row, nothing written on failure.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestLantern, signInAs, type TestLantern } from '../../test-support/index.ts';
import { COORDINATOR_ROLES } from '../auth/roles.ts';
import { HttpError } from './errors.ts';

let lantern: TestLantern;
const DEMO_YOUNG_PERSON = '00000000-0000-4000-8000-00000000abcd';
const EMPTY = '00000000-0000-4000-8000-00000000eeee';

before(async () => {
  lantern = await createTestLantern({
    routes: (app) => {
      app.get('/test/records/:id', { config: { roles: COORDINATOR_ROLES, audit: { action: 'view', recordKind: 'test_record', recordId: 'id', details: { form: 'test' } } } }, async (request, reply) => {
        const { id } = request.params as { id: string };
        if (id === DEMO_YOUNG_PERSON) throw new HttpError(404, 'Not found');
        if (id === EMPTY) {
          request.noteAudit({ nothingShown: true });
          return reply.send({ ok: true });
        }
        request.noteAudit({ details: { page: 2 } });
        return reply.send({ ok: true });
      });
    },
  });
});
after(() => lantern.close());

async function auditRowsFor(recordId: string) {
  const result = await lantern.db.execute(sql`select action, outcome, record_kind, details from audit_events where record_id = ${recordId} order by occurred_at`);
  return (result as unknown as { rows: unknown[] }).rows as { action: string; outcome: string; record_kind: string; details: Record<string, unknown> }[];
}

describe('route declarations', () => {
  test('every route declares its roles (or is public) and its audit, or says why it has none', () => {
    const undeclared = lantern.app.lantern.routes
      .filter((route) => !route.url.startsWith('/test/'))
      .filter((route) => (!route.public && !route.roles?.length) || !route.audit)
      .map((route) => `${route.method} ${route.url}${route.public || route.roles?.length ? '' : ' (no roles)'}${route.audit ? '' : ' (no audit)'}`);
    assert.deepEqual(undeclared, [], `Routes without a full declaration:\n${undeclared.join('\n')}`);
  });

  test('a reason given for no audit is a sentence, not a placeholder', () => {
    for (const route of lantern.app.lantern.routes) {
      if (route.audit && 'none' in route.audit) assert.ok(route.audit.none.trim().length >= 10, `${route.method} ${route.url}: say why nothing is audited`);
    }
  });

  test('the platform writes the read audit from the declaration, with what the handler noted', async () => {
    const coordinator = await signInAs(lantern.app, 'coordinator@northbridge.example');
    const id = '00000000-0000-4000-8000-000000001234';
    const page = await coordinator.get(`/test/records/${id}`);
    assert.equal(page.status, 200);
    const rows = await auditRowsFor(id);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.action, 'view');
    assert.equal(rows[0]!.record_kind, 'test_record');
    assert.deepEqual(rows[0]!.details, { form: 'test', page: 2 });
  });

  test('a read that had nothing to show writes no row', async () => {
    const coordinator = await signInAs(lantern.app, 'coordinator@northbridge.example');
    assert.equal((await coordinator.get(`/test/records/${EMPTY}`)).status, 200);
    assert.deepEqual(await auditRowsFor(EMPTY), []);
  });

  test('a refused request writes a denied row, not a view', async () => {
    const coordinator = await signInAs(lantern.app, 'coordinator@northbridge.example');
    assert.equal((await coordinator.get(`/test/records/${DEMO_YOUNG_PERSON}`)).status, 404);
    const practitioner = await signInAs(lantern.app, 'youth.worker@northbridge.example');
    const id = '00000000-0000-4000-8000-000000005678';
    assert.equal((await practitioner.get(`/test/records/${id}`)).status, 403);
    assert.deepEqual((await auditRowsFor(DEMO_YOUNG_PERSON)).map((row) => [row.action, row.outcome, row.record_kind]), [['view', 'denied', 'test_record']]);
    assert.deepEqual((await auditRowsFor(id)).map((row) => [row.action, row.outcome, row.record_kind]), [['view', 'denied', 'test_record']]);
  });
});

/**
 * Lantern's log goes to operators and log stores that are not cleared for casework, so it must
 * never carry a young person's name, date of birth or what was said about them, even when a
 * query fails with those as its parameters.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { createLoggedTestLantern, signInAs, TestClient, userIdByEmail, type CapturedLog, type TestLantern } from '../../test-support/index.ts';
import { createApiToken } from '../auth/api-tokens.ts';
import { rows } from '../db/database.ts';
import { youngPeople } from '../../modules/young-people/tables.ts';
import { concerns } from '../../modules/concerns/tables.ts';
import { DEMO_PASSWORD } from '../../modules/demo/people.ts';

const NARRATIVE = 'Was collected from the children’s home at midnight by a man calling himself Uncle Dev.';
const NEW_CHILD = { givenName: 'Marisol', familyName: 'Quennell', dateOfBirth: '2012-09-14' };

describe('the log holds no personal data', () => {
  let lantern: TestLantern;
  let log: CapturedLog;
  let blocked: pg.Client | null = null;

  before(async () => {
    ({ lantern, log } = await createLoggedTestLantern('trace', {
      // The most detailed level: nothing may leak even when an operator turns logging up.
      routes: (app) => {
        // A query that breaks a constraint with a child's details as its parameters, as a bug would.
        app.get('/test/duplicate/:id', { config: { public: true } }, async (request) => {
          const { id } = request.params as { id: string };
          await lantern.db.execute(
            sql`insert into young_people (id, area_id, given_name, family_name, date_of_birth)
                select id, area_id, ${NEW_CHILD.givenName}, ${NEW_CHILD.familyName}, ${NEW_CHILD.dateOfBirth}::date from young_people where id = ${id}`,
          );
          return { ok: true };
        });
        // A failure whose message quotes a child, as careless code might write one.
        app.get('/test/careless', { config: { public: true } }, async () => {
          throw new Error(`Could not update ${NEW_CHILD.givenName} ${NEW_CHILD.familyName}: ${NARRATIVE}`);
        });
        // A failure after the answer was sent, which Fastify logs itself.
        app.get(
          '/test/after-response',
          {
            config: { public: true },
            onResponse: async () => {
              throw new Error(`Clean-up failed for ${NEW_CHILD.givenName} ${NEW_CHILD.familyName}`);
            },
          },
          async () => ({ ok: true }),
        );
        // A long query with a name in it, for the server to terminate part-way.
        app.get('/test/slow', { config: { public: true } }, async () => {
          await lantern.db.execute(sql`select pg_sleep(3), ${NEW_CHILD.familyName}::text as name`);
          return { ok: true };
        });
      },
    }));
  });
  after(async () => {
    await blocked?.end().catch(() => {});
    await lantern?.close();
  });

  test('a realistic set of requests, including failing ones, logs request ids and error codes but no name, date of birth or narrative', async () => {
    const coordinator = await signInAs(lantern.app, 'coordinator@northbridge.example');
    const [jade] = await rows<{ id: string }>(lantern.db, sql`select id from young_people where given_name = 'Jade' and family_name = 'Carter'`);
    assert.ok(jade, 'the demo area has Jade Carter');

    // Pages: a search by name and date of birth, a record, a wrong password.
    assert.equal((await coordinator.get('/young-people?q=Jade+Carter')).status, 200);
    assert.equal((await coordinator.get(`/young-people/${jade.id}`)).status, 200);
    assert.equal((await new TestClient(lantern.app).signIn('coordinator@northbridge.example', 'not-the-password')).status, 400);

    // The API: a concern with its narrative, a refused one, a search.
    const { token } = await createApiToken(lantern.db, { actor: null, ip: null, requestId: null }, await userIdByEmail(lantern.db, 'coordinator@northbridge.example'), 'log test');
    const api = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
      lantern.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload: payload as Record<string, unknown> } : {}) });
    const concern = {
      externalReference: 'log-test-1',
      immediateDanger: false,
      subject: { kind: 'new', ...NEW_CHILD, gender: 'female' },
      details: NARRATIVE,
      howLearned: 'observed',
      youngPersonAware: 'yes',
      lawfulBasis: 'safeguarding',
    };
    assert.equal((await api('POST', '/api/v1/concerns', concern)).statusCode, 201);
    assert.equal((await api('POST', '/api/v1/concerns', { ...concern, externalReference: 'log-test-2', lawfulBasis: 'constructor', subject: { ...concern.subject, dateOfBirth: 'not a date' } })).statusCode, 400);
    assert.equal((await api('GET', `/api/v1/young-people?q=${encodeURIComponent('Chloe Barnes')}`)).statusCode, 200);

    // Failures: a constraint violation, a thrown message that quotes a child.
    const duplicate = await new TestClient(lantern.app).get(`/test/duplicate/${jade.id}`);
    assert.equal(duplicate.status, 500);
    assert.equal((await new TestClient(lantern.app).get('/test/careless')).status, 500);
    assert.equal((await new TestClient(lantern.app).get('/test/after-response')).status, 200);

    // On PostgreSQL, a connection terminated in the middle of a query that names a child.
    if (lantern.database.kind === 'postgresql') {
      blocked = new pg.Client({ connectionString: lantern.config.databaseUrl });
      await blocked.connect();
      const slow = new TestClient(lantern.app).get('/test/slow');
      for (let attempt = 0; attempt < 50; attempt++) {
        const killed = await blocked.query(`select pg_terminate_backend(pid) as done from pg_stat_activity where query like '%pg_sleep(3)%' and pid <> pg_backend_pid()`);
        if (killed.rowCount) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.equal((await slow).status, 503);
    }

    // Every name, date of birth and narrative Lantern now holds, and the demo password.
    const people = await lantern.db.select({ given: youngPeople.givenName, family: youngPeople.familyName, born: youngPeople.dateOfBirth, aliases: youngPeople.aliases }).from(youngPeople);
    const narratives = await lantern.db.select({ details: concerns.details }).from(concerns);
    const forbidden = new Set<string>([DEMO_PASSWORD, 'not-the-password', NARRATIVE, ...Object.values(NEW_CHILD)]);
    for (const person of people) {
      for (const value of [person.given, person.family, person.born, ...person.aliases]) if (value && value.length >= 3) forbidden.add(value);
      if (person.born) forbidden.add(person.born.split('-').reverse().join('/'));
    }
    for (const { details } of narratives) forbidden.add(details);
    assert.ok(people.length >= 5 && narratives.length >= 2, 'the check covers the demo area’s people and concerns');

    const text = log.text();
    const entries = log.entries();
    assert.ok(entries.length > 20, 'the requests were logged');
    const leaked = [...forbidden].filter((value) => text.toLowerCase().includes(value.toLowerCase()));
    assert.deepEqual(leaked, [], 'no personal data in the log');

    // What the log does say: which request failed, and how, by code and class.
    const failures = entries.filter((entry) => entry.msg === 'request failed');
    assert.equal(failures.length, 2);
    for (const failure of failures) assert.match(String(failure.reqId), /^[0-9a-f-]{36}$/);
    const codes = failures.map((entry) => (entry.failure as { code?: string }).code);
    assert.ok(codes.includes('23505'), `the constraint violation is logged by its code (${codes.join(', ')})`);
    assert.ok(failures.every((entry) => typeof (entry.failure as { errorClass?: string }).errorClass === 'string'));
    if (lantern.database.kind === 'postgresql') {
      assert.ok(entries.some((entry) => entry.msg === 'database unavailable' && JSON.stringify(entry.failure).includes('57P01')), 'the terminated query is logged with its code');
    }
    const fastifyOwn = entries.filter((entry) => entry.err !== undefined);
    assert.ok(fastifyOwn.length > 0, 'Fastify logged the failure after the response');
    for (const entry of fastifyOwn) {
      const keys = Object.keys(entry.err as object);
      assert.ok(keys.every((key) => ['kind', 'errorClass', 'code'].includes(key)), `only kind, class and code: ${keys.join(', ')}`);
    }
    const completed = entries.filter((entry) => entry.msg === 'request completed');
    assert.ok(completed.length > 5 && completed.every((entry) => typeof entry.reqId === 'string'), 'every request line carries its request id');
  });
});

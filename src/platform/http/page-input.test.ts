import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createTestLantern, signInAs, type TestLantern } from '../../test-support/index.ts';
import { CASEWORK_ROLES } from '../auth/roles.ts';
import { form, formChoices, formText, pageInQuery, queryText, recordAddress } from './page-input.ts';

let lantern: TestLantern;

before(async () => {
  lantern = await createTestLantern({
    routes: (app) => {
      const pages = app.withTypeProvider<ZodTypeProvider>();
      const config = { roles: CASEWORK_ROLES, audit: { none: 'a test route that shows nothing personal' } };
      pages.post('/test/forms/:id', { config, schema: { params: recordAddress, body: form({ name: formText, flags: formChoices }) } }, async (request, reply) =>
        reply.send({ id: request.params.id, name: request.body.name, flags: request.body.flags }),
      );
      pages.get('/test/list', { config, schema: { querystring: z.object({ page: pageInQuery, q: queryText }) } }, async (request, reply) => reply.send(request.query));
    },
  });
});
after(() => lantern.close());

test('a form is read as typed values: text trimmed, checkboxes always a list, unknown fields dropped', async () => {
  const client = await signInAs(lantern.app, 'coordinator@northbridge.example');
  const answer = await client.post('/test/forms/abc', { name: '  Jade  ', flags: ['a', 'b', ''], extra: 'ignored' });
  assert.equal(answer.status, 200);
  assert.deepEqual(JSON.parse(answer.body), { id: 'abc', name: 'Jade', flags: ['a', 'b'] });
  const none = await client.post('/test/forms/abc', {});
  assert.deepEqual(JSON.parse(none.body), { id: 'abc', name: '', flags: [] });
});

test('a form of the wrong shape gets the GOV.UK problem page, not a 500', async () => {
  const client = await signInAs(lantern.app, 'coordinator@northbridge.example');
  const answer = await client.post('/test/forms/abc', { name: ['one', 'two'] });
  assert.equal(answer.status, 400);
  assert.match(answer.text, /There is a problem/);
});

test('paged lists read the page number and filters leniently', async () => {
  const client = await signInAs(lantern.app, 'coordinator@northbridge.example');
  assert.deepEqual(JSON.parse((await client.get('/test/list?page=3&q=%20mill%20')).body), { page: 3, q: 'mill' });
  assert.deepEqual(JSON.parse((await client.get('/test/list?page=abc&q=a&q=b')).body), { page: 1, q: '' });
  const bare = await client.get('/test/list');
  assert.equal(bare.status, 200, 'a list opened without a query is the first page, unfiltered');
  assert.deepEqual(JSON.parse(bare.body), { page: 1, q: '' });
});

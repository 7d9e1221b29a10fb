/**
 * Two Lantern servers on one PostgreSQL database, as behind a load balancer or as two worker
 * processes: a session and its CSRF cookie made on one are honoured by the other, signing out on
 * one ends the session on both, the limit on sign-in attempts from one address counts on both
 * together, a lockout made on one holds on the other, and the audit trail both write verifies.
 * Then `npm start` itself with two worker processes behind one port.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../config.ts';
import { startLantern } from '../../server.ts';
import { verifyAuditTrail } from '../audit/audit.ts';
import { signInAs, TestClient } from '../../test-support/index.ts';
import { createScratchDatabase } from '../../test-support/lantern.ts';
import type { Database } from '../db/database.ts';
import { DEMO_PASSWORD } from '../../modules/demo/people.ts';

const serverUrl = process.env.DATABASE_URL;
const RATE_LIMIT = 4;

describe('two servers sharing one PostgreSQL database', { skip: serverUrl ? false : 'needs a PostgreSQL server (DATABASE_URL)' }, () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  const servers: { app: FastifyInstance; database: Database }[] = [];
  let first: FastifyInstance;
  let second: FastifyInstance;

  before(async () => {
    scratch = await createScratchDatabase(serverUrl!, { contents: 'migrated' });
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: scratch.url,
      // Servers behind one address must share the secret that signs the CSRF cookie.
      SESSION_SECRET: 'two-servers-share-this-secret-of-forty-characters',
      SIGN_IN_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
      SIGN_IN_LOCKOUT_THRESHOLD: '3',
    });
    // One after the other, as the cluster's primary prepares the database before its workers start.
    for (let i = 0; i < 2; i++) servers.push(await startLantern(config));
    [first, second] = servers.map((s) => s.app) as [FastifyInstance, FastifyInstance];
    await Promise.all(servers.map((s) => s.app.ready()));
  });
  after(async () => {
    for (const server of servers) await server.app.close().catch(() => {});
    await scratch?.drop();
  });

  /** A client of the second server holding the first client's cookies, as a browser moved by a load balancer would. */
  function sameBrowserOn(app: FastifyInstance, client: TestClient): TestClient {
    const moved = new TestClient(app, client.ip);
    for (const [name, value] of client.cookies) moved.cookies.set(name, value);
    return moved;
  }

  test('a session and its CSRF token made on one server work on the other, and signing out ends it on both', async () => {
    const onFirst = await signInAs(first, 'coordinator@northbridge.example');
    const token = await onFirst.csrfToken();
    const onSecond = sameBrowserOn(second, onFirst);
    const home = await onSecond.get('/');
    assert.equal(home.status, 200);
    assert.match(home.text, /Sign out/);

    const signedOut = await onSecond.post('/sign-out', {}, { csrf: token });
    assert.equal(signedOut.status, 303, 'the token the first server gave is accepted by the second');
    const afterwards = await onFirst.get('/');
    assert.equal(afterwards.status, 303, 'the first server no longer knows the session');
    assert.match(afterwards.location ?? '', /^\/sign-in/);
  });

  test('the limit on sign-in attempts from one address counts on both servers together', async () => {
    const address = '192.0.2.201';
    const statuses: number[] = [];
    for (let i = 0; i < RATE_LIMIT + 2; i++) {
      const page = await new TestClient(i % 2 ? second : first, address).signIn(`nobody${i}@northbridge.example`, 'a-wrong-password-typed');
      statuses.push(page.status);
    }
    assert.deepEqual(statuses, [...Array(RATE_LIMIT).fill(400), 429, 429]);
    // Another address is not held back.
    await signInAs(second, 'social.worker@northbridge.example', { ip: '192.0.2.202' });
  });

  test('an account locked by failures on one server is locked on the other', async () => {
    const email = 'panel.member@northbridge.example';
    for (let i = 0; i < 3; i++) await new TestClient(first, `192.0.2.${210 + i}`).signIn(email, 'a-wrong-password-typed');
    const page = await new TestClient(second, '192.0.2.220').signIn(email);
    assert.equal(page.status, 400, 'even the right password is refused while the account is locked');
  });

  test('the audit trail written by both at once verifies as one', async () => {
    const people = ['coordinator', 'school.nurse', 'analyst', 'board.member', 'intelligence', 'education.lead'];
    await Promise.all(people.map((who, i) => signInAs(i % 2 ? second : first, `${who}@northbridge.example`, { ip: `192.0.2.${230 + i}` })));
    const report = await verifyAuditTrail(servers[0]!.database.db);
    assert.equal(report.ok, true, JSON.stringify(report.problems));
    assert.ok(report.rowsChecked > people.length);
  });
});

describe('npm start with two worker processes', { skip: serverUrl ? false : 'needs a PostgreSQL server (DATABASE_URL)' }, () => {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let checkpoints: string;
  before(async () => {
    scratch = await createScratchDatabase(serverUrl!);
    checkpoints = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-workers-'));
  });
  after(async () => {
    await scratch?.drop();
    fs.rmSync(checkpoints, { recursive: true, force: true });
  });

  test('one port, two workers, one session across them; SIGTERM stops them all', async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'silent', DATABASE_URL: scratch.url, LANTERN_WORKERS: '2', HOST: '127.0.0.1', PORT: String(port), LANTERN_AUDIT_CHECKPOINT_DIR: checkpoints };
    delete env.SESSION_SECRET;
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/main.ts')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      for (let waited = 0; !output.includes('Lantern is running'); waited += 100) {
        assert.ok(waited < 180_000 && child.exitCode === null, `Lantern did not start: ${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.match(output, /PostgreSQL, with 2 worker processes/);
      const base = `http://127.0.0.1:${port}`;

      // Sign in through the form: the CSRF cookie comes from one worker, the post may reach the other.
      const cookies = new Map<string, string>();
      const keep = (response: Response) => {
        for (const line of response.headers.getSetCookie()) {
          const [pair] = line.split(';');
          const [name, ...value] = pair!.split('=');
          cookies.set(name!, value.join('='));
        }
      };
      const cookieHeader = () => [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
      const form = await fetch(`${base}/sign-in`);
      keep(form);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
      assert.ok(csrf, 'the sign-in form has a CSRF token');
      const signedIn = await fetch(`${base}/sign-in`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, email: 'coordinator@northbridge.example', password: DEMO_PASSWORD }).toString(),
      });
      assert.equal(signedIn.status, 303, 'signed in');
      keep(signedIn);
      // Connections are handed to the workers in turn: ten pages in a row reach both.
      for (let i = 0; i < 10; i++) {
        const home = await fetch(`${base}/`, { redirect: 'manual', headers: { cookie: cookieHeader(), connection: 'close' } });
        assert.equal(home.status, 200, `page ${i + 1} was served to the signed-in coordinator`);
        await home.text();
      }
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0, `Lantern stopped cleanly: ${output}`);
  });
});

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

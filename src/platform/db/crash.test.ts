/**
 * Nothing acknowledged is lost when the server is killed outright (kill -9) under write load, on
 * the embedded database and on PostgreSQL: after a restart every acknowledged concern is there
 * once, a resend of any of them (acknowledged or not) creates no duplicate, and the audit trail
 * verifies.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { inArray } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase, type Database } from './database.ts';
import { ensureAuditChains, verifyAuditTrail } from '../audit/audit.ts';
import { createApiToken } from '../auth/api-tokens.ts';
import { seedDemoIfEmpty } from '../../modules/demo/seed.ts';
import { findUserByEmail } from '../auth/users.ts';
import { concerns } from '../../modules/concerns/tables.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const MAIN = path.join(ROOT, 'src/main.ts');
const WRITERS = 4;
const LOAD_MS = 3_000;

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-crash-'));
const serverUrl = process.env.DATABASE_URL;
const databaseName = `lantern_test_crash_${randomBytes(6).toString('hex')}`;
const databaseUrl = serverUrl ? Object.assign(new URL(serverUrl), { pathname: `/${databaseName}` }).toString() : undefined;
const children = new Set<ChildProcess>();

after(async () => {
  for (const child of children) child.kill('SIGKILL');
  fs.rmSync(scratch, { recursive: true, force: true });
  if (serverUrl) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    await admin.end();
  }
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const openOwn = (): Promise<Database> => openDatabase(databaseUrl ? { databaseUrl } : { dataDir: path.join(scratch, 'data') });

async function startServer(port: number): Promise<ChildProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    LANTERN_DEMO: 'false',
    PORT: String(port),
    HOST: '127.0.0.1',
    LANTERN_DATA_DIR: path.join(scratch, 'data'),
    LANTERN_AUDIT_CHECKPOINT_DIR: path.join(scratch, 'checkpoints'),
  };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start within 120 s: ${output}`)), 120_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Lantern is running')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server stopped (${code}): ${output}`));
    });
  });
  return child;
}

function send(port: number, token: string, reference: string) {
  return fetch(`http://127.0.0.1:${port}/api/v1/concerns`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      externalReference: reference,
      immediateDanger: false,
      subject: { kind: 'unidentified', description: 'A girl of about 14 in a grey school coat' },
      details: 'Seen getting into a silver car outside the station with an older man.',
      howLearned: 'observed',
      youngPersonAware: 'not_known',
      lawfulBasis: 'safeguarding',
    }),
  });
}

test('every acknowledged write survives kill -9, none is duplicated on resend, and the audit verifies', { timeout: 480_000 }, async (t) => {
  if (serverUrl) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${databaseName}`);
    await admin.end();
  }
  // The demo area and an API token, written before the server holds the database.
  const setup = await openOwn();
  await setup.migrate();
  await ensureAuditChains(setup.db);
  await seedDemoIfEmpty(setup.db);
  const nurse = await findUserByEmail(setup.db, 'school.nurse@northbridge.example');
  const { token } = await createApiToken(setup.db, { actor: null, ip: null, requestId: 'crash-test' }, nurse!.id, 'crash test');
  await setup.close();

  const port = await freePort();
  const server = await startServer(port);

  // Writers send concerns until the server is killed; a reference counts once it is acknowledged.
  const acknowledged = new Map<string, string>();
  const sent: string[] = [];
  let stop = false;
  const writers = Array.from({ length: WRITERS }, async (_, w) => {
    for (let i = 0; !stop; i++) {
      const reference = `crash-${w}-${i}`;
      sent.push(reference);
      try {
        const response = await send(port, token, reference);
        if (response.status === 201 || response.status === 200) acknowledged.set(reference, ((await response.json()) as { id: string }).id);
      } catch {
        // the connection dropped with the server: not acknowledged
      }
    }
  });
  await new Promise((resolve) => setTimeout(resolve, LOAD_MS));
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGKILL');
  stop = true;
  await exited;
  await Promise.all(writers);
  assert.ok(acknowledged.size > 0, 'some concerns were acknowledged before the kill');
  t.diagnostic(`${acknowledged.size} of ${sent.length} concerns acknowledged before kill -9`);

  const restarted = await startServer(port);
  try {
    // Every reference sent again: an acknowledged one answers 200 with the same concern; any other is stored now, once.
    for (const reference of sent) {
      const response = await send(port, token, reference);
      assert.ok(response.status === 200 || response.status === 201, `${reference}: ${response.status}`);
      const { id } = (await response.json()) as { id: string };
      if (acknowledged.has(reference)) {
        assert.equal(response.status, 200, `${reference} was acknowledged before the kill, so it is already stored`);
        assert.equal(id, acknowledged.get(reference));
      }
    }
  } finally {
    const stopped = new Promise((resolve) => restarted.once('exit', resolve));
    restarted.kill('SIGTERM');
    await stopped;
  }

  const check = await openOwn();
  try {
    const stored = await check.db.select({ reference: concerns.externalReference }).from(concerns).where(inArray(concerns.externalReference, sent));
    assert.equal(stored.length, new Set(sent).size, 'each reference is stored exactly once');
    const report = await verifyAuditTrail(check.db);
    assert.ok(report.ok, JSON.stringify(report.problems));
  } finally {
    await check.close();
  }
});

/**
 * The platform's overhead (issue 2): requests per second and p50/p95 latency at 50 connections for
 * GET /health, for one signed-in page (the coordinator's home page, with every worklist's counts),
 * and for a bare Fastify route in the same run, so the cost of Lantern's platform shows as a ratio.
 *
 * Each server runs in its own process (see server-process.ts); the load generator is this process.
 * PGlite always; PostgreSQL too when DATABASE_URL is set (in a scratch database, dropped after).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createScratchDatabase } from '../src/test-support/lantern.ts';
import { DEMO_PASSWORD } from '../src/modules/demo/people.ts';
import { load, type LoadResult } from './load.ts';
import { startServerProcess } from './server-process.ts';

export interface PlatformBenchOptions {
  databaseUrl?: string;
  connections: number;
  durationSeconds: number;
}

const SIGNED_IN_AS = 'coordinator@northbridge.example';

/** Measures after a short warm-up, so the JIT and the connection pool are ready. */
async function measure(url: string, options: PlatformBenchOptions, headers?: Record<string, string>): Promise<LoadResult> {
  await load({ url, connections: options.connections, durationSeconds: Math.min(2, options.durationSeconds), headers });
  const result = await load({ url, connections: options.connections, durationSeconds: options.durationSeconds, headers });
  if (result.non2xx || result.errors) throw new Error(`${url}: ${result.non2xx} non-2xx answers and ${result.errors} errors under load`);
  return result;
}

/** Signs in through the real form (CSRF cookie and token) and returns the Cookie header for the session. */
async function signIn(baseUrl: string, email: string): Promise<string> {
  const form = await fetch(`${baseUrl}/sign-in`);
  const csrfCookie = form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!token) throw new Error('No CSRF token on the sign-in page');
  const response = await fetch(`${baseUrl}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, email, password: DEMO_PASSWORD }),
  });
  const session = response.headers.getSetCookie().find((c) => c.startsWith('lantern_session='));
  if (response.status !== 303 || !session) throw new Error(`Sign-in as ${email} failed with status ${response.status}`);
  const cookie = session.split(';')[0]!;
  const home = await fetch(`${baseUrl}/`, { headers: { cookie }, redirect: 'manual' });
  if (home.status !== 200) throw new Error(`The signed-in page answered ${home.status}`);
  // The page measured is the working day's: it must carry the coordinator's worklists.
  const worklists = (await home.text()).match(/class="lantern-worklist/g)?.length ?? 0;
  if (worklists < 5) throw new Error(`The coordinator's home page shows ${worklists} worklists; expected its counts`);
  return cookie;
}

const ratio = (a: number, b: number) => (b ? Math.round((a / b) * 100) / 100 : null);

async function benchLantern(kind: 'pglite' | 'postgresql', options: PlatformBenchOptions, bare: LoadResult) {
  // A fresh database with the demo area in each case, so the figures do not depend on earlier runs.
  const dataDir = kind === 'pglite' ? fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-bench-')) : undefined;
  const scratch = kind === 'postgresql' ? await createScratchDatabase(options.databaseUrl!) : undefined;
  try {
    const server = await startServerProcess({ LANTERN_DEMO: 'true', ...(scratch ? { DATABASE_URL: scratch.url } : { LANTERN_DATA_DIR: dataDir! }) });
    try {
      const cookie = await signIn(server.url, SIGNED_IN_AS);
      process.stderr.write(`  ${kind}: GET /health…\n`);
      const health = await measure(`${server.url}/health`, options);
      process.stderr.write(`  ${kind}: GET / signed in…\n`);
      const page = await measure(`${server.url}/`, options, { cookie });
      return {
        health,
        signedInPage: { path: '/', signedInAs: 'coordinator', with: 'worklists', ...page },
        ratios: {
          bareOverHealth: ratio(bare.requestsPerSecond, health.requestsPerSecond),
          bareOverPage: ratio(bare.requestsPerSecond, page.requestsPerSecond),
        },
      };
    } finally {
      await server.stop();
    }
  } finally {
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    await scratch?.drop();
  }
}

export async function benchPlatform(options: PlatformBenchOptions) {
  process.stderr.write('platform: bare Fastify route…\n');
  const bareServer = await startServerProcess({}, 'bench/bare-server.ts');
  let bare: LoadResult;
  try {
    bare = await measure(`${bareServer.url}/health`, options);
  } finally {
    await bareServer.stop();
  }
  return {
    connections: options.connections,
    durationSeconds: options.durationSeconds,
    machine: { cpus: os.cpus().length, node: process.version },
    bareFastify: bare,
    pglite: await benchLantern('pglite', options, bare),
    ...(options.databaseUrl ? { postgresql: await benchLantern('postgresql', options, bare) } : {}),
  };
}
